//! Sharded indexes, for archives too large for one download. An index is split into a core
//! file and chunk files. The core is an index file of its own (same label, version, checksum)
//! that holds only what does not grow with the archive but by a few bytes an article: the
//! meta, the source names, a `chunks` section and the directory of the `pieces`
//! (see [`crate::pieces`]); no norms, which the packed postings carry (see
//! [`crate::postings`]), so that a split refuses an index whose postings are plain. Everything else makes one byte space, the *pack*: the stored
//! records, postings, positions and skip tables, back to back, then every other table cut into
//! deflated pieces. The pack is cut into chunk files of a fixed size, so byte `b` of the pack
//! is byte `b % chunk_bytes` of chunk `b / chunk_bytes`. A reader fetches the ranges of the
//! pack a request needs (HTTP range requests, or whole chunks).
//!
//! Each chunk file is named by a hash of its own bytes, and the stored records come first:
//! an index built again with articles appended (`newsdex add`) keeps its old articles'
//! records byte for byte at the start of the pack, so the chunks that hold only those are the
//! same files, and a site uploads, and a cache or an offline copy drops, only the others.
//!
//! The `chunks` section:
//!
//! ```text
//! u64 chunk bytes, u64 stored record bytes, u64 postings bytes, u64 positions bytes, u64 skips bytes,
//! u64 pieces bytes, u8 has store, u8 name length, name (ASCII letters, digits, '.', '_', '-'),
//! then per chunk the xxh3 of its bytes (u64)
//! ```
//!
//! Chunk `k` is the file `{name}-{xxh3:016x}.chunk` beside the core, so a chunk of other
//! bytes is never taken for it and a file, once written, never changes. A reader never holds
//! a whole chunk, so each piece it reads is checked: a piece by the check it carries, and
//! a term's postings, positions and skip table's postings part (a block read through a skip
//! table is checked by its entry) and an article's stored record by the low 32 bits of their
//! xxh3 kept in the terms' and the store table's pieces. A damaged chunk is refused when a
//! request reads the damaged piece.

use std::ops::Range;

use super::container::{ContainerWriter, SectionKind, SectionTable};
use super::le_u32;
use super::meta::Meta;
use super::pieces::{self, check, Tables, TERM_CHECKS};
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

/// Where the parts of a sharded index went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunks {
    /// The size of every chunk file but the last.
    pub chunk_bytes: u64,
    /// The stored records in the pack, when the index has a store.
    pub store: Option<Range<u64>>,
    /// The postings section's bytes in the pack.
    pub postings: Range<u64>,
    /// The positions section's bytes in the pack.
    pub positions: Range<u64>,
    /// The skips section's bytes in the pack.
    pub skips: Range<u64>,
    /// The pieces of the other tables in the pack.
    pub pieces: Range<u64>,
    /// The start of the chunk files' names.
    pub name: String,
    /// Each chunk's xxh3, which ends its file's name.
    pub hashes: Vec<u64>,
}

impl Chunks {
    /// The pack's length in bytes.
    pub fn pack_bytes(&self) -> u64 {
        self.pieces.end
    }

    /// How many chunk files there are.
    pub fn count(&self) -> u64 {
        self.pack_bytes().div_ceil(self.chunk_bytes)
    }

    /// The file name of chunk `k` (one of `count()`).
    pub fn file_name(&self, k: u64) -> String {
        format!("{}-{:016x}.chunk", self.name, self.hashes[k as usize])
    }

    /// Where byte `byte` of the pack is, for messages: its chunk file and its offset there.
    pub fn place(&self, byte: u64) -> String {
        let k = byte / self.chunk_bytes;
        let name = match self.hashes.get(k as usize) {
            Some(_) => self.file_name(k),
            None => "past the chunk files".into(),
        };
        format!("{name} at byte {}", byte % self.chunk_bytes)
    }

