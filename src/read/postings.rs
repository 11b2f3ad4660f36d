//! Reading one term's postings for a search: whole, or only at the candidate articles through
//! the term's skip table, which is what keeps a common word cheap once rarer words have
//! narrowed the candidates. In a sharded index a read whose bytes are not fetched yet records
//! the ranges it needs instead, so one pass over the query names everything it can.

use newsdex_format::at::At;
use std::ops::Range;

use newsdex_format::postings::{PositionsReader, Posting, PostingsReader};
use newsdex_format::shards;
use newsdex_format::skips::{self, Block, Skips};
use newsdex_format::{Field, FIELD_COUNT};

use crate::error::Result;
use crate::index::pieces::Part;
use crate::index::View;
use crate::query::plan::Expansion;
use crate::read::docs::Docs;
use crate::read::request::Request;

/// A term's occurrences in one article, by field; empty unless positions were asked for.
pub(crate) type Positions = [Vec<u32>; FIELD_COUNT];

/// The positions a read decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WithPositions {
    /// None: counts only.
    No,
    /// Every field's.
    All,
    /// The headline's only, which the postings carry: no positions are read.
    Headline,
}

/// Calls `sink` with each posting of `term` in `docs`, in doc order, with its positions when
/// `with`. Returns `false`, without calling `sink`, when bytes are missing (they are
/// recorded in the request) or, for `Docs::Unknown`, when the blocks to read are not known yet.
pub(crate) fn read_term(
    view: &View<'_>,
    term: &Expansion,
    docs: Docs<'_>,
    with: WithPositions,
    request: &mut Request<'_>,
    sink: &mut dyn FnMut(&Posting, &Positions),
) -> Result<bool> {
    if !term.info.skips.is_empty() && !matches!(docs, Docs::All) {
        // Unknown articles: only the skip table can be asked for yet.
        return match (skip_table(view, term, with, request)?, docs) {
            (Some(skips), Docs::Only(wanted)) => {
                read_blocks(view, term, &skips, wanted, with, request, sink)
            }
            _ => Ok(false),
        };
    }
    let ordinal = term.ordinal;
    let outside = || format!("term {ordinal} lies outside the section");
    let postings = request.get(&view.postings, term.info.postings.clone(), outside)?;
    let positions = if with == WithPositions::All {
        request.get(&view.positions, term.info.positions.clone(), outside)?
    } else {
        Some(&[][..])
    };
    if postings.is_none() && !term.info.skips.is_empty() {
        // Read whole now, the term may be read again at a few articles (the headline pass of
        // `proximity`): its skip table comes in the same round, so that read needs one more
        // round, not two.
        skip_table(view, term, with, request)?;
    }
    let (Some(postings), Some(positions)) = (postings, positions) else {
        return Ok(false);
    };
    check_part(view, ordinal, Part::Postings, postings)?;
    if with == WithPositions::All {
        check_part(view, ordinal, Part::Positions, positions)?;
    }
    let reader = PostingsReader::new(postings, term.info.doc_freq, view.meta.doc_count);
    // Unknown articles: all of them, which is as cheap once the term is at hand.
    let wanted = match docs {
        Docs::Only(wanted) => Some(wanted),
        Docs::All | Docs::Unknown => None,
    };
    decode(reader, with, PositionsReader::new(positions), wanted, sink)?;
    Ok(true)
}

/// [`read_term`] through the term's skip table `skips`: only the blocks that may hold one of
/// `wanted`.
fn read_blocks(
    view: &View<'_>,
    term: &Expansion,
    skips: &Skips<'_>,
    wanted: &[u32],
    with: WithPositions,
    request: &mut Request<'_>,
    sink: &mut dyn FnMut(&Posting, &Positions),
) -> Result<bool> {
    let ordinal = term.ordinal;
    let info = &term.info;
    // Each block with the wanted articles in it: a block's read starts its walk of them at its
    // own, where a walk of all of them from the first cost blocks × articles.
    let mut blocks: Vec<(usize, &[u32])> = Vec::new();
    let mut from = 0;
    while let Some(&first) = wanted.get(from) {
        let k = skips.block_of(first);
        let last = skips.last_doc_of(k);
        let to = from
            + wanted[from..]
                .iter()
                .take_while(|&&doc| doc <= last)
                .count();
        blocks.push((k, wanted.at(from..to)));
        from = to;
    }
    let missing_before = request.missing_count();
    let mut found = Vec::with_capacity(blocks.len());
    for (k, in_block) in blocks {
        let block = skips.block(k)?;
        let outside = || format!("block {k} of term {ordinal} lies outside the section");
        let at = |range: &Range<usize>, start: usize| start + range.start..start + range.end;
        let postings = request.get(
            &view.postings,
            at(&block.postings, info.postings.start),
            outside,
        )?;
        let positions = match &block.positions {
            Some((positions, _)) => request.get(
                &view.positions,
                at(positions, info.positions.start),
                outside,
            )?,
            None => Some(&[][..]),
        };
        if let (Some(postings), Some(positions)) = (postings, positions) {
            found.push((block, postings, positions, in_block));
        }
    }
    if request.missing_count() > missing_before {
        return Ok(false);
    }
    for (block, postings, positions, in_block) in found {
        if view.postings.is_packed() {
            verify(
                &block,
                postings,
                (with == WithPositions::All).then_some(positions),
            )?;
        }
        let reader = block.reader(postings, view.meta.doc_count);
        decode(
            reader,
            with,
            PositionsReader::new(positions),
            Some(in_block),
            sink,
        )?;
    }
    Ok(true)
}

