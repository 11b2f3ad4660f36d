//! Segmented indexes on disk (`newsdex add --segment`): a manifest where the index's core was,
//! naming in order the content-named segment cores (`{stem}-{xxh3}.seg`, each a sharded
//! core whose chunk files are content-named too) and the removals (`{stem}-{xxh3}.del`, a
//! single-file index of the articles a change removed or replaced). An add writes a segment
//! of its articles (and a removal of those they replace), a remove writes a removal; no file
//! that was there changes, and the manifest is replaced by a rename.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use newsdex::copies::Copies;
use newsdex::related::Related;
use newsdex::{
    Article, BuildOptions, Index, IndexBuilder, Part, Segmented, Sharded, SpillOptions, Step,
};
use newsdex_format::shards::chunk_hash;
use newsdex_index::entities::KnownEntity;
use newsdex_index::stories::Signature;
use newsdex_index::ParallelBuilder;

use crate::build::{write, Written};
use crate::signatures;
use crate::update::{is_chunk_of, prune};

use newsdex::manifest::text;
pub use newsdex::manifest::{is_manifest, Entry};

/// The entries of the manifest at `path`, whose bytes are `bytes`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Entry>, String> {
    newsdex::manifest::parse(bytes).map_err(|e| named(path, e))
}

/// `error`'s message, about the file at `path`.
fn named(path: &Path, error: impl ToString) -> String {
    let why = error.to_string();
    format!(
        "newsdex: {}: {}",
        path.display(),
        why.trim_start_matches("newsdex: ")
    )
}

/// The segmented index whose manifest is at `path`, from its parts' cores: requests read the
/// rest through [`crate::chunks::answer_segmented`] from the manifest's folder.
pub fn open(path: &Path, bytes: &[u8]) -> Result<Segmented, String> {
    open_entries(path, &parse(path, bytes)?)
}

/// The segmented index of `entries` beside the manifest at `path` (as [`open`]).
pub(crate) fn open_entries(path: &Path, entries: &[Entry]) -> Result<Segmented, String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut parts = Vec::new();
    for entry in entries {
        let file = dir.join(entry.name());
        let bytes = std::fs::read(&file).map_err(|e| named(&file, e))?;
        parts.push(match entry {
            Entry::Copies(_) => Part::Copies(Copies::parse(&bytes).map_err(|e| named(&file, e))?),
            Entry::Related(_) => {
                Part::Related(Related::parse(&bytes).map_err(|e| named(&file, e))?)
            }
            _ => {
                let core = Sharded::open(bytes.into_boxed_slice()).map_err(|e| named(&file, e))?;
                match entry {
                    Entry::Removed(_) => Part::Removed(core),
                    _ => Part::Segment(core),
                }
            }
        });
    }
    Segmented::open(parts).map_err(|e| named(path, e))
}

/// The signatures of `articles`, and their copies among the live articles of the segments of
/// `entries`, as a segment written after them (see [`crate::signatures`]); a segment's
/// signatures or band table worked out within `budget_bytes` where it has none.
fn copies_of(
    path: &Path,
    entries: &[Entry],
    articles: &[Article],
    budget_bytes: usize,
) -> Result<(Vec<Option<Signature>>, Copies), String> {
    let added = signatures::of(articles);
    let mut index = open_entries(path, entries)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let removed = crate::chunks::answer_segmented(&mut index, dir, |s| s.removed_articles())?;
    let segments: Vec<(String, Vec<u32>, u32)> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Segment(name) => Some(name.clone()),
            _ => None,
        })
        .zip(removed)
        .enumerate()
        .map(|(k, (name, removed))| (name, removed, index.segment_articles(k)))
        .collect();
    let copies = signatures::copies(path, &segments, &added, budget_bytes)?;
    Ok((added, copies))
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

/// What every segment is built with: the first segment's options, site facet fields and
/// chunk size.
struct Settings {
    options: BuildOptions,
    facets: Vec<String>,
    chunk_bytes: u64,
}

