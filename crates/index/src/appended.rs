//! A term's postings as the builder appends them, an article at a time, before they are
//! packed into the index's blocks (`newsdex_format::postings`): per article, the doc-number
//! gap from the previous one (varint; the doc number itself for the first) and the header
//! byte of `newsdex_format::postings`, then a varint count for each field in the mask when
//! the header holds none. Runs written within a memory budget hold this form, so it stays
//! simple to append to and to concatenate.

use newsdex_format::postings::{header, Posting};
use newsdex_format::{varint, Error, Field, Result, FIELD_COUNT};

/// Appends one posting. `gap` is the doc number minus the previous posting's (the doc number
/// itself for the first).
pub(crate) fn write(out: &mut Vec<u8>, gap: u32, freqs: &[u32; FIELD_COUNT]) {
    varint::write_u32(out, gap);
    let header = header(freqs);
    out.push(header);
    if header >> 4 == 0 {
        for field in Field::ALL {
            if freqs[field as usize] > 0 {
                varint::write_u32(out, freqs[field as usize]);
            }
        }
    }
}

/// Decodes `doc_freq` appended postings from `bytes` into `out` (cleared first).
///
/// # Errors
/// [`newsdex_format::ErrorKind::Corrupt`] when they do not decode to `doc_freq` postings in
/// doc order below `doc_count` (only a bug in the builder or a damaged run file can cause it).
pub(crate) fn read(
    bytes: &[u8],
    doc_freq: u32,
    doc_count: u32,
    out: &mut Vec<Posting>,
) -> Result<()> {
    out.clear();
    out.reserve(doc_freq as usize);
    let mut at = 0;
    let mut next_min_doc = 0u32;
    for _ in 0..doc_freq {
        let posting = decode(bytes, &mut at, next_min_doc, doc_count)
            .ok_or_else(|| Error::corrupt("postings", "a buffered posting cannot be decoded"))?;
        next_min_doc = posting.doc + 1;
        out.push(posting);
    }
    if at != bytes.len() {
        return Err(Error::corrupt(
            "postings",
            "buffered postings run past their count",
        ));
    }
    Ok(())
}

fn decode(bytes: &[u8], at: &mut usize, next_min_doc: u32, doc_count: u32) -> Option<Posting> {
    let gap = varint::read_u32(bytes, at)?;
    let doc = if next_min_doc == 0 {
        gap
    } else {
        (next_min_doc - 1).checked_add(gap)?
    };
    if doc < next_min_doc || doc >= doc_count {
        return None;
    }
    let header = *bytes.get(*at)?;
    *at += 1;
    let mask = header & 0x0f;
    let single = header >> 4;
    let mut freqs = [0; FIELD_COUNT];
    if mask == 0 || (single > 0 && mask.count_ones() != 1) {
        return None;
    }
    for field in Field::ALL {
        if mask & field.bit() != 0 {
            freqs[field as usize] = if single > 0 {
                u32::from(single)
            } else {
                varint::read_u32(bytes, at).filter(|&f| f > 0)?
            };
        }
    }
    Some(Posting {
        doc,
        freqs,
        norms: [0; FIELD_COUNT],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_postings_round_trip_and_damage_is_an_error() {
        let postings = [
            (0, [1, 0, 0, 0]),
            (5, [0, 0, 20, 0]),
            (6, [2, 0, 1, 0]),
            (900, [0, 0, 15, 0]),
        ]
        .map(|(doc, freqs)| Posting {
            doc,
            freqs,
            norms: [0; FIELD_COUNT],
        });
        let mut bytes = Vec::new();
        let mut previous = 0;
        for posting in &postings {
            write(&mut bytes, posting.doc - previous, &posting.freqs);
            previous = posting.doc;
        }
        let mut out = Vec::new();
        read(&bytes, 4, 1000, &mut out).unwrap();
        assert_eq!(out, postings);
        assert!(read(&bytes, 5, 1000, &mut out).is_err());
        assert!(read(&bytes, 3, 1000, &mut out).is_err());
        assert!(read(&bytes, 4, 900, &mut out).is_err());
        let mut zero_mask = bytes.clone();
        zero_mask[1] = 0;
        assert!(read(&zero_mask, 4, 1000, &mut out).is_err());
    }
}
