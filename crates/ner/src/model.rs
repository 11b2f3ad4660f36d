//! The trained tagger: loading, saving and tagging text, sections and CoNLL documents.

use std::cell::RefCell;
use std::sync::OnceLock;

use crate::conll::Document;
use crate::consistency::harmonise;
use crate::corpus::CorpusVotes;
use crate::credits::credit_ranges;
use crate::cues::{drop_headline_openers, key, type_products};
use crate::document::{DocInput, SentenceInfo};
use crate::entity::{EntityType, Mention, SectionKind};
use crate::error::Error;
use crate::eval::EvalReport;
use crate::labels::{spans_from_labels, Span};
use crate::model_format;
use crate::perceptron::WeightTable;
use crate::pipeline::Workspace;
use crate::roles::type_roles;
use crate::scorer::Scorer;
use crate::titles::fix_name_edges;
use crate::tokenize::{split_sentences, tokenize, Token};

/// A trained named-entity tagger: the weights of both stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    scorer: Scorer,
}

/// The most tokens tagged as one document: ten times a long article. Tagging keeps about 0.9 KB
/// per token of the document being tagged, and wasm memory never shrinks, so this bounds what a
/// page keeps after tagging a long text (about 18 MB; it was 180 MB at 200,000 tokens).
const MAX_DOCUMENT_TOKENS: usize = 20_000;

