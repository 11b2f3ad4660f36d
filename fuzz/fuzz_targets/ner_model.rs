//! Any bytes as an NER model file, and the same bytes as the payload of a model file with a
//! right label, version, length and checksum (so the table readers see them): loading gives
//! an error or a model, and a model that loads tags text without panicking, with mentions
//! inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex_ner::{Model, SectionKind};

const TEXT: &str = "KERRY MEETS LAVROV\nJohn Kerry met Sergei Lavrov in Geneva on Friday, Reuters said. Zürich 🙂 東京.";

fuzz_target!(|data: &[u8]| {
    let _ = Model::from_bytes(data);
    if let Ok(model) = Model::from_bytes(&newsdex_fuzz::model_file(data)) {
        let (title, body) = TEXT.split_once('\n').expect("two lines");
        let found =
            model.tag_sections(&[(SectionKind::Headline, title), (SectionKind::Text, body)]);
        for (mentions, text) in found.iter().zip([title, body]) {
            let spans: Vec<_> = mentions.iter().map(|m| m.start..m.end).collect();
            newsdex_fuzz::check_marks(text, &spans);
        }
    }
});
