//! The query language, parsed from text into clauses before any analysis:
//!
//! - words are ANDed: `kerry lavrov`;
//! - `OR` between two items makes them alternatives: `aleppo OR damascus`;
//! - `"quoted words"` are an exact phrase;
//! - `-word` and `-"a phrase"` exclude;
//! - `title:word`, `source:"a phrase"` (also `description:` and `body:`) restrict a field;
//! - `person:"John Kerry"`, `place:aleppo`, `org:"State Department"`, `misc:…` keep the
//!   articles that mention that entity (under any of its names); `entity:per/john-kerry`
//!   names one entity exactly by its id;
//! - `since:2016-04-01` and `until:2016-04-30` keep the articles dated on or after, on or
//!   before that day, `date:2016`, `date:2016-04` and `date:2016-04-15` those of that year,
//!   month or day (a year or a month after `since:` and `until:` counts from its first, to its
//!   last day); an article without a date matches none of them;
//! - `topics:"crude oil"` keeps the articles with that value of a site facet field chosen at
//!   build (`newsdex build --facet topics`), whatever its case and accents;
//! - `word*` matches every word starting with `word`, and so does the last word of a query
//!   that does not end in a space (search as you type).
//!
//! Parsing never fails: unbalanced quotes run to the end, stray operators are ignored, and
//! anything past the caps below is dropped (and reported in [`Query::truncated`]). A date that
//! is not one is refused when the query is run, saying why.

pub(crate) mod plan;
pub(crate) mod typo;

use newsdex_format::at::At;
use newsdex_format::Field;
use newsdex_ner::EntityType;

/// At most this many clauses (ANDed items) are used; the rest are dropped.
pub const MAX_CLAUSES: usize = 32;
/// At most this many alternatives in one `OR` chain.
pub const MAX_ALTERNATIVES: usize = 16;
/// At most this many exclusions.
pub const MAX_EXCLUSIONS: usize = 32;
/// Only the first this many bytes of a query are read (cut on a character boundary).
pub const MAX_QUERY_BYTES: usize = 4096;

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Every clause must match.
    pub clauses: Vec<Clause>,
    /// No exclusion may match.
    pub excluded: Vec<Atom>,
    /// Whether part of the query was dropped by a cap.
    pub truncated: bool,
}

/// Alternatives, at least one of which must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The alternatives (one unless `OR` joined several).
    pub alternatives: Vec<Atom>,
}

/// A word or a phrase, perhaps restricted to a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// The field it must occur in, or `None` for any.
    pub field: Option<Field>,
    /// The text, not yet analysed.
    pub text: String,
    /// Whether this is a word or a phrase.
    pub kind: AtomKind,
}

/// The kind of an [`Atom`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomKind {
    /// A bare word (which may analyse into several terms, matched as a phrase).
    Word {
        /// Whether it also matches as a prefix.
        prefix: Prefix,
    },
    /// A quoted phrase.
    Phrase,
    /// An entity of this type, named by the text.
    Entity(EntityType),
    /// The entity whose id is the text.
    EntityId,
    /// The articles dated within the period the text names, or on or after, or on or before it.
    Date(DateBound),
    /// The articles with the text as a value of the site facet field numbered so.
    Facet(usize),
}

/// How a date in a query bounds the articles' dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateBound {
    /// `since:`: on or after its first day.
    Since,
    /// `until:`: on or before its last day.
    Until,
    /// `date:`: within it.
    Within,
}

impl DateBound {
    /// The bound's prefix in queries.
    pub fn prefix(self) -> &'static str {
        match self {
            DateBound::Since => "since",
            DateBound::Until => "until",
            DateBound::Within => "date",
        }
    }
}

/// The query prefix for entities of a type.
pub fn entity_prefix(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Per => "person",
        EntityType::Loc => "place",
        EntityType::Org => "org",
        EntityType::Misc => "misc",
    }
}

/// What a `name:` prefix restricts an item to.
enum Restriction {
    Field(Field),
    Entity(EntityType),
    EntityId,
    Date(DateBound),
    Facet(usize),
}

