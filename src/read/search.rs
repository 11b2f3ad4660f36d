//! Running a plan: postings are decoded per matcher into doc-sorted score lists, alternatives
//! are unioned, clauses intersected and exclusions removed; the survivors are ranked by typos
//! (fewest first), then BM25F score, then id, and the requested page is turned into hits.

use newsdex_format::at::At;
use newsdex_format::dates::NO_DAY;
use newsdex_format::entities::postings as entity_postings;
use newsdex_format::postings::Posting;
use newsdex_format::{Field, FIELD_COUNT};
use newsdex_index::sort;
use newsdex_index::{Analyzer, Language};

use crate::error::{ErrorKind, Result};
use crate::index::pack::coalesce;
use crate::index::pieces::{fetch_all, Gather};
use crate::index::View;
use crate::query::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::query::{self, Query};
use crate::read::best;
use crate::read::docs::Docs;
use crate::read::fewest;
use crate::read::headlines;
use crate::read::last;
use crate::read::memo::Memo;
use crate::read::phrase::phrase;
use crate::read::postings::{read_term, WithPositions};
use crate::read::proximity::raise_headline_runs;
use crate::read::request::Request;
use crate::read::text_match;
use crate::score::merge::{best_of, combine, Combine, Scored};
use crate::score::rank::{key, rank};
use crate::score::scoring::{entity_score, headline_bonus, idf, term_idf, Scorer};
use crate::views::facets::{self, facets};
use crate::views::highlight::Highlighter;
use crate::views::results::{Facets, Hit, SearchOptions, SearchResults, Sort};
use crate::views::stories::{collapse, ids, Collapsed};

/// Searches `view` for `text`.
pub(crate) fn search(
    view: &View<'_>,
    text: &str,
    options: &SearchOptions,
    memo: Option<&Memo>,
) -> Result<SearchResults> {
    #[cfg(not(target_arch = "wasm32"))]
    let started = std::time::Instant::now();
    let ranked = ranked(view, text, options, memo)?;
    let docs: Vec<u32> = ranked
        .page
        .iter()
        .skip(options.offset)
        .map(|s| s.doc)
        .collect();
    let (hits, facets) = page_hits(view, &ranked, &docs, options.facets)?;
    Ok(SearchResults {
        total: ranked.total,
        total_exact: ranked.total_exact,
        // wasm32 has no clock without JavaScript: the wasm modules time a search at their edge.
        #[cfg(not(target_arch = "wasm32"))]
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        #[cfg(target_arch = "wasm32")]
        took_ms: 0.0,
        hits,
        facets,
    })
}

/// Plans `text` in `view`, a segment being surveyed, with misspellings or without: what the
/// plan finds is told to the survey. Returns the ordinals of every term the plan reads, whose
/// statistics are then counted over every segment.
#[cfg(feature = "segments")]
pub(crate) fn survey(view: &View<'_>, text: &str, misspellings: bool) -> Result<Vec<u64>> {
    let query = query::parse_for(view, text);
    let plan = match misspellings {
        true => Plan::new(view, &query, &Analyzer::new())?,
        false => Plan::as_typed(view, &query, &Analyzer::new())?,
    };
    let terms = |m: &FieldMatcher| match &m.matcher {
        Matcher::Terms(terms) | Matcher::Phrase { terms, .. } => terms.clone(),
        _ => Vec::new(),
    };
    Ok(plan
        .positive()
        .chain(&plan.excluded)
        .flat_map(terms)
        .map(|e| e.ordinal)
        .collect())
}

/// A search's page ranked before its hits are made: what a segmented index merges its
/// segments' pages by, so that only the articles on the merged page have their texts read.
#[cfg_attr(not(feature = "segments"), allow(dead_code))]
pub(crate) struct Ranked {
    plan: Plan,
    /// The best `offset + limit` matches, in rank order.
    page: Vec<Scored>,
    pub total: usize,
    pub total_exact: bool,
    /// Every match, in doc order.
    pub matched: Vec<u32>,
    /// Each of `page`'s [`rank`] key, in a segment of a segmented index (empty otherwise).
    pub keys: Vec<u128>,
    collapsed: Option<Collapsed>,
}

impl Ranked {
    /// The articles of the page, in rank order.
    #[cfg(feature = "segments")]
    pub fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.page.iter().map(|s| s.doc)
    }

    /// In a segment, the kept matches of groups of copies across segments.
    #[cfg(feature = "segments")]
    pub fn across(&self) -> &[crate::views::stories::Across] {
        self.collapsed.as_ref().map_or(&[], |c| &c.across)
    }

    fn copies_of(&self, doc: u32) -> &[u32] {
        self.collapsed.as_ref().map_or(&[], |c| c.copies_of(doc))
    }
}

