//! Words split as people type them (see [`super::words`]): a word joined by apostrophes or
//! full stops is also its parts and their join, a possessive is dropped, and words joined by
//! hyphens are also joined whole. Which characters are apostrophes and full stops is the
//! fold's to say, so that `O’Sullivan` splits as `O'Sullivan` does.

use super::{fold, fold_into, truncate_on_char_boundary, Role, Word, MAX_TERM_BYTES};
use newsdex_format::at::At;

/// At most this many words joined by hyphens make one compound; a longer chain starts
/// another, so that one word's analysis never waits on unbounded text.
pub(super) const MAX_COMPOUND_WORDS: usize = 16;

/// Whether the text between two words joins them into a hyphenated compound: one hyphen,
/// with no space around it (a dash or a spaced hyphen separates).
pub(super) fn is_hyphen(between: &str) -> bool {
    matches!(between, "-" | "\u{2010}" | "\u{2011}")
}

/// Whether the text after a word starts with a hyphen, which may join it to the next.
pub(super) fn hyphen_follows(after: &str) -> bool {
    after.starts_with(['-', '\u{2010}', '\u{2011}'])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delimiter {
    Apostrophe,
    FullStop,
}

/// The delimiter `c` is, if any: a character that folds to an apostrophe or a full stop.
fn delimiter(c: char) -> Option<Delimiter> {
    let folded = match c {
        '\'' | '.' => c,
        c if c.is_ascii() => return None,
        c => {
            let mut folded = String::new();
            fold::push_folded(c, &mut folded);
            match folded.as_str() {
                "'" => '\'',
                "." => '.',
                _ => return None,
            }
        }
    };
    Some(match folded {
        '\'' => Delimiter::Apostrophe,
        _ => Delimiter::FullStop,
    })
}

/// Where a word's possessive `'s` starts, if it has one (`Hitchhiker's`, `Zürich’s`).
fn possessive_start(word: &str) -> Option<usize> {
    let mut chars = word.char_indices().rev();
    let (_, s) = chars.next()?;
    if !matches!(s, 's' | 'S') {
        return None;
    }
    let (at, apostrophe) = chars.next()?;
    (delimiter(apostrophe) == Some(Delimiter::Apostrophe) && chars.next().is_some()).then_some(at)
}

/// Scratch space for splitting words, kept between words so that they allocate nothing.
#[derive(Default)]
pub(super) struct Splitter {
    whole: String,
    part: String,
    join: String,
    hyphen_join: String,
    /// A split word's parts: byte ranges in the word.
    parts: Vec<(usize, usize)>,
}

impl Splitter {
    /// Calls `sink` with the tokens of a compound, given as the byte ranges in `text` of its
    /// words (one word when it is not hyphenated), the first at `position`; returns the
    /// position after it.
    pub(super) fn compound(
        &mut self,
        text: &str,
        words: &[(usize, usize)],
        mut position: u32,
        sink: &mut dyn FnMut(Word<'_>),
    ) -> u32 {
        let joined = words.len() > 1 && self.join_hyphenated(text, words);
        for (i, &(start, end)) in words.iter().enumerate() {
            let first = position;
            position = self.word(text, start, end, position, sink);
            if i == 0 && joined {
                sink(Word {
                    folded: &self.hyphen_join,
                    start,
                    end: words[words.len() - 1].1,
                    position: first,
                    role: Role::Join,
                });
            }
        }
        position
    }

    /// Calls `sink` with the overlapping bigrams of a run of characters written without
    /// spaces, given as their byte ranges in `text`, the first at `position` (a character
    /// alone is a word of one); returns the position after them.
    pub(super) fn bigrams(
        &mut self,
        text: &str,
        chars: &[(usize, usize)],
        mut position: u32,
        sink: &mut dyn FnMut(Word<'_>),
    ) -> u32 {
        let pairs: Vec<(usize, usize)> = match chars {
            [] => return position,
            [(start, end)] => vec![(*start, *end)],
            _ => chars.windows(2).map(|w| (w[0].0, w[1].1)).collect(),
        };
        for (start, end) in pairs {
            fold_into(text.at(start..end), &mut self.whole);
            if !self.whole.is_empty() {
                sink(Word {
                    folded: &self.whole,
                    start,
                    end,
                    position,
                    role: Role::Word,
                });
                position += 1;
            }
        }
        position
    }

    /// Joins the words of a hyphenated compound into `hyphen_join`; false when a word is not
    /// letters only (a number, a split word), as `2015-16` joined is no word.
    fn join_hyphenated(&mut self, text: &str, words: &[(usize, usize)]) -> bool {
        self.hyphen_join.clear();
        for &(start, end) in words {
            let word = text.at(start..end);
            fold_into(
                word.at(..possessive_start(word).unwrap_or(word.len())),
                &mut self.whole,
            );
            if self.whole.is_empty() || !self.whole.chars().all(char::is_alphabetic) {
                return false;
            }
            self.hyphen_join.push_str(&self.whole);
        }
        truncate_on_char_boundary(&mut self.hyphen_join, MAX_TERM_BYTES);
        true
    }

    /// Calls `sink` with the tokens of the word `text[start..end]`, the first at `position`;
    /// returns the position after it.
    pub(super) fn word(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        position: u32,
        sink: &mut dyn FnMut(Word<'_>),
    ) -> u32 {
        let word = text.at(start..end);
        let body = word.at(..possessive_start(word).unwrap_or(word.len()));
        fold_into(body, &mut self.whole);
        if self.whole.is_empty() {
            return position;
        }
        let whole = Word {
            folded: &self.whole,
            start,
            end,
            position,
            role: Role::Word,
        };
        let delimited = self.whole.bytes().any(|b| b == b'\'' || b == b'.');
        if !delimited || self.whole.chars().any(char::is_numeric) {
            sink(whole);
            return position + 1;
        }
        let mut apostrophes = false;
        let mut full_stops = false;
        self.parts.clear();
        let mut from = 0;
        for (at, c) in body.char_indices() {
            match delimiter(c) {
                Some(Delimiter::Apostrophe) => apostrophes = true,
                Some(Delimiter::FullStop) => full_stops = true,
                None => continue,
            }
            self.parts.push((from, at));
            from = at + c.len_utf8();
        }
        self.parts.push((from, body.len()));
        let mut single_letters = true;
        let part = &mut self.part;
        self.parts.retain(|&(from, to)| {
            fold_into(body.at(from..to), part);
            single_letters &= part.chars().nth(1).is_none();
            !part.is_empty()
        });
        // `U.S` and `e.g` are abbreviations, not words run together.
        let abbreviation = !apostrophes && single_letters;
        if self.parts.len() < 2 || abbreviation {
            sink(whole);
            return position + 1;
        }
        sink(whole);
        // A full stop joins sentences, tickers and domains, whose parts run together are no
        // word anyone types; an apostrophe joins a word (`o'sullivan`, `int'l`) that is.
        if !full_stops {
            self.join.clear();
            for &(from, to) in &self.parts {
                fold_into(body.at(from..to), &mut self.part);
                self.join.push_str(&self.part);
            }
            truncate_on_char_boundary(&mut self.join, MAX_TERM_BYTES);
            sink(Word {
                folded: &self.join,
                start,
                end,
                position,
                role: Role::Join,
            });
        }
        for (k, &(from, to)) in self.parts.iter().enumerate() {
            fold_into(body.at(from..to), &mut self.part);
            sink(Word {
                folded: &self.part,
                start: start + from,
                end: start + to,
                position: position.saturating_add(k as u32),
                role: Role::Part,
            });
        }
        position.saturating_add(self.parts.len() as u32)
    }
}
