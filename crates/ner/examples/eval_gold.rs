//! Scores a model on hand-annotated news articles:
//! `eval_gold [--model FILE] [--errors] [--corpus-votes] [--predictions FILE] GOLD.jsonl
//! ARTICLES.jsonl...`.
//!
//! Each gold line is `{"id": ..., "names": [[start, end, TYPE], ...]}`: byte offsets into the
//! article's title, a line break and its body, as read from the `ARTICLES.jsonl` files (objects
//! with `id`, `title` and `body`). The title is tagged as a headline and the body as text, as one
//! document. `TYPE` is PER, LOC, ORG, MISC or CREDIT: a byline or an agency credit, which must
//! not be marked, so a name found overlapping it counts as a wrong one. Scores are exact span and
//! type, as conlleval counts them. With `--corpus-votes`, every article of the files is tagged
//! and the names vote on their types across them (`CorpusVotes`, keyed by the lower-cased
//! tokens of the name), as an index build of those files does, before the gold articles are
//! scored. Nothing of the articles' text is printed but the names `--errors` lists.
//! `--predictions` writes the names found in the gold's articles to a file in the gold's shape,
//! which `bench/ner/errors.mjs` sorts into kinds of error and compares with another model's.

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Write as _;

use newsdex_ner::{normalize_entry, CorpusVotes, EntityType, Mention, Model, Scores, SectionKind};
use serde_json::Value;

/// A gold span: byte range and type, `None` for a credit.
type GoldSpan = (usize, usize, Option<EntityType>);

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut model_path, mut files, mut errors, mut votes) = (None, Vec::new(), false, false);
    let mut predictions_path = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_path = Some(args.next().ok_or("--model needs a file")?),
            "--predictions" => {
                predictions_path = Some(args.next().ok_or("--predictions needs a file")?)
            }
            "--errors" => errors = true,
            "--corpus-votes" => votes = true,
            _ => files.push(a),
        }
    }
    if files.len() < 2 {
        return Err(
            "usage: eval_gold [--model FILE] [--errors] [--corpus-votes] [--predictions FILE] GOLD.jsonl ARTICLES.jsonl...".into(),
        );
    }
    let owned;
    let model = match &model_path {
        Some(p) => {
            owned = Model::from_bytes(&std::fs::read(p)?).map_err(|e| e.in_file(p.as_str()))?;
            &owned
        }
        None => Model::embedded(),
    };
    let mut articles: HashMap<String, (String, String)> = HashMap::new();
    let mut corpus = CorpusVotes::new();
    for path in &files[1..] {
        for (n, line) in read(path)?.lines().enumerate() {
            let v: Value = serde_json::from_str(line).map_err(|e| at(path, n, e))?;
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let (title, body) = (field("title"), field("body"));
            if votes {
                let found = tag(model, &title, &body);
                let text = format!("{title}\n{body}");
                let names: Vec<(String, EntityType)> = found
                    .iter()
                    .map(|m| (normalize_entry(&text[m.start..m.end]), m.kind))
                    .collect();
                corpus.add_document(names.iter().map(|(k, t)| (k.as_str(), *t)));
            }
            articles.insert(field("id"), (title, body));
        }
    }
    let gold_path = &files[0];
    let mut per_type = [Scores::default(); 4];
    let (mut credits, mut credits_marked, mut docs) = (0, 0, 0);
    let mut predictions = String::new();
    for (n, line) in read(gold_path)?.lines().enumerate() {
        let v: Value = serde_json::from_str(line).map_err(|e| at(gold_path, n, e))?;
        let id = v["id"]
            .as_str()
            .ok_or_else(|| at(gold_path, n, "no \"id\""))?;
        let (title, body) = articles.get(id).ok_or_else(|| {
            at(
                gold_path,
                n,
                format!("article {id:?} is in none of the files"),
            )
        })?;
        let text_len = title.len() + 1 + body.len();
        let mut gold: Vec<GoldSpan> = Vec::new();
        for name in v["names"].as_array().into_iter().flatten() {
            let span = gold_span(name, text_len)
                .ok_or_else(|| at(gold_path, n, format!("bad name {name} in {id:?}")))?;
            gold.push(span);
        }
        let mut found = tag(model, title, body);
        if votes {
            let text = format!("{title}\n{body}");
            for m in found.iter_mut().filter(|m| !m.cued) {
                m.kind = corpus.kind(&normalize_entry(&text[m.start..m.end]), m.kind);
            }
        }
        let names: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|m| (m.start, m.end, m.kind.as_str()))
            .collect();
        writeln!(
            predictions,
            "{}",
            serde_json::json!({"id": id, "names": names})
        )?;
        for &(start, end, kind) in &gold {
            match kind {
                Some(kind) => per_type[kind.index()].gold += 1,
                None => {
                    credits += 1;
                    credits_marked +=
                        usize::from(found.iter().any(|m| m.start < end && start < m.end));
                }
            }
        }
        for m in &found {
            let s = &mut per_type[m.kind.index()];
            s.found += 1;
            s.correct += usize::from(gold.contains(&(m.start, m.end, Some(m.kind))));
        }
        if errors {
            let text = format!("{title}\n{body}");
            for &(start, end, kind) in &gold {
                if kind.is_some_and(|k| {
                    !found
                        .iter()
                        .any(|m| (m.start, m.end, m.kind) == (start, end, k))
                }) {
                    println!(
                        "{id}\tmissed\t{}\t{:?}",
                        kind.map_or("CREDIT", |k| k.as_str()),
                        &text[start..end]
                    );
                }
            }
            for m in &found {
                if !gold.contains(&(m.start, m.end, Some(m.kind))) {
                    println!("{id}\twrong\t{}\t{:?}", m.kind, &text[m.start..m.end]);
                }
            }
        }
        docs += 1;
    }
    let mut all = Scores::default();
    println!("{docs} articles; bylines and credits marked: {credits_marked} of {credits}");
    for kind in EntityType::ALL {
        let s = per_type[kind.index()];
        print_scores(kind.as_str(), &s);
        all.gold += s.gold;
        all.found += s.found;
        all.correct += s.correct;
    }
    print_scores("overall", &all);
    if let Some(path) = predictions_path {
        std::fs::write(&path, predictions).map_err(|e| format!("newsdex: {path}: {e}"))?;
    }
    Ok(())
}

