//! Skip tables: where each block of a long postings list starts, so that a search can read a
//! common term's postings at a few candidate articles instead of all of them. In a sharded
//! index that is the difference between fetching a few kilobytes of "the" and megabytes.
//!
//! A term with more than two blocks' worth of postings has a table; shorter terms have none.
//! The block length grows with the square root of the document frequency ([`block_len`]),
//! which balances the table's size against the bytes of the blocks the candidates need: half
//! the root is the balance for the few hundred candidates a common word is read at in a
//! 1M-article archive, with packed postings. A table is two parts, so that a search that
//! reads no positions (all but phrases and snippets) fetches about 9 bytes a block, not 21.
//! Each block's entry also bounds the scores of its postings (its impact, see
//! `newsdex_index::bm25`), so that a search for the best few articles of a common word reads
//! the blocks that can hold one and leaves the others.
//! The postings part is always read whole, so it is varints, decoded when it is opened
//! (fixed-width integers would make it a third of a sharded query's skip bytes); the positions
//! part is read in place.
//! Little-endian:
//!
//! ```text
//! postings part, per block:   varint after   the doc number of the last posting before the block
//!                                            (0 for the first), less the previous block's
//!                             varint bytes   the bytes of the previous block's postings (0 for the first)
//!                             u32 check      the low 32 bits of the xxh3 of the block's postings
//!                             u8 impact      a bound on its postings' scores over their idf
//!                  then once: u32 the check of the positions part
//!                             u32 the check of the term's headline list (see
//!                                 `postings::write_headline_list`)
//!                             u8 body impact  a bound on the scores over their idf of its
//!                                 postings whose headline does not hold the term (0: none)
//! positions part, per block:  u32 positions  where the block starts in the term's positions
//!                             u32 check      the low 32 bits of the xxh3 of the block's positions
//! ```
//!
//! A block ends where the next starts (the last at the end of the term). The checks let a
//! sharded index refuse a damaged block it fetched without fetching the whole term; the
//! postings part is checked as a whole by the core (`chunk checks`), the positions part by
//! a word after the postings part's blocks, the headline list (read with the table by a query
//! of several words) by the other. The body impact bounds, for such a query, what the term
//! adds to an article whose headline does not hold it.

use crate::at::At;
use std::ops::Range;

use super::le_u32;
use super::postings::{block_len, PositionsReader, Posting, PostingsReader};
use super::varint;
use crate::error::{Error, Result};
use crate::Field;

const SECTION: &str = "skips";
/// The fewest and most bytes of one block's entry in the postings part (two varints, a
/// check and the impact).
const MIN_POSTINGS_ENTRY: usize = 1 + 1 + 4 + 1;
const MAX_POSTINGS_ENTRY: usize = 5 + 5 + 4 + 1;
/// The bytes of one block's entry in the positions part.
const POSITIONS_ENTRY: usize = 8;
/// The bytes after the postings part's blocks: two checks and the body impact.
const TAIL: usize = 4 + 4 + 1;

/// The number of blocks in a term's skip table: 0 when its postings are short enough to be
/// read whole.
pub fn block_count(doc_freq: u32) -> usize {
    let len = block_len(doc_freq);
    if doc_freq > 2 * len {
        doc_freq.div_ceil(len) as usize
    } else {
        0
    }
}

/// Whether `len` bytes can be the skip table of a term with `doc_freq` postings (0 for none).
pub fn fits_table(len: usize, doc_freq: u32) -> bool {
    match block_count(doc_freq) {
        0 => len == 0,
        blocks => (MIN_POSTINGS_ENTRY * blocks + TAIL..=MAX_POSTINGS_ENTRY * blocks + TAIL)
            .contains(&len.saturating_sub(POSITIONS_ENTRY * blocks)),
    }
}

/// The postings part of the skip table at `table` of a term with `doc_freq` postings: all
/// but the fixed-size positions part at its end.
pub fn postings_part(table: &Range<usize>, doc_freq: u32) -> Range<usize> {
    let positions = POSITIONS_ENTRY * block_count(doc_freq);
    table.start..table.end.saturating_sub(positions).max(table.start)
}

/// The positions part of the skip table at `table` of a term with `doc_freq` postings.
pub fn positions_part(table: &Range<usize>, doc_freq: u32) -> Range<usize> {
    postings_part(table, doc_freq).end..table.end
}

