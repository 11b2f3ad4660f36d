//! Sharded indexes on disk: writing the core and its chunk files, and answering requests by
//! reading the ranges they ask for from the chunk files beside the core.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use newsdex::{ErrorKind, PartRange, Segmented, Sharded, Step};
use newsdex_format::shards::{self, Chunks};
use newsdex_format::source::ByteSource;

/// The chunk files a split wrote that were not there before: what a site uploads.
#[derive(Default)]
pub struct NewFiles {
    /// How many.
    pub files: usize,
    /// Their bytes in all.
    pub bytes: u64,
}

/// Splits the index in `source` into a core at `output` and its chunk files beside it, each
/// written as soon as it is cut (unless one with these bytes is there: its name is a hash of
/// the pack, so the same pack's), and the core last, through a file beside it renamed into place; returns the core's
/// bytes, the chunks, and how many chunk files were new and their bytes.
pub fn write(
    source: &mut impl ByteSource,
    output: &Path,
    chunk_bytes: u64,
) -> Result<(Vec<u8>, Chunks, NewFiles), String> {
    let stem = output
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("index");
    let dir = output.parent().unwrap_or(Path::new(""));
    let mut new = NewFiles::default();
    let (core, chunks) = shards::split_source(source, stem, chunk_bytes, |name, bytes| {
        let path = dir.join(name);
        // A file of this name written whole (each is renamed into place) has these bytes, but
        // it is compared rather than trusted: a host's copy may have been damaged since.
        if std::fs::read(&path).is_ok_and(|there| there == bytes) {
            return Ok(());
        }
        new.files += 1;
        new.bytes += bytes.len() as u64;
        let partial = path.with_extension("chunk.partial");
        std::fs::write(&partial, bytes)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                newsdex_format::ErrorKind::Io {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }
                .into()
            })
    })
    .map_err(|e| e.to_string())?;
    let partial = output.with_extension("core.partial");
    std::fs::write(&partial, &core)
        .and_then(|()| std::fs::rename(&partial, output))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            format!("newsdex: {}: {e}", output.display())
        })?;
    Ok((core, chunks, new))
}

/// Asks `request` until it is answered, reading what it needs from the chunk files in `dir`.
pub fn answer<T>(
    sharded: &mut Sharded,
    dir: &Path,
    mut request: impl FnMut(&Sharded) -> newsdex::Result<Step<T>>,
) -> Result<T, String> {
    let mut read_from = BTreeSet::new();
    for _ in 0..newsdex::MAX_FETCH_ROUNDS {
        let ranges = match request(sharded) {
            Ok(Step::Done(answer)) => return Ok(answer),
            Ok(Step::Fetch(ranges)) => ranges,
            Err(e) => return Err(damaged(sharded, dir, &read_from, &e)),
        };
        let chunks = sharded
            .index()
            .chunks()
            .cloned()
            .ok_or("newsdex: a single-file index asked for chunks")?;
        for range in ranges {
            let last = range.end.saturating_sub(1).max(range.start);
            read_from.extend(range.start / chunks.chunk_bytes..=last / chunks.chunk_bytes);
            let bytes = read(&chunks, dir, range.clone())?;
            if let Err(e) = sharded.supply(range.start, bytes) {
                return Err(damaged(sharded, dir, &read_from, &e));
            }
        }
    }
    Err("newsdex: the chunk files did not give the index what it asked for".into())
}

/// Asks `request` of a segmented index until it is answered, reading what it needs from its
/// parts' chunk files in `dir`, every part's of a round before it asks again.
pub fn answer_segmented<T>(
    segmented: &mut Segmented,
    dir: &Path,
    mut request: impl FnMut(&Segmented) -> newsdex::Result<Step<T, PartRange>>,
) -> Result<T, String> {
    let mut read_from: Vec<BTreeSet<u64>> = Vec::new();
    for _ in 0..newsdex::MAX_FETCH_ROUNDS {
        let wanted = match request(segmented) {
            Ok(Step::Done(answer)) => return Ok(answer),
            Ok(Step::Fetch(wanted)) => wanted,
            Err(e) => {
                // The damage is in one of the parts read from: the first whose chunk is.
                let named = read_from.iter().enumerate().find_map(|(part, read)| {
                    let message = damaged(segmented.part(part)?, dir, read, &e);
                    (message != e.to_string()).then_some(message)
                });
                return Err(named.unwrap_or_else(|| e.to_string()));
            }
        };
        for PartRange { part, range } in wanted {
            let chunks = segmented
                .part(part)
                .and_then(|p| p.index().chunks())
                .cloned()
                .ok_or("newsdex: a segment without chunks asked for some")?;
            if read_from.len() <= part {
                read_from.resize(part + 1, BTreeSet::new());
            }
            let last = range.end.saturating_sub(1).max(range.start);
            read_from[part].extend(range.start / chunks.chunk_bytes..=last / chunks.chunk_bytes);
            let bytes = read(&chunks, dir, range.clone())?;
            segmented
                .supply(part, range.start, bytes)
                .map_err(|e| e.to_string())?;
        }
    }
    Err("newsdex: the chunk files did not give the index what it asked for".into())
}

/// `error`'s message, or, when it is damage the index's checks found in bytes read from the
/// chunk files `read_from`, the one of them whose bytes are not those its name was made from:
/// the checks name a piece of the pack, and an operator replaces files.
fn damaged(
    sharded: &Sharded,
    dir: &Path,
    read_from: &BTreeSet<u64>,
    error: &newsdex::Error,
) -> String {
    let Some(chunks) = sharded.index().chunks() else {
        return error.to_string();
    };
    if !matches!(error.kind(), ErrorKind::Format(_)) {
        return error.to_string();
    }
    for &k in read_from.range(..chunks.count()) {
        let path = dir.join(chunks.file_name(k));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let hash = shards::chunk_hash(&bytes);
        if hash != chunks.hashes[k as usize] {
            return format!(
                "newsdex: {}: damaged: its bytes' xxh3 is {hash:016x}, not the one its name ends with; copy it again from the build ({})",
                path.display(),
                error.to_string().trim_start_matches("newsdex: ")
            );
        }
    }
    error.to_string()
}

/// The bytes of `range` of the pack, from one chunk file or two.
fn read(chunks: &Chunks, dir: &Path, range: Range<u64>) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity((range.end - range.start) as usize);
    let mut at = range.start;
    while at < range.end {
        let k = at / chunks.chunk_bytes;
        let within = at % chunks.chunk_bytes;
        let take = (chunks.chunk_bytes - within).min(range.end - at);
        let path = dir.join(chunks.file_name(k));
        let failed = |e: std::io::Error| {
            format!(
                "newsdex: {}: {e} (reading {take} bytes at {within})",
                path.display()
            )
        };
        let mut file = File::open(&path).map_err(failed)?;
        file.seek(SeekFrom::Start(within)).map_err(failed)?;
        let before = out.len();
        file.take(take).read_to_end(&mut out).map_err(failed)?;
        if (out.len() - before) as u64 != take {
            return Err(format!(
                "newsdex: {}: cut short at byte {}; is it this index's chunk?",
                path.display(),
                within + (out.len() - before) as u64
            ));
        }
        at += take;
    }
    Ok(out)
}
