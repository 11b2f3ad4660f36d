//! Reading articles: the seed text format, JSON Lines, and directories of both. Every
//! malformed input is an error naming the file, the line and what is wrong; an article with
//! nothing to index is left out with a warning that names it. Nothing is dropped silently.

pub mod date;
mod jsonl;
mod seed_text;

use foldhash::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

pub use jsonl::{article_from_object, parse_jsonl, JsonLines};
pub use seed_text::parse_seed_text;

use crate::error::{Error, ErrorKind, Origin, Result};
use newsdex_format::Error as FormatError;

/// A JSON Lines file is read in pieces of whole lines of about this many bytes.
const JSONL_PIECE: usize = 8 << 20;

/// One news article, as read from a corpus. Optional fields are empty strings when absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// A unique id (the file stem for seed text files).
    pub id: String,
    /// The headline.
    pub title: String,
    /// The outlet or agency.
    pub source: String,
    /// The publication date, ISO 8601.
    pub date: String,
    /// The article's address.
    pub url: String,
    /// The section of the publication (politics, sport …).
    pub section: String,
    /// A standfirst: the sentence under the headline.
    pub description: String,
    /// The text, paragraphs separated by a blank line.
    pub body: String,
    /// The article's language as a BCP 47 tag (`fr`, `pt-BR`): how its words are stemmed
    /// (see [`crate::Language`]). Empty for the build's default.
    pub lang: String,
    /// The values of the build's facet fields that the article has (see
    /// [`CorpusReader::set_facets`]): each field's name and its values, in the order of the
    /// build's list.
    pub facets: Vec<(String, Vec<String>)>,
}

/// A notice about input that was read but not indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where the article was.
    pub at: Origin,
    /// The article's id.
    pub id: String,
    /// Why it was left out.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "newsdex: warning: {}: article {:?} {}",
            self.at, self.id, self.message
        )
    }
}

/// Collects articles from several inputs, refusing duplicate ids (naming both places) and
/// leaving out articles with no text (with a warning).
#[derive(Default)]
pub struct CorpusReader {
    seen: HashMap<String, SeenAt>,
    /// The inputs articles were seen in, each once (a corpus has many articles per file).
    files: Vec<String>,
    warnings: Vec<Warning>,
    bytes_done: u64,
    progress: Option<Box<dyn FnMut(u64)>>,
    facets: Vec<String>,
}

/// Where an article was seen: its input's index in [`CorpusReader::files`] and its line.
#[derive(Clone, Copy)]
struct SeenAt {
    file: usize,
    line: Option<NonZeroUsize>,
}

impl CorpusReader {
    /// Creates a reader that has seen no articles.
    pub fn new() -> CorpusReader {
        CorpusReader::default()
    }

    /// Keeps the values of these fields of JSON Lines articles in [`Article::facets`].
    pub fn set_facets(&mut self, facets: &[String]) {
        self.facets = facets.to_vec();
    }

    /// Calls `progress` after each article with the number of input bytes read so far.
    pub fn set_progress(&mut self, progress: Box<dyn FnMut(u64)>) {
        self.progress = Some(progress);
    }

