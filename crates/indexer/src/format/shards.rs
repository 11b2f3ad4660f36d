//! Sharded indexes, for archives too large for one download. An index is split into a core
//! file and chunk files. The core is an index file of its own (same label, version, checksum)
//! with every section but the four that grow with the text: postings, positions, skip tables
//! and the document store's records. Those four, back to back, make one byte space, the *pack*
//! (postings, positions, skips, then stored records), cut into chunk files of a fixed size, so
//! byte `b` of the pack is byte `b % chunk_bytes` of chunk `b / chunk_bytes`. A reader fetches
//! the ranges of the pack a request needs (HTTP range requests, or whole chunks).
//!
//! The core keeps the store's record table (section `store table`) so that finding an
//! article's record needs no fetch, and a `chunks` section:
//!
//! ```text
//! u64 chunk bytes, u64 postings bytes, u64 positions bytes, u64 skips bytes, u64 stored record bytes,
//! u8 has store, u8 name length, name (ASCII letters, digits, '.', '_', '-')
//! ```
//!
//! Chunk `k` is the file `{name}.{k:04}.chunk` beside the core. The name ends with an xxh3 of
//! the pack, so chunks of another build are never mixed with this core. A reader never holds
//! a whole chunk, so the core carries a check of each piece it reads instead (`chunk checks`:
//! the low 32 bits of the xxh3 of each term's postings, of its positions, of its skip table,
//! and of each stored record; a block read through a skip table is checked by its entry), and
//! a damaged chunk is refused when a request reads the damaged piece:
//!
//! ```text
//! u32 term count, u32 record count, term count × (u32 postings, u32 positions, u32 skips), record count × u32
//! ```

use std::ops::Range;

use super::container::{Container, ContainerWriter, SectionKind};
use super::le_u32;
use super::records::Records;
use super::term_info::TermInfos;
use crate::error::{Error, Result};

const SECTION: &str = "chunks";
/// The default size of a chunk file: large enough that a million articles make a few hundred
/// files, small enough that fetching a whole chunk from a host without range requests is
/// bearable.
pub const DEFAULT_CHUNK_BYTES: u64 = 16 << 20;
/// The smallest chunk size allowed.
pub const MIN_CHUNK_BYTES: u64 = 4 << 10;
/// The largest chunk size allowed.
pub const MAX_CHUNK_BYTES: u64 = 1 << 30;
const MAX_NAME: usize = 200;
/// The bytes of checks per term: postings, positions, skips.
const TERM_CHECKS: usize = 12;

/// Where the parts of a sharded index went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunks {
    /// The size of every chunk file but the last.
    pub chunk_bytes: u64,
    /// The postings section's bytes in the pack.
    pub postings: Range<u64>,
    /// The positions section's bytes in the pack.
    pub positions: Range<u64>,
    /// The skips section's bytes in the pack.
    pub skips: Range<u64>,
    /// The stored records in the pack, when the index has a store.
    pub store: Option<Range<u64>>,
    /// The chunk files' common name.
    pub name: String,
}

impl Chunks {
    /// The pack's length in bytes.
    pub fn pack_bytes(&self) -> u64 {
        self.store.as_ref().map_or(self.skips.end, |store| store.end)
    }

    /// How many chunk files there are.
    pub fn count(&self) -> u64 {
        self.pack_bytes().div_ceil(self.chunk_bytes)
    }

    /// The file name of chunk `k`.
    pub fn file_name(&self, k: u64) -> String {
        format!("{}.{k:04}.chunk", self.name)
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let store = self.store.as_ref().map_or(0, |s| s.end - s.start);
        for value in [self.chunk_bytes, self.postings.end, self.positions.end - self.positions.start, self.skips.end - self.skips.start, store] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.push(u8::from(self.store.is_some()));
        out.push(self.name.len() as u8);
        out.extend_from_slice(self.name.as_bytes());
        out
    }

