//! Copies of one story and related stories, measured on a labelled corpus (Reuters-21578's
//! JSON Lines, with `topics`), against the index built from it:
//!
//! 1. Copies: the MinHash grouping at several thresholds against exact all-pairs Jaccard of
//!    the same shingles on a sample of consecutive articles (copies are sent close together),
//!    precision and recall of the pairs; then the groups over the whole corpus.
//! 2. Results lists that one hit per story changes: each topic label as a query, the first
//!    page (10 hits) with and without collapsing.
//! 3. Related stories: precision@5, a related story counting as right when it shares a
//!    `topics` label with the article, beside the same engine searching the article's
//!    headline, all its words and any of them (the article and its copies left out), on every
//!    10th article with a label.
//!
//! ```text
//! newsdex build articles.jsonl -o reuters.ndx
//! cargo run --release --example stories -- articles.jsonl reuters.ndx [SAMPLE]
//! ```

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use newsdex::{Index, SearchOptions};
use newsdex_index::stories::{groups, shingles, signature, COPY_JACCARD};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(index)) = (args.first(), args.get(1)) else {
        eprintln!("usage: stories ARTICLES.jsonl INDEX.ndx [SAMPLE]");
        std::process::exit(2);
    };
    let sample: usize = args.get(2).map_or(Ok(4000), |s| s.parse())?;
    let mut ids = Vec::new();
    let mut topics: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut sets = Vec::new();
    for line in std::fs::read_to_string(corpus)?.lines() {
        let article: serde_json::Value = serde_json::from_str(line)?;
        let text = |key: &str| article[key].as_str().unwrap_or_default().to_owned();
        let (title, body) = (text("title"), text("body"));
        if title.trim().is_empty() && body.trim().is_empty() {
            continue;
        }
        let id = text("id");
        let labels = article["topics"].as_array().into_iter().flatten();
        topics.insert(
            id.clone(),
            labels
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
        );
        ids.push(id);
        sets.push(shingles(&title, &body));
    }

    println!("## Copies: MinHash groups against exact Jaccard on {sample} consecutive articles\n");
    let started = Instant::now();
    let signatures: Vec<_> = sets.iter().map(|s| signature(s)).collect();
    println!(
        "signatures of {} articles: {:.2} s",
        ids.len(),
        started.elapsed().as_secs_f64()
    );
    let sample = sample.min(sets.len());
    let mut exact: Vec<(usize, usize, f32)> = Vec::new();
    for a in 0..sample {
        for b in a + 1..sample {
            let j = jaccard(&sets[a], &sets[b]);
            if j >= 0.3 {
                exact.push((a, b, j));
            }
        }
    }
    println!("\n| threshold | exact pairs | grouped pairs | precision | recall | groups (whole corpus) | articles in them | build time |");
    println!("|---|---|---|---|---|---|---|---|");
    for threshold in [0.5, 0.6, COPY_JACCARD, 0.8, 0.9] {
        let started = Instant::now();
        let leaders = groups(&signatures, threshold);
        let took = started.elapsed().as_secs_f64();
        let truth: BTreeSet<(usize, usize)> = exact
            .iter()
            .filter(|p| p.2 >= threshold)
            .map(|p| (p.0, p.1))
            .collect();
        let mut found = BTreeSet::new();
        for a in 0..sample {
            for b in a + 1..sample {
                if leaders[a] == leaders[b] {
                    found.insert((a, b));
                }
            }
        }
        let right = truth.intersection(&found).count();
        let mut sizes: HashMap<u32, usize> = HashMap::new();
        for &leader in &leaders {
            *sizes.entry(leader).or_default() += 1;
        }
        let grouped: Vec<usize> = sizes.values().copied().filter(|&n| n > 1).collect();
        println!(
            "| {threshold:.1} | {} | {} | {:.3} | {:.3} | {} | {} | {took:.2} s |",
            truth.len(),
            found.len(),
            ratio(right, found.len()),
            ratio(right, truth.len()),
            grouped.len(),
            grouped.iter().sum::<usize>(),
        );
    }

    let index = Index::from_bytes(std::fs::read(index)?.into_boxed_slice())?;
    let labels: BTreeSet<&String> = topics.values().flatten().collect();
    let (mut changed, mut queries) = (0, 0);
    let (mut total_plain, mut total_collapsed) = (0, 0);
    for label in &labels {
        let query = label.replace('-', " ");
        let page = |collapse| {
            let options = SearchOptions {
                collapse,
                facets: false,
                ..SearchOptions::default()
            };
            index.search(&query, &options)
        };
        let (plain, collapsed) = (page(false)?, page(true)?);
        if plain.total == 0 {
            continue;
        }
        queries += 1;
        total_plain += plain.total;
        total_collapsed += collapsed.total;
        let hit_ids = |r: &newsdex::SearchResults| -> Vec<String> {
            r.hits.iter().map(|h| h.id.clone()).collect()
        };
        if hit_ids(&plain) != hit_ids(&collapsed) {
            changed += 1;
        }
    }
    println!("\n## Results lists one hit per story changes\n");
    println!(
        "{changed} of {queries} first pages (each topic label as a query) change; matches {total_plain} → stories {total_collapsed}"
    );

    println!("\n## Related stories: precision@5 (shares a topics label)\n");
    let shares = |a: &str, b: &str| {
        let (Some(x), Some(y)) = (topics.get(a), topics.get(b)) else {
            return false;
        };
        x.intersection(y).next().is_some()
    };
    let (mut related_right, mut related_total, mut filled) = (0, 0, 0);
    let (mut baseline_right, mut baseline_total) = (0, 0);
    let (mut any_right, mut any_time) = (0, 0.0);
    let (mut articles, mut related_time, mut search_time) = (0, 0.0, 0.0);
    for (n, id) in ids.iter().enumerate() {
        if n % 10 != 0 || topics.get(id).is_none_or(BTreeSet::is_empty) {
            continue;
        }
        articles += 1;
        let started = Instant::now();
        let related = index.related(id, 5)?;
        related_time += started.elapsed().as_secs_f64();
        related_total += 5;
        filled += related.len();
        related_right += related.iter().filter(|h| shares(id, &h.id)).count();
        let title = index.article(id, None)?.article.title;
        let options_more = SearchOptions {
            limit: 30,
            facets: false,
            ..SearchOptions::default()
        };
        // The article's own copies are no related stories (related leaves them out too).
        let copies = index.duplicates(id)?;
        let right = |query: &str, time: &mut f64| -> Result<usize, newsdex::Error> {
            let started = Instant::now();
            let found = index.search(query, &options_more)?;
            *time += started.elapsed().as_secs_f64();
            Ok(found
                .hits
                .iter()
                .filter(|h| &h.id != id && !copies.contains(&h.id))
                .take(5)
                .filter(|h| shares(id, &h.id))
                .count())
        };
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        baseline_total += 5;
        baseline_right += right(&words.join(" "), &mut search_time)?;
        any_right += right(&words.join(" OR "), &mut any_time)?;
    }
    println!("| method | precision@5 | mean time |");
    println!("|---|---|---|");
    println!(
        "| related (built) | {:.3} | {:.0} µs |",
        ratio(related_right, related_total),
        related_time * 1e6 / f64::from(articles)
    );
    println!(
        "| headline search | {:.3} | {:.0} µs |",
        ratio(baseline_right, baseline_total),
        search_time * 1e6 / f64::from(articles)
    );
    println!(
        "| headline search, any word (OR) | {:.3} | {:.0} µs |",
        ratio(any_right, baseline_total),
        any_time * 1e6 / f64::from(articles)
    );
    println!(
        "\n{articles} articles; an empty place (fewer than 5 related) counts as wrong; related filled {filled} of {related_total} places"
    );
    Ok(())
}

fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f32 / union as f32
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}
