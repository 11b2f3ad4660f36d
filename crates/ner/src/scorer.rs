//! The lookup structure used while tagging: both stages' rows under one open-addressing index,
//! so one probe per local feature serves both stages. The index holds only ids and row numbers,
//! small enough to stay in cache, and each hit then reads one row pair.
//!
//! Most probes and rows miss the cache, so a document's features are looked up in one pass
//! ([`Scorer::find_rows`]) and summed in another: the lookups do not depend on each other, and
//! the processor overlaps their misses, which a loop that probes then adds keeps apart.

use crate::features::FeatureId;
use crate::labels::NUM_LABELS;
use crate::lanes::Sum;
use crate::perceptron::WeightTable;
use crate::word_sums::next_scorer_id;

const L: usize = NUM_LABELS;

/// Both stages' weights, ready for fast lookup.
#[derive(Clone, Debug)]
pub(crate) struct Scorer {
    /// A number of its own (clones share it), by which sums of its weights kept elsewhere are
    /// known to be its own.
    id: u64,
    keys: Vec<FeatureId>,
    /// Row 0 is zeros, for the features the model does not have (see [`MISSING`]); the row of
    /// `keys[i]` is `rows[i + 1]`.
    rows: Vec<[[i16; L]; 2]>,
    slots: Vec<(FeatureId, u32)>,
    transitions: [Vec<i32>; 2],
}

/// The row of a feature the model does not have: zeros, so that sums need no branch.
pub(crate) const MISSING: u32 = 0;

/// Scorers are equal when their weights are, whatever their numbers.
impl PartialEq for Scorer {
    fn eq(&self, other: &Scorer) -> bool {
        (&self.keys, &self.rows, &self.transitions)
            == (&other.keys, &other.rows, &other.transitions)
    }
}

impl Eq for Scorer {}

#[inline]
fn slot_of(id: FeatureId, mask: usize) -> usize {
    (id.wrapping_mul(0x9E37_79B1) >> 7) as usize & mask
}

impl Scorer {
    /// Merges the tables of the two stages (a feature missing from one has zeros there).
    pub fn new(stage1: &WeightTable, stage2: &WeightTable) -> Scorer {
        let mut keys = Vec::with_capacity(stage1.len().max(stage2.len()));
        let mut rows = Vec::with_capacity(keys.capacity() + 1);
        rows.push([[0i16; L]; 2]);
        let mut a = stage1.entries().peekable();
        let mut b = stage2.entries().peekable();
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&(ka, _)), Some(&(kb, _))) => ka.min(kb),
                (Some(&(k, _)), None) | (None, Some(&(k, _))) => k,
                (None, None) => break,
            };
            let mut pair = [[0i16; L]; 2];
            if let Some((_, r)) = a.next_if(|e| e.0 == next) {
                pair[0] = *r;
            }
            if let Some((_, r)) = b.next_if(|e| e.0 == next) {
                pair[1] = *r;
            }
            keys.push(next);
            rows.push(pair);
        }
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![(0, 0); size];
        for (i, &k) in keys.iter().enumerate() {
            let mut s = slot_of(k, mask);
            while slots[s].0 != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = (k, i as u32 + 1);
        }
        Scorer {
            id: next_scorer_id(),
            keys,
            rows,
            slots,
            transitions: [stage1.transitions().to_vec(), stage2.transitions().to_vec()],
        }
    }

    /// The number that tells this scorer's weights (and its clones') from any other's.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The table of one stage (0 or 1), as it was built from.
    pub fn table(&self, stage: usize) -> WeightTable {
        let entries = self
            .keys
            .iter()
            .zip(&self.rows[1..])
            .map(|(&k, r)| (k, r[stage]))
            .collect();
        WeightTable::new(entries, self.transitions[stage].clone())
    }

    /// Number of distinct feature ids per stage.
    pub fn counts(&self) -> (usize, usize) {
        let nonzero = |s: usize| {
            self.rows[1..]
                .iter()
                .filter(|r| r[s].iter().any(|&x| x != 0))
                .count()
        };
        (nonzero(0), nonzero(1))
    }

    /// Transition scores of one stage, `prev * L + cur`.
    pub fn transitions(&self, stage: usize) -> &[i32] {
        &self.transitions[stage]
    }

    /// The row of feature `id`, or [`MISSING`].
    #[inline]
    fn row(&self, id: FeatureId) -> u32 {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(id, mask);
        loop {
            let (k, i) = self.slots[s];
            if k == id {
                return i;
            }
            if k == 0 {
                return MISSING;
            }
            s = (s + 1) & mask;
        }
    }

    /// Replaces `out` with the row of each of `features`, in order.
    pub fn find_rows(&self, features: &[FeatureId], out: &mut Vec<u32>) {
        out.clear();
        out.extend(features.iter().map(|&f| self.row(f)));
    }

    /// Adds `rows` (from [`Scorer::find_rows`]) for both stages to `first` and `second`.
    pub fn add_both(&self, rows: &[u32], first: &mut [i32; L], second: &mut [i32; L]) {
        let (mut a, mut b) = (Sum::of(first), Sum::of(second));
        for &r in rows {
            let [r1, r2] = &self.rows[r as usize];
            a.add_i16(r1);
            b.add_i16(r2);
        }
        a.store(first);
        b.store(second);
    }

    /// Adds the second stage's `rows` (from [`Scorer::find_rows`]) to `out`.
    pub fn add_second(&self, rows: &[u32], out: &mut [i32; L]) {
        let mut sum = Sum::of(out);
        for &r in rows {
            sum.add_i16(&self.rows[r as usize][1]);
        }
        sum.store(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_stages_and_splits_them_back() {
        let row = |l: usize, w: i16| {
            let mut r = [0i16; L];
            r[l] = w;
            r
        };
        let t1 = WeightTable::new(vec![(3, row(0, 5)), (7, row(4, 2))], vec![1; L * L]);
        let t2 = WeightTable::new(vec![(7, row(4, -1)), (9, row(8, 3))], vec![2; L * L]);
        let s = Scorer::new(&t1, &t2);
        assert_eq!((s.table(0), s.table(1)), (t1, t2));
        assert_eq!(s.counts(), (2, 2));
        let (mut a, mut b) = ([0; L], [0; L]);
        let mut rows = Vec::new();
        s.find_rows(&[7, 9, 3, 12345], &mut rows);
        assert_eq!(rows[3], MISSING);
        s.add_both(&rows, &mut a, &mut b);
        assert_eq!((a[0], a[4], a[8]), (5, 2, 0));
        assert_eq!((b[0], b[4], b[8]), (0, -1, 3));
        let mut c = [0; L];
        s.find_rows(&[9, 9], &mut rows);
        s.add_second(&rows, &mut c);
        assert_eq!(c[8], 6);
        assert_eq!(s.transitions(1)[0], 2);
    }
}
