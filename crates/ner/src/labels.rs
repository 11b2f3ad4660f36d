//! The BILOU label set the tagger predicts, and conversions between labels and entity spans.
//!
//! Label 0 is `O`; type `t` has `B` = 1 + 4t, `I` = 2 + 4t, `L` = 3 + 4t, `U` = 4 + 4t. BILOU marks
//! the last token of a name explicitly, which beats BIO for this task (Ratinov & Roth 2009).

use crate::entity::EntityType;

/// Number of labels: `O` and B, I, L, U for each of the four types.
pub(crate) const NUM_LABELS: usize = 17;

/// A label index in `0..NUM_LABELS`.
pub(crate) type Label = u8;

/// The label of tokens outside any name.
pub(crate) const OUTSIDE: Label = 0;

/// A name as a range of token indices within a sentence (`end` exclusive).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// Where a token sits in its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    Begin = 0,
    Inside = 1,
    Last = 2,
    Unit = 3,
}

pub(crate) fn label(kind: EntityType, part: Part) -> Label {
    (1 + 4 * kind.index() + part as usize) as Label
}

/// The type and part of a label, or `None` for `O`.
pub(crate) fn decompose(l: Label) -> Option<(EntityType, Part)> {
    if l == OUTSIDE || l as usize >= NUM_LABELS {
        return None;
    }
    let k = (l - 1) as usize;
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][k % 4];
    Some((EntityType::ALL[k / 4], part))
}

/// Whether `cur` may follow `prev` in a well-formed BILOU sequence.
#[inline]
pub(crate) const fn allowed(prev: Label, cur: Label) -> bool {
    ALLOWED[prev as usize % NUM_LABELS][cur as usize % NUM_LABELS]
}

/// The transition rules as a table, computed at compile time because Viterbi asks them often.
const ALLOWED: [[bool; NUM_LABELS]; NUM_LABELS] = {
    let mut table = [[false; NUM_LABELS]; NUM_LABELS];
    let mut p = 0;
    while p < NUM_LABELS {
        let mut c = 0;
        while c < NUM_LABELS {
            // B and I (parts 0, 1) must be followed by I or L (parts 1, 2) of the same type, and
            // I and L must follow B or I of the same type.
            let open = p != 0 && (p - 1) % 4 < 2;
            let continues = c != 0 && ((c - 1) % 4 == 1 || (c - 1) % 4 == 2);
            table[p][c] = if open || continues {
                open && continues && (p - 1) / 4 == (c - 1) / 4
            } else {
                true
            };
            c += 1;
        }
        p += 1;
    }
    table
};

/// Whether a sentence may start with `l`.
pub(crate) fn allowed_first(l: Label) -> bool {
    !matches!(decompose(l), Some((_, Part::Inside | Part::Last)))
}

/// Whether a sentence may end with `l`.
pub(crate) fn allowed_last(l: Label) -> bool {
    !matches!(decompose(l), Some((_, Part::Begin | Part::Inside)))
}

/// Writes the BILOU labels of a sentence of `labels.len()` tokens holding `spans`.
pub(crate) fn labels_from_spans(spans: &[Span], labels: &mut [Label]) {
    labels.fill(OUTSIDE);
    for s in spans {
        if s.end - s.start == 1 {
            labels[s.start] = label(s.kind, Part::Unit);
        } else {
            labels[s.start] = label(s.kind, Part::Begin);
            for l in &mut labels[s.start + 1..s.end - 1] {
                *l = label(s.kind, Part::Inside);
            }
            labels[s.end - 1] = label(s.kind, Part::Last);
        }
    }
}

/// Reads the names out of a label sequence. Ill-formed runs (which Viterbi never yields) are
/// read leniently: a name ends at `L`, `U`, `O` or a change of type.
pub(crate) fn spans_from_labels(labels: &[Label], out: &mut Vec<Span>) {
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let cur = decompose(l);
        if let Some((start, kind)) = open {
            let continues = matches!(cur, Some((t, Part::Inside | Part::Last)) if t == kind);
            if !continues {
                out.push(Span {
                    start,
                    end: i,
                    kind,
                });
                open = None;
            }
        }
        match cur {
            None => {}
            Some((kind, Part::Unit)) => out.push(Span {
                start: i,
                end: i + 1,
                kind,
            }),
            Some((kind, Part::Last)) => {
                let start = open.take().map_or(i, |(s, _)| s);
                out.push(Span {
                    start,
                    end: i + 1,
                    kind,
                });
            }
            Some((kind, Part::Begin | Part::Inside)) if open.is_none() => open = Some((i, kind)),
            Some(_) => {}
        }
    }
    if let Some((start, kind)) = open {
        out.push(Span {
            start,
            end: labels.len(),
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_trip_through_labels() {
        let spans = vec![
            Span {
                start: 0,
                end: 2,
                kind: EntityType::Per,
            },
            Span {
                start: 2,
                end: 3,
                kind: EntityType::Per,
            },
            Span {
                start: 4,
                end: 7,
                kind: EntityType::Org,
            },
        ];
        let mut labels = [0; 8];
        labels_from_spans(&spans, &mut labels);
        assert_eq!(labels, [1, 3, 4, 0, 9, 10, 11, 0]);
        let mut back = Vec::new();
        spans_from_labels(&labels, &mut back);
        assert_eq!(back, spans);
    }

    #[test]
    fn transitions_follow_bilou() {
        let b_per = label(EntityType::Per, Part::Begin);
        let l_per = label(EntityType::Per, Part::Last);
        let l_loc = label(EntityType::Loc, Part::Last);
        assert!(allowed(b_per, l_per));
        assert!(!allowed(b_per, l_loc));
        assert!(!allowed(b_per, OUTSIDE));
        assert!(!allowed(OUTSIDE, l_per));
        assert!(allowed(l_per, b_per));
        assert!(allowed_first(b_per) && !allowed_first(l_per));
        assert!(allowed_last(l_per) && !allowed_last(b_per));
    }
}
