//! The binary model format: a label, a version, the length-prefixed payload of both weight
//! tables, and an xxh3 checksum over everything before it, all checked on load.
//!
//! Rows are stored sparsely (a varint bit mask of the non-zero labels, then one eight-bit code
//! per non-zero weight, see `quantize`), feature ids as varint deltas, so the file is small and
//! compresses well.

use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, ErrorKind};
use crate::labels::NUM_LABELS;
use crate::perceptron::WeightTable;
use crate::quantize;

/// The bytes every model file starts with.
pub const LABEL: &[u8; 12] = b"newsdex-ner\n";

/// The format version this build reads and writes.
pub const VERSION: u16 = 2;

const HEADER: usize = LABEL.len() + 2 + 8;
const CHECKSUM: usize = 8;

/// Encodes the two stages' tables.
pub(crate) fn encode(stage1: &WeightTable, stage2: &WeightTable) -> Vec<u8> {
    let mut payload = Vec::new();
    for table in [stage1, stage2] {
        write_table(table, &mut payload);
    }
    let mut out = Vec::with_capacity(HEADER + payload.len() + CHECKSUM);
    out.extend_from_slice(LABEL);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Decodes and checks a model, returning its two tables.
pub(crate) fn decode(bytes: &[u8]) -> Result<(WeightTable, WeightTable), Error> {
    let label_len = bytes.len().min(LABEL.len());
    if bytes[..label_len] != LABEL[..label_len] {
        return Err(ErrorKind::WrongLabel.into());
    }
    if bytes.len() < HEADER {
        return Err(ErrorKind::Truncated {
            needed: HEADER + CHECKSUM,
            got: bytes.len(),
        }
        .into());
    }
    let version = u16::from_le_bytes([bytes[12], bytes[13]]);
    if version != VERSION {
        return Err(ErrorKind::Version {
            expected: VERSION,
            got: version,
        }
        .into());
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&bytes[14..22]);
    let payload_len = u64::from_le_bytes(len);
    let needed = (HEADER as u64)
        .saturating_add(payload_len)
        .saturating_add(CHECKSUM as u64);
    if (bytes.len() as u64) < needed {
        return Err(ErrorKind::Truncated {
            needed: needed.min(usize::MAX as u64) as usize,
            got: bytes.len(),
        }
        .into());
    }
    let needed = needed as usize;
    if bytes.len() > needed {
        return Err(ErrorKind::Corrupt(format!(
            "{} bytes after the checksum",
            bytes.len() - needed
        ))
        .into());
    }
    let body = &bytes[..needed - CHECKSUM];
    let mut stored = [0u8; 8];
    stored.copy_from_slice(&bytes[needed - CHECKSUM..]);
    let stored = u64::from_le_bytes(stored);
    let computed = xxh3_64(body);
    if stored != computed {
        return Err(ErrorKind::ChecksumMismatch { stored, computed }.into());
    }
    let mut r = Reader {
        bytes: &body[HEADER..],
        pos: 0,
    };
    let stage1 = read_table(&mut r)?;
    let stage2 = read_table(&mut r)?;
    if r.pos != r.bytes.len() {
        return Err(ErrorKind::Corrupt("payload longer than its tables".into()).into());
    }
    Ok((stage1, stage2))
}

fn write_varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

fn write_table(table: &WeightTable, out: &mut Vec<u8>) {
    write_varint(table.len() as u64, out);
    let mut prev = 0u64;
    for (id, _) in table.entries() {
        write_varint(id as u64 - prev, out);
        prev = id as u64;
    }
    for (_, row) in table.entries() {
        let mask = row
            .iter()
            .enumerate()
            .filter(|(_, &x)| x != 0)
            .fold(0u64, |m, (l, _)| m | 1 << l);
        write_varint(mask, out);
        out.extend(
            row.iter()
                .filter(|&&x| x != 0)
                .map(|&x| quantize::encode(x as f64) as u8),
        );
    }
    for &t in table.transitions() {
        write_varint(zigzag(t as i64), out);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, Error> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| corrupt("payload ends inside a row"))?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self
                .bytes
                .get(self.pos)
                .ok_or_else(|| corrupt("payload ends inside a number"))?;
            self.pos += 1;
            v |= ((b & 0x7F) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("number too long"))
    }
}

