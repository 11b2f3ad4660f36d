//! Common words: in an index of a thousand articles or more, a word typed in full that is in
//! more than half of them does not narrow a query with rarer words, yet is still marked.

use std::collections::BTreeSet;

use newsdex::{Article, Index, SearchOptions, MAX_LIMIT};

use crate::support::{article, index};

/// `count` articles: "daily" in the body of the first five sixths, "harbour" in every
/// hundredth, so some articles have "harbour" without "daily".
fn archive(count: usize) -> Vec<Article> {
    (0..count)
        .map(|i| {
            let mut body = format!("Report number {i} on the weather.");
            if i < count * 5 / 6 {
                body.push_str(" A daily bulletin.");
            }
            if i % 100 == 0 {
                body.push_str(" Boats left the harbour.");
            }
            article(&format!("a{i}"), &format!("Story {i}"), &body)
        })
        .collect()
}

/// The ids of every article `query` matches.
fn matched(index: &Index<Vec<u8>>, query: &str) -> BTreeSet<String> {
    let options = SearchOptions {
        limit: MAX_LIMIT,
        ..SearchOptions::default()
    };
    let results = index.search(query, &options).unwrap();
    assert_eq!(
        results.total,
        results.hits.len(),
        "{query}: every match is on the page"
    );
    results.hits.into_iter().map(|hit| hit.id).collect()
}

/// The ids of the articles whose body has every one of `words`.
fn with_all(articles: &[Article], words: &[&str]) -> BTreeSet<String> {
    articles
        .iter()
        .filter(|a| words.iter().all(|w| a.body.contains(w)))
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn a_word_in_most_articles_of_a_large_index_does_not_narrow_a_query() {
    let articles = archive(1200);
    let index = index(&articles);
    let harbour = with_all(&articles, &["harbour"]);
    assert!(
        harbour.len() > with_all(&articles, &["harbour", "daily"]).len(),
        "the fixture has harbour without daily"
    );
    assert_eq!(matched(&index, "daily harbour "), harbour);
    assert_eq!(matched(&index, "harbour daily "), harbour, "in any order");
    // Kept when quoted, when it is all the query has, and while it is being typed.
    assert_eq!(
        matched(&index, "\"daily\" harbour "),
        with_all(&articles, &["harbour", "daily"])
    );
    assert_eq!(matched(&index, "daily "), with_all(&articles, &["daily"]));
    assert_eq!(
        matched(&index, "harbour daily"),
        with_all(&articles, &["harbour", "daily"])
    );
}

#[test]
fn a_common_word_left_out_is_still_marked() {
    let index = index(&archive(1200));
    let results = index
        .search("daily harbour ", &SearchOptions::default())
        .unwrap();
    let hit = results
        .hits
        .iter()
        .find(|hit| hit.id == "a0")
        .expect("a0 has both words");
    let marked: Vec<&str> = hit
        .snippet
        .marks
        .iter()
        .map(|mark| &hit.snippet.text[mark.clone()])
        .collect();
    assert!(
        marked.contains(&"daily") && marked.contains(&"harbour"),
        "{marked:?}"
    );
}

#[test]
fn a_small_index_requires_every_word() {
    let articles = archive(600);
    let index = index(&articles);
    assert_eq!(
        matched(&index, "daily harbour "),
        with_all(&articles, &["harbour", "daily"])
    );
}

/// The two best hits for `query` in the archive with two more articles, `a-reversed` and
/// `z-in-order`, of these headlines and the same body: ids break ties, so the second ranks
/// first only when something tells the headlines apart.
fn first_two(reversed: &str, in_order: &str, query: &str) -> Vec<String> {
    let mut articles = archive(1200);
    let body = "Boats left the harbour. A daily bulletin.";
    articles.push(article("a-reversed", reversed, body));
    articles.push(article("z-in-order", in_order, body));
    let results = index(&articles)
        .search(query, &SearchOptions::default())
        .unwrap();
    results.hits.into_iter().take(2).map(|hit| hit.id).collect()
}

/// Left out of matching, a common word still counts in a headline's run of the query's
/// words: of two headlines with the same words, the one holding them in the query's order
/// ranks first.
#[test]
fn a_common_word_counts_in_headline_runs() {
    assert_eq!(
        first_two(
            "Harbour daily boats story",
            "Story boats daily harbour",
            "boats daily harbour "
        ),
        ["z-in-order", "a-reversed"]
    );
}

/// A query of one rarer word and common words still tells headlines apart by their runs:
/// the rarer word in the headline may start a run through the common words.
#[test]
fn one_required_word_and_common_words_still_make_a_run() {
    assert_eq!(
        first_two(
            "Daily story harbour news",
            "Story harbour daily news",
            "harbour daily "
        ),
        ["z-in-order", "a-reversed"]
    );
}
