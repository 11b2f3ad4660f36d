//! The outer layout of an index file: a label, a format version, the total length, a checksum
//! and a table of sections. [`ContainerWriter`] lays sections out; [`Container::parse`] checks
//! every one of those facts before any section is read, and hands out sections as slices of
//! the original bytes (no copy).
//!
//! ```text
//! 0   8  label "NEWSDEX\0"
//! 8   4  format version (u32 LE)
//! 12  4  section count n (u32 LE)
//! 16  8  total length in bytes (u64 LE)
//! 24  8  xxh3-64 of bytes 0..24 and 32..total (u64 LE)
//! 32  24n section table: kind u32, zero u32, offset u64, length u64
//! ..     section bodies, each starting on an 8-byte boundary
//! ```

use crate::at::At;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use super::source::ByteSource;
use crate::error::{Error, ErrorKind, Result};
use crate::spill::Piece;

/// The first eight bytes of every index.
pub const LABEL: [u8; 8] = *b"NEWSDEX\0";
/// The format version this build writes and reads.
pub const VERSION: u32 = 17;

const HEADER_LEN: usize = 32;
const ENTRY_LEN: usize = 24;
const MAX_SECTIONS: usize = 64;
/// The buffer for writing a file and copying pieces from temporary files.
const COPY_BUFFER: usize = 1 << 20;

/// The kinds of section an index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SectionKind {
    /// Corpus statistics: counts and total field lengths.
    Meta = 1,
    /// The term dictionary: an fst map from analysed term to term ordinal.
    Terms = 2,
    /// Every folded surface form: an fst map to its stem's ordinal (prefix and typo matching,
    /// suggestions).
    Words = 3,
    /// Per-term document frequency and postings/positions offsets, by ordinal.
    TermInfo = 4,
    /// Doc ids and per-field term frequencies, term by term.
    Postings = 5,
    /// Token positions, term by term.
    Positions = 6,
    /// Quantised field lengths, doc by doc.
    Norms = 7,
    /// Article ids, by doc number.
    DocIds = 8,
    /// An fst map from article id to doc number.
    IdMap = 9,
    /// Stored article fields, by doc number.
    Store = 10,
    /// The entity table.
    Entities = 11,
    /// The entity lists of names that several entities share.
    EntityNameLists = 12,
    /// An fst map from entity name keys (whole aliases and their words) to entities.
    EntityNames = 13,
    /// Entity → articles with mention counts.
    EntityPostings = 14,
    /// Article → mention spans.
    Mentions = 15,
    /// Article → entities with mention counts.
    DocEntities = 16,
    /// The distinct source names.
    SourceNames = 17,
    /// Article → source number.
    DocSources = 18,
    /// A sharded index's chunk files: where its postings, positions and stored text went.
    Chunks = 20,
    /// The skip tables of long postings lists, term by term.
    Skips = 22,
    /// A sharded index's directory of the pieces its tables are cut into (see
    /// [`crate::pieces`]).
    Pieces = 23,
    /// A sharded index's card of each article, cut into pieces: what a hit needs before its
    /// text (see [`crate::pieces`]).
    Cards = 24,
    /// Each article's publication day, in records of [`crate::dates::PER_RECORD`] articles
    /// (see [`crate::dates`]).
    Dates = 25,
    /// The site facet fields chosen at build: each one's name and the ordinals of its values
    /// (see [`crate::facets`]).
    FacetFields = 26,
    /// An fst map from a facet field's number and a folded value to the value's ordinal.
    FacetNames = 27,
    /// Each facet value's articles count and name as written.
    FacetValues = 28,
    /// Facet value → articles.
    FacetPostings = 29,
    /// Article → facet values.
    DocFacets = 30,
    /// Which articles are copies of one story (see [`crate::stories`]).
    DocGroups = 31,
    /// Article → its copies and its related stories.
    Related = 32,
    /// Entity → the entities most often in the same articles.
    EntityRelated = 33,
    /// A sharded index's words dictionary keyed for misspellings, cut into pieces (see
    /// [`crate::pieces::typo_key`]).
    TypoWords = 34,
}

