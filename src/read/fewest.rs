//! The page of a query with misspellings in a sharded index, read from the terms with the
//! fewest typos first. The second plan gives every word of four letters or more that is not
//! spelt right its misspellings (a rare word typed right too), and a whole read then reads all
//! of them at the articles the narrower clauses leave: 937 KB of postings of "loss" and its ten
//! neighbours at 1,982 articles for "caadian 4th loss" in a 1M-article archive, when "loss"
//! still had them.
//!
//! Matches rank by typos first. A match's typos are the sum over its clauses of the fewest
//! typos of the clause's terms it holds (see [`Combine::Best`] and [`Combine::Intersection`]),
//! so at least the sum of each clause's fewest, and exactly that for the articles holding,
//! in every clause, one of its terms with the fewest typos: the matches of the plan kept to
//! those terms. When those are a page or more, the page is among them, and no other match
//! is read. Their scores are a whole read's only with the clauses' other terms (a clause
//! scores an article by the best of the terms it holds), which are read at those of them
//! that may make the page: the page's last scores at least the `page_end`-th of their scores
//! with the fewest-typo terms alone, and an article scores at most that score with, per
//! clause, the most any other term of it can add (see [`Bound`]).
//!
//! Reading the fewest-typo terms is itself a whole read of their plan, which reads its
//! costliest clause at every article the others leave ("market" at the 53,469 articles of
//! "venture", "venue" … for "market venure": 595 KB). When that clause's lists cost under half
//! of it (see [`last::costliest`]), its fewest-typo terms give their headline lists in the
//! first round instead, and are read only at the articles whose bound, that clause's other
//! terms counted, reaches the `page_end`-th of the least scores the lists show (as
//! [`last`] reads a query as typed); the other terms follow at those that still may make the
//! page, as above, in the same number of rounds.
//!
//! The total is then an estimate, and said to be.

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::read::docs::Docs;
use crate::read::headlines::{bound, entry, floor_of, known_scores, only, reaching, with_terms};
use crate::read::last::{self, without};
use crate::read::request::Request;
use crate::read::search::{evaluate_kept, in_every, intersect, with_bonus};
use crate::score::merge::{best_of, Scored};
use crate::score::scoring::headline_bonus;
use newsdex_format::at::{self, At};

/// `plan` with, in each clause, only its terms with the fewest typos; `None` when no clause
/// has terms with more typos than its fewest, or when a clause is not one word (a phrase, an
/// entity: their typos are not those of terms).
pub(crate) fn plan(plan: &Plan) -> Option<Plan> {
    let mut fewer = false;
    let mut clauses = Vec::with_capacity(plan.clauses.len());
    for clause in &plan.clauses {
        let terms = word(clause)?;
        let fewest = terms.iter().map(|t| t.typos).min()?;
        let kept: Vec<Expansion> = terms
            .iter()
            .filter(|t| t.typos == fewest)
            .cloned()
            .collect();
        fewer |= kept.len() < terms.len();
        clauses.push(vec![with_terms(clause.at(0), kept)]);
    }
    fewer.then(|| plan.with_clauses(clauses))
}

/// Whether every match of `plan` has the same typos: each clause's terms have one count, so
/// its page ranks by score alone, as a query as typed does.
pub(crate) fn even(plan: &Plan) -> bool {
    plan.clauses.iter().all(|clause| {
        let mut typos = clause.iter().flat_map(|m| match &m.matcher {
            Matcher::Terms(terms) | Matcher::Phrase { terms, .. } => terms.as_slice(),
            _ => &[],
        });
        let first = typos.next().map(|t| t.typos);
        typos.all(|t| Some(t.typos) == first)
    })
}

/// The terms of a clause that is one word.
fn word(clause: &[FieldMatcher]) -> Option<&[Expansion]> {
    match clause {
        [FieldMatcher {
            matcher: Matcher::Terms(terms),
            ..
        }] => Some(terms),
        _ => None,
    }
}

