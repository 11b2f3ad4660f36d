//! Rice codes, least significant bit first, for the small numbers of a postings block: value
//! `v` with parameter `k` is `v >> k` in unary (that many 0 bits, then a 1) followed by the
//! low `k` bits of `v`. A quotient of [`ESCAPE`] or more is written as `ESCAPE` 0 bits, a 1
//! and the value in 32 bits, so one far outlier (a rare gap in a dense term) costs 49 bits
//! instead of thousands.
//!
//! Doc gaps in a block are close to geometric, for which a Rice code with the right `k` is
//! within a few percent of their entropy: a common word's gaps of 1–3 take 1–2 bits, where a
//! varint takes a byte.

use crate::at::At;

/// Quotients from this on are escaped.
pub const ESCAPE: u32 = 16;
/// The largest `k` worth trying: past it, every value's quotient is zero anyway.
pub const MAX_K: u32 = 31;

/// The bits `v` takes with parameter `k`.
pub fn cost(v: u32, k: u32) -> u64 {
    let q = v >> k;
    if q < ESCAPE {
        u64::from(q + 1 + k)
    } else {
        u64::from(ESCAPE + 1 + 32)
    }
}

/// The `k` that codes `values` in the fewest bits, and that many bits.
pub fn best_k(values: impl Iterator<Item = u32> + Clone, most: u32) -> (u32, u64) {
    (0..=most.min(MAX_K))
        .map(|k| (k, values.clone().map(|v| cost(v, k)).sum::<u64>()))
        .min_by_key(|&(k, bits)| (bits, k))
        .expect("k = 0 at least")
}

/// Appends bits to a byte buffer.
pub struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    buffer: u64,
    count: u32,
}

impl<'a> BitWriter<'a> {
    /// Writes after what `out` holds.
    pub fn new(out: &'a mut Vec<u8>) -> BitWriter<'a> {
        BitWriter {
            out,
            buffer: 0,
            count: 0,
        }
    }

    /// Appends the low `bits` bits of `value` (`bits` at most 32).
    pub fn bits(&mut self, value: u32, bits: u32) {
        debug_assert!(bits <= 32 && (bits == 32 || value >> bits == 0));
        self.buffer |= u64::from(value) << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.buffer as u8);
            self.buffer >>= 8;
            self.count -= 8;
        }
    }

    /// Appends `v` Rice-coded with parameter `k`.
    pub fn rice(&mut self, v: u32, k: u32) {
        let q = v >> k;
        if q < ESCAPE {
            self.bits(1 << q, q + 1);
            if k > 0 {
                self.bits(v & ((1u64 << k) - 1) as u32, k);
            }
        } else {
            self.bits(1 << ESCAPE, ESCAPE + 1);
            self.bits(v, 32);
        }
    }

    /// Pads the last byte with zeros.
    pub fn finish(self) {
        if self.count > 0 {
            self.out.push(self.buffer as u8);
        }
    }
}

/// Reads bits from a byte slice. Reading past its end gives zeros and marks the reader
/// overrun, which its user turns into an error: damaged bytes never panic.
///
/// Its state is one bit position: each read loads the eight bytes around it (unaligned) and
/// shifts, where a refilled 64-bit buffer kept three fields to update on every read.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// The next bit to read, counted from the first byte's lowest.
    position: usize,
}

