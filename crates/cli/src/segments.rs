//! Segmented indexes on disk (`newsdex add --segment`): a manifest where the index's core was,
//! naming in order the content-named segment cores (`{stem}-{xxh3}.seg`, each a sharded
//! core whose chunk files are content-named too) and the removals (`{stem}-{xxh3}.del`, a
//! single-file index of the articles a change removed or replaced). An add writes a segment
//! of its articles (and a removal of those they replace), a remove writes a removal; no file
//! that was there changes, and the manifest is replaced by a rename.

use std::path::Path;
use std::time::Instant;

use newsdex::{Article, IndexBuilder, Part, Segmented, Sharded};
use newsdex_format::shards::chunk_hash;

use crate::build::{write, Written};

/// The manifest's first line: what it is and its format's version.
pub const MAGIC: &str = "newsdex-segments 1";

/// One line of a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A segment's core, by file name beside the manifest.
    Segment(String),
    /// A removal, by file name beside the manifest.
    Removed(String),
}

/// Whether `bytes` are a manifest (or, from its first line, meant to be one).
pub fn is_manifest(bytes: &[u8]) -> bool {
    bytes.starts_with(b"newsdex-segments")
}

/// The entries of the manifest at `path`, whose bytes are `bytes`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let bad = |line: usize, why: &str| format!("newsdex: {}: line {line}: {why}", path.display());
    let text = std::str::from_utf8(bytes).map_err(|_| bad(1, "not UTF-8 text"))?;
    let mut lines = text.lines();
    match lines.next() {
        Some(MAGIC) => {}
        Some(other) => {
            return Err(bad(
                1,
                &format!("`{other}`: this newsdex reads `{MAGIC}` manifests"),
            ))
        }
        None => return Err(bad(1, "empty")),
    }
    let mut entries = Vec::new();
    for (i, line) in lines.enumerate() {
        let entry = match line.split_once(' ') {
            Some(("segment", name)) => Entry::Segment(name.to_owned()),
            Some(("removed", name)) => Entry::Removed(name.to_owned()),
            _ => {
                return Err(bad(
                    i + 2,
                    &format!("`{line}` is not `segment NAME` or `removed NAME`"),
                ))
            }
        };
        let (Entry::Segment(name) | Entry::Removed(name)) = &entry;
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(bad(
                i + 2,
                &format!("`{name}` is not a file name beside the manifest"),
            ));
        }
        entries.push(entry);
    }
    if !entries.iter().any(|e| matches!(e, Entry::Segment(_))) {
        return Err(bad(1, "no segment"));
    }
    Ok(entries)
}

fn text(entries: &[Entry]) -> String {
    let mut out = format!("{MAGIC}\n");
    for entry in entries {
        match entry {
            Entry::Segment(name) => out += &format!("segment {name}\n"),
            Entry::Removed(name) => out += &format!("removed {name}\n"),
        }
    }
    out
}

/// A core or a single-file index at `path`, with every chunk it names read from `dir`.
fn load_part(path: &Path, dir: &Path) -> Result<Sharded, String> {
    let named = |e: String| {
        format!(
            "newsdex: {}: {}",
            path.display(),
            e.trim_start_matches("newsdex: ")
        )
    };
    let bytes = std::fs::read(path).map_err(|e| named(e.to_string()))?;
    let mut sharded = Sharded::open(bytes.into_boxed_slice()).map_err(|e| named(e.to_string()))?;
    if let Some(chunks) = sharded.index().chunks().cloned() {
        let mut start = 0;
        for k in 0..chunks.count() {
            let file = dir.join(chunks.file_name(k));
            let bytes =
                std::fs::read(&file).map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
            let len = bytes.len() as u64;
            sharded
                .supply(start, bytes)
                .map_err(|e| named(e.to_string()))?;
            start += len;
        }
    }
    Ok(sharded)
}

/// The segmented index whose manifest is at `path`, every part read whole.
pub fn open(path: &Path, bytes: &[u8]) -> Result<Segmented, String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut parts = Vec::new();
    for entry in parse(path, bytes)? {
        parts.push(match entry {
            Entry::Segment(name) => Part::Segment(load_part(&dir.join(name), dir)?),
            Entry::Removed(name) => Part::Removed(load_part(&dir.join(name), dir)?),
        });
    }
    Segmented::open(parts).map_err(|e| {
        format!(
            "newsdex: {}: {}",
            path.display(),
            e.to_string().trim_start_matches("newsdex: ")
        )
    })
}

/// Writes `bytes` as `{stem}-{xxh3}.{extension}` beside `path` (unless a file of that name
/// is there with these bytes), through a file renamed into place. Returns its name.
fn write_named(path: &Path, extension: &str, bytes: &[u8]) -> Result<String, String> {
    let name = format!("{}-{:016x}.{extension}", stem(path), chunk_hash(bytes));
    let target = path.with_file_name(&name);
    if std::fs::read(&target).is_ok_and(|there| there == bytes) {
        return Ok(name);
    }
    let partial = path.with_file_name(format!("{name}.partial"));
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, &target))
        .map_err(|e| format!("newsdex: {}: {e}", target.display()))?;
    Ok(name)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or("index".into(), |s| s.to_string_lossy().into_owned())
}

