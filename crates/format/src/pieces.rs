//! A sharded index's lazily fetched tables. Every table that grows with the archive (the
//! dictionaries, term statistics, per-article and per-entity tables) is cut into *pieces* of
//! a few kilobytes, each deflated on its own and stored in the pack after the stored records,
//! so that a reader fetches the pieces a request reads and nothing else. The core keeps the
//! `pieces` section, a directory of where each piece lies, its check, and for a dictionary the
//! first key of each piece (after the first piece, its shortest prefix past the key before):
//!
//! ```text
//! 4 × (u32 start, u32 end)      the entity ordinals of each entity type
//! u32 table count, then per table:
//!   u32 section kind, u32 items, u32 items per piece (so `items / per piece` pieces, rounded
//!   up), u32 pieces per group, u64 first piece's place in the pack
//!   per group of pieces: varint slot length (each piece of the group takes that many bytes)
//!   for a dictionary or the entity table, per piece: varint key length and its first key
//! ```
//!
//! A piece in the pack is `u32 check` (the low 32 bits of the xxh3 of the rest), `varint
//! inflated length`, its bytes as raw deflate, then zeros to the end of its slot: a piece
//! carries its own check, so the directory needs only where each piece lies. A table of up to
//! [`GROUPED_FROM`] pieces has a group per piece, each slot the piece's own length, so small
//! sites fetch no padding; a larger one puts its pieces in groups of up to [`MAX_GROUP`]
//! whose slots are their longest piece's length, as many as keep the padding within a quarter
//! of the table ([`group_size`]). The core then lists a length per group, not per piece, and a
//! piece's place is still arithmetic (the groups before it, then the slots before it in its
//! own), so that a reader finds it with no fetch before it. At 1M articles with entities the
//! cards' 250,000 pieces cost the core 248 KB brotli with a length each, and 0.2 KB in groups
//! of 1,024; a hit's card costs about a fifth more bytes.
//!
//! The first key of a piece of the entity table is its first entity's record without counts
//! and aliases: enough to compute its id, so that an entity is found by id in one piece.
//!
//! What a piece holds depends on its table ([`Shape`]):
//! - a dictionary (terms, words, id map, entity names, facet names, typo words): `u32 fst length`, an fst map of its keys
//!   (the whole map's keys `i × per piece ..`, with the whole map's values), then a payload:
//!   for terms, the term infos of its ordinals (a `term info` section of its own, whose
//!   offsets are the pack's) and each term's three chunk checks (see [`crate::shards`]); for
//!   entity names, the name lists its values point into; none for the others;
//! - a record table (entities, entity postings, mentions, doc entities, dates, facet values,
//!   facet postings, doc facets): a record table of its records ([`crate::records`]);
//! - the cards: a record table of each article's card, all a hit needs but its text, so that
//!   the hits of a page cost one small piece each:
//!
//! ```text
//! varint id length, id
//! with a store: u32 start, u32 end of its stored record in the store's part of the pack, u32 check
//! varint entity count (its first CARD_ENTITIES entities, most mentioned first), per entity:
//!   varint ordinal, varint record length, its record without counts and aliases
//! ```
//!
//! (A sharded index has no doc ids and no store table of its own: the cards hold them.)
//!
//! The typo words are the words dictionary again, each key made a [`typo_key`]: its first
//! letter, its length, then the rest. A misspelling keeps the first letter and is within an
//! edit or two of the word's length, so a typo query reads the pieces of that letter and a few
//! lengths, where the words dictionary's order would have it read the whole letter (on BBC
//! News, 11–36 KB a title query).

use crate::at::At;
use std::ops::{Range, RangeInclusive};

use fst::{IntoStreamer, Map, MapBuilder, Streamer};

use super::container::SectionKind;
use super::entities::{name_value, named, EntityRecord};
use super::records::{Records, RecordsWriter};
use super::shards::Chunks;
use super::store::Deflater;
use super::term_info::{TermInfoWriter, TermInfos};
use super::varint;
use super::{le_u32, le_u64};
use crate::error::{Error, Result};

const SECTION: &str = "pieces";
/// About how many inflated bytes a piece of a dictionary holds: each word of a query costs a
/// piece, so small pieces waste few bytes of each fetch, while the directory costs about 15
/// bytes a piece. On BBC News a kilobyte makes the pieces of a three-word query about 5 KB,
/// where 2 KB pieces made it 17 KB.
pub const PIECE_BYTES: usize = 1024;
/// About how many inflated bytes a piece of the tables of entities, mentions and articles'
/// entities holds: they are read for facets, entity queries and articles, not for a first
/// list of hits, so their pieces are larger and their directory smaller.
pub const ENTITY_PIECE_BYTES: usize = 4096;
/// About the most pieces of entity postings: an entity's postings are its articles, a few
/// bytes for most and hundreds of KB for the most named, so their pieces differ too much in
/// length to share slots ([`group_size`]), and each would cost the core its length. Past
/// this many, the pieces grow instead: at 1M articles (35 MB of entity postings in the pack)
/// 4 KB pieces made 13,332, 21 KB brotli of the core; about 4,096 make pieces of about 9 KB,
/// of which an entity clause reads one.
pub const ENTITY_POSTINGS_PIECES: usize = 4096;
/// About the most pieces of the id map: a piece is read for one article by id (an article, its
/// related stories), never by a search, and each costs the core its first key (about 7 bytes
/// at 1M articles, where 1 KB pieces made 5,883, 40 KB of keys). Past this many, the pieces
/// grow instead: about 3 KB each in the pack at 1M (3 MB of id map).
pub const ID_MAP_PIECES: usize = 1024;
/// The bytes of chunk checks per term: postings, positions, skips.
pub const TERM_CHECKS: usize = 12;
/// About how many inflated bytes a piece of cards holds: a page's hits are scattered over the
/// archive, so each costs its piece.
pub const CARD_BYTES: usize = 512;
/// A card lists at most this many of its article's entities: as many as a hit lists.
pub const CARD_ENTITIES: usize = 5;
/// A table of more pieces than this puts them in groups that share a slot length: below it,
/// the directory lists every piece's length (a few KB at most), so that small sites fetch no
/// padding.
pub const GROUPED_FROM: usize = 1024;
/// The most pieces a group holds: past it the padding grows and the core hardly shrinks.
pub const MAX_GROUP: u32 = 1024;