impl<'a> BitReader<'a> {
    /// Reads `bytes` from byte `start`.
    pub fn new(bytes: &'a [u8], start: usize) -> BitReader<'a> {
        BitReader {
            bytes,
            position: start.saturating_mul(8),
        }
    }

    /// Whether more bits were read than the bytes hold.
    pub fn overrun(&self) -> bool {
        self.position > self.bytes.len() * 8
    }

    /// The byte after the last one read from: where byte-aligned data after the bits starts.
    pub fn end(&self) -> usize {
        self.position.div_ceil(8)
    }

    /// At least the next 57 bits, lowest first (zeros past the end of the bytes).
    #[inline(always)]
    fn peek(&self) -> u64 {
        let byte = self.position >> 3;
        match self.bytes.get(byte..byte + 8) {
            Some(word) => {
                u64::from_le_bytes(word.try_into().expect("8 bytes")) >> (self.position & 7)
            }
            None => self.peek_tail(),
        }
    }

    #[cold]
    fn peek_tail(&self) -> u64 {
        let byte = self.position >> 3;
        let mut word = [0; 8];
        if let Some(tail) = self.bytes.get(byte..) {
            let n = tail.len().min(8);
            crate::at::copy(word.at_mut(..n), tail.at(..n));
        }
        u64::from_le_bytes(word) >> (self.position & 7)
    }

    /// The next `bits` bits (at most 32).
    #[inline(always)]
    pub fn bits(&mut self, bits: u32) -> u32 {
        let value = (self.peek() & ((1u64 << bits) - 1)) as u32;
        self.position += bits as usize;
        value
    }

    /// The next Rice-coded value with parameter `k` (at most [`MAX_K`]), or `None` for a unary
    /// run no writer makes.
    #[inline(always)]
    pub fn rice(&mut self, k: u32) -> Option<u32> {
        let word = self.peek();
        let zeros = word.trailing_zeros();
        if zeros < ESCAPE {
            self.position += (zeros + 1 + k) as usize;
            return Some(zeros << k | ((word >> (zeros + 1)) & ((1u64 << k) - 1)) as u32);
        }
        self.rice_escaped(zeros)
    }

    #[cold]
    fn rice_escaped(&mut self, zeros: u32) -> Option<u32> {
        if zeros != ESCAPE {
            if self.position + (ESCAPE + 1) as usize <= self.bytes.len() * 8 {
                return None;
            }
            // The zeros past the end of the bytes are the bytes ending, not damage.
            self.position = self.bytes.len() * 8 + 1;
            return Some(0);
        }
        self.position += (ESCAPE + 1) as usize;
        Some(self.bits(32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_with_every_k_and_escapes() {
        let values: Vec<u32> = (0..200)
            .map(|i| i * i * 7 % 1000)
            .chain([0, u32::MAX, 1 << 20, 65535])
            .collect();
        for k in [0, 1, 3, 9, 20, 31] {
            let mut out = vec![0xAA];
            let mut writer = BitWriter::new(&mut out);
            for &v in &values {
                writer.rice(v, k);
                writer.bits(v & 0x1f, 5);
            }
            writer.finish();
            let bits: u64 = values.iter().map(|&v| cost(v, k) + 5).sum();
            assert_eq!(out.len() as u64, 1 + bits.div_ceil(8), "k {k}");
            let mut reader = BitReader::new(&out, 1);
            for &v in &values {
                assert_eq!(reader.rice(k), Some(v), "k {k}");
                assert_eq!(reader.bits(5), v & 0x1f);
            }
            assert!(!reader.overrun());
            assert_eq!(reader.end(), out.len());
        }
    }

    #[test]
    fn the_best_k_fits_the_values() {
        assert_eq!(best_k([1u32, 1, 2, 1, 0].into_iter(), MAX_K).0, 0);
        let (k, bits) = best_k((0..100u32).map(|i| 1000 + i), MAX_K);
        assert!((9..=10).contains(&k), "{k}");
        assert!(bits <= 100 * 12, "{bits}");
    }

    #[test]
    fn reading_past_the_end_is_marked_not_a_panic() {
        let mut reader = BitReader::new(&[0b0000_0100], 0);
        assert_eq!(
            reader.rice(1),
            Some(2 << 1),
            "two zeros, a one, then a low bit of 0"
        );
        assert!(!reader.overrun());
        let _ = reader.rice(3);
        assert!(reader.overrun());
        let mut zeros = BitReader::new(&[0, 0, 0, 0, 0, 0, 0, 0, 0], 0);
        assert_eq!(zeros.rice(0), None, "a unary run longer than the escape");
        let mut empty = BitReader::new(&[], 0);
        empty.bits(3);
        assert!(empty.overrun());
    }
}
