//! Feature extraction: turns the tokens of a document into hashed feature ids, one list per token:
//! the word, its shape, affixes and neighbours, the case of its line, gazetteer matches and the
//! word clusters of it and its neighbours (`clusters.rs`).
//!
//! Features are 32-bit hashes of (template, value), so no word string is ever stored in a model.
//! Token-level hashes (word, lower case, shape, affixes) are computed once per token and then
//! combined per template, so extraction allocates nothing per token once the buffers have grown.

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

use crate::document::{DocInput, Kind, SentenceInfo};
use crate::gazetteer::{self, Gazetteer, Matches};
use crate::labels::{Label, NUM_LABELS};
use crate::prehashed::PrehashedMap;

/// A hashed feature id. Never 0.
pub(crate) type FeatureId = u32;

/// How a sentence uses capitals, which decides how much a capital letter says about a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum CaseMode {
    /// Ordinary prose: capitals mark names and sentence starts.
    Normal = 0,
    /// An ALL CAPS line, as in CoNLL headlines.
    AllCaps = 1,
    /// A Title Case line, where most words are capitalised.
    TitleCase = 2,
}

impl CaseMode {
    /// Every case, in the order of their numbers.
    pub(crate) const ALL: [CaseMode; 3] =
        [CaseMode::Normal, CaseMode::AllCaps, CaseMode::TitleCase];
}

const INIT_CAP: u16 = 1;
const ALL_CAPS: u16 = 1 << 1;
const HAS_LOWER: u16 = 1 << 2;
const HAS_DIGIT: u16 = 1 << 3;
const HAS_ALPHA: u16 = 1 << 4;
const HAS_HYPHEN: u16 = 1 << 5;
const HAS_DOT: u16 = 1 << 6;
const NO_ALNUM: u16 = 1 << 7;

/// Document-level case evidence for a lower-cased word: seen in lower case somewhere, seen
/// capitalised away from a sentence start in ordinary prose.
const SEEN_LOWER: u8 = 1;
const SEEN_CAP_INSIDE: u8 = 2;

/// What is known about one token before combining it with its neighbours.
#[derive(Clone, Copy, Default)]
struct TokenInfo {
    word: u64,
    lower: u64,
    shape: u64,
    flags: u16,
    chars: u16,
}

/// Templates: each feature's first hash input.
mod t {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2;
    pub const LOWER: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const PREFIX: u64 = 5;
    pub const SUFFIX: u64 = 6;
    pub const LOWER_AT: u64 = 7;
    pub const WORD_AT: u64 = 8;
    pub const SHAPE_AT: u64 = 9;
    pub const BIGRAM_LEFT: u64 = 10;
    pub const BIGRAM_RIGHT: u64 = 11;
    pub const SHAPE_TRIGRAM: u64 = 12;
    pub const FLAGS: u64 = 13;
    pub const FIRST: u64 = 14;
    pub const DOC_POSITION: u64 = 15;
    pub const GAZ: u64 = 16;
    pub const GAZ_AT: u64 = 17;
    pub const EVIDENCE: u64 = 18;
    pub const LENGTH: u64 = 19;
    pub const STAGE1_LABEL: u64 = 21;
    pub const NL_TYPE: u64 = 22;
    pub const NL_MAJOR: u64 = 23;
    pub const NL_PART: u64 = 24;
    pub const NL_ONLY: u64 = 25;
    pub const STAGE1_LOWER: u64 = 26;
    pub const NL_CONTEXT: u64 = 27;
    pub const CLUSTER: u64 = 28;
    pub const CLUSTER_AT: u64 = 29;
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^ (x >> 29)
}

#[inline]
fn feature(template: u64, value: u64) -> FeatureId {
    let h = (mix(template.wrapping_mul(0x1000_0000_01B3), value) >> 32) as u32;
    h.max(1)
}

/// The offsets of the neighbours whose words are features of a token.
pub(crate) const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

