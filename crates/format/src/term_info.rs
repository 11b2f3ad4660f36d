//! Per-term statistics by term ordinal (the fst maps a term to its ordinal): document
//! frequency and where the term's postings, positions, skip table and headline list start.
//! Terms are grouped in blocks of 64; a block stores its base offsets once and the per-term
//! values bit-packed, at the narrowest width that holds them, so looking a term up touches
//! one small block.
//!
//! A term's headline list (see [`crate::postings::write_headline_list`]) follows its postings
//! in the postings section: its postings end where its headline list starts, and the list
//! ends where the next term's postings start (empty for a term without one).
//!
//! ```text
//! u32 term count, u32 block count
//! (block count + 1) × [postings base u32, positions base u32, skips base u32, headline base u32,
//!                      block data offset u32]
//! block data: widths [df, postings, positions, skips, headline] as 5 bytes, then the five
//!             packed arrays
//! ```

use crate::at::At;
use std::ops::Range;

use super::{bitpack, le_u32, skips};
use crate::error::{Error, ErrorKind, Result};

const SECTION: &str = "term info";
const BLOCK: usize = 64;
const ENTRY: usize = 20;
/// Postings, positions, skips and headline lists: the four starts a term keeps.
const COLUMNS: usize = 4;
/// The columns a builder gives the final lengths of: the headline lists end with the postings.
const SECTIONS: usize = 3;
const POSTINGS: usize = 0;
const HEADLINE: usize = 3;

/// What the index knows of one term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermInfo {
    /// The number of articles containing the term.
    pub doc_freq: u32,
    /// The term's bytes in the postings section.
    pub postings: Range<usize>,
    /// The term's bytes in the positions section.
    pub positions: Range<usize>,
    /// The term's skip table in the skips section (empty for a term read whole).
    pub skips: Range<usize>,
    /// The term's headline list in the postings section (empty for a term without a skip
    /// table, whose postings are read whole).
    pub headline: Range<usize>,
}

/// Collects term infos in ordinal order.
#[derive(Default)]
pub struct TermInfoWriter {
    doc_freqs: Vec<u32>,
    /// Where each term's postings, positions and skips start.
    starts: [Vec<u32>; COLUMNS],
}

impl TermInfoWriter {
    /// Creates an empty writer.
    pub fn new() -> TermInfoWriter {
        TermInfoWriter::default()
    }

    /// Adds the next term: its document frequency (at least 1) and the offsets where its
    /// postings, positions, skip table and headline list start; none may decrease from term
    /// to term, and the headline list starts after the postings.
    pub fn push(&mut self, doc_freq: u32, starts: [usize; COLUMNS]) -> Result<()> {
        debug_assert!(doc_freq >= 1);
        let offset = |at: usize| {
            u32::try_from(at).map_err(|_| {
                Error::from(ErrorKind::TooLarge {
                    what: "the postings of the corpus".into(),
                    limit: u64::from(u32::MAX),
                })
            })
        };
        self.doc_freqs.push(doc_freq - 1);
        for (column, start) in self.starts.iter_mut().zip(starts) {
            column.push(offset(start)?);
        }
        Ok(())
    }

    /// The section's bytes, given the final lengths of the postings, positions and skips
    /// sections.
    pub fn finish(self, lengths: [usize; SECTIONS]) -> Vec<u8> {
        let lengths = [lengths[0], lengths[1], lengths[2], lengths[POSTINGS]];
        let term_count = self.doc_freqs.len();
        let block_count = term_count.div_ceil(BLOCK);
        let mut table = Vec::with_capacity(8 + ENTRY * (block_count + 1));
        table.extend_from_slice(&(term_count as u32).to_le_bytes());
        table.extend_from_slice(&(block_count as u32).to_le_bytes());
        let mut data = Vec::new();
        for block in 0..block_count {
            let range = block * BLOCK..((block + 1) * BLOCK).min(term_count);
            let bases = self.starts.each_ref().map(|column| column[range.start]);
            for word in bases.into_iter().chain([data.len() as u32]) {
                table.extend_from_slice(&word.to_le_bytes());
            }
            let offsets: Vec<Vec<u32>> = self
                .starts
                .iter()
                .zip(bases)
                .map(|(column, base)| column[range.clone()].iter().map(|s| s - base).collect())
                .collect();
            let arrays: Vec<&[u32]> = [&self.doc_freqs[range.clone()]]
                .into_iter()
                .chain(offsets.iter().map(Vec::as_slice))
                .collect();
            let widths: Vec<u8> = arrays
                .iter()
                .map(|values| bitpack::width_of(values.iter().copied().max().unwrap_or(0)))
                .collect();
            data.extend_from_slice(&widths);
            for (values, width) in arrays.into_iter().zip(widths) {
                bitpack::pack(&mut data, values, width);
            }
        }
        for word in lengths
            .map(|len| len as u32)
            .into_iter()
            .chain([data.len() as u32])
        {
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
        let term_count =
            le_u32(bytes, 0).ok_or_else(|| Error::corrupt(SECTION, "no term count"))? as usize;
        let block_count =
            le_u32(bytes, 4).ok_or_else(|| Error::corrupt(SECTION, "no block count"))? as usize;
        if block_count != term_count.div_ceil(BLOCK) {
            return Err(Error::corrupt(
                SECTION,
                format!("{block_count} blocks for {term_count} terms"),
            ));
        }
        let table_end = (block_count + 1)
            .checked_mul(ENTRY)
            .and_then(|n| n.checked_add(8))
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| Error::corrupt(SECTION, "the block table does not fit"))?;
        Ok(TermInfos {
            table: &bytes[8..table_end],
            data: &bytes[table_end..],
            term_count,
        })
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
        self.lookup(ordinal)
            .ok_or_else(|| Error::corrupt(SECTION, format!("term {ordinal} cannot be read")))
    }