/// How a table's pieces are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// An fst of the piece's keys and a payload.
    Dictionary,
    /// A record table.
    Records,
    /// Each article's card.
    Cards,
}

/// The shape of the pieces of section `kind`, if it is cut into pieces.
pub fn shape(kind: SectionKind) -> Option<Shape> {
    match kind {
        SectionKind::Terms
        | SectionKind::Words
        | SectionKind::TypoWords
        | SectionKind::IdMap
        | SectionKind::EntityNames
        | SectionKind::FacetNames => Some(Shape::Dictionary),
        SectionKind::Entities
        | SectionKind::EntityPostings
        | SectionKind::Mentions
        | SectionKind::DocEntities
        | SectionKind::Dates
        | SectionKind::DocSources
        | SectionKind::FacetValues
        | SectionKind::FacetPostings
        | SectionKind::DocFacets
        | SectionKind::DocGroups
        | SectionKind::Related
        | SectionKind::EntityRelated => Some(Shape::Records),
        SectionKind::Cards => Some(Shape::Cards),
        _ => None,
    }
}

/// Whether the directory keeps the first key of each piece of section `kind`.
pub fn has_first_keys(kind: SectionKind) -> bool {
    shape(kind) == Some(Shape::Dictionary) || kind == SectionKind::Entities
}

/// One piece: where it lies in the pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Its bytes in the pack: check, inflated length and deflated bytes.
    pub at: Range<u64>,
    /// Its first key, when [`has_first_keys`] says the table has them (else empty); of a
    /// dictionary's piece after the first, the key's shortest prefix past the key before.
    pub first_key: Box<[u8]>,
}

/// A table cut into pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PiecedTable {
    /// The section the table replaces.
    pub kind: SectionKind,
    /// Its records, keys or articles.
    pub items: u32,
    /// Items per piece (the last may hold fewer).
    pub per_piece: u32,
    /// Pieces per group of the same slot length (the last may hold fewer).
    pub per_group: u32,
    /// Its pieces, in item order, each with its slot's bytes.
    pub pieces: Vec<Piece>,
}

impl PiecedTable {
    /// The piece holding item `item`, and the item's place in it.
    pub fn piece_of(&self, item: u32) -> Option<(usize, usize)> {
        (item < self.items).then(|| {
            (
                (item / self.per_piece) as usize,
                (item % self.per_piece) as usize,
            )
        })
    }

    /// The first item of piece `piece`.
    pub fn first_item(&self, piece: usize) -> u32 {
        piece as u32 * self.per_piece
    }

    /// The pieces of a dictionary whose keys may lie in `low..high` (`high` `None`: no end).
    pub fn pieces_between(&self, low: &[u8], high: Option<&[u8]>) -> Range<usize> {
        let first = self
            .pieces
            .partition_point(|p| &*p.first_key <= low)
            .saturating_sub(1);
        let end = match high {
            Some(high) => self.pieces.partition_point(|p| &*p.first_key < high),
            None => self.pieces.len(),
        };
        first..end.max(first)
    }
}

/// The `pieces` section: every pieced table, and what the core needs of the entity table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directory {
    /// The entity ordinals of each entity type.
    pub entity_types: [Range<u32>; 4],
    /// The pieced tables.
    pub tables: Vec<PiecedTable>,
}

impl Directory {
    /// The pieced table that replaces `kind`, if any.
    pub fn table(&self, kind: SectionKind) -> Option<&PiecedTable> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// The pack bytes of every piece, from the first's start to the last's end.
    pub fn span(&self) -> Option<Range<u64>> {
        let pieces = self.tables.iter().flat_map(|t| &t.pieces);
        let start = pieces.clone().map(|p| p.at.start).min()?;
        let end = pieces.map(|p| p.at.end).max()?;
        Some(start..end)
    }

    /// Encodes the section.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for range in &self.entity_types {
            out.extend_from_slice(&range.start.to_le_bytes());
            out.extend_from_slice(&range.end.to_le_bytes());
        }
        out.extend_from_slice(&(self.tables.len() as u32).to_le_bytes());
        for table in &self.tables {
            for value in [
                table.kind as u32,
                table.items,
                table.per_piece,
                table.per_group,
            ] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            let start = table.pieces.first().map_or(0, |p| p.at.start);
            out.extend_from_slice(&start.to_le_bytes());
            for group in table.pieces.chunks(table.per_group as usize) {
                varint::write_u64(&mut out, group[0].at.end - group[0].at.start);
            }
            if has_first_keys(table.kind) {
                for piece in &table.pieces {
                    varint::write_u64(&mut out, piece.first_key.len() as u64);
                    out.extend_from_slice(&piece.first_key);
                }
            }
        }
        out
    }

    /// Decodes the section, refusing tables that are not pieced, pieces that do not follow
    /// one another inside `pack` or do not add up to their items, and dictionary keys out of
    /// order.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming the section.
    pub fn decode(bytes: &[u8], pack: Range<u64>) -> Result<Directory> {
        let bad = |detail: String| Error::corrupt(SECTION, detail);
        let mut at = 0usize;
        let u32_at = |at: &mut usize| {
            let value = le_u32(bytes, *at).ok_or_else(|| bad("cut short".into()));
            *at += 4;
            value
        };
        let mut entity_types = [0..0, 0..0, 0..0, 0..0];
        for range in &mut entity_types {
            *range = u32_at(&mut at)?..u32_at(&mut at)?;
            if range.start > range.end {
                return Err(bad("an entity type's ordinals run backwards".into()));
            }
        }
        let count = u32_at(&mut at)?;
        let mut tables: Vec<PiecedTable> = Vec::new();
        let mut next = pack.start;
        for _ in 0..count {
            let kind_number = u32_at(&mut at)?;
            let kind = SectionKind::from_u32(kind_number)
                .filter(|k| shape(*k).is_some())
                .ok_or_else(|| bad(format!("section {kind_number} is not cut into pieces")))?;
            if tables.iter().any(|t| t.kind == kind) {
                return Err(bad(format!("{} is listed twice", kind.name())));
            }
            let (items, per_piece, per_group) =
                (u32_at(&mut at)?, u32_at(&mut at)?, u32_at(&mut at)?);
            if per_piece == 0 || !(1..=MAX_GROUP).contains(&per_group) {
                return Err(bad(format!(
                    "{}: pieces of {per_piece} items in groups of {per_group}",
                    kind.name()
                )));
            }
            let piece_count = items.div_ceil(per_piece);
            let start = le_u64(bytes, at).ok_or_else(|| bad("cut short".into()))?;
            at += 8;
            if start != next && piece_count > 0 {
                return Err(bad(format!("{} is not where it should be", kind.name())));
            }
            let mut pieces = Vec::with_capacity(piece_count.min(1 << 20) as usize);
            let mut slot = 0;
            for i in 0..piece_count {
                if i % per_group == 0 {
                    slot =
                        varint::read_u64(bytes, &mut at).ok_or_else(|| bad("cut short".into()))?;
                }
                let end = next
                    .checked_add(slot)
                    .filter(|end| *end <= pack.end)
                    .ok_or_else(|| bad(format!("a piece of {} lies past the pack", kind.name())))?;
                pieces.push(Piece {
                    at: next..end,
                    first_key: Box::default(),
                });
                next = end;
            }
            for i in 0..pieces.len() * usize::from(has_first_keys(kind)) {
                let key_len = varint::read_u64(bytes, &mut at)
                    .and_then(|l| usize::try_from(l).ok())
                    .ok_or_else(|| bad("cut short".into()))?;
                let key = bytes
                    .get(at..at.saturating_add(key_len))
                    .ok_or_else(|| bad("cut short".into()))?;
                at += key_len;
                let dictionary = shape(kind) == Some(Shape::Dictionary);
                if dictionary && i > 0 && *pieces.at(i - 1).first_key >= *key {
                    return Err(bad(format!("the keys of {} are out of order", kind.name())));
                }
                pieces[i].first_key = key.into();
            }
            tables.push(PiecedTable {
                kind,
                items,
                per_piece,
                per_group,
                pieces,
            });
        }
        if at != bytes.len() {
            return Err(bad("trailing bytes".into()));
        }
        Ok(Directory {
            entity_types,
            tables,
        })
    }
}