/// Value used for positions before the sentence start or after its end.
const BOUNDARY: u64 = 0x5EED_0000_0000_0001;

/// Reusable buffers for turning documents into feature ids.
#[derive(Default)]
pub(crate) struct Extractor {
    lower: String,
    lower_ranges: Vec<Range<usize>>,
    infos: Vec<TokenInfo>,
    gaz: Vec<Matches>,
    gazetteer: Gazetteer,
    hashes: Vec<u64>,
    modes: Vec<CaseMode>,
    evidence: PrehashedMap<u64, u8>,
}

impl Extractor {
    /// Computes everything per token and per document that features need.
    pub fn prepare(&mut self, doc: &DocInput<'_>) {
        self.lower.clear();
        self.lower_ranges.clear();
        self.infos.clear();
        for w in &doc.words {
            let start = self.lower.len();
            for c in w.chars() {
                self.lower.extend(c.to_lowercase());
            }
            self.lower_ranges.push(start..self.lower.len());
            let info = token_info(w, &self.lower[start..]);
            self.infos.push(info);
        }
        self.modes.clear();
        self.modes.extend(
            doc.sentences
                .iter()
                .map(|s| case_mode(&self.infos[s.tokens.clone()], s.headline)),
        );
        self.gaz.clear();
        self.gaz.resize(doc.words.len(), 0);
        let mut words: Vec<&str> = Vec::new();
        for s in &doc.sentences {
            words.clear();
            words.extend(
                self.lower_ranges[s.tokens.clone()]
                    .iter()
                    .map(|r| &self.lower[r.clone()]),
            );
            self.hashes.clear();
            self.hashes
                .extend(self.infos[s.tokens.clone()].iter().map(|x| x.lower));
            self.gazetteer
                .match_sentence(&words, &self.hashes, &mut self.gaz[s.tokens.clone()]);
        }
        self.evidence.clear();
        for (s, &mode) in doc.sentences.iter().zip(&self.modes) {
            for i in s.tokens.clone() {
                let info = &self.infos[i];
                if info.flags & HAS_ALPHA == 0 {
                    continue;
                }
                let mut bits = 0;
                if info.flags & (HAS_LOWER | INIT_CAP) == HAS_LOWER {
                    bits |= SEEN_LOWER;
                }
                if mode == CaseMode::Normal && i > s.tokens.start && info.flags & INIT_CAP != 0 {
                    bits |= SEEN_CAP_INSIDE;
                }
                *self.evidence.entry(info.lower).or_default() |= bits;
            }
        }
    }

    /// The hash of the lower-cased form of token `i`, used as the document-level key of a word.
    pub fn lower_hash(&self, i: usize) -> u64 {
        self.infos[i].lower
    }

    /// Whether token `i` may be (part of) a name: it has a letter or digit and is capitalised, or
    /// sits in a line where capitals say nothing.
    pub fn name_like(&self, i: usize, sentence: usize) -> bool {
        let f = self.infos[i].flags;
        f & HAS_ALPHA != 0 && (f & INIT_CAP != 0 || self.modes[sentence] != CaseMode::Normal)
    }

    /// Appends the local features of token `i` of sentence `si`: those of its word
    /// ([`Extractor::word_features`]), those its neighbours' words give it
    /// ([`Extractor::neighbour_features`]) and the rest ([`Extractor::context_features`]).
    pub fn local(&self, doc: &DocInput<'_>, si: usize, i: usize, out: &mut Vec<FeatureId>) {
        let mode = self.modes[si];
        self.word_features(i, mode, out);
        let tokens = &doc.sentences[si].tokens;
        for d in NEIGHBOURS {
            let j = i.checked_add_signed(d).filter(|j| tokens.contains(j));
            self.neighbour_features(j, d, mode, out);
        }
        self.context_features(doc, si, i, out);
    }

    /// The case of sentence `si`'s line.
    pub fn mode(&self, si: usize) -> CaseMode {
        self.modes[si]
    }

