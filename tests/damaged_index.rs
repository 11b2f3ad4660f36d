//! Damaged, foreign and wrong-version index bytes are refused with the right message, and
//! bytes forged to pass the checksum never make a search panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

use newsdex::{Index, SearchOptions};
use newsdex_format::container::{Container, SectionKind, VERSION};

use crate::support::{article, index_bytes, reseal};

fn small_index() -> Vec<u8> {
    index_bytes(&[
        article(
            "a",
            "Kerry meets Lavrov",
            "Talks on Syria in Geneva.\n\nThe State Department said little.",
        ),
        article(
            "b",
            "Aleppo under fire",
            "Fighting around Aleppo, Syria's second city, went on.",
        ),
        article(
            "c",
            "Zürich 🙂 markets",
            "Prices rose in Zürich and Genève.",
        ),
    ])
}

fn error(bytes: &[u8]) -> String {
    match Index::from_bytes(bytes) {
        Ok(_) => panic!("damaged bytes were accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn wrong_label() {
    let mut bytes = small_index();
    bytes[0] = b'X';
    assert_eq!(
        error(&bytes),
        "newsdex: these bytes are not a newsdex index (wrong label)"
    );
    assert_eq!(
        error(b""),
        "newsdex: these bytes are not a newsdex index (wrong label)"
    );
    assert_eq!(
        error(b"{\"not\": \"an index\"}"),
        "newsdex: these bytes are not a newsdex index (wrong label)"
    );
}

#[test]
fn wrong_version() {
    let mut bytes = small_index();
    bytes[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
    assert_eq!(
        error(&bytes),
        format!("newsdex: index format version {} is not supported (this build reads version {VERSION}); rebuild the index with this version of newsdex", VERSION + 1)
    );
}

#[test]
fn truncated() {
    let bytes = small_index();
    let cut = bytes.len() - 10;
    assert_eq!(
        error(&bytes[..cut]),
        format!(
            "newsdex: index is truncated: {cut} bytes present, {} expected",
            bytes.len()
        )
    );
    assert_eq!(
        error(&bytes[..20]),
        "newsdex: index is truncated: 20 bytes present, 32 expected"
    );
}

#[test]
fn checksum_mismatch() {
    let mut bytes = small_index();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let message = error(&bytes);
    assert!(
        message.starts_with("newsdex: index is damaged: checksum "),
        "{message}"
    );
    assert!(message.contains("does not match the recorded"), "{message}");
}

/// Whether `message` is the refusal a damaged byte at `at` must give: the header field it
/// hits (label, version, length), else the checksum, which covers every other byte.
fn names_the_damage(message: &str, at: usize) -> bool {
    match at {
        0..8 => message == "newsdex: these bytes are not a newsdex index (wrong label)",
        8..12 => {
            message.starts_with("newsdex: index format version ")
                && message.contains(&format!("(this build reads version {VERSION})"))
        }
        16..24 => {
            message.starts_with("newsdex: index is truncated: ")
                || message.starts_with("newsdex: index has trailing bytes: ")
        }
        _ => message.starts_with("newsdex: index is damaged: checksum "),
    }
}

#[test]
fn every_flipped_byte_and_every_truncation_is_refused_with_its_reason() {
    let bytes = small_index();
    for i in 0..bytes.len() {
        for bit in [0x01, 0x80] {
            let mut damaged = bytes.clone();
            damaged[i] ^= bit;
            let message = error(&damaged);
            assert!(
                names_the_damage(&message, i),
                "flipping bit {bit:#x} of byte {i}: {message}"
            );
        }
    }
    for len in 0..bytes.len() {
        let message = error(&bytes[..len]);
        let expected = match len {
            0..8 => "newsdex: these bytes are not a newsdex index (wrong label)".to_owned(),
            8..32 => format!("newsdex: index is truncated: {len} bytes present, 32 expected"),
            _ => format!(
                "newsdex: index is truncated: {len} bytes present, {} expected",
                bytes.len()
            ),
        };
        assert_eq!(message, expected);
    }
}

/// Sections newsdex decodes itself; the fst sections (terms, words, id map, entity names) are
/// decoded by the fst crate once newsdex has checked every node (see below).
fn own_sections(bytes: &[u8]) -> Vec<usize> {
    let container = Container::parse(bytes).unwrap();
    [
        SectionKind::Meta,
        SectionKind::TermInfo,
        SectionKind::Postings,
        SectionKind::Positions,
        SectionKind::Skips,
        SectionKind::Norms,
        SectionKind::DocIds,
        SectionKind::Store,
    ]
    .into_iter()
    .flat_map(|kind| container.range(kind).unwrap())
    .collect()
}

#[test]
fn forged_bytes_never_make_a_search_panic() {
    let bytes = small_index();
    let queries = [
        "syria",
        "aleppo syri",
        "\"state department\"",
        "Lavrvo",
        "zurich -genève",
        "title:kerry OR markets",
    ];
    let mut opened = 0;
    for i in own_sections(&bytes) {
        let mut forged = bytes.clone();
        forged[i] = forged[i].wrapping_add(1 + (i % 200) as u8);
        reseal(&mut forged);
        let Ok(index) = Index::from_bytes(forged.as_slice()) else {
            continue;
        };
        opened += 1;
        for query in queries {
            let _ = index.search(query, &SearchOptions::default());
        }
        for id in ["a", "b", "c"] {
            let _ = index.article(id, Some("syria"));
        }
    }
    assert!(
        opened > 0,
        "no forged index passed the structural checks, so nothing was searched"
    );
}

/// The sections the `fst` crate reads, which opening checks node by node first.
const FST_SECTIONS: [SectionKind; 4] = [
    SectionKind::Terms,
    SectionKind::Words,
    SectionKind::IdMap,
    SectionKind::EntityNames,
];

/// Requests that reach every fst: words, prefixes, typos, phrases, fields, exclusions and
/// entity filters (terms and words), article lookups (id map), entities and suggestions
/// (entity names, words).
fn exercise(index: &Index<&[u8]>) {
    let queries = [
        "syria",
        "aleppo syri",
        "gen* -markets",
        "Lavrvo",
        "Kery",
        "\"state department\"",
        "title:kerry OR markets",
        "person:kerry",
        "place:geneva",
        "org:\"state department\"",
        "entity:per/john-kerry",
        "zurich -genève",
    ];
    let _ = index.stats();
    for query in queries {
        if let Ok(results) = index.search(query, &SearchOptions::default()) {
            for hit in &results.hits {
                let _ = index.article(&hit.id, Some(query));
                for entity in &hit.entities {
                    let _ = index.entity(&entity.id);
                }
            }
        }
        let _ = index.suggest(query);
    }
    for id in ["a", "b", "c", "d"] {
        let _ = index.article(id, Some("kerry lavrov"));
    }
    for prefix in ["", "k", "ker", "lav", "gen", "state d"] {
        let _ = index.suggest(prefix);
    }
}

/// Every byte of each fst section forged four ways (plus one, top bit flipped, 0x00, 0xff),
/// the checksum recomputed: opening refuses it with a message naming the section, or the index
/// answers every request without a panic.
#[test]
fn forged_fst_sections_are_refused_or_answered_without_a_panic() {
    let bytes = small_index();
    let container = Container::parse(&bytes).unwrap();
    let (mut tried, mut refused) = (0, 0);
    for kind in FST_SECTIONS {
        let range = container.range(kind).unwrap();
        for at in range.clone() {
            for value in [bytes[at].wrapping_add(1), bytes[at] ^ 0x80, 0x00, 0xff] {
                if value == bytes[at] {
                    continue;
                }
                let mut forged = bytes.clone();
                forged[at] = value;
                reseal(&mut forged);
                tried += 1;
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    match Index::from_bytes(forged.as_slice()) {
                        Ok(index) => exercise(&index),
                        Err(e) => {
                            let message = e.to_string();
                            let expected =
                                format!("newsdex: index is damaged: {} section: ", kind.name());
                            assert!(message.starts_with(&expected), "{message}");
                            refused += 1;
                        }
                    }
                }));
                if let Err(panic) = outcome {
                    let reason = panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or(panic.downcast_ref::<&str>().copied());
                    panic!(
                        "byte {} of the {} section (index byte {at}) set to {value:#04x}: {}",
                        at - range.start,
                        kind.name(),
                        reason.unwrap_or("a panic")
                    );
                }
            }
        }
    }
    assert!(
        refused > 0 && refused < tried,
        "{refused} of {tried} forgeries refused"
    );
}

/// Format 13's skip entries have no impact byte: such an index is refused by its version, never
/// read with its skip tables misparsed.
#[test]
fn an_index_of_format_13_is_refused() {
    let mut bytes = small_index();
    bytes[8..12].copy_from_slice(&13u32.to_le_bytes());
    assert_eq!(
        error(&bytes),
        format!("newsdex: index format version 13 is not supported (this build reads version {VERSION}); rebuild the index with this version of newsdex")
    );
}
