//! `Segmented`: the parts of a segmented index opened together from their cores, and its
//! requests answered as one index of their live articles would answer them. As a sharded
//! index's, a request answers or names the ranges of the parts' chunks it needs first: every
//! part's of one round together, so that a reader fetches them at once.
//!
//! Nothing is read at open but the cores: the corpus's article count and field lengths are
//! in them. Which articles the removals took out (their ids, then where those are) and the
//! newest live article's day are read by the first request, and kept. A search then plans
//! its words in every segment (the survey), names the terms found by their keys, counts those
//! terms' document frequencies in every part (less the removals'), chooses completions and
//! misspellings over every segment, and runs each segment's plan with those statistics.

use std::cell::{OnceCell, RefCell};
use std::ops::Range;

use newsdex_format::dates::NO_DAY;
use newsdex_format::FIELD_COUNT;
use newsdex_index::bm25::{average_lengths, field_weights, FieldWeights};
use newsdex_index::facets::facet_key;
use newsdex_index::sort;
use newsdex_index::stories::ENTITY_RELATED;
use newsdex_index::Article;
use newsdex_ner::EntityType;

use crate::error::{ErrorKind, Result};
use crate::index::pack::coalesce;
use crate::index::pieces::fetch_all;
use crate::index::sharded::{Sharded, Step};
use crate::index::{Corpus, Stats, TermStats, View};
use crate::read::proximity;
use crate::read::search::{contenders, page_hits, ranked, survey, Ranked};
use crate::segments::{Choices, Survey};
use crate::update::stored_articles;
use crate::views::article::article;
use crate::views::entities::{
    entity_by_id, link_candidates, live_mentions, rank_suggestions, suggested_entities,
    suggested_words, MAX_SCAN,
};
use crate::views::facets::histogram;
use crate::views::results::{
    ArticleView, EntitySuggestion, EntityView, FacetCount, Facets, FieldFacet, Hit, Mark,
    SearchOptions, SearchResults, Sort, Suggestions, ValueCount, WordSuggestion,
};
use crate::views::{highlight, stories};

mod related_across;
mod stories_across;

/// One part of a segmented index, in the order they were written.
pub enum Part {
    /// A segment: the articles one change added, the same ids as earlier segments' replacing
    /// theirs.
    Segment(Sharded),
    /// The articles one change removed (or replaced) from the segments before it, as an
    /// index of their own, whose statistics the corpus's leave out.
    Removed(Sharded),
    /// The copies of the segment before it among the earlier segments' articles.
    Copies(crate::copies::Copies),
    /// The related stories of the segment before it over every segment up to it.
    Related(crate::related::Related),
}

/// A range of one part's pack that a request needs: `part` counts the parts in the order
/// they were given to [`Segmented::open`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartRange {
    /// The part.
    pub part: usize,
    /// The range of its pack.
    pub range: Range<u64>,
}

/// What the first request reads of the removals, kept.
struct Live {
    /// By segment: its articles removed or replaced later, sorted.
    removed: Vec<Vec<u32>>,
    /// The newest live article's day.
    newest_day: u32,
}

/// A segmented index: its parts' cores, and the bytes of their chunks fetched so far.
pub struct Segmented {
    parts: Vec<Sharded>,
    /// Which parts are removals.
    removal: Vec<bool>,
    /// The parts that are segments, in order.
    segments: Vec<usize>,
    docs: u32,
    field_weights: Box<FieldWeights>,
    live: OnceCell<Live>,
    /// By segment: the copies of its articles among the earlier segments' (see
    /// [`crate::copies`]).
    copies: Vec<crate::copies::Copies>,
    /// The groups of copies across segments, read by the first request that needs them.
    groups: OnceCell<stories_across::Groups>,
    /// By segment: its related stories over every segment up to it, when it has them (see
    /// [`crate::related`]).
    related: Vec<Option<crate::related::Related>>,
}

/// The statistics of a request's terms (see [`Segmented::count`]).
struct Counted {
    /// By part: its ordinals of the terms, sorted, each with the term's place among them.
    places: Vec<Vec<(u64, u32)>>,
    /// By place: the term's document frequency among the live articles.
    doc_freqs: Vec<u32>,
}

impl Counted {
    /// Part `part`'s terms with the corpus's document frequencies.
    fn stats(&self, part: usize) -> TermStats<'_> {
        TermStats {
            places: &self.places[part],
            doc_freqs: &self.doc_freqs,
        }
    }
}

/// Every segment's page of a search ranked, and what their views were made with: the hits
/// of the page merged from them are made last.
struct Answers {
    counted: Counted,
    choices: Choices,
    misspellings: bool,
    /// By segment: its page ranked, and its matches' days when facets are asked for.
    each: Vec<(Ranked, Vec<u32>)>,
}

impl Answers {
    /// How many articles match, over every segment.
    fn total(&self) -> usize {
        self.each.iter().map(|(ranked, _)| ranked.total).sum()
    }
}

/// Why a request stopped before its answer.
enum Halt {
    Fetch(Vec<PartRange>),
    Failed(crate::Error),
}

impl From<crate::Error> for Halt {
    fn from(error: crate::Error) -> Halt {
        Halt::Failed(error)
    }
}

type Go<T> = std::result::Result<T, Halt>;

