//! What a request gives back: hits with snippets and marks, articles, entities, facets and
//! suggestions, as Rust values (byte offsets) and in wire form (UTF-16 offsets).

pub(crate) mod article;
pub(crate) mod entities;
pub(crate) mod facets;
pub(crate) mod highlight;
pub(crate) mod results;
pub(crate) mod stories;
pub mod wire;
