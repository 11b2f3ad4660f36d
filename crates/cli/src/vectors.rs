//! What `add` finds related stories across segments with: each segment's articles' vectors
//! (see [`newsdex_index::vectors`]) looked up by term, and its terms' document frequencies, in
//! a file beside its core (`{core's name}.vec` for `{core's name}.seg`, named by the segment's
//! content as its signatures are), written when the segment is, and worked out once from the
//! stored text (in batches, within the memory budget) for a segment written before such files
//! were. A reader never fetches it: only `add`, which reads the terms of a new day's articles
//! alone (their document frequencies, and each term's heaviest articles), and the vectors of
//! the few earlier articles whose lists a new article may enter (see [`crate::related`]).
//!
//! The bytes (integers little-endian): `newsdex-vectors 2\n`; each article's vector (its
//! number of features, u8, and each feature's term hash, u64, and weight, f32); each
//! article's place (u64) and the xxh3 of its vector's bytes (u64); each term's list, its
//! [`HEAVIEST`] heaviest articles at most, heaviest first, ties to the lower article (u32
//! article and f32 weight); the terms, sorted by hash, each its hash (u64), document frequency
//! in the segment (u32), list length (u32) and the low 32 bits of the xxh3 of its list (u32);
//! the term blocks' directory, each block of [`BLOCK`] terms its first hash, the place of its
//! first list and the xxh3 of its terms' bytes (u64 each); and a footer: the article and term
//! counts (u32), the places of the articles' places, the lists, the terms and the directory,
//! the directory's xxh3 (u64 each) and the xxh3 of the footer's bytes before it (u64).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use newsdex::related::heavier;
use newsdex_format::shards::chunk_hash;
use newsdex_index::stories::HEAVIEST;
use newsdex_index::vectors::{counts_of, doc_freqs, vector, Vector};

use crate::bands::read_at;
use crate::signatures::write_renamed;

const MAGIC: &[u8] = b"newsdex-vectors 2\n";
/// Terms a block of the directory: the base of a million articles has a few million terms,
/// so its directory is a few hundred KB and a term costs one read of 2.5 KB.
const BLOCK: usize = 128;
/// A term's bytes: hash, document frequency, list length, list check.
const TERM: usize = 20;
/// A directory entry's bytes: first hash, first list's place, block check.
const ENTRY: usize = 24;
/// The footer's bytes.
const FOOTER: usize = 4 + 4 + 8 * 6;
/// Articles read from the stored text at once when a segment's vectors are worked out.
const BATCH: u32 = 8192;

/// The vectors file of the segment whose core is named `segment`, beside `manifest`.
pub fn path_of(manifest: &Path, segment: &str) -> PathBuf {
    let stem = segment.strip_suffix(".seg").unwrap_or(segment);
    manifest.with_file_name(format!("{stem}.vec"))
}

fn io_error(why: impl Into<String>) -> std::io::Error {
    std::io::Error::other(why.into())
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default())
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default())
}

/// A vector's bytes in the file.
fn record(vector: &[(u64, f32)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1 + 12 * vector.len());
    bytes.push(vector.len() as u8);
    for &(key, weight) in vector {
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&weight.to_le_bytes());
    }
    bytes
}