/// The matches of `text` in `view` and their best `offset + limit` ranked, as [`search`]
/// ranks them; their hits are not made (see [`page_hits`]). Inlined, as [`page_hits`]: the
/// search module calls each once, and the calls cost it about 330 bytes brotli.
#[inline(always)]
pub(crate) fn ranked(
    view: &View<'_>,
    text: &str,
    options: &SearchOptions,
    memo: Option<&Memo>,
) -> Result<Ranked> {
    // The first module's engine answers plain searches, and leaves the rest to the search
    // module.
    #[cfg(feature = "lite")]
    let options = &options
        .plain()
        .ok_or_else(|| crate::Error::from(ErrorKind::LeftToSearchModule))?;
    options.check()?;
    let analyzer = Analyzer::new();
    let query = query::parse_for(view, text);
    let page_end = options.offset.saturating_add(options.limit);
    // A page ranked by relevance alone, without facets, needs only the articles that can
    // make it: a common word's best blocks (see [`best`]).
    let only_page = options.sort == Sort::Relevance
        && options.recency.is_none()
        && !options.collapse
        && !options.facets;
    let (plan, mut matched, read_total) =
        matches(view, &query, &analyzer, page_end, only_page, memo)?;
    let mut all: Vec<u32> = matched.iter().map(|s| s.doc).collect();
    // An order by date or a blend with recency reads the matches' days first (in a sharded
    // index, a round of its own), so that the pieces fetched next are the page's.
    let by_date = options.sort != Sort::Relevance || options.recency.is_some();
    let days = match by_date {
        true => {
            let days = view.days(&all)?;
            if let Some(half_life) = options.recency {
                let newest = view.corpus().map_or(view.meta.newest_day, |c| c.newest_day);
                let now = options.now.unwrap_or(newest);
                for (scored, &day) in matched.iter_mut().zip(&days) {
                    scored.score *= recency_boost(now, day, half_life);
                }
            }
            days
        }
        false => Vec::new(),
    };
    // What ranks first when sorting by date, before typos and score (see [`rank`]): each
    // match's day, the newest or the oldest lowest, those without one last.
    let order_of = |day: u32| match day {
        NO_DAY => u32::MAX,
        day if options.sort == Sort::Newest => u32::MAX - 1 - day,
        day => day,
    };
    let mut order: Option<Vec<u32>> = match options.sort {
        Sort::Relevance => None,
        _ => Some(days.iter().map(|&day| order_of(day)).collect()),
    };
    // One match per story: in a sharded index, a round for the matches' groups.
    let collapsed = match options.collapse {
        true => {
            let collapsed = collapse(view, matched, order)?;
            matched = collapsed.kept.clone();
            order = collapsed.order.clone();
            all = matched.iter().map(|s| s.doc).collect();
            Some(collapsed)
        }
        false => None,
    };
    let total = read_total.map_or(matched.len(), |total| total.count);
    let total_exact = read_total.is_none_or(|total| total.exact);
    // In a segment, only the articles that can make the page of every segment are ranked.
    #[cfg(feature = "segments")]
    if let Some(floor) = view.corpus().and_then(|c| c.page_floor) {
        if order.is_none() {
            matched.retain(|s| key(0, s) <= floor);
        }
    }
    // What ranking, the hits and the facets read, in two rounds of a sharded index: the
    // pieces of the articles that may make the page (their ids break ties), then the page's
    // texts and the entities of the hits and the facets.
    let mut missing = doc_pieces(
        view,
        &plan,
        &likely_page(&matched, page_end, order.as_deref()),
    );
    if options.facets {
        missing.extend(facets::pieces_missing(view, &all));
    }
    fetch_all(missing)?;
    let page = rank(view, matched, page_end, order.as_deref())?;
    let keys = match (view.corpus(), options.sort) {
        (None, _) => Vec::new(),
        (Some(_), Sort::Relevance) => page.iter().map(|s| key(0, s)).collect(),
        (Some(_), _) => {
            let docs: Vec<u32> = page.iter().map(|s| s.doc).collect();
            let days = view.days(&docs)?;
            page.iter()
                .zip(days)
                .map(|(s, day)| key(order_of(day), s))
                .collect()
        }
    };
    Ok(Ranked {
        plan,
        page,
        total,
        total_exact,
        matched: all,
        keys,
        collapsed,
    })
}

