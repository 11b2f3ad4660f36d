//! Typo tolerance: an [`fst::Automaton`] that accepts the words within a few edits of a
//! query word, where an edit is an insertion, a deletion, a substitution or a swap of two
//! neighbouring letters (optimal string alignment distance). Counting a swap as one edit
//! is what makes `lavrvo` find `lavrov` at distance 1; fst's own Levenshtein automaton
//! would need two.
//!
//! The first letter must be right (as with a fuzzy query's prefix length of 1 elsewhere): it
//! makes the walk of the dictionary many times shorter, and typists rarely miss it.
//!
//! The automaton runs over UTF-8 bytes, as fst does, and compares whole characters.

use newsdex_format::at::At;
use std::ops::RangeInclusive;

use fst::Automaton;
use newsdex_index::language::LANGUAGE_SEPARATOR;

/// Longest query word (in characters) matched with typos; longer words match exactly.
pub const MAX_TYPO_WORD_CHARS: usize = 31;
/// A typo walk visits at most this many dictionary nodes. A real dictionary needs a few
/// thousand (the first letter is fixed and the edits prune the rest); the cap is for an index
/// forged with a well-formed but dense words fst, whose paths could be numberless.
pub const MAX_TYPO_VISITS: usize = 200_000;

/// The edits a word of `chars` characters may have: none under 4, one up to 7, two from 8.
pub fn allowed_edits(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        8..=MAX_TYPO_WORD_CHARS => 2,
        _ => 0,
    }
}

/// The most edits an automaton allows.
const MAX_EDITS: usize = 2;

/// Accepts words within `max_edits` edits of a pattern.
///
/// A bit-parallel simulation of the Levenshtein automaton with transpositions (Wu and Manber's
/// rows, Hyyrö's transposition term): row `d` is a bit set whose bit `i` says the input read so
/// far is within `d` edits of the pattern's first `i` characters. A character costs a few word
/// operations per row, so the walk of the dictionary spends its time in the dictionary.
#[derive(Clone, Debug)]
pub struct TypoAutomaton {
    pattern: Vec<char>,
    max_edits: usize,
    /// Bits `0..=pattern.len()`.
    all: u32,
    /// Per row: `all` for the rows of the edits allowed, nothing for the others.
    row_masks: [u32; MAX_EDITS + 1],
    /// For each ASCII byte, the bits `i` with `pattern[i - 1] == byte`.
    ascii: [u32; 128],
}

/// Where the automaton is after reading part of a candidate word.
#[derive(Clone, Copy, Debug)]
pub struct TypoState {
    rows: [u32; MAX_EDITS + 1],
    /// The rows before the last character, for swaps.
    previous: [u32; MAX_EDITS + 1],
    /// The match bits of the last character.
    last: u32,
    read: u16,
    /// Bytes of a character not yet complete.
    pending: [u8; 4],
    pending_len: u8,
}

impl TypoAutomaton {
    /// An automaton for `pattern` (at most [`MAX_TYPO_WORD_CHARS`] characters) allowing up to
    /// `max_edits` edits (at most 2).
    pub fn new(pattern: &str, max_edits: u8) -> Option<TypoAutomaton> {
        let pattern: Vec<char> = pattern.chars().collect();
        if pattern.len() > MAX_TYPO_WORD_CHARS {
            return None;
        }
        let mut ascii = [0u32; 128];
        for (i, &c) in pattern.iter().enumerate() {
            if c.is_ascii() {
                ascii[c as usize] |= 1 << (i + 1);
            }
        }
        let all = u32::MAX >> (31 - pattern.len());
        let max_edits = usize::from(max_edits).min(MAX_EDITS);
        let row_masks = std::array::from_fn(|d| if d <= max_edits { all } else { 0 });
        Some(TypoAutomaton {
            pattern,
            max_edits,
            all,
            row_masks,
            ascii,
        })
    }

