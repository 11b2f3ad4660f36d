//! How small any index of a corpus can be: lower bounds on the bits that say which articles
//! hold each term, and where in them, whatever the encoding, against which to read an index's
//! size (bench/peers/README.md, "Size").
//!
//! `cargo run --release --example size_bounds -- CORPUS...` (files or directories, as
//! `newsdex build` reads them), with newsdex's own analysis (the terms its index holds).
//!
//! - Articles per term: a term in `df` of `n` articles is one of C(n, df) sets, so telling
//!   which takes log₂ C(n, df) bits at the least, given the doc frequencies (which cost more
//!   bits still). This is the whole of what a non-positional index of exact terms must say to
//!   answer one word; counts, fields, the dictionary and the doc frequencies come on top.
//! - Places within articles: a term occurring `tf` times in a field of `len` words is at one
//!   of C(len, tf) sets of places, given the counts (which cost more still); that is what an
//!   index must say to find exact phrases without the text.
//!
//! Both bounds treat terms as independent of each other: a model of how words co-occur could
//! go below them in principle; no index format does.

use std::collections::HashMap;
use std::path::Path;

use newsdex::CorpusReader;
use newsdex_format::{Field, FIELD_COUNT};
use newsdex_index::analysis::words;
use newsdex_index::Analyzer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        return Err("usage: size_bounds CORPUS...".into());
    }
    let analyzer = Analyzer::new();
    let mut stems: HashMap<String, u32> = HashMap::new();
    let mut doc_freqs: Vec<u32> = Vec::new();
    let (mut articles, mut words_seen, mut text_bytes, mut position_bits) =
        (0u64, 0u64, 0u64, 0f64);
    let mut reader = CorpusReader::new();
    for input in &inputs {
        reader.read_path(Path::new(input), &mut |article| {
            articles += 1;
            // Per term of the article: its count in each field.
            let mut counts: HashMap<u32, [u32; FIELD_COUNT]> = HashMap::new();
            let mut lengths = [0u32; FIELD_COUNT];
            for field in Field::ALL {
                let text = match field {
                    Field::Title => &article.title,
                    Field::Description => &article.description,
                    Field::Body => &article.body,
                    Field::Source => &article.source,
                };
                text_bytes += text.len() as u64;
                words(text, |word| {
                    let stem = analyzer.stem(word.folded);
                    let next = stems.len() as u32;
                    let term = *stems.entry(stem.into_owned()).or_insert(next);
                    counts.entry(term).or_default()[field as usize] += 1;
                    lengths[field as usize] += 1;
                    words_seen += 1;
                });
            }
            doc_freqs.resize(stems.len(), 0);
            for (term, per_field) in counts {
                doc_freqs[term as usize] += 1;
                for (tf, len) in per_field.into_iter().zip(lengths) {
                    position_bits += log2_choose(u64::from(len), u64::from(tf));
                }
            }
            Ok(())
        })?;
    }
    let postings: u64 = doc_freqs.iter().map(|&df| u64::from(df)).sum();
    let article_bits: f64 = doc_freqs
        .iter()
        .map(|&df| log2_choose(articles, u64::from(df)))
        .sum();
    let kb = |bits: f64| bits / 8.0 / 1000.0;
    println!(
        "{articles} articles, {:.2} MB of text, {words_seen} words, {} terms, {postings} postings",
        text_bytes as f64 / 1e6,
        stems.len()
    );
    println!(
        "articles per term: at least {:.0} KB ({:.2} bits a posting)",
        kb(article_bits),
        article_bits / postings as f64
    );
    println!(
        "places within articles: at least {:.0} KB ({:.2} bits a word)",
        kb(position_bits),
        position_bits / words_seen as f64
    );
    println!("both: at least {:.0} KB", kb(article_bits + position_bits));
    Ok(())
}

/// log₂ of the binomial coefficient C(n, k).
fn log2_choose(n: u64, k: u64) -> f64 {
    (ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)) / std::f64::consts::LN_2
}

/// ln n!, exactly summed for small n and by Stirling's series beyond.
fn ln_factorial(n: u64) -> f64 {
    if n < 256 {
        return (2..=n).map(|i| (i as f64).ln()).sum();
    }
    let n = n as f64;
    n * n.ln() - n + 0.5 * (2.0 * std::f64::consts::PI * n).ln() + 1.0 / (12.0 * n)
        - 1.0 / (360.0 * n.powi(3))
}
