//! Document-level evidence: what the first stage said about each word elsewhere in the article.
//!
//! A name is usually written in full once and then repeated or shortened ("John Kerry" … "Kerry"),
//! and headlines in capitals repeat names from the body. The second stage sees, for each
//! name-like token, the types the first stage gave the same word (case-insensitively) at its other
//! occurrences, and where in a longer name it stood, so a type found in one sentence carries to
//! the others unless the local evidence outweighs it (Ratinov & Roth 2009, "two-stage prediction
//! aggregation").

use xxhash_rust::xxh3::Xxh3;

use crate::document::{DocInput, Kind, SentenceInfo};
use crate::features::Extractor;
use crate::labels::{decompose, Label, Part, Span};
use crate::prehashed::PrehashedMap;

/// Counts of what the first stage did with one word across the document.
#[derive(Clone, Copy, Default)]
struct WordStats {
    /// Occurrences per type, `O` last.
    types: [u32; 5],
    /// Occurrences inside longer names, per type × part (B, I, L).
    parts: [u32; 12],
}

/// The non-local evidence of each token of one document.
#[derive(Default)]
pub(crate) struct NonLocal {
    by_word: PrehashedMap<u64, WordStats>,
    contexts: PrehashedMap<u64, Vec<u64>>,
    features: Vec<(Kind, u64)>,
    offsets: Vec<usize>,
}

/// How many occurrences of a word lend their neighbours as features to the others.
const MAX_CONTEXTS: usize = 8;

/// The neighbour of token `i` at offset `d` (-1 or 1) within its sentence, hashed with the side.
fn context(ex: &Extractor, s: &SentenceInfo, i: usize, d: isize) -> u64 {
    let j = i as isize + d;
    let word = if j >= s.tokens.start as isize && j < s.tokens.end as isize {
        ex.lower_hash(j as usize)
    } else {
        0
    };
    word.rotate_left(1) ^ (d > 0) as u64
}

/// What one token contributes to its word's statistics: type slot and part slot.
fn contribution(l: Label) -> (usize, Option<usize>) {
    match decompose(l) {
        None => (4, None),
        Some((kind, Part::Unit)) => (kind.index(), None),
        Some((kind, part)) => (kind.index(), Some(kind.index() * 3 + part as usize)),
    }
}

impl NonLocal {
    /// Gathers the evidence for every token of `doc` from the first-stage labels `stage1`.
    pub fn compute(&mut self, doc: &DocInput<'_>, ex: &Extractor, stage1: &[Label]) {
        self.by_word.clear();
        self.contexts.clear();
        for (si, s) in doc.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                if !ex.name_like(i, si) {
                    continue;
                }
                let ctx = self.contexts.entry(ex.lower_hash(i)).or_default();
                if ctx.len() < 2 * MAX_CONTEXTS {
                    ctx.push(context(ex, s, i, -1));
                    ctx.push(context(ex, s, i, 1));
                }
                let stats = self.by_word.entry(ex.lower_hash(i)).or_default();
                let (t, p) = contribution(stage1[i]);
                stats.types[t] += 1;
                if let Some(p) = p {
                    stats.parts[p] += 1;
                }
            }
        }
        self.features.clear();
        self.offsets.clear();
        self.offsets.push(0);
        for (si, s) in doc.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                if ex.name_like(i, si) {
                    if let Some(all) = self.by_word.get(&ex.lower_hash(i)) {
                        let mut stats = *all;
                        let (t, p) = contribution(stage1[i]);
                        stats.types[t] -= 1;
                        if let Some(p) = p {
                            stats.parts[p] -= 1;
                        }
                        push_features(&stats, &mut self.features);
                    }
                    if let Some(ctx) = self.contexts.get(&ex.lower_hash(i)) {
                        let own = [context(ex, s, i, -1), context(ex, s, i, 1)];
                        let mut skipped = [false; 2];
                        for &c in ctx {
                            // Skip this occurrence's own context once per side.
                            if let Some(k) =
                                own.iter().position(|&o| o == c).filter(|&k| !skipped[k])
                            {
                                skipped[k] = true;
                                continue;
                            }
                            self.features.push((Kind::Context, c));
                        }
                    }
                }
                self.offsets.push(self.features.len());
            }
        }
    }

    /// The non-local features of token `i`.
    pub fn of(&self, i: usize) -> &[(Kind, u64)] {
        &self.features[self.offsets[i]..self.offsets[i + 1]]
    }
}

fn push_features(stats: &WordStats, out: &mut Vec<(Kind, u64)>) {
    let total: u32 = stats.types.iter().sum();
    if total == 0 {
        return;
    }
    let mut major = 0;
    for (t, &n) in stats.types.iter().enumerate() {
        if n > 0 {
            out.push((Kind::Type, t as u64));
            if n == total {
                out.push((Kind::Only, t as u64));
            }
        }
        if n > stats.types[major] {
            major = t;
        }
    }
    out.push((Kind::Major, major as u64));
    for (p, &n) in stats.parts.iter().enumerate() {
        if n > 0 {
            out.push((Kind::Part, p as u64));
        }
    }
}

