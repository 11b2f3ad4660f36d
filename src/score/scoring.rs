//! BM25F: an article's score for a term (or phrase, or entity) from its occurrences in each
//! field, weighted by field and normalised by the field's length against the corpus average.

use newsdex_format::{Field, FIELD_COUNT};
use newsdex_index::bm25::{headline_factor, FieldWeights, K1};

use crate::index::View;
use crate::query::plan::Expansion;
use crate::score::merge::Scored;

/// Inverse document frequency (BM25's, always positive).
pub(crate) fn idf(view: &View<'_>, doc_freq: u32) -> f32 {
    let n = view.docs() as f32;
    let df = doc_freq as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The inverse document frequency of a plan's term, over the corpus when `view` is a segment.
pub(crate) fn term_idf(view: &View<'_>, term: &Expansion) -> f32 {
    idf(view, view.doc_freq_of(term.ordinal, term.info.doc_freq))
}

/// BM25F for one term (or phrase) over the fields a matcher may look in.
pub(crate) struct Scorer<'a> {
    /// The index's table of norms, four bytes an article; empty in a sharded index, whose
    /// postings carry their articles' norms.
    norms: &'a [u8],
    weights: &'a FieldWeights,
    idf: f32,
    field: Option<Field>,
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(view: &View<'a>, idf: f32, field: Option<Field>) -> Scorer<'a> {
        Scorer {
            norms: view.norms,
            weights: view.field_weights,
            idf,
            field,
        }
    }

    /// The score of an article with these occurrences, and its headline's length norm (zero
    /// unless it occurs there), or `None` if none is in a field the matcher looks in.
    /// `carried` are the norms its posting carries, read when the index has no table.
    #[inline]
    pub(crate) fn score(
        &self,
        doc: u32,
        freqs: &[u32; FIELD_COUNT],
        carried: &[u8; FIELD_COUNT],
    ) -> Option<(f32, u8)> {
        let mut weighted = 0.0f32;
        let norms = if self.norms.is_empty() {
            &carried[..]
        } else {
            self.norms
                .get(doc as usize * FIELD_COUNT..(doc as usize + 1) * FIELD_COUNT)?
        };
        for f in 0..FIELD_COUNT {
            if freqs[f] == 0 || self.field.is_some_and(|only| only as usize != f) {
                continue;
            }
            weighted += freqs[f] as f32 * self.weights[f][usize::from(norms[f])];
        }
        let title = Field::Title as usize;
        let title_norm = if freqs[title] > 0 { norms[title] } else { 0 };
        (weighted > 0.0).then(|| {
            (
                self.idf * weighted * (K1 + 1.0) / (K1 + weighted),
                title_norm,
            )
        })
    }
}

/// The score of an article that mentions an entity `mentions` times, BM25's saturation on the
/// mention count.
pub(crate) fn entity_score(idf: f32, mentions: u32) -> f32 {
    let m = mentions as f32;
    idf * m * (K1 + 1.0) / (m + K1)
}

/// `scored`'s score raised for its clauses matched in the headline.
pub(crate) fn headline_bonus(scored: &Scored) -> f32 {
    scored.score * headline_factor(scored.in_title, scored.title_norm)
}
