//! Learns word clusters from unlabelled text for the tagger's cluster features:
//! `build_clusters [--held-out PERCENT] OUT_FILE TEXT_FILES...`, where a file ending in `.jsonl`
//! holds articles (`title` and `body` are read) and any other file is CoNLL (its first column is
//! read). With `--held-out`, the last PERCENT of each CoNLL file's documents are left out, as
//! `train --held-out` leaves them out, so clusters for model selection never saw the held-out
//! text (such clusters raise the held-out F1 by about 0.9 when they have seen it).
//!
//! Words (lower case) seen at least `MIN_COUNT` times are put in `FINE` classes by the exchange
//! algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998), which maximises the likelihood of
//! the text under a class bigram model, the objective of Brown clusters; rarer words share one
//! class and sentence edges another, both fixed. The classes are then clustered the same way by
//! their own bigram counts into `MID` and then `COARSE` groups, which gives three levels of a
//! hierarchy as the prefixes of Brown clusters do. Deterministic: same input, same file.

use std::collections::HashMap;
use std::error::Error;

use newsdex_ner::{split_held_out, tokenize};
use xxhash_rust::xxh3::xxh3_64;

const MIN_COUNT: u32 = 5;
const FINE: usize = 1024;
const MID: usize = 128;
const COARSE: usize = 16;
/// Passes of the exchange algorithm per level: at the finest, the sixth moves under 3% of the
/// words (28,753, 7,937, 3,554, 2,277, 1,218, 673 on the project's 4.6M tokens).
const ITERATIONS: usize = 6;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let held_out = match args.iter().position(|a| a == "--held-out") {
        Some(i) => {
            let percent = args.get(i + 1).ok_or("--held-out needs a percentage")?;
            let percent: u32 = percent.parse()?;
            args.drain(i..i + 2);
            percent
        }
        None => 0,
    };
    let [out, inputs @ ..] = args.as_slice() else {
        return Err("usage: build_clusters [--held-out PERCENT] OUT_FILE TEXT_FILES...".into());
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
            let (text, _) = split_held_out(&text, held_out);
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
    // Vocabulary by frequency, ties by the word, so the order is fixed.
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
    eprintln!(
        "{} tokens, {} words, {} in the vocabulary",
        total,
        words.len(),
        vocab.len()
    );
    // Items: the vocabulary by frequency, then one for every rarer word, then the sentence edge.
    let (rare, edge) = (vocab.len() as u32, vocab.len() as u32 + 1);
    let mut pairs: HashMap<(u32, u32), i64> = HashMap::new();
    let mut item_count = vec![0i64; vocab.len() + 2];
    for s in &seqs {
        let mut prev = edge;
        item_count[edge as usize] += 1;
        for &w in s {
            let x = match row[w as usize] {
                u32::MAX => rare,
                r => r,
            };
            item_count[x as usize] += 1;
            *pairs.entry((prev, x)).or_default() += 1;
            prev = x;
        }
        *pairs.entry((prev, edge)).or_default() += 1;
    }
    let mut graph = Graph::new(item_count, &pairs);
    let mut levels: Vec<Vec<u32>> = Vec::new();
    for k in [FINE, MID, COARSE] {
        let movable = graph.count.len() - 2;
        let class = exchange(&graph, movable, k);
        eprintln!(
            "{k} classes: log-likelihood {:.0}",
            graph.objective(&class, k + 2)
        );
        graph = graph.of_classes(&class, k + 2);
        levels.push(class[..movable].to_vec());
    }
    let [fine, mid, coarse] = <[Vec<u32>; 3]>::try_from(levels).expect("three levels");

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

/// Items (words, or classes of the level below) and their bigram counts.
struct Graph {
    /// Per item: the items after it and how often, itself left out.
    right: Vec<Vec<(u32, i64)>>,
    /// Per item: the items before it and how often, itself left out.
    left: Vec<Vec<(u32, i64)>>,
    /// How often each item follows itself.
    own: Vec<i64>,
    count: Vec<i64>,
}

impl Graph {
    fn new(count: Vec<i64>, pairs: &HashMap<(u32, u32), i64>) -> Graph {
        let n = count.len();
        let mut g = Graph {
            right: vec![Vec::new(); n],
            left: vec![Vec::new(); n],
            own: vec![0; n],
            count,
        };
        let mut sorted: Vec<(&(u32, u32), &i64)> = pairs.iter().collect();
        sorted.sort();
        for (&(a, b), &c) in sorted {
            if a == b {
                g.own[a as usize] += c;
            } else {
                g.right[a as usize].push((b, c));
                g.left[b as usize].push((a, c));
            }
        }
        g
    }

    /// The counts of `classes` classes of items, as items of the next level.
    fn class_bigrams(&self, class: &[u32], classes: usize) -> Vec<i64> {
        let mut m = vec![0i64; classes * classes];
        for (w, &a) in class.iter().enumerate() {
            let a = a as usize;
            m[a * classes + a] += self.own[w];
            for &(v, c) in &self.right[w] {
                m[a * classes + class[v as usize] as usize] += c;
            }
        }
        m
    }

    /// The graph whose items are the classes of this one's.
    fn of_classes(&self, class: &[u32], classes: usize) -> Graph {
        let m = self.class_bigrams(class, classes);
        let mut count = vec![0i64; classes];
        for (w, &a) in class.iter().enumerate() {
            count[a as usize] += self.count[w];
        }
        let pairs: HashMap<(u32, u32), i64> = (0..classes * classes)
            .filter(|&i| m[i] != 0)
            .map(|i| (((i / classes) as u32, (i % classes) as u32), m[i]))
            .collect();
        Graph::new(count, &pairs)
    }

    /// The class bigram log-likelihood of the text, up to a constant.
    fn objective(&self, class: &[u32], classes: usize) -> f64 {
        let m = self.class_bigrams(class, classes);
        let mut n = vec![0i64; classes];
        for (w, &a) in class.iter().enumerate() {
            n[a as usize] += self.count[w];
        }
        m.iter().map(|&x| xlogx(x)).sum::<f64>() - 2.0 * n.iter().map(|&x| xlogx(x)).sum::<f64>()
    }
}

/// x ln x, 0 for 0.
fn xlogx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// The exchange algorithm over the first `movable` items of `g`, into `k` classes: each pass
/// moves every item in turn to the class that most raises the class bigram log-likelihood
/// `sum N(c, d) ln N(c, d) - 2 sum N(c) ln N(c)`. The last two items (rare words and sentence
/// edges) keep classes of their own, `k` and `k + 1`. Items start in classes by frequency
/// rank modulo `k`, so the most frequent words start apart.
fn exchange(g: &Graph, movable: usize, k: usize) -> Vec<u32> {
    let kk = k + 2;
    let mut class: Vec<u32> = (0..movable).map(|i| (i % k) as u32).collect();
    class.extend([k as u32, k as u32 + 1]);
    let mut m = g.class_bigrams(&class, kk);
    let mut n = vec![0i64; kk];
    for (w, &a) in class.iter().enumerate() {
        n[a as usize] += g.count[w];
    }
    // The item's counts with each class after it (`r`) and before it (`l`), and which are set.
    let (mut r, mut l) = (vec![0i64; kk], vec![0i64; kk]);
    let (mut set_r, mut set_l): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for pass in 0..ITERATIONS {
        let mut moved = 0;
        for w in 0..movable {
            set_r.drain(..).for_each(|x| r[x] = 0);
            set_l.drain(..).for_each(|x| l[x] = 0);
            for &(v, c) in &g.right[w] {
                let x = class[v as usize] as usize;
                if r[x] == 0 {
                    set_r.push(x);
                }
                r[x] += c;
            }
            for &(u, c) in &g.left[w] {
                let x = class[u as usize] as usize;
                if l[x] == 0 {
                    set_l.push(x);
                }
                l[x] += c;
            }
            let (a, cw, ww) = (class[w] as usize, g.count[w], g.own[w]);
            // Take the item out of its class, then put it where the likelihood gains most
            // (staying where it was on a tie).
            for &x in &set_r {
                m[a * kk + x] -= r[x];
            }
            for &x in &set_l {
                m[x * kk + a] -= l[x];
            }
            m[a * kk + a] -= ww;
            n[a] -= cw;
            let gain = |b: usize| {
                let mut d = 0.0;
                for &x in set_r.iter().filter(|&&x| x != b) {
                    let v = m[b * kk + x];
                    d += xlogx(v + r[x]) - xlogx(v);
                }
                for &x in set_l.iter().filter(|&&x| x != b) {
                    let v = m[x * kk + b];
                    d += xlogx(v + l[x]) - xlogx(v);
                }
                let v = m[b * kk + b];
                d += xlogx(v + r[b] + l[b] + ww) - xlogx(v);
                d - 2.0 * (xlogx(n[b] + cw) - xlogx(n[b]))
            };
            let mut best = (gain(a), a);
            for b in (0..k).filter(|&b| b != a) {
                let d = gain(b);
                if d > best.0 + 1e-9 {
                    best = (d, b);
                }
            }
            let b = best.1;
            for &x in set_r.iter().filter(|&&x| x != b) {
                m[b * kk + x] += r[x];
            }
            for &x in set_l.iter().filter(|&&x| x != b) {
                m[x * kk + b] += l[x];
            }
            m[b * kk + b] += r[b] + l[b] + ww;
            n[b] += cw;
            if b != a {
                class[w] = b as u32;
                moved += 1;
            }
        }
        eprintln!("{k} classes, pass {}: {moved} moved", pass + 1);
    }
    debug_assert!(
        m == g.class_bigrams(&class, kk),
        "class bigram counts drifted"
    );
    class
}
