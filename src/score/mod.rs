//! Scores and order: BM25F, scored lists merged in doc order, and the page ranked.

pub(crate) mod merge;
pub(crate) mod rank;
pub(crate) mod scoring;
