//! newsdex's data layer: everything that turns articles into index bytes and reads those bytes
//! back, shared by the build script that embeds the seeds index and by the search runtime.
//!
//! # Overview of types
//! - [`Analyzer`]: text → folded, stemmed terms with byte offsets (one analyser for indexing
//!   and for queries).
//! - [`Article`], [`CorpusReader`], [`parse_seed_text`], [`parse_jsonl`]: reading corpora.
//! - [`IndexBuilder`]: articles → index bytes, in memory or, with [`SpillOptions`], within a
//!   memory budget ([`spill`]: the temporary files).
//! - [`format`]: the byte layout, with a reader beside each writer
//!   ([`format::container::Container`] checks label, version, length and checksum).
//! - [`sort`]: sorting shared by every caller, so that the wasm modules hold one sort.
//! - [`Error`]: every failure, with where and what.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod analysis;
mod appended;
mod builder;
pub mod corpus;
pub mod entities;
mod error;
pub mod format;
mod runs;
pub mod sort;
pub mod spill;
mod word_table;

pub use analysis::{Analyzer, Token};
pub use builder::{BuildOptions, BuildSummary, IndexBuilder, SpillOptions};
pub use corpus::{
    article_from_object, parse_jsonl, parse_seed_text, Article, CorpusReader, Warning,
};
pub use error::{Error, ErrorKind, Origin, Result};
