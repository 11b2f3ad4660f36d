//! A segment's band table, beside its signatures (`{core's name}.bands` for `{core's name}.seg`):
//! its articles by the locality-sensitive hash of each band of their signatures, sorted, so
//! that `add` looks up the buckets of the new articles alone and reads the signatures of the
//! earlier articles in them, not an archive's every signature (256 MB for a million articles).
//! Like the signatures, it is written when the segment is, worked out once (from the
//! signatures) for a segment written before such files were, and never fetched by a reader.
//!
//! The bytes (integers little-endian): `newsdex-bands 1\n`, the article count (u32), the
//! articles with a signature (u32), the slot bits `b` (u8), the signatures file's checksum
//! (its last 8 bytes), then each article's offset in the signatures file and the xxh3 of its
//! record there (u64 each: a record read alone is checked against it), then for each
//! band a directory of `2^b + 1` entry counts (u32: the entries before each slot, the slot
//! being the first `b` bits of a key), then the band's entries (u32: the 32 bits of the key
//! after the slot's; u32: the article), sorted.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use newsdex_format::shards::chunk_hash;
use newsdex_format::spill::{SpillDir, Spilled};
use newsdex_index::stories::{band_key, Signature, BANDS, HASHES};

use crate::signatures::Reader;

const MAGIC: &[u8] = b"newsdex-bands 1\n";
/// The magic, the counts, the slot bits and the checksum.
const HEADER: u64 = MAGIC.len() as u64 + 4 + 4 + 1 + 8;
/// A signatures file's record of an article with a signature: its flag and its values.
const RECORD: usize = 1 + 4 * HASHES;
/// The most slot bits (16 million slots a band).
const MAX_BITS: u8 = 24;

/// The band table of the segment whose signatures file is `signatures`.
pub fn path_of(signatures: &Path) -> PathBuf {
    signatures.with_extension("bands")
}

/// Slot bits for `present` articles with a signature: 16 to 32 entries a slot (a million
/// articles take 15 bits, so an entry's key and its slot are the key's first 47 bits).
fn slot_bits(present: u32) -> u8 {
    ((present / 16).max(1).ilog2() as u8).min(MAX_BITS)
}

/// The first `bits` bits of `key` and the 32 after them.
fn prefix(key: u64, bits: u8) -> u64 {
    key >> (32 - u32::from(bits))
}

/// Writes the band table of the signatures file at `signatures`, of `docs` articles, beside
/// it (see [`path_of`]), through a file renamed into place, within `budget_bytes`. The
/// signatures are read front to back twice (their checksum and count, then their keys), the
/// keys sorted in runs of at most half the budget spilled to temporary files beside them,
/// and merged: the same bytes whatever the budget. Returns its bytes.
///
/// # Errors
/// A damaged signatures file (see [`crate::signatures::damaged`]), or files that cannot be
/// read or written, named.
pub fn write(signatures: &Path, docs: u32, budget_bytes: usize) -> Result<u64, String> {
    let bad = |why: String| crate::signatures::damaged(signatures, &why);
    let open = || {
        let file = File::open(signatures)
            .map_err(|e| format!("newsdex: {}: {e}", signatures.display()))?;
        Reader::new(BufReader::new(file), docs).map_err(bad)
    };
    let mut reader = open()?;
    let mut present = 0u32;
    for _ in 0..docs {
        present += u32::from(reader.next_record().map_err(bad)?[0]);
    }
    let checksum = reader.finish().map_err(bad)?;
    let bits = slot_bits(present);
    let dir = SpillDir::new(
        signatures
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    );
    let changed = |why: String| {
        std::io::Error::other(format!(
            "{} changed while read ({why})",
            signatures.display()
        ))
    };
    crate::signatures::write_renamed(&path_of(signatures), |out| {
        out.write_all(MAGIC)?;
        out.write_all(&docs.to_le_bytes())?;
        out.write_all(&present.to_le_bytes())?;
        out.write_all(&[bits])?;
        out.write_all(&checksum.to_le_bytes())?;
        let mut reader = open().map_err(std::io::Error::other)?;
        let mut sorter = Sorter::new(&dir, budget_bytes);
        // Per band, the entries in each slot, one place on: summed, the slots' directory.
        let slots = (1usize << bits) + 1;
        let mut directories = vec![0u32; BANDS * slots];
        let mut offset = crate::signatures::FIRST_RECORD;
        for doc in 0..docs {
            let record = reader.next_record().map_err(changed)?;
            out.write_all(&offset.to_le_bytes())?;
            out.write_all(&chunk_hash(record).to_le_bytes())?;
            offset += record.len() as u64;
            let Some(signature) = crate::signatures::of_record(record) else {
                continue;
            };
            for (band, directory) in directories.chunks_exact_mut(slots).enumerate() {
                let key = prefix(band_key(&signature, band), bits);
                directory[(key >> 32) as usize + 1] += 1;
                sorter.push(((band as u64) << 56 | key, doc))?;
            }
        }
        if reader.finish().map_err(changed)? != checksum {
            return Err(changed("another checksum".into()));
        }
        let mut entries = sorter.sorted()?;
        for directory in directories.chunks_exact_mut(slots) {
            let mut before = 0;
            for count in directory {
                before += *count;
                out.write_all(&before.to_le_bytes())?;
            }
            for _ in 0..present {
                let (key, doc) = entries
                    .next()
                    .transpose()?
                    .ok_or_else(|| std::io::Error::other("the band table's runs ended early"))?;
                out.write_all(&(key as u32).to_le_bytes())?;
                out.write_all(&doc.to_le_bytes())?;
            }
        }
        Ok(HEADER
            + 16 * u64::from(docs)
            + BANDS as u64 * (4 * slots as u64 + 8 * u64::from(present)))
    })
}