/// The site facet fields of the index at `path` (a manifest or a core): what its inputs are
/// read with.
pub fn facet_fields(path: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    let core = match is_manifest(&bytes) {
        true => match parse(path, &bytes)?.into_iter().next() {
            Some(Entry::Segment(name)) => {
                let core = path.with_file_name(name);
                std::fs::read(&core).map_err(|e| format!("newsdex: {}: {e}", core.display()))?
            }
            _ => {
                return Err(format!(
                    "newsdex: {}: line 2: not a segment",
                    path.display()
                ))
            }
        },
        false => bytes,
    };
    let index = newsdex::Index::from_bytes(core).map_err(|e| e.to_string())?;
    let (_, facets) = index.build_options().map_err(|e| e.to_string())?;
    Ok(facets)
}

/// What a change to a segmented index does.
pub enum Change {
    /// Adds these articles, replacing the live ones with the same ids.
    Add(Vec<Article>),
    /// Removes the live articles with these ids.
    Remove(Vec<String>),
}

/// Applies `change` to the index at `path`: a manifest, or a sharded core, which becomes the
/// first segment of a new manifest. Returns the figures it reports.
pub fn change(path: &Path, change: Change, chunk_kib: u64) -> Result<String, String> {
    let started = Instant::now();
    let bytes = std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    let mut new_bytes = 0u64;
    let mut new_files = 0usize;
    let mut entries = match is_manifest(&bytes) {
        true => parse(path, &bytes)?,
        false => {
            let core = Sharded::open(bytes.clone().into_boxed_slice()).map_err(|e| {
                format!(
                    "newsdex: {}: {}",
                    path.display(),
                    e.to_string().trim_start_matches("newsdex: ")
                )
            })?;
            if core.index().chunks().is_none() {
                return Err(format!(
                    "newsdex: {}: a single-file index is built again by `add` (without --segment); segments are for sharded indexes",
                    path.display()
                ));
            }
            new_files += 1;
            new_bytes += bytes.len() as u64;
            vec![Entry::Segment(write_named(path, "seg", &bytes)?)]
        }
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let Some(Entry::Segment(first)) = entries.iter().find(|e| matches!(e, Entry::Segment(_)))
    else {
        return Err(format!("newsdex: {}: no segment", path.display()));
    };
    let first = load_part(&dir.join(first), dir)?;
    let (options, facets) = first.index().build_options().map_err(|e| e.to_string())?;
    let chunk_bytes = first
        .index()
        .chunks()
        .map_or(chunk_kib << 10, |c| c.chunk_bytes);
    drop(first);
    let index = open_entries(path, &entries)?;
    let (add, gone) = match change {
        Change::Add(add) => {
            let gone: Vec<String> = add.iter().map(|a| a.id.clone()).collect();
            (add, gone)
        }
        Change::Remove(ids) => {
            if let Some(absent) = ids.iter().find(|id| index.article(id, None).is_err()) {
                return Err(format!(
                    "newsdex: {}: no article has the id `{absent}`",
                    path.display()
                ));
            }
            (Vec::new(), ids)
        }
    };
    let removed: Vec<Article> = gone
        .iter()
        .filter_map(|id| index.article(id, None).ok().map(|view| view.article))
        .collect();
    drop(index);
    let replaced = if add.is_empty() { 0 } else { removed.len() };
    if !removed.is_empty() {
        let mut builder = IndexBuilder::new(options.clone());
        builder.set_facets(&facets).map_err(|e| e.to_string())?;
        for article in &removed {
            builder.insert(article).map_err(|e| e.to_string())?;
        }
        let bytes = builder.finish().map_err(|e| e.to_string())?;
        new_files += 1;
        new_bytes += bytes.len() as u64;
        entries.push(Entry::Removed(write_named(path, "del", &bytes)?));
    }
    if !add.is_empty() {
        let mut builder = IndexBuilder::new(options);
        builder.set_facets(&facets).map_err(|e| e.to_string())?;
        for article in &add {
            builder.insert(article).map_err(|e| e.to_string())?;
        }
        let sections = builder.finish_sections().map_err(|e| e.to_string())?;
        let staged = path.with_file_name(format!("{}.staged", stem(path)));
        let (
            _,
            Written {
                new_files: files,
                new_bytes: bytes,
                ..
            },
        ) = write(sections, &staged, Some(chunk_bytes), &|_| {})?;
        let core =
            std::fs::read(&staged).map_err(|e| format!("newsdex: {}: {e}", staged.display()))?;
        let _ = std::fs::remove_file(&staged);
        new_files += files;
        new_bytes += bytes;
        entries.push(Entry::Segment(write_named(path, "seg", &core)?));
    }
    // Checked as a reader opens it before it replaces the old manifest.
    open_entries(path, &entries)?;
    let manifest = text(&entries);
    let partial = path.with_file_name(format!("{}.partial", stem(path)));
    std::fs::write(&partial, &manifest)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    new_files += 1;
    new_bytes += manifest.len() as u64;
    Ok(format!(
        "newsdex: {} added ({replaced} of them replacing articles with the same ids), {} removed: {} segments → {} in {:.2} s; {new_files} new files of {new_bytes} bytes\n",
        add.len(),
        removed.len() - replaced,
        entries.iter().filter(|e| matches!(e, Entry::Segment(_))).count(),
        path.display(),
        started.elapsed().as_secs_f64()
    ))
}

fn open_entries(path: &Path, entries: &[Entry]) -> Result<Segmented, String> {
    open(path, text(entries).as_bytes())
}