/// `read`, a read of `part`, as a request's step: the bytes it missed, or its error.
fn alone<T>(part: usize, read: Result<T>) -> Go<T> {
    read.map_err(|error| match error.kind() {
        ErrorKind::NotFetched { ranges } => Halt::Fetch(
            ranges
                .iter()
                .map(|range| PartRange {
                    part,
                    range: range.clone(),
                })
                .collect(),
        ),
        _ => Halt::Failed(error),
    })
}

/// What the reads of one round missed, in every part.
#[derive(Default)]
struct Round {
    missing: Vec<PartRange>,
}

impl Round {
    /// What `read`, a read of `part`, gave; `None` when it missed bytes, which are recorded.
    fn add<T>(&mut self, part: usize, read: Result<T>) -> Go<Option<T>> {
        match alone(part, read) {
            Ok(value) => Ok(Some(value)),
            Err(Halt::Fetch(missing)) => {
                self.missing.extend(missing);
                Ok(None)
            }
            Err(failed) => Err(failed),
        }
    }

    /// Stops the request when anything was missed.
    fn finish(self) -> Go<()> {
        match self.missing.is_empty() {
            true => Ok(()),
            false => Err(Halt::Fetch(self.missing)),
        }
    }
}

impl Segmented {
    /// Opens the parts of a segmented index, in the order they were written, from their
    /// cores: no chunk is read until a request asks for it.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] for no segment at all; the cores' errors.
    pub fn open(parts: Vec<Part>) -> Result<Segmented> {
        let mut docs: i64 = 0;
        let mut lengths = [0i64; FIELD_COUNT];
        let mut opened: Vec<Sharded> = Vec::new();
        let mut removal = Vec::new();
        let mut segments = Vec::new();
        let mut copies: Vec<crate::copies::Copies> = Vec::new();
        let mut related = Vec::new();
        for part in parts {
            let (index, sign) = match part {
                Part::Segment(index) => {
                    segments.push(opened.len());
                    copies.push(Default::default());
                    related.push(None);
                    (index, 1)
                }
                Part::Removed(index) => (index, -1),
                Part::Copies(found) => {
                    stories_across::attach(&mut copies, found)?;
                    continue;
                }
                Part::Related(found) => {
                    let counts: Vec<u32> = segments
                        .iter()
                        .map(|&part| opened[part].view().map(|v| v.meta.doc_count))
                        .collect::<Result<_>>()?;
                    related_across::attach(&mut related, &counts, found)?;
                    continue;
                }
            };
            let view = index.view()?;
            docs += sign * i64::from(view.meta.doc_count);
            for (total, &length) in lengths.iter_mut().zip(&view.meta.field_lengths) {
                *total += sign * length as i64;
            }
            removal.push(sign < 0);
            opened.push(index);
        }
        if segments.is_empty() {
            return Err(invalid("no segment".into()));
        }
        let docs = u32::try_from(docs.max(0)).unwrap_or(u32::MAX);
        let lengths = lengths.map(|l| l.max(0) as u64);
        Ok(Segmented {
            parts: opened,
            removal,
            segments,
            docs,
            field_weights: field_weights(&average_lengths(&lengths, docs)),
            live: OnceCell::new(),
            copies,
            groups: OnceCell::new(),
            related,
        })
    }

    /// Attaches the related stories `found` of segment `segment` (counted from 0) after
    /// opening, as a [`Part::Related`] after that segment's line would have: for a reader
    /// that fetches a segment's related file only when a request needs it.
    ///
    /// # Errors
    /// As [`Segmented::open`] for such a part; [`crate::ErrorKind::InvalidOption`] for a
    /// segment past the last.
    pub fn add_related(&mut self, segment: usize, found: crate::related::Related) -> Result<()> {
        if segment >= self.segments.len() {
            return Err(invalid(format!(
                "related stories of segment {segment}, of {}",
                self.segments.len()
            )));
        }
        let counts: Vec<u32> = self.segments[..=segment]
            .iter()
            .map(|&part| self.parts[part].view().map(|v| v.meta.doc_count))
            .collect::<Result<_>>()?;
        related_across::attach(&mut self.related[..=segment], &counts, found)
    }

    /// The live articles.
    pub fn articles(&self) -> u32 {
        self.docs
    }

    /// How many segments.
    pub fn segments(&self) -> usize {
        self.segments.len()
    }

    /// Figures about the index: its live articles, its segments and its parts' cores' bytes;
    /// the terms, words, entities and sources of its largest segment (each counts its own).
    pub fn stats(&self) -> Stats {
        let mut largest: Option<Stats> = None;
        let mut bytes = 0;
        for (part, index) in self.parts.iter().enumerate() {
            let stats = index.index().stats();
            bytes += stats.bytes;
            let larger = largest.as_ref().is_none_or(|l| stats.articles > l.articles);
            if !self.removal[part] && larger {
                largest = Some(stats);
            }
        }
        Stats {
            articles: self.docs,
            segments: self.segments.len() as u32,
            bytes,
            ..largest.unwrap_or_else(|| self.parts[self.segments[0]].index().stats())
        }
    }

    /// Part `part` (in the order given to [`Segmented::open`]), for its core's chunks.
    pub fn part(&self, part: usize) -> Option<&Sharded> {
        self.parts.get(part)
    }