/// The hits of the articles `docs` of `ranked`'s page (in its order), and the facets of its
/// matches when asked for: their texts, entities and copies read in one round.
#[inline(always)]
pub(crate) fn page_hits(
    view: &View<'_>,
    ranked: &Ranked,
    docs: &[u32],
    with_facets: bool,
) -> Result<(Vec<Hit>, Option<Facets>)> {
    let mut gather = Gather::default();
    gather.add(fetch_all(doc_pieces(view, &ranked.plan, docs)))?;
    gather.add(fetch_all(
        view.cards_missing(
            docs.iter()
                .flat_map(|&doc| ranked.copies_of(doc).iter().copied()),
        ),
    ))?;
    if let Some(store) = &view.store {
        gather.add(store.missing(docs.iter().copied()).and_then(fetch_all))?;
    }
    let facets = match with_facets {
        true => gather.add(facets(view, &ranked.matched))?,
        false => None,
    };
    gather.finish()?;
    let mut highlighter = Highlighter::new(view, &ranked.plan);
    let hits = ranked
        .page
        .iter()
        .filter(|scored| docs.contains(&scored.doc))
        .map(|&scored| {
            let mut hit = hit(view, &mut highlighter, scored)?;
            hit.duplicates = ids(view, ranked.copies_of(scored.doc))?;
            Ok(hit)
        })
        .collect::<Result<Vec<Hit>>>()?;
    Ok((hits, facets))
}

/// What recency multiplies a score by: `1 + 2^(−age / half_life)`, the age in days from
/// `now` (never below 0); 1 for an article without a date.
fn recency_boost(now: u32, day: u32, half_life: f32) -> f32 {
    if day == NO_DAY || now == NO_DAY {
        return 1.0;
    }
    let age = now.saturating_sub(day) as f32;
    1.0 + (-age / half_life).exp2()
}

/// The plan answered with and its matches, with headline runs raised: the words as typed when
/// they alone fill the page, else the words with their misspellings. With `only_page`, the
/// matches may be only those that can make the page, and the total of all of them comes
/// third (see [`best`] and [`headlines`]).
///
/// Ranking puts matches without typos first, so when those fill the page misspellings could
/// only add to the total and the facets; not looking them up and not reading their postings
/// is most of a sharded query's bytes (Algolia's `typoTolerance: min`, Typesense's
/// `typo_tokens_threshold`). A misspelt word usually matches no term as typed, so the first
/// pass then ends at once.
fn matches(
    view: &View<'_>,
    query: &Query,
    analyzer: &Analyzer,
    page_end: usize,
    only_page: bool,
    memo: Option<&Memo>,
) -> Result<(Plan, Vec<Scored>, Option<Total>)> {
    if let Some(corpus) = view.corpus() {
        let plan = segment_plan(view, query, analyzer, corpus.misspellings)?;
        // A segment reads every match: the bounds of its blocks and headline lists were
        // worked out over its own articles.
        let matched = matches_of(view, &plan, page_end, 0, Read::Whole, memo)?
            .map(|(matched, _)| matched)
            .unwrap_or_default();
        return Ok((plan, matched, None));
    }
    let enough = page_end.max(1);
    let page_only = only_page && page_end > 0;
    // The page from the clauses' headline lists, when they may prove it (see [`headlines`]),
    // reading blocks in two rounds at most when `again`.
    let from_lists = |plan: &Plan, again: bool| match headlines::clauses(view, plan) {
        Some(clauses) if page_only => {
            let read = Read::Headlines(&clauses, again);
            matches_of(view, plan, page_end, enough, read, memo)
        }
        _ => Ok(None),
    };
    let as_typed = Plan::as_typed(view, query, analyzer)?;
    if most_matches(&as_typed) >= enough {
        if let Some((matched, total)) = from_lists(&as_typed, true)? {
            return Ok((as_typed, matched, total));
        }
        let read = match best::by_blocks(view, &as_typed).filter(|_| page_only) {
            Some(term) => Read::Blocks(term),
            None => match last::clause(view, &as_typed).filter(|_| page_only) {
                Some(last) => Read::Last(last),
                None => Read::Whole,
            },
        };
        if let Some((matched, total)) = matches_of(view, &as_typed, page_end, enough, read, memo)? {
            return Ok((as_typed, matched, total));
        }
    }
    let plan = Plan::new(view, query, analyzer)?;
    // Misspellings took a round of their own: one round of blocks keeps a read that falls
    // back within the rounds of one as typed.
    if let Some((matched, total)) = from_lists(&plan, false)? {
        return Ok((plan, matched, total));
    }
    // Only when the fewest-typo terms are likely to fill the page (as if the words occurred
    // independently): otherwise the other terms' lists are read for nothing.
    let fewest = fewest::plan(&plan).filter(|fewest| {
        page_only && view.postings.is_packed() && headlines::estimate(view, fewest, 0) >= enough
    });
    if let Some(fewest) = fewest {
        let read = Read::Fewest(&fewest);
        if let Some((matched, total)) = matches_of(view, &plan, page_end, enough, read, memo)? {
            return Ok((plan, matched, total));
        }
    }
    // A misspelt word beside words spelt right, its misspellings all a typo away ("market
    // venure"): every match has the same typos, so the costliest clause is read where the page
    // may be, as in a query as typed, rather than at every article the others leave.
    let last = last::costliest(view, &plan).filter(|_| page_only && fewest::even(&plan));
    if let Some(last) = last {
        let read = Read::Last(last);
        if let Some((matched, total)) = matches_of(view, &plan, page_end, enough, read, memo)? {
            return Ok((plan, matched, total));
        }
    }
    let matched = matches_of(view, &plan, page_end, 0, Read::Whole, memo)?
        .map(|(matched, _)| matched)
        .unwrap_or_default();
    Ok((plan, matched, None))
}

