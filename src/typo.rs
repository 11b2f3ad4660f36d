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

/// The most edits an automaton allows.
const MAX_EDITS: u8 = 3;
/// The diagonal band of the edit-distance table that can still be within `MAX_EDITS`.
const BAND: usize = 2 * MAX_EDITS as usize + 1;

/// Accepts words within `max_edits` edits of a pattern.
///
/// Only the diagonal band of the distance table within `max_edits` of the main diagonal can
/// hold a distance that small, so a state keeps that band (at most 7 cells) instead of a
/// whole row: each input character costs a handful of operations.
#[derive(Clone, Debug)]
pub struct TypoAutomaton {
    pattern: Vec<char>,
    max_edits: u8,
}

/// Where the automaton is after reading part of a candidate word.
#[derive(Clone, Copy, Debug)]
pub struct TypoState {
    /// `band[d]`: distance between the input so far (`read` characters) and the pattern's
    /// first `read + d - max_edits` characters.
    band: [u8; BAND],
    /// The band one character earlier, for swaps.
    previous: [u8; BAND],
    last_char: Option<char>,
    read: u16,
    /// Bytes of a character not yet complete.
    pending: [u8; 4],
    pending_len: u8,
}

impl TypoAutomaton {
    /// An automaton for `pattern` (at most [`MAX_TYPO_WORD_CHARS`] characters) allowing up to
    /// `max_edits` edits (at most 3).
    pub fn new(pattern: &str, max_edits: u8) -> Option<TypoAutomaton> {
        let pattern: Vec<char> = pattern.chars().collect();
        (pattern.len() <= MAX_TYPO_WORD_CHARS).then_some(TypoAutomaton { pattern, max_edits: max_edits.min(MAX_EDITS) })
    }

    /// The distance of a full match, once the state `is_match`.
    pub fn distance(&self, state: &TypoState) -> u8 {
        self.cell(state, self.pattern.len())
    }

    fn cap(&self) -> u8 {
        self.max_edits + 1
    }

    /// The band index of pattern length `j` after `read` input characters, if in the band.
    fn band_index(&self, read: usize, j: usize) -> Option<usize> {
        let d = (j + usize::from(self.max_edits)).checked_sub(read)?;
        (d <= 2 * usize::from(self.max_edits)).then_some(d)
    }

    fn cell(&self, state: &TypoState, j: usize) -> u8 {
        self.band_index(usize::from(state.read), j).map_or(self.cap(), |d| state.band[d])
    }

    #[inline]
    fn step(&self, state: &TypoState, c: char) -> TypoState {
        let k = usize::from(self.max_edits);
        let cap = self.cap();
        // Typos in the first letter are rare, and fixing it prunes the dictionary walk ~20-fold.
        if state.read == 0 && self.pattern.first().is_some_and(|&first| first != c) {
            return TypoState { band: [cap; BAND], previous: state.band, last_char: Some(c), read: 1, pending: [0; 4], pending_len: 0 };
        }
        let read = usize::from(state.read) + 1;
        let mut band = [cap; BAND];
        for d in 0..=2 * k {
            // Pattern length j for this cell; cells left of the table stay at the cap.
            let Some(j) = (read + d).checked_sub(k) else { continue };
            if j > self.pattern.len() {
                break;
            }
            let mut best = if j == 0 {
                read.min(usize::from(cap)) as u8
            } else {
                let same = self.pattern[j - 1] == c;
                let diagonal = state.band[d].saturating_add(u8::from(!same));
                let up = if d + 1 <= 2 * k { state.band[d + 1].saturating_add(1) } else { cap };
                let left = if d > 0 { band[d - 1].saturating_add(1) } else { cap };
                let mut best = diagonal.min(up).min(left);
                if j > 1 && !same && state.last_char == Some(self.pattern[j - 1]) && self.pattern[j - 2] == c {
                    best = best.min(state.previous[d].saturating_add(1));
                }
                best
            };
            best = best.min(cap);
            band[d] = best;
        }
        TypoState { band, previous: state.band, last_char: Some(c), read: state.read.saturating_add(1), pending: [0; 4], pending_len: 0 }
    }
}

impl Automaton for TypoAutomaton {
    type State = TypoState;

    fn start(&self) -> TypoState {
        let k = usize::from(self.max_edits);
        let cap = self.cap();
        let mut band = [cap; BAND];
        for j in 0..=k.min(self.pattern.len()) {
            band[j + k] = j as u8;
        }
        TypoState { band, previous: [cap; BAND], last_char: None, read: 0, pending: [0; 4], pending_len: 0 }
    }

    fn is_match(&self, state: &TypoState) -> bool {
        state.pending_len == 0 && self.distance(state) <= self.max_edits
    }

    fn can_match(&self, state: &TypoState) -> bool {
        state.band.iter().any(|&d| d <= self.max_edits)
    }

    #[inline]
    fn accept(&self, state: &TypoState, byte: u8) -> TypoState {
        if byte < 0x80 && state.pending_len == 0 {
            return self.step(state, char::from(byte));
        }
        let mut next = *state;
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
            Err(_) => TypoState { band: [self.cap(); BAND], pending_len: 0, ..next },
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
        assert_eq!(found, [("kerb".into(), 1), ("kerry".into(), 1), ("key".into(), 1)]);
        assert_eq!(matches("kery", 1, &["kery"]), [("kery".into(), 0)]);
        assert!(matches("kery", 1, &["carry"]).is_empty());
    }

    #[test]
    fn compares_whole_characters_not_bytes() {
        assert_eq!(matches("zurich", 1, &["zürich"]), [("zürich".into(), 1)]);
        assert_eq!(matches("zürich", 1, &["zurich", "zürych"]), [("zurich".into(), 1), ("zürych".into(), 1)]);
    }

    #[test]
    fn the_first_letter_must_be_right() {
        assert!(matches("kerry", 1, &["berry", "ferry"]).is_empty());
        assert_eq!(matches("kerry", 1, &["kerr", "kerry"]), [("kerr".into(), 1), ("kerry".into(), 0)]);
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
