//! The same corpus gives byte-identical index bytes.

use newsdex::{BuildOptions, CorpusReader, Index, IndexBuilder};

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
