//! Eight-bit weight codes in the G.711 µ-law style: one byte per weight, with fine steps for the
//! many small weights and coarse ones for the few large. On the development data this scores as
//! well as sixteen-bit linear weights, where linear eight-bit weights lose about 0.1 F1.
//!
//! Code magnitudes 0..=127 are 8 segments of 16 steps; each segment doubles the step. The levels
//! come from integer arithmetic only, so every platform decodes a model to the same weights.

/// The level of the largest code: weights are scaled so the largest magnitude maps here.
pub(crate) const TOP: i32 = level(127);

/// The weight a code magnitude stands for.
const fn level(k: usize) -> i32 {
    let segment = k / 16;
    let step = (k % 16) as i32;
    ((2 * step + 33) << segment) - 33
}

/// The code whose level is nearest to `value`, a weight in units where the largest is [`TOP`].
pub(crate) fn encode(value: f64) -> i8 {
    let target = value.abs().min(TOP as f64);
    let mut lo = 0usize;
    let mut hi = 127usize;
    while lo < hi {
        let mid = (lo + hi) / 2;
        if (level(mid) as f64) < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    // `lo` is the first level at or above the target; the one below may be nearer.
    let k = if lo > 0 && target - level(lo - 1) as f64 <= level(lo) as f64 - target {
        lo - 1
    } else {
        lo
    };
    let k = k as i8;
    if value < 0.0 {
        -k
    } else {
        k
    }
}

/// The weight of a code.
pub(crate) fn decode(code: i8) -> i16 {
    let v = level(code.unsigned_abs().min(127) as usize) as i16;
    if code < 0 {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_grow_and_round_trip() {
        assert_eq!(level(0), 0);
        assert_eq!(level(1), 2);
        assert_eq!(TOP, 8031);
        for k in 1..=127 {
            assert!(level(k) > level(k - 1));
        }
        for code in -127i8..=127 {
            assert_eq!(encode(decode(code) as f64), code);
        }
        assert_eq!(encode(-1e9), -127);
        assert_eq!(encode(2.9), 1);
        assert_eq!(encode(3.1), 2);
        assert_eq!(decode(-128), -8031);
    }
}
