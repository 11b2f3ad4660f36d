//! The document store as a request reads it: the record table in the index, and the records
//! beside it or, in a sharded index, fetched from its chunks (and inflated, when deflated).

use std::borrow::Cow;
use std::ops::Range;

use newsdex_format::records::Records;
use newsdex_format::shards::ChunkChecks;
use newsdex_format::store::{self, Store, StoredFields};

use crate::error::{ErrorKind, Result};
use crate::index::pack::{coalesce, SectionBytes};

/// Reads stored articles by doc number.
pub(crate) struct StoreView<'a> {
    table: Records<'a>,
    records: SectionBytes<'a>,
    checks: Option<ChunkChecks<'a>>,
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
    pub fn whole(store: Store<'a>, deflated: bool) -> StoreView<'a> {
        let table = *store.records();
        StoreView {
            table,
            records: SectionBytes::Whole(table.data()),
            checks: None,
            deflated,
        }
    }

    pub fn packed(
        checks: Option<ChunkChecks<'a>>,
        table: Records<'a>,
        records: SectionBytes<'a>,
        deflated: bool,
    ) -> StoreView<'a> {
        StoreView {
            table,
            records,
            checks,
            deflated,
        }
    }

    fn span(&self, doc: u32) -> Result<Range<usize>> {
        self.table.span(doc as usize).ok_or_else(|| {
            newsdex_format::Error::corrupt("document store", format!("article {doc} is missing"))
                .into()
        })
    }

    /// The stored record of article `doc`.
    pub fn get(&self, doc: u32) -> Result<StoredRecord<'a>> {
        let record = self.records.get(self.span(doc)?, || {
            format!("article {doc} lies outside the stored records")
        })?;
        if let Some(checks) = &self.checks {
            checks.record(doc, record)?;
        }
        Ok(StoredRecord {
            doc,
            bytes: store::inflate(doc, record, self.deflated)?,
        })
    }

    /// Whether the records are read from a sharded index's chunks, so reading one may cost a
    /// fetch.
    pub fn is_packed(&self) -> bool {
        matches!(self.records, SectionBytes::Packed { .. })
    }

    /// The bytes of article `doc`'s record, fetched or not.
    pub fn record_len(&self, doc: u32) -> Result<usize> {
        Ok(self.span(doc)?.len())
    }

    /// Ok when every article of `docs` can be read now; otherwise the ranges of a sharded
    /// index to fetch first, all at once.
    pub fn require(&self, docs: impl IntoIterator<Item = u32>) -> Result<()> {
        let missing = self.missing(docs)?;
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ErrorKind::NotFetched {
                ranges: coalesce(missing, 0),
            }
            .into())
        }
    }

    /// The ranges of a sharded index to fetch before the articles of `docs` can be read.
    pub fn missing(&self, docs: impl IntoIterator<Item = u32>) -> Result<Vec<Range<u64>>> {
        let mut missing = Vec::new();
        for doc in docs {
            let span = self.span(doc)?;
            if !self.records.is_at_hand(span.clone()) {
                missing.extend(self.records.pack_range(span));
            }
        }
        Ok(missing)
    }
}
