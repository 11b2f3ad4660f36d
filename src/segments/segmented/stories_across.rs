//! Copies of one story across segments: each segment's groups of copies (its build's), joined
//! through the copies files (a later segment's articles that are copies of earlier segments'
//! ones), less the removed articles. A group across segments is any that holds articles of two
//! segments, or two groups of one segment joined through another's article; every other
//! article is grouped as its segment's build grouped it.

use std::collections::HashMap;

use newsdex_format::stories::{group_in, group_record_of, related};

use super::{alone, invalid, Go, Live, Round, Segmented};
use crate::copies::Copies;
use crate::error::Result;
use crate::index::pieces::fetch_all;
use crate::index::View;
use crate::views::results::{Hit, SearchOptions};
use crate::views::stories;

/// An article: its segment's place among the segments, and its number there.
type Doc = (usize, u32);

/// The groups of copies across segments.
#[derive(Default)]
pub(super) struct Groups {
    /// By segment: its live articles in a group across segments, with the group's number, by
    /// article.
    by_segment: Vec<Vec<(u32, u32)>>,
    /// By group: its live articles, in the order of the segments and then of their articles
    /// (a build from scratch's order, whose first would lead it).
    members: Vec<Vec<Doc>>,
}

impl Groups {
    /// Segment `k`'s articles in groups across segments, with their group, by article.
    pub(super) fn of_segment(&self, k: usize) -> &[(u32, u32)] {
        self.by_segment.get(k).map_or(&[], Vec::as_slice)
    }

    pub(super) fn group_of(&self, (k, doc): Doc) -> Option<u32> {
        let grouped = self.of_segment(k);
        let at = grouped.binary_search_by_key(&doc, |g| g.0).ok()?;
        Some(grouped[at].1)
    }
}

/// Attaches the copies `found` to the last of the segments so far (`copies`, one a segment).
///
/// # Errors
/// [`crate::ErrorKind::InvalidOption`] for copies before any segment, a second copies part of
/// one segment, or copies of a segment that is not before theirs.
pub(super) fn attach(copies: &mut [Copies], found: Copies) -> Result<()> {
    let Some(k) = copies.len().checked_sub(1) else {
        return Err(invalid("copies before any segment".into()));
    };
    if !copies[k].pairs.is_empty() {
        return Err(invalid(format!("two copies parts after segment {k}")));
    }
    if let Some(&(_, j, _)) = found.pairs.iter().find(|p| p.1 as usize >= k) {
        return Err(invalid(format!(
            "the copies of segment {k} name segment {j}, which is not before it"
        )));
    }
    copies[k] = found;
    Ok(())
}

/// Article `doc`'s group's first article in its segment, or `None` when it is a group of its
/// own.
pub(super) fn local_leader(view: &View<'_>, doc: u32) -> Result<Option<u32>> {
    let record = group_record_of(doc);
    fetch_all(view.doc_groups.missing([record]))?;
    Ok(group_in(
        view.doc_groups.get(record)?,
        doc,
        view.meta.doc_count,
    )?)
}

/// The articles of the group led by `leader` in its segment, in order.
fn local_members(view: &View<'_>, leader: u32) -> Result<Vec<u32>> {
    fetch_all(view.related.missing([leader]))?;
    let (mut members, _) = related(view.related.get(leader)?, leader, view.meta.doc_count)?;
    members.push(leader);
    newsdex_index::sort::sort(&mut members);
    Ok(members)
}

/// The first of `doc`'s set in `parents`, shortening the path to it.
fn root(parents: &mut [usize], doc: usize) -> usize {
    let mut top = doc;
    while parents[top] != top {
        top = parents[top];
    }
    let mut at = doc;
    while parents[at] != top {
        let next = parents[at];
        parents[at] = top;
        at = next;
    }
    top
}

