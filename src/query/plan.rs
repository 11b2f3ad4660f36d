//! Resolving a parsed query against an index: each word becomes the set of terms it matches
//! (exact stem; completions of its word form while typing or with `*`; word forms within
//! the allowed typos), each phrase the sequence of its terms. The plan is what both scoring and marking
//! work from, so a hit's marks are exactly the terms that made it a hit, and the common words
//! a query over a large index leaves out.

use fst::raw::Output;
#[cfg(not(feature = "lite"))]
use newsdex_format::dates::NO_DAY;
use newsdex_format::entities::{name_prefix, NAME_WHOLE, NAME_WORD};
#[cfg(not(feature = "lite"))]
use newsdex_format::facets::{key as facet_names_key, read_list};
use newsdex_format::pieces::typo_keys_between;
use newsdex_format::term_info::TermInfo;
use newsdex_format::Field;
use newsdex_index::analysis::{OwnedToken, Role};
use newsdex_index::sort;
use newsdex_index::Analyzer;
#[cfg(not(feature = "lite"))]
use newsdex_index::{
    entities::{key as entity_key, person_name},
    facets::facet_key,
    Period,
};
use newsdex_ner::EntityType;

use crate::error::{ErrorKind, Result};
use crate::index::pieces::{entity as entity_record, fetch_all, Gather};
use crate::index::View;
use crate::query::typo::{allowed_edits, TypoAutomaton};
#[cfg(not(feature = "lite"))]
use crate::query::DateBound;
use crate::query::{Atom, AtomKind, Prefix, Query};
use crate::segments::Kind;

/// A prefix completion counts this much of an exact match.
const PREFIX_WEIGHT: f32 = 0.7;
/// A spelling one edit away counts this much of an exact match (two edits: its square).
const TYPO_WEIGHT: f32 = 0.5;
/// A prefix expands to at most this many terms (the most frequent).
pub const MAX_PREFIX_TERMS: usize = 64;
/// A prefix whose most frequent completion is in this many articles or more keeps only the
/// completions at least `1 / COMPLETION_SHARE` as frequent (see [`completions_kept`]).
const COMMON_COMPLETION_FROM: u32 = 50_000;
const COMPLETION_SHARE: u32 = 16;
/// A prefix scan reads at most this many dictionary entries.
pub const MAX_PREFIX_SCAN: usize = 20_000;
/// A word matches at most this many misspelt terms (the closest, then the most frequent).
pub const MAX_TYPO_TERMS: usize = 32;
/// An index of fewer articles requires every word of a query: reading a common word's
/// postings whole costs at most a few kilobytes there, and in a handful of articles half of
/// them is no sign that a word is common.
pub const COMMON_WORDS_FROM: u32 = 1000;
/// A word in at least one article in this many is spelt right (see [`spelt_right`]).
pub const SPELT_RIGHT_SHARE: u32 = 1000;
/// A phrase uses at most this many words.
pub const MAX_PHRASE_WORDS: usize = 32;

/// One term a word matches, and how well.
#[derive(Clone, Debug)]
pub(crate) struct Expansion {
    pub ordinal: u64,
    pub info: TermInfo,
    pub weight: f32,
    pub typos: u8,
    /// The first letter of every word form of the term: stemming keeps a word's first letter,
    /// completions start with the typed prefix and typos keep the first letter.
    pub initial: char,
}

/// An entity a query names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EntityMatch {
    pub ordinal: u32,
    pub articles: u32,
}

/// What a query atom matches.
#[derive(Clone, Debug)]
pub(crate) enum Matcher {
    /// Any of these terms (empty: nothing).
    Terms(Vec<Expansion>),
    /// These terms, each at its offset from the first's position (a split word's parts take
    /// positions of their own, so `"o'sullivan quick"` is `o'sullivan` at 0 and `quick` at 2).
    Phrase {
        terms: Vec<Expansion>,
        offsets: Vec<u32>,
    },
    // The last three are made only by clauses the first wasm module (feature `lite`) leaves to
    // the search module (see `by_prefix`).
    /// Mentions of any of these entities (empty: nothing).
    #[cfg_attr(feature = "lite", allow(dead_code))]
    Entities(Vec<EntityMatch>),
    /// Articles dated from the first to the last day, both included.
    #[cfg_attr(feature = "lite", allow(dead_code))]
    Dates(u32, u32),
    /// These articles, in doc order: those with a site facet value.
    #[cfg_attr(feature = "lite", allow(dead_code))]
    Facet(Vec<u32>),
}

