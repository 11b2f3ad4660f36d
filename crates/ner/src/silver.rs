//! Silver training data: unlabelled news tagged by a model, each sentence with how sure the model
//! was of it, for self-training (the model is learnt on 1996 Reuters; the news a page shows is
//! later and written otherwise).

use crate::cues::key;
use crate::document::DocInput;
use crate::entity::EntityType;
use crate::labels::{decompose, spans_from_labels, Label, NUM_LABELS};
use crate::model::Model;
use crate::pipeline::Workspace;

/// The most tokens of a text tagged for silver data: longer texts are left out whole rather
/// than cut, as a cut would change the document-level evidence the sentences were tagged with.
const MAX_TOKENS: usize = 20_000;

/// A name the model found in a silver sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SilverName {
    /// Token range within the sentence (`end` exclusive).
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// Its type.
    pub kind: EntityType,
    /// Whether the words around one of its occurrences settled the type (see
    /// [`Mention::cued`](crate::Mention)): a corpus vote must not overrule it.
    pub cued: bool,
    /// Whether the tagger's own labels differ from it (span or type): the article-level rules
    /// made it, so it teaches what the tagger does not know.
    pub ruled: bool,
}

/// A sentence of a text as the model tagged it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SilverSentence<'a> {
    /// Its tokens.
    pub words: Vec<&'a str>,
    /// Its names, after the article-level rules (one type per name, titles, cues).
    pub names: Vec<SilverName>,
    /// The second stage's margin at each token: the best score among the labels of the type
    /// the tagger chose for it (or outside a name) less the best among the other types'. Labels
    /// are compared by type, not part, as a name's inner words score their own part lower than
    /// a one-word name's. Negative where the transitions outvoted a token's own evidence.
    pub margins: Vec<i32>,
}

impl SilverSentence<'_> {
    /// The least margin over the tokens outside the names the rules made: how sure the tagger
    /// was of the rest of the sentence.
    pub fn margin(&self) -> i32 {
        (0..self.words.len())
            .filter(|&i| {
                !self
                    .names
                    .iter()
                    .any(|n| n.ruled && (n.start..n.end).contains(&i))
            })
            .map(|i| self.margins[i])
            .min()
            .unwrap_or(i32::MAX)
    }
}

impl Model {
    /// Tags `text` as one CoNLL-style document (its sentences, no headline), as training reads
    /// it, and returns its sentences with their names and margins; nothing for a text of more
    /// than 20,000 tokens.
    pub fn silver<'a>(&self, text: &'a str) -> Vec<SilverSentence<'a>> {
        let mut tokens = Vec::new();
        let doc = DocInput::of_text(text, &mut tokens);
        if tokens.len() > MAX_TOKENS {
            return Vec::new();
        }
        let mut ws = Workspace::default();
        let (spans, cued) = self.label(&doc, &mut ws);
        doc.sentences
            .iter()
            .zip(spans)
            .map(|(s, spans)| {
                let words = doc.words[s.tokens.clone()].to_vec();
                let margins = s
                    .tokens
                    .clone()
                    .map(|i| margin(&ws.emissions()[i], ws.labels[i]))
                    .collect();
                let mut raw = Vec::new();
                spans_from_labels(&ws.labels[s.tokens.clone()], &mut raw);
                let names = spans
                    .iter()
                    .map(|sp| SilverName {
                        start: sp.start,
                        end: sp.end,
                        kind: sp.kind,
                        cued: cued.contains(&key(&words[sp.start..sp.end])),
                        ruled: !raw.contains(sp),
                    })
                    .collect();
                SilverSentence {
                    words,
                    names,
                    margins,
                }
            })
            .collect()
    }
}

/// The best score of the labels of `chosen`'s type less the best of the other types' labels.
fn margin(scores: &[i32; NUM_LABELS], chosen: Label) -> i32 {
    let kind = |l: Label| decompose(l).map(|(k, _)| k);
    let best = |same: bool| {
        (0..NUM_LABELS as Label)
            .filter(|&l| (kind(l) == kind(chosen)) == same)
            .map(|l| scores[l as usize])
            .max()
            .unwrap_or(i32::MIN)
    };
    best(true).saturating_sub(best(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_words_names_and_least_margin() {
        let text = "John Kerry met Sergei Lavrov in Geneva. The talks ended on Monday.";
        let found = Model::embedded().silver(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].words[..2], ["John", "Kerry"]);
        let names: Vec<(String, EntityType)> = found[0]
            .names
            .iter()
            .map(|n| (found[0].words[n.start..n.end].join(" "), n.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("John Kerry".to_string(), EntityType::Per),
                ("Sergei Lavrov".to_string(), EntityType::Per),
                ("Geneva".to_string(), EntityType::Loc),
            ]
        );
        assert!(found[1].names.is_empty());
        assert!(found.iter().all(|s| s.margin() > 0), "{found:?}");
        assert!(found[0].names.iter().all(|n| !n.ruled), "{found:?}");
    }

    #[test]
    fn margin_is_against_the_best_label_of_another_type() {
        use crate::labels::{label, Part};
        let mut scores = [0; NUM_LABELS];
        scores[label(EntityType::Per, Part::Unit) as usize] = 10;
        scores[label(EntityType::Per, Part::Last) as usize] = 7;
        scores[label(EntityType::Org, Part::Unit) as usize] = 4;
        let per_last = label(EntityType::Per, Part::Last);
        assert_eq!(
            margin(&scores, per_last),
            6,
            "the same type's best part counts"
        );
        assert_eq!(margin(&scores, label(EntityType::Org, Part::Last)), -6);
        assert_eq!(margin(&scores, crate::labels::OUTSIDE), -10);
    }

    #[test]
    fn the_sentence_margin_leaves_out_the_names_the_rules_made() {
        let name = |start, end, ruled| SilverName {
            start,
            end,
            kind: EntityType::Per,
            cued: false,
            ruled,
        };
        let mut sentence = SilverSentence {
            words: vec!["Mayor", "Elena", "Vasquez", "spoke"],
            names: vec![name(1, 3, true)],
            margins: vec![900, -50, -20, 300],
        };
        assert_eq!(sentence.margin(), 300);
        sentence.names[0].ruled = false;
        assert_eq!(sentence.margin(), -50);
    }

    #[test]
    fn an_overlong_text_gives_no_sentences() {
        let text = "word ".repeat(MAX_TOKENS + 1);
        assert!(Model::embedded().silver(&text).is_empty());
    }
}
