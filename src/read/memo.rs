//! A sharded request's scores of one matcher at one set of articles, kept between its rounds.
//!
//! Each round runs the request from the start against the bytes fetched so far, so without a
//! memo a clause whose bytes came in an earlier round is decoded again in every later one,
//! which at archive scale is most of a cold query's work in wasm. The scores are a function of
//! the index's bytes, the matcher and the articles alone, so a kept list is the list a new read
//! would give.

use newsdex_format::at::At;
use std::cell::{Cell, RefCell};

use crate::error::Result;
use crate::query::plan::{FieldMatcher, Matcher};
use crate::read::docs::Docs;
use crate::score::merge::Scored;

/// Past this many scores kept in all (a key counted as the scores its bytes would hold), the
/// memo starts again (a longer list is not kept): enough for the clauses of the largest
/// request, not a cache of many.
const MAX_KEPT: usize = 1 << 20;

/// What a kept list's scores depend on, as bytes (see [`key`]).
type Key = Box<[u8]>;

/// Scores by (matcher, articles), keyed by the bytes of both: no hash function in the wasm
/// modules (a 128-bit one was 2 KB of wasm), and no two keys can collide.
#[derive(Default)]
pub(crate) struct Memo {
    /// Sorted by key: binary searches, and no hash map code in the search module.
    lists: RefCell<Vec<(Key, Vec<Scored>)>>,
    kept: Cell<usize>,
}

impl Memo {
    /// The scores kept for `matcher` at `docs`, or those `read` gives, kept when it has them.
    pub fn scores(
        &self,
        matcher: &FieldMatcher,
        docs: Docs<'_>,
        read: impl FnOnce() -> Result<Option<Vec<Scored>>>,
    ) -> Result<Option<Vec<Scored>>> {
        self.keep(key(matcher, docs, false), read)
    }

    /// The scores kept for the headline lists of `matcher`'s terms (see
    /// `crate::read::headlines`), or those `read` gives, kept when it has them.
    pub fn headline_scores(
        &self,
        matcher: &FieldMatcher,
        read: impl FnOnce() -> Result<Option<Vec<Scored>>>,
    ) -> Result<Option<Vec<Scored>>> {
        self.keep(key(matcher, Docs::All, true), read)
    }

    fn keep(
        &self,
        key: Option<Vec<u8>>,
        read: impl FnOnce() -> Result<Option<Vec<Scored>>>,
    ) -> Result<Option<Vec<Scored>>> {
        let Some(key) = key else {
            return read();
        };
        if let Ok(at) = self.find(&key) {
            return Ok(Some(self.lists.borrow().at(at).1.clone()));
        }
        let scores = read()?;
        // A key counts as the scores its bytes would hold: an empty list at many articles
        // has a long key, and the memo keeps what it holds bounded.
        let cost = |list: &Vec<Scored>| list.len() + key.len().div_ceil(size_of::<Scored>());
        if let Some(list) = scores.as_ref().filter(|list| cost(list) <= MAX_KEPT) {
            if self.kept.get() + cost(list) > MAX_KEPT {
                self.clear();
            }
            self.kept.set(self.kept.get() + cost(list));
            // `read` may have kept this key already (a request nested in it).
            match self.find(&key) {
                Ok(at) => self.lists.borrow_mut().at_mut(at).1 = list.clone(),
                Err(at) => self
                    .lists
                    .borrow_mut()
                    .insert(at, (key.into(), list.clone())),
            }
        }
        Ok(scores)
    }

    fn find(&self, key: &[u8]) -> std::result::Result<usize, usize> {
        self.lists
            .borrow()
            .binary_search_by(|(k, _)| k[..].cmp(key))
    }

    /// Forgets every kept list.
    pub fn clear(&self) {
        self.lists.borrow_mut().clear();
        self.kept.set(0);
    }
}

