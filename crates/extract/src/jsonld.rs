//! schema.org article metadata from a page's JSON-LD: the first node typed as an article
//! (`NewsArticle`, `ReportageNewsArticle`, `BlogPosting` …), found at the top, in an array, in
//! an `@graph` or as a page's `mainEntity`, with `@id` references to the graph's people and
//! organisations followed.

use serde_json::{Map, Value};

use crate::Page;

/// The schema.org types read as an article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
    "TechArticle",
    "ScholarlyArticle",
];

/// The article of the page's JSON-LD blocks, if one is typed as an article.
/// Its [`Page`] holds what the node says; the body is its `articleBody`.
pub(crate) fn article(blocks: &[Value]) -> Option<Page> {
    let mut nodes = Vec::new();
    for block in blocks {
        collect(block, &mut nodes);
    }
    let graph = Graph { nodes: &nodes };
    let node = nodes.iter().find(|node| is_article(node))?;
    let text = |key: &str| node.get(key).map(|v| graph.text(v)).unwrap_or_default();
    Some(Page {
        title: first_of(&[text("headline"), text("name"), text("alternativeHeadline")]),
        description: text("description"),
        body: text("articleBody"),
        date: first_of(&[text("datePublished"), text("dateCreated")]),
        authors: graph.names(node.get("author").or_else(|| node.get("creator"))),
        source: graph
            .names(
                node.get("publisher")
                    .or_else(|| node.get("sourceOrganization")),
            )
            .into_iter()
            .next()
            .unwrap_or_default(),
        section: graph
            .list(node.get("articleSection"))
            .into_iter()
            .next()
            .unwrap_or_default(),
        url: first_of(&[text("url"), graph.id_or_text(node.get("mainEntityOfPage"))]),
        lang: graph
            .names(node.get("inLanguage"))
            .into_iter()
            .next()
            .unwrap_or_default(),
        tags: graph
            .list(node.get("keywords"))
            .iter()
            .flat_map(|k| k.split(','))
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect(),
        captions: graph.captions(node.get("image")),
        notes: Vec::new(),
    })
}

fn first_of(values: &[String]) -> String {
    values
        .iter()
        .find(|v| !v.is_empty())
        .cloned()
        .unwrap_or_default()
}

/// Every object of a block that can be a node: the block, its array items, its `@graph`,
/// and pages' `mainEntity`.
fn collect<'v>(value: &'v Value, nodes: &mut Vec<&'v Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|item| collect(item, nodes)),
        Value::Object(object) => {
            nodes.push(object);
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = object.get(key) {
                    collect(inner, nodes);
                }
            }
        }
        _ => {}
    }
}

fn is_article(node: &Map<String, Value>) -> bool {
    let is = |t: &Value| {
        t.as_str().is_some_and(|t| {
            // "schema:NewsArticle" and "https://schema.org/NewsArticle" name the same type.
            let t = t.rsplit(['/', ':']).next().unwrap_or(t);
            ARTICLE_TYPES.contains(&t)
        })
    };
    match node.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

struct Graph<'v> {
    nodes: &'v [&'v Map<String, Value>],
}

impl Graph<'_> {
    /// The node a `{"@id": …}` reference names, when it names one with more in it.
    fn resolve<'a>(&'a self, object: &'a Map<String, Value>) -> &'a Map<String, Value> {
        match object.get("@id").and_then(Value::as_str) {
            Some(id) if object.len() == 1 => self
                .nodes
                .iter()
                .find(|node| node.len() > 1 && node.get("@id").and_then(Value::as_str) == Some(id))
                .copied()
                .unwrap_or(object),
            _ => object,
        }
    }

    /// A value as text: a string, a number, or the first item of an array.
    fn text(&self, value: &Value) -> String {
        match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            Value::Array(items) => items.first().map(|v| self.text(v)).unwrap_or_default(),
            Value::Object(object) => {
                let object = self.resolve(object);
                object
                    .get("@value")
                    .or_else(|| object.get("name"))
                    .map(|v| self.text(v))
                    .unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    /// The texts of a value that may be one or an array.
    fn list(&self, value: Option<&Value>) -> Vec<String> {
        let items = match value {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(value) => vec![value],
            None => Vec::new(),
        };
        items
            .into_iter()
            .map(|v| self.text(v))
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The names of people or organisations: strings, objects with a `name`, references to
    /// nodes with one, or arrays of them. Addresses of profile pages are not names.
    fn names(&self, value: Option<&Value>) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in self.list(value) {
            if !name.contains("://") && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// `{"@id": url}`, `{"url": …}` or a string.
    fn id_or_text(&self, value: Option<&Value>) -> String {
        match value {
            Some(Value::Object(object)) => object
                .get("@id")
                .or_else(|| object.get("url"))
                .map(|v| self.text(v))
                .unwrap_or_default(),
            Some(value) => self.text(value),
            None => String::new(),
        }
    }

    /// The captions of an `image` (an ImageObject, a reference to one, or an array).
    fn captions(&self, value: Option<&Value>) -> Vec<String> {
        let items: Vec<&Value> = match value {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(value) => vec![value],
            None => Vec::new(),
        };
        let mut captions = Vec::new();
        for item in items {
            if let Value::Object(object) = item {
                let object = self.resolve(object);
                for key in ["caption", "description"] {
                    let caption = object.get(key).map(|v| self.text(v)).unwrap_or_default();
                    if !caption.is_empty() && !captions.contains(&caption) {
                        captions.push(caption);
                        break;
                    }
                }
            }
        }
        captions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_graph_with_references_and_arrays_of_types() {
        let block = json!({
            "@context": "https://schema.org",
            "@graph": [
                { "@type": "WebPage", "@id": "https://ex.org/a/#page", "name": "Page name" },
                { "@type": ["NewsArticle", "ReportageNewsArticle"], "headline": "The headline",
                  "author": [{ "@id": "https://ex.org/#p1" }, "Sam Roe", { "@type": "Person", "name": "Sam Roe" }],
                  "publisher": { "@id": "https://ex.org/#org" },
                  "articleSection": ["Politics", "World"],
                  "keywords": "elections, vote ,",
                  "mainEntityOfPage": { "@id": "https://ex.org/a/" },
                  "image": { "@type": "ImageObject", "url": "x.jpg", "caption": "A crowd" },
                  "datePublished": "2024-05-03T09:00:00Z" },
                { "@type": "Person", "@id": "https://ex.org/#p1", "name": "Ada Lee" },
                { "@type": "Organization", "@id": "https://ex.org/#org", "name": "The Example" }
            ]
        });
        let article = article(&[block]).unwrap();
        assert_eq!(article.title, "The headline");
        assert_eq!(article.authors, ["Ada Lee", "Sam Roe"]);
        assert_eq!(article.source, "The Example");
        assert_eq!(article.section, "Politics");
        assert_eq!(article.tags, ["elections", "vote"]);
        assert_eq!(article.url, "https://ex.org/a/");
        assert_eq!(article.captions, ["A crowd"]);
        assert_eq!(article.date, "2024-05-03T09:00:00Z");
    }

    #[test]
    fn no_article_type_is_no_article() {
        let blocks =
            [json!([{ "@type": "WebSite", "name": "Home" }, { "@type": "BreadcrumbList" }])];
        assert!(article(&blocks).is_none());
        let page = json!({ "@type": "WebPage", "mainEntity": { "@type": "schema:BlogPosting", "name": "Post", "author": "Kim" } });
        let found = article(&[page]).unwrap();
        assert_eq!(
            (found.title.as_str(), found.authors.as_slice()),
            ("Post", &["Kim".to_owned()][..])
        );
    }
}