/// Writes the file of a segment whose terms' document frequencies are `doc_freqs` (sorted
/// by hash; every term of its vectors among them) and whose articles' vectors `vectors`
/// gives in order, to `out`, keeping at most `budget` bytes of a term's articles at once:
/// the lists are made from the vectors already written, read back from `out`'s file, in
/// as many runs over them as the budget needs. Returns the bytes written.
fn encode(
    out: &mut BufWriter<File>,
    doc_freqs: &[(u64, u32)],
    vectors: impl Iterator<Item = Result<Vector, String>>,
    budget: usize,
) -> std::io::Result<u64> {
    let ordinal = |key: u64| {
        doc_freqs
            .binary_search_by_key(&key, |f| f.0)
            .map(|at| at as u32)
            .map_err(|_| io_error("a vector's term without a document frequency"))
    };
    out.write_all(MAGIC)?;
    let mut at = MAGIC.len() as u64;
    let mut places: Vec<(u64, u64)> = Vec::new();
    let mut postings = vec![0u32; doc_freqs.len()];
    for vector in vectors {
        let vector = vector.map_err(io_error)?;
        for &(key, _) in &vector {
            postings[ordinal(key)? as usize] += 1;
        }
        let bytes = record(&vector);
        out.write_all(&bytes)?;
        places.push((at, chunk_hash(&bytes)));
        at += bytes.len() as u64;
    }
    let vectors_end = at;
    let places_at = at;
    for &(place, check) in &places {
        out.write_all(&place.to_le_bytes())?;
        out.write_all(&check.to_le_bytes())?;
    }
    let docs = places.len() as u32;
    drop(places);
    at += 16 * u64::from(docs);
    out.flush()?;
    // The lists, a run of terms at a time: (ordinal, article, weight) of 12 bytes each.
    let lists_at = at;
    let mut lengths = vec![0u32; doc_freqs.len()];
    let mut checks = vec![0u32; doc_freqs.len()];
    let per_run = (budget / 12).max(HEAVIEST);
    let mut first = 0;
    while first < doc_freqs.len() {
        let mut end = first;
        let mut held = 0usize;
        while end < doc_freqs.len() && (end == first || held + postings[end] as usize <= per_run) {
            held += postings[end] as usize;
            end += 1;
        }
        let mut run: Vec<(u32, u32, f32)> = Vec::with_capacity(held);
        read_vectors(
            out.get_ref(),
            MAGIC.len() as u64,
            vectors_end,
            |doc, vector| {
                for &(key, weight) in vector {
                    let term = ordinal(key)?;
                    if (first as u32..end as u32).contains(&term) {
                        run.push((term, doc, weight));
                    }
                }
                Ok(())
            },
        )?;
        run.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(heavier(&(a.1, a.2), &(b.1, b.2))));
        for list in run.chunk_by(|a, b| a.0 == b.0) {
            let mut bytes = Vec::with_capacity(8 * list.len().min(HEAVIEST));
            for &(_, doc, weight) in list.iter().take(HEAVIEST) {
                bytes.extend_from_slice(&doc.to_le_bytes());
                bytes.extend_from_slice(&weight.to_le_bytes());
            }
            out.write_all(&bytes)?;
            at += bytes.len() as u64;
            let term = list[0].0 as usize;
            lengths[term] = list.len().min(HEAVIEST) as u32;
            checks[term] = chunk_hash(&bytes) as u32;
        }
        first = end;
    }
    drop(postings);
    let terms_at = at;
    let mut directory = Vec::with_capacity(ENTRY * doc_freqs.len().div_ceil(BLOCK));
    let mut list_at = lists_at;
    for (block, freqs) in doc_freqs.chunks(BLOCK).enumerate() {
        let mut bytes = Vec::with_capacity(TERM * BLOCK);
        directory.extend_from_slice(&freqs[0].0.to_le_bytes());
        directory.extend_from_slice(&list_at.to_le_bytes());
        for (k, &(key, df)) in freqs.iter().enumerate() {
            let term = block * BLOCK + k;
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&df.to_le_bytes());
            bytes.extend_from_slice(&lengths[term].to_le_bytes());
            bytes.extend_from_slice(&checks[term].to_le_bytes());
            list_at += 8 * u64::from(lengths[term]);
        }
        directory.extend_from_slice(&chunk_hash(&bytes).to_le_bytes());
        out.write_all(&bytes)?;
        at += bytes.len() as u64;
    }
    let directory_at = at;
    out.write_all(&directory)?;
    at += directory.len() as u64;
    let mut footer = Vec::with_capacity(FOOTER);
    footer.extend_from_slice(&docs.to_le_bytes());
    footer.extend_from_slice(&(doc_freqs.len() as u32).to_le_bytes());
    for value in [places_at, lists_at, terms_at, directory_at] {
        footer.extend_from_slice(&value.to_le_bytes());
    }
    footer.extend_from_slice(&chunk_hash(&directory).to_le_bytes());
    footer.extend_from_slice(&chunk_hash(&footer).to_le_bytes());
    out.write_all(&footer)?;
    Ok(at + footer.len() as u64)
}

