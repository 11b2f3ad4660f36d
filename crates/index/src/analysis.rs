//! The analyser: one function from text to terms, used both when indexing and when querying,
//! so that what a query asks for is spelled the way the index spells it.
//!
//! Text is split into words by Unicode word segmentation (UAX #29), and words joined by
//! apostrophes, full stops or hyphens also into their parts and their joins, as people type
//! them (see [`words`]). Each word is folded
//! (compatibility decomposition, combining marks and invisible format characters removed,
//! lower-cased, curly apostrophes made straight, and the Latin letters that carry their
//! stroke or ligature in the letter itself, which no decomposition splits, spelt in plain
//! letters: ł → l, ø → o, æ → ae, đ → d, þ → th …) and then stemmed with the Snowball English
//! stemmer. Every token keeps the byte range of the word in the original text, so matches can
//! be marked without re-reading the index.

use newsdex_format::at::At;
use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

mod fold;
mod split;

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
    /// The word's position in the text: its ordinal among the words, from 0, where each part
    /// of a split word counts as a word (see [`words`]).
    pub position: u32,
    /// What the token is in its word's graph of tokens.
    pub role: Role,
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
    /// See [`Token::role`].
    pub role: Role,
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

    /// Calls `sink` with each token of `text`, in order of position (see [`words`]).
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
                role: word.role,
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
                role: t.role,
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

/// What a token is in the graph of tokens a word makes when it is split at its delimiters,
/// as Lucene's `WordDelimiterGraphFilter` makes one (see [`words`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A word as Unicode segments it: one that is not split, or the whole of one that is
    /// (`o'sullivan`). Words are what a query looks for and what a field's length counts.
    Word,
    /// A part of a word split at its apostrophes and full stops (`o`, `sullivan`), each at a
    /// position of its own.
    Part,
    /// A split word's parts joined (`osullivan`), or the words of a hyphenated compound
    /// joined (`email` for `e-mail`), at the position of the first part.
    Join,
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
    /// See [`Token::role`].
    pub role: Role,
}

