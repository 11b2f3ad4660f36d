//! A segment's copies file (`copies NAME` after its `segment` line in a manifest): the copies
//! of one story between the segment's articles and the earlier segments' articles, found when
//! the segment was written by the builder's rules over both (see
//! [`newsdex_index::stories::CopiesAcross`]). A reader joins each segment's groups of copies
//! through them, so that a story sent again a day later is one story before `compact`.
//!
//! The bytes: `newsdex-copies 1\n`, then the number of pairs and each pair as three varints
//! (the segment's article, the earlier segment's place among the segments from 0, its
//! article), sorted.

use newsdex_format::varint;

use crate::error::Result;

/// The file's first bytes: what it is and its format's version.
pub const MAGIC: &[u8] = b"newsdex-copies 1\n";

/// What the file's errors name.
const WHAT: &str = "copies";

/// A segment's copies among the earlier segments' articles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copies {
    /// `(article, earlier segment, its article)`, sorted and distinct.
    pub pairs: Vec<(u32, u32, u32)>,
}

impl Copies {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        varint::write_u32(&mut out, self.pairs.len() as u32);
        for &(doc, segment, other) in &self.pairs {
            varint::write_u32(&mut out, doc);
            varint::write_u32(&mut out, segment);
            varint::write_u32(&mut out, other);
        }
        out
    }

    /// The copies of the file `bytes`.
    ///
    /// ```
    /// use newsdex::copies::Copies;
    /// let copies = Copies { pairs: vec![(0, 0, 7), (3, 1, 2)] };
    /// assert_eq!(Copies::parse(&copies.to_bytes())?, copies);
    /// let error = Copies::parse(b"newsdex-copies 1\n\x05").unwrap_err();
    /// assert!(error.to_string().contains("copies"), "{error}");
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ErrorKind::Format`] (`Corrupt`, naming the copies) for bytes that are not a
    /// copies file, are cut short, go on past the pairs or list them out of order.
    pub fn parse(bytes: &[u8]) -> Result<Copies> {
        let bad = |why: &str| newsdex_format::Error::corrupt(WHAT, why.to_owned());
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("not a copies file (`newsdex-copies 1`)"))?;
        let mut at = 0;
        let count = varint::read_u32(rest, &mut at).ok_or_else(|| bad("no count"))?;
        let mut pairs = Vec::with_capacity((count as usize).min(rest.len() / 3));
        for _ in 0..count {
            let mut next = || varint::read_u32(rest, &mut at).ok_or_else(|| bad("cut short"));
            pairs.push((next()?, next()?, next()?));
        }
        if at != rest.len() {
            return Err(bad("bytes past its pairs").into());
        }
        if pairs.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("pairs out of order").into());
        }
        Ok(Copies { pairs })
    }
}
