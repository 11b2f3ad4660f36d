//! Viterbi decoding of the best well-formed BILOU label sequence of a sentence.

use crate::labels::{allowed, allowed_first, allowed_last, Label, NUM_LABELS};

const L: usize = NUM_LABELS;

/// Reusable buffers for decoding.
#[derive(Default)]
pub(crate) struct Viterbi {
    back: Vec<[u8; L]>,
}

impl Viterbi {
    /// Writes into `out` the labels maximising the sum of emission scores (`emissions`, one row of
    /// `L` per token) and transition scores (`transitions[prev * L + cur]`), among sequences that
    /// BILOU allows.
    pub fn decode(&mut self, emissions: &[[i32; L]], transitions: &[i32], out: &mut [Label]) {
        let n = emissions.len();
        if n == 0 {
            return;
        }
        // Scores are rebased on the best each step so long sentences cannot overflow.
        const NONE: i64 = i64::MIN / 4;
        const UNREACHABLE: i64 = NONE / 2;
        let mut score = [NONE; L];
        for (l, s) in score.iter_mut().enumerate() {
            if allowed_first(l as Label) {
                *s = emissions[0][l] as i64;
            }
        }
        self.back.clear();
        self.back.resize(n, [0; L]);
        for (t, row) in emissions.iter().enumerate().skip(1) {
            let mut next = [NONE; L];
            for (cur, slot) in next.iter_mut().enumerate() {
                let (prevs, count) = &PREVIOUS[cur];
                let mut best = NONE;
                let mut arg = 0u8;
                // No test of `NONE` inside: an unreachable label's `NONE` plus a transition is
                // still far below any reachable score (those are rebased to near 0 each step),
                // so it never wins, and the loop compiles to conditional moves rather than
                // branches that the processor cannot predict.
                for &prev in &prevs[..*count] {
                    let v = score[prev as usize] + transitions[prev as usize * L + cur] as i64;
                    if v > best {
                        best = v;
                        arg = prev;
                    }
                }
                if best > UNREACHABLE {
                    *slot = best + row[cur] as i64;
                    self.back[t][cur] = arg;
                }
            }
            let top = next.iter().copied().max().unwrap_or(0);
            for s in next.iter_mut().filter(|s| **s != NONE) {
                *s -= top;
            }
            score = next;
        }
        let mut best = 0;
        let mut best_score = NONE;
        for (l, &s) in score.iter().enumerate() {
            if s != NONE && allowed_last(l as Label) && s > best_score {
                best_score = s;
                best = l;
            }
        }
        out[n - 1] = best as Label;
        for t in (1..n).rev() {
            out[t - 1] = self.back[t][out[t] as usize];
        }
    }
}

/// For each label, the labels that may precede it (and how many): BILOU allows few, so Viterbi
/// visits about a third of the label pairs.
const PREVIOUS: [([u8; L], usize); L] = {
    let mut table = [([0u8; L], 0usize); L];
    let mut c = 0;
    while c < L {
        let mut p = 0;
        while p < L {
            if allowed(p as Label, c as Label) {
                let (ref mut list, ref mut n) = table[c];
                list[*n] = p as u8;
                *n += 1;
            }
            p += 1;
        }
        c += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_best_well_formed_path() {
        // Token 1 alone prefers U-PER (4), but B-PER L-PER over tokens 1-2 scores more in total.
        let mut e = vec![[0i32; L]; 3];
        e[0][0] = 10; // O
        e[1][4] = 6; // U-PER
        e[1][1] = 5; // B-PER
        e[2][3] = 4; // L-PER
        e[2][0] = 1; // O
        let trans = vec![0i32; L * L];
        let mut out = [0u8; 3];
        Viterbi::default().decode(&e, &trans, &mut out);
        // B-PER L-PER scores 5 + 4 = 9 against U-PER O at 6 + 1 = 7.
        assert_eq!(out, [0, 1, 3]);
        // A penalty on B-PER -> L-PER flips it.
        let mut trans = vec![0i32; L * L];
        trans[L + 3] = -3;
        Viterbi::default().decode(&e, &trans, &mut out);
        assert_eq!(out, [0, 4, 0]);
        // Never an ill-formed path, even if emissions favour one.
        let mut e = vec![[0i32; L]; 2];
        e[0][2] = 100; // I-PER cannot start a sentence
        e[1][1] = 100; // B-PER cannot end one
        Viterbi::default().decode(&e, &vec![0; L * L], &mut out[..2]);
        assert!(allowed_first(out[0]) && allowed(out[0], out[1]) && allowed_last(out[1]));
    }
}