impl SectionKind {
    /// Every section kind, in file order.
    pub const ALL: [SectionKind; 32] = [
        SectionKind::Meta,
        SectionKind::Terms,
        SectionKind::Words,
        SectionKind::TermInfo,
        SectionKind::Postings,
        SectionKind::Positions,
        SectionKind::Norms,
        SectionKind::DocIds,
        SectionKind::IdMap,
        SectionKind::Store,
        SectionKind::Entities,
        SectionKind::EntityNameLists,
        SectionKind::EntityNames,
        SectionKind::EntityPostings,
        SectionKind::Mentions,
        SectionKind::DocEntities,
        SectionKind::SourceNames,
        SectionKind::DocSources,
        SectionKind::Chunks,
        SectionKind::Skips,
        SectionKind::Pieces,
        SectionKind::Cards,
        SectionKind::Dates,
        SectionKind::FacetFields,
        SectionKind::FacetNames,
        SectionKind::FacetValues,
        SectionKind::FacetPostings,
        SectionKind::DocFacets,
        SectionKind::DocGroups,
        SectionKind::Related,
        SectionKind::EntityRelated,
        SectionKind::TypoWords,
    ];

    /// The section's name in error messages.
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Meta => "meta",
            SectionKind::Terms => "terms",
            SectionKind::Words => "words",
            SectionKind::TermInfo => "term info",
            SectionKind::Postings => "postings",
            SectionKind::Positions => "positions",
            SectionKind::Norms => "norms",
            SectionKind::DocIds => "doc ids",
            SectionKind::IdMap => "id map",
            SectionKind::Store => "document store",
            SectionKind::Entities => "entities",
            SectionKind::EntityNameLists => "entity name lists",
            SectionKind::EntityNames => "entity names",
            SectionKind::EntityPostings => "entity postings",
            SectionKind::Mentions => "mentions",
            SectionKind::DocEntities => "doc entities",
            SectionKind::SourceNames => "source names",
            SectionKind::DocSources => "doc sources",
            SectionKind::Chunks => "chunks",
            SectionKind::Skips => "skips",
            SectionKind::Pieces => "pieces",
            SectionKind::Cards => "cards",
            SectionKind::Dates => "dates",
            SectionKind::FacetFields => "facet fields",
            SectionKind::FacetNames => "facet names",
            SectionKind::FacetValues => "facet values",
            SectionKind::FacetPostings => "facet postings",
            SectionKind::DocFacets => "doc facets",
            SectionKind::DocGroups => "doc groups",
            SectionKind::Related => "related",
            SectionKind::EntityRelated => "entity related",
            SectionKind::TypoWords => "typo words",
        }
    }

    /// The kind numbered `value` in a section table.
    pub fn from_u32(value: u32) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| *k as u32 == value)
    }
}

/// Lays out sections into one checksummed index file.
#[derive(Default)]
pub struct ContainerWriter {
    /// Each section in one or more pieces, written back to back.
    sections: Vec<(SectionKind, Vec<Piece>)>,
}

impl ContainerWriter {
    /// Creates a writer with no sections.
    pub fn new() -> ContainerWriter {
        ContainerWriter::default()
    }

    /// Adds a section; sections are written in the order added.
    pub fn add(&mut self, kind: SectionKind, bytes: Vec<u8>) {
        self.add_pieces(kind, vec![Piece::Bytes(bytes)]);
    }

    /// Adds a section made of `pieces` back to back (so a large section need not be copied
    /// into one buffer first, or need not be in memory at all).
    pub fn add_pieces(&mut self, kind: SectionKind, pieces: Vec<Piece>) {
        debug_assert!(
            self.sections.iter().all(|(k, _)| *k != kind),
            "section added twice"
        );
        self.sections.push((kind, pieces));
    }

    /// Writes the header, the section table and the sections, and returns the file's bytes.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] when a piece in a temporary file cannot be read.
    pub fn finish(self) -> Result<Vec<u8>> {
        let mut out = std::io::Cursor::new(Vec::with_capacity(self.len()));
        self.write(&mut out, "the index in memory")?;
        Ok(out.into_inner())
    }

