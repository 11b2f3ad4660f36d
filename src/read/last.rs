//! The page of a query of several words in a sharded index without reading its costliest
//! word at every article the others leave. A whole read intersects the clauses cheapest
//! first and reads the last one at every article still in question: a prefix's 64
//! completions at the 3,363 articles holding "me" and "posted" fetched 1.4 MB of blocks in a
//! 1M-article archive, for a page of 10.
//!
//! Here the other clauses are read as a whole read reads them, which scores every article
//! left for them exactly, and the last clause's terms give their headline lists (a term too
//! rare for a skip table, so for a list, its postings): where a list holds an article, the
//! term's score there is known, and where none does, the clause is not in its headline and
//! each term scores at most its cap (see [`crate::read::headlines`]). So every article left
//! has a known number of clauses in the headline, a score at least its known one when a list
//! or a rare term shows it matches, and a bound (see [`Bound`]). The last clause is then read
//! only at the articles whose bound reaches the page's floor, the `page_end`-th best of the
//! known scores; no other can make the page. The scores are a whole read's; the total is an
//! estimate, and said to be.

use newsdex_format::at::{self, At};
use newsdex_index::bm25::headline_factor;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Matcher, Plan};
use crate::read::docs::Docs;
use crate::read::headlines::{bound, entry, first_read, floor_of, known_scores, only, reaching};
use crate::read::request::Request;
use crate::read::search::{
    cheapest_first, clause_cost, evaluate_kept, in_every, intersect, with_bonus,
};
use crate::read::text_match;
use crate::score::merge::Scored;

/// The clause of `plan` a whole read reads last, when its page may be read without reading
/// that clause everywhere: [`costliest`], and no typos (the page ranks by score alone).
pub(crate) fn clause(view: &View<'_>, plan: &Plan) -> Option<usize> {
    let no_typos = (plan.clauses.iter().flatten()).all(|m| match &m.matcher {
        Matcher::Terms(terms) => terms.iter().all(|t| t.typos == 0),
        _ => true,
    });
    costliest(view, plan).filter(|_| no_typos)
}

/// The clause of `plan` a whole read reads last, when a sharded index, two clauses or more,
/// no exclusion, and the last clause one word whose lists (and the postings of its terms
/// without one) cost under half what reading it at the articles the other clauses likely
/// leave would.
pub(crate) fn costliest(view: &View<'_>, plan: &Plan) -> Option<usize> {
    if !view.postings.is_packed() || plan.clauses.len() < 2 || !plan.excluded.is_empty() {
        return None;
    }
    let order = cheapest_first(plan);
    let last = *order.last()?;
    let [matcher] = &plan.clauses.at(last)[..] else {
        return None;
    };
    let Matcher::Terms(terms) = &matcher.matcher else {
        return None;
    };
    // As many articles left as if the words occurred independently.
    let n = f64::from(view.meta.doc_count.max(1));
    let left: f64 = order[..order.len() - 1]
        .iter()
        .map(|&c| (clause_cost(plan.clauses.at(c)) as f64).min(n))
        .fold(n, |left, df| left * df / n);
    let read: f64 = (terms.iter())
        .map(|t| text_match::postings_bytes(t, left.ceil() as usize))
        .sum();
    let lists: usize = terms.iter().map(|t| first_read(view, t)).sum();
    (2.0 * lists as f64 <= read).then_some(last)
}

