//! A news page to an article's fields: schema.org JSON-LD first, then OpenGraph and
//! `article:*` meta tags, then the markup (`<article>`, `<main>`, `<h1>`, `<time datetime>`,
//! `<link rel=canonical>`, `<html lang>`). A page without article markup or without article
//! text is not an article and says why.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use crate::date::normalise_date;
use crate::jsonld;
use crate::text::Text;
use crate::Page;

/// Classes that content management systems give the element holding an article's text:
/// WordPress, Ghost, Drupal and common themes.
const BODY_CLASSES: &[&str] = &[
    "entry-content",
    "post-content",
    "gh-content",
    "article-body",
    "article__body",
    "article-content",
    "story-body",
    "field--name-body",
    "node__content",
    "post-body",
];

/// Meta tags that give the publication date, after `article:published_time`.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
];

/// What the markup of a page holds, gathered in one pass in document order.
#[derive(Default)]
struct Gathered<'a> {
    lang: String,
    metas: Vec<(String, String)>,
    json_ld: Vec<Value>,
    canonical: String,
    title: String,
    h1s: Vec<NodeRef<'a, Node>>,
    articles: Vec<NodeRef<'a, Node>>,
    marked_bodies: Vec<NodeRef<'a, Node>>,
    item_body: Option<NodeRef<'a, Node>>,
    cms_body: Option<NodeRef<'a, Node>>,
    main: Option<NodeRef<'a, Node>>,
    body: Option<NodeRef<'a, Node>>,
    times: Vec<(NodeRef<'a, Node>, String, bool)>,
    authors: Vec<String>,
    notes: Vec<String>,
}

