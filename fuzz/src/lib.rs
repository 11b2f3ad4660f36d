//! What the fuzz targets share: a small sound index built once, the checksums a forger
//! recomputes, a request mix that reaches every reader, and the promises every answer keeps
//! (marks inside their text, on character boundaries, in order, not overlapping; snippets
//! within their cap; UTF-16 marks that slice to the same text as the byte marks).

use std::ops::Range;
use std::sync::OnceLock;

use newsdex::wire::utf16_marks;
use newsdex::{
    Article, ArticleView, BuildOptions, Index, IndexBuilder, SearchOptions, SearchResults,
};
use newsdex_format::container::{Container, SectionKind};

/// The small index's articles: accents, emoji, combining marks, right-to-left and CJK text,
/// zero-width and bidi controls, wide whitespace, names the recogniser finds, phrases, and
/// markup.
pub const ARTICLES: [(&str, &str, &str); 4] = [
    (
        "kerry",
        "Kerry meets Lavrov in Geneva",
        "US Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov met in Geneva. \
         The State Department said the talks on Aleppo were long.\n\nKerry said air strikes must stop.",
    ),
    (
        "aleppo",
        "Aleppo under fire 🙂",
        "Fighting around Aleppo, Syria's second city, went on. Café owners in Zürich and Genève \
         watched.\u{2028}E\u{301}le\u{300}ve\u{a0}naïve\u{3000}coöperate running runners ran.",
    ),
    (
        "mixed",
        "東京で会議 — مرحبا بيروت",
        "Zero\u{200b}width joiners\u{200d} and \u{202e}override\u{202c} marks; 𝕏 and 👩\u{200d}👩\u{200d}👧 \
         family emoji; Ölgaard met Øresund officials in København with Ban Ki-moon.",
    ),
    (
        "markup",
        "<b>Kerry</b> \"><img src=x onerror=alert(1)>",
        "<script>alert(1)</script> javascript:alert(1) &lt;b&gt; ${alert(1)} Lavrov said `x` in Moscow.",
    ),
];

/// Queries that reach every reader: words, prefixes, typos, phrases, fields, OR, exclusions
/// and entity filters.
pub const QUERIES: [&str; 12] = [
    "kerry",
    "aleppo syri",
    "\"state department\"",
    "lavrvo ",
    "zurich -genève",
    "title:kerry OR markets",
    "run* -\"air strikes\"",
    "person:kerry",
    "place:\"Geneva\" org:state",
    "entity:per/john-kerry",
    "東京",
    "k",
];

/// The small index's bytes (with the store and entities).
pub fn small_index_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut builder = IndexBuilder::new(BuildOptions::default());
        for (id, title, body) in ARTICLES {
            let article = Article {
                id: id.into(),
                title: title.into(),
                body: body.into(),
                source: "Reuters".into(),
                url: format!("https://news.example/{id}"),
                date: "2016-09-09".into(),
                ..Article::default()
            };
            builder
                .insert(&article)
                .expect("the small index's articles are valid");
        }
        builder.finish().expect("the small index builds")
    })
}

/// The small index, opened.
pub fn small_index() -> &'static Index<&'static [u8]> {
    static INDEX: OnceLock<Index<&'static [u8]>> = OnceLock::new();
    INDEX.get_or_init(|| Index::from_bytes(small_index_bytes()).expect("the small index opens"))
}

/// Recomputes an index's checksum (xxh3 over bytes 0..24 and 32..end, stored at 24..32), as a
/// forger would, so the structural checks and the readers see the damage.
pub fn reseal_index(bytes: &mut [u8]) {
    if bytes.len() < 32 {
        return;
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&bytes[..24]);
    hasher.update(&bytes[32..]);
    let sum = hasher.digest();
    bytes[24..32].copy_from_slice(&sum.to_le_bytes());
}

/// Which bytes of the small index an edit may touch.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Everything but the fst sections (terms, words, id map, entity names): what newsdex's own
    /// checks and readers guard.
    OwnSections,
    /// Only the fst sections, which the fst crate decodes once newsdex has checked every node.
    FstSections,
}

const FST_SECTIONS: [SectionKind; 4] = [
    SectionKind::Terms,
    SectionKind::Words,
    SectionKind::IdMap,
    SectionKind::EntityNames,
];

/// The offsets of the small index in `region`.
fn offsets(region: Region) -> &'static [usize] {
    static OFFSETS: OnceLock<[Vec<usize>; 2]> = OnceLock::new();
    let [own, fst] = OFFSETS.get_or_init(|| {
        let bytes = small_index_bytes();
        let container = Container::parse(bytes).expect("the small index parses");
        let mut in_fst = vec![false; bytes.len()];
        for kind in FST_SECTIONS {
            in_fst[container.range(kind).expect("an fst section")].fill(true);
        }
        let fst = (0..bytes.len()).filter(|&at| in_fst[at]).collect();
        // Nor may own edits move an fst section: its table entry (24 bytes from offset 32 + 24i)
        // is left alone too.
        let sections = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes")) as usize;
        for (i, entry) in bytes[32..].chunks_exact(24).take(sections).enumerate() {
            let kind = u32::from_le_bytes(entry[..4].try_into().expect("4 bytes"));
            if FST_SECTIONS.iter().any(|&fst| fst as u32 == kind) {
                in_fst[32 + 24 * i..][..24].fill(true);
            }
        }
        let own = (0..bytes.len()).filter(|&at| !in_fst[at]).collect();
        [own, fst]
    });
    if region == Region::OwnSections {
        own
    } else {
        fst
    }
}

