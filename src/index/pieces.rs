//! The tables a request reads that grow with the archive (dictionaries, term statistics,
//! per-article and per-entity tables): whole in a single-file index, or in a sharded one by
//! the pieces fetched so far (see [`newsdex_format::pieces`]). A read of a piece not fetched
//! yet fails with [`ErrorKind::NotFetched`] naming its bytes in the pack, and those who can
//! say at once everything they will read ask for it all together with [`Table::missing`]
//! and its kin, so that a request takes few rounds.

use newsdex_format::at::{self, At};
use std::ops::Range;

use fst::Map;
use newsdex_format::container::SectionKind;
use newsdex_format::entities::{named, EntityRecord};
use newsdex_format::pieces::{
    self, card, split_dictionary, term_payload, Card, Directory, PiecedTable, TERM_CHECKS,
};
use newsdex_format::records::Records;
use newsdex_format::shards::Chunks;
use newsdex_format::term_info::{TermInfo, TermInfos};

use newsdex_index::entities::{entity_id, find_by_id};

use crate::error::{ErrorKind, Result};
use crate::index::pack::{coalesce, Fetched};
use crate::index::SingleFile;

/// The pieces fetched so far, inflated and checked, by where they start in the pack, with
/// where their deflated bytes end. A list sorted by start rather than a map: lookups are
/// binary searches, and the search module carries no hash map code.
#[derive(Debug, Default)]
pub(crate) struct Inflated {
    pieces: Vec<(u64, u64, Box<[u8]>)>,
    bytes: usize,
}

impl Inflated {
    /// Inflates every piece of `directory` inside `range` of the pack whose bytes `fetched`
    /// now holds whole.
    ///
    /// # Errors
    /// `Format(Corrupt)` for a piece that fails its check or does not read as its table's.
    pub fn take(
        &mut self,
        (chunks, directory): (&Chunks, &Directory),
        fetched: &Fetched,
        range: Range<u64>,
    ) -> Result<()> {
        for table in &directory.tables {
            let first = table.pieces.partition_point(|p| p.at.end <= range.start);
            for (i, piece) in table.pieces.iter().enumerate().skip(first) {
                if piece.at.start >= range.end {
                    break;
                }
                let Err(slot) = self.find(piece.at.start) else {
                    continue;
                };
                if let Some(deflated) = fetched.get(piece.at.clone()) {
                    let bytes = pieces::inflate(table, i, deflated, chunks)?;
                    pieces::validate(table, i, &bytes)?;
                    self.bytes += bytes.len();
                    at::insert(
                        &mut self.pieces,
                        slot,
                        (piece.at.start, piece.at.end, bytes.into_boxed_slice()),
                    );
                }
            }
        }
        Ok(())
    }

    /// How many inflated bytes are kept.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Drops every piece whose bytes in the pack are not inside one of `keep` (sorted and
    /// disjoint).
    pub fn retain(&mut self, keep: &[Range<u64>]) {
        self.pieces.retain(|&(start, end, _)| {
            let i = keep.partition_point(|k| k.end <= start);
            keep.get(i)
                .is_some_and(|k| k.start <= start && end <= k.end)
        });
        self.bytes = self.pieces.iter().map(|(_, _, bytes)| bytes.len()).sum();
    }

    /// Where the piece starting at `start` is kept, or where it would go.
    fn find(&self, start: u64) -> std::result::Result<usize, usize> {
        self.pieces.binary_search_by_key(&start, |&(s, _, _)| s)
    }
}

/// One pieced table and the pieces at hand.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pieces<'a> {
    table: &'a PiecedTable,
    inflated: Option<&'a Inflated>,
}

impl<'a> Pieces<'a> {
    pub fn new(table: &'a PiecedTable, inflated: Option<&'a Inflated>) -> Pieces<'a> {
        Pieces { table, inflated }
    }

    /// Piece `i`, if fetched.
    fn at_hand(&self, i: usize) -> Option<&'a [u8]> {
        let start = self.table.pieces.get(i)?.at.start;
        let inflated = self.inflated?;
        let at = inflated.find(start).ok()?;
        Some(&inflated.pieces.at(at).2[..])
    }

    /// Piece `i`.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] with its bytes in the pack.
    fn piece(&self, i: usize) -> Result<&'a [u8]> {
        self.at_hand(i).ok_or_else(|| {
            ErrorKind::NotFetched {
                ranges: vec![self.table.pieces.at(i).at.clone()],
            }
            .into()
        })
    }

    /// The bytes of piece `i` in the pack, unless it is at hand.
    fn missing(&self, i: usize) -> Option<Range<u64>> {
        (self.at_hand(i).is_none())
            .then(|| self.table.pieces.get(i).map(|p| p.at.clone()))
            .flatten()
    }

    /// The piece holding `item` and its place in it.
    fn locate(&self, item: u32) -> Result<(usize, usize)> {
        self.table.piece_of(item).ok_or_else(|| {
            corrupt(
                self.table.kind,
                format!("item {item} is past the table's end"),
            )
        })
    }
}

