//! The JSON shape of results, shared by the wasm API and `newsdex search --json`: camelCase
//! names, absent values as `null`, and marks as `[start, end]` pairs of **UTF-16 code unit**
//! offsets, so `text.slice(start, end)` in JavaScript is the marked text.

use serde::Serialize;

use crate::views::results::{
    ArticleView, EntityRef, EntityView, FacetCount, Facets, FieldFacet, Hit, Mark, MentionView,
    PeriodCount, SearchResults, Suggestions, TaggedName,
};

/// [`SearchResults`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireResults<'a> {
    /// See [`SearchResults::total`].
    pub total: usize,
    /// See [`SearchResults::total_exact`].
    pub total_exact: bool,
    /// See [`SearchResults::took_ms`].
    pub took_ms: f64,
    /// See [`SearchResults::hits`].
    pub hits: Vec<WireHit<'a>>,
    /// See [`SearchResults::facets`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<WireFacets<'a>>,
}

/// [`Facets`] in wire form: `{ PER: [...], LOC, ORG, MISC, source, dates, fields }`.
#[derive(Serialize)]
pub struct WireFacets<'a> {
    /// People.
    #[serde(rename = "PER")]
    pub per: Vec<WireFacet<'a>>,
    /// Places.
    #[serde(rename = "LOC")]
    pub loc: Vec<WireFacet<'a>>,
    /// Organisations.
    #[serde(rename = "ORG")]
    pub org: Vec<WireFacet<'a>>,
    /// Other names.
    #[serde(rename = "MISC")]
    pub misc: Vec<WireFacet<'a>>,
    /// Sources.
    pub source: Vec<WireFacet<'a>>,
    /// The matches by period: `[{ period: "1987-03", count }]`, `period: null` for those
    /// without a date.
    pub dates: Vec<WirePeriod<'a>>,
    /// Each site facet field's top values: `{ topics: [{ value, count }] }`, in the order the
    /// build named the fields.
    pub fields: ByName<'a, Vec<WireValue<'a>>>,
}

/// A [`crate::PeriodCount`] in wire form.
#[derive(Serialize)]
pub struct WirePeriod<'a> {
    /// `1987`, `1987-03` or `1987-03-26`, or `null`.
    pub period: Option<&'a str>,
    /// Matching articles.
    pub count: u32,
}

impl<'a> From<&'a PeriodCount> for WirePeriod<'a> {
    fn from(period: &'a PeriodCount) -> WirePeriod<'a> {
        WirePeriod {
            period: period.period.as_deref(),
            count: period.count,
        }
    }
}

/// Values by name, written as an object with its keys in this order (JSON objects keep the
/// order their keys were written in).
pub struct ByName<'a, V>(pub Vec<(&'a str, V)>);

impl<V: Serialize> Serialize for ByName<'_, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// A [`crate::ValueCount`] in wire form.
#[derive(Serialize)]
pub struct WireValue<'a> {
    /// The value.
    pub value: &'a str,
    /// Matching articles.
    pub count: u32,
}

/// A [`FacetCount`] in wire form (`id` is absent for sources).
#[derive(Serialize)]
pub struct WireFacet<'a> {
    /// The entity's id.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub id: &'a str,
    /// The name.
    pub name: &'a str,
    /// Matching articles.
    pub count: u32,
}

/// An [`EntityRef`] in wire form.
#[derive(Serialize)]
pub struct WireEntityRef<'a> {
    /// The id.
    pub id: &'a str,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The canonical name.
    pub name: &'a str,
}

/// A [`MentionView`] in wire form, with UTF-16 offsets.
#[derive(Serialize)]
pub struct WireMention<'a> {
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The entity's id.
    pub entity: &'a str,
}

/// An [`EntityView`] in wire form.
#[derive(Serialize)]
pub struct WireEntity<'a> {
    /// The id.
    pub id: &'a str,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The canonical name.
    pub name: &'a str,
    /// Every spelling.
    pub aliases: &'a [String],
    /// Articles mentioning it.
    pub articles: u32,
    /// Mentions in all.
    pub mentions: u32,
    /// Its articles by period.
    pub timeline: Vec<WirePeriod<'a>>,
    /// The entities in most of its articles.
    pub related: Vec<WireRelatedEntity<'a>>,
}

