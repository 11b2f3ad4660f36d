//! Sums of scores over the labels, the tagger's innermost loops: a row of `i16` weights or of
//! `i32` sums added into a token's `i32` scores, `NUM_LABELS` (17) lanes at a time.
//!
//! Natively the compiler vectorises the plain loops. For WebAssembly it does not (the 17 lanes
//! are unrolled into scalar adds, each a load and a store), so where the module is built with
//! `simd128` the first 16 lanes are added as four `i32x4` vectors, kept in registers over a
//! list of rows, and the 17th alone. Integer adds in any grouping give the same sums, so the
//! labels are the same either way.

use crate::labels::NUM_LABELS;

const L: usize = NUM_LABELS;

pub(crate) use imp::Sum;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    use super::L;

    /// Scores of the labels being summed.
    #[derive(Clone, Copy)]
    pub(crate) struct Sum([i32; L]);

    impl Sum {
        #[inline(always)]
        pub fn of(out: &[i32; L]) -> Sum {
            Sum(*out)
        }

        #[inline(always)]
        pub fn add_i16(&mut self, row: &[i16; L]) {
            for (s, &r) in self.0.iter_mut().zip(row) {
                *s += r as i32;
            }
        }

        #[inline(always)]
        pub fn add_i32(&mut self, row: &[i32; L]) {
            for (s, &r) in self.0.iter_mut().zip(row) {
                *s += r;
            }
        }

        #[inline(always)]
        pub fn store(self, out: &mut [i32; L]) {
            *out = self.0;
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::{
        i16x8, i32x4, i32x4_add, i32x4_extend_high_i16x8, i32x4_extend_low_i16x8,
        i32x4_extract_lane, v128,
    };

    use super::L;

    /// Scores of the labels being summed: lanes 0–15 as four vectors, lane 16 alone.
    #[derive(Clone, Copy)]
    pub(crate) struct Sum([v128; 4], i32);

    #[inline(always)]
    fn quad(x: &[i32; L], at: usize) -> v128 {
        i32x4(x[at], x[at + 1], x[at + 2], x[at + 3])
    }

    #[inline(always)]
    fn octet(x: &[i16; L], at: usize) -> v128 {
        i16x8(
            x[at],
            x[at + 1],
            x[at + 2],
            x[at + 3],
            x[at + 4],
            x[at + 5],
            x[at + 6],
            x[at + 7],
        )
    }

    impl Sum {
        #[inline(always)]
        pub fn of(out: &[i32; L]) -> Sum {
            Sum([0, 4, 8, 12].map(|at| quad(out, at)), out[16])
        }

        #[inline(always)]
        pub fn add_i16(&mut self, row: &[i16; L]) {
            let (low, high) = (octet(row, 0), octet(row, 8));
            let v = &mut self.0;
            v[0] = i32x4_add(v[0], i32x4_extend_low_i16x8(low));
            v[1] = i32x4_add(v[1], i32x4_extend_high_i16x8(low));
            v[2] = i32x4_add(v[2], i32x4_extend_low_i16x8(high));
            v[3] = i32x4_add(v[3], i32x4_extend_high_i16x8(high));
            self.1 += row[16] as i32;
        }

        #[inline(always)]
        pub fn add_i32(&mut self, row: &[i32; L]) {
            for (k, v) in self.0.iter_mut().enumerate() {
                *v = i32x4_add(*v, quad(row, 4 * k));
            }
            self.1 += row[16];
        }

        #[inline(always)]
        pub fn store(self, out: &mut [i32; L]) {
            for (k, v) in self.0.into_iter().enumerate() {
                out[4 * k] = i32x4_extract_lane::<0>(v);
                out[4 * k + 1] = i32x4_extract_lane::<1>(v);
                out[4 * k + 2] = i32x4_extract_lane::<2>(v);
                out[4 * k + 3] = i32x4_extract_lane::<3>(v);
            }
            out[16] = self.1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_every_lane() {
        let row16: [i16; L] = std::array::from_fn(|l| (l as i16 - 8) * 1000);
        let row32: [i32; L] = std::array::from_fn(|l| (l as i32) << 20);
        let mut out: [i32; L] = std::array::from_fn(|l| l as i32);
        let mut sum = Sum::of(&out);
        sum.add_i16(&row16);
        sum.add_i16(&row16);
        sum.add_i32(&row32);
        sum.store(&mut out);
        for (l, &x) in out.iter().enumerate() {
            let l = l as i32;
            assert_eq!(x, l + 2 * (l - 8) * 1000 + (l << 20));
        }
    }
}
