//! Per-term statistics by term ordinal (the fst maps a term to its ordinal): document
//! frequency and where the term's postings and positions start. Terms are grouped in blocks
//! of 64; a block stores its base offsets once and the per-term values bit-packed, at the
//! narrowest width that holds them, so looking a term up touches one small block.
//!
//! ```text
//! u32 term count, u32 block count
//! (block count + 1) × [postings base u32, positions base u32, block data offset u32]
//! block data: widths [df, postings, positions] as 3 bytes, then the three packed arrays
//! ```

use std::ops::Range;

use super::{bitpack, le_u32};
use crate::error::{Error, ErrorKind, Result};

const SECTION: &str = "term info";
const BLOCK: usize = 64;
const ENTRY: usize = 12;

/// What the index knows of one term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermInfo {
    /// The number of articles containing the term.
    pub doc_freq: u32,
    /// The term's bytes in the postings section.
    pub postings: Range<usize>,
    /// The term's bytes in the positions section.
    pub positions: Range<usize>,
}

/// Collects term infos in ordinal order.
#[derive(Default)]
pub struct TermInfoWriter {
    doc_freqs: Vec<u32>,
    postings_starts: Vec<u32>,
    positions_starts: Vec<u32>,
}

impl TermInfoWriter {
    /// Creates an empty writer.
    pub fn new() -> TermInfoWriter {
        TermInfoWriter::default()
    }

    /// Adds the next term: its document frequency (at least 1) and the offsets where its
    /// postings and positions start; both offsets must not decrease from term to term.
    pub fn push(&mut self, doc_freq: u32, postings_start: usize, positions_start: usize) -> Result<()> {
        debug_assert!(doc_freq >= 1);
        let offset = |at: usize| {
            u32::try_from(at).map_err(|_| Error::from(ErrorKind::TooLarge {
                what: "the postings of the corpus".into(),
                limit: u64::from(u32::MAX),
            }))
        };
        self.doc_freqs.push(doc_freq - 1);
        self.postings_starts.push(offset(postings_start)?);
        self.positions_starts.push(offset(positions_start)?);
        Ok(())
    }

    /// The section's bytes, given the final lengths of the postings and positions sections.
    pub fn finish(self, postings_len: usize, positions_len: usize) -> Vec<u8> {
        let term_count = self.doc_freqs.len();
        let block_count = term_count.div_ceil(BLOCK);
        let mut table = Vec::with_capacity(8 + ENTRY * (block_count + 1));
        table.extend_from_slice(&(term_count as u32).to_le_bytes());
        table.extend_from_slice(&(block_count as u32).to_le_bytes());
        let mut data = Vec::new();
        for block in 0..block_count {
            let range = block * BLOCK..((block + 1) * BLOCK).min(term_count);
            let postings_base = self.postings_starts[range.start];
            let positions_base = self.positions_starts[range.start];
            for word in [postings_base, positions_base, data.len() as u32] {
                table.extend_from_slice(&word.to_le_bytes());
            }
            let doc_freqs = &self.doc_freqs[range.clone()];
            let postings: Vec<u32> = self.postings_starts[range.clone()].iter().map(|s| s - postings_base).collect();
            let positions: Vec<u32> = self.positions_starts[range].iter().map(|s| s - positions_base).collect();
            let arrays = [doc_freqs, &postings[..], &positions[..]];
            let widths = arrays.map(|values| bitpack::width_of(values.iter().copied().max().unwrap_or(0)));
            data.extend_from_slice(&widths);
            for (values, width) in arrays.into_iter().zip(widths) {
                bitpack::pack(&mut data, values, width);
            }
        }
        for word in [postings_len as u32, positions_len as u32, data.len() as u32] {
            table.extend_from_slice(&word.to_le_bytes());
        }
        table.extend_from_slice(&data);
        table
    }
}

/// Reads term infos in place.
#[derive(Clone, Copy, Debug)]
pub struct TermInfos<'a> {
    table: &'a [u8],
    data: &'a [u8],
    term_count: usize,
}

impl<'a> TermInfos<'a> {
    /// Checks the section's shape.
    ///
    /// # Errors
    /// [`ErrorKind::Corrupt`] when the counts or the block table do not fit.
    pub fn parse(bytes: &'a [u8]) -> Result<TermInfos<'a>> {
        let term_count = le_u32(bytes, 0).ok_or_else(|| Error::corrupt(SECTION, "no term count"))? as usize;
        let block_count = le_u32(bytes, 4).ok_or_else(|| Error::corrupt(SECTION, "no block count"))? as usize;
        if block_count != term_count.div_ceil(BLOCK) {
            return Err(Error::corrupt(SECTION, format!("{block_count} blocks for {term_count} terms")));
        }
        let table_end = (block_count + 1)
            .checked_mul(ENTRY)
            .and_then(|n| n.checked_add(8))
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| Error::corrupt(SECTION, "the block table does not fit"))?;
        Ok(TermInfos { table: &bytes[8..table_end], data: &bytes[table_end..], term_count })
    }