thread_local! {
    /// Each thread's buffers for tagging, kept from one document to the next: allocated afresh
    /// for each article, they showed in profiles of a build.
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

static EMBEDDED: &[u8] = include_bytes!("../model/newsdex-ner.model");

impl Model {
    pub(crate) fn new(stage1: &WeightTable, stage2: &WeightTable) -> Model {
        Model {
            scorer: Scorer::new(stage1, stage2),
        }
    }

    /// Reads a model written by [`Model::to_bytes`], checking its label, version and checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let (stage1, stage2) = model_format::decode(bytes)?;
        Ok(Model::new(&stage1, &stage2))
    }

    /// The model in its binary file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        model_format::encode(&self.scorer.table(0), &self.scorer.table(1))
    }

    /// The model shipped with the crate (`model/newsdex-ner.model`), decoded on first use.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        crate::once::get_or_make(&MODEL, || {
            Model::from_bytes(EMBEDDED).expect("the embedded model is valid (checked by tests)")
        })
    }

    /// Number of feature rows in the first and second stage.
    pub fn feature_counts(&self) -> (usize, usize) {
        self.scorer.counts()
    }

    /// Finds the names in `text`, read as one document. The names in its bylines and credits
    /// (see [`credits`](crate::credits)) are left out.
    pub fn tag(&self, text: &str) -> Vec<Mention> {
        self.tag_in_pieces(&[(SectionKind::Text, text)], MAX_DOCUMENT_TOKENS, false)
            .pop()
            .unwrap_or_default()
    }

    /// [`Model::tag`] with the names in bylines and credits too ("By Jane Doe", "(Reuters)"),
    /// for a page that chooses to mark them.
    ///
    /// ```
    /// let text = "By Jane Doe\nThe council met.";
    /// let model = newsdex_ner::Model::embedded();
    /// assert!(model.tag(text).is_empty());
    /// let found: Vec<&str> = model.tag_with_credits(text).iter().map(|m| &text[m.start..m.end]).collect();
    /// assert_eq!(found, ["Jane Doe"]);
    /// ```
    pub fn tag_with_credits(&self, text: &str) -> Vec<Mention> {
        self.tag_in_pieces(&[(SectionKind::Text, text)], MAX_DOCUMENT_TOKENS, true)
            .pop()
            .unwrap_or_default()
    }

    /// Tags the sections of one article (title, standfirst, body) as one document, so document-level
    /// consistency spans them; returns one mention list per section, offsets relative to each
    /// section's text.
    pub fn tag_sections(&self, sections: &[(SectionKind, &str)]) -> Vec<Vec<Mention>> {
        self.tag_in_pieces(sections, MAX_DOCUMENT_TOKENS, false)
    }

    /// [`Model::tag_sections`], tagging at most about `max_tokens` tokens as one document, with
    /// the names in bylines and credits when `with_credits`.
    fn tag_in_pieces(
        &self,
        sections: &[(SectionKind, &str)],
        max_tokens: usize,
        with_credits: bool,
    ) -> Vec<Vec<Mention>> {
        let mut tokens: Vec<Token> = Vec::new();
        let mut words = Vec::new();
        let mut sentences = Vec::new();
        let mut sentence_section = Vec::new();
        let mut ranges = Vec::new();
        let mut credits = Vec::new();
        for (n, &(kind, text)) in sections.iter().enumerate() {
            let first = tokens.len();
            tokenize(text, &mut tokens);
            credits.push(credit_ranges(text, &tokens[first..]));
            words.extend(tokens[first..].iter().map(|t| &text[t.start..t.end]));
            ranges.clear();
            split_sentences(text, &tokens[first..], &mut ranges);
            for r in &ranges {
                sentences.push(SentenceInfo {
                    tokens: first + r.start..first + r.end,
                    headline: kind == SectionKind::Headline,
                });
                sentence_section.push(n);
            }
        }
        let mut out = vec![Vec::new(); sections.len()];
        WORKSPACE.with_borrow_mut(|ws| {
            let mut first = 0;
            while first < sentences.len() {
                // Texts far longer than any article are tagged in pieces of whole sentences,
                // which bounds memory; consistency then holds within each piece.
                let start = sentences[first].tokens.start;
                let mut last = first + 1;
                while last < sentences.len() && sentences[last].tokens.end - start <= max_tokens {
                    last += 1;
                }
                let end = sentences[last - 1].tokens.end;
                let doc = DocInput {
                    words: words[start..end].to_vec(),
                    sentences: sentences[first..last]
                        .iter()
                        .map(|s| SentenceInfo {
                            tokens: s.tokens.start - start..s.tokens.end - start,
                            headline: s.headline,
                        })
                        .collect(),
                };
                // A compound adjective ("Paris-based", "San Francisco-based") is no name nor a
                // name's start, so the words after it are read on their own evidence.
                ws.outside.clear();
                for s in &doc.sentences {
                    adjective_words(
                        &doc.words[s.tokens.clone()],
                        s.tokens.start,
                        &mut ws.outside,
                    );
                }
                let (spans, cued) = self.label(&doc, ws);
                ws.outside.clear();
                for ((s, sent_spans), &n) in sentences[first..last]
                    .iter()
                    .zip(spans)
                    .zip(&sentence_section[first..last])
                {
                    let text = sections[n].1;
                    let word = |i: usize| {
                        &text[tokens[s.tokens.start + i].start..tokens[s.tokens.start + i].end]
                    };
                    for span in sent_spans {
                        let name: Vec<&str> = (span.start..span.end).map(word).collect();
                        let mention = Mention {
                            start: tokens[s.tokens.start + span.start].start,
                            end: tokens[s.tokens.start + span.end - 1].end,
                            kind: span.kind,
                            cued: !cued.is_empty() && cued.contains(&key(&name)),
                        };
                        if with_credits
                            || !credits[n]
                                .iter()
                                .any(|c| c.start < mention.end && mention.start < c.end)
                        {
                            out[n].push(mention);
                        }
                    }
                }
                first = last;
            }
        });
        out
    }

    /// Runs the pipeline over one document, returning the names of each sentence and the names
    /// (their [`key`]s) whose type the words around one of their occurrences settled.
    pub(crate) fn label(
        &self,
        doc: &DocInput<'_>,
        ws: &mut Workspace,
    ) -> (Vec<Vec<Span>>, Vec<String>) {
        ws.run(&self.scorer, doc);
        let mut spans: Vec<Vec<Span>> = doc
            .sentences
            .iter()
            .map(|s| {
                let mut out = Vec::new();
                spans_from_labels(&ws.labels[s.tokens.clone()], &mut out);
                out
            })
            .collect();
        fix_name_edges(doc, &mut spans);
        drop_headline_openers(doc, &mut spans);
        harmonise(doc, &mut spans);
        let mut cued = type_products(doc, &mut spans);
        cued.append(&mut type_roles(doc, &mut spans));
        (spans, cued)
    }

    /// Scores the model on parsed CoNLL documents; with `corpus_votes`, the documents are a
    /// corpus whose names vote on their types (see [`CorpusVotes`]) before scoring.
    pub(crate) fn score(&self, docs: &[Document], corpus_votes: bool) -> EvalReport {
        let mut ws = Workspace::default();
        let mut labelled: Vec<(Vec<Vec<Span>>, Vec<String>)> = docs
            .iter()
            .map(|d| self.label(&doc_input(d), &mut ws))
            .collect();
        if corpus_votes {
            let name_of = |d: &Document, si: usize, sp: &Span| {
                d.sentences[si].words[sp.start..sp.end]
                    .join(" ")
                    .to_lowercase()
            };
            let mut votes = CorpusVotes::new();
            for (d, (spans, _)) in docs.iter().zip(&labelled) {
                let names: Vec<(String, EntityType)> = spans
                    .iter()
                    .enumerate()
                    .flat_map(|(si, sent)| sent.iter().map(move |sp| (name_of(d, si, sp), sp.kind)))
                    .collect();
                votes.add_document(names.iter().map(|(k, t)| (k.as_str(), *t)));
            }
            for (d, (spans, cued)) in docs.iter().zip(&mut labelled) {
                for (si, sent) in spans.iter_mut().enumerate() {
                    for sp in sent.iter_mut() {
                        let name = name_of(d, si, sp);
                        if !cued.contains(&name) {
                            sp.kind = votes.kind(&name, sp.kind);
                        }
                    }
                }
            }
        }
        let mut report = EvalReport::default();
        for (d, (spans, _)) in docs.iter().zip(&labelled) {
            for (sentence, predicted) in d.sentences.iter().zip(spans) {
                report.add_sentence(sentence.words.len(), &sentence.spans, predicted);
            }
        }
        report
    }
}

