//! Scores a model on hand-annotated news articles:
//! `eval_gold [--model FILE] [--errors] [--corpus-votes] [--predictions FILE] [--split N]
//! GOLD.jsonl ARTICLES.jsonl...`.
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
//! `--split N` also scores the gold's first `N` articles and the rest apart, so that a part
//! annotated later can be compared with the earlier one.

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
    let (mut predictions_path, mut split) = (None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--model" => model_path = Some(args.next().ok_or("--model needs a file")?),
            "--predictions" => {
                predictions_path = Some(args.next().ok_or("--predictions needs a file")?)
            }
            "--split" => {
                let n = args.next().ok_or("--split needs a number of articles")?;
                split = Some(
                    n.parse::<usize>()
                        .map_err(|e| format!("--split {n:?}: {e}"))?,
                );
            }
            "--errors" => errors = true,
            "--corpus-votes" => votes = true,
            _ => files.push(a),
        }
    }
    if files.len() < 2 {
        return Err(
            "usage: eval_gold [--model FILE] [--errors] [--corpus-votes] [--predictions FILE] [--split N] GOLD.jsonl ARTICLES.jsonl...".into(),
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
    // The gold's first `split` articles, then the rest.
    let mut parts = [Tally::default(); 2];
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
        let part = &mut parts[usize::from(split.is_some_and(|s| n >= s))];
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
                Some(kind) => part.per_type[kind.index()].gold += 1,
                None => {
                    part.credits += 1;
                    part.credits_marked +=
                        usize::from(found.iter().any(|m| m.start < end && start < m.end));
                }
            }
        }
        for m in &found {
            let s = &mut part.per_type[m.kind.index()];
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
        part.docs += 1;
    }
    let [first, rest] = parts;
    if let Some(n) = split {
        print_tally(&format!("the first {n} articles: "), &first);
        print_tally(&format!("articles after the first {n}: "), &rest);
    }
    print_tally("", &first.plus(&rest));
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

/// Scores of a run over some of the gold's articles.
#[derive(Clone, Copy, Default)]
struct Tally {
    per_type: [Scores; 4],
    credits: usize,
    credits_marked: usize,
    docs: usize,
}

impl Tally {
    fn plus(&self, other: &Tally) -> Tally {
        let mut sum = *self;
        for (s, o) in sum.per_type.iter_mut().zip(&other.per_type) {
            add(s, o);
        }
        sum.credits += other.credits;
        sum.credits_marked += other.credits_marked;
        sum.docs += other.docs;
        sum
    }
}

/// Per type and overall, after a line naming the articles (`what`) and the credits marked.
fn print_tally(what: &str, t: &Tally) {
    println!(
        "{what}{} articles; bylines and credits marked: {} of {}",
        t.docs, t.credits_marked, t.credits
    );
    let mut all = Scores::default();
    for kind in EntityType::ALL {
        let s = &t.per_type[kind.index()];
        print_scores(kind.as_str(), s);
        add(&mut all, s);
    }
    print_scores("overall", &all);
}

fn add(sum: &mut Scores, s: &Scores) {
    sum.gold += s.gold;
    sum.found += s.found;
    sum.correct += s.correct;
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