impl Settings {
    fn of(path: &Path, entries: &[Entry]) -> Result<Settings, String> {
        let Some(Entry::Segment(first)) = entries.iter().find(|e| matches!(e, Entry::Segment(_)))
        else {
            return Err(format!("newsdex: {}: no segment", path.display()));
        };
        let core = path.with_file_name(first);
        let bytes =
            std::fs::read(&core).map_err(|e| format!("newsdex: {}: {e}", core.display()))?;
        let index = Index::from_bytes(bytes).map_err(|e| e.to_string())?;
        let (options, facets) = index.build_options().map_err(|e| e.to_string())?;
        refuse_without_store(&core, options)?;
        let chunk_bytes = index
            .chunks()
            .map(|c| c.chunk_bytes)
            .ok_or_else(|| format!("newsdex: {}: not a sharded core", core.display()))?;
        Ok(Settings {
            options,
            facets,
            chunk_bytes,
        })
    }
}

/// Refuses a segment built without the document store (`--no-store`), whose core is at
/// `core`, before anything is written: a removal, a merge and the signatures are made from
/// the stored articles.
fn refuse_without_store(core: &Path, options: BuildOptions) -> Result<(), String> {
    match options.store {
        true => Ok(()),
        false => Err(format!(
            "newsdex: {}: built without the document store (--no-store), so segments cannot be added to it (a removal, a merge and the copies across segments are made from the stored articles): build it again with the store",
            core.display()
        )),
    }
}

/// The entities of the segments of `entries`, in order of first appearance, for a segment
/// built after them to link against; none for an index without entities.
fn known_entities(
    path: &Path,
    settings: &Settings,
    entries: &[Entry],
) -> Result<Vec<KnownEntity>, String> {
    let mut known = Vec::new();
    if !settings.options.entities {
        return Ok(known);
    }
    for entry in entries {
        if let Entry::Segment(name) = entry {
            let (mut segment, dir) = crate::open(Some(path.with_file_name(name)))?;
            known.extend(crate::chunks::answer(&mut segment, &dir, |s| {
                s.known_entities()
            })?);
        }
    }
    Ok(known)
}

/// Builds `articles` as a removal beside the manifest at `path` (`{stem}-{xxh3}.del`: an index
/// of the articles whose statistics the corpus's leave out). Returns its entry and its bytes.
fn write_removal(
    path: &Path,
    settings: &Settings,
    articles: &[Article],
) -> Result<(Entry, u64), String> {
    let mut builder = IndexBuilder::new(settings.options);
    builder
        .set_facets(&settings.facets)
        .map_err(|e| e.to_string())?;
    for article in articles {
        builder.insert(article).map_err(|e| e.to_string())?;
    }
    let bytes = builder.finish().map_err(|e| e.to_string())?;
    Ok((
        Entry::Removed(write_named(path, "del", &bytes)?),
        bytes.len() as u64,
    ))
}

/// Builds `articles` as a segment beside the manifest at `path`, its names linked against
/// `known` (the earlier segments' entities), within `budget_bytes` (the known entities
/// included): its chunk files, then its core as `{stem}-{xxh3}.seg`. Returns the core's name,
/// and the files and bytes new there.
fn write_segment(
    path: &Path,
    settings: &Settings,
    articles: &[Article],
    known: Vec<KnownEntity>,
    budget_bytes: usize,
) -> Result<(String, usize, u64), String> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let spill = SpillOptions {
        dir: dir.to_path_buf(),
        budget_bytes,
    };
    let mut builder =
        IndexBuilder::with_spill(settings.options, spill).map_err(|e| e.to_string())?;
    builder
        .set_facets(&settings.facets)
        .map_err(|e| e.to_string())?;
    builder.know_entities(known);
    // The recogniser on every core: the bytes are the same whatever the number.
    let mut builder = ParallelBuilder::new(builder, 0).map_err(|e| e.to_string())?;
    for article in articles {
        builder.insert(article.clone()).map_err(|e| e.to_string())?;
    }
    let sections = builder.finish_sections().map_err(|e| e.to_string())?;
    // Split under the index's stem, so that the chunk files are named as the index's are.
    let staged = path.with_file_name(format!("{}.staged", stem(path)));
    let (
        _,
        Written {
            new_files,
            new_bytes,
            ..
        },
    ) = write(sections, &staged, Some(settings.chunk_bytes), &|_| {})?;
    let core = std::fs::read(&staged).map_err(|e| format!("newsdex: {}: {e}", staged.display()))?;
    let _ = std::fs::remove_file(&staged);
    let name = write_named(path, "seg", &core)?;
    // What `write` counts: the core and the chunk files not there before.
    Ok((name, new_files, new_bytes))
}