/// Words that make a compound adjective of the name before them ("Paris-based", "US-led").
const ADJECTIVE_ENDINGS: [&str; 9] = [
    "-based", "-led", "-backed", "-owned", "-born", "-funded", "-listed", "-made", "-run",
];

/// Whether `word` is a compound adjective built on a name ("Paris-based"): CoNLL-2003 types these
/// MISC, which the model learnt, but a page's readers and its entity lists do not take them for
/// names, so tagging text leaves them out (scoring on CoNLL data keeps them).
fn is_compound_adjective(word: &str) -> bool {
    ADJECTIVE_ENDINGS.iter().any(|e| {
        word.len() > e.len()
            && word.is_char_boundary(word.len() - e.len())
            && word[word.len() - e.len()..].eq_ignore_ascii_case(e)
    })
}

/// Appends to `out` the tokens (numbered from `first`) of the compound adjectives of one
/// sentence's `words`: a word such as "Francisco-based" with the capitalised words right before
/// it ("San"), at most two, which name the place it is built on.
fn adjective_words(words: &[&str], first: usize, out: &mut Vec<usize>) {
    for (i, w) in words.iter().enumerate() {
        if is_compound_adjective(w) {
            let capitalised = |j: &usize| words[*j].starts_with(char::is_uppercase);
            let start = (i.saturating_sub(2)..i)
                .rev()
                .take_while(capitalised)
                .last()
                .unwrap_or(i);
            out.extend((start..=i).map(|j| first + j));
        }
    }
}

/// The pipeline's view of a CoNLL document.
pub(crate) fn doc_input(d: &Document) -> DocInput<'_> {
    // CoNLL marks no sections, and its ALL CAPS headlines need no help to be read as titles.
    DocInput::from_sentences(
        d.sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType;

    #[test]
    fn a_compound_adjective_keeps_the_place_it_is_built_on() {
        let words: Vec<&str> = "a New York-based and Paris-based firm ; San Francisco-based"
            .split(' ')
            .collect();
        let mut out = Vec::new();
        adjective_words(&words, 10, &mut out);
        assert_eq!(out, [11, 12, 14, 17, 18]);
    }

    #[test]
    fn long_texts_are_tagged_in_pieces_with_the_same_offsets() {
        let text = "John Kerry met Sergei Lavrov in Geneva. ".repeat(5);
        let sections = [(SectionKind::Text, text.as_str())];
        let whole = Model::embedded().tag_in_pieces(&sections, MAX_DOCUMENT_TOKENS, false);
        let pieces = Model::embedded().tag_in_pieces(&sections, 10, false);
        assert_eq!(whole, pieces);
        let geneva: Vec<&str> = whole[0]
            .iter()
            .filter(|m| m.kind == EntityType::Loc)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(geneva, ["Geneva"; 5]);
    }
}
