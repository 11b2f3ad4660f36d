//! The error type of the data layer: bad corpus input (with the file, line and byte offset
//! that are wrong), and what the index format refuses (its [`newsdex_format::Error`]).

use std::fmt;

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

newsdex_format::boxed_error!(
    /// An error from reading a corpus, building an index or opening index bytes.
    "the data layer"
);

/// What went wrong, with the facts needed to fix it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
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
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A facet field chosen for a build cannot be one.
    InvalidFacet {
        /// The field's name.
        name: String,
        /// Why not.
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
    /// Index bytes refused, a format limit passed, or an input, index or temporary file that
    /// could not be read or written.
    Format(newsdex_format::Error),
}

impl Error {
    /// The name of the [`ErrorKind`] variant, or of the format's kind for
    /// [`ErrorKind::Format`], for callers that branch on the kind without parsing the message
    /// (JavaScript's `error.code`).
    ///
    /// ```
    /// let error = newsdex_index::Error::from(newsdex_index::ErrorKind::EmptyCorpus);
    /// assert_eq!(error.code(), "EmptyCorpus");
    /// ```
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::UnsupportedInput { .. } => "UnsupportedInput",
            ErrorKind::InvalidUtf8 { .. } => "InvalidUtf8",
            ErrorKind::InvalidJson { .. } => "InvalidJson",
            ErrorKind::MissingField { .. } => "MissingField",
            ErrorKind::InvalidField { .. } => "InvalidField",
            ErrorKind::InvalidFacet { .. } => "InvalidFacet",
            ErrorKind::DuplicateId { .. } => "DuplicateId",
            ErrorKind::EmptyCorpus => "EmptyCorpus",
            ErrorKind::Format(e) => e.code(),
        }
    }
}

impl From<newsdex_format::Error> for Error {
    fn from(error: newsdex_format::Error) -> Error {
        ErrorKind::Format(error).into()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Format(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::UnsupportedInput { path } => write!(
                f,
                "newsdex: {path}: not a directory, a .txt article or a .jsonl file of articles"
            ),
            ErrorKind::InvalidUtf8 { at, byte_offset } => {
                write!(
                    f,
                    "newsdex: {at}: invalid UTF-8 at byte offset {byte_offset}"
                )
            }
            ErrorKind::InvalidJson { at, message } => {
                write!(f, "newsdex: {at}: invalid JSON: {message}")
            }
            ErrorKind::MissingField { at, field } => {
                write!(f, "newsdex: {at}: missing required field `{field}`")
            }
            ErrorKind::InvalidField { at, field, message } => {
                write!(f, "newsdex: {at}: field `{field}` {message}")
            }
            ErrorKind::InvalidFacet { name, message } => {
                write!(f, "newsdex: facet field `{name}` {message}")
            }
            ErrorKind::DuplicateId { id, first, second } => write!(
                f,
                "newsdex: duplicate article id {id:?} at {first} and at {second}"
            ),
            ErrorKind::EmptyCorpus => f.write_str("newsdex: the inputs hold no articles to index"),
            ErrorKind::Format(e) => e.fmt(f),
        }
    }
}