    /// Keeps `bytes` as part `part`'s pack's bytes from `start` on.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] for no such part, or as [`Sharded::supply`].
    pub fn supply(&mut self, part: usize, start: u64, bytes: Vec<u8>) -> Result<()> {
        let count = self.parts.len();
        self.parts
            .get_mut(part)
            .ok_or_else(|| invalid(format!("no part {part} of {count}")))?
            .supply(start, bytes)
    }

    /// How many fetched bytes are kept, over every part.
    pub fn fetched_bytes(&self) -> usize {
        self.parts.iter().map(Sharded::fetched_bytes).sum()
    }

    /// Drops the fetched bytes outside `keep`, as [`Sharded::retain`] does for each part.
    pub fn retain(&mut self, keep: &[PartRange]) {
        for (at, part) in self.parts.iter_mut().enumerate() {
            let ranges: Vec<Range<u64>> = keep
                .iter()
                .filter(|k| k.part == at)
                .map(|k| k.range.clone())
                .collect();
            part.retain(&ranges);
        }
    }

    /// The live articles of segments `range` (in the order they were written), each
    /// segment's in its order, with their site facet values: what a merge of them builds
    /// again, so that the merged segment answers as they did.
    ///
    /// # Errors
    /// As [`crate::Index::articles`].
    pub fn live_articles(&self, range: Range<usize>) -> Result<Step<Vec<Article>, PartRange>> {
        step((|| {
            let live = self.live()?;
            let end = range.end.min(self.segments.len());
            let mut round = Round::default();
            let mut articles = Vec::new();
            for k in range.start.min(end)..end {
                let part = self.segments[k];
                let view = self.parts[part].view()?;
                if let Some(all) = round.add(part, stored_articles(&view, 0..u32::MAX))? {
                    let removed = &live.removed[k];
                    articles.extend(
                        (0u32..)
                            .zip(all)
                            .filter(|(doc, _)| removed.binary_search(doc).is_err())
                            .map(|(_, article)| article),
                    );
                }
            }
            round.finish()?;
            Ok(articles)
        })())
    }

    /// Which articles the removals took out, and the newest live day: read once.
    fn live(&self) -> Go<&Live> {
        if let Some(live) = self.live.get() {
            return Ok(live);
        }
        // The ids of each removal's articles (their cards).
        let mut round = Round::default();
        let mut ids: Vec<(usize, Vec<&str>)> = Vec::new();
        for (part, index) in self.parts.iter().enumerate() {
            if !self.removal[part] {
                continue;
            }
            let view = index.view()?;
            let docs = 0..view.meta.doc_count;
            let read = fetch_all(view.cards_missing(docs.clone()))
                .and_then(|()| docs.map(|doc| view.id(doc)).collect::<Result<Vec<&str>>>());
            if let Some(found) = round.add(part, read)? {
                ids.push((part, found));
            }
        }
        round.finish()?;
        // Each id's article in every segment before its removal (their id maps' pieces).
        let mut round = Round::default();
        let mut held: Vec<Vec<Vec<Option<u64>>>> = Vec::new();
        for (removal, ids) in &ids {
            let mut by_id = Vec::new();
            for id in ids {
                let mut by_segment = Vec::new();
                for &part in self.segments.iter().take_while(|&&part| part < *removal) {
                    let view = self.parts[part].view()?;
                    let doc = round.add(part, view.id_map.get(id.as_bytes()))?;
                    by_segment.push(doc.flatten());
                }
                by_id.push(by_segment);
            }
            held.push(by_id);
        }
        round.finish()?;
        // Removals in the order they were written: each takes out the newest copy of an id
        // still live.
        let mut removed: Vec<Vec<u32>> = vec![Vec::new(); self.segments.len()];
        for ((_, ids), held) in ids.iter().zip(held) {
            for (id, by_segment) in ids.iter().zip(held) {
                let found = by_segment.iter().enumerate().rev().find_map(|(k, doc)| {
                    let doc = u32::try_from((*doc)?).ok()?;
                    (!removed[k].contains(&doc)).then_some((k, doc))
                });
                let Some((k, doc)) = found else {
                    return Err(invalid(format!(
                        "a removal of `{id}`, which no earlier segment holds"
                    ))
                    .into());
                };
                removed[k].push(doc);
            }
        }
        removed.iter_mut().for_each(|docs| sort::sort(docs));
        // The newest live day: a segment's newest day, unless a removed article had it and
        // no live one does.
        let mut round = Round::default();
        let mut newest_day = NO_DAY;
        for (k, &part) in self.segments.iter().enumerate() {
            let view = self.parts[part].view()?;
            let newest = view.meta.newest_day;
            let removed = &removed[k];
            let lost = match removed.is_empty() {
                true => false,
                false => match round.add(part, view.days(removed))? {
                    Some(days) => days.contains(&newest),
                    None => continue,
                },
            };
            if !lost {
                newest_day = newest_day.max(newest);
                continue;
            }
            let live: Vec<u32> = (0..view.meta.doc_count)
                .filter(|doc| removed.binary_search(doc).is_err())
                .collect();
            if let Some(days) = round.add(part, view.days(&live))? {
                newest_day = newest_day.max(days.into_iter().max().unwrap_or(NO_DAY));
            }
        }
        round.finish()?;
        Ok(self.live.get_or_init(|| Live {
            removed,
            newest_day,
        }))
    }