    /// Reads a `chunks` section, refusing sizes out of range and names that are not plain
    /// file names (a core must not send a reader elsewhere).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the section.
    pub fn decode(bytes: &[u8]) -> Result<Chunks> {
        let bad = |detail: &str| Error::corrupt(SECTION, detail.to_owned());
        let u64_at = |at: usize| bytes.get(at..at + 8).map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")));
        let (Some(chunk_bytes), Some(postings), Some(positions), Some(skips), Some(store)) = (u64_at(0), u64_at(8), u64_at(16), u64_at(24), u64_at(32)) else {
            return Err(bad("too short"));
        };
        if !(MIN_CHUNK_BYTES..=MAX_CHUNK_BYTES).contains(&chunk_bytes) {
            return Err(bad(&format!("a chunk size of {chunk_bytes} bytes")));
        }
        let has_store = match bytes.get(40) {
            Some(0) => false,
            Some(1) => true,
            _ => return Err(bad("bad store flag")),
        };
        let name_len = usize::from(*bytes.get(41).ok_or_else(|| bad("too short"))?);
        let name = bytes.get(42..42 + name_len).ok_or_else(|| bad("the name is cut short"))?;
        if bytes.len() != 42 + name_len {
            return Err(bad("trailing bytes"));
        }
        let plain = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-');
        if name.is_empty() || !name.iter().all(plain) || name[0] == b'.' {
            return Err(bad("the chunk name is not a plain file name"));
        }
        let positions_end = postings.checked_add(positions).ok_or_else(|| bad("sizes overflow"))?;
        let skips_end = positions_end.checked_add(skips).ok_or_else(|| bad("sizes overflow"))?;
        let store_end = skips_end.checked_add(store).ok_or_else(|| bad("sizes overflow"))?;
        Ok(Chunks {
            chunk_bytes,
            postings: 0..postings,
            positions: postings..positions_end,
            skips: positions_end..skips_end,
            store: has_store.then_some(skips_end..store_end),
            name: String::from_utf8(name.to_vec()).expect("ASCII"),
        })
    }
}

/// A sharded index: the core file's bytes and the pack, to be cut into chunk files.
pub struct Sharded<'a> {
    /// The core file.
    pub core: Vec<u8>,
    /// Where the parts went, and the chunk files' name.
    pub chunks: Chunks,
    pack: [&'a [u8]; 4],
}

impl Sharded<'_> {
    /// Chunk `k`'s bytes (`k` below [`Chunks::count`]).
    pub fn chunk(&self, k: u64) -> Vec<u8> {
        let start = k * self.chunks.chunk_bytes;
        let end = (start + self.chunks.chunk_bytes).min(self.chunks.pack_bytes());
        let mut out = Vec::with_capacity((end - start) as usize);
        let mut at = 0u64;
        for part in self.pack {
            let part_range = at..at + part.len() as u64;
            let from = start.max(part_range.start);
            let to = end.min(part_range.end);
            if from < to {
                out.extend_from_slice(&part[(from - at) as usize..(to - at) as usize]);
            }
            at = part_range.end;
        }
        out
    }
}

