//! A segment's related file (`related NAME` after its `segment` line, and its `copies` line if
//! any, in a manifest): its articles' related stories chosen over every segment up to it, and
//! the places where its articles entered an earlier article's list. Cosine is symmetric, so
//! an article added later that is close to an earlier one enters the earlier one's list; a
//! reader takes an article's list from its segment (this file, or its core's when the segment
//! has none) and replays the later segments' entries for it in order, as [`replay`] does.
//! Scores need not be stored: `add` works them out again from each segment's vectors (see
//! [`newsdex_index::vectors`]) when it places an article.
//!
//! The bytes: `newsdex-related 1\n`, the article count, then each article's list (its length,
//! then each story as its segment's place among the segments from 0 and its article), then
//! the number of entries and each entry (the earlier segment, its article, this segment's
//! article, the place it entered at), all varints; entries are sorted by earlier article and
//! then in the order they were made.

use std::collections::HashMap;

use newsdex_format::varint;
use newsdex_index::stories::{Sums, HEAVIEST, MIN_COSINE, RELATED};
use newsdex_index::vectors::{cosine, Vector};

use crate::copies::Copies;
use crate::error::Result;

/// The file's first bytes: what it is and its format's version.
pub const MAGIC: &[u8] = b"newsdex-related 1\n";

/// What the file's errors name.
const WHAT: &str = "related";

/// An article: its segment's place among the segments, and its number there.
pub type Doc = (u32, u32);

/// An entry: earlier article `doc`'s list took `story` (of the file's segment) at `place`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entered {
    /// The earlier article.
    pub doc: Doc,
    /// The file's segment's article that entered its list.
    pub story: u32,
    /// Where in the list, from 0, as it stood after the entries before this one.
    pub place: u8,
}

/// A segment's related stories over every segment up to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Related {
    /// By article of the segment: its related stories, best first, at most [`RELATED`].
    pub lists: Vec<Vec<Doc>>,
    /// The segment's articles entering earlier articles' lists, by earlier article, then in
    /// the order they entered.
    pub entered: Vec<Entered>,
}

impl Related {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        varint::write_u32(&mut out, self.lists.len() as u32);
        for list in &self.lists {
            varint::write_u32(&mut out, list.len() as u32);
            for &(segment, doc) in list {
                varint::write_u32(&mut out, segment);
                varint::write_u32(&mut out, doc);
            }
        }
        varint::write_u32(&mut out, self.entered.len() as u32);
        for entry in &self.entered {
            for value in [
                entry.doc.0,
                entry.doc.1,
                entry.story,
                u32::from(entry.place),
            ] {
                varint::write_u32(&mut out, value);
            }
        }
        out
    }

    /// The related stories of the file `bytes`.
    ///
    /// ```
    /// use newsdex::related::{Entered, Related};
    /// let related = Related {
    ///     lists: vec![vec![(0, 4), (1, 1)], vec![]],
    ///     entered: vec![Entered { doc: (0, 2), story: 1, place: 0 }],
    /// };
    /// assert_eq!(Related::parse(&related.to_bytes())?, related);
    /// let error = Related::parse(b"newsdex-related 1\x01").unwrap_err();
    /// assert!(error.to_string().contains("related"), "{error}");
    /// # Ok::<(), newsdex::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`crate::ErrorKind::Format`] (`Corrupt`, naming the related stories) for bytes that are
    /// not a related file, are cut short, go on past the entries, list more than
    /// [`RELATED`] stories or an entry's place past them, or entries out of order.
    pub fn parse(bytes: &[u8]) -> Result<Related> {
        let bad = |why: &str| newsdex_format::Error::corrupt(WHAT, why.to_owned());
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("not a related file (`newsdex-related 1`)"))?;
        let mut at = 0;
        let mut next = || varint::read_u32(rest, &mut at).ok_or_else(|| bad("cut short"));
        let count = next()?;
        let mut lists = Vec::with_capacity((count as usize).min(rest.len()));
        for _ in 0..count {
            let length = next()?;
            if length as usize > RELATED {
                return Err(bad("a list of more than 8 stories").into());
            }
            let list: Result<Vec<Doc>> = (0..length).map(|_| Ok((next()?, next()?))).collect();
            lists.push(list?);
        }
        let count = next()?;
        let mut entered = Vec::with_capacity((count as usize).min(rest.len()));
        for _ in 0..count {
            let (doc, story, place) = ((next()?, next()?), next()?, next()?);
            if place as usize >= RELATED {
                return Err(bad("an entry past a list's last place").into());
            }
            let place = place as u8;
            entered.push(Entered { doc, story, place });
        }
        if at != rest.len() {
            return Err(bad("bytes past its entries").into());
        }
        if entered.windows(2).any(|w| w[0].doc > w[1].doc) {
            return Err(bad("entries out of order").into());
        }
        Ok(Related { lists, entered })
    }

    /// The entries for earlier article `doc`, in order.
    pub fn entered_for(&self, doc: Doc) -> &[Entered] {
        let start = self.entered.partition_point(|e| e.doc < doc);
        let end = self.entered.partition_point(|e| e.doc <= doc);
        &self.entered[start..end]
    }
}

