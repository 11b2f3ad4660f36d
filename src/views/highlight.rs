//! Marking a query's matches in text and choosing a hit's snippet. The text is split and
//! folded again and each word looked up in the words dictionary, so a word is
//! marked exactly when it is one of the terms the query's plan matched (a stem, a completion
//! or a misspelling), and a phrase only where its words are at their offsets; of a split
//! word, the part that matched. An entity filter
//! marks the article's stored mentions of its entities.

use newsdex_format::at::At;
use std::ops::Range;

use newsdex_format::entities::mentions;
use newsdex_format::Field;
use newsdex_index::analysis::{words, Role};
use newsdex_index::sort;
use newsdex_index::{Analyzer, Language};

use crate::error::Result;
use crate::index::View;
use crate::query::plan::{initial, FieldMatcher, Matcher, Plan};
use crate::views::results::{Mark, Snippet};

/// A snippet shows about this many words.
pub const SNIPPET_WORDS: usize = 30;
/// Words of context kept before the first match in a snippet.
const LEAD_WORDS: usize = 6;
/// A snippet's text is cut at this many bytes (so one enormous word cannot make it huge).
pub const MAX_SNIPPET_BYTES: usize = 480;
/// A snippet is chosen from the first this many bytes of the text, so that a huge article
/// does not make every search that finds it slow.
pub const MAX_SNIPPET_SCAN: usize = 32 * 1024;
const ELLIPSIS: &str = "…";

/// The matches of `query` in any `text` (a page's own article, say), marked as in results:
/// words the corpus never had are stemmed and looked up as terms, so "condemning" is marked
/// for `condemn` even if no article has that form.
pub(crate) fn marks(view: &View<'_>, text: &str, query: &str) -> Result<Vec<Mark>> {
    let plan = Plan::new(
        view,
        &crate::query::parse_for_marks(view, query),
        &Analyzer::new(),
    )?;
    Ok(Highlighter::new(view, &plan).marks(text, Field::Body))
}

/// Marks a plan's matches.
pub(crate) struct Highlighter<'a> {
    view: &'a View<'a>,
    matchers: Vec<&'a FieldMatcher>,
    /// The first letters of every term the plan matches: a word starting otherwise cannot
    /// match, so it is not looked up.
    initials: Vec<char>,
    /// The current article's mentions of entities the plan names: (field, bytes, matcher).
    entity_spans: Vec<(Field, Range<usize>, usize)>,
    /// Stems words whose term the words dictionary does not give: text that is not the
    /// corpus's own, or a sharded index's words whose pieces are not at hand.
    analyzer: Analyzer,
    /// The language of the text marked, whose words the index stemmed in it.
    language: Language,
}

/// The words of a text and which matchers matched which runs of them.
struct Matches {
    /// The words as segmented (a split word whole), in order.
    words: Vec<Range<usize>>,
    /// In order of first word.
    runs: Vec<Run>,
}

/// A match of one matcher.
#[derive(Clone)]
struct Run {
    /// The first word it is in.
    first: usize,
    /// Past the last word it is in.
    past: usize,
    /// The matcher's index.
    matcher: usize,
    /// The bytes it marks: a split word's part that matched, not the whole word.
    bytes: Range<usize>,
}

/// One token of a text that may be a term the plan matches: its position, its term and its
/// bytes.
struct Token {
    position: u32,
    ordinal: u64,
    bytes: Range<usize>,
}

