//! newsdex's index format: the bytes only. The checksummed container and the encoding of
//! every section, with the writer and the reader of each kept side by side so they cannot
//! drift apart; what goes into the sections (analysis, entity linking, the builder) is
//! `newsdex-index`'s, and searching them is the engine's.
//!
//! # Overview of types
//! - [`container::ContainerWriter`], [`container::Container`], [`container::SectionTable`]:
//!   label, version, length, checksum and the section table, written and checked.
//! - [`meta::Meta`], [`term_info::TermInfos`], [`postings::PostingsReader`],
//!   [`skips::Skips`], [`norms`], [`records::Records`], [`store::Store`], [`sources`],
//!   [`entities::EntityRecord`]: one section each, with its writer.
//! - [`varint`], [`bitpack`], [`rice`]: the integer encodings the sections share.
//! - [`inflate::inflate`]: raw DEFLATE decoding, for the store and a sharded index's pieces.
//! - [`fst_check::check`]: an fst section checked node by node before the `fst` crate reads it.
//! - [`article_values`]: a `u32` per article in records of 64 (dates, sources).
//! - [`dates`]: days as numbers and each article's day; [`facets`]: site facet fields;
//!   [`stories`]: copies of one story, related stories, related entities.
//! - [`shards`]: an index split into a core and chunk files, and the `chunks` section.
//! - [`pieces`]: a sharded index's tables cut into pieces fetched on demand.
//! - [`source::ByteSource`]: an index's bytes, in memory or in a file, read through a window.
//! - [`spill::Piece`], [`spill::Sink`]: a section's bytes in memory or in an unnamed
//!   temporary file, for writers that work within a memory budget.
//! - [`at::At`]: indexing and slicing whose panics share one location.
//! - [`Field`]: the indexed fields, numbered as the sections number them.
//! - [`Error`]: bytes refused (with the section and what is wrong), limits, files.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod article_values;
pub mod at;
pub mod bitpack;
pub mod container;
pub mod dates;
pub mod entities;
mod error;
pub mod facets;
pub mod fst_check;
pub mod inflate;
pub mod meta;
pub mod norms;
pub mod pieces;
pub mod postings;
pub mod records;
pub mod rice;
pub mod shards;
pub mod skips;
pub mod source;
pub mod sources;
pub mod spill;
pub mod store;
pub mod stories;
pub mod term_info;
pub mod varint;

pub use error::{Error, ErrorKind, Result};

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
