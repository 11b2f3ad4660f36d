//! Stories: what the builder worked out about articles as a whole, for a reader to look up.
//!
//! - `doc groups`: which articles are copies of one story (the same wire story re-sent,
//!   corrected or lightly edited). A record table whose record `r` lists, for each article
//!   `r × PER_RECORD ..` in a group, its place in the record (a byte) and its group's first
//!   article (a varint). An article in no record's list is a group of its own. Most articles
//!   are, so the records are short, and a sharded index fetches a piece of them only for a
//!   search that collapses copies.
//! - `related`: a record per article: the number of its copies (varint), then its copies and
//!   its related stories, best first, each as a zig-zag varint of its doc number minus the
//!   article's (stories of one time sit near each other).
//! - `entity related`: a record per entity: the entities most often in the same articles, each
//!   as its ordinal and the number of shared articles (varints), most first.

use super::records::{Records, RecordsWriter};
use crate::error::{Error, Result};
use crate::varint;

/// Articles per record of the `doc groups` section.
pub const PER_RECORD: usize = 64;

const GROUPS: &str = "doc groups";
const RELATED: &str = "related";
const ENTITY_RELATED: &str = "entity related";

/// The `doc groups` section of `leaders`, each article's group's first article (its own doc
/// number when alone).
///
/// # Errors
/// [`crate::ErrorKind::TooLarge`] past 4 GiB.
pub fn write_groups(leaders: &[u32]) -> Result<Vec<u8>> {
    let mut grouped: Vec<bool> = leaders
        .iter()
        .enumerate()
        .map(|(doc, &leader)| leader as usize != doc)
        .collect();
    for (doc, &leader) in leaders.iter().enumerate() {
        if leader as usize != doc {
            if let Some(first) = grouped.get_mut(leader as usize) {
                *first = true;
            }
        }
    }
    let mut writer = RecordsWriter::new();
    for (r, record) in leaders.chunks(PER_RECORD).enumerate() {
        writer.push_with(|out| {
            for (slot, &leader) in record.iter().enumerate() {
                if grouped[r * PER_RECORD + slot] {
                    out.push(slot as u8);
                    varint::write_u32(out, leader);
                }
            }
        })?;
    }
    Ok(writer.finish())
}

/// The number of records of the `doc groups` section of `docs` articles.
pub fn group_record_count(docs: u32) -> u32 {
    docs.div_ceil(PER_RECORD as u32)
}

/// The record of `doc groups` holding article `doc`'s group.
pub fn group_record_of(doc: u32) -> u32 {
    doc / PER_RECORD as u32
}

/// Article `doc`'s group (its first article), from its record, or `None` when it is a group
/// of its own.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record cannot be read or names an article past
/// `docs`.
pub fn group_in(record: &[u8], doc: u32, docs: u32) -> Result<Option<u32>> {
    let slot = (doc as usize % PER_RECORD) as u8;
    let mut at = 0;
    while at < record.len() {
        let here = record[at];
        at += 1;
        let leader = varint::read_u32(record, &mut at)
            .filter(|&l| l < docs)
            .ok_or_else(|| Error::corrupt(GROUPS, format!("the record of article {doc}")))?;
        if here == slot {
            return Ok(Some(leader));
        }
    }
    Ok(None)
}

/// Writes article `doc`'s record of `related`: its `copies`, then its `related` stories.
pub fn write_related(out: &mut Vec<u8>, doc: u32, copies: &[u32], related: &[u32]) {
    varint::write_u32(out, copies.len() as u32);
    for &other in copies.iter().chain(related) {
        let delta = i64::from(other) - i64::from(doc);
        varint::write_u64(out, ((delta << 1) ^ (delta >> 63)) as u64);
    }
}

/// Article `doc`'s copies and related stories, from its record of `related`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record cannot be read or names an article past
/// `docs`.
pub fn related(record: &[u8], doc: u32, docs: u32) -> Result<(Vec<u32>, Vec<u32>)> {
    let bad = || Error::corrupt(RELATED, format!("the record of article {doc}"));
    let mut at = 0;
    let copies = varint::read_u32(record, &mut at).ok_or_else(bad)? as usize;
    let mut all = Vec::new();
    while at < record.len() {
        let zigzag = varint::read_u64(record, &mut at).ok_or_else(bad)?;
        let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        let other = u32::try_from(i64::from(doc) + delta)
            .ok()
            .filter(|&o| o < docs && o != doc)
            .ok_or_else(bad)?;
        all.push(other);
    }
    if copies > all.len() {
        return Err(bad());
    }
    let related = all.split_off(copies);
    Ok((all, related))
}