impl<'a> Highlighter<'a> {
    pub fn new(view: &'a View<'a>, plan: &'a Plan) -> Highlighter<'a> {
        let matchers: Vec<&FieldMatcher> = plan.positive().collect();
        let mut initials: Vec<char> = matchers
            .iter()
            .flat_map(|m| match &m.matcher {
                Matcher::Terms(e) | Matcher::Phrase { terms: e, .. } => e.as_slice(),
                Matcher::Entities(_) | Matcher::Dates(..) | Matcher::Facet(_) => &[],
            })
            .map(|e| e.initial)
            .collect();
        sort::sort(&mut initials);
        initials.dedup();
        Highlighter {
            view,
            matchers,
            initials,
            entity_spans: Vec::new(),
            analyzer: Analyzer::new(),
            language: Language::English,
        }
    }

    /// Reads the text that follows as written in the language of the stored tag `lang`.
    pub fn set_language(&mut self, lang: &str) {
        self.language = Language::of_stored(lang);
    }

    /// Reads the mentions of article `doc` that entity filters of the plan should mark.
    pub fn set_doc(&mut self, doc: u32) -> Result<()> {
        self.entity_spans.clear();
        if !self
            .matchers
            .iter()
            .any(|m| matches!(m.matcher, Matcher::Entities(_)))
        {
            return Ok(());
        }
        let record = self.view.mentions.get(doc)?;
        for (span, entity) in mentions(record, doc, self.view.entity_count)? {
            for (index, matcher) in self.matchers.iter().enumerate() {
                if let Matcher::Entities(named) = &matcher.matcher {
                    if named.iter().any(|n| n.ordinal == entity) {
                        self.entity_spans.push((
                            span.field,
                            span.start as usize..span.end as usize,
                            index,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The matches in `text`, a value of `field`, as sorted, non-overlapping byte ranges.
    pub fn marks(&mut self, text: &str, field: Field) -> Vec<Mark> {
        let matches = self.find(text, field);
        merge(matches.runs.into_iter().map(|run| run.bytes))
    }

    /// The passage of `text` with the most distinct matches (then the most matches, then the
    /// earliest), about [`SNIPPET_WORDS`] words long; the opening words when nothing matches.
    /// Only the first [`MAX_SNIPPET_SCAN`] bytes are read.
    pub fn snippet(&mut self, text: &str, field: Field) -> Snippet {
        let text = text.at(..floor_char_boundary(text, MAX_SNIPPET_SCAN));
        let matches = self.find(text, field);
        let words = &matches.words;
        if words.is_empty() {
            return Snippet::default();
        }
        let first = best_window_start(&matches.runs, self.matchers.len());
        let past = (first + SNIPPET_WORDS).min(words.len());
        let mut start = if first == 0 {
            text.len() - text.trim_start().len()
        } else {
            words.at(first).start
        };
        let mut end = if past == words.len() {
            text.trim_end().len()
        } else {
            words.at(past - 1).end
        };
        start = start.min(end);
        let cut = end - start > MAX_SNIPPET_BYTES;
        if cut {
            end = floor_char_boundary(text, start + MAX_SNIPPET_BYTES);
        }
        let prefix = if first > 0 { ELLIPSIS } else { "" };
        let suffix = if past < words.len() || cut {
            ELLIPSIS
        } else {
            ""
        };
        // Only one-byte whitespace becomes a space, so the marks' byte offsets still hold; wider
        // whitespace (no-break, ideographic, line separators) stays as it is.
        let passage: String = text
            .at(start..end)
            .chars()
            .map(|c| {
                if c.is_whitespace() && c.is_ascii() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        debug_assert_eq!(
            passage.len(),
            end - start,
            "whitespace replacement keeps byte offsets"
        );
        let shift = |at: usize| at - start + prefix.len();
        let marks = merge(matches.runs.iter().filter_map(|run| {
            let Range {
                start: from,
                end: to,
            } = run.bytes;
            (from >= start && to <= end).then(|| shift(from)..shift(to))
        }));
        Snippet {
            text: format!("{prefix}{passage}{suffix}"),
            marks,
        }
    }

    fn find(&mut self, text: &str, field: Field) -> Matches {
        let mut spans = Vec::new();
        let mut tokens = Vec::new();
        // Stored text was indexed, so each of its words is in the words dictionary, which
        // gives the term without stemming again.
        words(text, |word| {
            if word.role == Role::Word {
                spans.push(word.start..word.end);
            }
            // A stem keeps its word's first letter in most languages, so only words with a
            // first letter some term of the plan has are looked up.
            if self.language.stem_keeps_initial() && !self.initials.contains(&initial(word.folded))
            {
                return;
            }
            if let Some(ordinal) =
                self.view
                    .term_of_word(word.folded, self.language, &self.analyzer)
            {
                tokens.push(Token {
                    position: word.position,
                    ordinal,
                    bytes: word.start..word.end,
                });
            }
        });
        let mut runs = Vec::new();
        let mut run = |bytes: Range<usize>, matcher: usize| {
            runs.push(Run {
                first: spans.partition_point(|w| w.end <= bytes.start),
                past: spans.partition_point(|w| w.start < bytes.end),
                matcher,
                bytes,
            })
        };
        for (index, matcher) in self.matchers.iter().enumerate() {
            if matcher.field.is_some_and(|f| f != field) {
                continue;
            }
            match &matcher.matcher {
                Matcher::Terms(expansions) => {
                    let matched = tokens
                        .iter()
                        .filter(|t| expansions.iter().any(|e| e.ordinal == t.ordinal));
                    for bytes in innermost(matched.map(|t| t.bytes.clone()).collect()) {
                        run(bytes, index);
                    }
                }
                Matcher::Phrase { terms, offsets } => {
                    for (i, first) in tokens.iter().enumerate() {
                        if Some(first.ordinal) != terms.first().map(|t| t.ordinal) {
                            continue;
                        }
                        let mut bytes = first.bytes.clone();
                        let whole = terms.iter().zip(offsets).skip(1).all(|(term, &offset)| {
                            let at = first.position + offset;
                            let from = i + tokens.at(i..).partition_point(|t| t.position < at);
                            let found = tokens
                                .at(from..)
                                .iter()
                                .take_while(|t| t.position == at)
                                .find(|t| t.ordinal == term.ordinal);
                            if let Some(t) = found {
                                bytes.start = bytes.start.min(t.bytes.start);
                                bytes.end = bytes.end.max(t.bytes.end);
                            }
                            found.is_some()
                        });
                        if whole {
                            run(bytes, index);
                        }
                    }
                }
                Matcher::Entities(_) => {
                    for (_, bytes, _) in self
                        .entity_spans
                        .iter()
                        .filter(|(f, _, m)| *f == field && *m == index)
                    {
                        let first = spans.partition_point(|w| w.end <= bytes.start);
                        let past = spans.partition_point(|w| w.start < bytes.end);
                        if first < past {
                            run(spans.at(first).start..spans.at(past - 1).end, index);
                        }
                    }
                }
                // Filters by date or facet value mark no words.
                Matcher::Dates(..) | Matcher::Facet(_) => {}
            }
        }
        sort::sort_by_key(&mut runs, |r| (r.first, r.past, r.matcher, r.bytes.start));
        Matches { words: spans, runs }
    }
}

/// The byte ranges that hold no other: where a prefix matched both a split word whole and its
/// part (`aleppo` both `Aleppo.The` and `Aleppo`), the part is what matched.
fn innermost(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    sort::sort_by_key(&mut ranges, |r| (r.start, std::cmp::Reverse(r.end)));
    ranges.dedup();
    let holds_another = |i: usize| {
        ranges
            .at(i + 1..)
            .iter()
            .take_while(|r| r.start < ranges.at(i).end)
            .any(|r| r.end <= ranges[i].end)
    };
    (0..ranges.len())
        .filter(|&i| !holds_another(i))
        .map(|i| ranges.at(i).clone())
        .collect()
}

/// The first word of the best snippet window (see [`Highlighter::snippet`]): windows start
/// [`LEAD_WORDS`] before a match and hold the matches that begin inside them. One pass with
/// two pointers, so a word matched thousands of times costs no more than it must.
fn best_window_start(runs: &[Run], matcher_count: usize) -> usize {
    let mut counts = vec![0usize; matcher_count];
    let (mut distinct, mut low, mut high) = (0usize, 0usize, 0usize);
    let mut best = (0usize, 0usize);
    let mut best_start = 0;
    for run in runs {
        let start = run.first.saturating_sub(LEAD_WORDS);
        while high < runs.len() && runs[high].first < start + SNIPPET_WORDS {
            *counts.at_mut(runs.at(high).matcher) += 1;
            distinct += usize::from(counts[runs[high].matcher] == 1);
            high += 1;
        }
        while runs.at(low).first < start {
            *counts.at_mut(runs.at(low).matcher) -= 1;
            distinct -= usize::from(counts[runs[low].matcher] == 0);
            low += 1;
        }
        if (distinct, high - low) > best {
            best = (distinct, high - low);
            best_start = start;
        }
    }
    best_start
}

/// Sorts ranges and joins the ones that overlap or touch.
pub(crate) fn merge(ranges: impl Iterator<Item = Mark>) -> Vec<Mark> {
    let mut ranges: Vec<Mark> = ranges.collect();
    sort::sort_by_key(&mut ranges, |r| (r.start, r.end));
    let mut merged: Vec<Mark> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
