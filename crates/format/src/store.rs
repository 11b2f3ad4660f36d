//! The document store: each article's stored fields (everything but the id, which has its
//! own section) as one record of length-prefixed UTF-8 strings, read in place (the last, the
//! language tag, only for an article not in English, so that an English index is as it was); or, in an index
//! built to be fetched in pieces (the builder's `BuildOptions::deflated_store`), each record
//! deflated on its own: its length as a varint, then the raw deflate stream. A single-file
//! index is served compressed whole, which does better than records compressed one by one; a
//! sharded index's reader fetches records one by one, half the bytes deflated.

use crate::at::At;
use std::borrow::Cow;

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

use super::records::{RecordData, Records, RecordsWriter};
use super::{varint, Field};
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
    /// The language tag of an article not in English, as the builder took it; empty for
    /// English.
    pub lang: &'a str,
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

/// How hard records are deflated: on news articles of a few kilobytes miniz's fastest level
/// leaves 0.56 of the bytes at 70 MB/s and its default 0.52 at 40 MB/s, so the fastest level
/// builds an archive markedly sooner for a KiB or two more a query (docs/performance.md).
const DEFLATE_LEVEL: i32 = 1;

/// Deflates records one after another with one compressor: setting miniz's up (its hash
/// tables) costs more than deflating a record of a few kilobytes at its fastest level.
pub struct Deflater {
    compressor: Box<CompressorOxide>,
    raw: Vec<u8>,
    packed: Vec<u8>,
}

impl Default for Deflater {
    fn default() -> Deflater {
        let flags = create_comp_flags_from_zip_params(DEFLATE_LEVEL, 0, 0);
        Deflater {
            compressor: Box::new(CompressorOxide::new(flags)),
            raw: Vec::new(),
            packed: Vec::new(),
        }
    }
}

impl Deflater {
    /// `raw` as one raw deflate stream.
    pub fn deflate_bytes(&mut self, raw: &[u8]) -> &[u8] {
        self.raw.clear();
        self.raw.extend_from_slice(raw);
        self.deflate();
        &self.packed
    }

    /// `self.raw` as one raw deflate stream, in `self.packed`.
    fn deflate(&mut self) {
        self.compressor.reset();
        self.packed.clear();
        self.packed.resize(self.raw.len() / 2 + 64, 0);
        let (mut input, mut written) = (&self.raw[..], 0);
        loop {
            let (status, read, wrote) = compress(
                &mut self.compressor,
                input,
                &mut self.packed[written..],
                TDEFLFlush::Finish,
            );
            written += wrote;
            input = &input[read..];
            match status {
                TDEFLStatus::Done => break,
                // Out of room (a record that does not compress): more.
                TDEFLStatus::Okay => self.packed.resize(self.packed.len() * 2, 0),
                // A bad parameter or a failed output callback: constant flags and a buffer
                // cannot give either (miniz's own compress_to_vec panics alike).
                TDEFLStatus::BadParam | TDEFLStatus::PutBufFailed => {
                    unreachable!("deflate refused its parameters: {status:?}")
                }
            }
        }
        self.packed.truncate(written);
    }
}

/// Appends an article's stored fields to the store, deflated when given a [`Deflater`].
pub fn write_article(
    store: &mut RecordsWriter<impl RecordData>,
    article: &StoredFields<'_>,
    deflater: Option<&mut Deflater>,
) -> Result<()> {
    let Some(deflater) = deflater else {
        return store.push_with(|out| raw_record(out, article));
    };
    deflater.raw.clear();
    raw_record(&mut deflater.raw, article);
    deflater.deflate();
    store.push_with(|out| {
        varint::write_u64(out, deflater.raw.len() as u64);
        out.extend_from_slice(&deflater.packed);
    })
}

fn raw_record(out: &mut Vec<u8>, article: &StoredFields<'_>) {
    let lang = (!article.lang.is_empty()).then_some(article.lang);
    for text in [
        article.title,
        article.source,
        article.date,
        article.url,
        article.section,
        article.description,
        article.body,
    ]
    .into_iter()
    .chain(lang)
    {
        varint::write_u64(out, text.len() as u64);
        out.extend_from_slice(text.as_bytes());
    }
}

