//! Headline runs: among the articles that could make the page, those whose headline holds
//! the query's words one after another, in the query's order, rise.
//!
//! Words found anywhere in a headline already count (the headline's field weight and
//! [`crate::score::scoring::headline_bonus`]); this tells "Baker's remarks were aimed at …" from
//! "Baker remarks aimed at …" for the query `baker's remarks were aimed`, where the second
//! has the rarer words in its shorter headline and the word "were" in its body. Only the
//! articles whose raised score could reach the page are read again, with their positions;
//! common words the plan leaves out of matching count here, read at those articles alone.

use newsdex_format::at::At;
use newsdex_format::Field;
use newsdex_index::sort;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::read::docs::Docs;
use crate::read::headlines::{positions_of, List};
use crate::read::postings::{advance, read_term, WithPositions};
use crate::read::request::Request;
use crate::read::text_match;
use crate::score::merge::Scored;
#[cfg(feature = "segments")]
use crate::score::rank::key;

/// A headline holding every word of the query in a row raises its article's score by this
/// share; a run of fewer words, by its part of it.
const HEADLINE_RUN_BONUS: f32 = 0.5;
/// A run that opens the headline counts this share more (half of it from the second word on,
/// a third from the third …): a headline's first words say what it is about, and of two
/// headlines holding the same words in a row the one that starts with them is likelier
/// the one looked for.
const HEADLINE_START_SHARE: f32 = 0.5;
/// The most a score is raised by: a run of every word opening the headline.
pub(crate) const MAX_RAISE: f32 = 1.0 + HEADLINE_RUN_BONUS * (1.0 + HEADLINE_START_SHARE);
/// At most this many articles are read again, the best first.
const MAX_RESCORED: usize = 200;
/// Of a word's expansions (a prefix's completions, misspellings), at most this many are read
/// again: a headline's run through the others is missed.
const MAX_WORD_EXPANSIONS: usize = 8;

/// Raises the scores of the articles in `matched` (doc order) that could rank among the best
/// `page` for the runs of the query's words in their headlines. Reads that miss bytes record
/// them in `missing`, leave the scores as they are and return the articles that may rank
/// among the best `page` once raised, best first as they stand: a sharded index can fetch
/// their text in the same round as the headlines' positions. Otherwise returns none. The
/// headline positions of a word whose headline list is in `lists` come from it.
pub(crate) fn raise_headline_runs(
    view: &View<'_>,
    plan: &Plan,
    matched: &mut [Scored],
    page: usize,
    lists: &[List],
    request: &mut Request<'_>,
) -> Result<Vec<u32>> {
    let clauses = plan.in_query_order();
    let words: Vec<Option<Vec<&Expansion>>> = clauses.iter().map(|c| word(view, c)).collect();
    let spans: Vec<u32> = clauses
        .iter()
        .map(|c| c.first().map_or(1, |m| m.span))
        .collect();
    let word_count = words.iter().flatten().count();
    let Some(min_in_title) = min_in_title(view, plan, page) else {
        return Ok(Vec::new());
    };
    let bound = view.corpus().and_then(|corpus| corpus.rescored_below);
    let hopefuls = candidates(matched, page, min_in_title, bound);
    let docs = &hopefuls.docs;
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    // Per word, per candidate: the word's headline positions.
    let positions = match text_match::headline_positions(view, &words, docs)? {
        Some(positions) => positions,
        None => match read_headlines(view, &words, docs, lists, request)? {
            Some(positions) => positions,
            None => return Ok(hopefuls.may_rank()),
        },
    };
    let mut c = 0;
    for scored in matched.iter_mut() {
        c = advance(docs, c, scored.doc);
        if docs.get(c) != Some(&scored.doc) {
            continue;
        }
        let (run, start) = longest_run(
            positions
                .iter()
                .zip(&spans)
                .map(|(word, &span)| (word.at(c).as_slice(), span)),
        );
        if run >= 2 {
            let early = 1.0 + HEADLINE_START_SHARE / (1.0 + start as f32);
            scored.score *=
                1.0 + HEADLINE_RUN_BONUS * early * (run - 1) as f32 / (word_count - 1) as f32;
        }
    }
    Ok(Vec::new())
}