/// The matches of `plan` that may rank among its best `page_end`, scored as a whole read
/// scores them (headline bonus included, runs not yet), in doc order, given `fewest` (its
/// [`plan`]); `None` when the matches with the fewest typos are fewer than `page_end`, or
/// while bytes are missing (recorded in `request`: the fewest-typo terms' reads, with the
/// other terms' skip tables and, when they have none, postings; then the other terms' blocks
/// at the articles that may make the page).
pub(crate) fn read(
    view: &View<'_>,
    plan: &Plan,
    fewest: &Plan,
    page_end: usize,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    let clauses = plan.clauses.len();
    // The clause a read of `fewest` reads last, when it is worth reading only where the page
    // may be (see [`last`]).
    let last = last::costliest(view, fewest);
    let rest = last.map_or_else(|| fewest.clone(), |last| without(fewest, last));
    let mut bound = Bound {
        kept: vec![Vec::new(); rest.clauses.len()],
        caps: vec![0.0; clauses],
        known: vec![Vec::new(); clauses],
    };
    // Per clause, its fewest-typo terms' best scores as the read of their matches found them
    // (`last` is read later); those matches hold every match with the fewest typos.
    let mut within = intersect(view, &rest, None, request, Some(&mut bound.kept))?;
    if let Some(last) = last {
        at::insert(&mut bound.kept, last, Vec::new());
    }
    if request.is_complete() && within.len() < page_end {
        return Ok(None);
    }
    let (mut others, mut lists) = (Vec::with_capacity(clauses), None);
    let mut complete = true;
    for (c, (clause, kept)) in plan.clauses.iter().zip(&fewest.clauses).enumerate() {
        let (Some(terms), Some(kept_terms)) = (word(clause), word(kept)) else {
            return Ok(None);
        };
        let matcher = clause.at(0);
        let least = kept_terms.first().map_or(0, |t| t.typos);
        let other: Vec<Expansion> = terms.iter().filter(|t| t.typos > least).cloned().collect();
        // Their blocks are read at the articles that may make the page, a round later.
        match known_scores(view, matcher, &other, request)? {
            Some((known, cap)) => (*bound.known.at_mut(c), *bound.caps.at_mut(c)) = (known, cap),
            None => complete = false,
        }
        others.push(with_terms(matcher, other));
        // The last clause's fewest-typo terms give their lists in the same round.
        if Some(c) == last {
            lists = known_scores(view, kept.at(0), kept_terms, request)?;
            complete &= lists.is_some();
        }
    }
    if !complete || !request.is_complete() {
        return Ok(Some(Vec::new()));
    }
    if let (Some(last), Some((known, cap))) = (last, lists) {
        // Its fewest-typo terms are read only at the articles whose bound, their lists' and
        // caps counted as the clause's other terms', reaches the `page_end`-th of the least
        // scores of those the lists show holding them (see [`last::Bound`]): no other can
        // make the page.
        let lows = last::Bound { cap: 0.0, known };
        let floor = floor_of(lows.of(&within).0, page_end);
        let (other_cap, other) = (
            *bound.caps.at(last),
            std::mem::take(bound.known.at_mut(last)),
        );
        bound.caps[last] = cap.max(other_cap);
        bound.known[last] = best_of(vec![lows.known, other.clone()]);
        let docs = reaching(&within, &bound.most(&within), floor);
        (bound.caps[last], bound.known[last]) = (other_cap, other);
        let matcher = fewest.clauses.at(last).at(0);
        let Some(found) = evaluate_kept(view, matcher, Docs::Only(&docs), request)? else {
            return Ok(Some(Vec::new()));
        };
        *bound.kept.at_mut(last) = found;
        let kept = (bound.kept.iter()).map(|kept| only(kept, &docs)).collect();
        within = in_every(fewest, kept);
    }
    if within.len() < page_end {
        return Ok(None);
    }
    // Every article holding a fewest-typo term in each clause has the fewest typos a match
    // can have, and scores at least this with those terms alone; they are a page or more.
    let floor = floor_of(within.iter().map(headline_bonus).collect(), page_end);
    let docs = reaching(&within, &bound.most(&within), floor);
    // Each clause at those articles: the best of its fewest-typo terms' scores and its other
    // terms', read there (from their blocks or the articles' text).
    let mut per_clause = Vec::with_capacity(clauses);
    for (kept, other) in bound.kept.into_iter().zip(&others) {
        let kept = only(&kept, &docs);
        let other = evaluate_kept(view, other, Docs::Only(&docs), request)?;
        per_clause.push(best_of(vec![kept, other.unwrap_or_default()]));
    }
    if !request.is_complete() {
        return Ok(Some(Vec::new()));
    }
    Ok(Some(with_bonus(in_every(plan, per_clause))))
}

