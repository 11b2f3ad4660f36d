//! The error type of the index format: index bytes that are damaged, foreign or of another
//! format version, limits the format cannot hold, and files that cannot be read or written.

use std::fmt;

/// Declares a layer's error type around its `ErrorKind`: `Error(Box<ErrorKind>)`, so that a
/// `Result` stays one word wide whatever the kind holds, with `kind()`, `From<ErrorKind>` and a
/// `Result` alias. Every layer (format, data, search) declares its error with it, so their
/// errors behave alike.
#[macro_export]
macro_rules! boxed_error {
    ($(#[$doc:meta])* $layer:literal) => {
        #[doc = concat!("A specialised `Result` for ", $layer, ".")]
        pub type Result<T, E = Error> = std::result::Result<T, E>;

        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct Error(Box<ErrorKind>);

        impl Error {
            /// What went wrong.
            pub fn kind(&self) -> &ErrorKind {
                &self.0
            }
        }

        impl From<ErrorKind> for Error {
            fn from(kind: ErrorKind) -> Error {
                Error(Box::new(kind))
            }
        }
    };
}

boxed_error!(
    /// An error from reading or writing index bytes.
    "the index format"
);

/// What went wrong, with the facts needed to fix it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An index file, a chunk file or a temporary file could not be read or written.
    Io {
        /// The path that failed (for a temporary file, its directory and what it holds).
        path: String,
        /// The operating system's explanation.
        message: String,
    },
    /// The bytes do not start with the newsdex index label.
    NotAnIndex,
    /// The bytes are a newsdex index of another format version.
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version in the bytes.
        got: u32,
    },
    /// The bytes end before the length the header records.
    Truncated {
        /// The length the header records (or the least a header needs).
        expected: u64,
        /// The length present.
        got: u64,
    },
    /// The bytes run past the length the header records.
    TrailingBytes {
        /// The length the header records.
        expected: u64,
        /// The length present.
        got: u64,
    },
    /// The checksum over the bytes does not match the one recorded.
    ChecksumMismatch {
        /// The checksum recorded in the header.
        expected: u64,
        /// The checksum of the bytes present.
        got: u64,
    },
    /// A section the format requires is absent.
    MissingSection {
        /// The section's name.
        section: &'static str,
    },
    /// A section's contents are inconsistent (bytes that pass the checksum but were not
    /// written by a newsdex builder).
    Corrupt {
        /// The section's name.
        section: &'static str,
        /// What is inconsistent.
        detail: String,
    },
    /// An input exceeds a documented limit.
    TooLarge {
        /// What is too large.
        what: String,
        /// The limit.
        limit: u64,
    },
    /// A whole index cannot be split into a sharded one as asked: it is sharded already, its
    /// postings were not built for sharding, or the chunk size is out of range.
    CannotSplit {
        /// Why, and what to do instead.
        detail: String,
    },
}

impl Error {
    /// The name of the [`ErrorKind`] variant, for callers that branch on the kind without
    /// parsing the message (JavaScript's `error.code`).
    ///
    /// ```
    /// let error = newsdex_format::Error::from(newsdex_format::ErrorKind::NotAnIndex);
    /// assert_eq!(error.code(), "NotAnIndex");
    /// ```
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::Io { .. } => "Io",
            ErrorKind::NotAnIndex => "NotAnIndex",
            ErrorKind::Version { .. } => "Version",
            ErrorKind::Truncated { .. } => "Truncated",
            ErrorKind::TrailingBytes { .. } => "TrailingBytes",
            ErrorKind::ChecksumMismatch { .. } => "ChecksumMismatch",
            ErrorKind::MissingSection { .. } => "MissingSection",
            ErrorKind::Corrupt { .. } => "Corrupt",
            ErrorKind::TooLarge { .. } => "TooLarge",
            ErrorKind::CannotSplit { .. } => "CannotSplit",
        }
    }

    /// An [`ErrorKind::Io`] error: `path` could not be read or written, and why.
    pub fn io(path: impl Into<String>, message: impl fmt::Display) -> Error {
        ErrorKind::Io {
            path: path.into(),
            message: message.to_string(),
        }
        .into()
    }

    /// An [`ErrorKind::CannotSplit`] error: why, and what to do instead.
    pub fn cannot_split(detail: impl Into<String>) -> Error {
        ErrorKind::CannotSplit {
            detail: detail.into(),
        }
        .into()
    }

    /// An [`ErrorKind::Corrupt`] error for `section`.
    pub fn corrupt(section: &'static str, detail: impl Into<String>) -> Error {
        ErrorKind::Corrupt {
            section,
            detail: detail.into(),
        }
        .into()
    }
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("newsdex: ")?;
        match self.kind() {
            ErrorKind::Io { path, message } => write!(f, "{path}: {message}"),
            ErrorKind::NotAnIndex => f.write_str("these bytes are not a newsdex index (wrong label)"),
            ErrorKind::Version { expected, got } => write!(
                f,
                "index format version {got} is not supported (this build reads version {expected}); rebuild the index with this version of newsdex"
            ),
            ErrorKind::Truncated { expected, got } => write!(
                f,
                "index is truncated: {got} bytes present, {expected} expected"
            ),
            ErrorKind::TrailingBytes { expected, got } => write!(
                f,
                "index has trailing bytes: {got} bytes present, {expected} expected"
            ),
            ErrorKind::ChecksumMismatch { expected, got } => write!(
                f,
                "index is damaged: checksum {got:016x} does not match the recorded {expected:016x}"
            ),
            ErrorKind::MissingSection { section } => {
                write!(f, "index is damaged: the {section} section is missing")
            }
            ErrorKind::Corrupt { section, detail } => {
                write!(f, "index is damaged: {section} section: {detail}")
            }
            ErrorKind::TooLarge { what, limit } => write!(f, "{what} exceeds the limit of {limit}"),
            ErrorKind::CannotSplit { detail } => write!(f, "index cannot be split: {detail}"),
        }
    }
}
