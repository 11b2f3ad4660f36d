//! What `add` finds copies of one story across segments with: each segment's articles' MinHash
//! signatures, in a file beside its core (`{core's name}.sig` for `{core's name}.seg`; the
//! segment is named by its content, so its signatures are too), written when the segment is,
//! and worked out once from the stored text for a segment written before such files were. A
//! reader never fetches it: only `add`, which compares a new segment's signatures with the
//! earlier segments' live articles' (see [`newsdex_index::stories::CopiesAcross`]) and writes
//! the pairs found as the new segment's copies file (see [`newsdex::copies`]).
//!
//! The bytes: `newsdex-signatures 1\n`, the article count (u32, little-endian), then per
//! article a byte (1 with a signature, 0 for an article without words) and its signature's
//! values (u32, little-endian), then the xxh3 of all before (u64, little-endian).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use newsdex::copies::Copies;
use newsdex::Article;
use newsdex_format::shards::chunk_hash;
use newsdex_index::stories::{
    band_key, shingles, signature, CopiesAcross, Signature, BUCKET_NEIGHBOURS, COPY_JACCARD, HASHES,
};
use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3Default;

use crate::bands;

const MAGIC: &[u8] = b"newsdex-signatures 1\n";
/// Where the first article's record starts: after the magic and the article count.
pub const FIRST_RECORD: u64 = MAGIC.len() as u64 + 4;

/// Each article's signature, as the builder works it out, on every core (in order).
pub fn of(articles: &[Article]) -> Vec<Option<Signature>> {
    articles
        .par_iter()
        .map(|a| signature(&shingles(&a.title, &a.body)))
        .collect()
}

/// The signatures file of the segment whose core is named `segment`, beside `manifest`.
pub fn path_of(manifest: &Path, segment: &str) -> PathBuf {
    let stem = segment.strip_suffix(".seg").unwrap_or(segment);
    manifest.with_file_name(format!("{stem}.sig"))
}

/// An article's record in the file: a byte (1 with a signature, 0 for an article without
/// words) and its signature's values.
pub fn record(signature: Option<&Signature>) -> Vec<u8> {
    let mut record = Vec::with_capacity(1 + 4 * HASHES);
    record.push(u8::from(signature.is_some()));
    for value in signature.into_iter().flatten() {
        record.extend_from_slice(&value.to_le_bytes());
    }
    record
}

/// The file's bytes being written to `out`, hashed as they go (an archive's are hundreds of
/// MB), an article's record at a time.
struct Encoder<'o, W: Write> {
    out: &'o mut W,
    hasher: Xxh3Default,
    written: u64,
}

impl<'o, W: Write> Encoder<'o, W> {
    /// Starts the file of `count` articles.
    fn new(out: &'o mut W, count: u32) -> std::io::Result<Encoder<'o, W>> {
        let mut encoder = Encoder {
            out,
            hasher: Xxh3Default::new(),
            written: 0,
        };
        encoder.put(MAGIC)?;
        encoder.put(&count.to_le_bytes())?;
        Ok(encoder)
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    /// Appends the next article's record.
    fn push(&mut self, signature: Option<&Signature>) -> std::io::Result<()> {
        self.put(&record(signature))
    }

    /// Ends the file with its checksum. Returns its bytes.
    fn finish(self) -> std::io::Result<u64> {
        self.out.write_all(&self.hasher.digest().to_le_bytes())?;
        Ok(self.written + 8)
    }
}

/// Writes the file's bytes to `out`. Returns how many.
fn encode(out: &mut impl Write, signatures: &[Option<Signature>]) -> std::io::Result<u64> {
    let mut encoder = Encoder::new(out, signatures.len() as u32)?;
    for signature in signatures {
        encoder.push(signature.as_ref())?;
    }
    encoder.finish()
}

/// Writes the signatures file `path` (through a file renamed into place). Returns its bytes.
fn write_file(path: &Path, signatures: &[Option<Signature>]) -> Result<u64, String> {
    write_renamed(path, |out| encode(out, signatures))
}

/// Writes the file `path` with `encode`, through `{path}.partial` synced and renamed into
/// place (removed on failure). Returns what `encode` does.
pub(crate) fn write_renamed(
    path: &Path,
    encode: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<u64>,
) -> Result<u64, String> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    // Open to read as well: a vectors file reads back what it wrote (see `crate::vectors`).
    let written = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&partial)
        .map(BufWriter::new)
        .and_then(|mut out| {
            let written = encode(&mut out)?;
            out.into_inner()?.sync_all()?;
            Ok(written)
        })
        .and_then(|written| std::fs::rename(&partial, path).map(|()| written));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        format!("newsdex: {}: {e}", path.display())
    })
}

