//! Document-level evidence: what the first stage said about each word elsewhere in the article.
//!
//! A name is usually written in full once and then repeated or shortened ("John Kerry" … "Kerry"),
//! and headlines in capitals repeat names from the body. The second stage sees, for each
//! name-like token, the types the first stage gave the same word (case-insensitively) at its other
//! occurrences, and where in a longer name it stood, so a type found in one sentence carries to
//! the others unless the local evidence outweighs it (Ratinov & Roth 2009, "two-stage prediction
//! aggregation").

use xxhash_rust::xxh3::Xxh3;

use crate::cues::{free, insert};
use crate::document::{DocInput, Kind, SentenceInfo};
use crate::entity::EntityType;
use crate::features::Extractor;
use crate::labels::{decompose, Label, Part, Span};
use crate::prehashed::PrehashedMap;
use crate::titles::{is_facility_head, is_particle_name, is_title_word};

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

/// Makes each name keep one span and one type across the document (headline, standfirst,
/// captions and body alike), as a reader of the page expects:
/// - a word sequence tagged as a name of two words or more somewhere is that name wherever it
///   stands whole and is not part of a longer name (an exact match of its words, or a match
///   ignoring case in a headline), replacing the pieces it covers;
/// - a one-word name that is the last word of a person's longer name is that person's
///   ("Vasquez" after "Elena Vasquez");
/// - then every occurrence of a name takes the type most of its occurrences got, a headline's
///   counting half as much as the body's (titles are written in capitals, and read less surely);
///   on a tie, the type of its first occurrence in running text.
pub(crate) fn harmonise(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let words_of = |si: usize, sp: &Span| {
        let start = doc.sentences[si].tokens.start;
        &doc.words[start + sp.start..start + sp.end]
    };
    extend_spans(doc, spans);
    mark_one_word_names(doc, spans);
    type_facilities_of_owners(doc, spans);
    let mut surnames: PrehashedMap<u64, ()> = PrehashedMap::default();
    for (si, sent) in spans.iter().enumerate() {
        for sp in sent
            .iter()
            .filter(|sp| sp.kind == EntityType::Per && sp.end - sp.start > 1)
        {
            surnames.insert(surface_key(&words_of(si, sp)[sp.end - sp.start - 1..]), ());
        }
    }
    // Weighted votes per name, and the type of its first occurrence in running text.
    let mut votes: PrehashedMap<u64, ([u32; 4], Option<EntityType>)> = PrehashedMap::default();
    for (si, sent) in spans.iter_mut().enumerate() {
        let headline = doc.sentences[si].headline;
        for sp in sent.iter_mut() {
            let key = surface_key(words_of(si, sp));
            if sp.end - sp.start == 1 && surnames.contains_key(&key) {
                sp.kind = EntityType::Per;
            }
            let (weights, first) = votes.entry(key).or_default();
            weights[sp.kind.index()] += if headline { 1 } else { 2 };
            if !headline && first.is_none() {
                *first = Some(sp.kind);
            }
        }
    }
    for (si, sent) in spans.iter_mut().enumerate() {
        for sp in sent.iter_mut() {
            let (weights, first) = votes[&surface_key(words_of(si, sp))];
            let top = weights.iter().copied().max().unwrap_or(0);
            sp.kind = match first.filter(|t| weights[t.index()] == top) {
                Some(t) => t,
                None => EntityType::ALL[weights.iter().position(|&w| w == top).unwrap_or(0)],
            };
        }
    }
}