/// How many of the query's words an article's headline must hold for a run to raise it;
/// `None` when no run can (fewer than two words, or no page).
fn min_in_title(view: &View<'_>, plan: &Plan, page: usize) -> Option<u16> {
    let words = plan
        .in_query_order()
        .iter()
        .filter_map(|c| word(view, c))
        .count();
    if words < 2 || page == 0 {
        return None;
    }
    // A run needs two words in the headline. When one word of the query is all it requires,
    // the rest being common words, that word there may start a run through them, and such
    // a run is most of what tells the headline looked for ("album of the year") from the
    // rest; with two required words or more, reading every article with one in its
    // headline again cost a sharded query a tenth more bytes for no better ranking.
    match plan.clauses.len() < 2 && !plan.common.is_empty() {
        true => Some(1),
        false => Some(2),
    }
}

/// Per word, per article of `docs`, the word's positions in the article's headline,
/// ascending, from the postings; `None` when bytes are missing (all of them recorded, so
/// that one round fetches them).
fn read_headlines(
    view: &View<'_>,
    words: &[Option<Vec<&Expansion>>],
    docs: &[u32],
    lists: &[List],
    request: &mut Request<'_>,
) -> Result<Option<Vec<Vec<Vec<u32>>>>> {
    let mut positions = Vec::with_capacity(words.len());
    let mut all_read = true;
    for expansions in words {
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); docs.len()];
        for &expansion in expansions.iter().flatten() {
            if let Some(listed) = positions_of(lists, expansion.ordinal, docs) {
                for (list, found) in at.iter_mut().zip(listed) {
                    list.extend(found);
                }
                continue;
            }
            let mut next = 0;
            let complete = read_term(
                view,
                expansion,
                Docs::Only(docs),
                WithPositions::Headline,
                request,
                &mut |posting, found| {
                    next = advance(docs, next, posting.doc);
                    if let Some(list) = at.get_mut(next) {
                        list.extend_from_slice(&found[Field::Title as usize]);
                    }
                },
            )?;
            all_read &= complete;
        }
        for list in &mut at {
            sort::sort(list);
            list.dedup();
        }
        positions.push(at);
    }
    Ok(all_read.then_some(positions))
}

/// The expansions of a clause that is one plain word and may be in the headline, at most
/// [`MAX_WORD_EXPANSIONS`] of them (see [`expansion_order`]); `None` (it breaks runs) for any
/// other clause. A segment keeps those of every segment's best (`rescored_terms`).
fn word<'p>(view: &View<'_>, clause: &'p [FieldMatcher]) -> Option<Vec<&'p Expansion>> {
    let [only] = clause else { return None };
    let Matcher::Terms(expansions) = &only.matcher else {
        return None;
    };
    if expansions.is_empty() || only.field.is_some_and(|f| f != Field::Title) {
        return None;
    }
    let mut best: Vec<&Expansion> = expansions.iter().collect();
    sort::sort_by(&mut best, |a, b| expansion_order(view, a, b));
    best.truncate(MAX_WORD_EXPANSIONS);
    if let Some(terms) = view.corpus().and_then(|corpus| corpus.rescored_terms) {
        best.retain(|e| terms.binary_search(&view.term_order(e.ordinal)).is_ok());
    }
    Some(best)
}

/// The order a word's expansions are read again in: fewest typos, then best weight, then
/// most articles, then first in dictionary order (the word itself before its completions
/// and misspellings); in a segment, articles and order are the corpus's.
fn expansion_order(view: &View<'_>, a: &Expansion, b: &Expansion) -> std::cmp::Ordering {
    let key = |e: &Expansion| {
        let articles = view.doc_freq_of(e.ordinal, e.info.doc_freq);
        (
            e.typos,
            std::cmp::Reverse(articles),
            view.term_order(e.ordinal),
        )
    };
    let (a_key, b_key) = (key(a), key(b));
    a_key
        .0
        .cmp(&b_key.0)
        .then(b.weight.total_cmp(&a.weight))
        .then(a_key.1.cmp(&b_key.1))
        .then(a_key.2.cmp(&b_key.2))
}

/// Rank order without ids: fewest typos, then highest score (then doc, for a total order).
fn rank_order(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    a.typos
        .cmp(&b.typos)
        .then(b.score.total_cmp(&a.score))
        .then(a.doc.cmp(&b.doc))
}

/// The articles whose headlines are read again, and those that may rank among the best
/// `page` once they are raised.
struct Hopefuls {
    /// Ascending: whose score raised by the most the bonus gives could rank among the best
    /// `page`: all of the best `page` that have two words or more in the headline, and those
    /// below them with as few typos and a score that close.
    docs: Vec<u32>,
    /// The best `page` as they stand and those of `docs` below them: raising only lifts
    /// scores, so no other article can rise onto the page.
    may_rank: Vec<Scored>,
}

