//! Feature weights: the averaged perceptron being trained, and the quantised table that tags.

use std::collections::HashMap;

use crate::features::FeatureId;
use crate::labels::{Label, NUM_LABELS};

const L: usize = NUM_LABELS;

/// A structured perceptron over feature rows, with the running sums needed for averaging
/// (Collins 2002; the average is `w - acc / step`, with `acc` summing `step * update`).
pub(crate) struct Perceptron {
    w: Vec<i32>,
    acc: Vec<i64>,
    trans: Vec<i32>,
    trans_acc: Vec<i64>,
    step: i64,
}

impl Perceptron {
    /// A perceptron with `rows` feature rows, all zero.
    pub fn new(rows: usize) -> Perceptron {
        Perceptron { w: vec![0; rows * L], acc: vec![0; rows * L], trans: vec![0; L * L], trans_acc: vec![0; L * L], step: 1 }
    }

    /// The current transition scores.
    pub fn transitions(&self) -> &[i32] {
        &self.trans
    }

    /// Sums the current weights of `rows` into `out`.
    pub fn emissions(&self, rows: &[u32], out: &mut [i32; L]) {
        *out = [0; L];
        for &r in rows {
            let w = &self.w[r as usize * L..][..L];
            for (o, x) in out.iter_mut().zip(w) {
                *o += x;
            }
        }
    }

    fn bump(&mut self, row: usize, label: Label, delta: i32) {
        let k = row * L + label as usize;
        self.w[k] += delta;
        self.acc[k] += self.step * delta as i64;
    }

    fn bump_transition(&mut self, prev: Label, cur: Label, delta: i32) {
        let k = prev as usize * L + cur as usize;
        self.trans[k] += delta;
        self.trans_acc[k] += self.step * delta as i64;
    }

    /// Moves the weights towards `gold` and away from `predicted` for one sentence, whose tokens
    /// have the feature rows `rows(i)`.
    pub fn update<'a>(&mut self, rows: impl Fn(usize) -> &'a [u32], gold: &[Label], predicted: &[Label]) {
        for (i, (&g, &p)) in gold.iter().zip(predicted).enumerate() {
            if g != p {
                for &r in rows(i) {
                    self.bump(r as usize, g, 1);
                    self.bump(r as usize, p, -1);
                }
            }
            if i > 0 && (g != p || gold[i - 1] != predicted[i - 1]) {
                self.bump_transition(gold[i - 1], g, 1);
                self.bump_transition(predicted[i - 1], p, -1);
            }
        }
    }

    /// Marks the end of one training example, for averaging.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The averaged weights, quantised to `i16` with one scale, as a table keyed by feature id.
    /// `ids[row]` is the feature id of each row. Rows that quantise to all zeros are dropped.
    pub fn averaged(&self, ids: &[FeatureId]) -> WeightTable {
        let step = self.step as f64;
        let avg = |w: i32, acc: i64| w as f64 - acc as f64 / step;
        let mut max = 0f64;
        for (&w, &a) in self.w.iter().zip(&self.acc).chain(self.trans.iter().zip(&self.trans_acc)) {
            max = max.max(avg(w, a).abs());
        }
        let scale = if max > 0.0 { max / i16::MAX as f64 } else { 1.0 };
        let q = |w: i32, acc: i64| (avg(w, acc) / scale).round() as i32;
        let mut entries: Vec<(FeatureId, [i16; L])> = Vec::new();
        for (row, &id) in ids.iter().enumerate() {
            let mut r = [0i16; L];
            for (l, x) in r.iter_mut().enumerate() {
                let k = row * L + l;
                *x = q(self.w[k], self.acc[k]) as i16;
            }
            if r.iter().any(|&x| x != 0) {
                entries.push((id, r));
            }
        }
        let trans = self.trans.iter().zip(&self.trans_acc).map(|(&w, &a)| q(w, a)).collect();
        WeightTable::new(entries, trans)
    }
}

/// Quantised weights keyed by feature id, with an open-addressing index for fast lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WeightTable {
    keys: Vec<FeatureId>,
    rows: Vec<[i16; L]>,
    transitions: Vec<i32>,
    slots: Vec<(FeatureId, u32)>,
}

#[inline]
fn slot_of(id: FeatureId, mask: usize) -> usize {
    (id.wrapping_mul(0x9E37_79B1) >> 7) as usize & mask
}

impl WeightTable {
    /// A table of `(feature id, row)` entries (ids distinct) and `L * L` transition scores.
    pub fn new(mut entries: Vec<(FeatureId, [i16; L])>, transitions: Vec<i32>) -> WeightTable {
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let (keys, rows): (Vec<_>, Vec<_>) = entries.into_iter().unzip();
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![(0, 0); size];
        for (i, &k) in keys.iter().enumerate() {
            let mut s = slot_of(k, mask);
            while slots[s].0 != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = (k, i as u32);
        }
        WeightTable { keys, rows, transitions, slots }
    }

    /// The feature ids, ascending, and their rows.
    pub fn entries(&self) -> impl Iterator<Item = (FeatureId, &[i16; L])> {
        self.keys.iter().copied().zip(&self.rows)
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Transition scores, `prev * L + cur`.
    pub fn transitions(&self) -> &[i32] {
        &self.transitions
    }

    fn row(&self, id: FeatureId) -> Option<&[i16; L]> {
        let mask = self.slots.len() - 1;
        let mut s = slot_of(id, mask);
        loop {
            let (k, i) = self.slots[s];
            if k == id {
                return Some(&self.rows[i as usize]);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & mask;
        }
    }

    /// Sums the rows of `features` (unknown ids count as zero) into `out`.
    pub fn emissions(&self, features: &[FeatureId], out: &mut [i32; L]) {
        *out = [0; L];
        for &f in features {
            if let Some(r) = self.row(f) {
                for (o, &x) in out.iter_mut().zip(r) {
                    *o += x as i32;
                }
            }
        }
    }
}

/// Maps feature ids seen in training to dense row numbers.
#[derive(Default)]
pub(crate) struct FeatureIndex {
    rows: HashMap<FeatureId, u32>,
    ids: Vec<FeatureId>,
}

impl FeatureIndex {
    /// The row of `id`, added if new.
    pub fn insert(&mut self, id: FeatureId) -> u32 {
        let next = self.ids.len() as u32;
        let row = *self.rows.entry(id).or_insert(next);
        if row == next {
            self.ids.push(id);
        }
        row
    }

    /// The feature id of each row.
    pub fn ids(&self) -> &[FeatureId] {
        &self.ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_toy_problem_and_tables_agree() {
        // Feature row 0 marks U-PER (4), row 1 marks U-LOC (8).
        let mut p = Perceptron::new(2);
        let sentences: [(&[u32], Label); 2] = [(&[0], 4), (&[1], 8)];
        for _ in 0..3 {
            for (rows, gold) in sentences {
                let mut e = [0; L];
                p.emissions(rows, &mut e);
                let pred = (0..L).max_by_key(|&l| (e[l], std::cmp::Reverse(l))).unwrap() as Label;
                p.update(|_| rows, &[gold], &[pred]);
                p.tick();
            }
        }
        let table = p.averaged(&[101, 202]);
        let mut e = [0; L];
        table.emissions(&[101, 999], &mut e);
        assert_eq!((0..L).max_by_key(|&l| e[l]).unwrap(), 4);
        table.emissions(&[202], &mut e);
        assert_eq!((0..L).max_by_key(|&l| e[l]).unwrap(), 8);
        table.emissions(&[999], &mut e);
        assert_eq!(e, [0; L]);
    }
}
