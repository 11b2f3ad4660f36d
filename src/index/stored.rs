//! The document store as a request reads it: the record table in the index, and the records
//! beside it or, in a sharded index, fetched from its chunks (and inflated, when deflated).

use std::borrow::Cow;
use std::ops::Range;

use newsdex_format::shards::verify;
use newsdex_format::store::{self, StoredFields};

use crate::error::Result;
use crate::index::pack::SectionBytes;
use crate::index::pieces::StoreTable;

/// Reads stored articles by doc number.
pub(crate) struct StoreView<'a> {
    table: StoreTable<'a>,
    records: SectionBytes<'a>,
    deflated: bool,
}

/// One article's stored record, inflated if it was deflated.
pub(crate) struct StoredRecord<'a> {
    doc: u32,
    bytes: Cow<'a, [u8]>,
}

impl StoredRecord<'_> {
    /// The record's fields.
    pub fn fields(&self) -> Result<StoredFields<'_>> {
        Ok(store::decode(self.doc, &self.bytes)?)
    }
}

impl<'a> StoreView<'a> {
    pub fn new(table: StoreTable<'a>, records: SectionBytes<'a>, deflated: bool) -> StoreView<'a> {
        StoreView {
            table,
            records,
            deflated,
        }
    }

    /// The stored record of article `doc`.
    pub fn get(&self, doc: u32) -> Result<StoredRecord<'a>> {
        let (span, check) = self.table.span(doc)?;
        let record = self.records.get(span, || {
            format!("article {doc} lies outside the stored records")
        })?;
        if let Some(check) = check {
            verify(check, record, || {
                format!("the stored text of article {doc}")
            })?;
        }
        Ok(StoredRecord {
            doc,
            bytes: store::inflate(doc, record, self.deflated)?,
        })
    }

    /// Whether the records are read from a sharded index's chunks, so reading one may cost a
    /// fetch.
    pub fn is_packed(&self) -> bool {
        self.records.is_packed()
    }

    /// The mean length of a stored record, from the sizes in the core alone.
    pub fn mean_record_len(&self, articles: u32) -> f64 {
        self.records.len() as f64 / f64::from(articles.max(1))
    }

    /// The ranges of a sharded index to fetch before the articles of `docs` can be read: the
    /// pieces of the store table that say where they are, or, once those are at hand, the
    /// records themselves.
    pub fn missing(&self, docs: impl IntoIterator<Item = u32>) -> Result<Vec<Range<u64>>> {
        let docs: Vec<u32> = docs.into_iter().collect();
        let mut missing = self.table.missing(docs.iter().copied());
        if !missing.is_empty() {
            return Ok(missing);
        }
        for doc in docs {
            let (span, _) = self.table.span(doc)?;
            if !self.records.is_at_hand(span.clone()) {
                missing.extend(self.records.pack_range(span));
            }
        }
        Ok(missing)
    }
}