/// Writes `articles` as a segment after `entries` (see [`write_segment`]), with its signatures
/// and, when it has any, its copies among their segments' live articles
/// (`{stem}-{xxh3}.cps`), found first; pushes the segment's entry and its copies'. Returns the
/// files and bytes new there.
fn add_segment(
    path: &Path,
    settings: &Settings,
    entries: &mut Vec<Entry>,
    articles: &[Article],
    budget_bytes: usize,
) -> Result<(usize, u64), String> {
    let (added, copies) = copies_of(path, entries, articles, budget_bytes)?;
    // Every segment's entities, the replaced articles' among them: a removal leaves the
    // entity tables as they were (see README).
    let known = known_entities(path, settings, entries)?;
    let found = crate::related::related_of(path, entries, articles, &added, &copies, budget_bytes)?;
    let (name, mut files, mut bytes) =
        write_segment(path, settings, articles, known, budget_bytes)?;
    // The signatures and their band table, and the vectors.
    files += 3;
    bytes += signatures::write(path, &name, &added, budget_bytes)?;
    bytes += crate::vectors::write(path, &name, &found.doc_freqs, &found.vectors, budget_bytes)?;
    entries.push(Entry::Segment(name));
    if !copies.pairs.is_empty() {
        let written = copies.to_bytes();
        entries.push(Entry::Copies(write_named(path, "cps", &written)?));
        files += 1;
        bytes += written.len() as u64;
    }
    if let Some(related) = found.related {
        let written = related.to_bytes();
        entries.push(Entry::Related(write_named(path, "rel", &written)?));
        files += 1;
        bytes += written.len() as u64;
    }
    Ok((files, bytes))
}

/// Checks that every part of `entries` opens (each core with the checks a reader makes),
/// then writes them as the manifest at `path` through a file renamed into place. Returns its
/// bytes.
fn replace_manifest(path: &Path, entries: &[Entry]) -> Result<u64, String> {
    for entry in entries {
        let file = path.with_file_name(entry.name());
        let bytes =
            std::fs::read(&file).map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
        match entry {
            Entry::Copies(_) => Copies::parse(&bytes).map(drop),
            Entry::Related(_) => Related::parse(&bytes).map(drop),
            _ => Index::from_bytes(bytes).map(drop),
        }
        .map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
    }
    let manifest = text(entries);
    let partial = path.with_file_name(format!("{}.partial", stem(path)));
    std::fs::write(&partial, &manifest)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    Ok(manifest.len() as u64)
}

