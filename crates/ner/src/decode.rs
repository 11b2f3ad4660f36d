//! Viterbi decoding of the best well-formed BILOU label sequence of a sentence.

use std::ops::{Add, BitAnd, Div, Mul, Shr, Sub};

use crate::labels::{allowed, allowed_first, allowed_last, Label, NUM_LABELS, OUTSIDE};

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
        // One pass with no early exit, which the compiler vectorises.
        let bits = |xs: &[i32]| xs.iter().fold(0, |bits, x| bits | x.unsigned_abs());
        if bits(emissions.as_flattened()) | bits(transitions) < SMALL {
            self.decode_in::<i32>(emissions, transitions, out);
        } else {
            self.decode_in::<i64>(emissions, transitions, out);
        }
    }

    /// [`Viterbi::decode`], adding scores as `S`.
    fn decode_in<S: Score>(
        &mut self,
        emissions: &[[i32; L]],
        transitions: &[i32],
        out: &mut [Label],
    ) {
        let n = emissions.len();
        if n == 0 {
            return;
        }
        let pack = S::from(PACK);
        // Scores are rebased on the best each step so long sentences cannot overflow.
        let none = S::MIN / S::from(4) / pack;
        let unreachable = none / S::from(2);
        let scaled = |p: Label, c: Label| S::from(transitions[p as usize * L + c as usize]) * pack;
        let to_opening = OPENING.map(|c| CLOSED.map(|p| scaled(p, c)));
        let to_inside = INSIDE.map(|(c, prevs)| prevs.map(|p| scaled(p, c)));
        let mut score = [none; L];
        for (l, s) in score.iter_mut().enumerate() {
            if allowed_first(l as Label) {
                *s = S::from(emissions[0][l]);
            }
        }
        self.back.clear();
        self.back.resize(n, [0; L]);
        for (back, row) in self.back[1..].iter_mut().zip(&emissions[1..]) {
            // Each candidate is packed as `score * PACK + (PACK - 1 - prev)`, so that one integer
            // maximum finds the best score and, among equal ones, the first previous label, as a
            // scan in label order would. An unreachable label's `none` plus a transition is still
            // far below any reachable score (those are rebased to near 0 each step), so it never
            // wins. The loops have fixed bounds and independent maxima, which the compiler
            // unrolls and interleaves.
            let packed: [S; L] =
                std::array::from_fn(|p| score[p] * pack + S::from(PACK - 1 - p as i32));
            let closed = CLOSED.map(|p| packed[p as usize]);
            let mut next = [none; L];
            let mut settle = |cur: Label, best: S| {
                let prev = S::from(PACK - 1) - (best & S::from(PACK - 1));
                let best = best >> PACK.trailing_zeros();
                if best > unreachable {
                    next[cur as usize] = best + S::from(row[cur as usize]);
                    back[cur as usize] = prev.low_byte();
                }
            };
            for (&cur, scaled) in OPENING.iter().zip(&to_opening) {
                let mut best = S::MIN;
                for (&p, &t) in closed.iter().zip(scaled) {
                    best = best.max(p + t);
                }
                settle(cur, best);
            }
            for (&(cur, [a, b]), &[ta, tb]) in INSIDE.iter().zip(&to_inside) {
                settle(cur, (packed[a as usize] + ta).max(packed[b as usize] + tb));
            }
            let top = next.iter().copied().max().unwrap_or(S::from(0));
            for s in next.iter_mut().filter(|s| **s != none) {
                *s = *s - top;
            }
            score = next;
        }
        let mut best = 0;
        let mut best_score = none;
        for (l, &s) in score.iter().enumerate() {
            if s != none && allowed_last(l as Label) && s > best_score {
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

/// The integer type Viterbi adds scores in.
trait Score:
    Copy
    + Ord
    + From<i32>
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + BitAnd<Output = Self>
    + Shr<u32, Output = Self>
{
    const MIN: Self;

    /// The lowest eight bits.
    fn low_byte(self) -> u8;
}

impl Score for i32 {
    const MIN: i32 = i32::MIN;

    fn low_byte(self) -> u8 {
        self as u8
    }
}

impl Score for i64 {
    const MIN: i64 = i64::MIN;

    fn low_byte(self) -> u8 {
        self as u8
    }
}

/// The bound on emission and transition scores (in magnitude) below which scores are added as `i32`,
/// which the compiler turns into twice as wide vector instructions as `i64`. With every score
/// within `SMALL` (about 2 × 10^5; a token's emission is seldom a tenth of it), a reachable
/// label's score stays within `6 × (2 × SMALL)` of the best once rebased (every label can be
/// reached from the best of three steps before in three steps, each moving the best by at most
/// `2 × SMALL`), so packed candidates stay within about 2^27 and an unreachable label's, near
/// `i32::MIN / 4`, below them: no overflow, the same labels as with `i64`.
const SMALL: u32 = 1 << 18;

/// A power of two above every label, by which scores are scaled to pack a label beside them.
const PACK: i32 = 32;

/// The labels outside a name or closing one (O, L-*, U-*), ascending: those that may precede `O`.
const CLOSED: [Label; 9] = {
    let mut out = [0; 9];
    let (mut p, mut n) = (0, 0);
    while p < L {
        if allowed(p as Label, OUTSIDE) {
            out[n] = p as Label;
            n += 1;
        }
        p += 1;
    }
    assert!(n == out.len());
    out
};

/// The labels outside a name or opening one (O, B-*, U-*): those `O` may precede. Each may
/// follow exactly the [`CLOSED`] labels.
const OPENING: [Label; 9] = {
    let mut out = [0; 9];
    let (mut c, mut n) = (0, 0);
    while c < L {
        if allowed(OUTSIDE, c as Label) {
            let mut p = 0;
            while p < L {
                let closed = allowed(p as Label, OUTSIDE);
                assert!(allowed(p as Label, c as Label) == closed);
                p += 1;
            }
            out[n] = c as Label;
            n += 1;
        }
        c += 1;
    }
    assert!(n == out.len());
    out
};

/// The other labels (I-*, L-*), each with the two that may precede it (B and I of its type).
/// With [`OPENING`] and [`CLOSED`], these are BILOU's transitions, about a third of the pairs.
const INSIDE: [(Label, [Label; 2]); 8] = {
    let mut out = [(0, [0; 2]); 8];
    let (mut c, mut n) = (0, 0);
    while c < L {
        if !allowed(OUTSIDE, c as Label) {
            let (mut p, mut k) = (0, 0);
            while p < L {
                if allowed(p as Label, c as Label) {
                    out[n].1[k] = p as Label;
                    k += 1;
                }
                p += 1;
            }
            assert!(k == 2);
            out[n].0 = c as Label;
            n += 1;
        }
        c += 1;
    }
    assert!(n == out.len());
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_lists_are_bilous() {
        assert_eq!(CLOSED, [0, 3, 4, 7, 8, 11, 12, 15, 16]);
        assert_eq!(OPENING, [0, 1, 4, 5, 8, 9, 12, 13, 16]);
        assert_eq!(INSIDE[0], (2, [1, 2]));
        assert_eq!(INSIDE[7], (15, [13, 14]));
    }

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

    /// Plain Viterbi over every allowed pair in label order, keeping the first best previous
    /// label: what [`Viterbi::decode`] must agree with, ties included.
    fn reference(emissions: &[[i32; L]], transitions: &[i32]) -> Vec<Label> {
        let n = emissions.len();
        let mut score: Vec<Option<i64>> = (0..L)
            .map(|l| allowed_first(l as Label).then_some(emissions[0][l] as i64))
            .collect();
        let mut back = vec![[0u8; L]; n];
        for t in 1..n {
            let mut next = vec![None; L];
            for cur in 0..L {
                for prev in 0..L {
                    let (Some(s), true) = (score[prev], allowed(prev as Label, cur as Label))
                    else {
                        continue;
                    };
                    let v = s + transitions[prev * L + cur] as i64;
                    if next[cur].is_none_or(|b: i64| v > b - emissions[t][cur] as i64) {
                        next[cur] = Some(v + emissions[t][cur] as i64);
                        back[t][cur] = prev as u8;
                    }
                }
            }
            score = next;
        }
        let last = (0..L)
            .filter(|&l| allowed_last(l as Label) && score[l].is_some())
            .fold(None, |best: Option<usize>, l| match best {
                Some(b) if score[b] >= score[l] => Some(b),
                _ => Some(l),
            })
            .unwrap();
        let mut out = vec![last as Label; n];
        for t in (1..n).rev() {
            out[t - 1] = back[t][out[t] as usize];
        }
        out
    }

    #[test]
    fn agrees_with_a_plain_scan_ties_included() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut small = |range: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % range) as i32 - (range / 2) as i32
        };
        let mut viterbi = Viterbi::default();
        for case in 0..500 {
            // Few distinct values, so that equal scores are common; large ones now and then.
            let range = [4, 4, 4, 20_000, 2_000_000][case % 5];
            let n = 1 + case % 40;
            let emissions: Vec<[i32; L]> = (0..n).map(|_| [(); L].map(|_| small(range))).collect();
            let transitions: Vec<i32> = (0..L * L).map(|_| small(range)).collect();
            let mut out = vec![0; n];
            viterbi.decode(&emissions, &transitions, &mut out);
            assert_eq!(out, reference(&emissions, &transitions), "case {case}");
        }
    }
}