fn corrupt(kind: SectionKind, detail: String) -> crate::Error {
    newsdex_format::Error::corrupt(kind.name(), detail).into()
}

/// `Ok` when nothing is missing, else [`ErrorKind::NotFetched`] asking for it all.
pub(crate) fn fetch_all(missing: Vec<Range<u64>>) -> Result<()> {
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ErrorKind::NotFetched {
            ranges: coalesce(missing, 0),
        }
        .into())
    }
}

/// The missing pieces of several reads that do not depend on one another, gathered so that
/// they are asked for in one round.
#[derive(Debug, Default)]
pub(crate) struct Gather {
    missing: Vec<Range<u64>>,
}

impl Gather {
    /// The value of a read, or `None` when it lacked pieces (which are kept to ask for).
    ///
    /// # Errors
    /// Any other error of the read.
    pub fn add<T>(&mut self, read: Result<T>) -> Result<Option<T>> {
        match read {
            Ok(value) => Ok(Some(value)),
            Err(error) => match error.kind() {
                ErrorKind::NotFetched { ranges } => {
                    self.missing.extend(ranges.iter().cloned());
                    Ok(None)
                }
                _ => Err(error),
            },
        }
    }

    /// `Ok` when every read had its pieces, else [`ErrorKind::NotFetched`] asking for them.
    ///
    /// # Errors
    /// As said.
    pub fn finish(self) -> Result<()> {
        fetch_all(self.missing)
    }
}

/// A table of records by number: doc ids, entities, entity postings, mentions, doc entities.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Table<'a> {
    Whole(Records<'a>, SectionKind, SingleFile),
    Pieced(Pieces<'a>),
}

impl<'a> Table<'a> {
    /// Record `i`.
    ///
    /// # Errors
    /// `Format(Corrupt)` past the end; [`ErrorKind::NotFetched`] for a piece not fetched.
    pub fn get(&self, i: u32) -> Result<&'a [u8]> {
        match self {
            Table::Whole(records, kind, _) => records
                .get(i as usize)
                .ok_or_else(|| corrupt(*kind, format!("record {i} cannot be read"))),
            Table::Pieced(pieces) => {
                let (piece, at) = pieces.locate(i)?;
                let records = Records::open(pieces.piece(piece)?, pieces.table.kind.name())?;
                records
                    .get(at)
                    .ok_or_else(|| corrupt(pieces.table.kind, format!("record {i} cannot be read")))
            }
        }
    }

    /// The ordinal of the entity with `id`, in a table of entities: in a sharded index, the
    /// piece that would hold it is found by the ids of the pieces' first entities.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for that piece; `Format(Corrupt)` for a record that cannot
    /// be read.
    pub fn find_entity(&self, id: &str) -> Result<Option<u32>> {
        let within = match self {
            Table::Whole(records, ..) => 0..records.len() as u32,
            Table::Pieced(pieces) => {
                let table = pieces.table;
                let mut firsts = Vec::with_capacity(table.pieces.len());
                for (i, piece) in table.pieces.iter().enumerate() {
                    let first = table.first_item(i);
                    firsts.push(entity_id(&newsdex_format::entities::entity(
                        &piece.first_key,
                        first,
                    )?));
                }
                let piece = firsts.partition_point(|first| first.as_str() <= id);
                let Some(piece) = piece.checked_sub(1) else {
                    return Ok(None);
                };
                let first = table.first_item(piece);
                first..(first + table.per_piece).min(table.items)
            }
        };
        find_by_id(within, id, |ordinal| self.get(ordinal))
    }

    /// The pieces to fetch before records `items` can be read.
    pub fn missing(&self, items: impl IntoIterator<Item = u32>) -> Vec<Range<u64>> {
        let Table::Pieced(pieces) = self else {
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|item| pieces.table.piece_of(item))
            .filter_map(|(piece, _)| pieces.missing(piece))
            .collect()
    }
}

/// A dictionary: an fst map, whole or in pieces by key range.
#[derive(Clone, Debug)]
pub(crate) enum Dict<'a> {
    Whole(Map<&'a [u8]>, SingleFile),
    Pieced(Pieces<'a>),
}

/// One piece of a dictionary: its map and its payload.
pub(crate) struct DictPiece<'a> {
    pub map: Map<&'a [u8]>,
    pub payload: &'a [u8],
}

