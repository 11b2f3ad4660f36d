//! Reading news as sites publish it: a built site's folder of HTML pages, RSS 2.0, Atom and
//! JSON Feed files and a news sitemap, to the [`Article`]s that the index is built from, as
//! the JSON Lines reader makes them.
//!
//! # Overview of types
//! - [`SiteReader`]: walks inputs (folders, pages, feeds, JSON Lines and seed text) and passes
//!   each article on, counting the pages that are not articles ([`Skipped`]).
//! - [`Page`]: what a page or a feed item says about its article, before it gets an id.
//! - [`extract_page`]: one page's HTML to a [`Page`], or why it is not an article.
//! - [`Error`] and [`ErrorKind`]: a feed that is not XML, a JSON file that is neither JSON
//!   Lines nor a feed, undecodable bytes, with file and line and column or byte offset.
//!
//! The crate is native only: the command links it; the search wasm module never does.

#![deny(missing_docs)]

mod date;
mod decode;
mod error;
mod feed;
mod html;
mod jsonld;
mod site;
mod sitemap;
mod text;
mod xml;

pub use date::normalise_date;
pub use error::{Error, ErrorKind, Result};
pub use site::{SiteReader, Skipped};

use newsdex_index::Article;

/// What a page or a feed item says about its article. Empty strings and lists where it says
/// nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The headline.
    pub title: String,
    /// The standfirst.
    pub description: String,
    /// The article's text, paragraphs separated by a blank line.
    pub body: String,
    /// The publication date, ISO 8601.
    pub date: String,
    /// The publisher or site.
    pub source: String,
    /// The article's address.
    pub url: String,
    /// The section of the publication.
    pub section: String,
    /// The language tag (`en`, `fr-CA`).
    pub lang: String,
    /// The authors' names.
    pub authors: Vec<String>,
    /// Tags and keywords.
    pub tags: Vec<String>,
    /// Image alt text and figure captions.
    pub captions: Vec<String>,
    /// What was in the page but not used, and why (a date that is not one, broken JSON-LD).
    pub notes: Vec<String>,
}

/// The article of a page's HTML, or why the page is not an article: a page without article
/// markup (schema.org JSON-LD of an article type, `og:type` article, `article:published_time`,
/// an `<article>` holding the headline or the only one, `itemprop=articleBody`,
/// `data-newsdex-body`), or one without article text.
///
/// ```
/// let page = newsdex_extract::extract_page(
///     r#"<html lang="en"><head><meta property="og:site_name" content="The Example"></head>
///        <body><nav>Home</nav><article><h1>Harbour reopens</h1>
///        <time datetime="2024-05-03">3 May</time><p>Boats are back.</p>
///        <aside>Related stories</aside></article></body></html>"#,
/// )
/// .unwrap();
/// assert_eq!(page.title, "Harbour reopens");
/// assert_eq!(page.body, "Boats are back.");
/// assert_eq!((page.date.as_str(), page.source.as_str(), page.lang.as_str()), ("2024-05-03", "The Example", "en"));
/// let not_one = newsdex_extract::extract_page("<ul><li><a href=a>A</a></li></ul>").unwrap_err();
/// assert!(not_one.starts_with("no article markup"));
/// ```
///
/// # Errors
/// Why the page is not an article, for the build's list of skipped pages.
pub fn extract_page(html: &str) -> std::result::Result<Page, String> {
    html::extract(html)
}

impl Page {
    /// The article with this id. Image alt text and captions follow the standfirst in the
    /// description (searchable, and out of the body and its snippets), each a paragraph; the
    /// build's facet fields `authors`, `tags`, `lang`, `section` and `source` (or `author`,
    /// `keywords`, `language`) take their values from the page.
    pub fn into_article(self, id: String, facets: &[String]) -> Article {
        let mut description = vec![self.description.clone()];
        description.extend(self.captions.iter().cloned());
        description.retain(|d| !d.trim().is_empty());
        let one = |value: &str| {
            if value.trim().is_empty() {
                Vec::new()
            } else {
                vec![value.to_owned()]
            }
        };
        let facets = facets
            .iter()
            .filter_map(|name| {
                let values = match name.as_str() {
                    "authors" | "author" => self.authors.clone(),
                    "tags" | "tag" | "keywords" => self.tags.clone(),
                    "lang" | "language" => one(&self.lang),
                    "section" => one(&self.section),
                    "source" => one(&self.source),
                    "url" => one(&self.url),
                    "id" => one(&id),
                    _ => Vec::new(),
                };
                (!values.is_empty()).then(|| (name.clone(), values))
            })
            .collect();
        Article {
            id,
            title: self.title,
            source: self.source,
            date: self.date,
            url: self.url,
            section: self.section,
            description: description.join("\n\n"),
            body: self.body,
            lang: article_language(&self.lang),
            facets,
        }
    }
}

/// The page's language as the article's `lang`: `og:locale` writes `en_GB` for `en-GB`, and a
/// value that is no language tag leaves the article to the build's default language rather
/// than stop the build over a page's metadata.
fn article_language(lang: &str) -> String {
    let tag = lang.trim().replace('_', "-");
    match newsdex_index::Language::from_tag(&tag) {
        Ok(_) => tag,
        Err(_) => String::new(),
    }
}