/// The plan of a segment of a segmented index, with `misspellings` or not: that is decided
/// over every segment's matches.
fn segment_plan(
    view: &View<'_>,
    query: &Query,
    analyzer: &Analyzer,
    misspellings: bool,
) -> Result<Plan> {
    match misspellings {
        true => Plan::new(view, query, analyzer),
        false => Plan::as_typed(view, query, analyzer),
    }
}

/// A segment's matches of `text` before headline runs raise them, as they tell the other
/// segments which articles are re-scored (see [`crate::read::proximity::rescored`]); an
/// error listing the byte ranges to fetch when it lacks them.
#[cfg(feature = "segments")]
pub(crate) fn contenders(
    view: &View<'_>,
    text: &str,
    options: &SearchOptions,
    memo: Option<&Memo>,
) -> Result<crate::read::proximity::Contenders> {
    let query = query::parse_for(view, text);
    let page_end = options.offset.saturating_add(options.limit);
    let misspellings = view.corpus().is_some_and(|corpus| corpus.misspellings);
    let plan = segment_plan(view, &query, &Analyzer::new(), misspellings)?;
    let mut request = Request::new(memo);
    let matched = live(view, run(view, &plan, &mut request)?);
    if !request.is_complete() {
        return Err(ErrorKind::NotFetched {
            ranges: coalesce(request.into_missing(), FETCH_GAP),
        }
        .into());
    }
    Ok(crate::read::proximity::contenders(
        view, &plan, &matched, page_end,
    ))
}

/// `matched` less the articles a later segment removed.
fn live(view: &View<'_>, mut matched: Vec<Scored>) -> Vec<Scored> {
    if view.corpus().is_some() {
        matched.retain(|s| view.live(s.doc));
    }
    matched
}

/// How many articles a query matches when its matches were not all read: exactly (a common
/// word's document frequency), or an estimate.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Total {
    pub count: usize,
    pub exact: bool,
}

/// How the matches of a plan are read.
#[derive(Clone, Copy)]
enum Read<'a> {
    /// Every match.
    Whole,
    /// The plan's one word, by the impacts of its blocks (see [`best`]).
    Blocks(&'a Expansion),
    /// The plan's clauses, each its terms, from their headline lists (see [`headlines`]),
    /// with a second round of blocks or not.
    Headlines(&'a [&'a [Expansion]], bool),
    /// The matches of the plan's terms with the fewest typos (this plan), and the plan's
    /// other terms at those of them that may make the page (see [`fewest`]).
    Fewest(&'a Plan),
    /// The plan's other clauses, and this one only at the articles that may make the page
    /// (see [`last`]).
    Last(usize),
}

/// At most how many articles `plan` matches, from doc frequencies alone: as many as its
/// narrowest clause's alternatives have between them. A first pass that cannot fill the page
/// would only cost a sharded query its rounds of fetches.
fn most_matches(plan: &Plan) -> usize {
    let matches = plan
        .clauses
        .iter()
        .map(|alternatives| clause_cost(alternatives))
        .min();
    usize::try_from(matches.unwrap_or(0)).unwrap_or(usize::MAX)
}

