//! Training: the first stage on local features, jackknifed first-stage predictions on the training
//! documents, then the second stage on local and document-level features.

use std::ops::Range;

use crate::augment;
use crate::conll::{self, Document};
use crate::decode::Viterbi;
use crate::document::DocInput;
use crate::error::{Error, ErrorKind};
use crate::eval::EvalReport;
use crate::features::FeatureId;
use crate::labels::{labels_from_spans, Label, NUM_LABELS};
use crate::model::{doc_input, Model};
use crate::perceptron::{FeatureIndex, Perceptron, WeightTable};
use crate::pipeline::Workspace;
use crate::scorer::Scorer;

/// Settings of a training run. The defaults are the ones chosen on a held-out part of
/// `eng.train` (see the crate's README).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the training data for the first stage.
    pub stage1_epochs: usize,
    /// Passes over the training data for the second stage.
    pub stage2_epochs: usize,
    /// Folds for the jackknifed first-stage predictions the second stage learns from.
    pub folds: usize,
    /// Seed of the shuffling of sentences between passes.
    pub seed: u64,
    /// Perceptrons trained on different orders of the sentences (the first with `seed`) whose
    /// averaged weights are averaged into each stage's one table: a single order's model moves
    /// by about a point of held-out F1 with the seed, and the mean of five scores higher. Training
    /// takes this many times as long, and the table keeps more features (the union of what the
    /// orders learnt).
    pub orders: usize,
    /// Rewrite one training body sentence in this many into Title Case (0: none), besides half of
    /// the ALL CAPS headlines, so the tagger learns to read titles.
    pub title_case_every: usize,
    /// Whether to score the development data after every second-stage pass (slower).
    pub report_every_epoch: bool,
    /// How many times an update on a hand-labelled training sentence counts against one on a
    /// silver sentence (see [`train_with_silver`]): as if each hand-labelled sentence were seen
    /// this many times, without the time that would take.
    pub gold_weight: i32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            stage1_epochs: 20,
            stage2_epochs: 20,
            folds: 5,
            seed: 0x5EED,
            orders: 5,
            title_case_every: 5,
            report_every_epoch: false,
            gold_weight: 1,
        }
    }
}

/// The feature rows of every training token for one stage, and the index that numbers them.
struct StageData {
    rows: Vec<u32>,
    offsets: Vec<usize>,
    index: FeatureIndex,
}

impl StageData {
    fn new() -> StageData {
        StageData {
            rows: Vec::new(),
            offsets: vec![0],
            index: FeatureIndex::default(),
        }
    }

    fn push_token(&mut self, features: &[FeatureId]) {
        for &f in features {
            let r = self.index.insert(f);
            self.rows.push(r);
        }
        self.offsets.push(self.rows.len());
    }