/// Writes the signatures of a sharded index's articles, `signatures`, staged beside its
/// core `core` (still to be written): [`name_staged`] names them after the core once it is.
pub fn stage(core: &Path, signatures: &[Option<Signature>]) -> Result<PathBuf, String> {
    let staged = core.with_extension("sig.staged");
    write_file(&staged, signatures)?;
    Ok(staged)
}

/// Renames the signatures `staged` for the core now at `core` as `add` finds them when that
/// core becomes the first segment (`{stem}-{xxh3 of the core}.sig`).
pub fn name_staged(core: &Path, staged: &Path) -> Result<(), String> {
    let path = core.with_file_name(of_core(core)?);
    std::fs::rename(staged, &path).map_err(|e| format!("newsdex: {}: {e}", path.display()))
}

/// The name of the signatures of the sharded core at `core`: those of the segment its bytes
/// become at the first `add` (`{stem}-{xxh3 of the core}.sig`).
pub fn of_core(core: &Path) -> Result<String, String> {
    let bytes = std::fs::read(core).map_err(|e| format!("newsdex: {}: {e}", core.display()))?;
    let stem = core
        .file_stem()
        .map_or("index".into(), |s| s.to_string_lossy());
    Ok(format!("{stem}-{:016x}.sig", chunk_hash(&bytes)))
}

/// Whether `name` is a signatures file of the index whose stem is `stem`:
/// `{stem}-{16 hex digits}.sig`.
pub fn is_of(name: &str, stem: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(".sig"))
        .is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What is wrong with the signatures file at `path`, and what to do.
pub fn damaged(path: &Path, why: &str) -> String {
    format!(
        "newsdex: {}: a damaged signatures file ({why}): delete it, and `newsdex add` works it out again from the segment's stored text",
        path.display()
    )
}

/// A signatures file read front to back, an article's record at a time, its checksum checked
/// at its end: an archive's is read without holding it.
pub struct Reader<R: Read> {
    input: R,
    hasher: Xxh3Default,
    left: u32,
    record: [u8; RECORD],
}

/// A record's length: its flag, and its values when the flag is 1.
const RECORD: usize = 1 + 4 * HASHES;

impl<R: Read> Reader<R> {
    /// Starts reading a signatures file of `docs` articles from `input`.
    ///
    /// # Errors
    /// What is wrong with its start (see [`damaged`]).
    pub fn new(mut input: R, docs: u32) -> Result<Reader<R>, String> {
        let mut start = [0u8; FIRST_RECORD as usize];
        input
            .read_exact(&mut start)
            .map_err(|_| "shorter than a signatures file")?;
        let count = start
            .strip_prefix(MAGIC)
            .ok_or("not a signatures file (`newsdex-signatures 1`)")?;
        let count = u32::from_le_bytes(count.try_into().unwrap_or_default());
        if count != docs {
            return Err(format!(
                "signatures of {count} articles, for a segment of {docs}"
            ));
        }
        let mut hasher = Xxh3Default::new();
        hasher.update(&start);
        Ok(Reader {
            input,
            hasher,
            left: count,
            record: [0; RECORD],
        })
    }

