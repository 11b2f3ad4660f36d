//! `newsdex build`: reads the inputs, builds the index within a memory budget with a progress
//! bar on a terminal, and reports what it wrote.

use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use newsdex::{BuildOptions, IndexBuilder, SpillOptions};
use newsdex_extract::SiteReader;
use newsdex_format::container::ContainerWriter;
use newsdex_format::source::FileSource;
use newsdex_index::ParallelBuilder;

/// How a build runs, beside what it builds: the recogniser's threads (0: one per core), and
/// whether to list every page and feed item that gave no article.
pub struct Running {
    pub threads: usize,
    pub verbose: bool,
}

/// Builds `inputs` into `output`: one index file, or with `chunk_bytes` a sharded index (a
/// core at `output`, chunk files of that size beside it). Past `budget_bytes` of postings,
/// the build keeps them in temporary files beside `output`. The recogniser runs on `threads`
/// threads (0: one per core).
pub fn run(
    inputs: &[PathBuf],
    output: &Path,
    options: BuildOptions,
    chunk_bytes: Option<u64>,
    budget_bytes: usize,
    facets: &[String],
    running: Running,
) -> Result<(), String> {
    let Running { threads, verbose } = running;
    let started = Instant::now();
    // Made before reading, so that a long build does not fail at its very end.
    let dir = output
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let mut total_bytes = 0;
    for input in inputs {
        for file in SiteReader::input_files(input).map_err(|e| e.to_string())? {
            total_bytes += std::fs::metadata(&file)
                .map_err(|e| io_error(&file, &e))?
                .len();
        }
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total_bytes);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} [{wide_bar}] {eta} {msg}",
            )
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    let steps = verbose.then(|| crate::steps::Steps::start("reading and tagging"));
    let builder = IndexBuilder::with_spill(
        options,
        SpillOptions {
            dir: dir.to_path_buf(),
            budget_bytes,
        },
    )
    .map_err(|e| e.to_string())
    .and_then(|mut builder| {
        builder.set_facets(facets).map_err(|e| e.to_string())?;
        if let Some(steps) = &steps {
            builder.on_step(steps.hook());
        }
        Ok(builder)
    })?;
    let mut builder = ParallelBuilder::new(builder, threads).map_err(|e| e.to_string())?;
    let mut reader = SiteReader::new();
    reader.set_facets(facets);
    let progress = bar.clone();
    reader.set_progress(Box::new(move |done| progress.set_position(done)));
    for input in inputs {
        reader
            .read_path(input, &mut |article| {
                builder.insert(article)?;
                if builder.len() % 256 == 0 {
                    bar.set_message(format!("{} articles", builder.len()));
                }
                Ok(())
            })
            .map_err(|e| {
                bar.finish_and_clear();
                e.to_string()
            })?;
    }
    bar.set_message("writing the index");
    let articles = builder.len();
    // A sharded index is what `add` grows by segments: the articles' signatures are kept
    // beside it, for a later segment's copies of its stories (see `signatures`).
    let signatures = match chunk_bytes {
        Some(_) => {
            let signatures = builder.signatures().map_err(|e| e.to_string())?;
            Some(crate::signatures::stage(output, signatures)?)
        }
        None => None,
    };
    let sections = builder.finish_sections();
    let sections = sections.map_err(|e| match e.kind() {
        newsdex_index::ErrorKind::EmptyCorpus => {
            let names: Vec<String> = inputs
                .iter()
                .map(|input| input.display().to_string())
                .collect();
            format!(
                "{e}: read {} ({} left out with a warning)",
                names.join(", "),
                reader.warnings().len() + reader.skipped().len()
            )
        }
        _ => e.to_string(),
    })?;
    let step = |name| {
        if let Some(steps) = &steps {
            steps.next(name);
        }
    };
    let written = write_staged(sections, output, chunk_bytes, &step, signatures);
    if let Some(steps) = steps {
        steps.finish();
    }
    bar.finish_and_clear();
    let warnings = reader.warnings();
    for warning in &warnings {
        eprintln!("{warning}");
    }
    report_skipped(&reader, verbose);
    let (stats, written) = written?;
    let written = written.summary;
    let (pages, items) = reader.counts();
    let from = match (pages, items) {
        (0, 0) => String::new(),
        (pages, 0) => format!(" ({pages} from pages)"),
        (0, items) => format!(" ({items} from feed items)"),
        (pages, items) => format!(" ({pages} from pages, {items} from feed items)"),
    };
    eprintln!(
        "newsdex: indexed {articles} articles{from} ({} left out), {} terms, {} entities, {written}{}{} → {} in {:.2} s",
        warnings.len(),
        stats.terms,
        stats.entities,
        if options.store { "" } else { " without the document store" },
        if options.entities { "" } else { " without entities" },
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// How many pages and feed items gave no article, naming a few (all, and the pages' unused
/// metadata, with `verbose`).
fn report_skipped(reader: &SiteReader, verbose: bool) {
    const NAMED: usize = 5;
    let skipped = reader.skipped();
    if verbose {
        for skip in skipped {
            eprintln!("newsdex: skipped {}: {}", skip.file, skip.reason);
        }
        for note in reader.notes() {
            eprintln!("newsdex: note: {note}");
        }
    } else if !skipped.is_empty() {
        let named: Vec<String> = skipped
            .iter()
            .take(NAMED)
            .map(|s| format!("{} ({})", s.file, s.reason))
            .collect();
        let more = if skipped.len() > NAMED {
            ", …; --verbose lists them all"
        } else {
            ""
        };
        eprintln!(
            "newsdex: skipped {} pages or items that are not articles: {}{more}",
            skipped.len(),
            named.join(", ")
        );
    }
    if !verbose && !reader.notes().is_empty() {
        eprintln!(
            "newsdex: {} notes on metadata that was not used; --verbose lists them",
            reader.notes().len()
        );
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> String {
    format!("newsdex: {}: {error}", path.display())
}

/// What a build wrote.
pub struct Written {
    /// What was written, for the summary.
    pub summary: String,
    /// The files written (the index or core, and the chunk files not there before) and
    /// their bytes in all: what a site uploads.
    pub new_files: usize,
    /// Their bytes in all.
    pub new_bytes: u64,
}

/// Writes `sections` to a file beside `output` and checks it as a reader would, then moves it
/// to `output` (a rename: a reader opens the old index or the new one, never half of one);
/// with `chunk_bytes`, splits it into chunk files beside `output` and a core moved there
/// last. Chunk files are named after a hash of the pack, so those of the index being replaced
/// stay for the readers that opened it. Returns the index's figures and what was written;
/// `step` is told each step's name as it starts.
pub fn write(
    sections: ContainerWriter,
    output: &Path,
    chunk_bytes: Option<u64>,
    step: &dyn Fn(&'static str),
) -> Result<(newsdex::Stats, Written), String> {
    let whole = output.with_file_name(format!(
        "{}.partial",
        output
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    let written = write_whole(sections, &whole, output, chunk_bytes, step);
    // A failed build leaves no index behind.
    let _ = std::fs::remove_file(&whole);
    written
}

/// [`write`], then the signatures `staged` beside it (see [`crate::signatures::stage`]) named
/// after the core written.
pub fn write_staged(
    sections: ContainerWriter,
    output: &Path,
    chunk_bytes: Option<u64>,
    step: &dyn Fn(&'static str),
    staged: Option<PathBuf>,
) -> Result<(newsdex::Stats, Written), String> {
    let written = write(sections, output, chunk_bytes, step).and_then(|written| {
        if let Some(staged) = &staged {
            crate::signatures::name_staged(output, staged)?;
        }
        Ok(written)
    });
    if let Some(staged) = &staged {
        let _ = std::fs::remove_file(staged);
    }
    written
}

fn write_whole(
    sections: ContainerWriter,
    whole: &Path,
    output: &Path,
    chunk_bytes: Option<u64>,
    step: &dyn Fn(&'static str),
) -> Result<(newsdex::Stats, Written), String> {
    step("writing the index file");
    sections.write_file(whole).map_err(|e| e.to_string())?;
    step(if chunk_bytes.is_some() {
        "splitting into chunks"
    } else {
        "checking the index"
    });
    let Some(chunk_bytes) = chunk_bytes else {
        // A single-file index is read whole by its readers, so it is checked whole: through a
        // memory map, in the file cache rather than the build's memory.
        let file = File::open(whole).map_err(|e| io_error(whole, &e))?;
        // SAFETY: the map is only read, and the file is this build's own output, written above;
        // nothing in this process writes it again. (Were another process to cut the file short
        // meanwhile, reading past its new end would fault, as with any mapped file.)
        let bytes = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| io_error(whole, &e))?;
        let stats = newsdex::Index::from_bytes(&bytes[..])
            .map_err(|e| e.to_string())?
            .stats();
        drop(bytes);
        std::fs::rename(whole, output).map_err(|e| io_error(output, &e))?;
        let summary = format!("{} bytes", stats.bytes);
        let new_bytes = stats.bytes as u64;
        return Ok((
            stats,
            Written {
                summary,
                new_files: 1,
                new_bytes,
            },
        ));
    };
    // A sharded index is split from the file piece by piece (the split checks its checksum),
    // and the core is checked as its readers open it.
    let mut source = FileSource::open(whole).map_err(|e| e.to_string())?;
    let (core, chunks, new_chunks) = crate::chunks::write(&mut source, output, chunk_bytes)?;
    drop(source);
    let index = newsdex::Index::from_bytes(&core[..]).map_err(|e| e.to_string())?;
    let deflated = newsdex_format::store::Deflater::default()
        .deflate_bytes(&core)
        .len();
    // What a page fetches: the core, then per query word a terms piece, and per hit a card and
    // its text (the mean of each, as the chunks hold them).
    let mean_piece = |name: &str| {
        let sizes = index.piece_sizes();
        let (_, pieces, bytes) = sizes.iter().find(|(table, _, _)| *table == name)?;
        Some(bytes / (*pieces).max(1) as u64)
    };
    let text = chunks.store.as_ref().map_or(0, |s| s.end - s.start)
        / u64::from(index.stats().articles.max(1));
    let reads = format!(
        "a reader fetches the core ({deflated} bytes deflated), then about {} bytes a query word and {} bytes a hit",
        mean_piece("terms").unwrap_or(0),
        mean_piece("cards").unwrap_or(0) + text,
    );
    let summary = format!(
        "a {}-byte core and {} chunk files ({}-*.chunk) of {} bytes in all; {reads}",
        core.len(),
        chunks.count(),
        chunks.name,
        chunks.pack_bytes()
    );
    Ok((
        index.stats(),
        Written {
            summary,
            new_files: 1 + new_chunks.files,
            new_bytes: core.len() as u64 + new_chunks.bytes,
        },
    ))
}
