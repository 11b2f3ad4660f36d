//! The error type of the search layer: index bytes that cannot be used (from the index
//! format), corpora that cannot be read or built (from the data layer) and requests that
//! cannot be answered.

use std::fmt;

newsdex_format::boxed_error!(
    /// An error from opening an index, searching it or reading an article.
    "the search layer"
);

/// What went wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The index bytes were refused, or a file of them could not be read.
    Format(newsdex_format::Error),
    /// A corpus could not be read or built into an index.
    #[cfg(feature = "build")]
    Data(newsdex_index::Error),
    /// No article has this id.
    UnknownArticle {
        /// The id asked for.
        id: String,
    },
    /// No entity has this id.
    UnknownEntity {
        /// The id asked for.
        id: String,
    },
    /// The index was built without the document store, so it has no text to return.
    NoStore,
    /// A sharded index needs these byte ranges of its pack before it can answer: read them
    /// from its chunk files and hand them to [`crate::Sharded::supply`].
    NotFetched {
        /// Ranges of the pack, sorted and disjoint.
        ranges: Vec<std::ops::Range<u64>>,
    },
    /// An option is out of range.
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Part of the query cannot be read (a date that is not one).
    InvalidQuery {
        /// What is wrong, quoting the part.
        message: String,
    },
    /// A segmented index's manifest cannot be read (code `NotAnIndex`).
    #[cfg(feature = "segments")]
    Manifest {
        /// The line where it goes wrong, from 1.
        line: usize,
        /// The column there, from 1, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The engine built for the first wasm module (feature `lite`) leaves this to the search
    /// module: a query with a clause by date, site facet or entity, or a single-file index.
    #[cfg(feature = "lite")]
    LeftToSearchModule,
}

impl Error {
    /// The name of the [`ErrorKind`] variant, or of the wrapped error's kind for
    /// [`ErrorKind::Format`] and [`ErrorKind::Data`]: JavaScript's `error.code`.
    ///
    /// ```
    /// let error = newsdex::Index::embedded()?.article("nope", None).unwrap_err();
    /// assert_eq!(error.code(), "UnknownArticle");
    /// assert_eq!(newsdex::Index::from_bytes(&b"hello"[..]).unwrap_err().code(), "NotAnIndex");
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::Format(e) => e.code(),
            #[cfg(feature = "build")]
            ErrorKind::Data(e) => e.code(),
            ErrorKind::UnknownArticle { .. } => "UnknownArticle",
            ErrorKind::UnknownEntity { .. } => "UnknownEntity",
            ErrorKind::NoStore => "NoStore",
            ErrorKind::NotFetched { .. } => "NotFetched",
            ErrorKind::InvalidOption { .. } => "InvalidOption",
            ErrorKind::InvalidQuery { .. } => "InvalidQuery",
            #[cfg(feature = "segments")]
            ErrorKind::Manifest { .. } => "NotAnIndex",
            #[cfg(feature = "lite")]
            ErrorKind::LeftToSearchModule => "LeftToSearchModule",
        }
    }
}

impl From<newsdex_format::Error> for Error {
    fn from(error: newsdex_format::Error) -> Error {
        ErrorKind::Format(error).into()
    }
}

#[cfg(feature = "build")]
impl From<newsdex_index::Error> for Error {
    fn from(error: newsdex_index::Error) -> Error {
        ErrorKind::Data(error).into()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Format(e) => Some(e),
            #[cfg(feature = "build")]
            ErrorKind::Data(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::Format(e) => e.fmt(f),
            #[cfg(feature = "build")]
            ErrorKind::Data(e) => e.fmt(f),
            ErrorKind::UnknownArticle { id } => write!(f, "newsdex: no article has the id {id:?}"),
            ErrorKind::UnknownEntity { id } => write!(f, "newsdex: no entity has the id {id:?}"),
            ErrorKind::NoStore => f.write_str(
                "newsdex: this index was built without the document store (--no-store), so it has no article text",
            ),
            ErrorKind::NotFetched { ranges } => write!(
                f,
                "newsdex: this sharded index needs {} more byte ranges from its chunk files (open it with Sharded, or Newsdex.open in JavaScript)",
                ranges.len()
            ),
            ErrorKind::InvalidOption { name, message } => write!(f, "newsdex: option `{name}` {message}"),
            ErrorKind::InvalidQuery { message } => write!(f, "newsdex: in the query, {message}"),
            #[cfg(feature = "segments")]
            ErrorKind::Manifest { line, column, message } => {
                write!(f, "newsdex: line {line}, column {column}: {message}")
            }
            #[cfg(feature = "lite")]
            ErrorKind::LeftToSearchModule => f.write_str(
                "newsdex: single-file indexes, and clauses by date, site facet or entity, are answered by the search module",
            ),
        }
    }
}