/// The names of an article, tagged as the index does (title as a headline, then the body), with
/// byte offsets into the title, a line break and the body.
fn tag(model: &Model, title: &str, body: &str) -> Vec<Mention> {
    let tagged = model.tag_sections(&[(SectionKind::Headline, title), (SectionKind::Text, body)]);
    let shift = title.len() + 1;
    let body = tagged[1].iter().map(|m| Mention {
        start: m.start + shift,
        end: m.end + shift,
        ..*m
    });
    tagged[0].iter().copied().chain(body).collect()
}

fn print_scores(what: &str, s: &Scores) {
    println!(
        "{what:>8}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  ({} gold, {} found, {} correct)",
        100.0 * s.precision(),
        100.0 * s.recall(),
        100.0 * s.f1(),
        s.gold,
        s.found,
        s.correct
    );
}

/// A `[start, end, TYPE]` gold name within a text of `len` bytes.
fn gold_span(name: &Value, len: usize) -> Option<GoldSpan> {
    let start = usize::try_from(name.get(0)?.as_u64()?).ok()?;
    let end = usize::try_from(name.get(1)?.as_u64()?).ok()?;
    let kind = match name.get(2)?.as_str()? {
        "CREDIT" => None,
        t => Some(t.parse().ok()?),
    };
    (start < end && end <= len).then_some((start, end, kind))
}

fn read(path: &str) -> Result<String, Box<dyn Error>> {
    std::fs::read_to_string(path).map_err(|e| format!("newsdex: {path}: {e}").into())
}

fn at(path: &str, n: usize, e: impl std::fmt::Display) -> String {
    format!("newsdex: {path}, line {}: {e}", n + 1)
}
