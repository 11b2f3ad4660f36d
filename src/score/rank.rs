//! Ranking: the best page of matches in the order asked for (by date, or not), then fewest
//! typos, then highest score, then id.

use crate::error::Result;
use crate::index::pieces::fetch_all;
use crate::index::View;
use crate::score::merge::Scored;

/// The best `count` articles in rank order: lowest `order` when one is given (a date's place
/// when sorting by date; one per article of `matched`, in its order), then fewest typos, then
/// highest score, then id.
pub(crate) fn rank(
    view: &View<'_>,
    matched: Vec<Scored>,
    count: usize,
    order: Option<&[u32]>,
) -> Result<Vec<Scored>> {
    match order {
        None => rank_by(view, matched, count, |s| key(0, s), |s| *s),
        // Each article's order is looked up once, not at every comparison.
        Some(order) => {
            let ordered: Vec<(u32, Scored)> = order.iter().copied().zip(matched).collect();
            rank_by(view, ordered, count, |(o, s)| key(*o, s), |(_, s)| *s)
        }
    }
}

/// The order, typos, then score of a match, packed into one integer that sorts the same way
/// (scores are positive, so their bits order like their values).
pub(crate) fn key(order: u32, s: &Scored) -> u128 {
    u128::from(order) << 64 | u128::from(s.typos) << 32 | u128::from(!s.score.to_bits())
}

/// [`rank`] of any items with a [`key`] and a match: ids only break exact ties.
fn rank_by<T: Copy>(
    view: &View<'_>,
    mut matched: Vec<T>,
    count: usize,
    key: impl Fn(&T) -> u128,
    scored: impl Fn(&T) -> Scored,
) -> Result<Vec<Scored>> {
    let by_id = |tied: Vec<Scored>| -> Result<Vec<Scored>> {
        fetch_all(view.cards_missing(tied.iter().map(|s| s.doc)))?;
        let mut with_ids = tied
            .into_iter()
            .map(|s| Ok((view.id(s.doc)?, s)))
            .collect::<Result<Vec<_>>>()?;
        with_ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(with_ids.into_iter().map(|(_, s)| s).collect())
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    if count < matched.len() {
        matched.select_nth_unstable_by_key(count - 1, &key);
        let boundary = key(&matched[count - 1]);
        let mut top: Vec<T> = matched
            .iter()
            .filter(|s| key(s) < boundary)
            .copied()
            .collect();
        let tied: Vec<T> = matched
            .iter()
            .filter(|s| key(s) == boundary)
            .copied()
            .collect();
        let tied = by_id(tied.iter().map(&scored).collect())?;
        let room = count - top.len();
        // The tied share the boundary's key, above every other's: they come last, by id.
        top.sort_unstable_by_key(&key);
        let mut ranked = rank_groups(top, &key, &scored, &by_id)?;
        ranked.extend(tied.into_iter().take(room));
        return Ok(ranked);
    }
    matched.sort_unstable_by_key(&key);
    rank_groups(matched, &key, &scored, &by_id)
}

/// Sorted items as matches, each run of equal keys in id order.
fn rank_groups<T>(
    sorted: Vec<T>,
    key: &impl Fn(&T) -> u128,
    scored: &impl Fn(&T) -> Scored,
    by_id: &impl Fn(Vec<Scored>) -> Result<Vec<Scored>>,
) -> Result<Vec<Scored>> {
    let mut ranked = Vec::with_capacity(sorted.len());
    for group in sorted.chunk_by(|a, b| key(a) == key(b)) {
        if group.len() == 1 {
            ranked.push(scored(&group[0]));
        } else {
            ranked.extend(by_id(group.iter().map(scored).collect())?);
        }
    }
    Ok(ranked)
}
