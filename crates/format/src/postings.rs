//! A term's postings and positions.
//!
//! Postings come in blocks of [`block_len`] postings (the last may be
//! shorter), each starting on a byte boundary so that a block found through the skip table
//! decodes on its own. A block is packed (bits) or plain (bytes): packed blocks take a third
//! of the bytes, which is what a sharded index fetches, and plain ones decode in half the
//! time, which is what an index in memory spends; the builder writes one kind or the other
//! (its `BuildOptions::packed_postings`), and a reader takes either. A plain block:
//!
//! ```text
//! u8        0xff
//! per posting: the doc gap (varint, as below), the header byte, for a header without a count
//!           each field's count (varint), then the headline positions (varint gaps as below)
//! ```
//!
//! A packed block:
//!
//! ```text
//! u8        gap k (low 5 bits, at most 30) | header code (high 3 bits: 0–6 the Rice k of
//!           palette ranks, 7 raw header bytes)
//! u8, m×u8  unless raw: the palette, m distinct header bytes, the most frequent first
//! u8        the fields the block's postings are in (a mask), then per field in it: u8 its
//!           least length norm in the block, u8 the Rice k of the norms less that
//! bits      per posting, least significant bit first (see `rice`): the doc gap (Rice, gap k;
//!           the doc number minus one more than the previous posting's, or than the doc
//!           before the block, or the doc number itself for a term's first); the header (its
//!           palette rank, Rice, or nothing when the palette has one entry; else its 8 bits);
//!           for a header without a count, each field's count minus one (Rice, k 1); the
//!           article's length norm of each field in the header's mask, less the block's least
//!           (Rice, the field's k); then the headline positions, as gaps less one after the
//!           first (Rice, k 2)
//! ```
//!
//! A packed block carries the length norms of the fields it scores (a byte each, see
//! [`super::norms`]), so that a sharded index, whose core has no table of them, scores each
//! posting it reads from the posting alone; a common word's posting grows by 5–8 bits.
//!
//! The headline positions are in the positions stream too; carried in the postings, they let
//! the headline pass (`proximity` in the runtime) read them from blocks a search has fetched
//! already, where the positions of a common word's block were most of a sharded query's
//! bytes.
//!
//! A header byte is the mask of fields the term occurs in (low four bits) and, when it occurs
//! in one field fewer than 16 times, that count (high four bits, else zero). A common word's
//! postings take 3–5 bits each this way, where a varint gap and a header byte took 16.
//!
//! Positions, in a separate stream so that queries without phrases never read them: per
//! article and per field in the mask, the word positions as gaps (varints).

use super::rice::{self, BitReader, BitWriter};
use super::{varint, Field, FIELD_COUNT};
use crate::at::At;
use crate::error::{Error, Result};

const POSTINGS: &str = "postings";
const POSITIONS: &str = "positions";
/// The header code for raw header bytes.
const RAW: u32 = 7;
/// The first byte of a plain block: a packed one's gap k is at most [`MAX_GAP_K`].
const PLAIN: u8 = 0xff;
/// The largest Rice k of a packed block's doc gaps.
const MAX_GAP_K: u32 = 30;
/// The largest Rice k for palette ranks (a palette has at most 75 entries).
const MAX_RANK_K: u32 = 6;
/// The Rice k of headline position gaps: headlines are short.
const HEADLINE_K: u32 = 2;
/// The largest Rice k of a packed block's length norms (a byte each).
const MAX_NORM_K: u32 = 7;

/// One article's occurrences of a term.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Posting {
    /// The article's doc number.
    pub doc: u32,
    /// Occurrences in each field, indexed by [`Field`].
    pub freqs: [u32; FIELD_COUNT],
    /// The article's length norm of each field it has occurrences in, as packed blocks carry
    /// them; zero in every other field, and in all of them read from a plain block.
    pub norms: [u8; FIELD_COUNT],
}

impl Posting {
    /// The mask of fields with at least one occurrence.
    #[inline]
    pub fn mask(&self) -> u8 {
        Field::ALL
            .iter()
            .filter(|f| self.freqs[**f as usize] > 0)
            .fold(0, |m, f| m | f.bit())
    }

    /// Occurrences over all fields.
    #[inline]
    pub fn total(&self) -> u32 {
        self.freqs.iter().sum()
    }
}

