//! Running a plan: postings are decoded per matcher into doc-sorted score lists, alternatives
//! are unioned, clauses intersected and exclusions removed; the survivors are ranked by typos
//! (fewest first), then BM25F score, then id, and the requested page is turned into hits.

use std::cmp::Ordering;

use newsdex_indexer::format::entities::{doc_entities, entity, postings as entity_postings};
use newsdex_indexer::format::postings::{PositionsReader, PostingsReader};
use newsdex_indexer::format::{norms, Field, FIELD_COUNT};
use newsdex_indexer::Analyzer;

use crate::error::Result;
use crate::facets::facets;
use crate::highlight::Highlighter;
use crate::index::View;
use crate::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::query;
use crate::results::{EntityRef, Hit, SearchOptions, SearchResults};

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// Per-field weight in BM25F: a title word counts three body words.
const FIELD_BOOST: [f32; FIELD_COUNT] = [3.0, 1.5, 1.0, 0.5];
/// Per-field length normalisation in BM25F.
const FIELD_B: [f32; FIELD_COUNT] = [0.5, 0.6, 0.75, 0.3];
/// A hit lists at most this many of its article's entities.
pub const HIT_ENTITIES: usize = 5;

/// An article that matches so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scored {
    pub doc: u32,
    pub score: f32,
    pub typos: u16,
}

/// Searches `view` for `text`.
pub(crate) fn search(view: &View<'_>, text: &str, options: &SearchOptions) -> Result<SearchResults> {
    let started = web_time::Instant::now();
    options.check()?;
    let analyzer = Analyzer::new();
    let plan = Plan::new(view, &query::parse(text), &analyzer)?;
    let matched = run(view, &plan)?;
    let total = matched.len();
    let facets = if options.facets { Some(facets(view, &matched)?) } else { None };
    let page = rank(view, matched, options.offset.saturating_add(options.limit))?;
    let mut highlighter = Highlighter::new(view, &plan);
    let hits = page
        .into_iter()
        .skip(options.offset)
        .map(|scored| hit(view, &mut highlighter, scored))
        .collect::<Result<Vec<Hit>>>()?;
    Ok(SearchResults { total, took_ms: started.elapsed().as_secs_f64() * 1000.0, hits, facets })
}

/// The articles matching every clause and no exclusion, in doc order.
pub(crate) fn run(view: &View<'_>, plan: &Plan) -> Result<Vec<Scored>> {
    let mut clauses = plan.clauses.iter().collect::<Vec<_>>();
    // Cheapest first, so later clauses only ever shrink a small list.
    clauses.sort_by_key(|alternatives| alternatives.iter().map(cost).sum::<u64>());
    let mut matched: Option<Vec<Scored>> = None;
    for alternatives in clauses {
        let mut union = Vec::new();
        for matcher in alternatives {
            union = combine(union, evaluate(view, matcher)?, Combine::Union);
        }
        let next = match matched {
            None => union,
            Some(so_far) => combine(so_far, union, Combine::Intersection),
        };
        let empty = next.is_empty();
        matched = Some(next);
        if empty {
            break;
        }
    }
    let mut matched = matched.unwrap_or_default();
    for matcher in &plan.excluded {
        if matched.is_empty() {
            break;
        }
        let excluded = evaluate(view, matcher)?;
        matched = combine(matched, excluded, Combine::Difference);
    }
    Ok(matched)
}

/// An estimate of a matcher's work: the postings it reads.
fn cost(matcher: &FieldMatcher) -> u64 {
    match &matcher.matcher {
        Matcher::Terms(e) | Matcher::Phrase(e) => e.iter().map(|e| u64::from(e.info.doc_freq)).sum(),
        Matcher::Entities(e) => e.iter().map(|e| u64::from(e.articles)).sum(),
    }
}