/// Goes through the vectors of the file `file` between `start` and `end`, in order.
fn read_vectors(
    file: &File,
    start: u64,
    end: u64,
    mut each: impl FnMut(u32, &[(u64, f32)]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 1 << 20];
    let (mut at, mut held, mut doc) = (start, 0usize, 0u32);
    let mut vector: Vector = Vec::new();
    loop {
        let mut used = 0;
        while used < held {
            let features = buffer[used] as usize;
            if used + 1 + 12 * features > held {
                break;
            }
            vector.clear();
            vector.extend((0..features).map(|f| {
                let place = used + 1 + 12 * f;
                (
                    u64_at(&buffer, place),
                    f32::from_bits(u32_at(&buffer, place + 8)),
                )
            }));
            each(doc, &vector)?;
            doc += 1;
            used += 1 + 12 * features;
        }
        buffer.copy_within(used..held, 0);
        held -= used;
        if at == end {
            return if held == 0 {
                Ok(())
            } else {
                Err(io_error("a vector cut short"))
            };
        }
        let wanted = ((end - at) as usize).min(buffer.len() - held);
        read_at(file, at, &mut buffer[held..held + wanted])?;
        at += wanted as u64;
        held += wanted;
    }
}

/// Writes the vectors file of the segment named `segment` beside `manifest` (through a file
/// renamed into place): its terms' document frequencies `doc_freqs` and its articles'
/// `vectors`. Returns its bytes.
pub fn write(
    manifest: &Path,
    segment: &str,
    doc_freqs: &[(u64, u32)],
    vectors: &[Vector],
    budget: usize,
) -> Result<u64, String> {
    let vectors = vectors.iter().map(|v| Ok(v.clone()));
    write_renamed(&path_of(manifest, segment), |out| {
        encode(out, doc_freqs, vectors, budget)
    })
}

/// The vectors of `articles`, a corpus alone (as a build of them weighs them), with their
/// terms' document frequencies, written as the vectors file of the segment named `segment`
/// beside `manifest`. Returns its bytes.
pub fn write_alone(
    manifest: &Path,
    segment: &str,
    articles: &[newsdex::Article],
    budget: usize,
) -> Result<u64, String> {
    let counts = counts_of(articles);
    let own = doc_freqs(counts.iter().map(Vec::as_slice));
    let vectors = newsdex_index::vectors::vectors_of(&counts, &own, 0, |_| 0);
    write(manifest, segment, &own, &vectors, budget)
}

/// A term of a segment's vectors file.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Term {
    /// Its document frequency in the segment.
    pub doc_freq: u32,
    length: u32,
    check: u32,
    at: u64,
}

/// A segment's vectors file, open: terms, lists and vectors read as asked.
#[derive(Debug)]
pub struct Table {
    path: PathBuf,
    file: File,
    docs: u32,
    terms: u32,
    places_at: u64,
    lists_at: u64,
    terms_at: u64,
    /// Each block's first hash and first list's place, and its check.
    directory: Vec<(u64, u64, u64)>,
}