    /// Writes the file at `path` as [`ContainerWriter::finish`] makes it, without assembling
    /// it in memory: pieces in temporary files are copied through, and each piece is freed
    /// once written.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] naming `path` or the temporary file that failed.
    pub fn write_file(self, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let file = File::create(path).map_err(|e| Error::io(&name, &e))?;
        let mut out = BufWriter::with_capacity(COPY_BUFFER, file);
        self.write(&mut out, &name)?;
        out.flush().map_err(|e| Error::io(&name, &e))
    }

    /// The length of the file.
    pub fn len(&self) -> usize {
        let (head, offsets) = self.layout();
        offsets
            .last()
            .zip(self.sections.last())
            .map_or(head.len(), |(o, (_, pieces))| o + length(pieces))
    }

    /// Whether there are no sections.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// Writes the file to `out` (called `name` in errors) in one pass, hashing as it goes,
    /// then goes back to put the checksum in the header.
    fn write(self, out: &mut (impl Write + Seek), name: &str) -> Result<()> {
        const PADDING: [u8; 8] = [0; 8];
        let failed = |e: std::io::Error| Error::io(name, &e);
        let (head, offsets) = self.layout();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&head[..24]);
        hasher.update(&head[HEADER_LEN..]);
        out.write_all(&head).map_err(failed)?;
        let mut at = head.len();
        let mut buffer = Vec::new();
        for ((_, pieces), offset) in self.sections.into_iter().zip(offsets) {
            let padding = &PADDING[..offset - at];
            hasher.update(padding);
            out.write_all(padding).map_err(failed)?;
            at = offset + length(&pieces);
            for piece in pieces {
                match piece {
                    Piece::Bytes(bytes) => {
                        hasher.update(&bytes);
                        out.write_all(&bytes).map_err(failed)?;
                    }
                    Piece::Spilled(file) => {
                        buffer.resize(COPY_BUFFER, 0);
                        file.for_each_piece(&mut buffer, |bytes| {
                            hasher.update(bytes);
                            out.write_all(bytes).map_err(failed)
                        })?;
                    }
                }
            }
        }
        out.seek(SeekFrom::Start(24))
            .and_then(|_| out.write_all(&hasher.digest().to_le_bytes()))
            .map_err(failed)
    }

    /// The header (its checksum zero) and section table, and where each section starts.
    fn layout(&self) -> (Vec<u8>, Vec<usize>) {
        let table_end = HEADER_LEN + ENTRY_LEN * self.sections.len();
        let mut offsets = Vec::with_capacity(self.sections.len());
        let mut at = table_end.next_multiple_of(8);
        for (_, pieces) in &self.sections {
            offsets.push(at);
            at = (at + length(pieces)).next_multiple_of(8);
        }
        let total = offsets
            .last()
            .zip(self.sections.last())
            .map_or(table_end, |(o, (_, pieces))| o + length(pieces));
        let mut head = Vec::with_capacity(table_end.next_multiple_of(8));
        head.extend_from_slice(&LABEL);
        head.extend_from_slice(&VERSION.to_le_bytes());
        head.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        head.extend_from_slice(&(total as u64).to_le_bytes());
        head.extend_from_slice(&[0; 8]);
        for ((kind, pieces), offset) in self.sections.iter().zip(&offsets) {
            head.extend_from_slice(&(*kind as u32).to_le_bytes());
            head.extend_from_slice(&0u32.to_le_bytes());
            head.extend_from_slice(&(*offset as u64).to_le_bytes());
            head.extend_from_slice(&(length(pieces) as u64).to_le_bytes());
        }
        (head, offsets)
    }
}

fn length(pieces: &[Piece]) -> usize {
    pieces.iter().map(|piece| piece.len() as usize).sum()
}

/// A checked view of index bytes, handing out sections in place.
#[derive(Clone, Copy, Debug)]
pub struct Container<'a> {
    bytes: &'a [u8],
    section_count: usize,
}

