//! Stories, worked out once at build so that a reader only looks them up (see
//! [`newsdex_format::stories`]): which articles are copies of one story, each article's
//! related stories, and each entity's related entities.
//!
//! - **Copies.** Each article's headline and text become word 4-shingles, and a MinHash
//!   signature of [`HASHES`] of them estimates the Jaccard similarity of two articles' shingle
//!   sets. Locality-sensitive hashing (bands of [`ROWS`] values) finds the pairs worth
//!   comparing; two articles whose signatures agree on at least [`COPY_JACCARD`] of their
//!   values are copies, and copies of copies are one group, led by its first article.
//! - **Related stories**, in the spirit of Lucene's MoreLikeThis: each article is represented
//!   by its [`TERMS`] terms of highest tf·idf and its [`ENTITIES`] entities of highest
//!   mentions·idf, weighted and normalised; its related stories are the [`RELATED`] articles
//!   whose vectors are closest (cosine), one per group of copies, none of its own copies.
//! - **Related entities**: the [`ENTITY_RELATED`] entities in most of an entity's articles.
//!
//! Every order is broken by doc number or ordinal, and sums are taken in one order, so the
//! same articles give the same bytes.

use std::collections::VecDeque;

use foldhash::HashMap;

use newsdex_format::postings::Posting;
use newsdex_format::Field;

use crate::analysis::{words, Role};
use crate::entities::EntityTables;

/// Values of a MinHash signature.
pub const HASHES: usize = 64;
/// Values per band of the locality-sensitive hashing: with [`HASHES`] values, 16 bands, so
/// that a pair at [`COPY_JACCARD`] shares a band with probability 0.99 and one at 0.3 with 0.12.
pub const ROWS: usize = 4;
/// The shingle similarity (estimated Jaccard) from which two articles are copies of one story:
/// chosen on Reuters-21578 against exact all-pairs Jaccard (see docs/performance.md).
pub const COPY_JACCARD: f32 = 0.7;
/// Words per shingle.
const SHINGLE: usize = 4;
/// An article is compared with at most this many others of each LSH bucket, those next to it in
/// doc order (copies are sent close together); templated briefs make buckets of thousands.
pub const BUCKET_NEIGHBOURS: usize = 64;
/// Bands of the locality-sensitive hashing.
pub const BANDS: usize = HASHES / ROWS;
/// Terms per article's vector for related stories.
pub const TERMS: usize = 24;
/// Entities per article's vector.
pub const ENTITIES: usize = 8;
/// Related stories kept per article.
pub const RELATED: usize = 8;
/// Related entities kept per entity.
pub const ENTITY_RELATED: usize = 8;
/// A related entity shares at least this many articles: an entity in one article would
/// otherwise list that article's other names, which its article shows already.
const MIN_SHARED: u32 = 2;
/// A related story's cosine is at least this: below it the articles share a word or two.
pub const MIN_COSINE: f32 = 0.02;
/// A term or entity in more than this share of the articles says nothing of a story.
pub(crate) const MAX_SHARE: f64 = 0.5;
/// A feature's list of articles is cut to this many of its heaviest (those it says most of) before
/// articles are compared, so that an article's sums take at most this many a feature and the
/// whole comparison grows as the archive: lists grow with it, and uncut they make it quadratic.
/// The products left out are of an article with those the feature says little of, the smallest;
/// on Reuters-21578 the related stories are 0.97 of those of uncut lists (see docs/performance.md).
pub const HEAVIEST: usize = 500;
/// Distinct entities of an article counted for related entities.
const ENTITIES_PER_ARTICLE: usize = 32;

/// A MinHash signature of an article's shingles.
pub type Signature = [u32; HASHES];

/// SplitMix64's finaliser: a fixed, portable mix (the same on every target, wasm included).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a of `bytes`, mixed.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// The word 4-shingles of a headline and text, hashed, sorted and distinct: the words as the
/// index folds them, so that case, accents and line breaks make no difference.
pub fn shingles(title: &str, body: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    for text in [title, body] {
        words(text, |word| {
            if word.role == Role::Word {
                hashes.push(word_hash(word.folded));
            }
        });
    }
    shingles_of(&hashes)
}

/// A word's hash in [`shingles_of`]'s input: its text as the index folds it.
pub fn word_hash(folded: &str) -> u64 {
    hash_bytes(folded.as_bytes())
}

