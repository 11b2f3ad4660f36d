//! JSON Lines: one article object per line, `id` and `body` required, `title`, `source`,
//! `date` (ISO 8601), `url`, `section` and `description` optional, other fields ignored.

use serde_json::{Map, Value};

use super::date::check_iso8601;
use super::{decode_utf8, Article};
use crate::error::{ErrorKind, Origin, Result};

/// Parses JSON Lines bytes, calling `sink` with each article and the line it came from.
/// Blank lines are skipped.
///
/// ```
/// let bytes = br#"{"id": "a1", "title": "Hello", "body": "World", "extra": 1}"#;
/// let mut ids = Vec::new();
/// newsdex_indexer::parse_jsonl("a.jsonl", bytes, &mut |article, _at| {
///     ids.push(article.id);
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(ids, ["a1"]);
/// ```
///
/// # Errors
/// Invalid UTF-8 or JSON, a line that is not an object, a missing `id` or `body`, a field of
/// the wrong type or a malformed date — each naming the file and line — or what `sink` returns.
pub fn parse_jsonl(
    file: &str,
    bytes: &[u8],
    sink: &mut dyn FnMut(Article, Origin) -> Result<()>,
) -> Result<()> {
    for item in JsonLines::new(file, bytes)? {
        let (article, at) = item?;
        sink(article, at)?;
    }
    Ok(())
}

/// The articles of JSON Lines text, one at a time, with how far the reading has got.
pub struct JsonLines<'b> {
    file: &'b str,
    rest: &'b str,
    consumed: usize,
    line: usize,
}

impl<'b> JsonLines<'b> {
    /// Checks that `bytes` are UTF-8 and starts reading them.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidUtf8`] with the line and byte offset.
    pub fn new(file: &'b str, bytes: &'b [u8]) -> Result<JsonLines<'b>> {
        JsonLines::part(file, bytes, 0, 0)
    }

    /// Starts reading `bytes`, whole lines of a file that follow its first `lines_before`
    /// lines and `bytes_before` bytes, so that a large file can be read a piece at a time and
    /// its errors still name the line and byte offset in the whole file.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidUtf8`] with the line and byte offset.
    pub fn part(file: &'b str, bytes: &'b [u8], lines_before: usize, bytes_before: usize) -> Result<JsonLines<'b>> {
        let text = decode_utf8(file, bytes).map_err(|error| match error.kind() {
            ErrorKind::InvalidUtf8 { at, byte_offset } => ErrorKind::InvalidUtf8 {
                at: Origin { file: at.file.clone(), line: at.line.map(|line| line + lines_before) },
                byte_offset: byte_offset + bytes_before,
            }
            .into(),
            _ => error,
        })?;
        let rest = if bytes_before == 0 { text.strip_prefix('\u{FEFF}').unwrap_or(text) } else { text };
        Ok(JsonLines { file, consumed: text.len() - rest.len(), rest, line: lines_before })
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    /// Lines read so far, counting those before the part.
    pub fn lines(&self) -> usize {
        self.line
    }
}

impl Iterator for JsonLines<'_> {
    type Item = Result<(Article, Origin)>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.rest.is_empty() {
            let (line, rest) = self.rest.split_once('\n').unwrap_or((self.rest, ""));
            self.consumed += self.rest.len() - rest.len();
            self.rest = rest;
            self.line += 1;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let at = Origin { file: self.file.to_owned(), line: Some(self.line) };
            return Some(parse_line(line, &at).map(|article| (article, at)));
        }
        None
    }
}

fn parse_line(line: &str, at: &Origin) -> Result<Article> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| ErrorKind::InvalidJson { at: at.clone(), message: e.to_string() })?;
    article_from_json(value, at)
}

