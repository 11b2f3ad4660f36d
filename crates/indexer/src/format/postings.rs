//! A term's postings and positions.
//!
//! Postings: per article, the doc-number gap from the previous one (varint), then a header
//! byte whose low four bits are the mask of fields the term occurs in; when it occurs in one
//! field fewer than 16 times, the high four bits hold that count, otherwise they are zero and
//! a varint count follows for each field in the mask.
//!
//! Positions, in a separate stream so that queries without phrases never read them: per
//! article and per field in the mask, the word positions as gaps (varints).

use super::{varint, Field, FIELD_COUNT};
use crate::error::{Error, Result};

const POSTINGS: &str = "postings";
const POSITIONS: &str = "positions";

/// One article's occurrences of a term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Posting {
    /// The article's doc number.
    pub doc: u32,
    /// Occurrences in each field, indexed by [`Field`].
    pub freqs: [u32; FIELD_COUNT],
}

impl Posting {
    /// The mask of fields with at least one occurrence.
    pub fn mask(&self) -> u8 {
        Field::ALL.iter().filter(|f| self.freqs[**f as usize] > 0).fold(0, |m, f| m | f.bit())
    }

    /// Occurrences over all fields.
    pub fn total(&self) -> u32 {
        self.freqs.iter().sum()
    }
}

#[cold]
fn undecodable() -> Error {
    Error::corrupt(POSTINGS, "a posting cannot be decoded")
}

/// Appends one posting to a term's postings. `gap` is the doc number minus the previous
/// posting's (the doc number itself for the first).
pub fn write_posting(out: &mut Vec<u8>, gap: u32, freqs: &[u32; FIELD_COUNT]) {
    varint::write_u32(out, gap);
    let posting = Posting { doc: 0, freqs: *freqs };
    let mask = posting.mask();
    debug_assert!(mask != 0, "a posting needs an occurrence");
    let single = mask.count_ones() == 1 && posting.total() < 16;
    if single {
        out.push(mask | (posting.total() as u8) << 4);
    } else {
        out.push(mask);
        for field in Field::ALL {
            if freqs[field as usize] > 0 {
                varint::write_u32(out, freqs[field as usize]);
            }
        }
    }
}

/// Appends one article's positions of a term in one field (ascending).
pub fn write_positions(out: &mut Vec<u8>, positions: &[u32]) {
    let mut previous = 0;
    for &p in positions {
        varint::write_u32(out, p - previous);
        previous = p;
    }
}

/// Decodes a term's postings in order.
#[derive(Clone, Debug)]
pub struct PostingsReader<'a> {
    bytes: &'a [u8],
    at: usize,
    left: u32,
    next_min_doc: u32,
    doc_count: u32,
}