/// The most bytes a piece may inflate to: far more than any piece holds, and a bound on what
/// forged bytes can make a reader allocate.
const MAX_PIECE: u64 = 16 << 20;

/// Checks and inflates piece `piece` of `table`, as fetched from the pack of `chunks` (a
/// slot: the piece, then its padding, which the check covers and the inflating stops before).
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the chunk file and offset when its bytes fail its
/// check or do not inflate to its length: a chunk is damaged or from another build.
pub fn inflate(
    table: &PiecedTable,
    piece: usize,
    stored: &[u8],
    chunks: &Chunks,
) -> Result<Vec<u8>> {
    let bad = || {
        let start = table.pieces.get(piece).map_or(0, |p| p.at.start);
        Error::corrupt(
            "chunks",
            format!(
                "piece {piece} of the {} ({}) does not match its check: a chunk is damaged or from another build",
                table.kind.name(),
                chunks.place(start)
            ),
        )
    };
    let body = stored.get(4..).ok_or_else(bad)?;
    if le_u32(stored, 0) != Some(check(body)) {
        return Err(bad());
    }
    let mut at = 0;
    let len = varint::read_u64(body, &mut at)
        .filter(|&len| len <= MAX_PIECE)
        .ok_or_else(bad)? as usize;
    crate::inflate::inflate(body.at(at..), len).map_err(|_| bad())
}

/// Refuses an inflated piece that does not read as its table's: an fst that the `fst` crate
/// could not read safely or with another number of keys, term infos that do not match its
/// terms, a record table of another length, a store-table piece of another size.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming the table.
pub fn validate(table: &PiecedTable, piece: usize, bytes: &[u8]) -> Result<()> {
    let items = table.per_piece.min(table.items - table.first_item(piece));
    let name = table.kind.name();
    let wrong = |what: &str| Error::corrupt(name, format!("piece {piece} holds {what}"));
    match shape(table.kind) {
        Some(Shape::Dictionary) => {
            let (fst, payload) = split_dictionary(bytes)?;
            super::fst_check::check(fst, name, Some(items))?;
            if table.kind == SectionKind::Terms {
                term_payload(payload, items as usize)?;
            }
        }
        Some(Shape::Records | Shape::Cards) => {
            if Records::parse(bytes, name)?.len() != items as usize {
                return Err(wrong("another number of records"));
            }
        }
        None => return Err(wrong("a table that is not cut into pieces")),
    }
    Ok(())
}

/// The check of a piece or a chunk's part.
pub fn check(bytes: &[u8]) -> u32 {
    xxhash_rust::xxh3::xxh3_64(bytes) as u32
}

/// A dictionary piece's fst and payload.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when the fst length does not fit.
pub fn split_dictionary(piece: &[u8]) -> Result<(&[u8], &[u8])> {
    let len = le_u32(piece, 0)
        .map(|l| l as usize)
        .filter(|l| 4 + l <= piece.len())
        .ok_or_else(|| Error::corrupt(SECTION, "a dictionary piece's fst does not fit"))?;
    Ok((piece.at(4..4 + len), piece.at(4 + len..)))
}

/// A terms piece's payload: its term infos and the chunk checks of its terms.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when they do not match the piece's `terms` terms.
pub fn term_payload(payload: &[u8], terms: usize) -> Result<(TermInfos<'_>, &[u8])> {
    let checks = TERM_CHECKS * terms;
    let split = payload
        .len()
        .checked_sub(checks)
        .ok_or_else(|| Error::corrupt(SECTION, "a terms piece is cut short"))?;
    let infos = TermInfos::parse(&payload[..split])?;
    if infos.len() != terms {
        return Err(Error::corrupt(
            SECTION,
            "a terms piece's infos do not match its keys",
        ));
    }
    Ok((infos, &payload[split..]))
}

/// What a whole index's tables give a split: the sections to cut, by kind, and the checks of
/// each term's parts and each stored record (as [`crate::shards`] computes them).
pub struct Tables<'a> {
    /// The whole sections (the store table without records), by kind.
    pub section: &'a dyn Fn(SectionKind) -> Option<&'a [u8]>,
    /// Each term's 12 bytes of checks, in ordinal order.
    pub term_checks: &'a [u8],
    /// The store's record spans and checks, by article.
    pub records: Option<(Records<'a>, &'a [u8])>,
    /// The lengths of the postings, positions and skips sections.
    pub lengths: [usize; 3],
    /// Pieces per group of a table, given its kind and its pieces' lengths: [`group_size`],
    /// or another rule for tests that read small indexes through groups.
    pub per_group: &'a dyn Fn(SectionKind, &[usize]) -> u32,
}

