//! A sharded index's words matched at a few candidate articles by reading their stored text
//! again, where the postings would cost each term's skip table and a block per candidate: a
//! prefix's 64 completions read at 30 articles fetch 64 tables and up to 1,920 blocks, the
//! 30 articles' text once, and the page needs the text of its hits anyway. The text is what
//! the builder analysed, split and folded the same way and looked up in the same words
//! dictionary, so the occurrences, and the scores, are the postings' own. The headline pass
//! reads the headlines of articles whose text is at hand the same way.

use newsdex_format::at::At;
use newsdex_format::postings::Posting;
use newsdex_format::{norms, skips, Field, FIELD_COUNT};
use newsdex_index::analysis::{words, Role};
use newsdex_index::sort;
use newsdex_index::{Analyzer, Language};

use crate::error::Result;
use crate::index::stored::StoreView;
use crate::index::View;
use crate::query::plan::Expansion;
use crate::read::request::Request;

/// What one more range costs a request besides its bytes: a part's headers in a response with
/// several ranges.
const RANGE_BYTES: f64 = 80.0;

/// The words dictionary's pieces a read of stored text fetches to look its words up, as a
/// share of the text's bytes: a third at 1,972 articles of the 1M-article archive (1.0 MB
/// for 3.0 MB of text, 4.3 MB where their postings were 2.9 MB), set above it since those
/// articles' records were also a quarter over the mean.
const LOOKUP_SHARE: f64 = 0.4;

/// Whether reading `docs`' stored text costs a sharded index fewer bytes than reading the
/// postings of `expansions` at them (never for a single-file index, which reads neither).
///
/// Both sides are estimates from the core alone, whatever was fetched before, so that the
/// choice is the same in every round of a request.
pub(crate) fn cheaper(view: &View<'_>, expansions: &[Expansion], docs: &[u32]) -> Result<bool> {
    let Some(store) = packed_store(view) else {
        return Ok(false);
    };
    let postings: f64 = expansions
        .iter()
        .map(|e| postings_bytes(e, docs.len()))
        .sum();
    // The records' mean length: each record's own is in its card, which may not be at hand.
    // Their words are looked up in the words dictionary, whose pieces cost more bytes.
    let record = store.mean_record_len(view.meta.doc_count) * (1.0 + LOOKUP_SHARE);
    let text = docs.len() as f64 * (record + RANGE_BYTES);
    Ok(text < postings)
}

/// Whether a read of `expansions` at articles not known yet (an earlier clause waits for its
/// bytes) should wait for them too, rather than fetch the skip tables it will need if it reads
/// postings: true when the tables are many bytes and the text may be read instead.
pub(crate) fn waits(view: &View<'_>, expansions: &[Expansion]) -> bool {
    if packed_store(view).is_none() {
        return false;
    }
    let tables: usize = expansions
        .iter()
        .map(|e| skips::postings_part(&e.info.skips, e.info.doc_freq).len())
        .sum();
    tables > WAITING_TABLE_BYTES
}

/// See [`waits`].
const WAITING_TABLE_BYTES: usize = 16 * 1024;

/// The bytes a read of `expansion`'s postings at `candidates` articles fetches: all of them,
/// or its skip table and the blocks the candidates fall in (as many as a uniform spread
/// would touch).
pub(crate) fn postings_bytes(expansion: &Expansion, candidates: usize) -> f64 {
    let info = &expansion.info;
    let blocks = skips::block_count(info.doc_freq) as f64;
    if info.skips.is_empty() || blocks == 0.0 {
        return info.postings.len() as f64 + RANGE_BYTES;
    }
    let touched = blocks * (1.0 - (-(candidates as f64) / blocks).exp());
    let table = skips::postings_part(&info.skips, info.doc_freq).len() as f64;
    table + RANGE_BYTES + touched * (info.postings.len() as f64 / blocks + RANGE_BYTES)
}

