//! Ranking: the best page of matches in the order asked for (by date, or not), then fewest
//! typos, then highest score, then id.

use crate::error::Result;
use crate::index::pieces::fetch_all;
use crate::index::View;
use crate::score::merge::Scored;

/// The best `count` articles in rank order: lowest `order` when one is given (a date's place
/// when sorting by date), then fewest typos, then highest score, then id.
pub(crate) fn rank(
    view: &View<'_>,
    mut matched: Vec<Scored>,
    count: usize,
    order: Option<&dyn Fn(&Scored) -> u32>,
) -> Result<Vec<Scored>> {
    // Order, typos, then score, packed into one integer that sorts the same way (scores are
    // positive, so their bits order like their values); ids only break exact ties.
    let key = |s: &Scored| {
        u128::from(order.map_or(0, |order| order(s))) << 64
            | u128::from(s.typos) << 32
            | u128::from(!s.score.to_bits())
    };
    let by_id = |mut tied: Vec<Scored>| -> Result<Vec<Scored>> {
        fetch_all(view.cards_missing(tied.iter().map(|s| s.doc)))?;
        let mut with_ids = tied
            .drain(..)
            .map(|s| Ok((view.id(s.doc)?, s)))
            .collect::<Result<Vec<_>>>()?;
        with_ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(with_ids.into_iter().map(|(_, s)| s).collect())
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    if count < matched.len() {
        matched.select_nth_unstable_by_key(count - 1, key);
        let boundary = key(&matched[count - 1]);
        let mut top: Vec<Scored> = matched
            .iter()
            .filter(|s| key(s) < boundary)
            .copied()
            .collect();
        let tied = by_id(
            matched
                .iter()
                .filter(|s| key(s) == boundary)
                .copied()
                .collect(),
        )?;
        let room = count - top.len();
        top.extend(tied.into_iter().take(room));
        matched = top;
    }
    matched.sort_unstable_by_key(key);
    let mut ranked = Vec::with_capacity(matched.len());
    for group in matched.chunk_by(|a, b| key(a) == key(b)) {
        if group.len() == 1 {
            ranked.push(group[0]);
        } else {
            ranked.extend(by_id(group.to_vec())?);
        }
    }
    Ok(ranked)
}
