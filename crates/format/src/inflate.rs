//! Raw DEFLATE (RFC 1951) decoding, for the store's records and a sharded index's pieces.
//!
//! The writers deflate with `miniz_oxide`; the readers inflate here, with a decoder made for
//! these streams (raw, whole in memory, of a known length), which takes the wasm modules a
//! fraction of the bytes of `miniz_oxide`'s general one (streaming, zlib headers, wrapping
//! buffers). It accepts what `miniz_oxide::inflate::decompress_to_vec_with_limit` accepts and
//! refuses what it refuses (property tests and the `inflate` fuzz target check both on the
//! same streams): codes must be complete prefix codes, except a literal/length or distance
//! code of at most one bit; a distance may not reach before the start; the text may not pass
//! the length given.

use crate::at::At;

/// Literal/length and distance codes are decoded through a table indexed by their next
/// `FAST_BITS` bits; longer codes, rarer, are decoded bit by bit.
const FAST_BITS: u32 = 9;

/// The longest code DEFLATE allows.
const MAX_BITS: usize = 15;

/// The length codes' base lengths (symbols 257–285), then their extra bits.
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// The distance codes' base distances (symbols 0–29); code `d` has `max(d / 2 - 1, 0)` extra
/// bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];

/// The order in which a dynamic block gives its code length code's lengths.
const CODE_LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Why a stream does not inflate.
pub type Refusal = &'static str;

/// `input`'s raw DEFLATE stream inflated, when it ends (a final block) within `input` and
/// inflates to exactly `len` bytes. Bytes after the final block are ignored.
///
/// # Errors
/// What is wrong with the stream, in words for an error message.
pub fn inflate(input: &[u8], len: usize) -> Result<Vec<u8>, Refusal> {
    let mut bits = Bits {
        input,
        at: 0,
        buf: 0,
        count: 0,
    };
    // DEFLATE's densest code (258 bytes a match of 2 bits) bounds what `input` can hold, so a
    // forged length cannot make it allocate more than that.
    let mut out = Text {
        bytes: vec![0; len.min(input.len().saturating_mul(1032))],
        at: 0,
    };
    loop {
        let last = bits.take(1)? == 1;
        match bits.take(2)? {
            0 => stored(&mut bits, &mut out)?,
            1 => {
                let mut lengths = [8u8; 288 + 32];
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[288..].fill(5);
                let (litlen, dist) = lengths.split_at(288);
                codes(&mut bits, &mut out, &Code::new(litlen)?, &Code::new(dist)?)?;
            }
            2 => {
                let (litlen, dist) = dynamic(&mut bits)?;
                codes(&mut bits, &mut out, &litlen, &dist)?;
            }
            _ => return Err("a block of the reserved type 3"),
        }
        if last {
            break;
        }
    }
    if out.at != len {
        return Err("it inflates to fewer bytes than its length");
    }
    Ok(out.bytes)
}

/// The text inflated so far, `bytes[..at]`, in room for all of it.
struct Text {
    bytes: Vec<u8>,
    at: usize,
}

/// The refusal of a text longer than its room.
const TOO_LONG: Refusal = "it inflates to more bytes than its length";

impl Text {
    fn push(&mut self, byte: u8) -> Result<(), Refusal> {
        *self.bytes.get_mut(self.at).ok_or(TOO_LONG)? = byte;
        self.at += 1;
        Ok(())
    }

    fn extend(&mut self, bytes: &[u8]) -> Result<(), Refusal> {
        let end = self.at + bytes.len();
        crate::at::copy(self.bytes.get_mut(self.at..end).ok_or(TOO_LONG)?, bytes);
        self.at = end;
        Ok(())
    }

    /// Copies the `length` bytes from `distance` back.
    fn copy(&mut self, distance: usize, length: usize) -> Result<(), Refusal> {
        if distance > self.at {
            return Err("a distance before the start of the text");
        }
        let (from, end) = (self.at - distance, self.at + length);
        if end > self.bytes.len() {
            return Err(TOO_LONG);
        }
        if distance >= length && length > 16 {
            self.bytes.copy_within(from..from + length, self.at);
        } else {
            // Byte by byte: a run of the last `distance` bytes when the match overlaps what it
            // writes, and cheaper than a call to copy for the short matches of most text.
            for i in self.at..end {
                *self.bytes.at_mut(i) = *self.bytes.at(i - distance);
            }
        }
        self.at = end;
        Ok(())
    }
}