    /// The number of terms.
    pub fn len(&self) -> usize {
        self.term_count
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.term_count == 0
    }

    /// The info of the term with `ordinal`.
    ///
    /// # Errors
    /// [`ErrorKind::Corrupt`] when the ordinal is out of range or the block is damaged.
    pub fn get(&self, ordinal: u64) -> Result<TermInfo> {
        self.lookup(ordinal).ok_or_else(|| Error::corrupt(SECTION, format!("term {ordinal} cannot be read")))
    }

    fn lookup(&self, ordinal: u64) -> Option<TermInfo> {
        let ordinal = usize::try_from(ordinal).ok().filter(|&o| o < self.term_count)?;
        let (block, i) = (ordinal / BLOCK, ordinal % BLOCK);
        let entry = |b: usize, word: usize| le_u32(self.table, b * ENTRY + 4 * word).map(|w| w as usize);
        let count = (self.term_count - block * BLOCK).min(BLOCK);
        let data = self.data.get(entry(block, 2)?..entry(block + 1, 2)?)?;
        let widths = data.get(..3)?;
        let arrays = &data[3..];
        let df_len = bitpack::packed_len(count, widths[0]);
        let postings_len = bitpack::packed_len(count, widths[1]);
        let doc_freqs = arrays.get(..df_len)?;
        let postings = arrays.get(df_len..df_len + postings_len)?;
        let positions = arrays.get(df_len + postings_len..)?;
        let start = |array: &[u8], width: u8, base: usize, j: usize| -> Option<usize> {
            base.checked_add(bitpack::get(array, width, j)? as usize)
        };
        let end = |array: &[u8], width: u8, word: usize| -> Option<usize> {
            if i + 1 < count {
                start(array, width, entry(block, word)?, i + 1)
            } else {
                entry(block + 1, word)
            }
        };
        let postings_start = start(postings, widths[1], entry(block, 0)?, i)?;
        let positions_start = start(positions, widths[2], entry(block, 1)?, i)?;
        let postings_end = end(postings, widths[1], 0)?;
        let positions_end = end(positions, widths[2], 1)?;
        if postings_end < postings_start || positions_end < positions_start {
            return None;
        }
        Some(TermInfo {
            doc_freq: bitpack::get(doc_freqs, widths[0], i)?.checked_add(1)?,
            postings: postings_start..postings_end,
            positions: positions_start..positions_end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_block_boundaries() {
        let mut writer = TermInfoWriter::new();
        let mut expected = Vec::new();
        let (mut postings, mut positions) = (0usize, 0usize);
        for i in 0..150u32 {
            let df = 1 + (i * 7) % 13;
            let (p_len, q_len) = (3 + (i as usize * 5) % 17, (i as usize * 11) % 29);
            writer.push(df, postings, positions).unwrap();
            expected.push(TermInfo { doc_freq: df, postings: postings..postings + p_len, positions: positions..positions + q_len });
            postings += p_len;
            positions += q_len;
        }
        let bytes = writer.finish(postings, positions);
        let infos = TermInfos::parse(&bytes).unwrap();
        assert_eq!(infos.len(), 150);
        for (ordinal, info) in expected.iter().enumerate() {
            assert_eq!(&infos.get(ordinal as u64).unwrap(), info, "term {ordinal}");
        }
        assert!(infos.get(150).is_err());
    }

    #[test]
    fn hapax_blocks_store_no_doc_freq_bits() {
        let mut writer = TermInfoWriter::new();
        for i in 0..64 {
            writer.push(1, i, 0).unwrap();
        }
        let bytes = writer.finish(64, 0);
        let infos = TermInfos::parse(&bytes).unwrap();
        assert_eq!(bytes[8 + 2 * ENTRY], 0, "df width");
        assert_eq!(infos.get(63).unwrap().postings, 63..64);
    }

    #[test]
    fn refuses_inconsistent_counts() {
        let mut writer = TermInfoWriter::new();
        writer.push(1, 0, 0).unwrap();
        let mut bytes = writer.finish(1, 0);
        bytes[0] = 200;
        assert!(TermInfos::parse(&bytes).is_err());
    }
}
