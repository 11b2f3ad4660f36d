//! The entity sections as the builder writes them from the corpus's [`EntityTables`], and
//! the lookup by id: the format holds each record's encoding, while which names go in the
//! name dictionary and what an entity's id is are decided here, by [`super::names`].

use fst::MapBuilder;
use newsdex_format::entities::{
    entity, name_prefix, name_value, type_byte, write_doc_entities, write_mentions, write_postings,
    EntityRecord, Span, NAME_WHOLE, NAME_WORD,
};
use newsdex_format::records::RecordsWriter;
use newsdex_format::spill::{Piece, Sink, SpillDir};

use super::names::{entity_id, key as name_key};
use super::registry::EntityTables;
use crate::error::Result;

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
    /// Article → mention spans, in pieces (see [`RecordsWriter::finish_pieces`]).
    pub mentions: Vec<Piece>,
    /// Article → entities, in pieces.
    pub doc_entities: Vec<Piece>,
}

/// Writes the entity sections for `doc_count` articles. The per-article tables, which grow with
/// the articles (about 200 bytes an article), go to temporary files in `dir` when given.
///
/// # Errors
/// [`newsdex_format::ErrorKind::TooLarge`] when a table would pass 4 GiB;
/// [`newsdex_format::ErrorKind::Corrupt`] when the name dictionary cannot be built;
/// [`newsdex_format::ErrorKind::Io`] when a temporary file cannot be made or written.
pub fn write(
    tables: &mut EntityTables,
    doc_count: usize,
    dir: Option<&SpillDir>,
) -> Result<EntitySections> {
    let map_error = |e: fst::Error| newsdex_format::Error::corrupt("entity names", e.to_string());
    let mut entities = RecordsWriter::new();
    let mut postings = RecordsWriter::new();
    let mut names: Vec<(Vec<u8>, u32)> = Vec::new();
    for (ordinal, entity) in tables.entities.iter().enumerate() {
        let other_aliases: Vec<&str> = entity
            .aliases
            .iter()
            .filter(|a| **a != entity.name)
            .map(String::as_str)
            .collect();
        let id_alias = other_aliases
            .iter()
            .position(|a| *a == entity.id_name)
            .map_or(0, |at| at as u32 + 1);
        let record = EntityRecord {
            kind: entity.kind,
            articles: entity.docs.len() as u32,
            mentions: entity.mentions,
            suffix: entity.suffix,
            id_alias,
            name: &entity.name,
            other_aliases,
        };
        entities.push_with(|out| record.write(out))?;
        postings.push_with(|out| write_postings(out, &entity.docs))?;
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
        let value = name_value(group.iter().map(|&(_, ordinal)| ordinal), &mut name_lists);
        name_map.insert(&group[0].0, value).map_err(map_error)?;
    }

    let mut mentions = RecordsWriter::with_data(Sink::new(dir, "the entity mentions section")?);
    let mut doc_entities = RecordsWriter::with_data(Sink::new(dir, "the doc entities section")?);
    let (mut sorted, mut counts) = (Vec::new(), Vec::new());
    let mut write_doc = |spans: &[(Span, u32)]| -> Result<()> {
        sorted.clear();
        sorted.extend_from_slice(spans);
        sorted.sort_unstable();
        mentions.push_with(|out| write_mentions(out, &sorted))?;
        counts.clear();
        for &(_, entity) in &sorted {
            match counts.iter_mut().find(|(e, _)| *e == entity) {
                Some((_, n)) => *n += 1,
                None => counts.push((entity, 1)),
            }
        }
        counts.sort_by(|a: &(u32, u32), b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        doc_entities.push_with(|out| write_doc_entities(out, &counts))?;
        Ok(())
    };
    let mut written = 0;
    tables.mentions.for_each(|_, spans| {
        written += 1;
        write_doc(spans)
    })?;
    for _ in written..doc_count {
        write_doc(&[])?;
    }
    Ok(EntitySections {
        entities: entities.finish(),
        names: name_map.into_inner().map_err(map_error)?,
        name_lists,
        postings: postings.finish(),
        mentions: mentions.finish_pieces()?,
        doc_entities: doc_entities.finish_pieces()?,
    })
}

/// The ordinal of the entity with `id`, by binary search of the entities `within` of a table
/// (which is in id order) whose records `record` reads.
///
/// # Errors
/// What `record` returns; [`newsdex_format::ErrorKind::Corrupt`] when a record on the way
/// cannot be read.
pub fn find_by_id<'a, E: From<newsdex_format::Error>>(
    within: std::ops::Range<u32>,
    id: &str,
    mut record: impl FnMut(u32) -> Result<&'a [u8], E>,
) -> Result<Option<u32>, E> {
    let (mut low, mut high) = (within.start, within.end);
    while low < high {
        let middle = low + (high - low) / 2;
        match entity_id(&entity(record(middle)?, middle)?)
            .as_str()
            .cmp(id)
        {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Ok(Some(middle)),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use newsdex_format::entities::{
        doc_entities, entity, mentions, named, postings, type_ranges, NAME_WHOLE,
    };
    use newsdex_format::Field;
    use newsdex_ner::EntityType;

    use newsdex_format::records::Records;

    use super::*;
    use crate::entities::registry::DocMentions;
    use crate::entities::Entity;

    fn record<'a>(table: &Records<'a>, ordinal: u32) -> newsdex_format::Result<&'a [u8]> {
        table
            .get(ordinal as usize)
            .ok_or_else(|| newsdex_format::Error::corrupt("entities", "past the end"))
    }

    /// A section written without a spill directory, whose pieces are all in memory.
    fn in_memory(pieces: &[Piece]) -> Vec<u8> {
        let mut bytes = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Bytes(piece) => bytes.extend_from_slice(piece),
                Piece::Spilled(_) => panic!("a piece in a file without a spill directory"),
            }
        }
        bytes
    }

    fn tables() -> EntityTables {
        let span = |field, start, end| Span { field, start, end };
        EntityTables {
            entities: vec![
                Entity {
                    id: "loc/aleppo".into(),
                    id_name: "Aleppo".into(),
                    suffix: 0,
                    kind: EntityType::Loc,
                    name: "Aleppo".into(),
                    aliases: vec!["Aleppo".into()],
                    docs: vec![(0, 2), (2, 1)],
                    mentions: 3,
                },
                Entity {
                    id: "per/sergei-lavrov".into(),
                    id_name: "Sergei Lavrov".into(),
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
            mentions: DocMentions::from_lists(&[
                vec![
                    (span(Field::Body, 40, 46), 0),
                    (span(Field::Title, 0, 6), 0),
                ],
                vec![],
                vec![(span(Field::Body, 3, 9), 0), (span(Field::Body, 20, 33), 1)],
            ]),
        }
    }

    #[test]
    fn a_name_of_several_entities_lists_them() {
        let mut tables = tables();
        tables.entities.push(Entity {
            id: "per/sergei-ivanov".into(),
            id_name: "Sergei Ivanov".into(),
            suffix: 0,
            kind: EntityType::Per,
            name: "Sergei Ivanov".into(),
            aliases: vec!["Sergei Ivanov".into()],
            docs: vec![(1, 1)],
            mentions: 1,
        });
        let sections = write(&mut tables, 3, None).unwrap();
        let names = fst::Map::new(sections.names).unwrap();
        let mut word = name_prefix("sergei");
        word.extend_from_slice(&[NAME_WORD, 0]);
        assert_eq!(
            named(names.get(&word).unwrap(), &sections.name_lists, 3).unwrap(),
            [1, 2]
        );
    }

    #[test]
    fn an_id_made_from_another_alias_is_read_back_and_kept_by_the_brief_record() {
        let mut tables = tables();
        let lavrov = &mut tables.entities[1];
        lavrov.id = "per/lavrov".into();
        lavrov.id_name = "Lavrov".into();
        let sections = write(&mut tables, 3, None).unwrap();
        let table = Records::parse(&sections.entities, "entities").unwrap();
        let stored = entity(table.get(1).unwrap(), 1).unwrap();
        assert_eq!((stored.name, stored.id_alias), ("Sergei Lavrov", 1));
        assert_eq!(entity_id(&stored), "per/lavrov");
        let mut brief = Vec::new();
        stored.brief().write(&mut brief);
        assert_eq!(entity_id(&entity(&brief, 1).unwrap()), "per/lavrov");
        assert_eq!(
            find_by_id(0..table.len() as u32, "per/lavrov", |o| record(&table, o)).unwrap(),
            Some(1)
        );
    }

    #[test]
    fn entity_sections_round_trip() {
        let sections = write(&mut tables(), 3, None).unwrap();
        let table = Records::parse(&sections.entities, "entities").unwrap();
        let lavrov = entity(table.get(1).unwrap(), 1).unwrap();
        assert_eq!(
            (
                lavrov.kind,
                entity_id(&lavrov).as_str(),
                lavrov.name,
                lavrov.articles
            ),
            (EntityType::Per, "per/sergei-lavrov", "Sergei Lavrov", 1)
        );
        assert_eq!(
            lavrov.aliases(),
            ["Sergei Lavrov", "Lavrov", "Sergey Lavrov"]
        );
        assert_eq!(
            find_by_id(0..table.len() as u32, "per/sergei-lavrov", |o| record(
                &table, o
            ))
            .unwrap(),
            Some(1)
        );
        assert_eq!(
            find_by_id(0..table.len() as u32, "loc/aleppo", |o| record(&table, o)).unwrap(),
            Some(0)
        );
        assert_eq!(
            find_by_id(0..table.len() as u32, "per/nobody", |o| record(&table, o)).unwrap(),
            None
        );

        let posting_table = Records::parse(&sections.postings, "p").unwrap();
        assert_eq!(
            postings(posting_table.get(0).unwrap(), 0, 3).unwrap(),
            [(0, 2), (2, 1)]
        );
        assert!(
            postings(posting_table.get(0).unwrap(), 0, 2).is_err(),
            "a doc past the corpus is refused"
        );

        let mention_bytes = in_memory(&sections.mentions);
        let mention_table = Records::parse(&mention_bytes, "m").unwrap();
        let first = mentions(mention_table.get(0).unwrap(), 0, 2).unwrap();
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
        assert!(mentions(mention_table.get(1).unwrap(), 1, 2)
            .unwrap()
            .is_empty());
        assert!(
            mentions(mention_table.get(2).unwrap(), 2, 1).is_err(),
            "an entity past the table is refused"
        );

        assert_eq!(type_ranges(&table).unwrap(), [1..2, 0..1, 0..0, 0..0]);

        let doc_bytes = in_memory(&sections.doc_entities);
        let doc_table = Records::parse(&doc_bytes, "d").unwrap();
        assert_eq!(
            doc_entities(doc_table.get(0).unwrap(), 0, 2).unwrap(),
            [(0, 2)]
        );
        assert_eq!(
            doc_entities(doc_table.get(2).unwrap(), 2, 2).unwrap(),
            [(0, 1), (1, 1)]
        );

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