/// What a clause's terms with more typos than its fewest can add to an article holding its
/// fewest-typo terms.
///
/// A whole read scores an article `(Σ_C s_C) × headline_factor(k, L) × raise`, `s_C` the best
/// of clause `C`'s terms' scores there, `k` the clauses found in its headline, `L` the
/// headline's length, `raise` at most [`crate::read::proximity::MAX_RAISE`] and only for
/// `k ≥ 2`. With its fewest-typo terms alone it scores `Σ_C f_C` with `k₀` clauses in the
/// headline, no more than a whole read's (`f_C ≤ s_C`, `k₀ ≤ k`). Of the clause's other terms,
/// those too rare for a skip table are read whole and those with one give their headline lists,
/// so their scores are known where they are read; where a term's list does not hold the
/// article, its headline does not hold the term, which scores at most its cap there (see
/// [`crate::read::headlines`]). So `s_C ≤ max(f_C, cap_C, e_C)`, `cap_C` the highest cap of the
/// clause's other terms and `e_C` the best known score of one of them there; and `k` is at most
/// `k₀` plus the clauses whose known scores there have the term in the headline, `L` read from
/// a posting that has.
struct Bound {
    /// Per clause, its fewest-typo terms' best scores, per article, in doc order.
    kept: Vec<Vec<Scored>>,
    /// Per clause, the highest cap of its other terms with a skip table (0 when none).
    caps: Vec<f32>,
    /// Per clause, the best of its other terms' known scores, per article, in doc order.
    known: Vec<Vec<Scored>>,
}

