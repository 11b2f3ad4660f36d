//! `Segmented`: the parts of a segmented index opened together, and its requests answered as
//! one index of their live articles would answer them.

use std::cell::RefCell;
use std::collections::BTreeMap;

use fst::Streamer;
use newsdex_format::dates::NO_DAY;
use newsdex_format::FIELD_COUNT;
use newsdex_index::bm25::{average_lengths, field_weights, FieldWeights};
use newsdex_index::facets::facet_key;
use newsdex_index::sort;
use newsdex_index::Article;

use crate::error::{ErrorKind, Result};
use crate::index::sharded::Sharded;
use crate::index::{Corpus, View};
use crate::read::search::{answer, survey};
use crate::segments::{Choices, Survey};
use crate::update::stored_articles;
use crate::views::article::article;
use crate::views::facets::histogram;
use crate::views::results::{
    ArticleView, FacetCount, Facets, FieldFacet, SearchOptions, SearchResults, ValueCount,
};

/// One part of a segmented index, in the order they were written.
pub enum Part {
    /// A segment: the articles one change added, the same ids as earlier segments' replacing
    /// theirs.
    Segment(Sharded),
    /// The articles one change removed (or replaced) from the segments before it, as an
    /// index of their own, whose statistics the corpus's leave out.
    Removed(Sharded),
}

struct Segment {
    index: Sharded,
    /// Ordinal → place in the union of terms.
    terms: Vec<u32>,
    /// Its articles removed or replaced later, sorted.
    removed: Vec<u32>,
}

/// A segmented index, every segment's chunks supplied: searched as one index of its live
/// articles.
pub struct Segmented {
    segments: Vec<Segment>,
    docs: u32,
    newest_day: u32,
    field_weights: Box<FieldWeights>,
    doc_freqs: Vec<u32>,
}

impl Segmented {
    /// Opens the parts of a segmented index, in the order they were written, each with every
    /// byte of its chunks supplied.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] for a removal of an article no earlier segment holds, or
    /// for no segment at all; the indexes' errors.
    pub fn open(parts: Vec<Part>) -> Result<Segmented> {
        let mut segments: Vec<Segment> = Vec::new();
        let mut removals: Vec<Sharded> = Vec::new();
        for part in parts {
            match part {
                Part::Segment(index) => segments.push(Segment {
                    index,
                    terms: Vec::new(),
                    removed: Vec::new(),
                }),
                Part::Removed(removal) => {
                    let view = removal.view()?;
                    for doc in 0..view.meta.doc_count {
                        let id = view.id(doc)?;
                        let held = segments.iter_mut().rev().find_map(|s| {
                            let doc = s.index.view().ok()?.id_map.get(id.as_bytes()).ok()??;
                            let doc = u32::try_from(doc).ok()?;
                            (!s.removed.contains(&doc)).then_some((s, doc))
                        });
                        let Some((segment, doc)) = held else {
                            return Err(invalid(format!(
                                "a removal of `{id}`, which no earlier segment holds"
                            )));
                        };
                        segment.removed.push(doc);
                    }
                    removals.push(removal);
                }
            }
        }
        if segments.is_empty() {
            return Err(invalid("no segment".into()));
        }
        let mut docs: i64 = 0;
        let mut lengths = [0i64; FIELD_COUNT];
        let mut newest_day = NO_DAY;
        let mut union: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        let mut add = |index: &Sharded, sign: i64| -> Result<()> {
            let view = index.view()?;
            docs += sign * i64::from(view.meta.doc_count);
            for (total, &length) in lengths.iter_mut().zip(&view.meta.field_lengths) {
                *total += sign * length as i64;
            }
            for_each_term(&view, |key, df| {
                *union.entry(key.to_vec()).or_default() += sign * i64::from(df);
            })
        };
        for segment in &mut segments {
            sort::sort(&mut segment.removed);
            add(&segment.index, 1)?;
            // The newest live article's day: a removed article may have been the newest.
            let view = segment.index.view()?;
            newest_day = match segment.removed.is_empty() {
                true => newest_day.max(view.meta.newest_day),
                false => {
                    let live: Vec<u32> = (0..view.meta.doc_count)
                        .filter(|doc| segment.removed.binary_search(doc).is_err())
                        .collect();
                    let days = view.days(&live)?;
                    newest_day.max(days.into_iter().max().unwrap_or(NO_DAY))
                }
            };
        }
        for removal in &removals {
            add(removal, -1)?;
        }
        let places: BTreeMap<&[u8], u32> = union
            .keys()
            .enumerate()
            .map(|(place, key)| (key.as_slice(), place as u32))
            .collect();
        for segment in &mut segments {
            let view = segment.index.view()?;
            let mut terms = vec![0; view.meta.term_count as usize];
            for_each_term_ordinal(&view, |key, ordinal| {
                if let Some(t) = terms.get_mut(ordinal as usize) {
                    *t = places[key];
                }
            })?;
            segment.terms = terms;
        }
        let doc_freqs = union.values().map(|&df| df.max(0) as u32).collect();
        let docs = u32::try_from(docs.max(0)).unwrap_or(u32::MAX);
        let lengths = lengths.map(|l| l.max(0) as u64);
        Ok(Segmented {
            segments,
            docs,
            newest_day,
            field_weights: field_weights(&average_lengths(&lengths, docs)),
            doc_freqs,
        })
    }

    /// The live articles.
    pub fn articles(&self) -> u32 {
        self.docs
    }

    /// How many segments.
    pub fn segments(&self) -> usize {
        self.segments.len()
    }

