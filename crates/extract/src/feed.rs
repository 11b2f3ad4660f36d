//! Feeds to articles, one an item: RSS 2.0 (and RSS 1.0), Atom and JSON Feed. The body is the
//! item's full content (`content:encoded`, Atom `content`, `content_html`) reduced to text as
//! pages are, else its description; the feed's title is the source where an item names none.

use serde_json::Value;

use crate::date::normalise_date;
use crate::text::{fragment_text, plain};
use crate::xml::Element;
use crate::Page;

/// One item of a feed: its id (guid, Atom id, JSON Feed id, else its link) and article.
pub(crate) struct Item {
    pub id: String,
    pub page: Page,
}

/// What a parsed XML file is.
pub(crate) enum XmlKind {
    Rss,
    Atom,
    Sitemap,
    Other(String),
}

/// The kind of an XML file by its root element.
pub(crate) fn xml_kind(root: &Element) -> XmlKind {
    match root.name.as_str() {
        "rss" | "RDF" => XmlKind::Rss,
        "feed" => XmlKind::Atom,
        "urlset" => XmlKind::Sitemap,
        other => XmlKind::Other(format!("an XML document whose root is <{other}>")),
    }
}

/// Whether a JSON value is a JSON Feed.
pub(crate) fn is_json_feed(value: &Value) -> bool {
    value
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
}

/// The items of an RSS feed (`<rss><channel><item>`, or RSS 1.0's items beside the channel).
pub(crate) fn rss_items(root: &Element) -> Vec<Item> {
    let channel = root.child("channel");
    let source = channel.map_or("", |c| c.text_of("title"));
    let lang = channel.map_or("", |c| c.text_of("language"));
    let items = channel
        .into_iter()
        .flat_map(|c| c.all("item"))
        .chain(root.all("item"));
    items
        .map(|item| {
            let content = item.text_of("encoded");
            let description = item.text_of("description");
            let link = item.text_of("link");
            let authors = item
                .all("creator")
                .chain(item.all("author"))
                .map(|a| plain(a.text.trim()))
                .filter(|a| !a.is_empty())
                .collect();
            let page = item_page(ItemFields {
                title: item.text_of("title"),
                content,
                summary: description,
                date: first(&[item.text_of("pubDate"), item.text_of("date")]),
                source: first(&[item.text_of("source"), source]),
                url: link,
                lang: first(&[item.attribute("xml:lang"), lang]),
                authors,
                tags: item.all("category").map(|c| plain(c.text.trim())).collect(),
            });
            let id = first(&[item.text_of("guid"), link, item.attribute("rdf:about")]).to_owned();
            Item { id, page }
        })
        .collect()
}

/// The entries of an Atom feed.
pub(crate) fn atom_items(root: &Element) -> Vec<Item> {
    let source = atom_text(root.child("title"));
    let lang = root.attribute("xml:lang");
    root.all("entry")
        .map(|entry| {
            let link = entry
                .all("link")
                .find(|l| matches!(l.attribute("rel"), "" | "alternate"))
                .map_or("", |l| l.attribute("href"));
            let content = atom_html(entry.child("content"));
            let summary = atom_html(entry.child("summary"));
            let authors = entry
                .all("author")
                .map(|a| plain(a.text_of("name")))
                .filter(|a| !a.is_empty())
                .collect();
            let entry_source = entry.child("source").map(|s| atom_text(s.child("title")));
            let page = item_page(ItemFields {
                title: &atom_text(entry.child("title")),
                content: &content,
                summary: &summary,
                date: first(&[entry.text_of("published"), entry.text_of("updated")]),
                source: first(&[entry_source.as_deref().unwrap_or(""), &source]),
                url: link,
                lang: first(&[entry.attribute("xml:lang"), lang]),
                authors,
                tags: entry
                    .all("category")
                    .map(|c| first(&[c.attribute("label"), c.attribute("term")]).to_owned())
                    .collect(),
            });
            Item {
                id: first(&[entry.text_of("id"), link]).to_owned(),
                page,
            }
        })
        .collect()
}