/// Splits a (checked) single-file index into a core and chunks of `chunk_bytes`, the chunk
/// files named after `stem` (the core file's name without its extension) and the pack's hash.
///
/// # Errors
/// The container's errors for bytes that are not an index; [`crate::ErrorKind::Corrupt`] for
/// an index that is already sharded or a chunk size out of range.
pub fn split<'a>(index: &'a [u8], stem: &str, chunk_bytes: u64) -> Result<Sharded<'a>> {
    if !(MIN_CHUNK_BYTES..=MAX_CHUNK_BYTES).contains(&chunk_bytes) {
        return Err(Error::corrupt(SECTION, format!("a chunk size of {chunk_bytes} bytes is outside {MIN_CHUNK_BYTES}..={MAX_CHUNK_BYTES}")));
    }
    let container = Container::parse(index)?;
    if container.get(SectionKind::Chunks).is_some() {
        return Err(Error::corrupt(SECTION, "the index is sharded already"));
    }
    let postings = container.require(SectionKind::Postings)?;
    let positions = container.require(SectionKind::Positions)?;
    let skips = container.require(SectionKind::Skips)?;
    let store = container.get(SectionKind::Store).map(|bytes| Records::open(bytes, "document store")).transpose()?;
    let (store_table, store_data) = match (&store, container.get(SectionKind::Store)) {
        (Some(records), Some(bytes)) => (Some(&bytes[..records.table_len()]), records.data()),
        _ => (None, &[][..]),
    };
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [postings, positions, skips, store_data] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let stem: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).take(MAX_NAME - 17).collect();
    let stem = if stem.is_empty() { "index".to_owned() } else { stem };
    let postings_end = postings.len() as u64;
    let positions_end = postings_end + positions.len() as u64;
    let skips_end = positions_end + skips.len() as u64;
    let chunks = Chunks {
        chunk_bytes,
        postings: 0..postings_end,
        positions: postings_end..positions_end,
        skips: positions_end..skips_end,
        store: store.map(|_| skips_end..skips_end + store_data.len() as u64),
        name: format!("{stem}-{:016x}", hasher.digest()),
    };
    let mut core = ContainerWriter::new();
    for kind in SectionKind::ALL {
        match kind {
            SectionKind::Postings | SectionKind::Positions | SectionKind::Skips | SectionKind::Store | SectionKind::StoreTable | SectionKind::Chunks => {}
            kind => {
                if let Some(bytes) = container.get(kind) {
                    core.add(kind, bytes.to_vec());
                }
            }
        }
    }
    if let Some(table) = store_table {
        core.add(SectionKind::StoreTable, table.to_vec());
    }
    core.add(SectionKind::Chunks, chunks.encode());
    core.add(SectionKind::ChunkChecks, checks(&container, [postings, positions, skips], store.as_ref())?);
    Ok(Sharded { core: core.finish()?, chunks, pack: [postings, positions, skips, store_data] })
}

fn check(bytes: &[u8]) -> u32 {
    xxhash_rust::xxh3::xxh3_64(bytes) as u32
}

/// The `chunk checks` section for the pieces of an index's postings, positions, skips and
/// store.
fn checks(container: &Container<'_>, [postings, positions, skips]: [&[u8]; 3], store: Option<&Records<'_>>) -> Result<Vec<u8>> {
    let infos = TermInfos::parse(container.require(SectionKind::TermInfo)?)?;
    let records = store.map_or(0, |r| r.len());
    let mut out = Vec::with_capacity(8 + TERM_CHECKS * infos.len() + 4 * records);
    out.extend_from_slice(&(infos.len() as u32).to_le_bytes());
    out.extend_from_slice(&(records as u32).to_le_bytes());
    let piece = |bytes: &[u8], range: Range<usize>| bytes.get(range).map(check).ok_or_else(|| Error::corrupt("term info", "a term lies outside its section"));
    for ordinal in 0..infos.len() as u64 {
        let info = infos.get(ordinal)?;
        out.extend_from_slice(&piece(postings, info.postings)?.to_le_bytes());
        out.extend_from_slice(&piece(positions, info.positions)?.to_le_bytes());
        out.extend_from_slice(&piece(skips, info.skips)?.to_le_bytes());
    }
    if let Some(store) = store {
        for doc in 0..records {
            let record = store.get(doc).ok_or_else(|| Error::corrupt("document store", format!("record {doc} lies outside the section")))?;
            out.extend_from_slice(&check(record).to_le_bytes());
        }
    }
    Ok(out)
}

/// A sharded core's checks of the pieces of its chunks.
#[derive(Clone, Copy, Debug)]
pub struct ChunkChecks<'a> {
    bytes: &'a [u8],
    terms: usize,
}

