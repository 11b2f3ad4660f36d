//! JSON Lines: one article object per line, `id` and `body` required, `title`, `source`,
//! `date` (ISO 8601), `url`, `section`, `description` and `lang` (a BCP 47 language tag)
//! optional, the build's facet fields
//! (a string or an array of strings) kept as the article's labels, other fields ignored.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::date::check_iso8601;
use super::{decode_utf8, Article};
use crate::error::{ErrorKind, Origin, Result};
use crate::Language;

/// Parses JSON Lines bytes, calling `sink` with each article and the line it came from.
/// Blank lines are skipped.
///
/// ```
/// let bytes = br#"{"id": "a1", "title": "Hello", "body": "World", "extra": 1}"#;
/// let mut ids = Vec::new();
/// newsdex_index::parse_jsonl("a.jsonl", bytes, &mut |article, _at| {
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
    facets: &'b [String],
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
    pub fn part(
        file: &'b str,
        bytes: &'b [u8],
        lines_before: usize,
        bytes_before: usize,
    ) -> Result<JsonLines<'b>> {
        let text = decode_utf8(file, bytes).map_err(|error| match error.kind() {
            ErrorKind::InvalidUtf8 { at, byte_offset } => ErrorKind::InvalidUtf8 {
                at: Origin {
                    file: at.file.clone(),
                    line: at.line.map(|line| line + lines_before),
                },
                byte_offset: byte_offset + bytes_before,
            }
            .into(),
            _ => error,
        })?;
        let rest = if bytes_before == 0 {
            text.strip_prefix('\u{FEFF}').unwrap_or(text)
        } else {
            text
        };
        Ok(JsonLines {
            file,
            consumed: text.len() - rest.len(),
            rest,
            line: lines_before,
            facets: &[],
        })
    }

    /// Keeps the values of these facet fields in each article's
    /// [`Article::facets`](super::Article::facets).
    pub fn with_facets(self, facets: &'b [String]) -> JsonLines<'b> {
        JsonLines { facets, ..self }
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
            let at = Origin {
                file: self.file.to_owned(),
                line: Some(self.line),
            };
            return Some(parse_line(line, &at, self.facets).map(|article| (article, at)));
        }
        None
    }
}

fn parse_line(line: &str, at: &Origin, facets: &[String]) -> Result<Article> {
    let mut json = serde_json::Deserializer::from_str(line);
    let fields = FieldsSeed(facets)
        .deserialize(&mut json)
        .and_then(|fields| json.end().map(|()| fields))
        .map_err(|e| json_error(line, at, e))?;
    fields.into_article(at, facets)
}

/// An article from an object read by any serde deserializer (an object handed over by
/// JavaScript, read with `serde_wasm_bindgen`, or a [`serde_json::Value`]), with the same rules
/// and messages as [`parse_jsonl`]; `at` names it in errors, and the values of the `facets`
/// fields are kept.
///
/// ```
/// use newsdex_index::{article_from_object, Origin};
/// let at = Origin { file: "articles[0]".into(), line: None };
/// let value = serde_json::json!({ "id": 7, "title": "Hello", "body": "World", "tags": ["a", "b"] });
/// let article = article_from_object(&value, &at, &["tags".to_owned()]).unwrap();
/// assert_eq!(article.id, "7");
/// assert_eq!(article.facets, [("tags".to_owned(), vec!["a".to_owned(), "b".to_owned()])]);
/// let error = article_from_object(&serde_json::json!({ "id": "a", "body": 1 }), &at, &[]).unwrap_err();
/// assert_eq!(error.to_string(), "newsdex: articles[0]: field `body` must be a string, not a number");
/// ```
///
/// # Errors
/// A value that is not an object, a missing `id` or `body`, a field of the wrong type or a
/// malformed date.
pub fn article_from_object<'de, D: Deserializer<'de>>(
    object: D,
    at: &Origin,
    facets: &[String],
) -> Result<Article> {
    FieldsSeed(facets)
        .deserialize(object)
        .map_err(|e| invalid_json(at, e))?
        .into_article(at, facets)
}

