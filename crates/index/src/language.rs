//! Articles' languages: which one a language tag names, and how the builder stems its words.
//!
//! Every language analyses alike up to the fold (see [`crate::analysis`]): segmentation,
//! Chinese, Japanese and Korean as overlapping bigrams, and one fold for every language, so
//! that a query, whose language is not known, folds as each article did. Languages differ in
//! the stem: English stems the folded word, as it always has; a language Snowball ships
//! stems the word lower-cased by its own rules but with its marks (the French, German,
//! Turkish and Russian stemmers read é, ä, ı and й), and the stem is then folded; any other
//! language is not stemmed. The index's words dictionary keeps each folded word's stem in
//! each language, so a query finds a word's stem by looking it up, with no stemmer at hand.

use newsdex_format::at::At;
use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::analysis::{fold_into, Role, Word};

/// How an article's words are stemmed: English, one of the other Snowball stemmers
/// `rust-stemmers` ships, or not at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// English, the default: the folded word stemmed by Snowball's English (Porter 2).
    #[default]
    English,
    /// Arabic (`ar`).
    Arabic,
    /// Danish (`da`).
    Danish,
    /// Dutch (`nl`).
    Dutch,
    /// Finnish (`fi`).
    Finnish,
    /// French (`fr`).
    French,
    /// German (`de`).
    German,
    /// Greek (`el`).
    Greek,
    /// Hungarian (`hu`).
    Hungarian,
    /// Italian (`it`).
    Italian,
    /// Norwegian (`no`, `nb`, `nn`).
    Norwegian,
    /// Portuguese (`pt`).
    Portuguese,
    /// Romanian (`ro`).
    Romanian,
    /// Russian (`ru`).
    Russian,
    /// Spanish (`es`).
    Spanish,
    /// Swedish (`sv`).
    Swedish,
    /// Tamil (`ta`).
    Tamil,
    /// Turkish (`tr`).
    Turkish,
    /// Any other language (Chinese, Japanese, Korean, Polish …): words folded, not stemmed.
    Unstemmed,
}

/// The stemmed languages with their ISO 639-1 codes, the code first, then other codes that
/// name them (ISO 639-2/T and /B, Norwegian's Bokmål and Nynorsk).
const CODES: &[(Language, &[&str])] = &[
    (Language::English, &["en", "eng"]),
    (Language::Arabic, &["ar", "ara"]),
    (Language::Danish, &["da", "dan"]),
    (Language::Dutch, &["nl", "nld", "dut"]),
    (Language::Finnish, &["fi", "fin"]),
    (Language::French, &["fr", "fra", "fre"]),
    (Language::German, &["de", "deu", "ger"]),
    (Language::Greek, &["el", "ell", "gre"]),
    (Language::Hungarian, &["hu", "hun"]),
    (Language::Italian, &["it", "ita"]),
    (
        Language::Norwegian,
        &["no", "nb", "nn", "nor", "nob", "nno"],
    ),
    (Language::Portuguese, &["pt", "por"]),
    (Language::Romanian, &["ro", "ron", "rum", "mo"]),
    (Language::Russian, &["ru", "rus"]),
    (Language::Spanish, &["es", "spa"]),
    (Language::Swedish, &["sv", "swe"]),
    (Language::Tamil, &["ta", "tam"]),
    (Language::Turkish, &["tr", "tur"]),
];

impl Language {
    /// The language a BCP 47 tag (`fr`, `pt-BR`, `zh_Hant`, `de-CH-1996`) names, by its
    /// primary subtag, case aside; a language without a stemmer is [`Language::Unstemmed`].
    ///
    /// ```
    /// use newsdex_index::Language;
    /// assert_eq!(Language::from_tag("pt-BR"), Ok(Language::Portuguese));
    /// assert_eq!(Language::from_tag("zh-Hant"), Ok(Language::Unstemmed));
    /// assert!(Language::from_tag("French").is_err());
    /// ```
    ///
    /// # Errors
    /// What is wrong with a tag that is not one: the message completes "`lang` …".
    pub fn from_tag(tag: &str) -> std::result::Result<Language, String> {
        let primary = primary_subtag(tag)?;
        Ok(CODES
            .iter()
            .find(|(_, codes)| codes.iter().any(|c| primary.eq_ignore_ascii_case(c)))
            .map_or(Language::Unstemmed, |&(language, _)| language))
    }

