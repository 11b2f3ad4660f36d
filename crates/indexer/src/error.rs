//! The error type of the data layer: bad corpus input (with the file, line and byte offset
//! that are wrong) and index bytes that are damaged, foreign or of another format version.

use std::fmt;

/// A specialised `Result` for the data layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where an article came from: a file and, for JSON Lines, a line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The input file (or another name for the source, such as `articles[3]`).
    pub file: String,
    /// The 1-based line, where the input has lines that matter.
    pub line: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => f.write_str(&self.file),
        }
    }
}

/// An error from reading a corpus, building an index or opening index bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<ErrorKind>);

/// What went wrong, with the facts needed to fix it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An input file or directory could not be read.
    Io {
        /// The path that failed.
        path: String,
        /// The operating system's explanation.
        message: String,
    },
    /// An input path is neither a directory nor a `.txt` or `.jsonl` file.
    UnsupportedInput {
        /// The path given.
        path: String,
    },
    /// Input bytes are not valid UTF-8.
    InvalidUtf8 {
        /// Where: the file and line.
        at: Origin,
        /// The offset of the first bad byte from the start of the file.
        byte_offset: usize,
    },
    /// A JSON Lines line is not a valid JSON object.
    InvalidJson {
        /// Where: the file and line.
        at: Origin,
        /// The parser's explanation (with the column).
        message: String,
    },
    /// A required field is absent or null.
    MissingField {
        /// Where: the file and line.
        at: Origin,
        /// The field's name.
        field: &'static str,
    },
    /// A field has a value of the wrong kind or form.
    InvalidField {
        /// Where: the file and line.
        at: Origin,
        /// The field's name.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Two articles share an id.
    DuplicateId {
        /// The id.
        id: String,
        /// The first article with it.
        first: Origin,
        /// The second article with it.
        second: Origin,
    },
    /// The inputs hold no article to index.
    EmptyCorpus,
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
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The name of the [`ErrorKind`] variant, for callers that branch on the kind without
    /// parsing the message (JavaScript's `error.code`).
    ///
    /// ```
    /// let error = newsdex_indexer::Error::from(newsdex_indexer::ErrorKind::EmptyCorpus);
    /// assert_eq!(error.code(), "EmptyCorpus");
    /// ```
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::Io { .. } => "Io",
            ErrorKind::UnsupportedInput { .. } => "UnsupportedInput",
            ErrorKind::InvalidUtf8 { .. } => "InvalidUtf8",
            ErrorKind::InvalidJson { .. } => "InvalidJson",
            ErrorKind::MissingField { .. } => "MissingField",
            ErrorKind::InvalidField { .. } => "InvalidField",
            ErrorKind::DuplicateId { .. } => "DuplicateId",
            ErrorKind::EmptyCorpus => "EmptyCorpus",
            ErrorKind::NotAnIndex => "NotAnIndex",
            ErrorKind::Version { .. } => "Version",
            ErrorKind::Truncated { .. } => "Truncated",
            ErrorKind::TrailingBytes { .. } => "TrailingBytes",
            ErrorKind::ChecksumMismatch { .. } => "ChecksumMismatch",
            ErrorKind::MissingSection { .. } => "MissingSection",
            ErrorKind::Corrupt { .. } => "Corrupt",
            ErrorKind::TooLarge { .. } => "TooLarge",
        }
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

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl std::error::Error for Error {}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("newsdex: ")?;
        match self.kind() {
            ErrorKind::Io { path, message } => write!(f, "{path}: {message}"),
            ErrorKind::UnsupportedInput { path } => write!(
                f,
                "{path}: not a directory, a .txt article or a .jsonl file of articles"
            ),
            ErrorKind::InvalidUtf8 { at, byte_offset } => {
                write!(f, "{at}: invalid UTF-8 at byte offset {byte_offset}")
            }
            ErrorKind::InvalidJson { at, message } => write!(f, "{at}: invalid JSON: {message}"),
            ErrorKind::MissingField { at, field } => {
                write!(f, "{at}: missing required field `{field}`")
            }
            ErrorKind::InvalidField { at, field, message } => {
                write!(f, "{at}: field `{field}` {message}")
            }
            ErrorKind::DuplicateId { id, first, second } => {
                write!(f, "duplicate article id {id:?} at {first} and at {second}")
            }
            ErrorKind::EmptyCorpus => f.write_str("the inputs hold no articles to index"),
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
        }
    }
}