/// The parser's error on `line`, but for a lone surrogate escape (`"\ud800"`), which serde_json
/// reports as the end of a hex escape: it is said for what it is, with its column.
fn json_error(line: &str, at: &Origin, error: serde_json::Error) -> crate::Error {
    let column = error.column();
    let lone = line
        .match_indices("\\u")
        .filter(|(i, _)| *i < column)
        .filter_map(|(i, _)| {
            let hex = line.get(i + 2..i + 6)?;
            let unit = u16::from_str_radix(hex, 16).ok()?;
            (0xD800..=0xDFFF).contains(&unit).then_some((i, hex))
        })
        .last();
    match lone {
        Some((i, hex)) if error.is_syntax() && error.to_string().contains("hex escape") => {
            invalid_json(
                at,
                format!(
                    "\\u{hex} at column {} is half of a UTF-16 surrogate pair without the other half, which is not text (write the character itself, or both halves of its pair)",
                    i + 1
                ),
            )
        }
        _ => invalid_json(at, error),
    }
}

fn invalid_json(at: &Origin, error: impl fmt::Display) -> crate::Error {
    ErrorKind::InvalidJson {
        at: at.clone(),
        message: error.to_string(),
    }
    .into()
}

/// The fields of an article object as written, read straight from the JSON text (no
/// intermediate [`serde_json::Value`], and the text of a string without escapes is borrowed), before
/// [`Fields::into_article`] applies the rules.
#[derive(Default)]
struct Fields<'a> {
    id: FieldValue<'a>,
    title: FieldValue<'a>,
    source: FieldValue<'a>,
    date: FieldValue<'a>,
    url: FieldValue<'a>,
    section: FieldValue<'a>,
    description: FieldValue<'a>,
    body: FieldValue<'a>,
    lang: FieldValue<'a>,
    /// The facet fields other than those above, by their place in the build's list.
    labels: Vec<(usize, Labels)>,
}

/// A facet field's value: a string or an array of strings, else what it is, for the message.
enum Labels {
    Values(Vec<String>),
    Wrong(&'static str),
}

/// One field's value, reduced to what the rules look at.
#[derive(Default)]
enum FieldValue<'a> {
    /// Absent or `null`.
    #[default]
    Missing,
    Text(Cow<'a, str>),
    Integer(String),
    /// Any other value: what kind it is, for the message.
    Other(&'static str),
}

impl Fields<'_> {
    fn into_article(self, at: &Origin, facets: &[String]) -> Result<Article> {
        let id = match self.id {
            FieldValue::Text(id) if !id.trim().is_empty() => id.into_owned(),
            FieldValue::Integer(id) => id,
            FieldValue::Missing => {
                return Err(ErrorKind::MissingField {
                    at: at.clone(),
                    field: "id",
                }
                .into())
            }
            _ => {
                return Err(invalid(
                    at,
                    "id",
                    "must be an integer or a string with more than whitespace in it",
                ))
            }
        };
        if matches!(&self.date, FieldValue::Text(date) if date.is_empty()) {
            return Err(invalid(
                at,
                "date",
                "is empty: leave it out, or make it null, for an article without a date",
            ));
        }
        if matches!(self.body, FieldValue::Missing) {
            return Err(ErrorKind::MissingField {
                at: at.clone(),
                field: "body",
            }
            .into());
        }
        let text = |value: FieldValue<'_>, field: &'static str| match value {
            FieldValue::Missing => Ok(String::new()),
            FieldValue::Text(text) => Ok(text.into_owned()),
            FieldValue::Integer(_) => Err(invalid(at, field, "must be a string, not a number")),
            FieldValue::Other(kind) => {
                Err(invalid(at, field, &format!("must be a string, not {kind}")))
            }
        };
        let mut article = Article {
            id,
            title: text(self.title, "title")?,
            source: text(self.source, "source")?,
            date: text(self.date, "date")?,
            url: text(self.url, "url")?,
            section: text(self.section, "section")?,
            description: text(self.description, "description")?,
            body: text(self.body, "body")?,
            lang: text(self.lang, "lang")?.trim().to_owned(),
            facets: Vec::new(),
        };
        if !article.lang.is_empty() {
            Language::from_tag(&article.lang).map_err(|message| invalid(at, "lang", &message))?;
        }
        if !article.date.is_empty() {
            check_iso8601(&article.date).map_err(|message| invalid(at, "date", &message))?;
        }
        let mut labels = self.labels.into_iter().peekable();
        for (i, name) in facets.iter().enumerate() {
            let values = match (labels.next_if(|(at, _)| *at == i), name.as_str()) {
                (Some((_, Labels::Values(values))), _) => values,
                (Some((_, Labels::Wrong(kind))), _) => {
                    return Err(invalid(
                        at,
                        name,
                        &format!(
                            "is a facet and must be a string or an array of strings, not {kind}"
                        ),
                    ))
                }
                (None, "id") => vec![article.id.clone()],
                (None, "url") => vec![article.url.clone()],
                (None, "section") => vec![article.section.clone()],
                (None, _) => Vec::new(),
            };
            let values: Vec<String> = values
                .into_iter()
                .filter(|v| !v.trim().is_empty())
                .collect();
            if !values.is_empty() {
                article.facets.push((name.clone(), values));
            }
        }
        Ok(article)
    }
}

/// Reads an article object, keeping the values of the facet fields it names.
struct FieldsSeed<'f>(&'f [String]);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Fields<'de>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Fields<'de>, D::Error> {
        deserializer.deserialize_map(FieldsVisitor(self.0))
    }
}