    /// The words of `words` (an fst map to stem ordinals) this automaton accepts, as
    /// `(ordinal, distance)`. A plain depth-first walk of the fst: no key is built, and states
    /// are small copies. The walk stops after [`MAX_TYPO_VISITS`] nodes.
    ///
    /// With `typo_keys`, the map's keys are the words' typo keys (see
    /// `newsdex_format::pieces::typo_key`): the first letter's bytes, a byte of the word's
    /// length, then the rest of the word; the walk takes the length bytes of [`Self::lengths`]
    /// only.
    pub fn matches_in(&self, words: &fst::Map<&[u8]>, typo_keys: bool) -> Vec<(u64, u8)> {
        let lengths = typo_keys.then(|| self.lengths());
        self.matches_within(words, lengths, MAX_TYPO_VISITS)
    }

    /// The lengths in characters of the words this automaton can accept: a word within `d`
    /// edits of the pattern is within `d` characters of its length.
    pub fn lengths(&self) -> RangeInclusive<u8> {
        let chars = self.pattern.len();
        let edits = self.max_edits;
        (chars.saturating_sub(edits) as u8)..=((chars + edits) as u8)
    }

    /// The walk of [`Self::matches_in`]; over typo keys when given the `lengths` to take at
    /// their length byte, which is read as no input.
    fn matches_within(
        &self,
        words: &fst::Map<&[u8]>,
        lengths: Option<RangeInclusive<u8>>,
        max_visits: usize,
    ) -> Vec<(u64, u8)> {
        let fst = words.as_fst();
        // How many bytes come before a typo key's length byte: the first letter's.
        let length_at = lengths
            .as_ref()
            .and(self.pattern.first())
            .map(|c| c.len_utf8());
        let mut found = Vec::new();
        // Nodes are decoded when visited, so that the stack holds small copies.
        let mut stack = vec![(fst.root().addr(), self.start(), fst::raw::Output::zero(), 0)];
        let mut visits = 0;
        while let Some((addr, state, output, depth)) = stack.pop() {
            visits += 1;
            if visits > max_visits {
                break;
            }
            let node = fst.node(addr);
            if node.is_final() && self.is_match(&state) {
                found.push((
                    output.cat(node.final_output()).value(),
                    self.distance(&state),
                ));
            }
            for transition in node.transitions() {
                if Some(depth) == length_at {
                    if lengths
                        .as_ref()
                        .is_some_and(|l| l.contains(&transition.inp))
                    {
                        stack.push((
                            transition.addr,
                            state,
                            output.cat(transition.out),
                            depth + 1,
                        ));
                    }
                    continue;
                }
                // Past the separator are the word's stems in other languages (see
                // `View::word_terms`): each matches as the word does.
                if transition.inp == LANGUAGE_SEPARATOR as u8 {
                    if self.is_match(&state) {
                        let distance = self.distance(&state);
                        let mut below = vec![(transition.addr, output.cat(transition.out))];
                        while let Some((addr, output)) = below.pop() {
                            let node = fst.node(addr);
                            if node.is_final() {
                                found.push((output.cat(node.final_output()).value(), distance));
                            }
                            below.extend(node.transitions().map(|t| (t.addr, output.cat(t.out))));
                        }
                    }
                    continue;
                }
                let next = self.accept(&state, transition.inp);
                if self.can_match(&next) {
                    stack.push((transition.addr, next, output.cat(transition.out), depth + 1));
                }
            }
        }
        found
    }

    /// The distance of a full match, once the state `is_match`.
    pub fn distance(&self, state: &TypoState) -> u8 {
        let last = 1u32 << self.pattern.len();
        (0..=self.max_edits)
            .find(|&d| *state.rows.at(d) & last != 0)
            .unwrap_or(self.max_edits + 1) as u8
    }

    fn matches(&self, c: char) -> u32 {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        self.pattern
            .iter()
            .enumerate()
            .filter(|(_, &p)| p == c)
            .fold(0, |bits, (i, _)| bits | 1 << (i + 1))
    }

