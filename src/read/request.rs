//! What one request accumulates while it runs, apart from the index it reads: the byte ranges
//! of a sharded index's pack that its reads needed and did not find, and the scores a sharded
//! request kept from its earlier rounds.

use std::ops::Range;

use crate::error::Result;
use crate::index::pack::SectionBytes;
use crate::read::memo::Memo;

/// One request's state: what is missing, and the memo it may consult.
pub(crate) struct Request<'a> {
    memo: Option<&'a Memo>,
    missing: Vec<Range<u64>>,
}

impl<'a> Request<'a> {
    /// A request that has read nothing yet, keeping scores in `memo` when given (a sharded
    /// index's requests take rounds; a single-file one's do not).
    pub fn new(memo: Option<&'a Memo>) -> Request<'a> {
        Request {
            memo,
            missing: Vec::new(),
        }
    }

    /// The memo of scores kept between rounds, if this request has one.
    pub fn memo(&self) -> Option<&'a Memo> {
        self.memo
    }

    /// Whether every read so far found its bytes.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    /// How many ranges the reads so far found missing.
    pub fn missing_count(&self) -> usize {
        self.missing.len()
    }

    /// Records ranges of the pack that an answer needs.
    pub fn need(&mut self, ranges: impl IntoIterator<Item = Range<u64>>) {
        self.missing.extend(ranges);
    }

    /// The ranges found missing, in the order the reads found them.
    pub fn into_missing(self) -> Vec<Range<u64>> {
        self.missing
    }

    /// `range` of `section`, if at hand; otherwise its place in the pack is recorded.
    pub fn get<'s>(
        &mut self,
        section: &SectionBytes<'s>,
        range: Range<usize>,
        what: impl FnOnce() -> String,
    ) -> Result<Option<&'s [u8]>> {
        if section.is_at_hand(range.clone()) {
            return section.get(range, what).map(Some);
        }
        self.missing.extend(section.pack_range(range));
        Ok(None)
    }
}