struct FieldsVisitor<'f>(&'f [String]);

impl<'de> Visitor<'de> for FieldsVisitor<'_> {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Fields<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let (slot, name) = match key.as_ref() {
                "id" => (&mut fields.id, "id"),
                "title" => (&mut fields.title, "title"),
                "source" => (&mut fields.source, "source"),
                "date" => (&mut fields.date, "date"),
                "url" => (&mut fields.url, "url"),
                "section" => (&mut fields.section, "section"),
                "description" => (&mut fields.description, "description"),
                "body" => (&mut fields.body, "body"),
                "lang" => (&mut fields.lang, "lang"),
                other => {
                    match self.0.iter().position(|name| name == other) {
                        Some(i) if !fields.labels.iter().any(|(at, _)| *at == i) => {
                            fields.labels.push((i, map.next_value()?));
                        }
                        Some(_) => {
                            return Err(de::Error::custom(format!("duplicate field `{other}`")))
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    continue;
                }
            };
            // Refused rather than letting the last one win, which would drop text unseen.
            if !matches!(slot, FieldValue::Missing) {
                return Err(de::Error::duplicate_field(name));
            }
            *slot = map.next_value()?;
        }
        fields.labels.sort_unstable_by_key(|(at, _)| *at);
        Ok(fields)
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LabelsVisitor)
    }
}

struct LabelsVisitor;

impl<'de> Visitor<'de> for LabelsVisitor {
    type Value = Labels;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }

    fn visit_unit<E>(self) -> std::result::Result<Labels, E> {
        Ok(Labels::Values(Vec::new()))
    }

    fn visit_none<E>(self) -> std::result::Result<Labels, E> {
        Ok(Labels::Values(Vec::new()))
    }

    fn visit_str<E>(self, text: &str) -> std::result::Result<Labels, E> {
        Ok(Labels::Values(vec![text.to_owned()]))
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<Labels, E> {
        Ok(Labels::Wrong("a number"))
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<Labels, E> {
        Ok(Labels::Wrong("a number"))
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<Labels, E> {
        Ok(Labels::Wrong("a number"))
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<Labels, E> {
        Ok(Labels::Wrong("a boolean"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Labels, A::Error> {
        let mut values = Vec::new();
        let mut wrong = None;
        while let Some(item) = seq.next_element::<FieldValue<'de>>()? {
            match item {
                FieldValue::Text(text) => values.push(text.into_owned()),
                FieldValue::Missing => {}
                FieldValue::Integer(_) => wrong = wrong.or(Some("an array holding a number")),
                FieldValue::Other(_) => wrong = wrong.or(Some("an array holding something else")),
            }
        }
        Ok(wrong.map_or(Labels::Values(values), Labels::Wrong))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Labels, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Labels::Wrong("an object"))
    }
}

impl<'de> Deserialize<'de> for FieldValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(FieldValueVisitor)
    }
}

struct FieldValueVisitor;

impl<'de> Visitor<'de> for FieldValueVisitor {
    type Value = FieldValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Missing)
    }

    fn visit_none<E>(self) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Missing)
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Text(Cow::Owned(text)))
    }

    fn visit_u64<E>(self, n: u64) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Integer(n.to_string()))
    }

    fn visit_i64<E>(self, n: i64) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Integer(n.to_string()))
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Other("a number"))
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<FieldValue<'de>, E> {
        Ok(FieldValue::Other("a boolean"))
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<FieldValue<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<FieldValue<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Other("an object"))
    }
}