/// The matches of `plan` that may rank among its best `page_end`, scored as a whole read
/// scores them (headline bonus included, runs not yet), in doc order, its clause `last`
/// (see [`clause`]) read only at those, and whether others were left out; `None` while bytes
/// are missing (recorded in `request`: the other clauses' reads with the last clause's
/// headline lists and skip tables, then its blocks at the articles that may make the page,
/// first at the [`PROBE`] × `page_end` of highest bound when the lists make no floor).
pub(crate) fn read(
    view: &View<'_>,
    plan: &Plan,
    last: usize,
    page_end: usize,
    request: &mut Request<'_>,
) -> Result<Option<(Vec<Scored>, bool)>> {
    let clauses = plan.clauses.len();
    let rest = without(plan, last);
    let mut each = vec![Vec::new(); clauses - 1];
    let left = intersect(view, &rest, None, request, Some(&mut each))?;
    let matcher = plan.clauses.at(last).at(0);
    let Matcher::Terms(terms) = &matcher.matcher else {
        return Ok(None);
    };
    let Some((known, cap)) = known_scores(view, matcher, terms, request)? else {
        return Ok(Some((Vec::new(), true)));
    };
    if !request.is_complete() {
        return Ok(Some((Vec::new(), true)));
    }
    let bound = Bound { cap, known };
    let (lows, most) = bound.of(&left);
    // The matches among `docs` (ascending), scored as a whole read scores them (runs not
    // yet); `None` while the last clause's blocks there are missing.
    let mut at = |docs: &[u32]| -> Result<Option<Vec<Scored>>> {
        let Some(found) = evaluate_kept(view, matcher, Docs::Only(docs), request)? else {
            return Ok(None);
        };
        let mut per_clause: Vec<Vec<Scored>> = each.iter().map(|c| only(c, docs)).collect();
        at::insert(&mut per_clause, last, only(&found, docs));
        Ok(Some(with_bonus(in_every(plan, per_clause))))
    };
    // Fewer than a page known to match: the floor is 0, and every article left is read, as a
    // whole read does, unless that costs more than a round's bytes (a rare word beside a
    // common one, whose articles seldom hold both in the headline). The last clause is then
    // read first at the articles of highest bound, and its exact scores there make the floor.
    let mut floor = floor_of(lows, page_end);
    let probe = PROBE.saturating_mul(page_end);
    let read = |n: usize| {
        terms
            .iter()
            .map(|t| text_match::postings_bytes(t, n))
            .sum::<f64>()
    };
    if floor == 0.0 && left.len() > probe && read(left.len()) > PROBE_FROM {
        let probed = reaching(&left, &most, floor_of(most.clone(), probe));
        let Some(found) = at(&probed)? else {
            return Ok(Some((Vec::new(), true)));
        };
        floor = floor_of(found.iter().map(|s| s.score).collect(), page_end);
    }
    let docs = reaching(&left, &most, floor);
    let pruned = docs.len() < left.len();
    Ok(Some((at(&docs)?.unwrap_or_default(), pruned)))
}

/// How many articles per hit of the page the last clause is read at first when the lists
/// make no floor (see [`read`]), and the bytes its read at every article left must pass for
/// that round: tuned on the 1M-article archive's prefix queries (seeds 11 and 13 of the
/// first-answer draw; 2, 4 and 8, and 50, 100 and 200 KB tried).
const PROBE: usize = 4;
const PROBE_FROM: f64 = 100_000.0;

/// `plan` without its clause `last`.
pub(crate) fn without(plan: &Plan, last: usize) -> Plan {
    plan.with_clauses(
        (plan.clauses.iter().enumerate())
            .filter(|&(c, _)| c != last)
            .map(|(_, clause)| clause.clone())
            .collect(),
    )
}

/// What the last clause's headline lists and rare terms say of the articles the other clauses
/// leave.
///
/// A whole read scores an article `(Σ_C s_C + s_L) × headline_factor(k, L) × raise`, the
/// other clauses' sum `Σ_C s_C` and their headline count `k_C` exactly as read, `s_L` the best
/// of the last clause's terms there, `raise` at most [`crate::read::proximity::MAX_RAISE`]
/// and only for `k ≥ 2`. A term with a skip table whose headline list does not hold the
/// article is not in its headline and scores at most its cap there; a term without one is
/// read whole. So with
/// `e` the best known score of the last clause's terms there: `k = k_C + 1` when `e` has the
/// term in the headline, else `k = k_C`, exactly; `s_L ≤ max(cap, e)`; and, when `e` is
/// known, `s_L ≥ e`, so the article scores at least `(Σ_C s_C + e) × headline_factor(k, L)`.
pub(crate) struct Bound {
    /// The highest cap of the last clause's terms with a skip table.
    pub cap: f32,
    /// The best known score of the last clause's terms, per article, in doc order.
    pub known: Vec<Scored>,
}

