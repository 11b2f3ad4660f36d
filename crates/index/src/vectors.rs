//! Related stories across segments: each article as a vector that does not depend on a
//! segment's numbering, so that an article added later is compared with the earlier segments'
//! without their text. A vector is the article's [`TERMS`] terms of highest tf·idf, as the
//! builder chooses them (headline words three times, the standfirst and the text once, terms
//! without a letter left out), each named by a hash of its stemmed text, weighted and
//! normalised; its entities are not in it (their ids are stable, but an earlier segment's
//! mentions are not at hand without its text and the recogniser).
//!
//! The idf is the corpus's when the vector is made: a segment's articles keep the weights of
//! the day they were added, so vectors made on different days differ a little from those a
//! build from scratch makes (see docs/performance.md for the overlap with its related stories).

use crate::analysis::Analyzer;
use crate::corpus::Article;
use crate::stories::{hash_bytes, idf, keep_best, telling, TERMS};

/// An article's features, `(term hash, weight)`, sorted by hash, normalised.
pub type Vector = Vec<(u64, f32)>;

/// The hash that names term `text` (stemmed) in a vector.
pub fn term_key(text: &str) -> u64 {
    hash_bytes(text.as_bytes())
}

/// The terms of `article` that can be in its vector, `(term hash, weighted count)`, sorted by
/// hash: each term of the headline counts three times, of the standfirst and the text once.
pub fn term_counts(analyzer: &Analyzer, article: &Article) -> Vec<(u64, f32)> {
    let mut counts: Vec<(u64, f32)> = Vec::new();
    for (text, weight) in [
        (article.title.as_str(), 3.0),
        (article.description.as_str(), 1.0),
        (article.body.as_str(), 1.0),
    ] {
        analyzer.analyze(text, |token| {
            if token.term.chars().any(char::is_alphabetic) {
                counts.push((term_key(token.term), weight));
            }
        });
    }
    counts.sort_unstable_by_key(|&(key, _)| key);
    let mut summed: Vec<(u64, f32)> = Vec::with_capacity(counts.len());
    for (key, weight) in counts {
        match summed.last_mut() {
            Some(last) if last.0 == key => last.1 += weight,
            _ => summed.push((key, weight)),
        }
    }
    summed
}

/// The vector of an article whose terms are `counts` ([`term_counts`]), in a corpus of `docs`
/// articles where term `key` is in `doc_freq(key)`: its [`TERMS`] terms of highest tf·idf, as
/// the builder weighs them, normalised (empty when no term tells). As the builder's, a term of
/// this article alone is left out: weighing it as if a follow-up were to share it made the
/// lists further from a build from scratch's on Reuters-21578 (see docs/performance.md).
pub fn vector(counts: &[(u64, f32)], doc_freq: impl Fn(u64) -> u32, docs: u32) -> Vector {
    let mut best: Vector = Vec::with_capacity(TERMS);
    for &(key, tf) in counts {
        let df = doc_freq(key) as usize;
        if telling(df, docs) {
            keep_best(&mut best, TERMS, key, (1.0 + tf.ln()) * idf(df, docs));
        }
    }
    let norm = best.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        best.iter_mut().for_each(|(_, w)| *w /= norm);
    } else {
        best.clear();
    }
    best.sort_unstable_by_key(|&(key, _)| key);
    best
}

/// The cosine of two vectors (their dot product: they are normalised).
pub fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// The vectors of `articles` added to a corpus of `earlier_docs` articles whose terms'
/// document frequencies `earlier` gives, and the added articles' own document frequencies,
/// `(term hash, articles)` sorted by hash: the idf is the whole corpus's, the added articles
/// included, on the day they are added.
pub fn article_vectors(
    articles: &[Article],
    earlier_docs: u32,
    earlier: impl Fn(u64) -> u32,
) -> (Vec<Vector>, Vec<(u64, u32)>) {
    let counts = counts_of(articles);
    let own = doc_freqs(counts.iter().map(Vec::as_slice));
    let vectors = vectors_of(&counts, &own, earlier_docs, earlier);
    (vectors, own)
}

/// Each article's [`term_counts`].
pub fn counts_of(articles: &[Article]) -> Vec<Vec<(u64, f32)>> {
    let analyzer = Analyzer::new();
    articles.iter().map(|a| term_counts(&analyzer, a)).collect()
}

/// The vectors of articles whose terms are `counts` and own document frequencies `own`
/// ([`doc_freqs`]), added to a corpus of `earlier_docs` articles whose terms' document
/// frequencies `earlier` gives.
pub fn vectors_of(
    counts: &[Vec<(u64, f32)>],
    own: &[(u64, u32)],
    earlier_docs: u32,
    earlier: impl Fn(u64) -> u32,
) -> Vec<Vector> {
    let docs = earlier_docs.saturating_add(counts.len() as u32);
    let df = |key: u64| {
        let here = own
            .binary_search_by_key(&key, |f| f.0)
            .map_or(0, |at| own[at].1);
        here + earlier(key)
    };
    counts.iter().map(|c| vector(c, df, docs)).collect()
}

/// The document frequency of each term of `counts` (each article's [`term_counts`]),
/// `(term hash, articles)`, sorted by hash.
pub fn doc_freqs<'a>(counts: impl IntoIterator<Item = &'a [(u64, f32)]>) -> Vec<(u64, u32)> {
    let mut keys: Vec<u64> = counts
        .into_iter()
        .flat_map(|c| c.iter().map(|&(key, _)| key))
        .collect();
    keys.sort_unstable();
    let mut freqs: Vec<(u64, u32)> = Vec::new();
    for key in keys {
        match freqs.last_mut() {
            Some(last) if last.0 == key => last.1 += 1,
            _ => freqs.push((key, 1)),
        }
    }
    freqs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, body: &str) -> Article {
        Article {
            title: title.into(),
            body: body.into(),
            ..Article::default()
        }
    }

    #[test]
    fn vectors_weigh_headline_words_and_relate_stories_that_share_rare_terms() {
        let analyzer = Analyzer::new();
        let articles = [
            article(
                "Harbour strike",
                "Dockers at the harbour went on strike over pay.",
            ),
            article(
                "Strike spreads",
                "The harbour strike spread to a second port.",
            ),
            article("Cup final", "The cup final was won after penalties."),
            article("Rain", "Rain fell over the port and the cup."),
        ];
        let counts: Vec<Vec<(u64, f32)>> =
            articles.iter().map(|a| term_counts(&analyzer, a)).collect();
        let strike = term_key("strike");
        let first = &counts[0];
        let at = first.binary_search_by_key(&strike, |c| c.0).unwrap();
        assert_eq!(
            first[at].1, 4.0,
            "three times in the headline, once in the text"
        );
        let freqs = doc_freqs(counts.iter().map(Vec::as_slice));
        let df = |key: u64| {
            freqs
                .binary_search_by_key(&key, |f| f.0)
                .map_or(0, |at| freqs[at].1)
        };
        assert_eq!(df(strike), 2);
        let vectors: Vec<Vector> = counts.iter().map(|c| vector(c, df, 4)).collect();
        for v in &vectors {
            let norm: f32 = v.iter().map(|&(_, w)| w * w).sum();
            assert!(v.is_empty() || (norm - 1.0).abs() < 1e-5, "{norm}");
        }
        let close = cosine(&vectors[0], &vectors[1]);
        assert!(close > 0.3, "{close}");
        assert!(cosine(&vectors[0], &vectors[2]) < 1e-6);
        assert!((cosine(&vectors[1], &vectors[1]) - 1.0).abs() < 1e-5);
    }
}