    /// The hash of token `i`'s word: with the case of its line, what its word features and
    /// neighbour features depend on.
    pub fn word_hash(&self, i: usize) -> u64 {
        self.infos[i].word
    }

    /// Appends the features of token `i` that depend on its word and the case of its line only.
    pub fn word_features(&self, i: usize, mode: CaseMode, out: &mut Vec<FeatureId>) {
        let mode = mode as u64;
        let cur = &self.infos[i];
        let lower = &self.lower[self.lower_ranges[i].clone()];
        out.push(feature(t::BIAS, mode));
        out.push(feature(t::WORD, mix(cur.word, mode)));
        out.push(feature(t::LOWER, cur.lower));
        out.push(feature(t::SHAPE, mix(cur.shape, mode)));
        out.push(feature(
            t::LENGTH,
            mix(cur.chars.min(12) as u64, cur.flags as u64 & 3),
        ));
        if cur.flags & HAS_ALPHA != 0 {
            let (prefixes, suffixes) = affixes(lower);
            for k in 0..4 {
                if prefixes[k] != 0 {
                    out.push(feature(t::PREFIX, prefixes[k]));
                    out.push(feature(t::SUFFIX, suffixes[k]));
                }
            }
        }
        if let Some(levels) = crate::clusters::of(cur.lower) {
            let cap = (cur.flags & (INIT_CAP | ALL_CAPS) != 0) as u64;
            for (level, c) in levels.iter().enumerate() {
                out.push(feature(t::CLUSTER, mix(level as u64, mix(*c as u64, cap))));
            }
        }
    }

    /// Appends the features that token `j`'s word gives the token `d` places before it (`d` in
    /// [`NEIGHBOURS`]), or that the edge of the sentence gives when `j` is `None`. They depend on
    /// `j`'s word, `d` and the case of the line only.
    pub fn neighbour_features(
        &self,
        j: Option<usize>,
        d: isize,
        mode: CaseMode,
        out: &mut Vec<FeatureId>,
    ) {
        let mode = mode as u64;
        let at = j.map(|j| &self.infos[j]);
        out.push(feature(
            t::LOWER_AT,
            mix(d as u64, at.map_or(BOUNDARY, |x| x.lower)),
        ));
        if d.abs() == 1 {
            out.push(feature(
                t::WORD_AT,
                mix(d as u64, at.map_or(BOUNDARY, |x| mix(x.word, mode))),
            ));
            let shape = at.map_or(BOUNDARY, |x| x.shape);
            out.push(feature(t::SHAPE_AT, mix(d as u64, mix(shape, mode))));
        }
        // All three levels at both distances: exchange clusters are classes of the words seen
        // before and after a word, so a neighbour's class says much of the role of the slot.
        if let Some(levels) = at.and_then(|x| crate::clusters::of(x.lower)) {
            for (level, c) in levels.iter().enumerate() {
                out.push(feature(
                    t::CLUSTER_AT,
                    mix(d as u64, mix(level as u64, *c as u64)),
                ));
            }
        }
    }

