//! The JSON shape of results, shared by the wasm API and `newsdex search --json`: camelCase
//! names, absent values as `null`, and marks as `[start, end]` pairs of **UTF-16 code unit**
//! offsets, so `text.slice(start, end)` in JavaScript is the marked text.

use serde::Serialize;

use crate::results::{ArticleView, Hit, Mark, SearchResults};

/// [`SearchResults`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireResults<'a> {
    /// See [`SearchResults::total`].
    pub total: usize,
    /// See [`SearchResults::took_ms`].
    pub took_ms: f64,
    /// See [`SearchResults::hits`].
    pub hits: Vec<WireHit<'a>>,
}

/// A [`Hit`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHit<'a> {
    /// See [`Hit::id`].
    pub id: &'a str,
    /// See [`Hit::title`].
    pub title: &'a str,
    /// See [`Hit::source`].
    pub source: Option<&'a str>,
    /// See [`Hit::date`].
    pub date: Option<&'a str>,
    /// See [`Hit::url`].
    pub url: Option<&'a str>,
    /// See [`Hit::score`].
    pub score: f32,
    /// See [`Hit::title_marks`].
    pub title_marks: Vec<[usize; 2]>,
    /// See [`Hit::snippet`].
    pub snippet: WireSnippet<'a>,
}

/// A snippet in wire form.
#[derive(Serialize)]
pub struct WireSnippet<'a> {
    /// The passage.
    pub text: &'a str,
    /// The matches, as UTF-16 offsets.
    pub marks: Vec<[usize; 2]>,
}

/// An [`ArticleView`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireArticle<'a> {
    /// See [`ArticleView::id`].
    pub id: &'a str,
    /// See [`ArticleView::title`].
    pub title: &'a str,
    /// See [`ArticleView::source`].
    pub source: Option<&'a str>,
    /// See [`ArticleView::date`].
    pub date: Option<&'a str>,
    /// See [`ArticleView::url`].
    pub url: Option<&'a str>,
    /// See [`ArticleView::section`].
    pub section: Option<&'a str>,
    /// See [`ArticleView::description`].
    pub description: &'a str,
    /// See [`ArticleView::body`].
    pub body: &'a str,
    /// See [`ArticleView::title_marks`].
    pub title_marks: Vec<[usize; 2]>,
    /// See [`ArticleView::description_marks`].
    pub description_marks: Vec<[usize; 2]>,
    /// See [`ArticleView::marks`].
    pub marks: Vec<[usize; 2]>,
}

fn optional(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

impl<'a> From<&'a SearchResults> for WireResults<'a> {
    fn from(results: &'a SearchResults) -> WireResults<'a> {
        WireResults { total: results.total, took_ms: results.took_ms, hits: results.hits.iter().map(WireHit::from).collect() }
    }
}

impl<'a> From<&'a Hit> for WireHit<'a> {
    fn from(hit: &'a Hit) -> WireHit<'a> {
        WireHit {
            id: &hit.id,
            title: &hit.title,
            source: optional(&hit.source),
            date: optional(&hit.date),
            url: optional(&hit.url),
            score: hit.score,
            title_marks: utf16_marks(&hit.title, &hit.title_marks),
            snippet: WireSnippet { text: &hit.snippet.text, marks: utf16_marks(&hit.snippet.text, &hit.snippet.marks) },
        }
    }
}

impl<'a> From<&'a ArticleView> for WireArticle<'a> {
    fn from(article: &'a ArticleView) -> WireArticle<'a> {
        WireArticle {
            id: &article.id,
            title: &article.title,
            source: optional(&article.source),
            date: optional(&article.date),
            url: optional(&article.url),
            section: optional(&article.section),
            description: &article.description,
            body: &article.body,
            title_marks: utf16_marks(&article.title, &article.title_marks),
            description_marks: utf16_marks(&article.description, &article.description_marks),
            marks: utf16_marks(&article.body, &article.marks),
        }
    }
}

/// One token of analysed text in wire form.
#[derive(Serialize)]
pub struct WireToken {
    /// The term as the index stores it (folded and stemmed).
    pub term: String,
    /// UTF-16 offset of the word's start.
    pub start: usize,
    /// UTF-16 offset just past the word.
    pub end: usize,
}

/// The analyser's tokens of `text`, with UTF-16 offsets.
///
/// ```
/// let tokens = newsdex::wire::tokens("🙂 Kerry’s calls");
/// assert_eq!((tokens[0].term.as_str(), tokens[0].start, tokens[0].end), ("kerri", 3, 10));
/// ```
pub fn tokens(text: &str) -> Vec<WireToken> {
    let tokens = newsdex_indexer::Analyzer::new().tokens(text);
    let spans: Vec<Mark> = tokens.iter().map(|t| t.start..t.end).collect();
    tokens.into_iter().zip(utf16_marks(text, &spans)).map(|(t, [start, end])| WireToken { term: t.term, start, end }).collect()
}

/// Converts sorted byte-offset marks into UTF-16 offsets in one pass over `text`.
///
/// ```
/// let text = "🙂 Zürich";
/// assert_eq!(newsdex::wire::utf16_marks(text, &[5..12]), [[3, 9]]);
/// ```
pub fn utf16_marks(text: &str, marks: &[Mark]) -> Vec<[usize; 2]> {
    let mut byte = 0;
    let mut unit = 0;
    let mut advance = |to: usize| {
        let to = to.min(text.len());
        if to > byte {
            unit += text.get(byte..to).map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>());
            byte = to;
        }
        unit
    };
    marks.iter().map(|mark| [advance(mark.start), advance(mark.end)]).collect()
}
