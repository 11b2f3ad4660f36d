//! The entity API: one entity by id, names in arbitrary text (the recogniser running here,
//! in wasm too), and completions of words and entity names for a search box.

use newsdex_format::entities::{
    named, postings as entity_postings, EntityRecord, NAME_WHOLE, NAME_WORD,
};
use newsdex_format::stories::entity_related;
use newsdex_index::analysis::Role;
use newsdex_index::entities::names::clean;
#[cfg(feature = "segments")]
use newsdex_index::entities::KnownEntity;
use newsdex_index::entities::{entity_id, key as entity_key};
use newsdex_index::language::LANGUAGE_SEPARATOR;
use newsdex_index::sort;
use newsdex_ner::{EntityType, Mention, Model};

use crate::error::{ErrorKind, Result};
use crate::index::pieces::{entity, fetch_all, Gather};
use crate::index::View;
use crate::query::plan::{entities_named, successor, visit_prefixed};
use crate::views::facets::histogram;
use crate::views::results::{
    EntityRef, EntitySuggestion, EntityView, PeriodCount, RelatedEntity, Suggestions, TaggedName,
    WordSuggestion,
};

/// Suggestions list at most this many entities and this many words.
pub const SUGGESTIONS: usize = 8;
/// A suggestion scan reads at most this many dictionary entries.
pub(crate) const MAX_SCAN: usize = 5_000;