impl<'a> Dict<'a> {
    /// The value of `key`.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for the piece that would hold it.
    pub fn get(&self, key: &[u8]) -> Result<Option<u64>> {
        match self {
            Dict::Whole(map, _) => Ok(map.get(key)),
            Dict::Pieced(pieces) => {
                let i = piece_for(pieces.table, key);
                Ok(dict_piece(pieces, i)?.and_then(|p| p.map.get(key)))
            }
        }
    }

    /// The value of `key` when the piece that would hold it is at hand; `None` otherwise.
    pub fn get_at_hand(&self, key: &[u8]) -> Option<u64> {
        match self {
            Dict::Whole(map, _) => map.get(key),
            Dict::Pieced(pieces) => {
                let i = piece_for(pieces.table, key);
                pieces.at_hand(i)?;
                dict_piece(pieces, i).ok()??.map.get(key)
            }
        }
    }

    /// The pieces to fetch before the keys between `low` and `high` can be read.
    pub fn missing_between(&self, low: &[u8], high: Option<&[u8]>) -> Vec<Range<u64>> {
        match self {
            Dict::Whole(..) => Vec::new(),
            Dict::Pieced(pieces) => pieces
                .table
                .pieces_between(low, high)
                .filter_map(|i| pieces.missing(i))
                .collect(),
        }
    }

    /// The maps that hold the keys between `low` and `high`, in key order.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for every piece among them not fetched.
    pub fn maps_between(&self, low: &[u8], high: Option<&[u8]>) -> Result<Vec<Map<&'a [u8]>>> {
        match self {
            Dict::Whole(map, _) => Ok(vec![map.clone()]),
            Dict::Pieced(pieces) => {
                fetch_all(self.missing_between(low, high))?;
                pieces
                    .table
                    .pieces_between(low, high)
                    .filter_map(|i| dict_piece(pieces, i).transpose())
                    .map(|piece| Ok(piece?.map))
                    .collect()
            }
        }
    }
}

/// The piece of a dictionary that would hold `key`.
fn piece_for(table: &PiecedTable, key: &[u8]) -> usize {
    table.pieces_between(key, None).start
}

/// Piece `i` of a dictionary, `None` for a dictionary without pieces.
fn dict_piece<'a>(pieces: &Pieces<'a>, i: usize) -> Result<Option<DictPiece<'a>>> {
    if i >= pieces.table.pieces.len() {
        return Ok(None);
    }
    let (fst, payload) = split_dictionary(pieces.piece(i)?)?;
    let map = Map::new(fst).map_err(|e| corrupt(pieces.table.kind, e.to_string()))?;
    Ok(Some(DictPiece { map, payload }))
}

/// The term dictionary with each term's statistics and, in a sharded index, its checks.
#[derive(Clone, Debug)]
pub(crate) enum Terms<'a> {
    Whole(Map<&'a [u8]>, TermInfos<'a>, SingleFile),
    Pieced(Pieces<'a>),
}

/// What a sharded index keeps to check a term's parts read from its chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Postings = 0,
    Positions = 1,
    Skips = 2,
}

impl<'a> Terms<'a> {
    /// The ordinal of `term`.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for the piece that would hold it.
    pub fn get(&self, term: &[u8]) -> Result<Option<u64>> {
        self.dict().get(term)
    }

    /// The ordinal of `term` when the piece that would hold it is at hand; `None` otherwise.
    /// (The pieces of every term a query matches are fetched while it is planned, so a word
    /// whose piece is not at hand is not one of them.)
    pub fn get_at_hand(&self, term: &[u8]) -> Option<u64> {
        self.dict().get_at_hand(term)
    }

    /// The term with `ordinal`: a segment of a segmented index names the terms it found to
    /// the others by their keys.
    ///
    /// # Errors
    /// As [`Terms::info`]; `Format(Corrupt)` for an ordinal its piece does not hold.
    #[cfg(feature = "segments")]
    pub fn key(&self, ordinal: u64) -> Result<Vec<u8>> {
        let map = match self {
            Terms::Whole(map, ..) => map.clone(),
            Terms::Pieced(pieces) => {
                let item = u32::try_from(ordinal)
                    .map_err(|_| corrupt(SectionKind::Terms, format!("term {ordinal}")))?;
                let (piece, _) = pieces.locate(item)?;
                dict_piece(pieces, piece)?
                    .ok_or_else(|| corrupt(SectionKind::Terms, format!("term {ordinal}")))?
                    .map
            }
        };
        key_of_value(&map, ordinal)
            .ok_or_else(|| corrupt(SectionKind::Terms, format!("no key has term {ordinal}")))
    }