/// The articles `plan` matches, in doc order, with headline runs raised, and their total when
/// not all were read; `None` when they are fewer than `enough` (their headlines are then not
/// read), or when the headline lists cannot prove the page; an error listing the byte ranges
/// to fetch when a sharded index lacks them. Read by blocks or from headline lists, only the
/// articles that can rank among the best `page_end`.
fn matches_of(
    view: &View<'_>,
    plan: &Plan,
    page_end: usize,
    enough: usize,
    read: Read<'_>,
    memo: Option<&Memo>,
) -> Result<Option<(Vec<Scored>, Option<Total>)>> {
    let mut request = Request::new(memo);
    let (mut matched, total, headlines) = match read {
        Read::Whole => (live(view, run(view, plan, &mut request)?), None, None),
        Read::Blocks(term) => {
            let matched = best::best_of_term(view, plan, term, page_end, &mut request)?;
            let total = Total {
                count: term.info.doc_freq as usize,
                exact: true,
            };
            (matched.unwrap_or_default(), Some(total), None)
        }
        Read::Fewest(fewest) => match fewest::read(view, plan, fewest, page_end, &mut request)? {
            Some(matched) => {
                let total = Total {
                    count: headlines::estimate(view, plan, matched.len()),
                    exact: false,
                };
                (matched, Some(total), None)
            }
            None => (Vec::new(), None, None),
        },
        Read::Last(last) => match last::read(view, plan, last, page_end, &mut request)? {
            Some((matched, pruned)) => {
                let total = pruned.then(|| Total {
                    count: headlines::estimate(view, plan, matched.len()),
                    exact: false,
                });
                (matched, total, None)
            }
            None => (Vec::new(), None, None),
        },
        Read::Headlines(clauses, again) => {
            match headlines::read(view, plan, clauses, page_end, again, &mut request)? {
                Some(mut read) => {
                    let total = Total {
                        count: read.total,
                        exact: false,
                    };
                    (std::mem::take(&mut read.matched), Some(total), Some(read))
                }
                None => (Vec::new(), None, None),
            }
        }
    };
    if request.is_complete() {
        if matched.len() < enough {
            return Ok(None);
        }
        let lists = headlines.as_ref().map_or(&[][..], |read| &read.lists[..]);
        raise(view, plan, &mut matched, page_end, lists, &mut request)?;
        if let Some(mut read) = headlines.filter(|_| request.is_complete()) {
            read.matched = std::mem::take(&mut matched);
            if !read.answers(page_end) {
                return Ok(None);
            }
            matched = read.matched;
        }
    }
    if !request.is_complete() {
        return Err(ErrorKind::NotFetched {
            ranges: coalesce(request.into_missing(), FETCH_GAP),
        }
        .into());
    }
    Ok(Some((matched, total)))
}

/// Raises the headline runs of `matched` (see [`raise_headline_runs`]); when their
/// headlines' positions are missing, asks also for the pieces of the articles that may rank
/// on the page once raised: the page is among these whatever the headlines say, most likely
/// among the first, so their text comes in the same round as the positions, and only a page
/// the headlines turned over needs a round after it.
fn raise(
    view: &View<'_>,
    plan: &Plan,
    matched: &mut [Scored],
    page_end: usize,
    lists: &[headlines::List],
    request: &mut Request<'_>,
) -> Result<()> {
    let may_rank = raise_headline_runs(view, plan, matched, page_end, lists, request)?;
    let may_rank: Vec<u32> = may_rank
        .into_iter()
        .take(PREFETCHED_PIECES.saturating_mul(page_end))
        .collect();
    request.need(doc_pieces(view, plan, &may_rank));
    Ok(())
}

/// The pieces a sharded index must fetch before the hits of `docs` can be made, but for their
/// texts: their ids, entities and where their texts are, and their mentions when the plan
/// names entities.
fn doc_pieces(view: &View<'_>, plan: &Plan, docs: &[u32]) -> Vec<std::ops::Range<u64>> {
    let docs = || docs.iter().copied();
    let mut missing = view.cards_missing(docs());
    if plan
        .positive()
        .any(|m| matches!(m.matcher, Matcher::Entities(_)))
    {
        missing.extend(view.mentions.missing(docs()));
    }
    missing
}