/// `list` after `entered` (a later segment `segment`'s entries for its article, in order).
pub fn replay(list: &mut Vec<Doc>, segment: u32, entered: &[Entered]) {
    for entry in entered {
        let place = (entry.place as usize).min(list.len());
        list.insert(place, (segment, entry.story));
        list.truncate(RELATED);
    }
}

/// How many of an added article's closest earlier articles are kept: its list is chosen from
/// them, and it may enter their lists. More would each cost `add` an earlier list and its
/// stories' vectors read, and an article further down an added one's candidates seldom beats
/// an earlier list's last (on Reuters-21578, 16 lose 0.02 of related@5 against no bound, 64
/// under 0.01: see docs/performance.md).
pub const CLOSEST: usize = 64;

/// The earlier live articles of the terms of a new segment's vectors, as `add` compares the
/// new articles with them: each term's [`HEAVIEST`] heaviest, numbered across the segments
/// (segment `k`'s article `doc` is `starts[k] + doc`), as the build cuts a feature's list.
pub struct ByTerm {
    starts: Vec<u32>,
    lists: HashMap<u64, Vec<(u32, f32)>>,
}

/// Heaviest first, ties to the lower article: the order a term's articles are cut in.
pub fn heavier(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

impl ByTerm {
    /// No term yet, over segments of `sizes` articles.
    pub fn new(sizes: impl IntoIterator<Item = u32>) -> ByTerm {
        let mut starts: Vec<u32> = vec![0];
        for size in sizes {
            starts.push(starts.last().copied().unwrap_or(0).saturating_add(size));
        }
        ByTerm {
            starts,
            lists: HashMap::new(),
        }
    }

    /// Adds segment `segment`'s articles of term `key`, `(article, weight)`, those of
    /// `removed` (sorted) left out.
    pub fn gather(&mut self, key: u64, segment: u32, list: &[(u32, f32)], removed: &[u32]) {
        let start = self.starts[segment as usize];
        let live = list
            .iter()
            .filter(|(doc, _)| removed.binary_search(doc).is_err())
            .map(|&(doc, w)| (start + doc, w));
        self.lists.entry(key).or_default().extend(live);
    }

    /// Each term's list cut to its [`HEAVIEST`] heaviest.
    pub fn cut(&mut self) {
        for list in self.lists.values_mut() {
            if list.len() > HEAVIEST {
                list.select_nth_unstable_by(HEAVIEST, heavier);
                list.truncate(HEAVIEST);
            }
        }
    }

    /// The earlier articles of segments' `vectors` by term, scanned (what a segment's
    /// vectors file holds, for a corpus at hand), those of `removed` left out.
    pub fn scan(vectors: &[Vec<Vector>], removed: &[Vec<u32>]) -> ByTerm {
        let mut by_term = ByTerm::new(vectors.iter().map(|v| v.len() as u32));
        for (k, segment) in (0u32..).zip(vectors) {
            for (doc, vector) in (0u32..).zip(segment) {
                for &(key, w) in vector {
                    by_term.gather(key, k, &[(doc, w)], &removed[k as usize]);
                }
            }
        }
        by_term.cut();
        by_term
    }

    /// Segment and article of article `number`.
    fn doc(&self, number: u32) -> Doc {
        let k = self.starts.partition_point(|&s| s <= number) - 1;
        (k as u32, number - self.starts[k])
    }
}

/// The pairs of a new segment's articles (`added`, their vectors) and the earlier live
/// articles (`earlier`) whose cosine over the terms' heaviest is at least [`MIN_COSINE`],
/// each added article's [`CLOSEST`] closest: `(earlier article, added article, cosine)`,
/// sorted.
pub fn close_pairs(added: &[Vector], earlier: &ByTerm) -> Vec<(Doc, u32, f32)> {
    let mut sums = Sums::new(earlier.starts.last().copied().unwrap_or(0) as usize);
    let mut pairs = Vec::new();
    for (doc, vector) in (0u32..).zip(added) {
        for (key, weight) in vector {
            sums.add(*weight, earlier.lists.get(key).map_or(&[], Vec::as_slice));
        }
        let mut close: Vec<(u32, f32)> = sums
            .take()
            .filter(|&(_, score)| score >= MIN_COSINE)
            .collect();
        if close.len() > CLOSEST {
            close.select_nth_unstable_by(CLOSEST, heavier);
            close.truncate(CLOSEST);
        }
        pairs.extend(
            close
                .into_iter()
                .map(|(other, score)| (earlier.doc(other), doc, score)),
        );
    }
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    pairs
}

/// The added articles by feature, to score them against each other.
struct Inverted {
    by_feature: HashMap<u64, Vec<(u32, f32)>>,
    sums: Sums,
}

impl Inverted {
    fn new(added: &[Vector]) -> Inverted {
        let mut by_feature: HashMap<u64, Vec<(u32, f32)>> = HashMap::new();
        for (doc, vector) in (0u32..).zip(added) {
            for &(key, weight) in vector {
                by_feature.entry(key).or_default().push((doc, weight));
            }
        }
        Inverted {
            by_feature,
            sums: Sums::new(added.len()),
        }
    }

    /// The added articles whose cosine with `vector` is at least [`MIN_COSINE`], by article.
    fn close(&mut self, vector: &[(u64, f32)]) -> Vec<(u32, f32)> {
        for (key, weight) in vector {
            let list = self.by_feature.get(key).map_or(&[][..], Vec::as_slice);
            self.sums.add(*weight, list);
        }
        let mut close: Vec<(u32, f32)> = self
            .sums
            .take()
            .filter(|&(_, score)| score >= MIN_COSINE)
            .collect();
        close.sort_unstable_by_key(|&(other, _)| other);
        close
    }
}

/// Orders candidates best first: highest score, then the earlier segment and article.
fn best_first(a: &(f32, Doc), b: &(f32, Doc)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The related file of a new segment, the `segment`th: its articles' lists chosen over every
/// live article (`pairs`, as [`close_pairs`] found them, and the segment's own articles),
/// one per story of the segment (`leaders`, its groups of copies) and none of an article's
/// copies (theirs, and `copies`, those among the earlier segments'); and where they enter the
/// lists of the earlier articles of `pairs`, whose lists now are `lists` (in the order of
/// [`earlier_docs`] of `pairs`, as a reader replays them), scored with the earlier
/// articles' `vectors` (those of `pairs` and of their lists).
pub fn related_file(
    segment: u32,
    added: &[Vector],
    leaders: &[u32],
    copies: &Copies,
    vectors: &HashMap<Doc, Vector>,
    pairs: &[(Doc, u32, f32)],
    lists: &[Vec<Doc>],
) -> Related {
    let vector = |doc: Doc| vectors.get(&doc).map_or(&[][..], Vec::as_slice);
    let is_copy = |doc: u32, other: Doc| {
        if other.0 == segment {
            return leaders.get(doc as usize) == leaders.get(other.1 as usize);
        }
        copies.pairs.binary_search(&(doc, other.0, other.1)).is_ok()
    };
    // Each added article's candidates: the earlier articles close to it, and its segment's.
    let mut candidates: Vec<Vec<(f32, Doc)>> = vec![Vec::new(); added.len()];
    for &(doc, other, score) in pairs {
        candidates[other as usize].push((score, doc));
    }
    let mut inverted = Inverted::new(added);
    for (a, vector) in (0u32..).zip(added) {
        for (b, score) in inverted.close(vector) {
            if b != a {
                candidates[a as usize].push((score, (segment, b)));
            }
        }
    }
    let lists_of_added = (0u32..)
        .zip(candidates)
        .map(|(doc, mut found)| {
            found.retain(|&(_, other)| !is_copy(doc, other));
            found.sort_unstable_by(best_first);
            let mut chosen: Vec<Doc> = Vec::with_capacity(RELATED);
            for (_, other) in found {
                let own_story = |c: &Doc| {
                    c.0 == segment
                        && other.0 == segment
                        && leaders.get(c.1 as usize) == leaders.get(other.1 as usize)
                };
                if !chosen.iter().any(own_story) {
                    chosen.push(other);
                }
                if chosen.len() == RELATED {
                    break;
                }
            }
            chosen
        })
        .collect();
    // The earlier articles' lists, each story placed after those at least as close.
    let mut entered = Vec::new();
    for (list, group) in lists.iter().zip(pairs.chunk_by(|a, b| a.0 == b.0)) {
        let doc = group[0].0;
        let mut scored: Vec<(f32, Doc)> = list
            .iter()
            .map(|&other| (cosine(vector(doc), vector(other)), other))
            .collect();
        let mut found: Vec<(f32, Doc)> = group
            .iter()
            .filter(|&&(_, story, _)| !is_copy(story, doc))
            .map(|&(_, story, score)| (score, (segment, story)))
            .collect();
        found.sort_unstable_by(best_first);
        for (score, story) in found {
            let same_story = |&(_, c): &(f32, Doc)| {
                c.0 == segment && leaders.get(c.1 as usize) == leaders.get(story.1 as usize)
            };
            if scored.iter().any(same_story) {
                continue;
            }
            let place = scored.partition_point(|&(s, _)| s >= score);
            if place < RELATED {
                scored.insert(place, (score, story));
                scored.truncate(RELATED);
                entered.push(Entered {
                    doc,
                    story: story.1,
                    place: place as u8,
                });
            }
        }
    }
    Related {
        lists: lists_of_added,
        entered,
    }
}

/// The distinct earlier articles of `pairs` ([`close_pairs`]'s), in order: those whose lists
/// [`related_file`] is given.
pub fn earlier_docs(pairs: &[(Doc, u32, f32)]) -> Vec<Doc> {
    let mut docs: Vec<Doc> = pairs.iter().map(|p| p.0).collect();
    docs.dedup();
    docs
}
