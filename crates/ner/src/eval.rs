//! conlleval-style scoring: exact span and type matches, per type and overall.

use std::fmt;

use crate::conll::{iob1_tags, ChunkTag};
use crate::entity::EntityType;
use crate::labels::Span;

/// Counts and scores for one entity type, or for all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// Names in the gold data.
    pub gold: usize,
    /// Names the tagger found.
    pub found: usize,
    /// Names found with exactly the gold span and type.
    pub correct: usize,
}

impl Scores {
    /// correct / found (0 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.found)
    }

    /// correct / gold (0 when there is no gold name).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: &Scores) {
        self.gold += other.gold;
        self.found += other.found;
        self.correct += other.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The result of scoring a tagger against gold CoNLL data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvalReport {
    /// Scores per type, in the order of [`EntityType::ALL`].
    pub per_type: [Scores; 4],
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens whose IOB1 tag matched the gold tag.
    pub tokens_correct: usize,
}

impl EvalReport {
    /// Scores over all types.
    pub fn overall(&self) -> Scores {
        let mut all = Scores::default();
        for s in &self.per_type {
            all.add(s);
        }
        all
    }

    /// Scores of one type.
    pub fn of(&self, kind: EntityType) -> Scores {
        self.per_type[kind.index()]
    }

    /// Scores one sentence of `n` tokens: gold names against predicted names.
    pub(crate) fn add_sentence(&mut self, n: usize, gold: &[Span], predicted: &[Span]) {
        for g in gold {
            self.per_type[g.kind.index()].gold += 1;
        }
        for p in predicted {
            self.per_type[p.kind.index()].found += 1;
            if gold.contains(p) {
                self.per_type[p.kind.index()].correct += 1;
            }
        }
        let gold_tags: Vec<ChunkTag> = iob1_tags(n, gold);
        let pred_tags: Vec<ChunkTag> = iob1_tags(n, predicted);
        self.tokens += n;
        self.tokens_correct += gold_tags
            .iter()
            .zip(&pred_tags)
            .filter(|(g, p)| g == p)
            .count();
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = self.overall();
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, all.gold, all.found, all.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            100.0 * ratio(self.tokens_correct, self.tokens),
            100.0 * all.precision(),
            100.0 * all.recall(),
            100.0 * all.f1()
        )?;
        for kind in EntityType::ALL {
            let s = self.of(kind);
            writeln!(
                f,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                kind.as_str(),
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1(),
                s.found
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse;

    #[test]
    fn scores_exact_span_and_type_only() {
        // Gold: [Alpha Beta]PER said [Gamma]LOC [Delta]LOC . Predicted: one right, one wrong span,
        // one wrong type.
        let gold = parse(
            "Alpha x x I-PER\nBeta x x I-PER\nsaid x x O\nGamma x x I-LOC\nDelta x x B-LOC\n",
        )
        .unwrap();
        let spans = &gold[0].sentences[0].spans;
        assert_eq!(spans.len(), 3);
        let predicted = [
            Span {
                start: 0,
                end: 1,
                kind: EntityType::Per,
            },
            Span {
                start: 3,
                end: 4,
                kind: EntityType::Loc,
            },
            Span {
                start: 4,
                end: 5,
                kind: EntityType::Org,
            },
        ];
        let mut report = EvalReport::default();
        report.add_sentence(5, spans, &predicted);
        let all = report.overall();
        assert_eq!((all.gold, all.found, all.correct), (3, 3, 1));
        assert_eq!(report.of(EntityType::Loc).correct, 1);
        assert_eq!(report.of(EntityType::Loc).gold, 2);
        assert!((all.f1() - 1.0 / 3.0).abs() < 1e-12);
        // Tokens: Beta (O vs I-PER) and Delta (B-ORG vs B-LOC... I-ORG) are wrong.
        assert_eq!(report.tokens_correct, 3);
        let table = report.to_string();
        assert!(table.contains("FB1:  33.33"), "{table}");
    }
}