/// An Atom text construct as HTML: escaped HTML (`type="html"`), XHTML (its markup), or
/// text.
fn atom_html(element: Option<&Element>) -> String {
    let Some(element) = element else {
        return String::new();
    };
    match element.attribute("type") {
        "xhtml" => element.inner.clone(),
        "html" | "text/html" => element.text.clone(),
        _ => escape(&element.text),
    }
}

fn atom_text(element: Option<&Element>) -> String {
    plain(&atom_html(element))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

/// The items of a JSON Feed (versions 1 and 1.1).
pub(crate) fn json_feed_items(feed: &Value) -> Vec<Item> {
    let text = |value: &Value, key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    let source = text(feed, "title");
    let lang = text(feed, "language");
    let names = |value: &Value| -> Vec<String> {
        let authors = value
            .get("authors")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| value.get("author").map(|a| vec![a.clone()]))
            .unwrap_or_default();
        authors
            .iter()
            .map(|a| text(a, "name"))
            .filter(|n| !n.is_empty())
            .collect()
    };
    let feed_authors = names(feed);
    let items = feed.get("items").and_then(Value::as_array);
    items
        .into_iter()
        .flatten()
        .map(|item| {
            let content = match text(item, "content_html") {
                html if !html.is_empty() => html,
                _ => escape(&text(item, "content_text")),
            };
            let url = first(&[&text(item, "url"), &text(item, "external_url")]).to_owned();
            let authors = match names(item) {
                found if !found.is_empty() => found,
                _ => feed_authors.clone(),
            };
            let id = match item.get("id") {
                Some(Value::Number(n)) => n.to_string(),
                _ => first(&[&text(item, "id"), &url]).to_owned(),
            };
            let page = item_page(ItemFields {
                title: &text(item, "title"),
                content: &content,
                summary: &escape(&text(item, "summary")),
                date: first(&[&text(item, "date_published"), &text(item, "date_modified")]),
                source: &source,
                url: &url,
                lang: first(&[&text(item, "language"), &lang]),
                authors,
                tags: item
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
            });
            Item { id, page }
        })
        .collect()
}

struct ItemFields<'a> {
    title: &'a str,
    /// The full content, HTML.
    content: &'a str,
    /// The description or summary, HTML.
    summary: &'a str,
    date: &'a str,
    source: &'a str,
    url: &'a str,
    lang: &'a str,
    authors: Vec<String>,
    tags: Vec<String>,
}

fn item_page(fields: ItemFields<'_>) -> Page {
    let summary = fragment_text(fields.summary);
    let (body, description, captions) = if fields.content.trim().is_empty() {
        (summary.body(), String::new(), summary.captions)
    } else {
        let content = fragment_text(fields.content);
        (
            content.body(),
            summary.paragraphs.join(" "),
            content.captions,
        )
    };
    let mut notes = Vec::new();
    let date = match normalise_date(fields.date) {
        Some(date) => date,
        None if fields.date.is_empty() => String::new(),
        None => {
            notes.push(format!(
                "date {:?} is not a date newsdex reads; not used",
                fields.date
            ));
            String::new()
        }
    };
    Page {
        title: plain(fields.title),
        description,
        body,
        date,
        source: plain(fields.source),
        url: fields.url.trim().to_owned(),
        section: fields.tags.first().cloned().unwrap_or_default(),
        lang: fields.lang.trim().to_owned(),
        authors: fields.authors,
        tags: fields.tags.into_iter().filter(|t| !t.is_empty()).collect(),
        captions,
        notes,
    }
}

fn first<'a>(values: &[&'a str]) -> &'a str {
    values
        .iter()
        .map(|v| v.trim())
        .find(|v| !v.is_empty())
        .unwrap_or("")
}
