//! Regression tests, one per bug found while hardening (fuzzing, limits, hostile input), each
//! named after the bug it pins.

use newsdex::query::parse;
use newsdex::SearchOptions;

use crate::support::{article, index};

/// Quoted items with no letter or digit (`"-"`, or a right-to-left override in quotes) took
/// clause slots although they match nothing, so 32 of them before a real word dropped the
/// word and the query found nothing.
#[test]
fn punctuation_only_phrases_do_not_use_up_the_clause_cap() {
    let index = index(&[article("a", "Aleppo under fire", "Fighting around Aleppo went on."), article("b", "Other", "Nothing.")]);
    for query in [format!("{}aleppo", "\"-\" ".repeat(40)), format!("{}aleppo", "\"\u{202e}".repeat(800))] {
        let parsed = parse(&query);
        assert_eq!(parsed.clauses.len(), 1, "{query:?}");
        let results = index.search(&query, &SearchOptions::default()).unwrap();
        assert_eq!(results.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["a"], "{query:?}");
    }
    // Nor do they take exclusion slots: the real exclusion after 40 of them still applies.
    let query = format!("aleppo {}-fire ", "-\"?\" ".repeat(40));
    assert_eq!(parse(&query).excluded.len(), 1);
    assert_eq!(index.search(&query, &SearchOptions::default()).unwrap().total, 0);
}
