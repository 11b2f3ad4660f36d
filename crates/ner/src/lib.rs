//! Named-entity recogniser for newsdex (PER, LOC, ORG, MISC).
//!
//! A two-stage averaged structured perceptron over BILOU labels with Viterbi decoding. The first
//! stage reads local features (the word, its shape, affixes and neighbours, the case of the line,
//! gazetteers); the second adds what the first stage said about the same word elsewhere in the
//! document, which keeps names consistent across an article. Text is tokenised CoNLL-style and
//! results are byte offsets into the input.
//!
//! ```
//! use newsdex_ner::{EntityType, Model};
//! let text = "John Kerry flew to Aleppo.";
//! let found = Model::embedded().tag(text);
//! assert!(found.iter().any(|m| &text[m.start..m.end] == "Aleppo" && m.kind == EntityType::Loc));
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod augment;
mod clusters;
mod conll;
mod consistency;
mod corpus;
mod credits;
mod cues;
mod decode;
mod document;
mod entity;
mod error;
mod eval;
mod features;
mod gazetteer;
mod labels;
mod lanes;
mod model;
mod model_format;
pub mod once;
mod outlets;
mod perceptron;
mod pipeline;
mod prehashed;
mod quantize;
mod roles;
mod scorer;
mod silver;
mod titles;
mod tokenize;
mod train;
mod word_sums;

pub use conll::split_held_out;
pub use corpus::{corpus_type, CorpusVotes, MAJORITY_RATIO, MIN_MAJORITY};
pub use credits::credits;
pub use entity::{EntityType, Mention, SectionKind};
pub use error::{Error, ErrorKind};
pub use eval::{EvalReport, Scores};
pub use gazetteer::normalize_entry;
pub use model::Model;
pub use model_format::{LABEL as MODEL_LABEL, VERSION as MODEL_VERSION};
pub use silver::{SilverName, SilverSentence};
pub use titles::{is_honorific, is_title_word};
pub use tokenize::{split_sentences, tokenize, Token};
pub use train::{evaluate, evaluate_in_corpus, train, train_with_silver, TrainOptions};

/// The names of the gazetteer lists, in the order of their bits in `gazetteers/names.fst`.
pub fn gazetteer_names() -> Vec<&'static str> {
    [&gazetteer::NAMES[..], &gazetteer::CITY_NAMES[..]].concat()
}
