//! newsdex's data layer: the pipeline from articles to an index (read, analyse, link the
//! entities, build), shared by the build script that embeds the seeds index, the CLI, the
//! recogniser module and the search runtime (which analyses queries as articles were
//! analysed). The bytes it writes are `newsdex-format`'s.
//!
//! # Overview of types
//! - [`Analyzer`]: text → folded, stemmed terms with byte offsets (one analyser for indexing
//!   and for queries); [`Language`]: an article's language and how its words are stemmed.
//! - [`Article`], [`CorpusReader`], [`parse_seed_text`], [`parse_jsonl`]: reading corpora.
//! - [`entities`]: linking the recogniser's mentions within an article and across the corpus,
//!   entity ids, and the entity sections written from them.
//! - [`facets`]: the site facet fields chosen at build; [`day_of`], [`Period`]: days of
//!   articles and of queries.
//! - [`IndexBuilder`]: articles → index bytes, in memory or, with [`SpillOptions`], within a
//!   memory budget; [`ParallelBuilder`] (feature `parallel`, native only) tags its articles
//!   on every core.
//! - [`bm25`]: BM25F's weights and the impacts written beside long postings.
//! - [`sort`]: sorting shared by every caller, so that the wasm modules hold one sort.
//! - [`Error`]: every failure, with where and what; what the format refuses is wrapped.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod analysis;
mod appended;
pub mod bm25;
mod builder;
pub mod corpus;
pub mod entities;
mod error;
pub mod facets;
pub mod language;
#[cfg(feature = "parallel")]
mod parallel;
mod runs;
pub mod sort;
pub mod stories;
pub mod vectors;
mod word_table;

pub use analysis::{Analyzer, Token};
pub use builder::{BuildOptions, BuildSummary, IndexBuilder, SpillOptions, StepHook};
pub use corpus::date::{day_of, parse_day, Period};
pub use corpus::{
    article_from_object, parse_jsonl, parse_seed_text, Article, CorpusReader, Warning,
};
pub use error::{Error, ErrorKind, Origin, Result};
pub use language::Language;
#[cfg(feature = "parallel")]
pub use parallel::ParallelBuilder;
