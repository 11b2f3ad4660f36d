//! Hash maps keyed by values that are already good hashes (xxh3 of words), which skip hashing
//! them again: SipHash would cost more than the rest of a lookup, especially in WebAssembly.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `Hasher` that passes a `u64` or `u32` key through unchanged.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached for keys other than integers; fold them in so the hasher stays correct.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_u32(&mut self, n: u32) {
        // Spread 32-bit ids over the high bits too, which the map uses for its control bytes.
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map from prehashed keys.
pub(crate) type PrehashedMap<K, V> = HashMap<K, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_as_a_map() {
        let mut m: PrehashedMap<u64, u8> = PrehashedMap::default();
        for k in 0..1000u64 {
            m.insert(k.wrapping_mul(0xDEAD_BEEF_1234_5677), k as u8);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m[&7u64.wrapping_mul(0xDEAD_BEEF_1234_5677)], 7);
    }
}
