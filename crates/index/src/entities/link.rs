//! Linking within one article: every mention of the same name is one entity of one type (the
//! type most of its mentions got), and a shorter name links to the one longer name of the same
//! type that contains it as consecutive words: "Kerry" → "John Kerry", "Assad" → "Bashar al
//! Assad", "Toner" → "Mark Toner". A short name that fits several longer ones ("John" with
//! "John Kerry" and "John Kirby") links to the most mentioned of them, or to none on a tie.

use std::collections::HashMap;

use newsdex_format::entities::Span;
use newsdex_format::Field;
use newsdex_ner::EntityType;

use super::names::{clean, contained_in, key, person_name, tokens};

/// A mention found by the recogniser, before linking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundMention {
    /// Where it is.
    pub span: Span,
    /// The type the recogniser gave it.
    pub kind: EntityType,
    /// Whether the words around the name in the article settled its type
    /// ([`newsdex_ner::Mention::cued`]), which the corpus's vote leaves as it is.
    pub cued: bool,
}

/// One entity of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleEntity {
    /// Its type.
    pub kind: EntityType,
    /// The key of its longest name.
    pub key: String,
    /// Its most frequent full-length spelling.
    pub name: String,
    /// Every spelling of its mentions, with how often each occurs, most frequent first.
    pub surfaces: Vec<(String, u32)>,
    /// How many mentions it has.
    pub mentions: u32,
    /// Whether the words around one of its mentions settled its type.
    pub cued: bool,
}

/// A mention linked to an entity of the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkedMention {
    /// Where it is.
    pub span: Span,
    /// The index of its entity in [`LinkedArticle::entities`].
    pub entity: usize,
}

/// An article's entities and its mentions linked to them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedArticle {
    /// The entities, in order of first mention.
    pub entities: Vec<ArticleEntity>,
    /// The mentions, in the order given.
    pub mentions: Vec<LinkedMention>,
}

/// One distinct name of the article.
struct Name {
    kind: EntityType,
    key: String,
    /// Spellings in order of first appearance, with counts.
    surfaces: Vec<(String, u32)>,
    mentions: u32,
    cued: bool,
}

/// Links the mentions of one article. `text(field)` gives each field's text.
pub fn link_article<'t>(text: impl Fn(Field) -> &'t str, found: &[FoundMention]) -> LinkedArticle {
    let mut keyed = Vec::with_capacity(found.len());
    for mention in found {
        let surface = text(mention.span.field)
            .get(mention.span.start as usize..mention.span.end as usize)
            .map(clean)
            .unwrap_or_default();
        let (kind, name) = person_name(&surface, mention.kind);
        let (surface, name_key) = (name.to_owned(), key(name));
        if !name_key.is_empty() {
            keyed.push((mention, kind, surface, name_key));
        }
    }

    // One type per name: the majority of its mentions, the first mention's on a tie.
    let mut votes: HashMap<&str, ([u32; 4], EntityType)> = HashMap::new();
    for (_, kind, _, name_key) in &keyed {
        let entry = votes.entry(name_key).or_insert(([0; 4], *kind));
        entry.0[kind.index()] += 1;
    }
    let kind_of = |name_key: &str| {
        let (counts, first) = votes[name_key];
        let best = counts.iter().copied().max().unwrap_or(0);
        if counts[first.index()] == best {
            first
        } else {
            EntityType::ALL
                .into_iter()
                .find(|k| counts[k.index()] == best)
                .unwrap_or(first)
        }
    };

    let mut names: Vec<Name> = Vec::new();
    let mut name_of_key: HashMap<&str, usize> = HashMap::new();
    let mut mention_names = Vec::with_capacity(keyed.len());
    for (mention, _, surface, name_key) in &keyed {
        let index = *name_of_key.entry(name_key).or_insert_with(|| {
            names.push(Name {
                kind: kind_of(name_key),
                key: name_key.clone(),
                surfaces: Vec::new(),
                mentions: 0,
                cued: false,
            });
            names.len() - 1
        });
        let name = &mut names[index];
        name.mentions += 1;
        name.cued |= mention.cued;
        match name.surfaces.iter_mut().find(|(s, _)| s == surface) {
            Some((_, count)) => *count += 1,
            None => name.surfaces.push((surface.clone(), 1)),
        }
        mention_names.push(index);
    }

    let roots = link_names(&names);
    let mut entity_of_root: HashMap<usize, usize> = HashMap::new();
    let mut linked = LinkedArticle::default();
    for (index, name) in names.iter().enumerate() {
        let root = roots[index];
        let entity = *entity_of_root.entry(root).or_insert_with(|| {
            let root_name = &names[root];
            let spelling = most_frequent(&root_name.surfaces);
            linked.entities.push(ArticleEntity {
                kind: root_name.kind,
                key: root_name.key.clone(),
                name: spelling,
                surfaces: Vec::new(),
                mentions: 0,
                cued: false,
            });
            linked.entities.len() - 1
        });
        let entity = &mut linked.entities[entity];
        entity.mentions += name.mentions;
        entity.cued |= name.cued;
        for (surface, count) in &name.surfaces {
            match entity.surfaces.iter_mut().find(|(s, _)| s == surface) {
                Some((_, c)) => *c += count,
                None => entity.surfaces.push((surface.clone(), *count)),
            }
        }
    }
    for entity in &mut linked.entities {
        entity.surfaces.sort_by_key(|s| std::cmp::Reverse(s.1));
    }
    linked.mentions = keyed
        .iter()
        .zip(&mention_names)
        .map(|((mention, _, _, _), &name)| LinkedMention {
            span: mention.span,
            entity: entity_of_root[&roots[name]],
        })
        .collect();
    linked
}

