//! What each query costs a sharded index read from its files, natively, without a server, for
//! profiling the bytes and rounds of fetches of a page of 10 hits without facets (what a search
//! box asks for): a line per query (kind, bytes, rounds, the target's place on the page, the
//! query, and the bytes by part of the pack: dictionary and table pieces, postings (headline
//! lists among them), positions, skip tables, stored text; "from headline lists" when the page
//! came from them), then the median bytes per kind, in all and by part.
//!
//! `cargo run --release --example shard_fetches -- CORE.ndx QUERIES.json [REPEATS]`, the queries
//! a JSON array of `{kind, query, target}` (as `bench/shards/run.mjs` draws them). With
//! `REPEATS`, each query is also answered that many times more with its bytes at hand (a warm
//! query), and the median time per kind is printed. With `SHARD_FETCHES_ROUNDS=1` in the
//! environment, each round's ranges and bytes by part go to stderr before the query's line.
//! With `SHARD_FETCHES_CHECK=1`, each page is compared with a whole read's (the same query
//! with facets, which reads every match): a query whose ids or scores differ is named on
//! stderr, and the run fails at its end. CORE.ndx may be a segmented index's manifest: its
//! segments are then read from their cores beside it, and each query's line ends with its
//! bytes by part of the manifest (`part3=…`, parts counted as `Segmented::open` counts them).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use newsdex::manifest::{self, Entry};
use newsdex::{Part, PartRange, SearchOptions, SearchResults, Segmented, Sharded, Step};
use newsdex_format::shards::Chunks;

/// The index read: a sharded core, or a segmented index's manifest (its parts' cores beside it).
enum Reader {
    Sharded(Sharded),
    Segmented(Segmented),
}

impl Reader {
    fn search(
        &mut self,
        query: &str,
        options: &SearchOptions,
    ) -> newsdex::Result<Step<SearchResults, PartRange>> {
        Ok(match self {
            Reader::Sharded(sharded) => match sharded.search(query, options)? {
                Step::Done(results) => Step::Done(results),
                Step::Fetch(ranges) => Step::Fetch(
                    ranges
                        .into_iter()
                        .map(|range| PartRange { part: 0, range })
                        .collect(),
                ),
            },
            Reader::Segmented(segmented) => segmented.search(query, options)?,
        })
    }

    fn supply(&mut self, at: &PartRange, bytes: Vec<u8>) -> newsdex::Result<()> {
        match self {
            Reader::Sharded(sharded) => sharded.supply(at.range.start, bytes),
            Reader::Segmented(segmented) => segmented.supply(at.part, at.range.start, bytes),
        }
    }

    fn forget(&mut self) {
        match self {
            Reader::Sharded(sharded) => sharded.forget(),
            Reader::Segmented(segmented) => segmented.retain(&[]),
        }
    }
}

/// A part's chunks and their files (none for a single-file part, which fetches nothing).
struct Source {
    chunks: Option<Chunks>,
    files: Vec<File>,
}

