//! Related stories across segments at `add`: a new segment's articles' vectors, made with the
//! whole live corpus's document frequencies, compared with every earlier segment's live
//! articles (their vectors files, see [`crate::vectors`]): the new articles' lists are chosen
//! over every segment, and where a new article is close enough to an earlier one to enter its
//! list, the place is written down (see [`newsdex::related`]).

use std::path::Path;

use newsdex::copies::Copies;
use newsdex::related::{close_pairs, earlier_docs, related_file, Earlier, Related};
use newsdex::Article;
use newsdex_index::stories::{groups, Signature, COPY_JACCARD};

use crate::segments::{open_entries, Entry};
use crate::vectors::{self, Vectors};

/// The vectors of `articles` (a new segment written after the segments of `entries`, beside
/// the manifest at `path`, whose signatures are `signatures` and copies among the earlier
/// segments `copies`), and its related file; none when no segment is before it.
pub fn related_of(
    path: &Path,
    entries: &[Entry],
    articles: &[Article],
    signatures: &[Option<Signature>],
    copies: &Copies,
) -> Result<(Vectors, Option<Related>), String> {
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Segment(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    if names.is_empty() {
        return Ok((vectors::of(articles, 0, |_| 0), None));
    }
    let mut index = open_entries(path, entries)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let removed = crate::chunks::answer_segmented(&mut index, dir, |s| s.removed_articles())?;
    let earlier: Vec<Vectors> = names
        .iter()
        .enumerate()
        .map(|(k, name)| vectors::read(path, name, index.segment_articles(k)))
        .collect::<Result<_, _>>()?;
    let live = earlier.iter().map(|v| v.vectors.len()).sum::<usize>()
        - removed.iter().map(Vec::len).sum::<usize>();
    let doc_freq = |key: u64| -> u32 {
        earlier
            .iter()
            .map(|v| {
                v.doc_freqs
                    .binary_search_by_key(&key, |f| f.0)
                    .map_or(0, |at| v.doc_freqs[at].1)
            })
            .sum()
    };
    let added = vectors::of(articles, live as u32, doc_freq);
    let by_segment: Vec<Vec<_>> = earlier.into_iter().map(|v| v.vectors).collect();
    let earlier = Earlier {
        vectors: &by_segment,
        removed: &removed,
    };
    let pairs = close_pairs(&added.vectors, &earlier);
    let docs = earlier_docs(&pairs);
    let lists = crate::chunks::answer_segmented(&mut index, dir, |s| s.related_lists(&docs))?;
    let leaders = groups(signatures, COPY_JACCARD);
    let related = related_file(
        names.len() as u32,
        &added.vectors,
        &leaders,
        copies,
        &earlier,
        &pairs,
        &lists,
    );
    Ok((added, Some(related)))
}
