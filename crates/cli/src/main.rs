//! The `newsdex` command: build an index from a corpus, search it, read an article.

mod bands;
mod build;
mod chunks;
mod ner;
mod output;
mod related;
mod segments;
mod shown;
mod signatures;
mod steps;
mod update;
mod vectors;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsdex::{
    BuildOptions, Index, Language, PartRange, SearchOptions, Segmented, Sharded, Sort, Step,
};

/// Client-side news search: build, search and read newsdex indexes.
#[derive(Parser)]
#[command(name = "newsdex", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from a built site's folder, HTML pages, RSS, Atom and JSON feeds, JSON
    /// Lines and seed .txt articles.
    Build {
        /// Inputs: a folder (its .html pages and .xml/.rss/.atom/.json feeds at any depth, a
        /// news sitemap.xml at its root, its .jsonl files, and its .txt articles when it has no
        /// pages), or files of those kinds.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the index.
        #[arg(short, long)]
        output: PathBuf,
        /// Leave out the document store (ids and scores only; for size comparisons).
        #[arg(long)]
        no_store: bool,
        /// Do not run the named-entity recogniser (no entity filters, facets or mentions).
        #[arg(long)]
        no_entities: bool,
        /// Write a sharded index: OUTPUT is a small core, and the postings, positions and
        /// article text go to chunk files beside it, fetched on demand.
        #[arg(long)]
        shards: bool,
        /// The size of each chunk file of a sharded index, in KiB.
        #[arg(long, default_value_t = 16384, requires = "shards", value_parser = clap::value_parser!(u64).range(4..=1048576))]
        chunk_kib: u64,
        /// The postings to keep in memory, in MiB: past it they go to temporary files beside
        /// the output (deleted when the build ends), as do the stored articles. The build
        /// needs about this much, plus the vocabulary and a few hundred bytes per article.
        #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1048576))]
        memory_budget: u64,
        /// Index this JSON Lines field (a string or an array of strings) as a site facet,
        /// filtered by `FIELD:value` in queries and counted in results (repeat for several);
        /// pages and feed items give `authors`, `tags`, `lang`, `section` and `source`.
        #[arg(long = "facet", value_name = "FIELD")]
        facets: Vec<String>,
        /// The language of the articles that do not give theirs (JSON Lines `lang`), as a
        /// language tag: `fr`, `de`, `pt-BR`, `zh` … Words are stemmed in each article's
        /// language; names are found in English articles only.
        #[arg(long, value_name = "TAG", default_value = "en", value_parser = parse_language)]
        lang: Language,
        /// The threads that run the recogniser (0: one per core). The index bytes are the
        /// same whatever the number.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1024))]
        threads: u64,
        /// List every page and feed item that gave no article, and what pages held that was
        /// not used; and each step of the build with its wall time, CPU time and resident
        /// memory.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Add articles to an index (single-file or sharded); an article whose id is already
    /// there replaces the old one. A sharded index gets them as a new segment (its core's
    /// place takes a manifest of segments); a single-file one, and a sharded one with
    /// `--rebuild`, is built again from its stored articles and the new ones, with the options
    /// it was built with, and replaced in one rename.
    Add {
        /// The index file (a sharded index's core) to add to.
        index: PathBuf,
        /// Inputs, as `build` takes them: .txt and .jsonl files, or directories of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// As for `build`.
        #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1048576))]
        memory_budget: u64,
        /// Write the articles as a new segment: the default for a sharded index (and a
        /// manifest), an error for a single-file one.
        #[arg(long, conflicts_with = "rebuild")]
        segment: bool,
        /// Build a sharded index again rather than add a segment to it (every chunk file
        /// after the first article that changes is new).
        #[arg(long)]
        rebuild: bool,
    },
    /// Remove articles from an index by id: from a sharded index, as a removal file beside
    /// its segments; from a single-file one, and a sharded one with `--rebuild`, by building
    /// it again.
    Remove {
        /// The index file (a sharded index's core, or its manifest) to remove from.
        index: PathBuf,
        /// The ids of the articles to remove.
        #[arg(required = true, allow_hyphen_values = true)]
        ids: Vec<String>,
        /// As for `build`.
        #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1048576))]
        memory_budget: u64,
        /// Build a sharded index again rather than write a removal beside its segments.
        #[arg(long)]
        rebuild: bool,
    },
    /// List the chunk files of a sharded index that its core no longer names, and delete them.
    Compact {
        /// The index file (a sharded index's core).
        index: PathBuf,
        /// Delete the unreferenced chunk files last changed longer ago than this (`90m`, `7d`):
        /// long enough for readers that opened an older core to have finished.
        #[arg(long, value_name = "DURATION", value_parser = update::parse_duration)]
        prune_older_than: Option<std::time::Duration>,
        /// As for `build`: the budget of merging a segmented index's segments.
        #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1048576))]
        memory_budget: u64,
    },
    /// Search an index (the embedded seeds index by default).
    Search {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// How many hits to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// How many of the best hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print the results as JSON (the shape of `dex.search` in JavaScript).
        #[arg(long)]
        json: bool,
        /// Leave out the facets (entities, sources, dates, site facet fields).
        #[arg(long)]
        no_facets: bool,
        /// The order of the hits: relevance, newest or oldest.
        #[arg(long, default_value = "relevance", value_parser = ["relevance", "newest", "oldest"])]
        sort: String,
        /// Blend relevance with recency, with this half-life in days.
        #[arg(long, value_name = "DAYS")]
        recency: Option<f32>,
        /// The date recency counts from (ISO 8601; by default the newest article's).
        #[arg(long, value_name = "DATE", requires = "recency")]
        now: Option<String>,
        /// One hit per story: copies of one story (found at build) are listed under the best.
        #[arg(long)]
        collapse: bool,
        /// The query (several arguments are joined with spaces).
        #[arg(required = true, allow_hyphen_values = true)]
        query: Vec<String>,
    },
    /// Show an article (from the embedded seeds index by default).
    Article {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Mark this query's matches.
        #[arg(long)]
        query: Option<String>,
        /// Print the article as JSON (the shape of `dex.article` in JavaScript).
        #[arg(long)]
        json: bool,
        /// The article's id.
        id: String,
    },
    /// Find the names (people, places, organisations, other) in text, with the recogniser.
    Entities {
        /// Print JSON (the shape of `dex.entities`: UTF-16 offsets).
        #[arg(long)]
        json: bool,
        /// A text file, or `-` (the default) for standard input.
        file: Option<PathBuf>,
    },
    /// Show an entity of an index (the embedded seeds index by default).
    Entity {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print JSON (the shape of `dex.entity`).
        #[arg(long)]
        json: bool,
        /// The entity's id, e.g. `per/john-kerry`.
        id: String,
    },
    /// Show the stories most like an article (from the embedded seeds index by default).
    Related {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// How many (at most 10).
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        /// The article's id.
        id: String,
    },
    /// Show the other copies of an article's story (from the embedded seeds index by default).
    Duplicates {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        /// The article's id.
        id: String,
    },
    /// Train the named-entity recogniser on CoNLL-2003-format data.
    TrainNer {
        /// Training data (CoNLL-2003 format, e.g. eng.train).
        #[arg(long)]
        train: PathBuf,
        /// Development data for tuning and the report (e.g. eng.testa).
        #[arg(long)]
        dev: PathBuf,
        /// Where to write the model.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Score a model on CoNLL-2003-format data (exact span and type, as conlleval).
    EvalNer {
        /// The data to score on (e.g. eng.testa).
        #[arg(long)]
        dev: PathBuf,
        /// A model file (the built-in model by default).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Show figures about an index.
    Stats {
        /// An index file made by `newsdex build`.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // A bad command line is a newsdex error like any other, with clap's advice after it.
        Err(e) => {
            let text = e.render().to_string();
            eprint!("newsdex: {}", text.strip_prefix("error: ").unwrap_or(&text));
            return ExitCode::from(2);
        }
    };
    match run(cli).and_then(|text| emit(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `text` to standard output; a reader that stopped early (`| head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("newsdex: standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// A `--lang` tag's language.
fn parse_language(tag: &str) -> Result<Language, String> {
    Language::from_tag(tag)
}

/// Runs a command and returns what it prints.
fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Build {
            inputs,
            output,
            no_store,
            no_entities,
            shards,
            chunk_kib,
            memory_budget,
            facets,
            lang,
            threads,
            verbose,
        } => build::run(
            &inputs,
            &output,
            BuildOptions {
                store: !no_store,
                entities: !no_entities,
                // A sharded index is fetched in pieces: its bytes cost more than decoding.
                packed_postings: shards,
                deflated_store: shards,
                language: lang,
                ..BuildOptions::default()
            },
            shards.then_some(chunk_kib << 10),
            (memory_budget << 20) as usize,
            &facets,
            build::Running {
                threads: threads as usize,
                verbose,
            },
        )
        .map(|()| String::new()),
        Command::Add {
            index,
            inputs,
            memory_budget,
            segment,
            rebuild,
        } => match segment || (!rebuild && is_segmentable(&index)) {
            true => {
                let facets = segments::facet_fields(&index)?;
                let (add, warnings) = update::read(&inputs, &facets)?;
                for warning in warnings {
                    eprintln!("{warning}");
                }
                segments::change(
                    &index,
                    segments::Change::Add(add),
                    (memory_budget << 20) as usize,
                )
                .map(print_to_stderr)
            }
            false => update::run(
                &index,
                update::Change::Add(inputs),
                (memory_budget << 20) as usize,
            )
            .map(|()| String::new()),
        },
        Command::Remove {
            index,
            ids,
            memory_budget,
            rebuild: false,
        } if is_segmentable(&index) => segments::change(
            &index,
            segments::Change::Remove(ids),
            (memory_budget << 20) as usize,
        )
        .map(print_to_stderr),
        Command::Remove {
            index,
            ids,
            memory_budget,
            ..
        } => update::run(
            &index,
            update::Change::Remove(ids),
            (memory_budget << 20) as usize,
        )
        .map(|()| String::new()),
        Command::Compact {
            index,
            prune_older_than,
            memory_budget,
        } if is_manifest(&index) => {
            segments::compact(&index, prune_older_than, (memory_budget << 20) as usize)
        }
        Command::Compact {
            index,
            prune_older_than,
            ..
        } => update::compact(&index, prune_older_than),
        Command::Search {
            index,
            limit,
            offset,
            json,
            no_facets,
            sort,
            recency,
            now,
            collapse,
            query,
        } => {
            let query = query.join(" ");
            let now = now
                .map(|now| newsdex::parse_day(&now).map_err(|why| format!("newsdex: --now {why}")))
                .transpose()?;
            let options = SearchOptions {
                limit,
                offset,
                facets: !no_facets,
                sort: Sort::from_name(&sort).unwrap_or_default(),
                recency,
                now,
                collapse,
            };
            let results = match index.as_deref().filter(|path| is_manifest(path)) {
                Some(path) => answer_manifest(path, |index| index.search(&query, &options))?,
                None => {
                    let (mut index, dir) = open(index)?;
                    chunks::answer(&mut index, &dir, |index| index.search(&query, &options))?
                }
            };
            output::search(&query, &results, json)
        }
        Command::Entities { json, file } => {
            let text = ner::read_text(file.as_deref())?;
            output::names(&text, &newsdex::entities(&text), json)
        }
        Command::Entity { index, json, id } => {
            let entity = match index.as_deref().filter(|path| is_manifest(path)) {
                Some(path) => answer_manifest(path, |index| index.entity(&id, true))?,
                None => {
                    let (mut index, dir) = open(index)?;
                    chunks::answer(&mut index, &dir, |index| index.entity(&id))?
                }
            };
            output::entity(&entity, json)
        }
        Command::Related {
            index,
            limit,
            json,
            id,
        } => {
            let hits = match index.as_deref().filter(|path| is_manifest(path)) {
                Some(path) => answer_manifest(path, |index| index.related(&id, limit))?,
                None => {
                    let (mut index, dir) = open(index)?;
                    chunks::answer(&mut index, &dir, |index| index.related(&id, limit))?
                }
            };
            output::related(&id, &hits, json)
        }
        Command::Duplicates { index, json, id } => {
            let ids = match index.as_deref().filter(|path| is_manifest(path)) {
                Some(path) => answer_manifest(path, |index| index.duplicates(&id))?,
                None => {
                    let (mut index, dir) = open(index)?;
                    chunks::answer(&mut index, &dir, |index| index.duplicates(&id))?
                }
            };
            output::duplicates(&id, &ids, json)
        }
        Command::TrainNer { train, dev, output } => ner::train(&train, &dev, &output),
        Command::EvalNer { dev, model } => ner::evaluate(&dev, model.as_deref()),
        Command::Article {
            index,
            query,
            json,
            id,
        } => {
            let (mut index, dir) = open(index)?;
            let article = chunks::answer(&mut index, &dir, |index| {
                index.article(&id, query.as_deref())
            })?;
            output::article(&article, json)
        }
        Command::Stats {
            index: Some(path),
            json,
        } if is_manifest(&path) => output::stats(&open_manifest(&path)?.stats(), &[], json),
        Command::Stats { index, json } => {
            let index = open(index)?.0;
            output::stats(&index.index().stats(), &index.index().section_sizes(), json)
        }
    }
}

/// Opens an index file (a single file or a sharded index's core), or the embedded seeds
/// index, with the directory its chunk files would be in.
/// Reports a change's figures where `add` and `remove` report them, on standard error.
fn print_to_stderr(report: String) -> String {
    eprint!("{report}");
    String::new()
}

/// Opens the segmented index whose manifest is at `path`.
fn open_manifest(path: &Path) -> Result<Segmented, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
    segments::open(path, &bytes)
}

/// Opens the segmented index whose manifest is at `path` and asks it `request`, reading what
/// it needs from the parts' chunk files beside the manifest.
fn answer_manifest<T>(
    path: &Path,
    request: impl FnMut(&Segmented) -> newsdex::Result<Step<T, PartRange>>,
) -> Result<T, String> {
    let mut index = open_manifest(path)?;
    chunks::answer_segmented(&mut index, path.parent().unwrap_or(Path::new("")), request)
}

/// Whether the file at `path` is a segmented index's manifest.
fn is_manifest(path: &Path) -> bool {
    let mut start = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut start))
        .is_ok_and(|()| segments::is_manifest(&start))
}

/// Whether a change to the index at `path` is written as segments: a manifest, or a sharded
/// index's core (a file that is neither is left to the rebuild, which names what is wrong).
fn is_segmentable(path: &Path) -> bool {
    is_manifest(path)
        || std::fs::read(path)
            .is_ok_and(|bytes| Index::from_bytes(bytes).is_ok_and(|index| index.chunks().is_some()))
}

fn open(path: Option<PathBuf>) -> Result<(Sharded, PathBuf), String> {
    let dir = path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let bytes: Box<[u8]> = match &path {
        Some(path) => std::fs::read(path)
            .map_err(|e| format!("newsdex: {}: {e}", path.display()))?
            .into(),
        None => Index::embedded()
            .map_err(|e| e.to_string())?
            .as_bytes()
            .into(),
    };
    let index = Sharded::open(bytes).map_err(|e| match &path {
        Some(path) => format!(
            "newsdex: {}: {}",
            path.display(),
            e.to_string().trim_start_matches("newsdex: ")
        ),
        None => e.to_string(),
    })?;
    Ok((index, dir))
}
