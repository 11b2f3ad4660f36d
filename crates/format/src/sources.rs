//! Sources (outlets and agencies) for facets: the distinct source names in byte order, and
//! per article its source's number (`u32::MAX` for none) as [`crate::article_values`], so
//! that a sharded index fetches the numbers of the articles it counts and its core holds
//! only the names.

use foldhash::HashMap;

use super::article_values;
use super::records::{Records, RecordsWriter};
use crate::error::{Error, Result};

/// An article without a source.
pub const NO_SOURCE: u32 = u32::MAX;

/// The bytes of the two source sections.
pub struct SourceSections {
    /// The distinct names.
    pub names: Vec<u8>,
    /// Per article, its name's number.
    pub docs: Vec<u8>,
}

/// Collects each article's source, keeping each distinct name once (a corpus has a few
/// sources and many articles), then writes the two sections.
#[derive(Default)]
pub struct SourcesWriter {
    /// Distinct name → its number in order of first appearance.
    numbers: HashMap<String, u32>,
    /// Per article, its name's number in order of first appearance.
    docs: Vec<u32>,
}

impl SourcesWriter {
    /// Creates a writer with no articles.
    pub fn new() -> SourcesWriter {
        SourcesWriter::default()
    }

    /// Adds the next article's source (empty for none).
    pub fn push(&mut self, source: &str) {
        let number = if source.is_empty() {
            NO_SOURCE
        } else if let Some(&number) = self.numbers.get(source) {
            number
        } else {
            let number = self.numbers.len() as u32;
            self.numbers.insert(source.to_owned(), number);
            number
        };
        self.docs.push(number);
    }

    /// The sections: the names in byte order, and each article's number among them.
    ///
    /// # Errors
    /// [`crate::ErrorKind::TooLarge`] when the names pass 4 GiB.
    pub fn finish(self) -> Result<SourceSections> {
        let mut distinct: Vec<(&str, u32)> = self
            .numbers
            .iter()
            .map(|(name, &number)| (name.as_str(), number))
            .collect();
        distinct.sort_unstable();
        let mut rank = vec![0; distinct.len()];
        let mut names = RecordsWriter::new();
        for (i, (name, number)) in distinct.iter().enumerate() {
            rank[*number as usize] = i as u32;
            names.push_with(|out| out.extend_from_slice(name.as_bytes()))?;
        }
        let numbers: Vec<u32> = self
            .docs
            .into_iter()
            .map(|number| {
                if number == NO_SOURCE {
                    NO_SOURCE
                } else {
                    rank[number as usize]
                }
            })
            .collect();
        Ok(SourceSections {
            names: names.finish(),
            docs: article_values::write(&numbers)?,
        })
    }
}

/// The source number of article `doc`, from its record of the `doc sources` section, or
/// `None` when it has none.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record is too short or the number is past the
/// table of names.
pub fn source_of(record: &[u8], names: &Records<'_>, doc: u32) -> Result<Option<u32>> {
    match article_values::value_in(record, doc, "doc sources")? {
        NO_SOURCE => Ok(None),
        n if (n as usize) < names.len() => Ok(Some(n)),
        n => Err(Error::corrupt(
            "doc sources",
            format!("article {doc} has source {n} of {}", names.len()),
        )),
    }
}

/// The name of source `number`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when it is missing or not UTF-8.
pub fn name<'a>(names: &Records<'a>, number: u32) -> Result<&'a str> {
    names
        .get(number as usize)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .ok_or_else(|| Error::corrupt("source names", format!("source {number} cannot be read")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_round_trip() {
        let mut sources = SourcesWriter::new();
        for source in ["Reuters", "", "AP", "Reuters"] {
            sources.push(source);
        }
        let sections = sources.finish().unwrap();
        let names = Records::parse(&sections.names, "source names").unwrap();
        let docs = Records::parse(&sections.docs, "doc sources").unwrap();
        assert_eq!(names.len(), 2);
        let of = |doc| {
            let record = docs.get(article_values::record_of(doc) as usize).unwrap();
            source_of(record, &names, doc)
                .unwrap()
                .map(|n| name(&names, n).unwrap())
        };
        assert_eq!(
            [of(0), of(1), of(2), of(3)],
            [Some("Reuters"), None, Some("AP"), Some("Reuters")]
        );
        article_values::check(&sections.docs, 4, "doc sources").unwrap();
        assert!(source_of(docs.get(0).unwrap(), &names, 4).is_err());
        assert!(source_of(&[0, 0, 0, 0, 9, 0, 0, 0], &names, 1).is_err());
    }
}