/// A band entry: the band above its key's first bits and the 32 after them, and the article.
type Entry = (u64, u32);
/// An entry's bytes in a run: the key and the article, little-endian.
const ENTRY: usize = 12;
/// The fewest entries a run holds, whatever the budget.
const MIN_RUN: usize = 64;
/// The most runs merged at once: each is read through its own buffer (see
/// [`newsdex_format::spill`]), so more runs are merged into one first.
const FAN_IN: usize = 8;

/// Band entries sorted within a budget: in memory while they fit in half of it, else sorted
/// in runs of that size, spilled to temporary files, and merged.
struct Sorter<'d> {
    dir: &'d SpillDir,
    run: usize,
    buffer: Vec<Entry>,
    runs: Vec<Spilled>,
}

fn io(e: newsdex_format::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl<'d> Sorter<'d> {
    fn new(dir: &'d SpillDir, budget_bytes: usize) -> Sorter<'d> {
        Sorter {
            dir,
            run: (budget_bytes / 2 / std::mem::size_of::<Entry>()).max(MIN_RUN),
            buffer: Vec::new(),
            runs: Vec::new(),
        }
    }

    fn push(&mut self, entry: Entry) -> std::io::Result<()> {
        self.buffer.push(entry);
        if self.buffer.len() == self.run {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the buffered entries, sorted, as a run.
    fn spill(&mut self) -> std::io::Result<()> {
        self.buffer.sort_unstable();
        let run = write_run(self.dir, self.runs.len(), self.buffer.drain(..).map(Ok))?;
        self.runs.push(run);
        Ok(())
    }

    /// Every entry, in order.
    fn sorted(mut self) -> std::io::Result<Box<dyn Iterator<Item = std::io::Result<Entry>> + 'd>> {
        if self.runs.is_empty() {
            self.buffer.sort_unstable();
            return Ok(Box::new(self.buffer.into_iter().map(Ok)));
        }
        if !self.buffer.is_empty() {
            self.spill()?;
        }
        self.buffer = Vec::new();
        let mut runs = self.runs;
        while runs.len() > FAN_IN {
            let first: Vec<Spilled> = runs.drain(..FAN_IN).collect();
            runs.push(write_run(
                self.dir,
                runs.len() + FAN_IN,
                Merge::new(first)?,
            )?);
        }
        Ok(Box::new(Merge::new(runs)?))
    }
}

/// Writes `entries` (in order) as the run numbered `number`.
fn write_run(
    dir: &SpillDir,
    number: usize,
    entries: impl Iterator<Item = std::io::Result<Entry>>,
) -> std::io::Result<Spilled> {
    let mut file = dir
        .create(format!("band table run {}", number + 1))
        .map_err(io)?;
    for entry in entries {
        let (key, doc) = entry?;
        let mut bytes = [0u8; ENTRY];
        bytes[..8].copy_from_slice(&key.to_le_bytes());
        bytes[8..].copy_from_slice(&doc.to_le_bytes());
        file.write(&bytes).map_err(io)?;
    }
    file.into_spilled().map_err(io)
}

/// Runs merged: their entries, in order.
struct Merge {
    runs: Vec<(Spilled, u64)>,
    /// Each run's next entry, smallest first.
    next: BinaryHeap<Reverse<(Entry, usize)>>,
}

impl Merge {
    fn new(runs: Vec<Spilled>) -> std::io::Result<Merge> {
        let mut merge = Merge {
            runs: runs
                .into_iter()
                .map(|run| {
                    let entries = run.len() / ENTRY as u64;
                    (run, entries)
                })
                .collect(),
            next: BinaryHeap::new(),
        };
        for run in 0..merge.runs.len() {
            merge.advance(run)?;
        }
        Ok(merge)
    }

    /// Reads run `run`'s next entry, if it has one left.
    fn advance(&mut self, run: usize) -> std::io::Result<()> {
        let (file, left) = &mut self.runs[run];
        if *left == 0 {
            return Ok(());
        }
        *left -= 1;
        let mut bytes = [0u8; ENTRY];
        file.read_exact(&mut bytes).map_err(io)?;
        let [key, doc] = [&bytes[..8], &bytes[8..]];
        let key = u64::from_le_bytes(key.try_into().unwrap_or_default());
        let doc = u32::from_le_bytes(doc.try_into().unwrap_or_default());
        self.next.push(Reverse(((key, doc), run)));
        Ok(())
    }
}

impl Iterator for Merge {
    type Item = std::io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((entry, run)) = self.next.pop()?;
        Some(self.advance(run).map(|()| entry))
    }
}

/// A segment's band table and signatures file, open: each bucket's articles, and their
/// signatures, read as asked.
pub struct Table {
    path: PathBuf,
    file: File,
    signatures_path: PathBuf,
    signatures: File,
    docs: u32,
    present: u32,
    bits: u8,
}

/// What is wrong with the band table at `path`, and what to do.
fn damaged(path: &Path, why: &str) -> String {
    format!(
        "newsdex: {}: a damaged band table ({why}): delete it, and `newsdex add` works it out again from the signatures",
        path.display()
    )
}

/// Reads `buffer.len()` bytes of `file` from `at` (one call where there is `pread`: a day's
/// lookups are tens of thousands of small reads).
#[cfg(unix)]
pub(crate) fn read_at(file: &File, at: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, at)
}

#[cfg(not(unix))]
pub(crate) fn read_at(mut file: &File, at: u64, buffer: &mut [u8]) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buffer)
}

