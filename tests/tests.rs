//! Integration tests of the search layer, the CLI and the index bytes, one binary made of
//! topic modules.

mod cases;
mod common_words;
mod corpus_errors;
mod damaged_index;
mod damaged_model;
mod dates_facets;
mod determinism;
mod languages;
mod limits;
mod misspellings;
mod properties;
mod regressions;
mod segments;
mod sharded;
mod spilling;
mod stories;
mod support;
mod unicode;
mod updates;
