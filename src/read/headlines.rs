//! The best articles of a query of several words in a sharded index, read from the words'
//! headline lists first: where a whole read fetched the narrowest word's postings and the
//! others' blocks at its articles (688 KB for "market venture" in a 1M-article archive),
//! the lists are a few percent of that.
//!
//! A page of several words is mostly articles with two of them or more in the headline: the
//! headline's field weight, the headline factor of the clauses found there and the runs of
//! the words raise them over the rest. Those articles are in two clauses' headline lists, so
//! they are found from the lists alone and scored exactly (the other terms' blocks at them
//! say whether they match and how much). Every other matching article has one of the words
//! in the headline or none, and [`Row::most`] proves how far it can score: from the terms'
//! body impacts (what a term adds where the headline does not hold it) and, for an article
//! in one list, its exact score for that term and its headline's length. An article in one
//! list whose bound reaches the page (a short headline, a word saturated there) is scored
//! exactly too, from the other terms' blocks. When the page's last article passes the bound
//! of every article left, none can enter the page, which is then exactly the one a whole
//! read gives. When it does not, or when the blocks to read would cost more than the whole
//! read saves, the read falls back to the whole one.
//!
//! A word typed with its completions or misspellings is a clause of several terms, the best
//! of which scores an article (see [`Combine::Best`]): its headline list is the union of its
//! terms' lists, its cap the highest of theirs, and a term too rare for a skip table (so for
//! a list) is read whole, every article it is in then known as a listed one is. Matches rank
//! by typos before score: a page is proven only when its last has the fewest typos any
//! match can have, which every article left then has at best.
//!
//! The total of the query is then unknown (every clause would have to be read): it is
//! estimated, and said to be.

use newsdex_format::at::At;
use newsdex_format::postings::{headline_list, Posting};
use newsdex_format::skips::Skips;
use newsdex_format::Field;
use newsdex_index::bm25::{headline_factor, impact_bound, K1};
use newsdex_index::sort;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::read::best::BY_BLOCKS_FROM;
use crate::read::docs::Docs;
use crate::read::postings::{headline_postings, read_term, skip_table, Positions, WithPositions};
use crate::read::proximity::MAX_RAISE;
use crate::read::request::Request;
use crate::read::search::{clause_cost, evaluate_kept, in_every, score_posting, with_bonus};
use crate::score::merge::{best_of, combine, Combine, Scored};
use crate::score::scoring::{term_idf, Scorer};

/// A float sum in another order than the engine's may pass the exact bound by a few units in
/// the last place: bounds are raised, and floors lowered, by this share.
pub(crate) const SLACK: f32 = 1e-4;

/// The clauses of `plan`, each its terms, when its page may be read from their headline
/// lists: a sharded index, two clauses or more, each one word (with its completions or
/// misspellings) in no particular field with a skip table for one term at least, no
/// exclusion, and lists (and the postings of terms without one) of fewer bytes than half the
/// narrowest clause's postings (what a whole read fetches first), which take at least
/// [`BY_BLOCKS_FROM`].
pub(crate) fn clauses<'p>(view: &View<'_>, plan: &'p Plan) -> Option<Vec<&'p [Expansion]>> {
    if !view.postings.is_packed() || plan.clauses.len() < 2 || !plan.excluded.is_empty() {
        return None;
    }
    let clauses = plan
        .clauses
        .iter()
        .map(|clause| {
            let [matcher] = &clause[..] else { return None };
            let Matcher::Terms(terms) = &matcher.matcher else {
                return None;
            };
            (matcher.field.is_none() && terms.iter().any(|t| listed(view, t))).then_some(&terms[..])
        })
        .collect::<Option<Vec<&[Expansion]>>>()?;
    let first: usize = clauses
        .iter()
        .copied()
        .flatten()
        .map(|t| first_read(view, t))
        .sum();
    let (_, narrowest) = plan
        .clauses
        .iter()
        .zip(&clauses)
        .min_by_key(|(clause, _)| clause_cost(clause))?;
    let postings: usize = narrowest.iter().map(|term| term.info.postings.len()).sum();
    (postings >= BY_BLOCKS_FROM && 2 * first <= postings).then_some(clauses)
}

/// Whether `term` is read from its headline list (every term with a skip table has one) rather
/// than whole: when its postings take [`LISTED_FROM`] bytes or more, or it is in 1 article in
/// [`LISTED_SHARE`] or more.
fn listed(view: &View<'_>, term: &Expansion) -> bool {
    let common = u64::from(term.info.doc_freq) * LISTED_SHARE >= u64::from(view.meta.doc_count);
    !term.info.skips.is_empty() && (term.info.postings.len() >= LISTED_FROM || common)
}

/// A term's postings under this many bytes are read whole where the lists are read, unless it
/// is common ([`LISTED_SHARE`]): its scores are then exact at every article, and its cap no
/// longer bounds the rest (a rarer term's higher idf gives a clause its highest cap: one of a
/// prefix's completions, a misspelling's rarer corrections). Tuned on the 1M-article
/// archive's typo and prefix queries (seeds 11 and 13 of the first-answer draw): 12, 20, 32,
/// 48 and 80 KiB tried.
const LISTED_FROM: usize = 32 * 1024;
/// A term in 1 article in this many or more is read from its list whatever its bytes: its
/// cap is low, and its postings many in a smaller archive (about 16,000 articles at 1M).
const LISTED_SHARE: u64 = 64;

