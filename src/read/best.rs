//! The best articles of a query that is one common word, read by the impacts of its blocks:
//! only the blocks that can still hold one of the page's articles, best bound first, where a
//! whole read of "to" in a 1M-article archive fetched 2 MB.
//!
//! Each block of a skip table keeps a bound on its postings' scores over the term's idf (see
//! `newsdex_index::bm25::impact`). The blocks with the best bounds are read first, enough for
//! a page; then every other block whose bound reaches the page's last score. No article of a
//! block left unread can rank on the page: its score is below the last one's, so the page is
//! exactly the one a read of every posting gives, and the total is the word's document
//! frequency, as every posting matches. At most two rounds of blocks, for any length.

use newsdex_format::at::At;
use newsdex_format::postings::Posting;
use newsdex_format::skips::Block;
use newsdex_index::bm25::impact_bound;
use newsdex_index::sort;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Expansion, Matcher, Plan};
use crate::read::headlines::nth_best;
use crate::read::postings::{block_postings, skip_table, WithPositions};
use crate::read::request::Request;
use crate::read::search::score_posting;
use crate::score::merge::Scored;
use crate::score::scoring::{headline_bonus, term_idf, Scorer};

/// A sharded index reads a word's postings of fewer bytes than this whole: its skip table and
/// blocks take a round more than the whole read, and save fewer bytes than the table and a
/// block per place on the page cost. A single-file index reads by blocks whatever the length.
pub(crate) const BY_BLOCKS_FROM: usize = 16 * 1024;

/// The one word of `plan`, when its best articles can be read by block impacts: the plan is
/// that word alone as typed, in no particular field, and its postings have a skip table (and
/// are long, in a sharded index).
pub(crate) fn by_blocks<'p>(view: &View<'_>, plan: &'p Plan) -> Option<&'p Expansion> {
    let [clause] = &plan.clauses[..] else {
        return None;
    };
    let [matcher] = &clause[..] else {
        return None;
    };
    let Matcher::Terms(expansions) = &matcher.matcher else {
        return None;
    };
    let [term] = &expansions[..] else {
        return None;
    };
    let long = !term.info.skips.is_empty()
        && (!view.postings.is_packed() || term.info.postings.len() >= BY_BLOCKS_FROM);
    (plan.excluded.is_empty()
        && plan.common.is_empty()
        && matcher.field.is_none()
        && term.typos == 0
        && long)
        .then_some(term)
}

/// The articles of `term` that may rank among the best `page_end`, in doc order, scored as
/// [`crate::read::search::run`] scores them (headline bonus included), or `None` when bytes
/// are missing (recorded in `request`).
pub(crate) fn best_of_term(
    view: &View<'_>,
    plan: &Plan,
    term: &Expansion,
    page_end: usize,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    let Some(skips) = skip_table(view, term, WithPositions::No, request)? else {
        return Ok(None);
    };
    let matcher = plan.clauses.at(0).at(0);
    let idf = term_idf(view, term);
    let scorer = Scorer::new(view, idf, None);
    let blocks = (0..skips.len())
        .map(|k| skips.block(k))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let bound = |k: usize| term.weight * idf * impact_bound(blocks.at(k).impact);
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    sort::sort_by(&mut order, |&a, &b| {
        bound(b).total_cmp(&bound(a)).then(a.cmp(&b))
    });
    // The first round: a block per place on the page, the best bounds. A block's bound is
    // its best posting's, and the page's best articles are most likely those of the blocks
    // with the best bounds, one or two a block.
    let first = page_end.min(order.len());
    let score = |p: &Posting| score_posting(matcher, term, &scorer, p.doc, &p.freqs, &p.norms);
    let Some(mut scored) = read_blocks(view, term, &blocks, &order[..first], request, score)?
    else {
        return Ok(None);
    };
    // The second: every other block that can reach the page's last score.
    let last = nth_best(scored.iter().map(|s| s.score).collect(), page_end);
    let last = last.unwrap_or(f32::NEG_INFINITY);
    let rest: Vec<usize> = order[first..]
        .iter()
        .copied()
        .filter(|&k| bound(k) >= last)
        .collect();
    if !rest.is_empty() {
        let Some(more) = read_blocks(view, term, &blocks, &rest, request, score)? else {
            return Ok(None);
        };
        scored.extend(more);
    }
    sort::sort_by_key(&mut scored, |s| s.doc);
    Ok(Some(scored))
}

/// The postings of blocks `which` of a term, scored by `score` and raised by the headline
/// bonus, or `None` when bytes are missing (all of them recorded).
fn read_blocks(
    view: &View<'_>,
    term: &Expansion,
    blocks: &[Block],
    which: &[usize],
    request: &mut Request<'_>,
    score: impl Fn(&Posting) -> Option<Scored>,
) -> Result<Option<Vec<Scored>>> {
    let ordinal = term.ordinal;
    let mut found = Vec::with_capacity(which.len());
    for &k in which {
        let block = blocks.at(k);
        let start = term.info.postings.start;
        let range = start + block.postings.start..start + block.postings.end;
        let outside = || format!("block {k} of term {ordinal} lies outside the section");
        if let Some(bytes) = request.get(&view.postings, range, outside)? {
            found.push((block, bytes));
        }
    }
    if found.len() < which.len() {
        return Ok(None);
    }
    let mut scored = Vec::new();
    for (block, bytes) in found {
        block_postings(view, block, bytes, &mut |posting, _| {
            if let Some(mut s) = score(posting) {
                s.score = headline_bonus(&s);
                scored.push(s);
            }
        })?;
    }
    Ok(Some(scored))
}
