//! The analyser: one function from text to terms, used both when indexing and when querying,
//! so that what a query asks for is spelled the way the index spells it.
//!
//! Text is split into words by Unicode word segmentation (UAX #29). Each word is folded
//! (compatibility decomposition, combining marks and invisible format characters removed,
//! lower-cased, curly apostrophes made straight, and the Latin letters that carry their
//! stroke or ligature in the letter itself, which no decomposition splits, spelt in plain
//! letters: ł → l, ø → o, æ → ae, đ → d, þ → th …) and then stemmed with the Snowball English
//! stemmer. Every token keeps the byte range of the word in the original text, so matches can
//! be marked without re-reading the index.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

mod fold;

/// Folded words are cut to this many bytes (on a character boundary), so a pathological
/// "word" cannot bloat the term dictionary; queries are cut the same way, so they still match.
pub const MAX_TERM_BYTES: usize = 64;

/// One word of analysed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as the index stores it: folded and stemmed.
    pub term: &'a str,
    /// The word folded but not stemmed (what prefix and typo matching compare against).
    pub folded: &'a str,
    /// Byte offset of the word's first byte in the analysed text.
    pub start: usize,
    /// Byte offset just past the word's last byte in the analysed text.
    pub end: usize,
    /// The word's ordinal among the words of the text, from 0.
    pub position: u32,
}

/// An owned copy of a [`Token`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedToken {
    /// See [`Token::term`].
    pub term: String,
    /// See [`Token::folded`].
    pub folded: String,
    /// See [`Token::start`].
    pub start: usize,
    /// See [`Token::end`].
    pub end: usize,
    /// See [`Token::position`].
    pub position: u32,
}

/// Splits, folds and stems text.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer::new()
    }
}

impl Analyzer {
    /// Creates the English analyser.
    pub fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// Calls `sink` with each token of `text`, in order.
    ///
    /// ```
    /// let analyzer = newsdex_index::Analyzer::new();
    /// let mut terms = Vec::new();
    /// analyzer.analyze("Kerry’s calls", |t| terms.push((t.term.to_owned(), t.start, t.end)));
    /// assert_eq!(terms, [("kerri".to_owned(), 0, 9), ("call".to_owned(), 10, 15)]);
    /// ```
    pub fn analyze(&self, text: &str, mut sink: impl FnMut(Token<'_>)) {
        words(text, |word| {
            let term = self.stem(word.folded);
            sink(Token {
                term: &term,
                folded: word.folded,
                start: word.start,
                end: word.end,
                position: word.position,
            });
        });
    }

    /// The tokens of `text` as owned values.
    pub fn tokens(&self, text: &str) -> Vec<OwnedToken> {
        let mut tokens = Vec::new();
        self.analyze(text, |t| {
            tokens.push(OwnedToken {
                term: t.term.to_owned(),
                folded: t.folded.to_owned(),
                start: t.start,
                end: t.end,
                position: t.position,
            })
        });
        tokens
    }

    /// Stems a word that is already folded.
    pub fn stem<'w>(&self, folded: &'w str) -> Cow<'w, str> {
        // Numbers ("2016", "11.1bn") and abbreviations ("u.s") are not English inflections.
        if folded.bytes().any(|b| b.is_ascii_digit() || b == b'.') {
            return Cow::Borrowed(folded);
        }
        self.stemmer.stem(folded)
    }
}

/// One word of text, folded but not stemmed: the first half of analysis, for callers that
/// cache stems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// See [`Token::folded`].
    pub folded: &'a str,
    /// See [`Token::start`].
    pub start: usize,
    /// See [`Token::end`].
    pub end: usize,
    /// See [`Token::position`].
    pub position: u32,
}

/// Calls `sink` with each word of `text`, segmented and folded, in order.
pub fn words(text: &str, mut sink: impl FnMut(Word<'_>)) {
    let mut folded = String::new();
    let mut position = 0u32;
    for (start, word) in text.unicode_word_indices() {
        // Word segmentation keeps format characters after a word with it (UAX #29, WB4).
        // They are not part of the word: "Kerry\u{202C}" is the word Kerry, and its mark must
        // not take the bidi control in (inside a <mark> it would end there, not where the
        // text meant it to).
        let word = word.trim_end_matches(is_format_control);
        fold_into(word, &mut folded);
        if folded.is_empty() {
            continue;
        }
        sink(Word {
            folded: &folded,
            start,
            end: start + word.len(),
            position,
        });
        position += 1;
    }
}

/// The invisible format characters a word can end in: bidi marks, embeddings, overrides and
/// isolates, zero-width spaces and joiners, the word joiner and invisible operators, the soft
/// hyphen and the byte-order mark.
fn is_format_control(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{61C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// Folds one word into `out` (cleared first): see the module documentation.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            fold::push_folded(c, out);
        }
    }
    truncate_on_char_boundary(out, MAX_TERM_BYTES);
}

