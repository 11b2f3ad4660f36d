//! What `add` finds related stories across segments with: each segment's articles' vectors
//! (see [`newsdex_index::vectors`]) and its terms' document frequencies, in a file beside its
//! core (`{core's name}.vec` for `{core's name}.seg`, named by the segment's content as its
//! signatures are), written when the segment is, and worked out once from the stored text for
//! a segment written before such files were. A reader never fetches it: only `add`, which
//! compares a new segment's vectors with the earlier segments' live articles' and writes what
//! it finds as the new segment's related file (see [`newsdex::related`]).
//!
//! The bytes: `newsdex-vectors 1\n`, the article count (u32), then per article its number of
//! features (u8) and each feature's term hash (u64) and weight (f32); then the number of terms
//! (u32) and each term's hash (u64) and document frequency in the segment (u32), sorted by
//! hash; then the xxh3 of all before (u64). Every number is little-endian.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsdex::Article;
use newsdex_format::shards::chunk_hash;
use newsdex_index::vectors::{article_vectors, Vector};

use crate::signatures::{write_hashed, write_renamed};

const MAGIC: &[u8] = b"newsdex-vectors 1\n";

/// A segment's vectors and its terms' document frequencies.
#[derive(Debug, Default, PartialEq)]
pub struct Vectors {
    /// By article: its vector.
    pub vectors: Vec<Vector>,
    /// `(term hash, articles)` of every term of the segment's articles, sorted by hash.
    pub doc_freqs: Vec<(u64, u32)>,
}

/// The vectors of `articles` added to a corpus of `earlier_docs` articles whose terms'
/// document frequencies `earlier` gives (see [`article_vectors`]).
pub fn of(articles: &[Article], earlier_docs: u32, earlier: impl Fn(u64) -> u32) -> Vectors {
    let (vectors, doc_freqs) = article_vectors(articles, earlier_docs, earlier);
    Vectors { vectors, doc_freqs }
}

/// The vectors file of the segment whose core is named `segment`, beside `manifest`.
pub fn path_of(manifest: &Path, segment: &str) -> PathBuf {
    let stem = segment.strip_suffix(".seg").unwrap_or(segment);
    manifest.with_file_name(format!("{stem}.vec"))
}

/// Writes the file's bytes to `out`. Returns how many.
fn encode(out: &mut impl Write, vectors: &Vectors) -> std::io::Result<u64> {
    write_hashed(out, |put| {
        put(MAGIC)?;
        put(&(vectors.vectors.len() as u32).to_le_bytes())?;
        for vector in &vectors.vectors {
            put(&[vector.len() as u8])?;
            for &(key, weight) in vector {
                put(&key.to_le_bytes())?;
                put(&weight.to_le_bytes())?;
            }
        }
        put(&(vectors.doc_freqs.len() as u32).to_le_bytes())?;
        for &(key, df) in &vectors.doc_freqs {
            put(&key.to_le_bytes())?;
            put(&df.to_le_bytes())?;
        }
        Ok(())
    })
}

/// Writes the vectors of the segment named `segment` beside `manifest` (through a file
/// renamed into place). Returns its bytes.
pub fn write(manifest: &Path, segment: &str, vectors: &Vectors) -> Result<u64, String> {
    write_renamed(&path_of(manifest, segment), |out| encode(out, vectors))
}

/// Reads what `take` asks for from `rest`, or says the file is cut short.
fn take<'a>(rest: &mut &'a [u8], bytes: usize) -> Result<&'a [u8], String> {
    let (taken, after) = rest.split_at_checked(bytes).ok_or("cut short")?;
    *rest = after;
    Ok(taken)
}

fn u32_of(rest: &mut &[u8]) -> Result<u32, String> {
    Ok(u32::from_le_bytes(
        take(rest, 4)?.try_into().unwrap_or_default(),
    ))
}

fn u64_of(rest: &mut &[u8]) -> Result<u64, String> {
    Ok(u64::from_le_bytes(
        take(rest, 8)?.try_into().unwrap_or_default(),
    ))
}

/// The vectors of the file `bytes` of `docs` articles, or what is wrong with them.
fn parse(bytes: &[u8], docs: u32) -> Result<Vectors, String> {
    let (body, hash) = bytes
        .split_last_chunk::<8>()
        .ok_or("shorter than a vectors file")?;
    if chunk_hash(body) != u64::from_le_bytes(*hash) {
        return Err("its checksum does not match its bytes".into());
    }
    let mut rest = body
        .strip_prefix(MAGIC)
        .ok_or("not a vectors file (`newsdex-vectors 1`)")?;
    let count = u32_of(&mut rest)?;
    if count != docs {
        return Err(format!(
            "the vectors of {count} articles, for a segment of {docs}"
        ));
    }
    let mut vectors = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let features = take(&mut rest, 1)?[0];
        let vector: Result<Vector, String> = (0..features)
            .map(|_| {
                let key = u64_of(&mut rest)?;
                Ok((key, f32::from_bits(u32_of(&mut rest)?)))
            })
            .collect();
        vectors.push(vector?);
    }
    let terms = u32_of(&mut rest)?;
    let doc_freqs: Result<Vec<(u64, u32)>, String> = (0..terms)
        .map(|_| Ok((u64_of(&mut rest)?, u32_of(&mut rest)?)))
        .collect();
    let doc_freqs = doc_freqs?;
    if !rest.is_empty() {
        return Err("bytes past its terms".into());
    }
    if doc_freqs.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err("terms out of order".into());
    }
    Ok(Vectors { vectors, doc_freqs })
}

/// The vectors of the segment named `segment` beside `manifest`, of `docs` articles: its
/// file, or when it has none, worked out from its stored text (as a build of it alone
/// weighs them) and written (once).
///
/// # Errors
/// A damaged file, named, with what to do.
pub fn read(manifest: &Path, segment: &str, docs: u32) -> Result<Vectors, String> {
    let path = path_of(manifest, segment);
    match std::fs::read(&path) {
        Ok(bytes) => parse(&bytes, docs).map_err(|why| {
            format!(
                "newsdex: {}: a damaged vectors file ({why}): delete it, and `newsdex add` works it out again from the segment's stored text",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (mut core, dir) = crate::open(Some(manifest.with_file_name(segment)))?;
            let articles = crate::chunks::answer(&mut core, &dir, |s| s.articles(0..u32::MAX))
                .map_err(|e| {
                    format!(
                        "newsdex: {}: its vectors need its stored text: {e}",
                        path.display()
                    )
                })?;
            let vectors = of(&articles, 0, |_| 0);
            write(manifest, segment, &vectors)?;
            Ok(vectors)
        }
        Err(e) => Err(format!("newsdex: {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_and_refuse_damage() {
        let article = |title: &str, body: &str| Article {
            title: title.into(),
            body: body.into(),
            ..Article::default()
        };
        let articles = [
            article("Harbour strike", "Dockers at the harbour went on strike."),
            article("Strike spreads", "The harbour strike spread to a port."),
            article("Cup final", "The cup final was won after penalties."),
        ];
        let vectors = of(&articles, 0, |_| 0);
        assert!(!vectors.vectors[0].is_empty());
        let mut bytes = Vec::new();
        encode(&mut bytes, &vectors).unwrap();
        assert_eq!(parse(&bytes, 3).unwrap(), vectors);
        assert!(parse(&bytes, 4).unwrap_err().contains("for a segment of 4"));
        let mut damaged = bytes.clone();
        damaged[30] ^= 1;
        assert!(parse(&damaged, 3).unwrap_err().contains("checksum"));
        assert!(parse(&bytes[..5], 3).is_err());
    }
}
