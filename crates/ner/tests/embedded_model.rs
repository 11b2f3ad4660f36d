//! The committed model on hand-written sentences, and the tagger's robustness on odd input.

use newsdex_ner::{EntityType, Mention, Model, SectionKind};

fn names(text: &str, found: &[Mention]) -> Vec<(String, EntityType)> {
    found
        .iter()
        .map(|m| (text[m.start..m.end].to_string(), m.kind))
        .collect()
}

fn has(text: &str, found: &[Mention], name: &str, kind: EntityType) -> bool {
    names(text, found).contains(&(name.to_string(), kind))
}

#[test]
fn embedded_model_loads_and_round_trips() {
    let model = Model::embedded();
    let bytes = model.to_bytes();
    assert_eq!(
        bytes.as_slice(),
        include_bytes!("../model/newsdex-ner.model")
    );
    assert_eq!(&Model::from_bytes(&bytes).unwrap(), model);
}

#[test]
fn finds_people_places_and_nationalities() {
    let text = "US Secretary of State John Kerry spoke to Russian Foreign Minister Sergei Lavrov about Aleppo.";
    let found = Model::embedded().tag(text);
    for (name, kind) in [
        ("John Kerry", EntityType::Per),
        ("Sergei Lavrov", EntityType::Per),
        ("Aleppo", EntityType::Loc),
        ("Russian", EntityType::Misc),
    ] {
        assert!(
            has(text, &found, name, kind),
            "{name} {kind} not in {:?}",
            names(text, &found)
        );
    }
}

#[test]
fn reads_an_all_caps_headline_with_its_article() {
    let title = "KERRY CALLS ON RUSSIA TO PRESS ASSAD";
    let body = "US Secretary of State John Kerry on Tuesday urged Russia to press Syrian President Bashar \
                Assad to halt air strikes on Aleppo. Kerry spoke in Geneva.";
    let found = Model::embedded()
        .tag_sections(&[(SectionKind::Headline, title), (SectionKind::Text, body)]);
    assert_eq!(found.len(), 2);
    assert!(
        has(title, &found[0], "KERRY", EntityType::Per),
        "{:?}",
        names(title, &found[0])
    );
    assert!(
        has(title, &found[0], "RUSSIA", EntityType::Loc),
        "{:?}",
        names(title, &found[0])
    );
    assert!(
        has(title, &found[0], "ASSAD", EntityType::Per),
        "{:?}",
        names(title, &found[0])
    );
    assert!(
        has(body, &found[1], "Geneva", EntityType::Loc),
        "{:?}",
        names(body, &found[1])
    );
    assert!(
        has(body, &found[1], "Kerry", EntityType::Per),
        "{:?}",
        names(body, &found[1])
    );
}

#[test]
fn reads_an_all_caps_headline_alone() {
    let title = "KERRY CALLS ON RUSSIA TO PRESS ASSAD";
    let found = Model::embedded().tag_sections(&[(SectionKind::Headline, title)]);
    assert!(
        has(title, &found[0], "RUSSIA", EntityType::Loc),
        "{:?}",
        names(title, &found[0])
    );
    assert!(
        !found[0].iter().any(|m| &title[m.start..m.end] == "CALLS"),
        "{:?}",
        names(title, &found[0])
    );
}

#[test]
fn keeps_a_name_consistent_across_the_article() {
    let text = "Talks led by Maria Okonkwo ended in Lagos on Friday.\nOkonkwo said the city would vote again. \
                Critics of Okonkwo were not convinced.";
    let found = Model::embedded().tag(text);
    let okonkwo: Vec<EntityType> = found
        .iter()
        .filter(|m| text[m.start..m.end].contains("Okonkwo"))
        .map(|m| m.kind)
        .collect();
    assert_eq!(okonkwo, [EntityType::Per; 3], "{:?}", names(text, &found));
}

#[test]
fn handles_agency_lines_and_organisations() {
    let text = "WASHINGTON (Reuters) - Apple Inc said on Monday it would buy Beats Electronics, the Wall Street Journal reported.";
    let found = Model::embedded().tag(text);
    assert!(
        has(text, &found, "WASHINGTON", EntityType::Loc),
        "{:?}",
        names(text, &found)
    );
    assert!(
        has(text, &found, "Reuters", EntityType::Org),
        "{:?}",
        names(text, &found)
    );
    assert!(
        has(text, &found, "Wall Street Journal", EntityType::Org),
        "{:?}",
        names(text, &found)
    );
}

/// A small deterministic generator, so the odd-input test covers many strings reproducibly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn check(text: &str) {
    let model = Model::embedded();
    for m in model.tag(text) {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?} in {text:?}");
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{m:?} in {text:?}"
        );
    }
    let sections = [(SectionKind::Headline, text), (SectionKind::Text, text)];
    for (found, (_, t)) in model.tag_sections(&sections).iter().zip(&sections) {
        assert!(found
            .iter()
            .all(|m| m.end <= t.len() && t.is_char_boundary(m.start)));
    }
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{301}",
        "\u{301}Paris\u{301}",
        "'s",
        "n't",
        "U.S.",
        ".",
        "\0\u{7}\u{1b}[0m",
        "東京で会議",
        "مرحبا بالعالم بيروت",
        "\u{202e}Kerry\u{202c}",
        "A",
        "Ǆ",
        "ß",
        "İstanbul",
        "\u{fffd}",
        "🇫🇷 Paris 👍",
    ] {
        check(text);
    }
    check(&"Kerry ".repeat(20_000));
    check(&"x".repeat(100_000));
    let pool: Vec<char> = "aZ .,'-\"()\n\t\u{301}\u{200b}é東مß🇫İ0$&/:;!?’“”…—"
        .chars()
        .collect();
    let mut rng = Rng(0x1234_5678);
    for _ in 0..300 {
        let len = (rng.next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| pool[(rng.next() % pool.len() as u64) as usize])
            .collect();
        check(&text);
    }
}
