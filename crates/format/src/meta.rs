//! Corpus statistics: the counts and the total length of each field, from which BM25F takes
//! its average field lengths, and the newest article's day, from which recency counts.

use super::{le_u32, le_u64, FIELD_COUNT};
use crate::error::{Error, Result};

const SECTION: &str = "meta";
const LEN: usize = 20 + 8 * FIELD_COUNT;

/// Whether the index carries the document store.
pub const FLAG_STORE: u32 = 1;
/// Whether the recogniser ran, so the entity sections describe the articles' names.
pub const FLAG_ENTITIES: u32 = 2;
/// Whether each stored record is deflated on its own (see [`super::store`]).
pub const FLAG_DEFLATED_STORE: u32 = 4;
/// Whether some articles are in another language than English: the words dictionary then
/// gives a word's stem in each language it stems otherwise in, under the word, a NUL and the
/// language's code, and stored records end in the language tag (see [`super::store`]).
pub const FLAG_LANGUAGES: u32 = 8;
/// Whether the postings are packed, each carrying its article's length norms (see
/// [`super::postings`]): a sharded index scores from them, as its core has no norms.
pub const FLAG_PACKED_POSTINGS: u32 = 16;
const KNOWN_FLAGS: u32 =
    FLAG_STORE | FLAG_ENTITIES | FLAG_DEFLATED_STORE | FLAG_LANGUAGES | FLAG_PACKED_POSTINGS;

/// Counts over the whole corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The number of articles.
    pub doc_count: u32,
    /// The number of distinct terms.
    pub term_count: u32,
    /// The number of distinct folded surface forms.
    pub word_count: u32,
    /// [`FLAG_STORE`], [`FLAG_ENTITIES`], [`FLAG_DEFLATED_STORE`], [`FLAG_LANGUAGES`],
    /// [`FLAG_PACKED_POSTINGS`].
    pub flags: u32,
    /// The sum over all articles of each field's length in words.
    pub field_lengths: [u64; FIELD_COUNT],
    /// The newest article's day (see [`crate::dates`]; [`crate::dates::NO_DAY`] when no
    /// article has a date).
    pub newest_day: u32,
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
        out.extend_from_slice(&self.newest_day.to_le_bytes());
        out
    }

    /// Reads the section.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] when the section has the wrong length or a flag this
    /// version does not know.
    pub fn decode(bytes: &[u8]) -> Result<Meta> {
        if bytes.len() != LEN {
            return Err(Error::corrupt(
                SECTION,
                format!("{} bytes, {LEN} expected", bytes.len()),
            ));
        }
        let word = |i: usize| le_u32(bytes, 4 * i).unwrap_or(0);
        let mut field_lengths = [0; FIELD_COUNT];
        for (i, total) in field_lengths.iter_mut().enumerate() {
            *total = le_u64(bytes, 16 + 8 * i).unwrap_or(0);
        }
        let flags = word(3);
        if flags & !KNOWN_FLAGS != 0 {
            return Err(Error::corrupt(
                SECTION,
                format!("unknown flags {:#x}", flags & !KNOWN_FLAGS),
            ));
        }
        if flags & FLAG_DEFLATED_STORE != 0 && flags & FLAG_STORE == 0 {
            return Err(Error::corrupt(SECTION, "a deflated store without a store"));
        }
        Ok(Meta {
            doc_count: word(0),
            term_count: word(1),
            word_count: word(2),
            flags,
            field_lengths,
            newest_day: le_u32(bytes, 16 + 8 * FIELD_COUNT).unwrap_or(0),
        })
    }

    /// Whether the index carries the document store.
    pub fn has_store(&self) -> bool {
        self.flags & FLAG_STORE != 0
    }

    /// Whether each stored record is deflated on its own.
    pub fn store_deflated(&self) -> bool {
        self.flags & FLAG_DEFLATED_STORE != 0
    }

    /// Whether the recogniser ran when the index was built.
    pub fn has_entities(&self) -> bool {
        self.flags & FLAG_ENTITIES != 0
    }

    /// Whether some articles are in another language than English.
    pub fn has_languages(&self) -> bool {
        self.flags & FLAG_LANGUAGES != 0
    }

    /// Whether the postings are packed and carry their articles' length norms.
    pub fn packed_postings(&self) -> bool {
        self.flags & FLAG_PACKED_POSTINGS != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let meta = Meta {
            doc_count: 3,
            term_count: 70,
            word_count: 9,
            flags: FLAG_STORE,
            field_lengths: [10, 0, 900, 6],
            newest_day: 725_000,
        };
        assert_eq!(Meta::decode(&meta.encode()).unwrap(), meta);
        assert!(Meta::decode(&meta.encode()[1..]).is_err());
    }

    #[test]
    fn refuses_flags_it_does_not_know_or_that_contradict() {
        let meta = |flags| {
            Meta {
                flags,
                ..Meta::default()
            }
            .encode()
        };
        assert!(
            Meta::decode(&meta(FLAG_STORE | FLAG_DEFLATED_STORE | FLAG_ENTITIES))
                .unwrap()
                .store_deflated()
        );
        assert!(Meta::decode(&meta(FLAG_STORE | FLAG_LANGUAGES))
            .unwrap()
            .has_languages());
        assert!(Meta::decode(&meta(FLAG_PACKED_POSTINGS))
            .unwrap()
            .packed_postings());
        assert_eq!(
            Meta::decode(&meta(FLAG_STORE | 32))
                .unwrap_err()
                .to_string(),
            "newsdex: index is damaged: meta section: unknown flags 0x20"
        );
        assert_eq!(
            Meta::decode(&meta(FLAG_DEFLATED_STORE))
                .unwrap_err()
                .to_string(),
            "newsdex: index is damaged: meta section: a deflated store without a store"
        );
    }
}