/// The small index damaged by `edits` within `region`, then resealed. Each edit is 6 bytes: a
/// little-endian u32 choosing an offset of the region, an operation (xor, set, or write a
/// small u32 or u64 where counts, offsets and lengths are stored) and a value.
pub fn forge(edits: &[u8], region: Region) -> Vec<u8> {
    let mut bytes = small_index_bytes().to_vec();
    let offsets = offsets(region);
    for edit in edits.chunks_exact(6) {
        let at = offsets
            [u32::from_le_bytes([edit[0], edit[1], edit[2], edit[3]]) as usize % offsets.len()];
        let value = edit[5];
        match edit[4] % 4 {
            0 => bytes[at] ^= value,
            1 => bytes[at] = value,
            // Aligned, as counts, offsets and lengths are: a write from the padding after a
            // section lands in the section's last bytes (how index_forged reached an fst footer).
            2 => write(&mut bytes, at & !3, &u32::from(value).to_le_bytes()),
            _ => write(&mut bytes, at & !7, &u64::from(value).to_le_bytes()),
        }
    }
    reseal_index(&mut bytes);
    bytes
}

fn write(bytes: &mut [u8], at: usize, value: &[u8]) {
    let end = (at + value.len()).min(bytes.len());
    bytes[at..end].copy_from_slice(&value[..end - at]);
}

/// A model file around `payload`: label, version, length, payload, xxh3 of all before it.
pub fn model_file(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 30);
    out.extend_from_slice(newsdex_ner::MODEL_LABEL);
    out.extend_from_slice(&newsdex_ner::MODEL_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Runs the request mix on an index that opened, whatever its bytes: errors are fine (the
/// index may be forged), panics and hangs are not.
pub fn exercise<B: AsRef<[u8]>>(index: &Index<B>) {
    let _ = index.stats();
    for query in QUERIES {
        let Ok(results) = index.search(
            query,
            &SearchOptions {
                limit: 5,
                ..SearchOptions::default()
            },
        ) else {
            continue;
        };
        for hit in &results.hits {
            let _ = index.article(&hit.id, Some(query));
            for entity in &hit.entities {
                let _ = index.entity(&entity.id);
            }
        }
        let _ = index.suggest(query);
        let _ = index.search(
            query,
            &SearchOptions {
                collapse: true,
                ..SearchOptions::default()
            },
        );
    }
    for (id, _, _) in ARTICLES {
        let _ = index.article(id, Some("kerry lavrov"));
        let _ = index.related(id, 8);
        let _ = index.duplicates(id);
    }
}

/// A snippet's text is cut at 480 bytes (`MAX_SNIPPET_BYTES` in `src/highlight.rs`), plus an
/// ellipsis at each end.
pub const MAX_SNIPPET_TEXT: usize = 480 + 2 * "…".len();

/// Marks lie inside `text` on character boundaries, sorted, not empty, not overlapping, and
/// their UTF-16 form slices to the same text.
pub fn check_marks(text: &str, marks: &[Range<usize>]) {
    let mut past = 0;
    for mark in marks {
        assert!(
            mark.start < mark.end && mark.end <= text.len(),
            "mark {mark:?} outside {text:?}"
        );
        assert!(
            text.is_char_boundary(mark.start) && text.is_char_boundary(mark.end),
            "mark {mark:?} splits a character of {text:?}"
        );
        assert!(
            mark.start >= past,
            "marks {marks:?} overlap or are out of order"
        );
        past = mark.end;
    }
    check_utf16(text, marks);
}

/// Sorted spans whose UTF-16 offsets (as JavaScript gets them) slice to the same text as
/// their byte offsets.
pub fn check_utf16(text: &str, spans: &[Range<usize>]) {
    let units: Vec<u16> = text.encode_utf16().collect();
    for (span, [start, end]) in spans.iter().zip(utf16_marks(text, spans)) {
        assert_eq!(
            String::from_utf16(&units[start..end]).ok().as_deref(),
            Some(&text[span.clone()]),
            "UTF-16 span of {span:?} in {text:?}"
        );
    }
}

/// Every promise of a search's answer.
pub fn check_results(results: &SearchResults, limit: usize) {
    assert!(results.hits.len() <= limit && results.hits.len() <= results.total);
    for hit in &results.hits {
        check_marks(&hit.title, &hit.title_marks);
        check_marks(&hit.snippet.text, &hit.snippet.marks);
        assert!(
            hit.snippet.text.len() <= MAX_SNIPPET_TEXT,
            "a snippet of {} bytes",
            hit.snippet.text.len()
        );
    }
}

/// Every promise of an article view.
pub fn check_article(view: &ArticleView) {
    let article = &view.article;
    check_marks(&article.title, &view.title_marks);
    check_marks(&article.description, &view.description_marks);
    check_marks(&article.body, &view.marks);
    for (text, mentions) in [
        (&article.title, &view.title_mentions),
        (&article.description, &view.description_mentions),
        (&article.body, &view.mentions),
    ] {
        let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
        check_marks(text, &spans);
    }
}