impl<'a> PostingsReader<'a> {
    /// Reads `doc_freq` postings from `bytes`; doc numbers must stay below `doc_count`.
    pub fn new(bytes: &'a [u8], doc_freq: u32, doc_count: u32) -> PostingsReader<'a> {
        PostingsReader { bytes, at: 0, left: doc_freq, next_min_doc: 0, doc_count }
    }

    /// Reads `count` postings from `bytes`, a block of a term's postings that follows the
    /// posting of article `after` (see [`super::skips`]).
    pub fn resume(bytes: &'a [u8], count: u32, doc_count: u32, after: u32) -> PostingsReader<'a> {
        PostingsReader { bytes, at: 0, left: count, next_min_doc: after.saturating_add(1), doc_count }
    }

    /// How many bytes have been read.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// The number of postings not yet read.
    pub fn remaining(&self) -> u32 {
        self.left
    }

    /// The next posting, or `None` after the last.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the bytes end early or hold impossible values.
    // Always inlined: returned through memory, a posting's fields were written one by one and
    // read back together, which stalled every search's inner loop on store forwarding.
    #[inline(always)]
    pub fn next_posting(&mut self) -> Result<Option<Posting>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        match self.decode() {
            Some(posting) => Ok(Some(posting)),
            None => Err(undecodable()),
        }
    }

    #[inline(always)]
    fn decode(&mut self) -> Option<Posting> {
        let gap = varint::read_u32(self.bytes, &mut self.at)?;
        let doc = if self.next_min_doc == 0 { gap } else { (self.next_min_doc - 1).checked_add(gap)? };
        if doc < self.next_min_doc || doc >= self.doc_count {
            return None;
        }
        self.next_min_doc = doc + 1;
        let header = *self.bytes.get(self.at)?;
        self.at += 1;
        let mask = header & 0x0f;
        if mask == 0 {
            return None;
        }
        let mut freqs = [0; FIELD_COUNT];
        let single = header >> 4;
        if single > 0 {
            if mask.count_ones() != 1 {
                return None;
            }
            // Not `freqs[field] = …`: a store at a computed index keeps the array in memory.
            let field = mask.trailing_zeros() as usize;
            freqs = std::array::from_fn(|i| if i == field { u32::from(single) } else { 0 });
        } else {
            for field in Field::ALL {
                if mask & field.bit() != 0 {
                    freqs[field as usize] = varint::read_u32(self.bytes, &mut self.at).filter(|&f| f > 0)?;
                }
            }
        }
        Some(Posting { doc, freqs })
    }

    /// Reads every remaining posting into `out`.
    ///
    /// # Errors
    /// As [`PostingsReader::next_posting`].
    pub fn read_all(&mut self, out: &mut Vec<Posting>) -> Result<()> {
        out.reserve(self.left as usize);
        while let Some(posting) = self.next_posting()? {
            out.push(posting);
        }
        Ok(())
    }
}

/// Walks a term's positions alongside its postings.
#[derive(Clone, Debug)]
pub struct PositionsReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> PositionsReader<'a> {
    /// Reads the positions stream `bytes` of one term.
    pub fn new(bytes: &'a [u8]) -> PositionsReader<'a> {
        PositionsReader { bytes, at: 0 }
    }

    /// How many bytes have been read.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// Moves past `count` positions without decoding them: those of postings not wanted
    /// (their [`Posting::total`]s, summed so that a run of them is skipped at once).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the stream ends early.
    pub fn skip(&mut self, count: usize) -> Result<()> {
        varint::skip(self.bytes, &mut self.at, count)
            .ok_or_else(|| Error::corrupt(POSITIONS, "the positions end early"))
    }

    /// Reads the positions of `posting`, calling `sink` with each field and position, in
    /// field order and ascending position order within a field.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the stream ends early or a position overflows.
    pub fn read(&mut self, posting: &Posting, mut sink: impl FnMut(Field, u32)) -> Result<()> {
        for field in Field::ALL {
            let mut position = 0u32;
            for i in 0..posting.freqs[field as usize] {
                let gap = varint::read_u32(self.bytes, &mut self.at);
                let next = gap.and_then(|g| if i == 0 { Some(g) } else { position.checked_add(g) });
                position = next.ok_or_else(|| Error::corrupt(POSITIONS, "a position cannot be decoded"))?;
                sink(field, position);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings() -> Vec<(Posting, Vec<Vec<u32>>)> {
        vec![
            (Posting { doc: 0, freqs: [1, 0, 0, 0] }, vec![vec![3], vec![], vec![], vec![]]),
            (Posting { doc: 5, freqs: [0, 0, 20, 0] }, vec![vec![], vec![], (0..20).map(|i| i * 3).collect(), vec![]]),
            (Posting { doc: 6, freqs: [2, 0, 1, 0] }, vec![vec![0, 9], vec![], vec![300], vec![]]),
            (Posting { doc: 900, freqs: [0, 0, 15, 0] }, vec![vec![], vec![], (100..115).collect(), vec![]]),
        ]
    }

    fn encode(items: &[(Posting, Vec<Vec<u32>>)]) -> (Vec<u8>, Vec<u8>) {
        let (mut post, mut pos) = (Vec::new(), Vec::new());
        let mut previous = 0;
        for (posting, positions) in items {
            write_posting(&mut post, posting.doc - previous, &posting.freqs);
            previous = posting.doc;
            for field_positions in positions {
                write_positions(&mut pos, field_positions);
            }
        }
        (post, pos)
    }

    #[test]
    fn postings_and_positions_round_trip() {
        let items = postings();
        let (post, pos) = encode(&items);
        let mut reader = PostingsReader::new(&post, items.len() as u32, 1000);
        let mut positions = PositionsReader::new(&pos);
        for (i, (expected, expected_positions)) in items.iter().enumerate() {
            let posting = reader.next_posting().unwrap().unwrap();
            assert_eq!(&posting, expected);
            if i == 1 {
                positions.skip(posting.total() as usize).unwrap();
                continue;
            }
            let mut got = vec![Vec::new(); FIELD_COUNT];
            positions.read(&posting, |f, p| got[f as usize].push(p)).unwrap();
            assert_eq!(&got, expected_positions);
        }
        assert_eq!(reader.next_posting().unwrap(), None);
    }

    #[test]
    fn single_field_small_counts_take_two_bytes() {
        let mut out = Vec::new();
        write_posting(&mut out, 3, &[0, 0, 15, 0]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn damaged_postings_are_errors_not_panics() {
        let items = postings();
        let (post, _) = encode(&items);
        assert!(PostingsReader::new(&post, 5, 1000).read_all(&mut Vec::new()).is_err());
        assert!(PostingsReader::new(&post, 4, 900).read_all(&mut Vec::new()).is_err());
        let mut zero_mask = post.clone();
        zero_mask[1] = 0;
        assert!(PostingsReader::new(&zero_mask, 4, 1000).read_all(&mut Vec::new()).is_err());
        let mut positions = PositionsReader::new(&[0x80]);
        assert!(positions.read(&items[0].0, |_, _| {}).is_err());
    }
}