    /// Appends the local features of token `i` of sentence `si` that depend on more than one
    /// word or on where the token stands: its flags at the start of a line, word pairs, shapes
    /// around it, gazetteer runs over it and its neighbours, and how its word is capitalised
    /// elsewhere in the document.
    pub fn context_features(
        &self,
        doc: &DocInput<'_>,
        si: usize,
        i: usize,
        out: &mut Vec<FeatureId>,
    ) {
        let s = &doc.sentences[si];
        let mode = self.modes[si] as u64;
        let cur = &self.infos[i];
        let at = |d: isize| -> Option<&TokenInfo> {
            let j = i as isize + d;
            (j >= s.tokens.start as isize && j < s.tokens.end as isize)
                .then(|| &self.infos[j as usize])
        };
        let lower_at = |d: isize| at(d).map_or(BOUNDARY, |x| x.lower);
        let shape_at = |d: isize| at(d).map_or(BOUNDARY, |x| x.shape);
        let first = i == s.tokens.start;

        out.push(feature(
            t::FLAGS,
            mix(cur.flags as u64, mix(mode, first as u64)),
        ));
        out.push(feature(t::BIGRAM_LEFT, mix(lower_at(-1), cur.lower)));
        out.push(feature(t::BIGRAM_RIGHT, mix(cur.lower, lower_at(1))));
        out.push(feature(
            t::SHAPE_TRIGRAM,
            mix(mix(shape_at(-1), cur.shape), mix(shape_at(1), mode)),
        ));
        if first {
            out.push(feature(t::FIRST, mix(cur.shape, mode)));
        }
        let doc_position = si.min(3) as u64;
        out.push(feature(
            t::DOC_POSITION,
            mix(doc_position, mix(cur.shape, mode)),
        ));
        let cap = (cur.flags & (INIT_CAP | ALL_CAPS) != 0) as u64;
        let gaz = self.gaz[i];
        for bit in 0..4 * gazetteer::COUNT as u64 {
            if gaz & (1 << bit) != 0 {
                out.push(feature(t::GAZ, mix(bit, cap)));
            }
        }
        for d in [-1isize, 1] {
            let j = i as isize + d;
            if j >= s.tokens.start as isize && j < s.tokens.end as isize {
                let g = self.gaz[j as usize];
                for list in 0..gazetteer::COUNT {
                    if (g >> (4 * list)) & 0xF != 0 {
                        out.push(feature(t::GAZ_AT, mix(d as u64, list as u64)));
                    }
                }
            }
        }
        if cur.flags & HAS_ALPHA != 0 {
            let ev = self.evidence.get(&cur.lower).copied().unwrap_or(0) as u64;
            out.push(feature(
                t::EVIDENCE,
                mix(
                    ev,
                    mix(
                        mode,
                        (cur.flags & (INIT_CAP | ALL_CAPS)) as u64 | (first as u64) << 8,
                    ),
                ),
            ));
        }
    }

    /// Appends the second-stage features of token `i`: the first stage's labels around it and
    /// what the first stage said about the same word elsewhere in the document (`evidence`).
    pub fn non_local(
        &self,
        s: &SentenceInfo,
        i: usize,
        stage1: &[Label],
        evidence: &[(Kind, u64)],
        out: &mut Vec<FeatureId>,
    ) {
        let label_at = |d: isize| -> u64 {
            let j = i as isize + d;
            if j >= s.tokens.start as isize && j < s.tokens.end as isize {
                stage1[j as usize] as u64
            } else {
                NUM_LABELS as u64
            }
        };
        let cur = label_at(0);
        out.push(feature(t::STAGE1_LABEL, mix(0, cur)));
        out.push(feature(t::STAGE1_LABEL, mix(mix(1, label_at(-1)), cur)));
        out.push(feature(t::STAGE1_LABEL, mix(mix(2, label_at(1)), cur)));
        out.push(feature(t::STAGE1_LOWER, mix(cur, self.infos[i].lower)));
        for &(kind, value) in evidence {
            let template = match kind {
                Kind::Type => t::NL_TYPE,
                Kind::Major => t::NL_MAJOR,
                Kind::Part => t::NL_PART,
                Kind::Only => t::NL_ONLY,
                Kind::Context => t::NL_CONTEXT,
            };
            out.push(feature(template, value));
        }
    }
}

