//! Postings runs, for a build with a memory budget: when the buffered postings and positions
//! pass the budget, the builder writes them to a temporary file in term order and empties its
//! buffers; at the end the runs are merged back one term at a time.
//!
//! A term's doc gaps continue across runs (the builder keeps each term's last doc), and its
//! positions are per article, so its final postings and positions are its pieces from the
//! runs, in run order, followed by what is still buffered.
//!
//! A run is, per term with buffered postings, in term order (little-endian):
//!
//! ```text
//! u32 term number, u64 postings length, u64 positions length, the postings, the positions
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use newsdex_format::spill::{SpillDir, Spilled};
use newsdex_format::Error;

use crate::error::Result;

const HEADER: usize = 20;

/// One run, written.
pub(crate) struct Run {
    file: Spilled,
    terms: usize,
}

/// Writes the run numbered `number` of `terms` (term number, postings, positions), which must
/// come in term order.
pub(crate) fn write<'a>(
    dir: &SpillDir,
    number: usize,
    terms: impl Iterator<Item = (u32, &'a [u8], &'a [u8])>,
) -> Result<Run> {
    let mut file = dir.create(format!("postings run {number}"))?;
    let mut count = 0;
    for (term, postings, positions) in terms {
        let mut header = [0; HEADER];
        header[..4].copy_from_slice(&term.to_le_bytes());
        header[4..12].copy_from_slice(&(postings.len() as u64).to_le_bytes());
        header[12..].copy_from_slice(&(positions.len() as u64).to_le_bytes());
        file.write(&header)?;
        file.write(postings)?;
        file.write(positions)?;
        count += 1;
    }
    Ok(Run {
        file: file.into_spilled()?,
        terms: count,
    })
}

/// Runs being merged, term by term in ordinal order.
pub(crate) struct Runs<'o> {
    runs: Vec<Run>,
    /// Each run's next term as (ordinal, run), smallest first.
    next: BinaryHeap<Reverse<(u64, usize)>>,
    /// The postings and positions lengths of each run's next term.
    lengths: Vec<(u64, u64)>,
    /// Term number → ordinal.
    ordinals: &'o [u64],
}

impl<'o> Runs<'o> {
    /// Starts merging `runs`, whose terms have the ordinals `ordinals` (by term number).
    pub(crate) fn new(runs: Vec<Run>, ordinals: &'o [u64]) -> Result<Runs<'o>> {
        let mut merge = Runs {
            lengths: vec![(0, 0); runs.len()],
            runs,
            next: BinaryHeap::new(),
            ordinals,
        };
        for run in 0..merge.runs.len() {
            merge.advance(run)?;
        }
        Ok(merge)
    }

    /// Reads the header of run `run`'s next term, if it has one left.
    fn advance(&mut self, run: usize) -> Result<()> {
        let Run { file, terms } = &mut self.runs[run];
        if *terms == 0 {
            return Ok(());
        }
        *terms -= 1;
        let mut header = [0; HEADER];
        file.read_exact(&mut header)?;
        let term = u32::from_le_bytes(header[..4].try_into().expect("4 bytes"));
        let length =
            |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().expect("8 bytes"));
        let ordinal = self.ordinals.get(term as usize).ok_or_else(|| {
            Error::corrupt(
                "postings run",
                format!("run {run} names a term the build does not have"),
            )
        })?;
        self.next.push(Reverse((*ordinal, run)));
        self.lengths[run] = (length(4), length(12));
        Ok(())
    }

    /// Appends the pieces of the term at `ordinal` from every run that holds it, in run order.
    /// Terms must be taken in ordinal order.
    pub(crate) fn take(
        &mut self,
        ordinal: u64,
        postings: &mut Vec<u8>,
        positions: &mut Vec<u8>,
    ) -> Result<()> {
        while let Some(&Reverse((next, run))) = self.next.peek() {
            if next != ordinal {
                debug_assert!(next > ordinal, "terms taken out of order");
                break;
            }
            self.next.pop();
            let (postings_len, positions_len) = self.lengths[run];
            let too_long = || {
                Error::corrupt(
                    "postings run",
                    format!("run {run} holds a term too long for memory"),
                )
            };
            let file = &mut self.runs[run].file;
            file.read_into(
                postings,
                usize::try_from(postings_len).map_err(|_| too_long())?,
            )?;
            file.read_into(
                positions,
                usize::try_from(positions_len).map_err(|_| too_long())?,
            )?;
            self.advance(run)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terms_pieces_come_back_in_run_order() {
        let dir = std::env::temp_dir();
        let dir = SpillDir::new(&dir);
        // Term numbers 0, 1, 2 have ordinals 2, 0, 1.
        let ordinals = [2, 0, 1];
        let first: Vec<(u32, &[u8], &[u8])> = vec![(1, b"b1", b"B1"), (0, b"a1", b"")];
        let second: Vec<(u32, &[u8], &[u8])> =
            vec![(1, b"b2", b"B2"), (2, b"c2", b"C2"), (0, b"a2", b"A2")];
        let runs = vec![
            write(&dir, 0, first.into_iter()).unwrap(),
            write(&dir, 1, second.into_iter()).unwrap(),
        ];
        let mut merge = Runs::new(runs, &ordinals).unwrap();
        let mut got = Vec::new();
        for ordinal in 0..3 {
            let (mut postings, mut positions) = (Vec::new(), Vec::new());
            merge.take(ordinal, &mut postings, &mut positions).unwrap();
            got.push((postings, positions));
        }
        let expected: Vec<(Vec<u8>, Vec<u8>)> = vec![
            (b"b1b2".to_vec(), b"B1B2".to_vec()),
            (b"c2".to_vec(), b"C2".to_vec()),
            (b"a1a2".to_vec(), b"A2".to_vec()),
        ];
        assert_eq!(got, expected);
    }
}