    fn dict(&self) -> Dict<'a> {
        match self {
            Terms::Whole(map, _, single_file) => Dict::Whole(map.clone(), *single_file),
            Terms::Pieced(pieces) => Dict::Pieced(*pieces),
        }
    }

    /// The pieces to fetch before the statistics of `ordinals` can be read.
    pub fn missing_infos(&self, ordinals: impl IntoIterator<Item = u64>) -> Vec<Range<u64>> {
        let Terms::Pieced(pieces) = self else {
            return Vec::new();
        };
        ordinals
            .into_iter()
            .filter_map(|o| pieces.table.piece_of(u32::try_from(o).ok()?))
            .filter_map(|(piece, _)| pieces.missing(piece))
            .collect()
    }

    /// The statistics of the term with `ordinal`, and where its checks are.
    fn piece_of(&self, ordinal: u64) -> Result<(TermInfos<'a>, u64, Option<&'a [u8]>)> {
        match self {
            Terms::Whole(_, infos, _) => Ok((*infos, ordinal, None)),
            Terms::Pieced(pieces) => {
                let item = u32::try_from(ordinal)
                    .map_err(|_| corrupt(SectionKind::Terms, format!("term {ordinal}")))?;
                let (piece, at) = pieces.locate(item)?;
                let (_, payload) = split_dictionary(pieces.piece(piece)?)?;
                let count = pieces
                    .table
                    .per_piece
                    .min(pieces.table.items - pieces.table.first_item(piece));
                let (infos, checks) = term_payload(payload, count as usize)?;
                Ok((infos, at as u64, Some(checks)))
            }
        }
    }

    /// The statistics of the term with `ordinal`.
    ///
    /// # Errors
    /// `Format(Corrupt)` for an ordinal out of range; [`ErrorKind::NotFetched`] for its piece.
    pub fn info(&self, ordinal: u64) -> Result<TermInfo> {
        let (infos, at, _) = self.piece_of(ordinal)?;
        Ok(infos.get(at)?)
    }

    /// The number of articles containing the term with `ordinal`.
    ///
    /// # Errors
    /// As [`Terms::info`].
    pub fn doc_freq(&self, ordinal: u64) -> Result<u32> {
        let (infos, at, _) = self.piece_of(ordinal)?;
        Ok(infos.doc_freq(at)?)
    }

    /// The check a sharded index keeps of a part of the term with `ordinal`; `None` for a
    /// single-file index, whose bytes the checksum covers.
    ///
    /// # Errors
    /// As [`Terms::info`].
    pub fn check(&self, ordinal: u64, part: Part) -> Result<Option<u32>> {
        let (_, at, checks) = self.piece_of(ordinal)?;
        Ok(checks.map(|checks| {
            let at = TERM_CHECKS * at as usize + 4 * part as usize;
            u32::from_le_bytes(checks.at(at..at + 4).try_into().expect("validated piece"))
        }))
    }
}

/// The key whose value is `value` in a map whose values grow with its keys (a dictionary's
/// ordinals): each node's transitions lead to ever larger values, so the way to `value` is the
/// last transition whose output does not pass it.
#[cfg(feature = "segments")]
fn key_of_value(map: &Map<&[u8]>, value: u64) -> Option<Vec<u8>> {
    let fst = map.as_fst();
    let mut node = fst.root();
    let mut reached = 0u64;
    let mut key = Vec::new();
    loop {
        if node.is_final() && reached + node.final_output().value() == value {
            return Some(key);
        }
        let next = node
            .transitions()
            .take_while(|t| reached + t.out.value() <= value)
            .last()?;
        reached += next.out.value();
        key.push(next.inp);
        node = fst.node(next.addr);
    }
}

/// Entity names: a dictionary of name keys whose values point into lists of entities.
#[derive(Clone, Debug)]
pub(crate) enum Names<'a> {
    Whole(Map<&'a [u8]>, &'a [u8], SingleFile),
    Pieced(Pieces<'a>),
}

impl<'a> Names<'a> {
    /// The entities named by `key` (none when no entity has it).
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for the piece that would hold it.
    pub fn get(&self, key: &[u8], entity_count: u32) -> Result<Vec<u32>> {
        match self {
            Names::Whole(map, lists, _) => match map.get(key) {
                Some(value) => Ok(named(value, lists, entity_count)?),
                None => Ok(Vec::new()),
            },
            Names::Pieced(pieces) => {
                let i = piece_for(pieces.table, key);
                let Some(piece) = dict_piece(pieces, i)? else {
                    return Ok(Vec::new());
                };
                match piece.map.get(key) {
                    Some(value) => Ok(named(value, piece.payload, entity_count)?),
                    None => Ok(Vec::new()),
                }
            }
        }
    }