impl<'a> Container<'a> {
    /// Checks the label, the version, the length, the checksum and the section table.
    ///
    /// # Errors
    /// [`ErrorKind::NotAnIndex`], [`ErrorKind::Version`], [`ErrorKind::Truncated`],
    /// [`ErrorKind::TrailingBytes`], [`ErrorKind::ChecksumMismatch`] or
    /// [`ErrorKind::Corrupt`], in that order of checking.
    pub fn parse(bytes: &'a [u8]) -> Result<Container<'a>> {
        let (section_count, recorded) = check_header(bytes, bytes.len() as u64)?;
        let actual = checksum(bytes);
        if recorded != actual {
            return Err(ErrorKind::ChecksumMismatch {
                expected: recorded,
                got: actual,
            }
            .into());
        }
        check_table(bytes, section_count, bytes.len() as u64)?;
        Ok(Container {
            bytes,
            section_count,
        })
    }

    /// The bytes of a section, or `None` if the index does not have it.
    pub fn get(&self, kind: SectionKind) -> Option<&'a [u8]> {
        self.range(kind).and_then(|range| self.bytes.get(range))
    }

    /// Where a section lies in the bytes, or `None` if the index does not have it.
    pub fn range(&self, kind: SectionKind) -> Option<std::ops::Range<usize>> {
        // check_table proved that every section lies inside the bytes.
        find(self.bytes, self.section_count, kind)
            .map(|range| range.start as usize..range.end as usize)
    }

    /// The bytes of a section the format requires.
    ///
    /// # Errors
    /// [`ErrorKind::MissingSection`] when the index does not have it.
    pub fn require(&self, kind: SectionKind) -> Result<&'a [u8]> {
        self.get(kind).ok_or_else(|| {
            ErrorKind::MissingSection {
                section: kind.name(),
            }
            .into()
        })
    }

    /// Where a section the format requires lies in the bytes.
    ///
    /// # Errors
    /// [`ErrorKind::MissingSection`] when the index does not have it.
    pub fn require_range(&self, kind: SectionKind) -> Result<std::ops::Range<usize>> {
        self.range(kind).ok_or_else(|| {
            ErrorKind::MissingSection {
                section: kind.name(),
            }
            .into()
        })
    }
}

/// An index's header and section table, read from the start of a source without reading the
/// rest: for checking and splitting an index too large to hold in memory.
pub struct SectionTable {
    head: Vec<u8>,
    section_count: usize,
}

impl SectionTable {
    /// Reads and checks the header, the checksum (reading the source through once, in
    /// pieces) and the section table, as [`Container::parse`] does.
    ///
    /// # Errors
    /// As [`Container::parse`], and [`ErrorKind::Io`] when the source cannot be read.
    pub fn read(source: &mut impl ByteSource) -> Result<SectionTable> {
        let len = source.len();
        let head = source.read_range(0..len.min(HEADER_LEN as u64))?;
        let (section_count, recorded) = check_header(&head, len)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&head[..24]);
        let mut buffer = vec![0; COPY_BUFFER];
        let mut at = HEADER_LEN as u64;
        while at < len {
            let take = (len - at).min(COPY_BUFFER as u64) as usize;
            source.read_at(at, &mut buffer[..take])?;
            hasher.update(&buffer[..take]);
            at += take as u64;
        }
        let actual = hasher.digest();
        if actual != recorded {
            return Err(ErrorKind::ChecksumMismatch {
                expected: recorded,
                got: actual,
            }
            .into());
        }
        let table_end = (HEADER_LEN + ENTRY_LEN * section_count.min(MAX_SECTIONS + 1)) as u64;
        let head = if table_end <= len {
            source.read_range(0..table_end)?
        } else {
            head
        };
        check_table(&head, section_count, len)?;
        Ok(SectionTable {
            head,
            section_count,
        })
    }

    /// Where a section lies in the source, or `None` if the index does not have it.
    pub fn range(&self, kind: SectionKind) -> Option<std::ops::Range<u64>> {
        find(&self.head, self.section_count, kind)
    }

    /// Where a section the format requires lies in the source.
    ///
    /// # Errors
    /// [`ErrorKind::MissingSection`] when the index does not have it.
    pub fn require(&self, kind: SectionKind) -> Result<std::ops::Range<u64>> {
        self.range(kind).ok_or_else(|| {
            ErrorKind::MissingSection {
                section: kind.name(),
            }
            .into()
        })
    }
}

