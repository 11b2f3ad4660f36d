//! How close a segmented index's related stories are to a build from scratch's: for every
//! live article, its first [`DEPTH`] related stories against the fresh build's first
//! [`DEPTH`] (precision and recall, summed over the articles), with the segments' related
//! files (across segments) and without them (each segment's own build, as before such files),
//! for the first segment's articles and the later segments' apart.
//!
//! ```text
//! cargo run --release --example related_across -- SITE/ARCHIVE.ndx FRESH.ndx
//! ```
//!
//! `ARCHIVE.ndx` is a manifest that `newsdex add` wrote; `FRESH.ndx` a single-file build of
//! the same live articles.

use std::collections::HashMap;
use std::path::Path;

use newsdex::copies::Copies;
use newsdex::manifest::{parse, Entry};
use newsdex::related::Related;
use newsdex::{Index, Part, Segmented, Sharded, Step};

/// Related stories compared per article: as many as a reader shows by default.
const DEPTH: usize = 5;

type Failure = Box<dyn std::error::Error>;

/// The segmented index of the manifest at `path`, with its related files or without, every
/// part's chunk files supplied whole.
fn open(path: &Path, related: bool) -> Result<Segmented, Failure> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut parts = Vec::new();
    for entry in parse(&std::fs::read(path)?)? {
        let bytes = std::fs::read(dir.join(entry.name()))?;
        parts.push(match entry {
            Entry::Copies(_) => Part::Copies(Copies::parse(&bytes)?),
            Entry::Related(_) if related => Part::Related(Related::parse(&bytes)?),
            Entry::Related(_) => continue,
            Entry::Segment(_) => Part::Segment(Sharded::open(bytes.into_boxed_slice())?),
            Entry::Removed(_) => Part::Removed(Sharded::open(bytes.into_boxed_slice())?),
        });
    }
    let mut index = Segmented::open(parts)?;
    for part in 0.. {
        let Some(chunks) = index.part(part).and_then(|p| p.index().chunks()) else {
            if index.part(part).is_none() {
                break;
            }
            continue;
        };
        let mut pack = Vec::new();
        for k in 0..chunks.count() {
            pack.extend(std::fs::read(dir.join(chunks.file_name(k)))?);
        }
        index.supply(part, 0, pack)?;
    }
    Ok(index)
}

/// `(found in the fresh list, listed, in the fresh list)`, summed.
#[derive(Default)]
struct Tally(usize, usize, usize);

impl Tally {
    fn report(&self, what: &str) {
        println!(
            "{what}: precision@{DEPTH} {:.3}, recall@{DEPTH} {:.3} ({} of {} listed, {} in the fresh lists)",
            self.0 as f64 / self.1.max(1) as f64,
            self.0 as f64 / self.2.max(1) as f64,
            self.0,
            self.1,
            self.2
        );
    }
}

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [manifest, fresh] = &args[..] else {
        eprintln!("usage: related_across SITE/ARCHIVE.ndx FRESH.ndx");
        std::process::exit(2);
    };
    let fresh = Index::from_bytes(std::fs::read(fresh)?.into_boxed_slice())?;
    let first_segment = {
        let path = Path::new(manifest);
        let entries = parse(&std::fs::read(path)?)?;
        let first = entries.first().ok_or("no segment")?;
        let bytes = std::fs::read(path.with_file_name(first.name()))?;
        let mut core = Sharded::open(bytes.into_boxed_slice())?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let chunks = core.index().chunks().ok_or("not a sharded core")?;
        let mut pack = Vec::new();
        for k in 0..chunks.count() {
            pack.extend(std::fs::read(dir.join(chunks.file_name(k)))?);
        }
        core.supply(0, pack)?;
        let Step::Done(articles) = core.articles(0..u32::MAX)? else {
            return Err("the first segment's articles".into());
        };
        articles.into_iter().map(|a| a.id).collect::<Vec<_>>()
    };
    let first: HashMap<&str, ()> = first_segment.iter().map(|id| (id.as_str(), ())).collect();
    for (related, what) in [(false, "each segment's own"), (true, "across segments")] {
        let index = open(Path::new(manifest), related)?;
        let (mut old, mut new) = (Tally::default(), Tally::default());
        for article in fresh.articles()? {
            let id = article.id.as_str();
            let ids = |hits: Vec<newsdex::Hit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
            let want = ids(fresh.related(id, DEPTH)?);
            let Step::Done(got) = index.related(id, DEPTH)? else {
                return Err(format!("{id}: every chunk was supplied").into());
            };
            let got = ids(got);
            let tally = if first.contains_key(id) {
                &mut old
            } else {
                &mut new
            };
            tally.0 += got.iter().filter(|g| want.contains(g)).count();
            tally.1 += got.len();
            tally.2 += want.len();
        }
        old.report(&format!("{what}, the first segment's articles"));
        new.report(&format!("{what}, the later segments' articles"));
    }
    Ok(())
}
