//! The entity sections: the entity table, the id and name dictionaries (fst maps), entity →
//! article postings, per-article mention spans and per-article entity counts. The writer
//! turns [`EntityTables`] into section bytes; [`EntityRecord`] and the decoders read them
//! back in place.
//!
//! ```text
//! entities          record per entity, in id order: type u8, articles, mentions, id suffix
//!                   (0: none), name, alias count, aliases other than the name
//! entity names      fst: name key, 0, flag ('a' whole alias, 'w' one of its words), type u8 →
//!                   2·ordinal + 1 for one entity, 2·offset into the name lists for several
//! name lists        per name with several entities: count, ordinal gaps
//! entity postings   record per entity: (doc gap, mentions)*
//! mentions          record per article: (field u8, start gap, length, entity)*
//! doc entities      record per article: (entity, mentions)*, most mentioned first
//! ```
//! Counts, gaps, lengths and ordinals are varints; strings are a varint length and UTF-8.

use fst::MapBuilder;
use newsdex_ner::EntityType;

use super::records::{Records, RecordsWriter};
use super::{varint, Field};
use crate::entities::names::{key as name_key, slug};
use crate::entities::{EntityTables, Span};
use crate::error::{Error, Result};

/// A name-dictionary key for a whole alias.
pub const NAME_WHOLE: u8 = b'a';
/// A name-dictionary key for one word of a multi-word alias.
pub const NAME_WORD: u8 = b'w';

