//! The bytes of a sharded index's pack (its postings, positions and stored records, in chunk
//! files) that a reader has fetched so far, and the sections a request reads from: whole in
//! a single-file index, or ranges of the pack fetched on demand.

use newsdex_format::at::{self, At};
use std::ops::Range;

use newsdex_index::sort;

use crate::error::{ErrorKind, Result};
use crate::index::SingleFile;

/// Ranges of the pack fetched so far, kept disjoint: a range supplied next to or across
/// others is merged with them, so any wanted range lies in at most one span.
#[derive(Debug, Default)]
pub struct Fetched {
    /// By start, disjoint. A sorted list rather than a map: lookups are binary searches
    /// either way, and the search module then carries no map code.
    spans: Vec<(u64, Vec<u8>)>,
    bytes: usize,
}

impl Fetched {
    /// Keeps `bytes` as the pack's bytes from `start` on.
    pub fn insert(&mut self, start: u64, bytes: Vec<u8>) {
        let end = start + bytes.len() as u64;
        // Spans are disjoint and sorted, so those touching the new one are a run: from the
        // first that ends at or after its start to the last that starts at or before its end.
        let first = self
            .spans
            .partition_point(|(s, span)| s + (span.len() as u64) < start);
        let past = self.spans.partition_point(|(s, _)| *s <= end);
        if first >= past {
            self.bytes += bytes.len();
            at::insert(&mut self.spans, first, (start, bytes));
            return;
        }
        let touching: Vec<(u64, Vec<u8>)> = self.spans.drain(first..past).collect();
        let merged_start = touching.at(0).0.min(start);
        let merged_end = touching
            .iter()
            .map(|(s, span)| s + span.len() as u64)
            .fold(end, u64::max);
        let mut merged = vec![0u8; (merged_end - merged_start) as usize];
        for (s, span) in touching
            .iter()
            .map(|(s, span)| (*s, span))
            .chain([(start, &bytes)])
        {
            let at = (s - merged_start) as usize;
            at::copy(merged.at_mut(at..at + span.len()), span);
        }
        let removed: usize = touching.iter().map(|(_, span)| span.len()).sum();
        self.bytes = self.bytes - removed + merged.len();
        at::insert(&mut self.spans, first, (merged_start, merged));
    }

    /// The bytes of `range`, if they have been fetched.
    pub fn get(&self, range: Range<u64>) -> Option<&[u8]> {
        let at = self
            .spans
            .partition_point(|(s, _)| *s <= range.start)
            .checked_sub(1)?;
        let (start, span) = &self.spans[at];
        let from = usize::try_from(range.start - start).ok()?;
        let to = usize::try_from(range.end - start).ok()?;
        span.get(from..to)
    }

    /// How many bytes are kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The spans kept: where each starts in the pack, and its bytes.
    pub fn spans(&self) -> impl Iterator<Item = (u64, &[u8])> {
        self.spans
            .iter()
            .map(|(start, bytes)| (*start, bytes.as_slice()))
    }

    /// Drops every fetched byte outside `keep` (sorted and disjoint).
    pub fn retain(&mut self, keep: &[Range<u64>]) {
        let spans = std::mem::take(&mut self.spans);
        self.bytes = 0;
        for (start, span) in spans {
            let end = start + span.len() as u64;
            let first = keep.partition_point(|k| k.end <= start);
            for k in keep[first..].iter().take_while(|k| k.start < end) {
                let (from, to) = (k.start.max(start), k.end.min(end));
                let part = span
                    .at((from - start) as usize..(to - start) as usize)
                    .to_vec();
                self.bytes += part.len();
                self.spans.push((from, part));
            }
        }
    }
}

/// A section a request reads: in the index bytes, or a part of a sharded index's pack.
#[derive(Clone, Debug)]
pub(crate) enum SectionBytes<'a> {
    Whole(&'a [u8], SingleFile),
    Packed {
        name: &'static str,
        at: Range<u64>,
        fetched: Option<&'a Fetched>,
    },
}

