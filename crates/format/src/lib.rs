//! The index file format: the checksummed container and the encoding of every section,
//! with the writer and the reader of each kept side by side so they cannot drift apart.

pub mod bitpack;
pub mod container;
pub mod entities;
pub mod fst_check;
pub mod meta;
pub mod norms;
pub mod postings;
pub mod records;
pub mod rice;
pub mod shards;
pub mod skips;
pub mod source;
pub mod sources;
pub mod store;
pub mod term_info;
pub mod varint;

/// The indexed fields of an article. Each is scored separately (BM25F) and can be searched
/// on its own (`title:word`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The headline.
    Title = 0,
    /// The standfirst.
    Description = 1,
    /// The text.
    Body = 2,
    /// The outlet or agency.
    Source = 3,
}

/// The number of indexed fields.
pub const FIELD_COUNT: usize = 4;

impl Field {
    /// Every field, in index order.
    pub const ALL: [Field; FIELD_COUNT] =
        [Field::Title, Field::Description, Field::Body, Field::Source];

    /// The field's bit in a posting's field mask.
    pub fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The field's name in queries (`title:`) and messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::Body => "body",
            Field::Source => "source",
        }
    }

    /// The field named `name`, if any.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Reads a little-endian `u32` at `at`, or `None` past the end.
pub(crate) fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let word = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
}

/// Reads a little-endian `u64` at `at`, or `None` past the end.
pub(crate) fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at.checked_add(8)?)?;
    let mut array = [0; 8];
    array.copy_from_slice(word);
    Some(u64::from_le_bytes(array))
}