/// The bytes of postings the lists' read fetches first for `term`: its headline list, or its
/// postings whole when it has none.
pub(crate) fn first_read(view: &View<'_>, term: &Expansion) -> usize {
    match listed(view, term) {
        true => term.info.headline.len(),
        false => term.info.postings.len(),
    }
}

/// One term's headline list, or every posting of a term without one: its articles
/// (ascending), each one's score for the term (no headline bonus yet) and headline positions.
pub(crate) struct List {
    ordinal: u64,
    scored: Vec<Scored>,
    positions: Vec<Vec<u32>>,
}

impl List {
    fn find(&self, doc: u32) -> Option<usize> {
        self.scored.binary_search_by_key(&doc, |s| s.doc).ok()
    }
}

/// What the headline lists of a query's clauses give: the articles with two clauses or more
/// in the headline that match every clause, scored as a whole read scores them (headline
/// bonus included, runs not yet), the bound on every other match's score, the fewest typos
/// a match can have, and the lists.
pub(crate) struct Read {
    pub matched: Vec<Scored>,
    pub bound: f32,
    typos: u16,
    pub lists: Vec<List>,
    pub total: usize,
}

impl Read {
    /// Whether the best `page_end` of the matches (runs raised) are the best of every match:
    /// as many as that with the fewest typos, the last scoring above [`Read::bound`].
    pub fn answers(&self, page_end: usize) -> bool {
        nth_best(fewest_typos(&self.matched, self.typos), page_end).is_some_and(|s| s > self.bound)
    }
}

/// The scores of the matches with `typos`, the fewest any match can have: those rank first.
fn fewest_typos(matched: &[Scored], typos: u16) -> Vec<f32> {
    matched
        .iter()
        .filter(|s| s.typos == typos)
        .map(|s| s.score)
        .collect()
}

/// The headline positions of `docs` (ascending) of the term with `ordinal`, when `lists` hold
/// its list: an article not in it has none.
pub(crate) fn positions_of(lists: &[List], ordinal: u64, docs: &[u32]) -> Option<Vec<Vec<u32>>> {
    let list = lists.iter().find(|list| list.ordinal == ordinal)?;
    Some(
        docs.iter()
            .map(|&doc| {
                list.find(doc)
                    .map_or_else(Vec::new, |i| list.positions.at(i).clone())
            })
            .collect(),
    )
}

/// One term of a clause, as the bound sees it.
#[derive(Clone, Copy)]
struct Term {
    clause: usize,
    /// At most what the term scores in an article whose headline does not hold it, when it
    /// has a headline list; `None` for a term read whole.
    cap: Option<f32>,
    typos: u16,
}

/// Reads the headline lists of the terms of `clauses` (the clauses of `plan`, in order) with
/// their skip tables, and the postings of those without one, then the other terms' blocks at
/// the articles that must be scored exactly to rank the best `page_end`; `None` while bytes
/// are missing (recorded in `request`: the lists and tables in one round, the blocks in the
/// next, and, when `again`, a third only when the first blocks' page leaves more articles
/// with one clause in the headline or none that may pass it), or when those articles' blocks
/// would cost more than a whole read saves or need a round not allowed (the request is then
/// complete).
///
/// Scored exactly: the articles with two clauses or more in the headline, and those with one
/// or none whose bound (see [`Row::most`]) reaches a lower bound on the page's last score,
/// which the articles with every clause in the headline give before any block is read.
pub(crate) fn read(
    view: &View<'_>,
    plan: &Plan,
    clauses: &[&[Expansion]],
    page_end: usize,
    again: bool,
    request: &mut Request<'_>,
) -> Result<Option<Read>> {
    let all: Vec<(usize, &Expansion)> = (clauses.iter().enumerate())
        .flat_map(|(c, terms)| terms.iter().map(move |term| (c, term)))
        .collect();
    let scorers: Vec<Scorer<'_>> = all
        .iter()
        .map(|(_, term)| Scorer::new(view, term_idf(view, term), None))
        .collect();
    // Term `i`'s score in a posting, as a whole read scores it.
    let score = |i: usize, posting: &Posting| {
        let (c, term) = *all.at(i);
        let (doc, freqs, norms) = (posting.doc, &posting.freqs, &posting.norms);
        score_posting(
            plan.clauses.at(c).at(0),
            term,
            scorers.at(i),
            doc,
            freqs,
            norms,
        )
    };
    let (mut lists, mut terms, mut tables) = (Vec::new(), Vec::new(), Vec::new());
    let mut complete = true;
    for (i, &(clause, term)) in all.iter().enumerate() {
        let mut list = List {
            ordinal: term.ordinal,
            scored: Vec::new(),
            positions: Vec::new(),
        };
        let mut add = |posting: &Posting, found: &Positions| {
            if let Some(s) = score(i, posting) {
                list.scored.push(s);
                list.positions.push(found[Field::Title as usize].clone());
            }
        };
        let mut cap = None;
        if listed(view, term) {
            let table;
            (table, cap) = headline_list_of(view, term, request, &mut add)?;
            complete &= cap.is_some();
            tables.push(table);
        } else {
            let docs = Docs::All;
            complete &= read_term(view, term, docs, WithPositions::Headline, request, &mut add)?;
            tables.push(None);
        }
        lists.push(list);
        terms.push(Term {
            clause,
            cap,
            typos: u16::from(term.typos),
        });
    }
    if !complete {
        return Ok(None);
    }
    let headlines = Headlines::of(clauses.len(), &terms, &lists);
    // The bytes of the blocks that scoring `docs` (ascending) exactly reads: per term with a
    // list, those holding the articles its list does not hold.
    let blocks_cost = |docs: &[u32]| -> Result<usize> {
        let mut bytes = 0;
        for (list, table) in lists.iter().zip(&tables) {
            let Some(table) = table else { continue };
            let mut last = None;
            for &doc in docs.iter().filter(|&&doc| list.find(doc).is_none()) {
                let k = table.block_of(doc);
                if last != Some(k) {
                    bytes += table.block(k)?.postings.len();
                    last = Some(k);
                }
            }
        }
        Ok(bytes)
    };
    // The most bytes of blocks the exact scores may fetch: a whole read fetches the narrowest
    // clause's postings and more, the lists were under half of those.
    let budget = (clauses.iter())
        .map(|terms| terms.iter().map(|t| t.info.postings.len()).sum::<usize>())
        .min()
        .unwrap_or(0)
        / 2;
    let Some((matched, exact)) = headlines.choose(
        page_end,
        again,
        |docs| Ok(blocks_cost(docs)? <= budget),
        |exact| exact_matches(view, plan, &all, &lists, exact, &score, request),
    )?
    else {
        return Ok(None);
    };
    let bound = headlines.rest(&exact);
    let total = estimate(view, plan, matched.len());
    Ok(Some(Read {
        matched,
        bound,
        typos: headlines.typos,
        lists,
        total,
    }))
}

