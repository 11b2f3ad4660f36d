//! Validation of an fst section (terms, words, id map, entity names) once, when an index is
//! opened. The `fst` crate reads its nodes without bounds checks and checks almost nothing
//! when a map is opened, so bytes forged to pass the index's checksum could make it index out
//! of bounds or underflow an address in the middle of a search: a trap in wasm. [`check`]
//! decodes every node the way `fst` 0.4 lays it out (format version 3) and refuses a section
//! `fst` could not read safely, so that afterwards the crate only ever meets sound nodes.
//!
//! ```text
//! 0        8  fst format version (3)
//! 8        8  fst type (0: written by MapBuilder)
//! 16       …  nodes, each written before every node that leads to it, with no gap between
//!             them; a node's address is its last byte (its state), read from there downwards
//! end-20   8  key count
//! end-12   8  root address: the last node byte before the footer (0: a lone empty final state)
//! end-4    4  CRC32C (not checked: the index's checksum covers these bytes)
//! ```
//!
//! Because the nodes tile the bytes between the header and the footer, the check walks them
//! from the root down, one node after another: linear in the section's size, and every node is
//! decoded whether or not the root reaches it. A transition must lead below the node's own
//! first byte (so no path can loop), and to the address of a node, never into the middle of
//! one: two bitsets, of the addresses decoded and of those transitions lead to, compare the
//! two at the end.

use super::le_u64;
use crate::at::At;
use crate::error::{Error, Result};

/// The only fst format version `fst` 0.4 writes.
const FST_VERSION: u64 = 3;
/// The fst type `fst::MapBuilder` records.
const MAP_TYPE: u64 = 0;
/// Version and type.
const HEADER_LEN: usize = 16;
/// Key count, root address and CRC32C.
const FOOTER_LEN: usize = 20;
/// The address of the final state with no transitions and no output, which takes no bytes: a
/// root address of 0 or a transition whose packed delta is 0 leads there.
const EMPTY_FINAL: u64 = 0;
/// Nodes with more transitions than this carry a 256-byte index from input byte to transition.
const INDEX_THRESHOLD: usize = 32;
/// Addresses and outputs are packed in 1 to 8 bytes.
const MAX_PACK: usize = 8;

/// Checks the fst map in `bytes`, the index section `section`, and that it holds
/// `expected_keys` keys when the meta section says how many.
///
/// # Errors
/// [`crate::ErrorKind::Corrupt`] naming `section` and what is wrong: the header or footer,
/// a node's bytes, a transition's target, or the key count.
///
/// ```
/// use newsdex_format::fst_check::check;
/// let map = fst::Map::from_iter([("kerry", 0), ("lavrov", 1)]).unwrap().into_fst().into_inner();
/// check(&map, "terms", Some(2)).unwrap();
/// let message = check(&map, "terms", Some(3)).unwrap_err().to_string();
/// assert_eq!(message, "newsdex: index is damaged: terms section: the fst counts 2 keys, the meta section 3");
/// ```
pub fn check(bytes: &[u8], section: &'static str, expected_keys: Option<u32>) -> Result<()> {
    check_fst(bytes, expected_keys).map_err(|detail| Error::corrupt(section, detail))
}

fn check_fst(bytes: &[u8], expected_keys: Option<u32>) -> Result<(), String> {
    if bytes.len() < HEADER_LEN + FOOTER_LEN {
        return Err(format!("{} bytes, too short for an fst", bytes.len()));
    }
    let footer = bytes.len() - FOOTER_LEN;
    let word = |at| le_u64(bytes, at).unwrap_or(0);
    let (version, kind, keys, root) = (word(0), word(8), word(footer), word(footer + 8));
    if version != FST_VERSION {
        return Err(format!(
            "fst format version {version}, {FST_VERSION} expected"
        ));
    }
    if kind != MAP_TYPE {
        return Err(format!("fst type {kind}, {MAP_TYPE} expected"));
    }
    match expected_keys {
        Some(expected) if keys != u64::from(expected) => {
            return Err(format!(
                "the fst counts {keys} keys, the meta section {expected}"
            ));
        }
        // `fst` panics reading a larger count on a 32-bit target (wasm); newsdex never writes one.
        _ if keys > u64::from(u32::MAX) => return Err(format!("the fst claims {keys} keys")),
        _ => {}
    }
    if root == EMPTY_FINAL {
        // The map of the empty key alone, with output 0: no node is written.
        return if footer == HEADER_LEN && keys == 1 {
            Ok(())
        } else {
            Err(format!(
                "an fst of the empty key alone with {keys} keys in {} bytes",
                bytes.len()
            ))
        };
    }
    if root != footer as u64 - 1 {
        return Err(format!(
            "root address {root}, but the last node byte is {}",
            footer - 1
        ));
    }
    walk(bytes, footer - 1)
}