/// The live articles with `ids` in the index of `entries`, as stored: walking the parts from
/// the newest, an id's newest segment holds its live copy unless a later removal removed it.
/// Each segment is read through the pieces its ids need, not whole.
fn live_copies(path: &Path, entries: &[Entry], ids: &[String]) -> Result<Vec<Article>, String> {
    let mut wanted: Vec<&String> = Vec::new();
    for id in ids {
        if !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    let mut removed_later: HashSet<String> = HashSet::new();
    let mut live = Vec::new();
    for entry in entries.iter().rev() {
        if wanted.is_empty() {
            break;
        }
        match entry {
            Entry::Removed(name) => {
                let file = path.with_file_name(name);
                let bytes = std::fs::read(&file)
                    .map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
                let removal = Index::from_bytes(bytes)
                    .and_then(|index| index.articles())
                    .map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
                removed_later.extend(removal.into_iter().map(|a| a.id));
            }
            Entry::Segment(name) => {
                let (mut segment, dir) = crate::open(Some(path.with_file_name(name)))?;
                let mut left = Vec::new();
                for id in wanted {
                    let held =
                        crate::chunks::answer(&mut segment, &dir, |s| match s.article(id, None) {
                            Ok(Step::Done(view)) => Ok(Step::Done(Some(view.article))),
                            Ok(Step::Fetch(ranges)) => Ok(Step::Fetch(ranges)),
                            Err(e) if e.code() == "UnknownArticle" => Ok(Step::Done(None)),
                            Err(e) => Err(e),
                        })?;
                    match held {
                        Some(article) if !removed_later.contains(id) => live.push(article),
                        Some(_) => {}
                        None => left.push(id),
                    }
                }
                wanted = left;
            }
            Entry::Copies(_) | Entry::Related(_) => {}
        }
    }
    Ok(live)
}

/// Segments merged at once: when this many of the newest are within [`TIER_RATIO`] of the
/// newest's articles, they become one (Lucene's `TieredMergePolicy`'s segments per tier).
pub const TIER_SEGMENTS: usize = 10;
/// A segment counts in the newest's tier when it holds at most this many times its articles.
pub const TIER_RATIO: u32 = 3;
/// A merge makes no segment of more articles than this: a day of 1,000 articles then uploads
/// at most one merged segment of 10,000 (1.3% of a 1M archive's bytes), and a segment is
/// added every ten days until `compact` merges them all.
pub const MAX_MERGED_ARTICLES: u32 = 10_000;

/// Merges the newest segments of `entries` when [`TIER_SEGMENTS`] of them are within
/// [`TIER_RATIO`] of the newest's articles and hold at most [`MAX_MERGED_ARTICLES`] between
/// them. Their live articles become one segment, written after the removals among them that
/// removed older segments' articles (each written again with those alone); the removals of
/// their own articles drop out. Returns the files and bytes written and the segments merged.
fn merge_tier(
    path: &Path,
    settings: &Settings,
    entries: &mut Vec<Entry>,
    budget_bytes: usize,
) -> Result<Option<(usize, u64, usize)>, String> {
    let read_core = |name: &str| -> Result<Index<Vec<u8>>, String> {
        let file = path.with_file_name(name);
        let bytes =
            std::fs::read(&file).map_err(|e| format!("newsdex: {}: {e}", file.display()))?;
        Index::from_bytes(bytes).map_err(|e| format!("newsdex: {}: {e}", file.display()))
    };
    let mut tier = 0;
    let (mut total, mut newest) = (0u32, None);
    let mut first = entries.len();
    for (at, entry) in entries.iter().enumerate().rev() {
        let Entry::Segment(name) = entry else {
            continue;
        };
        let articles = read_core(name)?.stats().articles;
        let newest = *newest.get_or_insert(articles);
        if articles > newest.saturating_mul(TIER_RATIO) || total + articles > MAX_MERGED_ARTICLES {
            break;
        }
        total += articles;
        tier += 1;
        first = at;
        if tier == TIER_SEGMENTS {
            break;
        }
    }
    if tier < TIER_SEGMENTS {
        return Ok(None);
    }
    // Walking the tier in order: where each id's live copy is (its segment's place, and the
    // articles), and the removals of articles from before the tier.
    let mut live: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut segments: Vec<Vec<Article>> = Vec::new();
    let mut kept_removals: Vec<Vec<Article>> = Vec::new();
    for entry in &entries[first..] {
        match entry {
            Entry::Segment(name) => {
                let (mut segment, dir) = crate::open(Some(path.with_file_name(name)))?;
                let articles =
                    crate::chunks::answer(&mut segment, &dir, |s| s.articles(0..u32::MAX))?;
                for article in &articles {
                    live.insert(article.id.clone(), segments.len());
                }
                segments.push(articles);
            }
            // The merged segment's copies and related stories are found again.
            Entry::Copies(_) | Entry::Related(_) => {}
            Entry::Removed(name) => {
                let removed = read_core(name)?.articles().map_err(|e| e.to_string())?;
                let older: Vec<Article> = removed
                    .into_iter()
                    .filter(|a| live.remove(&a.id).is_none())
                    .collect();
                if !older.is_empty() {
                    kept_removals.push(older);
                }
            }
        }
    }
    let merged: Vec<Article> = segments
        .into_iter()
        .enumerate()
        .flat_map(|(k, articles)| {
            let live = &live;
            articles
                .into_iter()
                .filter(move |a| live.get(&a.id) == Some(&k))
        })
        .collect();
    let (mut files, mut bytes) = (0, 0);
    entries.truncate(first);
    for removal in kept_removals {
        let (entry, written) = write_removal(path, settings, &removal)?;
        files += 1;
        bytes += written;
        entries.push(entry);
    }
    if !merged.is_empty() {
        // Linked against the segments before the tier, as each of the tier's was.
        let (new_files, new_bytes) = add_segment(path, settings, entries, &merged, budget_bytes)?;
        files += new_files;
        bytes += new_bytes;
    }
    Ok(Some((files, bytes, tier)))
}

/// What a change to a segmented index does.
pub enum Change {
    /// Adds these articles, replacing the live ones with the same ids.
    Add(Vec<Article>),
    /// Removes the live articles with these ids.
    Remove(Vec<String>),
}

/// Applies `change` to the index at `path`: a manifest, or a sharded core, which becomes the
/// first segment of a new manifest (its bytes copied to a content name). Returns the figures
/// it reports.
pub fn change(path: &Path, change: Change, budget_bytes: usize) -> Result<String, String> {
    let started = Instant::now();
    let bytes = std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    let (mut new_files, mut new_bytes) = (0usize, 0u64);
    let mut entries = match is_manifest(&bytes) {
        true => parse(path, &bytes)?,
        false => {
            let core = Index::from_bytes(&bytes[..]).map_err(|e| {
                format!(
                    "newsdex: {}: {}",
                    path.display(),
                    e.to_string().trim_start_matches("newsdex: ")
                )
            })?;
            if core.chunks().is_none() {
                return Err(format!(
                    "newsdex: {}: a single-file index is built again by `add` (without --segment); segments are for sharded indexes",
                    path.display()
                ));
            }
            let (options, _) = core.build_options().map_err(|e| e.to_string())?;
            refuse_without_store(path, options)?;
            new_files += 1;
            new_bytes += bytes.len() as u64;
            vec![Entry::Segment(write_named(path, "seg", &bytes)?)]
        }
    };
    let settings = Settings::of(path, &entries)?;
    let (add, gone) = match change {
        Change::Add(add) => {
            let gone: Vec<String> = add.iter().map(|a| a.id.clone()).collect();
            (add, gone)
        }
        Change::Remove(ids) => (Vec::new(), ids),
    };
    // The live copies an add replaces or a remove removes, as the index stored them.
    let removed = live_copies(path, &entries, &gone)?;
    if add.is_empty() {
        if let Some(absent) = gone.iter().find(|id| removed.iter().all(|a| &a.id != *id)) {
            return Err(format!(
                "newsdex: {}: no article has the id \"{absent}\"",
                path.display()
            ));
        }
    }
    let replaced = if add.is_empty() { 0 } else { removed.len() };
    if !removed.is_empty() {
        let (entry, written) = write_removal(path, &settings, &removed)?;
        new_files += 1;
        new_bytes += written;
        entries.push(entry);
    }
    if !add.is_empty() {
        let (files, bytes) = add_segment(path, &settings, &mut entries, &add, budget_bytes)?;
        new_files += files;
        new_bytes += bytes;
    }
    let merged = merge_tier(path, &settings, &mut entries, budget_bytes)?;
    if let Some((files, bytes, _)) = merged {
        new_files += files;
        new_bytes += bytes;
    }
    new_files += 1;
    new_bytes += replace_manifest(path, &entries)?;
    let merged = merged.map_or(String::new(), |(_, _, count)| {
        format!(" ({count} newest segments merged into one)")
    });
    Ok(format!(
        "newsdex: {} added ({replaced} of them replacing articles with the same ids), {} removed: {} segments{merged} → {} in {:.2} s; {new_files} new files of {new_bytes} bytes\n",
        add.len(),
        removed.len() - replaced,
        entries.iter().filter(|e| matches!(e, Entry::Segment(_))).count(),
        path.display(),
        started.elapsed().as_secs_f64()
    ))
}

/// `newsdex compact` of a segmented index: every segment's live articles merged into one
/// segment, in the order they were written (the removals drop out), then the files beside the
/// manifest that it no longer names, directly or through a segment's chunks, listed, or
/// deleted when last changed longer ago than `prune_older_than`. Returns what it prints.
pub fn compact(
    path: &Path,
    prune_older_than: Option<Duration>,
    budget_bytes: usize,
) -> Result<String, String> {
    let started = Instant::now();
    let bytes = std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    let mut entries = parse(path, &bytes)?;
    let mut merged = String::new();
    if entries.len() > 1 {
        let settings = Settings::of(path, &entries)?;
        let mut index = open(path, &bytes)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let articles = crate::chunks::answer_segmented(&mut index, dir, |index| {
            index.live_articles(0..usize::MAX)
        })?;
        let segments = index.segments();
        drop(index);
        let (name, files, bytes) =
            write_segment(path, &settings, &articles, Vec::new(), budget_bytes)?;
        signatures::write(path, &name, &signatures::of(&articles), budget_bytes)?;
        crate::vectors::write_alone(path, &name, &articles, budget_bytes)?;
        entries = vec![Entry::Segment(name)];
        let manifest = replace_manifest(path, &entries)?;
        merged = format!(
            "{segments} segments merged into one of {} articles in {:.2} s ({} new files of {} bytes); ",
            articles.len(),
            started.elapsed().as_secs_f64(),
            files + 1,
            bytes + manifest
        );
    }
    let mut live = Vec::new();
    for entry in &entries {
        let name = entry.name();
        live.push(name.to_owned());
        if let Entry::Copies(_) | Entry::Related(_) = entry {
            continue;
        }
        if let Entry::Segment(_) = entry {
            let signatures = signatures::path_of(path, name);
            let beside = [
                crate::bands::path_of(&signatures),
                signatures,
                crate::vectors::path_of(path, name),
            ];
            live.extend(
                beside
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned()),
            );
        }
        let core = path.with_file_name(name);
        let bytes =
            std::fs::read(&core).map_err(|e| format!("newsdex: {}: {e}", core.display()))?;
        let index =
            Index::from_bytes(bytes).map_err(|e| format!("newsdex: {}: {e}", core.display()))?;
        if let Some(chunks) = index.chunks() {
            live.extend((0..chunks.count()).map(|k| chunks.file_name(k)));
        }
    }
    let stem = stem(path);
    let ours = |name: &str| is_chunk_of(name, &stem) || is_part_of(name, &stem);
    let dir = path.parent().unwrap_or(Path::new(""));
    let pruning = prune(dir, &live, "files", &ours, prune_older_than)?;
    Ok(format!(
        "{}: {merged}{} files in use; {pruning}\n",
        path.display(),
        live.len()
    ))
}

/// Whether `name` is a segment core, a removal, a segment's copies, related stories,
/// signatures, band table or vectors of the index whose stem is `stem`:
/// `{stem}-{16 hex digits}.seg`, `.del`, `.cps`, `.rel`, `.sig`, `.bands` or `.vec`.
fn is_part_of(name: &str, stem: &str) -> bool {
    let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let hash = [".seg", ".del", ".cps", ".rel", ".sig", ".bands", ".vec"]
        .iter()
        .find_map(|end| rest.strip_suffix(end));
    hash.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}