impl Table {
    /// The vectors file at `path` of a segment of `docs` articles.
    ///
    /// # Errors
    /// A file that cannot be read or is not a vectors file of `docs` articles, named.
    pub fn open(path: &Path, docs: u32) -> Result<Table, String> {
        let file = File::open(path).map_err(|e| format!("newsdex: {}: {e}", path.display()))?;
        let bad = |why: &str| damaged(path, why);
        let length = file
            .metadata()
            .map_err(|e| format!("newsdex: {}: {e}", path.display()))?
            .len();
        if length < (MAGIC.len() + FOOTER) as u64 {
            return Err(bad("shorter than a vectors file"));
        }
        let mut magic = vec![0u8; MAGIC.len()];
        let mut footer = [0u8; FOOTER];
        read_at(&file, 0, &mut magic).map_err(|e| bad(&e.to_string()))?;
        read_at(&file, length - FOOTER as u64, &mut footer).map_err(|e| bad(&e.to_string()))?;
        if magic != MAGIC {
            return Err(bad("not a vectors file (`newsdex-vectors 2`)"));
        }
        if chunk_hash(&footer[..FOOTER - 8]) != u64_at(&footer, FOOTER - 8) {
            return Err(bad("its footer's checksum does not match its bytes"));
        }
        let (count, terms) = (u32_at(&footer, 0), u32_at(&footer, 4));
        let [places_at, lists_at, terms_at, directory_at, directory_check] =
            [0, 1, 2, 3, 4].map(|k| u64_at(&footer, 8 + 8 * k));
        if count != docs {
            return Err(bad(&format!(
                "the vectors of {count} articles, for a segment of {docs}"
            )));
        }
        let blocks = (terms as usize).div_ceil(BLOCK);
        let in_order = places_at + 16 * u64::from(docs) == lists_at
            && lists_at <= terms_at
            && terms_at + (TERM as u64) * u64::from(terms) == directory_at
            && directory_at + (ENTRY * blocks) as u64 + FOOTER as u64 == length;
        if !in_order {
            return Err(bad("its parts' places disagree"));
        }
        let mut bytes = vec![0u8; ENTRY * blocks];
        read_at(&file, directory_at, &mut bytes).map_err(|e| bad(&e.to_string()))?;
        if chunk_hash(&bytes) != directory_check {
            return Err(bad("its directory's checksum does not match its bytes"));
        }
        let directory = bytes
            .chunks_exact(ENTRY)
            .map(|e| (u64_at(e, 0), u64_at(e, 8), u64_at(e, 16)))
            .collect();
        Ok(Table {
            path: path.to_owned(),
            file,
            docs,
            terms,
            places_at,
            lists_at,
            terms_at,
            directory,
        })
    }

    fn damaged(&self, why: &str) -> String {
        damaged(&self.path, why)
    }

    /// The terms of `keys` (sorted): each one's, or `None` where the segment has no such term.
    ///
    /// # Errors
    /// A block that cannot be read or whose bytes are not those checked, named.
    pub fn terms(&self, keys: &[u64]) -> Result<Vec<Option<Term>>, String> {
        let mut found = Vec::with_capacity(keys.len());
        let mut held: Option<(usize, Vec<u8>)> = None;
        for &key in keys {
            let block = self.directory.partition_point(|e| e.0 <= key);
            let Some(block) = block.checked_sub(1) else {
                found.push(None);
                continue;
            };
            if held.as_ref().is_none_or(|(b, _)| *b != block) {
                held = Some((block, self.block(block)?));
            }
            let bytes = held.as_ref().map_or(&[][..], |(_, b)| b.as_slice());
            let entries: Vec<&[u8]> = bytes.chunks_exact(TERM).collect();
            found.push(
                entries
                    .binary_search_by_key(&key, |e| u64_at(e, 0))
                    .ok()
                    .map(|k| {
                        let before: u64 =
                            entries[..k].iter().map(|e| u64::from(u32_at(e, 12))).sum();
                        Term {
                            doc_freq: u32_at(entries[k], 8),
                            length: u32_at(entries[k], 12),
                            check: u32_at(entries[k], 16),
                            at: self.directory[block].1 + 8 * before,
                        }
                    }),
            );
        }
        Ok(found)
    }

    /// The bytes of block `block`'s terms, checked.
    fn block(&self, block: usize) -> Result<Vec<u8>, String> {
        let first = block * BLOCK;
        let count = (self.terms as usize - first).min(BLOCK);
        let mut bytes = vec![0u8; TERM * count];
        let at = self.terms_at + (TERM * first) as u64;
        read_at(&self.file, at, &mut bytes).map_err(|e| self.damaged(&e.to_string()))?;
        if chunk_hash(&bytes) != self.directory[block].2 {
            return Err(self.damaged(&format!("term block {block}'s bytes")));
        }
        Ok(bytes)
    }

