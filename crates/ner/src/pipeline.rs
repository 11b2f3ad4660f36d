//! The two-stage tagging pipeline over one document: local features, first-stage decoding,
//! document-level evidence, second-stage decoding. Shared by tagging, evaluation and training.

use crate::consistency::NonLocal;
use crate::decode::Viterbi;
use crate::document::DocInput;
use crate::features::{Extractor, FeatureId, NEIGHBOURS};
use crate::labels::{Label, NUM_LABELS, OUTSIDE};
use crate::lanes::Sum;
use crate::scorer::Scorer;
use crate::word_sums::{Sums, WordSums};

/// Reusable buffers for running the pipeline over documents.
#[derive(Default)]
pub(crate) struct Workspace {
    ex: Extractor,
    nl: NonLocal,
    viterbi: Viterbi,
    local: Vec<FeatureId>,
    local_offsets: Vec<usize>,
    /// The local features of every token that depend on more than one word, with their offsets
    /// and rows.
    context: Vec<FeatureId>,
    context_offsets: Vec<usize>,
    context_rows: Vec<u32>,
    /// The sums of the other local features, per word type.
    word_sums: WordSums,
    /// The second stage's non-local features of every token, with their offsets and rows.
    non_local: Vec<FeatureId>,
    non_local_offsets: Vec<usize>,
    non_local_rows: Vec<u32>,
    /// Scores of each token of the document for the stage being decoded.
    emissions: Vec<[i32; NUM_LABELS]>,
    /// Second-stage scores of each token's local features, summed during the first stage.
    local_second: Vec<[i32; NUM_LABELS]>,
    /// First-stage labels of the current document, one per token.
    pub stage1: Vec<Label>,
    /// Final labels of the current document, one per token.
    pub labels: Vec<Label>,
    /// The tokens of the current document that both stages must leave outside any name (empty:
    /// none), set by the caller before [`Workspace::run`].
    pub outside: Vec<usize>,
}

impl Workspace {
    /// Extracts the local features of every token of `doc`.
    pub fn extract_local(&mut self, doc: &DocInput<'_>) {
        self.ex.prepare(doc);
        self.local.clear();
        self.local_offsets.clear();
        self.local_offsets.push(0);
        for si in 0..doc.sentences.len() {
            for i in doc.sentences[si].tokens.clone() {
                self.ex.local(doc, si, i, &mut self.local);
                self.local_offsets.push(self.local.len());
            }
        }
    }

    /// The local features of token `i` (after [`Workspace::extract_local`]).
    pub fn local_of(&self, i: usize) -> &[FeatureId] {
        &self.local[self.local_offsets[i]..self.local_offsets[i + 1]]
    }

    /// Gathers the document-level evidence from `self.stage1`.
    pub fn compute_non_local(&mut self, doc: &DocInput<'_>) {
        self.nl.compute(doc, &self.ex, &self.stage1);
    }

    /// Appends the second-stage features of token `i` of sentence `si`: local and non-local.
    pub fn stage2_features(
        &self,
        doc: &DocInput<'_>,
        si: usize,
        i: usize,
        out: &mut Vec<FeatureId>,
    ) {
        out.extend_from_slice(self.local_of(i));
        self.ex
            .non_local(&doc.sentences[si], i, &self.stage1, self.nl.of(i), out);
    }

    /// Decodes every sentence with the first stage over local features into `self.stage1`, once
    /// the tokens are prepared (by [`Workspace::extract_local`] or [`Workspace::run`]).
    pub fn run_stage1(&mut self, scorer: &Scorer, doc: &DocInput<'_>) {
        let n = doc.words.len();
        self.stage1.clear();
        self.stage1.resize(n, 0);
        self.emissions.clear();
        self.emissions.resize(n, [0; NUM_LABELS]);
        self.local_second.clear();
        self.local_second.resize(n, [0; NUM_LABELS]);
        self.context.clear();
        self.context_offsets.clear();
        self.context_offsets.push(0);
        for si in 0..doc.sentences.len() {
            for i in doc.sentences[si].tokens.clone() {
                self.ex.context_features(doc, si, i, &mut self.context);
                self.context_offsets.push(self.context.len());
            }
        }
        scorer.find_rows(&self.context, &mut self.context_rows);
        for (i, r) in self.context_offsets.windows(2).enumerate() {
            let rows = &self.context_rows[r[0]..r[1]];
            scorer.add_both(rows, &mut self.emissions[i], &mut self.local_second[i]);
        }
        self.word_sums.bind(scorer, &self.ex);
        for (si, s) in doc.sentences.iter().enumerate() {
            let mode = self.ex.mode(si);
            let edges = self.word_sums.edges(mode);
            for j in s.tokens.clone() {
                let entry = self.word_sums.entry(scorer, &self.ex, j, mode);
                let (first, second) = (&mut self.emissions, &mut self.local_second);
                add_sums(&mut first[j], &mut second[j], &entry[0]);
                for (k, &d) in NEIGHBOURS.iter().enumerate() {
                    // Token `j` is the neighbour at `d` of the token `d` places before it.
                    if let Some(i) = j.checked_add_signed(-d).filter(|i| s.tokens.contains(i)) {
                        add_sums(&mut first[i], &mut second[i], &entry[1 + k]);
                    }
                    if !j
                        .checked_add_signed(d)
                        .is_some_and(|i| s.tokens.contains(&i))
                    {
                        add_sums(&mut first[j], &mut second[j], &edges[k]);
                    }
                }
            }
            keep_outside(&self.outside, &mut self.emissions);
            self.viterbi.decode(
                &self.emissions[s.tokens.clone()],
                scorer.transitions(0),
                &mut self.stage1[s.tokens.clone()],
            );
        }
    }

