//! Field lengths in one byte each: exact up to 40 words, then in steps of about 6%, which is
//! finer than BM25's length normalisation can tell apart and keeps the table at 4 bytes a doc.

const EXACT: usize = 40;

const LENGTHS: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 1;
    while i < 256 {
        table[i] = if i <= EXACT {
            i as u32
        } else {
            let prev = table[i - 1];
            let step = prev / 16;
            prev + if step == 0 { 1 } else { step }
        };
        i += 1;
    }
    table
};

/// The byte for a field of `length` words (rounding down to the nearest representable length).
pub fn encode(length: u32) -> u8 {
    match LENGTHS.binary_search(&length) {
        Ok(i) => i as u8,
        Err(i) => (i - 1) as u8,
    }
}

/// The field length a byte stands for.
pub fn decode(byte: u8) -> u32 {
    LENGTHS[usize::from(byte)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lengths_are_exact() {
        for len in 0..=40 {
            assert_eq!(decode(encode(len)), len);
        }
    }

    #[test]
    fn long_lengths_are_close_and_monotonic() {
        let mut last = 0;
        for len in (41..2_000_000).step_by(97) {
            let back = decode(encode(len));
            assert!(
                back <= len && f64::from(len - back) / f64::from(len) < 0.07,
                "{len} -> {back}"
            );
            assert!(back >= last);
            last = back;
        }
        assert_eq!(encode(u32::MAX), 255);
    }
}
