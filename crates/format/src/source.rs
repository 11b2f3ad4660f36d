//! Random access to an index's bytes, in memory or in a file, so that a large index can be
//! checked and split while only the pieces being worked on are in memory.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// Bytes that can be read anywhere.
pub trait ByteSource {
    /// The number of bytes.
    fn len(&self) -> u64;

    /// Whether there are no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fills `out` with the bytes from `offset`.
    ///
    /// # Errors
    /// [`ErrorKind::Truncated`] when they run past the end; [`ErrorKind::Io`] naming the file
    /// when it cannot be read.
    fn read_at(&mut self, offset: u64, out: &mut [u8]) -> Result<()>;

    /// The bytes of `range`, in a new buffer.
    ///
    /// # Errors
    /// As [`ByteSource::read_at`].
    fn read_range(&mut self, range: Range<u64>) -> Result<Vec<u8>> {
        let len = usize::try_from(range.end.saturating_sub(range.start))
            .map_err(|_| past_end(range.end, self.len()))?;
        let mut out = vec![0; len];
        self.read_at(range.start, &mut out)?;
        Ok(out)
    }
}

fn past_end(end: u64, len: u64) -> crate::error::Error {
    ErrorKind::Truncated {
        expected: end,
        got: len,
    }
    .into()
}

impl ByteSource for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&mut self, offset: u64, out: &mut [u8]) -> Result<()> {
        let end = offset.saturating_add(out.len() as u64);
        let bytes = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| self.get(start..end));
        out.copy_from_slice(bytes.ok_or_else(|| past_end(end, ByteSource::len(self)))?);
        Ok(())
    }
}

/// An index file, read piece by piece.
pub struct FileSource {
    file: File,
    len: u64,
    name: String,
}

impl FileSource {
    /// Opens the file at `path`.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] naming `path`.
    pub fn open(path: &Path) -> Result<FileSource> {
        let name = path.display().to_string();
        let failed = |e: std::io::Error| Error::io(&name, e);
        let file = File::open(path).map_err(failed)?;
        let len = file.metadata().map_err(failed)?.len();
        Ok(FileSource { file, len, name })
    }
}

impl ByteSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, out: &mut [u8]) -> Result<()> {
        let end = offset.saturating_add(out.len() as u64);
        if end > self.len {
            return Err(past_end(end, self.len));
        }
        let wanted = out.len();
        let failed = |e: std::io::Error| {
            Error::io(
                &self.name,
                format!("{e} (reading {wanted} bytes at byte {offset})"),
            )
        };
        self.file.seek(SeekFrom::Start(offset)).map_err(failed)?;
        self.file.read_exact(out).map_err(failed)?;
        Ok(())
    }
}

/// Reads ranges of a source that mostly come in ascending order (a section's pieces one
/// after another) through one buffer, so that each is not a read of its own.
pub struct Window<'s, S: ByteSource> {
    source: &'s mut S,
    buffer: Vec<u8>,
    start: u64,
    capacity: usize,
}

impl<'s, S: ByteSource> Window<'s, S> {
    /// A window of `capacity` bytes over `source`.
    pub fn new(source: &'s mut S, capacity: usize) -> Window<'s, S> {
        Window {
            source,
            buffer: Vec::new(),
            start: 0,
            capacity,
        }
    }

    /// The bytes of `range`: from the buffer when it holds them, otherwise read into it from
    /// `range.start` on (all of them when the range is larger than the window).
    ///
    /// # Errors
    /// As [`ByteSource::read_at`].
    pub fn get(&mut self, range: Range<u64>) -> Result<&[u8]> {
        let wanted = range.end.checked_sub(range.start).ok_or_else(|| {
            Error::corrupt(
                "index",
                format!("bytes {}..{} run backwards", range.start, range.end),
            )
        })?;
        let held = self.start..self.start + self.buffer.len() as u64;
        if range.start < held.start || range.end > held.end {
            let read = wanted
                .max((self.capacity as u64).min(self.source.len().saturating_sub(range.start)));
            self.buffer.resize(
                usize::try_from(read).map_err(|_| past_end(range.end, self.source.len()))?,
                0,
            );
            self.start = range.start;
            if let Err(e) = self.source.read_at(range.start, &mut self.buffer) {
                self.buffer.clear();
                return Err(e);
            }
        }
        let from = (range.start - self.start) as usize;
        Ok(&self.buffer[from..from + wanted as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_serves_ranges_in_and_out_of_order_and_refuses_past_the_end() {
        let bytes: Vec<u8> = (0..=255).collect();
        let mut source = &bytes[..];
        let mut window = Window::new(&mut source, 16);
        assert_eq!(window.get(3..7).unwrap(), &bytes[3..7]);
        assert_eq!(window.get(10..19).unwrap(), &bytes[10..19]);
        assert_eq!(window.get(0..2).unwrap(), &bytes[0..2]);
        assert_eq!(window.get(20..100).unwrap(), &bytes[20..100]);
        assert_eq!(window.get(250..256).unwrap(), &bytes[250..256]);
        assert_eq!(window.get(5..5).unwrap(), &[] as &[u8]);
        let err = window.get(250..260).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Truncated {
                expected: 260,
                got: 256
            }
        );
    }

    #[test]
    fn a_file_reads_as_its_bytes_do() {
        let dir = std::env::temp_dir().join(format!("newsdex-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bytes");
        let bytes: Vec<u8> = (0..100).collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut file = FileSource::open(&path).unwrap();
        assert_eq!(file.len(), 100);
        assert_eq!(file.read_range(40..60).unwrap(), &bytes[40..60]);
        assert!(matches!(
            file.read_range(90..101).unwrap_err().kind(),
            ErrorKind::Truncated {
                expected: 101,
                got: 100
            }
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
