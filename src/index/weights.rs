//! BM25F's field weights: per field and per quantised field length, the weight of one
//! occurrence, computed once when an index is opened from its average field lengths.

use newsdex_format::{norms, FIELD_COUNT};

/// Per-field weight in BM25F: a title word counts three body words.
const FIELD_BOOST: [f32; FIELD_COUNT] = [3.0, 1.5, 1.0, 0.5];
/// Per-field length normalisation in BM25F.
const FIELD_B: [f32; FIELD_COUNT] = [0.5, 0.6, 0.75, 0.3];
/// Per field and norm byte, the weight of one occurrence in BM25F: the field's boost over its
/// length normalisation. Computed once per index, so scoring a posting divides only once.
pub(crate) type FieldWeights = [[f32; 256]; FIELD_COUNT];

/// The [`FieldWeights`] for these average field lengths.
pub(crate) fn field_weights(average_lengths: &[f32; FIELD_COUNT]) -> Box<FieldWeights> {
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