fn check(bytes: &[u8]) -> u32 {
    xxhash_rust::xxh3::xxh3_64(bytes) as u32
}

/// Appends the skip table of a term to `out`: `postings` decoded, `packed` as
/// [`super::postings::write_postings`] wrote them with `starts`, the term's positions, each
/// posting's impact byte (the highest of a block's is its entry's, the highest of those whose
/// headline does not hold the term the table's body impact), and its headline list's bytes.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the positions end early (they were just written, so
/// only a bug can cause it).
pub fn write(
    out: &mut Vec<u8>,
    postings: &[Posting],
    packed: &[u8],
    starts: &[usize],
    positions: &[u8],
    impacts: &[u8],
    headline: &[u8],
) -> Result<()> {
    let doc_freq = postings.len() as u32;
    let blocks = block_count(doc_freq);
    if blocks == 0 {
        return Ok(());
    }
    let len = block_len(doc_freq) as usize;
    if starts.len() != blocks {
        return Err(Error::corrupt(
            SECTION,
            format!(
                "{} blocks of postings for a table of {blocks}",
                starts.len()
            ),
        ));
    }
    let mut position_reader = PositionsReader::new(positions);
    let mut position_starts = Vec::with_capacity(blocks);
    for block in postings.chunks(len) {
        position_starts.push(position_reader.offset());
        position_reader.skip(block.iter().map(|p| p.total() as usize).sum())?;
    }
    let mut positions_part = Vec::with_capacity(POSITIONS_ENTRY * blocks);
    let (mut previous_after, mut previous_start) = (0, 0);
    for k in 0..blocks {
        let after = if k == 0 { 0 } else { postings[k * len - 1].doc };
        let postings_end = starts.get(k + 1).copied().unwrap_or(packed.len());
        let positions_end = position_starts
            .get(k + 1)
            .copied()
            .unwrap_or(positions.len());
        varint::write_u32(out, after - previous_after);
        varint::write_u32(out, (starts[k] - previous_start) as u32);
        out.extend_from_slice(&check(&packed[starts[k]..postings_end]).to_le_bytes());
        let block = k * len..((k + 1) * len).min(postings.len());
        out.push(
            impacts
                .get(block)
                .and_then(|i| i.iter().max().copied())
                .unwrap_or(u8::MAX),
        );
        (previous_after, previous_start) = (after, starts[k]);
        for word in [
            position_starts[k] as u32,
            check(&positions[position_starts[k]..positions_end]),
        ] {
            positions_part.extend_from_slice(&word.to_le_bytes());
        }
    }
    out.extend_from_slice(&check(&positions_part).to_le_bytes());
    out.extend_from_slice(&check(headline).to_le_bytes());
    out.push(
        postings
            .iter()
            .zip(impacts)
            .filter(|(posting, _)| posting.freqs[Field::Title as usize] == 0)
            .map(|(_, &impact)| impact)
            .max()
            .unwrap_or(0),
    );
    out.extend_from_slice(&positions_part);
    Ok(())
}

/// One block of a term's postings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The doc number of the posting before the block, `None` for the first.
    pub after: Option<u32>,
    /// The number of postings in it.
    pub count: u32,
    /// Its bytes in the term's postings.
    pub postings: Range<usize>,
    /// The check of its postings bytes.
    pub postings_check: u32,
    /// A bound on its postings' scores over their term's idf (see `newsdex_index::bm25`).
    pub impact: u8,
    /// Its bytes in the term's positions and their check, when the table was opened with its
    /// positions part ([`Skips::with_positions`]).
    pub positions: Option<(Range<usize>, u32)>,
}

impl Block {
    /// A reader of the block's postings, `bytes` being those of [`Block::postings`].
    pub fn reader<'a>(&self, bytes: &'a [u8], doc_count: u32) -> PostingsReader<'a> {
        PostingsReader::block(bytes, self.count, doc_count, self.after)
    }

    /// Refuses `bytes` as the block's postings unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the block.
    pub fn verify_postings(&self, bytes: &[u8]) -> Result<()> {
        verify(self.postings_check, bytes, "a block of postings")
    }

    /// Refuses `bytes` as the block's positions unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the block, or when the table was opened without
    /// its positions part.
    pub fn verify_positions(&self, bytes: &[u8]) -> Result<()> {
        let Some((_, expected)) = self.positions else {
            return Err(Error::corrupt(
                SECTION,
                "a block's positions were read without the positions part of its table",
            ));
        };
        verify(expected, bytes, "a block of positions")
    }
}