/// The header byte of a posting with occurrences `freqs` (at least one).
pub fn header(freqs: &[u32; FIELD_COUNT]) -> u8 {
    let posting = Posting {
        doc: 0,
        freqs: *freqs,
        norms: [0; FIELD_COUNT],
    };
    let mask = posting.mask();
    debug_assert!(mask != 0, "a posting needs an occurrence");
    if mask.count_ones() == 1 && posting.total() < 16 {
        mask | (posting.total() as u8) << 4
    } else {
        mask
    }
}

/// The counts a header byte holds, by field: all zero for one that holds none (its counts
/// follow it) or that no writer makes. A lookup, where working them out cost a search's inner
/// loop a sixth of its instructions.
const HEADER_FREQS: [[u32; FIELD_COUNT]; 256] = {
    let mut table = [[0; FIELD_COUNT]; 256];
    let mut header: usize = 0;
    while header < 256 {
        let (mask, single) = (header & 0x0f, (header >> 4) as u32);
        if single > 0 && mask.count_ones() == 1 {
            table[header][mask.trailing_zeros() as usize] = single;
        }
        header += 1;
    }
    table
};

/// The counts of a posting with `header`, by field: from the header, or from `count` (called
/// once for each field in its mask) for a header without one; `None` for a header no writer
/// makes or a count that cannot be read.
#[inline(always)]
fn freqs_of(header: u8, mut count: impl FnMut() -> Option<u32>) -> Option<[u32; FIELD_COUNT]> {
    let mut freqs = HEADER_FREQS[usize::from(header)];
    if freqs == [0; FIELD_COUNT] {
        let mask = header & 0x0f;
        if mask == 0 || header >> 4 != 0 {
            return None;
        }
        for field in Field::ALL {
            if mask & field.bit() != 0 {
                freqs[field as usize] = count()?;
            }
        }
    }
    Some(freqs)
}

#[cold]
fn undecodable() -> Error {
    Error::corrupt(POSTINGS, "a posting cannot be decoded")
}

const MIN_BLOCK: u32 = 16;
const MAX_BLOCK: u32 = 1024;

/// The number of postings in each block of a term with `doc_freq` postings: a power of two
/// near half the square root of `doc_freq`, from 16 to 1024 (the skip table's module says
/// why).
pub fn block_len(doc_freq: u32) -> u32 {
    let root = (f64::from(doc_freq).sqrt() / 2.0).ceil() as u32;
    root.next_power_of_two().clamp(MIN_BLOCK, MAX_BLOCK)
}

/// Appends a term's postings (in doc order, doc numbers ascending) in blocks of
/// [`block_len`] of their number, packed or plain, with their headline positions from
/// `positions` (the term's positions stream); returns where each block starts in `out`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when `positions` end early.
pub fn write_postings(
    out: &mut Vec<u8>,
    postings: &[Posting],
    positions: &[u8],
    packed: bool,
) -> Result<Vec<usize>> {
    let len = block_len(postings.len() as u32) as usize;
    let mut starts = Vec::with_capacity(postings.len().div_ceil(len));
    let mut next_min_doc = 0;
    let mut positions = PositionsReader::new(positions);
    let mut headlines = Vec::new();
    for block in postings.chunks(len) {
        headlines.clear();
        for posting in block {
            let headline = posting.freqs[Field::Title as usize];
            let mut title = [0; FIELD_COUNT];
            title[Field::Title as usize] = headline;
            positions.read(
                &Posting {
                    doc: posting.doc,
                    freqs: title,
                    norms: posting.norms,
                },
                |_, p| headlines.push(p),
            )?;
            positions.skip((posting.total() - headline) as usize)?;
        }
        starts.push(out.len());
        if packed {
            write_block(out, block, &headlines, next_min_doc);
        } else {
            write_plain_block(out, block, &headlines, next_min_doc);
        }
        next_min_doc = block[block.len() - 1].doc + 1;
    }
    Ok(starts)
}

