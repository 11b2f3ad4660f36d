//! What the brute-force tests of the reads that bound scores share (headline lists, the
//! fewest-typo terms, the costliest word): a term's specification, a posting's score as
//! [`Scorer`](crate::score::scoring::Scorer) computes it, and a seeded draw of articles' norms.

use newsdex_format::FIELD_COUNT;
use newsdex_index::bm25::{FieldWeights, K1};

/// One term of a fixture's clause: its idf, weight and typos, whether it has a skip table (so
/// a headline list; else it is read whole), and one article in how many holds it.
#[derive(Clone, Copy)]
pub(crate) struct Spec {
    pub idf: f32,
    pub weight: f32,
    pub typos: u16,
    pub listed: bool,
    pub one_in: u32,
}

pub(crate) const fn spec(idf: f32, weight: f32, typos: u16, listed: bool, one_in: u32) -> Spec {
    Spec {
        idf,
        weight,
        typos,
        listed,
        one_in,
    }
}

/// A posting's score for a term of `idf`, as the scorer computes it.
pub(crate) fn bm25(
    weights: &FieldWeights,
    idf: f32,
    freqs: &[u32; FIELD_COUNT],
    norms: &[u8],
) -> f32 {
    let mut weighted = 0.0f32;
    for f in 0..FIELD_COUNT {
        if freqs[f] > 0 {
            weighted += freqs[f] as f32 * weights[f][usize::from(norms[f])];
        }
    }
    idf * weighted * (K1 + 1.0) / (K1 + weighted)
}

/// A draw from `seed`: each call a number under its argument.
pub(crate) fn draw(mut seed: u64) -> impl FnMut(u32) -> u32 {
    move |n: u32| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u32 % n
    }
}

/// An article's norms, one byte a field, drawn by `next`.
pub(crate) fn norms(next: &mut impl FnMut(u32) -> u32) -> [u8; FIELD_COUNT] {
    [
        1 + next(40) as u8,
        next(60) as u8,
        next(250) as u8,
        next(60) as u8,
    ]
}
