//! Stories: an article's related stories and copies, and one hit per story in a search's
//! matches, all looked up in what the builder worked out (see [`newsdex_format::stories`]).

use newsdex_format::at::At;
use newsdex_format::stories::{group_in, group_record_of, related as related_of};
use newsdex_index::sort;

use crate::error::{ErrorKind, Result};
use crate::index::pieces::{fetch_all, Gather};
use crate::index::View;
use crate::query::plan::Plan;
use crate::read::search::hit;
use crate::score::merge::Scored;
use crate::score::rank::key;
use crate::views::highlight::Highlighter;
use crate::views::results::Hit;

/// The most related stories an article has (the builder keeps as many).
pub const MAX_RELATED: usize = newsdex_index::stories::RELATED;

/// The copies and the related stories of article `doc`, best first: in a segment, those of
/// its articles still live.
fn stories_of(view: &View<'_>, doc: u32) -> Result<(Vec<u32>, Vec<u32>)> {
    fetch_all(view.related.missing([doc]))?;
    #[allow(unused_mut)]
    let (mut copies, mut related) = related_of(view.related.get(doc)?, doc, view.meta.doc_count)?;
    // Only a segment has removed articles: the modules without segments keep their code.
    #[cfg(feature = "segments")]
    {
        copies.retain(|&doc| view.live(doc));
        related.retain(|&doc| view.live(doc));
    }
    Ok((copies, related))
}

/// The stories most like article `id`, best first, at most `limit`: hits as a search's, with
/// no marks, scored 0 (their order is the builder's).
pub(crate) fn related(view: &View<'_>, id: &str, limit: usize) -> Result<Vec<Hit>> {
    check_limit(limit)?;
    let (_, mut related) = stories_of(view, view.doc(id)?)?;
    related.truncate(limit);
    hits(view, related)
}

/// Refuses a `limit` of related stories past those the builder keeps.
pub(crate) fn check_limit(limit: usize) -> Result<()> {
    if limit > MAX_RELATED {
        return Err(ErrorKind::InvalidOption {
            name: "limit",
            message: format!("must be at most {MAX_RELATED}, not {limit}"),
        }
        .into());
    }
    Ok(())
}

/// Article `doc`'s related stories as its build stored them, best first, removed ones included.
#[cfg(feature = "segments")]
pub(crate) fn stored_related(view: &View<'_>, doc: u32) -> Result<Vec<u32>> {
    fetch_all(view.related.missing([doc]))?;
    Ok(related_of(view.related.get(doc)?, doc, view.meta.doc_count)?.1)
}

/// Articles `docs` as hits with no marks, scored 0, in their order.
pub(crate) fn hits(view: &View<'_>, docs: Vec<u32>) -> Result<Vec<Hit>> {
    fetch_all(view.cards_missing(docs.iter().copied()))?;
    let mut gather = Gather::default();
    if let Some(store) = &view.store {
        gather.add(store.missing(docs.iter().copied()).and_then(fetch_all))?;
    }
    gather.finish()?;
    let plan = Plan::default();
    let mut highlighter = Highlighter::new(view, &plan);
    docs.into_iter()
        .map(|doc| hit(view, &mut highlighter, Scored::unscored(doc)))
        .collect()
}

/// The ids of the other copies of article `id`'s story, in index order.
pub(crate) fn duplicates(view: &View<'_>, id: &str) -> Result<Vec<String>> {
    let (mut copies, _) = stories_of(view, view.doc(id)?)?;
    sort::sort(&mut copies);
    ids(view, &copies)
}

/// The ids of `docs`.
pub(crate) fn ids(view: &View<'_>, docs: &[u32]) -> Result<Vec<String>> {
    fetch_all(view.cards_missing(docs.iter().copied()))?;
    docs.iter()
        .map(|&doc| Ok(view.id(doc)?.to_owned()))
        .collect()
}

/// A search's matches, one per story.
pub(crate) struct Collapsed {
    /// The best match of each story, in doc order.
    pub kept: Vec<Scored>,
    /// Their order when sorting by date, as the matches had it.
    pub order: Option<Vec<u32>>,
    /// Each kept match that has copies among the matches, with them in doc order; by doc.
    pub copies: Vec<(u32, Vec<u32>)>,
    /// In a segment, its kept matches in groups across segments (see [`Across`]).
    #[cfg(feature = "segments")]
    pub across: Vec<Across>,
}