/// Decodes every node from the root at `root` down to the header; see the module doc.
fn walk(bytes: &[u8], root: usize) -> Result<(), String> {
    let mut walk = Walk {
        bytes,
        nodes: Bitset::new(root + 1),
        targets: Bitset::new(root + 1),
        count: 0,
        max_output: 0,
    };
    let mut addr = root;
    loop {
        let start = walk
            .node(addr)
            .map_err(|e| format!("the node at byte {addr}: {e}"))?;
        if start == HEADER_LEN {
            break;
        }
        addr = start - 1;
    }
    if let Some(at) = walk.targets.first_outside(&walk.nodes) {
        return Err(format!(
            "a transition leads to byte {at}, inside a node rather than at one"
        ));
    }
    // A path meets each node at most once (transitions only lead down), taking one transition
    // from each and the final output of the last: at most count + 1 outputs, which `fst` adds
    // up unchecked.
    let (max, count) = (walk.max_output, walk.count);
    if max.checked_mul(count + 1).is_none() {
        return Err(format!(
            "outputs up to {max} would overflow along a path of {count} nodes"
        ));
    }
    Ok(())
}

/// What the walk has seen so far.
struct Walk<'a> {
    bytes: &'a [u8],
    /// The address of every node decoded.
    nodes: Bitset,
    /// Every address a transition leads to.
    targets: Bitset,
    /// How many nodes were decoded.
    count: u64,
    /// The largest transition or final output.
    max_output: u64,
}

impl Walk<'_> {
    /// Decodes the node whose state byte is at `addr`, checking that all of its bytes lie
    /// above the header, and returns its first byte.
    fn node(&mut self, addr: usize) -> Result<usize, String> {
        self.nodes.insert(addr);
        self.count += 1;
        let state = *self.bytes.at(addr);
        let mut cursor = Cursor { at: addr };
        // The low six bits of a one-transition state index a table of common inputs; 0 means
        // the input byte follows. Its value does not matter here: one input is always in order.
        let input_len = usize::from(state & 0x3f == 0);
        match state >> 6 {
            // One transition, to the node written just before this one, with no output.
            0b11 => {
                let start = cursor.take(input_len)?;
                let next = start
                    .checked_sub(1)
                    .filter(|&next| next >= HEADER_LEN)
                    .ok_or("it leads into the fst header")?;
                self.targets.insert(next);
                Ok(start)
            }
            0b10 => {
                cursor.take(input_len)?;
                let (address_size, output_size) = pack_sizes(*self.bytes.at(cursor.take(1)?), 1)?;
                let delta = cursor.take(address_size)?;
                let output = cursor.take(output_size)?;
                let start = cursor.at;
                self.transition(
                    start,
                    self.unpack(delta, address_size),
                    self.unpack(output, output_size),
                )?;
                Ok(start)
            }
            _ => self.any_node(state, cursor),
        }
    }

    /// A node with any number of transitions, final or not: from its state byte down, the
    /// transition count (in the state when it fits in six bits, else in a byte where 1 stands
    /// for 256), the pack sizes, the index of inputs (over 32 transitions), the inputs, the
    /// addresses, the outputs and the final output, each list stored last transition first.
    fn any_node(&mut self, state: u8, mut cursor: Cursor) -> Result<usize, String> {
        let count = match state & 0x3f {
            0 => match *self.bytes.at(cursor.take(1)?) {
                1 => 256,
                n => usize::from(n),
            },
            n => usize::from(n),
        };
        let (address_size, output_size) = pack_sizes(*self.bytes.at(cursor.take(1)?), count)?;
        let index = if count > INDEX_THRESHOLD {
            Some(cursor.take(256)?)
        } else {
            None
        };
        let inputs = cursor.take(count)?;
        let addresses = cursor.take(count * address_size)?;
        let outputs = cursor.take(count * output_size)?;
        if state & 0x40 != 0 {
            let final_output = self.unpack(cursor.take(output_size)?, output_size);
            self.max_output = self.max_output.max(final_output);
        }
        let start = cursor.at;
        let mut previous = None;
        for back in (0..count).rev() {
            let input = *self.bytes.at(inputs + back);
            if previous >= Some(input) {
                return Err("its inputs are not in increasing order".into());
            }
            previous = Some(input);
            let delta = self.unpack(addresses + back * address_size, address_size);
            self.transition(
                start,
                delta,
                self.unpack(outputs + back * output_size, output_size),
            )?;
        }
        if let Some(index) = index {
            // `fst` finds an input here rather than in the list, so both must say the same: each
            // input leads to its transition, and (the inputs being distinct) no other byte does.
            let bytes = self.bytes.at(index..index + 256);
            let listed = (0..count).all(|i| {
                usize::from(*bytes.at(usize::from(*self.bytes.at(inputs + count - 1 - i)))) == i
            });
            if !listed || bytes.iter().filter(|&&i| usize::from(i) < count).count() != count {
                return Err("its input index does not match its inputs".into());
            }
        }
        Ok(start)
    }

    /// A transition packed as `delta` below the node starting at `start`.
    fn transition(&mut self, start: usize, delta: u64, output: u64) -> Result<(), String> {
        self.max_output = self.max_output.max(output);
        if delta == EMPTY_FINAL {
            return Ok(());
        }
        let target = usize::try_from(delta)
            .ok()
            .and_then(|delta| start.checked_sub(delta))
            .filter(|&target| target >= HEADER_LEN)
            .ok_or_else(|| format!("a transition leads {delta} bytes below it, outside the fst"))?;
        self.targets.insert(target);
        Ok(())
    }

    /// The little-endian integer of `size` bytes at `at` (0 when `size` is 0). Node bytes lie
    /// at least the footer's 20 bytes before the end, so eight can always be read at once.
    fn unpack(&self, at: usize, size: usize) -> u64 {
        let word = le_u64(self.bytes, at).unwrap_or(0);
        match size {
            0 => 0,
            MAX_PACK => word,
            _ => word & ((1 << (8 * size)) - 1),
        }
    }
}

