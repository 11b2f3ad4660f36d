//! Offsets survive multi-byte text: marks slice to the matched word in Rust (bytes) and, in
//! the wire form, in UTF-16 as JavaScript slices strings.

use newsdex::wire::{WireArticle, WireResults};
use newsdex::SearchOptions;

use crate::support::{article, index};

fn utf16_slice(text: &str, [start, end]: [usize; 2]) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).unwrap()
}

#[test]
fn marks_after_emoji_and_accents() {
    let index = index(&[article(
        "x",
        "🙂🙂 Café Zürich",
        "Ünïcödé 🙂 text — then Zürich’s mayor met Ölgaard in Zurich.",
    )]);
    let results = index.search("zurich", &SearchOptions::default()).unwrap();
    let hit = &results.hits[0];
    let rust: Vec<&str> = hit.snippet.marks.iter().map(|m| &hit.snippet.text[m.clone()]).collect();
    assert_eq!(rust, ["Zürich’s", "Zurich"]);
    assert_eq!(hit.title_marks.iter().map(|m| &hit.title[m.clone()]).collect::<Vec<_>>(), ["Zürich"]);

    let wire = WireResults::from(&results);
    let wire_hit = &wire.hits[0];
    let js: Vec<String> = wire_hit.snippet.marks.iter().map(|&m| utf16_slice(wire_hit.snippet.text, m)).collect();
    assert_eq!(js, ["Zürich’s", "Zurich"]);
    assert_eq!(utf16_slice(wire_hit.title, wire_hit.title_marks[0]), "Zürich");
}

#[test]
fn article_marks_in_utf16() {
    let index = index(&[article("x", "Title", "𝕏 first, then Ölgaard and ölgaard.")]);
    let view = index.article("x", Some("olgaard ")).unwrap();
    let wire = WireArticle::from(&view);
    let js: Vec<String> = wire.marks.iter().map(|&m| utf16_slice(wire.body, m)).collect();
    assert_eq!(js, ["Ölgaard", "ölgaard"]);
}