    /// The list of `term` (found by [`Table::terms`]): its heaviest articles, heaviest first.
    ///
    /// # Errors
    /// A list that cannot be read or whose bytes are not those checked, named.
    pub fn list(&self, term: &Term) -> Result<Vec<(u32, f32)>, String> {
        if term.length == 0 {
            return Ok(Vec::new());
        }
        let mut bytes = vec![0u8; 8 * term.length as usize];
        if term.at < self.lists_at || term.at + bytes.len() as u64 > self.terms_at {
            return Err(self.damaged("a list out of its place"));
        }
        read_at(&self.file, term.at, &mut bytes).map_err(|e| self.damaged(&e.to_string()))?;
        if chunk_hash(&bytes) as u32 != term.check {
            return Err(self.damaged("a list's bytes"));
        }
        let list: Vec<(u32, f32)> = bytes
            .chunks_exact(8)
            .map(|p| (u32_at(p, 0), f32::from_bits(u32_at(p, 4))))
            .collect();
        if list.iter().any(|&(doc, _)| doc >= self.docs) {
            return Err(self.damaged("a list's article past the segment's"));
        }
        Ok(list)
    }

    /// The vector of article `doc`.
    ///
    /// # Errors
    /// A vector that cannot be read or whose bytes are not those checked, named.
    pub fn vector(&self, doc: u32) -> Result<Vector, String> {
        if doc >= self.docs {
            return Err(self.damaged(&format!("no article {doc}")));
        }
        let mut place = [0u8; 24];
        let wanted = if doc + 1 < self.docs { 24 } else { 16 };
        let at = self.places_at + 16 * u64::from(doc);
        read_at(&self.file, at, &mut place[..wanted]).map_err(|e| self.damaged(&e.to_string()))?;
        let (start, check) = (u64_at(&place, 0), u64_at(&place, 8));
        let end = if wanted == 24 {
            u64_at(&place, 16)
        } else {
            self.places_at
        };
        if start >= end || end - start > 1 + 12 * 255 {
            return Err(self.damaged(&format!("article {doc}'s place")));
        }
        let mut bytes = vec![0u8; (end - start) as usize];
        read_at(&self.file, start, &mut bytes).map_err(|e| self.damaged(&e.to_string()))?;
        if chunk_hash(&bytes) != check || bytes.len() != 1 + 12 * bytes[0] as usize {
            return Err(self.damaged(&format!("article {doc}'s vector")));
        }
        Ok(bytes[1..]
            .chunks_exact(12)
            .map(|f| (u64_at(f, 0), f32::from_bits(u32_at(f, 8))))
            .collect())
    }
}

/// What is wrong with the vectors file at `path`, and what to do.
fn damaged(path: &Path, why: &str) -> String {
    format!(
        "newsdex: {}: a damaged vectors file ({why}): delete it, and `newsdex add` works it out again from the segment's stored text",
        path.display()
    )
}

/// The vectors file of the segment named `segment` beside `manifest`, of `docs` articles,
/// open: when it has none, worked out from its stored text (as a build of it alone weighs
/// them) and written, once, reading [`BATCH`] articles at a time and holding at most
/// `budget` bytes of its terms' articles.
///
/// # Errors
/// A damaged file, named, with what to do.
pub fn open(manifest: &Path, segment: &str, docs: u32, budget: usize) -> Result<Table, String> {
    let path = path_of(manifest, segment);
    if !path.exists() {
        work_out(manifest, segment, docs, budget)?;
    }
    Table::open(&path, docs)
}