impl Hopefuls {
    /// The articles that may rank among the best `page` once raised, best first as they stand
    /// (sorted only when asked for: a single-file index never asks).
    fn may_rank(mut self) -> Vec<u32> {
        sort::sort_by(&mut self.may_rank, rank_order);
        self.may_rank.into_iter().map(|s| s.doc).collect()
    }
}

/// The page's last article as `matched` rank (found without sorting every match), the best
/// `page` of them, and the articles whose headlines a run could lift to the page or whose
/// place on it a run could change: those with `min_in_title` words or more in the headline
/// and fewer typos than the last, or as few and a score that close.
fn contending(
    matched: &[Scored],
    page: usize,
    min_in_title: u16,
) -> Option<(Scored, Vec<&Scored>, Vec<&Scored>)> {
    let order = |a: &&Scored, b: &&Scored| rank_order(a, b);
    let mut best: Vec<&Scored> = matched.iter().collect();
    let last = page.min(best.len()).checked_sub(1)?;
    let boundary = **sort::select_by(&mut best, last, order);
    let on_page = best[..=last].to_vec();
    let chosen = best
        .into_iter()
        .filter(|s| s.in_title >= min_in_title && may_rise(s, &boundary))
        .collect();
    Some((boundary, on_page, chosen))
}

/// Whether a run could raise `s` to the place of `boundary` or above it.
fn may_rise(s: &Scored, boundary: &Scored) -> bool {
    s.typos < boundary.typos || (s.typos == boundary.typos && s.score * MAX_RAISE >= boundary.score)
}

/// Keeps the best [`MAX_RESCORED`] of `chosen`.
fn keep_rescored(chosen: &mut Vec<&Scored>) {
    if chosen.len() > MAX_RESCORED {
        sort::select_by(chosen, MAX_RESCORED - 1, |a, b| rank_order(a, b));
        chosen.truncate(MAX_RESCORED);
    }
}

/// Where a word's expansion comes in [`expansion_order`]: typos, weight, articles, place.
#[cfg(feature = "segments")]
type ExpansionKey = (u8, std::cmp::Reverse<u32>, std::cmp::Reverse<u32>, u64);

/// What a segment's matches, as they stand before runs raise them, tell the other segments:
/// a page's articles may come from any segment, so which are re-scored, and through which
/// expansions of each word, is decided over all of them (see [`rescored`]).
#[cfg(feature = "segments")]
pub(crate) struct Contenders {
    /// The rank keys of the segment's best `page` as they stand, by relevance (see
    /// [`crate::score::rank::key`]): raising only lifts scores, so no article that ranks
    /// below the `page`-th best of every segment's can make the page.
    pub keys: Vec<u128>,
    /// The segment's best `page` as they stand: typos and score.
    best: Vec<(u16, f32)>,
    /// The best [`MAX_RESCORED`] of its articles a run could lift to its own page: every one
    /// that could reach the page of every segment is among them.
    chosen: Vec<Scored>,
    /// Per clause in query order, the expansions of a word it would read again (empty for
    /// other clauses): every segment's best are among those of the segments that hold them.
    words: Vec<Vec<ExpansionKey>>,
}

/// The [`Contenders`] of a segment's `matched`, for a page ending at `page`.
#[cfg(feature = "segments")]
pub(crate) fn contenders(
    view: &View<'_>,
    plan: &Plan,
    matched: &[Scored],
    page: usize,
) -> Contenders {
    let mut keys: Vec<u128> = matched.iter().map(|s| key(0, s)).collect();
    if let Some(last) = page.min(keys.len()).checked_sub(1) {
        sort::select_by_key(&mut keys, last, |&key| key);
    }
    keys.truncate(page);
    let contending = min_in_title(view, plan, page).and_then(|min| contending(matched, page, min));
    let Some((_, on_page, mut chosen)) = contending else {
        return Contenders {
            keys,
            best: Vec::new(),
            chosen: Vec::new(),
            words: Vec::new(),
        };
    };
    keep_rescored(&mut chosen);
    let key = |e: &&Expansion| {
        let articles = view.doc_freq_of(e.ordinal, e.info.doc_freq);
        let weight = std::cmp::Reverse(e.weight.to_bits());
        (
            e.typos,
            weight,
            std::cmp::Reverse(articles),
            view.term_order(e.ordinal),
        )
    };
    Contenders {
        keys,
        best: on_page.iter().map(|s| (s.typos, s.score)).collect(),
        chosen: chosen.into_iter().copied().collect(),
        words: plan
            .in_query_order()
            .iter()
            .map(|c| word(view, c).unwrap_or_default().iter().map(key).collect())
            .collect(),
    }
}