fn truncate_on_char_boundary(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new()
            .tokens(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn a_word_ends_before_the_format_characters_after_it() {
        let text = "\u{202B}Kerry\u{202C} and Lavrov\u{2069}\u{200D}, cafe\u{301}\u{AD}";
        let tokens = Analyzer::new().tokens(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            ["Kerry", "and", "Lavrov", "cafe\u{301}"],
            "combining marks stay"
        );
        assert_eq!(terms(text), ["kerri", "and", "lavrov", "cafe"]);
    }

    #[test]
    fn splits_on_word_boundaries_and_keeps_byte_offsets() {
        let text = "U.S. strongly condemns IS attacks";
        let tokens = Analyzer::new().tokens(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["U.S", "strongly", "condemns", "IS", "attacks"]);
        assert_eq!(
            tokens.iter().map(|t| t.position).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(terms(text), ["u.s", "strong", "condemn", "is", "attack"]);
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(terms("Café NAÏVE Ångström"), ["cafe", "naiv", "angstrom"]);
        assert_eq!(terms("Straße"), ["strass"]);
        assert_eq!(terms("ﬁnance"), ["financ"]);
        assert_eq!(
            terms("Łódź Ærø Søren Đakovo Þingvellir Œuvre"),
            ["lodz", "aero", "soren", "dakovo", "thingvellir", "oeuvr"]
        );
        assert_eq!(
            terms("lodz aero soren"),
            ["lodz", "aero", "soren"],
            "typed without the marks, the same terms"
        );
    }

    #[test]
    fn offsets_point_into_the_original_text_after_multibyte_characters() {
        let text = "🙂 Zürich’s mayor";
        let tokens = Analyzer::new().tokens(text);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "Zürich’s");
        assert_eq!(tokens[0].term, "zurich");
        assert_eq!(&text[tokens[1].start..tokens[1].end], "mayor");
    }

    #[test]
    fn stems_inflections_to_one_term() {
        assert_eq!(
            terms("condemns condemned condemning"),
            ["condemn", "condemn", "condemn"]
        );
        assert_eq!(terms("Syria Syrian"), ["syria", "syrian"]);
    }

    /// The highlighter relies on this to skip most dictionary look-ups.
    #[test]
    fn stemming_keeps_the_first_letter() {
        let analyzer = Analyzer::new();
        let words = "dying lying tying skies skis news cosmos generously communism early only singly \
            yelling yes youth ytterbium yearly ugly idly gently kerry's sergei's ’tis o'brien aïda éclair \
            zürich's ångström ﬁnance œuvre straße";
        let mut checked = 0;
        super::words(words, |word| {
            let stem = analyzer.stem(word.folded);
            assert_eq!(
                stem.chars().next(),
                word.folded.chars().next(),
                "{} → {stem}",
                word.folded
            );
            checked += 1;
        });
        assert_eq!(checked, 31);
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(terms("2016 $11.1bn 74"), ["2016", "11.1bn", "74"]);
    }

    #[test]
    fn invisible_characters_inside_words_are_dropped() {
        assert_eq!(terms("Ker\u{2060}ry"), terms("Kerry"));
        assert_eq!(terms("Ker\u{200D}ry"), terms("Kerry"));
        assert_eq!(terms("Ker\u{00AD}ry"), terms("Kerry"));
    }

    #[test]
    fn very_long_words_are_cut_on_a_character_boundary() {
        let word = "é".repeat(100);
        let tokens = Analyzer::new().tokens(&word);
        assert_eq!(tokens.len(), 1);
        assert!(tokens[0].folded.len() <= MAX_TERM_BYTES);
        assert_eq!(tokens[0].end, word.len());
    }

    #[test]
    fn text_without_words_has_no_tokens() {
        assert!(terms("  ... !!! 🙂 — ").is_empty());
        assert!(terms("").is_empty());
    }
}