/// A matcher, perhaps restricted to one field.
#[derive(Clone, Debug)]
pub(crate) struct FieldMatcher {
    pub field: Option<Field>,
    pub matcher: Matcher,
    /// The positions the atom's text takes: 2 for `o'sullivan`, whose parts take one each, so
    /// that a headline run goes on through it (1 for an entity).
    pub span: u32,
}

/// A query resolved against one index.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    /// Every clause must match; a clause is a set of alternatives.
    pub clauses: Vec<Vec<FieldMatcher>>,
    /// No exclusion may match.
    pub excluded: Vec<FieldMatcher>,
    /// Common words left out of matching and scoring (see [`is_common`]), each with the
    /// number of clauses before it: they still count in headline runs and are marked in the
    /// hits, as the reader typed them.
    pub common: Vec<(usize, Vec<FieldMatcher>)>,
}

impl Plan {
    /// This plan with `clauses` instead of its own, its exclusions and common words kept.
    pub fn with_clauses(&self, clauses: Vec<Vec<FieldMatcher>>) -> Plan {
        Plan {
            clauses,
            excluded: self.excluded.clone(),
            common: self.common.clone(),
        }
    }

    /// Resolves `query`, leaving out its common words when it has rarer ones (see
    /// [`is_common`]).
    ///
    /// Words spelt right (see [`spelt_right`]) get no misspellings, unless no other word has
    /// any: the words as typed did not fill the page, so a typo may be a word itself ("on tax
    /// and send" for "spend"), and every word gets its misspellings.
    pub fn new(view: &View<'_>, query: &Query, analyzer: &Analyzer) -> Result<Plan> {
        let plan = Plan::resolved(view, query, analyzer, Misspellings::Matched)?;
        let misspelt = plan.positive().any(|m| match &m.matcher {
            Matcher::Terms(terms) => terms.iter().any(|t| t.typos > 0),
            _ => false,
        });
        match misspelt {
            true => Ok(plan),
            false => Plan::resolved(view, query, analyzer, Misspellings::Every),
        }
    }

    /// [`Plan::new`] without misspellings: the words as typed, with their completions (in a
    /// sharded index, without fetching the dictionary pieces misspellings are looked for in).
    pub fn as_typed(view: &View<'_>, query: &Query, analyzer: &Analyzer) -> Result<Plan> {
        Plan::resolved(view, query, analyzer, Misspellings::Ignored)
    }

    fn resolved(
        view: &View<'_>,
        query: &Query,
        analyzer: &Analyzer,
        misspellings: Misspellings,
    ) -> Result<Plan> {
        let mut plan = Plan::default();
        let mut resolved = Vec::new();
        // Every atom is resolved before a sharded index's missing pieces are asked for, so
        // that they come in one round.
        let mut gather = Gather::default();
        for clause in &query.clauses {
            let mut alternatives = Vec::new();
            for atom in &clause.alternatives {
                let tolerant = Tolerance::Words(misspellings);
                if let Some(matchers) = gather.add(resolve(view, atom, analyzer, tolerant))? {
                    alternatives.extend(matchers);
                }
            }
            if !alternatives.is_empty() {
                resolved.push((
                    is_common(view, &clause.alternatives, &alternatives),
                    alternatives,
                ));
            }
        }
        let keep_common = resolved.iter().all(|(common, _)| *common);
        for (common, alternatives) in resolved {
            if common && !keep_common {
                plan.common.push((plan.clauses.len(), alternatives));
            } else {
                plan.clauses.push(alternatives);
            }
        }
        for atom in &query.excluded {
            let strict = Tolerance::Exact;
            if let Some(matchers) = gather.add(resolve(view, atom, analyzer, strict))? {
                plan.excluded.extend(matchers);
            }
        }
        gather.finish()?;
        Ok(plan)
    }

    /// Every positive matcher and common word, for marking matches in text.
    pub fn positive(&self) -> impl Iterator<Item = &FieldMatcher> {
        self.clauses.iter().flatten().chain(
            self.common
                .iter()
                .flat_map(|(_, alternatives)| alternatives),
        )
    }

    /// Every clause and common word, in the query's order.
    pub fn in_query_order(&self) -> Vec<&[FieldMatcher]> {
        let mut common = self.common.iter().peekable();
        let mut ordered = Vec::with_capacity(self.clauses.len() + self.common.len());
        for (before, clause) in self.clauses.iter().enumerate() {
            while let Some((_, word)) = common.next_if(|(at, _)| *at == before) {
                ordered.push(word.as_slice());
            }
            ordered.push(clause.as_slice());
        }
        ordered.extend(common.map(|(_, word)| word.as_slice()));
        ordered
    }
}