/// The case-insensitive identity of a name's text.
fn surface_key(words: &[&str]) -> u64 {
    let mut h = Xxh3::new();
    let mut buf = [0u8; 4];
    for w in words {
        for c in w.chars().flat_map(char::to_lowercase) {
            h.update(c.encode_utf8(&mut buf).as_bytes());
        }
        h.update(b" ");
    }
    h.digest()
}

/// Gives an occurrence of a name the type that the same text got elsewhere in the document when
/// that type clearly dominates: more than twice as many occurrences as the occurrence's own type.
/// Closer calls are left to the second stage, which weighs them against the local evidence (a
/// plain majority vote cost accuracy on the development data).
pub(crate) fn harmonise(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let mut votes: PrehashedMap<u64, [u32; 4]> = PrehashedMap::default();
    let key = |si: usize, sp: &Span| {
        let start = doc.sentences[si].tokens.start;
        surface_key(&doc.words[start + sp.start..start + sp.end])
    };
    for (si, sent) in spans.iter().enumerate() {
        for sp in sent {
            votes.entry(key(si, sp)).or_default()[sp.kind.index()] += 1;
        }
    }
    for (si, sent) in spans.iter_mut().enumerate() {
        for sp in sent.iter_mut() {
            let v = votes[&key(si, sp)];
            let best = (0..4)
                .max_by_key(|&t| (v[t], std::cmp::Reverse(t)))
                .unwrap_or(0);
            if v[best] > 2 * v[sp.kind.index()] {
                sp.kind = crate::entity::EntityType::ALL[best];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType;
    use crate::labels::{label, OUTSIDE};

    fn doc<'a>(sentences: &[&'a str]) -> DocInput<'a> {
        DocInput::from_sentences(sentences.iter().map(|s| s.split(' ')))
    }

    #[test]
    fn carries_first_stage_types_to_other_occurrences() {
        let d = doc(&["John Kerry spoke .", "Then Kerry left ."]);
        let mut ex = Extractor::default();
        ex.prepare(&d);
        let per = |p| label(EntityType::Per, p);
        let stage1 = [
            per(Part::Begin),
            per(Part::Last),
            OUTSIDE,
            OUTSIDE,
            OUTSIDE,
            OUTSIDE,
            OUTSIDE,
            OUTSIDE,
        ];
        let mut nl = NonLocal::default();
        nl.compute(&d, &ex, &stage1);
        let mut second_kerry = Vec::new();
        second_kerry.extend_from_slice(nl.of(5));
        let per_index = EntityType::Per.index() as u64;
        assert!(second_kerry.contains(&(Kind::Only, per_index)));
        assert!(second_kerry.contains(&(Kind::Major, per_index)));
        // It stood last in a longer name.
        assert!(second_kerry.contains(&(Kind::Part, per_index * 3 + Part::Last as u64)));
        // The first Kerry sees the second, which the first stage left outside any name.
        let mut first_kerry = Vec::new();
        first_kerry.extend_from_slice(nl.of(1));
        assert_eq!(
            first_kerry[..3],
            [(Kind::Type, 4), (Kind::Only, 4), (Kind::Major, 4)]
        );
        // ... and the words around it ("Then", "left"), but not its own neighbours.
        let contexts: Vec<u64> = first_kerry[3..]
            .iter()
            .map(|&(k, v)| if k == Kind::Context { v } else { 0 })
            .collect();
        let near = |side: isize| context(&ex, &d.sentences[1], 5, side);
        assert_eq!(contexts, [near(-1), near(1)]);
        // Lower-case words get nothing.
        let mut spoke = Vec::new();
        spoke.extend_from_slice(nl.of(2));
        assert!(spoke.is_empty());
    }

    #[test]
    fn harmonises_only_clear_majorities() {
        let d = doc(&[
            "Kerry a", "Kerry b", "KERRY c", "Kerry d", "Acme x", "Acme y",
        ]);
        let span = |kind| {
            vec![Span {
                start: 0,
                end: 1,
                kind,
            }]
        };
        let mut spans = vec![
            span(EntityType::Per),
            span(EntityType::Per),
            span(EntityType::Per),
            span(EntityType::Org),
            span(EntityType::Org),
            span(EntityType::Loc),
        ];
        harmonise(&d, &mut spans);
        assert!(spans[..4].iter().all(|s| s[0].kind == EntityType::Per));
        assert_eq!(
            (spans[4][0].kind, spans[5][0].kind),
            (EntityType::Org, EntityType::Loc)
        );
    }

    #[test]
    fn counts_words_repeated_more_than_u16_times() {
        let text = "Kerry ".repeat(70_000);
        let d = doc(&[text.trim_end()]);
        let mut ex = Extractor::default();
        ex.prepare(&d);
        let stage1 = vec![label(EntityType::Per, Part::Unit); d.words.len()];
        let mut nl = NonLocal::default();
        nl.compute(&d, &ex, &stage1);
        let mut first = Vec::new();
        first.extend_from_slice(nl.of(0));
        assert!(first.contains(&(Kind::Only, EntityType::Per.index() as u64)));
    }
}