/// Checks the header at the start of `head` (the first bytes of an index of `len` bytes):
/// label, version and length, in that order. Returns the section count and the checksum the
/// header records.
fn check_header(head: &[u8], len: u64) -> Result<(usize, u64)> {
    if head.len() < LABEL.len() || head[..LABEL.len()] != LABEL {
        return Err(ErrorKind::NotAnIndex.into());
    }
    if head.len() < HEADER_LEN {
        return Err(ErrorKind::Truncated {
            expected: HEADER_LEN as u64,
            got: len,
        }
        .into());
    }
    let version = read_u32(head, 8);
    if version != VERSION {
        return Err(ErrorKind::Version {
            expected: VERSION,
            got: version,
        }
        .into());
    }
    let expected = read_u64(head, 16);
    if len < expected {
        return Err(ErrorKind::Truncated { expected, got: len }.into());
    }
    if len > expected {
        return Err(ErrorKind::TrailingBytes { expected, got: len }.into());
    }
    Ok((read_u32(head, 12) as usize, read_u64(head, 24)))
}

/// Checks the section table at the start of `head` (which holds at least the table when it
/// fits in the index's `len` bytes): every section inside the index, none twice.
fn check_table(head: &[u8], section_count: usize, len: u64) -> Result<()> {
    let table_end = HEADER_LEN as u64 + (ENTRY_LEN * section_count.min(MAX_SECTIONS + 1)) as u64;
    if section_count > MAX_SECTIONS || table_end > len || table_end > head.len() as u64 {
        return Err(Error::corrupt(
            "section table",
            format!("{section_count} sections"),
        ));
    }
    let mut seen = Vec::with_capacity(section_count);
    for i in 0..section_count {
        let (kind, start, section_len) = entry(head, i);
        let end = start.checked_add(section_len);
        if start < table_end || end.is_none_or(|e| e > len) {
            return Err(Error::corrupt(
                "section table",
                format!("section {kind} spans bytes {start}..+{section_len}, outside the file"),
            ));
        }
        if seen.contains(&kind) {
            return Err(Error::corrupt(
                "section table",
                format!("section {kind} appears twice"),
            ));
        }
        seen.push(kind);
    }
    Ok(())
}

fn entry(head: &[u8], i: usize) -> (u32, u64, u64) {
    let at = HEADER_LEN + ENTRY_LEN * i;
    (
        read_u32(head, at),
        read_u64(head, at + 8),
        read_u64(head, at + 16),
    )
}

fn find(head: &[u8], section_count: usize, kind: SectionKind) -> Option<std::ops::Range<u64>> {
    (0..section_count).find_map(|i| {
        let (k, start, len) = entry(head, i);
        (SectionKind::from_u32(k) == Some(kind)).then_some(start..start + len)
    })
}