    fn rows_of(&self, i: usize) -> &[u32] {
        &self.rows[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// A training sentence: its tokens (global indices), its document and the weight of its
/// updates.
struct SentenceRef {
    tokens: Range<usize>,
    doc: usize,
    weight: i32,
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The seeds of `orders` shuffled orders: `seed` first, so one order is the single-seed model.
fn order_seeds(seed: u64, orders: usize) -> Vec<u64> {
    (0..orders.max(1) as u64)
        .map(|k| seed.wrapping_add(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
        .collect()
}

/// Trains one perceptron per seed, each for `epochs` passes over the sentences of the documents
/// `docs` accepts in its own shuffled order; `after_epoch` sees them all after each pass.
fn train_stage(
    data: &StageData,
    gold: &[Label],
    sentences: &[SentenceRef],
    docs: impl Fn(usize) -> bool,
    epochs: usize,
    seeds: &[u64],
    mut after_epoch: impl FnMut(usize, &[Perceptron]),
) -> Vec<Perceptron> {
    let chosen: Vec<usize> = (0..sentences.len())
        .filter(|&s| docs(sentences[s].doc))
        .collect();
    let mut perceptrons: Vec<Perceptron> = seeds
        .iter()
        .map(|_| Perceptron::new(data.index.ids().len()))
        .collect();
    let mut orders = vec![chosen; seeds.len()];
    // Spread each seed over the state so nearby seeds give unrelated orders; the state must not
    // be 0.
    let mut rngs: Vec<Rng> = seeds
        .iter()
        .map(|&seed| Rng((seed ^ 0x9E37_79B9_7F4A_7C15).wrapping_mul(0xD6E8_FEB8_6659_FD93) | 1))
        .collect();
    let mut viterbi = Viterbi::default();
    let mut emissions: Vec<[i32; NUM_LABELS]> = Vec::new();
    let mut predicted: Vec<Label> = Vec::new();
    for epoch in 0..epochs {
        for ((p, order), rng) in perceptrons.iter_mut().zip(&mut orders).zip(&mut rngs) {
            rng.shuffle(order);
            for &s in order.iter() {
                let tokens = sentences[s].tokens.clone();
                emissions.clear();
                for i in tokens.clone() {
                    let mut e = [0; NUM_LABELS];
                    p.emissions(data.rows_of(i), &mut e);
                    emissions.push(e);
                }
                predicted.clear();
                predicted.resize(tokens.len(), 0);
                viterbi.decode(&emissions, p.transitions(), &mut predicted);
                let g = &gold[tokens.clone()];
                if g != predicted.as_slice() {
                    let weight = sentences[s].weight;
                    p.update(|k| data.rows_of(tokens.start + k), g, &predicted, weight);
                }
                p.tick();
            }
        }
        after_epoch(epoch, &perceptrons);
    }
    perceptrons
}

/// Trains a model on CoNLL-format training data, scoring it on the development data.
///
/// `progress` receives one line per step. The same inputs and options always give the same
/// model, byte for byte. A malformed input is reported with the file name `train` or `dev`
/// (see [`Error::file`]).
pub fn train(
    train_conll: &str,
    dev_conll: &str,
    options: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<(Model, EvalReport), Error> {
    train_with_silver(train_conll, "", dev_conll, options, progress)
}

/// [`train`] on hand-labelled data and silver data, CoNLL-format documents a model tagged (for
/// self-training on unlabelled news: see [`Model::silver`]). An update on a hand-labelled
/// sentence counts [`TrainOptions::gold_weight`] times one on a silver sentence. A malformed
/// silver input is reported with the file name `silver`.
pub fn train_with_silver(
    train_conll: &str,
    silver_conll: &str,
    dev_conll: &str,
    options: &TrainOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<(Model, EvalReport), Error> {
    let mut train_docs = conll::parse(train_conll).map_err(|e| e.in_file("train"))?;
    let hand_labelled = train_docs.len();
    let silver_docs = conll::parse(silver_conll).map_err(|e| e.in_file("silver"))?;
    train_docs.extend(silver_docs.into_iter().filter(|d| !d.sentences.is_empty()));
    augment::recase_for_titles(&mut train_docs, options.title_case_every);
    let dev_docs = conll::parse(dev_conll).map_err(|e| e.in_file("dev"))?;
    if train_docs.is_empty() {
        return Err(ErrorKind::NoTrainingData.into());
    }
    let inputs: Vec<DocInput<'_>> = train_docs.iter().map(doc_input).collect();
    let (sentences, gold) = gold_labels(&train_docs, |d| {
        if d < hand_labelled {
            options.gold_weight
        } else {
            1
        }
    });
    let mut ws = Workspace::default();

    let mut stage1 = StageData::new();
    for doc in &inputs {
        ws.extract_local(doc);
        for i in 0..doc.words.len() {
            stage1.push_token(ws.local_of(i));
        }
    }
    progress(&format!(
        "{} documents ({} silver), {} sentences, {} tokens; {} first-stage features",
        train_docs.len(),
        train_docs.len() - hand_labelled,
        sentences.len(),
        gold.len(),
        stage1.index.ids().len()
    ));

    let stage1_seeds = order_seeds(options.seed, options.orders);
    let folds = options.folds.max(2);
    let mut jackknifed: Vec<Vec<Label>> = vec![Vec::new(); inputs.len()];
    for fold in 0..folds {
        let p = train_stage(
            &stage1,
            &gold,
            &sentences,
            |d| d % folds != fold,
            options.stage1_epochs,
            &stage1_seeds,
            |_, _| {},
        );
        let scorer = Scorer::new(
            &Perceptron::mean_of(&p, stage1.index.ids()),
            &WeightTable::new(Vec::new(), Vec::new()),
        );
        for (d, doc) in inputs.iter().enumerate().filter(|(d, _)| d % folds == fold) {
            ws.extract_local(doc);
            ws.run_stage1(&scorer, doc);
            jackknifed[d] = ws.stage1.clone();
        }
        progress(&format!("first stage, fold {}/{folds} done", fold + 1));
    }
    let table1 = Perceptron::mean_of(
        &train_stage(
            &stage1,
            &gold,
            &sentences,
            |_| true,
            options.stage1_epochs,
            &stage1_seeds,
            |_, _| {},
        ),
        stage1.index.ids(),
    );
    progress(&format!(
        "first stage trained: {} features kept",
        table1.len()
    ));
    drop(stage1);

    let mut stage2 = StageData::new();
    let mut scratch = Vec::new();
    for (doc, labels) in inputs.iter().zip(&jackknifed) {
        ws.extract_local(doc);
        ws.stage1.clone_from(labels);
        ws.compute_non_local(doc);
        for (si, s) in doc.sentences.iter().enumerate() {
            for i in s.tokens.clone() {
                scratch.clear();
                ws.stage2_features(doc, si, i, &mut scratch);
                stage2.push_token(&scratch);
            }
        }
    }
    progress(&format!(
        "{} second-stage features",
        stage2.index.ids().len()
    ));
    let report_each = options.report_every_epoch;
    let p2 = train_stage(
        &stage2,
        &gold,
        &sentences,
        |_| true,
        options.stage2_epochs,
        &order_seeds(options.seed ^ 0xABCD, options.orders),
        |epoch, ps| {
            if report_each {
                let model = Model::new(&table1, &Perceptron::mean_of(ps, stage2.index.ids()));
                let f1 = model.score(&dev_docs, false).overall().f1();
                progress(&format!(
                    "second stage epoch {}: dev F1 {:.2}",
                    epoch + 1,
                    100.0 * f1
                ));
            }
        },
    );
    let table2 = Perceptron::mean_of(&p2, stage2.index.ids());
    let model = Model::new(&table1, &table2);
    let report = model.score(&dev_docs, false);
    progress(&format!(
        "done: dev F1 {:.2}",
        100.0 * report.overall().f1()
    ));
    Ok((model, report))
}

/// The sentences of the training documents, each with the weight `weight` gives its document, and
/// their BILOU labels, flat over all tokens.
fn gold_labels(docs: &[Document], weight: impl Fn(usize) -> i32) -> (Vec<SentenceRef>, Vec<Label>) {
    let mut sentences = Vec::new();
    let mut gold = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for s in &doc.sentences {
            let start = gold.len();
            gold.resize(start + s.words.len(), 0);
            labels_from_spans(&s.spans, &mut gold[start..]);
            sentences.push(SentenceRef {
                tokens: start..gold.len(),
                doc: d,
                weight: weight(d),
            });
        }
    }
    (sentences, gold)
}

/// Scores `model` on CoNLL-format data, as conlleval does (exact span and type).
pub fn evaluate(model: &Model, conll: &str) -> Result<EvalReport, Error> {
    let docs = conll::parse(conll)?;
    Ok(model.score(&docs, false))
}

/// [`evaluate`], with the documents of `conll` taken as one corpus whose names vote on their
/// types across documents (see [`crate::CorpusVotes`]), as an index build does.
pub fn evaluate_in_corpus(model: &Model, conll: &str) -> Result<EvalReport, Error> {
    let docs = conll::parse(conll)?;
    Ok(model.score(&docs, true))
}
