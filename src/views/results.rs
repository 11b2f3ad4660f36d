//! What searches and article requests return. Offsets here are byte offsets into the strings
//! beside them (idiomatic for Rust); [`crate::views::wire`] turns them into the UTF-16 offsets that
//! JavaScript and the CLI's JSON use.

use std::ops::Range;

use newsdex_ner::EntityType;

use crate::error::{ErrorKind, Result};
use crate::Article;

/// A marked span of text: bytes `start..end` of the text it belongs to.
pub type Mark = Range<usize>;

/// The most hits one search returns.
pub const MAX_LIMIT: usize = 1000;

/// Paging, order and extras for a search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchOptions {
    /// How many hits to return (default 10, at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// How many of the best hits to skip.
    pub offset: usize,
    /// Count the entities, sources, dates and site facet values of all matching articles
    /// (default on).
    pub facets: bool,
    /// The order of the hits (default [`Sort::Relevance`]).
    pub sort: Sort,
    /// Blend relevance with recency: a match's score is multiplied by `1 + 2^(−age / half
    /// life)`, its age in days counted from `now`, so that today's match counts up to twice
    /// what it would, one a half-life old one and a half times, an old one as it did. An article
    /// without a date is not raised. The half-life in days, over 0.
    pub recency: Option<f32>,
    /// The day recency counts from (see [`crate::day_of`]; by default the newest article's).
    pub now: Option<u32>,
    /// One hit per story: of the matches that are copies of one story (found at build), only
    /// the best is a hit, listing the others in [`Hit::duplicates`], and `total` counts
    /// stories (default off).
    pub collapse: bool,
}

/// The order of a search's hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first; the best match first among articles of one day; articles without a date
    /// last.
    Newest,
    /// Oldest first; the best match first among articles of one day; articles without a date
    /// last.
    Oldest,
}

impl Sort {
    /// The order named `relevance`, `newest` or `oldest`.
    pub fn from_name(name: &str) -> Option<Sort> {
        match name {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            facets: true,
            sort: Sort::Relevance,
            recency: None,
            now: None,
            collapse: false,
        }
    }
}

impl SearchOptions {
    /// These options when they ask for a page of hits by relevance and nothing more, rebuilt
    /// from constants: the engine of the first wasm module (feature `lite`) searches with
    /// them, so that the optimiser leaves facets, collapsing and date orders out of it.
    pub fn plain(&self) -> Option<SearchOptions> {
        let plain = SearchOptions {
            limit: self.limit,
            offset: self.offset,
            facets: false,
            sort: Sort::Relevance,
            recency: None,
            now: None,
            collapse: false,
        };
        let same = self.facets == plain.facets
            && self.sort == plain.sort
            && self.recency.is_none()
            && self.now.is_none()
            && self.collapse == plain.collapse;
        same.then_some(plain)
    }

    /// Checks the options' ranges.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] when `limit` is over [`MAX_LIMIT`].
    pub fn check(&self) -> Result<()> {
        if self.limit > MAX_LIMIT {
            return Err(ErrorKind::InvalidOption {
                name: "limit",
                message: format!("must be at most {MAX_LIMIT}, not {}", self.limit),
            }
            .into());
        }
        if self.recency.is_some_and(|d| !(d.is_finite() && d > 0.0)) {
            // Without the value: writing a float would bring Rust's float formatting (about
            // 4 KB brotli) into the search module for this message alone.
            return Err(ErrorKind::InvalidOption {
                name: "recency",
                message: "must be a half-life in days over 0".into(),
            }
            .into());
        }
        Ok(())
    }
}

/// The answer to a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    /// How many articles match in all: those matching the words as typed when they fill the
    /// page (`offset + limit`), else those matching with misspellings too. An estimate when
    /// [`SearchResults::total_exact`] is false.
    pub total: usize,
    /// Whether [`SearchResults::total`] counts every match. A sharded index that answers a
    /// page of several words from their headline lists reads only the matches that can make
    /// the page: the total is then an estimate, at least the matches found and at most the
    /// narrowest word's articles.
    pub total_exact: bool,
    /// How long the search took, in milliseconds (0 in wasm32, whose caller times it).
    pub took_ms: f64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// The entities and sources of all matching articles (when asked for).
    pub facets: Option<Facets>,
}

/// The entities, sources and site facet values that occur in the most matching articles,
/// and when they were published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Per entity type (indexed by [`EntityType::index`]), the top entities.
    pub entities: [Vec<FacetCount>; 4],
    /// The top sources (their `id` is empty).
    pub sources: Vec<FacetCount>,
    /// The matches by period (year, month or day, whichever makes at most about 24), oldest
    /// first, every period from the first match's to the last's, then those without a date.
    pub dates: Vec<PeriodCount>,
    /// Each site facet field of the index, with its top values.
    pub fields: Vec<FieldFacet>,
}