/// Whether a clause is one common word: typed in full, unquoted and in no particular field,
/// and as spelt in more than half the articles. Such a word narrows a query with rarer words
/// by little and is weak evidence for an article (Robertson and Spärck Jones's term weight,
/// log((N − df + ½) / (df + ½)), is negative there), yet its postings are most of what a
/// query reads: a sharded index's query with "with" or "of" fetched 0.4–1 MB for it alone.
/// So such a query leaves it out, as Elasticsearch's `cutoff_frequency` did; quoting the word
/// keeps it, and an index of fewer than [`COMMON_WORDS_FROM`] articles keeps every word.
fn is_common(view: &View<'_>, atoms: &[Atom], alternatives: &[FieldMatcher]) -> bool {
    let ([atom], [matcher]) = (atoms, alternatives) else {
        return false;
    };
    if view.docs() < COMMON_WORDS_FROM {
        return false;
    }
    if atom.field.is_some()
        || atom.kind
            != (AtomKind::Word {
                prefix: Prefix::None,
            })
    {
        return false;
    }
    let Matcher::Terms(expansions) = &matcher.matcher else {
        return false;
    };
    expansions.iter().any(|e| {
        e.typos == 0
            && u64::from(view.doc_freq_of(e.ordinal, e.info.doc_freq)) * 2 > u64::from(view.docs())
    })
}

/// Whether a plan looks for misspellings of its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Misspellings {
    /// For the words not spelt right.
    Matched,
    /// For every word.
    Every,
    Ignored,
}

/// How loosely an atom's words match: exclusions match exact terms (and prefixes only when
/// starred); other words also match completions while typing and, unless ignored,
/// misspellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tolerance {
    Exact,
    Words(Misspellings),
}

/// An atom by date, site facet or entity (`since:`, `topics:`, `person:`, `entity:`): its
/// articles; `None` for words and phrases.
#[cfg(not(feature = "lite"))]
fn by_prefix(view: &View<'_>, atom: &Atom) -> Result<Option<Vec<FieldMatcher>>> {
    if let AtomKind::Date(bound) = atom.kind {
        let period = Period::parse(&atom.text).map_err(|why| ErrorKind::InvalidQuery {
            message: format!("`{}:{}` is not a date: {why}", bound.prefix(), atom.text),
        })?;
        let (first, last) = match bound {
            DateBound::Since => (period.first, u32::MAX),
            DateBound::Until => (NO_DAY + 1, period.last),
            DateBound::Within => (period.first, period.last),
        };
        return Ok(Some(vec![FieldMatcher {
            field: None,
            matcher: Matcher::Dates(first, last),
            span: 1,
        }]));
    }
    if let AtomKind::Facet(field) = atom.kind {
        let key = facet_names_key(field, &facet_key(&atom.text));
        let docs = match view.facet_names.get(&key)? {
            Some(ordinal) => {
                let ordinal = u32::try_from(ordinal).unwrap_or(u32::MAX);
                read_list(
                    view.facet_postings.get(ordinal)?,
                    view.meta.doc_count,
                    "facet postings",
                )?
            }
            None => Vec::new(),
        };
        return Ok(Some(vec![FieldMatcher {
            field: None,
            matcher: Matcher::Facet(docs),
            span: 1,
        }]));
    }
    if atom.kind == AtomKind::EntityId {
        let matches = match view.entities.find_entity(atom.text.trim())? {
            Some(ordinal) => vec![EntityMatch {
                ordinal,
                articles: entity_record(&view.entities, ordinal)?.articles,
            }],
            None => Vec::new(),
        };
        return Ok(Some(vec![FieldMatcher {
            field: None,
            matcher: Matcher::Entities(matches),
            span: 1,
        }]));
    }
    if let AtomKind::Entity(kind) = atom.kind {
        // `person:"Mr Blair"` names the person as the index does, without the honorific.
        let name = match kind {
            EntityType::Per => entity_key(person_name(&atom.text, kind).1),
            _ => entity_key(&atom.text),
        };
        if name.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let matches = entities_named(view, &name, kind, true)?;
        return Ok(Some(vec![FieldMatcher {
            field: None,
            matcher: Matcher::Entities(matches),
            span: 1,
        }]));
    }
    Ok(None)
}

/// The first wasm module leaves atoms by date, site facet or entity to the search module: a
/// first query seldom has them, and their code is not fetched before it.
#[cfg(feature = "lite")]
fn by_prefix(_: &View<'_>, atom: &Atom) -> Result<Option<Vec<FieldMatcher>>> {
    match atom.kind {
        AtomKind::Date(_) | AtomKind::Facet(_) | AtomKind::EntityId | AtomKind::Entity(_) => {
            Err(ErrorKind::LeftToSearchModule.into())
        }
        _ => Ok(None),
    }
}