    /// Segment `k`'s view with the query's counted terms and chosen completions and misspellings.
    fn chosen_view<'a>(
        &'a self,
        k: usize,
        live: &'a Live,
        counted: &'a Counted,
        choices: &'a Choices,
        misspellings: bool,
    ) -> Result<View<'a>> {
        let stats = counted.stats(self.segments[k]);
        self.view(k, live, Some(stats), Some(choices), None, misspellings)
    }

    /// Segment `k`'s view, reading the corpus's statistics.
    fn view<'a>(
        &'a self,
        k: usize,
        live: &'a Live,
        stats: Option<TermStats<'a>>,
        choices: Option<&'a Choices>,
        survey: Option<&'a RefCell<Survey>>,
        misspellings: bool,
    ) -> Result<View<'a>> {
        let mut view = self.parts[self.segments[k]].view()?;
        view.field_weights = &self.field_weights;
        view.corpus = Some(Corpus {
            docs: self.docs,
            newest_day: live.newest_day,
            stats,
            removed: &live.removed[k],
            choices,
            survey,
            earlier: None,
            misspellings,
            rescored_below: None,
            rescored_terms: None,
            page_floor: None,
            grouped: self.groups.get().map_or(&[], |groups| groups.of_segment(k)),
            dropped: &[],
        });
        Ok(view)
    }

    /// Searches, as [`crate::Index::search`] on an index of the live articles would; with
    /// `collapse`, each story's best match is kept over every segment's, its copies joined
    /// across segments as [`crate::copies`] says.
    ///
    /// # Errors
    /// As [`crate::Index::search`].
    pub fn search(
        &self,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Step<SearchResults, PartRange>> {
        step(self.searched(query, options))
    }

    fn searched(&self, query: &str, options: &SearchOptions) -> Go<SearchResults> {
        #[cfg(not(target_arch = "wasm32"))]
        let started = std::time::Instant::now();
        options.check()?;
        let live = self.live()?;
        let page_end = options.offset.saturating_add(options.limit);
        let each = SearchOptions {
            offset: 0,
            limit: page_end,
            ..*options
        };
        if options.collapse {
            self.groups(live)?;
        }
        // Misspellings only when the words as typed do not fill the page (see `search`).
        let typed = self.answers(live, query, &each, false, None, &[])?;
        let mut answers = match typed.total() < page_end.max(1) {
            true => self.answers(live, query, &each, true, Some(&typed.choices), &[])?,
            false => typed,
        };
        let across = match options.collapse {
            true => self.collapse_across(live, query, &each, &mut answers)?,
            false => Vec::new(),
        };
        let page = self.page(&answers, options)?;
        // Only the articles on the page have their hits made: their texts are read in one
        // round, each segment's, and no segment reads the texts of its own page's others.
        let mut round = Round::default();
        let mut made = Vec::new();
        let mut facets = Vec::new();
        let mut days = Vec::new();
        for (k, (ranked, matched_days)) in answers.each.iter().enumerate() {
            let shown: Vec<u32> = page.iter().filter(|p| p.0 == k).map(|p| p.1).collect();
            days.extend_from_slice(matched_days);
            if shown.is_empty() && !options.facets {
                made.push(Vec::new().into_iter());
                continue;
            }
            let view = self.chosen_view(
                k,
                live,
                &answers.counted,
                &answers.choices,
                answers.misspellings,
            )?;
            let read = page_hits(&view, ranked, &shown, options.facets);
            let (hits, found) = round.add(self.segments[k], read)?.unwrap_or_default();
            made.push(hits.into_iter());
            facets.extend(found);
        }
        round.finish()?;
        let mut hits: Vec<Hit> = page.iter().filter_map(|p| made[p.0].next()).collect();
        self.name_copies_across(&across, &mut hits)?;
        Ok(SearchResults {
            total: answers.total(),
            total_exact: answers.each.iter().all(|(r, _)| r.total_exact),
            #[cfg(not(target_arch = "wasm32"))]
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            #[cfg(target_arch = "wasm32")]
            took_ms: 0.0,
            hits,
            facets: options.facets.then(|| merge_facets(&facets, &days)),
        })
    }

    /// The page of `options` over every segment's ranked page: by rank key, then id, as one
    /// index ranks; each article as its segment and doc.
    fn page(&self, answers: &Answers, options: &SearchOptions) -> Go<Vec<(usize, u32)>> {
        let mut round = Round::default();
        let mut ranked: Vec<(u128, String, usize, u32)> = Vec::new();
        for (k, (page, _)) in answers.each.iter().enumerate() {
            let part = self.segments[k];
            let view = self.parts[part].view()?;
            let ids = page.docs().map(|doc| Ok(view.id(doc)?.to_owned()));
            if let Some(ids) = round.add(part, ids.collect::<Result<Vec<String>>>())? {
                let keyed = page.keys.iter().zip(page.docs()).zip(ids);
                ranked.extend(keyed.map(|((&key, doc), id)| (key, id, k, doc)));
            }
        }
        round.finish()?;
        sort::sort_by(&mut ranked, |a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        Ok(ranked
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .map(|(_, _, k, doc)| (k, doc))
            .collect())
    }

    /// Every segment's page ranked (each from its first match to the page's end), with its
    /// matches' days when facets are asked for; misspellings matched or not (with the
    /// choices of an `earlier` answer of the same query, see [`Segmented::chosen`]); by
    /// segment, the matches `dropped` when copies are collapsed (see
    /// [`Segmented::collapse_across`]).
    fn answers(
        &self,
        live: &Live,
        query: &str,
        each: &SearchOptions,
        misspellings: bool,
        earlier: Option<&Choices>,
        dropped: &[Vec<u32>],
    ) -> Go<Answers> {
        let (counted, choices) = self.chosen(live, query, misspellings, earlier)?;
        // Which articles headline runs re-score, decided over every segment's matches.
        let mut round = Round::default();
        let mut contending = Vec::new();
        for k in 0..self.segments.len() {
            let part = self.segments[k];
            let view = self.chosen_view(k, live, &counted, &choices, misspellings)?;
            let read = contenders(&view, query, each, self.parts[part].memo());
            contending.push(round.add(part, read)?);
        }
        if !round.missing.is_empty() {
            // A segment whose matches are read goes on to rank its page in this round, as far
            // as its bytes go: that page is most often the one it ranks once every segment's
            // contenders are known, and its reads would otherwise wait a round for theirs.
            let floor = page_floor(contending.iter().flatten(), each);
            for (k, found) in contending.iter().enumerate() {
                let part = self.segments[k];
                if found.is_some() {
                    let mut view = self.chosen_view(k, live, &counted, &choices, misspellings)?;
                    if let Some(corpus) = view.corpus.as_mut() {
                        corpus.page_floor = floor;
                    }
                    round.add(part, ranked(&view, query, each, self.parts[part].memo()))?;
                }
            }
        }
        round.finish()?;
        let contending: Vec<_> = contending.into_iter().flatten().collect();
        let rescored = proximity::rescored(&contending, each.offset.saturating_add(each.limit));
        let floor = page_floor(&contending, each);
        // Each segment's page with the corpus's statistics and choices.
        let mut round = Round::default();
        let mut answers = Vec::new();
        for (k, &below) in rescored.below.iter().enumerate() {
            let part = self.segments[k];
            let mut view = self.chosen_view(k, live, &counted, &choices, misspellings)?;
            if let Some(corpus) = view.corpus.as_mut() {
                corpus.rescored_below = below;
                corpus.rescored_terms = rescored.terms.as_deref();
                corpus.dropped = dropped.get(k).map_or(&[], Vec::as_slice);
                corpus.page_floor = floor;
            }
            let read = ranked(&view, query, each, self.parts[part].memo()).and_then(|ranked| {
                let days = match each.facets {
                    true => view.days(&ranked.matched)?,
                    false => Vec::new(),
                };
                Ok((ranked, days))
            });
            answers.extend(round.add(part, read)?);
        }
        round.finish()?;
        Ok(Answers {
            counted,
            choices,
            misspellings,
            each: answers,
        })
    }

    /// The statistics of `query`'s terms over every segment, and its words' completions and
    /// misspellings chosen over every segment (misspellings looked for or not). The choices
    /// of an `earlier` survey of the query tell which words are spelt right over every
    /// segment: their misspellings, which a single index does not read beside another word's
    /// (see [`crate::query::plan::Plan::new`]), are not read in any segment, unless no other
    /// word has any, and then the query is surveyed again with them.
    fn chosen(
        &self,
        live: &Live,
        query: &str,
        misspellings: bool,
        earlier: Option<&Choices>,
    ) -> Go<(Counted, Choices)> {
        let earlier = earlier.filter(|e| misspellings && e.leaves_out_misspellings());
        let (counted, choices) = self.surveyed(earlier, live, query, misspellings)?;
        match earlier.is_some() && !choices.leaves_out_misspellings() {
            true => self.surveyed(None, live, query, misspellings),
            false => Ok((counted, choices)),
        }
    }

    /// [`Segmented::chosen`]'s survey, the misspellings of the words `earlier` tells are
    /// spelt right left out.
    fn surveyed(
        &self,
        earlier: Option<&Choices>,
        live: &Live,
        query: &str,
        misspellings: bool,
    ) -> Go<(Counted, Choices)> {
        // The survey: each segment's plan, every completion and misspelling it finds kept.
        let mut round = Round::default();
        let mut surveyed: Vec<(Survey, Vec<u64>)> = Vec::new();
        for k in 0..self.segments.len() {
            let told = RefCell::new(Survey::default());
            let terms = {
                let mut view = self.view(k, live, None, None, Some(&told), misspellings)?;
                if let Some(corpus) = view.corpus.as_mut() {
                    corpus.earlier = earlier;
                }
                round.add(self.segments[k], survey(&view, query, misspellings))?
            };
            let told = told.into_inner();
            let mut terms = terms.unwrap_or_default();
            terms.extend(told.terms());
            sort::sort(&mut terms);
            terms.dedup();
            surveyed.push((told, terms));
        }
        round.finish()?;
        let terms: Vec<&[u64]> = surveyed.iter().map(|(_, terms)| terms.as_slice()).collect();
        let Counted { places, doc_freqs } = self.count(&terms)?;
        let mut chosen = Survey::default();
        for (k, (survey, _)) in surveyed.into_iter().enumerate() {
            let places = &places[self.segments[k]];
            chosen.merge(survey, |ordinal| {
                let at = places.binary_search_by_key(&ordinal, |p| p.0).ok()?;
                Some(u64::from(places[at].1))
            });
        }
        let choices = chosen.choose(&doc_freqs, self.docs, misspellings);
        Ok((Counted { places, doc_freqs }, choices))
    }

    /// The statistics of the terms `terms` (each segment's ordinals): every segment's and
    /// removal's ordinal of each with its place among them all in key order, and by place
    /// its document frequency among the live articles.
    fn count(&self, terms: &[&[u64]]) -> Go<Counted> {
        // The terms by their keys (in pieces the plans read).
        let mut round = Round::default();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        for (k, terms) in terms.iter().enumerate() {
            let part = self.segments[k];
            let view = self.parts[part].view()?;
            for &ordinal in *terms {
                keys.extend(round.add(part, view.terms.key(ordinal))?);
            }
        }
        round.finish()?;
        sort::sort(&mut keys);
        keys.dedup();
        // Their document frequencies in every part, the removals' taken off.
        let mut round = Round::default();
        let mut doc_freqs = vec![0i64; keys.len()];
        let mut places: Vec<Vec<(u64, u32)>> = vec![Vec::new(); self.parts.len()];
        for (part, index) in self.parts.iter().enumerate() {
            let view = index.view()?;
            let sign = if self.removal[part] { -1 } else { 1 };
            for (place, key) in keys.iter().enumerate() {
                let read = view.terms.get(key).and_then(|ordinal| {
                    ordinal
                        .map(|o| Ok((o, view.terms.doc_freq(o)?)))
                        .transpose()
                });
                if let Some(Some((ordinal, df))) = round.add(part, read)? {
                    doc_freqs[place] += sign * i64::from(df);
                    places[part].push((ordinal, place as u32));
                }
            }
            sort::sort(&mut places[part]);
        }
        round.finish()?;
        let doc_freqs = doc_freqs.iter().map(|&df| df.max(0) as u32).collect();
        Ok(Counted { places, doc_freqs })
    }

    /// Completions of `text`'s last word and entities named so, as [`crate::Index::suggest`]
    /// on an index of the live articles would, but for the entities' articles, which are
    /// summed by id over the segments (as each linked its own).
    ///
    /// # Errors
    /// As [`crate::Index::suggest`].
    pub fn suggest(&self, text: &str) -> Result<Step<Suggestions, PartRange>> {
        step((|| {
            self.live()?;
            let mut round = Round::default();
            let mut entities: Vec<EntitySuggestion> = Vec::new();
            let mut found = Vec::new();
            for &part in &self.segments {
                let view = self.parts[part].view()?;
                for e in round
                    .add(part, suggested_entities(&view, text))?
                    .unwrap_or_default()
                {
                    match entities.iter_mut().find(|s| s.entity.id == e.entity.id) {
                        Some(s) => s.articles += e.articles,
                        None => entities.push(e),
                    }
                }
                found.push(
                    round
                        .add(part, suggested_words(&view, text))?
                        .unwrap_or_default(),
                );
            }
            round.finish()?;
            let terms: Vec<Vec<u64>> = found
                .iter()
                .map(|words| {
                    let mut terms: Vec<u64> = words.iter().map(|&(_, o)| o).collect();
                    sort::sort(&mut terms);
                    terms.dedup();
                    terms
                })
                .collect();
            let terms: Vec<&[u64]> = terms.iter().map(Vec::as_slice).collect();
            let counted = self.count(&terms)?;
            let mut words: Vec<WordSuggestion> = Vec::new();
            for (k, found) in found.into_iter().enumerate() {
                let stats = counted.stats(self.segments[k]);
                for (word, ordinal) in found {
                    let articles = stats.doc_freq(ordinal);
                    if articles > 0 && words.iter().all(|w| w.word != word) {
                        words.push(WordSuggestion { word, articles });
                    }
                }
            }
            // One index scans the first words of the prefix, not the first of each segment.
            sort::sort_by(&mut words, |a, b| a.word.cmp(&b.word));
            words.truncate(MAX_SCAN);
            rank_suggestions(&mut entities, &mut words);
            Ok(Suggestions { entities, words })
        })())
    }

    /// The live article with `id`, as [`crate::Index::article`].
    ///
    /// # Errors
    /// As [`crate::Index::article`].
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<Step<ArticleView, PartRange>> {
        step(self.in_holder(id, |view| article(view, id, query)))
    }

    /// `read` of the view of the segment that holds the live article `id` (the newest copy).
    fn in_holder<T>(&self, id: &str, read: impl FnOnce(&View<'_>) -> Result<T>) -> Go<T> {
        let live = self.live()?;
        let (k, _) = self.holder(live, id)?;
        let view = self.view(k, live, None, None, None, true)?;
        alone(self.segments[k], read(&view))
    }

    /// The segment that holds the live article `id` (the newest copy), and its doc there.
    fn holder(&self, live: &Live, id: &str) -> Go<(usize, u32)> {
        // Every segment's id map in one round.
        let mut round = Round::default();
        let mut held = Vec::new();
        for &part in &self.segments {
            let view = self.parts[part].view()?;
            held.push(round.add(part, view.id_map.get(id.as_bytes()))?.flatten());
        }
        round.finish()?;
        let holder = held.into_iter().enumerate().rev().find_map(|(k, doc)| {
            let doc = doc.and_then(|doc| u32::try_from(doc).ok())?;
            live.removed[k]
                .binary_search(&doc)
                .is_err()
                .then_some((k, doc))
        });
        holder.ok_or_else(|| {
            crate::Error::from(ErrorKind::UnknownArticle { id: id.to_owned() }).into()
        })
    }

    /// The stories most like the live article `id`, as [`crate::Index::related`]: when a
    /// segment has related stories of its own (see [`crate::related`]), over every segment
    /// (its segment's list, then the later segments' entries, less the removed articles and
    /// copies of one story); else found by its segment's build among that segment's articles
    /// (less those removed since).
    ///
    /// # Errors
    /// As [`crate::Index::related`].
    pub fn related(&self, id: &str, limit: usize) -> Result<Step<Vec<Hit>, PartRange>> {
        match self.related.iter().any(Option::is_some) {
            true => step(self.related_across(id, limit)),
            false => step(self.in_holder(id, |view| stories::related(view, id, limit))),
        }
    }

    /// The other copies of the live article `id`'s story, as [`crate::Index::duplicates`]:
    /// its segment's group joined with the other segments' through [`crate::copies`], less
    /// the removed articles, in the order of the segments and then of their articles.
    ///
    /// # Errors
    /// As [`crate::Index::duplicates`].
    pub fn duplicates(&self, id: &str) -> Result<Step<Vec<String>, PartRange>> {
        step(self.duplicates_across(id))
    }

    /// The matches of `query` in any `text`, as [`crate::Index::marks`] on an index of the
    /// live articles would mark them: its words' completions and misspellings chosen over
    /// every segment, and each segment's terms marked.
    ///
    /// # Errors
    /// As [`crate::Index::marks`].
    pub fn marks(&self, text: &str, query: &str) -> Result<Step<Vec<Mark>, PartRange>> {
        step((|| {
            let live = self.live()?;
            let (counted, choices) = self.chosen(live, query, true, None)?;
            let mut round = Round::default();
            let mut marks = Vec::new();
            for k in 0..self.segments.len() {
                let part = self.segments[k];
                let view = self.chosen_view(k, live, &counted, &choices, true)?;
                marks.extend(round.add(part, highlight::marks(&view, text, query))?);
            }
            round.finish()?;
            Ok(highlight::merge(marks.into_iter().flatten()))
        })())
    }

    /// The id of the entity of type `kind` with `name` as an alias, as [`crate::Index::link`]:
    /// the one in most articles when several are, each entity's articles summed by id over
    /// the segments as their builds counted them.
    ///
    /// # Errors
    /// As [`crate::Index::link`].
    pub fn link(&self, kind: EntityType, name: &str) -> Result<Step<Option<String>, PartRange>> {
        step((|| {
            let mut round = Round::default();
            let mut found: Vec<(String, u32)> = Vec::new();
            for &part in &self.segments {
                let view = self.parts[part].view()?;
                let candidates = round.add(part, link_candidates(&view, kind, name))?;
                for (id, articles) in candidates.into_iter().flatten() {
                    match found.iter_mut().find(|f| f.0 == id) {
                        Some(f) => f.1 += articles,
                        None => found.push((id, articles)),
                    }
                }
            }
            round.finish()?;
            let best = found
                .into_iter()
                .reduce(|best, other| if other.1 > best.1 { other } else { best });
            Ok(best.map(|(id, _)| id))
        })())
    }

    /// The entity with `id`, as [`crate::Index::entity`] (with `details`) or
    /// [`crate::Index::entity_brief`] on an index of the live articles: an entity keeps its id
    /// across segments, so its articles are each segment's of that id less the removed ones,
    /// its mentions and timeline theirs. It is named as the earliest segment with a live
    /// article of it names it, its aliases are every segment's in order, and its related
    /// entities are summed by id over each segment's own list (a segment's build counted them
    /// over its articles, removed ones included).
    ///
    /// # Errors
    /// [`ErrorKind::UnknownEntity`] when no live article mentions it.
    pub fn entity(&self, id: &str, details: bool) -> Result<Step<EntityView, PartRange>> {
        step((|| {
            let live = self.live()?;
            // Each segment's live articles of it first, then its record where it has some.
            let mut round = Round::default();
            let mut found = Vec::new();
            for (k, &part) in self.segments.iter().enumerate() {
                let view = self.parts[part].view()?;
                let read = live_mentions(&view, id, &live.removed[k]).and_then(|docs| {
                    match docs.filter(|(docs, _)| !docs.is_empty()) {
                        Some(docs) => Ok(Some((entity_by_id(&view, id, details)?, docs))),
                        None => Ok(None),
                    }
                });
                found.extend(round.add(part, read)?.flatten());
            }
            round.finish()?;
            let mut merged: Option<EntityView> = None;
            let mut days = Vec::new();
            for (shown, (docs, shown_days)) in found {
                days.extend(shown_days);
                let articles = docs.len() as u32;
                let mentions: u32 = docs.iter().map(|&(_, mentions)| mentions).sum();
                let Some(entity) = merged.as_mut() else {
                    merged = Some(EntityView {
                        articles,
                        mentions,
                        ..shown
                    });
                    continue;
                };
                entity.articles += articles;
                entity.mentions += mentions;
                for alias in shown.aliases {
                    if !entity.aliases.contains(&alias) {
                        entity.aliases.push(alias);
                    }
                }
                for other in shown.related {
                    match entity
                        .related
                        .iter_mut()
                        .find(|r| r.entity.id == other.entity.id)
                    {
                        Some(r) => r.count += other.count,
                        None => entity.related.push(other),
                    }
                }
            }
            let mut entity = merged.ok_or_else(|| {
                crate::Error::from(ErrorKind::UnknownEntity { id: id.to_owned() })
            })?;
            if details {
                entity.timeline = histogram(&days);
                sort::sort_by_key(&mut entity.related, |r| std::cmp::Reverse(r.count));
                entity.related.truncate(ENTITY_RELATED);
            }
            Ok(entity)
        })())
    }
}

/// A request's end as a step: its answer, or the ranges it needs (each part's merged).
fn step<T>(went: Go<T>) -> Result<Step<T, PartRange>> {
    match went {
        Ok(value) => Ok(Step::Done(value)),
        Err(Halt::Failed(error)) => Err(error),
        Err(Halt::Fetch(missing)) => {
            let mut parts: Vec<usize> = missing.iter().map(|m| m.part).collect();
            sort::sort(&mut parts);
            parts.dedup();
            Ok(Step::Fetch(
                parts
                    .into_iter()
                    .flat_map(|part| {
                        let ranges = missing
                            .iter()
                            .filter(|m| m.part == part)
                            .map(|m| m.range.clone())
                            .collect();
                        coalesce(ranges, 0)
                            .into_iter()
                            .map(move |range| PartRange { part, range })
                    })
                    .collect(),
            ))
        }
    }
}

/// The rank key of the page's last article of `each` over the segments' `contenders` (their
/// matches before headline runs raise them), when ranked by relevance alone (a sort by date
/// or recency ranks by other keys, and a collapse keeps other matches) and they have enough
/// matches for a page: see [`Corpus::page_floor`].
fn page_floor<'c>(
    contenders: impl IntoIterator<Item = &'c proximity::Contenders>,
    each: &SearchOptions,
) -> Option<u128> {
    let relevance = each.sort == Sort::Relevance && each.recency.is_none() && !each.collapse;
    let page_end = each.offset.saturating_add(each.limit);
    let mut keys: Vec<u128> = contenders
        .into_iter()
        .flat_map(|c| c.keys.iter().copied())
        .collect();
    let last = page_end
        .checked_sub(1)
        .filter(|&last| relevance && last < keys.len())?;
    Some(*sort::select_by_key(&mut keys, last, |&key| key))
}

fn invalid(message: String) -> crate::Error {
    ErrorKind::InvalidOption {
        name: "segments",
        message,
    }
    .into()
}

/// The facets of every segment's matches (`each`) summed by value: entities by id, sources by
/// name, site facet values by value; each list's largest first, ties in the order a single
/// index lists them, and the dates' histogram over every match's day (`days`).
fn merge_facets(each: &[Facets], days: &[u32]) -> Facets {
    let size = crate::views::facets::FACET_SIZE;
    let all = || each.iter();
    let sum = |lists: Vec<&Vec<FacetCount>>, by_id: bool| -> Vec<FacetCount> {
        let mut summed: Vec<FacetCount> = Vec::new();
        for list in lists {
            for count in list {
                match summed.iter_mut().find(|c| match by_id {
                    true => c.id == count.id,
                    false => c.name == count.name,
                }) {
                    Some(c) => c.count += count.count,
                    None => summed.push(count.clone()),
                }
            }
        }
        // An index lists entities in id order and sources in byte order.
        let tie = |c: &FacetCount| match by_id {
            true => c.id.clone(),
            false => c.name.clone(),
        };
        top(summed, |c| (c.count, tie(c)), size)
    };
    let mut facets = Facets::default();
    for (kind, entities) in facets.entities.iter_mut().enumerate() {
        *entities = sum(all().map(|f| &f.entities[kind]).collect(), true);
    }
    facets.sources = sum(all().map(|f| &f.sources).collect(), false);
    facets.dates = histogram(days);
    let mut fields: Vec<FieldFacet> = Vec::new();
    for facet in all() {
        for field in &facet.fields {
            let at = match fields.iter().position(|f| f.name == field.name) {
                Some(at) => at,
                None => {
                    fields.push(FieldFacet {
                        name: field.name.clone(),
                        values: Vec::new(),
                    });
                    fields.len() - 1
                }
            };
            for value in &field.values {
                let values: &mut Vec<ValueCount> = &mut fields[at].values;
                let key = facet_key(&value.value);
                match values.iter_mut().find(|v| facet_key(&v.value) == key) {
                    Some(v) => v.count += value.count,
                    None => values.push(value.clone()),
                }
            }
        }
    }
    for field in &mut fields {
        // An index lists a field's values in the order of their keys.
        let tie = |v: &ValueCount| (v.count, facet_key(&v.value));
        field.values = top(std::mem::take(&mut field.values), tie, size);
    }
    facets.fields = fields;
    facets
}

/// The `size` items of most count, most first, ties by key (`rank` gives both).
fn top<T: Clone>(mut items: Vec<T>, rank: impl Fn(&T) -> (u32, String), size: usize) -> Vec<T> {
    sort::sort_by_key(&mut items, |item| {
        let (count, key) = rank(item);
        (std::cmp::Reverse(count), key)
    });
    items.truncate(size);
    items
}