/// What every segment re-scores, decided over them all as one index of the live articles
/// decides it.
#[cfg(feature = "segments")]
pub(crate) struct Rescored {
    /// Per segment, the [`local_key`] its re-scored articles rank below (exclusive).
    pub below: Vec<Option<u128>>,
    /// The places of the expansions whose headline positions are read, sorted.
    pub terms: Option<Vec<u64>>,
}

/// What every segment re-scores, given every segment's [`Contenders`] in order: the best
/// [`MAX_RESCORED`] over all of them that a run could lift to the page, ties by segment,
/// then doc (the doc order a build of the live articles has), each segment's bound `None`
/// (its own best) when no more contend: a segment's own page ends lower, and those it adds
/// cannot reach the page even raised. And each word's best [`MAX_WORD_EXPANSIONS`] over
/// every segment; `None` (each its own) when the segments' plans differ in their clauses.
#[cfg(feature = "segments")]
pub(crate) fn rescored(contenders: &[Contenders], page: usize) -> Rescored {
    let mut rescored = Rescored {
        below: vec![None; contenders.len()],
        terms: words_rescored(contenders),
    };
    let mut best: Vec<(u16, f32)> = contenders.iter().flat_map(|c| c.best.clone()).collect();
    let Some(last) = page.min(best.len()).checked_sub(1) else {
        return rescored;
    };
    let (typos, score) = *sort::select_by(&mut best, last, |a, b| {
        a.0.cmp(&b.0).then(b.1.total_cmp(&a.1))
    });
    let boundary = Scored {
        doc: 0,
        score,
        typos,
        in_title: 0,
        title_norm: 0,
    };
    let mut chosen: Vec<(usize, &Scored)> = contenders
        .iter()
        .enumerate()
        .flat_map(|(k, c)| c.chosen.iter().map(move |s| (k, s)))
        .filter(|(_, s)| may_rise(s, &boundary))
        .collect();
    if chosen.len() <= MAX_RESCORED {
        return rescored;
    }
    let (last_k, last) = *sort::select_by_key(&mut chosen, MAX_RESCORED - 1, |&(k, s)| {
        (s.typos, !s.score.to_bits(), k, s.doc)
    });
    let bound = |doc: u32| local_key(&Scored { doc, ..*last });
    for (k, below) in rescored.below.iter_mut().enumerate() {
        *below = Some(match k.cmp(&last_k) {
            std::cmp::Ordering::Less => bound(u32::MAX) + 1,
            std::cmp::Ordering::Equal => bound(last.doc) + 1,
            std::cmp::Ordering::Greater => bound(0),
        });
    }
    rescored
}

/// The places of each word's best [`MAX_WORD_EXPANSIONS`] over the segments with matches.
#[cfg(feature = "segments")]
fn words_rescored(contenders: &[Contenders]) -> Option<Vec<u64>> {
    let mut reporting = contenders.iter().filter(|c| !c.best.is_empty());
    let clauses = reporting.next()?.words.len();
    if reporting.any(|c| c.words.len() != clauses) {
        return None;
    }
    let mut places = Vec::new();
    for clause in 0..clauses {
        let mut keys: Vec<ExpansionKey> = contenders
            .iter()
            .filter_map(|c| c.words.get(clause))
            .flatten()
            .copied()
            .collect();
        sort::sort(&mut keys);
        keys.dedup_by_key(|key| key.3);
        places.extend(keys.iter().take(MAX_WORD_EXPANSIONS).map(|key| key.3));
    }
    sort::sort(&mut places);
    places.dedup();
    Some(places)
}

/// Where a match ranks among one index's, as a key that sorts in [`rank_order`].
fn local_key(s: &Scored) -> u128 {
    u128::from(s.typos) << 64 | u128::from(!s.score.to_bits()) << 32 | u128::from(s.doc)
}

fn candidates(matched: &[Scored], page: usize, min_in_title: u16, bound: Option<u128>) -> Hopefuls {
    let Some((boundary, on_page, mut chosen)) = contending(matched, page, min_in_title) else {
        return Hopefuls {
            docs: Vec::new(),
            may_rank: Vec::new(),
        };
    };
    let mut may_rank: Vec<Scored> = on_page.into_iter().copied().collect();
    // In a segment, the re-scored are those of every segment's best that are this one's.
    if let Some(bound) = bound {
        chosen.retain(|s| local_key(s) < bound);
    }
    keep_rescored(&mut chosen);
    // Those on the page already are in `may_rank`.
    may_rank.extend(
        chosen
            .iter()
            .filter(|s| rank_order(s, &boundary).is_gt())
            .map(|&&s| s),
    );
    let mut docs: Vec<u32> = chosen.into_iter().map(|s| s.doc).collect();
    sort::sort(&mut docs);
    Hopefuls { docs, may_rank }
}

