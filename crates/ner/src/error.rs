//! The crate's one error type, with a kind for each way things fail.

use std::fmt;

/// Everything that can go wrong in this crate. The message always starts with `newsdex: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    file: Option<String>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes end before the model does.
    Truncated {
        /// How many bytes the model needs.
        needed: usize,
        /// How many bytes there are.
        got: usize,
    },
    /// The bytes do not start with the model label, so they are not a newsdex NER model.
    WrongLabel,
    /// The model was written in another format version.
    Version {
        /// The version this build reads.
        expected: u16,
        /// The version in the bytes.
        got: u16,
    },
    /// The checksum does not match the contents: the bytes were damaged.
    ChecksumMismatch {
        /// The checksum stored in the bytes.
        stored: u64,
        /// The checksum of the bytes as they are.
        computed: u64,
    },
    /// The checksum matched but the contents do not make sense.
    Corrupt(String),
    /// A CoNLL file could not be read.
    Conll {
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The training data holds no sentence.
    NoTrainingData,
    /// A type name other than PER, LOC, ORG, MISC.
    UnknownEntityType(String),
    /// A file could not be read or written.
    Io(String),
}

impl Error {
    /// An error of this kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, file: None }
    }

    /// An I/O failure on `file`, for callers that read models or CoNLL files from disk.
    pub fn io(file: impl Into<String>, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io(err.to_string())).in_file(file)
    }

    /// The same error, naming the file it is about.
    pub fn in_file(mut self, file: impl Into<String>) -> Error {
        self.file = Some(file.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file the error is about, if known. [`crate::train`] names its inputs `train` and
    /// `dev`, which a caller can replace with their paths through [`Error::in_file`].
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("newsdex: ")?;
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
            if let ErrorKind::Conll { line, .. } = &self.kind {
                write!(f, "{line}:")?;
            }
            f.write_str(" ")?;
        } else if let ErrorKind::Conll { line, .. } = &self.kind {
            write!(f, "line {line}: ")?;
        }
        match &self.kind {
            ErrorKind::Truncated { needed, got } => {
                write!(f, "NER model is truncated: needs {needed} bytes, got {got}")
            }
            ErrorKind::WrongLabel => f.write_str("not a newsdex NER model (wrong label)"),
            ErrorKind::Version { expected, got } => {
                write!(f, "NER model format version {got} is not supported (expected {expected})")
            }
            ErrorKind::ChecksumMismatch { stored, computed } => write!(
                f,
                "NER model checksum mismatch (stored {stored:016x}, computed {computed:016x}): the file is damaged"
            ),
            ErrorKind::Corrupt(what) => write!(f, "NER model is corrupt: {what}"),
            ErrorKind::Conll { message, .. } => f.write_str(message),
            ErrorKind::NoTrainingData => f.write_str("the training data holds no sentence"),
            ErrorKind::UnknownEntityType(t) => {
                write!(f, "unknown entity type {t:?} (expected PER, LOC, ORG or MISC)")
            }
            ErrorKind::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_start_with_newsdex_and_name_file_and_line() {
        let e = Error::new(ErrorKind::Conll {
            line: 7,
            message: "expected 4 columns".into(),
        });
        assert_eq!(e.to_string(), "newsdex: line 7: expected 4 columns");
        let e = e.in_file("eng.train");
        assert_eq!(e.to_string(), "newsdex: eng.train:7: expected 4 columns");
        let e = Error::new(ErrorKind::Version {
            expected: 2,
            got: 9,
        });
        assert!(e.to_string().starts_with("newsdex: "));
        let missing = std::io::Error::new(std::io::ErrorKind::NotFound, "not found");
        assert_eq!(
            Error::io("m.model", &missing).to_string(),
            "newsdex: m.model: not found"
        );
    }
}
