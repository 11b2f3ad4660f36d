//! A `u32` per article, in a record table ([`crate::records`]) whose record `r` holds the
//! values of articles `r × PER_RECORD ..` as little-endian `u32`s: the shape of the `dates`
//! and `doc sources` sections, so that a sharded index cuts them into pieces like any record
//! table and a reader fetches only the pieces of the articles it asks about.

use super::le_u32;
use super::records::{Records, RecordsWriter};
use crate::error::{Error, Result};

/// Articles per record.
pub const PER_RECORD: usize = 64;

/// The section of these values, one per article.
///
/// # Errors
/// [`crate::ErrorKind::TooLarge`] past 4 GiB.
pub fn write(values: &[u32]) -> Result<Vec<u8>> {
    let mut writer = RecordsWriter::new();
    for record in values.chunks(PER_RECORD) {
        writer.push_with(|out| {
            for value in record {
                out.extend_from_slice(&value.to_le_bytes());
            }
        })?;
    }
    Ok(writer.finish())
}

/// The number of records of a section of `docs` articles.
pub fn record_count(docs: u32) -> u32 {
    docs.div_ceil(PER_RECORD as u32)
}

/// The record holding article `doc`'s value.
pub fn record_of(doc: u32) -> u32 {
    doc / PER_RECORD as u32
}

/// Article `doc`'s value, from its record of section `section`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record is too short for it.
pub fn value_in(record: &[u8], doc: u32, section: &'static str) -> Result<u32> {
    le_u32(record, 4 * (doc as usize % PER_RECORD))
        .ok_or_else(|| Error::corrupt(section, format!("no value for article {doc}")))
}

/// Checks a whole section `section` of `docs` articles: a record per [`PER_RECORD`] articles,
/// each of its articles' values.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the section.
pub fn check(bytes: &[u8], docs: u32, section: &'static str) -> Result<()> {
    let records = Records::parse(bytes, section)?;
    if records.len() != record_count(docs) as usize {
        return Err(Error::corrupt(
            section,
            format!("{} records for {docs} articles", records.len()),
        ));
    }
    for (r, record) in (0..records.len()).filter_map(|r| Some((r, records.get(r)?))) {
        let articles = (docs as usize - r * PER_RECORD).min(PER_RECORD);
        if record.len() != 4 * articles {
            return Err(Error::corrupt(
                section,
                format!(
                    "record {r} holds {} bytes, not {}",
                    record.len(),
                    4 * articles
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_round_trips_and_refuses_damage() {
        let values: Vec<u32> = (0..130)
            .map(|i| if i % 7 == 0 { 0 } else { 700_000 + i })
            .collect();
        let bytes = write(&values).unwrap();
        check(&bytes, 130, "dates").unwrap();
        let records = Records::parse(&bytes, "dates").unwrap();
        for (doc, &want) in values.iter().enumerate() {
            let record = records.get(record_of(doc as u32) as usize).unwrap();
            assert_eq!(value_in(record, doc as u32, "dates").unwrap(), want);
        }
        assert!(check(&bytes, 129, "dates").is_err());
        assert!(check(&bytes, 200, "dates").is_err());
        assert_eq!(
            value_in(&[1, 2, 3], 0, "doc sources")
                .unwrap_err()
                .to_string(),
            "newsdex: index is damaged: doc sources section: no value for article 0"
        );
    }
}
