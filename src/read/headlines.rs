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
//! headline or none, and [`Bound`] proves how far it can score: from the words' body impacts
//! (what a word adds where the headline does not hold it) and, for an article in one list,
//! its exact score for that word and its headline's length. An article in one list whose
//! bound reaches the page (a short headline, a word saturated there) is scored exactly too,
//! from the other words' blocks. When the page's last article passes the bound of every
//! article left, none can enter the page, which is then exactly the one a whole read gives.
//! When it does not, or when the blocks to read would cost more than the whole read saves,
//! the read falls back to the whole one.
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
/// tables, then the other words' blocks at the articles that must be scored exactly to rank
/// the best `page_end`; `None` while bytes are missing (recorded in `request`: the lists and
/// tables in one round, the blocks in the next, and a third only when the first blocks' page
/// leaves more articles with one word in the headline that may pass it), or when those
/// articles' blocks would cost more than a whole read saves (the request is then complete).
///
/// Scored exactly: the articles with two words or more in the headline, and those with one
/// whose bound (see [`Bound`]) reaches a lower bound on the page's last score, which the
/// articles with every word in the headline give before any block is read (their scores are
/// whole in the lists).
pub(crate) fn read(
    view: &View<'_>,
    plan: &Plan,
    words: &[&Expansion],
    page_end: usize,
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
    let caps: Vec<f32> = words
        .iter()
        .zip(&tables)
        .map(|(term, table)| {
            let best = impact_bound(table.body_impact()).min(K1 + 1.0);
            term.weight * idf(view, term.info.doc_freq) * best
        })
        .collect();
    let bound = Bound::new(caps);
    let headlines = Headlines::of(&lists);
    let matches = |exact: &[u32], request: &mut Request<'_>| {
        exact_matches(view, plan, words, &lists, exact, &score, request)
    };
    let mut exact = headlines.in_two.clone();
    let first = headlines.may_pass(&bound, &lists, &exact, headlines.page_floor(page_end));
    if blocks_cost(&lists, &tables, &first)? <= budget(words) {
        exact = union(&exact, &first);
    }
    let Some(mut matched) = matches(&exact, request)? else {
        return Ok(None);
    };
    // A page whose last does not pass every word's cap is not proven whatever is read.
    let floor = floor_of_matches(&matched, page_end).max(bound.all);
    let more = headlines.may_pass(&bound, &lists, &exact, floor);
    if !more.is_empty() {
        if blocks_cost(&lists, &tables, &more)? > budget(words) {
            return Ok(None);
        }
        exact = union(&exact, &more);
        matched = match matches(&exact, request)? {
            Some(matched) => matched,
            None => return Ok(None),
        };
    }
    for scored in &mut matched {
        scored.score = headline_bonus(scored);
    }
    let bound = bound.of_rest(&lists, &exact);
    let total = estimate(view, words, matched.len());
    Ok(Some(Read {
        matched,
        bound,
        lists,
        total,
    }))
}