/// Cuts every table of an index into deflated pieces, appended to `pack` from its current
/// length on (the pack's offset `base` is where `pack` starts), and returns their directory.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when a section cannot be read, a terms value is not its key's
/// rank, or an entity-names value points outside its lists.
pub fn cut(tables: &Tables<'_>, base: u64, pack: &mut Vec<u8>) -> Result<Directory> {
    let section = |kind: SectionKind| {
        (tables.section)(kind).ok_or(crate::ErrorKind::MissingSection {
            section: kind.name(),
        })
    };
    let entity_table = Records::parse(section(SectionKind::Entities)?, "entities")?;
    let entity_types = super::entities::type_ranges(&entity_table)?;
    let entity_count = entity_table.len() as u32;
    let mut deflater = Deflater::default();
    let mut out = Vec::new();
    for kind in SectionKind::ALL {
        let Some(shape) = shape(kind) else { continue };
        let mut cutter = Cutter {
            kind,
            base,
            pack: &mut *pack,
            deflater: &mut deflater,
            deflated: Vec::new(),
        };
        let (items, per_piece) = match shape {
            Shape::Dictionary => {
                let typo_words;
                let bytes = match kind {
                    SectionKind::TypoWords => {
                        typo_words = typo_dictionary(section(SectionKind::Words)?)?;
                        &typo_words[..]
                    }
                    _ => section(kind)?,
                };
                let map =
                    Map::new(bytes).map_err(|e| Error::corrupt(kind.name(), e.to_string()))?;
                // A terms piece holds its terms' statistics and checks besides the fst.
                let payload = match kind {
                    SectionKind::Terms => {
                        section(SectionKind::TermInfo)?.len() + TERM_CHECKS * map.len()
                    }
                    _ => 0,
                };

                // The typo words' fst is built here, and fst lays a map out otherwise on 32 and
                // 64 bits, so their pieces are sized from the words' section: the same cut in
                // the wasm builder as in the CLI.
                let fst_bytes = match kind {
                    SectionKind::TypoWords => section(SectionKind::Words)?.len(),
                    _ => map.as_fst().as_bytes().len(),
                };
                let bytes = fst_bytes + payload;
                let per_piece = per_piece_of(bytes, map.len(), piece_target(kind, bytes));
                let lists = match kind {
                    SectionKind::EntityNames => Some(section(SectionKind::EntityNameLists)?),
                    _ => None,
                };
                let infos = match kind {
                    SectionKind::Terms => Some(TermInfos::parse(section(SectionKind::TermInfo)?)?),
                    _ => None,
                };
                cut_dictionary(&mut cutter, &map, per_piece, |keys, first| {
                    payload_of(
                        kind,
                        keys,
                        first,
                        lists,
                        infos.as_ref(),
                        tables,
                        entity_count,
                    )
                })?;
                (map.len() as u32, per_piece)
            }
            Shape::Records => {
                let table = Records::parse(section(kind)?, kind.name())?;
                let bytes = table.data().len() + 4 * table.len();
                let per_piece = per_piece_of(bytes, table.len(), piece_target(kind, bytes));
                for first in (0..table.len()).step_by(per_piece as usize) {
                    let mut writer = RecordsWriter::new();
                    for i in first..(first + per_piece as usize).min(table.len()) {
                        let record = table.get(i).expect("parsed");
                        writer.push_with(|out| out.extend_from_slice(record))?;
                    }
                    let first_key = match kind {
                        SectionKind::Entities => {
                            let record = table.get(first).expect("parsed");
                            let entity = super::entities::entity(record, first as u32)?;
                            let mut key = Vec::new();
                            entity.brief().write(&mut key);
                            key.into_boxed_slice()
                        }
                        _ => Box::default(),
                    };
                    cutter.push(writer.finish(), first_key);
                }
                (table.len() as u32, per_piece)
            }
            Shape::Cards => {
                let ids = Records::parse(section(SectionKind::DocIds)?, "doc ids")?;
                let doc_entities =
                    Records::parse(section(SectionKind::DocEntities)?, "doc entities")?;
                let mut cards = Vec::with_capacity(ids.len());
                for doc in 0..ids.len() {
                    let mut card = Vec::new();
                    let store = match &tables.records {
                        Some((records, checks)) => {
                            let span = records.span(doc).ok_or_else(|| {
                                Error::corrupt(
                                    "document store",
                                    format!("article {doc} is missing"),
                                )
                            })?;
                            Some((span, le_u32(checks, 4 * doc).expect("a check per record")))
                        }
                        None => None,
                    };
                    let entities = super::entities::doc_entities(
                        doc_entities.get(doc).unwrap_or_default(),
                        doc as u32,
                        entity_count,
                    )?;
                    let entities = entities
                        .iter()
                        .take(CARD_ENTITIES)
                        .map(|&(ordinal, _)| {
                            let record = entity_table.get(ordinal as usize).unwrap_or_default();
                            Ok((ordinal, super::entities::entity(record, ordinal)?))
                        })
                        .collect::<Result<Vec<_>>>()?;
                    write_card(
                        &mut card,
                        ids.get(doc).unwrap_or_default(),
                        store,
                        &entities,
                    );
                    cards.push(card);
                }
                let bytes: usize = cards.iter().map(Vec::len).sum();
                let per_piece = per_piece_of(bytes + 4 * cards.len(), cards.len(), CARD_BYTES);
                for first in (0..cards.len()).step_by(per_piece as usize) {
                    let mut writer = RecordsWriter::new();
                    for card in &cards[first..(first + per_piece as usize).min(cards.len())] {
                        writer.push_with(|out| out.extend_from_slice(card))?;
                    }
                    cutter.push(writer.finish(), Box::default());
                }
                (cards.len() as u32, per_piece)
            }
        };
        let (per_group, pieces) = cutter.finish(tables.per_group);
        out.push(PiecedTable {
            kind,
            items,
            per_piece,
            per_group,
            pieces,
        });
    }
    Ok(Directory {
        entity_types,
        tables: out,
    })
}

