//! LEB128 variable-length integers: the byte-level encoding of doc ids, term frequencies and
//! positions. Decoding never panics; it reports a truncated or overlong value as `None`.

/// Appends `value` to `out` as an unsigned LEB128 varint (7 bits per byte, low bits first).
pub fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends `value` to `out` as an unsigned LEB128 varint.
pub fn write_u32(out: &mut Vec<u8>, value: u32) {
    write_u64(out, u64::from(value));
}

/// Reads a varint from `bytes` at `*pos`, advancing `*pos` past it.
///
/// Returns `None` when the bytes end inside the value or it does not fit in 64 bits.
#[inline(never)]
pub fn read_u64(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        if shift == 63 && byte > 1 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Reads a varint that must fit in 32 bits. The one-byte case, most of a search's reads, is
/// inlined into its loop; longer values take a call.
#[inline(always)]
pub fn read_u32(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let first = *bytes.get(*pos)?;
    if first < 0x80 {
        *pos += 1;
        return Some(u32::from(first));
    }
    read_u64(bytes, pos).and_then(|v| u32::try_from(v).ok())
}

/// Advances `*pos` past `count` varints without decoding them.
///
/// Returns `None` when the bytes end first.
pub fn skip(bytes: &[u8], pos: &mut usize, count: usize) -> Option<()> {
    let mut left = count;
    // Eight bytes at a time while more values than that are left, so that every byte of the
    // word belongs to a value being skipped: each byte below 0x80 ends one. Skipping a common
    // word's positions in the articles a search passes over is most of reading it at a few.
    while left > 8 {
        let Some(word) = bytes.get(*pos..*pos + 8) else {
            break;
        };
        let word = u64::from_le_bytes(word.try_into().ok()?);
        left -= (!word & 0x8080_8080_8080_8080).count_ones() as usize;
        *pos += 8;
    }
    while left > 0 {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        if byte < 0x80 {
            left -= 1;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_edge_values() {
        let values = [
            0u64,
            1,
            127,
            128,
            255,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
        ];
        let mut bytes = Vec::new();
        for &v in &values {
            write_u64(&mut bytes, v);
        }
        let mut pos = 0;
        for &v in &values {
            assert_eq!(read_u64(&bytes, &mut pos), Some(v));
        }
        assert_eq!(pos, bytes.len());
    }

    #[test]
    fn small_values_take_one_byte() {
        let mut bytes = Vec::new();
        write_u32(&mut bytes, 127);
        assert_eq!(bytes, [127]);
        write_u32(&mut bytes, 128);
        assert_eq!(bytes, [127, 0x80, 0x01]);
    }

    #[test]
    fn truncated_and_overlong_values_are_none() {
        assert_eq!(read_u64(&[0x80], &mut 0), None);
        assert_eq!(read_u64(&[], &mut 0), None);
        let overlong = [0xff; 11];
        assert_eq!(read_u64(&overlong, &mut 0), None);
        let mut bytes = Vec::new();
        write_u64(&mut bytes, u64::from(u32::MAX) + 1);
        assert_eq!(read_u32(&bytes, &mut 0), None);
    }

    #[test]
    fn skip_moves_past_whole_values() {
        let mut bytes = Vec::new();
        for v in [5u64, 300, 70_000] {
            write_u64(&mut bytes, v);
        }
        let mut pos = 0;
        skip(&bytes, &mut pos, 2).unwrap();
        assert_eq!(read_u64(&bytes, &mut pos), Some(70_000));
        assert_eq!(skip(&bytes, &mut 0, 4), None);
    }

    #[test]
    fn skip_by_words_lands_where_skip_by_bytes_does() {
        let values: Vec<u64> = (0..200u64)
            .map(|i| (i * 7919) % [1, 130, 20_000, 3_000_000][(i % 4) as usize].max(1))
            .collect();
        let mut bytes = Vec::new();
        let mut ends = vec![0];
        for &v in &values {
            write_u64(&mut bytes, v);
            ends.push(bytes.len());
        }
        for from in [0, 1, 5, 17] {
            for count in 0..values.len() - from {
                let mut pos = ends[from];
                skip(&bytes, &mut pos, count).unwrap();
                assert_eq!(pos, ends[from + count], "{count} values from value {from}");
            }
        }
        assert_eq!(skip(&bytes, &mut 0, values.len() + 1), None, "past the end");
    }
}
