//! The error type of the site reader: feeds that are not XML, JSON files that are neither
//! JSON Lines nor a feed, bytes a feed cannot be decoded from (each with the file and the
//! line and column, or the byte offset), and what the corpus reader refuses.

use std::fmt;

newsdex_format::boxed_error!(
    /// An error from reading a site folder, a page or a feed.
    "the site reader"
);

/// What went wrong, with the facts needed to fix it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A feed or sitemap that is not well-formed XML.
    InvalidXml {
        /// The file.
        file: String,
        /// The 1-based line of the fault.
        line: usize,
        /// The 1-based column (in characters) of the fault.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// An input path that is none of the kinds a build reads.
    UnsupportedInput {
        /// The path given.
        path: String,
    },
    /// A `.json` file that is not JSON.
    InvalidJson {
        /// The file.
        file: String,
        /// The 1-based line of the fault.
        line: usize,
        /// The 1-based column of the fault.
        column: usize,
        /// The parser's explanation.
        message: String,
    },
    /// A file named on the command line that is XML or JSON, but neither a feed, a news
    /// sitemap nor JSON Lines of articles.
    NotAFeed {
        /// The file.
        file: String,
        /// What it is instead.
        found: String,
    },
    /// Bytes that are not text in the file's encoding.
    Undecodable {
        /// The file.
        file: String,
        /// The offset of the first bad byte from the start of the file.
        byte_offset: usize,
        /// The encoding the file was read in.
        encoding: &'static str,
    },
    /// An error of the corpus reader (a bad JSON Lines file, a duplicate id, an unreadable
    /// file, an index limit).
    Corpus(newsdex_index::Error),
}

impl Error {
    /// The name of the [`ErrorKind`] variant, or of the corpus reader's kind.
    ///
    /// ```
    /// let error = newsdex_extract::Error::from(newsdex_extract::ErrorKind::NotAFeed {
    ///     file: "a.xml".into(),
    ///     found: "an <html> document".into(),
    /// });
    /// assert_eq!(error.code(), "NotAFeed");
    /// ```
    pub fn code(&self) -> &'static str {
        match self.kind() {
            ErrorKind::UnsupportedInput { .. } => "UnsupportedInput",
            ErrorKind::InvalidXml { .. } => "InvalidXml",
            ErrorKind::InvalidJson { .. } => "InvalidJson",
            ErrorKind::NotAFeed { .. } => "NotAFeed",
            ErrorKind::Undecodable { .. } => "Undecodable",
            ErrorKind::Corpus(e) => e.code(),
        }
    }
}

impl From<newsdex_index::Error> for Error {
    fn from(error: newsdex_index::Error) -> Error {
        ErrorKind::Corpus(error).into()
    }
}

impl From<newsdex_format::Error> for Error {
    fn from(error: newsdex_format::Error) -> Error {
        ErrorKind::Corpus(error.into()).into()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Corpus(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            ErrorKind::UnsupportedInput { path } => write!(
                f,
                "newsdex: {path}: not a folder, an HTML page (.html, .htm), a feed (.xml, .rss, .atom, .json), a .jsonl file of articles or a .txt article"
            ),
            ErrorKind::InvalidXml {
                file,
                line,
                column,
                message,
            } => write!(f, "newsdex: {file}:{line}:{column}: not a well-formed XML feed: {message}"),
            ErrorKind::InvalidJson {
                file,
                line,
                column,
                message,
            } => write!(
                f,
                "newsdex: {file}:{line}:{column}: neither JSON Lines of articles nor a JSON Feed: {message}"
            ),
            ErrorKind::NotAFeed { file, found } => write!(
                f,
                "newsdex: {file}: not an RSS, Atom or JSON feed or JSON Lines of articles, but {found}"
            ),
            ErrorKind::Undecodable {
                file,
                byte_offset,
                encoding,
            } => write!(
                f,
                "newsdex: {file}: bytes that are not {encoding} at byte offset {byte_offset}"
            ),
            ErrorKind::Corpus(e) => e.fmt(f),
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        1 + before.matches('\n').count(),
        1 + before[line_start..].chars().count(),
    )
}
