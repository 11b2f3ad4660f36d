//! Answering a request: the articles a plan matches, read from the postings (or a sharded
//! index's chunks, naming what must be fetched first), with their scores.

pub(crate) mod best;
pub(crate) mod docs;
pub(crate) mod fewest;
#[cfg(test)]
mod fixtures;
pub(crate) mod headlines;
pub(crate) mod last;
pub(crate) mod memo;
pub(crate) mod phrase;
pub(crate) mod postings;
pub(crate) mod proximity;
pub(crate) mod request;
pub(crate) mod search;
pub(crate) mod text_match;