    /// The live articles of segments `range` (in the order they were written), each
    /// segment's in its order, with their site facet values: what a merge of them builds
    /// again, so that the merged segment answers as they did.
    ///
    /// # Errors
    /// As [`crate::Index::articles`].
    pub fn live_articles(&self, range: std::ops::Range<usize>) -> Result<Vec<Article>> {
        let mut live = Vec::new();
        let end = range.end.min(self.segments.len());
        for segment in self
            .segments
            .get(range.start.min(end)..end)
            .unwrap_or_default()
        {
            let articles = stored_articles(&segment.index.view()?, 0..u32::MAX)?;
            live.extend(
                (0u32..)
                    .zip(articles)
                    .filter(|(doc, _)| segment.removed.binary_search(doc).is_err())
                    .map(|(_, article)| article),
            );
        }
        Ok(live)
    }

    fn view<'a>(
        &'a self,
        segment: &'a Segment,
        choices: Option<&'a Choices>,
        survey: Option<&'a RefCell<Survey>>,
        misspellings: bool,
    ) -> Result<View<'a>> {
        let mut view = segment.index.view()?;
        view.field_weights = &self.field_weights;
        view.corpus = Some(Corpus {
            docs: self.docs,
            newest_day: self.newest_day,
            terms: &segment.terms,
            doc_freqs: &self.doc_freqs,
            removed: &segment.removed,
            choices,
            survey,
            misspellings,
        });
        Ok(view)
    }

    /// Searches, as [`crate::Index::search`] on an index of the live articles would, but
    /// for `collapse`, whose groups of copies each segment found among its own articles.
    ///
    /// # Errors
    /// As [`crate::Index::search`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        #[cfg(not(target_arch = "wasm32"))]
        let started = std::time::Instant::now();
        options.check()?;
        let surveyed = RefCell::new(Survey::default());
        for segment in &self.segments {
            survey(&self.view(segment, None, Some(&surveyed), true)?, query)?;
        }
        let choices = surveyed.into_inner().choose(&self.doc_freqs);
        let page_end = options.offset.saturating_add(options.limit);
        let each = SearchOptions {
            offset: 0,
            limit: page_end,
            ..*options
        };
        let run = |misspellings: bool| -> Result<Vec<_>> {
            self.segments
                .iter()
                .map(|segment| {
                    let view = self.view(segment, Some(&choices), None, misspellings)?;
                    let answer = answer(&view, query, &each, None)?;
                    let days = match options.facets {
                        true => view.days(&answer.matched)?,
                        false => Vec::new(),
                    };
                    Ok((answer, days))
                })
                .collect()
        };
        // Misspellings only when the words as typed do not fill the page (see `search`).
        let mut answers = run(false)?;
        let total: usize = answers.iter().map(|(a, _)| a.results.total).sum();
        if total < page_end.max(1) {
            answers = run(true)?;
        }
        let total = answers.iter().map(|(a, _)| a.results.total).sum();
        let facets = match options.facets {
            true => Some(merge_facets(&answers)),
            false => None,
        };
        let mut hits: Vec<(u128, crate::Hit)> = answers
            .into_iter()
            .flat_map(|(a, _)| a.keys.into_iter().zip(a.results.hits))
            .collect();
        sort::sort_by(&mut hits, |a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        Ok(SearchResults {
            total,
            total_exact: true,
            #[cfg(not(target_arch = "wasm32"))]
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            #[cfg(target_arch = "wasm32")]
            took_ms: 0.0,
            hits: hits
                .into_iter()
                .skip(options.offset)
                .take(options.limit)
                .map(|(_, hit)| hit)
                .collect(),
            facets,
        })
    }

    /// The live article with `id`, as [`crate::Index::article`].
    ///
    /// # Errors
    /// As [`crate::Index::article`].
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<ArticleView> {
        for segment in self.segments.iter().rev() {
            let view = self.view(segment, None, None, true)?;
            let Some(doc) = view.id_map.get(id.as_bytes())? else {
                continue;
            };
            if u32::try_from(doc).is_ok_and(|doc| view.live(doc)) {
                return article(&view, id, query);
            }
        }
        Err(ErrorKind::UnknownArticle { id: id.to_owned() }.into())
    }
}

fn invalid(message: String) -> crate::Error {
    ErrorKind::InvalidOption {
        name: "segments",
        message,
    }
    .into()
}

/// Hands `visit` each term of `view` with its document frequency.
fn for_each_term(view: &View<'_>, mut visit: impl FnMut(&[u8], u32)) -> Result<()> {
    let mut failed = None;
    for_each_term_ordinal(view, |key, ordinal| match view.terms.doc_freq(ordinal) {
        Ok(df) => visit(key, df),
        Err(e) => failed = Some(e),
    })?;
    failed.map_or(Ok(()), Err)
}

/// Hands `visit` each term of `view` with its ordinal, in key order.
fn for_each_term_ordinal(view: &View<'_>, mut visit: impl FnMut(&[u8], u64)) -> Result<()> {
    for map in view.terms.maps()? {
        let mut stream = map.stream();
        while let Some((key, ordinal)) = stream.next() {
            visit(key, ordinal);
        }
    }
    Ok(())
}

/// The facets of every segment's matches summed by value: entities by id, sources by name,
/// site facet values by value; each list's largest first, ties in the order a single index
/// lists them, and the dates' histogram over every match's day.
fn merge_facets(answers: &[(crate::read::search::Answer, Vec<u32>)]) -> Facets {
    let size = crate::views::facets::FACET_SIZE;
    let all = || {
        answers
            .iter()
            .filter_map(|(a, _)| a.results.facets.as_ref())
    };
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
    let days: Vec<u32> = answers
        .iter()
        .flat_map(|(_, d)| d.iter().copied())
        .collect();
    facets.dates = histogram(&days);
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
