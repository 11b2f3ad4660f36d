//! Entity names: cleaning a mention's text, the folded key that decides when two names are
//! the same, its tokens, and the slug that becomes an entity's id.

use newsdex_format::entities::EntityRecord;
use newsdex_ner::{is_honorific, is_title_word, EntityType};

use crate::analysis::fold_into;

/// A mention's text as a name: whitespace collapsed, a trailing possessive removed.
pub fn clean(surface: &str) -> String {
    let mut name = surface.split_whitespace().collect::<Vec<_>>().join(" ");
    for suffix in ["'s", "’s", "'", "’"] {
        if name.len() > suffix.len() && name.ends_with(suffix) {
            name.truncate(name.len() - suffix.len());
            break;
        }
    }
    name
}

/// The key under which names are the same entity: each word folded (case, diacritics), dots
/// dropped (`U.S.` = `US`), hyphens as spaces (`al-Assad` = `al Assad`), words joined by one space.
///
/// ```
/// use newsdex_index::entities::key;
/// assert_eq!(key("Bashar al-Assad"), "bashar al assad");
/// assert_eq!(key("U.S."), key("US"));
/// assert_eq!(key("Zoë  BRONTË"), "zoe bronte");
/// ```
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut folded = String::new();
    for word in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—'))
    {
        fold_into(word, &mut folded);
        folded.retain(|c| c != '.');
        if folded.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}

/// A mention the recogniser typed `kind`, as a name: an honorific before a name makes it a
/// person's whatever the recogniser said, and neither honorifics nor titles before a person's
/// name are part of it, so "Mr Blair" and "Chancellor Gordon Brown" link to "Tony Blair" and
/// "Gordon Brown" as the bare names do. Returns the type and the rest of `surface`.
///
/// ```
/// use newsdex_index::entities::person_name;
/// use newsdex_ner::EntityType::{Org, Per};
/// assert_eq!(person_name("Mr Blair", Org), (Per, "Blair"));
/// assert_eq!(person_name("Prime Minister Tony Blair", Per), (Per, "Tony Blair"));
/// assert_eq!(person_name("General Motors", Org), (Org, "General Motors"));
/// assert_eq!(person_name("Mr", Per), (Per, "Mr"));
/// ```
pub fn person_name(surface: &str, kind: EntityType) -> (EntityType, &str) {
    fn leading(rest: &str) -> &str {
        rest.split_whitespace().next().unwrap_or_default()
    }
    let has_more = |rest: &str| rest.split_whitespace().nth(1).is_some();
    let mut rest = surface.trim();
    let kind = if has_more(rest) && is_honorific(leading(rest)) {
        EntityType::Per
    } else {
        kind
    };
    if kind != EntityType::Per {
        return (kind, surface);
    }
    while has_more(rest) {
        if !is_title_word(leading(rest)) {
            break;
        }
        rest = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, after)| after.trim_start());
    }
    (kind, rest)
}

/// The words of a key.
pub fn tokens(key: &str) -> Vec<&str> {
    key.split(' ').filter(|t| !t.is_empty()).collect()
}

/// Whether `short` appears as consecutive words of `long`.
pub fn contained_in(short: &[&str], long: &[&str]) -> bool {
    !short.is_empty() && short.len() < long.len() && long.windows(short.len()).any(|w| w == short)
}

/// The short lower-case code of a type in ids: `per`, `loc`, `org`, `misc`.
pub fn type_code(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Per => "per",
        EntityType::Loc => "loc",
        EntityType::Org => "org",
        EntityType::Misc => "misc",
    }
}

/// An entity id: the type code, a slash and the key's letters and digits joined by hyphens
/// (`per/sergei-lavrov`).
pub fn slug(kind: EntityType, key: &str) -> String {
    let mut slug = format!("{}/", type_code(kind));
    let mut gap = false;
    for c in key.chars() {
        if c.is_alphanumeric() {
            if gap && !slug.ends_with('/') {
                slug.push('-');
            }
            slug.push(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    slug
}

/// A stored entity's id: the type code, the slug of its id name's key and the suffix
/// (`per/sergei-lavrov`, `per/sergei-lavrov-1`). Derived rather than stored, as the key folds
/// through the analyser, which the index format does not hold.
pub fn entity_id(record: &EntityRecord<'_>) -> String {
    let base = slug(record.kind, &key(record.id_name()));
    if record.suffix == 0 {
        base
    } else {
        format!("{base}-{}", record.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_possessives_and_extra_spaces() {
        assert_eq!(clean("Kerry's"), "Kerry");
        assert_eq!(clean("  John \n Kerry’s "), "John Kerry");
        assert_eq!(clean("'"), "'");
    }

    #[test]
    fn keys_fold_case_diacritics_dots_and_hyphens() {
        assert_eq!(key("Sergei LAVROV"), "sergei lavrov");
        assert_eq!(key("al-Nashabyia"), "al nashabyia");
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("..."), "");
    }

    #[test]
    fn containment_is_of_consecutive_words() {
        assert!(contained_in(&["kerry"], &["john", "kerry"]));
        assert!(contained_in(&["al", "assad"], &["bashar", "al", "assad"]));
        assert!(!contained_in(
            &["bashar", "assad"],
            &["bashar", "al", "assad"]
        ));
        assert!(!contained_in(&["john", "kerry"], &["john", "kerry"]));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug(EntityType::Per, "sergei lavrov"), "per/sergei-lavrov");
        assert_eq!(slug(EntityType::Org, "at&t corp"), "org/at-t-corp");
        assert_eq!(slug(EntityType::Loc, "zurich"), "loc/zurich");
    }
}
