//! newsdex: client-side search over news articles, compiled to WebAssembly.
//!
//! The same core runs natively (the `newsdex` CLI, the build script) and in the browser; only
//! the `newsdex-wasm` crate knows about JavaScript.
//!
//! # Overview of types
//! - [`Index`]: opened index bytes; [`Index::search`], [`Index::article`], [`Index::stats`].
//!   [`Index::embedded`] is the seeds index compiled into the library. [`Sharded`]: a sharded
//!   index's core, whose requests name the chunk bytes they need.
//! - [`SearchOptions`] → [`SearchResults`] of [`Hit`]s with [`Snippet`]s; [`ArticleView`].
//!   Marks are byte ranges here; [`wire`] gives the JSON/JavaScript shape with UTF-16 offsets.
//! - [`query`]: the query language.
//! - Named entities: [`Hit::entities`], [`SearchResults::facets`], [`ArticleView::mentions`],
//!   [`Index::entity`], [`Index::suggest`], and [`entities`] for any text.
//! - [`IndexBuilder`], [`CorpusReader`], [`Article`]: building an index (from the data layer,
//!   `newsdex-index`).
//! - [`Error`]: every failure, with a message that starts with `newsdex:`.
//!
//! ```
//! use newsdex::{Article, BuildOptions, Index, IndexBuilder, SearchOptions};
//!
//! let mut builder = IndexBuilder::new(BuildOptions::default());
//! builder.insert(&Article {
//!     id: "a1".into(),
//!     title: "Kerry meets Lavrov".into(),
//!     body: "The talks in Geneva were about Syria.".into(),
//!     ..Article::default()
//! })?;
//! let index = Index::from_bytes(builder.finish()?)?;
//! let results = index.search("syri", &SearchOptions::default())?;
//! assert_eq!(results.hits[0].id, "a1");
//! let snippet = &results.hits[0].snippet;
//! assert_eq!(&snippet.text[snippet.marks[0].clone()], "Syria");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[cfg(feature = "seeds")]
mod embedded;
mod error;
mod index;
pub mod query;
mod read;
mod score;
mod segments;
mod update;
mod views;

#[cfg(feature = "seeds")]
pub use embedded::SEEDS_INDEX;
pub use error::{Error, ErrorKind, Result};
pub use index::sharded::{Sharded, Step, MAX_FETCH_ROUNDS};
pub use index::{Index, Stats};
pub use newsdex_index::{
    day_of, parse_day, Article, BuildOptions, CorpusReader, IndexBuilder, Language, SpillOptions,
    Warning,
};
pub use newsdex_ner::EntityType;
#[cfg(feature = "segments")]
pub use segments::copies;
#[cfg(feature = "segments")]
pub use segments::manifest;
#[cfg(feature = "segments")]
pub use segments::related;
#[cfg(feature = "segments")]
pub use segments::segmented::{Part, PartRange, Segmented};
pub use update::{changed_articles, Changes};
pub use views::entities::{entities, entities_with_credits};
pub use views::results::{
    ArticleView, EntityRef, EntitySuggestion, EntityView, FacetCount, Facets, FieldFacet, Hit,
    Mark, MentionView, PeriodCount, RelatedEntity, SearchOptions, SearchResults, Snippet, Sort,
    Suggestions, TaggedName, ValueCount, WordSuggestion, MAX_LIMIT,
};
pub use views::stories::MAX_RELATED;
pub use views::wire;

