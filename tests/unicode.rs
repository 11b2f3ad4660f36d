//! Offsets survive multi-byte text: marks slice to the matched word in Rust (bytes) and, in
//! the wire form, in UTF-16 as JavaScript slices strings, around combining marks, emoji
//! sequences, right-to-left runs, CJK, zero-width and bidi characters, and the U+FFFD that
//! lone surrogates from JavaScript become (tests/node/limits-unicode.test.mjs checks that
//! side in the packed package).

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
    let rust: Vec<&str> = hit
        .snippet
        .marks
        .iter()
        .map(|m| &hit.snippet.text[m.clone()])
        .collect();
    assert_eq!(rust, ["Zürich’s", "Zurich"]);
    assert_eq!(
        hit.title_marks
            .iter()
            .map(|m| &hit.title[m.clone()])
            .collect::<Vec<_>>(),
        ["Zürich"]
    );

    let wire = WireResults::from(&results);
    let wire_hit = &wire.hits[0];
    let js: Vec<String> = wire_hit
        .snippet
        .marks
        .iter()
        .map(|&m| utf16_slice(wire_hit.snippet.text, m))
        .collect();
    assert_eq!(js, ["Zürich’s", "Zurich"]);
    assert_eq!(
        utf16_slice(wire_hit.head.title, wire_hit.title_marks[0]),
        "Zürich"
    );
}

#[test]
fn article_marks_in_utf16() {
    let index = index(&[article("x", "Title", "𝕏 first, then Ölgaard and ölgaard.")]);
    let view = index.article("x", Some("olgaard ")).unwrap();
    let wire = WireArticle::from(&view);
    let js: Vec<String> = wire
        .marks
        .iter()
        .map(|&m| utf16_slice(wire.body, m))
        .collect();
    assert_eq!(js, ["Ölgaard", "ölgaard"]);
}

/// Every mark and mention of a search's hits and of each article view slices, in UTF-16 as
/// JavaScript slices, to the same text as in Rust.
fn check_utf16_offsets(index: &newsdex::Index<Vec<u8>>, query: &str) -> Vec<String> {
    let results = index.search(query, &SearchOptions::default()).unwrap();
    let wire = WireResults::from(&results);
    let mut marked = Vec::new();
    for (hit, wire_hit) in results.hits.iter().zip(&wire.hits) {
        for (mark, &units) in hit.title_marks.iter().zip(&wire_hit.title_marks) {
            assert_eq!(utf16_slice(&hit.title, units), &hit.title[mark.clone()]);
        }
        for (mark, &units) in hit.snippet.marks.iter().zip(&wire_hit.snippet.marks) {
            assert_eq!(
                utf16_slice(&hit.snippet.text, units),
                &hit.snippet.text[mark.clone()]
            );
        }
        let view = index.article(&hit.id, Some(query)).unwrap();
        let wire_view = WireArticle::from(&view);
        let fields = [
            (
                &view.article.title,
                &view.title_marks,
                &wire_view.title_marks,
            ),
            (
                &view.article.description,
                &view.description_marks,
                &wire_view.description_marks,
            ),
            (&view.article.body, &view.marks, &wire_view.marks),
        ];
        for (text, marks, units) in fields {
            assert_eq!(marks.len(), units.len());
            for (mark, &units) in marks.iter().zip(units) {
                assert_eq!(utf16_slice(text, units), &text[mark.clone()]);
                marked.push(text[mark.clone()].to_owned());
            }
        }
        let mentions = [
            (
                &view.article.title,
                &view.title_mentions,
                &wire_view.title_mentions,
            ),
            (
                &view.article.description,
                &view.description_mentions,
                &wire_view.description_mentions,
            ),
            (&view.article.body, &view.mentions, &wire_view.mentions),
        ];
        for (text, mentions, wire_mentions) in mentions {
            for (mention, wire_mention) in mentions.iter().zip(wire_mentions) {
                assert_eq!(
                    utf16_slice(text, [wire_mention.start, wire_mention.end]),
                    &text[mention.span.clone()]
                );
            }
        }
    }
    marked
}