impl Bound {
    /// The most a whole read can score each article of `within` (the fewest-typo terms'
    /// matches without the headline bonus, ascending), runs included, raised by
    /// [`crate::read::headlines::SLACK`].
    // One copy for the reads that call it at two places.
    #[inline(never)]
    fn most(&self, within: &[Scored]) -> Vec<f32> {
        let mut kept_at = vec![0; self.known.len()];
        let mut known_at = vec![0; self.known.len()];
        (within.iter())
            .map(|s| {
                let (mut sum, mut k, mut title_norm) = (0.0f32, s.in_title, s.title_norm);
                for c in 0..self.known.len() {
                    let f =
                        entry(self.kept.at(c), kept_at.at_mut(c), s.doc).map_or(0.0, |e| e.score);
                    let mut most = f.max(*self.caps.at(c));
                    if let Some(e) = entry(self.known.at(c), known_at.at_mut(c), s.doc) {
                        most = most.max(e.score);
                        if e.in_title > 0 {
                            k += 1;
                            title_norm = title_norm.max(e.title_norm);
                        }
                    }
                    sum += most;
                }
                let k = k.min(self.known.len() as u16);
                bound(sum, k, title_norm)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_index::bm25::{average_lengths, field_weights};
    use newsdex_index::sort;

    use crate::read::fixtures::{bm25, draw, norms, spec, Spec};
    use crate::read::proximity::MAX_RAISE;
    use crate::score::merge::{combine, Combine};

    /// A word typed right with two misspellings in the index (one too rare for a list), and
    /// a misspelt word: two corrections with one edit and one with two.
    const CLAUSES: &[&[Spec]] = &[
        &[
            spec(2.0, 1.0, 0, true, 2),
            spec(3.5, 0.5, 1, true, 4),
            spec(7.0, 0.5, 1, false, 30),
        ],
        &[
            spec(3.0, 0.5, 1, true, 3),
            spec(4.5, 0.5, 1, true, 6),
            spec(2.5, 0.25, 2, true, 2),
        ],
    ];

    /// Per term (clause after clause), per article, its posting scored as [`score_posting`]
    /// scores it, if the article holds it.
    struct Fixture {
        specs: Vec<(usize, Spec)>,
        postings: Vec<Vec<Option<Scored>>>,
    }

    impl Fixture {
        fn new(seed: u64, headline_one_in: u32) -> Fixture {
            let mut next = draw(seed);
            let weights = field_weights(&average_lengths(&[9_000, 30_000, 400_000, 20_000], 1_000));
            let specs: Vec<(usize, Spec)> = (CLAUSES.iter().enumerate())
                .flat_map(|(c, terms)| terms.iter().map(move |&spec| (c, spec)))
                .collect();
            let mut postings = vec![Vec::new(); specs.len()];
            for doc in 0..3_000 {
                let norms = norms(&mut next);
                for (t, (_, spec)) in specs.iter().enumerate() {
                    let title = u32::from(next(headline_one_in) == 0) * (1 + next(2));
                    let freqs = [title, next(3), next(30) * next(2), next(2)];
                    let held = next(spec.one_in) == 0 && freqs.iter().any(|&n| n > 0);
                    postings[t].push(held.then(|| Scored {
                        doc,
                        score: spec.weight * bm25(&weights, spec.idf, &freqs, &norms),
                        typos: spec.typos,
                        in_title: u16::from(title > 0),
                        title_norm: if title > 0 { norms[0] } else { 0 },
                    }));
                }
            }
            Fixture { specs, postings }
        }

        /// The best of clause `c`'s terms `which` in every article holding one.
        fn clause(&self, c: usize, which: impl Fn(&Spec) -> bool) -> Vec<Scored> {
            best_of(
                (0..self.specs.len())
                    .filter(|&t| self.specs[t].0 == c && which(&self.specs[t].1))
                    .map(|t| self.postings[t].iter().flatten().copied().collect())
                    .collect(),
            )
        }

        /// The clauses but `but` (each of its terms `which` says) intersected without the
        /// headline bonus.
        fn matches(&self, but: Option<usize>, which: impl Fn(usize, &Spec) -> bool) -> Vec<Scored> {
            (0..CLAUSES.len())
                .filter(|&c| Some(c) != but)
                .map(|c| self.clause(c, |s| which(c, s)))
                .reduce(|a, b| combine(a, b, Combine::Intersection))
                .unwrap_or_default()
        }

        /// A whole read's scores: the headline bonus and a run bonus up to [`MAX_RAISE`] for
        /// articles with both clauses in the headline.
        fn whole(&self) -> Vec<Scored> {
            let mut all = self.matches(None, |_, _| true);
            for s in &mut all {
                s.score = headline_bonus(s);
                if s.in_title >= 2 {
                    s.score *= 1.0 + (MAX_RAISE - 1.0) * (s.doc % 4) as f32 / 3.0;
                }
            }
            all
        }

        /// What the lists of clause `c`'s terms `which` say: the best known score per
        /// article (the listed terms' headline postings, the others' every posting) and the
        /// highest cap, the listed terms' highest score where the headline does not hold
        /// them, times `share`.
        fn known(&self, c: usize, which: impl Fn(&Spec) -> bool, share: f32) -> (Vec<Scored>, f32) {
            let (mut lists, mut cap) = (Vec::new(), 0.0f32);
            for t in (0..self.specs.len()).filter(|&t| self.specs[t].0 == c) {
                let spec = self.specs[t].1;
                if !which(&spec) {
                    continue;
                }
                let held = self.postings[t].iter().flatten();
                if spec.listed {
                    let body = held.clone().filter(|s| s.in_title == 0).map(|s| s.score);
                    cap = cap.max(body.fold(0.0, f32::max) * share);
                    lists.push(held.filter(|s| s.in_title > 0).copied().collect());
                } else {
                    lists.push(held.copied().collect());
                }
            }
            (best_of(lists), cap)
        }

        /// The bound as [`read`] makes it, caps times `share`; every term of clause `last`
        /// counts as another term, and its fewest-typo terms' scores are not kept.
        fn bound(&self, share: f32, last: Option<usize>) -> Bound {
            let mut bound = Bound {
                kept: Vec::new(),
                caps: Vec::new(),
                known: Vec::new(),
            };
            for c in 0..CLAUSES.len() {
                let kept = |s: &Spec| s.typos == fewest(c) && Some(c) != last;
                bound.kept.push(self.clause(c, kept));
                let (known, cap) = self.known(c, |s| !kept(s), share);
                bound.known.push(known);
                bound.caps.push(cap);
            }
            bound
        }

        /// The matches of each clause's fewest-typo terms, but clause `last`'s.
        fn within(&self, last: Option<usize>) -> Vec<Scored> {
            self.matches(last, |c, s| s.typos == fewest(c))
        }
    }

    /// The fewest typos of clause `c`'s terms.
    fn fewest(c: usize) -> u16 {
        CLAUSES[c].iter().map(|s| s.typos).min().unwrap_or(0)
    }

    /// The best `page_end` of `scored` by typos, then score, then doc.
    fn page(mut scored: Vec<Scored>, page_end: usize) -> Vec<u32> {
        sort::sort_by(&mut scored, |a, b| {
            (a.typos.cmp(&b.typos))
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        scored.into_iter().take(page_end).map(|s| s.doc).collect()
    }

    /// Every article holding a fewest-typo term in each clause (or in each clause but the one
    /// read from its lists) scores, in a whole read, no more than its bound, runs at their
    /// highest included, and no less than its least score when its lists show it holding a
    /// fewest-typo term of that clause; caps below the other terms' scores let some pass it.
    #[test]
    fn no_match_with_the_fewest_typos_passes_its_bound() {
        for seed in 0..4 {
            for headline_one_in in [3, 6] {
                let fixture = Fixture::new(seed, headline_one_in);
                let whole = fixture.whole();
                let least: u16 = (0..CLAUSES.len()).map(fewest).sum();
                let score = |doc: u32| {
                    let at = whole.binary_search_by_key(&doc, |w| w.doc).ok();
                    at.map(|at| whole[at])
                };
                for last in [None, Some(0), Some(1)] {
                    let case = format!("seed {seed} 1/{headline_one_in} {last:?}");
                    let within = fixture.within(last);
                    assert!(within.len() > 100, "{}", within.len());
                    let passed = |share: f32| {
                        let bound = fixture.bound(share, last);
                        (within.iter().zip(bound.most(&within)))
                            .filter(|&(s, most)| score(s.doc).is_some_and(|w| w.score > most))
                            .count()
                    };
                    assert_eq!(passed(1.0), 0, "{case}");
                    assert!(passed(0.5) > 0, "{case}: caps halved never passed");
                    let Some(last) = last else { continue };
                    let known = fixture.known(last, |s| s.typos == fewest(last), 1.0).0;
                    let lows = crate::read::last::Bound {
                        cap: 0.0,
                        known: known.clone(),
                    };
                    let mut lows = lows.of(&within).0.into_iter();
                    for s in &within {
                        if known.binary_search_by_key(&s.doc, |e| e.doc).is_ok() {
                            let (low, whole) = (lows.next().unwrap(), score(s.doc).unwrap());
                            assert!(low <= whole.score, "{case}: {low} > {}", whole.score);
                            assert_eq!(whole.typos, least, "{case}");
                        }
                    }
                }
            }
        }
    }

    /// The page of the articles whose bound reaches the floor is the page of every match, and
    /// those articles are a fraction of them: the floor the `page_end`-th score of the
    /// fewest-typo matches, or, with a clause read from its lists, first the `page_end`-th of
    /// the least scores they show, then the former over the articles that reached it.
    #[test]
    fn the_articles_that_may_make_the_page_hold_the_page_of_every_match() {
        for last in [None, Some(0), Some(1)] {
            let mut pruned = 0;
            for seed in 0..4 {
                for headline_one_in in [3, 6] {
                    let fixture = Fixture::new(seed, headline_one_in);
                    let whole = fixture.whole();
                    let bound = fixture.bound(1.0, None);
                    for page_end in [1, 10, 40] {
                        let mut within = fixture.within(None);
                        if let Some(last) = last {
                            let left = fixture.within(Some(last));
                            let known = fixture.known(last, |s| s.typos == fewest(last), 1.0).0;
                            let lows = crate::read::last::Bound { cap: 0.0, known };
                            let floor = floor_of(lows.of(&left).0, page_end);
                            let most = fixture.bound(1.0, Some(last)).most(&left);
                            let docs = reaching(&left, &most, floor);
                            pruned += left.len() - docs.len();
                            within.retain(|s| docs.binary_search(&s.doc).is_ok());
                        }
                        let floor = floor_of(within.iter().map(headline_bonus).collect(), page_end);
                        let may = reaching(&within, &bound.most(&within), floor);
                        let exact: Vec<Scored> = (whole.iter())
                            .filter(|s| may.binary_search(&s.doc).is_ok())
                            .copied()
                            .collect();
                        let case = format!("seed {seed} 1/{headline_one_in} {page_end} {last:?}");
                        assert_eq!(
                            page(exact, page_end),
                            page(whole.clone(), page_end),
                            "{case}"
                        );
                        pruned += within.len() - may.len();
                    }
                }
            }
            assert!(pruned > 0, "{last:?}: the bound never left an article out");
        }
    }
}