fn restriction(name: &str, facets: &[String]) -> Option<Restriction> {
    if name == "entity" {
        return Some(Restriction::EntityId);
    }
    let date = [DateBound::Since, DateBound::Until, DateBound::Within]
        .into_iter()
        .find(|b| b.prefix() == name);
    if let Some(bound) = date {
        return Some(Restriction::Date(bound));
    }
    Field::from_name(name)
        .map(Restriction::Field)
        .or_else(|| {
            EntityType::ALL
                .into_iter()
                .find(|&k| entity_prefix(k) == name)
                .map(Restriction::Entity)
        })
        .or_else(|| {
            facets
                .iter()
                .position(|f| f == name)
                .map(Restriction::Facet)
        })
}

/// Why a word matches as a prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    /// It does not.
    None,
    /// It is the last word and the user may still be typing it.
    Typing,
    /// It ends in `*`.
    Star,
}

/// One lexical item of the query.
#[derive(Debug)]
enum Item {
    Or,
    Atom { negated: bool, atom: Atom },
}

/// Parses a query.
///
/// ```
/// use newsdex::query::{parse, AtomKind, Prefix};
/// let query = parse("kerry OR lavrov -\"air strikes\" syri");
/// assert_eq!(query.clauses.len(), 2);
/// assert_eq!(query.clauses[0].alternatives.len(), 2);
/// assert_eq!(query.excluded[0].text, "air strikes");
/// assert_eq!(query.clauses[1].alternatives[0].kind, AtomKind::Word { prefix: Prefix::Typing });
/// ```
pub fn parse(input: &str) -> Query {
    parse_with_facets(input, &[])
}

/// Parses a query over an index with these site facet fields, so that `name:value` filters
/// by one of them.
///
/// ```
/// use newsdex::query::{parse_with_facets, AtomKind};
/// let query = parse_with_facets("oil -topics:earn", &["topics".to_owned()]);
/// assert_eq!(query.excluded[0].kind, AtomKind::Facet(0));
/// assert_eq!(query.excluded[0].text, "earn");
/// ```
pub fn parse_with_facets(input: &str, facets: &[String]) -> Query {
    let mut query = Query::default();
    let mut cut = input.len().min(MAX_QUERY_BYTES);
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut < input.len() {
        query.truncated = true;
    }
    let text = &input[..cut];
    let mut items = lex(text, facets);
    if !text.ends_with(char::is_whitespace) {
        if let Some(Item::Atom {
            negated: false,
            atom,
        }) = items.last_mut()
        {
            if let AtomKind::Word {
                prefix: prefix @ Prefix::None,
            } = &mut atom.kind
            {
                *prefix = Prefix::Typing;
            }
        }
    }

    // `OR` joins two positive items; next to an exclusion or another `OR` it is stray.
    let mut after_positive = false;
    let mut join_next = false;
    for item in items {
        match item {
            Item::Or => {
                join_next = after_positive;
                after_positive = false;
            }
            Item::Atom {
                negated: true,
                atom,
            } => {
                join_next = false;
                after_positive = false;
                if query.excluded.len() < MAX_EXCLUSIONS {
                    query.excluded.push(atom);
                } else {
                    query.truncated = true;
                }
            }
            Item::Atom {
                negated: false,
                atom,
            } => {
                let clause_count = query.clauses.len();
                match query.clauses.last_mut() {
                    Some(clause) if join_next && clause.alternatives.len() < MAX_ALTERNATIVES => {
                        clause.alternatives.push(atom)
                    }
                    _ if !join_next && clause_count < MAX_CLAUSES => query.clauses.push(Clause {
                        alternatives: vec![atom],
                    }),
                    _ => query.truncated = true,
                }
                join_next = false;
                after_positive = true;
            }
        }
    }
    query
}

/// Parses a query over `view`'s site facet fields.
pub(crate) fn parse_for(view: &crate::index::View<'_>, text: &str) -> Query {
    let names: Vec<String> = view.facet_fields.iter().map(|f| f.name.clone()).collect();
    parse_with_facets(text, &names)
}

/// Parses a query over `view` for marking its matches in text: without its dates and facet
/// values, which mark nothing (so a date that is not one does not stop an article opening).
pub(crate) fn parse_for_marks(view: &crate::index::View<'_>, text: &str) -> Query {
    let filter = |atom: &Atom| matches!(atom.kind, AtomKind::Date(_) | AtomKind::Facet(_));
    let mut query = parse_for(view, text);
    for clause in &mut query.clauses {
        clause.alternatives.retain(|atom| !filter(atom));
    }
    query
        .clauses
        .retain(|clause| !clause.alternatives.is_empty());
    query.excluded.retain(|atom| !filter(atom));
    query
}