/// Hands `add` each posting of the headline list of `term` (which has a skip table) with its
/// headline positions, and returns the term's skip table and the most it scores in an article
/// whose headline does not hold it (its cap, see [`Headlines`]); the cap is `None` while bytes
/// are missing (recorded in `request`, the list's with the table's).
pub(crate) fn headline_list_of<'v>(
    view: &View<'v>,
    term: &Expansion,
    request: &mut Request<'_>,
    add: &mut dyn FnMut(&Posting, &Positions),
) -> Result<(Option<Skips<'v>>, Option<f32>)> {
    let table = skip_table(view, term, WithPositions::No, request)?;
    let cap = match read_headline_list(view, term, table.as_ref(), request, add)? {
        true => table.as_ref().map(|table| cap_of(view, term, table)),
        false => None,
    };
    Ok((table, cap))
}

/// Hands `add` each posting of the headline list of `term`, whose skip table is `table` when
/// it is at hand, and says whether it did: not while bytes are missing (the list's are asked
/// for whether the table is at hand or not, so that both come in one round).
fn read_headline_list(
    view: &View<'_>,
    term: &Expansion,
    table: Option<&Skips<'_>>,
    request: &mut Request<'_>,
    add: &mut dyn FnMut(&Posting, &Positions),
) -> Result<bool> {
    let ordinal = term.ordinal;
    let outside = || format!("the headline list of term {ordinal} lies outside the section");
    let bytes = request.get(&view.postings, term.info.headline.clone(), outside)?;
    let (Some(table), Some(bytes)) = (table, bytes) else {
        return Ok(false);
    };
    table.verify_headline(bytes)?;
    headline_postings(headline_list(bytes, view.meta.doc_count)?, add)?;
    Ok(true)
}

/// The most `term` scores in an article whose headline does not hold it, from its skip table.
fn cap_of(view: &View<'_>, term: &Expansion, table: &Skips<'_>) -> f32 {
    let best = impact_bound(table.body_impact()).min(K1 + 1.0);
    term.weight * term_idf(view, term) * best
}

/// The postings of `term`'s headline list scored as `single` (a matcher of that term alone)
/// scores them, kept in the request's memo between rounds, and the term's cap (see
/// [`headline_list_of`]); `None` while bytes are missing (recorded in `request`).
fn scored_list(
    view: &View<'_>,
    single: &FieldMatcher,
    term: &Expansion,
    request: &mut Request<'_>,
) -> Result<Option<(Vec<Scored>, f32)>> {
    let table = skip_table(view, term, WithPositions::No, request)?;
    let scorer = Scorer::new(view, term_idf(view, term), single.field);
    let read = |request: &mut Request<'_>| -> Result<Option<Vec<Scored>>> {
        let mut list = Vec::new();
        let listed = read_headline_list(view, term, table.as_ref(), request, &mut |p, _| {
            list.extend(score_posting(
                single, term, &scorer, p.doc, &p.freqs, &p.norms,
            ))
        })?;
        Ok(listed.then_some(list))
    };
    let list = match request.memo() {
        Some(memo) => memo.headline_scores(single, || read(request))?,
        None => read(request)?,
    };
    Ok(list
        .zip(table.as_ref())
        .map(|(list, table)| (list, cap_of(view, term, table))))
}