    /// The next article's record, as [`record`] makes it.
    ///
    /// # Errors
    /// A file cut short, or a record marked neither 0 nor 1.
    pub fn next_record(&mut self) -> Result<&[u8], String> {
        self.left = self.left.checked_sub(1).ok_or("past its articles")?;
        let cut = |_| "cut short".to_string();
        self.input.read_exact(&mut self.record[..1]).map_err(cut)?;
        let length = match self.record[0] {
            0 => 1,
            1 => RECORD,
            _ => return Err("an article is marked neither 0 nor 1".into()),
        };
        self.input
            .read_exact(&mut self.record[1..length])
            .map_err(cut)?;
        self.hasher.update(&self.record[..length]);
        Ok(&self.record[..length])
    }

    /// Checks the checksum after the last record, and that nothing follows it. Returns it.
    ///
    /// # Errors
    /// Records left, a checksum that does not match, or bytes past it.
    pub fn finish(mut self) -> Result<u64, String> {
        if self.left > 0 {
            return Err(format!("{} articles' records not read", self.left));
        }
        // The checksum, and a byte past it if there is one.
        let mut tail = Vec::with_capacity(9);
        (&mut self.input)
            .take(9)
            .read_to_end(&mut tail)
            .map_err(|e| e.to_string())?;
        match tail.len() {
            8 => {}
            9 => return Err("bytes past its articles".into()),
            _ => return Err("cut short".into()),
        }
        let checksum = u64::from_le_bytes(tail[..8].try_into().unwrap_or_default());
        if self.hasher.digest() != checksum {
            return Err("its checksum does not match its bytes".into());
        }
        Ok(checksum)
    }
}

/// The signature in an article's record (see [`record`]).
pub fn of_record(record: &[u8]) -> Option<Signature> {
    let values = record.strip_prefix(&[1])?;
    let mut signature = [0u32; HASHES];
    for (value, bytes) in signature.iter_mut().zip(values.chunks_exact(4)) {
        *value = u32::from_le_bytes(bytes.try_into().unwrap_or_default());
    }
    Some(signature)
}

/// Writes the signatures of the segment named `segment` beside `manifest`, then their band
/// table (see [`crate::bands`]) within `budget_bytes`, each through a file renamed into
/// place. Returns the files' bytes.
pub fn write(
    manifest: &Path,
    segment: &str,
    signatures: &[Option<Signature>],
    budget_bytes: usize,
) -> Result<u64, String> {
    let path = path_of(manifest, segment);
    let written = write_file(&path, signatures)?;
    Ok(written + bands::write(&path, signatures.len() as u32, budget_bytes)?)
}

/// The band table of the segment named `segment` beside `manifest`, of `docs` articles, open
/// with its signatures: worked out (and written, once) within `budget_bytes` from the
/// signatures when it has none, and they from the stored text when it has none (see
/// [`work_out`]).
fn table(
    manifest: &Path,
    segment: &str,
    docs: u32,
    budget_bytes: usize,
) -> Result<bands::Table, String> {
    let path = path_of(manifest, segment);
    let table = bands::path_of(&path);
    if !path.exists() {
        work_out(manifest, segment, docs, budget_bytes)?;
        bands::write(&path, docs, budget_bytes)?;
    } else if !table.exists() {
        bands::write(&path, docs, budget_bytes)?;
    }
    bands::Table::open(&table, &path, docs)
}

/// The articles whose stored text is read at once when signatures are worked out within
/// `budget_bytes`: a quarter of it at 16 KiB an article (the text, and the chunk bytes
/// fetched and inflated for it), one batch being read and one waiting while one is hashed.
fn batch_of(budget_bytes: usize) -> u32 {
    (budget_bytes / 4 / (16 << 10)).clamp(16, 4096) as u32
}