/// Appends a term's headline list: how many of its postings (`postings`, in doc order, with
/// `positions`, its positions stream) have the term in the headline (a varint), then those
/// postings as [`write_postings`] writes a term's, each whole (every field's count and norm).
///
/// A query of several words reads its words' headline lists first: an article with none of
/// them in the headline scores at most the sum of their best body scores, and the articles
/// with two or more in the headline, where a page's best mostly are, are found in two lists.
/// A few percent of a common word's postings, where its postings were most of a sharded
/// query's bytes.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when `positions` end early.
pub fn write_headline_list(
    out: &mut Vec<u8>,
    postings: &[Posting],
    positions: &[u8],
    packed: bool,
) -> Result<()> {
    let mut reader = PositionsReader::new(positions);
    let (mut kept, mut kept_positions) = (Vec::new(), Vec::new());
    for posting in postings {
        let start = reader.offset();
        reader.skip(posting.total() as usize)?;
        if posting.freqs[Field::Title as usize] > 0 {
            kept.push(*posting);
            kept_positions.extend_from_slice(&positions[start..reader.offset()]);
        }
    }
    varint::write_u32(out, kept.len() as u32);
    write_postings(out, &kept, &kept_positions, packed)?;
    Ok(())
}

/// A reader of the headline list `bytes` (see [`write_headline_list`]) of a term; doc
/// numbers must stay below `doc_count`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when its count cannot be read.
pub fn headline_list(bytes: &[u8], doc_count: u32) -> Result<PostingsReader<'_>> {
    let mut at = 0;
    let count = varint::read_u32(bytes, &mut at)
        .ok_or_else(|| Error::corrupt(POSTINGS, "a headline list has no count"))?;
    Ok(PostingsReader::new(bytes.at(at..), count, doc_count))
}

/// Writes one plain block; `headlines` are its postings' headline positions, one after
/// another.
fn write_plain_block(
    out: &mut Vec<u8>,
    block: &[Posting],
    headlines: &[u32],
    mut next_min_doc: u32,
) {
    out.push(PLAIN);
    let mut headlines = headlines.iter();
    for posting in block {
        varint::write_u32(out, posting.doc - next_min_doc);
        next_min_doc = posting.doc + 1;
        let h = header(&posting.freqs);
        out.push(h);
        if h >> 4 == 0 {
            for field in Field::ALL {
                if posting.freqs[field as usize] > 0 {
                    varint::write_u32(out, posting.freqs[field as usize]);
                }
            }
        }
        let mut next = 0;
        for &p in headlines
            .by_ref()
            .take(posting.freqs[Field::Title as usize] as usize)
        {
            varint::write_u32(out, p - next);
            next = p + 1;
        }
    }
}

/// Writes one packed block; `headlines` are its postings' headline positions, one after
/// another.
fn write_block(out: &mut Vec<u8>, block: &[Posting], headlines: &[u32], mut next_min_doc: u32) {
    let gaps: Vec<u32> = block
        .iter()
        .map(|posting| {
            let gap = posting.doc - next_min_doc;
            next_min_doc = posting.doc + 1;
            gap
        })
        .collect();
    let headers: Vec<u8> = block.iter().map(|posting| header(&posting.freqs)).collect();
    let (gap_k, _) = rice::best_k(gaps.iter().copied(), MAX_GAP_K);
    let mut counts = [0u32; 256];
    for &h in &headers {
        counts[usize::from(h)] += 1;
    }
    let mut palette: Vec<u8> = (0..=255u8)
        .filter(|&h| counts[usize::from(h)] > 0)
        .collect();
    palette.sort_by_key(|&h| (std::cmp::Reverse(counts[usize::from(h)]), h));
    let mut rank = [0u32; 256];
    for (r, &h) in palette.iter().enumerate() {
        rank[usize::from(h)] = r as u32;
    }
    let (rank_k, rank_bits) = if palette.len() == 1 {
        (0, 0)
    } else {
        rice::best_k(headers.iter().map(|&h| rank[usize::from(h)]), MAX_RANK_K)
    };
    let raw = 8 * headers.len() as u64 <= rank_bits + 8 * (1 + palette.len() as u64);
    out.push(gap_k as u8 | ((if raw { RAW } else { rank_k }) as u8) << 5);
    if !raw {
        out.push(palette.len() as u8);
        out.extend_from_slice(&palette);
    }
    let fields = block.iter().fold(0, |m, p| m | p.mask());
    out.push(fields);
    let mut norm_base = [(0u8, 0u32); FIELD_COUNT];
    for field in Field::ALL {
        if fields & field.bit() == 0 {
            continue;
        }
        let f = field as usize;
        let norms = block.iter().filter(|p| p.freqs[f] > 0).map(|p| p.norms[f]);
        let least = norms.clone().min().unwrap_or(0);
        let (k, _) = rice::best_k(norms.map(|n| u32::from(n - least)), MAX_NORM_K);
        norm_base[f] = (least, k);
        out.extend_from_slice(&[least, k as u8]);
    }
    let mut bits = BitWriter::new(out);
    let mut headlines = headlines.iter();
    for ((posting, &gap), &h) in block.iter().zip(&gaps).zip(&headers) {
        bits.rice(gap, gap_k);
        if raw {
            bits.bits(u32::from(h), 8);
        } else if palette.len() > 1 {
            bits.rice(rank[usize::from(h)], rank_k);
        }
        if h >> 4 == 0 {
            for field in Field::ALL {
                if posting.freqs[field as usize] > 0 {
                    bits.rice(posting.freqs[field as usize] - 1, 1);
                }
            }
        }
        for field in Field::ALL {
            let f = field as usize;
            if posting.freqs[f] > 0 {
                let (least, k) = norm_base[f];
                bits.rice(u32::from(posting.norms[f] - least), k);
            }
        }
        let mut next = 0;
        for &p in headlines
            .by_ref()
            .take(posting.freqs[Field::Title as usize] as usize)
        {
            bits.rice(p - next, HEADLINE_K);
            next = p + 1;
        }
    }
    bits.finish();
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
    bits: BitReader<'a>,
    bytes: &'a [u8],
    /// Postings not read yet, and of those, in the current block.
    left: u32,
    left_in_block: u32,
    block_len: u32,
    next_min_doc: u32,
    doc_count: u32,
    gap_k: u32,
    /// The block's palette of headers, empty for raw headers.
    palette: &'a [u8],
    rank_k: u32,
    /// Per field, the block's least length norm and the Rice k of the others less it.
    norm_base: [(u8, u32); FIELD_COUNT],
    /// The headline positions of the last posting read, not read yet.
    headline_left: u32,
    /// Whether the current block is plain, and where its next byte is.
    plain: bool,
    at: usize,
}

