//! Misspellings: in an index of a thousand articles or more, a word in at least a thousandth
//! of them is spelt right and matches no misspelling, unless no other word has one; a rarer
//! word may be a misspelling, and matches the words a typo away as a misspelt word does.
//! Single-file and sharded alike.

use std::collections::BTreeSet;

use newsdex::{Article, Index, SearchOptions, Sharded, MAX_LIMIT};

use crate::sharded::{answer, split};
use crate::support::{article, index_bytes_with_skip_tables};

/// `count` articles: "boats" and "harbour" in every twentieth from `harbour_from` on, and
/// "boats" and "harbor", a typo away, in the fourth alone.
pub(crate) fn harbours(count: u32, harbour_from: u32) -> Vec<Article> {
    (0..count)
        .map(|i| {
            let mut body = format!("Report number {i} on the weather.");
            if i >= harbour_from && i % 20 == 0 {
                body.push_str(" Boats left the harbour.");
            }
            if i == 3 {
                body.push_str(" Boats left the harbor.");
            }
            article(&format!("a{i}"), &format!("Story {i}"), &body)
        })
        .collect()
}

/// The ids of the articles whose body has any of `words`.
pub(crate) fn with_any(articles: &[Article], words: &[&str]) -> BTreeSet<String> {
    articles
        .iter()
        .filter(|a| words.iter().any(|w| a.body.contains(w)))
        .map(|a| a.id.clone())
        .collect()
}

fn every() -> SearchOptions {
    SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    }
}

fn ids(results: &newsdex::SearchResults) -> BTreeSet<String> {
    assert_eq!(results.total, results.hits.len(), "every match on the page");
    results.hits.iter().map(|hit| hit.id.clone()).collect()
}

/// The ids `query` matches in the single-file index and, read from its chunks, the sharded.
fn matched(whole: &Index<Vec<u8>>, query: &str) -> BTreeSet<String> {
    let single = ids(&whole.search(query, &every()).unwrap());
    let (core, chunks) = split(whole.as_bytes());
    let mut sharded = Sharded::open(core).unwrap();
    let (results, _, _) = answer(&mut sharded, &chunks, |s| s.search(query, &every()));
    assert_eq!(ids(&results), single, "{query:?} sharded");
    single
}

#[test]
fn a_word_spelt_right_matches_no_misspelling_a_rare_one_does() {
    let articles = harbours(2000, 0);
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let harbour = with_any(&articles, &["harbour"]);
    let both = with_any(&articles, &["harbour", "harbor"]);
    assert!(harbour.len() >= 2000 / 1000 && both.len() == harbour.len() + 1);
    // "boatss" is misspelt, "harbour" spelt right.
    assert_eq!(matched(&whole, "harbour boatss "), harbour);
    assert_eq!(
        matched(&whole, "boatss harbour"),
        harbour,
        "while typed too"
    );
    // In one article of 2,000, "harbor" may be a misspelling of "harbour".
    assert_eq!(matched(&whole, "harbor boatss "), both);
    assert_eq!(
        matched(&whole, "harbur boatss "),
        both,
        "misspelt: both a typo away"
    );
    // No word not spelt right has a misspelling, and the words as typed do not fill the
    // page: a typo may be a word itself, so every word is corrected.
    assert_eq!(matched(&whole, "harbour "), both);
    assert_eq!(matched(&whole, "harbour left "), both);
}

#[test]
fn in_a_small_index_every_word_matches_its_misspellings() {
    let articles = harbours(600, 0);
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let both = with_any(&articles, &["harbour", "harbor"]);
    assert_eq!(matched(&whole, "harbour "), both);
    assert_eq!(matched(&whole, "harbor "), both);
}