/// Resolves one atom to its alternatives: none when it has no words at all (only
/// punctuation, say), several for a phrase whose words stem otherwise in several languages
/// (see [`phrase_variants`]).
fn resolve(
    view: &View<'_>,
    atom: &Atom,
    analyzer: &Analyzer,
    tolerance: Tolerance,
) -> Result<Vec<FieldMatcher>> {
    let tolerant = tolerance != Tolerance::Exact;
    if let Some(matchers) = by_prefix(view, atom)? {
        return Ok(matchers);
    }
    // The words as segmented: a split word's parts and joins are there for the words typed
    // as parts or joined, and the whole word finds what its parts would.
    let mut tokens = analyzer.tokens(&atom.text);
    let span = tokens.last().map_or(1, |t| t.position + 1);
    tokens.retain(|t| t.role == Role::Word);
    let field = atom.field;
    let matcher = match (tokens.as_slice(), atom.kind) {
        ([], _) => return Ok(Vec::new()),
        // A word, or a phrase of one word (matched as typed: no completions, no typos).
        ([token], kind) => {
            let prefix = match kind {
                AtomKind::Word {
                    prefix: Prefix::Star,
                } => true,
                AtomKind::Word {
                    prefix: Prefix::Typing,
                } => tolerant,
                _ => false,
            };
            let misspellings = match tolerance {
                Tolerance::Words(misspellings) => misspellings,
                Tolerance::Exact => Misspellings::Ignored,
            };
            let typos = if misspellings != Misspellings::Ignored
                && matches!(
                    kind,
                    AtomKind::Word {
                        prefix: Prefix::None | Prefix::Typing
                    }
                ) {
                allowed_edits(token.folded.chars().count())
            } else {
                0
            };
            Matcher::Terms(expand_word(
                view,
                &token.term,
                &token.folded,
                prefix,
                typos,
                misspellings,
            )?)
        }
        (tokens, _) => {
            let tokens = &tokens[..tokens.len().min(MAX_PHRASE_WORDS)];
            let offsets: Vec<u32> = tokens
                .iter()
                .map(|t| t.position - tokens[0].position)
                .collect();
            let matchers = phrase_variants(view, tokens)?
                .into_iter()
                .map(|terms| FieldMatcher {
                    field,
                    matcher: match terms {
                        Some(terms) => Matcher::Phrase {
                            terms,
                            offsets: offsets.clone(),
                        },
                        None => Matcher::Terms(Vec::new()),
                    },
                    span,
                })
                .collect();
            return Ok(matchers);
        }
    };
    Ok(vec![FieldMatcher {
        field,
        matcher,
        span,
    }])
}

/// The entities of type `kind` with an alias whose key is `name`; failing that, and when
/// `by_word`, those with an alias containing the word `name` (`person:lavrov` finds Sergei
/// Lavrov either way).
pub(crate) fn entities_named(
    view: &View<'_>,
    name: &str,
    kind: EntityType,
    by_word: bool,
) -> Result<Vec<EntityMatch>> {
    let flags: &[u8] = if by_word {
        &[NAME_WHOLE, NAME_WORD]
    } else {
        &[NAME_WHOLE]
    };
    for &flag in flags {
        let mut low = name_prefix(name);
        low.extend_from_slice(&[flag, kind.index() as u8]);
        let mut ordinals: Vec<u32> = view.entity_names.get(&low, view.entity_count)?;
        sort::sort(&mut ordinals);
        ordinals.dedup();
        if !ordinals.is_empty() {
            fetch_all(view.entities.missing(ordinals.iter().copied()))?;
            return ordinals
                .into_iter()
                .map(|ordinal| {
                    Ok(EntityMatch {
                        ordinal,
                        articles: entity_record(&view.entities, ordinal)?.articles,
                    })
                })
                .collect();
        }
    }
    Ok(Vec::new())
}

/// The first letter of a word (`'\0'` for none).
pub(crate) fn initial(word: &str) -> char {
    word.chars().next().unwrap_or('\0')
}

fn exact(view: &View<'_>, term: &str) -> Result<Option<Expansion>> {
    match view.terms.get(term.as_bytes())? {
        // A segment's term that only removed articles held is in no live one.
        Some(ordinal) if view.corpus().is_some() && view.doc_freq_of(ordinal, 1) == 0 => Ok(None),
        Some(ordinal) => Ok(Some(Expansion {
            ordinal,
            info: view.terms.info(ordinal)?,
            weight: 1.0,
            typos: 0,
            initial: initial(term),
        })),
        None => Ok(None),
    }
}