/// A downward reader over one node's bytes that never goes below the fst header.
struct Cursor {
    at: usize,
}

impl Cursor {
    /// The position of the `len` bytes just below the ones read so far.
    fn take(&mut self, len: usize) -> Result<usize, String> {
        self.at = self
            .at
            .checked_sub(len)
            .filter(|&at| at >= HEADER_LEN)
            .ok_or("it runs into the fst header")?;
        Ok(self.at)
    }
}

/// The pack sizes of a node's transition addresses and outputs, both at most 8 bytes, and
/// the first at least one where the node has transitions (`fst` reads it unconditionally).
fn pack_sizes(byte: u8, transitions: usize) -> Result<(usize, usize), String> {
    let (address, output) = (usize::from(byte >> 4), usize::from(byte & 0x0f));
    if address > MAX_PACK || output > MAX_PACK || (transitions > 0 && address == 0) {
        return Err(format!("pack sizes {address} and {output}"));
    }
    Ok((address, output))
}

/// A set of byte positions.
struct Bitset(Vec<u64>);

impl Bitset {
    /// An empty set of positions below `len`.
    fn new(len: usize) -> Bitset {
        Bitset(vec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, at: usize) {
        *self.0.at_mut(at / 64) |= 1 << (at % 64);
    }

    /// The first position in this set and not in `other`, if any.
    fn first_outside(&self, other: &Bitset) -> Option<usize> {
        let (i, word) = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a & !b)
            .enumerate()
            .find(|&(_, word)| word != 0)?;
        Some(i * 64 + word.trailing_zeros() as usize)
    }
}

#[cfg(test)]
mod tests {
    use fst::automaton::{Automaton, Str};
    use fst::{IntoStreamer, Map, MapBuilder, Streamer};

    use super::*;

    fn map(keys: &[(&[u8], u64)]) -> Vec<u8> {
        let mut builder = MapBuilder::memory();
        for (key, value) in keys {
            builder.insert(key, *value).unwrap();
        }
        builder.into_inner().unwrap()
    }

    fn error(bytes: &[u8], keys: Option<u32>) -> String {
        check_fst(bytes, keys).unwrap_err()
    }

