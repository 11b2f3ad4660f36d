//! The best articles of a query of several words in a sharded index, read from the words'
//! headline lists first: where a whole read fetched the narrowest word's postings and the
//! others' blocks at its articles (688 KB for "market venture" in a 1M-article archive),
//! the lists are a few percent of that.
//!
//! A page of several words is mostly articles with two of them or more in the headline: the
//! headline's field weight, the headline factor of the clauses found there and the runs of
//! the words raise them over the rest. Those articles are in two headline lists, so they are
//! found from the lists alone and scored exactly (the other words' blocks at them say whether
//! they match and how much). Every other matching article has one of the words in the
//! headline or none, and [`Bound`] proves how far it can score: when the page's last article
//! passes that, no article left unread can enter the page, which is then exactly the one a
//! whole read gives. When it does not, the read falls back to the whole one.
//!
//! The total of the query is then unknown (every clause would have to be read): it is
//! estimated, and said to be.

use newsdex_format::postings::{headline_list, Posting};
use newsdex_format::skips::Skips;
use newsdex_format::Field;
use newsdex_index::bm25::{headline_factor, impact_bound, K1};
use newsdex_index::sort;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Expansion, Matcher, Plan};
use crate::read::best::BY_BLOCKS_FROM;
use crate::read::docs::Docs;
use crate::read::postings::{headline_postings, read_term, skip_table, WithPositions};
use crate::read::request::Request;
use crate::read::search::{clause_cost, score_posting};
use crate::score::merge::{combine, Combine, Scored};
use crate::score::scoring::{headline_bonus, idf, Scorer};

/// A float sum in another order than the engine's may pass the exact bound by a few units in
/// the last place: the bound is raised by this share.
const SLACK: f32 = 1e-4;

/// The words of `plan` when its page may be read from their headline lists: a sharded index,
/// two clauses or more, each one word as typed in no particular field with a skip table (so
/// a headline list), no exclusion, and lists of fewer bytes than half the narrowest word's
/// postings (what a whole read fetches first), which take at least [`BY_BLOCKS_FROM`].
pub(crate) fn words<'p>(view: &View<'_>, plan: &'p Plan) -> Option<Vec<&'p Expansion>> {
    if !view.postings.is_packed() || plan.clauses.len() < 2 || !plan.excluded.is_empty() {
        return None;
    }
    let words = plan
        .clauses
        .iter()
        .map(|clause| {
            let [matcher] = &clause[..] else { return None };
            let Matcher::Terms(expansions) = &matcher.matcher else {
                return None;
            };
            let [term] = &expansions[..] else { return None };
            let info = &term.info;
            (matcher.field.is_none()
                && term.typos == 0
                && !info.skips.is_empty()
                && !info.headline.is_empty())
            .then_some(term)
        })
        .collect::<Option<Vec<&Expansion>>>()?;
    let lists: usize = words.iter().map(|term| term.info.headline.len()).sum();
    let narrowest = words.iter().min_by_key(|term| term.info.doc_freq)?;
    let postings = narrowest.info.postings.len();
    (postings >= BY_BLOCKS_FROM && 2 * lists <= postings).then_some(words)
}

/// One word's headline list: its articles (ascending), each one's score for the word (no
/// headline bonus yet) and headline positions.
pub(crate) struct List {
    ordinal: u64,
    scored: Vec<Scored>,
    positions: Vec<Vec<u32>>,
}

/// What the headline lists of a query's words give: the articles with two words or more in
/// the headline that match every clause, scored as a whole read scores them (headline bonus
/// included, runs not yet), the bound on every other match's score, and the lists.
pub(crate) struct Read {
    pub matched: Vec<Scored>,
    pub bound: f32,
    pub lists: Vec<List>,
    pub total: usize,
}

impl Read {
    /// Whether the best `page_end` of the matches (runs raised) are the best of every match:
    /// as many as that, the last scoring above [`Read::bound`].
    pub fn answers(&self, page_end: usize) -> bool {
        let Some(last) = page_end.checked_sub(1).filter(|&l| l < self.matched.len()) else {
            return false;
        };
        let mut scores: Vec<f32> = self.matched.iter().map(|s| s.score).collect();
        *sort::select_by(&mut scores, last, |a, b| b.total_cmp(a)) > self.bound
    }
}

