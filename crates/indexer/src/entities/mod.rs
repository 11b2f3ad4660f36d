//! Named entities in the index: linking the recogniser's mentions within an article
//! ([`link`]) and across the corpus ([`registry`]), with the name keys and ids both use
//! ([`names`]).

pub mod link;
pub mod names;
pub mod registry;

pub use link::{link_article, ArticleEntity, FoundMention, LinkedArticle, LinkedMention, Span};
pub use names::{key, person_name, slug};
pub use registry::{Entity, EntityRegistry, EntityTables};
