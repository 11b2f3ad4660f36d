//! The two-stage tagging pipeline over one document: local features, first-stage decoding,
//! document-level evidence, second-stage decoding. Shared by tagging, evaluation and training.

use crate::consistency::NonLocal;
use crate::decode::Viterbi;
use crate::document::DocInput;
use crate::features::{Extractor, FeatureId};
use crate::labels::{Label, NUM_LABELS};
use crate::scorer::Scorer;

/// Reusable buffers for running the pipeline over documents.
#[derive(Default)]
pub(crate) struct Workspace {
    ex: Extractor,
    nl: NonLocal,
    viterbi: Viterbi,
    local: Vec<FeatureId>,
    local_offsets: Vec<usize>,
    /// The scorer's row of each local feature.
    local_rows: Vec<u32>,
    /// The second stage's non-local features of every token, with their offsets and rows.
    non_local: Vec<FeatureId>,
    non_local_offsets: Vec<usize>,
    non_local_rows: Vec<u32>,
    emissions: Vec<[i32; NUM_LABELS]>,
    /// Second-stage scores of each token's local features, summed during the first stage.
    local_second: Vec<[i32; NUM_LABELS]>,
    /// First-stage labels of the current document, one per token.
    pub stage1: Vec<Label>,
    /// Final labels of the current document, one per token.
    pub labels: Vec<Label>,
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

    /// Decodes every sentence with the first stage over local features into `self.stage1`.
    pub fn run_stage1(&mut self, scorer: &Scorer, doc: &DocInput<'_>) {
        self.stage1.clear();
        self.stage1.resize(doc.words.len(), 0);
        self.local_second.clear();
        self.local_second.resize(doc.words.len(), [0; NUM_LABELS]);
        scorer.find_rows(&self.local, &mut self.local_rows);
        for s in &doc.sentences {
            self.emissions.clear();
            for i in s.tokens.clone() {
                let mut e = [0; NUM_LABELS];
                let rows = &self.local_rows[self.local_offsets[i]..self.local_offsets[i + 1]];
                scorer.add_both(rows, &mut e, &mut self.local_second[i]);
                self.emissions.push(e);
            }
            self.viterbi.decode(
                &self.emissions,
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
        for s in &doc.sentences {
            self.emissions.clear();
            for i in s.tokens.clone() {
                let mut e = self.local_second[i];
                let rows =
                    &self.non_local_rows[self.non_local_offsets[i]..self.non_local_offsets[i + 1]];
                scorer.add_second(rows, &mut e);
                self.emissions.push(e);
            }
            self.viterbi.decode(
                &self.emissions,
                scorer.transitions(1),
                &mut self.labels[s.tokens.clone()],
            );
        }
    }

    /// Runs both stages over `doc`, leaving the final labels in `self.labels`.
    pub fn run(&mut self, scorer: &Scorer, doc: &DocInput<'_>) {
        self.extract_local(doc);
        self.run_stage1(scorer, doc);
        self.compute_non_local(doc);
        self.run_stage2(scorer, doc);
    }
}