/// Article `doc`'s record as [`decode`] reads it: `record` itself, or inflated when the store
/// is `deflated`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when a deflated record does not inflate to the length it
/// gives.
pub fn inflate(doc: u32, record: &[u8], deflated: bool) -> Result<Cow<'_, [u8]>> {
    if !deflated {
        return Ok(Cow::Borrowed(record));
    }
    let bad = |why: &str| Error::corrupt(SECTION, format!("article {doc} is damaged: {why}"));
    let mut at = 0;
    let len = varint::read_u64(record, &mut at)
        .and_then(|l| usize::try_from(l).ok())
        .ok_or_else(|| bad("no length"))?;
    // The text may not pass the length the record gives, and inflating allocates no more than
    // deflate's 1032:1 of what was fetched, so forged bytes cannot make it allocate more.
    let raw = crate::inflate::inflate(record.at(at..), len).map_err(bad)?;
    Ok(Cow::Owned(raw))
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
        Ok(Store {
            records: Records::parse(bytes, SECTION)?,
        })
    }

    /// Reopens a store section that [`Store::parse`] has already checked.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when its record table does not fit.
    pub fn open(bytes: &'a [u8]) -> Result<Store<'a>> {
        Ok(Store {
            records: Records::open(bytes, SECTION)?,
        })
    }

    /// The number of stored articles.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
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
    let mut next = || -> Result<Option<&str>> {
        if at == record.len() {
            return Ok(None);
        }
        let bad = || Error::corrupt(SECTION, format!("article {doc} is damaged"));
        let len = varint::read_u64(record, &mut at)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(bad)?;
        let bytes = record
            .get(at..at.checked_add(len).ok_or_else(bad)?)
            .ok_or_else(bad)?;
        at += len;
        std::str::from_utf8(bytes).map(Some).map_err(|_| bad())
    };
    let mut next_text = || -> Result<&str> {
        next()?.ok_or_else(|| Error::corrupt(SECTION, format!("article {doc} is damaged")))
    };
    Ok(StoredFields {
        title: next_text()?,
        source: next_text()?,
        date: next_text()?,
        url: next_text()?,
        section: next_text()?,
        description: next_text()?,
        body: next_text()?,
        lang: next()?.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_fields_round_trip() {
        let article = StoredFields {
            title: "Zürich 🙂",
            source: "Reuters",
            date: "2016-04-14",
            url: "https://example.com/a",
            section: "world",
            description: "",
            body: "One.\n\nTwo.",
            lang: "",
        };
        let in_french = StoredFields {
            lang: "fr-CA",
            ..article
        };
        let raw = |article: &StoredFields<'_>| {
            let mut out = Vec::new();
            raw_record(&mut out, article);
            out
        };
        assert_eq!(
            raw(&in_french).len(),
            raw(&article).len() + 6,
            "English articles store no tag"
        );
        for (article, deflated) in [(article, false), (article, true), (in_french, false)] {
            let mut writer = RecordsWriter::new();
            write_article(
                &mut writer,
                &article,
                deflated.then(Deflater::default).as_mut(),
            )
            .unwrap();
            let bytes = writer.finish();
            let store = Store::parse(&bytes).unwrap();
            let record = inflate(0, store.records().get(0).unwrap(), deflated).unwrap();
            let stored = decode(0, &record).unwrap();
            assert_eq!(stored.title, article.title);
            assert_eq!(stored.url, article.url);
            assert_eq!(stored.body, article.body);
            assert_eq!(stored.lang, article.lang);
            assert!(store.records().get(1).is_none());
        }
    }

    #[test]
    fn deflated_records_are_smaller_and_refused_when_damaged() {
        let body = "The talks in Geneva went on. ".repeat(40);
        let article = StoredFields {
            title: "Talks",
            body: &body,
            ..StoredFields::default()
        };
        let record = |deflater: Option<&mut Deflater>| {
            let mut writer = RecordsWriter::new();
            write_article(&mut writer, &article, deflater).unwrap();
            let bytes = writer.finish();
            Store::parse(&bytes)
                .unwrap()
                .records()
                .get(0)
                .unwrap()
                .to_vec()
        };
        let mut deflater = Deflater::default();
        let (plain, deflated) = (record(None), record(Some(&mut deflater)));
        assert!(
            deflated.len() * 4 < plain.len(),
            "{} of {} bytes",
            deflated.len(),
            plain.len()
        );
        assert_eq!(inflate(0, &deflated, true).unwrap().as_ref(), &plain[..]);
        assert_eq!(
            record(Some(&mut deflater)),
            deflated,
            "a compressor used again deflates alike"
        );
        // Bytes that do not compress take more room than the first guess.
        let noise: String = (0..3000u32)
            .map(|i| char::from_u32(0x4e00 + (i.wrapping_mul(2654435761) >> 20) % 2000).unwrap())
            .collect();
        let noisy = StoredFields {
            body: &noise,
            ..StoredFields::default()
        };
        let mut writer = RecordsWriter::new();
        write_article(&mut writer, &noisy, Some(&mut deflater)).unwrap();
        let bytes = writer.finish();
        let inflated = inflate(
            0,
            Store::parse(&bytes).unwrap().records().get(0).unwrap(),
            true,
        )
        .unwrap();
        assert_eq!(decode(0, &inflated).unwrap().body, noisy.body);

        let mut cut = deflated.clone();
        cut.truncate(deflated.len() - 3);
        let error = inflate(0, &cut, true).unwrap_err().to_string();
        assert!(error.contains("article 0 is damaged"), "{error}");
        // A length it does not inflate to, above or below.
        for len in [plain.len() as u64 + 1, plain.len() as u64 - 1, u64::MAX] {
            let mut forged = Vec::new();
            varint::write_u64(&mut forged, len);
            let mut at = 0;
            varint::read_u64(&deflated, &mut at).unwrap();
            forged.extend_from_slice(&deflated[at..]);
            let error = inflate(0, &forged, true).unwrap_err().to_string();
            assert!(error.contains("article 0 is damaged"), "{len}: {error}");
        }
        assert!(inflate(0, &[], true)
            .unwrap_err()
            .to_string()
            .contains("no length"));
    }
}
