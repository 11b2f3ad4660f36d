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
//! the low 32 bits of the xxh3 of each term's postings, of its positions, of its skip table's postings part,
//! and of each stored record; a block read through a skip table is checked by its entry), and
//! a damaged chunk is refused when a request reads the damaged piece:
//!
//! ```text
//! u32 term count, u32 record count, term count × (u32 postings, u32 positions, u32 skips), record count × u32
//! ```

use std::ops::Range;

use super::container::{ContainerWriter, SectionKind, SectionTable};
use super::le_u32;
use super::records::Records;
use super::skips;
use super::source::{ByteSource, Window};
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
        self.store
            .as_ref()
            .map_or(self.skips.end, |store| store.end)
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
        for value in [
            self.chunk_bytes,
            self.postings.end,
            self.positions.end - self.positions.start,
            self.skips.end - self.skips.start,
            store,
        ] {
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
        let u64_at = |at: usize| {
            bytes
                .get(at..at + 8)
                .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
        };
        let (Some(chunk_bytes), Some(postings), Some(positions), Some(skips), Some(store)) =
            (u64_at(0), u64_at(8), u64_at(16), u64_at(24), u64_at(32))
        else {
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
        let name = bytes
            .get(42..42 + name_len)
            .ok_or_else(|| bad("the name is cut short"))?;
        if bytes.len() != 42 + name_len {
            return Err(bad("trailing bytes"));
        }
        let plain = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-');
        if name.is_empty() || !name.iter().all(plain) || name[0] == b'.' {
            return Err(bad("the chunk name is not a plain file name"));
        }
        let positions_end = postings
            .checked_add(positions)
            .ok_or_else(|| bad("sizes overflow"))?;
        let skips_end = positions_end
            .checked_add(skips)
            .ok_or_else(|| bad("sizes overflow"))?;
        let store_end = skips_end
            .checked_add(store)
            .ok_or_else(|| bad("sizes overflow"))?;
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

/// A sharded index made in memory: the core file's bytes and the chunk files'.
pub struct Sharded {
    /// The core file.
    pub core: Vec<u8>,
    /// Where the parts went, and the chunk files' name.
    pub chunks: Chunks,
    files: Vec<Vec<u8>>,
}

impl Sharded {
    /// Chunk `k`'s bytes (`k` below [`Chunks::count`]).
    pub fn chunk(&self, k: u64) -> &[u8] {
        &self.files[k as usize]
    }
}

/// Splits a single-file index in memory into a core and chunks of `chunk_bytes`, as
/// [`split_source`] does.
///
/// # Errors
/// As [`split_source`].
pub fn split(index: &[u8], stem: &str, chunk_bytes: u64) -> Result<Sharded> {
    let mut files = Vec::new();
    let (core, chunks) = split_source(&mut &index[..], stem, chunk_bytes, |_, bytes| {
        files.push(bytes.to_vec());
        Ok(())
    })?;
    Ok(Sharded {
        core,
        chunks,
        files,
    })
}

/// The window through which a split reads a term's or a record's bytes: most come one after
/// another, so a few large reads serve them all.
const WINDOW_BYTES: usize = 8 << 20;

/// Splits the single-file index in `source` into a core and chunks of `chunk_bytes`, the chunk
/// files named after `stem` (the core file's name without its extension) and the pack's hash.
/// Each chunk is handed to `write_chunk` with its file name as soon as it is cut; the core's
/// bytes and the chunks' layout are returned. Only the core's sections, one chunk and a read
/// window are in memory at a time, so an index far larger than memory can be split.
///
/// The source is read through four times: for its checksum, the pack's hash (the chunks'
/// name), the core's checks of each piece, and the chunks themselves.
///
/// # Errors
/// The container's errors for bytes that are not an index (checksum included);
/// [`crate::ErrorKind::Corrupt`] for an index that is already sharded, a term or record
/// outside its section, or a chunk size out of range; what `write_chunk` returns.
pub fn split_source<S: ByteSource>(
    source: &mut S,
    stem: &str,
    chunk_bytes: u64,
    mut write_chunk: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<(Vec<u8>, Chunks)> {
    if !(MIN_CHUNK_BYTES..=MAX_CHUNK_BYTES).contains(&chunk_bytes) {
        return Err(Error::corrupt(SECTION, format!("a chunk size of {chunk_bytes} bytes is outside {MIN_CHUNK_BYTES}..={MAX_CHUNK_BYTES}")));
    }
    let table = SectionTable::read(source)?;
    if table.range(SectionKind::Chunks).is_some() {
        return Err(Error::corrupt(SECTION, "the index is sharded already"));
    }
    let (store_table, store_data) = match table.range(SectionKind::Store) {
        Some(store) => {
            let count = source.read_range(store.start..(store.start + 4).min(store.end))?;
            let count = le_u32(&count, 0)
                .ok_or_else(|| Error::corrupt("document store", "no record count"))?;
            let table_end = store.start + 4 + 4 * (u64::from(count) + 1);
            if table_end > store.end {
                return Err(Error::corrupt(
                    "document store",
                    format!("{count} records do not fit"),
                ));
            }
            (
                Some(source.read_range(store.start..table_end)?),
                table_end..store.end,
            )
        }
        None => (None, 0..0),
    };
    let parts = [
        table.require(SectionKind::Postings)?,
        table.require(SectionKind::Positions)?,
        table.require(SectionKind::Skips)?,
        store_data,
    ];
    let mut core = ContainerWriter::new();
    let mut term_info = None;
    for kind in SectionKind::ALL {
        match (kind, table.range(kind)) {
            (
                SectionKind::Postings
                | SectionKind::Positions
                | SectionKind::Skips
                | SectionKind::Store
                | SectionKind::StoreTable
                | SectionKind::Chunks,
                _,
            )
            | (_, None) => {}
            (kind, Some(range)) => {
                let bytes = source.read_range(range)?;
                if kind == SectionKind::TermInfo {
                    term_info = Some(bytes.clone());
                }
                core.add(kind, bytes);
            }
        }
    }
    let term_info = term_info.ok_or(crate::ErrorKind::MissingSection {
        section: SectionKind::TermInfo.name(),
    })?;
    let store = store_table
        .as_deref()
        .map(|bytes| Records::open(bytes, "document store"))
        .transpose()?;
    let checks = checks(
        source,
        &TermInfos::parse(&term_info)?,
        &parts,
        store.as_ref(),
    )?;

    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; WINDOW_BYTES];
    for part in &parts {
        hasher.update(&(part.end - part.start).to_le_bytes());
        let mut at = part.start;
        while at < part.end {
            let take = (part.end - at).min(WINDOW_BYTES as u64) as usize;
            source.read_at(at, &mut buffer[..take])?;
            hasher.update(&buffer[..take]);
            at += take as u64;
        }
    }
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_NAME - 17)
        .collect();
    let stem = if stem.is_empty() {
        "index".to_owned()
    } else {
        stem
    };
    let len = |part: &Range<u64>| part.end - part.start;
    let postings_end = len(&parts[0]);
    let positions_end = postings_end + len(&parts[1]);
    let skips_end = positions_end + len(&parts[2]);
    let chunks = Chunks {
        chunk_bytes,
        postings: 0..postings_end,
        positions: postings_end..positions_end,
        skips: positions_end..skips_end,
        store: store
            .as_ref()
            .map(|_| skips_end..skips_end + len(&parts[3])),
        name: format!("{stem}-{:016x}", hasher.digest()),
    };
    drop(buffer);

    let mut chunk = Vec::with_capacity(chunk_bytes.min(chunks.pack_bytes()) as usize);
    for k in 0..chunks.count() {
        let start = k * chunk_bytes;
        let end = (start + chunk_bytes).min(chunks.pack_bytes());
        chunk.clear();
        let mut at = 0u64;
        for part in &parts {
            let from = start.max(at);
            let to = end.min(at + len(part));
            if from < to {
                let filled = chunk.len();
                chunk.resize(filled + (to - from) as usize, 0);
                source.read_at(part.start + from - at, &mut chunk[filled..])?;
            }
            at += len(part);
        }
        write_chunk(&chunks.file_name(k), &chunk)?;
    }

    if let Some(table) = store_table {
        core.add(SectionKind::StoreTable, table);
    }
    core.add(SectionKind::Chunks, chunks.encode());
    core.add(SectionKind::ChunkChecks, checks);
    Ok((core.finish()?, chunks))
}

fn check(bytes: &[u8]) -> u32 {
    xxhash_rust::xxh3::xxh3_64(bytes) as u32
}

/// The `chunk checks` section for the pieces of an index's postings, positions, skips and
/// store (`parts`, where each lies in the source).
fn checks(
    source: &mut impl ByteSource,
    infos: &TermInfos<'_>,
    parts: &[Range<u64>; 4],
    store: Option<&Records<'_>>,
) -> Result<Vec<u8>> {
    let records = store.map_or(0, |r| r.len());
    let terms_end = 8 + TERM_CHECKS * infos.len();
    let mut out = vec![0; terms_end + 4 * records];
    out[..4].copy_from_slice(&(infos.len() as u32).to_le_bytes());
    out[4..8].copy_from_slice(&(records as u32).to_le_bytes());
    let within = |part: &Range<u64>, range: Range<usize>| {
        let (start, end) = (
            part.start + range.start as u64,
            part.start + range.end as u64,
        );
        (range.start <= range.end && end <= part.end).then_some(start..end)
    };
    let mut window = Window::new(source, WINDOW_BYTES);
    // A part at a time, each in term order, as the builder wrote them: the window then reads
    // each part through once.
    for (k, part) in parts[..3].iter().enumerate() {
        for ordinal in 0..infos.len() {
            let info = infos.get(ordinal as u64)?;
            // A skip table's positions part is checked by its postings part (see `skips`).
            let range = [
                info.postings,
                info.positions,
                skips::postings_part(&info.skips, info.doc_freq),
            ][k]
                .clone();
            let range = within(part, range)
                .ok_or_else(|| Error::corrupt("term info", "a term lies outside its section"))?;
            let at = 8 + TERM_CHECKS * ordinal + 4 * k;
            out[at..at + 4].copy_from_slice(&check(window.get(range)?).to_le_bytes());
        }
    }
    if let Some(store) = store {
        for doc in 0..records {
            let span = store.span(doc).and_then(|span| within(&parts[3], span));
            let span = span.ok_or_else(|| {
                Error::corrupt(
                    "document store",
                    format!("record {doc} lies outside the section"),
                )
            })?;
            let at = terms_end + 4 * doc;
            out[at..at + 4].copy_from_slice(&check(window.get(span)?).to_le_bytes());
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
        if counts != (Some(terms as u32), Some(records as u32))
            || bytes.len() != 8 + TERM_CHECKS * terms + 4 * records
        {
            return Err(Error::corrupt("chunk checks", format!("checks for {counts:?} terms and records in {} bytes, not for {terms} and {records}", bytes.len())));
        }
        Ok(ChunkChecks { bytes, terms })
    }

    /// Refuses `bytes` as the postings of term `ordinal` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn postings(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(8 + TERM_CHECKS * ordinal as usize, bytes, || {
            format!("the postings of term {ordinal}")
        })
    }

    /// Refuses `bytes` as the positions of term `ordinal` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn positions(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(12 + TERM_CHECKS * ordinal as usize, bytes, || {
            format!("the positions of term {ordinal}")
        })
    }

    /// Refuses `bytes` as the postings part of the skip table of term `ordinal` (see
    /// [`skips::postings_part`]) unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the term.
    pub fn skips(&self, ordinal: u64, bytes: &[u8]) -> Result<()> {
        self.verify(16 + TERM_CHECKS * ordinal as usize, bytes, || {
            format!("the skip table of term {ordinal}")
        })
    }

    /// Refuses `bytes` as the stored record of article `doc` unless they pass its check.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the article.
    pub fn record(&self, doc: u32, bytes: &[u8]) -> Result<()> {
        self.verify(
            8 + TERM_CHECKS * self.terms + 4 * doc as usize,
            bytes,
            || format!("the stored text of article {doc}"),
        )
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
            return Err(Error::corrupt(
                "store table",
                format!("record {i} has a bad offset"),
            ));
        }
        previous = offset;
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks() -> Chunks {
        Chunks {
            chunk_bytes: 4096,
            postings: 0..10,
            positions: 10..25,
            skips: 25..45,
            store: Some(45..9000),
            name: "bbc-00ff".into(),
        }
    }

    #[test]
    fn chunks_round_trip_and_count() {
        let c = chunks();
        assert_eq!(Chunks::decode(&c.encode()).unwrap(), c);
        assert_eq!(c.count(), 3, "9000 bytes in chunks of 4096");
        assert_eq!(c.file_name(2), "bbc-00ff.0002.chunk");
        let without = Chunks {
            store: None,
            ..chunks()
        };
        assert_eq!(Chunks::decode(&without.encode()).unwrap(), without);
        assert_eq!(without.count(), 1);
    }

    #[test]
    fn names_that_lead_elsewhere_and_bad_sizes_are_refused() {
        for name in ["../x", "a/b", ".hidden", "", "http:x"] {
            let bytes = Chunks {
                name: name.into(),
                ..chunks()
            }
            .encode();
            assert!(Chunks::decode(&bytes).is_err(), "{name:?}");
        }
        let tiny = Chunks {
            chunk_bytes: 10,
            ..chunks()
        }
        .encode();
        assert!(Chunks::decode(&tiny)
            .unwrap_err()
            .to_string()
            .contains("chunk size"));
        let mut overflow = chunks().encode();
        overflow[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Chunks::decode(&overflow).is_err());
        let encoded = chunks().encode();
        for cut in 0..encoded.len() {
            assert!(Chunks::decode(&encoded[..cut]).is_err(), "cut at {cut}");
        }
    }
}