/// Marks the occurrences the tagger left out of a one-word name it found elsewhere in the
/// article ("in Eastport" in a caption, beside "Eastport" in the headline), its type settled by
/// the vote after: in running text the same word with its capital, not opening its sentence (a
/// capital there says nothing) and not in capitals (an abbreviation the tagger left out in one
/// place and typed in another, such as a standard's "PGP", is as likely a common noun's or a
/// product's as the type it got); in a headline or a line in capitals the word in any case, or
/// a person's surname ("ASSAD" above "Bashar al-Assad"). Only where the tagger found the name at least as
/// often as it left it out ("July" once a place, five times not, stays a month), and never a
/// title, which [`trim_titles`](crate::titles::trim_titles) took off a name on purpose.
fn mark_one_word_names(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    // Each name: its word, type, times found and times left out.
    let mut names: Vec<(&str, EntityType, usize, usize)> = Vec::new();
    for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
        let words = &doc.words[s.tokens.clone()];
        for sp in sent {
            let last = words[sp.end - 1];
            let surname = last.split_once('-').filter(|_| is_particle_name(last));
            let one = match (sp.end - sp.start, sp.kind) {
                (1, _) => Some(last),
                (_, EntityType::Per) => Some(surname.map_or(last, |(_, rest)| rest)),
                _ => None,
            };
            match one.map(|w| (w, names.iter_mut().find(|n| n.0 == w))) {
                Some((_, Some(n))) => n.2 += 1,
                Some((w, None)) if !is_title_word(w) => names.push((w, sp.kind, 1, 0)),
                _ => {}
            }
        }
    }
    if names.is_empty() {
        return;
    }
    // A headline, or a line in capitals (a headline in text given whole), matches in any case.
    let any_case = |s: &SentenceInfo| {
        let words = &doc.words[s.tokens.clone()];
        let mut lettered = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .peekable();
        s.headline
            || (lettered.peek().is_some() && lettered.all(|w| !w.chars().any(char::is_lowercase)))
    };
    let left_out = |headline: bool, i: usize, w: &str, n: &str| {
        if headline {
            n.eq_ignore_ascii_case(w)
        } else {
            i > 0 && n == w && w.chars().any(char::is_lowercase)
        }
    };
    // The names by their case-insensitive key, so each word is looked up once; only a word
    // with a capital can be a name's occurrence ("Eastport", "iTunes"), which most words fail.
    let mut by_key: PrehashedMap<u64, Vec<usize>> = PrehashedMap::default();
    for (k, n) in names.iter().enumerate() {
        by_key.entry(surface_key(&[n.0])).or_default().push(k);
    }
    let candidates = |sent: &[Span], i: usize, w: &str| {
        let named = w.chars().any(char::is_uppercase) && free(sent, i, i + 1);
        named
            .then(|| by_key.get(&surface_key(&[w])))
            .flatten()
            .map_or(&[][..], Vec::as_slice)
    };
    for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
        let caps = any_case(s);
        for (i, w) in doc.words[s.tokens.clone()].iter().enumerate() {
            for &k in candidates(sent, i, w) {
                if left_out(caps, i, w, names[k].0) {
                    names[k].3 += 1;
                }
            }
        }
    }
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        let caps = any_case(s);
        for (i, w) in words.iter().enumerate() {
            let found = candidates(sent, i, w)
                .iter()
                .map(|&k| names[k])
                .find(|n| n.2 >= n.3 && left_out(caps, i, w, n.0));
            if let Some((_, kind, ..)) = found {
                insert(sent, i, i + 1, kind);
            }
        }
    }
}

/// Words after a ground's name that make the longer name its club's ("Crystal Palace Football
/// Club"), which the ground's name alone then stands for.
const CLUB_WORDS: [&str; 5] = ["afc", "club", "fc", "f.c.", "football"];

/// Makes a place of a facility's name typed ORG only because a longer organisation's name in the
/// article opens with it ("Harbor Bridge" beside "Harbor Bridge Authority"): the second stage
/// carries the longer name's type to the words it shares, but the body that runs a bridge is not
/// the bridge. A club named after its ground ("Crystal Palace") is typed by its own occurrences.
fn type_facilities_of_owners(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let mut owned: PrehashedMap<u64, ()> = PrehashedMap::default();
    for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
        let words = &doc.words[s.tokens.clone()];
        for sp in sent.iter().filter(|sp| sp.kind == EntityType::Org) {
            for end in sp.start + 2..sp.end {
                let club = words[end].to_lowercase();
                if is_facility_head(words[end - 1]) && !CLUB_WORDS.contains(&club.as_str()) {
                    owned.insert(surface_key(&words[sp.start..end]), ());
                }
            }
        }
    }
    if owned.is_empty() {
        return;
    }
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        for sp in sent.iter_mut().filter(|sp| sp.kind == EntityType::Org) {
            if owned.contains_key(&surface_key(&words[sp.start..sp.end])) {
                sp.kind = EntityType::Loc;
            }
        }
    }
}

