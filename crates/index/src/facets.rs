//! Site facets at build: the fields chosen (`newsdex build --facet topics`), checked against
//! the query language's prefixes, each article's values collected, and their sections
//! written (see [`newsdex_format::facets`]).

use foldhash::HashMap;

use fst::MapBuilder;
use newsdex_format::facets::{key, write_fields, write_list, write_value, FacetField, MAX_FIELDS};
use newsdex_format::records::RecordsWriter;

use crate::analysis::fold_into;
use crate::error::{Error, ErrorKind, Result};

/// Every `name:` prefix the query language gives a meaning of its own: a facet field cannot
/// take one of these names, or its filter would never be read as one. (The engine's query
/// parser is held to this list by a test.)
pub const QUERY_PREFIXES: [&str; 12] = [
    "title",
    "description",
    "body",
    "source",
    "person",
    "place",
    "org",
    "misc",
    "entity",
    "since",
    "until",
    "date",
];

/// A facet value's key: its words folded as the analyser folds them, one space apart, so
/// that `Crude  Oil` and `crude oil` are one value and a query finds it however it is typed.
pub fn facet_key(value: &str) -> String {
    let mut key = String::new();
    let mut word = String::new();
    for part in value.split_whitespace() {
        fold_into(part, &mut word);
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word);
    }
    key
}

/// Checks the names of the facet fields chosen for a build.
///
/// # Errors
/// [`ErrorKind::InvalidFacet`] for a name that is empty, repeated, a query prefix, or holds
/// what a query could not write after it (a space, `:` or `"`), or past [`MAX_FIELDS`].
pub fn check_facet_names(names: &[String]) -> Result<()> {
    let refuse = |name: &str, message: String| -> Result<()> {
        Err(ErrorKind::InvalidFacet {
            name: name.to_owned(),
            message,
        }
        .into())
    };
    if names.len() > MAX_FIELDS {
        return refuse(
            &names[MAX_FIELDS],
            format!("is one too many: an index has at most {MAX_FIELDS} facet fields"),
        );
    }
    for (i, name) in names.iter().enumerate() {
        if QUERY_PREFIXES.contains(&name.as_str()) {
            return refuse(
                name,
                format!(
                    "is refused: `{name}:` already means something in queries (reserved: {})",
                    QUERY_PREFIXES.join(", ")
                ),
            );
        }
        if name.is_empty()
            || name.starts_with('-')
            || name.contains(|c: char| c.is_whitespace() || c == ':' || c == '"')
        {
            return refuse(
                name,
                "is refused: a query writes `name:value`, so the name must be non-empty, without spaces, `:` or `\"`, and not start with `-`".into(),
            );
        }
        if names[..i].contains(name) {
            return refuse(name, "is named twice".into());
        }
    }
    Ok(())
}

/// One facet value as collected.
struct Value {
    field: u8,
    key: String,
    /// As first written.
    name: String,
    docs: Vec<u32>,
}

/// Collects each article's facet values, then writes the facet sections.
#[derive(Default)]
pub(crate) struct FacetsWriter {
    names: Vec<String>,
    /// (field, key) → the value's number in order of first appearance.
    numbers: HashMap<(u8, String), u32>,
    values: Vec<Value>,
    /// Per article, its values' numbers.
    docs: Vec<Vec<u32>>,
}

/// The bytes of the facet sections.
pub(crate) struct FacetSections {
    pub fields: Vec<u8>,
    pub names: Vec<u8>,
    pub values: Vec<u8>,
    pub postings: Vec<u8>,
    pub doc_facets: Vec<u8>,
}

impl FacetsWriter {
    /// A writer for these fields.
    ///
    /// # Errors
    /// As [`check_facet_names`].
    pub fn new(names: &[String]) -> Result<FacetsWriter> {
        check_facet_names(names)?;
        Ok(FacetsWriter {
            names: names.to_vec(),
            ..FacetsWriter::default()
        })
    }