/// `matcher` matching `terms` instead of its own.
pub(crate) fn with_terms(matcher: &FieldMatcher, terms: Vec<Expansion>) -> FieldMatcher {
    FieldMatcher {
        field: matcher.field,
        matcher: Matcher::Terms(terms),
        span: matcher.span,
    }
}

/// What `terms` (of `matcher`'s clause) are known to score without their blocks: the best of
/// them per article, in doc order, from each one's headline list or, too rare for one, its
/// postings whole; and the highest cap of those with a list (0 when none); `None` while bytes
/// are missing (all of them recorded in `request`).
pub(crate) fn known_scores(
    view: &View<'_>,
    matcher: &FieldMatcher,
    terms: &[Expansion],
    request: &mut Request<'_>,
) -> Result<Option<(Vec<Scored>, f32)>> {
    let (mut lists, mut cap, mut complete) = (Vec::new(), 0.0f32, true);
    for term in terms {
        let single = with_terms(matcher, vec![term.clone()]);
        let list = match listed(view, term) {
            true => scored_list(view, &single, term, request)?,
            // Read whole: no cap.
            false => evaluate_kept(view, &single, Docs::All, request)?.map(|list| (list, 0.0)),
        };
        complete &= list.is_some();
        if let Some((list, term_cap)) = list {
            cap = cap.max(term_cap);
            lists.push(list);
        }
    }
    Ok(complete.then(|| (best_of(lists), cap)))
}

/// The matches among `exact` (ascending), scored as a whole read scores them but for the
/// headline bonus: each term from its list where it holds the article, else from its blocks
/// there (`score`), a term without a list only where it is; `None` while blocks are missing.
fn exact_matches(
    view: &View<'_>,
    plan: &Plan,
    all: &[(usize, &Expansion)],
    lists: &[List],
    exact: &[u32],
    score: &dyn Fn(usize, &Posting) -> Option<Scored>,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    let mut per_clause: Vec<Vec<Vec<Scored>>> = vec![Vec::new(); plan.clauses.len()];
    let mut all_read = true;
    for (i, &(clause, term)) in all.iter().enumerate() {
        let list = lists.at(i);
        let (mut held, mut elsewhere) = (Vec::new(), Vec::new());
        for &doc in exact {
            match list.find(doc) {
                Some(at) => held.push(*list.scored.at(at)),
                None => elsewhere.push(doc),
            }
        }
        let mut found = Vec::new();
        if listed(view, term) && !elsewhere.is_empty() {
            all_read &= read_term(
                view,
                term,
                Docs::Only(&elsewhere),
                WithPositions::No,
                request,
                &mut |posting, _| found.extend(score(i, posting)),
            )?;
        }
        per_clause
            .at_mut(clause)
            .push(combine(held, found, Combine::Union));
    }
    if !all_read {
        return Ok(None);
    }
    let per_clause = per_clause.into_iter().map(best_of).collect();
    Ok(Some(in_every(plan, per_clause)))
}

/// The `page_end`-th highest of `scores`, `None` when there are fewer.
pub(crate) fn nth_best(mut scores: Vec<f32>, page_end: usize) -> Option<f32> {
    let last = page_end
        .checked_sub(1)
        .filter(|&last| last < scores.len())?;
    Some(*sort::select_by(&mut scores, last, |a, b| b.total_cmp(a)))
}

/// The `page_end`-th highest of `scores` lowered by [`SLACK`], or 0 when there are fewer.
// Shared by the bounded reads: one copy in the modules, not one inlined in each (as below).
#[inline(never)]
pub(crate) fn floor_of(scores: Vec<f32>, page_end: usize) -> f32 {
    nth_best(scores, page_end).map_or(0.0, |best| best * (1.0 - SLACK))
}

/// The articles of `scored` whose bound in `most` (one each) reaches `floor`, in their order.
#[inline(never)]
pub(crate) fn reaching(scored: &[Scored], most: &[f32], floor: f32) -> Vec<u32> {
    (scored.iter().zip(most))
        .filter(|&(_, &most)| most >= floor)
        .map(|(s, _)| s.doc)
        .collect()
}

/// The entries of `list` (in doc order) at `docs` (ascending).
#[inline(never)]
pub(crate) fn only(list: &[Scored], docs: &[u32]) -> Vec<Scored> {
    let mut at = 0;
    (docs.iter())
        .filter_map(|&doc| entry(list, &mut at, doc).copied())
        .collect()
}

/// What the lists say of one article found in them.
struct Row {
    doc: u32,
    /// The clauses whose headline lists hold it: exact, since a term whose list does not hold
    /// it is not in its headline.
    in_title: u16,
    title_norm: u8,
    /// The sum of its clauses' scores at most, before the headline factor: per clause the
    /// best of its terms' scores the lists give, or the cap of a term with a list that does
    /// not hold it when higher (see [`Headlines::of`]).
    most: f32,
    /// Its score at least, headline factor included, when every clause's list holds it with
    /// the fewest typos the clause has (so has the article): its clauses can only score more
    /// with the terms read elsewhere, and runs only raise it.
    least: Option<f32>,
}

impl Row {
    /// The bound on the score of an article with one clause in the headline or none, raised
    /// by [`SLACK`] (see [`Headlines`]).
    fn bound(&self) -> f32 {
        bound(self.most, self.in_title, self.title_norm)
    }
}

