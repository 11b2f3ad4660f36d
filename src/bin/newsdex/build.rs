//! `newsdex build`: reads the inputs, builds the index with a progress bar on a terminal, and
//! reports what it wrote.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use newsdex::{BuildOptions, CorpusReader, IndexBuilder};

pub fn run(inputs: &[PathBuf], output: &Path, options: BuildOptions) -> Result<(), String> {
    let started = Instant::now();
    let mut total_bytes = 0;
    for input in inputs {
        for file in CorpusReader::input_files(input).map_err(|e| e.to_string())? {
            total_bytes += std::fs::metadata(&file)
                .map_err(|e| format!("newsdex: {}: {e}", file.display()))?
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

    let mut builder = IndexBuilder::new(options);
    let mut reader = CorpusReader::new();
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
    let bytes = builder.finish().map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    for warning in reader.warnings() {
        eprintln!("{warning}");
    }
    std::fs::write(output, &bytes).map_err(|e| format!("newsdex: {}: {e}", output.display()))?;
    let index = newsdex::Index::from_bytes(bytes.as_slice()).map_err(|e| e.to_string())?;
    let stats = index.stats();
    eprintln!(
        "newsdex: indexed {articles} articles ({} left out), {} terms, {} entities, {} bytes{}{} → {} in {:.2} s",
        reader.warnings().len(),
        stats.terms,
        stats.entities,
        stats.bytes,
        if options.store { "" } else { " without the document store" },
        if options.entities { "" } else { " without entities" },
        output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