    /// The language of a stored record's tag (see `newsdex_format::store`): English when it
    /// has none; a tag no build would have written (a forged index) is not stemmed.
    pub fn of_stored(tag: &str) -> Language {
        match tag {
            "" => Language::English,
            tag => Language::from_tag(tag).unwrap_or(Language::Unstemmed),
        }
    }

    /// The tag of a stored record's language as shown to readers: `en` when it has none.
    pub fn shown_tag(stored: &str) -> &str {
        match stored {
            "" => Language::English.code(),
            tag => tag,
        }
    }

    /// The language's ISO 639-1 code; `und` (undetermined) for [`Language::Unstemmed`].
    pub fn code(self) -> &'static str {
        CODES
            .iter()
            .find(|(language, _)| *language == self)
            .map_or("und", |(_, codes)| *codes.at(0))
    }

    /// Whether a word's stem starts with the word's first letter, folded: Snowball's stemmers
    /// take suffixes off, but Arabic's takes articles and conjunctions off the front too
    /// (*المدارس* → *مدارس*), and Greek's some prefixes.
    pub fn stem_keeps_initial(self) -> bool {
        !matches!(self, Language::Arabic | Language::Greek)
    }

    /// Whether the recogniser, which is trained on English news, reads the language's
    /// articles.
    pub fn has_entities(self) -> bool {
        self == Language::English
    }

    fn algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Language::English => Algorithm::English,
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
            Language::Unstemmed => return None,
        })
    }
}

/// The primary subtag of a language tag: two or three letters, then subtags of one to eight
/// letters or digits after `-` or `_`.
fn primary_subtag(tag: &str) -> std::result::Result<&str, String> {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    let letters =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if letters && rest {
        Ok(primary)
    } else {
        Err(format!(
            "must be a language tag such as `fr` or `pt-BR` (two or three letters, then subtags after `-`), not {tag:?}"
        ))
    }
}

/// What separates a word from its language's code in the words dictionary (see [`word_key`]).
pub const LANGUAGE_SEPARATOR: char = '\0';

/// A folded word's key in the words dictionary in `language`: the word itself in English,
/// else the word, [`LANGUAGE_SEPARATOR`] and the language's code, so that a word keeps one
/// stem per language (`president` is `presid` in English, `president` in French). The index
/// keeps only the keys of languages whose stem is not the word's first (see the builder).
///
/// ```
/// use newsdex_index::{language::word_key, Language};
/// let mut key = String::new();
/// assert_eq!(word_key(&mut key, "president", Language::English), "president");
/// assert_eq!(word_key(&mut key, "president", Language::French), "president\0fr");
/// ```
pub fn word_key<'k>(key: &'k mut String, folded: &'k str, language: Language) -> &'k str {
    if language == Language::English {
        return folded;
    }
    key.clear();
    key.push_str(folded);
    key.push(LANGUAGE_SEPARATOR);
    key.push_str(language.code());
    key
}

/// The builder's stemmers, one a language, made when its first word comes.
#[derive(Default)]
pub(crate) struct Stemmers {
    made: Vec<(Language, Stemmer)>,
    lowered: String,
    folded: String,
}

impl Stemmers {
    /// The term of `word` of `text` in an article in `language`, other than English (which
    /// the [`crate::Analyzer`] stems): the word lower-cased as the language does, stemmed,
    /// then folded. A word the slice of text does not give back when folded (a possessive, a
    /// join, a word cut to its longest), and a number or an abbreviation, is stemmed folded.
    pub(crate) fn term<'w>(
        &mut self,
        language: Language,
        word: &Word<'w>,
        text: &str,
    ) -> Cow<'w, str> {
        let Some(algorithm) = language.algorithm() else {
            return Cow::Borrowed(word.folded);
        };
        if word.folded.bytes().any(|b| b.is_ascii_digit() || b == b'.') {
            return Cow::Borrowed(word.folded);
        }
        let i = match self.made.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                self.made.push((language, Stemmer::create(algorithm)));
                self.made.len() - 1
            }
        };
        lower_into(language, &text[word.start..word.end], &mut self.lowered);
        fold_into(&self.lowered, &mut self.folded);
        let surface = if word.role != Role::Join && self.folded == word.folded {
            self.lowered.as_str()
        } else {
            word.folded
        };
        let stem = self.made[i].1.stem(surface);
        fold_into(&stem, &mut self.folded);
        if self.folded == word.folded {
            Cow::Borrowed(word.folded)
        } else {
            Cow::Owned(self.folded.clone())
        }
    }
}