/// Works out the signatures of the segment named `segment` beside `manifest`, of `docs`
/// articles, from its stored text, and writes them (once, for a segment written before
/// signatures were). The text is read a batch at a time (see [`batch_of`]) on one thread,
/// the batch before hashed on every core meanwhile, and the records written in article
/// order: the same bytes whatever the threads and the budget. Returns the file's bytes.
fn work_out(manifest: &Path, segment: &str, docs: u32, budget_bytes: usize) -> Result<u64, String> {
    let path = path_of(manifest, segment);
    let (mut core, dir) = crate::open(Some(manifest.with_file_name(segment)))?;
    let batch = batch_of(budget_bytes);
    let mut failed = None;
    let written = std::thread::scope(|scope| {
        let (send, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for start in (0..docs).step_by(batch as usize) {
                let range = start..start.saturating_add(batch).min(docs);
                let read = crate::chunks::answer(&mut core, &dir, |s| s.articles(range.clone()));
                // The batch's chunk bytes, fetched and inflated, are not needed again.
                core.forget();
                let stop = read.is_err();
                if send.send(read).is_err() || stop {
                    break;
                }
            }
        });
        write_renamed(&path, |out| {
            let mut encoder = Encoder::new(out, docs)?;
            let mut count = 0;
            for read in batches {
                let articles: Vec<Article> = match read {
                    Ok(articles) => articles,
                    Err(e) => {
                        failed = Some(e);
                        return Err(std::io::Error::other("its stored text"));
                    }
                };
                count += articles.len();
                for signature in &of(&articles) {
                    encoder.push(signature.as_ref())?;
                }
            }
            if count != docs as usize {
                failed = Some(format!("{count} articles stored, for a segment of {docs}"));
                return Err(std::io::Error::other("its stored text"));
            }
            encoder.finish()
        })
    });
    match failed {
        Some(e) => Err(format!(
            "newsdex: {}: its signatures need its stored text: {e}",
            path.display()
        )),
        None => written,
    }
}