/// The terms of a phrase's words, one list a way of reading it, `None` for a way in which
/// a word is in no article. In an English index, each word's English stem. In an index with
/// other languages, the stem in each language its words were seen in: first each word's
/// first language's (the words dictionary's key of the word itself), then, for each language
/// some word stems otherwise in, that language's stem where it has one (`"président du
/// conseil"` is read in English, where `president` was first seen, and in French).
fn phrase_variants(view: &View<'_>, tokens: &[OwnedToken]) -> Result<Vec<Option<Vec<Expansion>>>> {
    let stems: Vec<Vec<(u32, u64)>> = match view.meta.has_languages() {
        true => tokens
            .iter()
            .map(|t| view.word_stems(&t.folded))
            .collect::<Result<_>>()?,
        false => vec![Vec::new(); tokens.len()],
    };
    let mut languages: Vec<u32> = vec![0];
    languages.extend(stems.iter().flatten().map(|&(code, _)| code));
    sort::sort(&mut languages);
    languages.dedup();
    let mut readings: Vec<Vec<Option<u64>>> = Vec::new();
    for language in languages {
        let reading: Vec<Option<u64>> = stems
            .iter()
            .map(|stems| {
                let find = |code: u32| stems.iter().find(|&&(c, _)| c == code).map(|&(_, o)| o);
                find(language).or_else(|| find(0))
            })
            .collect();
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    }
    let ordinals: Vec<u64> = readings.iter().flatten().flatten().copied().collect();
    fetch_all(view.terms.missing_infos(ordinals.iter().copied()))?;
    let mut variants = Vec::with_capacity(readings.len());
    for reading in readings {
        let mut terms = Vec::with_capacity(tokens.len());
        for (token, ordinal) in tokens.iter().zip(reading) {
            let expansion = match ordinal {
                Some(ordinal) => Some(Expansion {
                    ordinal,
                    info: view.terms.info(ordinal)?,
                    weight: 1.0,
                    typos: 0,
                    initial: initial(&token.folded),
                }),
                None => exact(view, &token.term)?,
            };
            terms.extend(expansion);
        }
        variants.push((terms.len() == tokens.len()).then_some(terms));
    }
    // A way of reading the phrase that finds nothing is left out when another may find it.
    if variants.iter().any(Option::is_some) {
        variants.retain(Option::is_some);
    } else {
        variants.truncate(1);
    }
    Ok(variants)
}

