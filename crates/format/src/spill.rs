//! A large build's temporary files, and the bytes of a section being written to memory or to
//! one of them.
//!
//! The files are unnamed (`tempfile::tempfile_in`: `O_TMPFILE`, or a file unlinked as soon as
//! it is made), so the system deletes each one when it is closed: after a build that succeeds,
//! one that fails, and one that is killed alike. A file is named in error messages by its
//! directory and what it holds.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The buffer of each temporary file's reader and writer.
const BUFFER: usize = 1 << 20;

/// A directory for a build's temporary files.
#[derive(Clone, Debug)]
pub struct SpillDir {
    dir: PathBuf,
}

impl SpillDir {
    /// The directory `dir`; nothing is made in it until [`SpillDir::create`].
    pub fn new(dir: &Path) -> SpillDir {
        SpillDir {
            dir: dir.to_path_buf(),
        }
    }

    /// A new, empty temporary file that will hold `what` (for error messages).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the directory when no file can be made in it.
    pub fn create(&self, what: impl Into<String>) -> Result<TempFile> {
        let name = format!(
            "{} (a temporary file of {})",
            self.dir.display(),
            what.into()
        );
        let file = tempfile::tempfile_in(&self.dir).map_err(|e| Error::io(&name, &e))?;
        Ok(TempFile {
            out: BufWriter::with_capacity(BUFFER, file),
            len: 0,
            name,
        })
    }
}

/// A temporary file being written.
pub struct TempFile {
    out: BufWriter<File>,
    len: u64,
    name: String,
}

impl TempFile {
    /// Appends `bytes`.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the file.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(&self.name, &e))?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    /// The bytes written so far.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The file, to be read from its start.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the file when what is buffered cannot be written.
    pub fn into_spilled(self) -> Result<Spilled> {
        let TempFile { out, len, name } = self;
        let mut file = out.into_inner().map_err(|e| Error::io(&name, e.error()))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(&name, &e))?;
        Ok(Spilled {
            input: BufReader::with_capacity(BUFFER, file),
            len,
            name,
        })
    }
}

/// A written temporary file, read back from its start.
pub struct Spilled {
    input: BufReader<File>,
    len: u64,
    name: String,
}

impl Spilled {
    /// The file's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Fills `buffer` with the next bytes.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the file, also when it ends early.
    pub fn read_exact(&mut self, buffer: &mut [u8]) -> Result<()> {
        self.input
            .read_exact(buffer)
            .map_err(|e| Error::io(&self.name, &e))
    }

    /// Goes back to the file's start, to read it again.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the file.
    pub fn rewind(&mut self) -> Result<()> {
        self.input
            .seek(SeekFrom::Start(0))
            .map(|_| ())
            .map_err(|e| Error::io(&self.name, &e))
    }

    /// Appends the next `len` bytes to `out`.
    ///
    /// # Errors
    /// As [`Spilled::read_exact`].
    pub fn read_into(&mut self, out: &mut Vec<u8>, len: usize) -> Result<()> {
        let start = out.len();
        out.resize(start + len, 0);
        self.read_exact(&mut out[start..])
    }

    /// Reads the whole file in pieces of at most `buffer.len()` bytes, handing each to `sink`.
    ///
    /// # Errors
    /// As [`Spilled::read_exact`], or what `sink` returns.
    pub(crate) fn for_each_piece(
        mut self,
        buffer: &mut [u8],
        mut sink: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut left = self.len;
        while left > 0 {
            let take = buffer
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            self.read_exact(&mut buffer[..take])?;
            sink(&buffer[..take])?;
            left -= take as u64;
        }
        Ok(())
    }
}

/// The bytes of a section being written: in memory, or in a temporary file.
pub enum Sink {
    /// In memory.
    Memory(Vec<u8>),
    /// In a temporary file.
    File {
        /// The file.
        file: TempFile,
        /// Where [`Sink::append_with`] builds what it appends.
        scratch: Vec<u8>,
    },
}

/// A section's bytes once written, ready for the container.
pub enum Piece {
    /// In memory.
    Bytes(Vec<u8>),
    /// In a temporary file.
    Spilled(Spilled),
}

impl Piece {
    /// The piece's length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Piece::Bytes(bytes) => bytes.len() as u64,
            Piece::Spilled(file) => file.len(),
        }
    }

    /// Whether the piece is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Vec<u8>> for Piece {
    fn from(bytes: Vec<u8>) -> Piece {
        Piece::Bytes(bytes)
    }
}

impl Sink {
    /// A sink in a temporary file of `dir` when there is one, in memory otherwise.
    ///
    /// # Errors
    /// As [`SpillDir::create`].
    pub fn new(dir: Option<&SpillDir>, what: &str) -> Result<Sink> {
        Ok(match dir {
            Some(dir) => Sink::File {
                file: dir.create(what)?,
                scratch: Vec::new(),
            },
            None => Sink::Memory(Vec::new()),
        })
    }

    /// The bytes written so far.
    pub fn written(&self) -> u64 {
        match self {
            Sink::Memory(bytes) => bytes.len() as u64,
            Sink::File { file, .. } => file.len(),
        }
    }

    /// Appends `bytes`.
    ///
    /// # Errors
    /// As [`TempFile::write`].
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Memory(out) => {
                out.extend_from_slice(bytes);
                Ok(())
            }
            Sink::File { file, .. } => file.write(bytes),
        }
    }

    /// Appends what `write` appends to the buffer it is given.
    ///
    /// # Errors
    /// As [`TempFile::write`].
    pub fn append_with<T>(&mut self, write: impl FnOnce(&mut Vec<u8>) -> T) -> Result<T> {
        match self {
            Sink::Memory(out) => Ok(write(out)),
            Sink::File { file, scratch } => {
                scratch.clear();
                let result = write(scratch);
                file.write(scratch)?;
                Ok(result)
            }
        }
    }

    /// The bytes written, ready for the container.
    ///
    /// # Errors
    /// As [`TempFile::into_spilled`].
    pub fn finish(self) -> Result<Piece> {
        Ok(match self {
            Sink::Memory(bytes) => Piece::Bytes(bytes),
            Sink::File { file, .. } => Piece::Spilled(file.into_spilled()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(sink: Sink) -> Vec<u8> {
        match sink.finish().unwrap() {
            Piece::Bytes(bytes) => bytes,
            Piece::Spilled(file) => {
                let mut out = Vec::new();
                file.for_each_piece(&mut [0; 3], |piece| {
                    out.extend_from_slice(piece);
                    Ok(())
                })
                .unwrap();
                out
            }
        }
    }

    #[test]
    fn a_file_sink_gives_back_what_a_memory_sink_holds() {
        let dir = std::env::temp_dir();
        let dir = SpillDir::new(&dir);
        let mut got = Vec::new();
        for place in [None, Some(&dir)] {
            let mut sink = Sink::new(place, "a test").unwrap();
            sink.write(b"hello, ").unwrap();
            sink.append_with(|out| out.extend_from_slice(b"world"))
                .unwrap();
            assert_eq!(sink.written(), 12);
            got.push(pieces(sink));
        }
        assert_eq!(got, [b"hello, world".to_vec(), b"hello, world".to_vec()]);
    }

    #[test]
    fn errors_name_the_directory_and_what_the_file_held() {
        let missing = std::env::temp_dir().join("newsdex-no-such-dir/inner");
        let Err(error) = SpillDir::new(&missing).create("postings run 3") else {
            panic!("created a file in a missing directory")
        };
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "newsdex: {} (a temporary file of postings run 3): ",
                missing.display()
            )),
            "{message}"
        );
    }
}