    #[inline]
    fn step(&self, state: &TypoState, c: char) -> TypoState {
        let m = self.matches(c);
        // Typos in the first letter are rare, and fixing it prunes the dictionary walk ~20-fold.
        let first_ok = state.read > 0 || self.pattern.first() == Some(&c);
        let [old0, old1, old2] = state.rows;
        let swaps = |d: usize| (state.previous[d] << 2) & state.last & (m << 1);
        // The rows as plain values, not a loop over the array: a row stored as it is computed
        // and read back with its neighbours stalled the walk on store forwarding.
        let row0 = (old0 << 1) & m;
        let row1 =
            (((old1 << 1) & m) | old0 | (old0 << 1) | (row0 << 1) | swaps(0)) & self.row_masks[1];
        let row2 =
            (((old2 << 1) & m) | old1 | (old1 << 1) | (row1 << 1) | swaps(1)) & self.row_masks[2];
        let rows = if first_ok {
            [row0, row1, row2]
        } else {
            [0; MAX_EDITS + 1]
        };
        TypoState {
            rows,
            previous: state.rows,
            last: m,
            read: state.read.saturating_add(1),
            pending: [0; 4],
            pending_len: 0,
        }
    }
}

impl Automaton for TypoAutomaton {
    type State = TypoState;

    fn start(&self) -> TypoState {
        let mut rows = [0u32; MAX_EDITS + 1];
        for (d, row) in rows.iter_mut().enumerate().take(self.max_edits + 1) {
            *row = ((1u32 << (d + 1)) - 1) & self.all;
        }
        TypoState {
            rows,
            previous: [0; MAX_EDITS + 1],
            last: 0,
            read: 0,
            pending: [0; 4],
            pending_len: 0,
        }
    }

    fn is_match(&self, state: &TypoState) -> bool {
        state.pending_len == 0 && self.distance(state) as usize <= self.max_edits
    }

    fn can_match(&self, state: &TypoState) -> bool {
        state.rows.iter().fold(0, |any, &row| any | row) != 0
    }

