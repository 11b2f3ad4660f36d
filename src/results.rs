//! What searches and article requests return. Offsets here are byte offsets into the strings
//! beside them (idiomatic for Rust); [`crate::wire`] turns them into the UTF-16 offsets that
//! JavaScript and the CLI's JSON use.

use std::ops::Range;

use crate::error::{ErrorKind, Result};

/// A marked span of text: bytes `start..end` of the text it belongs to.
pub type Mark = Range<usize>;

/// The most hits one search returns.
pub const MAX_LIMIT: usize = 1000;

/// Paging for a search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// How many hits to return (default 10, at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// How many of the best hits to skip.
    pub offset: usize,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions { limit: 10, offset: 0 }
    }
}

impl SearchOptions {
    /// Checks the options' ranges.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] when `limit` is over [`MAX_LIMIT`].
    pub fn check(&self) -> Result<()> {
        if self.limit > MAX_LIMIT {
            return Err(ErrorKind::InvalidOption { name: "limit", message: format!("must be at most {MAX_LIMIT}, not {}", self.limit) }.into());
        }
        Ok(())
    }
}

/// The answer to a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// How long the search took, in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
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
    /// The relevance score (higher is better; comparable within one search).
    pub score: f32,
    /// The query's matches in the title.
    pub title_marks: Vec<Mark>,
    /// The best passage of the text.
    pub snippet: Snippet,
}

/// A passage of an article with the query's matches marked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The passage, with `…` where it was cut from longer text and line breaks as spaces.
    pub text: String,
    /// The matches in `text`.
    pub marks: Vec<Mark>,
}

/// An article as the article view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleView {
    /// The id.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The outlet or agency.
    pub source: String,
    /// The date, ISO 8601.
    pub date: String,
    /// The address.
    pub url: String,
    /// The publication section.
    pub section: String,
    /// The standfirst.
    pub description: String,
    /// The text, paragraphs separated by a blank line.
    pub body: String,
    /// The query's matches in `title`.
    pub title_marks: Vec<Mark>,
    /// The query's matches in `description`.
    pub description_marks: Vec<Mark>,
    /// The query's matches in `body`.
    pub marks: Vec<Mark>,
}