impl<B: AsRef<[u8]>> Index<B> {
    /// Searches the index. See [`query`] for the query language.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] for a limit over [`MAX_LIMIT`]; [`ErrorKind::Format`] if
    /// the index turns out to be damaged where the checks on opening could not see.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        read::search::search(&self.view()?, query, options, None)
    }

    /// The article with `id`, with the matches of `query` marked when one is given.
    ///
    /// ```
    /// let index = newsdex::Index::embedded()?;
    /// let view = index.article("000_5ea1769a20fb7706", Some("aleppo"))?;
    /// assert_eq!(&view.article.body[view.marks[0].clone()], "Aleppo");
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::UnknownArticle`], or [`ErrorKind::NoStore`] for an index built without
    /// the document store.
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<ArticleView> {
        views::article::article(&self.view()?, id, query)
    }

    /// The entity with `id` (as found in hits, mentions and facets).
    ///
    /// ```
    /// let index = newsdex::Index::embedded()?;
    /// let lavrov = index.entity("per/sergei-lavrov")?;
    /// assert_eq!(lavrov.articles, 2);
    /// assert!(lavrov.aliases.contains(&"Sergey Lavrov".to_owned()));
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::UnknownEntity`].
    pub fn entity(&self, id: &str) -> Result<EntityView> {
        views::entities::entity_by_id(&self.view()?, id, true)
    }

    /// The entity with `id` as [`Index::entity`] gives it, but with an empty `timeline` and
    /// `related`: what a name or a tooltip needs, from the entity's record alone.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownEntity`].
    pub fn entity_brief(&self, id: &str) -> Result<EntityView> {
        views::entities::entity_by_id(&self.view()?, id, false)
    }

    /// The stories most like article `id`, best first, at most `limit` (at most
    /// [`MAX_RELATED`]): hits as [`Index::search`]'s, unmarked and scored 0. Worked out at
    /// build from the articles' rarest shared terms and entities; no copy of the article's
    /// own story is among them, and no two copies of another's.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownArticle`]; [`ErrorKind::InvalidOption`] for a `limit` over
    /// [`MAX_RELATED`].
    pub fn related(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        views::stories::related(&self.view()?, id, limit)
    }

    /// The ids of the other copies of article `id`'s story (the same story re-sent, corrected
    /// or lightly edited, found at build), in index order.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownArticle`].
    pub fn duplicates(&self, id: &str) -> Result<Vec<String>> {
        views::stories::duplicates(&self.view()?, id)
    }

    /// Completions of entity names and words for `text` as typed in a search box.
    pub fn suggest(&self, text: &str) -> Result<Suggestions> {
        views::entities::suggest(&self.view()?, text)
    }

    /// The names in any `text` (the recogniser runs on it), each linked to this index's entity
    /// of its type with that name as an alias, if there is one.
    ///
    /// ```
    /// let index = newsdex::Index::embedded()?;
    /// let names = index.entities("Sergei Lavrov spoke to John Kerry in Aleppo.")?;
    /// let linked: Vec<Option<&str>> = names.iter().map(|n| n.entity.as_deref()).collect();
    /// assert_eq!(linked, [Some("per/sergei-lavrov"), Some("per/john-kerry"), Some("loc/aleppo")]);
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    pub fn entities(&self, text: &str) -> Result<Vec<TaggedName>> {
        views::entities::linked_entities(&self.view()?, text)
    }

    /// The id of this index's entity of type `kind` that has `name` as an alias (the one in
    /// most articles when several do): how [`Index::entities`] links what the recogniser found,
    /// for names found elsewhere (the recogniser's own wasm module, say).
    ///
    /// ```
    /// use newsdex::EntityType;
    /// let index = newsdex::Index::embedded()?;
    /// assert_eq!(index.link(EntityType::Per, "Sergey Lavrov")?.as_deref(), Some("per/sergei-lavrov"));
    /// assert_eq!(index.link(EntityType::Loc, "Sergey Lavrov")?, None);
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    pub fn link(&self, kind: EntityType, name: &str) -> Result<Option<String>> {
        views::entities::link(&self.view()?, kind, name)
    }

    /// The matches of `query` in any `text` (a page's own article, say), marked as in results.
    ///
    /// ```
    /// let index = newsdex::Index::embedded()?;
    /// let text = "Kerry was condemning the attacks on Aleppo.";
    /// let marks = index.marks(text, "condemn aleppo ")?;
    /// assert_eq!(marks.iter().map(|m| &text[m.clone()]).collect::<Vec<_>>(), ["condemning", "Aleppo"]);
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    pub fn marks(&self, text: &str, query: &str) -> Result<Vec<Mark>> {
        views::highlight::marks(&self.view()?, text, query)
    }

    /// Every article of the index, in the order they were built, read back from its document
    /// store with their site facet values: what [`Index::changed`] builds again.
    ///
    /// # Errors
    /// [`ErrorKind::NoStore`] for an index built without the document store.
    pub fn articles(&self) -> Result<Vec<Article>> {
        update::stored_articles(&self.view()?, 0..u32::MAX)
    }

    /// The options the index was built with (store, entities; the packed postings and deflated
    /// store of an index built to be split) and its site facet fields, for building it again.
    ///
    /// # Errors
    /// [`ErrorKind::Format`] for a sharded index whose core is damaged.
    pub fn build_options(&self) -> Result<(BuildOptions, Vec<String>)> {
        Ok(update::build_options(
            &self.view()?,
            self.chunks().is_some(),
        ))
    }

    /// The bytes of this index with `add` added (replacing the articles with the same ids) and
    /// the articles with ids in `remove` removed, built with the same options: the same bytes
    /// as a build from scratch of [`changed_articles`].
    ///
    /// ```
    /// use newsdex::{Article, Index, SearchOptions};
    /// let seeds = Index::embedded()?;
    /// let added = Article { id: "late".into(), title: "Lavrov in Aleppo".into(), body: "Talks.".into(), ..Article::default() };
    /// let grown = Index::from_bytes(seeds.changed(vec![added], &[])?)?;
    /// assert_eq!(grown.search("lavrov", &SearchOptions::default())?.total, 3);
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::NoStore`] for an index built without the document store (it has no text to
    /// build again), [`ErrorKind::UnknownArticle`] for an id in `remove` that no article has,
    /// and the build's errors ([`ErrorKind::Data`]).
    #[cfg(feature = "build")]
    pub fn changed(&self, add: Vec<Article>, remove: &[String]) -> Result<Vec<u8>> {
        let articles = changed_articles(self.articles()?, add, remove)?;
        let (options, facets) = self.build_options()?;
        let mut builder = IndexBuilder::new(options);
        builder.set_facets(&facets)?;
        for article in &articles {
            builder.insert(article)?;
        }
        Ok(builder.finish()?)
    }
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