/// Lower-cases `word` into `out` as `language` writes it: Turkish dots its capital i
/// (`I` → `ı`, `İ` → `i`), which its stemmer's vowel harmony reads; others as Unicode does.
fn lower_into(language: Language, word: &str, out: &mut String) {
    out.clear();
    if language == Language::Turkish {
        for c in word.chars() {
            match c {
                'I' => out.push('ı'),
                'İ' => out.push('i'),
                c => out.extend(c.to_lowercase()),
            }
        }
    } else {
        out.push_str(&word.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::words;

    fn terms(language: Language, text: &str) -> Vec<String> {
        let mut stemmers = Stemmers::default();
        let mut found = Vec::new();
        words(text, |word| {
            found.push(stemmers.term(language, &word, text).into_owned())
        });
        found
    }

    #[test]
    fn tags_name_languages_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("fr"), Ok(Language::French));
        assert_eq!(Language::from_tag("DE-ch"), Ok(Language::German));
        assert_eq!(Language::from_tag("pt_BR"), Ok(Language::Portuguese));
        assert_eq!(Language::from_tag("nb"), Ok(Language::Norwegian));
        assert_eq!(Language::from_tag("ja-JP"), Ok(Language::Unstemmed));
        assert_eq!(Language::from_tag("zh-Hant-TW"), Ok(Language::Unstemmed));
        for bad in [
            "",
            "f",
            "french",
            "fr-",
            "fr--CA",
            "f1",
            "fr CA",
            "en-abcdefghi",
        ] {
            assert!(Language::from_tag(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Language::from_tag("français").unwrap_err(),
            "must be a language tag such as `fr` or `pt-BR` (two or three letters, then subtags after `-`), not \"français\""
        );
    }

    #[test]
    fn every_stemmed_language_has_a_code_that_names_it() {
        for &(language, codes) in CODES {
            assert_eq!(Language::from_tag(language.code()), Ok(language));
            assert!(codes.iter().all(|c| Language::from_tag(c) == Ok(language)));
            assert!(language.algorithm().is_some());
        }
        assert_eq!(Language::Unstemmed.code(), "und");
    }

    #[test]
    fn words_are_stemmed_with_their_marks_then_folded() {
        assert_eq!(
            terms(Language::French, "élèves Élève continuation"),
            ["elev", "elev", "continu"]
        );
        assert_eq!(
            terms(Language::German, "Häuser Hauses Straßen"),
            ["haus", "haus", "strass"]
        );
        assert_eq!(
            terms(Language::Spanish, "elecciones elección"),
            ["eleccion", "eleccion"]
        );
        assert_eq!(
            terms(Language::Russian, "выборы выборов"),
            ["выбор", "выбор"]
        );
    }

    #[test]
    fn turkish_lower_cases_its_own_i() {
        // Lower-cased as Unicode does, "KITAPLARI" would read `kitaplari` and keep its suffix.
        assert_eq!(
            terms(Language::Turkish, "KITAPLARI kitapları"),
            terms(Language::Turkish, "kitapları kitapları")
        );
    }

    #[test]
    fn stems_keep_the_first_letter_but_in_arabic_and_greek() {
        let text = "élèves Häuser выборов trafiği mieszkańcy pensiones";
        for language in [
            Language::French,
            Language::German,
            Language::Russian,
            Language::Turkish,
            Language::Unstemmed,
            Language::Spanish,
        ] {
            assert!(language.stem_keeps_initial());
            let mut stemmers = Stemmers::default();
            words(text, |word| {
                let term = stemmers.term(language, &word, text);
                assert_eq!(
                    term.chars().next(),
                    word.folded.chars().next(),
                    "{language:?} {}",
                    word.folded
                );
            });
        }
        assert_eq!(
            terms(Language::Arabic, "المدارس"),
            terms(Language::Arabic, "مدارس")
        );
        assert!(!Language::Arabic.stem_keeps_initial());
    }

    #[test]
    fn unstemmed_languages_keep_the_folded_word() {
        assert_eq!(
            terms(Language::Unstemmed, "Wybory wyborów"),
            ["wybory", "wyborow"]
        );
    }

    #[test]
    fn numbers_and_split_words_are_stemmed_folded() {
        assert_eq!(
            terms(Language::French, "3,5 l'économie"),
            ["3,5", "l'econom", "leconom", "l", "econom"]
        );
    }
}