/// Refuses `bytes` unless they pass `expected`; `what` names them in the message.
fn verify(expected: u32, bytes: &[u8], what: &str) -> Result<()> {
    if check(bytes) == expected {
        Ok(())
    } else {
        Err(Error::corrupt("chunks", format!("{what} fetched from the chunk files does not match its check in the skip table: a chunk is damaged or from another build")))
    }
}

/// One block's entry in the postings part, decoded.
#[derive(Clone, Copy, Debug)]
struct Entry {
    after: u32,
    start: usize,
    check: u32,
    impact: u8,
}

/// A term's skip table: its postings part decoded, its positions part in place.
#[derive(Clone, Debug)]
pub struct Skips<'a> {
    entries: Vec<Entry>,
    positions_check: u32,
    headline_check: u32,
    body_impact: u8,
    positions_part: Option<&'a [u8]>,
    doc_freq: u32,
    postings_len: usize,
    positions_len: usize,
}

impl<'a> Skips<'a> {
    /// Opens the postings part (see [`postings_part`]) of the skip table of a term with
    /// `doc_freq` postings taking `postings_len` bytes.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the part cannot be decoded, does not fit the term,
    /// or has blocks out of order or past the term's postings.
    pub fn open(postings_part: &'a [u8], doc_freq: u32, postings_len: usize) -> Result<Skips<'a>> {
        let blocks = block_count(doc_freq);
        let bad = |what: &str| {
            Error::corrupt(
                SECTION,
                format!("the skip table of a term of {doc_freq} postings {what}"),
            )
        };
        if blocks == 0 {
            return Err(bad("should not exist"));
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(blocks);
        let mut at = 0;
        let (mut after, mut start) = (0u32, 0usize);
        for k in 0..blocks {
            let (Some(after_gap), Some(previous_len)) = (
                varint::read_u32(postings_part, &mut at),
                varint::read_u32(postings_part, &mut at),
            ) else {
                return Err(bad("ends early"));
            };
            // The first entry is all zeros; each block after it holds postings, and each
            // after the second follows a later doc than the one before.
            if (k == 0 && (after_gap, previous_len) != (0, 0))
                || (k >= 1 && previous_len == 0)
                || (k >= 2 && after_gap == 0)
            {
                return Err(bad("has blocks out of order"));
            }
            after = after
                .checked_add(after_gap)
                .ok_or_else(|| bad("has blocks out of order"))?;
            start = start
                .checked_add(previous_len as usize)
                .filter(|&s| s <= postings_len)
                .ok_or_else(|| bad("has a block past the term's postings"))?;
            let check = le_u32(postings_part, at).ok_or_else(|| bad("ends early"))?;
            let impact = *postings_part.get(at + 4).ok_or_else(|| bad("ends early"))?;
            at += 5;
            entries.push(Entry {
                after,
                start,
                check,
                impact,
            });
        }
        let positions_check = le_u32(postings_part, at).ok_or_else(|| bad("ends early"))?;
        let headline_check = le_u32(postings_part, at + 4).ok_or_else(|| bad("ends early"))?;
        let body_impact = *postings_part.get(at + 8).ok_or_else(|| bad("ends early"))?;
        if at + TAIL != postings_part.len() {
            return Err(bad("has bytes past its last block"));
        }
        Ok(Skips {
            entries,
            positions_check,
            headline_check,
            body_impact,
            positions_part: None,
            doc_freq,
            postings_len,
            positions_len: 0,
        })
    }

    /// The table with its positions part (see [`positions_part`]) too, for a term whose
    /// positions take `positions_len` bytes: its blocks then say where their positions lie.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the part's length does not fit the term or its
    /// bytes fail the check the postings part holds for them.
    pub fn with_positions(
        self,
        positions_part: &'a [u8],
        positions_len: usize,
    ) -> Result<Skips<'a>> {
        if positions_part.len() != POSITIONS_ENTRY * self.len() {
            return Err(Error::corrupt(
                SECTION,
                format!(
                    "{} bytes of positions skips for a term of {} postings",
                    positions_part.len(),
                    self.doc_freq
                ),
            ));
        }
        verify(
            self.positions_check,
            positions_part,
            "the positions part of a skip table",
        )?;
        Ok(Skips {
            positions_part: Some(positions_part),
            positions_len,
            ..self
        })
    }

    /// Refuses `bytes` as the term's headline list unless they pass the table's check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the list.
    pub fn verify_headline(&self, bytes: &[u8]) -> Result<()> {
        verify(self.headline_check, bytes, "a headline list")
    }

    /// The bound on the impacts (see `newsdex_index::bm25`) of the term's postings whose
    /// headline does not hold it: no such posting scores more than its idf times this (0 when
    /// every posting's headline holds it).
    pub fn body_impact(&self) -> u8 {
        self.body_impact
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no blocks (never so for an opened table).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The block that holds article `doc` if the term occurs in it.
    pub fn block_of(&self, doc: u32) -> usize {
        // Entries 1.. have increasing `after`; block k holds the docs after entry k's.
        self.entries
            .at(1..)
            .partition_point(|entry| entry.after < doc)
    }

    /// The last article block `k` may hold: the next block's entry says which article it
    /// follows (`u32::MAX` for the last block).
    pub fn last_doc_of(&self, k: usize) -> u32 {
        self.entries
            .get(k + 1)
            .map_or(u32::MAX, |entry| entry.after)
    }

    /// Block `k` (below [`Skips::len`]).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when `k` is past the last block or its positions entry
    /// disagrees with its neighbours or the term.
    pub fn block(&self, k: usize) -> Result<Block> {
        let bad = || {
            Error::corrupt(
                SECTION,
                format!(
                    "block {k} of a term of {} postings cannot be read",
                    self.doc_freq
                ),
            )
        };
        let entry = self.entries.get(k).ok_or_else(bad)?;
        let end = self
            .entries
            .get(k + 1)
            .map_or(self.postings_len, |next| next.start);
        let positions = match self.positions_part {
            None => None,
            Some(part) => {
                let start = |k: usize| {
                    if k < self.len() {
                        le_u32(part, k * POSITIONS_ENTRY).unwrap_or(u32::MAX) as usize
                    } else {
                        self.positions_len
                    }
                };
                let range = start(k)..start(k + 1);
                if range.start > range.end || range.end > self.positions_len {
                    return Err(bad());
                }
                Some((range, le_u32(part, k * POSITIONS_ENTRY + 4).unwrap_or(0)))
            }
        };
        let len = block_len(self.doc_freq);
        let count = if k + 1 < self.len() {
            len
        } else {
            self.doc_freq - len * (self.len() as u32 - 1)
        };
        Ok(Block {
            after: (k > 0).then_some(entry.after),
            count,
            postings: entry.start..end,
            postings_check: entry.check,
            impact: entry.impact,
            positions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postings::{write_positions, write_postings};

    /// A term in `docs`, packed, with its positions and its skip table.
    fn term(docs: &[u32]) -> (Vec<Posting>, Vec<u8>, Vec<u8>, Vec<u8>) {
        let postings: Vec<Posting> = docs
            .iter()
            .map(|&doc| Posting {
                doc,
                freqs: [0, 0, 1 + doc % 3, 0],
                norms: [0, 0, 20 + (doc % 7) as u8, 0],
            })
            .collect();
        let mut positions = Vec::new();
        for posting in &postings {
            write_positions(
                &mut positions,
                &(0..posting.total())
                    .map(|p| p * 2 + posting.doc % 5)
                    .collect::<Vec<_>>(),
            );
        }
        let mut packed = Vec::new();
        let starts = write_postings(&mut packed, &postings, &positions, true).unwrap();
        let mut table = Vec::new();
        write(
            &mut table,
            &postings,
            &packed,
            &starts,
            &positions,
            &impacts(docs),
            HEADLINE,
        )
        .unwrap();
        (postings, packed, positions, table)
    }

    /// The headline list the tables of [`term`] check.
    const HEADLINE: &[u8] = b"\x02 headline";

    #[test]
    fn a_table_checks_its_terms_headline_list() {
        let docs: Vec<u32> = (0..200).map(|d| d * 3).collect();
        let (_, packed, _, table) = term(&docs);
        let skips = Skips::open(
            &table[postings_part(&(0..table.len()), 200)],
            200,
            packed.len(),
        )
        .unwrap();
        skips.verify_headline(HEADLINE).unwrap();
        let err = skips.verify_headline(b"\x02 headlinf").unwrap_err();
        assert!(err.to_string().contains("a headline list fetched"), "{err}");
    }

    #[test]
    fn a_tables_body_impact_is_the_highest_of_its_postings_without_the_term_in_the_headline() {
        let (mut postings, ..) = term(&(0..200).collect::<Vec<u32>>());
        // Every tenth article holds the term in its headline too, and has the highest impacts.
        for posting in postings.iter_mut().filter(|p| p.doc % 10 == 0) {
            posting.freqs[Field::Title as usize] = 1;
            posting.norms[Field::Title as usize] = 3;
        }
        let impacts: Vec<u8> = postings
            .iter()
            .map(|p| {
                if p.doc % 10 == 0 {
                    200
                } else {
                    (p.doc % 89) as u8
                }
            })
            .collect();
        let table_of = |postings: &[Posting]| {
            let mut positions = Vec::new();
            for posting in postings {
                write_positions(&mut positions, &(0..posting.total()).collect::<Vec<_>>());
            }
            let mut packed = Vec::new();
            let starts = write_postings(&mut packed, postings, &positions, true).unwrap();
            let mut table = Vec::new();
            write(
                &mut table, postings, &packed, &starts, &positions, &impacts, HEADLINE,
            )
            .unwrap();
            let part = table[postings_part(&(0..table.len()), 200)].to_vec();
            Skips::open(&part, 200, packed.len()).unwrap().body_impact()
        };
        assert_eq!(table_of(&postings), 88);
        // With every headline holding the term, no posting is bounded by it.
        for posting in &mut postings {
            posting.freqs[Field::Title as usize] = 1;
        }
        assert_eq!(table_of(&postings), 0);
    }

    /// Each posting's impact byte in the tests' terms: any that differ from doc to doc.
    fn impacts(docs: &[u32]) -> Vec<u8> {
        docs.iter().map(|&doc| (doc % 97) as u8).collect()
    }

    #[test]
    fn block_lengths_grow_with_the_square_root() {
        assert_eq!((block_len(10), block_count(10)), (16, 0));
        assert_eq!((block_len(400), block_count(400)), (16, 25));
        assert_eq!(block_len(1_000_000), 512);
        assert_eq!(block_count(1_000_000), 1954);
        assert_eq!(block_len(u32::MAX), 1024);
    }

    #[test]
    fn every_block_decodes_on_its_own_and_finds_its_docs() {
        let docs: Vec<u32> = (0..1000).map(|i| i * 3 + i % 2).collect();
        let (_, postings, positions, table) = term(&docs);
        let df = docs.len() as u32;
        assert!(fits_table(table.len(), df));
        let (postings_part, positions_part) = (
            postings_part(&(0..table.len()), df),
            positions_part(&(0..table.len()), df),
        );
        assert_eq!(positions_part.len(), 8 * block_count(df));
        assert!(
            postings_part.len() <= 9 * block_count(df) + 4,
            "small gaps take a byte or two"
        );
        let without = Skips::open(&table[postings_part.clone()], df, postings.len()).unwrap();
        let skips = without
            .clone()
            .with_positions(&table[positions_part], positions.len())
            .unwrap();
        assert_eq!(skips.len(), block_count(1000));
        let mut read = Vec::new();
        for k in 0..skips.len() {
            let block = skips.block(k).unwrap();
            let alone = without.block(k).unwrap();
            let len = block_len(df) as usize;
            let own = &impacts(&docs)[k * len..((k + 1) * len).min(docs.len())];
            assert_eq!(
                block.impact,
                *own.iter().max().unwrap(),
                "the block's highest"
            );
            assert_eq!(
                (
                    alone.after,
                    alone.count,
                    &alone.postings,
                    alone.positions.is_none()
                ),
                (block.after, block.count, &block.postings, true)
            );
            assert!(
                alone.verify_positions(&[]).is_err(),
                "no positions without the positions part"
            );
            let positions_range = block.positions.clone().unwrap().0;
            block
                .verify_postings(&postings[block.postings.clone()])
                .unwrap();
            block
                .verify_positions(&positions[positions_range.clone()])
                .unwrap();
            let mut reader = block.reader(&postings[block.postings.clone()], 4000);
            let mut position_reader = PositionsReader::new(&positions[positions_range]);
            while let Some(posting) = reader.next_posting().unwrap() {
                assert_eq!(skips.block_of(posting.doc), k, "doc {}", posting.doc);
                let mut got = Vec::new();
                position_reader.read(&posting, |_, p| got.push(p)).unwrap();
                assert_eq!(
                    got,
                    (0..posting.total())
                        .map(|p| p * 2 + posting.doc % 5)
                        .collect::<Vec<_>>()
                );
                read.push(posting.doc);
            }
            assert!(block
                .verify_postings(&postings[block.postings.start..block.postings.end - 1])
                .is_err());
        }
        assert_eq!(read, docs);
        assert_eq!(skips.block_of(0), 0);
        assert_eq!(skips.block_of(u32::MAX), skips.len() - 1);
    }

    #[test]
    fn tables_that_do_not_fit_the_term_are_refused() {
        let docs: Vec<u32> = (0..100).collect();
        let (_, postings, positions, table) = term(&docs);
        let part = postings_part(&(0..table.len()), 100);
        assert!(
            fits_table(table.len(), 100) && !fits_table(table.len(), 10_000) && !fits_table(1, 10)
        );
        let skips = Skips::open(&table[part.clone()], 100, postings.len()).unwrap();
        let blocks = skips.len();
        // The table's entries as (after gap, previous block's bytes, check, impact),
        // re-encoded with one changed.
        let entries: Vec<(u32, u32, u32, u8)> = (0..blocks)
            .map(|k| {
                let block = skips.block(k).unwrap();
                let after = block.after.unwrap_or(0)
                    - if k > 1 {
                        skips.block(k - 1).unwrap().after.unwrap()
                    } else {
                        0
                    };
                let previous = if k > 0 {
                    skips.block(k - 1).unwrap().postings.len() as u32
                } else {
                    0
                };
                (after, previous, block.postings_check, block.impact)
            })
            .collect();
        let encode = |entries: &[(u32, u32, u32, u8)]| {
            let mut out = Vec::new();
            for &(after, previous, check, impact) in entries {
                varint::write_u32(&mut out, after);
                varint::write_u32(&mut out, previous);
                out.extend_from_slice(&check.to_le_bytes());
                out.push(impact);
            }
            out.extend_from_slice(&table[part.end - TAIL..part.end]);
            out
        };
        assert_eq!(
            encode(&entries),
            table[part.clone()],
            "the entries as written"
        );
        let with = |k: usize, entry: (u32, u32, u32, u8)| {
            let mut changed = entries.clone();
            changed[k] = entry;
            Skips::open(&encode(&changed), 100, postings.len()).map(|_| ())
        };
        let (after, previous, check, impact) = entries[blocks - 1];
        assert!(
            with(
                blocks - 1,
                (after, previous + postings.len() as u32, check, impact)
            )
            .is_err(),
            "a block past the postings"
        );
        assert!(
            with(2, (0, entries[2].1, entries[2].2, entries[2].3)).is_err(),
            "entries out of order"
        );
        assert!(
            with(1, (entries[1].0, 0, entries[1].2, entries[1].3)).is_err(),
            "an empty block"
        );
        assert!(
            with(0, (1, 0, entries[0].2, entries[0].3)).is_err(),
            "a first entry that is not zero"
        );
        let short = &table[part.start..part.end - 1];
        assert!(
            Skips::open(short, 100, postings.len()).is_err(),
            "a short postings part"
        );
        let mut long = table[part.clone()].to_vec();
        long.push(0);
        assert!(
            Skips::open(&long, 100, postings.len()).is_err(),
            "a long postings part"
        );
        assert!(skips.block(blocks).is_err());
        let mut damaged = table[part.end..].to_vec();
        damaged[0] ^= 1;
        assert!(
            skips
                .clone()
                .with_positions(&damaged, positions.len())
                .is_err(),
            "a positions part that fails its check"
        );
        assert!(
            skips
                .with_positions(&table[part.end + 1..], positions.len())
                .is_err(),
            "a short positions part"
        );
    }
}