impl Source {
    fn open(dir: &Path, sharded: &Sharded) -> std::io::Result<Source> {
        let chunks = sharded.index().chunks().cloned();
        let files = chunks
            .iter()
            .flat_map(|chunks| {
                (0..chunks.count()).map(|k| File::open(dir.join(chunks.file_name(k))))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Source { chunks, files })
    }

    fn read(&mut self, range: Range<u64>) -> std::io::Result<Vec<u8>> {
        let chunks = self
            .chunks
            .as_ref()
            .ok_or_else(|| std::io::Error::other("a single-file part has no chunks"))?;
        let mut bytes = vec![0; (range.end - range.start) as usize];
        let mut filled = 0;
        while filled < bytes.len() {
            let at = range.start + filled as u64;
            let (k, offset) = (at / chunks.chunk_bytes, at % chunks.chunk_bytes);
            let n = ((chunks.chunk_bytes - offset) as usize).min(bytes.len() - filled);
            self.files[k as usize].seek(SeekFrom::Start(offset))?;
            self.files[k as usize].read_exact(&mut bytes[filled..filled + n])?;
            filled += n;
        }
        Ok(bytes)
    }

    fn part_of(&self, at: u64) -> usize {
        self.chunks.as_ref().map_or(0, |chunks| part_of(chunks, at))
    }
}

/// Opens the index at `path`: a sharded core, or a manifest and the parts it names.
fn open(path: &Path) -> Result<(Reader, Vec<Source>), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    if !manifest::is_manifest(&bytes) {
        let sharded = Sharded::open(bytes.into_boxed_slice())?;
        let source = Source::open(dir, &sharded)?;
        if source.chunks.is_none() {
            return Err("not a sharded index".into());
        }
        return Ok((Reader::Sharded(sharded), vec![source]));
    }
    let (mut parts, mut sources) = (Vec::new(), Vec::new());
    for entry in manifest::parse(&bytes)? {
        let bytes = std::fs::read(dir.join(entry.name()))?;
        if let Entry::Copies(_) = entry {
            parts.push(Part::Copies(newsdex::copies::Copies::parse(&bytes)?));
            continue;
        }
        let sharded = Sharded::open(bytes.into_boxed_slice())?;
        sources.push(Source::open(dir, &sharded)?);
        parts.push(match entry {
            Entry::Removed(_) => Part::Removed(sharded),
            _ => Part::Segment(sharded),
        });
    }
    Ok((Reader::Segmented(Segmented::open(parts)?), sources))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (core_path, queries_path, repeats) = match &args[..] {
        [core, queries] => (core, queries, 0),
        [core, queries, repeats] => (core, queries, repeats.parse::<usize>()?),
        _ => return Err("usage: shard_fetches CORE.ndx QUERIES.json [REPEATS]".into()),
    };
    let queries: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(queries_path)?)?;
    let (mut index, mut sources) = open(Path::new(core_path))?;
    let mut by_kind: BTreeMap<&str, Vec<(u64, [u64; PARTS.len()])>> = BTreeMap::new();
    // What a search box asks for: a page of hits, no facets.
    let options = SearchOptions {
        limit: 10,
        facets: false,
        ..SearchOptions::default()
    };
    let mut warm: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let by_round = std::env::var_os("SHARD_FETCHES_ROUNDS").is_some();
    let check = std::env::var_os("SHARD_FETCHES_CHECK").is_some();
    let mut differ = 0;
    for q in &queries {
        let (kind, query, target) = (
            q["kind"].as_str().unwrap_or(""),
            q["query"].as_str().unwrap_or(""),
            q["target"].as_str().unwrap_or(""),
        );
        index.forget();
        let (mut rounds, mut fetched) = (0, 0);
        let mut by_part = [0u64; PARTS.len()];
        let mut by_segment = vec![0u64; sources.len()];
        let (place, exact, page) = loop {
            match index.search(query, &options)? {
                Step::Done(results) => {
                    let place = results.hits.iter().position(|hit| hit.id == target);
                    break (place, results.total_exact, page_of(&results));
                }
                Step::Fetch(ranges) => {
                    rounds += 1;
                    if by_round {
                        let mut parts = vec![[0u64; PARTS.len()]; sources.len()];
                        for at in &ranges {
                            parts[at.part][sources[at.part].part_of(at.range.start)] +=
                                at.range.end - at.range.start;
                        }
                        // By part of the manifest when there are several.
                        let parts = (parts.iter().enumerate())
                            .filter(|(_, bytes)| bytes.iter().any(|&b| b > 0))
                            .map(|(part, bytes)| match sources.len() {
                                1 => describe(bytes, |b| b.to_string()),
                                _ => format!("part{part}: {}", describe(bytes, |b| b.to_string())),
                            })
                            .collect::<Vec<_>>()
                            .join("; ");
                        eprintln!("{query}\tround {rounds}\t{} ranges\t{parts}", ranges.len());
                    }
                    for at in ranges {
                        let bytes = at.range.end - at.range.start;
                        fetched += bytes;
                        by_part[sources[at.part].part_of(at.range.start)] += bytes;
                        by_segment[at.part] += bytes;
                        index.supply(&at, sources[at.part].read(at.range.clone())?)?;
                    }
                }
            }
        };
        if check {
            let whole = SearchOptions {
                facets: true,
                ..options
            };
            let results = loop {
                match index.search(query, &whole)? {
                    Step::Done(results) => break results,
                    Step::Fetch(ranges) => {
                        for at in ranges {
                            index.supply(&at, sources[at.part].read(at.range.clone())?)?;
                        }
                    }
                }
            };
            if page_of(&results) != page {
                differ += 1;
                eprintln!("{query}\tdiffers from a whole read");
            }
        }
        let place = place.map_or("-".to_owned(), |p| (p + 1).to_string());
        let parts = describe(&by_part, |bytes| bytes.to_string());
        // An estimated total: the page came from the words' headline lists.
        let lists = if exact { "" } else { "\tfrom headline lists" };
        // A segmented index's bytes by part of the manifest (its parts with bytes).
        let segments = match by_segment.len() {
            1 => String::new(),
            _ => (by_segment.iter().enumerate())
                .filter(|&(_, &bytes)| bytes > 0)
                .map(|(part, bytes)| format!(" part{part}={bytes}"))
                .collect(),
        };
        println!("{kind}\t{fetched}\t{rounds}\t{place}\t{query}\t{parts}{segments}{lists}");
        by_kind.entry(kind).or_default().push((fetched, by_part));
        let mut times: Vec<f64> = (0..repeats)
            .map(|_| {
                let started = std::time::Instant::now();
                let answered = matches!(index.search(query, &options), Ok(Step::Done(_)));
                assert!(answered, "a warm query fetches nothing");
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        if !times.is_empty() {
            times.sort_by(f64::total_cmp);
            warm.entry(kind).or_default().push(times[times.len() / 2]);
        }
    }
    for (kind, mut times) in warm {
        times.sort_by(f64::total_cmp);
        println!(
            "# {kind}: warm median {:.2} ms over {} queries",
            times[times.len() / 2],
            times.len()
        );
    }
    for (kind, queries) in by_kind {
        let median = |mut bytes: Vec<u64>| {
            bytes.sort_unstable();
            bytes[bytes.len() / 2]
        };
        let parts: Vec<u64> = (0..PARTS.len())
            .map(|k| median(queries.iter().map(|(_, parts)| parts[k]).collect()))
            .collect();
        println!(
            "# {kind}: median {} KiB over {} queries; medians by part, KiB: {}",
            median(queries.iter().map(|&(bytes, _)| bytes).collect()) / 1024,
            queries.len(),
            describe(&parts, |bytes| format!("{:.1}", bytes as f64 / 1024.0))
        );
    }
    if differ > 0 {
        return Err(format!("{differ} pages differ from a whole read's").into());
    }
    Ok(())
}

/// A page's ids and scores (their bits: equal means the same float).
fn page_of(results: &SearchResults) -> Vec<(String, u32)> {
    (results.hits.iter())
        .map(|hit| (hit.id.clone(), hit.score.to_bits()))
        .collect()
}

/// The parts of a sharded index's pack, in the order [`part_of`] numbers them.
const PARTS: [&str; 5] = ["pieces", "postings", "positions", "skips", "store"];

/// Which of [`PARTS`] the pack's byte `at` lies in.
fn part_of(chunks: &Chunks, at: u64) -> usize {
    let within = |range: &Range<u64>| range.contains(&at);
    if chunks.store.as_ref().is_some_and(within) {
        4
    } else if within(&chunks.postings) {
        1
    } else if within(&chunks.positions) {
        2
    } else if within(&chunks.skips) {
        3
    } else {
        0
    }
}

/// `name=value` for each part with bytes.
fn describe(parts: &[u64], value: impl Fn(u64) -> String) -> String {
    PARTS
        .iter()
        .zip(parts)
        .filter(|&(_, &bytes)| bytes > 0)
        .map(|(name, &bytes)| format!("{name}={}", value(bytes)))
        .collect::<Vec<_>>()
        .join(" ")
}
