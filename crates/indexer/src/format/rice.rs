//! Rice codes, least significant bit first, for the small numbers of a postings block: value
//! `v` with parameter `k` is `v >> k` in unary (that many 0 bits, then a 1) followed by the
//! low `k` bits of `v`. A quotient of [`ESCAPE`] or more is written as `ESCAPE` 0 bits, a 1
//! and the value in 32 bits, so one far outlier (a rare gap in a dense term) costs 49 bits
//! instead of thousands.
//!
//! Doc gaps in a block are close to geometric, for which a Rice code with the right `k` is
//! within a few percent of their entropy: a common word's gaps of 1–3 take 1–2 bits, where a
//! varint takes a byte.

/// Quotients from this on are escaped.
pub const ESCAPE: u32 = 16;
/// The largest `k` worth trying: past it, every value's quotient is zero anyway.
pub const MAX_K: u32 = 31;

/// The bits `v` takes with parameter `k`.
pub fn cost(v: u32, k: u32) -> u64 {
    let q = v >> k;
    if q < ESCAPE { u64::from(q + 1 + k) } else { u64::from(ESCAPE + 1 + 32) }
}

/// The `k` that codes `values` in the fewest bits, and that many bits.
pub fn best_k(values: impl Iterator<Item = u32> + Clone, most: u32) -> (u32, u64) {
    (0..=most.min(MAX_K)).map(|k| (k, values.clone().map(|v| cost(v, k)).sum::<u64>())).min_by_key(|&(k, bits)| (bits, k)).expect("k = 0 at least")
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
        BitWriter { out, buffer: 0, count: 0 }
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
                self.bits(v & low_bits(k), k);
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

fn low_bits(k: u32) -> u32 {
    if k >= 32 { u32::MAX } else { (1 << k) - 1 }
}

/// Reads bits from a byte slice. Reading past its end gives zeros and marks the reader
/// overrun, which its user turns into an error: damaged bytes never panic.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    bytes: &'a [u8],
    /// The next byte to load into the buffer.
    at: usize,
    buffer: u64,
    /// Valid bits in the buffer.
    count: u32,
    /// Bits consumed past the end of `bytes`.
    overrun: bool,
}

impl<'a> BitReader<'a> {
    /// Reads `bytes` from `start`.
    pub fn new(bytes: &'a [u8], start: usize) -> BitReader<'a> {
        BitReader { bytes, at: start.min(bytes.len()), buffer: 0, count: 0, overrun: start > bytes.len() }
    }

    /// Whether more bits were read than the bytes hold.
    pub fn overrun(&self) -> bool {
        self.overrun
    }

    /// The byte after the last one read from: where byte-aligned data after the bits starts.
    pub fn end(&self) -> usize {
        self.at - (self.count / 8) as usize
    }

    /// Tops the buffer up to at least 56 valid bits (fewer only at the end of the bytes).
    #[inline(always)]
    fn refill(&mut self) {
        if self.count >= 56 {
            return;
        }
        if let Some(word) = self.bytes.get(self.at..self.at + 8) {
            // Whole bytes only advance `at`: the bits of a byte loaded in part are loaded
            // again next time, at the same place, so OR-ing them in twice changes nothing.
            self.buffer |= u64::from_le_bytes(word.try_into().expect("8 bytes")) << self.count;
            self.at += ((63 - self.count) / 8) as usize;
            self.count |= 56;
        } else {
            while self.count <= 56 {
                match self.bytes.get(self.at) {
                    Some(&byte) => {
                        self.buffer |= u64::from(byte) << self.count;
                        self.at += 1;
                        self.count += 8;
                    }
                    None => break,
                }
            }
        }
    }

    /// Takes `bits` bits (at most 32) from a buffer holding at least that many, or marks the
    /// reader overrun.
    #[inline(always)]
    fn take(&mut self, bits: u32) -> u32 {
        if bits > self.count {
            self.overrun = true;
            self.buffer = 0;
            self.count = 0;
            return 0;
        }
        let value = (self.buffer & u64::from(low_bits(bits))) as u32;
        self.buffer = if bits == 64 { 0 } else { self.buffer >> bits };
        self.count -= bits;
        value
    }

    /// The next `bits` bits (at most 32).
    #[inline(always)]
    pub fn bits(&mut self, bits: u32) -> u32 {
        self.refill();
        self.take(bits)
    }

    /// The next Rice-coded value with parameter `k`, or `None` for a unary run no writer makes.
    #[inline(always)]
    pub fn rice(&mut self, k: u32) -> Option<u32> {
        self.refill();
        let zeros = self.buffer.trailing_zeros();
        if zeros < ESCAPE && zeros < self.count {
            self.buffer >>= zeros + 1;
            self.count -= zeros + 1;
            let low = if k > 0 { self.take(k) } else { 0 };
            Some(zeros << k | low)
        } else if zeros == ESCAPE && zeros < self.count {
            self.buffer >>= ESCAPE + 1;
            self.count -= ESCAPE + 1;
            Some(self.take(32))
        } else if self.count < 56 && zeros >= self.count {
            // The bytes ended inside the unary run.
            self.overrun = true;
            Some(0)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_with_every_k_and_escapes() {
        let values: Vec<u32> = (0..200).map(|i| i * i * 7 % 1000).chain([0, u32::MAX, 1 << 20, 65535]).collect();
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
        assert_eq!(reader.rice(1), Some(2 << 1), "two zeros, a one, then a low bit of 0");
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
