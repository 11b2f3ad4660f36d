//! BM25F's weights, shared by the engine, which scores with them, and the builder, which
//! writes with each block of a long postings list a bound on the scores in it (its impact),
//! so that a search for the best few articles can leave out the blocks that cannot hold one.
//!
//! Per field and per quantised field length, the weight of one occurrence is computed once
//! from the index's average field lengths; a term's score in an article is its idf times the
//! saturated sum of its weighted occurrences ([`saturate`]), raised for a match in the
//! headline ([`headline_factor`]).

use newsdex_format::{norms, Field, FIELD_COUNT};

/// Per-field weight in BM25F: a title word counts three body words.
const FIELD_BOOST: [f32; FIELD_COUNT] = [3.0, 1.5, 1.0, 0.5];
/// Per-field length normalisation in BM25F.
const FIELD_B: [f32; FIELD_COUNT] = [0.5, 0.6, 0.75, 0.3];
/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;
/// Each clause of the query found in the headline raises the score by this share: an article
/// whose headline holds the words asked for is the one a reader is most likely looking for,
/// beyond what the headline's field weight says of each word alone.
const HEADLINE_CLAUSE_BONUS: f32 = 0.5;
/// A headline made only of the words asked for raises the score by this share (less of it, less).
const HEADLINE_COVERAGE_BONUS: f32 = 1.0;
/// A block's impact byte counts in steps of this: the highest impact, a one-word headline
/// with the word saturated (2.2 × 2.5), is byte 178.
const IMPACT_STEP: f32 = 1.0 / 32.0;

/// Per field and norm byte, the weight of one occurrence in BM25F: the field's boost over its
/// length normalisation. Computed once per index, so scoring a posting divides only once.
pub type FieldWeights = [[f32; 256]; FIELD_COUNT];

/// The average length of each field, from the totals and the number of articles an index's
/// meta section keeps.
pub fn average_lengths(field_lengths: &[u64; FIELD_COUNT], doc_count: u32) -> [f32; FIELD_COUNT] {
    field_lengths.map(|total| {
        if doc_count == 0 {
            0.0
        } else {
            (total as f64 / f64::from(doc_count)) as f32
        }
    })
}

/// The [`FieldWeights`] for these average field lengths.
pub fn field_weights(average_lengths: &[f32; FIELD_COUNT]) -> Box<FieldWeights> {
    let mut weights = Box::new([[0.0f32; 256]; FIELD_COUNT]);
    for f in 0..FIELD_COUNT {
        for byte in 0..=255u8 {
            let length = norms::decode(byte) as f32;
            let average = average_lengths[f];
            let normalised = if average > 0.0 {
                1.0 - FIELD_B[f] + FIELD_B[f] * length / average
            } else {
                1.0
            };
            weights[f][usize::from(byte)] = FIELD_BOOST[f] / normalised;
        }
    }
    weights
}

/// BM25's saturation of a term's weighted occurrences in an article: what its idf is
/// multiplied by.
#[inline]
pub fn saturate(weighted: f32) -> f32 {
    weighted * (K1 + 1.0) / (K1 + weighted)
}

/// What an article's score is multiplied by when `in_title` of the query's clauses match in
/// its headline, whose length norm is `title_norm` (see [`HEADLINE_CLAUSE_BONUS`] and
/// [`HEADLINE_COVERAGE_BONUS`]).
pub fn headline_factor(in_title: u16, title_norm: u8) -> f32 {
    let title_words = norms::decode(title_norm);
    let coverage = if title_words == 0 {
        0.0
    } else {
        (f32::from(in_title) / title_words as f32).min(1.0)
    };
    1.0 + HEADLINE_CLAUSE_BONUS * f32::from(in_title) + HEADLINE_COVERAGE_BONUS * coverage
}

/// A posting's impact: its score over its term's idf as the only word of a query in no
/// particular field, headline bonus included. `norms` are its article's.
pub fn impact(
    weights: &FieldWeights,
    freqs: &[u32; FIELD_COUNT],
    norms: &[u8; FIELD_COUNT],
) -> f32 {
    let weighted: f32 = (0..FIELD_COUNT)
        .filter(|&f| freqs[f] > 0)
        .map(|f| freqs[f] as f32 * weights[f][usize::from(norms[f])])
        .sum();
    let title = Field::Title as usize;
    let factor = match freqs[title] {
        0 => 1.0,
        _ => headline_factor(1, norms[title]),
    };
    saturate(weighted) * factor
}

/// The byte a block's skip entry keeps for the highest impact of its postings: a step above
/// it once read back by [`impact_bound`], so that a score computed in another order of
/// floating-point operations never passes the bound.
pub fn impact_byte(impact: f32) -> u8 {
    ((impact / IMPACT_STEP).floor() + 2.0).clamp(2.0, 255.0) as u8
}

/// The bound an impact byte stands for ([`impact_byte`]); 255 stands for any impact.
pub fn impact_bound(byte: u8) -> f32 {
    match byte {
        255 => f32::INFINITY,
        byte => f32::from(byte) * IMPACT_STEP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impact_byte_bounds_the_impact_it_was_made_from() {
        let weights = field_weights(&[8.0, 20.0, 400.0, 30.0]);
        for title in 0..4u32 {
            for body in 0..40u32 {
                for norm in [1u8, 5, 20, 60, 120, 200, 255] {
                    let freqs = [title, 0, body, 0];
                    let norms = [norm, 0, norm, 0];
                    let impact = impact(&weights, &freqs, &norms);
                    assert!(
                        impact_bound(impact_byte(impact)) >= impact,
                        "{freqs:?} {norms:?}"
                    );
                    assert!(impact_bound(impact_byte(impact)) <= impact + 2.0 * IMPACT_STEP);
                }
            }
        }
        assert_eq!(impact_bound(impact_byte(1e9)), f32::INFINITY);
    }
}