/// The checksum covers everything but its own field, so a damaged section count is caught too.
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&bytes[..24]);
    hasher.update(&bytes[HEADER_LEN..]);
    hasher.digest()
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0; 4];
    word.copy_from_slice(bytes.at(at..at + 4));
    u32::from_le_bytes(word)
}

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(bytes.at(at..at + 8));
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut writer = ContainerWriter::new();
        writer.add(SectionKind::Meta, vec![1, 2, 3]);
        writer.add(SectionKind::Store, b"hello".to_vec());
        writer.finish().unwrap()
    }

    #[test]
    fn a_section_in_pieces_is_written_as_one() {
        let mut writer = ContainerWriter::new();
        writer.add(SectionKind::Meta, vec![1, 2, 3]);
        writer.add_pieces(
            SectionKind::Store,
            vec![
                b"he".to_vec().into(),
                Vec::new().into(),
                b"llo".to_vec().into(),
            ],
        );
        assert_eq!(writer.len(), sample().len());
        let written = writer.finish().unwrap();
        assert_eq!(written, sample());
        assert_eq!(
            Container::parse(&written).unwrap().get(SectionKind::Store),
            Some(&b"hello"[..])
        );
    }

    #[test]
    fn sections_round_trip_and_are_aligned() {
        let bytes = sample();
        let container = Container::parse(&bytes).unwrap();
        assert_eq!(container.get(SectionKind::Meta), Some(&[1u8, 2, 3][..]));
        let store = container.require(SectionKind::Store).unwrap();
        assert_eq!(store, b"hello");
        assert_eq!((store.as_ptr() as usize - bytes.as_ptr() as usize) % 8, 0);
        assert!(container.get(SectionKind::Terms).is_none());
        let missing = container.require(SectionKind::Terms).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "newsdex: index is damaged: the terms section is missing"
        );
    }

    #[test]
    fn refuses_wrong_label_version_length_and_checksum() {
        let good = sample();

        let mut label = good.clone();
        label[0] = b'X';
        assert_eq!(
            Container::parse(&label).unwrap_err().kind(),
            &ErrorKind::NotAnIndex
        );

        let mut version = good.clone();
        version[8] = VERSION as u8 + 1;
        assert_eq!(
            Container::parse(&version).unwrap_err().kind(),
            &ErrorKind::Version {
                expected: VERSION,
                got: VERSION + 1
            }
        );

        let short = &good[..good.len() - 1];
        assert_eq!(
            Container::parse(short).unwrap_err().kind(),
            &ErrorKind::Truncated {
                expected: good.len() as u64,
                got: good.len() as u64 - 1
            }
        );
        assert!(matches!(
            Container::parse(&good[..20]).unwrap_err().kind(),
            ErrorKind::Truncated {
                expected: 32,
                got: 20
            }
        ));

        let mut long = good.clone();
        long.push(0);
        assert!(matches!(
            Container::parse(&long).unwrap_err().kind(),
            ErrorKind::TrailingBytes { .. }
        ));

        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(matches!(
            Container::parse(&flipped).unwrap_err().kind(),
            ErrorKind::ChecksumMismatch { .. }
        ));
    }

    #[test]
    fn every_single_byte_flip_is_refused() {
        let good = sample();
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            assert!(
                Container::parse(&bad).is_err(),
                "flip at byte {i} was accepted"
            );
        }
    }

    /// Reading the table from a source refuses what parsing refuses,
    /// with the same error, and finds the same sections.
    #[test]
    fn a_section_table_read_from_a_source_agrees_with_parsing() {
        let good = sample();
        let from_source = |bytes: &[u8]| -> Result<SectionTable> {
            let mut source = bytes;
            SectionTable::read(&mut source)
        };
        let table = from_source(&good).unwrap();
        let container = Container::parse(&good).unwrap();
        for kind in SectionKind::ALL {
            assert_eq!(
                table.range(kind).map(|r| r.start as usize..r.end as usize),
                container.range(kind),
                "{kind:?}"
            );
        }
        let mut damaged = vec![
            good[..20].to_vec(),
            good[..good.len() - 1].to_vec(),
            [&good[..], &[0]].concat(),
        ];
        for (at, value) in [
            (0, b'X'),
            (8, VERSION as u8 + 1),
            (12, 200),
            (good.len() - 1, 0x55),
            (32 + 16, 0xff),
        ] {
            let mut bad = good.clone();
            bad[at] = value;
            damaged.push(bad);
        }
        for bad in damaged {
            let (parsed, read) = (
                Container::parse(&bad).unwrap_err(),
                from_source(&bad).err().expect("refused"),
            );
            assert_eq!(parsed.kind(), read.kind());
        }
    }

    #[test]
    fn refuses_a_section_outside_the_file_even_with_a_valid_checksum() {
        let mut bytes = sample();
        bytes[32 + 16..32 + 24].copy_from_slice(&1_000_000u64.to_le_bytes());
        let sum = checksum(&bytes);
        bytes[24..32].copy_from_slice(&sum.to_le_bytes());
        let err = Container::parse(&bytes).unwrap_err();
        assert!(err.to_string().contains("outside the file"), "{err}");
    }
}
