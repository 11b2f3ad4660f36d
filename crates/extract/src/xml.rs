//! A feed's XML as a small tree of elements by local name (so that `content:encoded`,
//! `dc:creator` and `news:title` are found whatever prefix a feed binds), with the position
//! of the first fault for a file that is not well-formed.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{line_column, ErrorKind, Result};

/// An element: its local name, attributes, text and children.
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// The name without its prefix.
    pub name: String,
    /// The attributes by their full names (`xml:lang`, `rel`).
    pub attributes: Vec<(String, String)>,
    /// The text and CDATA directly inside it.
    pub text: String,
    /// The source between its start and end tags (for XHTML content, read as HTML).
    pub inner: String,
    /// Its child elements.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child of that local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children of that local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child of that name, or "".
    pub fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    /// An attribute's value, or "".
    pub fn attribute(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Characters that feeds write as HTML's named references, which XML does not define.
fn html_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        "nbsp" => "\u{a0}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "oacute" => "ó",
        "uacute" => "ú",
        "iacute" => "í",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "uuml" => "ü",
        "ouml" => "ö",
        "auml" => "ä",
        "szlig" => "ß",
        _ => return None,
    })
}

/// The root element of `text`, the contents of `file`.
///
/// # Errors
/// [`ErrorKind::InvalidXml`] with the line and column of the first fault.
pub(crate) fn parse(file: &str, text: &str) -> Result<Element> {
    let fault = |offset: u64, message: String| {
        let (line, column) = line_column(text, usize::try_from(offset).unwrap_or(usize::MAX));
        crate::Error::from(ErrorKind::InvalidXml {
            file: file.to_owned(),
            line,
            column,
            message,
        })
    };
    let mut reader = Reader::from_str(text);
    // Each open element, with where its content starts and where its start tag is.
    let mut stack: Vec<(Element, usize, u64)> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| fault(reader.error_position(), without_position(&e.to_string())))?;
        let position = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Event::Start(start) => {
                let element = element(&start).map_err(|m| fault(before, m))?;
                if root.is_some() && stack.is_empty() {
                    return Err(fault(before, "a second root element".to_owned()));
                }
                stack.push((element, position, before));
            }
            Event::Empty(start) => {
                let element = element(&start).map_err(|m| fault(before, m))?;
                match stack.last_mut() {
                    Some((parent, _, _)) => parent.children.push(element),
                    None if root.is_none() => root = Some(element),
                    None => return Err(fault(before, "a second root element".to_owned())),
                }
            }
            Event::End(end) => {
                let Some((mut element, inner_start, _)) = stack.pop() else {
                    return Err(fault(before, "an end tag without a start".to_owned()));
                };
                let inner_end = position.saturating_sub(end.name().as_ref().len() + 3);
                element.inner = text.get(inner_start..inner_end).unwrap_or("").to_owned();
                match stack.last_mut() {
                    Some((parent, _, _)) => parent.children.push(element),
                    None => root = Some(element),
                }
            }
            Event::Text(raw) => {
                let Some((element, _, _)) = stack.last_mut() else {
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Err(fault(before, "text outside the root element".to_owned()));
                };
                // A reference XML does not define is kept for the HTML reading of the text.
                match raw.unescape_with(html_entity) {
                    Ok(unescaped) => element.text.push_str(&unescaped),
                    Err(_) => element.text.push_str(&String::from_utf8_lossy(&raw)),
                }
            }
            Event::CData(data) => {
                if let Some((element, _, _)) = stack.last_mut() {
                    element.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((open, _, start)) = stack.last() {
        let (line, column) = line_column(text, usize::try_from(*start).unwrap_or(usize::MAX));
        return Err(fault(
            text.len() as u64,
            format!(
                "the file ends before the <{}> of line {line}, column {column} is closed",
                open.name
            ),
        ));
    }
    root.ok_or_else(|| fault(0, "no root element".to_owned()))
}

/// quick-xml's message without the "position N: " it starts some with: the error says where.
fn without_position(message: &str) -> String {
    match message
        .strip_prefix("position ")
        .and_then(|m| m.split_once(": "))
    {
        Some((offset, rest)) if offset.bytes().all(|b| b.is_ascii_digit()) => rest.to_owned(),
        _ => message.to_owned(),
    }
}

fn element(start: &BytesStart<'_>) -> std::result::Result<Element, String> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| without_position(&e.to_string()))?;
        let value = attribute
            .unescape_value_with(html_entity)
            .map_err(|e| e.to_string())?;
        attributes.push((
            String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
        attributes,
        ..Element::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse("f.xml", text).unwrap_err().to_string()
    }

    #[test]
    fn a_tree_by_local_names_with_html_references() {
        let root = parse(
            "f.xml",
            "<?xml version=\"1.0\"?>\n<rss xmlns:c=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>A &amp; B&nbsp;C</title><item><c:encoded><![CDATA[<p>Hi</p>]]></c:encoded></item></channel></rss>",
        )
        .unwrap();
        let channel = root.child("channel").unwrap();
        assert_eq!(channel.text_of("title"), "A & B\u{a0}C");
        assert_eq!(
            channel.child("item").unwrap().text_of("encoded"),
            "<p>Hi</p>"
        );
    }

    #[test]
    fn faults_have_a_line_and_column() {
        assert_eq!(
            error("<rss>\n  <channel>\n  </chanel>\n</rss>"),
            "newsdex: f.xml:3:3: not a well-formed XML feed: ill-formed document: expected `</channel>`, but `</chanel>` was found"
        );
        assert_eq!(
            error("<rss><channel>"),
            "newsdex: f.xml:1:15: not a well-formed XML feed: the file ends before the <channel> of line 1, column 6 is closed"
        );
        assert_eq!(
            error("just words"),
            "newsdex: f.xml:1:1: not a well-formed XML feed: text outside the root element"
        );
    }
}
