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
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use newsdex::copies::Copies;
use newsdex::Article;
use newsdex_format::shards::chunk_hash;
use newsdex_index::stories::{
    band_key, shingles, signature, CopiesAcross, Signature, BUCKET_NEIGHBOURS, COPY_JACCARD, HASHES,
};
use xxhash_rust::xxh3::Xxh3Default;

use crate::bands;

const MAGIC: &[u8] = b"newsdex-signatures 1\n";
/// Where the first article's record starts: after the magic and the article count.
pub const FIRST_RECORD: u64 = MAGIC.len() as u64 + 4;

/// Each article's signature, as the builder works it out.
pub fn of(articles: &[Article]) -> Vec<Option<Signature>> {
    articles
        .iter()
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

/// Writes what `body` puts to `out`, hashed as it goes (an archive's files are hundreds of
/// MB), then the xxh3 of it all (u64, little-endian). Returns how many bytes.
pub(crate) fn write_hashed(
    out: &mut impl Write,
    body: impl FnOnce(&mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let mut hasher = Xxh3Default::new();
    let mut written = 0;
    body(&mut |bytes: &[u8]| {
        hasher.update(bytes);
        written += bytes.len() as u64;
        out.write_all(bytes)
    })?;
    out.write_all(&hasher.digest().to_le_bytes())?;
    Ok(written + 8)
}

/// Writes the file's bytes to `out`. Returns how many.
fn encode(out: &mut impl Write, signatures: &[Option<Signature>]) -> std::io::Result<u64> {
    write_hashed(out, |put| {
        put(MAGIC)?;
        put(&(signatures.len() as u32).to_le_bytes())?;
        for signature in signatures {
            put(&record(signature.as_ref()))?;
        }
        Ok(())
    })
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

/// The signatures of the file `bytes` of `docs` articles, or what is wrong with them.
fn parse(bytes: &[u8], docs: u32) -> Result<Vec<Option<Signature>>, String> {
    let (body, hash) = bytes
        .split_last_chunk::<8>()
        .ok_or("shorter than a signatures file")?;
    if chunk_hash(body) != u64::from_le_bytes(*hash) {
        return Err("its checksum does not match its bytes".into());
    }
    let rest = body
        .strip_prefix(MAGIC)
        .ok_or("not a signatures file (`newsdex-signatures 1`)")?;
    let (count, mut rest) = rest.split_first_chunk::<4>().ok_or("no article count")?;
    let count = u32::from_le_bytes(*count);
    if count != docs {
        return Err(format!(
            "signatures of {count} articles, for a segment of {docs}"
        ));
    }
    let mut signatures = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (&present, after) = rest.split_first().ok_or("cut short")?;
        rest = after;
        signatures.push(match present {
            0 => None,
            1 => {
                let (values, after) = rest.split_at_checked(4 * HASHES).ok_or("cut short")?;
                rest = after;
                let mut signature = [0u32; HASHES];
                for (value, bytes) in signature.iter_mut().zip(values.chunks_exact(4)) {
                    *value = u32::from_le_bytes(bytes.try_into().unwrap_or_default());
                }
                Some(signature)
            }
            _ => return Err("an article is marked neither 0 nor 1".into()),
        });
    }
    if !rest.is_empty() {
        return Err("bytes past its articles".into());
    }
    Ok(signatures)
}

/// Writes the signatures of the segment named `segment` beside `manifest`, then their band
/// table (see [`crate::bands`]), each through a file renamed into place. Returns the files'
/// bytes.
pub fn write(
    manifest: &Path,
    segment: &str,
    signatures: &[Option<Signature>],
) -> Result<u64, String> {
    let path = path_of(manifest, segment);
    let written = write_file(&path, signatures)?;
    Ok(written + bands::write(&bands::path_of(&path), signatures, checksum(&path)?)?)
}

/// The checksum of the signatures file at `path` (its last 8 bytes), which its band table
/// records.
fn checksum(path: &Path) -> Result<u64, String> {
    let mut file = File::open(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    let mut tail = [0u8; 8];
    file.seek(SeekFrom::End(-8))
        .and_then(|_| file.read_exact(&mut tail))
        .map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    Ok(u64::from_le_bytes(tail))
}

/// The band table of the segment named `segment` beside `manifest`, of `docs` articles, open
/// with its signatures: worked out (and written, once) from the signatures when it has none,
/// and they from the stored text when it has none (see [`read`]).
fn table(manifest: &Path, segment: &str, docs: u32) -> Result<bands::Table, String> {
    let path = path_of(manifest, segment);
    let table = bands::path_of(&path);
    if !table.exists() || !path.exists() {
        let signatures = read(manifest, segment, docs)?;
        if !table.exists() {
            bands::write(&table, &signatures, checksum(&path)?)?;
        }
    }
    bands::Table::open(&table, &path, docs)
}

/// The signatures of the segment named `segment` beside `manifest`, of `docs` articles: its
/// file, or when it has none, worked out from its stored text and written (once).
///
/// # Errors
/// A damaged file, named, with what to do.
fn read(manifest: &Path, segment: &str, docs: u32) -> Result<Vec<Option<Signature>>, String> {
    let path = path_of(manifest, segment);
    match std::fs::read(&path) {
        Ok(bytes) => parse(&bytes, docs).map_err(|why| {
            format!(
                "newsdex: {}: a damaged signatures file ({why}): delete it, and `newsdex add` works it out again from the segment's stored text",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (mut core, dir) = crate::open(Some(manifest.with_file_name(segment)))?;
            let articles = crate::chunks::answer(&mut core, &dir, |s| s.articles(0..u32::MAX))
                .map_err(|e| format!("newsdex: {}: its signatures need its stored text: {e}", path.display()))?;
            let signatures = of(&articles);
            write(manifest, segment, &signatures)?;
            Ok(signatures)
        }
        Err(e) => Err(format!("newsdex: {}: {e}", path.display())),
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
) -> Result<Copies, String> {
    let mut across = CopiesAcross::new(added, COPY_JACCARD);
    let tables = segments
        .iter()
        .map(|(name, _, docs)| table(manifest, name, *docs))
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
        assert_eq!(parse(&bytes, 2).unwrap(), signatures);
        assert!(parse(&bytes, 3).unwrap_err().contains("for a segment of 3"));
        let mut damaged = bytes.clone();
        damaged[30] ^= 1;
        assert!(parse(&damaged, 2).unwrap_err().contains("checksum"));
        assert!(parse(&bytes[..5], 2).is_err());
        assert_eq!(
            newsdex_index::stories::similarity(
                signatures[0].as_ref().unwrap(),
                signatures[0].as_ref().unwrap()
            ),
            1.0
        );
    }
}