/// The entity with `id`, with its articles by period and its related entities when `details`
/// (else those are empty: a name, a tooltip or a link needs only the entity's record, one
/// piece of a sharded index).
pub(crate) fn entity_by_id(view: &View<'_>, id: &str, details: bool) -> Result<EntityView> {
    let ordinal = view
        .entities
        .find_entity(id)?
        .ok_or_else(|| ErrorKind::UnknownEntity { id: id.to_owned() })?;
    if !details {
        let record = entity(&view.entities, ordinal)?;
        return Ok(entity_view(&record, Vec::new(), Vec::new()));
    }
    // A sharded index fetches the entity's postings and related entities in one round, then
    // its articles' days and the related entities' records in the next.
    let mut gather = Gather::default();
    let record = gather.add(entity(&view.entities, ordinal))?;
    let docs = gather.add(
        view.entity_postings
            .get(ordinal)
            .and_then(|r| Ok(entity_postings(r, ordinal, view.meta.doc_count)?)),
    )?;
    let related = gather.add(
        view.entity_related
            .get(ordinal)
            .and_then(|r| Ok(entity_related(r, ordinal, view.entity_count)?)),
    )?;
    gather.finish()?;
    let (Some(record), Some(docs), Some(related)) = (record, docs, related) else {
        unreachable!("a read that lacked pieces made the gather ask for them");
    };
    let docs: Vec<u32> = docs.into_iter().map(|(doc, _)| doc).collect();
    let mut gather = Gather::default();
    let days = gather.add(view.days(&docs))?;
    gather.add(fetch_all(
        view.entities.missing(related.iter().map(|&(o, _)| o)),
    ))?;
    gather.finish()?;
    let related = related
        .into_iter()
        .map(|(other, count)| {
            let other = entity(&view.entities, other)?;
            Ok(RelatedEntity {
                entity: EntityRef {
                    id: entity_id(&other),
                    kind: other.kind,
                    name: other.name.to_owned(),
                },
                count,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(entity_view(
        &record,
        histogram(&days.unwrap_or_default()),
        related,
    ))
}

/// Every entity of the index, in order of first appearance (its first article, then its
/// id): what a segment added after this index links its names against.
#[cfg(feature = "segments")]
pub(crate) fn known_entities(view: &View<'_>) -> Result<Vec<KnownEntity>> {
    let count = view.entity_count;
    let mut missing = view.entities.missing(0..count);
    missing.extend(view.entity_postings.missing(0..count));
    fetch_all(missing)?;
    let mut known = Vec::with_capacity(count as usize);
    for ordinal in 0..count {
        let record = entity(&view.entities, ordinal)?;
        let docs = entity_postings(
            view.entity_postings.get(ordinal)?,
            ordinal,
            view.meta.doc_count,
        )?;
        let first = docs.first().map_or(u32::MAX, |&(doc, _)| doc);
        known.push((first, KnownEntity::of(&record)));
    }
    sort::sort_by_key(&mut known, |(first, _)| *first);
    Ok(known.into_iter().map(|(_, entity)| entity).collect())
}

/// The view of an entity's record, with its timeline and related entities.
fn entity_view(
    record: &EntityRecord<'_>,
    timeline: Vec<PeriodCount>,
    related: Vec<RelatedEntity>,
) -> EntityView {
    EntityView {
        id: entity_id(record),
        kind: record.kind,
        name: record.name.to_owned(),
        aliases: record.aliases().into_iter().map(str::to_owned).collect(),
        articles: record.articles,
        mentions: record.mentions,
        timeline,
        related,
    }
}

/// The names the recogniser finds in `text`.
///
/// ```
/// let text = "John Kerry met Sergei Lavrov in Geneva.";
/// let names: Vec<&str> = newsdex::entities(text).iter().map(|n| &text[n.span.clone()]).collect();
/// assert_eq!(names, ["John Kerry", "Sergei Lavrov", "Geneva"]);
/// ```
pub fn entities(text: &str) -> Vec<TaggedName> {
    tagged(Model::embedded().tag(text))
}

/// [`entities`] with the names in bylines and credits ("By Jane Doe", "(Reuters)"), which
/// are left out by default.
///
/// ```
/// let text = "By Jane Doe\nThe council met in Geneva.";
/// let names: Vec<&str> = newsdex::entities_with_credits(text).iter().map(|n| &text[n.span.clone()]).collect();
/// assert_eq!(names, ["Jane Doe", "Geneva"]);
/// ```
pub fn entities_with_credits(text: &str) -> Vec<TaggedName> {
    tagged(Model::embedded().tag_with_credits(text))
}

fn tagged(mentions: Vec<Mention>) -> Vec<TaggedName> {
    mentions
        .into_iter()
        .map(|m| TaggedName {
            span: m.start..m.end,
            kind: m.kind,
            entity: None,
        })
        .collect()
}

/// The names in `text`, each linked to the index's entity of its type that has the name as an
/// alias.
pub(crate) fn linked_entities(view: &View<'_>, text: &str) -> Result<Vec<TaggedName>> {
    let mut names = entities(text);
    for name in &mut names {
        name.entity = link(view, name.kind, &text[name.span.clone()])?;
    }
    Ok(names)
}

/// The id of the index's entity of type `kind` with `name` as an alias: the one in most
/// articles when several share the name.
pub(crate) fn link(view: &View<'_>, kind: EntityType, name: &str) -> Result<Option<String>> {
    let key = entity_key(&clean(name));
    let mut best: Option<(u32, u32)> = None;
    for candidate in entities_named(view, &key, kind, false)? {
        if best.is_none_or(|(_, articles)| candidate.articles > articles) {
            best = Some((candidate.ordinal, candidate.articles));
        }
    }
    best.map(|(ordinal, _)| Ok(entity_id(&entity(&view.entities, ordinal)?)))
        .transpose()
}

/// An entity's articles in one index, each with its mentions there, and their days.
#[cfg(feature = "segments")]
pub(crate) type LiveMentions = (Vec<(u32, u32)>, Vec<u32>);

/// The articles of the entity `id` that `removed` (a segment's articles removed since,
/// sorted) leaves, each with its mentions, and their days: what a segmented index sums over
/// its segments. `None` when this index has no such entity.
#[cfg(feature = "segments")]
pub(crate) fn live_mentions(
    view: &View<'_>,
    id: &str,
    removed: &[u32],
) -> Result<Option<LiveMentions>> {
    let Some(ordinal) = view.entities.find_entity(id)? else {
        return Ok(None);
    };
    let postings = view.entity_postings.get(ordinal)?;
    let mut docs = entity_postings(postings, ordinal, view.meta.doc_count)?;
    docs.retain(|(doc, _)| removed.binary_search(doc).is_err());
    let live: Vec<u32> = docs.iter().map(|&(doc, _)| doc).collect();
    let days = view.days(&live)?;
    Ok(Some((docs, days)))
}

/// Each entity of type `kind` with `name` as an alias, by id, with its articles: what [`link`]
/// chooses from, in each segment of a segmented index.
#[cfg(feature = "segments")]
pub(crate) fn link_candidates(
    view: &View<'_>,
    kind: EntityType,
    name: &str,
) -> Result<Vec<(String, u32)>> {
    let candidates = entities_named(view, &entity_key(&clean(name)), kind, false)?;
    fetch_all(view.entities.missing(candidates.iter().map(|c| c.ordinal)))?;
    candidates
        .into_iter()
        .map(|c| Ok((entity_id(&entity(&view.entities, c.ordinal)?), c.articles)))
        .collect()
}

/// Entities whose name or a word of it starts with `text`, and words that start with its last
/// word, each in most articles first.
pub(crate) fn suggest(view: &View<'_>, text: &str) -> Result<Suggestions> {
    let mut gather = Gather::default();
    let entities = gather.add(suggested_entities(view, text))?;
    let words = gather.add(suggested_words(view, text))?;
    gather.finish()?;
    let mut words = match words {
        Some(found) => {
            fetch_all(view.terms.missing_infos(found.iter().map(|&(_, o)| o)))?;
            found
                .into_iter()
                .map(|(word, ordinal)| {
                    let articles = view.terms.doc_freq(ordinal)?;
                    Ok(WordSuggestion { word, articles })
                })
                .collect::<Result<Vec<_>>>()?
        }
        None => Vec::new(),
    };
    let mut entities = entities.unwrap_or_default();
    rank_suggestions(&mut entities, &mut words);
    Ok(Suggestions { entities, words })
}

/// Puts the suggestions in most articles first (then by id, or word) and keeps the first
/// [`SUGGESTIONS`] of each.
pub(crate) fn rank_suggestions(
    entities: &mut Vec<EntitySuggestion>,
    words: &mut Vec<WordSuggestion>,
) {
    sort::sort_by(entities, |a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.entity.id.cmp(&b.entity.id))
    });
    entities.truncate(SUGGESTIONS);
    sort::sort_by(words, |a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.word.cmp(&b.word))
    });
    words.truncate(SUGGESTIONS);
}

