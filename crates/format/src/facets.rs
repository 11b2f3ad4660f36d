//! Site facets: fields of the articles (a section, authors, tags) chosen at build, whose
//! values filter (`section:politics`) and are counted over a search's matches.
//!
//! Every value of every facet field has an ordinal; the values of one field are one run of
//! ordinals, in the order of their keys. The sections:
//!
//! ```text
//! facet fields    record per field: u32 first ordinal, u32 end ordinal, the field's name
//! facet names     fst map: field number (one byte) · folded value → ordinal
//! facet values    record per ordinal: varint articles, the value as first written
//! facet postings  record per ordinal: its articles as varint gaps
//! doc facets      record per article: its values' ordinals as varint gaps (no records
//!                 in an index without facet fields)
//! ```
//!
//! The field list is small and stays in a sharded index's core; the others are cut into
//! pieces like the entity tables.

use crate::at::At;
use std::ops::Range;

use super::le_u32;
use super::records::{Records, RecordsWriter};
use super::varint;
use crate::error::{Error, Result};

const SECTION: &str = "facet fields";

/// At most this many facet fields: a key's first byte numbers its field.
pub const MAX_FIELDS: usize = 64;

/// A facet field and its values' ordinals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetField {
    /// Its name, as in the articles and in queries.
    pub name: String,
    /// Its values' ordinals.
    pub values: Range<u32>,
}

/// The `facet fields` section.
///
/// # Errors
/// [`crate::ErrorKind::TooLarge`] past 4 GiB.
pub fn write_fields(fields: &[FacetField]) -> Result<Vec<u8>> {
    let mut writer = RecordsWriter::new();
    for field in fields {
        writer.push_with(|out| {
            out.extend_from_slice(&field.values.start.to_le_bytes());
            out.extend_from_slice(&field.values.end.to_le_bytes());
            out.extend_from_slice(field.name.as_bytes());
        })?;
    }
    Ok(writer.finish())
}

/// Reads the `facet fields` section, refusing runs of ordinals that do not follow one
/// another from 0, and names that are empty, repeated or not UTF-8.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the section.
pub fn read_fields(bytes: &[u8]) -> Result<Vec<FacetField>> {
    let records = Records::parse(bytes, SECTION)?;
    if records.len() > MAX_FIELDS {
        return Err(Error::corrupt(SECTION, format!("{} fields", records.len())));
    }
    let mut fields: Vec<FacetField> = Vec::with_capacity(records.len());
    for i in 0..records.len() {
        let bad = |what: &str| Error::corrupt(SECTION, format!("field {i}: {what}"));
        let record = records.get(i).ok_or_else(|| bad("cut short"))?;
        let (start, end) = (le_u32(record, 0), le_u32(record, 4));
        let (Some(start), Some(end)) = (start, end) else {
            return Err(bad("cut short"));
        };
        if start != fields.last().map_or(0, |f| f.values.end) || end < start {
            return Err(bad("its values do not follow the previous field's"));
        }
        let name = std::str::from_utf8(&record[8..]).map_err(|_| bad("a name not UTF-8"))?;
        if name.is_empty() || fields.iter().any(|f| f.name == name) {
            return Err(bad("an empty or repeated name"));
        }
        fields.push(FacetField {
            name: name.to_owned(),
            values: start..end,
        });
    }
    Ok(fields)
}

/// The key of a value in the `facet names` map: its field's number, then the value folded.
pub fn key(field: usize, folded: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + folded.len());
    key.push(field as u8);
    key.extend_from_slice(folded.as_bytes());
    key
}

/// A `facet values` record.
pub fn write_value(out: &mut Vec<u8>, articles: u32, name: &str) {
    varint::write_u32(out, articles);
    out.extend_from_slice(name.as_bytes());
}

/// A `facet values` record read: its articles and its name.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when it cannot be read.
pub fn read_value(record: &[u8], ordinal: u32) -> Result<(u32, &str)> {
    let bad = || Error::corrupt("facet values", format!("value {ordinal} cannot be read"));
    let mut at = 0;
    let articles = varint::read_u32(record, &mut at).ok_or_else(bad)?;
    let name = std::str::from_utf8(record.at(at..)).map_err(|_| bad())?;
    Ok((articles, name))
}

/// A list of increasing numbers (a value's articles, an article's values) as varint gaps.
pub fn write_list(out: &mut Vec<u8>, numbers: impl IntoIterator<Item = u32>) {
    let mut previous = None;
    for n in numbers {
        varint::write_u32(out, previous.map_or(n, |p| n - p - 1));
        previous = Some(n);
    }
}

/// A list written by [`write_list`], each number below `limit`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming `section` when it does not read so.
pub fn read_list(record: &[u8], limit: u32, section: &'static str) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    for_each_in_list(record, limit, section, |n| out.push(n))?;
    Ok(out)
}

/// Calls `each` with the numbers of a list written by [`write_list`], each below `limit`,
/// without collecting them (counting an article's values for facets, say).
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming `section` when it does not read so.
pub fn for_each_in_list(
    record: &[u8],
    limit: u32,
    section: &'static str,
    mut each: impl FnMut(u32),
) -> Result<()> {
    let bad = || Error::corrupt(section, "a list of numbers cannot be read");
    let mut at = 0;
    let mut next = 0u32;
    while at < record.len() {
        let gap = varint::read_u32(record, &mut at).ok_or_else(bad)?;
        let n = next
            .checked_add(gap)
            .filter(|&n| n < limit)
            .ok_or_else(bad)?;
        each(n);
        next = n + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_and_refuse_damage() {
        let fields = vec![
            FacetField {
                name: "topics".into(),
                values: 0..3,
            },
            FacetField {
                name: "places".into(),
                values: 3..3,
            },
        ];
        let bytes = write_fields(&fields).unwrap();
        assert_eq!(read_fields(&bytes).unwrap(), fields);
        let mut gap = fields.clone();
        gap[1].values = 4..5;
        assert!(read_fields(&write_fields(&gap).unwrap()).is_err());
        let mut twice = fields.clone();
        twice[1].name = "topics".into();
        assert!(read_fields(&write_fields(&twice).unwrap()).is_err());
    }

    #[test]
    fn lists_and_values_round_trip() {
        let mut out = Vec::new();
        write_list(&mut out, [0, 1, 5, 300]);
        assert_eq!(read_list(&out, 301, "x").unwrap(), [0, 1, 5, 300]);
        assert!(read_list(&out, 300, "x").is_err());
        assert!(read_list(&[0x80], 10, "x").is_err());
        let mut value = Vec::new();
        write_value(&mut value, 12, "crude oil");
        assert_eq!(read_value(&value, 0).unwrap(), (12, "crude oil"));
    }
}
