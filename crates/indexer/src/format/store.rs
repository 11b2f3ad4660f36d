//! The document store: each article's stored fields (everything but the id, which has its
//! own section) as one record of length-prefixed UTF-8 strings, read in place.

use super::records::{RecordData, Records, RecordsWriter};
use super::{varint, Field};
use crate::corpus::Article;
use crate::error::{Error, Result};

const SECTION: &str = "document store";

/// An article's stored fields, borrowed from the index bytes. Absent fields are empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoredFields<'a> {
    /// The headline.
    pub title: &'a str,
    /// The outlet or agency.
    pub source: &'a str,
    /// The date, ISO 8601.
    pub date: &'a str,
    /// The address.
    pub url: &'a str,
    /// The publication section.
    pub section: &'a str,
    /// The standfirst.
    pub description: &'a str,
    /// The text.
    pub body: &'a str,
}

impl<'a> StoredFields<'a> {
    /// The text of an indexed field: what the builder analysed for it.
    pub fn field(&self, field: Field) -> &'a str {
        match field {
            Field::Title => self.title,
            Field::Description => self.description,
            Field::Body => self.body,
            Field::Source => self.source,
        }
    }
}

/// Appends an article's stored fields to the store.
pub fn write_article(store: &mut RecordsWriter<impl RecordData>, article: &Article) -> Result<()> {
    store.push_with(|out| {
        for text in [
            &article.title,
            &article.source,
            &article.date,
            &article.url,
            &article.section,
            &article.description,
            &article.body,
        ] {
            varint::write_u64(out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
    })
}

/// Reads stored articles by doc number.
#[derive(Clone, Copy, Debug)]
pub struct Store<'a> {
    records: Records<'a>,
}

impl<'a> Store<'a> {
    /// Opens the store section, checking its whole record table.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when its record table is damaged.
    pub fn parse(bytes: &'a [u8]) -> Result<Store<'a>> {
        Ok(Store { records: Records::parse(bytes, SECTION)? })
    }

    /// Reopens a store section that [`Store::parse`] has already checked.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when its record table does not fit.
    pub fn open(bytes: &'a [u8]) -> Result<Store<'a>> {
        Ok(Store { records: Records::open(bytes, SECTION)? })
    }

    /// The number of stored articles.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The stored fields of article `doc`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the record is missing, cut short or not UTF-8.
    pub fn get(&self, doc: u32) -> Result<StoredFields<'a>> {
        let record = self.records.get(doc as usize).ok_or_else(|| Error::corrupt(SECTION, format!("article {doc} is missing")))?;
        decode(doc, record)
    }

    /// The record table, for a sharded index that keeps the table and fetches the records.
    pub fn records(&self) -> &Records<'a> {
        &self.records
    }
}

/// Decodes article `doc`'s stored record.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record is cut short or not UTF-8.
pub fn decode(doc: u32, record: &[u8]) -> Result<StoredFields<'_>> {
    let mut at = 0;
    let mut next = || -> Result<&str> {
        let bad = || Error::corrupt(SECTION, format!("article {doc} is damaged"));
        let len = varint::read_u64(record, &mut at).and_then(|l| usize::try_from(l).ok()).ok_or_else(bad)?;
        let bytes = record.get(at..at.checked_add(len).ok_or_else(bad)?).ok_or_else(bad)?;
        at += len;
        std::str::from_utf8(bytes).map_err(|_| bad())
    };
    Ok(StoredFields {
        title: next()?,
        source: next()?,
        date: next()?,
        url: next()?,
        section: next()?,
        description: next()?,
        body: next()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_fields_round_trip() {
        let article = Article {
            id: "a".into(),
            title: "Zürich 🙂".into(),
            source: "Reuters".into(),
            date: "2016-04-14".into(),
            url: "https://example.com/a".into(),
            section: "world".into(),
            description: "".into(),
            body: "One.\n\nTwo.".into(),
        };
        let mut writer = RecordsWriter::new();
        write_article(&mut writer, &article).unwrap();
        let bytes = writer.finish();
        let store = Store::parse(&bytes).unwrap();
        let stored = store.get(0).unwrap();
        assert_eq!(stored.title, article.title);
        assert_eq!(stored.url, article.url);
        assert_eq!(stored.body, article.body);
        assert!(store.get(1).is_err());
    }
}