/// Hashes and flags of one token; `lower` is its lower-cased form.
fn token_info(word: &str, lower: &str) -> TokenInfo {
    let mut flags = 0u16;
    let mut shape: u64 = 0xCBF2_9CE4_8422_2325;
    let mut last_class = 0u32;
    let mut chars = 0u16;
    let mut upper = 0;
    let mut letters = 0;
    for (n, c) in word.chars().enumerate() {
        chars = chars.saturating_add(1);
        let class = if c.is_uppercase() {
            upper += 1;
            letters += 1;
            if n == 0 {
                flags |= INIT_CAP;
            }
            'X' as u32
        } else if c.is_lowercase() {
            letters += 1;
            flags |= HAS_LOWER;
            'x' as u32
        } else if c.is_numeric() {
            flags |= HAS_DIGIT;
            'd' as u32
        } else if c.is_alphabetic() {
            letters += 1;
            'a' as u32
        } else {
            if c == '-' {
                flags |= HAS_HYPHEN;
            } else if c == '.' {
                flags |= HAS_DOT;
            }
            c as u32
        };
        if class != last_class {
            shape = (shape ^ class as u64).wrapping_mul(0x0000_0100_0000_01B3);
            last_class = class;
        }
    }
    if letters > 0 {
        flags |= HAS_ALPHA;
        if upper > 0 && flags & HAS_LOWER == 0 {
            flags |= ALL_CAPS;
        }
    }
    if letters == 0 && flags & HAS_DIGIT == 0 {
        flags |= NO_ALNUM;
    }
    TokenInfo {
        word: xxh3_64(word.as_bytes()),
        lower: xxh3_64(lower.as_bytes()),
        shape,
        flags,
        chars,
    }
}

/// Hashes of the first and last one to four characters of a word with letters (given lower-cased),
/// each shorter than the word; 0 where the word is too short.
fn affixes(lower: &str) -> ([u64; 4], [u64; 4]) {
    let mut prefixes = [0u64; 4];
    let mut suffixes = [0u64; 4];
    let n = lower.chars().count();
    for (k, (b, _)) in lower.char_indices().enumerate().skip(1).take(4) {
        prefixes[k - 1] = mix(k as u64, xxh3_64(&lower.as_bytes()[..b]));
    }
    for (k, (b, _)) in lower.char_indices().rev().enumerate().take(4) {
        if n > k + 1 {
            suffixes[k] = mix(k as u64 + 1, xxh3_64(&lower.as_bytes()[b..]));
        }
    }
    (prefixes, suffixes)
}