    #[inline]
    fn accept(&self, state: &TypoState, byte: u8) -> TypoState {
        if byte < 0x80 && state.pending_len == 0 {
            return self.step(state, char::from(byte));
        }
        let mut next = *state;
        *next.pending.at_mut(usize::from(next.pending_len)) = byte;
        next.pending_len += 1;
        let bytes = next.pending.at(..usize::from(next.pending_len));
        match std::str::from_utf8(bytes) {
            Ok(s) => match s.chars().next() {
                Some(c) => self.step(state, c),
                None => next,
            },
            // An incomplete character waits for its next byte; anything else can never match.
            Err(e) if e.error_len().is_none() && next.pending_len < 4 => next,
            Err(_) => TypoState {
                rows: [0; MAX_EDITS + 1],
                pending_len: 0,
                ..next
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    fn matches(pattern: &str, edits: u8, words: &[&str]) -> Vec<(String, u8)> {
        let mut sorted = words.to_vec();
        sorted.sort_unstable();
        let set = Set::from_iter(sorted).unwrap();
        let automaton = TypoAutomaton::new(pattern, edits).unwrap();
        let map = fst::Map::from(set.into_fst());
        let mut stream = map.search_with_state(automaton.clone()).into_stream();
        let mut out = Vec::new();
        while let Some((key, _, state)) = stream.next() {
            out.push((
                String::from_utf8(key.to_vec()).unwrap(),
                automaton.distance(&state),
            ));
        }
        out
    }

    #[test]
    fn the_walk_stops_at_its_cap() {
        // Every 4-letter word of a..p after an `a`: 4,096 words within reach of `aaaa`'s edits.
        let letters: Vec<char> = ('a'..='p').collect();
        let mut words = Vec::new();
        for b in &letters {
            for c in &letters {
                for d in &letters {
                    words.push(format!("a{b}{c}{d}"));
                }
            }
        }
        let owned = fst::Map::from_iter(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.as_str(), i as u64)),
        )
        .unwrap();
        let map = fst::Map::new(owned.as_fst().as_bytes()).unwrap();
        let automaton = TypoAutomaton::new("aaaa", 1).unwrap();
        let all = automaton.matches_in(&map, false);
        assert_eq!(
            all.len(),
            46,
            "aaaa itself and the 45 words one substitution away"
        );
        assert!(automaton.matches_within(&map, None, 20).len() < all.len());
        assert!(automaton
            .matches_within(&map, None, 20)
            .iter()
            .all(|m| all.contains(m)));
    }

    #[test]
    fn a_swap_is_one_edit() {
        assert_eq!(
            matches("lavrvo", 1, &["lavrov", "lavrova", "moscow"]),
            [("lavrov".into(), 1)]
        );
    }

    #[test]
    fn counts_insertions_deletions_and_substitutions() {
        let found = matches(
            "kery",
            1,
            &["kerry", "key", "very", "kerb", "keys", "carry"],
        );
        assert_eq!(
            found,
            [("kerb".into(), 1), ("kerry".into(), 1), ("key".into(), 1)]
        );
        assert_eq!(matches("kery", 1, &["kery"]), [("kery".into(), 0)]);
        assert!(matches("kery", 1, &["carry"]).is_empty());
    }

    #[test]
    fn compares_whole_characters_not_bytes() {
        assert_eq!(matches("zurich", 1, &["zürich"]), [("zürich".into(), 1)]);
        assert_eq!(
            matches("zürich", 1, &["zurich", "zürych"]),
            [("zurich".into(), 1), ("zürych".into(), 1)]
        );
    }

    #[test]
    fn the_first_letter_must_be_right() {
        assert!(matches("kerry", 1, &["berry", "ferry"]).is_empty());
        assert_eq!(
            matches("kerry", 1, &["kerr", "kerry"]),
            [("kerr".into(), 1), ("kerry".into(), 0)]
        );
    }

    #[test]
    fn two_edits_for_long_words() {
        assert_eq!(allowed_edits(3), 0);
        assert_eq!(allowed_edits(4), 1);
        assert_eq!(allowed_edits(7), 1);
        assert_eq!(allowed_edits(8), 2);
        assert_eq!(allowed_edits(MAX_TYPO_WORD_CHARS + 1), 0);
        assert_eq!(
            matches("secretray", 2, &["secretary", "secret"]),
            [("secretary".into(), 1)]
        );
        assert_eq!(
            matches("secretry", 2, &["secretary", "secrets", "sector"]),
            [("secretary".into(), 1), ("secrets".into(), 2)]
        );
    }

    #[test]
    fn typo_keys_find_what_the_words_find() {
        let mut words = vec![
            "k",
            "ke",
            "key",
            "keys",
            "kerb",
            "kery",
            "kerr",
            "kerry",
            "kerrys",
            "kerrying",
            "carry",
            "very",
            "zurich",
            "zürich",
            "zürych",
            "zürichsee",
            "secret",
            "secrets",
            "secretary",
            "secretry\0de",
            "sector",
            "lavrov",
            "lavrova",
        ];
        words.sort_unstable();
        let owned = |entries: Vec<(Vec<u8>, u64)>| fst::Map::from_iter(entries).unwrap();
        let plain = owned(
            (0..)
                .zip(&words)
                .map(|(i, w)| (w.as_bytes().to_vec(), i))
                .collect(),
        );
        let mut keyed: Vec<(Vec<u8>, u64)> = (0..)
            .zip(&words)
            .map(|(i, w)| {
                let mut key = Vec::new();
                newsdex_format::pieces::typo_key(w, &mut key);
                (key, i)
            })
            .collect();
        keyed.sort_unstable();
        let keyed = owned(keyed);
        fn borrow(map: &fst::Map<Vec<u8>>) -> fst::Map<&[u8]> {
            fst::Map::new(map.as_fst().as_bytes()).unwrap()
        }
        for (pattern, edits) in [
            ("kery", 1),
            ("kerry", 1),
            ("zurich", 1),
            ("zürich", 1),
            ("secretry", 2),
            ("lavrvo", 1),
            ("verry", 1),
        ] {
            let automaton = TypoAutomaton::new(pattern, edits).unwrap();
            let mut expected = automaton.matches_in(&borrow(&plain), false);
            let mut found = automaton.matches_in(&borrow(&keyed), true);
            expected.sort_unstable();
            found.sort_unstable();
            assert!(!expected.is_empty(), "{pattern}");
            assert_eq!(found, expected, "{pattern}");
        }
        assert_eq!(TypoAutomaton::new("secretry", 2).unwrap().lengths(), 6..=10);
        assert_eq!(TypoAutomaton::new("kery", 1).unwrap().lengths(), 3..=5);
    }

    #[test]
    fn overlong_patterns_are_refused() {
        assert!(TypoAutomaton::new(&"a".repeat(MAX_TYPO_WORD_CHARS + 1), 1).is_none());
    }
}
