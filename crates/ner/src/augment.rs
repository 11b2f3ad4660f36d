//! Training-data augmentation: Title Case headlines and sentences.
//!
//! News sites write titles in Title Case, which the training data (ALL CAPS headlines) never
//! shows, so a tagger trained on it reads every capitalised title word as a name. Half of the
//! training documents that open with an ALL CAPS headline get it rewritten in Title Case, taking
//! each word's casing from the article body when the body has it (so `EU` stays `EU` and
//! `RUSSIA` becomes `Russia`), and some body sentences are title-cased too, in one of two common
//! styles: every word capitalised, or short function words left in lower case.

use std::collections::HashMap;

use crate::conll::Document;

/// Function words that the second style leaves in lower case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "of", "on", "or", "the", "to",
    "vs", "with",
];

fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

fn capitalise(lower: &str) -> String {
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Capitalises the lower-case words of a sentence; with `minor_lower`, short function words after
/// the first word stay in lower case.
fn title_case(words: &mut [String], minor_lower: bool) {
    for (i, w) in words.iter_mut().enumerate() {
        if w.starts_with(char::is_lowercase)
            && !(i > 0 && minor_lower && MINOR_WORDS.contains(&w.as_str()))
        {
            *w = capitalise(w);
        }
    }
}

/// Rewrites the ALL CAPS headline of every other document that has one into Title Case, and one
/// body sentence in `body_every` (0: none) into Title Case.
pub(crate) fn recase_for_titles(docs: &mut [Document], body_every: usize) {
    let mut with_caps_headline = 0usize;
    let mut body_sentences = 0usize;
    for doc in docs.iter_mut() {
        for s in doc.sentences.iter_mut().skip(1) {
            body_sentences += 1;
            if body_every > 0 && body_sentences % body_every == 0 {
                title_case(&mut s.words, body_sentences % (2 * body_every) == 0);
            }
        }
        let Some(headline) = doc.sentences.first() else {
            continue;
        };
        let letters: Vec<&String> = headline
            .words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        if letters.len() < 2 || !letters.iter().all(|w| is_all_caps(w)) {
            continue;
        }
        with_caps_headline += 1;
        if with_caps_headline % 2 == 0 {
            continue;
        }
        // The casing each word has inside the body, away from sentence starts.
        let mut body_form: HashMap<String, String> = HashMap::new();
        for s in &doc.sentences[1..] {
            for w in s
                .words
                .iter()
                .skip(1)
                .filter(|w| !is_all_caps(w) || w.chars().count() > 1)
            {
                body_form
                    .entry(w.to_lowercase())
                    .or_insert_with(|| w.clone());
            }
        }
        let headline = &mut doc.sentences[0];
        for w in headline.words.iter_mut() {
            let lower = w.to_lowercase();
            *w = match body_form.get(&lower) {
                Some(form) if form.starts_with(char::is_uppercase) => form.clone(),
                _ => lower,
            };
        }
        title_case(&mut headline.words, with_caps_headline % 4 == 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::Sentence;

    fn doc(sentences: &[&str]) -> Document {
        Document {
            sentences: sentences
                .iter()
                .map(|s| Sentence {
                    words: s.split(' ').map(String::from).collect(),
                    spans: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn rewrites_every_other_caps_headline_with_body_casing() {
        let mut docs = vec![
            doc(&[
                "EU TALKS ON RUSSIA TO RESUME",
                "Officials of the EU said talks with Russia would resume .",
            ]),
            doc(&["MARKETS RALLY", "Stocks rose ."]),
            doc(&["Not a caps headline", "Body ."]),
            doc(&["BANKS OF THE WORLD UNITE", "The banks of the world met ."]),
        ];
        recase_for_titles(&mut docs, 0);
        assert_eq!(
            docs[0].sentences[0].words.join(" "),
            "EU Talks on Russia to Resume"
        );
        assert_eq!(docs[1].sentences[0].words.join(" "), "MARKETS RALLY");
        assert_eq!(docs[2].sentences[0].words.join(" "), "Not a caps headline");
        assert_eq!(
            docs[3].sentences[0].words.join(" "),
            "Banks Of The World Unite"
        );
    }

    #[test]
    fn title_cases_body_sentences_in_both_styles() {
        let mut docs = vec![doc(&[
            "Headline here",
            "the talks in Geneva ended .",
            "a deal with the EU was signed .",
        ])];
        recase_for_titles(&mut docs, 1);
        assert_eq!(
            docs[0].sentences[1].words.join(" "),
            "The Talks In Geneva Ended ."
        );
        assert_eq!(
            docs[0].sentences[2].words.join(" "),
            "A Deal with the EU Was Signed ."
        );
    }
}