    /// The number of articles containing the term with `ordinal`: all a prefix's completions
    /// need to be ranked, without the rest of their info.
    ///
    /// # Errors
    /// [`ErrorKind::Corrupt`] when the ordinal is out of range or the block is damaged.
    pub fn doc_freq(&self, ordinal: u64) -> Result<u32> {
        self.block_of(ordinal)
            .and_then(|block| block.doc_freq())
            .ok_or_else(|| Error::corrupt(SECTION, format!("term {ordinal} cannot be read")))
    }

    /// The block holding `ordinal`, and its place in it.
    fn block_of(&self, ordinal: u64) -> Option<PackedBlock<'a>> {
        let ordinal = usize::try_from(ordinal)
            .ok()
            .filter(|&o| o < self.term_count)?;
        let (block, i) = (ordinal / BLOCK, ordinal % BLOCK);
        let count = (self.term_count - block * BLOCK).min(BLOCK);
        let data = self
            .data
            .get(entry(self.table, block, COLUMNS)?..entry(self.table, block + 1, COLUMNS)?)?;
        let widths = data.get(..=COLUMNS)?;
        let mut arrays = [&[][..]; COLUMNS + 1];
        let mut at = COLUMNS + 1;
        for (array, &width) in arrays.iter_mut().zip(widths) {
            let len = bitpack::packed_len(count, width);
            *array = data.get(at..at.checked_add(len)?)?;
            at += len;
        }
        Some(PackedBlock {
            table: self.table,
            block,
            i,
            count,
            widths,
            arrays,
        })
    }

    fn lookup(&self, ordinal: u64) -> Option<TermInfo> {
        let packed = self.block_of(ordinal)?;
        let doc_freq = packed.doc_freq()?;
        let skips = packed.range(2, 2)?;
        if !skips.is_empty() && !skips::fits_table(skips.len(), doc_freq) {
            return None;
        }
        let postings = packed.start(POSTINGS, packed.i)?..packed.start(HEADLINE, packed.i)?;
        let headline = packed.range(HEADLINE, POSTINGS)?;
        (postings.start <= postings.end && (skips.is_empty() || !headline.is_empty())).then_some(
            TermInfo {
                doc_freq,
                postings,
                positions: packed.range(1, 1)?,
                skips,
                headline,
            },
        )
    }
}

/// One term's place in its block of packed infos.
struct PackedBlock<'a> {
    table: &'a [u8],
    block: usize,
    /// The term's place in the block.
    i: usize,
    /// The terms in the block.
    count: usize,
    widths: &'a [u8],
    /// Doc frequencies, then each column's starts.
    arrays: [&'a [u8]; COLUMNS + 1],
}

/// Word `word` of block `block`'s entry in the block table.
fn entry(table: &[u8], block: usize, word: usize) -> Option<usize> {
    le_u32(table, block * ENTRY + 4 * word).map(|w| w as usize)
}

impl PackedBlock<'_> {
    fn doc_freq(&self) -> Option<u32> {
        bitpack::get(self.arrays.at(0), *self.widths.at(0), self.i)?.checked_add(1)
    }

    /// Where term `j` of the block starts in column `c` (the next block's base for `j` past
    /// the last).
    fn start(&self, c: usize, j: usize) -> Option<usize> {
        if j == self.count {
            return entry(self.table, self.block + 1, c);
        }
        entry(self.table, self.block, c)?.checked_add(bitpack::get(
            self.arrays[c + 1],
            *self.widths.at(c + 1),
            j,
        )? as usize)
    }

    /// This term's range from its start in column `c` to the next term's start in column
    /// `next` (the same column but for a headline list, which ends where the next postings
    /// start).
    fn range(&self, c: usize, next: usize) -> Option<Range<usize>> {
        let from = self.start(c, self.i)?;
        let to = self.start(next, self.i + 1)?;
        (from <= to).then_some(from..to)
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
            let h_len = (i as usize * 3) % 7;
            writer
                .push(df, [postings, positions, 0, postings + p_len])
                .unwrap();
            expected.push(TermInfo {
                doc_freq: df,
                postings: postings..postings + p_len,
                positions: positions..positions + q_len,
                skips: 0..0,
                headline: postings + p_len..postings + p_len + h_len,
            });
            postings += p_len + h_len;
            positions += q_len;
        }
        let bytes = writer.finish([postings, positions, 0]);
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
            writer.push(1, [i, 0, 0, i + 1]).unwrap();
        }
        let bytes = writer.finish([64, 0, 0]);
        let infos = TermInfos::parse(&bytes).unwrap();
        assert_eq!(bytes[8 + 2 * ENTRY], 0, "df width");
        assert_eq!(infos.get(63).unwrap().postings, 63..64);
        assert_eq!(infos.get(63).unwrap().headline, 64..64);
    }

    #[test]
    fn refuses_inconsistent_counts() {
        let mut writer = TermInfoWriter::new();
        writer.push(1, [0, 0, 0, 1]).unwrap();
        let mut bytes = writer.finish([1, 0, 0]);
        bytes[0] = 200;
        assert!(TermInfos::parse(&bytes).is_err());
    }
}