/// The headline positions of `docs` (ascending) of the word with `ordinal`, when `lists` hold
/// its list: an article not in it has none.
pub(crate) fn positions_of(lists: &[List], ordinal: u64, docs: &[u32]) -> Option<Vec<Vec<u32>>> {
    let list = lists.iter().find(|list| list.ordinal == ordinal)?;
    Some(
        docs.iter()
            .map(|doc| {
                list.scored
                    .binary_search_by_key(doc, |s| s.doc)
                    .map_or_else(|_| Vec::new(), |i| list.positions[i].clone())
            })
            .collect(),
    )
}

/// Reads the headline lists of `words` (the clauses of `plan`, in order) with their skip
/// tables, then the other words' blocks at the articles with two words or more in the
/// headline; `None` while bytes are missing (recorded in `request`: the lists and tables in
/// one round, the blocks in the next).
pub(crate) fn read(
    view: &View<'_>,
    plan: &Plan,
    words: &[&Expansion],
    request: &mut Request<'_>,
) -> Result<Option<Read>> {
    let doc_count = view.meta.doc_count;
    let mut tables: Vec<Option<Skips<'_>>> = Vec::with_capacity(words.len());
    let mut bytes = Vec::with_capacity(words.len());
    for term in words {
        tables.push(skip_table(view, term, WithPositions::No, request)?);
        let ordinal = term.ordinal;
        let outside = || format!("the headline list of term {ordinal} lies outside the section");
        bytes.push(request.get(&view.postings, term.info.headline.clone(), outside)?);
    }
    let (Some(tables), Some(bytes)) = (
        tables.into_iter().collect::<Option<Vec<_>>>(),
        bytes.into_iter().collect::<Option<Vec<_>>>(),
    ) else {
        return Ok(None);
    };
    let scorers: Vec<Scorer<'_>> = words
        .iter()
        .map(|term| Scorer::new(view, idf(view, term.info.doc_freq), None))
        .collect();
    // Word `i`'s score in a posting, as a whole read scores it.
    let score = |i: usize, posting: &Posting| {
        let (doc, freqs, norms) = (posting.doc, &posting.freqs, &posting.norms);
        score_posting(
            &plan.clauses[i][0],
            words[i],
            &scorers[i],
            doc,
            freqs,
            norms,
        )
    };
    let mut lists = Vec::with_capacity(words.len());
    for (i, term) in words.iter().enumerate() {
        tables[i].verify_headline(bytes[i])?;
        let (mut scored, mut positions) = (Vec::new(), Vec::new());
        headline_postings(
            headline_list(bytes[i], doc_count)?,
            &mut |posting, found| {
                if let Some(s) = score(i, posting) {
                    scored.push(s);
                    positions.push(found[Field::Title as usize].clone());
                }
            },
        )?;
        lists.push(List {
            ordinal: term.ordinal,
            scored,
            positions,
        });
    }
    // The articles in two lists or more.
    let mut every: Vec<u32> = lists
        .iter()
        .flat_map(|list| list.scored.iter().map(|s| s.doc))
        .collect();
    sort::sort(&mut every);
    let mut in_two: Vec<u32> = every
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    in_two.dedup();
    // Each word at those of them whose headline does not hold it: from its blocks.
    let mut per_word = Vec::with_capacity(words.len());
    let mut all_read = true;
    for (i, term) in words.iter().enumerate() {
        let list = &lists[i].scored;
        let (mut held, mut elsewhere) = (Vec::new(), Vec::new());
        for &doc in &in_two {
            match list.binary_search_by_key(&doc, |s| s.doc) {
                Ok(at) => held.push(list[at]),
                Err(_) => elsewhere.push(doc),
            }
        }
        let mut found = Vec::new();
        if !elsewhere.is_empty() {
            all_read &= read_term(
                view,
                term,
                Docs::Only(&elsewhere),
                WithPositions::No,
                request,
                &mut |posting, _| found.extend(score(i, posting)),
            )?;
        }
        per_word.push(combine(held, found, Combine::Union));
    }
    if !all_read {
        return Ok(None);
    }
    // Intersected in the order a whole read intersects the clauses (see
    // `crate::read::search::run`), so that the float sums, and the scores, are the same.
    let mut order: Vec<usize> = (0..words.len()).collect();
    sort::sort_by_key(&mut order, |&i| clause_cost(&plan.clauses[i]));
    let mut matched: Option<Vec<Scored>> = None;
    for &i in &order {
        let list = std::mem::take(&mut per_word[i]);
        matched = Some(match matched {
            None => list,
            Some(so_far) => combine(so_far, list, Combine::Intersection),
        });
    }
    let mut matched = matched.unwrap_or_default();
    for scored in &mut matched {
        scored.score = headline_bonus(scored);
    }
    let caps: Vec<f32> = words
        .iter()
        .zip(&tables)
        .map(|(term, table)| {
            let best = impact_bound(table.max_impact()).min(K1 + 1.0);
            term.weight * idf(view, term.info.doc_freq) * best
        })
        .collect();
    let bound = Bound::new(caps).of_rest(&lists, &in_two);
    let total = estimate(view, words, matched.len());
    Ok(Some(Read {
        matched,
        bound,
        lists,
        total,
    }))
}