/// Items per piece for a table of `bytes` over `items` items: about `target` bytes a piece.
/// The key of a words dictionary's `key` in the typo words: the first character's bytes, the
/// number of characters before the first NUL (past which a key names a language, see the
/// builder's words dictionary) as a byte, at most 255, then the rest of the key.
pub fn typo_key(key: &str, out: &mut Vec<u8>) {
    let Some(first) = key.chars().next() else {
        return;
    };
    let word = key.split('\0').next().unwrap_or(key);
    let chars = word.chars().count().min(usize::from(u8::MAX)) as u8;
    let (initial, rest) = key.split_at(first.len_utf8());
    out.extend_from_slice(initial.as_bytes());
    out.push(chars);
    out.extend_from_slice(rest.as_bytes());
}

/// The typo words' keys of the words that start with `initial` and whose length in characters
/// is in `lengths` (at most 254): from the first such key, and up to (not including) the
/// second.
pub fn typo_keys_between(initial: char, lengths: RangeInclusive<u8>) -> (Vec<u8>, Vec<u8>) {
    let mut low = [0; 4];
    let low = initial.encode_utf8(&mut low).as_bytes().to_vec();
    let mut high = low.clone();
    let (first, last) = lengths.into_inner();
    let low = [&low[..], &[first]].concat();
    high.push(last.saturating_add(1));
    (low, high)
}

/// The typo words: the words dictionary `words` with every key made its [`typo_key`].
fn typo_dictionary(words: &[u8]) -> Result<Vec<u8>> {
    let name = SectionKind::TypoWords.name();
    let bad = |e: fst::Error| Error::corrupt(name, e.to_string());
    let words = Map::new(words).map_err(bad)?;
    let mut keys = Vec::with_capacity(words.len());
    let mut stream = words.into_stream();
    while let Some((key, value)) = stream.next() {
        let key =
            std::str::from_utf8(key).map_err(|_| Error::corrupt(name, "a word is not UTF-8"))?;
        let mut typo = Vec::with_capacity(key.len() + 1);
        typo_key(key, &mut typo);
        keys.push((typo, value));
    }
    keys.sort_unstable();
    let mut builder = MapBuilder::memory();
    for (key, value) in keys {
        builder.insert(key, value).map_err(bad)?;
    }
    builder.into_inner().map_err(bad)
}

/// About how many inflated bytes a piece of table `kind` holds, for a table of `bytes`.
fn piece_target(kind: SectionKind, bytes: usize) -> usize {
    match kind {
        SectionKind::IdMap => PIECE_BYTES.max(bytes / ID_MAP_PIECES),
        SectionKind::EntityPostings => ENTITY_PIECE_BYTES.max(bytes / ENTITY_POSTINGS_PIECES),
        _ if shape(kind) == Some(Shape::Dictionary) && kind != SectionKind::EntityNames => {
            PIECE_BYTES
        }
        _ => ENTITY_PIECE_BYTES,
    }
}

fn per_piece_of(bytes: usize, items: usize, target: usize) -> u32 {
    let each = bytes.div_ceil(items.max(1)).max(1);
    (target / each).clamp(1, 1 << 16) as u32
}

/// Appends an article's card: its id, where its stored record is and the record's check, and
/// its first entities (ordinal and record).
fn write_card(
    out: &mut Vec<u8>,
    id: &[u8],
    store: Option<(Range<usize>, u32)>,
    entities: &[(u32, EntityRecord<'_>)],
) {
    varint::write_u64(out, id.len() as u64);
    out.extend_from_slice(id);
    if let Some((span, check)) = store {
        for value in [span.start as u32, span.end as u32, check] {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    varint::write_u64(out, entities.len() as u64);
    for (ordinal, entity) in entities {
        let mut record = Vec::new();
        entity.brief().write(&mut record);
        varint::write_u64(out, u64::from(*ordinal));
        varint::write_u64(out, record.len() as u64);
        out.extend_from_slice(&record);
    }
}

/// An article's card, as read from a piece of cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Card<'a> {
    /// The article's id.
    pub id: &'a str,
    /// Where its stored record is in the store's part of the pack, and its check.
    pub store: Option<(Range<usize>, u32)>,
    /// Its first entities, most mentioned first: ordinal and record (without counts and
    /// aliases).
    pub entities: Vec<(u32, EntityRecord<'a>)>,
}

/// Decodes `record`, article `doc`'s card, of an index with a store or not.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] when it cannot be read.
pub fn card(record: &[u8], doc: u32, has_store: bool, entity_count: u32) -> Result<Card<'_>> {
    let bad = || Error::corrupt("cards", format!("the card of article {doc} cannot be read"));
    let mut at = 0;
    let bytes = |at: &mut usize| -> Result<&[u8]> {
        let len = varint::read_u64(record, at)
            .and_then(|l| usize::try_from(l).ok())
            .ok_or_else(bad)?;
        let bytes = record.get(*at..at.saturating_add(len)).ok_or_else(bad)?;
        *at += len;
        Ok(bytes)
    };
    let id = std::str::from_utf8(bytes(&mut at)?).map_err(|_| bad())?;
    let store = if has_store {
        let word = |k: usize| le_u32(record, at + 4 * k).ok_or_else(bad);
        let (start, end, check) = (word(0)?, word(1)?, word(2)?);
        at += 12;
        if start > end {
            return Err(bad());
        }
        Some((start as usize..end as usize, check))
    } else {
        None
    };
    let count = varint::read_u64(record, &mut at).ok_or_else(bad)?;
    let mut entities = Vec::new();
    for _ in 0..count.min(CARD_ENTITIES as u64 + 1) {
        let ordinal = varint::read_u64(record, &mut at)
            .and_then(|o| u32::try_from(o).ok())
            .filter(|&o| o < entity_count)
            .ok_or_else(bad)?;
        let entity = super::entities::entity(bytes(&mut at)?, ordinal)?;
        entities.push((ordinal, entity));
    }
    if count > CARD_ENTITIES as u64 || at != record.len() {
        return Err(bad());
    }
    Ok(Card {
        id,
        store,
        entities,
    })
}

/// Deflates a table's pieces, then lays them in the pack one after another, each in its
/// group's slot.
struct Cutter<'p> {
    kind: SectionKind,
    base: u64,
    pack: &'p mut Vec<u8>,
    deflater: &'p mut Deflater,
    /// Each piece's inflated length and deflated bytes, and its first key.
    deflated: Vec<(Vec<u8>, Box<[u8]>)>,
}

impl Cutter<'_> {
    fn push(&mut self, bytes: Vec<u8>, first_key: Box<[u8]>) {
        let mut body = Vec::new();
        varint::write_u64(&mut body, bytes.len() as u64);
        body.extend_from_slice(self.deflater.deflate_bytes(&bytes));
        self.deflated.push((body, first_key));
        debug_assert!(shape(self.kind).is_some());
    }

    /// Writes the pieces to the pack in groups of `per_group` (given by the lengths of their
    /// bodies), each padded with zeros to its group's longest and checked with its padding.
    fn finish(self, per_group: impl FnOnce(SectionKind, &[usize]) -> u32) -> (u32, Vec<Piece>) {
        let lengths: Vec<usize> = self.deflated.iter().map(|(body, _)| body.len()).collect();
        let per_group = per_group(self.kind, &lengths).clamp(1, MAX_GROUP);
        let mut pieces = Vec::with_capacity(self.deflated.len());
        for group in self.deflated.chunks(per_group as usize) {
            let slot = group.iter().map(|(body, _)| body.len()).max().unwrap_or(0);
            for (body, first_key) in group {
                let at = self.pack.len();
                let start = self.base + at as u64;
                self.pack.extend_from_slice(&[0; 4]);
                self.pack.extend_from_slice(body);
                self.pack.resize(at + 4 + slot, 0);
                let check = check(&self.pack[at + 4..]);
                self.pack[at..at + 4].copy_from_slice(&check.to_le_bytes());
                pieces.push(Piece {
                    at: start..self.base + self.pack.len() as u64,
                    first_key: first_key.clone(),
                });
            }
        }
        (per_group, pieces)
    }
}

/// Pieces per group of a table whose pieces' bodies have `lengths` bytes: one for a table of
/// up to [`GROUPED_FROM`] pieces and for the term and word dictionaries (a query reads several
/// of their pieces, and their count grows with the vocabulary, not the archive); else the
/// most, up to [`MAX_GROUP`], that pad the table by at most a quarter.
pub fn group_size(kind: SectionKind, lengths: &[usize]) -> u32 {
    let vocabulary = matches!(
        kind,
        SectionKind::Terms | SectionKind::Words | SectionKind::TypoWords
    );
    if vocabulary || lengths.len() <= GROUPED_FROM {
        return 1;
    }
    let total: usize = lengths.iter().sum();
    let padded = |per_group: usize| -> usize {
        lengths
            .chunks(per_group)
            .map(|group| group.iter().max().unwrap_or(&0) * group.len())
            .sum()
    };
    let mut per_group = 1;
    // Padding only grows with the group (a group's longest is at least each half's).
    while per_group < MAX_GROUP && 4 * padded(2 * per_group as usize) <= 5 * total {
        per_group *= 2;
    }
    per_group
}

/// The key the directory keeps for a dictionary's piece whose first key is `first`, after a
/// piece whose last key is `last`: the shortest prefix of `first` past `last`, which finds the
/// piece of any key as `first` would (no key lies between the two), in half the core's bytes.
fn separator<'k>(last: Option<&[u8]>, first: &'k [u8]) -> &'k [u8] {
    let Some(last) = last else { return first };
    let shared = first.iter().zip(last).take_while(|(a, b)| a == b).count();
    &first[..(shared + 1).min(first.len())]
}

