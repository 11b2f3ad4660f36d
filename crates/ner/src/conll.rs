//! Reading CoNLL-2003 files: documents of sentences of words with IOB1 tags, turned into spans
//! by conlleval's chunk rules.

use crate::entity::EntityType;
use crate::error::{Error, ErrorKind};
use crate::labels::Span;

/// One sentence: its words and its names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub words: Vec<String>,
    pub spans: Vec<Span>,
}

/// One article: the sentences between two `-DOCSTART-` lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Document {
    pub sentences: Vec<Sentence>,
}

/// A chunk tag as conlleval reads it: the prefix letter (`B`, `I` or `O`) and the type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct ChunkTag {
    pub prefix: u8,
    pub kind: Option<EntityType>,
}

impl ChunkTag {
    pub const OUTSIDE: ChunkTag = ChunkTag {
        prefix: b'O',
        kind: None,
    };

    fn parse(tag: &str) -> Option<ChunkTag> {
        if tag == "O" {
            return Some(ChunkTag::OUTSIDE);
        }
        let (prefix, kind) = tag.split_once('-')?;
        let prefix = match prefix {
            "B" => b'B',
            "I" => b'I',
            _ => return None,
        };
        Some(ChunkTag {
            prefix,
            kind: Some(kind.parse().ok()?),
        })
    }
}

/// conlleval's `endOfChunk`: whether a chunk open at `prev` ends before `cur`.
fn ends_chunk(prev: ChunkTag, cur: ChunkTag) -> bool {
    prev.prefix != b'O' && (cur.prefix != b'I' || prev.kind != cur.kind)
}

/// conlleval's `startOfChunk`: whether `cur` starts a chunk.
fn starts_chunk(prev: ChunkTag, cur: ChunkTag) -> bool {
    cur.prefix == b'B'
        || (prev.prefix == b'O' && cur.prefix == b'I')
        || (cur.prefix != b'O' && prev.kind != cur.kind)
}

/// The chunks of one sentence, read from IOB1 (or IOB2) tags exactly as conlleval does.
pub(crate) fn chunks(tags: &[ChunkTag], out: &mut Vec<Span>) {
    let mut open: Option<usize> = None;
    let mut prev = ChunkTag::OUTSIDE;
    for (i, &cur) in tags
        .iter()
        .chain(std::iter::once(&ChunkTag::OUTSIDE))
        .enumerate()
    {
        if let (Some(start), Some(kind)) = (open, prev.kind) {
            if ends_chunk(prev, cur) {
                out.push(Span {
                    start,
                    end: i,
                    kind,
                });
                open = None;
            }
        }
        if starts_chunk(prev, cur) {
            open = Some(i);
        }
        prev = cur;
    }
}

/// The IOB1 tags of a sentence of `n` words holding `spans` (as the CoNLL-2003 files write them).
pub(crate) fn iob1_tags(n: usize, spans: &[Span]) -> Vec<ChunkTag> {
    let mut tags = vec![ChunkTag::OUTSIDE; n];
    let mut prev_end_kind: Option<(usize, EntityType)> = None;
    for s in spans {
        for (i, t) in tags[s.start..s.end].iter_mut().enumerate() {
            let touching = i == 0 && prev_end_kind == Some((s.start, s.kind));
            *t = ChunkTag {
                prefix: if touching { b'B' } else { b'I' },
                kind: Some(s.kind),
            };
        }
        prev_end_kind = Some((s.end, s.kind));
    }
    tags
}