/// The copies of `added` (a new segment's signatures) among the live articles of the
/// segments `segments` (by name, in order, each with its articles removed since and its
/// article count), by the builder's rules as if they were one corpus, the new segment last.
/// Only the earlier articles in a bucket of an added article count, and of each bucket only
/// the last [`BUCKET_NEIGHBOURS`] live ones: each segment's band table lists them, newest
/// segment first, and only their signatures are read.
pub fn copies(
    manifest: &Path,
    segments: &[(String, Vec<u32>, u32)],
    added: &[Option<Signature>],
    budget_bytes: usize,
) -> Result<Copies, String> {
    let mut across = CopiesAcross::new(added, COPY_JACCARD);
    let tables = segments
        .iter()
        .map(|(name, _, docs)| table(manifest, name, *docs, budget_bytes))
        .collect::<Result<Vec<_>, String>>()?;
    // The earlier articles seen, by segment and article: the place of each in their order.
    let mut seen: BTreeMap<(u32, u32), Signature> = BTreeMap::new();
    let buckets: Vec<(usize, u64)> = across.buckets().collect();
    for (band, key) in buckets {
        let mut wanted = BUCKET_NEIGHBOURS;
        for (k, ((_, removed, _), table)) in segments.iter().zip(&tables).enumerate().rev() {
            for doc in table.members(band, key)?.into_iter().rev() {
                if wanted == 0 {
                    break;
                }
                if removed.binary_search(&doc).is_ok() {
                    continue;
                }
                let place = (k as u32, doc);
                let signature = match seen.get(&place) {
                    Some(signature) => (band_key(signature, band) == key).then_some(*signature),
                    None => table.signature(doc, band, key)?,
                };
                if let Some(signature) = signature {
                    seen.insert(place, signature);
                    wanted -= 1;
                }
            }
        }
    }
    for (&(k, doc), signature) in &seen {
        across.see(u64::from(k) << 32 | u64::from(doc), Some(signature));
    }
    let mut pairs: Vec<(u32, u32, u32)> = across
        .finish()
        .into_iter()
        .map(|(doc, place)| (doc, (place >> 32) as u32, place as u32))
        .collect();
    pairs.sort_unstable();
    Ok(Copies { pairs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_round_trip_and_refuse_damage() {
        let articles = [
            Article {
                title: "Rates rise".into(),
                body: "The central bank raised its rate by half a point on Tuesday.".into(),
                ..Article::default()
            },
            Article::default(),
        ];
        let signatures = of(&articles);
        assert!(signatures[0].is_some() && signatures[1].is_none());
        let mut bytes = Vec::new();
        encode(&mut bytes, &signatures).unwrap();
        let read = |bytes: &[u8], docs: u32| -> Result<Vec<Option<Signature>>, String> {
            let mut reader = Reader::new(bytes, docs)?;
            let read = (0..docs)
                .map(|_| reader.next_record().map(of_record))
                .collect::<Result<_, _>>()?;
            reader.finish()?;
            Ok(read)
        };
        assert_eq!(read(&bytes, 2).unwrap(), signatures);
        assert!(read(&bytes, 3).unwrap_err().contains("for a segment of 3"));
        let mut damaged = bytes.clone();
        damaged[30] ^= 1;
        assert!(read(&damaged, 2).unwrap_err().contains("checksum"));
        assert!(read(&bytes[..5], 2).is_err());
        assert!(read(&bytes[..bytes.len() - 1], 2)
            .unwrap_err()
            .contains("cut short"));
        let longer = [&bytes[..], &[0]].concat();
        assert!(read(&longer, 2).unwrap_err().contains("bytes past"));
        assert_eq!(
            newsdex_index::stories::similarity(
                signatures[0].as_ref().unwrap(),
                signatures[0].as_ref().unwrap()
            ),
            1.0
        );
    }

    /// Articles of a few words each from a small vocabulary, so that many share buckets, and
    /// every tenth without words.
    fn articles(count: usize) -> Vec<Article> {
        const WORDS: [&str; 12] = [
            "oil", "prices", "gold", "vienna", "talks", "markets", "rain", "bank", "rates",
            "strike", "port", "grain",
        ];
        (0..count)
            .map(|n| Article {
                title: format!("Story {}", n % 7),
                body: match n % 10 {
                    9 => String::new(),
                    _ => (0..12)
                        .map(|k| WORDS[(n * 5 + k * k + n / 3) % WORDS.len()])
                        .collect::<Vec<_>>()
                        .join(" "),
                },
                ..Article::default()
            })
            .collect()
    }

    #[test]
    fn a_band_table_is_the_same_bytes_within_a_tiny_budget_spilled_as_in_memory() {
        let signatures = of(&articles(300));
        let dir = std::env::temp_dir().join(format!("newsdex-bands-{}", std::process::id()));
        let write_in = |name: &str, budget: usize| {
            let manifest = dir.join(name).join("news.ndx");
            std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
            write(&manifest, "news-0123456789abcdef.seg", &signatures, budget).unwrap();
            let path = path_of(&manifest, "news-0123456789abcdef.seg");
            let table = bands::path_of(&path);
            (path, table)
        };
        let (sig, table) = write_in("memory", 1 << 30);
        // 2 KiB: runs of 64 entries, 4,320 in all: 68 runs, merged 8 at a time into larger ones
        // until 8 are left.
        let (spilled_sig, spilled_table) = write_in("spilled", 2 << 10);
        assert_eq!(
            std::fs::read(&spilled_sig).unwrap(),
            std::fs::read(&sig).unwrap()
        );
        assert_eq!(
            std::fs::read(&spilled_table).unwrap(),
            std::fs::read(&table).unwrap()
        );
        // And the table finds each article under its own key in every band.
        let open = bands::Table::open(&spilled_table, &spilled_sig, 300).unwrap();
        for (doc, signature) in signatures.iter().enumerate() {
            let Some(signature) = signature else { continue };
            for band in 0..newsdex_index::stories::BANDS {
                let key = band_key(signature, band);
                assert!(open.members(band, key).unwrap().contains(&(doc as u32)));
                assert_eq!(
                    open.signature(doc as u32, band, key).unwrap(),
                    Some(*signature)
                );
            }
        }
        // No temporary file is left beside them.
        let left: Vec<_> = std::fs::read_dir(spilled_sig.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
