//! The `newsdex` command: build an index from a corpus, search it, read an article.

mod build;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsdex::{Index, SearchOptions};

/// Client-side news search: build, search and read newsdex indexes.
#[derive(Parser)]
#[command(name = "newsdex", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from seed .txt articles, .jsonl files and directories of them.
    Build {
        /// Inputs: .txt and .jsonl files, or directories (their *.txt and *.jsonl, sorted).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the index.
        #[arg(short, long)]
        output: PathBuf,
        /// Leave out the document store (ids and scores only; for size comparisons).
        #[arg(long)]
        no_store: bool,
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
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Build { inputs, output, no_store } => build::run(&inputs, &output, !no_store),
        Command::Search { index, limit, offset, json, query } => {
            let index = open(index)?;
            let query = query.join(" ");
            let results = index.search(&query, &SearchOptions { limit, offset }).map_err(|e| e.to_string())?;
            output::search(&query, &results, json)
        }
        Command::Article { index, query, json, id } => {
            let index = open(index)?;
            let article = index.article(&id, query.as_deref()).map_err(|e| e.to_string())?;
            output::article(&article, json)
        }
        Command::Stats { index, json } => {
            let index = open(index)?;
            output::stats(&index.stats(), &index.section_sizes(), json)
        }
    }
}

/// Opens an index file, or the embedded seeds index.
fn open(path: Option<PathBuf>) -> Result<Index<Box<[u8]>>, String> {
    let bytes: Box<[u8]> = match &path {
        Some(path) => std::fs::read(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?.into(),
        None => Index::embedded().map_err(|e| e.to_string())?.as_bytes().into(),
    };
    Index::from_bytes(bytes).map_err(|e| match &path {
        Some(path) => format!("newsdex: {}: {}", path.display(), e.to_string().trim_start_matches("newsdex: ")),
        None => e.to_string(),
    })
}