/// The terms a word matches: its stem exactly (and, in an index with other languages than
/// English, its stem in each of them, see [`View::word_terms`]), its prefix completions and
/// its misspellings.
fn expand_word(
    view: &View<'_>,
    term: &str,
    folded: &str,
    prefix: bool,
    typos: u8,
    looking: Misspellings,
) -> Result<Vec<Expansion>> {
    // Few terms (at most one stem, `MAX_PREFIX_TERMS` and `MAX_TYPO_TERMS`), each once: a
    // list, sorted at the end, rather than a map (whose code the search module would carry).
    let mut found: Vec<Expansion> = Vec::new();
    let known = |found: &[Expansion], ordinal: u64| found.iter().any(|e| e.ordinal == ordinal);
    // The pieces of the word's stem and completions are asked for together.
    let mut gather = Gather::default();
    let stem = gather.add(exact(view, term))?;
    let seen = gather.add(view.word_terms(folded))?;
    let completed = match prefix {
        true => gather.add(words_between(view, folded.as_bytes()))?,
        false => None,
    };
    let automaton = (typos > 0)
        .then(|| TypoAutomaton::new(folded, typos))
        .flatten();
    // A word spelt right gets no misspellings (see `spelt_right`): in a sharded index their
    // pieces wait for the statistics of the word's own terms, unless it has none.
    let looked_for = match (&automaton, view.corpus(), &stem, &seen) {
        (None, ..) => Some(false),
        // Which misspellings a segment keeps is chosen over every segment (`Survey::choose`),
        // among those of the words not spelt right over every segment when that is known.
        (Some(_), Some(corpus), ..) => Some(corpus.reads_misspellings(folded)),
        _ if looking == Misspellings::Every => Some(true),
        (Some(_), None, Some(stem), Some(seen)) => {
            gather.add(misspelt_too(view, stem.as_ref(), seen))?
        }
        _ => None,
    };
    // A misspelling keeps the first letter (see `typo`): only the words with it are read.
    let misspelt = match (automaton, looked_for) {
        (Some(automaton), Some(true)) => gather
            .add(misspelling_maps(view, &automaton, initial(folded)))?
            .map(|maps| (automaton, maps)),
        _ => None,
    };
    gather.finish()?;
    let stem = stem.flatten();
    let misspelt = misspelt.map(|(automaton, maps)| misspellings(view, &automaton, &maps));
    found.extend(stem);
    // The stems of the word in the index's other languages, each once.
    let mut seen: Vec<u64> = seen
        .into_iter()
        .flatten()
        .filter(|&ordinal| !known(&found, ordinal))
        .collect();
    sort::sort(&mut seen);
    seen.dedup();
    fetch_all(view.terms.missing_infos(seen.iter().copied()))?;
    for ordinal in seen {
        found.push(Expansion {
            ordinal,
            info: view.terms.info(ordinal)?,
            weight: 1.0,
            typos: 0,
            initial: initial(folded),
        });
    }
    record_exact(view, folded, &found);
    if let Some(maps) = completed {
        let mut ordinals = Vec::new();
        for map in &maps {
            let scan = MAX_PREFIX_SCAN - ordinals.len();
            ordinals.extend(completions(map, folded, scan));
        }
        ordinals.retain(|&ordinal| !known(&found, ordinal));
        sort::sort(&mut ordinals);
        ordinals.dedup();
        // The statistics of completions and misspellings come in one round.
        let more = misspelt.iter().flatten().map(|&(ordinal, _)| ordinal);
        fetch_all(
            view.terms
                .missing_infos(ordinals.iter().copied().chain(more)),
        )?;
        // The most frequent completions (then the first in dictionary order), chosen by their
        // doc frequencies alone: a short prefix has hundreds.
        let mut ranked = ordinals
            .into_iter()
            .map(|ordinal| {
                let df = view.doc_freq_of(ordinal, view.terms.doc_freq(ordinal)?);
                Ok((std::cmp::Reverse(df), view.term_order(ordinal), ordinal))
            })
            .collect::<Result<Vec<_>>>()?;
        ranked.retain(|&(df, _, _)| df.0 > 0);
        let surveyed = |&(_, order, _): &(std::cmp::Reverse<u32>, u64, u64)| (order, 0);
        if !segment_chooses(view, folded, Kind::Completion, &mut ranked, surveyed) {
            if ranked.len() > MAX_PREFIX_TERMS {
                sort::select(&mut ranked, MAX_PREFIX_TERMS - 1);
                ranked.truncate(MAX_PREFIX_TERMS);
            }
            sort::sort(&mut ranked);
            ranked.truncate(completions_kept(ranked.iter().map(|r| r.0 .0)));
        }
        for (_, _, ordinal) in ranked {
            let expansion = Expansion {
                ordinal,
                info: view.terms.info(ordinal)?,
                weight: PREFIX_WEIGHT,
                typos: 0,
                initial: initial(folded),
            };
            found.push(expansion);
        }
    }
    if let Some(mut misspellings) = misspelt {
        // A survey is told every misspelling, since which completions the word keeps is
        // decided over every segment.
        let surveying = view.corpus().is_some_and(|c| c.survey.is_some());
        misspellings
            .retain(|&(ordinal, distance)| distance > 0 && (surveying || !known(&found, ordinal)));
        fetch_all(
            view.terms
                .missing_infos(misspellings.iter().map(|&(ordinal, _)| ordinal)),
        )?;
        let mut misspellings = misspellings
            .into_iter()
            .map(|(ordinal, distance)| {
                Ok(Expansion {
                    ordinal,
                    info: view.terms.info(ordinal)?,
                    weight: TYPO_WEIGHT.powi(i32::from(distance)),
                    typos: distance,
                    initial: initial(folded),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        misspellings.retain(|e| view.doc_freq_of(e.ordinal, e.info.doc_freq) > 0);
        let surveyed = |e: &Expansion| (view.term_order(e.ordinal), e.typos);
        if !segment_chooses(view, folded, Kind::Misspelling, &mut misspellings, surveyed) {
            keep_best(view, &mut misspellings, MAX_TYPO_TERMS);
        }
        found.extend(misspellings);
    }
    sort::sort_by_key(&mut found, |e| e.ordinal);
    Ok(found)
}

/// How many of a prefix's completions it keeps, given their doc frequencies, most frequent
/// first (then the first in key order), as both a single index and a segmented one choose
/// them: at most `MAX_PREFIX_TERMS`, and when the most frequent is in `COMMON_COMPLETION_FROM`
/// articles or more, only those at least `1 / COMPLETION_SHARE` as frequent. A reader who
/// types so short a prefix of so common a word seldom means a word sixteen times rarer, and
/// types on when they do; in an archive of a million articles the rare completions cost a
/// prefix query a sixth of its bytes (their postings, and the looser bound they give the
/// clause) and put their own matches above the common word's (docs/performance.md, "A
/// prefix's rare completions left out in a large archive"). Smaller indexes keep them all.
pub(crate) fn completions_kept(dfs: impl IntoIterator<Item = u32>) -> usize {
    let mut dfs = dfs.into_iter().take(MAX_PREFIX_TERMS);
    let Some(top) = dfs.next() else { return 0 };
    let floor = match top >= COMMON_COMPLETION_FROM {
        true => top.div_ceil(COMPLETION_SHARE),
        false => 0,
    };
    1 + dfs.take_while(|&df| df >= floor).count()
}

/// Whether a word whose stem is `stem` and whose stems in other languages are `seen` is not
/// [`spelt_right`], outside a segment.
fn misspelt_too(view: &View<'_>, stem: Option<&Expansion>, seen: &[u64]) -> Result<bool> {
    fetch_all(view.terms.missing_infos(seen.iter().copied()))?;
    let mut df = stem.map_or(0, |e| view.doc_freq_of(e.ordinal, e.info.doc_freq));
    for &ordinal in seen {
        df = df.max(view.terms.doc_freq(ordinal)?);
    }
    Ok(!spelt_right(df, view.docs()))
}

/// Whether a word is spelt right, and so matched without misspellings beside a word that is
/// not (see [`Plan::new`]): one of its terms as typed is in at least one article in
/// [`SPELT_RIGHT_SHARE`] of an index of [`COMMON_WORDS_FROM`] articles or more. Its
/// misspellings, at half weight or less, would rank other words' articles beside its own
/// ("caadian 4th loss" matching "lost", "lose", "less"), and in a sharded index their
/// dictionary pieces and postings are most of what a typo query reads. Lucene's spell checker
/// likewise suggests nothing for a word in more than a share of the documents
/// (`maxQueryFrequency`, 1% by default); a thousandth read the fewest bytes on the 1M-article
/// archive's typo queries, as many targets found as a hundredth (docs/performance.md). A
/// rarer word may be a misspelling found in a few articles, so it keeps them; and in a
/// smaller index a share says little about a word.
pub(crate) fn spelt_right(doc_freq: u32, docs: u32) -> bool {
    docs >= COMMON_WORDS_FROM
        && u64::from(doc_freq) * u64::from(SPELT_RIGHT_SHARE) >= u64::from(docs)
}

/// The maps that hold the words within the automaton's edits: in a sharded index, the typo
/// words of `letter` and the lengths the automaton accepts; in a single-file one, the words
/// that start with `letter`.
fn misspelling_maps<'a>(
    view: &View<'a>,
    automaton: &TypoAutomaton,
    letter: char,
) -> Result<Vec<fst::Map<&'a [u8]>>> {
    match &view.typo_words {
        Some(typo_words) => {
            let (low, high) = typo_keys_between(letter, automaton.lengths());
            typo_words.maps_between(&low, Some(&high))
        }
        None => {
            let mut bytes = [0; 4];
            words_between(view, letter.encode_utf8(&mut bytes).as_bytes())
        }
    }
}

/// The terms of the words within the automaton's edits in `maps` (from [`misspelling_maps`]),
/// each at its fewest edits. Ordered by ordinal.
fn misspellings(
    view: &View<'_>,
    automaton: &TypoAutomaton,
    maps: &[fst::Map<&[u8]>],
) -> Vec<(u64, u8)> {
    let mut found: Vec<(u64, u8)> = maps
        .iter()
        .flat_map(|map| automaton.matches_in(map, view.typo_words.is_some()))
        .collect();
    // By ordinal then distance, so that the first of each ordinal is its fewest edits.
    sort::sort(&mut found);
    found.dedup_by_key(|&mut (ordinal, _)| ordinal);
    found
}

/// The maps of the words dictionary that hold the words starting with `prefix`.
fn words_between<'a>(view: &View<'a>, prefix: &[u8]) -> Result<Vec<fst::Map<&'a [u8]>>> {
    view.words
        .maps_between(prefix, successor(prefix).as_deref())
}