/// The most an article can score whose clauses score at most `sum` between them, `in_title`
/// of them in its headline of norm `title_norm`: runs included, raised by [`SLACK`].
pub(crate) fn bound(sum: f32, in_title: u16, title_norm: u8) -> f32 {
    let raise = if in_title >= 2 { MAX_RAISE } else { 1.0 };
    sum * headline_factor(in_title, title_norm) * raise * (1.0 + SLACK)
}

/// The entry of `list` (in doc order) for `doc`, `at` moved past the entries before it: asked
/// for ascending docs, a list is walked once.
pub(crate) fn entry<'l>(list: &'l [Scored], at: &mut usize, doc: u32) -> Option<&'l Scored> {
    *at += list.at(*at..).partition_point(|e| e.doc < doc);
    list.get(*at).filter(|e| e.doc == doc)
}

/// Where the articles of a query's headline lists stand, and the bound on the scores of the
/// matches with at most one clause in the headline.
///
/// A whole read scores an article that matches every clause
/// `(Σ_C s_C) × headline_factor(k, L) × raise`, where `s_C` is the best of clause `C`'s
/// terms' scores there (each `weight × idf × saturate(weighted occurrences)`, see [`Scorer`]
/// and [`Combine::Best`]), `k` the clauses found in its headline and `L` the headline's
/// length (`1 + k/2 + min(k/L, 1)`, see [`headline_factor`]), and `raise` the headline run
/// bonus. With two clauses or more, only articles with two in the headline are raised
/// (`crate::read::proximity`), so for `k ≤ 1` `raise` is 1. Where an article's headline does
/// not hold term `t`, its posting of `t` has no headline occurrence, so its impact
/// (`newsdex_index::bm25::impact`: the saturation alone, factor 1) is at most the body impact
/// `b_t` its skip table keeps, the highest impact of such postings rounded up
/// (`newsdex_index::bm25::impact_byte`); saturation also stays below `K1 + 1`. So
/// `s_t ≤ weight × idf × min(K1 + 1, b_t)`: call that the term's cap `c_t`. A term without
/// a skip table is read whole, so where it is not listed it is not. Hence, with `s_C(d)` at
/// most the best of what the lists say of `C`'s terms at `d` and the caps of its terms with
/// a list that does not hold `d` ([`Row::most`]):
/// - an article in no list (`k = 0`, factor 1) scores at most `Σ_C max_t c_t`;
/// - an article in some (`k ≤ 1`) scores at most `(Σ_C s_C(d)) × headline_factor(k, L)`,
///   `k` and `L` read exactly from the lists (a posting carries its headline's norm).
///
/// Its typos are the sum of the fewest of its clauses' terms it holds, so at least the sum
/// of each clause's fewest.
struct Headlines {
    rows: Vec<Row>,
    /// The articles in two clauses' headline lists or more, ascending.
    in_two: Vec<u32>,
    /// `Σ_C max_t c_t`: the bound on an article in no list.
    none: f32,
    /// The fewest typos a match can have.
    typos: u16,
}

impl Headlines {
    /// The rows of the articles in `lists`, the lists of `terms` (in clause order) of a query
    /// of `clauses` clauses.
    fn of(clauses: usize, terms: &[Term], lists: &[List]) -> Headlines {
        // Per clause, its terms with a list by cap, highest first.
        let mut caps: Vec<Vec<(f32, usize)>> = vec![Vec::new(); clauses];
        let mut typos = vec![u16::MAX; clauses];
        for (i, term) in terms.iter().enumerate() {
            if let Some(cap) = term.cap {
                caps.at_mut(term.clause).push((cap, i));
            }
            *typos.at_mut(term.clause) = (*typos.at(term.clause)).min(term.typos);
        }
        for clause in &mut caps {
            sort::sort_by(clause, |a, b| b.0.total_cmp(&a.0));
        }
        let top = |c: usize| caps.at(c).first().map_or(0.0, |&(cap, _)| cap);
        let none: f32 = (0..clauses).map(top).sum();
        let mut every: Vec<(u32, usize, usize)> = (lists.iter().enumerate())
            .flat_map(|(i, list)| (list.scored.iter().enumerate()).map(move |(k, s)| (s.doc, i, k)))
            .collect();
        sort::sort(&mut every);
        let (mut rows, mut in_two) = (Vec::new(), Vec::new());
        for run in every.chunk_by(|a, b| a.0 == b.0) {
            let doc = run[0].0;
            // Per clause, the best of its listed terms here, as `Combine::Best` keeps it.
            let mut best: Vec<Option<Scored>> = vec![None; clauses];
            for &(_, i, k) in run {
                let s = *lists.at(i).scored.at(k);
                let clause = best.at_mut(terms.at(i).clause);
                *clause = Some(match *clause {
                    None => s,
                    Some(b) => *combine(vec![b], vec![s], Combine::Best).at(0),
                });
            }
            let (mut in_title, mut title_norm, mut most) = (0, 0, 0.0);
            let (mut least, mut all_fewest) = (0.0, true);
            for (c, clause) in best.iter().enumerate() {
                // The highest cap of a term whose list does not hold the article.
                let unread = caps
                    .at(c)
                    .iter()
                    .find(|&&(_, i)| run.iter().all(|&(_, j, _)| j != i))
                    .map_or(0.0, |&(cap, _)| cap);
                match clause {
                    Some(s) => {
                        in_title += s.in_title;
                        title_norm = title_norm.max(s.title_norm);
                        most += s.score.max(unread);
                        least += s.score;
                        all_fewest &= s.in_title > 0 && s.typos == *typos.at(c);
                    }
                    None => {
                        most += unread;
                        all_fewest = false;
                    }
                }
            }
            if in_title >= 2 {
                in_two.push(doc);
            }
            let factor = headline_factor(in_title, title_norm);
            rows.push(Row {
                doc,
                in_title,
                title_norm,
                most,
                least: all_fewest.then_some(least * factor),
            });
        }
        Headlines {
            rows,
            in_two,
            none,
            typos: typos
                .iter()
                .map(|&t| if t == u16::MAX { 0 } else { t })
                .sum(),
        }
    }