/// [`shingles`] from the [`word_hash`] of each word of the headline and then the text, as
/// [`words`] gives them with [`Role::Word`], for a builder that has split the text already.
pub fn shingles_of(hashes: &[u64]) -> Vec<u64> {
    let mut shingles: Vec<u64> = hashes
        .windows(SHINGLE.min(hashes.len()).max(1))
        .map(|window| window.iter().fold(0, |h, &w| mix(h ^ w)))
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// The MinHash signature of `shingles`, or `None` for an article without words.
pub fn signature(shingles: &[u64]) -> Option<Signature> {
    if shingles.is_empty() {
        return None;
    }
    let mut signature = [u32::MAX; HASHES];
    for &shingle in shingles {
        for (i, min) in signature.iter_mut().enumerate() {
            let value = (mix(shingle ^ SEEDS[i]) >> 32) as u32;
            *min = (*min).min(value);
        }
    }
    Some(signature)
}

/// One seed per hash function of a signature.
const SEEDS: [u64; HASHES] = {
    let mut seeds = [0u64; HASHES];
    let mut i = 0;
    while i < HASHES {
        // SplitMix64's sequence, written out so that it is a constant.
        let mut x = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        seeds[i] = x ^ (x >> 31);
        i += 1;
    }
    seeds
};

/// The share of values two signatures agree on: an estimate of their shingles' Jaccard.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / HASHES as f32
}

/// Each article's group of copies, as the group's first article (its own doc number when it
/// has no copy): articles whose signatures agree on at least `threshold` of their values,
/// and the copies of those.
pub fn groups(signatures: &[Option<Signature>], threshold: f32) -> Vec<u32> {
    let mut leaders: Vec<u32> = (0..signatures.len() as u32).collect();
    let mut buckets: Vec<(u64, u32)> = Vec::with_capacity(signatures.len());
    for band in 0..BANDS {
        buckets.clear();
        for (doc, signature) in signatures.iter().enumerate() {
            if let Some(signature) = signature {
                buckets.push((band_key(signature, band), doc as u32));
            }
        }
        buckets.sort_unstable();
        for bucket in buckets.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(_, a)) in bucket.iter().enumerate() {
                for &(_, b) in bucket.iter().skip(i + 1).take(BUCKET_NEIGHBOURS) {
                    let (Some(sa), Some(sb)) = (&signatures[a as usize], &signatures[b as usize])
                    else {
                        continue;
                    };
                    if similarity(sa, sb) >= threshold {
                        join(&mut leaders, a, b);
                    }
                }
            }
        }
    }
    for doc in 0..leaders.len() {
        leaders[doc] = root(&mut leaders, doc as u32);
    }
    leaders
}

/// The locality-sensitive hash of band `band` of `signature`: articles with the same key share
/// that band's bucket.
pub fn band_key(signature: &Signature, band: usize) -> u64 {
    signature[band * ROWS..(band + 1) * ROWS]
        .iter()
        .fold(band as u64, |h, &v| mix(h ^ u64::from(v)))
}

/// A bucket of [`CopiesAcross`]: its added articles in order, and the last
/// [`BUCKET_NEIGHBOURS`] earlier articles it has held (their places and signatures).
type Bucket = (Vec<u32>, VecDeque<(u64, Signature)>);

/// The copies between articles added after an index's (a segment's) and the articles before
/// them, found by [`groups`]'s rules as if both were one corpus, the earlier first: an added
/// article is compared with the earlier articles of a band's bucket within
/// [`BUCKET_NEIGHBOURS`] places before it. The earlier articles are seen one at a time, in
/// their order, and only those in a bucket of an added article are kept (the last
/// [`BUCKET_NEIGHBOURS`] of each), so that an archive's signatures need not be in memory at once;
/// seeing only the earlier articles of those buckets (at least the last [`BUCKET_NEIGHBOURS`]
/// of each, see [`CopiesAcross::buckets`]) finds the same copies.
pub struct CopiesAcross<'a> {
    added: &'a [Option<Signature>],
    threshold: f32,
    /// Each bucket of an added article, by band and key.
    buckets: HashMap<(usize, u64), usize>,
    /// By bucket: its added articles in order, and the last [`BUCKET_NEIGHBOURS`] earlier
    /// articles it has held, with their signatures.
    held: Vec<Bucket>,
}