/// The first byte string after every string that starts with `prefix`, `None` when there is
/// none (a prefix of `0xff` bytes only).
pub(crate) fn successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut next = prefix.to_vec();
    while let Some(last) = next.pop() {
        if last < u8::MAX {
            next.push(last + 1);
            return Some(next);
        }
    }
    None
}

/// Hands `visit` the keys of `map` that start with `prefix`, with their values, in dictionary
/// order, until it returns `false`: a walk of the fst below the prefix's node, as
/// [`completions`] walks, which needs no stream's code in the search module.
pub(crate) fn visit_prefixed(
    map: &fst::Map<&[u8]>,
    prefix: &[u8],
    visit: &mut dyn FnMut(&[u8], u64) -> bool,
) {
    let fst = map.as_fst();
    let mut node = fst.root();
    let mut output = Output::zero();
    for &byte in prefix {
        let Some(i) = node.find_input(byte) else {
            return;
        };
        let transition = node.transition(i);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
    }
    let mut stack = vec![(node.addr(), output, prefix.to_vec())];
    while let Some((addr, output, key)) = stack.pop() {
        let node = fst.node(addr);
        if node.is_final() && !visit(&key, output.cat(node.final_output()).value()) {
            return;
        }
        // Pushed last to first, so that they are visited in dictionary order.
        for i in (0..node.len()).rev() {
            let transition = node.transition(i);
            let mut next = key.clone();
            next.push(transition.inp);
            stack.push((transition.addr, output.cat(transition.out), next));
        }
    }
}

