//! Doc-ordered lists of scored articles and the ways two of them combine: the alternatives of
//! a clause unite, the expansions of a word keep the better score, clauses intersect and
//! exclusions subtract.

use newsdex_format::at::At;
use std::cmp::Ordering;

/// An article that matches so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Scored {
    pub doc: u32,
    pub score: f32,
    pub typos: u16,
    /// How many of the query's clauses match in the headline.
    pub in_title: u16,
    /// The headline's length norm, read with a match in it (zero without one): a sharded
    /// index has no table of norms, only the postings' own.
    pub title_norm: u8,
}

impl Scored {
    /// Article `doc` with nothing to its score: one a filter (a date, a facet value) keeps, or
    /// one listed for another reason than a query (a related story).
    pub(crate) fn unscored(doc: u32) -> Scored {
        Scored {
            doc,
            score: 0.0,
            typos: 0,
            in_title: 0,
            title_norm: 0,
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Combine {
    /// In either list; scores add (more alternatives matched is better).
    Union,
    /// In either list; the better of the two (the expansions of one word).
    Best,
    /// In both lists; scores and typos add.
    Intersection,
    /// In the first list and not the second.
    Difference,
}

/// Merges two doc-ordered lists.
pub(crate) fn combine(a: Vec<Scored>, b: Vec<Scored>, how: Combine) -> Vec<Scored> {
    match how {
        Combine::Union | Combine::Best if a.is_empty() => return b,
        Combine::Union | Combine::Best | Combine::Difference if b.is_empty() => return a,
        _ => {}
    }
    let mut out = Vec::with_capacity(match how {
        Combine::Union | Combine::Best => a.len() + b.len(),
        Combine::Intersection => a.len().min(b.len()),
        Combine::Difference => a.len(),
    });
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        match x.doc.cmp(&y.doc) {
            Ordering::Less => {
                if !matches!(how, Combine::Intersection) {
                    out.push(x);
                }
                i += 1;
            }
            Ordering::Greater => {
                if matches!(how, Combine::Union | Combine::Best) {
                    out.push(y);
                }
                j += 1;
            }
            Ordering::Equal => {
                match how {
                    Combine::Union => out.push(Scored {
                        doc: x.doc,
                        score: x.score + y.score,
                        typos: x.typos.min(y.typos),
                        in_title: x.in_title.max(y.in_title),
                        title_norm: x.title_norm.max(y.title_norm),
                    }),
                    Combine::Best => out.push(Scored {
                        doc: x.doc,
                        score: x.score.max(y.score),
                        typos: x.typos.min(y.typos),
                        in_title: x.in_title.max(y.in_title),
                        title_norm: x.title_norm.max(y.title_norm),
                    }),
                    Combine::Intersection => out.push(Scored {
                        doc: x.doc,
                        score: x.score + y.score,
                        typos: x.typos + y.typos,
                        in_title: x.in_title + y.in_title,
                        title_norm: x.title_norm.max(y.title_norm),
                    }),
                    Combine::Difference => {}
                }
                i += 1;
                j += 1;
            }
        }
    }
    if !matches!(how, Combine::Intersection) {
        out.extend_from_slice(a.at(i..));
    }
    if matches!(how, Combine::Union | Combine::Best) {
        out.extend_from_slice(b.at(j..));
    }
    out
}

/// [`Combine::Best`] of many doc-ordered lists, merged pairwise in rounds so that each
/// article is copied about log₂(lists) times rather than once per list: a prefix's 64
/// completions cost six rounds. (The best of several does not depend on the order of
/// merging; the float sums of a union would, so unions stay in order.)
pub(crate) fn best_of(mut lists: Vec<Vec<Scored>>) -> Vec<Scored> {
    while lists.len() > 1 {
        let mut merged = Vec::with_capacity(lists.len().div_ceil(2));
        let mut pairs = lists.into_iter();
        while let Some(a) = pairs.next() {
            merged.push(match pairs.next() {
                Some(b) => combine(a, b, Combine::Best),
                None => a,
            });
        }
        lists = merged;
    }
    lists.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(doc: u32, score: f32, typos: u16) -> Scored {
        Scored {
            doc,
            score,
            typos,
            in_title: u16::from(doc % 2 == 1),
            title_norm: if doc % 2 == 1 { 5 } else { 0 },
        }
    }

    #[test]
    fn combining_doc_lists() {
        let a = vec![s(1, 1.0, 0), s(3, 1.0, 1), s(5, 2.0, 0)];
        let b = vec![s(3, 2.0, 0), s(4, 1.0, 0), s(5, 1.0, 2)];
        let docs = |v: &[Scored]| v.iter().map(|x| x.doc).collect::<Vec<_>>();
        let union = combine(a.clone(), b.clone(), Combine::Union);
        assert_eq!(docs(&union), [1, 3, 4, 5]);
        assert_eq!(union[1], s(3, 3.0, 0));
        let best = combine(a.clone(), b.clone(), Combine::Best);
        assert_eq!(best[1], s(3, 2.0, 0));
        let both = combine(a.clone(), b.clone(), Combine::Intersection);
        let title_counts = |v: &[Scored]| v.iter().map(|x| x.in_title).collect::<Vec<_>>();
        assert_eq!(docs(&both), [3, 5]);
        assert_eq!(
            title_counts(&both),
            [2, 2],
            "clauses matched in the headline add up"
        );
        assert_eq!((both[0].score, both[0].typos), (3.0, 1));
        assert_eq!(
            title_counts(&union),
            [1, 1, 0, 1],
            "alternatives count once"
        );
        let only_a = combine(a, b, Combine::Difference);
        assert_eq!(docs(&only_a), [1]);
    }

    #[test]
    fn the_best_of_many_lists_is_the_best_of_them_one_by_one() {
        let lists: Vec<Vec<Scored>> = (0..7u32)
            .map(|l| {
                (0..20u32)
                    .filter(|d| (d * 7 + l) % 3 != 0)
                    .map(|d| s(d, ((d * 13 + l * 5) % 11) as f32, (l % 3) as u16))
                    .collect()
            })
            .collect();
        let one_by_one = lists
            .iter()
            .cloned()
            .fold(Vec::new(), |out, list| combine(out, list, Combine::Best));
        assert_eq!(best_of(lists), one_by_one);
        assert!(best_of(Vec::new()).is_empty());
    }
}
