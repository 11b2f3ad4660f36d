//! A table of variable-length byte records addressed by number: a count, `count + 1`
//! little-endian `u32` offsets, then the records back to back. Doc ids and stored articles
//! both use it.

use super::le_u32;
use crate::at::At;
use crate::error::{Error, Result};
use crate::spill::{Piece, Sink};

/// Builds a record table, its records in memory (`D = Vec<u8>`) or in a temporary file.
pub struct RecordsWriter<D = Vec<u8>> {
    offsets: Vec<u32>,
    data: D,
}

/// Where a record table's records go as they are added.
pub trait RecordData {
    /// The bytes of the records so far.
    fn written(&self) -> u64;

    /// Appends what `write` appends to the buffer it is given.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] when the records are in a file that cannot be written.
    fn append_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> Result<()>;
}

impl RecordData for Vec<u8> {
    fn written(&self) -> u64 {
        Vec::len(self) as u64
    }

    fn append_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        write(self);
        Ok(())
    }
}

impl RecordData for Sink {
    fn written(&self) -> u64 {
        Sink::written(self)
    }

    fn append_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        Sink::append_with(self, write)
    }
}

impl Default for RecordsWriter {
    fn default() -> RecordsWriter {
        RecordsWriter::new()
    }
}

impl RecordsWriter {
    /// Creates an empty table.
    pub fn new() -> RecordsWriter {
        RecordsWriter::with_data(Vec::new())
    }

    /// The section's bytes.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.table();
        bytes.extend_from_slice(&self.data);
        bytes
    }
}

impl RecordsWriter<Sink> {
    /// The section's bytes in two pieces, the record table and the records, so that a large
    /// store need not be copied, or be in memory, to be written (see
    /// [`super::container::ContainerWriter::add_pieces`]).
    pub fn finish_pieces(self) -> Result<Vec<Piece>> {
        let table = self.table();
        Ok(vec![Piece::Bytes(table), self.data.finish()?])
    }
}

impl<D: RecordData> RecordsWriter<D> {
    /// Creates an empty table whose records go to `data`.
    pub fn with_data(data: D) -> RecordsWriter<D> {
        RecordsWriter {
            offsets: vec![0],
            data,
        }
    }

    /// Appends a record built by `write`, which appends its bytes to the buffer it is given.
    ///
    /// # Errors
    /// [`crate::ErrorKind::TooLarge`] when the table would pass 4 GiB;
    /// [`crate::ErrorKind::Io`] when the records are in a file that cannot be written.
    pub fn push_with(&mut self, write: impl FnOnce(&mut Vec<u8>)) -> Result<()> {
        self.data.append_with(write)?;
        let end = u32::try_from(self.data.written()).map_err(|_| crate::ErrorKind::TooLarge {
            what: "the stored text of the corpus".into(),
            limit: u64::from(u32::MAX),
        })?;
        self.offsets.push(end);
        Ok(())
    }

    /// The number of records so far.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether no record has been added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The count and the offset table.
    fn table(&self) -> Vec<u8> {
        let mut table = Vec::with_capacity(4 + 4 * self.offsets.len());
        table.extend_from_slice(&(self.len() as u32).to_le_bytes());
        for offset in &self.offsets {
            table.extend_from_slice(&offset.to_le_bytes());
        }
        table
    }
}

/// Reads a record table in place.
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    offsets: &'a [u8],
    data: &'a [u8],
    count: usize,
}

impl<'a> Records<'a> {
    /// Opens a table after checking that every offset is in order and inside the section.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming `section`.
    pub fn parse(bytes: &'a [u8], section: &'static str) -> Result<Records<'a>> {
        let records = Records::open(bytes, section)?;
        let mut previous = 0;
        for i in 0..=records.count {
            let offset = le_u32(records.offsets, 4 * i).unwrap_or(u32::MAX);
            let in_order = if i == 0 {
                offset == 0
            } else {
                offset >= previous
            };
            if !in_order || offset as usize > records.data.len() {
                return Err(Error::corrupt(
                    section,
                    format!("record {i} has a bad offset"),
                ));
            }
            previous = offset;
        }
        Ok(records)
    }

    /// Opens a table checking only that its offset table fits: for reopening a table that
    /// [`Records::parse`] has already checked. Reads stay bounds-checked either way.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Corrupt`] naming `section`.
    pub fn open(bytes: &'a [u8], section: &'static str) -> Result<Records<'a>> {
        let count =
            le_u32(bytes, 0).ok_or_else(|| Error::corrupt(section, "no record count"))? as usize;
        let table_len = count
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .filter(|len| 4 + len <= bytes.len())
            .ok_or_else(|| Error::corrupt(section, format!("{count} records do not fit")))?;
        Ok(Records {
            offsets: bytes.at(4..4 + table_len),
            data: &bytes[4 + table_len..],
            count,
        })
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Record `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<&'a [u8]> {
        self.data.get(self.span(index)?)
    }

    /// Where record `index` lies in the records after the offset table, or `None` past the
    /// end. A sharded index keeps only the table and fetches these bytes when needed.
    pub fn span(&self, index: usize) -> Option<std::ops::Range<usize>> {
        if index >= self.count {
            return None;
        }
        let start = le_u32(self.offsets, 4 * index)? as usize;
        let end = le_u32(self.offsets, 4 * index + 4)? as usize;
        (start <= end).then_some(start..end)
    }

    /// The records after the offset table.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The byte length of the offset table with its count: where the records start.
    pub fn table_len(&self) -> usize {
        4 + self.offsets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let mut writer = RecordsWriter::new();
        for record in [&b"alpha"[..], b"", b"gamma"] {
            writer
                .push_with(|out| out.extend_from_slice(record))
                .unwrap();
        }
        let bytes = writer.finish();
        let records = Records::parse(&bytes, "test").unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records.get(0), Some(&b"alpha"[..]));
        assert_eq!(records.get(1), Some(&b""[..]));
        assert_eq!(records.get(2), Some(&b"gamma"[..]));
        assert_eq!(records.get(3), None);
    }

    #[test]
    fn refuses_offsets_out_of_order_or_range() {
        let mut writer = RecordsWriter::new();
        writer
            .push_with(|out| out.extend_from_slice(b"abc"))
            .unwrap();
        let good = writer.finish();
        let mut backwards = good.clone();
        backwards[8] = 0xff;
        assert!(Records::parse(&backwards, "test").is_err());
        let mut huge_count = good.clone();
        huge_count[0] = 0xff;
        huge_count[3] = 0xff;
        assert!(Records::parse(&huge_count, "test").is_err());
        assert!(Records::parse(&good[..2], "test").is_err());
    }
}