/// Cuts a dictionary into pieces of `per_piece` keys; `payload` gives a piece's payload, and
/// the values its fst is to hold when they are not the whole map's, given its keys with their
/// values and the rank of its first key.
fn cut_dictionary(
    cutter: &mut Cutter<'_>,
    map: &Map<&[u8]>,
    per_piece: u32,
    mut payload: impl FnMut(&[(Vec<u8>, u64)], u64) -> Result<(Option<Vec<u64>>, Vec<u8>)>,
) -> Result<()> {
    let name = cutter.kind.name();
    let bad = |e: fst::Error| Error::corrupt(name, e.to_string());
    let mut stream = map.into_stream();
    let mut keys: Vec<(Vec<u8>, u64)> = Vec::with_capacity(per_piece as usize);
    let mut first = 0u64;
    // The last key of the piece before.
    let mut last: Option<Vec<u8>> = None;
    loop {
        let next = stream.next();
        if let Some((key, value)) = next {
            keys.push((key.to_vec(), value));
            if keys.len() < per_piece as usize {
                continue;
            }
        }
        if !keys.is_empty() {
            let (values, extra) = payload(&keys, first)?;
            let mut builder = MapBuilder::memory();
            for (i, (key, value)) in keys.iter().enumerate() {
                let value = values.as_ref().map_or(*value, |v| v[i]);
                builder.insert(key, value).map_err(bad)?;
            }
            let fst = builder.into_inner().map_err(bad)?;
            let mut piece = Vec::with_capacity(4 + fst.len() + extra.len());
            piece.extend_from_slice(&(fst.len() as u32).to_le_bytes());
            piece.extend_from_slice(&fst);
            piece.extend_from_slice(&extra);
            cutter.push(piece, separator(last.as_deref(), &keys[0].0).into());
            first += keys.len() as u64;
            last = keys.pop().map(|(key, _)| key);
            keys.clear();
        }
        if next.is_none() {
            return Ok(());
        }
    }
}