/// Splits the query into items: `OR`, words and phrases with their `-` and `field:` marks.
fn lex(text: &str, facets: &[String]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return items;
        }
        let negated = rest.len() > 1
            && rest.starts_with('-')
            && !rest.at(1..).starts_with(char::is_whitespace);
        if negated {
            rest = &rest[1..];
        }
        let mut field = None;
        let mut entity = None;
        if let Some((name, after)) = rest.split_once(':') {
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                match restriction(name, facets) {
                    Some(Restriction::Field(f)) => field = Some(f),
                    Some(Restriction::Entity(kind)) => entity = Some(AtomKind::Entity(kind)),
                    Some(Restriction::EntityId) => entity = Some(AtomKind::EntityId),
                    Some(Restriction::Date(bound)) => entity = Some(AtomKind::Date(bound)),
                    Some(Restriction::Facet(i)) => entity = Some(AtomKind::Facet(i)),
                    None => {}
                }
                if field.is_some() || entity.is_some() {
                    rest = after;
                }
            }
        }
        if let Some(after_quote) = rest.strip_prefix('"') {
            let end = after_quote.find('"').unwrap_or(after_quote.len());
            let phrase = after_quote.at(..end);
            rest = after_quote.get(end + 1..).unwrap_or("");
            // As for bare words: an item with no letter or digit matches nothing, so it must
            // not take one of the capped clause or exclusion slots.
            if phrase.chars().any(char::is_alphanumeric) {
                let kind = entity.unwrap_or(AtomKind::Phrase);
                items.push(Item::Atom {
                    negated,
                    atom: Atom {
                        field,
                        text: phrase.to_owned(),
                        kind,
                    },
                });
            }
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = rest.at(..end);
        rest = &rest[end..];
        if word == "OR" && !negated && field.is_none() && entity.is_none() {
            items.push(Item::Or);
            continue;
        }
        let (word, prefix) = match word.strip_suffix('*') {
            Some(stem) => (stem.trim_end_matches('*'), Prefix::Star),
            None => (word, Prefix::None),
        };
        if word.chars().any(char::is_alphanumeric) {
            let kind = entity.unwrap_or(AtomKind::Word { prefix });
            items.push(Item::Atom {
                negated,
                atom: Atom {
                    field,
                    text: word.to_owned(),
                    kind,
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, prefix: Prefix) -> Atom {
        Atom {
            field: None,
            text: text.into(),
            kind: AtomKind::Word { prefix },
        }
    }

    fn clause_texts(query: &Query) -> Vec<Vec<&str>> {
        query
            .clauses
            .iter()
            .map(|c| c.alternatives.iter().map(|a| a.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn words_are_anded_and_or_joins_alternatives() {
        let query = parse("kerry lavrov OR assad aleppo ");
        assert_eq!(
            clause_texts(&query),
            [vec!["kerry"], vec!["lavrov", "assad"], vec!["aleppo"]]
        );
        assert!(!query.truncated);
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        assert_eq!(
            parse("kerry syri").clauses[1].alternatives[0],
            word("syri", Prefix::Typing)
        );
        assert_eq!(
            parse("kerry syri ").clauses[1].alternatives[0],
            word("syri", Prefix::None)
        );
        assert_eq!(
            parse("syri* kerry ").clauses[0].alternatives[0],
            word("syri", Prefix::Star)
        );
        assert_eq!(
            parse("\"state department\"").clauses[0].alternatives[0].kind,
            AtomKind::Phrase
        );
    }

    #[test]
    fn exclusions_and_fields() {
        let query = parse("title:kerry -russia -\"air strikes\" source:\"Xinhua News\" body:x");
        assert_eq!(query.clauses[0].alternatives[0].field, Some(Field::Title));
        assert_eq!(
            query.clauses[1].alternatives[0],
            Atom {
                field: Some(Field::Source),
                text: "Xinhua News".into(),
                kind: AtomKind::Phrase
            }
        );
        assert_eq!(query.clauses[2].alternatives[0].field, Some(Field::Body));
        let excluded: Vec<&str> = query.excluded.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(excluded, ["russia", "air strikes"]);
    }

    #[test]
    fn entity_filters() {
        let query = parse("person:\"John Kerry\" place:aleppo -org:IS kerry ");
        assert_eq!(
            query.clauses[0].alternatives[0],
            Atom {
                field: None,
                text: "John Kerry".into(),
                kind: AtomKind::Entity(EntityType::Per)
            }
        );
        assert_eq!(
            query.clauses[1].alternatives[0].kind,
            AtomKind::Entity(EntityType::Loc)
        );
        assert_eq!(
            query.excluded[0],
            Atom {
                field: None,
                text: "IS".into(),
                kind: AtomKind::Entity(EntityType::Org)
            }
        );
        assert_eq!(
            parse("misc:Russian").clauses[0].alternatives[0].kind,
            AtomKind::Entity(EntityType::Misc)
        );
        assert_eq!(
            parse("entity:per/john-kerry").clauses[0].alternatives[0],
            Atom {
                field: None,
                text: "per/john-kerry".into(),
                kind: AtomKind::EntityId
            }
        );
    }

    #[test]
    fn dates_and_facets() {
        let facets = ["topics".to_owned(), "section".to_owned()];
        let query = parse_with_facets(
            "since:2016-04-01 until:2016-04 -date:2016-04-15 topics:\"crude oil\" section:x ",
            &facets,
        );
        let kinds: Vec<AtomKind> = query
            .clauses
            .iter()
            .map(|c| c.alternatives[0].kind)
            .collect();
        assert_eq!(
            kinds,
            [
                AtomKind::Date(DateBound::Since),
                AtomKind::Date(DateBound::Until),
                AtomKind::Facet(0),
                AtomKind::Facet(1)
            ]
        );
        assert_eq!(query.clauses[2].alternatives[0].text, "crude oil");
        assert_eq!(query.excluded[0].kind, AtomKind::Date(DateBound::Within));
        assert_eq!(query.excluded[0].text, "2016-04-15");
        assert_eq!(
            parse("topics:earn ").clauses[0].alternatives[0],
            word("topics:earn", Prefix::None),
            "not a facet of this index"
        );
    }

    #[test]
    fn the_builder_refuses_exactly_the_prefixes_queries_use() {
        use newsdex_index::facets::QUERY_PREFIXES;
        for prefix in QUERY_PREFIXES {
            assert!(restriction(prefix, &[]).is_some(), "{prefix}");
        }
        let mut kinds = 0;
        for name in ["title", "description", "body", "source", "entity"]
            .into_iter()
            .chain(EntityType::ALL.map(entity_prefix))
            .chain([DateBound::Since, DateBound::Until, DateBound::Within].map(DateBound::prefix))
        {
            assert!(QUERY_PREFIXES.contains(&name), "{name}");
            kinds += 1;
        }
        assert_eq!(kinds, QUERY_PREFIXES.len());
        assert_eq!(Field::ALL.len(), 4);
    }

    #[test]
    fn unknown_fields_stay_text() {
        let query = parse("time:10 ");
        assert_eq!(
            query.clauses[0].alternatives[0],
            word("time:10", Prefix::None)
        );
    }

    #[test]
    fn stray_operators_and_unbalanced_quotes_are_tolerated() {
        assert_eq!(parse("").clauses.len(), 0);
        assert_eq!(parse("   - OR * \" \" -").clauses.len(), 0);
        assert_eq!(clause_texts(&parse("OR kerry OR")), [vec!["kerry"]]);
        let open = parse("\"state department");
        assert_eq!(open.clauses[0].alternatives[0].text, "state department");
        assert_eq!(open.clauses[0].alternatives[0].kind, AtomKind::Phrase);
        assert_eq!(clause_texts(&parse("a -b OR c ")), [vec!["a"], vec!["c"]]);
        assert_eq!(
            clause_texts(&parse("title: kerry ")),
            [vec!["title:"], vec!["kerry"]]
        );
    }

    #[test]
    fn long_queries_are_capped() {
        let long = "word ".repeat(30_000);
        let query = parse(&long);
        assert_eq!(query.clauses.len(), MAX_CLAUSES);
        assert!(query.truncated);
        let wide = vec!["a"; 100].join(" OR ");
        assert_eq!(parse(&wide).clauses[0].alternatives.len(), MAX_ALTERNATIVES);
        let multibyte = "é".repeat(MAX_QUERY_BYTES);
        assert!(parse(&multibyte).truncated);
    }
}
