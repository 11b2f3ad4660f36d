//! The tagger's speed and a fingerprint of its labels, for comparing two builds of the recogniser:
//! `speed [--conll FILE] [--jsonl FILE] [--articles N] [--runs N]`.
//!
//! Tags the documents of a CoNLL file (its words joined by spaces, one line per sentence) and
//! the first N articles of a JSON Lines corpus (title as a headline, then standfirst and body,
//! as the index builder does), and prints for each the tokens, the names found, an xxh3 hash of
//! every mention (section, byte range, type) and the median tokens/s and MB/s of the runs. A
//! change that must keep the labels is checked by running the example built before and after
//! it and comparing the hashes.

use std::error::Error;
use std::time::Instant;

use newsdex_ner::{tokenize, Model, SectionKind};
use xxhash_rust::xxh3::Xxh3;

type Article = [(SectionKind, String); 3];

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut conll, mut jsonl, mut articles, mut runs) = (None, None, 2000usize, 5usize);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--conll" => conll = Some(value()?),
            "--jsonl" => jsonl = Some(value()?),
            "--articles" => articles = value()?.parse()?,
            "--runs" => runs = value()?.parse()?,
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    if conll.is_none() && jsonl.is_none() {
        return Err("usage: speed [--conll FILE] [--jsonl FILE] [--articles N] [--runs N]".into());
    }
    let model = Model::embedded();
    if let Some(path) = conll {
        let docs: Vec<Article> = conll_documents(&std::fs::read_to_string(&path)?)
            .into_iter()
            .map(|text| {
                [
                    (SectionKind::Headline, String::new()),
                    (SectionKind::Text, String::new()),
                    (SectionKind::Text, text),
                ]
            })
            .collect();
        report(&path, model, &docs, runs);
    }
    if let Some(path) = jsonl {
        let mut docs = Vec::new();
        for line in std::fs::read_to_string(&path)?.lines().take(articles) {
            let a: serde_json::Value = serde_json::from_str(line)?;
            let field = |name: &str| a[name].as_str().unwrap_or("").to_string();
            docs.push([
                (SectionKind::Headline, field("title")),
                (SectionKind::Text, field("description")),
                (SectionKind::Text, field("body")),
            ]);
        }
        report(&path, model, &docs, runs);
    }
    Ok(())
}

/// The documents of a CoNLL file as raw text: words joined by spaces, a line per sentence.
fn conll_documents(text: &str) -> Vec<String> {
    text.split("-DOCSTART-")
        .map(|d| {
            d.split("\n\n")
                .map(|s| {
                    s.lines()
                        .filter_map(|l| l.split(' ').next())
                        .filter(|w| *w != "-X-")
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|d| !d.trim().is_empty())
        .collect()
}

fn report(path: &str, model: &Model, docs: &[Article], runs: usize) {
    let mut tokens = Vec::new();
    let mut count = 0;
    let mut bytes = 0;
    for doc in docs {
        for (_, text) in doc {
            tokenize(text, &mut tokens);
            bytes += text.len();
        }
    }
    let mut hash = Xxh3::new();
    let mut names = 0;
    let mut times = Vec::new();
    for run in 0..runs.max(1) {
        let start = Instant::now();
        for doc in docs {
            let sections = doc.each_ref().map(|(kind, text)| (*kind, text.as_str()));
            let found = model.tag_sections(&sections);
            if run == 0 {
                for (section, mentions) in found.iter().enumerate() {
                    for m in mentions {
                        names += 1;
                        hash.update(&[section as u8, m.kind.index() as u8]);
                        hash.update(&(m.start as u64).to_le_bytes());
                        hash.update(&(m.end as u64).to_le_bytes());
                    }
                }
                hash.update(b"\n");
            }
            count += found.len();
        }
        times.push(start.elapsed().as_secs_f64());
    }
    std::hint::black_box(count);
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{path}: {} documents, {} tokens, {names} names, labels {:016x}; median of {} runs {median:.3} s: {:.0} tokens/s, {:.2} MB/s",
        docs.len(),
        tokens.len(),
        hash.digest(),
        times.len(),
        tokens.len() as f64 / median,
        bytes as f64 / 1e6 / median,
    );
}
