//! Related stories across segments (see [`crate::related`]): an article's list from its
//! segment's related file (or its core, for a segment written before such files were), the
//! later segments' entries for it replayed in order, then the removed articles and the copies
//! of one story dropped, its own copies first.

use super::stories_across::local_leader;
use super::{invalid, Go, PartRange, Round, Segmented, Step};
use crate::error::Result;
use crate::related::{replay, Doc, Related};
use crate::views::results::Hit;
use crate::views::stories;

/// Attaches the related stories `found` to the last of the segments so far (`related`, one a
/// segment, of `counts` articles).
///
/// # Errors
/// [`crate::ErrorKind::InvalidOption`] for related stories before any segment or a second part
/// of one segment; [`crate::ErrorKind::Format`] (`Corrupt`, naming the related stories) for a
/// list of another number of articles than its segment's, or a story or an entry that names
/// an article no segment before it holds.
pub(super) fn attach(
    related: &mut [Option<Related>],
    counts: &[u32],
    found: Related,
) -> Result<()> {
    let Some(k) = related.len().checked_sub(1) else {
        return Err(invalid("related stories before any segment".into()));
    };
    if related[k].is_some() {
        return Err(invalid(format!("two related parts after segment {k}")));
    }
    let bad = |why: String| crate::Error::from(newsdex_format::Error::corrupt("related", why));
    if found.lists.len() != counts[k] as usize {
        return Err(bad(format!(
            "the lists of {} articles, for segment {k} of {}",
            found.lists.len(),
            counts[k]
        )));
    }
    let held = |(j, doc): Doc, last: usize| (j as usize) <= last && doc < counts[j as usize];
    let stories = found.lists.iter().flatten().copied();
    let entries = found.entered.iter().map(|e| e.doc);
    if let Some((j, doc)) = stories
        .filter(|&d| !held(d, k))
        .chain(entries.filter(|&d| k == 0 || !held(d, k - 1)))
        .next()
    {
        return Err(bad(format!(
            "segment {k}'s related stories name article {doc} of segment {j}, which is not there"
        )));
    }
    if let Some(entry) = found.entered.iter().find(|e| e.story >= counts[k]) {
        return Err(bad(format!(
            "segment {k}'s related stories enter its article {}, past its {}",
            entry.story, counts[k]
        )));
    }
    related[k] = Some(found);
    Ok(())
}

impl Segmented {
    /// The lists of related stories of articles `docs` (each its segment's place and its
    /// number there) as a reader replays them, removed articles included: what `add` places
    /// a new segment's articles in.
    ///
    /// # Errors
    /// As [`crate::Index::related`].
    pub fn related_lists(&self, docs: &[Doc]) -> Result<Step<Vec<Vec<Doc>>, PartRange>> {
        super::step(self.lists(docs))
    }

    fn lists(&self, docs: &[Doc]) -> Go<Vec<Vec<Doc>>> {
        let mut round = Round::default();
        let mut lists = Vec::with_capacity(docs.len());
        for &(k, doc) in docs {
            let stored = match self.related.get(k as usize) {
                Some(Some(related)) => related.lists.get(doc as usize).cloned(),
                Some(None) => {
                    let part = self.segments[k as usize];
                    let view = self.parts[part].view()?;
                    round
                        .add(part, stories::stored_related(&view, doc))?
                        .map(|list| list.into_iter().map(|other| (k, other)).collect())
                }
                None => return Err(invalid(format!("no segment {k}")).into()),
            };
            lists.push(stored.unwrap_or_default());
        }
        round.finish()?;
        for (list, &(k, doc)) in lists.iter_mut().zip(docs) {
            for (j, later) in self.related.iter().enumerate().skip(k as usize + 1) {
                if let Some(later) = later {
                    replay(list, j as u32, later.entered_for((k, doc)));
                }
            }
        }
        Ok(lists)
    }

    /// The stories most like the live article `id`, over every segment, at most `limit`.
    pub(super) fn related_across(&self, id: &str, limit: usize) -> Go<Vec<Hit>> {
        stories::check_limit(limit)?;
        let live = self.live()?;
        let (k, doc) = self.holder(live, id)?;
        let me = (k as u32, doc);
        let list = self.lists(&[me])?.pop().unwrap_or_default();
        let list: Vec<Doc> = list
            .into_iter()
            .filter(|&(j, other)| live.removed[j as usize].binary_search(&other).is_err())
            .collect();
        // Each one's story: its group across segments, or its group in its segment.
        let groups = self.groups(live)?;
        let mut round = Round::default();
        let mut stories_of = Vec::with_capacity(list.len() + 1);
        for &(j, other) in std::iter::once(&me).chain(&list) {
            let story = match groups.group_of((j as usize, other)) {
                Some(group) => Some((u32::MAX, group)),
                None => {
                    let part = self.segments[j as usize];
                    let view = self.parts[part].view()?;
                    round
                        .add(part, local_leader(&view, other))?
                        .map(|leader| (j, leader.unwrap_or(other)))
                }
            };
            stories_of.push(story);
        }
        round.finish()?;
        let mut seen = vec![stories_of[0]];
        let mut chosen: Vec<Doc> = Vec::new();
        for (&other, story) in list.iter().zip(&stories_of[1..]) {
            if chosen.len() < limit && !seen.contains(story) {
                seen.push(*story);
                chosen.push(other);
            }
        }
        // The hits, every segment's in one round.
        let mut round = Round::default();
        let mut hits: Vec<Option<Hit>> = vec![None; chosen.len()];
        for j in 0..self.segments.len() {
            let at: Vec<usize> = (0..chosen.len())
                .filter(|&i| chosen[i].0 as usize == j)
                .collect();
            if at.is_empty() {
                continue;
            }
            let view = self.view(j, live, None, None, None, true)?;
            let docs = at.iter().map(|&i| chosen[i].1).collect();
            if let Some(found) = round.add(self.segments[j], stories::hits(&view, docs))? {
                for (i, hit) in at.into_iter().zip(found) {
                    hits[i] = Some(hit);
                }
            }
        }
        round.finish()?;
        Ok(hits.into_iter().flatten().collect())
    }
}