/// The articles one matcher matches, with its score in each, in doc order.
fn evaluate(view: &View<'_>, matcher: &FieldMatcher) -> Result<Vec<Scored>> {
    match &matcher.matcher {
        Matcher::Terms(expansions) => {
            let mut out = Vec::new();
            for expansion in expansions {
                let scorer = Scorer::new(view, idf(view, expansion.info.doc_freq), matcher.field);
                let mut scored = Vec::with_capacity(expansion.info.doc_freq as usize);
                let mut postings = postings(view, expansion)?;
                while let Some(posting) = postings.next_posting()? {
                    if let Some(score) = scorer.score(posting.doc, &posting.freqs) {
                        scored.push(Scored { doc: posting.doc, score: expansion.weight * score, typos: u16::from(expansion.typos) });
                    }
                }
                out = combine(out, scored, Combine::Best);
            }
            Ok(out)
        }
        Matcher::Phrase(terms) => phrase(view, terms, matcher.field),
        Matcher::Entities(entities) => {
            let mut out = Vec::new();
            for named in entities {
                let idf = idf(view, named.articles);
                let scored = entity_postings(&view.entity_postings, named.ordinal, view.meta.doc_count)?
                    .into_iter()
                    .map(|(doc, mentions)| {
                        let m = mentions as f32;
                        Scored { doc, score: idf * m * (K1 + 1.0) / (m + K1), typos: 0 }
                    })
                    .collect();
                out = combine(out, scored, Combine::Best);
            }
            Ok(out)
        }
    }
}

fn postings<'v>(view: &View<'v>, expansion: &Expansion) -> Result<PostingsReader<'v>> {
    let bytes = view
        .postings
        .get(expansion.info.postings.clone())
        .ok_or_else(|| newsdex_indexer::Error::corrupt("postings", format!("term {} lies outside the section", expansion.ordinal)))?;
    Ok(PostingsReader::new(bytes, expansion.info.doc_freq, view.meta.doc_count))
}

/// The articles where `terms` occur at consecutive positions in one field, scored by the
/// number of occurrences of the whole phrase.
fn phrase(view: &View<'_>, terms: &[Expansion], field: Option<Field>) -> Result<Vec<Scored>> {
    let Some(rarest) = terms.iter().min_by_key(|t| t.info.doc_freq) else { return Ok(Vec::new()) };
    // Candidates: articles holding every term, from the rarest term's postings down.
    let mut candidates: Vec<u32> = Vec::new();
    let mut reader = postings(view, rarest)?;
    while let Some(p) = reader.next_posting()? {
        candidates.push(p.doc);
    }
    // Per term, per candidate: the positions in each field.
    let mut positions: Vec<Vec<[Vec<u32>; FIELD_COUNT]>> = Vec::with_capacity(terms.len());
    for term in terms {
        let mut reader = postings(view, term)?;
        let bytes = view
            .positions
            .get(term.info.positions.clone())
            .ok_or_else(|| newsdex_indexer::Error::corrupt("positions", format!("term {} lies outside the section", term.ordinal)))?;
        let mut stream = PositionsReader::new(bytes);
        let mut per_candidate: Vec<[Vec<u32>; FIELD_COUNT]> = vec![Default::default(); candidates.len()];
        let mut next = 0;
        while let Some(posting) = reader.next_posting()? {
            while next < candidates.len() && candidates[next] < posting.doc {
                next += 1;
            }
            if next < candidates.len() && candidates[next] == posting.doc {
                let slot = &mut per_candidate[next];
                stream.read(&posting, |f, p| slot[f as usize].push(p))?;
            } else {
                stream.skip(&posting)?;
            }
        }
        positions.push(per_candidate);
    }
    let idf: f32 = terms.iter().map(|t| idf(view, t.info.doc_freq)).sum();
    let scorer = Scorer::new(view, idf, field);
    let mut out = Vec::new();
    for (c, &doc) in candidates.iter().enumerate() {
        let mut freqs = [0u32; FIELD_COUNT];
        for f in Field::ALL {
            let first = &positions[0][c][f as usize];
            freqs[f as usize] = first
                .iter()
                .filter(|&&start| {
                    (1..terms.len()).all(|j| {
                        start
                            .checked_add(j as u32)
                            .is_some_and(|want| positions[j][c][f as usize].binary_search(&want).is_ok())
                    })
                })
                .count() as u32;
        }
        if let Some(score) = scorer.score(doc, &freqs) {
            out.push(Scored { doc, score, typos: 0 });
        }
    }
    Ok(out)
}