/// A segment's best match of a group of copies across segments, for the segmented index to
/// keep the best of every segment's.
#[cfg(feature = "segments")]
#[derive(Clone, Debug)]
pub(crate) struct Across {
    /// The group's number (see [`crate::index::Corpus::grouped`]).
    pub group: u32,
    /// The match's rank key.
    pub rank: u128,
    pub doc: u32,
    /// The segment's other matches of the group, in doc order.
    pub copies: Vec<u32>,
}

impl Collapsed {
    /// The copies among the matches of kept match `doc`.
    pub fn copies_of(&self, doc: u32) -> &[u32] {
        self.copies
            .binary_search_by_key(&doc, |(d, _)| *d)
            .map_or(&[], |at| &self.copies[at].1)
    }
}

/// Keeps the best of each story's matches (in rank order, the first article on a tie), and
/// lists the others as its copies. Most matches are stories of their own: only those in a
/// group are sorted.
pub(crate) fn collapse(
    view: &View<'_>,
    matched: Vec<Scored>,
    order: Option<Vec<u32>>,
) -> Result<Collapsed> {
    let docs = view.meta.doc_count;
    let mut records: Vec<u32> = matched.iter().map(|s| group_record_of(s.doc)).collect();
    records.dedup();
    fetch_all(view.doc_groups.missing(records))?;
    let mut kept = vec![false; matched.len()];
    let mut grouped = Vec::new();
    // Matches come in doc order, so a record is looked up once for its run of matches.
    let mut record: Option<(u32, &[u8])> = None;
    for (i, scored) in matched.iter().enumerate() {
        let r = group_record_of(scored.doc);
        let bytes = match record {
            Some((at, bytes)) if at == r => bytes,
            _ => {
                let bytes = view.doc_groups.get(r)?;
                record = Some((r, bytes));
                bytes
            }
        };
        // A group across segments is keyed past every article's number.
        #[cfg(feature = "segments")]
        let across = view.corpus().and_then(|corpus| {
            let at = corpus
                .grouped
                .binary_search_by_key(&scored.doc, |g| g.0)
                .ok()?;
            Some(ACROSS | u64::from(corpus.grouped[at].1))
        });
        #[cfg(not(feature = "segments"))]
        let across = None;
        let leader = match across {
            Some(group) => Some(group),
            None => group_in(bytes, scored.doc, docs)?.map(u64::from),
        };
        match leader {
            None => *kept.at_mut(i) = true,
            Some(leader) => {
                let rank = key(order.as_ref().map_or(0, |o| *o.at(i)), scored);
                grouped.push((leader, rank, scored.doc, i));
            }
        }
    }
    sort::sort(&mut grouped);
    let mut copies = Vec::new();
    #[cfg(feature = "segments")]
    let mut across = Vec::new();
    for group in grouped.chunk_by(|a, b| a.0 == b.0) {
        let best = group[0];
        let mut others: Vec<u32> = group[1..].iter().map(|g| g.2).collect();
        sort::sort(&mut others);
        #[cfg(feature = "segments")]
        if best.0 & ACROSS != 0 {
            // Another segment's match may stand for this story: the segmented index says.
            if view
                .corpus()
                .is_some_and(|c| c.dropped.binary_search(&best.2).is_ok())
            {
                continue;
            }
            across.push(Across {
                group: best.0 as u32,
                rank: best.1,
                doc: best.2,
                copies: others.clone(),
            });
        }
        *kept.at_mut(best.3) = true;
        if !others.is_empty() {
            copies.push((best.2, others));
        }
    }
    let kept_at: Vec<usize> = (0..matched.len()).filter(|&i| *kept.at(i)).collect();
    sort::sort_by_key(&mut copies, |(doc, _)| *doc);
    Ok(Collapsed {
        kept: kept_at.iter().map(|&i| *matched.at(i)).collect(),
        order: order.map(|o| kept_at.iter().map(|&i| *o.at(i)).collect()),
        copies,
        #[cfg(feature = "segments")]
        across,
    })
}

/// What marks a group across segments among the leaders of [`collapse`].
#[cfg(feature = "segments")]
const ACROSS: u64 = 1 << 32;
