//! Any text through the recogniser: as one text (`newsdex::entities`) and split into a
//! headline and a body (`tag_sections`), the names found lie inside their text on character
//! boundaries, in order, and slice the same in UTF-16.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex_ner::{Model, SectionKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let spans: Vec<_> = newsdex::entities(&text)
        .into_iter()
        .map(|name| name.span)
        .collect();
    newsdex_fuzz::check_marks(&text, &spans);

    let mut cut = usize::from(data.first().copied().unwrap_or(0)).min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let (title, body) = text.split_at(cut);
    let found = Model::embedded()
        .tag_sections(&[(SectionKind::Headline, title), (SectionKind::Text, body)]);
    assert_eq!(found.len(), 2);
    for (mentions, part) in found.iter().zip([title, body]) {
        let spans: Vec<_> = mentions.iter().map(|m| m.start..m.end).collect();
        newsdex_fuzz::check_marks(part, &spans);
    }
});
