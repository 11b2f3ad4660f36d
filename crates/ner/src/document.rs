//! A document as both stages of the recogniser see it: its tokens and the sentences over them,
//! and the kinds of document-level evidence the second stage reads.

use std::ops::Range;

/// A sentence of a document as the feature extractor sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SentenceInfo {
    /// Token indices in the document.
    pub tokens: Range<usize>,
    /// Whether the sentence is a headline, where capitals say less.
    pub headline: bool,
}

/// A document: flat tokens and the sentences over them.
pub(crate) struct DocInput<'a> {
    pub words: Vec<&'a str>,
    pub sentences: Vec<SentenceInfo>,
}

impl<'a> DocInput<'a> {
    /// A document of `text` tokenised into `tokens` and cut into sentences (a `tokens` given
    /// by the caller, which keeps it to map names back to offsets).
    pub(crate) fn of_text(text: &'a str, tokens: &mut Vec<crate::tokenize::Token>) -> DocInput<'a> {
        crate::tokenize::tokenize(text, tokens);
        let mut ranges = Vec::new();
        crate::tokenize::split_sentences(text, tokens, &mut ranges);
        DocInput::from_sentences(
            ranges
                .iter()
                .map(|r| tokens[r.clone()].iter().map(|t| &text[t.start..t.end])),
        )
    }

    /// A document of these sentences, each given as its words, none of them a headline.
    pub(crate) fn from_sentences<S>(sentences: impl IntoIterator<Item = S>) -> DocInput<'a>
    where
        S: IntoIterator<Item = &'a str>,
    {
        let mut words = Vec::new();
        let mut infos = Vec::new();
        for s in sentences {
            let start = words.len();
            words.extend(s);
            infos.push(SentenceInfo {
                tokens: start..words.len(),
                headline: false,
            });
        }
        DocInput {
            words,
            sentences: infos,
        }
    }
}

/// The kind of a non-local feature.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// The word was given this type (or `O`, as 4) at another occurrence.
    Type,
    /// The type most often given to the word elsewhere.
    Major,
    /// The word stood at this part (type × B/I/L) of a longer name elsewhere.
    Part,
    /// Every other occurrence got this one type.
    Only,
    /// A word next to another occurrence of the word (side and word hashed together).
    Context,
}
