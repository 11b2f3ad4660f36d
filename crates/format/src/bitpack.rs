//! Fixed-width bit packing for small integer arrays (term-info blocks): each value takes
//! exactly `width` bits, least significant bit first, so entry `i` is found without decoding
//! the ones before it.

/// The number of bits needed to hold `value` (0 for 0).
pub fn width_of(value: u32) -> u8 {
    (32 - value.leading_zeros()) as u8
}

/// Appends `values`, each in `width` bits, to `out`, padded to a whole byte.
pub fn pack(out: &mut Vec<u8>, values: &[u32], width: u8) {
    let start = out.len();
    let total_bits = values.len() * usize::from(width);
    out.resize(start + total_bits.div_ceil(8), 0);
    let mut bit = 0usize;
    for &value in values {
        debug_assert!(
            width == 32 || value >> width == 0,
            "value wider than the block width"
        );
        for b in 0..usize::from(width) {
            if value >> b & 1 == 1 {
                let at = bit + b;
                out[start + at / 8] |= 1 << (at % 8);
            }
        }
        bit += usize::from(width);
    }
}

/// The number of bytes `count` values of `width` bits take once packed.
pub fn packed_len(count: usize, width: u8) -> usize {
    (count * usize::from(width)).div_ceil(8)
}

/// Reads entry `index` of an array packed with `width` bits per value.
///
/// Returns `None` if `width` is over 32 or the entry lies outside `bytes`.
#[inline]
pub fn get(bytes: &[u8], width: u8, index: usize) -> Option<u32> {
    if width == 0 {
        return Some(0);
    }
    if width > 32 {
        return None;
    }
    let first_bit = index.checked_mul(usize::from(width))?;
    let last_bit = first_bit + usize::from(width) - 1;
    let window = bytes.get(first_bit / 8..=last_bit / 8)?;
    let mut word = 0u64;
    for (i, &byte) in window.iter().enumerate() {
        word |= u64::from(byte) << (8 * i);
    }
    let mask = (1u64 << width) - 1;
    Some(((word >> (first_bit % 8)) & mask) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_reads_back_every_width() {
        for width in 0..=32u8 {
            let max = if width == 32 {
                u32::MAX
            } else {
                (1u32 << width).wrapping_sub(1)
            };
            let values: Vec<u32> = (0..70u32)
                .map(|i| i.wrapping_mul(2_654_435_761) & max)
                .collect();
            let mut bytes = vec![0xAA];
            pack(&mut bytes, &values, width);
            assert_eq!(bytes.len(), 1 + packed_len(values.len(), width));
            for (i, &v) in values.iter().enumerate() {
                assert_eq!(
                    get(&bytes[1..], width, i),
                    Some(v),
                    "width {width} index {i}"
                );
            }
        }
    }

    #[test]
    fn width_of_counts_bits() {
        assert_eq!(width_of(0), 0);
        assert_eq!(width_of(1), 1);
        assert_eq!(width_of(255), 8);
        assert_eq!(width_of(256), 9);
        assert_eq!(width_of(u32::MAX), 32);
    }

    #[test]
    fn out_of_range_reads_are_none() {
        let mut bytes = Vec::new();
        pack(&mut bytes, &[1, 2, 3], 5);
        assert_eq!(get(&bytes, 5, 3), None);
        assert_eq!(get(&bytes, 33, 0), None);
    }
}