impl Bound {
    /// The least scores of the articles of `left` (the other clauses' matches without the
    /// headline bonus, ascending) known to match the last clause, and the most each article
    /// can score, runs included, raised by [`crate::read::headlines::SLACK`].
    // Also the fewest-typo read's: one copy in the modules.
    #[inline(never)]
    pub fn of(&self, left: &[Scored]) -> (Vec<f32>, Vec<f32>) {
        let (mut lows, mut most) = (Vec::new(), Vec::with_capacity(left.len()));
        let mut at = 0;
        for s in left {
            let known = entry(&self.known, &mut at, s.doc);
            let (mut k, mut title_norm) = (s.in_title, s.title_norm);
            if let Some(e) = known.filter(|e| e.in_title > 0) {
                k += 1;
                title_norm = title_norm.max(e.title_norm);
            }
            let e = known.map_or(0.0, |e| e.score);
            if known.is_some() {
                lows.push((s.score + e) * headline_factor(k, title_norm));
            }
            most.push(bound(s.score + e.max(self.cap), k, title_norm));
        }
        (lows, most)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_index::bm25::{average_lengths, field_weights};
    use newsdex_index::sort;

    use crate::read::fixtures::{bm25, draw, norms};
    use crate::read::headlines::SLACK;
    use crate::read::proximity::MAX_RAISE;
    use crate::score::merge::{best_of, combine, Combine};
    use crate::score::scoring::headline_bonus;

    /// Per term: idf, weight, whether it has a skip table (a headline list), and one article
    /// in how many holds it. Two words, then a word being typed: its stem and completions.
    const CLAUSES: &[&[(f32, f32, bool, u32)]] = &[
        &[(2.5, 1.0, true, 2)],
        &[(3.0, 1.0, true, 2)],
        &[
            (1.5, 1.0, true, 2),
            (2.5, 0.7, true, 4),
            (4.0, 0.7, true, 8),
            (7.5, 0.7, false, 40),
        ],
    ];

    /// Per clause, per term, its postings scored as [`score_posting`] scores them.
    fn fixture(seed: u64, headline_one_in: u32) -> Vec<Vec<Vec<Scored>>> {
        let mut next = draw(seed);
        let weights = field_weights(&average_lengths(&[9_000, 30_000, 400_000, 20_000], 1_000));
        let mut terms: Vec<Vec<Vec<Scored>>> = (CLAUSES.iter())
            .map(|c| vec![Vec::new(); c.len()])
            .collect();
        for doc in 0..3_000 {
            let norms = norms(&mut next);
            for (c, clause) in CLAUSES.iter().enumerate() {
                for (t, &(idf, weight, _, one_in)) in clause.iter().enumerate() {
                    let title = u32::from(next(headline_one_in) == 0) * (1 + next(2));
                    let freqs = [title, next(3), next(30) * next(2), next(2)];
                    if next(one_in) == 0 && freqs.iter().any(|&n| n > 0) {
                        terms[c][t].push(Scored {
                            doc,
                            score: weight * bm25(&weights, idf, &freqs, &norms),
                            typos: 0,
                            in_title: u16::from(title > 0),
                            title_norm: if title > 0 { norms[0] } else { 0 },
                        });
                    }
                }
            }
        }
        terms
    }

    /// The articles every clause but the last holds, and every match as a whole read scores
    /// it, with a run bonus up to [`MAX_RAISE`] for those with two clauses in the headline.
    fn reads(terms: &[Vec<Vec<Scored>>]) -> (Vec<Scored>, Vec<Scored>) {
        let clause = |c: usize| best_of(terms[c].clone());
        let last = CLAUSES.len() - 1;
        let left = (0..last)
            .map(clause)
            .reduce(|a, b| combine(a, b, Combine::Intersection))
            .unwrap_or_default();
        let mut whole = combine(left.clone(), clause(last), Combine::Intersection);
        for s in &mut whole {
            s.score = headline_bonus(s);
            if s.in_title >= 2 {
                s.score *= 1.0 + (MAX_RAISE - 1.0) * (s.doc % 4) as f32 / 3.0;
            }
        }
        (left, whole)
    }

    /// The bound as [`read`] makes it, the cap the highest score of a listed term where the
    /// headline does not hold it, times `share`.
    fn bound(terms: &[Vec<Vec<Scored>>], share: f32) -> Bound {
        let last = CLAUSES.len() - 1;
        let (mut cap, mut lists) = (0.0f32, Vec::new());
        for (t, postings) in terms[last].iter().enumerate() {
            if CLAUSES[last][t].2 {
                let body = postings.iter().filter(|s| s.in_title == 0).map(|s| s.score);
                cap = cap.max(body.fold(0.0, f32::max) * share);
                lists.push(
                    postings
                        .iter()
                        .filter(|s| s.in_title > 0)
                        .copied()
                        .collect(),
                );
            } else {
                lists.push(postings.clone());
            }
        }
        Bound {
            cap,
            known: best_of(lists),
        }
    }

    /// Every match scores in a whole read at least its least score when the lists show it
    /// matches and at most its bound, runs at their highest included; a cap below the terms'
    /// scores, or a bound without runs, lets some pass it. The articles whose bound reaches
    /// the floor hold the page of every match, and are a fraction of those left.
    #[test]
    fn the_last_clause_is_read_where_the_page_may_be_and_gives_its_page() {
        let mut pruned = 0;
        for seed in 0..4 {
            for headline_one_in in [3, 6] {
                let terms = fixture(seed, headline_one_in);
                let (left, whole) = reads(&terms);
                assert!(whole.len() > 100, "{}", whole.len());
                let score = |doc: u32| {
                    (whole.binary_search_by_key(&doc, |s| s.doc).ok()).map(|at| whole[at].score)
                };
                let passed = |share: f32| {
                    let (_, most) = bound(&terms, share).of(&left);
                    (left.iter().zip(most))
                        .filter(|&(s, most)| score(s.doc).is_some_and(|w| w > most))
                        .count()
                };
                let case = format!("seed {seed} 1/{headline_one_in}");
                assert_eq!(passed(1.0), 0, "{case}");
                assert!(passed(0.5) > 0, "{case}: a halved cap never passed");
                let (lows, most) = bound(&terms, 1.0).of(&left);
                let mut low_of = lows.iter();
                let known = bound(&terms, 1.0).known;
                for s in &left {
                    if known.binary_search_by_key(&s.doc, |e| e.doc).is_ok() {
                        let low = *low_of.next().unwrap();
                        let whole = score(s.doc).unwrap();
                        assert!(low <= whole, "{case}: {low} > {whole}");
                    }
                }
                for page_end in [1, 10, 40] {
                    let mut lows = lows.clone();
                    let floor = *sort::select_by(&mut lows, page_end - 1, |a, b| b.total_cmp(a));
                    let may: Vec<u32> = (left.iter().zip(&most))
                        .filter(|&(_, &most)| most >= floor * (1.0 - SLACK))
                        .map(|(s, _)| s.doc)
                        .collect();
                    let best = |mut scored: Vec<Scored>| -> Vec<u32> {
                        sort::sort_by(&mut scored, |a, b| {
                            b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc))
                        });
                        scored.into_iter().take(page_end).map(|s| s.doc).collect()
                    };
                    let exact: Vec<Scored> = (whole.iter())
                        .filter(|s| may.binary_search(&s.doc).is_ok())
                        .copied()
                        .collect();
                    assert_eq!(best(exact), best(whole.clone()), "{case} {page_end}");
                    pruned += left.len() - may.len();
                }
            }
        }
        assert!(pruned > 0, "the bound never left an article out");
    }

    /// When the lists show too few matches for a floor, the last clause's exact scores (runs
    /// not yet) at the [`PROBE`] × `page_end` articles of highest bound make one: the
    /// articles whose bound reaches it hold the page of every match and are fewer than those
    /// left, while a floor above the probe's `page_end`-th score loses the page.
    #[test]
    fn a_probe_at_the_highest_bounds_makes_a_floor() {
        let (mut pruned, mut lost) = (0, 0);
        for seed in 0..4 {
            for headline_one_in in [3, 6] {
                let terms = fixture(seed, headline_one_in);
                let (left, whole) = reads(&terms);
                let last = CLAUSES.len() - 1;
                let mut base = combine(
                    left.clone(),
                    best_of(terms[last].clone()),
                    Combine::Intersection,
                );
                for s in &mut base {
                    s.score = headline_bonus(s);
                }
                let (_, most) = bound(&terms, 1.0).of(&left);
                let page = |docs: &[u32], page_end: usize| {
                    let mut scored: Vec<Scored> = (whole.iter())
                        .filter(|s| docs.binary_search(&s.doc).is_ok())
                        .copied()
                        .collect();
                    sort::sort_by(&mut scored, |a, b| {
                        b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc))
                    });
                    scored
                        .into_iter()
                        .take(page_end)
                        .map(|s| s.doc)
                        .collect::<Vec<_>>()
                };
                for page_end in [1, 10] {
                    let probed = reaching(&left, &most, floor_of(most.clone(), PROBE * page_end));
                    assert!(probed.len() < left.len());
                    let found = only(&base, &probed).iter().map(|s| s.score).collect();
                    let floor = floor_of(found, page_end);
                    let docs = reaching(&left, &most, floor);
                    let every: Vec<u32> = left.iter().map(|s| s.doc).collect();
                    let case = format!("seed {seed} 1/{headline_one_in} {page_end}");
                    assert_eq!(page(&docs, page_end), page(&every, page_end), "{case}");
                    pruned += left.len() - docs.len();
                    let above = reaching(&left, &most, floor * 1.5);
                    lost += usize::from(page(&above, page_end) != page(&every, page_end));
                }
            }
        }
        assert!(pruned > 0, "the probe's floor never left an article out");
        assert!(lost > 0, "a floor above the probe's never lost the page");
    }
}