/// The bytes of every entity section.
pub struct EntitySections {
    /// The entity table.
    pub entities: Vec<u8>,
    /// name key → ordinal or list.
    pub names: Vec<u8>,
    /// The entity lists of names with several entities.
    pub name_lists: Vec<u8>,
    /// Entity → articles.
    pub postings: Vec<u8>,
    /// Article → mention spans.
    pub mentions: Vec<u8>,
    /// Article → entities.
    pub doc_entities: Vec<u8>,
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    varint::write_u64(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn type_byte(kind: EntityType) -> u8 {
    kind.index() as u8
}

/// The type stored as `byte`.
pub fn type_of_byte(byte: u8) -> Option<EntityType> {
    EntityType::ALL.get(usize::from(byte)).copied()
}

/// The name-dictionary key prefix for `key`: everything before the flag.
pub fn name_prefix(key: &str) -> Vec<u8> {
    let mut prefix = key.as_bytes().to_vec();
    prefix.push(0);
    prefix
}

/// Writes the entity sections for `doc_count` articles.
pub fn write(tables: &EntityTables, doc_count: usize) -> Result<EntitySections> {
    let map_error = |e: fst::Error| Error::corrupt("entity names", e.to_string());
    let mut entities = RecordsWriter::new();
    let mut postings = RecordsWriter::new();
    let mut names: Vec<(Vec<u8>, u32)> = Vec::new();
    for (ordinal, entity) in tables.entities.iter().enumerate() {
        entities.push_with(|out| {
            out.push(type_byte(entity.kind));
            varint::write_u64(out, entity.docs.len() as u64);
            varint::write_u32(out, entity.mentions);
            varint::write_u32(out, entity.suffix);
            put_str(out, &entity.name);
            let others: Vec<&String> = entity
                .aliases
                .iter()
                .filter(|a| **a != entity.name)
                .collect();
            varint::write_u64(out, others.len() as u64);
            for alias in others {
                put_str(out, alias);
            }
        })?;
        postings.push_with(|out| {
            let mut previous = 0;
            for &(doc, mentions) in &entity.docs {
                varint::write_u32(out, doc - previous);
                varint::write_u32(out, mentions);
                previous = doc;
            }
        })?;
        for alias in entity.aliases.iter().chain(std::iter::once(&entity.name)) {
            let key = name_key(alias);
            let words: Vec<&str> = key.split(' ').collect();
            let mut add = |text: &str, flag: u8| {
                let mut k = name_prefix(text);
                k.push(flag);
                k.push(type_byte(entity.kind));
                names.push((k, ordinal as u32));
            };
            add(&key, NAME_WHOLE);
            if words.len() > 1 {
                for word in words {
                    add(word, NAME_WORD);
                }
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    let mut name_map = MapBuilder::memory();
    let mut name_lists = Vec::new();
    for group in names.chunk_by(|a, b| a.0 == b.0) {
        let value = match group {
            [(_, ordinal)] => u64::from(*ordinal) << 1 | 1,
            several => {
                let offset = name_lists.len() as u64;
                varint::write_u64(&mut name_lists, several.len() as u64);
                let mut previous = 0;
                for &(_, ordinal) in several {
                    varint::write_u32(&mut name_lists, ordinal - previous);
                    previous = ordinal;
                }
                offset << 1
            }
        };
        name_map.insert(&group[0].0, value).map_err(map_error)?;
    }

    let mut mentions = RecordsWriter::new();
    let mut doc_entities = RecordsWriter::new();
    for doc in 0..doc_count {
        let spans = tables.mentions.get(doc).map_or(&[][..], |m| &m[..]);
        let mut sorted: Vec<(Span, u32)> = spans.to_vec();
        sorted.sort_unstable();
        mentions.push_with(|out| {
            let mut previous: Option<(Field, u32)> = None;
            for &(span, entity) in &sorted {
                let base = match previous {
                    Some((field, start)) if field == span.field => start,
                    _ => 0,
                };
                out.push(span.field as u8);
                varint::write_u32(out, span.start - base);
                varint::write_u32(out, span.end - span.start);
                varint::write_u32(out, entity);
                previous = Some((span.field, span.start));
            }
        })?;
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for &(_, entity) in &sorted {
            match counts.iter_mut().find(|(e, _)| *e == entity) {
                Some((_, n)) => *n += 1,
                None => counts.push((entity, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        doc_entities.push_with(|out| {
            for (entity, n) in counts {
                varint::write_u32(out, entity);
                varint::write_u32(out, n);
            }
        })?;
    }
    Ok(EntitySections {
        entities: entities.finish(),
        names: name_map.into_inner().map_err(map_error)?,
        name_lists,
        postings: postings.finish(),
        mentions: mentions.finish(),
        doc_entities: doc_entities.finish(),
    })
}

/// An entity as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityRecord<'a> {
    /// The type.
    pub kind: EntityType,
    /// Articles mentioning it.
    pub articles: u32,
    /// Mentions over the corpus.
    pub mentions: u32,
    /// The number appended to the id when names slug alike (0 for none).
    pub suffix: u32,
    /// The canonical name.
    pub name: &'a str,
    /// The other spellings, most mentioned first.
    pub other_aliases: Vec<&'a str>,
}

impl EntityRecord<'_> {
    /// The id: the type code, the slug of the name and the suffix (`per/sergei-lavrov`).
    pub fn id(&self) -> String {
        let base = slug(self.kind, &name_key(self.name));
        if self.suffix == 0 {
            base
        } else {
            format!("{base}-{}", self.suffix)
        }
    }

    /// Every spelling: the canonical name, then the others, most mentioned first.
    pub fn aliases(&self) -> Vec<&str> {
        std::iter::once(self.name)
            .chain(self.other_aliases.iter().copied())
            .collect()
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn u32(&mut self) -> Option<u32> {
        varint::read_u32(self.bytes, &mut self.at)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.u32()? as usize;
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        std::str::from_utf8(bytes).ok()
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// Decodes entity `ordinal` of the entity table.
pub fn entity<'a>(table: &Records<'a>, ordinal: u32) -> Result<EntityRecord<'a>> {
    let bad = || Error::corrupt("entities", format!("entity {ordinal} cannot be read"));
    let mut c = Cursor {
        bytes: table.get(ordinal as usize).ok_or_else(bad)?,
        at: 0,
    };
    let kind = c
        .bytes
        .first()
        .copied()
        .and_then(type_of_byte)
        .ok_or_else(bad)?;
    c.at = 1;
    let articles = c.u32().ok_or_else(bad)?;
    let mentions = c.u32().ok_or_else(bad)?;
    let suffix = c.u32().ok_or_else(bad)?;
    let name = c.str().ok_or_else(bad)?;
    let count = c.u32().ok_or_else(bad)? as usize;
    let mut other_aliases = Vec::with_capacity(count.min(c.bytes.len()));
    for _ in 0..count {
        other_aliases.push(c.str().ok_or_else(bad)?);
    }
    Ok(EntityRecord {
        kind,
        articles,
        mentions,
        suffix,
        name,
        other_aliases,
    })
}

/// The ordinal of the entity with `id`, by binary search of the table (which is in id order).
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when a record on the way cannot be read.
pub fn find_by_id(table: &Records<'_>, id: &str) -> Result<Option<u32>> {
    let (mut low, mut high) = (0u32, table.len() as u32);
    while low < high {
        let middle = low + (high - low) / 2;
        match entity(table, middle)?.id().as_str().cmp(id) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Ok(Some(middle)),
        }
    }
    Ok(None)
}

/// The entities an entity-names value stands for (see the module documentation), each below
/// `entity_count`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the list cannot be read.
pub fn named(value: u64, lists: &[u8], entity_count: u32) -> Result<Vec<u32>> {
    let bad = || Error::corrupt("entity name lists", format!("list {value} cannot be read"));
    let check = |ordinal: u64| {
        u32::try_from(ordinal)
            .ok()
            .filter(|&o| o < entity_count)
            .ok_or_else(bad)
    };
    if value & 1 == 1 {
        return Ok(vec![check(value >> 1)?]);
    }
    let mut at = usize::try_from(value >> 1).map_err(|_| bad())?;
    let count = varint::read_u64(lists, &mut at).ok_or_else(bad)? as usize;
    let mut out = Vec::with_capacity(count.min(lists.len()));
    let mut ordinal = 0u64;
    for _ in 0..count {
        ordinal += u64::from(varint::read_u32(lists, &mut at).ok_or_else(bad)?);
        out.push(check(ordinal)?);
    }
    Ok(out)
}

/// The ordinals of each entity type (indexed by [`EntityType::index`]): the table is ordered
/// by id, and ids start with the type's code, so each type is one run.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when a record has no valid type or a type is split in runs.
pub fn type_ranges(table: &Records<'_>) -> Result<[std::ops::Range<u32>; 4]> {
    let mut ranges = [0u32..0, 0..0, 0..0, 0..0];
    let mut previous: Option<EntityType> = None;
    for ordinal in 0..table.len() as u32 {
        let kind = table
            .get(ordinal as usize)
            .and_then(|r| r.first().copied())
            .and_then(type_of_byte)
            .ok_or_else(|| Error::corrupt("entities", format!("entity {ordinal} has no type")))?;
        let range = &mut ranges[kind.index()];
        if previous != Some(kind) {
            if range.end > range.start {
                return Err(Error::corrupt(
                    "entities",
                    format!("{kind} entities are not together"),
                ));
            }
            range.start = ordinal;
        }
        range.end = ordinal + 1;
        previous = Some(kind);
    }
    Ok(ranges)
}

/// Decodes an entity's postings: `(doc, mentions)` in doc order, docs below `doc_count`.
pub fn postings(table: &Records<'_>, ordinal: u32, doc_count: u32) -> Result<Vec<(u32, u32)>> {
    let bad = || {
        Error::corrupt(
            "entity postings",
            format!("entity {ordinal} cannot be read"),
        )
    };
    let mut c = Cursor {
        bytes: table.get(ordinal as usize).ok_or_else(bad)?,
        at: 0,
    };
    let mut out = Vec::new();
    let mut doc = 0u32;
    while !c.done() {
        let gap = c.u32().ok_or_else(bad)?;
        doc = if out.is_empty() {
            gap
        } else {
            doc.checked_add(gap).filter(|_| gap > 0).ok_or_else(bad)?
        };
        if doc >= doc_count {
            return Err(bad());
        }
        out.push((doc, c.u32().ok_or_else(bad)?));
    }
    Ok(out)
}

/// Decodes an article's mentions: `(span, entity)` in span order, entities below `entity_count`.
pub fn mentions(table: &Records<'_>, doc: u32, entity_count: u32) -> Result<Vec<(Span, u32)>> {
    let bad = || Error::corrupt("mentions", format!("article {doc} cannot be read"));
    let mut c = Cursor {
        bytes: table.get(doc as usize).ok_or_else(bad)?,
        at: 0,
    };
    let mut out = Vec::new();
    let mut previous: Option<(Field, u32)> = None;
    while !c.done() {
        let field = c
            .bytes
            .get(c.at)
            .and_then(|&b| Field::ALL.get(usize::from(b)).copied())
            .ok_or_else(bad)?;
        c.at += 1;
        let gap = c.u32().ok_or_else(bad)?;
        let start = match previous {
            Some((f, s)) if f == field => s.checked_add(gap).ok_or_else(bad)?,
            _ => gap,
        };
        let end = start
            .checked_add(c.u32().ok_or_else(bad)?)
            .ok_or_else(bad)?;
        let entity = c.u32().filter(|&e| e < entity_count).ok_or_else(bad)?;
        out.push((Span { field, start, end }, entity));
        previous = Some((field, start));
    }
    Ok(out)
}

/// Decodes an article's entities: `(entity, mentions)`, most mentioned first.
pub fn doc_entities(table: &Records<'_>, doc: u32, entity_count: u32) -> Result<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for_each_doc_entity(table, doc, entity_count, |entity, mentions| {
        out.push((entity, mentions))
    })?;
    Ok(out)
}

/// Calls `visit` with each of an article's entities and its mentions, most mentioned first,
/// without allocating (facet counting runs this over every matching article).
pub fn for_each_doc_entity(
    table: &Records<'_>,
    doc: u32,
    entity_count: u32,
    mut visit: impl FnMut(u32, u32),
) -> Result<()> {
    let bad = || Error::corrupt("doc entities", format!("article {doc} cannot be read"));
    let mut c = Cursor {
        bytes: table.get(doc as usize).ok_or_else(bad)?,
        at: 0,
    };
    while !c.done() {
        let entity = c.u32().filter(|&e| e < entity_count).ok_or_else(bad)?;
        visit(entity, c.u32().ok_or_else(bad)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Entity;

    fn tables() -> EntityTables {
        let span = |field, start, end| Span { field, start, end };
        EntityTables {
            entities: vec![
                Entity {
                    id: "loc/aleppo".into(),
                    suffix: 0,
                    kind: EntityType::Loc,
                    name: "Aleppo".into(),
                    aliases: vec!["Aleppo".into()],
                    docs: vec![(0, 2), (2, 1)],
                    mentions: 3,
                },
                Entity {
                    id: "per/sergei-lavrov".into(),
                    suffix: 0,
                    kind: EntityType::Per,
                    name: "Sergei Lavrov".into(),
                    aliases: vec![
                        "Lavrov".into(),
                        "Sergei Lavrov".into(),
                        "Sergey Lavrov".into(),
                    ],
                    docs: vec![(2, 1)],
                    mentions: 1,
                },
            ],
            mentions: vec![
                vec![
                    (span(Field::Body, 40, 46), 0),
                    (span(Field::Title, 0, 6), 0),
                ],
                vec![],
                vec![(span(Field::Body, 3, 9), 0), (span(Field::Body, 20, 33), 1)],
            ],
        }
    }

    #[test]
    fn a_name_of_several_entities_lists_them() {
        let mut tables = tables();
        tables.entities.push(Entity {
            id: "per/sergei-ivanov".into(),
            suffix: 0,
            kind: EntityType::Per,
            name: "Sergei Ivanov".into(),
            aliases: vec!["Sergei Ivanov".into()],
            docs: vec![(1, 1)],
            mentions: 1,
        });
        let sections = write(&tables, 3).unwrap();
        let names = fst::Map::new(sections.names).unwrap();
        let mut word = name_prefix("sergei");
        word.extend_from_slice(&[NAME_WORD, 0]);
        assert_eq!(
            named(names.get(&word).unwrap(), &sections.name_lists, 3).unwrap(),
            [1, 2]
        );
    }

    #[test]
    fn entity_sections_round_trip() {
        let sections = write(&tables(), 3).unwrap();
        let table = Records::parse(&sections.entities, "entities").unwrap();
        let lavrov = entity(&table, 1).unwrap();
        assert_eq!(
            (
                lavrov.kind,
                lavrov.id().as_str(),
                lavrov.name,
                lavrov.articles
            ),
            (EntityType::Per, "per/sergei-lavrov", "Sergei Lavrov", 1)
        );
        assert_eq!(
            lavrov.aliases(),
            ["Sergei Lavrov", "Lavrov", "Sergey Lavrov"]
        );
        assert_eq!(find_by_id(&table, "per/sergei-lavrov").unwrap(), Some(1));
        assert_eq!(find_by_id(&table, "loc/aleppo").unwrap(), Some(0));
        assert_eq!(find_by_id(&table, "per/nobody").unwrap(), None);

        let posting_table = Records::parse(&sections.postings, "p").unwrap();
        assert_eq!(postings(&posting_table, 0, 3).unwrap(), [(0, 2), (2, 1)]);
        assert!(
            postings(&posting_table, 0, 2).is_err(),
            "a doc past the corpus is refused"
        );

        let mention_table = Records::parse(&sections.mentions, "m").unwrap();
        let first = mentions(&mention_table, 0, 2).unwrap();
        assert_eq!(
            first[0].0,
            Span {
                field: Field::Title,
                start: 0,
                end: 6
            }
        );
        assert_eq!(
            first[1].0,
            Span {
                field: Field::Body,
                start: 40,
                end: 46
            }
        );
        assert!(mentions(&mention_table, 1, 2).unwrap().is_empty());
        assert!(
            mentions(&mention_table, 2, 1).is_err(),
            "an entity past the table is refused"
        );

        assert_eq!(type_ranges(&table).unwrap(), [1..2, 0..1, 0..0, 0..0]);

        let doc_table = Records::parse(&sections.doc_entities, "d").unwrap();
        assert_eq!(doc_entities(&doc_table, 0, 2).unwrap(), [(0, 2)]);
        assert_eq!(doc_entities(&doc_table, 2, 2).unwrap(), [(0, 1), (1, 1)]);

        let names = fst::Map::new(sections.names).unwrap();
        let keys: Vec<String> = names
            .stream()
            .into_str_keys()
            .unwrap()
            .into_iter()
            .map(|k| k.split('\0').next().unwrap().to_owned())
            .collect();
        assert_eq!(
            keys,
            [
                "aleppo",
                "lavrov",
                "lavrov",
                "sergei",
                "sergei lavrov",
                "sergey",
                "sergey lavrov"
            ]
        );
        let mut whole = name_prefix("lavrov");
        whole.extend_from_slice(&[NAME_WHOLE, 0]);
        assert_eq!(
            named(names.get(&whole).unwrap(), &sections.name_lists, 2).unwrap(),
            [1]
        );
        assert!(
            named(names.get(&whole).unwrap(), &sections.name_lists, 1).is_err(),
            "an entity past the table is refused"
        );
    }
}