/// The stream's bits, least significant first, with up to 64 of them read ahead.
struct Bits<'a> {
    input: &'a [u8],
    at: usize,
    buf: u64,
    count: u32,
}

impl Bits<'_> {
    /// Reads ahead as many whole bytes as fit.
    fn refill(&mut self) {
        if let Some(word) = self.input.get(self.at..self.at + 8) {
            // Eight bytes at once, of which those that fit are kept.
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            self.buf |= word << self.count;
            self.at += ((63 - self.count) / 8) as usize;
            self.count |= 56;
            return;
        }
        while self.count <= 56 {
            let Some(&byte) = self.input.get(self.at) else {
                return;
            };
            self.buf |= u64::from(byte) << self.count;
            self.count += 8;
            self.at += 1;
        }
    }

    /// The next bits without taking them, zeros past the end of the input. Inlined, as it is
    /// called for every symbol.
    #[inline(always)]
    fn peek(&mut self) -> u64 {
        if self.count < 32 {
            self.refill();
        }
        self.buf
    }

    /// Takes `n` bits (at most 32), which the input must hold.
    fn skip(&mut self, n: u32) -> Result<(), Refusal> {
        if n > self.count {
            return Err("the stream is cut short");
        }
        self.buf >>= n;
        self.count -= n;
        Ok(())
    }

    /// The next `n` bits (at most 32) as a number.
    #[inline(always)]
    fn take(&mut self, n: u32) -> Result<u32, Refusal> {
        let value = (self.peek() & ((1 << n) - 1)) as u32;
        self.skip(n)?;
        Ok(value)
    }
}

/// A prefix code: a table of the codes of up to `FAST_BITS` bits by those bits reversed
/// (`symbol << 4 | length`, 0 for none), and the code lengths' counts and the symbols in
/// canonical order for the longer ones.
struct Code {
    fast: [u16; 1 << FAST_BITS],
    counts: [u16; MAX_BITS + 1],
    symbols: [u16; 288],
}

impl Code {
    /// The canonical code of these lengths, which must be a complete prefix code, or an
    /// incomplete one of at most one bit (zlib's and `miniz_oxide`'s rule for literal/length
    /// and distance codes; the code length code is checked to be complete by its caller).
    fn new(lengths: &[u8]) -> Result<Code, Refusal> {
        let mut code = Code {
            fast: [0; 1 << FAST_BITS],
            counts: [0; MAX_BITS + 1],
            symbols: [0; 288],
        };
        for &length in lengths {
            *code.counts.at_mut(usize::from(length)) += 1;
        }
        code.counts[0] = 0;
        let mut left = 1i32;
        let mut longest = 0;
        let mut offsets = [0u16; MAX_BITS + 2];
        // Each length's first canonical code, then the next one to give.
        let mut next = [0u32; MAX_BITS + 1];
        for length in 1..=MAX_BITS {
            *next.at_mut(length) =
                (*next.at(length - 1) + u32::from(*code.counts.at(length - 1))) << 1;
            left = (left << 1) - i32::from(code.counts[length]);
            if left < 0 {
                return Err("a code with more codes than its lengths allow");
            }
            if code.counts[length] > 0 {
                longest = length;
            }
            offsets[length + 1] = offsets[length] + code.counts[length];
        }
        if left > 0 && longest > 1 {
            return Err("a code with lengths that leave codes unused");
        }
        for (symbol, &length) in lengths.iter().enumerate() {
            let length = usize::from(length);
            if length == 0 {
                continue;
            }
            *code.symbols.at_mut(usize::from(*offsets.at(length))) = symbol as u16;
            offsets[length] += 1;
            let canonical = *next.at(length);
            next[length] += 1;
            if length as u32 <= FAST_BITS {
                let reversed = (canonical.reverse_bits() >> (32 - length)) as usize;
                let entry = (symbol as u16) << 4 | length as u16;
                let mut slot = reversed;
                while slot < 1 << FAST_BITS {
                    code.fast[slot] = entry;
                    slot += 1 << length;
                }
            }
        }
        Ok(code)
    }

    /// The next symbol of the stream. Inlined, so that a symbol found in the table is not
    /// returned through memory, as a `Result` with a `&str` is in WebAssembly.
    #[inline(always)]
    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, Refusal> {
        let ahead = bits.peek();
        let entry = self.fast[(ahead & ((1 << FAST_BITS) - 1)) as usize];
        let length = u32::from(entry & 15);
        if entry != 0 && length <= bits.count {
            bits.buf >>= length;
            bits.count -= length;
            return Ok(entry >> 4);
        }
        self.decode_long(bits, ahead)
    }