    /// The matches to rank the best `page_end` with and the articles scored exactly for them
    /// (ascending), or `None` when blocks are missing or cost too much (`affordable` says
    /// whether scoring those articles exactly does not). Scored exactly (by `matches`, `None`
    /// while blocks are missing): the articles in two lists or more, then those whose bound
    /// reaches a floor of the page, first the one the articles in every list make (the one
    /// the articles in no list make when those are fewer than a page), then, when `again`,
    /// the one the articles so scored make (when those are not scored, the lists cannot prove
    /// the page). The headline bonus is applied to the matches.
    fn choose(
        &self,
        page_end: usize,
        again: bool,
        affordable: impl Fn(&[u32]) -> Result<bool>,
        mut matches: impl FnMut(&[u32]) -> Result<Option<Vec<Scored>>>,
    ) -> Result<Option<(Vec<Scored>, Vec<u32>)>> {
        let least = self.rows.iter().filter_map(|row| row.least).collect();
        let mut exact = self.in_two.clone();
        let first = self.may_pass(&exact, floor_of(least, page_end));
        if affordable(&first)? {
            exact = union(&exact, &first);
        }
        // Fewer than a page scored exactly: the floor is then the bound on articles in no list,
        // and those whose bound reaches it are read in the same round, or not at all.
        if exact.len() < page_end {
            let more = self.may_pass(&exact, self.none);
            if !affordable(&more)? {
                return Ok(None);
            }
            exact = union(&exact, &more);
        }
        let Some(mut matched) = matches(&exact)?.map(with_bonus) else {
            return Ok(None);
        };
        // A page whose last does not pass the bound on articles in no list is not proven
        // whatever is read.
        let floor = floor_of(fewest_typos(&matched, self.typos), page_end).max(self.none);
        let more = self.may_pass(&exact, floor);
        if !more.is_empty() {
            if !again || !affordable(&more)? {
                return Ok(None);
            }
            exact = union(&exact, &more);
            let Some(again) = matches(&exact)?.map(with_bonus) else {
                return Ok(None);
            };
            matched = again;
        }
        Ok(Some((matched, exact)))
    }

    /// The articles in the lists, not in `exact` (ascending), whose bound reaches `floor`,
    /// ascending; none while `floor` is 0 (every one could).
    fn may_pass(&self, exact: &[u32], floor: f32) -> Vec<u32> {
        if floor <= 0.0 {
            return Vec::new();
        }
        (self.rows.iter())
            .filter(|row| row.in_title < 2 && row.bound() >= floor)
            .map(|row| row.doc)
            .filter(|doc| exact.binary_search(doc).is_err())
            .collect()
    }

    /// The highest score a match outside `exact` (ascending, every article in two lists among
    /// them) can have, raised by [`SLACK`].
    fn rest(&self, exact: &[u32]) -> f32 {
        (self.rows.iter())
            .filter(|row| exact.binary_search(&row.doc).is_err())
            .map(Row::bound)
            .fold(self.none * (1.0 + SLACK), f32::max)
    }
}

/// The articles of both ascending lists, ascending.
fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut all = [a, b].concat();
    sort::sort(&mut all);
    all.dedup();
    all
}