/// The name each name links to (itself when it links to none), longest names first.
fn link_names(names: &[Name]) -> Vec<usize> {
    let words: Vec<Vec<&str>> = names.iter().map(|n| tokens(&n.key)).collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(words[i].len()));
    let mut roots: Vec<usize> = (0..names.len()).collect();
    let mut counts: Vec<u32> = names.iter().map(|n| n.mentions).collect();
    for &short in &order {
        let mut candidates: Vec<usize> = (0..names.len())
            .filter(|&long| {
                names[long].kind == names[short].kind && contained_in(&words[short], &words[long])
            })
            .map(|long| roots[long])
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates.iter().map(|&c| counts[c]).max().unwrap_or(0);
        let mut top = candidates.iter().filter(|&&c| counts[c] == best);
        if let (Some(&root), None) = (top.next(), top.next()) {
            roots[short] = root;
            counts[root] += names[short].mentions;
        }
    }
    roots
}

/// The spelling with the most mentions; the first seen on a tie.
fn most_frequent(surfaces: &[(String, u32)]) -> String {
    let best = surfaces.iter().map(|(_, c)| *c).max().unwrap_or(0);
    surfaces
        .iter()
        .find(|(_, c)| *c == best)
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags every occurrence of each (text, kind) in `body` and links them.
    fn link(title: &str, body: &str, names: &[(&str, EntityType)]) -> LinkedArticle {
        let mut found = Vec::new();
        for (field, text) in [(Field::Title, title), (Field::Body, body)] {
            for &(name, kind) in names {
                for (start, _) in text.match_indices(name) {
                    let span = Span {
                        field,
                        start: start as u32,
                        end: (start + name.len()) as u32,
                    };
                    if !found.iter().any(|f: &FoundMention| {
                        f.span.field == field && f.span.start < span.end && span.start < f.span.end
                    }) {
                        found.push(FoundMention {
                            span,
                            kind,
                            cued: false,
                        });
                    }
                }
            }
        }
        found.sort_by_key(|f| f.span);
        link_article(|f| if f == Field::Title { title } else { body }, &found)
    }

    fn entity_of<'a>(linked: &'a LinkedArticle, text: &str, at: &str) -> &'a ArticleEntity {
        let start = text.find(at).unwrap() as u32;
        let mention = linked
            .mentions
            .iter()
            .find(|m| m.span.start == start)
            .unwrap();
        &linked.entities[mention.entity]
    }

    use EntityType::*;

    #[test]
    fn short_names_link_to_the_full_name() {
        let title = "Kerry calls on Russia to press Assad";
        let body = "John Kerry spoke. Bashar al Assad must stop, Kerry said. Mark Toner agreed; Toner added more.";
        let linked = link(
            title,
            body,
            &[
                ("John Kerry", Per),
                ("Bashar al Assad", Per),
                ("Mark Toner", Per),
                ("Kerry", Per),
                ("Assad", Per),
                ("Toner", Per),
                ("Russia", Loc),
            ],
        );
        let kerry = entity_of(&linked, title, "Kerry");
        assert_eq!(
            (kerry.name.as_str(), kerry.key.as_str(), kerry.mentions),
            ("John Kerry", "john kerry", 3)
        );
        assert_eq!(entity_of(&linked, title, "Assad").name, "Bashar al Assad");
        assert_eq!(entity_of(&linked, body, "Toner added").name, "Mark Toner");
        assert_eq!(linked.entities.len(), 4);
        assert_eq!(
            kerry.surfaces,
            [("Kerry".to_owned(), 2), ("John Kerry".to_owned(), 1)]
        );
    }

    #[test]
    fn an_ambiguous_short_name_links_to_the_most_mentioned_or_to_none() {
        let body = "John Kerry and John Kirby met. John Kirby spoke. John left.";
        let linked = link(
            "",
            body,
            &[("John Kerry", Per), ("John Kirby", Per), ("John", Per)],
        );
        assert_eq!(entity_of(&linked, body, "John left").name, "John Kirby");
        let tie = "John Kerry and John Kirby met. John left.";
        let linked = link(
            "",
            tie,
            &[("John Kerry", Per), ("John Kirby", Per), ("John", Per)],
        );
        assert_eq!(entity_of(&linked, tie, "John left").name, "John");
    }

    #[test]
    fn honorifics_and_titles_are_not_part_of_a_name() {
        let body = "Tony Blair spoke. Mr Blair said more. Chancellor Gordon Brown agreed, and Mr Brown left. Mr Blair stayed.";
        let linked = link(
            "",
            body,
            &[
                ("Tony Blair", Per),
                ("Mr Blair", Org),
                ("Chancellor Gordon Brown", Per),
                ("Mr Brown", Per),
            ],
        );
        let blair = entity_of(&linked, body, "Mr Blair said");
        assert_eq!(
            (blair.name.as_str(), blair.kind, blair.mentions),
            ("Tony Blair", Per, 3),
            "an honorific makes the recogniser's ORG a person"
        );
        assert_eq!(entity_of(&linked, body, "Mr Brown").name, "Gordon Brown");
        assert_eq!(entity_of(&linked, body, "Mr Brown").key, "gordon brown");
        assert_eq!(linked.entities.len(), 2);
    }

    #[test]
    fn names_of_another_type_do_not_link() {
        let body = "Washington Post reporters in Washington.";
        let linked = link("", body, &[("Washington Post", Org), ("Washington", Loc)]);
        assert_eq!(linked.entities.len(), 2);
    }

    #[test]
    fn a_name_takes_the_type_most_of_its_mentions_have() {
        let body = "Aleppo fell. Aleppo held. Aleppo burned.";
        let mut found: Vec<FoundMention> = body
            .match_indices("Aleppo")
            .map(|(s, _)| FoundMention {
                span: Span {
                    field: Field::Body,
                    start: s as u32,
                    end: s as u32 + 6,
                },
                kind: Loc,
                cued: false,
            })
            .collect();
        found[1].kind = Org;
        let linked = link_article(|_| body, &found);
        assert_eq!(linked.entities.len(), 1);
        assert_eq!(linked.entities[0].kind, Loc);
    }

    #[test]
    fn a_cued_mention_marks_its_entity() {
        let body = "Sony's PSP games console; the PSP sold. Sony said so.";
        let mut found: Vec<FoundMention> = ["PSP", "Sony"]
            .iter()
            .flat_map(|name| body.match_indices(name))
            .map(|(s, name)| FoundMention {
                span: Span {
                    field: Field::Body,
                    start: s as u32,
                    end: (s + name.len()) as u32,
                },
                kind: if name == "PSP" { Misc } else { Org },
                cued: false,
            })
            .collect();
        found.sort_by_key(|f| f.span);
        found[1].cued = true;
        let linked = link_article(|_| body, &found);
        let cued: Vec<(&str, bool)> = linked
            .entities
            .iter()
            .map(|e| (e.key.as_str(), e.cued))
            .collect();
        assert_eq!(cued, [("sony", false), ("psp", true)]);
    }

    #[test]
    fn spans_that_do_not_fit_the_text_are_left_out() {
        let found = [FoundMention {
            span: Span {
                field: Field::Body,
                start: 5,
                end: 500,
            },
            kind: Per,
            cued: false,
        }];
        assert!(link_article(|_| "short", &found).mentions.is_empty());
    }
}
