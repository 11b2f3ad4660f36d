//! Related stories across segments at `add`: a new segment's articles' vectors, made with the
//! whole live corpus's document frequencies, compared with the earlier segments' live
//! articles through their vectors files (see [`crate::vectors`]), by term: only the new
//! articles' terms are read, each one's heaviest articles as the build cuts a feature's list,
//! and the vectors of the earlier articles whose lists a new article may enter. The new
//! articles' lists are chosen over every segment, and where a new article is close enough to
//! an earlier one to enter its list, the place is written down (see [`newsdex::related`]).

use std::collections::HashMap;
use std::path::Path;

use newsdex::copies::Copies;
use newsdex::related::{close_pairs, earlier_docs, related_file, ByTerm, Related};
use newsdex::Article;
use newsdex_index::stories::{groups, Signature, COPY_JACCARD};
use newsdex_index::vectors::{counts_of, doc_freqs, vectors_of, Vector};

use crate::segments::{open_entries, Entry};
use crate::vectors;

/// A new segment's vectors and its terms' document frequencies, and its related file.
pub struct Found {
    /// `(term hash, articles)` of the segment's terms, sorted by hash.
    pub doc_freqs: Vec<(u64, u32)>,
    /// By article: its vector.
    pub vectors: Vec<Vector>,
    /// None when no segment is before it.
    pub related: Option<Related>,
}

/// The vectors and related file of `articles`, a new segment written after the segments of
/// `entries` beside the manifest at `path`, whose signatures are `signatures` and copies
/// among the earlier segments `copies`; a segment's vectors worked out from its text hold at
/// most `budget` bytes of its terms' articles at once.
pub fn related_of(
    path: &Path,
    entries: &[Entry],
    articles: &[Article],
    signatures: &[Option<Signature>],
    copies: &Copies,
    budget: usize,
) -> Result<Found, String> {
    let names: Vec<&str> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Segment(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let counts = counts_of(articles);
    let own = doc_freqs(counts.iter().map(Vec::as_slice));
    if names.is_empty() {
        let vectors = vectors_of(&counts, &own, 0, |_| 0);
        return Ok(Found {
            doc_freqs: own,
            vectors,
            related: None,
        });
    }
    let mut index = open_entries(path, entries)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let removed = crate::chunks::answer_segmented(&mut index, dir, |s| s.removed_articles())?;
    let sizes: Vec<u32> = (0..names.len())
        .map(|k| index.segment_articles(k))
        .collect();
    let tables = names
        .iter()
        .zip(&sizes)
        .map(|(name, &docs)| vectors::open(path, name, docs, budget))
        .collect::<Result<Vec<_>, _>>()?;
    // The new articles' terms in every earlier segment: document frequencies and lists.
    let keys: Vec<u64> = own.iter().map(|f| f.0).collect();
    let terms = tables
        .iter()
        .map(|t| t.terms(&keys))
        .collect::<Result<Vec<_>, _>>()?;
    let live = sizes.iter().sum::<u32>() - removed.iter().map(|r| r.len() as u32).sum::<u32>();
    let doc_freq = |key: u64| -> u32 {
        keys.binary_search(&key).map_or(0, |at| {
            terms.iter().filter_map(|t| t[at]).map(|t| t.doc_freq).sum()
        })
    };
    let added = vectors_of(&counts, &own, live, doc_freq);
    let mut wanted: Vec<u64> = added.iter().flatten().map(|&(key, _)| key).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut by_term = ByTerm::new(sizes.iter().copied());
    for key in wanted {
        let Ok(at) = keys.binary_search(&key) else {
            continue;
        };
        for (k, (table, terms)) in (0u32..).zip(tables.iter().zip(&terms)) {
            if let Some(term) = terms[at] {
                by_term.gather(key, k, &table.list(&term)?, &removed[k as usize]);
            }
        }
    }
    by_term.cut();
    let pairs = close_pairs(&added, &by_term);
    let docs = earlier_docs(&pairs);
    let lists = crate::chunks::answer_segmented(&mut index, dir, |s| s.related_lists(&docs))?;
    let mut earlier: HashMap<(u32, u32), Vector> = HashMap::new();
    for &(k, doc) in docs.iter().chain(lists.iter().flatten()) {
        if let (std::collections::hash_map::Entry::Vacant(slot), Some(table)) =
            (earlier.entry((k, doc)), tables.get(k as usize))
        {
            slot.insert(table.vector(doc)?);
        }
    }
    let leaders = groups(signatures, COPY_JACCARD);
    let related = related_file(
        names.len() as u32,
        &added,
        &leaders,
        copies,
        &earlier,
        &pairs,
        &lists,
    );
    Ok(Found {
        doc_freqs: own,
        vectors: added,
        related: Some(related),
    })
}
