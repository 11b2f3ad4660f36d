//! A segmented index: segments written one after another (each an index of the articles one
//! change added), and the articles removed since, answered together as one index of every
//! segment's live articles would answer. Statistics are the corpus's (its live articles, the
//! field lengths' averages, each term's document frequency summed over the segments less the
//! removed articles'), completions and misspellings are chosen over the union of the
//! segments' dictionaries, and pages are merged by rank key, then id. What the plan of one
//! segment needs (the survey of completions and misspellings, and the choices made from it)
//! is here; the reader is `segmented`, behind the feature `segments`, so that the wasm modules
//! built without it carry none of this.

#[cfg(feature = "segments")]
pub mod copies;
#[cfg(feature = "segments")]
pub mod manifest;
#[cfg(feature = "segments")]
pub mod related;
#[cfg(feature = "segments")]
pub(crate) mod segmented;

#[cfg(feature = "segments")]
use std::collections::BTreeMap;
use std::collections::HashMap;

#[cfg(feature = "segments")]
use newsdex_index::sort;

/// What a word's term is to it, as a segment's plan found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Its stem (or its stem in another language).
    Exact,
    /// A completion of it.
    Completion,
    /// A misspelling of it.
    Misspelling,
}

/// The terms every segment's plan found for each word, by their place in the union.
#[derive(Default)]
#[cfg_attr(not(feature = "segments"), allow(dead_code))]
pub(crate) struct Survey {
    found: Vec<(String, Kind, u64, u8)>,
}

impl Survey {
    pub(crate) fn tell(&mut self, word: &str, kind: Kind, term: u64, typos: u8) {
        self.found.push((word.to_owned(), kind, term, typos));
    }

    /// The terms told, as a segment's ordinals (a survey is told them before they are
    /// counted over every segment).
    #[cfg(feature = "segments")]
    pub(crate) fn terms(&self) -> impl Iterator<Item = u64> + '_ {
        self.found.iter().map(|f| f.2)
    }

    /// Adds what `other` was told, each of its terms renamed by `place` (a segment's ordinal
    /// to its place among the terms of every segment).
    #[cfg(feature = "segments")]
    pub(crate) fn merge(&mut self, other: Survey, place: impl Fn(u64) -> Option<u64>) {
        self.found.extend(
            other
                .found
                .into_iter()
                .filter_map(|(word, kind, term, typos)| Some((word, kind, place(term)?, typos))),
        );
    }

    /// Chooses each word's completions and misspellings as one index of every segment (of
    /// `docs` articles) would: the most frequent completions (then the first in key order),
    /// then, unless the word is spelt right and another word not spelt right has some, the
    /// misspellings of fewest typos, most frequent, first in key order, neither repeating a
    /// term found before, and none that only removed articles held. `misspellings`: whether
    /// the survey looked for them.
    #[cfg(feature = "segments")]
    pub(crate) fn choose(self, doc_freqs: &[u32], docs: u32, misspellings: bool) -> Choices {
        let df = |term: u64| doc_freqs.get(term as usize).copied().unwrap_or(0);
        let mut words: BTreeMap<String, Vec<(Kind, u64, u8)>> = BTreeMap::new();
        for (word, kind, term, typos) in self.found {
            let entry = words.entry(word).or_default();
            if df(term) > 0 {
                entry.push((kind, term, typos));
            }
        }
        let mut chosen = Vec::with_capacity(words.len());
        for (word, mut found) in words {
            sort::sort_by_key(&mut found, |&(_, term, typos)| (term, typos));
            found.dedup_by_key(|&mut (kind, term, _)| (kind as u8, term));
            let exact: Vec<u64> = found
                .iter()
                .filter(|f| f.0 == Kind::Exact)
                .map(|f| f.1)
                .collect();
            let mut completions: Vec<u64> = found
                .iter()
                .filter(|f| f.0 == Kind::Completion && !exact.contains(&f.1))
                .map(|f| f.1)
                .collect();
            completions.dedup();
            sort::sort_by_key(&mut completions, |&t| (std::cmp::Reverse(df(t)), t));
            completions.truncate(crate::query::plan::completions_kept(
                completions.iter().map(|&t| df(t)),
            ));
            let spelt_right = crate::query::plan::spelt_right(
                exact.iter().map(|&t| df(t)).max().unwrap_or(0),
                docs,
            );
            let mut misspellings: Vec<(u8, u64)> = found
                .iter()
                .filter(|f| f.0 == Kind::Misspelling)
                .filter(|f| !exact.contains(&f.1) && !completions.contains(&f.1))
                .map(|f| (f.2, f.1))
                .collect();
            // The fewest typos of each term first, then one entry a term.
            sort::sort_by_key(&mut misspellings, |&(typos, t)| (t, typos));
            misspellings.dedup_by_key(|m| m.1);
            sort::sort_by_key(&mut misspellings, |&(typos, t)| {
                (typos, std::cmp::Reverse(df(t)), t)
            });
            misspellings.truncate(crate::query::plan::MAX_TYPO_TERMS);
            chosen.push((word, completions, spelt_right, misspellings));
        }
        // As `Plan::new`: when no word not spelt right has a misspelling, every word has its.
        let every = misspellings
            && chosen
                .iter()
                .all(|(_, _, right, misspellings)| *right || misspellings.is_empty());
        let mut allowed = HashMap::new();
        let mut spelt_right = Vec::new();
        for (word, mut terms, right, misspellings) in chosen {
            if every || !right {
                terms.extend(misspellings.into_iter().map(|(_, t)| t));
            }
            sort::sort(&mut terms);
            if right {
                spelt_right.push(word.clone());
            }
            allowed.insert(word, terms);
        }
        Choices {
            allowed,
            spelt_right,
            every,
        }
    }
}

/// Each word's completions and misspellings, chosen over every segment.
#[cfg_attr(not(feature = "segments"), allow(dead_code))]
pub(crate) struct Choices {
    allowed: HashMap<String, Vec<u64>>,
    /// The words spelt right over every segment, in order.
    spelt_right: Vec<String>,
    /// Whether every word has its misspellings (no word not spelt right has any).
    every: bool,
}

impl Choices {
    /// Whether the misspellings of `word` may be chosen: a word spelt right has none while
    /// another word has some.
    pub(crate) fn reads_misspellings(&self, word: &str) -> bool {
        self.every
            || self
                .spelt_right
                .binary_search_by(|w| w.as_str().cmp(word))
                .is_err()
    }

    /// Whether a survey told by these choices may leave out misspellings that every word
    /// has (see [`Choices::reads_misspellings`]).
    #[cfg(feature = "segments")]
    pub(crate) fn leaves_out_misspellings(&self) -> bool {
        !self.every && !self.spelt_right.is_empty()
    }

    pub(crate) fn allows(&self, word: &str, term: u64) -> bool {
        self.allowed
            .get(word)
            .is_some_and(|terms| terms.binary_search(&term).is_ok())
    }
}