    /// The pack's bytes in chunk `k`.
    fn chunk_range(&self, k: u64) -> Range<u64> {
        let start = k * self.chunk_bytes;
        start..(start + self.chunk_bytes).min(self.pack_bytes())
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let len = |r: &Range<u64>| r.end - r.start;
        for value in [
            self.chunk_bytes,
            self.store.as_ref().map_or(0, len),
            len(&self.postings),
            len(&self.positions),
            len(&self.skips),
            len(&self.pieces),
        ] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.push(u8::from(self.store.is_some()));
        out.push(self.name.len() as u8);
        out.extend_from_slice(self.name.as_bytes());
        for hash in &self.hashes {
            out.extend_from_slice(&hash.to_le_bytes());
        }
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
        let sizes: Option<Vec<u64>> = (0..6).map(|i| u64_at(8 * i)).collect();
        let Some(&[chunk_bytes, store, postings, positions, skips, pieces]) = sizes.as_deref()
        else {
            return Err(bad("too short"));
        };
        if !(MIN_CHUNK_BYTES..=MAX_CHUNK_BYTES).contains(&chunk_bytes) {
            return Err(bad(&format!("a chunk size of {chunk_bytes} bytes")));
        }
        let has_store = match bytes.get(48) {
            Some(0) => false,
            Some(1) => true,
            _ => return Err(bad("bad store flag")),
        };
        let name_len = usize::from(*bytes.get(49).ok_or_else(|| bad("too short"))?);
        let name = bytes
            .get(50..50 + name_len)
            .ok_or_else(|| bad("the name is cut short"))?;
        let plain = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-');
        if name.is_empty() || !name.iter().all(plain) || name[0] == b'.' {
            return Err(bad("the chunk name is not a plain file name"));
        }
        if !has_store && store != 0 {
            return Err(bad("stored records without a store"));
        }
        let mut end = 0u64;
        let mut next = |len: u64| {
            let start = end;
            end = end.checked_add(len).ok_or_else(|| bad("sizes overflow"))?;
            Ok::<Range<u64>, Error>(start..end)
        };
        let store = Some(next(store)?).filter(|_| has_store);
        let (postings, positions, skips, pieces) = (
            next(postings)?,
            next(positions)?,
            next(skips)?,
            next(pieces)?,
        );
        let hashes = &bytes[50 + name_len..];
        if hashes.len() as u64 != 8 * end.div_ceil(chunk_bytes) {
            return Err(bad("not a hash for each chunk"));
        }
        let mut hash_list = Vec::with_capacity(hashes.len() / 8);
        for hash in hashes.chunks_exact(8) {
            hash_list.push(u64::from_le_bytes(hash.try_into().expect("8 bytes")));
        }
        Ok(Chunks {
            chunk_bytes,
            store,
            postings,
            positions,
            skips,
            pieces,
            // Checked plain ASCII above.
            name: name.iter().map(|&b| char::from(b)).collect(),
            hashes: hash_list,
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

/// The xxh3 of a chunk file's bytes, which ends its name ([`Chunks::file_name`]).
pub fn chunk_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Splits a single-file index in memory into a core and chunks of `chunk_bytes`, as
/// [`split_source`] does.
///
/// # Errors
/// As [`split_source`].
pub fn split(index: &[u8], stem: &str, chunk_bytes: u64) -> Result<Sharded> {
    split_grouped(index, stem, chunk_bytes, &pieces::group_size)
}

/// Splits as [`split`] does, with `per_group` instead of [`pieces::group_size`] choosing how
/// many pieces of each table share a slot length: for tests that read a small index's tables
/// through groups, which [`pieces::group_size`] keeps for large ones.
///
/// # Errors
/// As [`split_source`].
pub fn split_grouped(
    index: &[u8],
    stem: &str,
    chunk_bytes: u64,
    per_group: &dyn Fn(SectionKind, &[usize]) -> u32,
) -> Result<Sharded> {
    let mut files = Vec::new();
    let (core, chunks) = split_with(&mut &index[..], stem, chunk_bytes, per_group, |_, bytes| {
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

/// The sections a core keeps as they are; every other one goes to the pack but the norms,
/// which the packed postings carry.
const CORE_SECTIONS: [SectionKind; 3] = [
    SectionKind::Meta,
    SectionKind::SourceNames,
    SectionKind::FacetFields,
];

/// Splits the single-file index in `source` into a core and chunks of `chunk_bytes`, the chunk
/// files named after `stem` (the core file's name without its extension) and their own hash.
/// Each chunk is handed to `write_chunk` with its file name as soon as it is cut; the core's
/// bytes and the chunks' layout are returned. The tables cut into pieces, one chunk and a
/// read window are in memory at a time, so an index whose postings and text are far larger
/// than memory can be split.
///
/// The source is read through three times: for its checksum, the checks of each term's parts
/// and each record, and the chunks themselves.
///
/// # Errors
/// The container's errors for bytes that are not an index (checksum included);
/// [`crate::ErrorKind::CannotSplit`] for an index that is already sharded or has plain
/// postings, or a chunk size out of range; [`crate::ErrorKind::Corrupt`] for a term or record
/// outside its section; what `write_chunk` returns.
pub fn split_source<S: ByteSource>(
    source: &mut S,
    stem: &str,
    chunk_bytes: u64,
    write_chunk: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<(Vec<u8>, Chunks)> {
    split_with(source, stem, chunk_bytes, &pieces::group_size, write_chunk)
}

fn split_with<S: ByteSource>(
    source: &mut S,
    stem: &str,
    chunk_bytes: u64,
    per_group: &dyn Fn(SectionKind, &[usize]) -> u32,
    mut write_chunk: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<(Vec<u8>, Chunks)> {
    if !(MIN_CHUNK_BYTES..=MAX_CHUNK_BYTES).contains(&chunk_bytes) {
        return Err(Error::cannot_split(format!(
            "a chunk size of {chunk_bytes} bytes is outside {MIN_CHUNK_BYTES}..={MAX_CHUNK_BYTES}"
        )));
    }
    let table = SectionTable::read(source)?;
    if table.range(SectionKind::Chunks).is_some() {
        return Err(Error::cannot_split("the index is sharded already"));
    }
    let meta = Meta::decode(&source.read_range(table.require(SectionKind::Meta)?)?)?;
    if !meta.packed_postings() {
        return Err(Error::cannot_split(
            "its postings are plain, and a sharded index's carry their articles' norms (build it with --shards)",
        ));
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
    let mut sections: Vec<(SectionKind, Vec<u8>)> = Vec::new();
    for kind in SectionKind::ALL {
        // The parts of the pack, and the norms that its postings carry.
        let moved = matches!(
            kind,
            SectionKind::Postings
                | SectionKind::Positions
                | SectionKind::Skips
                | SectionKind::Store
                | SectionKind::Norms
        );
        if let (false, Some(range)) = (moved, table.range(kind)) {
            sections.push((kind, source.read_range(range)?));
        }
    }
    let section = |kind: SectionKind| {
        sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, bytes)| &bytes[..])
    };
    let term_info = section(SectionKind::TermInfo).ok_or(crate::ErrorKind::MissingSection {
        section: SectionKind::TermInfo.name(),
    })?;
    let store = store_table
        .as_deref()
        .map(|bytes| Records::open(bytes, "document store"))
        .transpose()?;
    let infos = TermInfos::parse(term_info)?;
    let (term_checks, record_checks) = checks(source, &infos, &parts, store.as_ref())?;

    let len = |part: &Range<u64>| part.end - part.start;
    // The pack's parts in their order there: the records first, which an append keeps.
    let packed = [&parts[3], &parts[0], &parts[1], &parts[2]];
    let store_end = len(&parts[3]);
    let postings_end = store_end + len(&parts[0]);
    let positions_end = postings_end + len(&parts[1]);
    let skips_end = positions_end + len(&parts[2]);
    let mut pieces = Vec::new();
    let directory = pieces::cut(
        &Tables {
            section: &section,
            term_checks: &term_checks,
            records: store.map(|records| (records, &record_checks[..])),
            lengths: [len(&parts[0]), len(&parts[1]), len(&parts[2])].map(|l| l as usize),
            per_group,
        },
        skips_end,
        &mut pieces,
    )?;

    let mut chunks = Chunks {
        chunk_bytes,
        store: store.as_ref().map(|_| 0..store_end),
        postings: store_end..postings_end,
        positions: postings_end..positions_end,
        skips: positions_end..skips_end,
        pieces: skips_end..skips_end + pieces.len() as u64,
        name: chunk_stem(stem),
        hashes: Vec::new(),
    };
    let mut chunk = Vec::with_capacity(chunk_bytes.min(chunks.pack_bytes()) as usize);
    for k in 0..chunks.count() {
        let Range { start, end } = chunks.chunk_range(k);
        chunk.clear();
        let mut at = 0u64;
        for part in packed {
            let from = start.max(at);
            let to = end.min(at + len(part));
            if from < to {
                let filled = chunk.len();
                chunk.resize(filled + (to - from) as usize, 0);
                source.read_at(part.start + from - at, &mut chunk[filled..])?;
            }
            at += len(part);
        }
        let (from, to) = (start.max(skips_end), end.max(skips_end));
        chunk.extend_from_slice(&pieces[(from - skips_end) as usize..(to - skips_end) as usize]);
        chunks.hashes.push(chunk_hash(&chunk));
        write_chunk(&chunks.file_name(k), &chunk)?;
    }

    let mut core = ContainerWriter::new();
    for kind in CORE_SECTIONS {
        if let Some(bytes) = section(kind) {
            core.add(kind, bytes.to_vec());
        }
    }
    core.add(SectionKind::Chunks, chunks.encode());
    core.add(SectionKind::Pieces, directory.encode());
    Ok((core.finish()?, chunks))
}

/// The stem of the chunk files' names: `stem` made a plain file name.
fn chunk_stem(stem: &str) -> String {
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_NAME)
        .collect();
    if stem.is_empty() {
        "index".to_owned()
    } else {
        stem
    }
}

/// The checks of each term's postings, positions and skip table's postings part (12 bytes a
/// term, in ordinal order) and of each stored record (4 bytes an article), for the pieces of
/// an index's postings, positions, skips and store (`parts`, where each lies in the source).
fn checks(
    source: &mut impl ByteSource,
    infos: &TermInfos<'_>,
    parts: &[Range<u64>; 4],
    store: Option<&Records<'_>>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let records = store.map_or(0, |r| r.len());
    let mut terms = vec![0; TERM_CHECKS * infos.len()];
    let mut stored = vec![0; 4 * records];
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
            let at = TERM_CHECKS * ordinal + 4 * k;
            terms[at..at + 4].copy_from_slice(&check(window.get(range)?).to_le_bytes());
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
            stored[4 * doc..4 * doc + 4].copy_from_slice(&check(window.get(span)?).to_le_bytes());
        }
    }
    Ok((terms, stored))
}

/// Refuses `bytes`, fetched from the chunk files as `what`, unless they pass `expected`, the
/// check the pieces keep for them.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming what was read.
pub fn verify(expected: u32, bytes: &[u8], what: impl FnOnce() -> String) -> Result<()> {
    if expected == check(bytes) {
        Ok(())
    } else {
        Err(Error::corrupt("chunks", format!("{} fetched from the chunk files do not match the core's check: a chunk is damaged or from another build", what())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks() -> Chunks {
        Chunks {
            chunk_bytes: 4096,
            store: Some(0..7955),
            postings: 7955..7965,
            positions: 7965..7980,
            skips: 7980..8000,
            pieces: 8000..9000,
            name: "bbc".into(),
            hashes: vec![1, 0xabc, u64::MAX],
        }
    }

    #[test]
    fn chunks_round_trip_and_count() {
        let c = chunks();
        assert_eq!(Chunks::decode(&c.encode()).unwrap(), c);
        assert_eq!(c.count(), 3, "9000 bytes in chunks of 4096");
        assert_eq!(c.file_name(1), "bbc-0000000000000abc.chunk");
        assert_eq!(c.file_name(2), "bbc-ffffffffffffffff.chunk");
        let without = Chunks {
            store: None,
            postings: 0..10,
            positions: 10..25,
            skips: 25..45,
            pieces: 45..100,
            hashes: vec![7],
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
        let short = Chunks {
            hashes: vec![1, 2],
            ..chunks()
        };
        assert_eq!(
            Chunks::decode(&short.encode()).unwrap_err().to_string(),
            "newsdex: index is damaged: chunks section: not a hash for each chunk"
        );
        let encoded = chunks().encode();
        for cut in 0..encoded.len() {
            assert!(Chunks::decode(&encoded[..cut]).is_err(), "cut at {cut}");
        }
    }
}