impl Table {
    /// The band table at `path` of the signatures file `signatures_path` of `docs` articles.
    ///
    /// # Errors
    /// Either file missing or unreadable, or a table that is not one of these signatures'
    /// `docs` articles, named.
    pub fn open(path: &Path, signatures_path: &Path, docs: u32) -> Result<Table, String> {
        let io = |p: &Path, e: std::io::Error| format!("newsdex: {}: {e}", p.display());
        let file = File::open(path).map_err(|e| io(path, e))?;
        let signatures = File::open(signatures_path).map_err(|e| io(signatures_path, e))?;
        let bad = |why: String| damaged(path, &why);
        let mut header = [0u8; HEADER as usize];
        read_at(&file, 0, &mut header).map_err(|e| bad(e.to_string()))?;
        let rest = header
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("not a band table (`newsdex-bands 1`)".into()))?;
        let u32_at =
            |at: usize| u32::from_le_bytes(rest[at..at + 4].try_into().unwrap_or_default());
        let (count, present, bits) = (u32_at(0), u32_at(4), rest[8]);
        let checksum = u64::from_le_bytes(rest[9..17].try_into().unwrap_or_default());
        if count != docs {
            return Err(bad(format!(
                "a table of {count} articles, for a segment of {docs}"
            )));
        }
        if present > count || bits != slot_bits(present) {
            return Err(bad("its counts disagree".into()));
        }
        let table = Table {
            path: path.to_owned(),
            file,
            signatures_path: signatures_path.to_owned(),
            signatures,
            docs,
            present,
            bits,
        };
        let length = table.file.metadata().map_err(|e| io(path, e))?.len();
        if length != table.band_at(BANDS) {
            return Err(bad(format!("{length} bytes, not the counts'")));
        }
        let mut tail = [0u8; 8];
        let signatures_length = table
            .signatures
            .metadata()
            .map_err(|e| io(signatures_path, e))?
            .len();
        read_at(
            &table.signatures,
            signatures_length.saturating_sub(8),
            &mut tail,
        )
        .map_err(|e| io(signatures_path, e))?;
        if u64::from_le_bytes(tail) != checksum {
            return Err(format!(
                "newsdex: {}: made from other signatures than {}: delete it, and `newsdex add` works it out again from them",
                path.display(),
                signatures_path.display()
            ));
        }
        Ok(table)
    }

    /// Where band `band`'s directory starts (the file's end for [`BANDS`]).
    fn band_at(&self, band: usize) -> u64 {
        let slots = (1u64 << self.bits) + 1;
        HEADER + 16 * u64::from(self.docs) + band as u64 * (4 * slots + 8 * u64::from(self.present))
    }

    fn damaged(&self, why: &str) -> String {
        damaged(&self.path, why)
    }

    /// The articles whose key in band `band` may be `key` (its first bits and the 32 after
    /// them agree), ascending.
    ///
    /// # Errors
    /// A table that cannot be read, or lists an article out of order or past the segment's.
    pub fn members(&self, band: usize, key: u64) -> Result<Vec<u32>, String> {
        let want = prefix(key, self.bits);
        let slot = want >> 32;
        let start = self.band_at(band);
        let mut bounds = [0u8; 8];
        read_at(&self.file, start + 4 * slot, &mut bounds)
            .map_err(|e| self.damaged(&e.to_string()))?;
        let [a, b, c, d, e, f, g, h] = bounds;
        let (first, end) = (
            u32::from_le_bytes([a, b, c, d]),
            u32::from_le_bytes([e, f, g, h]),
        );
        if first > end || end > self.present {
            return Err(self.damaged("a slot out of bounds"));
        }
        let mut entries = vec![0u8; 8 * (end - first) as usize];
        let entries_at = start + 4 * ((1u64 << self.bits) + 1) + 8 * u64::from(first);
        read_at(&self.file, entries_at, &mut entries).map_err(|e| self.damaged(&e.to_string()))?;
        let mut members = Vec::new();
        let mut last = None;
        for entry in entries.chunks_exact(8) {
            let at = |k: usize| u32::from_le_bytes(entry[k..k + 4].try_into().unwrap_or_default());
            let (low, doc) = (at(0), at(4));
            if doc >= self.docs || last.is_some_and(|l| (low, doc) <= l) {
                return Err(self.damaged("entries out of order"));
            }
            last = Some((low, doc));
            if u64::from(low) == want & 0xffff_ffff {
                members.push(doc);
            }
        }
        Ok(members)
    }

    /// The signature of article `doc`, which the table lists in band `band` under a key of
    /// `key`'s first bits: `None` when its key is another (the rest of the bits differ).
    ///
    /// # Errors
    /// Files that cannot be read, or a signature that is not the one the table was made from,
    /// named.
    pub fn signature(&self, doc: u32, band: usize, key: u64) -> Result<Option<Signature>, String> {
        let mut place = [0u8; 16];
        read_at(&self.file, HEADER + 16 * u64::from(doc), &mut place)
            .map_err(|e| self.damaged(&e.to_string()))?;
        let [offset, check] =
            [0, 8].map(|at| u64::from_le_bytes(place[at..at + 8].try_into().unwrap_or_default()));
        let mut record = [0u8; RECORD];
        let damaged = |why: String| {
            format!(
                "newsdex: {}: a damaged signatures file ({why}, against its band table {}): delete both, and `newsdex add` works them out again from the segment's stored text",
                self.signatures_path.display(),
                self.path.display()
            )
        };
        read_at(&self.signatures, offset, &mut record).map_err(|e| damaged(e.to_string()))?;
        let signature = crate::signatures::of_record(&record)
            .filter(|_| chunk_hash(&record) == check)
            .ok_or_else(|| damaged(format!("article {doc}'s record")))?;
        let found = band_key(&signature, band);
        if prefix(found, self.bits) != prefix(key, self.bits) {
            return Err(self.damaged(&format!("article {doc} listed under another key")));
        }
        Ok((found == key).then_some(signature))
    }
}