/// The articles that may make a page ending at `page_end`, from their order (see [`rank`]) and
/// scores alone: the best
/// [`PREFETCHED_PIECES`] per place, and every article tied with the last of them (ranking
/// reads their ids), at most [`MAX_LIKELY`].
fn likely_page(matched: &[Scored], page_end: usize, order: Option<&[u32]>) -> Vec<u32> {
    let mut best: Vec<(u128, u32)> = match order {
        None => matched.iter().map(|s| (key(0, s), s.doc)).collect(),
        Some(order) => matched
            .iter()
            .zip(order)
            .map(|(s, &o)| (key(o, s), s.doc))
            .collect(),
    };
    let take = PREFETCHED_PIECES.saturating_mul(page_end).min(best.len());
    if take == 0 {
        return Vec::new();
    }
    sort::select_by_key(&mut best, take - 1, |&(key, _)| key);
    let boundary = best.at(take - 1).0;
    let mut docs: Vec<u32> = best[..take].iter().map(|&(_, doc)| doc).collect();
    docs.extend(
        best[take..]
            .iter()
            .filter(|&&(key, _)| key == boundary)
            .map(|&(_, doc)| doc)
            .take(MAX_LIKELY.saturating_sub(take)),
    );
    docs
}

/// The pieces of at most this many articles per place on the page are fetched before ranking
/// and the headlines say which make it.
const PREFETCHED_PIECES: usize = 2;
/// At most this many articles' pieces are fetched before ranking.
const MAX_LIKELY: usize = 1000;

/// Ranges this close together are asked for as one: about what a part's headers cost in a
/// response with several ranges. (Fetchers that make a request per range merge more: the
/// npm package's, ranges within 2 KiB.)
const FETCH_GAP: u64 = 256;

/// A clause read while an earlier one waits for its bytes asks for the blocks of its long
/// postings only when the articles still in question are at most this many; otherwise it
/// waits a round for the earlier clause to narrow them (fewer bytes for one more round).
const EAGER_CANDIDATES: usize = 64;

/// The articles matching every clause and no exclusion, in doc order.
///
/// Clauses run cheapest first, so later clauses only ever shrink a small list, and those
/// read their long postings only at the articles still in it. When bytes of a sharded index
/// are missing, the reads that can say what they need record it in the request: a clause that
/// cannot be read is passed over (the list stays a superset of the answer), so that later
/// clauses can ask for their blocks at its articles, and the result is to be thrown away.
pub(crate) fn run(view: &View<'_>, plan: &Plan, request: &mut Request<'_>) -> Result<Vec<Scored>> {
    Ok(with_bonus(intersect(view, plan, None, request, None)?))
}

/// `matched` with the headline bonus in their scores.
pub(crate) fn with_bonus(mut matched: Vec<Scored>) -> Vec<Scored> {
    for scored in &mut matched {
        scored.score = headline_bonus(scored);
    }
    matched
}

/// [`run`] without the headline bonus, and only at the articles of `within` (ascending) when
/// given: each of them is scored as a read of every article scores it. With `each` (a list
/// per clause of `plan`), each clause's scores as read (at least at every match) go there.
pub(crate) fn intersect(
    view: &View<'_>,
    plan: &Plan,
    within: Option<&[u32]>,
    request: &mut Request<'_>,
    mut each: Option<&mut [Vec<Scored>]>,
) -> Result<Vec<Scored>> {
    // The articles that may still match (exactly those that do, unless `waiting`); `None`
    // before any clause is read.
    let mut matched: Option<Vec<Scored>> = None;
    let mut waiting = false;
    for c in cheapest_first(plan) {
        let alternatives = plan.clauses.at(c);
        let candidates = matched
            .as_ref()
            .map(|list| list.iter().map(|s| s.doc).collect::<Vec<u32>>())
            .or_else(|| within.map(<[u32]>::to_vec));
        let docs = read_at(candidates.as_deref(), waiting);
        let mut union = Some(Vec::new());
        for matcher in alternatives {
            let scored = evaluate_kept(view, matcher, docs, request)?;
            union = union
                .zip(scored)
                .map(|(union, scored)| combine(union, scored, Combine::Union));
        }
        if let (Some(each), Some(union)) = (each.as_deref_mut(), &union) {
            each.at_mut(c).clone_from(union);
        }
        matched = match (union, matched) {
            (None, so_far) => {
                waiting = true;
                so_far
            }
            (Some(union), None) => Some(union),
            (Some(union), Some(so_far)) => Some(combine(so_far, union, Combine::Intersection)),
        };
        if matched.as_ref().is_some_and(Vec::is_empty) {
            break;
        }
    }
    let mut matched = matched.unwrap_or_default();
    for matcher in &plan.excluded {
        if matched.is_empty() && !waiting {
            break;
        }
        let candidates: Vec<u32> = matched.iter().map(|s| s.doc).collect();
        if let Some(excluded) =
            evaluate_kept(view, matcher, read_at(Some(&candidates), waiting), request)?
        {
            matched = combine(matched, excluded, Combine::Difference);
        }
    }
    Ok(matched)
}

