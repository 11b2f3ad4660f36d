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

/// Builds `inputs` into `output`: one index file, or with `chunk_bytes` a sharded index (a
/// core at `output`, chunk files of that size beside it). Past `budget_bytes` of postings,
/// the build keeps them in temporary files beside `output`.
pub fn run(
    inputs: &[PathBuf],
    output: &Path,
    options: BuildOptions,
    chunk_bytes: Option<u64>,
    budget_bytes: usize,
    facets: &[String],
    verbose: bool,
) -> Result<(), String> {
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

    let mut builder = IndexBuilder::with_spill(
        options,
        SpillOptions {
            dir: dir.to_path_buf(),
            budget_bytes,
        },
    )
    .map_err(|e| e.to_string())?;
    builder.set_facets(facets).map_err(|e| e.to_string())?;
    let mut reader = SiteReader::new();
    reader.set_facets(facets);
    let progress = bar.clone();
    reader.set_progress(Box::new(move |done| progress.set_position(done)));
    for input in inputs {
        reader
            .read_path(input, &mut |article| {
                builder.insert(&article)?;
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
    let sections = builder.finish_sections().map_err(|e| match e.kind() {
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
    // Written to a file first (a sharded index to one beside the core, split afterwards) and
    // checked as written: a large index is never in the build's own memory.
    let whole = match chunk_bytes {
        None => output.to_path_buf(),
        Some(_) => output.with_file_name(format!(
            "{}.whole",
            output
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        )),
    };
    let written = write(sections, &whole, output, chunk_bytes);
    if written.is_err() {
        // A failed build leaves no index behind (a sharded one's chunks are named after a hash
        // of their bytes, so stray ones are never read as this core's).
        let _ = std::fs::remove_file(&whole);
        if chunk_bytes.is_some() {
            let _ = std::fs::remove_file(output);
        }
    }
    bar.finish_and_clear();
    let warnings = reader.warnings();
    for warning in &warnings {
        eprintln!("{warning}");
    }
    report_skipped(&reader, verbose);
    let (stats, written) = written?;
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

/// Writes `sections` to `whole` and checks the file as a reader would; with `chunk_bytes`,
/// splits it into a core at `output` and chunk files beside it, and removes `whole`. Returns
/// the index's figures and what was written, for the summary.
fn write(
    sections: ContainerWriter,
    whole: &Path,
    output: &Path,
    chunk_bytes: Option<u64>,
) -> Result<(newsdex::Stats, String), String> {
    sections.write_file(whole).map_err(|e| e.to_string())?;
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
        let size = format!("{} bytes", stats.bytes);
        return Ok((stats, size));
    };
    // A sharded index is split from the file piece by piece (the split checks its checksum),
    // and the core is checked as its readers open it.
    let mut source = FileSource::open(whole).map_err(|e| e.to_string())?;
    let (core, chunks) = crate::chunks::write(&mut source, output, chunk_bytes)?;
    drop(source);
    std::fs::remove_file(whole).map_err(|e| io_error(whole, &e))?;
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
    Ok((
        index.stats(),
        format!(
            "a {}-byte core and {} chunk files ({}.*.chunk) of {} bytes in all; {reads}",
            core.len(),
            chunks.count(),
            chunks.name,
            chunks.pack_bytes()
        ),
    ))
}
