//! The same corpus gives byte-identical index bytes.

use newsdex::{Article, BuildOptions, CorpusReader, Index, IndexBuilder};
use newsdex_index::ParallelBuilder;

use crate::support::repo;

fn build_seeds() -> Vec<u8> {
    let mut builder = IndexBuilder::new(BuildOptions::default());
    let mut reader = CorpusReader::new();
    reader
        .read_path(&repo("seeds"), &mut |article| builder.insert(&article))
        .unwrap();
    builder.finish().unwrap()
}

#[test]
fn building_twice_gives_identical_bytes() {
    assert_eq!(build_seeds(), build_seeds());
}

#[test]
fn the_embedded_index_is_the_seeds_corpus() {
    assert_eq!(
        Index::embedded().unwrap().as_bytes(),
        build_seeds().as_slice()
    );
}

/// `count` made-up news articles full of names, so that tagging them takes many batches.
fn named_articles(count: usize) -> Vec<Article> {
    const PEOPLE: [&str; 6] = [
        "Maria Okafor",
        "Tomas Lindqvist",
        "Ayesha Rahman",
        "Pieter de Vries",
        "Chen Wei",
        "Lucia Ferreira",
    ];
    const PLACES: [&str; 5] = ["Geneva", "Nairobi", "Lisbon", "Manila", "Montreal"];
    const ORGS: [&str; 4] = [
        "the Northern Rail Company",
        "Vandermeer Bank",
        "the World Health Organization",
        "Orbis Telecom",
    ];
    (0..count)
        .map(|i| {
            let (a, b) = (PEOPLE[i % 6], PEOPLE[(i * 7 + 3) % 6]);
            let (place, org) = (PLACES[i % 5], ORGS[(i / 3) % 4]);
            let surname = b.rsplit(' ').next().unwrap_or(b);
            Article {
                id: format!("n{i}"),
                title: format!("{a} meets {b} in {place}"),
                description: format!("Talks on {org}'s plans, day {i}."),
                body: format!(
                    "{a} flew to {place} on Monday to meet {b}. \
                     {surname} said {org} would invest {i} million dollars. \
                     Officials in {place} welcomed the news."
                ),
                source: ["Wire", "Herald"][i % 2].into(),
                ..Article::default()
            }
        })
        .collect()
}

fn build_on_threads(articles: &[Article], threads: usize) -> Vec<u8> {
    let mut builder = ParallelBuilder::new(IndexBuilder::new(BuildOptions::default()), threads)
        .expect("a thread pool");
    for article in articles {
        builder.insert(article.clone()).unwrap();
    }
    assert_eq!(builder.len(), articles.len());
    builder.finish_sections().unwrap().finish().unwrap()
}

#[test]
fn tagging_on_one_thread_or_two_gives_identical_bytes() {
    let articles = named_articles(700);
    let mut builder = IndexBuilder::new(BuildOptions::default());
    for article in &articles {
        builder.insert(article).unwrap();
    }
    let sequential = builder.finish().unwrap();
    let index = Index::from_bytes(sequential.clone()).unwrap();
    assert!(
        index.stats().entities >= 10,
        "the recogniser found names: {:?}",
        index.stats()
    );
    assert!(sequential == build_on_threads(&articles, 1), "1 thread");
    assert!(sequential == build_on_threads(&articles, 2), "2 threads");
}

/// "The same corpus" is the same articles in the same order (README, "Format"): the order
/// numbers the articles, so another order gives other bytes, but the same matches with the
/// same scores, as every statistic BM25F reads is a sum over the corpus.
#[test]
fn another_order_of_the_articles_gives_the_same_matches_and_scores() {
    let articles = crate::support::jsonl_articles("tests/fixtures/words/articles.jsonl");
    assert!(articles.len() > 2);
    let mut reversed = articles.clone();
    reversed.reverse();
    let (forward, backward) = (
        crate::support::index(&articles),
        crate::support::index(&reversed),
    );
    let options = newsdex::SearchOptions {
        limit: 100,
        ..newsdex::SearchOptions::default()
    };
    let scored = |index: &Index<Vec<u8>>, query: &str| {
        let results = index.search(query, &options).unwrap();
        let mut hits: Vec<(String, u32)> = results
            .hits
            .iter()
            .map(|hit| (hit.id.clone(), hit.score.to_bits()))
            .collect();
        hits.sort();
        (results.total, hits)
    };
    for query in [
        "sullivan",
        "quick rivals",
        "\"sullivan quick\"",
        "gndr OR payout",
        "o*",
    ] {
        let answer = scored(&forward, query);
        assert!(answer.0 > 0, "{query} matches");
        assert_eq!(answer, scored(&backward, query), "{query}");
    }
}