/// The bound on the scores of the matches of a query of one-word clauses that have at most
/// one of the words in the headline.
///
/// A whole read scores an article that matches every clause
/// `(Σ_w s_w) × headline_factor(k, L) × raise`, where `s_w` is the word's BM25F score in
/// it (`weight × idf × saturate(weighted occurrences)`, see [`Scorer`]), `k` the clauses
/// found in its headline and `L` the headline's length (`1 + k/2 + min(k/L, 1)`, see
/// [`headline_factor`]), and `raise` the headline run bonus. With two clauses or more, only
/// articles with two in the headline are raised (`crate::read::proximity`), so for `k ≤ 1`
/// `raise` is 1. A word not in an article's headline scores there at most
/// `weight × idf × min(2.2, m)`: saturation stays below `K1 + 1`, and its posting's impact
/// (its score over its idf with no headline bonus, since the headline does not hold it) is at
/// most the highest impact bound `m` of the word's skip table (`newsdex_index::bm25::impact`).
/// Call that the word's cap `c_w`. So:
/// - an article in no list (`k = 0`, factor 1) scores at most `Σ_w c_w`;
/// - an article in exactly the list of `v` (`k = 1`) scores at most
///   `(s_v + Σ_{w≠v} c_w) × headline_factor(1, L)`, with `s_v` and `L` read from the list.
///
/// Articles in two lists or more are scored exactly and are not bounded here.
struct Bound {
    caps: Vec<f32>,
}

impl Bound {
    fn new(caps: Vec<f32>) -> Bound {
        Bound { caps }
    }

    /// The highest score a match outside `in_two` (ascending) can have, given each word's
    /// headline list (scores without headline bonus), raised by [`SLACK`].
    fn of_rest(&self, lists: &[List], in_two: &[u32]) -> f32 {
        let all: f32 = self.caps.iter().sum();
        let mut bound = all;
        for (list, cap) in lists.iter().zip(&self.caps) {
            let others = all - cap;
            for scored in &list.scored {
                if in_two.binary_search(&scored.doc).is_err() {
                    let factor = headline_factor(1, scored.title_norm);
                    bound = bound.max((scored.score + others) * factor);
                }
            }
        }
        bound * (1.0 + SLACK)
    }
}