/// Gives every whole occurrence of a name of two words or more the name's span (see
/// [`harmonise`]), its type settled by the vote after.
fn extend_spans(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let mut names: Vec<(Vec<&str>, EntityType)> = Vec::new();
    for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
        for sp in sent.iter().filter(|sp| sp.end - sp.start > 1) {
            let words = doc.words[s.tokens.start + sp.start..s.tokens.start + sp.end].to_vec();
            if !names.iter().any(|(w, _)| *w == words) {
                names.push((words, sp.kind));
            }
        }
    }
    // Longer names first, so a name inside a longer one is not matched where the longer stands.
    names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        for (name, kind) in &names {
            let n = name.len();
            let mut i = 0;
            while i + n <= words.len() {
                let same = if s.headline {
                    words[i..i + n]
                        .iter()
                        .zip(name)
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
                } else {
                    words[i..i + n] == name[..]
                };
                // Only the pieces inside the occurrence may go; a name crossing its edge stays.
                let inside = || {
                    sent.iter().all(|sp| {
                        sp.end <= i || sp.start >= i + n || (sp.start >= i && sp.end <= i + n)
                    })
                };
                let already = || sent.iter().any(|sp| sp.start == i && sp.end == i + n);
                if same && inside() && !already() {
                    sent.retain(|sp| sp.end <= i || sp.start >= i + n);
                    sent.push(Span {
                        start: i,
                        end: i + n,
                        kind: *kind,
                    });
                    sent.sort();
                }
                i += if same { n } else { 1 };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn spans_of(words: &[&str], spans: &[Vec<Span>]) -> Vec<(String, EntityType)> {
        let d = doc(words);
        spans
            .iter()
            .enumerate()
            .flat_map(|(si, sent)| {
                let start = d.sentences[si].tokens.start;
                let words = &d.words;
                sent.iter()
                    .map(move |sp| (words[start + sp.start..start + sp.end].join(" "), sp.kind))
            })
            .collect()
    }

    fn span(start: usize, end: usize, kind: EntityType) -> Span {
        Span { start, end, kind }
    }

    #[test]
    fn a_name_takes_the_type_most_of_its_occurrences_got() {
        let sentences = [
            "Kerry a", "Kerry b", "KERRY c", "Kerry d", "Acme x", "Acme y",
        ];
        let d = doc(&sentences);
        let mut spans: Vec<Vec<Span>> = [
            EntityType::Per,
            EntityType::Per,
            EntityType::Per,
            EntityType::Org,
            EntityType::Org,
            EntityType::Loc,
        ]
        .map(|k| vec![span(0, 1, k)])
        .to_vec();
        harmonise(&d, &mut spans);
        assert!(spans[..4].iter().all(|s| s[0].kind == EntityType::Per));
        // A tie goes to the first occurrence in running text.
        assert_eq!(
            (spans[4][0].kind, spans[5][0].kind),
            (EntityType::Org, EntityType::Org)
        );
    }

    #[test]
    fn a_headline_counts_half_and_a_name_keeps_its_span() {
        // Regression: "Harbor Bridge" was ORG in the headline and LOC in the body.
        let sentences = [
            "HARBOR BRIDGE TO CLOSE",
            "The Harbor Bridge closes on Monday .",
            "Drivers avoid Harbor Bridge .",
        ];
        let mut d = doc(&sentences);
        d.sentences[0].headline = true;
        let mut spans = vec![
            vec![span(0, 2, EntityType::Org)],
            vec![span(1, 3, EntityType::Loc)],
            vec![span(2, 3, EntityType::Org)],
        ];
        harmonise(&d, &mut spans);
        assert_eq!(
            spans_of(&sentences, &spans),
            [
                ("HARBOR BRIDGE".into(), EntityType::Loc),
                ("Harbor Bridge".into(), EntityType::Loc),
                ("Harbor Bridge".into(), EntityType::Loc),
            ]
        );
    }

    #[test]
    fn a_surname_is_the_persons_and_longer_names_stay_whole() {
        let sentences = [
            "Elena Vasquez spoke .",
            "Vasquez said the Harbor Bridge Authority agreed .",
            "Harbor Bridge reopens .",
        ];
        let d = doc(&sentences);
        let mut spans = vec![
            vec![span(0, 2, EntityType::Per)],
            vec![span(0, 1, EntityType::Org), span(3, 6, EntityType::Org)],
            vec![span(0, 2, EntityType::Loc)],
        ];
        harmonise(&d, &mut spans);
        assert_eq!(
            spans_of(&sentences, &spans),
            [
                ("Elena Vasquez".into(), EntityType::Per),
                ("Vasquez".into(), EntityType::Per),
                ("Harbor Bridge Authority".into(), EntityType::Org),
                ("Harbor Bridge".into(), EntityType::Loc),
            ]
        );
    }

    #[test]
    fn a_facility_is_not_the_body_named_after_it() {
        let sentences = [
            "Harbor Bridge to close",
            "The Harbor Bridge Authority met .",
            "Traffic on the Harbor Bridge rose .",
            "Crystal Palace beat Leeds .",
            "Crystal Palace Football Club said so .",
            "Palace Road and the Palace Road Trust .",
        ];
        let d = doc(&sentences);
        let org = EntityType::Org;
        let mut spans = vec![
            vec![span(0, 2, org)],
            vec![span(1, 4, org)],
            vec![span(3, 5, org)],
            vec![span(0, 2, org), span(3, 4, org)],
            vec![span(0, 4, org)],
            vec![span(0, 2, org), span(4, 7, org)],
        ];
        harmonise(&d, &mut spans);
        let kinds: Vec<EntityType> = spans.iter().flatten().map(|sp| sp.kind).collect();
        use EntityType::Loc;
        assert_eq!(kinds, [Loc, org, Loc, org, org, org, Loc, org]);
    }

    #[test]
    fn a_one_word_name_is_marked_where_the_tagger_left_it_out() {
        let sentences = [
            "PRESS ASSAD IN EASTPORT",
            "Bashar al-Assad was in Eastport .",
            "Photo : at the Grand Hotel in Eastport .",
            "Eastport and eastport rose ; PGP and PGP .",
            "In July , July and July ; King Hassan .",
            "KERRY SPEAKS",
        ];
        let mut d = doc(&sentences);
        d.sentences[0].headline = true;
        let mut spans = vec![
            vec![],
            vec![span(0, 2, EntityType::Per), span(4, 5, EntityType::Loc)],
            vec![],
            vec![span(0, 1, EntityType::Loc), span(5, 6, EntityType::Org)],
            vec![span(1, 2, EntityType::Loc), span(8, 9, EntityType::Per)],
            vec![span(0, 1, EntityType::Per)],
        ];
        harmonise(&d, &mut spans);
        assert_eq!(
            spans_of(&sentences, &spans),
            [
                ("ASSAD".into(), EntityType::Per),
                ("EASTPORT".into(), EntityType::Loc),
                ("Bashar al-Assad".into(), EntityType::Per),
                ("Eastport".into(), EntityType::Loc),
                ("Eastport".into(), EntityType::Loc),
                // A lower-case word, and an abbreviation in running text, are left as they are.
                ("Eastport".into(), EntityType::Loc),
                ("PGP".into(), EntityType::Org),
                // A name left out more often than found is not marked.
                ("July".into(), EntityType::Loc),
                ("Hassan".into(), EntityType::Per),
                // A line in capitals reads as a headline.
                ("KERRY".into(), EntityType::Per),
            ]
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