/// An estimate of how many articles match every clause of `plan`, `found` of them known:
/// the narrowest clause's articles times the share of the archive each other clause is in,
/// as if the words occurred independently. Words of a query go together more often than
/// that, so it is kept at least `found`, and at most the narrowest clause's articles, which
/// every match is one of.
pub(crate) fn estimate(view: &View<'_>, plan: &Plan, found: usize) -> usize {
    let n = f64::from(view.meta.doc_count.max(1));
    let mut dfs: Vec<f64> = (plan.clauses.iter())
        .map(|clause| (clause_cost(clause) as f64).min(n))
        .collect();
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

    use crate::read::fixtures::{bm25, draw, norms, spec, Spec};
    use crate::score::scoring::headline_bonus;

    /// Three words as typed.
    const WORDS: &[&[Spec]] = &[
        &[spec(2.5, 1.0, 0, true, 1)],
        &[spec(4.0, 1.0, 0, true, 1)],
        &[spec(1.2, 1.0, 0, true, 1)],
    ];

    /// A word as typed; a misspelt word's corrections (one and two edits, one of them too
    /// rare for a list; an article may hold only those with two); a prefix's completions
    /// (one of them too rare for a list).
    const EXPANDED: &[&[Spec]] = &[
        &[spec(2.5, 1.0, 0, true, 1)],
        &[
            spec(4.0, 0.5, 1, true, 8),
            spec(3.0, 0.5, 1, true, 10),
            spec(6.0, 0.25, 2, false, 15),
            spec(12.0, 0.25, 2, true, 1),
        ],
        &[
            spec(1.2, 1.0, 0, true, 1),
            spec(2.0, 0.7, 0, true, 3),
            spec(5.0, 0.7, 0, false, 20),
        ],
    ];

    /// Articles of a fixture of three clauses: per article its norms, and per term (clause
    /// after clause) its occurrences by field.
    struct Fixture {
        weights: Box<FieldWeights>,
        specs: Vec<(usize, Spec)>,
        articles: Vec<([u8; FIELD_COUNT], Vec<[u32; FIELD_COUNT]>)>,
    }

    impl Fixture {
        /// `headline_one_in` says how rare a term in a headline is, `seed` draws the rest.
        fn new(seed: u64, headline_one_in: u32, clauses: &[&[Spec]]) -> Fixture {
            let mut next = draw(seed);
            let specs: Vec<(usize, Spec)> = (clauses.iter().enumerate())
                .flat_map(|(c, terms)| terms.iter().map(move |&spec| (c, spec)))
                .collect();
            let articles = (0..2_000)
                .map(|_| {
                    let norms = norms(&mut next);
                    let terms = (specs.iter())
                        .map(|(_, spec)| {
                            let title = u32::from(next(headline_one_in) == 0) * (1 + next(2));
                            let freqs = [title, next(3), next(30) * next(2), next(2)];
                            if next(spec.one_in) == 0 {
                                freqs
                            } else {
                                [0; FIELD_COUNT]
                            }
                        })
                        .collect();
                    (norms, terms)
                })
                .collect();
            Fixture {
                weights: field_weights(&average_lengths(&[9_000, 30_000, 400_000, 20_000], 1_000)),
                specs,
                articles,
            }
        }

        fn clauses(&self) -> usize {
            self.specs.last().map_or(0, |&(c, _)| c + 1)
        }

        /// Term `t`'s posting in article `doc`, scored as [`score_posting`] scores it.
        fn posting(&self, doc: usize, t: usize) -> Option<Scored> {
            let (norms, terms) = &self.articles[doc];
            let freqs = &terms[t];
            let spec = self.specs[t].1;
            freqs.iter().any(|&n| n > 0).then(|| Scored {
                doc: doc as u32,
                score: spec.weight * bm25(&self.weights, spec.idf, freqs, norms),
                typos: spec.typos,
                in_title: u16::from(freqs[0] > 0),
                title_norm: if freqs[0] > 0 { norms[0] } else { 0 },
            })
        }

        /// Article `doc`'s score and typos as a whole read gives them, but for runs: each
        /// clause's best term, the headline factor; `None` unless it matches every clause.
        fn matched(&self, doc: usize) -> Option<Scored> {
            let mut sum: Option<Scored> = None;
            for c in 0..self.clauses() {
                let terms = (0..self.specs.len()).filter(|&t| self.specs[t].0 == c);
                let clause = best_of(
                    terms
                        .map(|t| self.posting(doc, t).into_iter().collect())
                        .collect(),
                );
                let clause = *clause.first()?;
                sum = Some(match sum {
                    None => clause,
                    Some(so_far) => combine(vec![so_far], vec![clause], Combine::Intersection)[0],
                });
            }
            sum
        }

        /// A run bonus for some articles with two clauses or more in the headline.
        fn raise(scored: &mut Scored) {
            if scored.in_title >= 2 {
                scored.score *= 1.0 + (scored.doc % 3) as f32 / 10.0;
            }
        }

        /// Article `doc` as a whole read ranks it: typos, then score with the headline bonus
        /// and runs.
        fn whole(&self, doc: usize) -> Option<Scored> {
            let mut scored = self.matched(doc)?;
            scored.score = headline_bonus(&scored);
            Fixture::raise(&mut scored);
            Some(scored)
        }

        /// Each term as the bound sees it, its cap from the body impact its table would keep.
        fn terms(&self) -> Vec<Term> {
            (0..self.specs.len())
                .map(|t| {
                    let (clause, spec) = self.specs[t];
                    let body = (self.articles.iter())
                        .filter(|(_, terms)| terms[t][0] == 0 && terms[t].iter().any(|&n| n > 0))
                        .map(|(norms, terms)| impact_byte(impact(&self.weights, &terms[t], norms)))
                        .max()
                        .unwrap_or(0);
                    let cap = spec.weight * spec.idf * impact_bound(body).min(K1 + 1.0);
                    Term {
                        clause,
                        cap: spec.listed.then_some(cap),
                        typos: spec.typos,
                    }
                })
                .collect()
        }

        /// Each term's headline list (every posting of a term without one), scored as
        /// [`read`] scores it.
        fn lists(&self) -> Vec<List> {
            (0..self.specs.len())
                .map(|t| {
                    let listed = self.specs[t].1.listed;
                    let scored: Vec<Scored> = (0..self.articles.len())
                        .filter_map(|doc| self.posting(doc, t))
                        .filter(|s| !listed || s.in_title > 0)
                        .collect();
                    List {
                        ordinal: t as u64,
                        positions: vec![vec![0]; scored.len()],
                        scored,
                    }
                })
                .collect()
        }

        fn headlines(&self, terms: &[Term]) -> Headlines {
            Headlines::of(self.clauses(), terms, &self.lists())
        }

        /// The best `page_end` matches (typos, score, then doc) among `docs`.
        fn best(&self, docs: impl Iterator<Item = usize>, page_end: usize) -> Vec<u32> {
            let mut ranked: Vec<Scored> = docs.filter_map(|doc| self.whole(doc)).collect();
            sort::sort_by(&mut ranked, |a, b| {
                (a.typos.cmp(&b.typos))
                    .then(b.score.total_cmp(&a.score))
                    .then(a.doc.cmp(&b.doc))
            });
            ranked.truncate(page_end);
            ranked.into_iter().map(|s| s.doc).collect()
        }

        /// The page [`read`] answers with `terms`' caps, choosing the articles it scores
        /// exactly as it does, when the bound proves it; with how many articles it scored.
        fn pruned(&self, terms: &[Term], page_end: usize) -> Option<(Vec<u32>, usize)> {
            let headlines = self.headlines(terms);
            let matched = |exact: &[u32]| -> Result<Option<Vec<Scored>>> {
                Ok(Some(
                    exact
                        .iter()
                        .filter_map(|&doc| self.matched(doc as usize))
                        .collect(),
                ))
            };
            let (mut matched, exact) = headlines
                .choose(page_end, true, |_| Ok(true), matched)
                .unwrap()?;
            matched.iter_mut().for_each(Fixture::raise);
            let read = Read {
                matched,
                bound: headlines.rest(&exact),
                typos: headlines.typos,
                lists: Vec::new(),
                total: 0,
            };
            let page = self.best(exact.iter().map(|&doc| doc as usize), page_end);
            read.answers(page_end).then_some((page, exact.len()))
        }
    }

    /// Every article of the fixtures scored by brute force as a whole read scores it: none
    /// with one clause in the headline or none passes its own bound or the bound on the rest,
    /// nor has fewer typos than the fewest.
    #[test]
    fn no_article_with_one_clause_in_the_headline_or_none_passes_its_bound() {
        for clauses in [WORDS, EXPANDED] {
            let fixture = Fixture::new(11, 6, clauses);
            let headlines = fixture.headlines(&fixture.terms());
            let rest = headlines.rest(&headlines.in_two);
            let (mut listed, mut unlisted) = (0, 0);
            for doc in 0..fixture.articles.len() {
                let Some(whole) = fixture.whole(doc) else {
                    continue;
                };
                assert!(whole.typos >= headlines.typos, "article {doc}");
                if whole.in_title >= 2 {
                    continue;
                }
                let whole = whole.score;
                assert!(whole <= rest, "article {doc}: {whole} > {rest}");
                match headlines.rows.iter().find(|row| row.doc == doc as u32) {
                    Some(row) => {
                        listed += 1;
                        let own = row.bound();
                        assert!(whole <= own, "article {doc}: {whole} > {own}");
                    }
                    None => {
                        unlisted += 1;
                        let none = headlines.none;
                        assert!(whole <= none, "article {doc}: {whole} > {none}");
                    }
                }
            }
            assert!(listed > 50 && unlisted > 50, "{listed} {unlisted}");
        }
    }

    /// The page answered from the lists, when the bound proves it, is the page of every
    /// match: over fixtures of words as typed and of words with misspellings and completions
    /// (ranked by typos first), and pages where the lists prove most pages and score a
    /// fraction of the articles. Caps below the body impacts drop hits, which this test sees.
    #[test]
    fn a_page_proven_from_the_lists_is_the_page_of_every_match() {
        for (clauses, at_least) in [(WORDS, 36), (EXPANDED, 24)] {
            let (mut proven, mut dropped) = (0, 0);
            for seed in 0..6 {
                for headline_one_in in [3, 5, 8] {
                    let fixture = Fixture::new(seed, headline_one_in, clauses);
                    let terms = fixture.terms();
                    let low: Vec<Term> = (terms.iter())
                        .map(|&term| Term {
                            cap: term.cap.map(|cap| cap / 4.0),
                            ..term
                        })
                        .collect();
                    for page_end in [1, 3, 10, 20] {
                        let every = fixture.best(0..fixture.articles.len(), page_end);
                        let case = format!("seed {seed} 1/{headline_one_in} {page_end}");
                        if let Some((page, scored)) = fixture.pruned(&terms, page_end) {
                            assert_eq!(page, every, "{case}");
                            assert!(scored < fixture.articles.len() / 2, "{case}: {scored}");
                            proven += 1;
                        }
                        if let Some((page, _)) = fixture.pruned(&low, page_end) {
                            dropped += usize::from(page != every);
                        }
                    }
                }
            }
            assert!(proven >= at_least, "{proven} of 72 pages proven");
            assert!(dropped > 0, "caps too low never dropped a hit");
        }
    }
}