/// Text mixing what moves UTF-16 offsets away from bytes and characters: combining marks,
/// emoji sequences (ZWJ families, flags, skin tones), right-to-left runs with bidi controls,
/// CJK runs and zero-width characters.
fn mixed_index() -> newsdex::Index<Vec<u8>> {
    let mut wide = article(
        "wide",
        "👩\u{200d}👩\u{200d}👧 E\u{301}le\u{300}ve 🇫🇷 Genève — مرحبا بيروت",
        "東京で会議が開かれた。\u{202e}Lavrov\u{202c} met 👍🏽 John Kerry in Zu\u{308}rich.\n\n\
         Zero\u{200b}width joiners\u{200d} and soft\u{ad}hyphens; שלום ירושלים; 𝕏 posts about Beirut and Tokyo.",
    );
    wide.description = "Ölgaard 🙂 spoke in בירות and in 北京.".into();
    index(&[
        wide,
        article("plain", "Plain title", "Kerry and Lavrov in Geneva."),
    ])
}

#[test]
fn marks_and_mentions_slice_right_around_every_kind_of_wide_character() {
    let index = mixed_index();
    for (query, expected) in [
        ("eleve", "E\u{301}le\u{300}ve"),
        ("geneve ", "Genève"),
        ("zurich", "Zu\u{308}rich"),
        ("lavrov", "Lavrov"),
        ("بيروت", "بيروت"),
        ("ירושלים", "ירושלים"),
        ("olgaard", "Ölgaard"),
        ("beirut", "Beirut"),
        ("width", "width"),
        ("kerry", "Kerry"),
    ] {
        let marked = check_utf16_offsets(&index, query);
        assert!(marked.iter().any(|m| m == expected), "{query}: {marked:?}");
    }
}

#[test]
fn cjk_runs_are_found_and_marked_whole() {
    let index = mixed_index();
    let marked = check_utf16_offsets(&index, "東京");
    assert!(marked.contains(&"東京".to_owned()), "{marked:?}");
    let marked = check_utf16_offsets(&index, "北京");
    assert!(marked.contains(&"北京".to_owned()), "{marked:?}");
}

#[test]
fn entity_mentions_in_wide_text_slice_right_in_utf16() {
    let index = mixed_index();
    check_utf16_offsets(&index, "person:kerry");
    let text = "👩\u{200d}👩\u{200d}👧 \u{202e}John Kerry\u{202c} met Sergei Lavrov in Zu\u{308}rich 東京.";
    let names = newsdex::entities(text);
    let wire = newsdex::wire::wire_names(text, &names);
    for (name, wire_name) in names.iter().zip(&wire) {
        assert_eq!(
            utf16_slice(text, [wire_name.start, wire_name.end]),
            &text[name.span.clone()]
        );
        assert_eq!(wire_name.text, &text[name.span.clone()]);
    }
    assert!(
        wire.iter().any(|n| n.text == "Sergei Lavrov"),
        "{:?}",
        wire.iter().map(|n| n.text).collect::<Vec<_>>()
    );
}

#[test]
fn replacement_characters_from_lone_surrogates_keep_utf16_offsets() {
    // wasm-bindgen turns each lone surrogate of a JavaScript string into U+FFFD: one UTF-16
    // unit for one, so offsets computed on the replaced text slice the original string too.
    assert_eq!('\u{fffd}'.len_utf16(), 1);
    let index = index(&[article(
        "s",
        "\u{fffd}Kerry\u{fffd} and Lavrov",
        "A \u{fffd}\u{fffd} body about Geneva\u{fffd}.",
    )]);
    let marked = check_utf16_offsets(&index, "kerry geneva");
    assert_eq!(marked, ["Kerry", "Geneva"]);
}