/// An estimate of how many articles match every one of `words`, `found` of them known: the
/// narrowest word's articles times the share of the archive each other word is in, as if the
/// words occurred independently. Words of a query go together more often than that, so it
/// is kept at least `found`, and at most the narrowest word's articles, which every match
/// is one of.
fn estimate(view: &View<'_>, words: &[&Expansion], found: usize) -> usize {
    let n = f64::from(view.meta.doc_count.max(1));
    let mut dfs: Vec<f64> = words.iter().map(|t| f64::from(t.info.doc_freq)).collect();
    sort::sort_by(&mut dfs, |a, b| a.total_cmp(b));
    let narrowest = dfs.first().copied().unwrap_or(0.0);
    let share: f64 = dfs.iter().skip(1).map(|df| df / n).product();
    ((narrowest * share).round() as usize).clamp(found, narrowest as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex_format::FIELD_COUNT;
    use newsdex_index::bm25::{
        average_lengths, field_weights, impact, impact_byte, saturate, FieldWeights,
    };

    /// A posting's score for a word of `idf`, as [`Scorer`] computes it.
    fn score(weights: &FieldWeights, idf: f32, freqs: &[u32; FIELD_COUNT], norms: &[u8]) -> f32 {
        let mut weighted = 0.0f32;
        for f in 0..FIELD_COUNT {
            if freqs[f] > 0 {
                weighted += freqs[f] as f32 * weights[f][usize::from(norms[f])];
            }
        }
        idf * weighted * (K1 + 1.0) / (K1 + weighted)
    }

    /// Every article of a fixture of three words scored by brute force as a whole read scores
    /// it: none with fewer than two of the words in the headline passes the bound, and the
    /// bound is not loose by more than the caps allow.
    #[test]
    fn no_article_with_one_word_in_the_headline_or_none_passes_the_bound() {
        let weights = field_weights(&average_lengths(&[9_000, 30_000, 400_000, 20_000], 1_000));
        let idfs = [2.5f32, 4.0, 1.2];
        let mut seed = 11u64;
        let mut next = move |n: u32| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32 % n
        };
        // Per article: its norms, and per word its occurrences by field.
        let articles: Vec<([u8; FIELD_COUNT], Vec<[u32; FIELD_COUNT]>)> = (0..2_000)
            .map(|_| {
                let norms = [
                    1 + next(40) as u8,
                    next(60) as u8,
                    next(250) as u8,
                    next(60) as u8,
                ];
                let words = (0..3)
                    .map(|_| {
                        let title = u32::from(next(6) == 0) * (1 + next(2));
                        [title, next(3), next(30), next(2)]
                    })
                    .collect();
                (norms, words)
            })
            .collect();
        // Each word's cap, from the best impact byte its table would keep.
        let caps: Vec<f32> = (0..3)
            .map(|w| {
                let best = articles
                    .iter()
                    .filter(|(_, words)| words[w].iter().any(|&n| n > 0))
                    .map(|(norms, words)| impact_byte(impact(&weights, &words[w], norms)))
                    .max()
                    .unwrap_or(u8::MAX);
                idfs[w] * impact_bound(best).min(K1 + 1.0)
            })
            .collect();
        let mut lists: Vec<List> = (0..3)
            .map(|w| List {
                ordinal: w as u64,
                scored: Vec::new(),
                positions: Vec::new(),
            })
            .collect();
        for (doc, (norms, words)) in articles.iter().enumerate() {
            for (w, freqs) in words.iter().enumerate() {
                if freqs[0] > 0 {
                    lists[w].scored.push(Scored {
                        doc: doc as u32,
                        score: score(&weights, idfs[w], freqs, norms),
                        typos: 0,
                        in_title: 1,
                        title_norm: norms[0],
                    });
                    lists[w].positions.push(vec![0]);
                }
            }
        }
        let in_two: Vec<u32> = articles
            .iter()
            .enumerate()
            .filter(|(_, (_, words))| words.iter().filter(|f| f[0] > 0).count() >= 2)
            .map(|(doc, _)| doc as u32)
            .collect();
        let bound = Bound::new(caps.clone()).of_rest(&lists, &in_two);
        let mut best_rest = 0.0f32;
        for (doc, (norms, words)) in articles.iter().enumerate() {
            if in_two.binary_search(&(doc as u32)).is_ok()
                || !words.iter().all(|f| f.iter().any(|&n| n > 0))
            {
                continue;
            }
            let sum: f32 = (0..3)
                .map(|w| score(&weights, idfs[w], &words[w], norms))
                .sum();
            let k = words.iter().filter(|f| f[0] > 0).count() as u16;
            let title_norm = if k > 0 { norms[0] } else { 0 };
            let whole = sum * headline_factor(k, title_norm);
            assert!(whole <= bound, "article {doc}: {whole} > {bound}");
            best_rest = best_rest.max(whole);
        }
        assert!(best_rest > 0.0, "the fixture has matches to bound");
        // The caps are saturations below K1 + 1 at most; the bound is what they allow.
        let all: f32 = caps.iter().sum();
        assert!(all <= (K1 + 1.0) * idfs.iter().sum::<f32>());
        assert!(bound <= 3.0 * (saturate(1e9) * idfs.iter().sum::<f32>()));
    }
}