    /// Decodes every sentence with the second stage into `self.labels`, adding the non-local
    /// features' scores to the local ones summed by [`Workspace::run_stage1`].
    pub fn run_stage2(&mut self, scorer: &Scorer, doc: &DocInput<'_>) {
        self.labels.clear();
        self.labels.resize(doc.words.len(), 0);
        self.non_local.clear();
        self.non_local_offsets.clear();
        self.non_local_offsets.push(0);
        for s in &doc.sentences {
            for i in s.tokens.clone() {
                self.ex
                    .non_local(s, i, &self.stage1, self.nl.of(i), &mut self.non_local);
                self.non_local_offsets.push(self.non_local.len());
            }
        }
        scorer.find_rows(&self.non_local, &mut self.non_local_rows);
        self.emissions.clone_from(&self.local_second);
        for (i, r) in self.non_local_offsets.windows(2).enumerate() {
            scorer.add_second(&self.non_local_rows[r[0]..r[1]], &mut self.emissions[i]);
        }
        keep_outside(&self.outside, &mut self.emissions);
        for s in &doc.sentences {
            self.viterbi.decode(
                &self.emissions[s.tokens.clone()],
                scorer.transitions(1),
                &mut self.labels[s.tokens.clone()],
            );
        }
    }

    /// The scores of each token's labels in the stage decoded last.
    pub fn emissions(&self) -> &[[i32; NUM_LABELS]] {
        &self.emissions
    }

    /// Runs both stages over `doc`, leaving the final labels in `self.labels`.
    pub fn run(&mut self, scorer: &Scorer, doc: &DocInput<'_>) {
        self.ex.prepare(doc);
        self.run_stage1(scorer, doc);
        self.compute_non_local(doc);
        self.run_stage2(scorer, doc);
    }
}

/// Makes every label but `OUTSIDE` unreachable at the tokens `outside`. The penalty exceeds what
/// the rest of any sentence could add (below 2^17 a token, far fewer than 2^12 tokens), and the
/// decoder adds such scores in 64 bits.
fn keep_outside(outside: &[usize], emissions: &mut [[i32; NUM_LABELS]]) {
    for &i in outside {
        if let Some(row) = emissions.get_mut(i) {
            let o = row[OUTSIDE as usize];
            for (l, x) in row.iter_mut().enumerate() {
                if l != OUTSIDE as usize {
                    *x = o.saturating_sub(1 << 30);
                }
            }
        }
    }
}

/// Adds both stages' `sums` to `first` and `second`.
#[inline]
fn add_sums(first: &mut [i32; NUM_LABELS], second: &mut [i32; NUM_LABELS], sums: &Sums) {
    for (out, sums) in [first, second].into_iter().zip(sums) {
        let mut sum = Sum::of(out);
        sum.add_i32(sums);
        sum.store(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::model_format;

    /// What is kept per word type gives each token the sums of its whole list of local features,
    /// as training extracts it, for both stages: in a table that starts empty, one that holds the
    /// text already, and one too small for it (words evicting each other).
    #[test]
    fn word_sums_give_what_the_features_give() {
        let text = include_str!("../tests/fixtures/articles.txt");
        let (stage1, stage2) = model_format::decode(&Model::embedded().to_bytes()).unwrap();
        let scorer = Scorer::new(&stage1, &stage2);
        let doc = DocInput::of_text(text, &mut Vec::new());
        let distinct: std::collections::HashSet<&str> = doc.words.iter().copied().collect();
        assert!(distinct.len() > 2 * 256, "{} words", distinct.len());
        let mut ws = Workspace::default();
        let mut rows = Vec::new();
        for _ in 0..2 {
            ws.extract_local(&doc);
            ws.run_stage1(&scorer, &doc);
            for i in 0..doc.words.len() {
                let (mut first, mut second) = ([0; NUM_LABELS], [0; NUM_LABELS]);
                scorer.find_rows(ws.local_of(i), &mut rows);
                scorer.add_both(&rows, &mut first, &mut second);
                assert_eq!(
                    (ws.emissions[i], ws.local_second[i]),
                    (first, second),
                    "token {i}: {}",
                    doc.words[i]
                );
            }
        }
    }
}
