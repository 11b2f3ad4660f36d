//! Typo tolerance: an [`fst::Automaton`] that accepts the words within a few edits of a
//! query word, where an edit is an insertion, a deletion, a substitution or a swap of two
//! neighbouring letters (optimal string alignment distance). Counting a swap as one edit
//! is what makes `lavrvo` find `lavrov` at distance 1; fst's own Levenshtein automaton
//! would need two.
//!
//! The automaton runs over UTF-8 bytes, as fst does, and compares whole characters.

use fst::Automaton;

/// Longest query word (in characters) matched with typos; longer words match exactly.
pub const MAX_TYPO_WORD_CHARS: usize = 32;

/// The edits a word of `chars` characters may have: none under 4, one up to 7, two from 8.
pub fn allowed_edits(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        8..=MAX_TYPO_WORD_CHARS => 2,
        _ => 0,
    }
}

/// Accepts words within `max_edits` edits of a pattern.
#[derive(Clone, Debug)]
pub struct TypoAutomaton {
    pattern: Vec<char>,
    max_edits: u8,
}

/// Where the automaton is after reading part of a candidate word.
#[derive(Clone, Debug)]
pub struct TypoState {
    /// Edit distance between the pattern's first `j` characters and the input so far.
    row: [u8; MAX_TYPO_WORD_CHARS + 1],
    /// The row before the last character, for swaps.
    previous_row: [u8; MAX_TYPO_WORD_CHARS + 1],
    last_char: Option<char>,
    /// Bytes of a character not yet complete.
    pending: [u8; 4],
    pending_len: u8,
}

impl TypoAutomaton {
    /// An automaton for `pattern` (at most [`MAX_TYPO_WORD_CHARS`] characters) allowing up to
    /// `max_edits` edits (at most 3).
    pub fn new(pattern: &str, max_edits: u8) -> Option<TypoAutomaton> {
        let pattern: Vec<char> = pattern.chars().collect();
        (pattern.len() <= MAX_TYPO_WORD_CHARS).then_some(TypoAutomaton { pattern, max_edits: max_edits.min(3) })
    }

    /// The distance of a full match, once the state `is_match`.
    pub fn distance(&self, state: &TypoState) -> u8 {
        state.row[self.pattern.len()]
    }

    fn step(&self, state: &TypoState, c: char) -> TypoState {
        let cap = self.max_edits + 1;
        let m = self.pattern.len();
        let mut row = [cap; MAX_TYPO_WORD_CHARS + 1];
        row[0] = state.row[0].saturating_add(1).min(cap);
        for j in 1..=m {
            let same = self.pattern[j - 1] == c;
            let mut best = (state.row[j] + 1).min(row[j - 1] + 1).min(state.row[j - 1] + u8::from(!same));
            if j > 1 && !same && state.last_char == Some(self.pattern[j - 1]) && self.pattern[j - 2] == c {
                best = best.min(state.previous_row[j - 2] + 1);
            }
            row[j] = best.min(cap);
        }
        TypoState { row, previous_row: state.row, last_char: Some(c), pending: [0; 4], pending_len: 0 }
    }
}

impl Automaton for TypoAutomaton {
    type State = TypoState;

    fn start(&self) -> TypoState {
        let cap = self.max_edits + 1;
        let mut row = [cap; MAX_TYPO_WORD_CHARS + 1];
        for (j, cell) in row.iter_mut().enumerate().take(self.pattern.len() + 1) {
            *cell = (j as u8).min(cap);
        }
        TypoState { row, previous_row: [cap; MAX_TYPO_WORD_CHARS + 1], last_char: None, pending: [0; 4], pending_len: 0 }
    }

    fn is_match(&self, state: &TypoState) -> bool {
        state.pending_len == 0 && self.distance(state) <= self.max_edits
    }

    fn can_match(&self, state: &TypoState) -> bool {
        state.row[..=self.pattern.len()].iter().any(|&d| d <= self.max_edits)
    }

    fn accept(&self, state: &TypoState, byte: u8) -> TypoState {
        let mut next = state.clone();
        next.pending[usize::from(next.pending_len)] = byte;
        next.pending_len += 1;
        let bytes = &next.pending[..usize::from(next.pending_len)];
        match std::str::from_utf8(bytes) {
            Ok(s) => match s.chars().next() {
                Some(c) => self.step(state, c),
                None => next,
            },
            // An incomplete character waits for its next byte; anything else can never match.
            Err(e) if e.error_len().is_none() && next.pending_len < 4 => next,
            Err(_) => {
                let cap = self.max_edits + 1;
                TypoState { row: [cap; MAX_TYPO_WORD_CHARS + 1], pending_len: 0, ..next }
            }
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
            out.push((String::from_utf8(key.to_vec()).unwrap(), automaton.distance(&state)));
        }
        out
    }

    #[test]
    fn a_swap_is_one_edit() {
        assert_eq!(matches("lavrvo", 1, &["lavrov", "lavrova", "moscow"]), [("lavrov".into(), 1)]);
    }

    #[test]
    fn counts_insertions_deletions_and_substitutions() {
        let found = matches("kery", 1, &["kerry", "key", "very", "kerb", "keys", "carry"]);
        assert_eq!(found, [("kerb".into(), 1), ("kerry".into(), 1), ("key".into(), 1), ("very".into(), 1)]);
        assert_eq!(matches("kery", 1, &["kery"]), [("kery".into(), 0)]);
        assert!(matches("kery", 1, &["carry"]).is_empty());
    }

    #[test]
    fn compares_whole_characters_not_bytes() {
        assert_eq!(matches("zurich", 1, &["zürich"]), [("zürich".into(), 1)]);
        assert_eq!(matches("zürich", 1, &["zurich", "zürych"]), [("zurich".into(), 1), ("zürych".into(), 1)]);
    }

    #[test]
    fn two_edits_for_long_words() {
        assert_eq!(allowed_edits(3), 0);
        assert_eq!(allowed_edits(4), 1);
        assert_eq!(allowed_edits(7), 1);
        assert_eq!(allowed_edits(8), 2);
        assert_eq!(allowed_edits(MAX_TYPO_WORD_CHARS + 1), 0);
        assert_eq!(matches("secretray", 2, &["secretary", "secret"]), [("secretary".into(), 1)]);
        assert_eq!(matches("secretry", 2, &["secretary", "secrets", "sector"]), [("secretary".into(), 1), ("secrets".into(), 2)]);
    }

    #[test]
    fn overlong_patterns_are_refused() {
        assert!(TypoAutomaton::new(&"a".repeat(MAX_TYPO_WORD_CHARS + 1), 1).is_none());
    }
}
