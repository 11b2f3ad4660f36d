//! `newsdex add`, `newsdex remove` and `newsdex compact`: an index changed in place. The
//! articles it holds are read back from its document store a batch at a time, changed, and
//! built again (within the memory budget) with the options the index was built with. The new
//! index replaces the old one by a rename, and a sharded index's new chunk files are written
//! before its core, so that a reader opens the old index or the new one, and one that opened
//! the old index keeps reading its chunk files until `compact --prune-older-than` deletes them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use newsdex::{Article, Changes, CorpusReader, IndexBuilder, SpillOptions};

use crate::build::{write_staged, Written};
use crate::chunks;

/// How many articles of the index are read at a time: a few megabytes of text.
const BATCH: u32 = 4096;

/// What to change.
pub enum Change {
    /// Add the articles of these inputs, replacing those with the same ids.
    Add(Vec<PathBuf>),
    /// Remove the articles with these ids.
    Remove(Vec<String>),
}

/// Applies `change` to the index at `path` (a single file or a sharded index's core).
pub fn run(path: &Path, change: Change, budget_bytes: usize) -> Result<(), String> {
    let started = Instant::now();
    let (mut index, dir) = crate::open(Some(path.to_path_buf()))?;
    let named = |e: newsdex::Error| {
        format!(
            "newsdex: {}: {}",
            path.display(),
            e.to_string().trim_start_matches("newsdex: ")
        )
    };
    let (options, facets) = index.index().build_options().map_err(named)?;
    let chunk_bytes = index.index().chunks().map(|c| c.chunk_bytes);
    let before = index.index().stats().articles;
    let (add, remove, warnings) = match change {
        Change::Add(inputs) => {
            let (added, warnings) = read(&inputs, &facets)?;
            (added, Vec::new(), warnings)
        }
        Change::Remove(ids) => (Vec::new(), ids, Vec::new()),
    };
    let (added, removed) = (add.len(), remove.len());
    let mut changes = Changes::new(add, &remove);
    let spill = SpillOptions {
        dir: dir_or_here(&dir),
        budget_bytes,
    };
    let mut builder = IndexBuilder::with_spill(options, spill).map_err(|e| e.to_string())?;
    builder.set_facets(&facets).map_err(|e| e.to_string())?;
    // The archive's articles a batch at a time, each batch's chunk bytes dropped after it.
    for start in (0..before).step_by(BATCH as usize) {
        let batch = chunks::answer(&mut index, &dir, |index| {
            index.articles(start..start.saturating_add(BATCH))
        })
        .map_err(|e| match e.contains("without the document store") {
            true => format!(
                "newsdex: {}: built with --no-store, so it has no articles to build again; build it afresh",
                path.display()
            ),
            false => e,
        })?;
        index.forget();
        for article in batch.iter().filter(|a| changes.keeps(&a.id)) {
            builder.insert(article).map_err(|e| e.to_string())?;
        }
    }
    drop(index);
    let (add, replaced) = changes.finish().map_err(named)?;
    for article in &add {
        builder.insert(article).map_err(|e| e.to_string())?;
    }
    let articles = builder.len();
    // As a build's: a sharded index keeps its articles' signatures for `add`'s segments.
    let staged = match chunk_bytes {
        Some(_) => Some(crate::signatures::stage(path, builder.signatures())?),
        None => None,
    };
    let sections = builder.finish_sections().map_err(|e| e.to_string())?;
    let (
        _,
        Written {
            new_files,
            new_bytes,
            ..
        },
    ) = write_staged(sections, path, chunk_bytes, &|_| {}, staged)?;
    for warning in warnings {
        eprintln!("{warning}");
    }
    eprintln!(
        "newsdex: {added} added ({replaced} of them replacing articles with the same ids), {removed} removed: {articles} articles → {} in {:.2} s; {new_files} new files of {new_bytes} bytes",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The articles of `inputs`, read as a build reads them, and the warnings about what was left
/// out.
pub fn read(inputs: &[PathBuf], facets: &[String]) -> Result<(Vec<Article>, Vec<String>), String> {
    let mut reader = CorpusReader::new();
    reader.set_facets(facets);
    let mut articles = Vec::new();
    for input in inputs {
        reader
            .read_path(input, &mut |article| {
                articles.push(article);
                Ok(())
            })
            .map_err(|e| e.to_string())?;
    }
    let warnings = reader.warnings().iter().map(|w| w.to_string()).collect();
    Ok((articles, warnings))
}

pub fn dir_or_here(dir: &Path) -> PathBuf {
    match dir.as_os_str().is_empty() {
        true => PathBuf::from("."),
        false => dir.to_path_buf(),
    }
}

/// `newsdex compact`: an index is built whole by every change, so it has nothing to merge;
/// what compacting does is list the chunk files of this index's name that its core no longer
/// names (those of the indexes it replaced), and with `prune_older_than` delete those last
/// changed longer ago than that (readers that opened an older core may still read the newer
/// ones). Returns what it prints.
pub fn compact(path: &Path, prune_older_than: Option<Duration>) -> Result<String, String> {
    let (index, dir) = crate::open(Some(path.to_path_buf()))?;
    let Some(chunks) = index.index().chunks() else {
        return Ok(format!(
            "{}: a single-file index, replaced whole by each change: nothing to compact\n",
            path.display()
        ));
    };
    let live: Vec<String> = (0..chunks.count()).map(|k| chunks.file_name(k)).collect();
    let stem = chunks.name.as_str();
    let pruning = prune(
        &dir,
        &live,
        "chunk files",
        &|name| is_chunk_of(name, stem),
        prune_older_than,
    )?;
    // The signatures of the cores it replaced, too (see `signatures`).
    let signatures = prune(
        &dir,
        &[crate::signatures::of_core(path)?],
        "signatures files",
        &|name| crate::signatures::is_of(name, stem),
        prune_older_than,
    )?;
    Ok(format!(
        "{}: {} chunk files in use; {pruning}; {signatures}\n",
        path.display(),
        live.len()
    ))
}

/// Lists the files in `dir` that `ours` claims and `live` does not name, and with
/// `prune_older_than` deletes those last changed longer ago than that. Returns what it did,
/// naming the files `kind`.
pub fn prune(
    dir: &Path,
    live: &[String],
    kind: &str,
    ours: &dyn Fn(&str) -> bool,
    prune_older_than: Option<Duration>,
) -> Result<String, String> {
    let listing = std::fs::read_dir(dir_or_here(dir))
        .map_err(|e| format!("newsdex: {}: {e}", dir.display()))?;
    let now = SystemTime::now();
    let (mut kept, mut pruned, mut kept_bytes, mut pruned_bytes) = (0, 0, 0u64, 0u64);
    for entry in listing {
        let entry = entry.map_err(|e| format!("newsdex: {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !ours(&name) || live.contains(&name) {
            continue;
        }
        let metadata = entry
            .metadata()
            .map_err(|e| format!("newsdex: {}: {e}", entry.path().display()))?;
        let age = metadata
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        match prune_older_than {
            Some(limit) if age >= limit => {
                std::fs::remove_file(entry.path())
                    .map_err(|e| format!("newsdex: {}: {e}", entry.path().display()))?;
                pruned += 1;
                pruned_bytes += metadata.len();
            }
            _ => {
                kept += 1;
                kept_bytes += metadata.len();
            }
        }
    }
    Ok(format!(
        "{pruned} unreferenced {kind} deleted ({pruned_bytes} bytes), {kept} kept ({kept_bytes} bytes)"
    ))
}

/// Whether `name` is a chunk file of an index whose chunks are named after `stem`:
/// `{stem}-{16 hex digits}.chunk`, or `{stem}-{16 hex digits}.{4 digits}.chunk` as format 13
/// named them (one hash for the whole pack), which a site that upgraded still holds.
pub fn is_chunk_of(name: &str, stem: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".chunk"))
    else {
        return false;
    };
    let (hash, number) = rest.split_once('.').unwrap_or((rest, "0000"));
    hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && number.len() >= 4
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// A duration as `--prune-older-than` takes it: a number and a unit, `s`, `m`, `h` or `d`
/// (`90m`, `7d`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(n) if seconds > 0 => Ok(Duration::from_secs(n.saturating_mul(seconds))),
        _ => Err(format!(
            "`{text}` is not a duration: a number and s, m, h or d (90m, 7d)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_chunk_names() {
        assert_eq!(parse_duration("90m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        for bad in ["", "7", "d", "7w", "-1d", "1.5h"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(is_chunk_of("news-00ff00ff00ff00ff.chunk", "news"));
        assert!(!is_chunk_of("news-00ff00ff00ff00ff.chunk", "new"));
        assert!(!is_chunk_of("news-00ff00ff00ff00fx.chunk", "news"));
        assert!(is_chunk_of("news-00ff00ff00ff00ff.0003.chunk", "news"));
        assert!(!is_chunk_of("news-00ff00ff00ff00ff.0003.chunk", "new"));
        assert!(!is_chunk_of(
            "news-extra-00ff00ff00ff00ff.0003.chunk",
            "news"
        ));
        assert!(!is_chunk_of("news-00ff.0003.chunk", "news"));
        assert!(!is_chunk_of(
            "news-00ff00ff00ff00ff.0003.chunk.partial",
            "news"
        ));
        assert!(!is_chunk_of("news-00ff00ff00ff00ff.chunk.partial", "news"));
    }
}