/// Reads a sentence's capitalisation: ALL CAPS, Title Case or ordinary. Title Case is judged on
/// words of four letters or more after the first, since styles differ on short function words;
/// a headline needs only half of them capitalised, as short titles are often mostly names.
fn case_mode(infos: &[TokenInfo], headline: bool) -> CaseMode {
    let (mut words, mut caps) = (0, 0);
    let (mut long_words, mut long_capitalised) = (0, 0);
    for (i, x) in infos
        .iter()
        .enumerate()
        .filter(|(_, x)| x.flags & HAS_ALPHA != 0)
    {
        words += 1;
        if x.flags & ALL_CAPS != 0 && x.chars > 1 {
            caps += 1;
        }
        if i > 0 && x.chars >= 4 {
            long_words += 1;
            if x.flags & INIT_CAP != 0 {
                long_capitalised += 1;
            }
        }
    }
    if words >= 2 && caps * 10 >= words * 8 {
        CaseMode::AllCaps
    } else if (headline && long_words >= 2 && long_capitalised * 2 >= long_words)
        || (long_words >= 3 && long_capitalised * 10 >= long_words * 8)
    {
        CaseMode::TitleCase
    } else {
        CaseMode::Normal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(sentences: &[&'a str]) -> DocInput<'a> {
        DocInput::from_sentences(sentences.iter().map(|s| s.split(' ')))
    }

    fn features_of(d: &DocInput<'_>, si: usize, i: usize) -> Vec<FeatureId> {
        let mut ex = Extractor::default();
        ex.prepare(d);
        let mut out = Vec::new();
        ex.local(d, si, i, &mut out);
        out
    }

    #[test]
    fn token_shapes_and_flags() {
        let a = token_info("Kerry", "kerry");
        let b = token_info("Smith", "smith");
        let c = token_info("KERRY", "kerry");
        assert_eq!(a.shape, b.shape);
        assert_ne!(a.shape, c.shape);
        assert_eq!(a.lower, c.lower);
        assert_ne!(a.word, c.word);
        assert_eq!(
            a.flags & (INIT_CAP | ALL_CAPS | HAS_LOWER),
            INIT_CAP | HAS_LOWER
        );
        assert_eq!(
            c.flags & (INIT_CAP | ALL_CAPS | HAS_LOWER),
            INIT_CAP | ALL_CAPS
        );
        assert_ne!(token_info("1996-08-22", "1996-08-22").flags & HAS_DIGIT, 0);
        assert_ne!(token_info(",", ",").flags & NO_ALNUM, 0);
        // Affixes exist only for words longer than the affix.
        let (prefixes, suffixes) = affixes("ab");
        assert!(prefixes[0] != 0 && suffixes[0] != 0);
        assert_eq!((prefixes[1], suffixes[1]), (0, 0));
    }

    #[test]
    fn reads_the_case_of_a_line() {
        let mode = |s: &str, headline: bool| {
            let infos: Vec<TokenInfo> = s
                .split(' ')
                .map(|w| token_info(w, &w.to_lowercase()))
                .collect();
            case_mode(&infos, headline)
        };
        assert_eq!(
            mode("KERRY CALLS ON RUSSIA TO PRESS ASSAD", false),
            CaseMode::AllCaps
        );
        assert_eq!(
            mode("Kerry Calls on Russia to Press Assad", false),
            CaseMode::TitleCase
        );
        assert_eq!(
            mode("Kerry called on Russia to press Assad", false),
            CaseMode::Normal
        );
        assert_eq!(mode("LONDON 1996-08-30", false), CaseMode::Normal);
        assert_eq!(
            mode("Kerry Meets Lavrov in Geneva for talks", true),
            CaseMode::TitleCase
        );
        assert_eq!(
            mode("Kerry meets Lavrov to discuss the ceasefire", true),
            CaseMode::Normal
        );
    }

    #[test]
    fn features_depend_on_the_token_and_its_context_only() {
        let d = doc(&[
            "Talks with Kerry ended .",
            "Talks with Kerry ended .",
            "Talks with Lavrov ended .",
        ]);
        let a = features_of(&d, 0, 2);
        let b = features_of(&d, 1, 7);
        let c = features_of(&d, 2, 12);
        assert!(a.iter().all(|&f| f != 0));
        // The document position differs between the first two sentences, nothing else.
        assert_eq!(a.iter().filter(|f| !b.contains(f)).count(), 1);
        // Another name in the same context shares the context features, not the word features.
        let shared = a.iter().filter(|f| c.contains(f)).count();
        assert!(
            shared > 5 && shared < a.len() - 5,
            "{shared} of {}",
            a.len()
        );
    }

    #[test]
    fn capitals_and_gazetteers_show_in_features() {
        let d = doc(&[
            "He flew to Aleppo .",
            "HE FLEW TO ALEPPO",
            "He flew to aleppo .",
        ]);
        let normal = features_of(&d, 0, 3);
        let caps = features_of(&d, 1, 8);
        let lower = features_of(&d, 2, 12);
        // The lower-cased word is shared; the exact word is not.
        assert!(normal.contains(&feature(t::LOWER, token_info("Aleppo", "aleppo").lower)));
        assert!(caps.contains(&feature(t::LOWER, token_info("Aleppo", "aleppo").lower)));
        let city = gazetteer::NAMES.iter().position(|&n| n == "city").unwrap() as u64;
        let city_unit = 4 * city + 3;
        assert!(normal.contains(&feature(t::GAZ, mix(city_unit, 1))));
        assert!(caps.contains(&feature(t::GAZ, mix(city_unit, 1))));
        assert!(lower.contains(&feature(t::GAZ, mix(city_unit, 0))));
    }
}