fn corrupt(what: &str) -> Error {
    ErrorKind::Corrupt(what.into()).into()
}

fn read_table(r: &mut Reader<'_>) -> Result<WeightTable, Error> {
    let n = r.varint()? as usize;
    // Each row takes at least two bytes, which bounds what a damaged count can make us allocate.
    if n > r.bytes.len() {
        return Err(corrupt("row count larger than the file"));
    }
    let mut keys = Vec::with_capacity(n);
    let mut prev = 0u64;
    for _ in 0..n {
        let d = r.varint()?;
        let id = prev
            .checked_add(d)
            .filter(|&id| id <= u32::MAX as u64 && (d > 0 || keys.is_empty()) && id > 0);
        prev = id.ok_or_else(|| corrupt("feature ids out of order"))?;
        keys.push(prev as u32);
    }
    let mut entries = Vec::with_capacity(n);
    for id in keys {
        let mask = r.varint()?;
        if mask >> NUM_LABELS != 0 {
            return Err(corrupt("row mask names a label that does not exist"));
        }
        let mut row = [0i16; NUM_LABELS];
        for (l, x) in row.iter_mut().enumerate() {
            if mask & (1 << l) != 0 {
                *x = quantize::decode(r.byte()? as i8);
            }
        }
        entries.push((id, row));
    }
    let mut transitions = Vec::with_capacity(NUM_LABELS * NUM_LABELS);
    for _ in 0..NUM_LABELS * NUM_LABELS {
        transitions.push(
            i32::try_from(unzigzag(r.varint()?)).map_err(|_| corrupt("transition out of range"))?,
        );
    }
    Ok(WeightTable::new(entries, transitions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (WeightTable, WeightTable) {
        let mut row = [0i16; NUM_LABELS];
        row[0] = quantize::decode(-100);
        row[16] = quantize::decode(7);
        let trans: Vec<i32> = (0..(NUM_LABELS * NUM_LABELS) as i32)
            .map(|x| x - 100)
            .collect();
        (
            WeightTable::new(vec![(5, row), (1 << 31, row)], trans.clone()),
            WeightTable::new(vec![(9, row)], trans),
        )
    }

    #[test]
    fn round_trips() {
        let (a, b) = sample();
        let bytes = encode(&a, &b);
        assert_eq!(decode(&bytes).unwrap(), (a, b));
    }

    #[test]
    fn refuses_damaged_bytes_with_the_right_error() {
        let (a, b) = sample();
        let bytes = encode(&a, &b);

        let mut flipped = bytes.clone();
        flipped[HEADER + 3] ^= 0x10;
        assert!(matches!(
            decode(&flipped).unwrap_err().kind(),
            ErrorKind::ChecksumMismatch { .. }
        ));

        let short = &bytes[..bytes.len() - 1];
        assert!(matches!(
            decode(short).unwrap_err().kind(),
            ErrorKind::Truncated { .. }
        ));
        assert!(matches!(
            decode(&bytes[..10]).unwrap_err().kind(),
            ErrorKind::Truncated { .. }
        ));

        let mut label = bytes.clone();
        label[0] = b'N';
        assert_eq!(decode(&label).unwrap_err().kind(), &ErrorKind::WrongLabel);
        assert_eq!(
            decode(b"").unwrap_err().kind(),
            &ErrorKind::Truncated {
                needed: HEADER + CHECKSUM,
                got: 0
            }
        );

        let mut version = bytes.clone();
        version[12] = 9;
        let err = decode(&version).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Version {
                expected: VERSION,
                got: 9
            }
        );
        assert!(err.to_string().starts_with("newsdex: "));

        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            decode(&longer).unwrap_err().kind(),
            ErrorKind::Corrupt(_)
        ));
    }
}
