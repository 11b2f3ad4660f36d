//! Tags unlabelled news with a model and writes the sentences it is sure of as CoNLL training
//! data (self-training): `silver --model FILE [--exclude GOLD.jsonl]... [--min-margin M]
//! [--min-docs N] [--unanimous] [--ruled-only] [--max-sentences N] -o OUT.conll ARTICLES.jsonl...`.
//!
//! Each article's body (objects with `id` and `body`) is tagged as one document; articles whose
//! id is in an `--exclude` file (the hand-annotated gold, a test set) are skipped. Once every
//! article is tagged, each name takes the type most articles gave it (`corpus_type`), unless the
//! words around it settled its type in its article. A name the article's rules or the vote made
//! (the tagger's own labels differ) is the teaching; a sentence is kept when the second stage's
//! least margin over its other tokens is at least `--min-margin` and each of its other names was
//! found in at least `--min-docs` articles (with `--unanimous`, all of one type before the
//! vote); with `--ruled-only`, only sentences holding such a name are kept. Sentences
//! without a name (they teach little the gold's many such sentences do not) or of fewer than 3 or
//! more than 80 tokens are left out. `--max-sentences` keeps that many, spread
//! evenly over the kept ones. Prints the margins' spread and what was kept.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fmt::Write as _;

use newsdex_ner::{corpus_type, EntityType, Model, SilverSentence};
use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut model_path, mut out, mut excludes, mut files) = (None, None, Vec::new(), Vec::new());
    let (mut min_margin, mut min_docs, mut unanimous, mut max_sentences) = (0, 1, false, None);
    let mut ruled_only = false;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--model" => model_path = Some(value()?),
            "-o" => out = Some(value()?),
            "--exclude" => excludes.push(value()?),
            "--min-margin" => min_margin = value()?.parse::<i32>()?,
            "--min-docs" => min_docs = value()?.parse::<u32>()?,
            "--unanimous" => unanimous = true,
            "--ruled-only" => ruled_only = true,
            "--max-sentences" => max_sentences = Some(value()?.parse::<usize>()?),
            _ => files.push(a),
        }
    }
    let (Some(model_path), Some(out)) = (model_path, out) else {
        return Err("usage: silver --model FILE [--exclude GOLD.jsonl]... [--min-margin M] [--min-docs N] [--unanimous] [--max-sentences N] -o OUT.conll ARTICLES.jsonl...".into());
    };
    let bytes = std::fs::read(&model_path).map_err(|e| format!("{model_path}: {e}"))?;
    let model = Model::from_bytes(&bytes).map_err(|e| e.in_file(model_path.as_str()))?;
    let mut excluded = HashSet::new();
    for path in &excludes {
        for (n, line) in read(path)?.lines().enumerate() {
            let v: Value = serde_json::from_str(line).map_err(|e| at(path, n, e))?;
            let id = v["id"].as_str().ok_or_else(|| at(path, n, "no \"id\""))?;
            excluded.insert(id.to_string());
        }
    }
    let mut bodies = Vec::new();
    for path in &files {
        for (n, line) in read(path)?.lines().enumerate() {
            let v: Value = serde_json::from_str(line).map_err(|e| at(path, n, e))?;
            let id = v["id"].as_str().ok_or_else(|| at(path, n, "no \"id\""))?;
            if !excluded.contains(id) {
                bodies.push(v["body"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    let mut tagged: Vec<Vec<SilverSentence<'_>>> = bodies.iter().map(|b| model.silver(b)).collect();

    // Each article votes once per name and type, as `CorpusVotes` counts them.
    let mut votes: HashMap<String, [u32; 4]> = HashMap::new();
    for article in &tagged {
        let mut seen: Vec<(String, EntityType)> = article
            .iter()
            .flat_map(|s| {
                s.names
                    .iter()
                    .map(move |n| (name_key(&s.words[n.start..n.end]), n.kind))
            })
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for (k, kind) in seen {
            votes.entry(k).or_default()[kind.index()] += 1;
        }
    }
    let sure = |v: &[u32; 4]| {
        v.iter().sum::<u32>() >= min_docs
            && (!unanimous || v.iter().filter(|&&c| c > 0).count() == 1)
    };
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut margins: Vec<i32> = Vec::new();
    for (a, article) in tagged.iter_mut().enumerate() {
        for (si, s) in article.iter_mut().enumerate() {
            let mut all_sure = true;
            for n in &mut s.names {
                let v = votes[&name_key(&s.words[n.start..n.end])];
                let kind = if n.cued {
                    n.kind
                } else {
                    corpus_type(&v, n.kind)
                };
                // A type the vote gave is the corpus's teaching, as the rules' are.
                n.ruled |= kind != n.kind;
                n.kind = kind;
                all_sure &= n.ruled || sure(&v);
            }
            let margin = s.margin();
            margins.push(margin);
            let ok = margin >= min_margin
                && all_sure
                && (!ruled_only || s.names.iter().any(|n| n.ruled))
                && !s.names.is_empty()
                && (3..=80).contains(&s.words.len());
            if ok {
                kept.push((a, si));
            }
        }
    }
    let found = kept.len();
    if let Some(max) = max_sentences.filter(|&m| m < kept.len()) {
        kept = (0..max).map(|i| kept[i * found / max]).collect();
    }
    let mut conll = String::new();
    let (mut tokens, mut per_type, mut last_article) = (0, [0usize; 4], None);
    for &(a, si) in &kept {
        if last_article != Some(a) {
            conll.push_str("-DOCSTART- -X- O O\n\n");
            last_article = Some(a);
        }
        let s = &tagged[a][si];
        let mut tags = vec![String::from("O"); s.words.len()];
        for n in &s.names {
            per_type[n.kind.index()] += 1;
            for (i, t) in tags[n.start..n.end].iter_mut().enumerate() {
                *t = format!("{}-{}", if i == 0 { "B" } else { "I" }, n.kind.as_str());
            }
        }
        for (w, t) in s.words.iter().zip(&tags) {
            writeln!(conll, "{w} _ _ {t}")?;
        }
        conll.push('\n');
        tokens += s.words.len();
    }
    std::fs::write(&out, conll)?;
    margins.sort_unstable();
    let q = |p: usize| margins.get(margins.len() * p / 100).copied().unwrap_or(0);
    println!(
        "{} articles, {} sentences; margin quantiles 10/25/50/75/90%: {} {} {} {} {}",
        bodies.len(),
        margins.len(),
        q(10),
        q(25),
        q(50),
        q(75),
        q(90)
    );
    println!(
        "kept {} sentences of {found} that passed, {tokens} tokens; names PER {} LOC {} ORG {} MISC {}",
        kept.len(),
        per_type[EntityType::Per.index()],
        per_type[EntityType::Loc.index()],
        per_type[EntityType::Org.index()],
        per_type[EntityType::Misc.index()]
    );
    Ok(())
}

/// A name's key in the vote: its words, lower-cased, as the benches key names.
fn name_key(words: &[&str]) -> String {
    words.join(" ").to_lowercase()
}

fn read(path: &str) -> Result<String, Box<dyn Error>> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}").into())
}

fn at(path: &str, line: usize, e: impl std::fmt::Display) -> String {
    format!("{path}:{}: {e}", line + 1)
}