impl<'a> Gathered<'a> {
    fn gather(&mut self, node: NodeRef<'a, Node>, in_marked_body: bool) {
        let Node::Element(element) = node.value() else {
            return;
        };
        let attr = |name: &str| element.attr(name).map(str::trim).unwrap_or("");
        let mut in_marked_body = in_marked_body;
        match element.name() {
            "html" => self.lang = first_nonempty(&[attr("lang"), attr("xml:lang")]),
            "body" => self.body = Some(node),
            "meta" => {
                let key = first_nonempty(&[attr("property"), attr("name"), attr("itemprop")]);
                let value = first_nonempty(&[attr("content"), attr("datetime")]);
                if !key.is_empty() && !value.is_empty() {
                    self.metas.push((key.to_ascii_lowercase(), value));
                }
            }
            "script" => {
                let kind = attr("type").to_ascii_lowercase();
                if kind.split(';').next().map(str::trim) == Some("application/ld+json") {
                    let text = element_text(node, true);
                    match serde_json::from_str(&text) {
                        Ok(value) => self.json_ld.push(value),
                        Err(e) => self.notes.push(format!("JSON-LD not read: {e}")),
                    }
                }
                return;
            }
            "link"
                if self.canonical.is_empty()
                    && attr("rel")
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = attr("href").to_owned();
            }
            "title" if self.title.is_empty() => self.title = element_text(node, false),
            "h1" => self.h1s.push(node),
            "article" => self.articles.push(node),
            "main" => {
                self.main.get_or_insert(node);
            }
            "time" => {
                let datetime = attr("datetime");
                if !datetime.is_empty() {
                    let published = attr("itemprop").eq_ignore_ascii_case("datepublished")
                        || element.attr("pubdate").is_some()
                        || element
                            .has_class("published", scraper::CaseSensitivity::AsciiCaseInsensitive);
                    self.times.push((node, datetime.to_owned(), published));
                }
            }
            _ => {}
        }
        if element.attr("data-newsdex-body").is_some() && !in_marked_body {
            self.marked_bodies.push(node);
            in_marked_body = true;
        }
        if attr("role").eq_ignore_ascii_case("main") {
            self.main.get_or_insert(node);
        }
        let itemprop = attr("itemprop").to_ascii_lowercase();
        if itemprop.split_whitespace().any(|p| p == "articlebody") {
            self.item_body.get_or_insert(node);
        }
        if itemprop.split_whitespace().any(|p| p == "author") || attr("rel") == "author" {
            let name = ElementRef::wrap(node)
                .and_then(|e| {
                    e.descendants()
                        .find(|d| matches!(d.value(), Node::Element(el) if el.attr("itemprop") == Some("name")))
                })
                .map_or_else(|| element_text(node, false), |name| element_text(name, false));
            if !name.is_empty() && !self.authors.contains(&name) {
                self.authors.push(name);
            }
        }
        if self.cms_body.is_none() && element.classes().any(|c| BODY_CLASSES.contains(&c)) {
            self.cms_body = Some(node);
        }
        for child in node.children() {
            self.gather(child, in_marked_body);
        }
    }

    fn meta(&self, key: &str) -> &str {
        self.metas
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    fn metas(&self, key: &str) -> impl Iterator<Item = &str> {
        let key = key.to_owned();
        self.metas
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The article of a page, or why the page is not one.
pub(crate) fn extract(html: &str) -> Result<Page, String> {
    let document = Html::parse_document(html);
    let mut found = Gathered::default();
    found.gather(*document.root_element(), false);
    let ld = jsonld::article(&found.json_ld);

    // The article's element: the one holding the headline when a page has several.
    let headline_article = found
        .articles
        .iter()
        .find(|a| {
            found
                .h1s
                .iter()
                .any(|h| h.ancestors().any(|up| up.id() == a.id()))
        })
        .copied()
        .or_else(|| (found.articles.len() == 1).then(|| found.articles[0]));
    let is_article = ld.is_some()
        || found.meta("og:type").eq_ignore_ascii_case("article")
        || !found.meta("article:published_time").is_empty()
        || !found.marked_bodies.is_empty()
        || found.item_body.is_some()
        || headline_article.is_some();
    if !is_article {
        return Err(if found.articles.len() > 1 {
            format!(
                "a list of {} articles, not an article",
                found.articles.len()
            )
        } else {
            "no article markup (JSON-LD, og:type article, <article> or data-newsdex-body)"
                .to_owned()
        });
    }
    let ld = ld.unwrap_or_default();

    let container = found
        .item_body
        .or(headline_article)
        .or(found.cms_body)
        .or(found.main)
        .or(found.body);
    let mut text = Text::default();
    if found.marked_bodies.is_empty() {
        text.add_all(container);
    } else {
        for &node in &found.marked_bodies {
            text.add(node);
        }
    }
    let markup_body = text.body();
    let body = if found.marked_bodies.is_empty() && markup_body.len() * 5 < ld.body.len() * 4 {
        // The markup holds less than the JSON-LD's text (a page that renders it in script, or
        // a teaser): the publisher's declared text is the article.
        ld.body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    } else {
        markup_body
    };
    if body.trim().is_empty() {
        return Err("no article text".to_owned());
    }
    let headline = found
        .h1s
        .iter()
        .find(|h| container.is_some_and(|c| h.ancestors().any(|up| up.id() == c.id())))
        .or(found.h1s.first())
        .map(|&h| {
            // The headline's own line: a broken page leaves paragraphs open inside an <h1>.
            let mut text = Text::default();
            text.add_children(h);
            text.paragraphs.into_iter().next().unwrap_or_default()
        })
        .unwrap_or_default();
    let source = first_nonempty(&[
        &ld.source,
        found.meta("og:site_name"),
        found.meta("application-name"),
    ]);
    let title = first_nonempty(&[
        &ld.title,
        found.meta("og:title"),
        found.meta("twitter:title"),
        &headline,
        &without_site_name(&found.title, &source),
    ]);
    let mut notes = std::mem::take(&mut found.notes);
    let mut date = String::new();
    let published_time = found
        .times
        .iter()
        .find(|(_, _, published)| *published)
        .or_else(|| {
            found.times.iter().find(|(t, _, _)| {
                container.is_some_and(|c| t.ancestors().any(|up| up.id() == c.id()))
            })
        })
        .map_or("", |(_, datetime, _)| datetime.as_str());
    let candidates = std::iter::once(ld.date.as_str())
        .chain(DATE_METAS.iter().map(|key| found.meta(key)))
        .chain(std::iter::once(published_time));
    for candidate in candidates.filter(|c| !c.trim().is_empty()) {
        match normalise_date(candidate) {
            Some(iso) => {
                date = iso;
                break;
            }
            None => notes.push(format!(
                "date {candidate:?} is not a date newsdex reads; not used"
            )),
        }
    }
    let authors = if !ld.authors.is_empty() {
        ld.authors
    } else {
        let from_meta: Vec<String> = found
            .metas("article:author")
            .chain(found.metas("author"))
            .filter(|a| !a.contains("://"))
            .map(str::to_owned)
            .collect();
        if from_meta.is_empty() {
            found.authors.clone()
        } else {
            dedup(from_meta)
        }
    };
    let tags = if !ld.tags.is_empty() {
        ld.tags
    } else {
        let tags: Vec<String> = found.metas("article:tag").map(str::to_owned).collect();
        let tags = if tags.is_empty() {
            let keywords = first_nonempty(&[found.meta("news_keywords"), found.meta("keywords")]);
            keywords.split(',').map(|k| k.trim().to_owned()).collect()
        } else {
            tags
        };
        dedup(tags.into_iter().filter(|t| !t.is_empty()).collect())
    };
    let mut captions = ld.captions;
    for caption in [found.meta("og:image:alt"), found.meta("twitter:image:alt")]
        .into_iter()
        .map(str::to_owned)
        .chain(text.captions)
    {
        if !caption.is_empty() && !captions.contains(&caption) {
            captions.push(caption);
        }
    }
    let locale = found.meta("og:locale").replace('_', "-");
    Ok(Page {
        title,
        description: first_nonempty(&[
            &ld.description,
            found.meta("og:description"),
            found.meta("description"),
            found.meta("twitter:description"),
        ]),
        body,
        date,
        source,
        url: first_nonempty(&[&ld.url, found.meta("og:url"), &found.canonical]),
        section: first_nonempty(&[&ld.section, found.meta("article:section")]),
        lang: first_nonempty(&[&ld.lang, &found.lang, &locale]),
        authors,
        tags,
        captions,
        notes,
    })
}

impl Text {
    fn add_all(&mut self, node: Option<NodeRef<'_, Node>>) {
        if let Some(node) = node {
            self.add(node);
        }
    }
}

/// All the text in an element, with its whitespace collapsed unless `raw`.
fn element_text(node: NodeRef<'_, Node>, raw: bool) -> String {
    let mut text = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            text.push_str(t);
        }
    }
    if raw {
        return text;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_nonempty(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| v.trim())
        .find(|v| !v.is_empty())
        .unwrap_or_default()
        .to_owned()
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// A `<title>` without the site's name that pages append ("Headline | Site", "Headline - Site").
fn without_site_name(title: &str, site: &str) -> String {
    if site.is_empty() {
        return title.to_owned();
    }
    for separator in [" | ", " - ", " – ", " — ", " · ", " :: "] {
        if let Some(head) = title
            .strip_suffix(site)
            .and_then(|t| t.strip_suffix(separator))
        {
            return head.to_owned();
        }
    }
    title.to_owned()
}