    /// The files an input path stands for: a directory's `*.txt` and `*.jsonl` files in sorted
    /// order (not recursing), or the path itself when it is such a file.
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`], or [`ErrorKind::UnsupportedInput`] for any other kind of file.
    pub fn input_files(path: &Path) -> Result<Vec<PathBuf>> {
        let io = |e: std::io::Error| FormatError::io(path.display().to_string(), e);
        if path.is_dir() {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(path).map_err(io)? {
                let file = entry.map_err(io)?.path();
                if file.is_file() && input_kind(&file).is_some() {
                    files.push(file);
                }
            }
            files.sort();
            return Ok(files);
        }
        if !path.exists() {
            return Err(
                FormatError::io(path.display().to_string(), "no such file or directory").into(),
            );
        }
        match input_kind(path) {
            Some(_) => Ok(vec![path.to_owned()]),
            None => Err(ErrorKind::UnsupportedInput {
                path: path.display().to_string(),
            }
            .into()),
        }
    }

    /// Reads every input file of `path` (see [`CorpusReader::input_files`]), passing each
    /// article to `sink`.
    ///
    /// # Errors
    /// Unreadable or malformed input, a duplicate id, or an error returned by `sink`.
    pub fn read_path(
        &mut self,
        path: &Path,
        sink: &mut dyn FnMut(Article) -> Result<()>,
    ) -> Result<()> {
        for file in CorpusReader::input_files(path)? {
            self.read_file(&file, sink)?;
        }
        Ok(())
    }

    fn read_file(
        &mut self,
        path: &Path,
        sink: &mut dyn FnMut(Article) -> Result<()>,
    ) -> Result<()> {
        let name = path.display().to_string();
        let io = |e: std::io::Error| Error::from(FormatError::io(&name, e));
        if !matches!(input_kind(path), Some(InputKind::JsonLines)) {
            let bytes = std::fs::read(path).map_err(io)?;
            return self.read_bytes(&name, &bytes, sink);
        }
        // A JSON Lines file is read a piece of whole lines at a time, so that a corpus of
        // gigabytes is never in memory at once.
        let mut reader = BufReader::new(File::open(path).map_err(io)?);
        let (mut piece, mut lines_before, mut bytes_before) = (Vec::new(), 0, 0);
        loop {
            piece.clear();
            while piece.len() < JSONL_PIECE && reader.read_until(b'\n', &mut piece).map_err(io)? > 0
            {
            }
            if piece.is_empty() {
                break;
            }
            let facets = self.facets.clone();
            let mut lines =
                JsonLines::part(&name, &piece, lines_before, bytes_before)?.with_facets(&facets);
            while let Some(item) = lines.next() {
                let (article, at) = item?;
                self.accept(article, at, sink)?;
                self.report(bytes_before as u64 + lines.consumed() as u64);
            }
            lines_before = lines.lines();
            bytes_before += piece.len();
        }
        self.bytes_done += bytes_before as u64;
        self.report(0);
        Ok(())
    }

    /// Reads the contents of one input file named `name` (a `.txt` seed article, whose id is
    /// the name's stem, or a `.jsonl` file), passing each article to `sink`. For callers that
    /// read files themselves, such as the npm package's command.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedInput`] for another kind of name, malformed input, a duplicate
    /// id, or an error returned by `sink`.
    pub fn read_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        sink: &mut dyn FnMut(Article) -> Result<()>,
    ) -> Result<()> {
        let path = Path::new(name);
        match input_kind(path) {
            Some(InputKind::SeedText) => {
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let article = parse_seed_text(name, &id, bytes)?;
                self.accept(
                    article,
                    Origin {
                        file: name.to_owned(),
                        line: None,
                    },
                    sink,
                )?;
            }
            Some(InputKind::JsonLines) => {
                let facets = self.facets.clone();
                let mut lines = JsonLines::new(name, bytes)?.with_facets(&facets);
                while let Some(item) = lines.next() {
                    let (article, at) = item?;
                    self.accept(article, at, sink)?;
                    self.report(lines.consumed() as u64);
                }
            }
            None => {
                return Err(ErrorKind::UnsupportedInput {
                    path: name.to_owned(),
                }
                .into())
            }
        }
        self.bytes_done += bytes.len() as u64;
        self.report(0);
        Ok(())
    }

    fn report(&mut self, in_file: u64) {
        if let Some(progress) = &mut self.progress {
            progress(self.bytes_done + in_file);
        }
    }

    /// Passes `article` on to `sink` unless its id was seen before (an error) or it has no
    /// text (a warning).
    ///
    /// # Errors
    /// [`ErrorKind::DuplicateId`], or what `sink` returns.
    pub fn accept(
        &mut self,
        article: Article,
        at: Origin,
        sink: &mut dyn FnMut(Article) -> Result<()>,
    ) -> Result<()> {
        if let Some(first) = self.seen.get(&article.id) {
            let first = Origin {
                file: self.files[first.file].clone(),
                line: first.line.map(NonZeroUsize::get),
            };
            return Err(ErrorKind::DuplicateId {
                id: article.id,
                first,
                second: at,
            }
            .into());
        }
        if self.files.last() != Some(&at.file) {
            self.files.push(at.file.clone());
        }
        let seen = SeenAt {
            file: self.files.len() - 1,
            line: at.line.and_then(NonZeroUsize::new),
        };
        self.seen.insert(article.id.clone(), seen);
        if article.title.trim().is_empty() && article.body.trim().is_empty() {
            self.warnings.push(Warning {
                at,
                id: article.id,
                message: "has neither title nor body text; left out".to_owned(),
            });
            return Ok(());
        }
        sink(article)
    }

    /// The warnings so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

#[derive(Clone, Copy)]
enum InputKind {
    SeedText,
    JsonLines,
}

fn input_kind(path: &Path) -> Option<InputKind> {
    match path.extension()?.to_str()? {
        "txt" => Some(InputKind::SeedText),
        "jsonl" => Some(InputKind::JsonLines),
        _ => None,
    }
}

/// Decodes input bytes as UTF-8, naming the line and byte offset of the first bad byte.
pub(crate) fn decode_utf8<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let byte_offset = e.valid_up_to();
        let line = 1 + bytes[..byte_offset].iter().filter(|&&b| b == b'\n').count();
        ErrorKind::InvalidUtf8 {
            at: Origin {
                file: file.to_owned(),
                line: Some(line),
            },
            byte_offset,
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, title: &str, body: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Article::default()
        }
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let mut reader = CorpusReader::new();
        let mut sink = |_| Ok(());
        let a = Origin {
            file: "a.jsonl".into(),
            line: Some(3),
        };
        let b = Origin {
            file: "b.jsonl".into(),
            line: Some(7),
        };
        reader.accept(article("x", "T", "B"), a, &mut sink).unwrap();
        let err = reader
            .accept(article("x", "T", "B"), b, &mut sink)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "newsdex: duplicate article id \"x\" at a.jsonl:3 and at b.jsonl:7"
        );
    }

    #[test]
    fn empty_articles_are_left_out_with_a_warning() {
        let mut reader = CorpusReader::new();
        let mut kept = Vec::new();
        let at = Origin {
            file: "r.jsonl".into(),
            line: Some(2),
        };
        reader
            .accept(article("empty", " ", "\n"), at, &mut |a| {
                kept.push(a);
                Ok(())
            })
            .unwrap();
        assert!(kept.is_empty());
        assert_eq!(
            reader.warnings()[0].to_string(),
            "newsdex: warning: r.jsonl:2: article \"empty\" has neither title nor body text; left out"
        );
    }

    #[test]
    fn invalid_utf8_names_line_and_byte_offset() {
        let err = decode_utf8("f.txt", b"ok\nbad \xff here").unwrap_err();
        assert_eq!(
            err.to_string(),
            "newsdex: f.txt:2: invalid UTF-8 at byte offset 7"
        );
    }
}
