//! Ranking: the best page of matches in the order asked for (by date, or not), then fewest
//! typos, then highest score, then id.

use crate::error::Result;
use crate::index::pieces::fetch_all;
use crate::index::View;
use crate::score::merge::Scored;
use newsdex_index::sort;

/// The best `count` articles in rank order: lowest `order` when one is given (a date's place
/// when sorting by date; one per article of `matched`, in its order), then fewest typos, then
/// highest score, then id.
pub(crate) fn rank(
    view: &View<'_>,
    matched: Vec<Scored>,
    count: usize,
    order: Option<&[u32]>,
) -> Result<Vec<Scored>> {
    // Each match's key is computed once, not at every comparison; and one item type means
    // one copy of the sort and the selection in the search module.
    let keyed: Vec<Keyed> = match order {
        None => matched.into_iter().map(|s| (key(0, &s), s)).collect(),
        Some(order) => order
            .iter()
            .zip(matched)
            .map(|(&o, s)| (key(o, &s), s))
            .collect(),
    };
    rank_keyed(view, keyed, count)
}

/// The order, typos, then score of a match, packed into one integer that sorts the same way
/// (scores are positive, so their bits order like their values).
pub(crate) fn key(order: u32, s: &Scored) -> u128 {
    u128::from(order) << 64 | u128::from(s.typos) << 32 | u128::from(!s.score.to_bits())
}

/// A match and its [`key`].
type Keyed = (u128, Scored);

fn key_of(keyed: &Keyed) -> u128 {
    keyed.0
}

/// [`rank`] of keyed matches: ids only break exact ties.
fn rank_keyed(view: &View<'_>, mut matched: Vec<Keyed>, count: usize) -> Result<Vec<Scored>> {
    let by_id = |tied: Vec<Scored>| -> Result<Vec<Scored>> {
        fetch_all(view.cards_missing(tied.iter().map(|s| s.doc)))?;
        let mut with_ids = tied
            .into_iter()
            .map(|s| Ok((view.id(s.doc)?, s)))
            .collect::<Result<Vec<_>>>()?;
        sort::sort_by(&mut with_ids, |a, b| a.0.cmp(b.0));
        Ok(with_ids.into_iter().map(|(_, s)| s).collect())
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    if count < matched.len() {
        sort::select_by_key(&mut matched, count - 1, key_of);
        let boundary = matched[count - 1].0;
        let mut top: Vec<Keyed> = matched.iter().filter(|s| s.0 < boundary).copied().collect();
        let tied = by_id(
            matched
                .iter()
                .filter(|s| s.0 == boundary)
                .map(|s| s.1)
                .collect(),
        )?;
        let room = count - top.len();
        // The tied share the boundary's key, above every other's: they come last, by id.
        sort::sort_by_key(&mut top, key_of);
        let mut ranked = rank_groups(top, &by_id)?;
        ranked.extend(tied.into_iter().take(room));
        return Ok(ranked);
    }
    sort::sort_by_key(&mut matched, key_of);
    rank_groups(matched, &by_id)
}

/// Sorted matches, each run of equal keys in id order.
fn rank_groups(
    sorted: Vec<Keyed>,
    by_id: &impl Fn(Vec<Scored>) -> Result<Vec<Scored>>,
) -> Result<Vec<Scored>> {
    let mut ranked = Vec::with_capacity(sorted.len());
    for group in sorted.chunk_by(|a, b| a.0 == b.0) {
        if group.len() == 1 {
            ranked.push(group[0].1);
        } else {
            ranked.extend(by_id(group.iter().map(|s| s.1).collect())?);
        }
    }
    Ok(ranked)
}