/// A [`crate::RelatedEntity`] in wire form: an [`EntityRef`]'s fields and the count (written
/// out, not flattened: serde's flatten costs the search module a map serializer).
#[derive(Serialize)]
pub struct WireRelatedEntity<'a> {
    /// The id.
    pub id: &'a str,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The canonical name.
    pub name: &'a str,
    /// Articles mentioning both.
    pub count: u32,
}

/// A [`TaggedName`] in wire form, with UTF-16 offsets.
#[derive(Serialize)]
pub struct WireName<'a> {
    /// Start.
    pub start: usize,
    /// End.
    pub end: usize,
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The name as written.
    pub text: &'a str,
    /// The index's entity with this name, or `null`.
    pub entity: Option<&'a str>,
}

/// [`Suggestions`] in wire form.
#[derive(Serialize)]
pub struct WireSuggestions<'a> {
    /// Entities: `{ id, type, name, articles }`.
    pub entities: Vec<WireEntitySuggestion<'a>>,
    /// Words: `{ word, articles }`.
    pub words: Vec<WireWordSuggestion<'a>>,
}

/// A suggested entity in wire form.
#[derive(Serialize)]
pub struct WireEntitySuggestion<'a> {
    /// The entity.
    #[serde(flatten)]
    pub entity: WireEntityRef<'a>,
    /// Articles mentioning it.
    pub articles: u32,
}

/// A suggested word in wire form.
#[derive(Serialize)]
pub struct WireWordSuggestion<'a> {
    /// The word.
    pub word: &'a str,
    /// Articles holding it.
    pub articles: u32,
}

/// What a hit and an article both show first, in wire form; an empty field is `null`.
#[derive(Serialize)]
pub struct WireHead<'a> {
    /// The article's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its source.
    pub source: Option<&'a str>,
    /// Its date, as written in the corpus.
    pub date: Option<&'a str>,
    /// Its link.
    pub url: Option<&'a str>,
    /// Its language tag (`null` when unknown: a hit of an index without the store).
    pub lang: Option<&'a str>,
}

impl<'a> WireHead<'a> {
    fn new(
        id: &'a str,
        title: &'a str,
        source: &'a str,
        date: &'a str,
        url: &'a str,
        lang: &'a str,
    ) -> WireHead<'a> {
        WireHead {
            id,
            title,
            source: optional(source),
            date: optional(date),
            url: optional(url),
            lang: optional(lang),
        }
    }
}

/// A [`Hit`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireHit<'a> {
    /// Its id, title, source, date and link.
    #[serde(flatten)]
    pub head: WireHead<'a>,
    /// See [`Hit::score`].
    pub score: f32,
    /// See [`Hit::title_marks`].
    pub title_marks: Vec<[usize; 2]>,
    /// See [`Hit::snippet`].
    pub snippet: WireSnippet<'a>,
    /// See [`Hit::entities`].
    pub entities: Vec<WireEntityRef<'a>>,
    /// See [`Hit::duplicates`].
    pub duplicates: &'a [String],
}

/// A snippet in wire form.
#[derive(Serialize)]
pub struct WireSnippet<'a> {
    /// The passage.
    pub text: &'a str,
    /// The matches, as UTF-16 offsets.
    pub marks: Vec<[usize; 2]>,
}