/// Every entity whose name or a word of it starts with `text` (as far as the scan goes),
/// each with its articles.
pub(crate) fn suggested_entities(view: &View<'_>, text: &str) -> Result<Vec<EntitySuggestion>> {
    let name = entity_key(text);
    if name.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<u32> = Vec::new();
    let mut scanned = 0;
    let maps = view
        .entity_names
        .maps_between(name.as_bytes(), successor(name.as_bytes()).as_deref())?;
    let mut failed = Ok(());
    for piece in maps {
        visit_prefixed(&piece.map, name.as_bytes(), &mut |key, value| {
            scanned += 1;
            if scanned > MAX_SCAN {
                return false;
            }
            let flag = key
                .iter()
                .position(|&b| b == 0)
                .and_then(|at| key.get(at + 1));
            if matches!(flag, Some(&NAME_WHOLE) | Some(&NAME_WORD)) {
                match named(value, piece.payload, view.entity_count) {
                    Ok(named) => found.extend(named),
                    Err(e) => failed = Err(e),
                }
            }
            failed.is_ok()
        });
    }
    failed?;
    sort::sort(&mut found);
    found.dedup();
    fetch_all(view.entities.missing(found.iter().copied()))?;
    found
        .into_iter()
        .map(|ordinal| {
            let record = entity(&view.entities, ordinal)?;
            Ok(EntitySuggestion {
                entity: EntityRef {
                    id: entity_id(&record),
                    kind: record.kind,
                    name: record.name.to_owned(),
                },
                articles: record.articles,
            })
        })
        .collect()
}

/// Every word that starts with the last word of `text` (as far as the scan goes; none when
/// `text` ends with a space), each with its term's ordinal.
pub(crate) fn suggested_words(view: &View<'_>, text: &str) -> Result<Vec<(String, u64)>> {
    let last_word = newsdex_index::Analyzer::new()
        .tokens(text)
        .into_iter()
        .rfind(|t| t.role == Role::Word);
    let Some(word) = last_word.filter(|_| !text.ends_with(char::is_whitespace)) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    let folded = word.folded.as_bytes();
    for map in view
        .words
        .maps_between(folded, successor(folded).as_deref())?
    {
        visit_prefixed(&map, folded, &mut |key, ordinal| {
            if found.len() >= MAX_SCAN {
                return false;
            }
            // A word's stems in other languages follow it: it is suggested once.
            if !key.contains(&(LANGUAGE_SEPARATOR as u8)) {
                found.push((String::from_utf8_lossy(key).into_owned(), ordinal));
            }
            true
        });
    }
    Ok(found)
}