fn invalid(at: &Origin, field: &str, message: &str) -> crate::Error {
    ErrorKind::InvalidField {
        at: at.clone(),
        field: field.to_owned(),
        message: message.to_owned(),
    }
    .into()
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
        assert_eq!(
            (a.title.as_str(), a.source.as_str(), a.section.as_str()),
            ("T", "S", "biz")
        );
        assert_eq!(at.line, Some(1));
        assert_eq!(rows[1].0.id, "7");
        assert_eq!(rows[1].1.line, Some(3));
    }

    #[test]
    fn reads_the_language_tag_and_refuses_what_is_not_one() {
        let rows = parse("{\"id\":\"a\",\"body\":\"B\",\"lang\":\" pt-BR \"}\n{\"id\":\"b\",\"body\":\"B\",\"lang\":null}").unwrap();
        assert_eq!(
            (rows[0].0.lang.as_str(), rows[1].0.lang.as_str()),
            ("pt-BR", "")
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"B\"}\n{\"id\":\"b\",\"body\":\"B\",\"lang\":\"Deutsch\"}"),
            "newsdex: in.jsonl:2: field `lang` must be a language tag such as `fr` or `pt-BR` (two or three letters, then subtags after `-`), not \"Deutsch\""
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"B\",\"lang\":[\"fr\"]}"),
            "newsdex: in.jsonl:1: field `lang` must be a string, not an array"
        );
    }

    #[test]
    fn unescapes_strings_and_skips_nested_unknown_fields() {
        let rows = parse("{\"meta\":{\"title\":\"not this\",\"n\":[1,{\"a\":null}]},\"id\":\"a\",\"title\":\"Caf\\u00e9 \\\"x\\\"\",\"body\":\"B\",\"url\":null}").unwrap();
        assert_eq!(rows[0].0.title, "Café \"x\"");
        assert_eq!((rows[0].0.body.as_str(), rows[0].0.url.as_str()), ("B", ""));
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\"}\n{\"body\":\"x\"}"),
            "newsdex: in.jsonl:2: missing required field `id`"
        );
        assert_eq!(
            error("{\"id\":\"a\"}"),
            "newsdex: in.jsonl:1: missing required field `body`"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":null}"),
            "newsdex: in.jsonl:1: missing required field `body`"
        );
        assert!(error("{\"id\":\"a\",\"body\":\"x\"\n")
            .starts_with("newsdex: in.jsonl:1: invalid JSON: EOF while parsing"));
        assert_eq!(error("[1,2]"), "newsdex: in.jsonl:1: invalid JSON: invalid type: sequence, expected an object at line 1 column 0");
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"body\":\"y\"}"),
            "newsdex: in.jsonl:1: invalid JSON: duplicate field `body` at line 1 column 27"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"source\":[\"S\"]}"),
            "newsdex: in.jsonl:1: field `source` must be a string, not an array"
        );
        assert_eq!(
            error("{\"id\":1.5,\"body\":\"x\"}"),
            "newsdex: in.jsonl:1: field `id` must be an integer or a string with more than whitespace in it"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"title\":5}"),
            "newsdex: in.jsonl:1: field `title` must be a string, not a number"
        );
        assert_eq!(
            error("{\"id\":\"\",\"body\":\"x\"}"),
            "newsdex: in.jsonl:1: field `id` must be an integer or a string with more than whitespace in it"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\" \\t\\u00a0\",\"body\":\"x\"}"),
            "newsdex: in.jsonl:2: field `id` must be an integer or a string with more than whitespace in it"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"date\":\"\"}"),
            "newsdex: in.jsonl:1: field `date` is empty: leave it out, or make it null, for an article without a date"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"date\":\"26 Feb 1987\"}"),
            "newsdex: in.jsonl:1: field `date` is not an ISO 8601 date: \"26 Feb 1987\""
        );
    }

    fn with_facets(text: &str) -> Result<Vec<Article>> {
        let facets = ["topics".to_owned(), "section".to_owned()];
        JsonLines::new("in.jsonl", text.as_bytes())?
            .with_facets(&facets)
            .map(|item| item.map(|(article, _)| article))
            .collect()
    }

    #[test]
    fn facet_fields_hold_a_string_or_strings() {
        let articles = with_facets(
            "{\"id\":\"a\",\"body\":\"x\",\"section\":\"Biz\",\"topics\":[\"crude oil\",\" \",\"ship\"]}\n{\"id\":\"b\",\"body\":\"x\",\"topics\":\"earn\",\"other\":5}\n{\"id\":\"c\",\"body\":\"x\",\"topics\":null}",
        )
        .unwrap();
        let owned = |name: &str, values: &[&str]| {
            (
                name.to_owned(),
                values.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            articles[0].facets,
            [
                owned("topics", &["crude oil", "ship"]),
                owned("section", &["Biz"])
            ]
        );
        assert_eq!(articles[1].facets, [owned("topics", &["earn"])]);
        assert!(articles[2].facets.is_empty());
        let error = |text: &str| with_facets(text).unwrap_err().to_string();
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"x\",\"topics\":5}"),
            "newsdex: in.jsonl:2: field `topics` is a facet and must be a string or an array of strings, not a number"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"topics\":{\"a\":1}}"),
            "newsdex: in.jsonl:1: field `topics` is a facet and must be a string or an array of strings, not an object"
        );
        assert_eq!(
            error("{\"id\":\"a\",\"body\":\"x\",\"topics\":[\"a\",2]}"),
            "newsdex: in.jsonl:1: field `topics` is a facet and must be a string or an array of strings, not an array holding a number"
        );
    }

    #[test]
    fn a_lone_surrogate_escape_is_named_as_one() {
        for (line, column, hex) in [
            ("{\"id\":\"a\",\"body\":\"x \\ud800\"}", 21, "ud800"),
            ("{\"id\":\"a\",\"body\":\"\\uDBFF and on\"}", 19, "uDBFF"),
            ("{\"id\":\"a\",\"body\":\"\\udc00\"}", 19, "udc00"),
            ("{\"id\":\"a\",\"body\":\"\\ud83d\\u0041\"}", 19, "ud83d"),
        ] {
            assert_eq!(
                error(line),
                format!("newsdex: in.jsonl:1: invalid JSON: \\{hex} at column {column} is half of a UTF-16 surrogate pair without the other half, which is not text (write the character itself, or both halves of its pair)"),
                "{line}"
            );
        }
        // A pair is a character.
        assert_eq!(
            parse("{\"id\":\"a\",\"body\":\"\\ud83d\\ude42\"}").unwrap()[0]
                .0
                .body,
            "🙂"
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let mut bytes = b"{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"".to_vec();
        bytes.extend_from_slice(&[0xC3, 0x28, b'"', b'}']);
        let err = parse_jsonl("in.jsonl", &bytes, &mut |_, _| Ok(())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "newsdex: in.jsonl:2: invalid UTF-8 at byte offset 40"
        );
    }
}