/// An [`ArticleView`] in wire form.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WireArticle<'a> {
    /// Its id, title, source, date and link.
    #[serde(flatten)]
    pub head: WireHead<'a>,
    /// See [`ArticleView::section`].
    pub section: Option<&'a str>,
    /// See [`ArticleView::description`].
    pub description: &'a str,
    /// See [`ArticleView::body`].
    pub body: &'a str,
    /// See [`ArticleView::title_marks`].
    pub title_marks: Vec<[usize; 2]>,
    /// See [`ArticleView::description_marks`].
    pub description_marks: Vec<[usize; 2]>,
    /// See [`ArticleView::marks`].
    pub marks: Vec<[usize; 2]>,
    /// See [`ArticleView::title_mentions`].
    pub title_mentions: Vec<WireMention<'a>>,
    /// See [`ArticleView::description_mentions`].
    pub description_mentions: Vec<WireMention<'a>>,
    /// See [`ArticleView::mentions`].
    pub mentions: Vec<WireMention<'a>>,
}

fn optional(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

impl<'a> From<&'a SearchResults> for WireResults<'a> {
    fn from(results: &'a SearchResults) -> WireResults<'a> {
        WireResults {
            total: results.total,
            total_exact: results.total_exact,
            took_ms: results.took_ms,
            hits: results.hits.iter().map(WireHit::from).collect(),
            facets: results.facets.as_ref().map(WireFacets::from),
        }
    }
}

impl<'a> From<&'a Hit> for WireHit<'a> {
    fn from(hit: &'a Hit) -> WireHit<'a> {
        WireHit {
            head: WireHead::new(
                &hit.id,
                &hit.title,
                &hit.source,
                &hit.date,
                &hit.url,
                &hit.lang,
            ),
            score: hit.score,
            title_marks: utf16_marks(&hit.title, &hit.title_marks),
            snippet: WireSnippet {
                text: &hit.snippet.text,
                marks: utf16_marks(&hit.snippet.text, &hit.snippet.marks),
            },
            entities: hit.entities.iter().map(WireEntityRef::from).collect(),
            duplicates: &hit.duplicates,
        }
    }
}

impl<'a> From<&'a ArticleView> for WireArticle<'a> {
    fn from(view: &'a ArticleView) -> WireArticle<'a> {
        let article = &view.article;
        WireArticle {
            head: WireHead::new(
                &article.id,
                &article.title,
                &article.source,
                &article.date,
                &article.url,
                &article.lang,
            ),
            section: optional(&article.section),
            description: &article.description,
            body: &article.body,
            title_marks: utf16_marks(&article.title, &view.title_marks),
            description_marks: utf16_marks(&article.description, &view.description_marks),
            marks: utf16_marks(&article.body, &view.marks),
            title_mentions: wire_mentions(&article.title, &view.title_mentions),
            description_mentions: wire_mentions(&article.description, &view.description_mentions),
            mentions: wire_mentions(&article.body, &view.mentions),
        }
    }
}

impl<'a> From<&'a Facets> for WireFacets<'a> {
    fn from(facets: &'a Facets) -> WireFacets<'a> {
        let list = |counts: &'a [FacetCount]| {
            counts
                .iter()
                .map(|c| WireFacet {
                    id: &c.id,
                    name: &c.name,
                    count: c.count,
                })
                .collect::<Vec<_>>()
        };
        WireFacets {
            per: list(&facets.entities[0]),
            loc: list(&facets.entities[1]),
            org: list(&facets.entities[2]),
            misc: list(&facets.entities[3]),
            source: list(&facets.sources),
            dates: facets.dates.iter().map(WirePeriod::from).collect(),
            fields: ByName(facets.fields.iter().map(wire_field).collect()),
        }
    }
}

/// A site facet field's name and values in wire form.
fn wire_field(field: &FieldFacet) -> (&str, Vec<WireValue<'_>>) {
    let values = field
        .values
        .iter()
        .map(|v| WireValue {
            value: &v.value,
            count: v.count,
        })
        .collect();
    (&field.name, values)
}

impl<'a> From<&'a EntityRef> for WireEntityRef<'a> {
    fn from(entity: &'a EntityRef) -> WireEntityRef<'a> {
        WireEntityRef {
            id: &entity.id,
            kind: entity.kind.as_str(),
            name: &entity.name,
        }
    }
}