/// Inverse document frequency (BM25's, always positive).
fn idf(view: &View<'_>, doc_freq: u32) -> f32 {
    let n = view.meta.doc_count as f32;
    let df = doc_freq as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// BM25F for one term (or phrase) over the fields a matcher may look in.
/// Per field and norm byte, the weight of one occurrence in BM25F: the field's boost over its
/// length normalisation. Computed once per index, so scoring a posting divides only once.
pub(crate) type FieldWeights = [[f32; 256]; FIELD_COUNT];

/// The [`FieldWeights`] for these average field lengths.
pub(crate) fn field_weights(average_lengths: &[f32; FIELD_COUNT]) -> Box<FieldWeights> {
    let mut weights = Box::new([[0.0f32; 256]; FIELD_COUNT]);
    for f in 0..FIELD_COUNT {
        for byte in 0..=255u8 {
            let length = norms::decode(byte) as f32;
            let average = average_lengths[f];
            let normalised = if average > 0.0 { 1.0 - FIELD_B[f] + FIELD_B[f] * length / average } else { 1.0 };
            weights[f][usize::from(byte)] = FIELD_BOOST[f] / normalised;
        }
    }
    weights
}

/// BM25F for one term (or phrase) over the fields a matcher may look in.
struct Scorer<'a> {
    norms: &'a [u8],
    weights: &'a FieldWeights,
    idf: f32,
    field: Option<Field>,
}

impl<'a> Scorer<'a> {
    fn new(view: &View<'a>, idf: f32, field: Option<Field>) -> Scorer<'a> {
        Scorer { norms: view.norms, weights: view.field_weights, idf, field }
    }

    /// The score of an article with these occurrences, or `None` if none is in a field the
    /// matcher looks in.
    #[inline]
    fn score(&self, doc: u32, freqs: &[u32; FIELD_COUNT]) -> Option<f32> {
        let mut weighted = 0.0f32;
        let norms = self.norms.get(doc as usize * FIELD_COUNT..(doc as usize + 1) * FIELD_COUNT)?;
        for f in 0..FIELD_COUNT {
            if freqs[f] == 0 || self.field.is_some_and(|only| only as usize != f) {
                continue;
            }
            weighted += freqs[f] as f32 * self.weights[f][usize::from(norms[f])];
        }
        (weighted > 0.0).then(|| self.idf * weighted * (K1 + 1.0) / (K1 + weighted))
    }
}

#[derive(Clone, Copy)]
enum Combine {
    /// In either list; scores add (more alternatives matched is better).
    Union,
    /// In either list; the better of the two (the expansions of one word).
    Best,
    /// In both lists; scores and typos add.
    Intersection,
    /// In the first list and not the second.
    Difference,
}

/// Merges two doc-ordered lists.
fn combine(a: Vec<Scored>, b: Vec<Scored>, how: Combine) -> Vec<Scored> {
    match how {
        Combine::Union | Combine::Best if a.is_empty() => return b,
        Combine::Union | Combine::Best | Combine::Difference if b.is_empty() => return a,
        _ => {}
    }
    let mut out = Vec::with_capacity(match how {
        Combine::Union | Combine::Best => a.len() + b.len(),
        Combine::Intersection => a.len().min(b.len()),
        Combine::Difference => a.len(),
    });
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        match x.doc.cmp(&y.doc) {
            Ordering::Less => {
                if !matches!(how, Combine::Intersection) {
                    out.push(x);
                }
                i += 1;
            }
            Ordering::Greater => {
                if matches!(how, Combine::Union | Combine::Best) {
                    out.push(y);
                }
                j += 1;
            }
            Ordering::Equal => {
                match how {
                    Combine::Union => out.push(Scored { doc: x.doc, score: x.score + y.score, typos: x.typos.min(y.typos) }),
                    Combine::Best => out.push(Scored { doc: x.doc, score: x.score.max(y.score), typos: x.typos.min(y.typos) }),
                    Combine::Intersection => out.push(Scored { doc: x.doc, score: x.score + y.score, typos: x.typos + y.typos }),
                    Combine::Difference => {}
                }
                i += 1;
                j += 1;
            }
        }
    }
    if !matches!(how, Combine::Intersection) {
        out.extend_from_slice(&a[i..]);
    }
    if matches!(how, Combine::Union | Combine::Best) {
        out.extend_from_slice(&b[j..]);
    }
    out
}

