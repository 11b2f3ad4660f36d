//! The entity sections: the entity table, the id and name dictionaries (fst maps), entity →
//! article postings, per-article mention spans and per-article entity counts. Each record has
//! an encoder beside its decoder, and the decoders read in place; what goes into the
//! sections (which names, linked how) is the builder's.
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

use crate::at::At;
use newsdex_ner::EntityType;

use super::records::Records;
use super::{varint, Field};
use crate::error::{Error, Result};

/// A name-dictionary key for a whole alias.
pub const NAME_WHOLE: u8 = b'a';
/// A name-dictionary key for one word of a multi-word alias.
pub const NAME_WORD: u8 = b'w';

/// Where a mention is: a byte range of one field's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The field.
    pub field: Field,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset just past the last byte.
    pub end: u32,
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    varint::write_u64(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// The byte that stands for `kind` in the entity table and the name dictionary's keys.
pub fn type_byte(kind: EntityType) -> u8 {
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

/// The name-dictionary value for a name of the entities `ordinals` (ascending), appending
/// their list to `lists` when there are several.
pub fn name_value(mut ordinals: impl ExactSizeIterator<Item = u32>, lists: &mut Vec<u8>) -> u64 {
    if ordinals.len() == 1 {
        let ordinal = ordinals.next().expect("one ordinal");
        return u64::from(ordinal) << 1 | 1;
    }
    let offset = lists.len() as u64;
    varint::write_u64(lists, ordinals.len() as u64);
    let mut previous = 0;
    for ordinal in ordinals {
        varint::write_u32(lists, ordinal - previous);
        previous = ordinal;
    }
    offset << 1
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
    /// Which of [`EntityRecord::aliases`] the id is made from (0 for the canonical name).
    pub id_alias: u32,
    /// The canonical name.
    pub name: &'a str,
    /// The other spellings, most mentioned first.
    pub other_aliases: Vec<&'a str>,
}

impl<'a> EntityRecord<'a> {
    /// Appends the record, as [`entity`] reads it.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.push(type_byte(self.kind));
        varint::write_u32(out, self.articles);
        varint::write_u32(out, self.mentions);
        varint::write_u32(out, self.suffix);
        varint::write_u32(out, self.id_alias);
        put_str(out, self.name);
        varint::write_u64(out, self.other_aliases.len() as u64);
        for alias in &self.other_aliases {
            put_str(out, alias);
        }
    }

    /// Every spelling: the canonical name, then the others, most mentioned first.
    pub fn aliases(&self) -> Vec<&str> {
        std::iter::once(self.name)
            .chain(self.other_aliases.iter().copied())
            .collect()
    }

    /// The spelling the id is made from.
    pub fn id_name(&self) -> &'a str {
        match self.id_alias {
            0 => self.name,
            n => self.other_aliases.at(n as usize - 1),
        }
    }

    /// The record without its counts and without the aliases its id does not need: what a
    /// hit's card and a piece's first key keep, enough for the type, name and id.
    pub fn brief(&self) -> EntityRecord<'a> {
        let other_aliases = match self.id_alias {
            0 => Vec::new(),
            _ => vec![self.id_name()],
        };
        EntityRecord {
            articles: 0,
            mentions: 0,
            id_alias: other_aliases.len() as u32,
            other_aliases,
            ..*self
        }
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

/// Decodes `record`, entity `ordinal` of the entity table.
pub fn entity(record: &[u8], ordinal: u32) -> Result<EntityRecord<'_>> {
    let bad = || Error::corrupt("entities", format!("entity {ordinal} cannot be read"));
    let mut c = Cursor {
        bytes: record,
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
    let id_alias = c.u32().ok_or_else(bad)?;
    let name = c.str().ok_or_else(bad)?;
    let count = c.u32().ok_or_else(bad)? as usize;
    if id_alias as usize > count {
        return Err(bad());
    }
    let mut other_aliases = Vec::with_capacity(count.min(c.bytes.len()));
    for _ in 0..count {
        other_aliases.push(c.str().ok_or_else(bad)?);
    }
    Ok(EntityRecord {
        kind,
        articles,
        mentions,
        suffix,
        id_alias,
        name,
        other_aliases,
    })
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

/// Appends an entity's postings, `(doc, mentions)` in doc order, as [`postings`] reads them.
pub fn write_postings(out: &mut Vec<u8>, docs: &[(u32, u32)]) {
    let mut previous = 0;
    for &(doc, mentions) in docs {
        varint::write_u32(out, doc - previous);
        varint::write_u32(out, mentions);
        previous = doc;
    }
}

/// Decodes `record`, entity `ordinal`'s postings: `(doc, mentions)` in doc order, docs below
/// `doc_count`.
pub fn postings(record: &[u8], ordinal: u32, doc_count: u32) -> Result<Vec<(u32, u32)>> {
    let bad = || {
        Error::corrupt(
            "entity postings",
            format!("entity {ordinal} cannot be read"),
        )
    };
    let mut c = Cursor {
        bytes: record,
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

/// Appends an article's mentions, `(span, entity)` in span order, as [`mentions`] reads them.
pub fn write_mentions(out: &mut Vec<u8>, mentions: &[(Span, u32)]) {
    let mut previous: Option<(Field, u32)> = None;
    for &(span, entity) in mentions {
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
}

/// Decodes `record`, article `doc`'s mentions: `(span, entity)` in span order, entities below
/// `entity_count`.
pub fn mentions(record: &[u8], doc: u32, entity_count: u32) -> Result<Vec<(Span, u32)>> {
    let bad = || Error::corrupt("mentions", format!("article {doc} cannot be read"));
    let mut c = Cursor {
        bytes: record,
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

/// Appends an article's entities, `(entity, mentions)` most mentioned first, as
/// [`doc_entities`] reads them.
pub fn write_doc_entities(out: &mut Vec<u8>, entities: &[(u32, u32)]) {
    for &(entity, mentions) in entities {
        varint::write_u32(out, entity);
        varint::write_u32(out, mentions);
    }
}

/// Decodes `record`, article `doc`'s entities: `(entity, mentions)`, most mentioned first.
pub fn doc_entities(record: &[u8], doc: u32, entity_count: u32) -> Result<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for_each_doc_entity(record, doc, entity_count, |entity, mentions| {
        out.push((entity, mentions))
    })?;
    Ok(out)
}

/// Calls `visit` with each of an article's entities and its mentions, most mentioned first,
/// without allocating (facet counting runs this over every matching article).
pub fn for_each_doc_entity(
    record: &[u8],
    doc: u32,
    entity_count: u32,
    mut visit: impl FnMut(u32, u32),
) -> Result<()> {
    let bad = || Error::corrupt("doc entities", format!("article {doc} cannot be read"));
    let mut c = Cursor {
        bytes: record,
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
    use crate::records::RecordsWriter;

    fn table(records: &[Vec<u8>]) -> Vec<u8> {
        let mut writer = RecordsWriter::new();
        for record in records {
            writer
                .push_with(|out| out.extend_from_slice(record))
                .unwrap();
        }
        writer.finish()
    }

    #[test]
    fn entity_records_round_trip() {
        let lavrov = EntityRecord {
            kind: EntityType::Per,
            articles: 2,
            mentions: 300,
            suffix: 1,
            id_alias: 1,
            name: "Sergei Lavrov",
            other_aliases: vec!["Lavrov", "Сергей Лавров"],
        };
        let mut record = Vec::new();
        lavrov.write(&mut record);
        let bytes = table(&[record]);
        let records = Records::parse(&bytes, "entities").unwrap();
        assert_eq!(entity(records.get(0).unwrap(), 0).unwrap(), lavrov);
        assert_eq!(
            lavrov.aliases(),
            ["Sergei Lavrov", "Lavrov", "Сергей Лавров"]
        );
        assert_eq!(lavrov.id_name(), "Lavrov");
        assert!(entity(b"", 1).is_err());
        let past_the_aliases = EntityRecord {
            id_alias: 3,
            ..lavrov.clone()
        };
        let mut record = Vec::new();
        past_the_aliases.write(&mut record);
        assert!(entity(&record, 0).is_err());
        assert_eq!(type_ranges(&records).unwrap(), [0..1, 0..0, 0..0, 0..0]);
    }

    #[test]
    fn a_type_split_in_runs_is_refused() {
        let record = |kind| {
            let mut out = Vec::new();
            EntityRecord {
                kind,
                articles: 1,
                mentions: 1,
                suffix: 0,
                id_alias: 0,
                name: "x",
                other_aliases: Vec::new(),
            }
            .write(&mut out);
            out
        };
        let bytes = table(&[
            record(EntityType::Loc),
            record(EntityType::Per),
            record(EntityType::Loc),
        ]);
        let error = type_ranges(&Records::parse(&bytes, "entities").unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "newsdex: index is damaged: entities section: LOC entities are not together"
        );
    }

    #[test]
    fn name_values_hold_one_entity_or_point_to_a_list() {
        let mut lists = Vec::new();
        let one = name_value([4].into_iter(), &mut lists);
        let several = name_value([1, 2, 7].into_iter(), &mut lists);
        assert!(lists.len() > 1);
        assert_eq!(named(one, &lists, 5).unwrap(), [4]);
        assert_eq!(named(several, &lists, 8).unwrap(), [1, 2, 7]);
        assert!(named(one, &lists, 4).is_err(), "an entity past the table");
        assert!(
            named(several, &lists, 7).is_err(),
            "an entity past the table"
        );
        assert!(named(several, &lists[..1], 8).is_err(), "a list cut short");
    }

    #[test]
    fn postings_mentions_and_doc_entities_round_trip() {
        let docs = [(0, 2), (2, 1), (9, 4)];
        let mut record = Vec::new();
        write_postings(&mut record, &docs);
        let bytes = table(&[record]);
        let records = Records::parse(&bytes, "entity postings").unwrap();
        assert_eq!(postings(records.get(0).unwrap(), 0, 10).unwrap(), docs);
        assert!(
            postings(records.get(0).unwrap(), 0, 9).is_err(),
            "a doc past the corpus"
        );

        let span = |field, start, end| Span { field, start, end };
        let spans = [
            (span(Field::Title, 0, 6), 0),
            (span(Field::Body, 3, 9), 0),
            (span(Field::Body, 20, 33), 1),
        ];
        let mut record = Vec::new();
        write_mentions(&mut record, &spans);
        let bytes = table(&[record, Vec::new()]);
        let records = Records::parse(&bytes, "mentions").unwrap();
        assert_eq!(mentions(records.get(0).unwrap(), 0, 2).unwrap(), spans);
        assert!(mentions(records.get(1).unwrap(), 1, 2).unwrap().is_empty());
        assert!(
            mentions(records.get(0).unwrap(), 0, 1).is_err(),
            "an entity past the table"
        );

        let counts = [(1, 2), (0, 1)];
        let mut record = Vec::new();
        write_doc_entities(&mut record, &counts);
        let bytes = table(&[record]);
        let records = Records::parse(&bytes, "doc entities").unwrap();
        assert_eq!(doc_entities(records.get(0).unwrap(), 0, 2).unwrap(), counts);
        assert!(
            doc_entities(records.get(0).unwrap(), 0, 1).is_err(),
            "an entity past the table"
        );
    }
}