    /// The next symbol of the stream when it is not in the table: a code longer than it, or
    /// none (a damaged stream, or one cut short).
    fn decode_long(&self, bits: &mut Bits<'_>, ahead: u64) -> Result<u16, Refusal> {
        // Canonical codes of one length are consecutive numbers, first the shorter lengths'.
        let (mut code, mut first, mut index) = (0u32, 0u32, 0u32);
        for length in 1..=MAX_BITS {
            code |= ((ahead >> (length - 1)) & 1) as u32;
            let count = u32::from(self.counts[length]);
            if code < first + count {
                bits.skip(length as u32)?;
                return Ok(*self.symbols.at((index + code - first) as usize));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err("a code that the block's codes do not have")
    }
}

/// A stored block: its length, the length's complement, the bytes.
fn stored(bits: &mut Bits<'_>, out: &mut Text) -> Result<(), Refusal> {
    bits.skip(bits.count % 8)?;
    let size = bits.take(16)?;
    if bits.take(16)? != !size & 0xffff {
        return Err("a stored block whose length does not match its complement");
    }
    // What is read ahead is whole bytes of the input, just before `at`.
    let start = bits.at - (bits.count / 8) as usize;
    bits.buf = 0;
    bits.count = 0;
    let end = start + size as usize;
    out.extend(
        bits.input
            .get(start..end)
            .ok_or("the stream is cut short")?,
    )?;
    bits.at = end;
    Ok(())
}

/// A dynamic block's literal/length and distance codes.
fn dynamic(bits: &mut Bits<'_>) -> Result<(Code, Code), Refusal> {
    let litlens = bits.take(5)? as usize + 257;
    let dists = bits.take(5)? as usize + 1;
    let code_lengths = bits.take(4)? as usize + 4;
    if litlens > 286 || dists > 30 {
        return Err("a block with more codes than DEFLATE has");
    }
    let mut lengths = [0u8; 19];
    for &symbol in &CODE_LENGTH_ORDER[..code_lengths] {
        *lengths.at_mut(symbol) = bits.take(3)? as u8;
    }
    let code = Code::new(&lengths)?;
    if code
        .counts
        .iter()
        .enumerate()
        .map(|(l, &c)| u32::from(c) << (MAX_BITS - l))
        .sum::<u32>()
        != 1 << MAX_BITS
    {
        return Err("a code length code with lengths that leave codes unused");
    }
    let mut lengths = [0u8; 286 + 30];
    let mut at = 0;
    while at < litlens + dists {
        let symbol = code.decode(bits)?;
        let (value, repeat) = match symbol {
            0..=15 => (symbol as u8, 1),
            16 => {
                let previous = *lengths[..at].last().ok_or("a repeat of no code length")?;
                (previous, 3 + bits.take(2)?)
            }
            17 => (0, 3 + bits.take(3)?),
            _ => (0, 11 + bits.take(7)?),
        };
        let end = at + repeat as usize;
        if end > litlens + dists {
            return Err("more code lengths than the block's codes");
        }
        lengths.at_mut(at..end).fill(value);
        at = end;
    }
    Ok((
        Code::new(&lengths[..litlens])?,
        Code::new(&lengths[litlens..at])?,
    ))
}

/// A block's literals and matches, up to its end-of-block code.
fn codes(bits: &mut Bits<'_>, out: &mut Text, litlen: &Code, dist: &Code) -> Result<(), Refusal> {
    loop {
        let symbol = usize::from(litlen.decode(bits)?);
        if symbol < 256 {
            out.push(symbol as u8)?;
            continue;
        }
        if symbol == 256 {
            return Ok(());
        }
        let at = symbol - 257;
        if at >= LENGTH_BASE.len() {
            return Err("a length code past 285");
        }
        let length =
            usize::from(LENGTH_BASE[at]) + bits.take(u32::from(LENGTH_EXTRA[at]))? as usize;
        let symbol = usize::from(dist.decode(bits)?);
        if symbol >= DIST_BASE.len() {
            return Err("a distance code past 29");
        }
        let extra = (symbol as u32 / 2).saturating_sub(1);
        let distance = usize::from(DIST_BASE[symbol]) + bits.take(extra)? as usize;
        out.copy(distance, length)?;
    }
}

#[cfg(test)]
mod tests {
    use super::inflate;
    use miniz_oxide::deflate::compress_to_vec;
    use miniz_oxide::inflate::decompress_to_vec_with_limit;
    use proptest::prelude::*;

    /// What `miniz_oxide` makes of `input` with the limit `len`, as `inflate` answers it.
    fn miniz(input: &[u8], len: usize) -> Option<Vec<u8>> {
        decompress_to_vec_with_limit(input, len)
            .ok()
            .filter(|out| out.len() == len)
    }

    /// Text-like bytes: words from a small vocabulary, so that matches are frequent.
    fn text(seed: &[u8]) -> Vec<u8> {
        const WORDS: [&str; 12] = [
            "the ",
            "market ",
            "fell ",
            "minister ",
            "said ",
            "on ",
            "Tuesday",
            ", ",
            ". ",
            "élection ",
            "東京 ",
            "\n",
        ];
        seed.iter()
            .flat_map(|&b| WORDS[usize::from(b) % WORDS.len()].bytes())
            .collect()
    }

    #[test]
    fn inflates_every_level_and_block_kind() {
        let sample = text(&(0..=255u8).cycle().take(20_000).collect::<Vec<_>>());
        let noise: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for data in [&b""[..], b"a", &sample, &noise] {
            for level in 0..=10 {
                let packed = compress_to_vec(data, level);
                assert_eq!(
                    inflate(&packed, data.len()).as_deref(),
                    Ok(data),
                    "level {level}"
                );
            }
        }
    }

    #[test]
    fn refuses_what_miniz_refuses() {
        let packed = compress_to_vec(b"the market fell, the market fell", 6);
        assert_eq!(
            inflate(&packed, 31),
            Err("it inflates to more bytes than its length")
        );
        assert_eq!(
            inflate(&packed, 33),
            Err("it inflates to fewer bytes than its length")
        );
        assert_eq!(
            inflate(&packed[..packed.len() - 1], 32),
            Err("the stream is cut short")
        );
        assert_eq!(inflate(&[0b111], 0), Err("a block of the reserved type 3"));
        assert_eq!(
            inflate(&[1, 5, 0, 0xfb, 0xff], 5),
            Err("a stored block whose length does not match its complement")
        );
        for (input, len) in [
            (&packed[..], 31),
            (&packed[..], 33),
            (&packed[..packed.len() - 1], 32),
        ] {
            assert_eq!(miniz(input, len), None);
        }
    }

    #[test]
    fn inflates_a_stored_block() {
        assert_eq!(
            inflate(&[1, 5, 0, 0xfa, 0xff, b'm', b'a', b'r', b'c', b'h'], 5).as_deref(),
            Ok(&b"march"[..])
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// What the index files hold: the store's records and the pieces, deflated by the
        /// writers' own deflater.
        #[test]
        fn matches_miniz_on_the_writers_streams(seed in proptest::collection::vec(any::<u8>(), 0..3000)) {
            let data = text(&seed);
            let mut deflater = crate::store::Deflater::default();
            let packed = deflater.deflate_bytes(&data);
            prop_assert_eq!(inflate(packed, data.len()).ok(), miniz(packed, data.len()));
            prop_assert_eq!(inflate(packed, data.len()).ok(), Some(data));
        }

        #[test]
        fn matches_miniz_on_deflated_text(seed in proptest::collection::vec(any::<u8>(), 0..3000), level in 0u8..=10) {
            let data = text(&seed);
            let packed = compress_to_vec(&data, level);
            prop_assert_eq!(inflate(&packed, data.len()).ok(), Some(data));
        }

        #[test]
        fn matches_miniz_on_any_bytes(input in proptest::collection::vec(any::<u8>(), 0..200), len in 0usize..400) {
            prop_assert_eq!(inflate(&input, len).ok(), miniz(&input, len));
        }

        #[test]
        fn matches_miniz_on_damaged_streams(seed in proptest::collection::vec(any::<u8>(), 1..500), level in 1u8..=9, flips in proptest::collection::vec((any::<usize>(), 0u8..8), 1..4), cut in any::<usize>()) {
            let data = text(&seed);
            let mut packed = compress_to_vec(&data, level);
            for (at, bit) in flips {
                let at = at % packed.len();
                packed[at] ^= 1 << bit;
            }
            packed.truncate(packed.len() - cut % 2 * (cut % packed.len()));
            prop_assert_eq!(inflate(&packed, data.len()).ok(), miniz(&packed, data.len()));
        }
    }
}
