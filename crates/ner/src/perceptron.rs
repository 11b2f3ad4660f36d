//! Feature weights: the averaged perceptron being trained, and the quantised table it yields.

use crate::features::FeatureId;
use crate::labels::{Label, NUM_LABELS};
use crate::prehashed::PrehashedMap;
use crate::quantize;

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
        Perceptron {
            w: vec![0; rows * L],
            acc: vec![0; rows * L],
            trans: vec![0; L * L],
            trans_acc: vec![0; L * L],
            step: 1,
        }
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
            for l in 0..L {
                out[l] += w[l];
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

    /// Moves the weights by `weight` towards `gold` and away from `predicted` for one sentence,
    /// whose tokens have the feature rows `rows(i)`.
    pub fn update<'a>(
        &mut self,
        rows: impl Fn(usize) -> &'a [u32],
        gold: &[Label],
        predicted: &[Label],
        weight: i32,
    ) {
        for (i, (&g, &p)) in gold.iter().zip(predicted).enumerate() {
            if g != p {
                for &r in rows(i) {
                    self.bump(r as usize, g, weight);
                    self.bump(r as usize, p, -weight);
                }
            }
            if i > 0 && (g != p || gold[i - 1] != predicted[i - 1]) {
                self.bump_transition(gold[i - 1], g, weight);
                self.bump_transition(predicted[i - 1], p, -weight);
            }
        }
    }

    /// Marks the end of one training example, for averaging.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The averaged weight at flat index `k` of the row weights (`trans`: of the transitions).
    fn average(&self, k: usize, trans: bool) -> f64 {
        let (w, acc) = if trans {
            (self.trans[k], self.trans_acc[k])
        } else {
            (self.w[k], self.acc[k])
        };
        w as f64 - acc as f64 / self.step as f64
    }

    /// The mean of the averaged weights of `ps`, perceptrons over the same rows trained in
    /// different orders, as a table keyed by feature id. Row weights are quantised to eight-bit
    /// codes (see [`quantize`]) and kept as the weights those codes stand for; transitions are
    /// scaled the same way but kept exact. `ids[row]` is the feature id of each row. Rows that
    /// quantise to all zeros are dropped. The members are summed in their order, so the same
    /// members give the same bytes.
    pub fn mean_of(ps: &[Perceptron], ids: &[FeatureId]) -> WeightTable {
        let members = ps.len().max(1) as f64;
        let mean =
            |k: usize, trans: bool| ps.iter().map(|p| p.average(k, trans)).sum::<f64>() / members;
        let (weights, transitions) = ps.first().map_or((0, 0), |p| (p.w.len(), p.trans.len()));
        let mut max = 0f64;
        for k in 0..weights {
            max = max.max(mean(k, false).abs());
        }
        for k in 0..transitions {
            max = max.max(mean(k, true).abs());
        }
        let scale = if max > 0.0 {
            quantize::TOP as f64 / max
        } else {
            1.0
        };
        let mut entries: Vec<(FeatureId, [i16; L])> = Vec::new();
        for (row, &id) in ids.iter().enumerate() {
            let mut r = [0i16; L];
            for (l, x) in r.iter_mut().enumerate() {
                *x = quantize::decode(quantize::encode(mean(row * L + l, false) * scale));
            }
            entries.push((id, r));
        }
        let trans = (0..transitions)
            .map(|k| (mean(k, true) * scale).round() as i32)
            .collect();
        WeightTable::new(entries, trans)
    }
}

/// Quantised weights of one stage: rows keyed by feature id (ascending, distinct, never all
/// zero) and the transition scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WeightTable {
    keys: Vec<FeatureId>,
    rows: Vec<[i16; L]>,
    transitions: Vec<i32>,
}

impl WeightTable {
    /// A table of `(feature id, row)` entries and `L * L` transition scores (missing ones are 0).
    /// Rows of zeros are dropped and a repeated id keeps its first row.
    pub fn new(mut entries: Vec<(FeatureId, [i16; L])>, mut transitions: Vec<i32>) -> WeightTable {
        entries.retain(|e| e.1.iter().any(|&x| x != 0));
        entries.sort_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        transitions.resize(L * L, 0);
        let (keys, rows) = entries.into_iter().unzip();
        WeightTable {
            keys,
            rows,
            transitions,
        }
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
}

/// Maps feature ids seen in training to dense row numbers.
#[derive(Default)]
pub(crate) struct FeatureIndex {
    rows: PrehashedMap<FeatureId, u32>,
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

    /// Trains a perceptron for `epochs` passes over one-token sentences `(rows, gold label)`.
    fn trained(sentences: &[(&[u32], Label)], epochs: usize) -> Perceptron {
        let mut p = Perceptron::new(2);
        for _ in 0..epochs {
            for &(rows, gold) in sentences {
                let mut e = [0; L];
                p.emissions(rows, &mut e);
                let pred = (0..L)
                    .max_by_key(|&l| (e[l], std::cmp::Reverse(l)))
                    .unwrap() as Label;
                p.update(|_| rows, &[gold], &[pred], 1);
                p.tick();
            }
        }
        p
    }

    /// Each feature id with its highest-scoring label.
    fn best_labels(table: &WeightTable) -> Vec<(FeatureId, usize)> {
        table
            .entries()
            .map(|(id, r)| (id, (0..L).max_by_key(|&l| r[l]).unwrap()))
            .collect()
    }

    #[test]
    fn learns_a_separable_toy_problem_and_tables_agree() {
        // Feature row 0 marks U-PER (4), row 1 marks U-LOC (8).
        let p = trained(&[(&[0], 4), (&[1], 8)], 3);
        let table = Perceptron::mean_of(&[p], &[101, 202]);
        assert_eq!(best_labels(&table), [(101, 4), (202, 8)]);
    }

    #[test]
    fn the_mean_of_several_orders_keeps_what_each_learnt() {
        let one = || trained(&[(&[0], 4), (&[1], 8)], 3);
        // The mean of identical members is the member itself.
        assert_eq!(
            Perceptron::mean_of(&[one(), one()], &[101, 202]),
            Perceptron::mean_of(&[one()], &[101, 202])
        );
        // Members that each saw one sentence pool what they learnt: the table knows both rows,
        // where either member alone knows one.
        let table = Perceptron::mean_of(
            &[trained(&[(&[0], 4)], 2), trained(&[(&[1], 8)], 2)],
            &[101, 202],
        );
        assert_eq!(best_labels(&table), [(101, 4), (202, 8)]);
        let alone = Perceptron::mean_of(&[trained(&[(&[0], 4)], 2)], &[101, 202]);
        assert_eq!(best_labels(&alone), [(101, 4)]);
    }
}