/// Per word (`None`: a clause that is not one word), per article of `docs`, the word's
/// positions in the article's headline, ascending, read from the stored text when every
/// article's is at hand in a sharded index (where the postings would be fetched); `None`
/// otherwise.
pub(crate) fn headline_positions(
    view: &View<'_>,
    words: &[Option<Vec<&Expansion>>],
    docs: &[u32],
) -> Result<Option<Vec<Vec<Vec<u32>>>>> {
    let Some(store) = packed_store(view) else {
        return Ok(None);
    };
    if !store.missing(docs.iter().copied())?.is_empty() {
        return Ok(None);
    }
    let wanted = Wanted::new(
        words
            .iter()
            .enumerate()
            .flat_map(|(w, expansions)| expansions.iter().flatten().map(move |e| (e.ordinal, w))),
    );
    let mut positions = vec![vec![Vec::new(); docs.len()]; words.len()];
    for (d, &doc) in docs.iter().enumerate() {
        let record = store.get(doc)?;
        let stored = record.fields()?;
        wanted.scan(view, stored.title, stored.lang, |w, position| {
            positions.at_mut(w).at_mut(d).push(position)
        });
    }
    Ok(Some(positions))
}

/// Calls `sink` with each article of `docs` (ascending) that holds a word of `expansions`, in
/// doc order, with a posting per expansion: its occurrences by field (none where it has none)
/// and the article's length norms, counted as the builder counted them; `false`, without
/// calling it, when stored text is missing (its ranges are recorded in the request).
pub(crate) fn read_terms(
    view: &View<'_>,
    expansions: &[Expansion],
    docs: &[u32],
    request: &mut Request<'_>,
    mut sink: impl FnMut(&[Posting]),
) -> Result<bool> {
    let Some(store) = &view.store else {
        return Ok(false);
    };
    let absent = store.missing(docs.iter().copied())?;
    if !absent.is_empty() {
        request.need(absent);
        return Ok(false);
    }
    let wanted = Wanted::new(expansions.iter().enumerate().map(|(i, e)| (e.ordinal, i)));
    let mut postings = vec![Posting::default(); expansions.len()];
    for &doc in docs {
        let record = store.get(doc)?;
        let stored = record.fields()?;
        postings.iter_mut().for_each(|p| *p = Posting::default());
        let mut found = false;
        let mut lengths = [0u32; FIELD_COUNT];
        for field in Field::ALL {
            lengths[field as usize] =
                wanted.scan(view, stored.field(field), stored.lang, |i, _| {
                    *postings.at_mut(i).freqs.at_mut(field as usize) += 1;
                    found = true;
                });
        }
        if found {
            let norms = lengths.map(norms::encode);
            for posting in &mut postings {
                posting.doc = doc;
                posting.norms = norms;
            }
            sink(&postings);
        }
    }
    Ok(true)
}

/// The store of a sharded index, whose records cost fetches.
fn packed_store<'v>(view: &'v View<'_>) -> Option<&'v StoreView<'v>> {
    view.store.as_ref().filter(|store| store.is_packed())
}

/// The terms looked for in text, each under the indexes it was asked for by (a term may be
/// an expansion of two words of a query): (ordinal, index), by ordinal.
struct Wanted(Vec<(u64, usize)>);

impl Wanted {
    fn new(terms: impl Iterator<Item = (u64, usize)>) -> Wanted {
        let mut terms: Vec<(u64, usize)> = terms.collect();
        sort::sort(&mut terms);
        Wanted(terms)
    }

    /// Calls `found` with the index and the position of each word of `text` that is a term
    /// looked for, split, folded and looked up as the builder did; returns the text's length
    /// in words as the builder counted it for its norm (a split word's parts and joins not
    /// counted).
    fn scan(
        &self,
        view: &View<'_>,
        text: &str,
        lang: &str,
        mut found: impl FnMut(usize, u32),
    ) -> u32 {
        let analyzer = Analyzer::new();
        let language = Language::of_stored(lang);
        // The terms found at the current position: a split word's join that stems to its
        // first part's term is one occurrence there, as the builder counted it.
        let mut here: (u32, Vec<u64>) = (u32::MAX, Vec::new());
        let mut length = 0u32;
        words(text, |word| {
            if word.role == Role::Word {
                length = length.saturating_add(1);
            }
            let Some(ordinal) = view.term_of_word(word.folded, language, &analyzer) else {
                return;
            };
            if here.0 != word.position {
                here.0 = word.position;
                here.1.clear();
            }
            if here.1.contains(&ordinal) {
                return;
            }
            here.1.push(ordinal);
            let first = self.0.partition_point(|&(o, _)| o < ordinal);
            for &(_, index) in self.0[first..].iter().take_while(|&&(o, _)| o == ordinal) {
                found(index, word.position);
            }
        });
        length
    }
}