/// The payload of a dictionary piece, and for entity names the values that point into it.
fn payload_of(
    kind: SectionKind,
    keys: &[(Vec<u8>, u64)],
    first: u64,
    lists: Option<&[u8]>,
    infos: Option<&TermInfos<'_>>,
    tables: &Tables<'_>,
    entity_count: u32,
) -> Result<(Option<Vec<u64>>, Vec<u8>)> {
    let mut out = Vec::new();
    match (kind, infos, lists) {
        (SectionKind::Terms, Some(infos), _) => {
            let mut writer = TermInfoWriter::new();
            for (i, (_, value)) in keys.iter().enumerate() {
                if *value != first + i as u64 {
                    return Err(Error::corrupt("terms", "a term's ordinal is not its rank"));
                }
                let info = infos.get(*value)?;
                writer.push(
                    info.doc_freq,
                    [
                        info.postings.start,
                        info.positions.start,
                        info.skips.start,
                        info.headline.start,
                    ],
                )?;
            }
            let end = first + keys.len() as u64;
            let ends = if (end as usize) < infos.len() {
                let next = infos.get(end)?;
                [next.postings.start, next.positions.start, next.skips.start]
            } else {
                tables.lengths
            };
            out.extend_from_slice(&writer.finish(ends));
            let checks = tables
                .term_checks
                .get(TERM_CHECKS * first as usize..TERM_CHECKS * end as usize)
                .ok_or_else(|| Error::corrupt("chunk checks", "fewer checks than terms"))?;
            out.extend_from_slice(checks);
            Ok((None, out))
        }
        (SectionKind::EntityNames, _, Some(lists)) => {
            let values = keys
                .iter()
                .map(|(_, value)| {
                    let ordinals = named(*value, lists, entity_count)?;
                    Ok(name_value(ordinals.into_iter(), &mut out))
                })
                .collect::<Result<Vec<u64>>>()?;
            Ok((Some(values), out))
        }
        _ => Ok((None, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_round_trips_and_refuses_damage() {
        let piece = |at: Range<u64>, key: &[u8]| Piece {
            at,
            first_key: key.into(),
        };
        let directory = Directory {
            entity_types: [0..2, 2..2, 2..5, 5..5],
            tables: vec![
                PiecedTable {
                    kind: SectionKind::Words,
                    items: 5,
                    per_piece: 3,
                    per_group: 1,
                    pieces: vec![piece(100..150, b"apple"), piece(150..170, b"kiwi")],
                },
                PiecedTable {
                    kind: SectionKind::Cards,
                    items: 2,
                    per_piece: 2,
                    per_group: 1,
                    pieces: vec![piece(170..200, b"")],
                },
            ],
        };
        let bytes = directory.encode();
        assert_eq!(Directory::decode(&bytes, 100..200).unwrap(), directory);
        assert!(
            Directory::decode(&bytes, 100..199).is_err(),
            "past the pack"
        );
        assert!(
            Directory::decode(&bytes, 90..200).is_err(),
            "not where it should be"
        );
        for cut in 0..bytes.len() {
            assert!(
                Directory::decode(&bytes[..cut], 100..200).is_err(),
                "cut at {cut}"
            );
        }
        let words = directory.table(SectionKind::Words).unwrap();
        assert_eq!(words.pieces_between(b"banana", Some(b"c")), 0..1);
        assert_eq!(words.pieces_between(b"kiwi", Some(b"kiwj")), 1..2);
        assert_eq!(words.pieces_between(b"a", None), 0..2);
        assert_eq!(words.pieces_between(b"zebra", Some(b"zebrb")), 1..2);
        assert_eq!(words.piece_of(4), Some((1, 1)));
        assert_eq!(words.piece_of(5), None);
    }

    /// The pieces of `records` records tables of `per_piece` records (record `i` of `i % 97`
    /// bytes), cut into a pack from byte 1000 with groups of `per_group`, and their directory.
    fn cut_mentions(records: usize, per_group: u32) -> (Vec<u8>, Directory, Chunks) {
        let per_piece = 3;
        let mut pack = Vec::new();
        let mut deflater = Deflater::default();
        let mut cutter = Cutter {
            kind: SectionKind::Mentions,
            base: 1000,
            pack: &mut pack,
            deflater: &mut deflater,
            deflated: Vec::new(),
        };
        for first in (0..records).step_by(per_piece) {
            let mut writer = RecordsWriter::new();
            for i in first..(first + per_piece).min(records) {
                let record: Vec<u8> = (0..i % 97).map(|b| (b * i) as u8).collect();
                writer
                    .push_with(|out| out.extend_from_slice(&record))
                    .unwrap();
            }
            cutter.push(writer.finish(), Box::default());
        }
        let (per_group, pieces) = cutter.finish(|_, _| per_group);
        let directory = Directory {
            entity_types: [0..0, 0..0, 0..0, 0..0],
            tables: vec![PiecedTable {
                kind: SectionKind::Mentions,
                items: records as u32,
                per_piece: per_piece as u32,
                per_group,
                pieces,
            }],
        };
        let pack_end = 1000 + pack.len() as u64;
        let chunks = Chunks {
            chunk_bytes: 4096,
            store: None,
            postings: 0..0,
            positions: 0..0,
            skips: 0..1000,
            pieces: 1000..pack_end,
            name: "test".into(),
            hashes: (0..pack_end.div_ceil(4096)).collect(),
        };
        let decoded = Directory::decode(&directory.encode(), chunks.pieces.clone()).unwrap();
        assert_eq!(decoded, directory);
        (pack, decoded, chunks)
    }

    #[test]
    fn pieces_in_groups_read_as_pieces_with_their_own_lengths() {
        let (alone, one, alone_chunks) = cut_mentions(200, 1);
        let (grouped, eight, chunks) = cut_mentions(200, 8);
        let (one, eight) = (&one.tables[0], &eight.tables[0]);
        assert_eq!(
            (one.per_group, eight.per_group, eight.pieces.len()),
            (1, 8, 67)
        );
        // A group's pieces share its slot; the core lists a length a group.
        for group in eight.pieces.chunks(8) {
            let slot = group[0].at.end - group[0].at.start;
            assert!(group.iter().all(|p| p.at.end - p.at.start == slot));
        }
        let in_pack = |pack: &[u8], at: &Range<u64>| {
            pack[at.start as usize - 1000..at.end as usize - 1000].to_vec()
        };
        let read = |table: &PiecedTable, pack: &[u8], chunks: &Chunks, piece: usize| {
            inflate(
                table,
                piece,
                &in_pack(pack, &table.pieces[piece].at),
                chunks,
            )
            .unwrap()
        };
        for item in 0..200 {
            let (piece, at) = eight.piece_of(item).unwrap();
            assert_eq!(one.piece_of(item), Some((piece, at)));
            let b = read(eight, &grouped, &chunks, piece);
            assert_eq!(read(one, &alone, &alone_chunks, piece), b, "item {item}");
            validate(eight, piece, &b).unwrap();
            let records = Records::parse(&b, "mentions").unwrap();
            assert_eq!(records.get(at).unwrap().len(), item as usize % 97);
        }
        assert!(grouped.len() > alone.len(), "the padding");
        let encoded = |d: &PiecedTable| {
            Directory {
                entity_types: [0..0, 0..0, 0..0, 0..0],
                tables: vec![d.clone()],
            }
            .encode()
            .len()
        };
        assert!(encoded(eight) < encoded(one));
        // A damaged byte of a piece's padding is refused, naming its chunk file and offset.
        let piece = &eight.pieces[10];
        let mut damaged = in_pack(&grouped, &piece.at);
        *damaged.last_mut().unwrap() ^= 1;
        assert_eq!(
            inflate(eight, 10, &damaged, &chunks).unwrap_err().to_string(),
            format!(
                "newsdex: index is damaged: chunks section: piece 10 of the mentions (test-{:016x}.chunk at byte {}) does not match its check: a chunk is damaged or from another build",
                piece.at.start / 4096,
                piece.at.start % 4096
            )
        );
        // A directory whose groups do not fit its pieces is refused.
        let mut bytes = Directory {
            entity_types: [0..0, 0..0, 0..0, 0..0],
            tables: vec![eight.clone()],
        }
        .encode();
        bytes[32 + 16..32 + 20].copy_from_slice(&0u32.to_le_bytes());
        assert!(
            Directory::decode(&bytes, chunks.pieces.clone()).is_err(),
            "groups of none"
        );
        bytes[32 + 16..32 + 20].copy_from_slice(&(MAX_GROUP + 1).to_le_bytes());
        assert!(
            Directory::decode(&bytes, chunks.pieces.clone()).is_err(),
            "groups too large"
        );
        bytes[32 + 16..32 + 20].copy_from_slice(&4u32.to_le_bytes());
        assert!(
            Directory::decode(&bytes, chunks.pieces.clone()).is_err(),
            "fewer lengths than groups"
        );
    }

    #[test]
    fn large_tables_group_their_pieces_within_a_quarter_of_padding() {
        let even = vec![500; 5000];
        assert_eq!(
            group_size(SectionKind::Cards, &even[..GROUPED_FROM]),
            1,
            "a small site"
        );
        assert_eq!(group_size(SectionKind::Cards, &even), MAX_GROUP);
        assert_eq!(group_size(SectionKind::Terms, &even), 1, "the vocabulary");
        // Lengths 300..=700: the groups grow while they pad the table by at most a quarter.
        let spread: Vec<usize> = (0..5000).map(|i| 300 + (i * 7919) % 401).collect();
        let padding = |per_group: usize| {
            let padded: usize = spread
                .chunks(per_group)
                .map(|g| g.iter().max().unwrap() * g.len())
                .sum();
            padded as f64 / spread.iter().sum::<usize>() as f64 - 1.0
        };
        let chosen = group_size(SectionKind::Mentions, &spread) as usize;
        assert!(chosen > 1 && padding(chosen) <= 0.25 && padding(2 * chosen) > 0.25);
        // One long piece in a group of a few thousand short ones stops the groups from growing.
        let mut outlier = vec![100; 5000];
        outlier[17] = 100_000;
        assert!(group_size(SectionKind::EntityPostings, &outlier) < 256);
    }

    #[test]
    fn tables_read_for_one_key_grow_their_pieces_past_a_few_thousand() {
        let mb = 1 << 20;
        for kind in [SectionKind::IdMap, SectionKind::Terms, SectionKind::Words] {
            assert_eq!(piece_target(kind, mb), PIECE_BYTES, "{}", kind.name());
        }
        assert_eq!(
            piece_target(SectionKind::IdMap, 64 * mb),
            64 * mb / ID_MAP_PIECES
        );
        assert_eq!(piece_target(SectionKind::Terms, 64 * mb), PIECE_BYTES);
        assert_eq!(
            piece_target(SectionKind::EntityPostings, mb),
            ENTITY_PIECE_BYTES
        );
        assert_eq!(
            piece_target(SectionKind::EntityPostings, 64 * mb),
            64 * mb / ENTITY_POSTINGS_PIECES
        );
        for kind in [SectionKind::Mentions, SectionKind::EntityNames] {
            assert_eq!(
                piece_target(kind, 64 * mb),
                ENTITY_PIECE_BYTES,
                "{}",
                kind.name()
            );
        }
    }

    #[test]
    fn cards_round_trip_and_refuse_damage() {
        let lavrov = EntityRecord {
            kind: newsdex_ner::EntityType::Per,
            articles: 0,
            mentions: 0,
            suffix: 0,
            id_alias: 0,
            name: "Sergei Lavrov",
            other_aliases: Vec::new(),
        };
        let mut record = Vec::new();
        write_card(
            &mut record,
            b"a-1",
            Some((10..90, 77)),
            &[(3, lavrov.clone())],
        );
        let read = card(&record, 0, true, 4).unwrap();
        assert_eq!(
            read,
            Card {
                id: "a-1",
                store: Some((10..90, 77)),
                entities: vec![(3, lavrov.clone())],
            }
        );
        assert!(
            card(&record, 0, true, 3).is_err(),
            "an entity past the table"
        );
        assert!(
            card(&record, 0, false, 4).is_err(),
            "read as if without a store"
        );
        for cut in 0..record.len() {
            assert!(card(&record[..cut], 0, true, 4).is_err(), "cut at {cut}");
        }
        let mut without = Vec::new();
        write_card(&mut without, b"b", None, &[]);
        assert_eq!(card(&without, 1, false, 0).unwrap().store, None);
    }

    #[test]
    fn typo_keys_group_a_letters_words_by_length() {
        let key = |word: &str| {
            let mut out = Vec::new();
            typo_key(word, &mut out);
            out
        };
        assert_eq!(key("kerry"), b"k\x05erry");
        // A language's key counts the word's characters, not the code's.
        assert_eq!(key("zürich\0de"), "z\u{6}ürich\0de".as_bytes());
        assert_eq!(key("élan"), "é\u{4}lan".as_bytes());
        assert_eq!(key(&"a".repeat(300))[1], u8::MAX);
        let (low, high) = typo_keys_between('k', 4..=6);
        for (word, within) in [
            ("kerry", true),
            ("kery", true),
            ("kerrys", true),
            ("key", false),
            ("kerrying", false),
            ("lerry", false),
        ] {
            let typo = key(word);
            assert_eq!(
                low <= typo && typo < high,
                within,
                "{word}: {typo:?} in {low:?}..{high:?}"
            );
        }
        // The whole words dictionary again, each word's value kept, in its keys' order.
        let words =
            Map::from_iter([("kerry", 1), ("kerry\0de", 2), ("key", 3), ("lavrov", 0)]).unwrap();
        let typo = Map::new(typo_dictionary(words.as_fst().as_bytes()).unwrap()).unwrap();
        let entries: Vec<(Vec<u8>, u64)> = typo.into_stream().into_byte_vec();
        assert_eq!(
            entries,
            [
                (key("key"), 3),
                (key("kerry"), 1),
                (key("kerry\0de"), 2),
                (key("lavrov"), 0)
            ]
        );
    }
}