/// The articles in every list of `per_clause` (one per clause of `plan`, each in doc order),
/// their scores summed in the order a whole read intersects the clauses (see [`intersect`]),
/// so that the float sums, and the scores, are the same.
pub(crate) fn in_every(plan: &Plan, mut per_clause: Vec<Vec<Scored>>) -> Vec<Scored> {
    let mut matched: Option<Vec<Scored>> = None;
    for c in cheapest_first(plan) {
        let clause = std::mem::take(per_clause.at_mut(c));
        matched = Some(match matched {
            None => clause,
            Some(so_far) => combine(so_far, clause, Combine::Intersection),
        });
    }
    matched.unwrap_or_default()
}

/// The clauses of `plan`, cheapest first (see [`clause_cost`]).
pub(crate) fn cheapest_first(plan: &Plan) -> Vec<usize> {
    let mut order: Vec<usize> = (0..plan.clauses.len()).collect();
    sort::sort_by_key(&mut order, |&c| clause_cost(plan.clauses.at(c)));
    order
}

/// The articles a clause reads at, given those still in question (`None`: none read yet)
/// and whether an earlier clause is waiting for its bytes.
fn read_at(candidates: Option<&[u32]>, waiting: bool) -> Docs<'_> {
    match candidates {
        None if waiting => Docs::Unknown,
        None => Docs::All,
        Some(docs) if !waiting || docs.len() <= EAGER_CANDIDATES => Docs::Only(docs),
        Some(_) => Docs::Unknown,
    }
}

/// An estimate of a clause's work, and at most the articles it matches: its alternatives'.
pub(crate) fn clause_cost(alternatives: &[FieldMatcher]) -> u64 {
    alternatives.iter().map(cost).sum()
}

/// An estimate of a matcher's work: the postings it reads (so also at most the articles it
/// matches).
fn cost(matcher: &FieldMatcher) -> u64 {
    match &matcher.matcher {
        Matcher::Terms(e) | Matcher::Phrase { terms: e, .. } => {
            e.iter().map(|e| u64::from(e.info.doc_freq)).sum()
        }
        Matcher::Entities(e) => e.iter().map(|e| u64::from(e.articles)).sum(),
        Matcher::Facet(docs) => docs.len() as u64,
        // Read at the articles the other clauses leave, and only then: days are a table
        // lookup each, but reading them all is every piece of the table.
        Matcher::Dates(..) => u64::from(u32::MAX),
    }
}

/// [`evaluate`], or what an earlier round of a sharded request found it to be.
pub(crate) fn evaluate_kept(
    view: &View<'_>,
    matcher: &FieldMatcher,
    docs: Docs<'_>,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    match request.memo() {
        Some(memo) => memo.scores(matcher, docs, || evaluate(view, matcher, docs, request)),
        None => evaluate(view, matcher, docs, request),
    }
}