/// What a matcher's scores at `docs` depend on, as bytes: its field, its kind, its terms with
/// their weights and typos, and the articles. `None` for what is not worth keeping (entities,
/// dates and facets, read from small tables) and for articles not known yet.
fn key(matcher: &FieldMatcher, docs: Docs<'_>, headlines: bool) -> Option<Vec<u8>> {
    let mut bytes = vec![
        u8::from(headlines),
        matcher.field.map_or(u8::MAX, |f| f as u8),
    ];
    let (kind, expansions) = match &matcher.matcher {
        Matcher::Terms(expansions) => (0u8, expansions),
        Matcher::Phrase { terms, offsets } => {
            for offset in offsets {
                bytes.extend(offset.to_le_bytes());
            }
            (1u8, terms)
        }
        Matcher::Entities(_) | Matcher::Dates(..) | Matcher::Facet(_) => return None,
    };
    bytes.push(kind);
    bytes.extend((expansions.len() as u64).to_le_bytes());
    for e in expansions {
        bytes.extend(e.ordinal.to_le_bytes());
        bytes.extend(e.weight.to_bits().to_le_bytes());
        bytes.push(e.typos);
    }
    match docs {
        Docs::All => bytes.push(0),
        Docs::Only(wanted) => {
            bytes.push(1);
            bytes.extend((wanted.len() as u64).to_le_bytes());
            bytes.extend(wanted.iter().flat_map(|doc| doc.to_le_bytes()));
        }
        Docs::Unknown => return None,
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use newsdex_format::term_info::TermInfo;
    use newsdex_format::Field;

    use super::*;
    use crate::query::plan::Expansion;

    fn word(ordinal: u64, weight: f32, field: Option<Field>) -> FieldMatcher {
        let info = TermInfo {
            doc_freq: 3,
            postings: 0..0,
            positions: 0..0,
            skips: 0..0,
            headline: 0..0,
        };
        FieldMatcher {
            field,
            span: 1,
            matcher: Matcher::Terms(vec![Expansion {
                ordinal,
                info,
                weight,
                typos: 0,
                initial: 'a',
            }]),
        }
    }

    fn list(doc: u32) -> Vec<Scored> {
        vec![Scored {
            doc,
            score: 1.0,
            typos: 0,
            in_title: 0,
            title_norm: 0,
        }]
    }

    #[test]
    fn a_list_is_read_once_per_matcher_and_articles_and_only_when_complete() {
        let memo = Memo::default();
        let reads = Cell::new(0);
        let read = |doc: u32, complete: bool| {
            reads.set(reads.get() + 1);
            Ok(complete.then(|| list(doc)))
        };
        let docs = [1, 5, 9];
        let first = memo
            .scores(&word(7, 1.0, None), Docs::Only(&docs), || read(1, true))
            .unwrap();
        assert_eq!(first, Some(list(1)));
        let again = memo
            .scores(&word(7, 1.0, None), Docs::Only(&docs), || read(2, true))
            .unwrap();
        assert_eq!((again, reads.get()), (Some(list(1)), 1), "kept");
        // Anything the scores depend on makes another key.
        memo.scores(&word(7, 1.0, None), Docs::Only(&[1, 5]), || read(3, true))
            .unwrap();
        memo.scores(&word(7, 0.5, None), Docs::Only(&docs), || read(4, true))
            .unwrap();
        memo.scores(&word(7, 1.0, Some(Field::Title)), Docs::Only(&docs), || {
            read(5, true)
        })
        .unwrap();
        memo.scores(&word(8, 1.0, None), Docs::All, || read(6, true))
            .unwrap();
        assert_eq!(reads.get(), 5);
        // A read that missed bytes is not kept, nor are articles not known yet.
        assert_eq!(
            memo.scores(&word(9, 1.0, None), Docs::All, || read(7, false))
                .unwrap(),
            None
        );
        assert_eq!(
            memo.scores(&word(9, 1.0, None), Docs::All, || read(7, true))
                .unwrap(),
            Some(list(7))
        );
        memo.scores(&word(9, 1.0, None), Docs::Unknown, || read(8, true))
            .unwrap();
        memo.scores(&word(9, 1.0, None), Docs::Unknown, || read(8, true))
            .unwrap();
        assert_eq!(reads.get(), 9);
        memo.clear();
        memo.scores(&word(7, 1.0, None), Docs::Only(&docs), || read(1, true))
            .unwrap();
        assert_eq!(reads.get(), 10, "cleared");
    }

    #[test]
    fn a_key_counts_toward_what_the_memo_keeps() {
        let memo = Memo::default();
        let reads = Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok(Some(Vec::new()))
        };
        // An empty list at more articles than the memo keeps scores' worth of: not kept.
        let many: Vec<u32> = (0..MAX_KEPT as u32 * 4).collect();
        for _ in 0..2 {
            memo.scores(&word(7, 1.0, None), Docs::Only(&many), read)
                .unwrap();
        }
        assert_eq!(reads.get(), 2);
        // At a few articles, kept.
        for _ in 0..2 {
            memo.scores(&word(7, 1.0, None), Docs::Only(&many[..3]), read)
                .unwrap();
        }
        assert_eq!(reads.get(), 3);
    }
}
