//! Sources (outlets and agencies) for facets: the distinct source names in byte order, and a
//! little-endian `u32` per article giving its source's number (`u32::MAX` for none).

use super::le_u32;
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

/// Writes the sections from each article's source (empty for none), in doc order.
pub fn write(doc_sources: &[String]) -> Result<SourceSections> {
    let mut distinct: Vec<&str> = doc_sources.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut names = RecordsWriter::new();
    for name in &distinct {
        names.push_with(|out| out.extend_from_slice(name.as_bytes()))?;
    }
    let mut docs = Vec::with_capacity(4 * doc_sources.len());
    for source in doc_sources {
        let number = if source.is_empty() { NO_SOURCE } else { distinct.binary_search(&source.as_str()).map_or(NO_SOURCE, |i| i as u32) };
        docs.extend_from_slice(&number.to_le_bytes());
    }
    Ok(SourceSections { names: names.finish(), docs })
}

/// The source number of article `doc`, or `None` when it has none.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the number is past the table of names.
pub fn source_of(docs: &[u8], names: &Records<'_>, doc: u32) -> Result<Option<u32>> {
    let number = le_u32(docs, 4 * doc as usize).ok_or_else(|| Error::corrupt("doc sources", format!("article {doc} is missing")))?;
    match number {
        NO_SOURCE => Ok(None),
        n if (n as usize) < names.len() => Ok(Some(n)),
        n => Err(Error::corrupt("doc sources", format!("article {doc} has source {n} of {}", names.len()))),
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
        let sources = ["Reuters", "", "AP", "Reuters"].map(String::from);
        let sections = write(&sources).unwrap();
        let names = Records::parse(&sections.names, "source names").unwrap();
        assert_eq!(names.len(), 2);
        let of = |doc| source_of(&sections.docs, &names, doc).unwrap().map(|n| name(&names, n).unwrap());
        assert_eq!([of(0), of(1), of(2), of(3)], [Some("Reuters"), None, Some("AP"), Some("Reuters")]);
        assert!(source_of(&sections.docs, &names, 4).is_err());
    }
}
