//! Learns word clusters from unlabelled text for the tagger's cluster features:
//! `build_clusters OUT_FILE TEXT_FILES...`, where a file ending in `.jsonl` holds articles
//! (`title` and `body` are read) and any other file is CoNLL (its first column is read).
//!
//! Each word (lower case) seen at least `MIN_COUNT` times is described by the words seen just
//! before and just after it (positive PMI over the most frequent words), projected at random to
//! `DIMS` dimensions; spherical k-means puts the words in `FINE` clusters, and the clusters'
//! centres are clustered again into `MID` and then `COARSE` groups, which gives three levels of
//! a hierarchy as the prefixes of Brown clusters do. Deterministic: same input, same file.

use std::collections::HashMap;
use std::error::Error;

use newsdex_ner::tokenize;
use xxhash_rust::xxh3::xxh3_64;

const MIN_COUNT: u32 = 5;
const CONTEXTS: usize = 2000;
const DIMS: usize = 96;
const FINE: usize = 1024;
const MID: usize = 128;
const COARSE: usize = 16;
const ITERATIONS: usize = 12;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, inputs @ ..] = args.as_slice() else {
        return Err("usage: build_clusters OUT_FILE TEXT_FILES...".into());
    };
    // Every text as lower-cased words, one sequence per line or sentence.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    let mut intern = |w: &str, ids: &mut HashMap<String, u32>| -> u32 {
        let lower = w.to_lowercase();
        if let Some(&i) = ids.get(&lower) {
            return i;
        }
        let i = words.len() as u32;
        words.push(lower.clone());
        ids.insert(lower, i);
        i
    };
    let mut toks = Vec::new();
    for path in inputs {
        let text = std::fs::read_to_string(path).map_err(|e| format!("newsdex: {path}: {e}"))?;
        if path.ends_with(".jsonl") {
            for (n, line) in text.lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(line)
                    .map_err(|e| format!("newsdex: {path}, line {}: {e}", n + 1))?;
                for field in ["title", "body"] {
                    for part in v[field].as_str().unwrap_or_default().split('\n') {
                        toks.clear();
                        tokenize(part, &mut toks);
                        let seq: Vec<u32> = toks
                            .iter()
                            .map(|t| intern(&part[t.start..t.end], &mut ids))
                            .collect();
                        seqs.push(seq);
                    }
                }
            }
        } else {
            let mut seq = Vec::new();
            for line in text.lines() {
                match line.split(' ').next() {
                    Some("-DOCSTART-") => {}
                    Some(w) if !w.is_empty() => seq.push(intern(w, &mut ids)),
                    _ => seqs.push(std::mem::take(&mut seq)),
                }
            }
            seqs.push(seq);
        }
    }
    let mut count = vec![0u32; words.len()];
    for s in &seqs {
        for &w in s {
            count[w as usize] += 1;
        }
    }
    let total: u64 = count.iter().map(|&c| c as u64).sum();
    // Vocabulary and contexts by frequency, ties by the word, so the order is fixed.
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq.sort_by(|&a, &b| {
        count[b as usize]
            .cmp(&count[a as usize])
            .then(words[a as usize].cmp(&words[b as usize]))
    });
    let vocab: Vec<u32> = by_freq
        .iter()
        .copied()
        .filter(|&w| count[w as usize] >= MIN_COUNT)
        .collect();
    let mut row = vec![u32::MAX; words.len()];
    for (r, &w) in vocab.iter().enumerate() {
        row[w as usize] = r as u32;
    }
    let mut ctx = vec![u32::MAX; words.len()];
    for (c, &w) in by_freq.iter().take(CONTEXTS).enumerate() {
        ctx[w as usize] = c as u32;
    }
    eprintln!(
        "{} tokens, {} words, {} in the vocabulary",
        total,
        words.len(),
        vocab.len()
    );
    // Co-occurrence counts: (row, side * CONTEXTS + context).
    let mut co: HashMap<(u32, u32), u32> = HashMap::new();
    let mut side_total = [vec![0u64; CONTEXTS], vec![0u64; CONTEXTS]];
    for s in &seqs {
        for (i, &w) in s.iter().enumerate() {
            let r = row[w as usize];
            if r == u32::MAX {
                continue;
            }
            for (side, j) in [(0usize, i.checked_sub(1)), (1, Some(i + 1))] {
                let Some(&n) = j.and_then(|j| s.get(j)) else {
                    continue;
                };
                let c = ctx[n as usize];
                if c != u32::MAX {
                    *co.entry((r, side as u32 * CONTEXTS as u32 + c))
                        .or_default() += 1;
                    side_total[side][c as usize] += 1;
                }
            }
        }
    }
    // Random ±1 projection of each context dimension, from a fixed hash.
    let sign = |dim: u32, k: usize| {
        if xxh3_64(&[dim.to_le_bytes(), (k as u32).to_le_bytes()].concat()) & 1 == 0 {
            1.0f32
        } else {
            -1.0
        }
    };
    let mut vecs = vec![0f32; vocab.len() * DIMS];
    let mut entries: Vec<(&(u32, u32), &u32)> = co.iter().collect();
    entries.sort();
    let grand: f64 = side_total.iter().flatten().sum::<u64>() as f64;
    for (&(r, dim), &c) in entries {
        let side = (dim as usize) / CONTEXTS;
        let cx = side_total[side][dim as usize % CONTEXTS] as f64;
        let w = count[vocab[r as usize] as usize] as f64;
        let pmi = ((c as f64 * grand) / (w * cx)).ln();
        if pmi <= 0.0 {
            continue;
        }
        let v = &mut vecs[r as usize * DIMS..(r as usize + 1) * DIMS];
        for (k, x) in v.iter_mut().enumerate() {
            *x += pmi as f32 * sign(dim, k);
        }
    }
    for v in vecs.chunks_mut(DIMS) {
        normalise(v);
    }
    let weights = vec![1f32; vocab.len()];
    let (fine, fine_centres) = kmeans(&vecs, &weights, FINE);
    let fine_sizes: Vec<f32> = (0..FINE)
        .map(|c| fine.iter().filter(|&&a| a as usize == c).count() as f32)
        .collect();
    let (mid, mid_centres) = kmeans(&fine_centres, &fine_sizes, MID);
    let mid_sizes: Vec<f32> = (0..MID)
        .map(|c| {
            (0..FINE)
                .filter(|&f| mid[f] as usize == c)
                .map(|f| fine_sizes[f])
                .sum()
        })
        .collect();
    let (coarse, _) = kmeans(&mid_centres, &mid_sizes, COARSE);

    // The file: label, count, then (u32 word hash, u16 fine cluster) sorted by hash, then the
    // mid cluster of each fine one and the coarse cluster of each mid one.
    let mut table: Vec<(u32, u16)> = vocab
        .iter()
        .zip(&fine)
        .map(|(&w, &c)| (xxh3_64(words[w as usize].as_bytes()) as u32, c as u16))
        .collect();
    table.sort();
    table.dedup_by_key(|e| e.0);
    let mut bytes = b"newsdex-clusters\n".to_vec();
    bytes.extend((table.len() as u32).to_le_bytes());
    for (h, c) in &table {
        bytes.extend(h.to_le_bytes());
        bytes.extend(c.to_le_bytes());
    }
    bytes.extend(mid.iter().map(|&m| m as u8));
    bytes.extend(coarse.iter().map(|&m| m as u8));
    std::fs::write(out, &bytes).map_err(|e| format!("newsdex: {out}: {e}"))?;
    eprintln!("{out}: {} words, {} bytes", table.len(), bytes.len());
    if let Ok(probe) = std::env::var("CLUSTER_PROBE") {
        for w in probe.split(',') {
            if let Some(&i) = ids.get(w) {
                let r = row[i as usize];
                if r != u32::MAX {
                    let c = fine[r as usize];
                    let same: Vec<&str> = vocab
                        .iter()
                        .zip(&fine)
                        .filter(|(_, &f)| f == c)
                        .take(12)
                        .map(|(&v, _)| words[v as usize].as_str())
                        .collect();
                    eprintln!("{w}: {c} {same:?}");
                }
            }
        }
    }
    Ok(())
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Weighted spherical k-means of unit rows of `DIMS`: the cluster of each row and the centres.
/// The first centres are rows spread evenly over the input (which comes by frequency).
fn kmeans(rows: &[f32], weights: &[f32], k: usize) -> (Vec<u32>, Vec<f32>) {
    let n = rows.len() / DIMS;
    let mut centres: Vec<f32> = (0..k)
        .flat_map(|c| rows[(c * n / k) * DIMS..(c * n / k + 1) * DIMS].to_vec())
        .collect();
    let mut assign = vec![0u32; n];
    for _ in 0..ITERATIONS {
        for (i, a) in assign.iter_mut().enumerate() {
            let v = &rows[i * DIMS..(i + 1) * DIMS];
            let mut best = (f32::MIN, 0);
            for (c, centre) in centres.chunks(DIMS).enumerate() {
                let dot: f32 = v.iter().zip(centre).map(|(a, b)| a * b).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            *a = best.1 as u32;
        }
        let mut sums = vec![0f32; k * DIMS];
        for (i, &a) in assign.iter().enumerate() {
            for (s, x) in sums[a as usize * DIMS..(a as usize + 1) * DIMS]
                .iter_mut()
                .zip(&rows[i * DIMS..(i + 1) * DIMS])
            {
                *s += x * weights[i];
            }
        }
        for (c, s) in sums.chunks_mut(DIMS).enumerate() {
            if s.iter().any(|&x| x != 0.0) {
                normalise(s);
                centres[c * DIMS..(c + 1) * DIMS].copy_from_slice(s);
            }
        }
    }
    (assign, centres)
}
