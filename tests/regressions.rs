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

/// A snippet turned every whitespace character into a one-byte space, so after a no-break,
/// ideographic or line-separator space (two or three bytes) its marks pointed past the word
/// they marked, or inside a character. Found by fuzzing (index_forged).
#[test]
fn snippet_marks_after_multibyte_whitespace_slice_the_matched_word() {
    let index = index(&[article("w", "Title", "Talks\u{a0}in\u{2028}Geneva\u{3000}with\u{85}Kerry and Lavrov.\n\nKerry left.")]);
    let results = index.search("kerry", &SearchOptions::default()).unwrap();
    let snippet = &results.hits[0].snippet;
    let marked: Vec<&str> = snippet.marks.iter().map(|m| snippet.text.get(m.clone()).unwrap_or("<not a slice>")).collect();
    assert_eq!(marked, ["Kerry", "Kerry"]);
    assert!(snippet.text.contains("Talks\u{a0}in\u{2028}Geneva\u{3000}with\u{85}Kerry and Lavrov.  Kerry left."), "{:?}", snippet.text);
}
