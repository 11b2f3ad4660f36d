//! Scores kept per word type: most of a token's local features depend only on its word and the
//! case of its line (the word itself, its affixes, shape and clusters) or on a neighbour's word
//! (the words and shapes around it), and a news text repeats a few thousand words most of the
//! time. So the weights of those features are summed once per word type and line case, for both
//! stages, and kept from one document to the next; a token then costs one probe for its own
//! word plus the lookups of its other features (word pairs, gazetteers, evidence).
//!
//! The sums are exact (integer sums in another order), so tagging gives the same labels with or
//! without them, whatever was tagged before. A word type is known by the 64-bit hash of its text
//! and the case of its line; two words of a text sharing a hash (odds about 1 in 10^10 for 10^5
//! distinct words) would share sums.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::features::{CaseMode, Extractor, FeatureId, NEIGHBOURS};
use crate::labels::NUM_LABELS;
use crate::scorer::Scorer;

const L: usize = NUM_LABELS;

/// Scores of both stages.
pub(crate) type Sums = [[i32; L]; 2];

/// A word type's sums: of its own word features, then of the features it gives the token at each
/// of [`NEIGHBOURS`]' offsets before it.
type Entry = [Sums; 1 + NEIGHBOURS.len()];

/// The most entries kept (about 700 bytes each, 11 MB in all): enough for more than nine in ten
/// tokens of news to find their word (2^13 entries were about 5% slower on BBC articles). A page
/// that tags a few articles keeps a small table, as it grows only with use.
const MAX_BITS: u32 = 14;

/// The fewest entries, for a workspace that has tagged little so far.
const MIN_BITS: u32 = 8;

/// A table of word types' sums for one scorer, direct-mapped: a word type evicts whichever
/// shared its slot. It doubles (emptied) each time it has been probed 16 times per slot, up to
/// [`MAX_BITS`], so that a few short texts keep it small.
#[derive(Default)]
pub(crate) struct WordSums {
    /// The [`Scorer::id`] the sums are of.
    scorer: u64,
    bits: u32,
    probes: usize,
    /// Per slot: the word's hash and its line's case plus one (0: empty).
    keys: Vec<(u64, u8)>,
    entries: Vec<Entry>,
    /// What the edge of a sentence gives the tokens near it, per line case.
    edges: [[Sums; NEIGHBOURS.len()]; 3],
    features: Vec<FeatureId>,
    rows: Vec<u32>,
}

impl WordSums {
    /// Readies the table for `scorer`, emptying it if it held another scorer's sums.
    pub fn bind(&mut self, scorer: &Scorer, ex: &Extractor) {
        if self.scorer == scorer.id() && !self.keys.is_empty() {
            return;
        }
        self.scorer = scorer.id();
        self.resize(MIN_BITS);
        for mode in CaseMode::ALL {
            for (k, &d) in NEIGHBOURS.iter().enumerate() {
                self.features.clear();
                ex.neighbour_features(None, d, mode, &mut self.features);
                self.edges[mode as usize][k] = self.sum(scorer);
            }
        }
    }

    fn resize(&mut self, bits: u32) {
        self.bits = bits;
        self.probes = 0;
        self.keys.clear();
        self.keys.resize(1 << bits, (0, 0));
        self.entries.clear();
        self.entries
            .resize(1 << bits, [[[0; L]; 2]; 1 + NEIGHBOURS.len()]);
    }

    /// What the edge of a sentence in a line of case `mode` gives the tokens near it: the `k`th
    /// sums are for a token whose neighbour at `NEIGHBOURS[k]` is beyond the edge.
    pub fn edges(&self, mode: CaseMode) -> [Sums; NEIGHBOURS.len()] {
        self.edges[mode as usize]
    }

    /// The sums of token `j`'s word in a line of case `mode`, summed now if not kept.
    pub fn entry(&mut self, scorer: &Scorer, ex: &Extractor, j: usize, mode: CaseMode) -> &Entry {
        self.probes += 1;
        if self.probes >> self.bits >= 16 && self.bits < MAX_BITS {
            self.resize(self.bits + 1);
        }
        let key = (ex.word_hash(j), mode as u8 + 1);
        let slot = (key.0 ^ key.1 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits);
        let slot = slot as usize;
        if self.keys[slot] != key {
            self.features.clear();
            ex.word_features(j, mode, &mut self.features);
            let own = self.sum(scorer);
            let mut entry = [own; 1 + NEIGHBOURS.len()];
            for (k, &d) in NEIGHBOURS.iter().enumerate() {
                self.features.clear();
                ex.neighbour_features(Some(j), d, mode, &mut self.features);
                entry[1 + k] = self.sum(scorer);
            }
            self.entries[slot] = entry;
            self.keys[slot] = key;
        }
        &self.entries[slot]
    }

    /// The sums of the rows of `self.features`.
    fn sum(&mut self, scorer: &Scorer) -> Sums {
        let mut sums = [[0; L]; 2];
        scorer.find_rows(&self.features, &mut self.rows);
        let [first, second] = &mut sums;
        scorer.add_both(&self.rows, first, second);
        sums
    }
}

/// A number for each scorer made, so that sums kept for one are never used for another.
pub(crate) fn next_scorer_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