/// Matching articles of one period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodCount {
    /// `1987`, `1987-03` or `1987-03-26`; `None` for articles without a date.
    pub period: Option<String>,
    /// How many.
    pub count: u32,
}

/// A site facet field's top values among the matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldFacet {
    /// The field's name.
    pub name: String,
    /// Its values in the most matches, most first.
    pub values: Vec<ValueCount>,
}

/// One value of a site facet field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueCount {
    /// The value, as first written in the articles.
    pub value: String,
    /// Matching articles with it.
    pub count: u32,
}

/// One facet entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    /// The entity's id.
    pub id: String,
    /// The entity's canonical name, or the source.
    pub name: String,
    /// Matching articles that mention it (or come from it).
    pub count: u32,
}

/// An entity named in a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRef {
    /// Its id.
    pub id: String,
    /// Its type.
    pub kind: EntityType,
    /// Its canonical name.
    pub name: String,
}

/// A mention of an entity in an article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentionView {
    /// Bytes of the text it is in.
    pub span: Range<usize>,
    /// Its entity's type.
    pub kind: EntityType,
    /// Its entity's id.
    pub entity: String,
}

/// An entity of the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityView {
    /// Its id.
    pub id: String,
    /// Its type.
    pub kind: EntityType,
    /// Its canonical name.
    pub name: String,
    /// Every spelling of it in the corpus, most mentioned first.
    pub aliases: Vec<String>,
    /// How many articles mention it.
    pub articles: u32,
    /// How many times it is mentioned in all.
    pub mentions: u32,
    /// Its articles by period (year, month or day, as [`Facets::dates`]).
    pub timeline: Vec<PeriodCount>,
    /// The entities in most of its articles, most first.
    pub related: Vec<RelatedEntity>,
}

/// An entity in some of another's articles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelatedEntity {
    /// The entity.
    pub entity: EntityRef,
    /// How many articles mention both.
    pub count: u32,
}

/// A name the recogniser found in arbitrary text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedName {
    /// Bytes of the text.
    pub span: Range<usize>,
    /// Its type.
    pub kind: EntityType,
    /// The id of the index's entity of that type with this name as an alias, when an index
    /// was asked (the one in most articles, if several share the name).
    pub entity: Option<String>,
}

/// Completions for what the user is typing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggestions {
    /// Entities whose name (or a word of it) starts with the text, in most articles first.
    pub entities: Vec<EntitySuggestion>,
    /// Words starting with the text's last word, in most articles first.
    pub words: Vec<WordSuggestion>,
}

/// A suggested entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySuggestion {
    /// The entity.
    pub entity: EntityRef,
    /// How many articles mention it.
    pub articles: u32,
}

/// A suggested word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordSuggestion {
    /// The word, folded (lower case, without diacritics), as the index knows it.
    pub word: String,
    /// How many articles hold it (or another form of the same stem).
    pub articles: u32,
}

/// One matching article.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// The headline (empty without a document store).
    pub title: String,
    /// The outlet or agency (empty when unknown).
    pub source: String,
    /// The date, ISO 8601 (empty when unknown).
    pub date: String,
    /// The address (empty when unknown).
    pub url: String,
    /// The article's language tag, as the build took it (`en` for English; empty without a
    /// document store).
    pub lang: String,
    /// The relevance score (higher is better; comparable within one search).
    pub score: f32,
    /// The query's matches in the title.
    pub title_marks: Vec<Mark>,
    /// The best passage of the text.
    pub snippet: Snippet,
    /// The entities the article mentions most, most mentioned first.
    pub entities: Vec<EntityRef>,
    /// With [`SearchOptions::collapse`], the ids of the other matches that are copies of this
    /// story, in index order; else empty.
    pub duplicates: Vec<String>,
}

/// A passage of an article with the query's matches marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, with `…` where it was cut from longer text and line breaks as spaces.
    pub text: String,
    /// The matches in `text`.
    pub marks: Vec<Mark>,
}

/// An article as the article view shows it: its stored fields, a query's matches in them and
/// its entity mentions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleView {
    /// The article as stored. Its `lang` is the language tag the build took (`en` for English);
    /// its `facets` are left empty ([`crate::Index::articles`] reads them).
    pub article: Article,
    /// The query's matches in `title`.
    pub title_marks: Vec<Mark>,
    /// The query's matches in `description`.
    pub description_marks: Vec<Mark>,
    /// The query's matches in `body`.
    pub marks: Vec<Mark>,
    /// The entity mentions in `title`.
    pub title_mentions: Vec<MentionView>,
    /// The entity mentions in `description`.
    pub description_mentions: Vec<MentionView>,
    /// The entity mentions in `body`.
    pub mentions: Vec<MentionView>,
}