/// Writes the vectors file of the segment named `segment` beside `manifest`, of `docs`
/// articles, from its stored text: a first run over it for the document frequencies, a
/// second for the vectors.
fn work_out(manifest: &Path, segment: &str, docs: u32, budget: usize) -> Result<u64, String> {
    let path = path_of(manifest, segment);
    let batch = |b: u32| -> Result<Vec<Vec<(u64, f32)>>, String> {
        // A core opened again each batch, so that no batch's text is held after it.
        let (mut core, dir) = crate::open(Some(manifest.with_file_name(segment)))?;
        let range = b * BATCH..docs.min((b + 1) * BATCH);
        let articles = crate::chunks::answer(&mut core, &dir, |s| s.articles(range.clone()))
            .map_err(|e| {
                format!(
                    "newsdex: {}: its vectors need its stored text: {e}",
                    path.display()
                )
            })?;
        Ok(counts_of(&articles))
    };
    let batches = docs.div_ceil(BATCH);
    let mut freqs: Vec<(u64, u32)> = Vec::new();
    for b in 0..batches {
        let counts = batch(b)?;
        freqs = merge(&freqs, &doc_freqs(counts.iter().map(Vec::as_slice)));
    }
    let df = |key: u64| {
        freqs
            .binary_search_by_key(&key, |f| f.0)
            .map_or(0, |at| freqs[at].1)
    };
    let vectors = (0..batches).flat_map(|b| match batch(b) {
        Ok(counts) => counts
            .iter()
            .map(|c| Ok(vector(c, df, docs)))
            .collect::<Vec<_>>(),
        Err(e) => vec![Err(e)],
    });
    let budget = budget.saturating_sub(16 * freqs.len());
    write_renamed(&path, |out| encode(out, &freqs, vectors, budget))
}

/// Two sorted tables of document frequencies summed.
fn merge(a: &[(u64, u32)], b: &[(u64, u32)]) -> Vec<(u64, u32)> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                merged.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                merged.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                merged.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                merged.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdex::Article;

    /// The file gives each vector back, each term's document frequency, and each term's
    /// articles heaviest first, whether its lists were made in one run or a run a term; a
    /// damaged file is refused, named.
    #[test]
    fn vectors_are_looked_up_by_term_and_damage_is_refused() {
        let dir = std::env::temp_dir().join(format!("newsdex-vec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = dir.join("a.ndx");
        let articles: Vec<Article> = [
            ("Harbour strike", "Dockers at the harbour went on strike."),
            ("Strike spreads", "The harbour strike spread to a port."),
            ("Cup final", "The cup final was won after penalties."),
            ("Port reopens", "The port reopened after the strike."),
            ("Rain", "Rain fell on the cup final."),
        ]
        .into_iter()
        .map(|(title, body)| Article {
            title: title.into(),
            body: body.into(),
            ..Article::default()
        })
        .collect();
        let counts = counts_of(&articles);
        let own = doc_freqs(counts.iter().map(Vec::as_slice));
        let vectors = newsdex_index::vectors::vectors_of(&counts, &own, 0, |_| 0);
        let keys: Vec<u64> = own.iter().map(|f| f.0).collect();
        let mut files = Vec::new();
        for (name, budget) in [("a-1.seg", 1 << 20), ("a-2.seg", 0)] {
            write(&manifest, name, &own, &vectors, budget).unwrap();
            let table = Table::open(&path_of(&manifest, name), 5).unwrap();
            for (doc, vector) in (0u32..).zip(&vectors) {
                assert_eq!(&table.vector(doc).unwrap(), vector);
            }
            let terms = table.terms(&keys).unwrap();
            for (&(key, df), term) in own.iter().zip(&terms) {
                let term = term.unwrap();
                assert_eq!(term.doc_freq, df);
                let mut want: Vec<(u32, f32)> = (0u32..)
                    .zip(&vectors)
                    .filter_map(|(doc, v)| v.iter().find(|f| f.0 == key).map(|f| (doc, f.1)))
                    .collect();
                want.sort_unstable_by(heavier);
                assert_eq!(table.list(&term).unwrap(), want);
            }
            assert_eq!(table.terms(&[keys[0] ^ 1]).unwrap(), vec![None]);
            files.push(std::fs::read(path_of(&manifest, name)).unwrap());
        }
        assert_eq!(files[0], files[1], "the same bytes whatever the budget");
        let path = path_of(&manifest, "a-1.seg");
        assert!(Table::open(&path, 6)
            .unwrap_err()
            .contains("for a segment of 6"));
        let mut bytes = files[0].clone();
        bytes[MAGIC.len() + 3] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let table = Table::open(&path, 5).unwrap();
        let error = table.vector(0).unwrap_err();
        assert!(
            error.contains(&*path.to_string_lossy()) && error.contains("article 0"),
            "{error}"
        );
        let mut bytes = files[0].clone();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(Table::open(&path, 5)
            .unwrap_err()
            .contains("damaged vectors file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