/// The best `count` articles in rank order: fewest typos, then highest score, then id.
fn rank(view: &View<'_>, mut matched: Vec<Scored>, count: usize) -> Result<Vec<Scored>> {
    // Typos, then score, packed into one integer that sorts the same way (scores are positive,
    // so their bits order like their values); ids only break exact ties.
    let key = |s: &Scored| u64::from(s.typos) << 32 | u64::from(!s.score.to_bits());
    let by_id = |mut tied: Vec<Scored>| -> Result<Vec<Scored>> {
        let mut with_ids = tied.drain(..).map(|s| Ok((view.id(s.doc)?, s))).collect::<Result<Vec<_>>>()?;
        with_ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(with_ids.into_iter().map(|(_, s)| s).collect())
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    if count < matched.len() {
        matched.select_nth_unstable_by_key(count - 1, key);
        let boundary = key(&matched[count - 1]);
        let mut top: Vec<Scored> = matched.iter().filter(|s| key(s) < boundary).copied().collect();
        let tied = by_id(matched.iter().filter(|s| key(s) == boundary).copied().collect())?;
        let room = count - top.len();
        top.extend(tied.into_iter().take(room));
        matched = top;
    }
    matched.sort_unstable_by_key(key);
    let mut ranked = Vec::with_capacity(matched.len());
    for group in matched.chunk_by(|a, b| key(a) == key(b)) {
        if group.len() == 1 {
            ranked.push(group[0]);
        } else {
            ranked.extend(by_id(group.to_vec())?);
        }
    }
    Ok(ranked)
}

/// Builds the hit for a ranked article: stored fields, title marks and snippet.
fn hit(view: &View<'_>, highlighter: &mut Highlighter<'_>, scored: Scored) -> Result<Hit> {
    let id = view.id(scored.doc)?.to_owned();
    let entities = doc_entities(&view.doc_entities, scored.doc, view.entity_count)?
        .into_iter()
        .take(HIT_ENTITIES)
        .map(|(ordinal, _)| {
            let record = entity(&view.entities, ordinal)?;
            Ok(EntityRef { id: record.id(), kind: record.kind, name: record.name.to_owned() })
        })
        .collect::<Result<Vec<_>>>()?;
    highlighter.set_doc(scored.doc)?;
    let Some(store) = &view.store else {
        return Ok(Hit {
            id,
            title: String::new(),
            source: String::new(),
            date: String::new(),
            url: String::new(),
            score: scored.score,
            title_marks: Vec::new(),
            snippet: Default::default(),
            entities,
        });
    };
    let stored = store.get(scored.doc)?;
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
        score: scored.score,
        title_marks: highlighter.marks(stored.title, Field::Title),
        snippet,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(doc: u32, score: f32, typos: u16) -> Scored {
        Scored { doc, score, typos }
    }

    #[test]
    fn combining_doc_lists() {
        let a = vec![s(1, 1.0, 0), s(3, 1.0, 1), s(5, 2.0, 0)];
        let b = vec![s(3, 2.0, 0), s(4, 1.0, 0), s(5, 1.0, 2)];
        let docs = |v: &[Scored]| v.iter().map(|x| x.doc).collect::<Vec<_>>();
        let union = combine(a.clone(), b.clone(), Combine::Union);
        assert_eq!(docs(&union), [1, 3, 4, 5]);
        assert_eq!(union[1], s(3, 3.0, 0));
        let best = combine(a.clone(), b.clone(), Combine::Best);
        assert_eq!(best[1], s(3, 2.0, 0));
        let both = combine(a.clone(), b.clone(), Combine::Intersection);
        assert_eq!(both, [s(3, 3.0, 1), s(5, 3.0, 2)]);
        let only_a = combine(a, b, Combine::Difference);
        assert_eq!(docs(&only_a), [1]);
    }
}