/// The most consecutive words (of the query's, in order) found one after another, given each
/// word's sorted positions and the positions it takes (a split word's parts take one each),
/// and the position the earliest such run starts at.
fn longest_run<'p>(words: impl Iterator<Item = (&'p [u32], u32)>) -> (usize, u32) {
    let mut longest = 0;
    let mut longest_start = 0;
    // The run ending at each position of the previous word, and where it starts.
    let mut previous: Vec<(u32, usize, u32)> = Vec::new();
    let mut previous_span = 1;
    for (positions, span) in words {
        let mut current = Vec::with_capacity(positions.len());
        let mut k = 0;
        for &p in positions {
            let before = p.checked_sub(previous_span);
            while k < previous.len() && Some(previous[k].0) < before {
                k += 1;
            }
            let (run, start) = match previous.get(k) {
                Some(&(q, run, start)) if Some(q) == before => (run + 1, start),
                _ => (1, p),
            };
            if run > longest || (run == longest && start < longest_start) {
                longest = run;
                longest_start = start;
            }
            current.push((p, run, start));
        }
        previous = current;
        previous_span = span;
    }
    (longest, longest_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_run_counts_words_in_query_order_at_consecutive_positions() {
        let run = |words: &[&[u32]]| longest_run(words.iter().map(|w| (*w, 1))).0;
        assert_eq!(run(&[&[0], &[1], &[2]]), 3);
        assert_eq!(run(&[&[0], &[2], &[3]]), 2, "a word between breaks the run");
        assert_eq!(run(&[&[1], &[0]]), 1, "the order matters");
        assert_eq!(run(&[&[0, 5], &[6], &[7, 1]]), 3);
        assert_eq!(
            run(&[&[], &[3], &[4]]),
            2,
            "a word not in the headline ends a run"
        );
        assert_eq!(run(&[&[0], &[], &[2]]), 1);
        assert_eq!(run(&[]), 0);
        let start = |words: &[&[u32]]| longest_run(words.iter().map(|w| (*w, 1))).1;
        assert_eq!(
            start(&[&[4, 9], &[5, 10], &[11]]),
            9,
            "the longest run's start"
        );
        assert_eq!(
            start(&[&[4, 9], &[5, 10]]),
            4,
            "the earliest of the longest"
        );
    }

    #[test]
    fn a_run_goes_on_through_a_split_word() {
        // `o'sullivan quick to`: the whole word at 4 takes 4 and 5, its parts' positions.
        let words: [(&[u32], u32); 3] = [(&[4], 2), (&[6], 1), (&[7], 1)];
        assert_eq!(longest_run(words.into_iter()), (3, 4));
        let unsplit: [(&[u32], u32); 3] = [(&[4], 1), (&[6], 1), (&[7], 1)];
        assert_eq!(longest_run(unsplit.into_iter()), (2, 6));
    }

    fn scored(doc: u32, score: f32, typos: u16, in_title: u16) -> Scored {
        Scored {
            doc,
            score,
            typos,
            in_title,
            title_norm: 0,
        }
    }

    #[test]
    fn candidates_are_those_the_bonus_could_bring_onto_the_page() {
        let matched = [
            scored(0, 10.0, 0, 2),
            scored(1, 9.0, 0, 2),
            scored(2, 7.0, 0, 3),  // 7 × 1.75 ≥ 9: could overtake the second
            scored(3, 5.0, 0, 3),  // 5 × 1.75 < 9
            scored(4, 20.0, 1, 3), // more typos: below whatever its score
            scored(5, 9.5, 0, 1),  // one word in the headline: no run
        ];
        let docs = |page| candidates(&matched, page, 2, None).docs;
        assert_eq!(docs(3), [0, 1, 2]);
        assert_eq!(docs(1), [0, 1, 2], "9.5 and 9 could pass 10, and 7 too");
        assert!(candidates(&[], 3, 2, None).docs.is_empty());
        assert_eq!(docs(10), [0, 1, 2, 3, 4]);
        assert_eq!(
            candidates(&matched, 3, 2, None).may_rank(),
            [0, 5, 1, 2],
            "the page as it stands, then those that may rise onto it"
        );
        assert_eq!(
            candidates(&matched, 10, 2, None).may_rank(),
            [0, 5, 1, 2, 3, 4]
        );
        assert_eq!(
            candidates(&matched, 3, 1, None).docs,
            [0, 1, 2, 5],
            "with common words, one word in the headline may start a run"
        );
    }
}