/// Parses a CoNLL file: one `word ... TAG` line per token, blank lines between sentences and
/// `-DOCSTART-` lines between documents. Text before the first `-DOCSTART-` is a document too.
pub(crate) fn parse(text: &str) -> Result<Vec<Document>, Error> {
    let mut docs = vec![Document::default()];
    let mut words = Vec::new();
    let mut tags = Vec::new();
    let flush = |docs: &mut Vec<Document>, words: &mut Vec<String>, tags: &mut Vec<ChunkTag>| {
        if !words.is_empty() {
            let mut spans = Vec::new();
            chunks(tags, &mut spans);
            if let Some(doc) = docs.last_mut() {
                doc.sentences.push(Sentence {
                    words: std::mem::take(words),
                    spans,
                });
            }
            tags.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split_whitespace();
        let Some(word) = cols.next() else {
            flush(&mut docs, &mut words, &mut tags);
            continue;
        };
        if word == "-DOCSTART-" {
            flush(&mut docs, &mut words, &mut tags);
            if docs.last().is_some_and(|d| !d.sentences.is_empty()) {
                docs.push(Document::default());
            }
            continue;
        }
        let tag = cols.next_back().ok_or_else(|| {
            Error::new(ErrorKind::Conll {
                line: n + 1,
                message: "expected a word and a tag separated by spaces".into(),
            })
        })?;
        let tag = ChunkTag::parse(tag).ok_or_else(|| {
            Error::new(ErrorKind::Conll {
                line: n + 1,
                message: format!("unknown NER tag {tag:?} (expected O, I-TYPE or B-TYPE)"),
            })
        })?;
        words.push(word.to_string());
        tags.push(tag);
    }
    flush(&mut docs, &mut words, &mut tags);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// Splits CoNLL text into its first documents and the last `percent` of its documents (rounded
/// up, at least one when there are two or more), at a `-DOCSTART-` line: the held-out part that
/// model selection scores on, so that the development split is left for one final figure.
///
/// ```
/// let text = "-DOCSTART- -X- O O\n\nA x x O\n\n-DOCSTART- -X- O O\n\nB x x O\n";
/// let (train, held_out) = newsdex_ner::split_held_out(text, 10);
/// assert_eq!(held_out, "-DOCSTART- -X- O O\n\nB x x O\n");
/// assert_eq!(format!("{train}{held_out}"), text);
/// ```
pub fn split_held_out(text: &str, percent: u32) -> (&str, &str) {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("-DOCSTART-") {
            starts.push(offset);
        }
        offset += line.len();
    }
    let docs = starts.len();
    let held = (docs * percent.min(100) as usize).div_ceil(100);
    let held = held.clamp(usize::from(docs > 1 && percent > 0), docs.saturating_sub(1));
    match docs.checked_sub(held).filter(|_| held > 0) {
        Some(first_held) => text.split_at(starts[first_held]),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    fn spans_of(tags: &[&str]) -> Vec<(usize, usize, EntityType)> {
        let tags: Vec<ChunkTag> = tags.iter().map(|t| ChunkTag::parse(t).unwrap()).collect();
        let mut out = Vec::new();
        chunks(&tags, &mut out);
        out.into_iter().map(|s| (s.start, s.end, s.kind)).collect()
    }

    #[test]
    fn iob1_chunk_rules_match_conlleval() {
        assert_eq!(
            spans_of(&["I-PER", "I-PER", "O", "I-LOC"]),
            [(0, 2, Per), (3, 4, Loc)]
        );
        // B- splits two names of one type that touch.
        assert_eq!(
            spans_of(&["I-PER", "B-PER", "I-PER"]),
            [(0, 1, Per), (1, 3, Per)]
        );
        // A change of type starts a new chunk even without B-.
        assert_eq!(spans_of(&["I-ORG", "I-LOC"]), [(0, 1, Org), (1, 2, Loc)]);
        // IOB2 reads the same way.
        assert_eq!(
            spans_of(&["B-MISC", "I-MISC", "B-MISC"]),
            [(0, 2, Misc), (2, 3, Misc)]
        );
        // An I- after a B- of another type starts a new chunk.
        assert_eq!(
            spans_of(&["B-PER", "I-LOC", "I-LOC"]),
            [(0, 1, Per), (1, 3, Loc)]
        );
    }

    #[test]
    fn iob1_tags_invert_chunks() {
        let tags = ["I-PER", "B-PER", "I-PER", "O", "I-LOC", "I-ORG"];
        let spans: Vec<Span> = spans_of(&tags)
            .into_iter()
            .map(|(start, end, kind)| Span { start, end, kind })
            .collect();
        let back: Vec<ChunkTag> = iob1_tags(tags.len(), &spans);
        let want: Vec<ChunkTag> = tags.iter().map(|t| ChunkTag::parse(t).unwrap()).collect();
        assert_eq!(back, want);
    }

    #[test]
    fn held_out_split_takes_the_last_documents_whole() {
        let doc = |w: &str| format!("-DOCSTART- -X- O O\n\n{w} NNP I-NP I-PER\n\n");
        let text: String = (0..20).map(|i| doc(&format!("W{i}"))).collect();
        let (train, held) = split_held_out(&text, 10);
        assert_eq!(held, doc("W18") + &doc("W19"));
        assert_eq!(parse(train).unwrap().len(), 18);
        // Rounded up, and never everything or nothing of a file with two documents or more.
        assert_eq!(parse(split_held_out(&text, 1).1).unwrap().len(), 1);
        assert_eq!(parse(split_held_out(&text, 100).0).unwrap().len(), 1);
        assert_eq!(split_held_out(&text, 0), (text.as_str(), ""));
        assert_eq!(split_held_out(&doc("A"), 50).1, "");
    }

    #[test]
    fn parses_documents_and_reports_bad_lines() {
        let text = "-DOCSTART- -X- O O\n\nAlpha NNP I-NP I-ORG\nsaid VBD I-VP O\n\nBeta NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nGamma NNP I-NP I-LOC\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].words, ["Alpha", "said"]);
        assert_eq!(
            docs[1].sentences[0].spans,
            [Span {
                start: 0,
                end: 1,
                kind: Loc
            }]
        );
        let err = parse("Alpha NNP I-NP I-FOO\n").unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::Conll {
                line: 1,
                message: "unknown NER tag \"I-FOO\" (expected O, I-TYPE or B-TYPE)".into()
            }
        );
    }
}