/// An article from a JSON value (a JSON Lines line, or an object handed over by JavaScript),
/// with the same rules and messages as [`parse_jsonl`]; `at` names it in errors.
///
/// # Errors
/// A value that is not an object, a missing `id` or `body`, a field of the wrong type or a
/// malformed date.
pub fn article_from_json(value: Value, at: &Origin) -> Result<Article> {
    let Value::Object(mut object) = value else {
        return Err(ErrorKind::InvalidJson { at: at.clone(), message: "expected an object".into() }.into());
    };
    let id = match object.remove("id") {
        Some(Value::String(id)) if !id.is_empty() => id,
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => n.to_string(),
        None | Some(Value::Null) => return Err(ErrorKind::MissingField { at: at.clone(), field: "id" }.into()),
        Some(_) => return Err(invalid(at, "id", "must be a non-empty string or an integer")),
    };
    if matches!(object.get("body"), None | Some(Value::Null)) {
        return Err(ErrorKind::MissingField { at: at.clone(), field: "body" }.into());
    }
    let mut text = |field: &'static str| optional_string(&mut object, field, at);
    let article = Article {
        id,
        title: text("title")?,
        source: text("source")?,
        date: text("date")?,
        url: text("url")?,
        section: text("section")?,
        description: text("description")?,
        body: text("body")?,
    };
    if !article.date.is_empty() {
        check_iso8601(&article.date).map_err(|message| invalid(at, "date", &message))?;
    }
    Ok(article)
}

fn optional_string(object: &mut Map<String, Value>, field: &'static str, at: &Origin) -> Result<String> {
    match object.remove(field) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(invalid(at, field, &format!("must be a string, not {}", kind_of(&other)))),
    }
}

fn invalid(at: &Origin, field: &'static str, message: &str) -> crate::Error {
    ErrorKind::InvalidField { at: at.clone(), field, message: message.to_owned() }.into()
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<(Article, Origin)>> {
        let mut out = Vec::new();
        parse_jsonl("in.jsonl", text.as_bytes(), &mut |a, at| {
            out.push((a, at));
            Ok(())
        })?;
        Ok(out)
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_fields_and_ignores_unknown_ones() {
        let rows = parse(
            "{\"id\":\"a\",\"title\":\"T\",\"source\":\"S\",\"date\":\"1987-02-26T15:01:01\",\"url\":\"https://x\",\"section\":\"biz\",\"body\":\"B\",\"topics\":[1]}\n\n{\"id\":7,\"body\":\"\",\"title\":\"Only a title\"}\r\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        let (a, at) = &rows[0];
        assert_eq!((a.title.as_str(), a.source.as_str(), a.section.as_str()), ("T", "S", "biz"));
        assert_eq!(at.line, Some(1));
        assert_eq!(rows[1].0.id, "7");
        assert_eq!(rows[1].1.line, Some(3));
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        assert_eq!(error("{\"id\":\"a\",\"body\":\"x\"}\n{\"body\":\"x\"}"), "newsdex: in.jsonl:2: missing required field `id`");
        assert_eq!(error("{\"id\":\"a\"}"), "newsdex: in.jsonl:1: missing required field `body`");
        assert_eq!(error("{\"id\":\"a\",\"body\":null}"), "newsdex: in.jsonl:1: missing required field `body`");
        assert!(error("{\"id\":\"a\",\"body\":\"x\"\n").starts_with("newsdex: in.jsonl:1: invalid JSON: EOF while parsing"));
        assert_eq!(error("[1,2]"), "newsdex: in.jsonl:1: invalid JSON: expected an object");
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"title\":5}"),
            "newsdex: in.jsonl:1: field `title` must be a string, not a number"
        );
        assert_eq!(
            error("{\"id\":\"\",\"body\":\"x\"}"),
            "newsdex: in.jsonl:1: field `id` must be a non-empty string or an integer"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"date\":\"26 Feb 1987\"}"),
            "newsdex: in.jsonl:1: field `date` is not an ISO 8601 date: \"26 Feb 1987\""
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let mut bytes = b"{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"".to_vec();
        bytes.extend_from_slice(&[0xC3, 0x28, b'"', b'}']);
        let err = parse_jsonl("in.jsonl", &bytes, &mut |_, _| Ok(())).unwrap_err();
        assert_eq!(err.to_string(), "newsdex: in.jsonl:2: invalid UTF-8 at byte offset 40");
    }
}