    /// Each map holding keys between `low` and `high`, with the lists its values point into
    /// as its payload.
    ///
    /// # Errors
    /// As [`Dict::maps_between`].
    pub fn maps_between(&self, low: &[u8], high: Option<&[u8]>) -> Result<Vec<DictPiece<'a>>> {
        match self {
            Names::Whole(map, lists, _) => Ok(vec![DictPiece {
                map: map.clone(),
                payload: lists,
            }]),
            Names::Pieced(pieces) => {
                fetch_all(Dict::Pieced(*pieces).missing_between(low, high))?;
                pieces
                    .table
                    .pieces_between(low, high)
                    .filter_map(|i| dict_piece(pieces, i).transpose())
                    .collect()
            }
        }
    }
}

/// A sharded index's cards: each article's id, where its stored record is, and the entities
/// its hit lists.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cards<'a> {
    pieces: Pieces<'a>,
    has_store: bool,
    entity_count: u32,
}

impl<'a> Cards<'a> {
    pub fn new(pieces: Pieces<'a>, has_store: bool, entity_count: u32) -> Cards<'a> {
        Cards {
            pieces,
            has_store,
            entity_count,
        }
    }

    /// Article `doc`'s card.
    ///
    /// # Errors
    /// `Format(Corrupt)` for an article out of range; [`ErrorKind::NotFetched`] for its piece.
    pub fn get(&self, doc: u32) -> Result<Card<'a>> {
        let record = Table::Pieced(self.pieces).get(doc)?;
        Ok(card(record, doc, self.has_store, self.entity_count)?)
    }

    /// The pieces to fetch before the cards of `docs` can be read.
    pub fn missing(&self, docs: impl IntoIterator<Item = u32>) -> Vec<Range<u64>> {
        Table::Pieced(self.pieces).missing(docs)
    }
}

/// The store's table of where each record lies, and in a sharded index its check.
#[derive(Clone, Copy, Debug)]
pub(crate) enum StoreTable<'a> {
    Whole(Records<'a>, SingleFile),
    Cards(Cards<'a>),
}

impl StoreTable<'_> {
    /// Where article `doc`'s record lies in the records, and its check in a sharded index.
    ///
    /// # Errors
    /// `Format(Corrupt)` for an article out of range; [`ErrorKind::NotFetched`] for its card.
    pub fn span(&self, doc: u32) -> Result<(Range<usize>, Option<u32>)> {
        let missing = || corrupt(SectionKind::Store, format!("article {doc} is missing"));
        match self {
            StoreTable::Whole(records, _) => {
                Ok((records.span(doc as usize).ok_or_else(missing)?, None))
            }
            StoreTable::Cards(cards) => {
                let (span, check) = cards.get(doc)?.store.ok_or_else(missing)?;
                Ok((span, Some(check)))
            }
        }
    }

    /// The pieces to fetch before the spans of `docs` can be read.
    pub fn missing(&self, docs: impl IntoIterator<Item = u32>) -> Vec<Range<u64>> {
        match self {
            StoreTable::Whole(..) => Vec::new(),
            StoreTable::Cards(cards) => cards.missing(docs),
        }
    }
}

/// An entity record read from a table of entities.
pub(crate) fn entity<'a>(table: &Table<'a>, ordinal: u32) -> Result<EntityRecord<'a>> {
    Ok(newsdex_format::entities::entity(
        table.get(ordinal)?,
        ordinal,
    )?)
}

#[cfg(all(test, feature = "segments"))]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_from_its_ordinal() {
        // Keys sharing prefixes, suffixes and lengths, each valued by its place in key order.
        let mut keys: Vec<String> = (0..3000u32)
            .map(|i| {
                format!(
                    "{}{}",
                    ["ab", "abc", "b", "zz"][i as usize % 4],
                    i * 7919 % 5003
                )
            })
            .collect();
        keys.extend(["", "a", "ab"].map(String::from));
        keys.sort();
        keys.dedup();
        let bytes = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k, i as u64)))
            .unwrap()
            .into_fst()
            .into_inner();
        let map = Map::new(bytes.as_slice()).unwrap();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(key_of_value(&map, i as u64), Some(key.clone().into_bytes()));
        }
        assert_eq!(key_of_value(&map, keys.len() as u64), None);
    }
}
