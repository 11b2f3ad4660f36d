//! Named entities in the index: linking the recogniser's mentions within an article
//! ([`link`]) and across the corpus ([`registry`]), with the name keys and ids both use
//! ([`names`]), and the entity sections written from the result ([`sections`]).

pub mod link;
pub mod names;
pub mod registry;
pub mod sections;

pub use link::{link_article, ArticleEntity, FoundMention, LinkedArticle, LinkedMention};
pub use names::{entity_id, key, person_name, slug};
pub use registry::{DocMentions, Entity, EntityRegistry, EntityTables, KnownEntity};
pub use sections::find_by_id;