impl<'a> CopiesAcross<'a> {
    /// A search for copies of `added` (the signatures of the articles added, in order) among
    /// the earlier articles, agreeing on at least `threshold` of their values.
    pub fn new(added: &'a [Option<Signature>], threshold: f32) -> CopiesAcross<'a> {
        let mut buckets = HashMap::default();
        let mut held: Vec<Bucket> = Vec::new();
        for (doc, signature) in added.iter().enumerate() {
            let Some(signature) = signature else { continue };
            for band in 0..BANDS {
                let at = *buckets
                    .entry((band, band_key(signature, band)))
                    .or_insert_with(|| {
                        held.push(Default::default());
                        held.len() - 1
                    });
                held[at].0.push(doc as u32);
            }
        }
        CopiesAcross {
            added,
            threshold,
            buckets,
            held,
        }
    }

    /// The buckets of the added articles, `(band, key)`, each once: an earlier article shares
    /// none of them is never compared.
    pub fn buckets(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.buckets.keys().copied()
    }

    /// The signature of the earlier article at `place` (places ascending, in the order the
    /// earlier articles come in; `None` for one without words).
    pub fn see(&mut self, place: u64, signature: Option<&Signature>) {
        let Some(signature) = signature else { return };
        for band in 0..BANDS {
            if let Some(&bucket) = self.buckets.get(&(band, band_key(signature, band))) {
                let last = &mut self.held[bucket].1;
                if last.len() == BUCKET_NEIGHBOURS {
                    last.pop_front();
                }
                last.push_back((place, *signature));
            }
        }
    }

    /// The copies found: `(added article, earlier article)`, the earlier by its place, sorted
    /// and distinct.
    pub fn finish(self) -> Vec<(u32, u64)> {
        let mut pairs = Vec::new();
        for (added, last) in &self.held {
            // The added article `j` of a bucket follows all its earlier articles: it is
            // compared with the last `BUCKET_NEIGHBOURS - j` of them.
            for (j, &doc) in added.iter().enumerate().take(BUCKET_NEIGHBOURS) {
                let Some(signature) = &self.added[doc as usize] else {
                    continue;
                };
                let compared = last.len().min(BUCKET_NEIGHBOURS - j);
                for (earlier, other) in last.iter().skip(last.len() - compared) {
                    if similarity(signature, other) >= self.threshold {
                        pairs.push((doc, *earlier));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

/// The first article of `doc`'s group so far, shortening the path to it.
fn root(leaders: &mut [u32], doc: u32) -> u32 {
    let mut top = doc;
    while leaders[top as usize] != top {
        top = leaders[top as usize];
    }
    let mut at = doc;
    while leaders[at as usize] != top {
        let next = leaders[at as usize];
        leaders[at as usize] = top;
        at = next;
    }
    top
}

/// Puts `a` and `b` in one group, led by the earlier first article.
fn join(leaders: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (root(leaders, a), root(leaders, b));
    let (first, second) = (ra.min(rb), ra.max(rb));
    leaders[second as usize] = first;
}

/// Whether a feature in `doc_freq` of `docs` articles can relate stories.
pub(crate) fn telling(doc_freq: usize, docs: u32) -> bool {
    doc_freq >= 2 && doc_freq as f64 <= (f64::from(docs) * MAX_SHARE).max(2.0)
}

/// The inverse document frequency of a feature in `doc_freq` of `docs` articles.
pub(crate) fn idf(doc_freq: usize, docs: u32) -> f32 {
    (f64::from(docs) / doc_freq as f64).ln() as f32
}

/// Collects each article's strongest terms and entities as the builder goes through them, and
/// finds related stories from them.
pub struct RelatedBuilder {
    docs: u32,
    /// Per article, its strongest features so far: `(feature, weight)`, a term's ordinal or
    /// `entity_base + ordinal`.
    features: Vec<Vec<(u32, f32)>>,
    entity_base: u32,
}

impl RelatedBuilder {
    /// A builder for `docs` articles whose terms number `terms`.
    pub fn new(docs: u32, terms: u32) -> RelatedBuilder {
        RelatedBuilder {
            docs,
            features: vec![Vec::new(); docs as usize],
            entity_base: terms,
        }
    }

    /// Whether a feature in `doc_freq` articles can relate stories.
    fn telling(&self, doc_freq: usize) -> bool {
        telling(doc_freq, self.docs)
    }

    fn idf(&self, doc_freq: usize) -> f32 {
        idf(doc_freq, self.docs)
    }

    /// Term `ordinal` (`text`) and its postings, in ordinal order. A term without a letter
    /// (a figure, a date) is left out: figures are rare, so they would crowd out the words
    /// that say what a story is about, and two stories sharing a figure are seldom related.
    pub fn add_term(&mut self, ordinal: u32, text: &str, postings: &[Posting]) {
        if !self.telling(postings.len()) || !text.chars().any(char::is_alphabetic) {
            return;
        }
        let idf = self.idf(postings.len());
        for posting in postings {
            let f = |field: Field| posting.freqs[field as usize] as f32;
            let tf = 3.0 * f(Field::Title) + f(Field::Description) + f(Field::Body);
            if tf > 0.0 {
                let weight = (1.0 + tf.ln()) * idf;
                keep_best(
                    &mut self.features[posting.doc as usize],
                    TERMS,
                    ordinal,
                    weight,
                );
            }
        }
    }

    /// The corpus's entities.
    pub fn add_entities(&mut self, tables: &EntityTables) {
        let mut entities: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.docs as usize];
        for (ordinal, entity) in tables.entities.iter().enumerate() {
            if !self.telling(entity.docs.len()) {
                continue;
            }
            let idf = self.idf(entity.docs.len());
            for &(doc, mentions) in &entity.docs {
                let weight = (1.0 + (mentions as f32).ln()) * idf;
                keep_best(
                    &mut entities[doc as usize],
                    ENTITIES,
                    self.entity_base + ordinal as u32,
                    weight,
                );
            }
        }
        for (features, entities) in self.features.iter_mut().zip(entities) {
            features.extend(entities);
        }
    }

    /// Each article's related stories, best first, given each one's group of copies.
    pub fn finish(self, leaders: &[u32]) -> Vec<Vec<u32>> {
        let docs = self.docs as usize;
        // Each article's features, normalised, and each feature's articles with their weights,
        // in doc order: flat tables, which at a million articles take a third less memory
        // than a list per article and a sorted list of every (feature, article).
        let mut by_doc = Table::with_capacity(docs, self.features.iter().map(Vec::len).sum());
        for mut features in self.features {
            let norm = features.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
            // A feature in every article weighs 0, and an article of only those relates to none.
            if norm > 0.0 {
                for (_, w) in &mut features {
                    *w /= norm;
                }
            }
            by_doc.push_row(&features);
        }
        let by_feature = by_doc.transposed().heaviest(HEAVIEST);
        let related_of = |sums: &mut Sums, doc: usize| -> Vec<u32> {
            for &(feature, weight) in by_doc.row(doc) {
                sums.add(weight, by_feature.row(feature as usize));
            }
            let mut candidates: Vec<(f32, u32)> = sums
                .take()
                .map(|(other, score)| (score, other))
                .filter(|&(score, other)| {
                    score >= MIN_COSINE && leaders[other as usize] != leaders[doc]
                })
                .collect();
            best_stories(&mut candidates, leaders)
        };
        let scratch = || Sums::new(docs);
        // Each article's stories depend on nothing worked out for another, so articles are
        // shared among the builder's threads, in runs that each keep one scratch.
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            const RUN: usize = 4096;
            let runs: Vec<Vec<Vec<u32>>> = (0..docs.div_ceil(RUN))
                .into_par_iter()
                .map(|run| {
                    let mut scratch = scratch();
                    (run * RUN..docs.min((run + 1) * RUN))
                        .map(|doc| related_of(&mut scratch, doc))
                        .collect()
                })
                .collect();
            runs.into_iter().flatten().collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            let mut scratch = scratch();
            (0..docs).map(|doc| related_of(&mut scratch, doc)).collect()
        }
    }
}

/// Rows of `(column, weight)` one after another: row `r` is `pairs[starts[r]..starts[r + 1]]`.
struct Table {
    starts: Vec<usize>,
    pairs: Vec<(u32, f32)>,
}

impl Table {
    fn with_capacity(rows: usize, pairs: usize) -> Table {
        let mut starts = Vec::with_capacity(rows + 1);
        starts.push(0);
        Table {
            starts,
            pairs: Vec::with_capacity(pairs),
        }
    }

    fn push_row(&mut self, row: &[(u32, f32)]) {
        self.pairs.extend_from_slice(row);
        self.starts.push(self.pairs.len());
    }

    fn row(&self, row: usize) -> &[(u32, f32)] {
        self.starts
            .get(row..row + 2)
            .map_or(&[], |s| &self.pairs[s[0]..s[1]])
    }

    /// The table with rows and columns swapped: a column's rows in row order.
    fn transposed(&self) -> Table {
        let columns = self.pairs.iter().map(|&(c, _)| c as usize + 1).max();
        let mut starts = vec![0; columns.unwrap_or(0) + 1];
        for &(column, _) in &self.pairs {
            starts[column as usize + 1] += 1;
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut next = starts.clone();
        let mut pairs = vec![(0, 0.0); self.pairs.len()];
        for row in 0..self.starts.len() - 1 {
            for &(column, weight) in self.row(row) {
                pairs[next[column as usize]] = (row as u32, weight);
                next[column as usize] += 1;
            }
        }
        Table { starts, pairs }
    }

    /// The table with each row cut to its `most` heaviest pairs (ties to the lower column),
    /// which stay in column order.
    fn heaviest(mut self, most: usize) -> Table {
        let heavier = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut kept = 0;
        for row in 0..self.starts.len() - 1 {
            let (start, end) = (self.starts[row], self.starts[row + 1]);
            let pairs = &mut self.pairs[start..end];
            let len = if pairs.len() > most {
                pairs.select_nth_unstable_by(most, heavier);
                pairs[..most].sort_unstable_by_key(|&(column, _)| column);
                most
            } else {
                pairs.len()
            };
            self.pairs.copy_within(start..start + len, kept);
            self.starts[row] = kept;
            kept += len;
        }
        *self.starts.last_mut().expect("a table has a start") = kept;
        self.pairs.truncate(kept);
        self.pairs.shrink_to_fit();
        self
    }
}

/// An article's running sums of products against other articles, and which articles have
/// one: what both the build and `add` (across segments) find related stories with.
pub struct Sums {
    scores: Vec<f32>,
    touched: Vec<u32>,
}

impl Sums {
    /// Sums against articles numbered below `docs`.
    pub fn new(docs: usize) -> Sums {
        Sums {
            scores: vec![0.0; docs],
            touched: Vec::new(),
        }
    }

    /// Adds `weight` times each `(article, weight)` of a feature's list.
    pub fn add(&mut self, weight: f32, list: &[(u32, f32)]) {
        for &(other, w) in list {
            let score = &mut self.scores[other as usize];
            if *score == 0.0 {
                self.touched.push(other);
            }
            *score += weight * w;
        }
    }

    /// Each article summed and its sum, in the order first summed; the sums start again.
    pub fn take(&mut self) -> impl Iterator<Item = (u32, f32)> + '_ {
        let scores = &mut self.scores;
        self.touched
            .drain(..)
            .map(|other| (other, std::mem::take(&mut scores[other as usize])))
    }
}

/// The best `(score, article)` candidates, at most [`RELATED`] and one per group of copies.
///
/// In a large corpus an article has thousands of candidates and only the first few are
/// chosen, so the best few are selected and sorted first. The order is total (ties
/// by article), so they are the first of a whole sort; it is sorted whole only when they hold
/// too few groups.
fn best_stories(candidates: &mut [(f32, u32)], leaders: &[u32]) -> Vec<u32> {
    let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    let mut first = candidates.len().min(4 * RELATED);
    loop {
        if first < candidates.len() {
            candidates.select_nth_unstable_by(first, order);
        }
        candidates[..first].sort_unstable_by(order);
        let mut chosen: Vec<u32> = Vec::with_capacity(RELATED);
        for &(_, other) in &candidates[..first] {
            let leader = leaders[other as usize];
            if chosen.iter().all(|&c| leaders[c as usize] != leader) {
                chosen.push(other);
                if chosen.len() == RELATED {
                    return chosen;
                }
            }
        }
        if first == candidates.len() {
            return chosen;
        }
        first = candidates.len();
    }
}

/// Keeps `(feature, weight)` in `best` if it is among the `size` heaviest so far.
pub(crate) fn keep_best<F>(best: &mut Vec<(F, f32)>, size: usize, feature: F, weight: f32) {
    if best.len() < size {
        best.push((feature, weight));
        return;
    }
    let (at, lightest) = best.iter().enumerate().fold(
        (0, f32::INFINITY),
        |(at, min), (i, &(_, w))| {
            if w < min {
                (i, w)
            } else {
                (at, min)
            }
        },
    );
    if weight > lightest {
        best[at] = (feature, weight);
    }
}

/// Each entity's related entities: those in most of its articles, `(ordinal, shared
/// articles)`, most first, then by ordinal.
///
/// # Errors
/// As [`crate::entities::DocMentions::for_each`], reading the mentions back.
pub fn entity_related(tables: &mut EntityTables) -> crate::error::Result<Vec<Vec<(u32, u32)>>> {
    let mut doc_entities: Vec<Vec<u32>> = Vec::new();
    tables.mentions.for_each(|_, mentions| {
        let mut entities: Vec<u32> = Vec::new();
        for &(_, entity) in mentions {
            if !entities.contains(&entity) && entities.len() < ENTITIES_PER_ARTICLE {
                entities.push(entity);
            }
        }
        doc_entities.push(entities);
        Ok(())
    })?;
    let mut counts = vec![0u32; tables.entities.len()];
    let mut touched: Vec<u32> = Vec::new();
    Ok(tables
        .entities
        .iter()
        .enumerate()
        .map(|(ordinal, entity)| {
            for &(doc, _) in &entity.docs {
                for &other in doc_entities.get(doc as usize).map_or(&[][..], |e| &e[..]) {
                    if other as usize != ordinal {
                        if counts[other as usize] == 0 {
                            touched.push(other);
                        }
                        counts[other as usize] += 1;
                    }
                }
            }
            let mut related: Vec<(u32, u32)> = touched
                .drain(..)
                .map(|other| (other, std::mem::take(&mut counts[other as usize])))
                .filter(|&(_, count)| count >= MIN_SHARED)
                .collect();
            related.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            related.truncate(ENTITY_RELATED);
            related
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The central bank raised its main lending rate by half a point on \
        Tuesday, citing inflation that has run above its target for six months, and said \
        further rises were likely if wages kept climbing at the present pace.";

    #[test]
    fn copies_group_and_other_stories_do_not() {
        let edited = STORY.replace("Tuesday", "Wednesday");
        let other = "Farmers in the north reported a record harvest of wheat and barley \
            after a wet spring, and prices at the regional market fell for a third week.";
        let signatures: Vec<Option<Signature>> = [
            ("RATES RISE", STORY),
            ("FARM NEWS", other),
            ("RATES RISE", edited.as_str()),
            ("", ""),
            ("rates rise", &STORY.to_uppercase()),
        ]
        .iter()
        .map(|(title, body)| signature(&shingles(title, body)))
        .collect();
        assert!(signatures[3].is_none(), "no words, no signature");
        let close = similarity(
            signatures[0].as_ref().unwrap(),
            signatures[2].as_ref().unwrap(),
        );
        assert!(close >= COPY_JACCARD, "{close}");
        assert_eq!(groups(&signatures, COPY_JACCARD), [0, 1, 0, 3, 0]);
        assert_eq!(groups(&signatures, 1.01), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn copies_across_are_found_from_the_last_earlier_articles_of_the_added_buckets_alone() {
        // 150 earlier copies of one story (buckets past BUCKET_NEIGHBOURS), other stories and
        // an article without words between them; two added copies and an added other story.
        let earlier: Vec<Option<Signature>> = (0..300)
            .map(|i| match i % 2 {
                0 => signature(&shingles("RATES RISE", STORY)),
                _ if i % 7 == 0 => None,
                _ => signature(&shingles(
                    "NEWS",
                    &format!("story {i} of its own words here"),
                )),
            })
            .collect();
        let added: Vec<Option<Signature>> = [STORY, "a story 301 of its own words here"]
            .iter()
            .map(|body| signature(&shingles("RATES RISE", body)))
            .chain([signature(&shingles(
                "NEWS",
                &STORY.replace("Tuesday", "Monday"),
            ))])
            .collect();
        let mut every = CopiesAcross::new(&added, COPY_JACCARD);
        for (place, signature) in (0u64..).zip(&earlier) {
            every.see(place, signature.as_ref());
        }
        let mut some = CopiesAcross::new(&added, COPY_JACCARD);
        let mut chosen: Vec<u64> = Vec::new();
        for (band, key) in some.buckets().collect::<Vec<_>>() {
            let members = (0u64..)
                .zip(&earlier)
                .filter(|(_, s)| s.as_ref().is_some_and(|s| band_key(s, band) == key))
                .map(|(place, _)| place);
            let members: Vec<u64> = members.collect();
            chosen.extend(members.iter().rev().take(BUCKET_NEIGHBOURS));
        }
        chosen.sort_unstable();
        chosen.dedup();
        for &place in &chosen {
            some.see(place, earlier[place as usize].as_ref());
        }
        let found = every.finish();
        assert!(chosen.len() < earlier.len() / 2, "{} seen", chosen.len());
        // The story's copy is compared with the last BUCKET_NEIGHBOURS copies of its buckets
        // alone (places 172 to 298).
        let copies: Vec<u64> = found.iter().filter(|f| f.0 == 0).map(|f| f.1).collect();
        assert_eq!(copies, (172..300).step_by(2).collect::<Vec<u64>>());
        assert_eq!(some.finish(), found);
    }

    #[test]
    fn shingles_ignore_case_and_line_breaks() {
        let wrapped = STORY.replace(' ', "\n");
        assert_eq!(shingles("A", STORY), shingles("a", &wrapped));
        assert_eq!(
            shingles("", "one two").len(),
            1,
            "short text is one shingle"
        );
    }

    #[test]
    fn best_stories_are_those_of_a_whole_sort_when_copies_fill_the_first_few() {
        // Articles 0..40 are copies of one story (leader 0) and score highest; 40..60 are
        // stories of their own. The first few selected hold one group, so the whole sort
        // decides, and its choice is the best copy and then the other stories by score.
        let leaders: Vec<u32> = (0..60).map(|a| if a < 40 { 0 } else { a }).collect();
        let mut candidates: Vec<(f32, u32)> = (0..60u32)
            .map(|a| (if a < 40 { 1.0 } else { 0.5 - a as f32 / 1000.0 }, a))
            .rev()
            .collect();
        let chosen = best_stories(&mut candidates, &leaders);
        let mut expected = vec![0];
        expected.extend(40..40 + RELATED as u32 - 1);
        assert_eq!(chosen, expected);
    }

    #[test]
    fn a_transposed_table_lists_each_column_s_rows_in_row_order() {
        let mut table = Table::with_capacity(3, 5);
        table.push_row(&[(2, 0.5), (0, 0.25)]);
        table.push_row(&[]);
        table.push_row(&[(0, 1.0), (2, 2.0), (1, 3.0)]);
        let transposed = table.transposed();
        assert_eq!(transposed.row(0), [(0, 0.25), (2, 1.0)]);
        assert_eq!(transposed.row(1), [(2, 3.0)]);
        assert_eq!(transposed.row(2), [(0, 0.5), (2, 2.0)]);
        assert_eq!(transposed.row(3), [], "past the last column");
        assert_eq!(table.row(1), [], "an empty row");
        assert_eq!(
            transposed.transposed().row(2),
            [(0, 1.0), (1, 3.0), (2, 2.0)],
            "back again, a row's columns come in column order"
        );
    }

    #[test]
    fn heaviest_cuts_long_rows_to_their_heaviest_in_column_order() {
        let mut table = Table::with_capacity(4, 9);
        table.push_row(&[(1, 0.5), (3, 0.9), (4, 0.5), (7, 0.1)]);
        table.push_row(&[(2, 0.2)]);
        table.push_row(&[]);
        table.push_row(&[(0, 0.3), (5, 0.8), (6, 0.7), (8, 0.9)]);
        let cut = table.heaviest(2);
        assert_eq!(
            cut.row(0),
            [(1, 0.5), (3, 0.9)],
            "a tie goes to the lower column"
        );
        assert_eq!(cut.row(1), [(2, 0.2)]);
        assert_eq!(cut.row(2), []);
        assert_eq!(cut.row(3), [(5, 0.8), (8, 0.9)]);
        assert_eq!(cut.pairs.len(), 5);
    }

    #[test]
    fn keep_best_keeps_the_heaviest() {
        let mut best = Vec::new();
        for (f, w) in [(1, 0.5), (2, 0.1), (3, 0.9), (4, 0.3)] {
            keep_best(&mut best, 3, f, w);
        }
        best.sort_by_key(|&(f, _)| f);
        assert_eq!(best, [(1, 0.5), (3, 0.9), (4, 0.3)]);
    }
}
