//! Exact phrases: the articles where a phrase's terms occur at their offsets from one another
//! (consecutive positions, but for split words' parts) in one field, scored by how often the
//! whole phrase occurs.
//!
//! The rarest term names the candidates and the places a phrase could start in each. Every
//! further term, rarest first, is read only at the candidates still left and keeps only the
//! starts it continues, so the common words of a phrase ("of the last") are read at the few
//! articles the rarer ones leave, not at every article of the rarest.

use newsdex_format::at::At;
use newsdex_format::postings::Posting;
use newsdex_format::{Field, FIELD_COUNT};
use newsdex_index::sort;

use crate::error::Result;
use crate::index::View;
use crate::query::plan::Expansion;
use crate::read::docs::Docs;
use crate::read::postings::{advance, read_term, Positions, WithPositions};
use crate::read::request::Request;
use crate::score::merge::Scored;
use crate::score::scoring::{term_idf, Scorer};

/// The articles still in question and, for each, where in it the phrase may start.
#[derive(Default)]
struct Candidates {
    /// Ascending.
    docs: Vec<u32>,
    /// Each article's end in `starts` (its start is the previous one's end).
    ends: Vec<usize>,
    /// `(field, word position)` of each possible start, ascending within an article.
    starts: Vec<(u8, u32)>,
    /// Each article's length norms as its posting carried them (see [`Scorer::score`]).
    norms: Vec<[u8; FIELD_COUNT]>,
}

impl Candidates {
    /// Adds an article whose next word at `offset` words past a start is at one of
    /// `positions`, keeping the starts `keep` allows.
    fn push(
        &mut self,
        posting: &Posting,
        positions: &Positions,
        offset: u32,
        keep: impl Fn(u8, u32) -> bool,
    ) {
        let before = self.starts.len();
        for field in Field::ALL {
            let f = field as u8;
            let starts = positions[field as usize]
                .iter()
                .filter_map(|&p| p.checked_sub(offset));
            self.starts
                .extend(starts.filter(|&s| keep(f, s)).map(|s| (f, s)));
        }
        if self.starts.len() > before {
            self.docs.push(posting.doc);
            self.ends.push(self.starts.len());
            self.norms.push(posting.norms);
        }
    }

    /// The starts of candidate `c`.
    fn starts_of(&self, c: usize) -> &[(u8, u32)] {
        let from = if c == 0 { 0 } else { *self.ends.at(c - 1) };
        self.starts.at(from..*self.ends.at(c))
    }
}

/// The articles of `docs` where `terms` occur at their `offsets` from a start in one field
/// (within `field` if given), scored by the number of occurrences of the whole phrase; `None`
/// when bytes are missing.
pub(crate) fn phrase(
    view: &View<'_>,
    terms: &[Expansion],
    offsets: &[u32],
    field: Option<Field>,
    docs: Docs<'_>,
    request: &mut Request<'_>,
) -> Result<Option<Vec<Scored>>> {
    let mut order: Vec<usize> = (0..terms.len()).collect();
    sort::sort_by_key(&mut order, |&t| (terms.at(t).info.doc_freq, t));
    let Some((&rarest, rest)) = order.split_first() else {
        return Ok(Some(Vec::new()));
    };
    let mut left = Candidates::default();
    let mut all_read = read_term(
        view,
        terms.at(rarest),
        docs,
        WithPositions::All,
        request,
        &mut |posting, at| {
            left.push(posting, at, *offsets.at(rarest), |_, _| true);
        },
    )?;
    // While the rarest term waits for its bytes, the others ask for what the clause's
    // articles need (nothing yet when those are unknown too); what they find is thrown away.
    let waiting_docs = match docs {
        Docs::All => Docs::Unknown,
        Docs::Only(_) => docs,
        Docs::Unknown => Docs::Only(&[]),
    };
    for &t in rest {
        if all_read && left.docs.is_empty() {
            break;
        }
        let at = if all_read {
            Docs::Only(&left.docs)
        } else {
            waiting_docs
        };
        let mut kept = Candidates::default();
        let mut next = 0;
        let read = read_term(
            view,
            terms.at(t),
            at,
            WithPositions::All,
            request,
            &mut |posting, positions| {
                next = advance(&left.docs, next, posting.doc);
                if !all_read || left.docs.get(next) != Some(&posting.doc) {
                    return;
                }
                let starts = left.starts_of(next);
                kept.push(posting, positions, *offsets.at(t), |f, s| {
                    starts.binary_search(&(f, s)).is_ok()
                });
            },
        )?;
        if all_read && read {
            left = kept;
        }
        all_read &= read;
    }
    if !all_read {
        return Ok(None);
    }
    let idf: f32 = terms.iter().map(|t| term_idf(view, t)).sum();
    let scorer = Scorer::new(view, idf, field);
    let mut out = Vec::with_capacity(left.docs.len());
    for (c, &doc) in left.docs.iter().enumerate() {
        let mut freqs = [0u32; FIELD_COUNT];
        for &(f, _) in left.starts_of(c) {
            *freqs.at_mut(usize::from(f)) += 1;
        }
        if let Some((score, title_norm)) = scorer.score(doc, &freqs, left.norms.at(c)) {
            out.push(Scored {
                doc,
                score,
                typos: 0,
                in_title: u16::from(freqs[Field::Title as usize] > 0),
                title_norm,
            });
        }
    }
    Ok(Some(out))
}