/// The articles of `docs` one matcher matches, with its score in each, in doc order; `None`
/// when bytes are missing.
fn evaluate(
    view: &View<'_>,
    matcher: &FieldMatcher,
    docs: Docs<'_>,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    match &matcher.matcher {
        Matcher::Terms(expansions) => {
            if matches!(docs, Docs::Unknown) && text_match::waits(view, expansions) {
                return Ok(None);
            }
            let scorers: Vec<Scorer<'_>> = expansions
                .iter()
                .map(|e| Scorer::new(view, term_idf(view, e), matcher.field))
                .collect();
            let mut lists = vec![Vec::new(); expansions.len()];
            let mut add = |i: usize, posting: &Posting| {
                if let Some(scored) = score_posting(
                    matcher,
                    expansions.at(i),
                    scorers.at(i),
                    posting.doc,
                    &posting.freqs,
                    &posting.norms,
                ) {
                    lists.at_mut(i).push(scored);
                }
            };
            if let Docs::Only(candidates) = docs {
                if text_match::cheaper(view, expansions, candidates)? {
                    let complete = text_match::read_terms(
                        view,
                        expansions,
                        candidates,
                        request,
                        |postings| {
                            for (i, posting) in postings.iter().enumerate() {
                                if posting.freqs.iter().any(|&n| n > 0) {
                                    add(i, posting);
                                }
                            }
                        },
                    )?;
                    return Ok(complete.then(|| best_of(lists)));
                }
            }
            let mut all_read = true;
            for (i, expansion) in expansions.iter().enumerate() {
                all_read &= read_term(
                    view,
                    expansion,
                    docs,
                    WithPositions::No,
                    request,
                    &mut |posting, _| add(i, posting),
                )?;
            }
            Ok(all_read.then(|| best_of(lists)))
        }
        Matcher::Phrase { terms, offsets } => {
            phrase(view, terms, offsets, matcher.field, docs, request)
        }
        Matcher::Facet(with) => Ok(Some(
            with.iter()
                .copied()
                .filter(|doc| match docs {
                    Docs::Only(wanted) => wanted.binary_search(doc).is_ok(),
                    Docs::All | Docs::Unknown => true,
                })
                .map(Scored::unscored)
                .collect(),
        )),
        &Matcher::Dates(first, last) => {
            let every: Vec<u32>;
            let docs = match docs {
                Docs::Unknown => return Ok(None),
                Docs::Only(docs) => docs,
                Docs::All => {
                    every = (0..view.meta.doc_count).collect();
                    &every
                }
            };
            let missing = view.dates_missing(docs);
            if !missing.is_empty() {
                request.need(missing);
                return Ok(None);
            }
            let days = view.days(docs)?;
            Ok(Some(
                docs.iter()
                    .zip(days)
                    .filter(|(_, day)| (first..=last).contains(day))
                    .map(|(&doc, _)| Scored::unscored(doc))
                    .collect(),
            ))
        }
        Matcher::Entities(entities) => {
            let mut out = Vec::new();
            for named in entities {
                let idf = idf(view, named.articles);
                let record = view.entity_postings.get(named.ordinal)?;
                let scored = entity_postings(record, named.ordinal, view.meta.doc_count)?
                    .into_iter()
                    .filter(|(doc, _)| match docs {
                        Docs::Only(wanted) => wanted.binary_search(doc).is_ok(),
                        Docs::All | Docs::Unknown => true,
                    })
                    .map(|(doc, mentions)| Scored {
                        doc,
                        score: entity_score(idf, mentions),
                        typos: 0,
                        in_title: 0,
                        title_norm: 0,
                    })
                    .collect();
                out = combine(out, scored, Combine::Best);
            }
            Ok(Some(out))
        }
    }
}

/// The score `expansion` of `matcher` gives article `doc` with these occurrences, if any is in
/// a field the matcher looks in.
pub(crate) fn score_posting(
    matcher: &FieldMatcher,
    expansion: &Expansion,
    scorer: &Scorer<'_>,
    doc: u32,
    freqs: &[u32; FIELD_COUNT],
    norms: &[u8; FIELD_COUNT],
) -> Option<Scored> {
    let (score, title_norm) = scorer.score(doc, freqs, norms)?;
    let in_title =
        freqs[Field::Title as usize] > 0 && matcher.field.is_none_or(|f| f == Field::Title);
    Some(Scored {
        doc,
        score: expansion.weight * score,
        typos: u16::from(expansion.typos),
        in_title: u16::from(in_title),
        title_norm,
    })
}

/// Builds the hit for a ranked article: stored fields, title marks and snippet.
pub(crate) fn hit(
    view: &View<'_>,
    highlighter: &mut Highlighter<'_>,
    scored: Scored,
) -> Result<Hit> {
    let id = view.id(scored.doc)?.to_owned();
    let entities = view.hit_entities(scored.doc)?;
    highlighter.set_doc(scored.doc)?;
    let Some(store) = &view.store else {
        return Ok(Hit {
            id,
            title: String::new(),
            source: String::new(),
            date: String::new(),
            url: String::new(),
            lang: String::new(),
            score: scored.score,
            title_marks: Vec::new(),
            snippet: Default::default(),
            entities,
            duplicates: Vec::new(),
        });
    };
    let record = store.get(scored.doc)?;
    let stored = record.fields()?;
    highlighter.set_language(stored.lang);
    let mut snippet = highlighter.snippet(stored.body, Field::Body);
    if snippet.marks.is_empty() && !stored.description.is_empty() {
        let description = highlighter.snippet(stored.description, Field::Description);
        if !description.marks.is_empty() || snippet.text.is_empty() {
            snippet = description;
        }
    }
    Ok(Hit {
        id,
        title: stored.title.to_owned(),
        source: stored.source.to_owned(),
        date: stored.date.to_owned(),
        url: stored.url.to_owned(),
        lang: Language::shown_tag(stored.lang).to_owned(),
        score: scored.score,
        title_marks: highlighter.marks(stored.title, Field::Title),
        snippet,
        entities,
        duplicates: Vec::new(),
    })
}