/// The ordinals of the first `max_scan` words (in dictionary order) that start with `prefix`:
/// a walk of the fst below the prefix's node, which builds no keys, where a stream built
/// every word it passed.
fn completions(words: &fst::Map<&[u8]>, prefix: &str, max_scan: usize) -> Vec<u64> {
    let fst = words.as_fst();
    let mut node = fst.root();
    let mut output = Output::zero();
    for &byte in prefix.as_bytes() {
        let Some(i) = node.find_input(byte) else {
            return Vec::new();
        };
        let transition = node.transition(i);
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
    }
    let mut found = Vec::new();
    let mut stack = vec![(node.addr(), output)];
    while let Some((addr, output)) = stack.pop() {
        let node = fst.node(addr);
        if node.is_final() {
            if found.len() == max_scan {
                break;
            }
            found.push(output.cat(node.final_output()).value());
        }
        // Pushed last to first, so that they are visited in dictionary order.
        for i in (0..node.len()).rev() {
            let transition = node.transition(i);
            stack.push((transition.addr, output.cat(transition.out)));
        }
    }
    found
}

/// Keeps the `limit` best expansions: fewest typos, then most articles, then dictionary order.
/// A selection, not a sort: a short prefix has hundreds of completions.
fn keep_best(view: &View<'_>, expansions: &mut Vec<Expansion>, limit: usize) {
    if expansions.len() > limit {
        sort::select_by_key(expansions, limit - 1, |e| {
            let df = view.doc_freq_of(e.ordinal, e.info.doc_freq);
            (e.typos, std::cmp::Reverse(df), view.term_order(e.ordinal))
        });
        expansions.truncate(limit);
    }
}

/// In a segment of a segmented index, a word's completions or misspellings are those chosen
/// over every segment: while they are surveyed, every candidate is kept and told to the
/// survey (`place` gives its place in the union of terms and its typos); once chosen, the
/// segment keeps the chosen ones it has. Returns whether it did either, so that the word's
/// limit is not applied to one segment's candidates.
fn segment_chooses<T>(
    view: &View<'_>,
    folded: &str,
    kind: Kind,
    candidates: &mut Vec<T>,
    place: impl Fn(&T) -> (u64, u8),
) -> bool {
    let Some(corpus) = view.corpus() else {
        return false;
    };
    if let Some(survey) = corpus.survey {
        let mut survey = survey.borrow_mut();
        for candidate in candidates.iter() {
            let (term, typos) = place(candidate);
            survey.tell(folded, kind, term, typos);
        }
    }
    if let Some(choices) = corpus.choices {
        candidates.retain(|c| choices.allows(folded, place(c).0));
    }
    true
}

/// Tells a segment's survey the terms `found` for `folded` as typed (its stem, and its stems
/// in other languages), which no completion or misspelling of it may repeat.
fn record_exact(view: &View<'_>, folded: &str, found: &[Expansion]) {
    if let Some(survey) = view.corpus().and_then(|c| c.survey) {
        let mut survey = survey.borrow_mut();
        for e in found {
            survey.tell(folded, Kind::Exact, view.term_order(e.ordinal), 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_of_a_very_common_word_keeps_only_its_completions_a_sixteenth_as_frequent() {
        // 50,000 / 16 = 3,125: kept at it, left out one under.
        assert_eq!(completions_kept([50_000, 9_000, 3_125, 3_124, 3_000]), 3);
        // The most frequent under 50,000: every completion, up to the cap.
        assert_eq!(completions_kept([49_999, 1, 1]), 3);
        assert_eq!(completions_kept(vec![40_000; 100]), MAX_PREFIX_TERMS);
        assert_eq!(completions_kept(vec![80_000; 100]), MAX_PREFIX_TERMS);
        assert_eq!(completions_kept([]), 0);
    }
}
