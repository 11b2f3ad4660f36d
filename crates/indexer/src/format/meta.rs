//! Corpus statistics: the counts and the total length of each field, from which BM25F takes
//! its average field lengths.

use super::{le_u32, le_u64, FIELD_COUNT};
use crate::error::{Error, Result};

const SECTION: &str = "meta";
const LEN: usize = 16 + 8 * FIELD_COUNT;

/// Whether the index carries the document store.
pub const FLAG_STORE: u32 = 1;
/// Whether the recogniser ran, so the entity sections describe the articles' names.
pub const FLAG_ENTITIES: u32 = 2;

/// Counts over the whole corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The number of articles.
    pub doc_count: u32,
    /// The number of distinct terms.
    pub term_count: u32,
    /// The number of distinct folded surface forms.
    pub word_count: u32,
    /// [`FLAG_STORE`], [`FLAG_ENTITIES`].
    pub flags: u32,
    /// The sum over all articles of each field's length in words.
    pub field_lengths: [u64; FIELD_COUNT],
}

impl Meta {
    /// The section's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(LEN);
        for value in [self.doc_count, self.term_count, self.word_count, self.flags] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        for total in self.field_lengths {
            out.extend_from_slice(&total.to_le_bytes());
        }
        out
    }

    /// Reads the section.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the section has the wrong length.
    pub fn decode(bytes: &[u8]) -> Result<Meta> {
        if bytes.len() != LEN {
            return Err(Error::corrupt(SECTION, format!("{} bytes, {LEN} expected", bytes.len())));
        }
        let word = |i: usize| le_u32(bytes, 4 * i).unwrap_or(0);
        let mut field_lengths = [0; FIELD_COUNT];
        for (i, total) in field_lengths.iter_mut().enumerate() {
            *total = le_u64(bytes, 16 + 8 * i).unwrap_or(0);
        }
        Ok(Meta { doc_count: word(0), term_count: word(1), word_count: word(2), flags: word(3), field_lengths })
    }

    /// Whether the index carries the document store.
    pub fn has_store(&self) -> bool {
        self.flags & FLAG_STORE != 0
    }

    /// Whether the recogniser ran when the index was built.
    pub fn has_entities(&self) -> bool {
        self.flags & FLAG_ENTITIES != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let meta = Meta { doc_count: 3, term_count: 70, word_count: 9, flags: FLAG_STORE, field_lengths: [10, 0, 900, 6] };
        assert_eq!(Meta::decode(&meta.encode()).unwrap(), meta);
        assert!(Meta::decode(&meta.encode()[1..]).is_err());
    }
}
