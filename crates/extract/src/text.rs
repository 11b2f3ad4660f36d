//! An element's text as a reader sees the article: paragraphs separated by a blank line,
//! without what is not the article (navigation, share bars, related stories, comments,
//! scripts, forms, elements marked `data-newsdex-ignore`), and with image alt text and figure
//! captions kept apart.

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

/// Elements whose content is never article text.
const NEVER_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "input", "label", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "map", "dialog", "menu", "head", "title", "meta", "link",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
];

/// Elements of running text.
const PROSE: &[&str] = &[
    "p",
    "li",
    "blockquote",
    "td",
    "th",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
];

/// The words of a class or id that mark page furniture, not the article: a word of the
/// class (split at `-` and `_`) equal to one of these, or starting with one of the first ones.
const FURNITURE_PREFIXES: &[&str] = &[
    "share",
    "social",
    "comment",
    "related",
    "newsletter",
    "advert",
    "breadcrumb",
    "sidebar",
    "recommend",
    "subscri",
    "byline",
    "cookie",
    "paywall",
    "promo",
];
const FURNITURE_WORDS: &[&str] = &[
    "ad", "ads", "tags", "author", "popup", "more", "sharing", "outbrain", "taboola", "disqus",
];

/// Roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alert",
];

/// The text of an article's element.
#[derive(Default)]
pub(crate) struct Text {
    /// The paragraphs.
    pub paragraphs: Vec<String>,
    /// Image alt text and figure captions.
    pub captions: Vec<String>,
    current: String,
}

impl Text {
    /// The paragraphs, separated by a blank line.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    /// Adds the text of `node` and what it holds.
    pub fn add(&mut self, node: NodeRef<'_, Node>) {
        self.walk(node, true, false);
        self.end_paragraph();
    }

    /// Adds the text of what `node` holds, not judging `node` itself.
    pub fn add_children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            self.walk(child, false, false);
        }
        self.end_paragraph();
    }

    /// `in_prose`: inside a paragraph or the like, where a `<time>` is part of a sentence
    /// rather than the article's dateline.
    fn walk(&mut self, node: NodeRef<'_, Node>, root: bool, in_prose: bool) {
        match node.value() {
            Node::Text(text) => self.push_text(text),
            Node::Element(element) => {
                let name = element.name();
                if name == "br" {
                    self.end_paragraph();
                    return;
                }
                if name == "img" {
                    self.caption(element.attr("alt").unwrap_or(""));
                    return;
                }
                if is_ignored(element, root) || (name == "time" && !in_prose) {
                    return;
                }
                if name == "figure" || name == "figcaption" || name == "picture" {
                    let mut inner = Text::default();
                    for child in node.children() {
                        inner.walk(child, false, true);
                    }
                    inner.end_paragraph();
                    self.captions.append(&mut inner.captions);
                    self.caption(&inner.paragraphs.join(" "));
                    return;
                }
                if name == "h1" {
                    // The headline is the title, not the text; what a broken page left open
                    // inside it (paragraphs after an unclosed <h1>) is.
                    let mut inner = Text::default();
                    for child in node.children() {
                        inner.walk(child, false, in_prose);
                    }
                    inner.end_paragraph();
                    self.end_paragraph();
                    self.paragraphs.extend(inner.paragraphs.into_iter().skip(1));
                    self.captions.append(&mut inner.captions);
                    return;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    self.end_paragraph();
                }
                let in_prose = in_prose || PROSE.contains(&name);
                for child in node.children() {
                    self.walk(child, false, in_prose);
                }
                if block {
                    self.end_paragraph();
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child, false, in_prose);
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.current.clear();
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
    }

    fn caption(&mut self, text: &str) {
        let caption = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !caption.is_empty() && !self.captions.contains(&caption) {
            self.captions.push(caption);
        }
    }
}

/// Whether an element is left out of the text: marked `data-newsdex-ignore`, hidden, or page
/// furniture by its name, role, class or id. The root of what is read (the article's element,
/// which sites class by its tags and categories) is judged by its mark only.
pub(crate) fn is_ignored(element: &Element, root: bool) -> bool {
    if element.attr("data-newsdex-ignore").is_some() {
        return true;
    }
    if root {
        return false;
    }
    if NEVER_TEXT.contains(&element.name()) {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    if element
        .attr("role")
        .is_some_and(|role| FURNITURE_ROLES.contains(&role.trim()))
    {
        return true;
    }
    element.classes().chain(element.id()).any(is_furniture)
}

fn is_furniture(name: &str) -> bool {
    name.to_ascii_lowercase().split(['-', '_']).any(|word| {
        FURNITURE_WORDS.contains(&word) || FURNITURE_PREFIXES.iter().any(|p| word.starts_with(p))
    })
}

/// The text of HTML that stands alone (a feed item's content): its paragraphs and captions.
pub(crate) fn fragment_text(html: &str) -> Text {
    let fragment = scraper::Html::parse_fragment(html);
    let mut text = Text::default();
    text.add(fragment.tree.root());
    text
}

/// Text that may hold character references or tags (a feed's title), as plain text.
pub(crate) fn plain(html: &str) -> String {
    if !html.contains(['&', '<']) {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    fragment_text(html).paragraphs.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_without_furniture_and_captions_apart() {
        let text = fragment_text(
            "<p>First <b>bold</b>\n  words.</p><div class=\"share-bar\">Share this</div>\
             <figure><img src=a.jpg alt=\"A harbour\"><figcaption>Boats at dawn</figcaption></figure>\
             <p>Second<br>line</p><aside>Read more</aside><script>x()</script>\
             <div data-newsdex-ignore><p>Advert</p></div><ul><li>One</li><li>Two</li></ul>\
             <section class=\"related-stories\"><p>Other</p></section><p hidden>Hidden</p>",
        );
        assert_eq!(
            text.paragraphs,
            ["First bold words.", "Second", "line", "One", "Two"]
        );
        assert_eq!(text.captions, ["A harbour", "Boats at dawn"]);
    }

    #[test]
    fn class_words_mark_furniture_and_only_whole_words_do() {
        assert!(is_furniture("post-comments"));
        assert!(is_furniture("sharedaddy"));
        assert!(is_furniture("ad"));
        assert!(!is_furniture("entry-content"));
        assert!(!is_furniture("shadow"));
        assert!(!is_furniture("loaded"));
    }

    #[test]
    fn plain_text_reads_references() {
        assert_eq!(plain("Caf&eacute; &amp; <em>bar</em>"), "Café & bar");
        assert_eq!(plain("  two\n words "), "two words");
    }
}