/// The skip table of `term`, with its positions part when `with` asks for every position, or
/// `None` when its bytes are missing (they are recorded in the request).
pub(crate) fn skip_table<'v>(
    view: &View<'v>,
    term: &Expansion,
    with: WithPositions,
    request: &mut Request<'_>,
) -> Result<Option<Skips<'v>>> {
    let (ordinal, info) = (term.ordinal, &term.info);
    let outside = || format!("the skip table of term {ordinal} lies outside the section");
    let postings_part = request.get(
        &view.skips,
        skips::postings_part(&info.skips, info.doc_freq),
        outside,
    )?;
    let positions_part = match with {
        WithPositions::All => request.get(
            &view.skips,
            skips::positions_part(&info.skips, info.doc_freq),
            outside,
        )?,
        WithPositions::No | WithPositions::Headline => Some(&[][..]),
    };
    let (Some(postings_part), Some(positions_part)) = (postings_part, positions_part) else {
        return Ok(None);
    };
    check_part(view, ordinal, Part::Skips, postings_part)?;
    let table = Skips::open(postings_part, info.doc_freq, info.postings.len())?;
    Ok(Some(match with {
        WithPositions::All => table.with_positions(positions_part, info.positions.len())?,
        WithPositions::No | WithPositions::Headline => table,
    }))
}

/// The first index from `from` on whose doc is not below `doc`. Docs come in ascending
/// order on both sides, so a walk costs the two lists' lengths together, where a binary search
/// per posting cost a logarithm each (and most of a read's time).
#[inline]
pub(crate) fn advance(sorted: &[u32], mut from: usize, doc: u32) -> usize {
    while sorted.get(from).is_some_and(|&d| d < doc) {
        from += 1;
    }
    from
}

/// Refuses a part of a sharded index's term read from its chunks unless it passes the check
/// its terms piece keeps (a single-file index's bytes are covered by its checksum).
fn check_part(view: &View<'_>, ordinal: u64, part: Part, bytes: &[u8]) -> Result<()> {
    if let Some(expected) = view.terms.check(ordinal, part)? {
        let name = match part {
            Part::Postings => "postings",
            Part::Positions => "positions",
            Part::Skips => "skip table",
        };
        shards::verify(expected, bytes, || format!("the {name} of term {ordinal}"))?;
    }
    Ok(())
}

fn verify(block: &Block, postings: &[u8], positions: Option<&[u8]>) -> Result<()> {
    block.verify_postings(postings)?;
    if let Some(positions) = positions {
        block.verify_positions(positions)?;
    }
    Ok(())
}

/// Hands `sink` every posting of `block`, whose postings are `bytes`, without positions:
/// through [`decode`], so the module keeps one postings reader.
pub(crate) fn block_postings(
    view: &View<'_>,
    block: &Block,
    bytes: &[u8],
    sink: &mut dyn FnMut(&Posting, &Positions),
) -> Result<()> {
    if view.postings.is_packed() {
        verify(block, bytes, None)?;
    }
    let reader = block.reader(bytes, view.meta.doc_count);
    decode(
        reader,
        WithPositions::No,
        PositionsReader::new(&[]),
        None,
        sink,
    )
}

/// Hands `sink` every posting of a headline list read by `reader`, with its headline
/// positions: through [`decode`], so the module keeps one postings reader.
pub(crate) fn headline_postings(
    reader: PostingsReader<'_>,
    sink: &mut dyn FnMut(&Posting, &Positions),
) -> Result<()> {
    decode(
        reader,
        WithPositions::Headline,
        PositionsReader::new(&[]),
        None,
        sink,
    )
}

/// Walks `reader` (and `positions`, as `with` says), handing `sink` the postings in `wanted`
/// (all when `None`).
fn decode(
    mut reader: PostingsReader<'_>,
    with: WithPositions,
    mut positions: PositionsReader<'_>,
    wanted: Option<&[u32]>,
    sink: &mut dyn FnMut(&Posting, &Positions),
) -> Result<()> {
    let mut slots: Positions = Default::default();
    let mut next = 0;
    // Positions of postings passed over, not skipped yet.
    let mut passed = 0;
    while let Some(posting) = reader.next_posting()? {
        let keep = match wanted {
            None => true,
            Some(wanted) => {
                next = advance(wanted, next, posting.doc);
                if next == wanted.len() {
                    break;
                }
                *wanted.at(next) == posting.doc
            }
        };
        if !keep {
            if with == WithPositions::All {
                passed += posting.total() as usize;
            }
            continue;
        }
        match with {
            WithPositions::No => {}
            WithPositions::Headline => {
                slots[Field::Title as usize].clear();
                reader.headline(|p| slots[Field::Title as usize].push(p))?;
            }
            WithPositions::All => {
                positions.skip(std::mem::take(&mut passed))?;
                slots.iter_mut().for_each(Vec::clear);
                positions.read(&posting, |field, p| slots[field as usize].push(p))?;
            }
        }
        sink(&posting, &slots);
    }
    Ok(())
}