impl Segmented {
    /// The groups of copies across segments: read once, in two rounds (the groups of the
    /// copies' articles in their segments, then those groups' articles).
    pub(super) fn groups(&self, live: &Live) -> Go<&Groups> {
        if let Some(groups) = self.groups.get() {
            return Ok(groups);
        }
        let is_live = |(k, doc): Doc| live.removed[k].binary_search(&doc).is_err();
        let counts: Vec<u32> = (0..self.segments.len())
            .map(|k| self.segment_articles(k))
            .collect();
        let mut pairs: Vec<(Doc, Doc)> = Vec::new();
        for (k, copies) in self.copies.iter().enumerate() {
            for &(doc, j, other) in &copies.pairs {
                for (at, d) in [(k, doc), (j as usize, other)] {
                    let docs = counts[at];
                    if d >= docs {
                        let why = format!("segment {k}'s copies name article {d} of segment {at}, which has {docs}");
                        return Err(crate::Error::from(newsdex_format::Error::corrupt(
                            "copies", why,
                        ))
                        .into());
                    }
                }
                let pair = ((k, doc), (j as usize, other));
                if is_live(pair.0) && is_live(pair.1) {
                    pairs.push(pair);
                }
            }
        }
        // Each end's group in its segment: the groups are what the pairs join.
        let mut ends: Vec<Doc> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        newsdex_index::sort::sort(&mut ends);
        ends.dedup();
        let mut round = Round::default();
        let mut leaders: Vec<Option<Option<u32>>> = Vec::with_capacity(ends.len());
        for &(k, doc) in &ends {
            let part = self.segments[k];
            let view = self.parts[part].view()?;
            leaders.push(round.add(part, local_leader(&view, doc))?);
        }
        round.finish()?;
        // A group of a segment: its first article there, and whether it has others.
        let node_of = |at: usize| -> (Doc, bool) {
            let (k, doc) = ends[at];
            match leaders[at].flatten() {
                Some(leader) => ((k, leader), true),
                None => ((k, doc), false),
            }
        };
        let mut nodes: Vec<(Doc, bool)> = (0..ends.len()).map(node_of).collect();
        newsdex_index::sort::sort(&mut nodes);
        nodes.dedup();
        let place = |at: usize| {
            let node = node_of(at);
            nodes.binary_search(&node).unwrap_or_default()
        };
        let mut parents: Vec<usize> = (0..nodes.len()).collect();
        for &(a, b) in &pairs {
            let end = |d: Doc| ends.binary_search(&d).unwrap_or_default();
            let (ra, rb) = (
                root(&mut parents, place(end(a))),
                root(&mut parents, place(end(b))),
            );
            parents[ra.max(rb)] = ra.min(rb);
        }
        // The articles of each group of a segment (its live ones).
        let mut round = Round::default();
        let mut found: Vec<(usize, Vec<Doc>)> = Vec::new();
        for (at, &((k, leader), grouped)) in nodes.iter().enumerate() {
            let members = match grouped {
                false => Some(vec![leader]),
                true => {
                    let part = self.segments[k];
                    let view = self.parts[part].view()?;
                    round.add(part, local_members(&view, leader))?
                }
            };
            let members = members.unwrap_or_default().into_iter().map(|doc| (k, doc));
            found.push((
                root(&mut parents, at),
                members.filter(|&d| is_live(d)).collect(),
            ));
        }
        round.finish()?;
        let mut joined: HashMap<usize, Vec<Doc>> = HashMap::new();
        for (top, members) in found {
            joined.entry(top).or_default().extend(members);
        }
        let mut members: Vec<Vec<Doc>> = joined
            .into_values()
            .filter(|m| m.len() > 1)
            .map(|mut m| {
                newsdex_index::sort::sort(&mut m);
                m
            })
            .collect();
        newsdex_index::sort::sort(&mut members);
        let mut by_segment: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.segments.len()];
        for (group, docs) in members.iter().enumerate() {
            for &(k, doc) in docs {
                by_segment[k].push((doc, group as u32));
            }
        }
        by_segment
            .iter_mut()
            .for_each(|g| newsdex_index::sort::sort(g));
        Ok(self.groups.get_or_init(|| Groups {
            by_segment,
            members,
        }))
    }

    /// The ids of `docs`, read in one round.
    fn ids_across(&self, docs: &[Doc]) -> Go<HashMap<Doc, String>> {
        let mut by_segment: Vec<Vec<u32>> = vec![Vec::new(); self.segments.len()];
        for &(k, doc) in docs {
            by_segment[k].push(doc);
        }
        let mut round = Round::default();
        let mut ids = HashMap::new();
        for (k, docs) in by_segment.iter().enumerate() {
            if docs.is_empty() {
                continue;
            }
            let part = self.segments[k];
            let view = self.parts[part].view()?;
            if let Some(found) = round.add(part, stories::ids(&view, docs))? {
                ids.extend(docs.iter().map(|&doc| (k, doc)).zip(found));
            }
        }
        round.finish()?;
        Ok(ids)
    }

    /// The other copies of the live article `id`: its group across segments, or its
    /// segment's.
    pub(super) fn duplicates_across(&self, id: &str) -> Go<Vec<String>> {
        let live = self.live()?;
        let held = self.holder(live, id)?;
        let groups = self.groups(live)?;
        let Some(group) = groups.group_of(held) else {
            let view = self.view(held.0, live, None, None, None, true)?;
            return alone(self.segments[held.0], stories::duplicates(&view, id));
        };
        let others: Vec<Doc> = groups.members[group as usize]
            .iter()
            .copied()
            .filter(|&d| d != held)
            .collect();
        let mut ids = self.ids_across(&others)?;
        Ok(others.iter().filter_map(|d| ids.remove(d)).collect())
    }

    /// Keeps one match per group across segments in `answers` (every segment's, collapsed
    /// within it): the best ranked, the first in order on a tie, as one collapsed index
    /// keeps; the others' segments answer again without them. Returns each such group's kept
    /// match and all its matches, in order.
    pub(super) fn collapse_across(
        &self,
        live: &Live,
        query: &str,
        each: &SearchOptions,
        answers: &mut super::Answers,
    ) -> Go<Vec<(Doc, Vec<Doc>)>> {
        let mut best: HashMap<u32, (u128, Doc)> = HashMap::new();
        let mut matched: HashMap<u32, Vec<Doc>> = HashMap::new();
        for (k, (ranked, _)) in answers.each.iter().enumerate() {
            for across in ranked.across() {
                let this = (across.rank, (k, across.doc));
                best.entry(across.group)
                    .and_modify(|b| *b = (*b).min(this))
                    .or_insert(this);
                let docs = matched.entry(across.group).or_default();
                docs.push((k, across.doc));
                docs.extend(across.copies.iter().map(|&doc| (k, doc)));
            }
        }
        let mut dropped: Vec<Vec<u32>> = vec![Vec::new(); self.segments.len()];
        for (k, (ranked, _)) in answers.each.iter().enumerate() {
            for across in ranked.across() {
                if best[&across.group].1 != (k, across.doc) {
                    dropped[k].push(across.doc);
                }
            }
        }
        if dropped.iter().all(Vec::is_empty) {
            return Ok(Vec::new());
        }
        dropped
            .iter_mut()
            .for_each(|d| newsdex_index::sort::sort(d));
        let (misspellings, earlier) = (answers.misspellings, Some(&answers.choices));
        *answers = self.answers(live, query, each, misspellings, earlier, &dropped)?;
        let mut groups: Vec<(Doc, Vec<Doc>)> = matched
            .into_iter()
            .filter(|(_, docs)| docs.iter().any(|d| d.0 != docs[0].0))
            .map(|(group, mut docs)| {
                newsdex_index::sort::sort(&mut docs);
                (best[&group].1, docs)
            })
            .collect();
        newsdex_index::sort::sort(&mut groups);
        Ok(groups)
    }

    /// Names as `hits`' duplicates the copies among the matches in every segment of those
    /// that kept a group across segments (`collapse_across`'s).
    pub(super) fn name_copies_across(
        &self,
        groups: &[(Doc, Vec<Doc>)],
        hits: &mut [Hit],
    ) -> Go<()> {
        if groups.is_empty() {
            return Ok(());
        }
        let docs: Vec<Doc> = groups.iter().flat_map(|(_, d)| d.iter().copied()).collect();
        let ids = self.ids_across(&docs)?;
        for (kept, docs) in groups {
            let Some(hit) = hits.iter_mut().find(|h| Some(&h.id) == ids.get(kept)) else {
                continue;
            };
            hit.duplicates = docs
                .iter()
                .filter(|d| *d != kept)
                .filter_map(|d| ids.get(d).cloned())
                .collect();
        }
        Ok(())
    }
}

/// What `add` reads of a segmented index to find a new segment's copies.
impl Segmented {
    /// By segment (in the order they were written), its articles removed or replaced since,
    /// sorted: what a segment written next finds its copies among the others of.
    ///
    /// # Errors
    /// As a request's first read of the removals (a removal of an article no segment holds).
    pub fn removed_articles(&self) -> Result<super::Step<Vec<Vec<u32>>, super::PartRange>> {
        super::step(self.live().map(|live| live.removed.clone()))
    }

    /// How many articles segment `k` holds, removed ones included (0 past the last).
    pub fn segment_articles(&self, k: usize) -> u32 {
        self.segments
            .get(k)
            .and_then(|&part| self.parts[part].view().ok())
            .map_or(0, |view| view.meta.doc_count)
    }
}