impl<'a> ChunkChecks<'a> {
    /// Opens the section, which must hold checks for `terms` terms and `records` records.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when its counts or length disagree.
    pub fn parse(bytes: &'a [u8], terms: usize, records: usize) -> Result<ChunkChecks<'a>> {
        let counts = (le_u32(bytes, 0), le_u32(bytes, 4));
        if counts != (Some(terms as u32), Some(records as u32)) || bytes.len() != 8 + TERM_CHECKS * terms + 4 * records {
            return Err(Error::corrupt("chunk checks", format!("checks for {counts:?} terms and records in {} bytes, not for {terms} and {records}", bytes.len())));
        }
        Ok(ChunkChecks { bytes, terms })
    }

    /// Refuses `bytes` as the postings of term `ordinal` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn postings(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(8 + TERM_CHECKS * ordinal as usize, bytes, || format!("the postings of term {ordinal}"))
    }

    /// Refuses `bytes` as the positions of term `ordinal` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn positions(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(12 + TERM_CHECKS * ordinal as usize, bytes, || format!("the positions of term {ordinal}"))
    }

    /// Refuses `bytes` as the skip table of term `ordinal` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn skips(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(16 + TERM_CHECKS * ordinal as usize, bytes, || format!("the skip table of term {ordinal}"))
    }

    /// Refuses `bytes` as the stored record of article `doc` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the article.
    pub fn record(&self, doc: u32, bytes: &[u8]) -> Result<()> {
        self.verify(8 + TERM_CHECKS * self.terms + 4 * doc as usize, bytes, || format!("the stored text of article {doc}"))
    }

    fn verify(&self, at: usize, bytes: &[u8], what: impl FnOnce() -> String) -> Result<()> {
        match le_u32(self.bytes, at) {
            Some(expected) if expected == check(bytes) => Ok(()),
            _ => Err(Error::corrupt("chunks", format!("{} fetched from the chunk files do not match the core's check: a chunk is damaged or from another build", what()))),
        }
    }
}

/// Opens a sharded core's record table of the store.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the table does not fit or its offsets are out of order
/// or past the stored records' length.
pub fn store_table(bytes: &[u8], records_len: u64) -> Result<Records<'_>> {
    let table = Records::open(bytes, "store table")?;
    if table.table_len() != bytes.len() {
        return Err(Error::corrupt("store table", "trailing bytes"));
    }
    let mut previous = 0;
    for i in 0..=table.len() {
        let offset = le_u32(bytes, 4 + 4 * i).unwrap_or(u32::MAX);
        if (i == 0 && offset != 0) || offset < previous || u64::from(offset) > records_len {
            return Err(Error::corrupt("store table", format!("record {i} has a bad offset")));
        }
        previous = offset;
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks() -> Chunks {
        Chunks { chunk_bytes: 4096, postings: 0..10, positions: 10..25, skips: 25..45, store: Some(45..9000), name: "bbc-00ff".into() }
    }

    #[test]
    fn chunks_round_trip_and_count() {
        let c = chunks();
        assert_eq!(Chunks::decode(&c.encode()).unwrap(), c);
        assert_eq!(c.count(), 3, "9000 bytes in chunks of 4096");
        assert_eq!(c.file_name(2), "bbc-00ff.0002.chunk");
        let without = Chunks { store: None, ..chunks() };
        assert_eq!(Chunks::decode(&without.encode()).unwrap(), without);
        assert_eq!(without.count(), 1);
    }

    #[test]
    fn names_that_lead_elsewhere_and_bad_sizes_are_refused() {
        for name in ["../x", "a/b", ".hidden", "", "http:x"] {
            let bytes = Chunks { name: name.into(), ..chunks() }.encode();
            assert!(Chunks::decode(&bytes).is_err(), "{name:?}");
        }
        let tiny = Chunks { chunk_bytes: 10, ..chunks() }.encode();
        assert!(Chunks::decode(&tiny).unwrap_err().to_string().contains("chunk size"));
        let mut overflow = chunks().encode();
        overflow[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Chunks::decode(&overflow).is_err());
        let encoded = chunks().encode();
        for cut in 0..encoded.len() {
            assert!(Chunks::decode(&encoded[..cut]).is_err(), "cut at {cut}");
        }
    }
}