impl<'a> SectionBytes<'a> {
    /// The bytes of `range` of the section.
    ///
    /// # Errors
    /// `Format(Corrupt)` for a range outside the section; [`ErrorKind::NotFetched`] for bytes of
    /// a sharded index that have not been fetched.
    pub fn get(&self, range: Range<usize>, what: impl FnOnce() -> String) -> Result<&'a [u8]> {
        match self {
            SectionBytes::Whole(bytes, _) => bytes
                .get(range)
                .ok_or_else(|| newsdex_format::Error::corrupt(self.name(), what()).into()),
            SectionBytes::Packed { at, fetched, .. } => {
                let wanted = self
                    .pack_range(range)
                    .ok_or_else(|| newsdex_format::Error::corrupt(self.name(), what()))?;
                debug_assert!(wanted.end <= at.end);
                fetched.and_then(|f| f.get(wanted.clone())).ok_or_else(|| {
                    ErrorKind::NotFetched {
                        ranges: vec![wanted],
                    }
                    .into()
                })
            }
        }
    }

    /// Where `range` of the section lies in the pack, when the section is packed and the range
    /// inside it.
    pub fn pack_range(&self, range: Range<usize>) -> Option<Range<u64>> {
        let SectionBytes::Packed { at, .. } = self else {
            return None;
        };
        let start = at.start.checked_add(range.start as u64)?;
        let end = at.start.checked_add(range.end as u64)?;
        (start <= end && end <= at.end).then_some(start..end)
    }

    /// Whether `range` of the section can be read without a fetch (or is outside it, which
    /// reading reports).
    pub fn is_at_hand(&self, range: Range<usize>) -> bool {
        match (self, self.pack_range(range)) {
            (SectionBytes::Packed { fetched, .. }, Some(wanted)) => {
                fetched.is_some_and(|f| f.get(wanted).is_some())
            }
            _ => true,
        }
    }

    /// The section's length in bytes.
    pub fn len(&self) -> usize {
        match self {
            SectionBytes::Whole(bytes, _) => bytes.len(),
            SectionBytes::Packed { at, .. } => (at.end - at.start) as usize,
        }
    }

    /// Whether the section is read from a sharded index's chunks.
    pub fn is_packed(&self) -> bool {
        matches!(self, SectionBytes::Packed { .. })
    }

    fn name(&self) -> &'static str {
        match self {
            SectionBytes::Whole(..) => "index",
            SectionBytes::Packed { name, .. } => name,
        }
    }
}

/// `ranges` sorted and merged where they overlap or lie closer than `gap` bytes: fewer
/// requests for a few bytes more.
pub(crate) fn coalesce(mut ranges: Vec<Range<u64>>, gap: u64) -> Vec<Range<u64>> {
    sort::sort_by_key(&mut ranges, |r| (r.start, r.end));
    let mut out: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
    for range in ranges.into_iter().filter(|r| r.start < r.end) {
        match out.last_mut() {
            Some(last) if range.start <= last.end.saturating_add(gap) => {
                last.end = last.end.max(range.end)
            }
            _ => out.push(range),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplied_ranges_merge_and_answer_any_range_inside_them() {
        let pack: Vec<u8> = (0..=255).collect();
        let mut fetched = Fetched::default();
        fetched.insert(10, pack[10..20].to_vec());
        fetched.insert(30, pack[30..40].to_vec());
        assert_eq!(fetched.get(12..18), Some(&pack[12..18]));
        assert_eq!(fetched.get(15..35), None, "a gap between spans");
        fetched.insert(18, pack[18..32].to_vec());
        assert_eq!(
            fetched.get(10..40),
            Some(&pack[10..40]),
            "three spans became one"
        );
        assert_eq!(fetched.bytes(), 30);
        fetched.insert(0, pack[0..50].to_vec());
        fetched.insert(50, pack[50..60].to_vec());
        assert_eq!(fetched.get(0..60), Some(&pack[0..60]));
        assert_eq!(fetched.bytes(), 60);
        fetched.insert(5, pack[5..8].to_vec());
        assert_eq!(
            fetched.get(0..60),
            Some(&pack[0..60]),
            "a span inside another"
        );
        assert_eq!(fetched.bytes(), 60);
        assert_eq!(fetched.get(55..61), None);
    }

    #[test]
    fn retaining_keeps_the_bytes_inside_the_ranges_only() {
        let pack: Vec<u8> = (0..=255).collect();
        let mut fetched = Fetched::default();
        fetched.insert(10, pack[10..40].to_vec());
        fetched.insert(50, pack[50..60].to_vec());
        fetched.insert(70, pack[70..80].to_vec());
        fetched.retain(&[0..12, 20..25, 30..55, 75..90]);
        assert_eq!(fetched.get(10..12), Some(&pack[10..12]));
        assert_eq!(fetched.get(20..25), Some(&pack[20..25]));
        assert_eq!(fetched.get(30..40), Some(&pack[30..40]));
        assert_eq!(fetched.get(50..55), Some(&pack[50..55]));
        assert_eq!(fetched.get(75..80), Some(&pack[75..80]));
        assert_eq!(fetched.get(12..13), None);
        assert_eq!(fetched.get(55..56), None);
        assert_eq!(fetched.get(70..75), None);
        assert_eq!(fetched.bytes(), 2 + 5 + 10 + 5 + 5);
        fetched.retain(&[]);
        assert_eq!((fetched.bytes(), fetched.get(10..12)), (0, None));
    }

    #[test]
    fn coalescing_merges_close_ranges_only() {
        assert_eq!(
            coalesce(vec![50..60, 0..10, 12..20, 5..8, 30..30], 4),
            vec![0..20, 50..60]
        );
    }
}