/// The matches among `exact` (ascending, each in one of `lists` or more), scored as a whole
/// read scores them but for the headline bonus: each word from its list where it holds the
/// article, else from its blocks there (`score`); `None` while blocks are missing.
fn exact_matches(
    view: &View<'_>,
    plan: &Plan,
    words: &[&Expansion],
    lists: &[List],
    exact: &[u32],
    score: &dyn Fn(usize, &Posting) -> Option<Scored>,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    let mut per_word = Vec::with_capacity(words.len());
    let mut all_read = true;
    for (i, term) in words.iter().enumerate() {
        let list = &lists[i].scored;
        let (mut held, mut elsewhere) = (Vec::new(), Vec::new());
        for &doc in exact {
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
    Ok(Some(matched.unwrap_or_default()))
}

/// The most bytes of blocks the exact scores may fetch: a whole read fetches the narrowest
/// word's postings and more, the lists were under half of those.
fn budget(words: &[&Expansion]) -> usize {
    words
        .iter()
        .map(|term| term.info.postings.len())
        .min()
        .unwrap_or(0)
        / 2
}

/// The bytes of the blocks that scoring `docs` (ascending) exactly reads: per word, those
/// holding the articles whose headline does not hold it.
fn blocks_cost(lists: &[List], tables: &[Skips<'_>], docs: &[u32]) -> Result<usize> {
    let mut bytes = 0;
    for (i, table) in tables.iter().enumerate() {
        let mut last = None;
        for &doc in docs {
            if lists[i].holds(doc) {
                continue;
            }
            let k = table.block_of(doc);
            if last != Some(k) {
                bytes += table.block(k)?.postings.len();
                last = Some(k);
            }
        }
    }
    Ok(bytes)
}

/// The articles of both ascending lists, ascending.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut all = [a, b].concat();
    sort::sort(&mut all);
    all.dedup();
    all
}

/// The `page_end`-th best score of `matched` (headline bonus applied, runs not raised, so at
/// most the page's last once they are), lowered by [`SLACK`]; 0 with fewer matches.
fn floor_of_matches(matched: &[Scored], page_end: usize) -> f32 {
    let mut scores: Vec<f32> = matched.iter().map(headline_bonus).collect();
    floor_of(&mut scores, page_end)
}

/// The `page_end`-th highest of `scores` lowered by [`SLACK`], or 0 when there are fewer.
fn floor_of(scores: &mut [f32], page_end: usize) -> f32 {
    match page_end.checked_sub(1).filter(|&last| last < scores.len()) {
        Some(last) => *sort::select_by(scores, last, |a, b| b.total_cmp(a)) * (1.0 - SLACK),
        None => 0.0,
    }
}

impl List {
    fn holds(&self, doc: u32) -> bool {
        self.scored.binary_search_by_key(&doc, |s| s.doc).is_ok()
    }
}

/// Where the articles of a query's headline lists stand: in two lists or more, or in every.
struct Headlines {
    /// The articles in two lists or more, ascending.
    in_two: Vec<u32>,
    /// The scores (headline bonus applied) of the articles in every list: exact, since every
    /// word's list holds each of them.
    in_all: Vec<f32>,
}

impl Headlines {
    fn of(lists: &[List]) -> Headlines {
        let mut every: Vec<&Scored> = lists.iter().flat_map(|list| &list.scored).collect();
        sort::sort_by_key(&mut every, |s| s.doc);
        let (mut in_two, mut in_all) = (Vec::new(), Vec::new());
        for run in every.chunk_by(|a, b| a.doc == b.doc) {
            if run.len() >= 2 {
                in_two.push(run[0].doc);
            }
            if run.len() == lists.len() {
                let sum: f32 = run.iter().map(|s| s.score).sum();
                let in_title = run.len() as u16;
                in_all.push(sum * headline_factor(in_title, run[0].title_norm));
            }
        }
        Headlines { in_two, in_all }
    }

    /// A lower bound on the page's last score from the articles in every list: 0 when they
    /// are fewer than `page_end`.
    fn page_floor(&self, page_end: usize) -> f32 {
        floor_of(&mut self.in_all.clone(), page_end)
    }

    /// The articles in exactly one list, not in `exact` (ascending), whose bound reaches
    /// `floor`, ascending; none while `floor` is 0 (every one could).
    fn may_pass(&self, bound: &Bound, lists: &[List], exact: &[u32], floor: f32) -> Vec<u32> {
        if floor <= 0.0 {
            return Vec::new();
        }
        let mut docs: Vec<u32> = lists
            .iter()
            .enumerate()
            .flat_map(|(v, list)| {
                list.scored
                    .iter()
                    .filter(move |s| bound.of_one(v, s) >= floor)
                    .map(|s| s.doc)
            })
            .filter(|doc| {
                self.in_two.binary_search(doc).is_err() && exact.binary_search(doc).is_err()
            })
            .collect();
        sort::sort(&mut docs);
        docs.dedup();
        docs
    }
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
/// `raise` is 1. Where an article's headline does not hold word `w`, its posting of `w` has
/// no headline occurrence, so its impact (`newsdex_index::bm25::impact`: the saturation alone,
/// factor 1) is at most the body impact `b_w` its skip table keeps, the highest impact of
/// such postings rounded up (`newsdex_index::bm25::impact_byte`); saturation also stays below
/// `K1 + 1`. So `s_w ≤ weight × idf × min(K1 + 1, b_w)`: call that the word's cap `c_w`.
/// Hence:
/// - an article in no list (`k = 0`, factor 1) scores at most `Σ_w c_w`;
/// - an article in exactly the list of `v` (`k = 1`) scores at most
///   `(s_v + Σ_{w≠v} c_w) × headline_factor(1, L)`, with `s_v` and `L` read exactly from
///   `v`'s list (the posting carries its headline's norm).
///
/// Articles in two lists or more are scored exactly and are not bounded here, nor are the
/// articles with one that were scored exactly because their bound reached the page.
struct Bound {
    caps: Vec<f32>,
    /// `Σ_w c_w`.
    all: f32,
}

impl Bound {
    fn new(caps: Vec<f32>) -> Bound {
        let all = caps.iter().sum();
        Bound { caps, all }
    }

    /// The bound on the score of `scored`, an article in only the list of word `v` (its score
    /// for `v` without headline bonus), raised by [`SLACK`].
    fn of_one(&self, v: usize, scored: &Scored) -> f32 {
        let others = self.all - self.caps[v];
        (scored.score + others) * headline_factor(1, scored.title_norm) * (1.0 + SLACK)
    }

    /// The highest score a match outside `exact` (ascending, every article in two lists among
    /// them) can have, given each word's headline list, raised by [`SLACK`].
    fn of_rest(&self, lists: &[List], exact: &[u32]) -> f32 {
        let mut bound = self.all * (1.0 + SLACK);
        for (v, list) in lists.iter().enumerate() {
            for scored in &list.scored {
                if exact.binary_search(&scored.doc).is_err() {
                    bound = bound.max(self.of_one(v, scored));
                }
            }
        }
        bound
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
    use newsdex_index::bm25::{average_lengths, field_weights, impact, impact_byte, FieldWeights};

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

    /// Articles of a fixture of three words: per article its norms, and per word its
    /// occurrences by field.
    struct Fixture {
        weights: Box<FieldWeights>,
        idfs: [f32; 3],
        articles: Vec<([u8; FIELD_COUNT], Vec<[u32; FIELD_COUNT]>)>,
    }

    impl Fixture {
        /// `headline_one_in` says how rare a word in a headline is, `seed` draws the rest.
        fn new(seed: u64, headline_one_in: u32) -> Fixture {
            let mut seed = seed;
            let mut next = move |n: u32| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as u32 % n
            };
            let articles = (0..2_000)
                .map(|_| {
                    let norms = [
                        1 + next(40) as u8,
                        next(60) as u8,
                        next(250) as u8,
                        next(60) as u8,
                    ];
                    let words = (0..3)
                        .map(|_| {
                            let title = u32::from(next(headline_one_in) == 0) * (1 + next(2));
                            [title, next(3), next(30) * next(2), next(2)]
                        })
                        .collect();
                    (norms, words)
                })
                .collect();
            Fixture {
                weights: field_weights(&average_lengths(&[9_000, 30_000, 400_000, 20_000], 1_000)),
                idfs: [2.5, 4.0, 1.2],
                articles,
            }
        }

        /// Word `w`'s score in article `doc`, without headline bonus.
        fn score(&self, doc: usize, w: usize) -> f32 {
            let (norms, words) = &self.articles[doc];
            score(&self.weights, self.idfs[w], &words[w], norms)
        }

        /// Whether article `doc` matches every word.
        fn matches(&self, doc: usize) -> bool {
            self.articles[doc]
                .1
                .iter()
                .all(|f| f.iter().any(|&n| n > 0))
        }

        /// How many words article `doc` holds in its headline.
        fn in_headline(&self, doc: usize) -> usize {
            self.articles[doc].1.iter().filter(|f| f[0] > 0).count()
        }

        /// Article `doc`'s score as a whole read gives it: the words' scores, the headline
        /// factor, and a run bonus for some with two words or more in the headline.
        fn whole(&self, doc: usize) -> f32 {
            let sum: f32 = (0..3).map(|w| self.score(doc, w)).sum();
            let k = self.in_headline(doc);
            let title_norm = if k > 0 { self.articles[doc].0[0] } else { 0 };
            let raise = if k >= 2 {
                1.0 + (doc % 3) as f32 / 10.0
            } else {
                1.0
            };
            sum * headline_factor(k as u16, title_norm) * raise
        }

        /// Each word's cap, from the body impact its table would keep.
        fn caps(&self) -> Vec<f32> {
            (0..3)
                .map(|w| {
                    let body = self
                        .articles
                        .iter()
                        .filter(|(_, words)| words[w][0] == 0 && words[w].iter().any(|&n| n > 0))
                        .map(|(norms, words)| impact_byte(impact(&self.weights, &words[w], norms)))
                        .max()
                        .unwrap_or(0);
                    self.idfs[w] * impact_bound(body).min(K1 + 1.0)
                })
                .collect()
        }

        /// Each word's headline list, scored as [`read`] scores it.
        fn lists(&self) -> Vec<List> {
            (0..3)
                .map(|w| {
                    let scored: Vec<Scored> = (0..self.articles.len())
                        .filter(|&doc| self.articles[doc].1[w][0] > 0)
                        .map(|doc| Scored {
                            doc: doc as u32,
                            score: self.score(doc, w),
                            typos: 0,
                            in_title: 1,
                            title_norm: self.articles[doc].0[0],
                        })
                        .collect();
                    List {
                        ordinal: w as u64,
                        positions: vec![vec![0]; scored.len()],
                        scored,
                    }
                })
                .collect()
        }

        /// The best `page_end` matches (score, then doc) among `docs`.
        fn best(&self, docs: impl Iterator<Item = usize>, page_end: usize) -> Vec<u32> {
            let mut ranked: Vec<(f32, u32)> = docs
                .filter(|&doc| self.matches(doc))
                .map(|doc| (self.whole(doc), doc as u32))
                .collect();
            sort::sort_by(&mut ranked, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            ranked.truncate(page_end);
            ranked.into_iter().map(|(_, doc)| doc).collect()
        }

        /// The page [`read`] answers with caps `caps`, choosing the articles it scores exactly
        /// as it does, when the bound proves it; with how many articles it scored.
        fn pruned(&self, caps: Vec<f32>, page_end: usize) -> Option<(Vec<u32>, usize)> {
            let lists = self.lists();
            let bound = Bound::new(caps);
            let headlines = Headlines::of(&lists);
            let floor = headlines.page_floor(page_end);
            let first = headlines.may_pass(&bound, &lists, &headlines.in_two, floor);
            let mut exact = union(&headlines.in_two, &first);
            let matched = |exact: &[u32]| -> Vec<Scored> {
                exact
                    .iter()
                    .map(|&doc| doc as usize)
                    .filter(|&doc| self.matches(doc))
                    .map(|doc| Scored {
                        doc: doc as u32,
                        score: self.whole(doc),
                        ..Scored::unscored(0)
                    })
                    .collect()
            };
            let scores = |m: Vec<Scored>| m.iter().map(|s| s.score).collect::<Vec<f32>>();
            let floor = floor_of(&mut scores(matched(&exact)), page_end).max(bound.all);
            let more = headlines.may_pass(&bound, &lists, &exact, floor);
            exact = union(&exact, &more);
            let read = Read {
                matched: matched(&exact),
                bound: bound.of_rest(&lists, &exact),
                lists: Vec::new(),
                total: 0,
            };
            let page = self.best(exact.iter().map(|&doc| doc as usize), page_end);
            read.answers(page_end).then_some((page, exact.len()))
        }
    }

    /// Every article of the fixture scored by brute force as a whole read scores it: none
    /// with one of the words in the headline passes its own bound, none with fewer than two
    /// passes the bound on the rest.
    #[test]
    fn no_article_with_one_word_in_the_headline_or_none_passes_its_bound() {
        let fixture = Fixture::new(11, 6);
        let lists = fixture.lists();
        let bound = Bound::new(fixture.caps());
        let headlines = Headlines::of(&lists);
        let rest = bound.of_rest(&lists, &headlines.in_two);
        let (mut with_one, mut with_none) = (0, 0);
        for doc in 0..fixture.articles.len() {
            if !fixture.matches(doc) || fixture.in_headline(doc) >= 2 {
                continue;
            }
            let whole = fixture.whole(doc);
            assert!(whole <= rest, "article {doc}: {whole} > {rest}");
            match (0..3).find(|&w| fixture.articles[doc].1[w][0] > 0) {
                Some(v) => {
                    with_one += 1;
                    let at = lists[v]
                        .scored
                        .iter()
                        .find(|s| s.doc == doc as u32)
                        .unwrap();
                    let own = bound.of_one(v, at);
                    assert!(whole <= own, "article {doc}: {whole} > {own}");
                }
                None => {
                    with_none += 1;
                    assert!(whole <= bound.all, "article {doc}: {whole} > {}", bound.all);
                }
            }
        }
        assert!(with_one > 50 && with_none > 50, "{with_one} {with_none}");
    }

    /// The page answered from the lists, when the bound proves it, is the page of every
    /// match: over fixtures and pages where the lists prove most pages and score a fraction of
    /// the articles. Caps below the body impacts drop hits, which this test sees.
    #[test]
    fn a_page_proven_from_the_lists_is_the_page_of_every_match() {
        let (mut proven, mut dropped) = (0, 0);
        for seed in 0..6 {
            for headline_one_in in [3, 5, 8] {
                let fixture = Fixture::new(seed, headline_one_in);
                for page_end in [1, 3, 10, 20] {
                    let every = fixture.best(0..fixture.articles.len(), page_end);
                    if let Some((page, scored)) = fixture.pruned(fixture.caps(), page_end) {
                        assert_eq!(page, every, "seed {seed} 1/{headline_one_in} {page_end}");
                        assert!(scored < fixture.articles.len() / 2, "{scored} scored");
                        proven += 1;
                    }
                    let low = fixture.caps().iter().map(|cap| cap / 4.0).collect();
                    if let Some((page, _)) = fixture.pruned(low, page_end) {
                        dropped += usize::from(page != every);
                    }
                }
            }
        }
        assert!(proven >= 36, "{proven} of 72 pages proven");
        assert!(dropped > 0, "caps too low never dropped a hit");
    }
}
