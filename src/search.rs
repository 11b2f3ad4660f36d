//! Running a plan: postings are decoded per matcher into doc-sorted score lists, alternatives
//! are unioned, clauses intersected and exclusions removed; the survivors are ranked by typos
//! (fewest first), then BM25F score, then id, and the requested page is turned into hits.

use std::ops::Range;

use newsdex_indexer::format::entities::{doc_entities, entity, postings as entity_postings};
use newsdex_indexer::format::postings::{PositionsReader, PostingsReader};
use newsdex_indexer::format::{Field, FIELD_COUNT};
use newsdex_indexer::Analyzer;

use crate::error::Result;
use crate::facets::facets;
use crate::highlight::Highlighter;
use crate::index::View;
use crate::merge::{combine, Combine, Scored};
use crate::pack::coalesce;
use crate::plan::{Expansion, FieldMatcher, Matcher, Plan};
use crate::query;
use crate::rank::rank;
use crate::results::{EntityRef, Hit, SearchOptions, SearchResults};
use crate::scoring::{entity_score, headline_bonus, idf, Scorer};

/// A hit lists at most this many of its article's entities.
pub const HIT_ENTITIES: usize = 5;

/// Searches `view` for `text`.
pub(crate) fn search(
    view: &View<'_>,
    text: &str,
    options: &SearchOptions,
) -> Result<SearchResults> {
    let started = web_time::Instant::now();
    options.check()?;
    let analyzer = Analyzer::new();
    let plan = Plan::new(view, &query::parse(text), &analyzer)?;
    let matched = run(view, &plan)?;
    let total = matched.len();
    let facets = if options.facets {
        Some(facets(view, &matched)?)
    } else {
        None
    };
    let page = rank(view, matched, options.offset.saturating_add(options.limit))?;
    if let Some(store) = &view.store {
        store.require(page.iter().skip(options.offset).map(|scored| scored.doc))?;
    }
    let mut highlighter = Highlighter::new(view, &plan);
    let hits = page
        .into_iter()
        .skip(options.offset)
        .map(|scored| hit(view, &mut highlighter, scored))
        .collect::<Result<Vec<Hit>>>()?;
    Ok(SearchResults {
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets,
    })
}

/// Ranges this close together are fetched as one.
const FETCH_GAP: u64 = 2048;

/// The ranges of a sharded index's pack that searching `text` reads and that have not been
/// fetched yet: the postings of every term the query's words expand to, and the positions of
/// those in phrases. (The stored text of the hits is known only after ranking; see
/// [`crate::stored::StoreView::require`].)
pub(crate) fn missing_bytes(view: &View<'_>, text: &str) -> Result<Vec<Range<u64>>> {
    let plan = Plan::new(view, &query::parse(text), &Analyzer::new())?;
    let mut missing = Vec::new();
    for matcher in plan.clauses.iter().flatten().chain(&plan.excluded) {
        let (terms, with_positions) = match &matcher.matcher {
            Matcher::Terms(terms) => (terms, false),
            Matcher::Phrase(terms) => (terms, true),
            Matcher::Entities(_) => continue,
        };
        for term in terms {
            let mut wanted = vec![(&view.postings, term.info.postings.clone())];
            if with_positions {
                wanted.push((&view.positions, term.info.positions.clone()));
            }
            for (section, range) in wanted {
                if !section.is_at_hand(range.clone()) {
                    missing.extend(section.pack_range(range));
                }
            }
        }
    }
    Ok(coalesce(missing, FETCH_GAP))
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
    for scored in &mut matched {
        scored.score = headline_bonus(view, scored.doc, scored.score, scored.in_title);
    }
    Ok(matched)
}

/// An estimate of a matcher's work: the postings it reads.
fn cost(matcher: &FieldMatcher) -> u64 {
    match &matcher.matcher {
        Matcher::Terms(e) | Matcher::Phrase(e) => {
            e.iter().map(|e| u64::from(e.info.doc_freq)).sum()
        }
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
                        let in_title = posting.freqs[Field::Title as usize] > 0
                            && matcher.field.is_none_or(|f| f == Field::Title);
                        scored.push(Scored {
                            doc: posting.doc,
                            score: expansion.weight * score,
                            typos: u16::from(expansion.typos),
                            in_title: u16::from(in_title),
                        });
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
                let scored =
                    entity_postings(&view.entity_postings, named.ordinal, view.meta.doc_count)?
                        .into_iter()
                        .map(|(doc, mentions)| Scored {
                            doc,
                            score: entity_score(idf, mentions),
                            typos: 0,
                            in_title: 0,
                        })
                        .collect();
                out = combine(out, scored, Combine::Best);
            }
            Ok(out)
        }
    }
}

fn postings<'v>(view: &View<'v>, expansion: &Expansion) -> Result<PostingsReader<'v>> {
    let bytes = view.postings.get(expansion.info.postings.clone(), || format!("term {} lies outside the section", expansion.ordinal))?;
    if let Some(checks) = &view.chunk_checks {
        checks.postings(expansion.ordinal, bytes)?;
    }
    Ok(PostingsReader::new(bytes, expansion.info.doc_freq, view.meta.doc_count))
}

/// The articles where `terms` occur at consecutive positions in one field, scored by the
/// number of occurrences of the whole phrase.
fn phrase(view: &View<'_>, terms: &[Expansion], field: Option<Field>) -> Result<Vec<Scored>> {
    let Some(rarest) = terms.iter().min_by_key(|t| t.info.doc_freq) else {
        return Ok(Vec::new());
    };
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
        let bytes = view.positions.get(term.info.positions.clone(), || format!("term {} lies outside the section", term.ordinal))?;
        if let Some(checks) = &view.chunk_checks {
            checks.positions(term.ordinal, bytes)?;
        }
        let mut stream = PositionsReader::new(bytes);
        let mut per_candidate: Vec<[Vec<u32>; FIELD_COUNT]> =
            vec![Default::default(); candidates.len()];
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
                        start.checked_add(j as u32).is_some_and(|want| {
                            positions[j][c][f as usize].binary_search(&want).is_ok()
                        })
                    })
                })
                .count() as u32;
        }
        if let Some(score) = scorer.score(doc, &freqs) {
            out.push(Scored {
                doc,
                score,
                typos: 0,
                in_title: u16::from(freqs[Field::Title as usize] > 0),
            });
        }
    }
    Ok(out)
}

/// Builds the hit for a ranked article: stored fields, title marks and snippet.
fn hit(view: &View<'_>, highlighter: &mut Highlighter<'_>, scored: Scored) -> Result<Hit> {
    let id = view.id(scored.doc)?.to_owned();
    let entities = doc_entities(&view.doc_entities, scored.doc, view.entity_count)?
        .into_iter()
        .take(HIT_ENTITIES)
        .map(|(ordinal, _)| {
            let record = entity(&view.entities, ordinal)?;
            Ok(EntityRef {
                id: record.id(),
                kind: record.kind,
                name: record.name.to_owned(),
            })
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