    /// Maps of every node shape: empty, the empty key alone, one-transition chains with and
    /// without outputs, nodes of up to 256 transitions (with the input index), final nodes with
    /// outputs, outputs of every pack size.
    fn sound_maps() -> Vec<(Vec<u8>, u32)> {
        let mut maps = vec![(map(&[]), 0), (map(&[(b"", 0)]), 1), (map(&[(b"", 7)]), 1)];
        maps.push((
            map(&[
                (b"a", 1),
                (b"ab", 2),
                (b"abc", 0),
                (b"abd", u64::from(u32::MAX)),
            ]),
            4,
        ));
        for width in [2usize, 33, 255, 256] {
            let keys: Vec<Vec<u8>> = (0..width).map(|b| vec![b'x', b as u8, b'y']).collect();
            let entries: Vec<(&[u8], u64)> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_slice(), (i as u64) << (i % 40)))
                .collect();
            maps.push((map(&entries), width as u32));
        }
        let words: Vec<String> = (0..2000)
            .map(|i| format!("{:x}-{}", i * 7919 % 65521, i % 13))
            .collect();
        let mut sorted: Vec<&str> = words.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let entries: Vec<(&[u8], u64)> = sorted
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_bytes(), i as u64))
            .collect();
        maps.push((map(&entries), entries.len() as u32));
        maps
    }

    #[test]
    fn accepts_what_fst_writes() {
        for (bytes, keys) in sound_maps() {
            assert_eq!(check_fst(&bytes, Some(keys)), Ok(()));
            assert_eq!(check_fst(&bytes, None), Ok(()));
        }
    }

    #[test]
    fn refuses_a_wrong_footer_or_header() {
        let bytes = map(&[(b"kerry", 0), (b"lavrov", 1)]);
        assert_eq!(
            error(&bytes, Some(3)),
            "the fst counts 2 keys, the meta section 3"
        );
        assert_eq!(error(&bytes[..35], None), "35 bytes, too short for an fst");
        let footer = bytes.len() - FOOTER_LEN;
        let mut wrong = bytes.clone();
        wrong[footer + 8] -= 1;
        assert_eq!(
            error(&wrong, None),
            format!(
                "root address {}, but the last node byte is {}",
                footer - 2,
                footer - 1
            )
        );
        wrong = bytes.clone();
        wrong[footer..footer + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert_eq!(error(&wrong, None), "the fst claims 1099511627776 keys");
        wrong = bytes.clone();
        wrong[0] = 2;
        assert_eq!(error(&wrong, None), "fst format version 2, 3 expected");
        wrong = bytes.clone();
        wrong[8] = 1;
        assert_eq!(error(&wrong, None), "fst type 1, 0 expected");
    }

    #[test]
    fn refuses_damaged_nodes() {
        // "ab" → 0 and "b" → 1: the root (two transitions, an output on "b") over a chain.
        let bytes = map(&[(b"ab", 0), (b"b", 1)]);
        let root = bytes.len() - FOOTER_LEN - 1;
        let mut wrong = bytes.clone();
        wrong[root - 1] = 0x90; // address and output pack sizes 9 and 0
        assert!(
            error(&wrong, None).ends_with("pack sizes 9 and 0"),
            "{}",
            error(&wrong, None)
        );
        wrong = bytes.clone();
        wrong[root] = 0x3f; // 63 transitions: more bytes than the section holds
        assert_eq!(
            error(&wrong, None),
            format!("the node at byte {root}: it runs into the fst header")
        );
    }

    /// Every byte of every sound map set to every value: refused, or readable by `fst` from end
    /// to end without a panic (a thorough walk: every key, and a lookup of each).
    #[test]
    fn every_forged_byte_is_refused_or_safe_to_read() {
        let (mut refused, mut passed) = (0, 0);
        for (bytes, _) in sound_maps().into_iter().filter(|(b, _)| b.len() < 2000) {
            for at in 0..bytes.len() {
                for value in 0..=255u8 {
                    let mut forged = bytes.clone();
                    forged[at] = value;
                    if check_fst(&forged, None).is_err() {
                        refused += 1;
                        continue;
                    }
                    passed += 1;
                    let map = Map::new(forged.as_slice()).unwrap();
                    let mut stream = map.stream();
                    let mut keys = Vec::new();
                    while let Some((key, _)) = stream.next() {
                        keys.push(key.to_vec());
                    }
                    for key in &keys {
                        let _ = map.get(key);
                    }
                    let mut prefixed = map.search(Str::new("x").starts_with()).into_stream();
                    while prefixed.next().is_some() {}
                }
            }
        }
        assert!(
            refused > 0 && passed > 0,
            "{refused} refused, {passed} passed"
        );
    }
}