/// Writes an entity's record of `entity related`: `(ordinal, shared articles)`, most first.
pub fn write_entity_related(out: &mut Vec<u8>, related: &[(u32, u32)]) {
    for &(ordinal, count) in related {
        varint::write_u32(out, ordinal);
        varint::write_u32(out, count);
    }
}

/// An entity's related entities and their shared articles, from its record of `entity
/// related`.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the record cannot be read or names an entity past
/// `entities`.
pub fn entity_related(record: &[u8], entity: u32, entities: u32) -> Result<Vec<(u32, u32)>> {
    let bad = || Error::corrupt(ENTITY_RELATED, format!("the record of entity {entity}"));
    let mut at = 0;
    let mut out = Vec::new();
    while at < record.len() {
        let ordinal = varint::read_u32(record, &mut at)
            .filter(|&o| o < entities)
            .ok_or_else(bad)?;
        let count = varint::read_u32(record, &mut at).ok_or_else(bad)?;
        out.push((ordinal, count));
    }
    Ok(out)
}

/// Checks a whole `doc groups` section of `docs` articles: a record per [`PER_RECORD`]
/// articles, each entry within it.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the section.
pub fn check_groups(bytes: &[u8], docs: u32) -> Result<()> {
    let records = Records::parse(bytes, GROUPS)?;
    if records.len() != group_record_count(docs) as usize {
        return Err(Error::corrupt(
            GROUPS,
            format!("{} records for {docs} articles", records.len()),
        ));
    }
    for r in 0..records.len() {
        let record = records.get(r).unwrap_or_default();
        let first = (r * PER_RECORD) as u32;
        let articles = (docs - first).min(PER_RECORD as u32);
        let mut at = 0;
        while at < record.len() {
            let slot = u32::from(record[at]);
            at += 1;
            let fine = slot < articles
                && varint::read_u32(record, &mut at).is_some_and(|leader| leader < docs);
            if !fine {
                return Err(Error::corrupt(GROUPS, format!("record {r} cannot be read")));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_round_trip_and_refuse_damage() {
        let mut leaders: Vec<u32> = (0..150).collect();
        leaders[5] = 2;
        leaders[70] = 2;
        leaders[149] = 140;
        let bytes = write_groups(&leaders).unwrap();
        check_groups(&bytes, 150).unwrap();
        let records = Records::parse(&bytes, GROUPS).unwrap();
        for doc in 0..150u32 {
            let record = records.get(group_record_of(doc) as usize).unwrap();
            let want = match doc {
                2 | 5 | 70 => Some(2),
                140 | 149 => Some(140),
                _ => None,
            };
            assert_eq!(group_in(record, doc, 150).unwrap(), want, "{doc}");
        }
        assert!(check_groups(&bytes, 149).is_err());
        assert!(check_groups(&bytes, 100).is_err());
        assert!(group_in(&[0, 0x80], 0, 150).is_err());
        assert!(
            group_in(&[0, 200, 1], 0, 150).is_err(),
            "a leader past the end"
        );
    }

    #[test]
    fn related_round_trips_and_refuses_damage() {
        let mut out = Vec::new();
        write_related(&mut out, 10, &[11, 3], &[0, 99, 12]);
        assert_eq!(
            related(&out, 10, 100).unwrap(),
            (vec![11, 3], vec![0, 99, 12])
        );
        assert!(related(&out, 10, 99).is_err(), "article 99 is past the end");
        assert!(related(&out[..out.len() - 1], 10, 100).is_ok());
        assert!(
            related(&[5, 2], 10, 100).is_err(),
            "more copies than entries"
        );
        assert!(related(&[0, 0], 10, 100).is_err(), "itself");
        assert!(related(&[], 10, 100).is_err());
    }

    #[test]
    fn entity_related_round_trips_and_refuses_damage() {
        let mut out = Vec::new();
        write_entity_related(&mut out, &[(7, 30), (2, 4)]);
        assert_eq!(entity_related(&out, 0, 8).unwrap(), [(7, 30), (2, 4)]);
        assert!(entity_related(&out, 0, 7).is_err());
        assert!(entity_related(&out[..3], 0, 8).is_err());
    }
}