impl<'a> From<&'a EntityView> for WireEntity<'a> {
    fn from(entity: &'a EntityView) -> WireEntity<'a> {
        WireEntity {
            id: &entity.id,
            kind: entity.kind.as_str(),
            name: &entity.name,
            aliases: &entity.aliases,
            articles: entity.articles,
            mentions: entity.mentions,
            timeline: entity.timeline.iter().map(WirePeriod::from).collect(),
            related: entity
                .related
                .iter()
                .map(|r| WireRelatedEntity {
                    id: &r.entity.id,
                    kind: r.entity.kind.as_str(),
                    name: &r.entity.name,
                    count: r.count,
                })
                .collect(),
        }
    }
}

impl<'a> From<&'a Suggestions> for WireSuggestions<'a> {
    fn from(suggestions: &'a Suggestions) -> WireSuggestions<'a> {
        WireSuggestions {
            entities: suggestions
                .entities
                .iter()
                .map(|s| WireEntitySuggestion {
                    entity: WireEntityRef::from(&s.entity),
                    articles: s.articles,
                })
                .collect(),
            words: suggestions
                .words
                .iter()
                .map(|w| WireWordSuggestion {
                    word: &w.word,
                    articles: w.articles,
                })
                .collect(),
        }
    }
}

/// Mentions of `text` with UTF-16 offsets.
fn wire_mentions<'a>(text: &str, mentions: &'a [MentionView]) -> Vec<WireMention<'a>> {
    let spans: Vec<Mark> = mentions.iter().map(|m| m.span.clone()).collect();
    mentions
        .iter()
        .zip(utf16_marks(text, &spans))
        .map(|(m, [start, end])| WireMention {
            start,
            end,
            kind: m.kind.as_str(),
            entity: &m.entity,
        })
        .collect()
}

/// Names found in `text`, with UTF-16 offsets and their text.
pub fn wire_names<'a>(text: &'a str, names: &'a [TaggedName]) -> Vec<WireName<'a>> {
    let spans: Vec<Mark> = names.iter().map(|n| n.span.clone()).collect();
    names
        .iter()
        .zip(utf16_marks(text, &spans))
        .map(|(n, [start, end])| WireName {
            start,
            end,
            kind: n.kind.as_str(),
            text: &text[n.span.clone()],
            entity: n.entity.as_deref(),
        })
        .collect()
}

/// One token of analysed text in wire form.
#[derive(Serialize)]
pub struct WireToken {
    /// The term as the index stores it (folded and stemmed).
    pub term: String,
    /// UTF-16 offset of the word's start.
    pub start: usize,
    /// UTF-16 offset just past the word.
    pub end: usize,
}

/// The analyser's tokens of `text`, with UTF-16 offsets.
///
/// ```
/// let tokens = newsdex::wire::tokens("🙂 Kerry’s calls");
/// assert_eq!((tokens[0].term.as_str(), tokens[0].start, tokens[0].end), ("kerri", 3, 10));
/// ```
pub fn tokens(text: &str) -> Vec<WireToken> {
    let tokens = newsdex_index::Analyzer::new().tokens(text);
    let spans: Vec<Mark> = tokens.iter().map(|t| t.start..t.end).collect();
    tokens
        .into_iter()
        .zip(utf16_marks(text, &spans))
        .map(|(t, [start, end])| WireToken {
            term: t.term,
            start,
            end,
        })
        .collect()
}

/// Converts sorted byte-offset marks into UTF-16 offsets in one pass over `text`.
///
/// ```
/// let text = "🙂 Zürich";
/// assert_eq!(newsdex::wire::utf16_marks(text, &[5..12]), [[3, 9]]);
/// ```
pub fn utf16_marks(text: &str, marks: &[Mark]) -> Vec<[usize; 2]> {
    let mut byte = 0;
    let mut unit = 0;
    let mut advance = |to: usize| {
        let to = to.min(text.len());
        if to > byte {
            unit += text
                .get(byte..to)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>());
            byte = to;
        }
        unit
    };
    marks
        .iter()
        .map(|mark| [advance(mark.start), advance(mark.end)])
        .collect()
}