    /// Adds article `doc`'s values (those of fields not chosen are ignored).
    pub fn push(&mut self, doc: u32, labels: &[(String, Vec<String>)]) {
        let mut numbers = Vec::new();
        for (name, values) in labels {
            let Some(field) = self.names.iter().position(|n| n == name) else {
                continue;
            };
            for value in values {
                let key = facet_key(value);
                if key.is_empty() {
                    continue;
                }
                let entry = (field as u8, key);
                let number = match self.numbers.get(&entry) {
                    Some(&number) => number,
                    None => {
                        let number = self.values.len() as u32;
                        self.values.push(Value {
                            field: entry.0,
                            key: entry.1.clone(),
                            name: value.split_whitespace().collect::<Vec<_>>().join(" "),
                            docs: Vec::new(),
                        });
                        self.numbers.insert(entry, number);
                        number
                    }
                };
                let docs = &mut self.values[number as usize].docs;
                if docs.last() != Some(&doc) {
                    docs.push(doc);
                    numbers.push(number);
                }
            }
        }
        self.docs.push(numbers);
    }

    /// The sections, the values of each field in key order.
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::TooLarge`] past 4 GiB.
    pub fn finish(self) -> Result<FacetSections> {
        let mut order: Vec<u32> = (0..self.values.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (&self.values[a as usize], &self.values[b as usize]);
            (a.field, &a.key).cmp(&(b.field, &b.key))
        });
        let mut ordinals = vec![0u32; order.len()];
        for (ordinal, &number) in order.iter().enumerate() {
            ordinals[number as usize] = ordinal as u32;
        }
        let fields: Vec<FacetField> = (0..self.names.len())
            .map(|field| {
                let start =
                    order.partition_point(|&n| (self.values[n as usize].field as usize) < field);
                let end =
                    order.partition_point(|&n| (self.values[n as usize].field as usize) <= field);
                FacetField {
                    name: self.names[field].clone(),
                    values: start as u32..end as u32,
                }
            })
            .collect();
        let bad = |e: fst::Error| {
            Error::from(newsdex_format::Error::corrupt("facet names", e.to_string()))
        };
        let mut names = MapBuilder::memory();
        let (mut values, mut postings) = (RecordsWriter::new(), RecordsWriter::new());
        for (ordinal, &number) in order.iter().enumerate() {
            let value = &self.values[number as usize];
            names
                .insert(key(value.field as usize, &value.key), ordinal as u64)
                .map_err(bad)?;
            values.push_with(|out| write_value(out, value.docs.len() as u32, &value.name))?;
            postings.push_with(|out| write_list(out, value.docs.iter().copied()))?;
        }
        // Without facet fields no article has values, and the table has no records at all
        // rather than an empty one per article.
        let mut doc_facets = RecordsWriter::new();
        for numbers in self.docs.iter().filter(|_| !self.names.is_empty()) {
            let mut mine: Vec<u32> = numbers.iter().map(|&n| ordinals[n as usize]).collect();
            mine.sort_unstable();
            doc_facets.push_with(|out| write_list(out, mine))?;
        }
        Ok(FacetSections {
            fields: write_fields(&fields)?,
            names: names.into_inner().map_err(bad)?,
            values: values.finish(),
            postings: postings.finish(),
            doc_facets: doc_facets.finish(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_spaces() {
        assert_eq!(facet_key("  Crude   Oil "), "crude oil");
        assert_eq!(facet_key("Zürich"), facet_key("zurich"));
    }

    #[test]
    fn names_that_queries_could_not_use_are_refused() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_facet_names(&names(&["section", "topics", "authors"])).is_ok());
        assert_eq!(
            check_facet_names(&names(&["topics", "date"])).unwrap_err().to_string(),
            "newsdex: facet field `date` is refused: `date:` already means something in queries (reserved: title, description, body, source, person, place, org, misc, entity, since, until, date)"
        );
        for bad in ["", "a b", "a:b", "-x", "q\""] {
            assert!(check_facet_names(&names(&[bad])).is_err(), "{bad:?}");
        }
        assert_eq!(
            check_facet_names(&names(&["topics", "topics"]))
                .unwrap_err()
                .to_string(),
            "newsdex: facet field `topics` is named twice"
        );
    }
}