impl<'a> PostingsReader<'a> {
    /// Reads `doc_freq` postings from `bytes`, a term's whole postings; doc numbers must stay
    /// below `doc_count`.
    pub fn new(bytes: &'a [u8], doc_freq: u32, doc_count: u32) -> PostingsReader<'a> {
        PostingsReader::blocks(bytes, doc_freq, block_len(doc_freq), doc_count, 0)
    }

    /// Reads `count` postings from `bytes`, one block of a term's postings: the first, or the
    /// one that follows the posting of article `after` (see [`super::skips`]).
    pub fn block(
        bytes: &'a [u8],
        count: u32,
        doc_count: u32,
        after: Option<u32>,
    ) -> PostingsReader<'a> {
        PostingsReader::blocks(
            bytes,
            count,
            count,
            doc_count,
            after.map_or(0, |doc| doc.saturating_add(1)),
        )
    }

    fn blocks(
        bytes: &'a [u8],
        count: u32,
        block_len: u32,
        doc_count: u32,
        next_min_doc: u32,
    ) -> PostingsReader<'a> {
        PostingsReader {
            bits: BitReader::new(bytes, 0),
            bytes,
            left: count,
            left_in_block: 0,
            block_len,
            next_min_doc,
            doc_count,
            gap_k: 0,
            palette: &[],
            rank_k: 0,
            norm_base: [(0, 0); FIELD_COUNT],
            headline_left: 0,
            plain: false,
            at: 0,
        }
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
        if self.headline_left > 0 {
            self.headline(|_| {})?;
        }
        if self.left_in_block == 0 && !self.start_block() {
            return Err(undecodable());
        }
        self.left -= 1;
        self.left_in_block -= 1;
        let posting = if self.plain {
            self.decode_plain()
        } else {
            self.decode()
        };
        match posting {
            Some(posting) => Ok(Some(posting)),
            None => Err(undecodable()),
        }
    }

    /// Calls `sink` with each headline position of the posting just read, in ascending
    /// order (none after a second call).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the bytes end early.
    pub fn headline(&mut self, mut sink: impl FnMut(u32)) -> Result<()> {
        let mut next = 0u32;
        for _ in 0..std::mem::take(&mut self.headline_left) {
            let gap = if self.plain {
                varint::read_u32(self.bytes, &mut self.at)
            } else {
                self.bits.rice(HEADLINE_K)
            };
            match gap.and_then(|gap| next.checked_add(gap)) {
                Some(p) if self.plain || !self.bits.overrun() => {
                    sink(p);
                    next = p.saturating_add(1);
                }
                _ => {
                    return Err(Error::corrupt(
                        POSITIONS,
                        "a headline position in the postings cannot be decoded",
                    ))
                }
            }
        }
        Ok(())
    }

    /// Reads the next block's head, where the bits of the last one ended.
    #[cold]
    fn start_block(&mut self) -> bool {
        let at = if self.plain { self.at } else { self.bits.end() };
        let Some(&head) = self.bytes.get(at) else {
            return false;
        };
        self.left_in_block = self.block_len.min(self.left);
        self.plain = head == PLAIN;
        if self.plain {
            self.at = at + 1;
            return true;
        }
        self.gap_k = u32::from(head & 0x1f);
        let code = u32::from(head >> 5);
        let mut bits_at = at + 1;
        if code == RAW {
            self.palette = &[];
        } else {
            let Some(&len) = self.bytes.get(bits_at) else {
                return false;
            };
            let Some(palette) = self
                .bytes
                .get(bits_at + 1..bits_at + 1 + usize::from(len))
                .filter(|p| !p.is_empty())
            else {
                return false;
            };
            self.palette = palette;
            self.rank_k = code;
            bits_at += 1 + palette.len();
        }
        let Some(&fields) = self.bytes.get(bits_at) else {
            return false;
        };
        bits_at += 1;
        for field in Field::ALL {
            let f = field as usize;
            self.norm_base[f] = if fields & field.bit() == 0 {
                // No posting of the block is in the field: a posting that says otherwise is
                // refused, as its norm would read past a k of 32.
                (0, u32::MAX)
            } else {
                let Some(&[least, k]) = self.bytes.get(bits_at..bits_at + 2) else {
                    return false;
                };
                if u32::from(k) > MAX_NORM_K {
                    return false;
                }
                bits_at += 2;
                (least, u32::from(k))
            };
        }
        self.bits = BitReader::new(self.bytes, bits_at);
        true
    }

    /// [`PostingsReader::decode`] for a plain block.
    #[inline(always)]
    fn decode_plain(&mut self) -> Option<Posting> {
        let doc = self
            .next_min_doc
            .checked_add(varint::read_u32(self.bytes, &mut self.at)?)?;
        if doc >= self.doc_count {
            return None;
        }
        self.next_min_doc = doc + 1;
        let header = *self.bytes.get(self.at)?;
        self.at += 1;
        let (bytes, at) = (self.bytes, &mut self.at);
        let freqs = freqs_of(header, || varint::read_u32(bytes, at).filter(|&f| f > 0))?;
        self.headline_left = freqs[Field::Title as usize];
        Some(Posting {
            doc,
            freqs,
            norms: [0; FIELD_COUNT],
        })
    }

    #[inline(always)]
    fn decode(&mut self) -> Option<Posting> {
        let doc = self.next_min_doc.checked_add(self.bits.rice(self.gap_k)?)?;
        if doc >= self.doc_count {
            return None;
        }
        self.next_min_doc = doc + 1;
        let header = match self.palette.len() {
            0 => self.bits.bits(8) as u8,
            1 => self.palette[0],
            _ => *self.palette.get(self.bits.rice(self.rank_k)? as usize)?,
        };
        let bits = &mut self.bits;
        let freqs = freqs_of(header, || bits.rice(1)?.checked_add(1))?;
        let mut norms = [0; FIELD_COUNT];
        for f in 0..FIELD_COUNT {
            if freqs[f] > 0 {
                let (least, k) = self.norm_base[f];
                if k == u32::MAX {
                    return None;
                }
                norms[f] = u8::try_from(self.bits.rice(k)?).ok()?.checked_add(least)?;
            }
        }
        if self.bits.overrun() {
            return None;
        }
        self.headline_left = freqs[Field::Title as usize];
        Some(Posting { doc, freqs, norms })
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
                let next = gap.and_then(|g| {
                    if i == 0 {
                        Some(g)
                    } else {
                        position.checked_add(g)
                    }
                });
                position =
                    next.ok_or_else(|| Error::corrupt(POSITIONS, "a position cannot be decoded"))?;
                sink(field, position);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A posting with made-up norms in the fields it is in, as a builder of packed postings
    /// gives them.
    fn posting(doc: u32, freqs: [u32; FIELD_COUNT]) -> Posting {
        let mut norms = [0; FIELD_COUNT];
        for (f, norm) in norms.iter_mut().enumerate() {
            if freqs[f] > 0 {
                *norm = (1 + (doc * 7 + f as u32 * 13) % 250) as u8;
            }
        }
        Posting { doc, freqs, norms }
    }

    /// `posting` as a block reads it back: a plain block carries no norms.
    fn read_back(posting: &Posting, packed: bool) -> Posting {
        Posting {
            norms: if packed {
                posting.norms
            } else {
                [0; FIELD_COUNT]
            },
            ..*posting
        }
    }

    fn postings() -> Vec<(Posting, Vec<Vec<u32>>)> {
        vec![
            (
                posting(0, [1, 0, 0, 0]),
                vec![vec![3], vec![], vec![], vec![]],
            ),
            (
                posting(5, [0, 0, 20, 0]),
                vec![vec![], vec![], (0..20).map(|i| i * 3).collect(), vec![]],
            ),
            (
                posting(6, [2, 0, 1, 0]),
                vec![vec![0, 9], vec![], vec![300], vec![]],
            ),
            (
                posting(900, [0, 0, 15, 0]),
                vec![vec![], vec![], (100..115).collect(), vec![]],
            ),
        ]
    }

    /// A headline's positions in the made-up articles of [`positions_of`].
    fn headline_of(posting: &Posting) -> Vec<u32> {
        (0..posting.freqs[0])
            .map(|i| i * 2 + posting.doc % 3)
            .collect()
    }

    /// A positions stream for `postings`: field `f`'s positions are `i * 2 + doc % 3 + f`.
    fn positions_of(postings: &[Posting]) -> Vec<u8> {
        let mut out = Vec::new();
        for posting in postings {
            for field in 0..FIELD_COUNT as u32 {
                write_positions(
                    &mut out,
                    &(0..posting.freqs[field as usize])
                        .map(|i| i * 2 + posting.doc % 3 + field)
                        .collect::<Vec<_>>(),
                );
            }
        }
        out
    }

    fn encode(items: &[(Posting, Vec<Vec<u32>>)], packed: bool) -> (Vec<u8>, Vec<u8>) {
        let (mut post, mut pos) = (Vec::new(), Vec::new());
        let only: Vec<Posting> = items.iter().map(|(posting, _)| *posting).collect();
        for (_, positions) in items {
            for field_positions in positions {
                write_positions(&mut pos, field_positions);
            }
        }
        write_postings(&mut post, &only, &pos, packed).unwrap();
        (post, pos)
    }

    #[test]
    fn postings_and_positions_round_trip() {
        for packed in [false, true] {
            postings_and_positions_round_trip_when(packed);
        }
    }

    fn postings_and_positions_round_trip_when(packed: bool) {
        let items = postings();
        let (post, pos) = encode(&items, packed);
        let mut reader = PostingsReader::new(&post, items.len() as u32, 1000);
        let mut positions = PositionsReader::new(&pos);
        for (i, (expected, expected_positions)) in items.iter().enumerate() {
            let posting = reader.next_posting().unwrap().unwrap();
            assert_eq!(posting, read_back(expected, packed));
            if i % 2 == 0 {
                let mut headline = Vec::new();
                reader.headline(|p| headline.push(p)).unwrap();
                assert_eq!(headline, expected_positions[Field::Title as usize]);
            }
            if i == 1 {
                positions.skip(posting.total() as usize).unwrap();
                continue;
            }
            let mut got = vec![Vec::new(); FIELD_COUNT];
            positions
                .read(&posting, |f, p| got[f as usize].push(p))
                .unwrap();
            assert_eq!(&got, expected_positions);
        }
        assert_eq!(reader.next_posting().unwrap(), None);
    }

    /// Many blocks, each with its own widths and palette (raw headers in some), read whole and
    /// a block at a time from where `write_postings` says each starts.
    #[test]
    fn blocks_of_every_kind_decode_whole_and_alone() {
        for packed in [false, true] {
            blocks_of_every_kind_decode_whole_and_alone_when(packed);
        }
    }

    fn blocks_of_every_kind_decode_whole_and_alone_when(packed: bool) {
        let mut doc = 0;
        let postings: Vec<Posting> = (0..5000u32)
            .map(|i| {
                doc += match i / 700 {
                    0 => 1,
                    1 => 1 + i % 3,
                    2 => 1 + i * 7919 % 1000,
                    3 => 1 + (i % 97 == 0) as u32 * 100_000,
                    _ => 1 + i % 40,
                };
                let freqs = match i % 11 {
                    0 => [1, 0, 2, 0],
                    1 => [0, 0, 40, 0],
                    2 => [0, 0, 0, 3],
                    3 => [i % 5 + 1, 0, 0, 0],
                    _ => [0, 0, 1 + (i * 31 % 7) * (i / 2000), 0],
                };
                posting(
                    doc,
                    if freqs.iter().all(|&f| f == 0) {
                        [0, 0, 1, 0]
                    } else {
                        freqs
                    },
                )
            })
            .collect();
        let doc_count = doc + 1;
        let mut bytes = Vec::new();
        let starts =
            write_postings(&mut bytes, &postings, &positions_of(&postings), packed).unwrap();
        let len = block_len(postings.len() as u32) as usize;
        assert_eq!(starts.len(), postings.len().div_ceil(len));
        let mut read = Vec::new();
        PostingsReader::new(&bytes, postings.len() as u32, doc_count)
            .read_all(&mut read)
            .unwrap();
        let back: Vec<Posting> = postings.iter().map(|p| read_back(p, packed)).collect();
        assert_eq!(read, back);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
            let block = &postings[k * len..(k * len + len).min(postings.len())];
            let after = k.checked_sub(1).map(|_| postings[k * len - 1].doc);
            let mut reader =
                PostingsReader::block(&bytes[start..end], block.len() as u32, doc_count, after);
            for (i, expected) in block.iter().enumerate() {
                assert_eq!(
                    reader.next_posting().unwrap(),
                    Some(read_back(expected, packed)),
                    "block {k}"
                );
                if i % 3 == 0 {
                    let mut headline = Vec::new();
                    reader.headline(|p| headline.push(p)).unwrap();
                    assert_eq!(headline, headline_of(expected), "block {k}");
                }
            }
            assert_eq!(reader.next_posting().unwrap(), None);
        }
    }

    /// A common word's posting in the body of articles of 300–450 words (24 norms): a few
    /// bits for its gap and count, five for its norm.
    #[test]
    fn a_common_word_takes_a_few_bits_a_posting_packed() {
        let postings: Vec<Posting> = (0..100_000u32)
            .map(|i| Posting {
                doc: i * 4 / 3,
                freqs: [0, 0, 1 + i % 3 / 2, 0],
                norms: [0, 0, 96 + (i * 7919 % 24) as u8, 0],
            })
            .collect();
        let (mut packed, mut plain) = (Vec::new(), Vec::new());
        write_postings(&mut packed, &postings, &positions_of(&postings), true).unwrap();
        write_postings(&mut plain, &postings, &positions_of(&postings), false).unwrap();
        assert!(
            packed.len() * 8 < 9 * postings.len(),
            "{} bits a posting",
            packed.len() as f64 * 8.0 / postings.len() as f64
        );
        assert!(
            plain.len() > 2 * postings.len(),
            "a varint gap and a header byte each"
        );
    }

    #[test]
    fn damaged_postings_are_errors_not_panics() {
        for packed in [false, true] {
            damaged_postings_are_errors_not_panics_when(packed);
        }
    }

    fn damaged_postings_are_errors_not_panics_when(packed: bool) {
        let items = postings();
        let (post, _) = encode(&items, packed);
        assert!(PostingsReader::new(&post, 5, 1000)
            .read_all(&mut Vec::new())
            .is_err());
        assert!(PostingsReader::new(&post, 4, 900)
            .read_all(&mut Vec::new())
            .is_err());
        for cut in 0..post.len() {
            assert!(
                PostingsReader::new(&post[..cut], 4, 1000)
                    .read_all(&mut Vec::new())
                    .is_err(),
                "cut at {cut}"
            );
        }
        for at in 0..post.len() {
            for flip in [0x01, 0x10, 0x80, 0xff] {
                let mut bad = post.clone();
                bad[at] ^= flip;
                // Decoding may succeed with other values or fail; it must not panic.
                let _ = PostingsReader::new(&bad, 4, 1000).read_all(&mut Vec::new());
            }
        }
        let mut positions = PositionsReader::new(&[0x80]);
        assert!(positions.read(&items[0].0, |_, _| {}).is_err());
    }
}