/// Calls `sink` with each word of `text`, segmented and folded, in order of position.
///
/// Words are segmented by UAX #29, then split as people type them, by the rules of Lucene's
/// `WordDelimiterGraphFilter`:
///
/// - a possessive `'s` is dropped (`hitchhiker's` is `hitchhiker`);
/// - a word joined by apostrophes or full stops (`O'Sullivan`, `GNDR.O`, `Aleppo.The`) is
///   the word whole at the position of its first part, each part at a position of its own,
///   and, when only apostrophes join it, the parts joined at the first part's position
///   (`o'sullivan`, `o` and `osullivan` at one position, `sullivan` at the next): a phrase
///   matches through the whole or through the parts, and the next word comes after the
///   last part;
/// - a word with a digit (`3.5`, `1,000`, `11.1bn`) or one letter between each full stop
///   (`U.S`, `e.g`) stays whole;
/// - words joined by a hyphen (`e-mail`), which segmentation already splits, are also the
///   words joined (`email`) at the first word's position, when each is letters only.
///
/// ```
/// use newsdex_index::analysis::{words, Role};
/// let mut found = Vec::new();
/// words("O'Sullivan quick", |w| found.push((w.folded.to_owned(), w.position, w.role)));
/// assert_eq!(found, [
///     ("o'sullivan".to_owned(), 0, Role::Word),
///     ("osullivan".to_owned(), 0, Role::Join),
///     ("o".to_owned(), 0, Role::Part),
///     ("sullivan".to_owned(), 1, Role::Part),
///     ("quick".to_owned(), 2, Role::Word),
/// ]);
/// ```
pub fn words(text: &str, mut sink: impl FnMut(Word<'_>)) {
    split_words(text, &mut sink);
}

/// [`words`] with a sink behind a pointer, so that the search module holds one copy of the
/// splitting, not one a caller.
fn split_words(text: &str, sink: &mut dyn FnMut(Word<'_>)) {
    let mut splitter = split::Splitter::default();
    let mut position = 0u32;
    // The byte ranges of the words joined by hyphens so far: a compound is analysed once its
    // last word is known, as its join comes before its second word. A word with no hyphen
    // after it and none before is analysed at once.
    let mut compound: Vec<(usize, usize)> = Vec::new();
    // The characters of a run of Chinese, Japanese or Korean text so far, as byte ranges.
    let mut ideographs: Vec<(usize, usize)> = Vec::new();
    for (start, word) in text.unicode_word_indices() {
        // Word segmentation keeps format characters after a word with it (UAX #29, WB4).
        // They are not part of the word: "Kerry\u{202C}" is the word Kerry, and its mark must
        // not take the bidi control in (inside a <mark> it would end there, not where the
        // text meant it to).
        let word = word.trim_end_matches(is_format_control);
        let end = start + word.len();
        if word.chars().all(is_bigrammed) {
            if !compound.is_empty() {
                position = splitter.compound(text, &compound, position, sink);
                compound.clear();
            }
            if ideographs.last().is_some_and(|&(_, last)| last != start) {
                position = splitter.bigrams(text, &ideographs, position, sink);
                ideographs.clear();
            }
            ideographs.extend(
                word.char_indices()
                    .map(|(i, c)| (start + i, start + i + c.len_utf8())),
            );
            continue;
        }
        if !ideographs.is_empty() {
            position = splitter.bigrams(text, &ideographs, position, sink);
            ideographs.clear();
        }
        let continues = compound.last().is_some_and(|&(_, last_end)| {
            compound.len() < split::MAX_COMPOUND_WORDS && split::is_hyphen(text.at(last_end..start))
        });
        if !continues && !compound.is_empty() {
            position = splitter.compound(text, &compound, position, sink);
            compound.clear();
        }
        if continues || split::hyphen_follows(text.at(end..)) {
            compound.push((start, end));
        } else {
            position = splitter.word(text, start, end, position, sink);
        }
    }
    position = splitter.compound(text, &compound, position, sink);
    splitter.bigrams(text, &ideographs, position, sink);
}

/// Whether `c` is written without spaces between words, so that its runs are indexed as
/// overlapping bigrams: Han ideographs, kana and Hangul syllables and jamo. A dictionary
/// segmenter would find the words themselves, but the smallest (Japanese's IPADIC, jieba's
/// Chinese) are megabytes, more than the whole search module; bigrams need no dictionary and
/// find every word of two characters or more, as Lucene's `CJKBigramFilter` does.
fn is_bigrammed(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{3005}' | '\u{3007}' // the ideographic iteration mark and zero
        | '\u{3041}'..='\u{30FF}' // hiragana, katakana, the prolonged sound mark
        | '\u{3131}'..='\u{318E}' // Hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}' // small katakana
        | '\u{3400}'..='\u{4DBF}' // ideographs, extension A
        | '\u{4E00}'..='\u{9FFF}' // ideographs
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{3134F}' // ideographs, extensions B to G
    )
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
        assert_eq!(checked, 34, "o'brien is also o, brien and obrien");
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

    /// Each token as (folded, position, role), and the text it covers.
    fn graph(text: &str) -> Vec<(String, u32, Role, &str)> {
        let mut found = Vec::new();
        super::words(text, |w| {
            found.push((
                w.folded.to_owned(),
                w.position,
                w.role,
                &text[w.start..w.end],
            ))
        });
        found
    }

    fn folded(text: &str) -> Vec<String> {
        graph(text).into_iter().map(|(f, ..)| f).collect()
    }

    #[test]
    fn words_joined_by_apostrophes_are_also_their_parts_and_their_join() {
        use Role::*;
        assert_eq!(
            graph("O’Sullivan quick"),
            [
                ("o'sullivan".into(), 0, Word, "O’Sullivan"),
                ("osullivan".into(), 0, Join, "O’Sullivan"),
                ("o".into(), 0, Part, "O"),
                ("sullivan".into(), 1, Part, "Sullivan"),
                ("quick".into(), 2, Word, "quick"),
            ]
        );
        assert_eq!(folded("INT'L"), ["int'l", "intl", "int", "l"]);
        assert_eq!(
            folded("rock'n'roll"),
            ["rock'n'roll", "rocknroll", "rock", "n", "roll"]
        );
    }

    #[test]
    fn words_joined_by_full_stops_are_also_their_parts_unjoined() {
        use Role::*;
        assert_eq!(
            graph("in Aleppo.The group"),
            [
                ("in".into(), 0, Word, "in"),
                ("aleppo.the".into(), 1, Word, "Aleppo.The"),
                ("aleppo".into(), 1, Part, "Aleppo"),
                ("the".into(), 2, Part, "The"),
                ("group".into(), 3, Word, "group"),
            ]
        );
        assert_eq!(folded("<GNDR.O>"), ["gndr.o", "gndr", "o"]);
    }

    #[test]
    fn possessives_fold() {
        assert_eq!(
            graph("Hitchhiker's Zürich’s O'Sullivan's"),
            [
                ("hitchhiker".into(), 0, Role::Word, "Hitchhiker's"),
                ("zurich".into(), 1, Role::Word, "Zürich’s"),
                ("o'sullivan".into(), 2, Role::Word, "O'Sullivan's"),
                ("osullivan".into(), 2, Role::Join, "O'Sullivan's"),
                ("o".into(), 2, Role::Part, "O"),
                ("sullivan".into(), 3, Role::Part, "Sullivan"),
            ]
        );
        assert_eq!(terms("Hitchhiker's"), terms("hitchhiker"));
    }

    #[test]
    fn abbreviations_and_numbers_stay_whole() {
        assert_eq!(
            folded("U.S. e.g. 3.5 1,000 11.1bn 10.30am U.K's"),
            ["u.s", "e.g", "3.5", "1,000", "11.1bn", "10.30am", "u.k"]
        );
        assert_eq!(
            graph("U.S. troops")
                .iter()
                .map(|(_, p, r, _)| (*p, *r))
                .collect::<Vec<_>>(),
            [(0, Role::Word), (1, Role::Word)]
        );
    }

    #[test]
    fn hyphenated_words_are_also_joined() {
        use Role::*;
        assert_eq!(
            graph("an e-mail sent"),
            [
                ("an".into(), 0, Word, "an"),
                ("e".into(), 1, Word, "e"),
                ("email".into(), 1, Join, "e-mail"),
                ("mail".into(), 2, Word, "mail"),
                ("sent".into(), 3, Word, "sent"),
            ]
        );
        assert_eq!(
            folded("state-of-the-art Rolls‐Royce’s"),
            [
                "state",
                "stateoftheart",
                "of",
                "the",
                "art",
                "rolls",
                "rollsroyce",
                "royce"
            ]
        );
        assert_eq!(
            folded("2015-16 covid-19 well - known well—known"),
            ["2015", "16", "covid", "19", "well", "known", "well", "known"],
            "numbers, spaced hyphens and dashes are not joined"
        );
    }

    #[test]
    fn positions_never_go_back() {
        let mut last = 0;
        super::words(
            "O'Neill's e-mail to U.S. firm GNDR.O: rock'n'roll's well-known x.y.z's",
            |w| {
                assert!(w.position >= last, "{} at {}", w.folded, w.position);
                last = w.position;
            },
        );
        assert_eq!(last, 14, "x.y.z is an abbreviation, its possessive dropped");
    }

    #[test]
    fn chinese_japanese_and_korean_runs_are_overlapping_bigrams() {
        let cover = |text: &str| -> Vec<(String, u32)> {
            graph(text)
                .into_iter()
                .map(|(_, position, role, covered)| {
                    assert_eq!(role, Role::Word);
                    (covered.to_owned(), position)
                })
                .collect()
        };
        assert_eq!(
            cover("北京市长 visits 東京に住む。中"),
            [
                ("北京".into(), 0),
                ("京市".into(), 1),
                ("市长".into(), 2),
                ("visits".into(), 3),
                ("東京".into(), 4),
                ("京に".into(), 5),
                ("に住".into(), 6),
                ("住む".into(), 7),
                ("中".into(), 8),
            ]
        );
        assert_eq!(
            cover("iPhone発売 서울에서"),
            [
                ("iPhone".into(), 0),
                ("発売".into(), 1),
                ("서울".into(), 2),
                ("울에".into(), 3),
                ("에서".into(), 4),
            ]
        );
        assert_eq!(folded("ｶﾀｶﾅ"), folded("カタカナ"), "half-width kana fold");
    }

    #[test]
    fn letters_of_other_scripts_fold_as_their_readers_expect() {
        assert_eq!(folded("Мой ЁЛКА"), ["мой", "елка"]);
        assert_eq!(folded("كـتـاب مدرسة مستشفى"), ["كتاب", "مدرسه", "مستشفي"]);
        assert_eq!(folded("ΑΘΗΝΑΣ Αθήνας"), ["αθηνασ", "αθηνασ"]);
        assert_eq!(folded("İSTANBUL Işık"), ["istanbul", "isik"]);
    }

    #[test]
    fn text_without_words_has_no_tokens() {
        assert!(terms("  ... !!! 🙂 — ").is_empty());
        assert!(terms("").is_empty());
    }
}
