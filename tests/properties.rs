//! Property tests: on random small corpora and queries, search results equal a naive scan
//! of the analysed text (AND, OR, exclusion, phrases, prefixes with `*` and while typing, all
//! four fields and typos); building twice gives identical bytes; every article reads back
//! exactly as it went in, every field and the id.

use std::collections::BTreeSet;

use newsdex::{Article, BuildOptions, Index, IndexBuilder, SearchOptions};
use newsdex_index::analysis::{fold_into, Analyzer};
use proptest::prelude::*;

/// Words with shared stems, shared prefixes, near-misses for typos, accents and case.
const VOCABULARY: [&str; 16] = [
    "run", "runs", "running", "runner", "rain", "Rain", "train", "trains", "café", "cafe", "cafes",
    "kerry", "kery", "berry", "state", "states",
];

/// The indexed fields, as the query language names them.
const FIELDS: [&str; 4] = ["title", "description", "body", "source"];

/// Per field of `FIELDS`, the words of an article.
type RawArticle = [Vec<usize>; 4];

fn article_strategy() -> impl Strategy<Value = RawArticle> {
    let words = |most| prop::collection::vec(0..VOCABULARY.len(), 0..most);
    [words(5), words(8), words(25), words(3)]
}

fn articles(raw: &[RawArticle]) -> Vec<Article> {
    let text = |words: &[usize]| {
        words
            .iter()
            .map(|&w| VOCABULARY[w])
            .collect::<Vec<_>>()
            .join(" ")
    };
    raw.iter()
        .enumerate()
        .filter(|(_, fields)| fields.iter().any(|f| !f.is_empty()))
        .map(|(i, [title, description, body, source])| Article {
            id: format!("a{i:02}"),
            title: text(title),
            description: text(description),
            body: text(body),
            source: text(source),
            ..Article::default()
        })
        .collect()
}

fn build(articles: &[Article]) -> Vec<u8> {
    build_with(
        articles,
        BuildOptions {
            entities: false,
            skip_tables_from: 0,
            packed_postings: true,
            ..BuildOptions::default()
        },
    )
}

fn build_with(articles: &[Article], options: BuildOptions) -> Vec<u8> {
    let mut builder = IndexBuilder::new(options);
    for article in articles {
        builder.insert(article).unwrap();
    }
    builder.finish().unwrap()
}

/// One query item, as the naive scan understands it.
#[derive(Clone, Debug)]
enum Item {
    Word {
        word: usize,
        field: Option<&'static str>,
        star: bool,
    },
    Phrase {
        words: Vec<usize>,
        field: Option<&'static str>,
    },
}

#[derive(Clone, Debug)]
struct Query {
    /// ANDed clauses of ORed items.
    clauses: Vec<Vec<Item>>,
    excluded: Vec<Item>,
    /// Whether the text ends without a space, so a last plain word is still being typed.
    typing: bool,
}

impl Query {
    /// The item matched as a word being typed: the last, when it is a word without `*`.
    fn typed(&self) -> Option<&Item> {
        let last = self.clauses.last()?.last()?;
        (self.typing && self.excluded.is_empty() && matches!(last, Item::Word { star: false, .. }))
            .then_some(last)
    }
}

fn item_strategy() -> impl Strategy<Value = Item> {
    let field = prop::option::of(prop::sample::select(FIELDS.to_vec()));
    prop_oneof![
        (0..VOCABULARY.len(), field.clone(), any::<bool>())
            .prop_map(|(word, field, star)| Item::Word { word, field, star }),
        (prop::collection::vec(0..VOCABULARY.len(), 2..4), field)
            .prop_map(|(words, field)| Item::Phrase { words, field }),
    ]
}

fn query_strategy() -> impl Strategy<Value = Query> {
    let clauses = prop::collection::vec(prop::collection::vec(item_strategy(), 1..3), 1..3);
    (
        clauses,
        prop::collection::vec(item_strategy(), 0..2),
        any::<bool>(),
    )
        .prop_map(|(clauses, excluded, typing)| Query {
            clauses,
            excluded,
            typing,
        })
}

fn render(item: &Item) -> String {
    match item {
        Item::Word { word, field, star } => {
            format!(
                "{}{}{}",
                field.map(|f| format!("{f}:")).unwrap_or_default(),
                VOCABULARY[*word],
                if *star { "*" } else { "" }
            )
        }
        Item::Phrase { words, field } => {
            let words: Vec<&str> = words.iter().map(|&w| VOCABULARY[w]).collect();
            format!(
                "{}\"{}\"",
                field.map(|f| format!("{f}:")).unwrap_or_default(),
                words.join(" ")
            )
        }
    }
}

/// The query text; unless typing, it ends with a space so the last word is not a prefix.
fn render_query(query: &Query) -> String {
    let mut parts: Vec<String> = query
        .clauses
        .iter()
        .map(|c| c.iter().map(render).collect::<Vec<_>>().join(" OR "))
        .collect();
    parts.extend(
        query
            .excluded
            .iter()
            .map(|item| format!("-{}", render(item))),
    );
    parts.join(" ") + if query.typing { "" } else { " " }
}

/// Optimal string alignment distance, written independently of the fst automaton.
fn osa(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn folded(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// A field analysed: its stems and its folded words, in order.
type AnalysedField = [Vec<String>; 2];

/// The naive scan: the analysed fields of every article, checked item by item.
struct Naive {
    analyzer: Analyzer,
    /// Per article: its id and its fields, in the order of `FIELDS`.
    docs: Vec<(String, [AnalysedField; 4])>,
}

impl Naive {
    fn new(articles: &[Article]) -> Naive {
        let analyzer = Analyzer::new();
        let analyse = |text: &str| {
            let tokens = analyzer.tokens(text);
            [
                tokens.iter().map(|t| t.term.clone()).collect(),
                tokens.iter().map(|t| t.folded.clone()).collect(),
            ]
        };
        let docs = articles
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    [
                        analyse(&a.title),
                        analyse(&a.description),
                        analyse(&a.body),
                        analyse(&a.source),
                    ],
                )
            })
            .collect();
        Naive { analyzer, docs }
    }

    fn all_words(&self) -> BTreeSet<String> {
        self.docs
            .iter()
            .flat_map(|(_, fields)| fields.iter().flat_map(|f| f[1].iter().cloned()))
            .collect()
    }

    /// The stems a word matches: its own, its completions when `prefix`, and when `typos`
    /// the stems of corpus words within the allowed edits with the same first letter.
    fn stems(&self, word: &str, prefix: bool, typos: bool) -> BTreeSet<String> {
        let f = folded(word);
        let mut stems = BTreeSet::from([self.analyzer.stem(&f).into_owned()]);
        let allowed = match f.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        for w in self.all_words() {
            let typo = typos
                && allowed > 0
                && w.chars().next() == f.chars().next()
                && osa(&f, &w) <= allowed;
            if (prefix && w.starts_with(&f)) || typo {
                stems.insert(self.analyzer.stem(&w).into_owned());
            }
        }
        stems
    }

    /// Whether article `doc` matches `item`; `tolerant` for positive items (typos allowed),
    /// `typed` for the word being typed (a prefix, with typos).
    fn matches(&self, doc: usize, item: &Item, tolerant: bool, typed: bool) -> bool {
        let (Item::Word { field, .. } | Item::Phrase { field, .. }) = item;
        let fields: Vec<&Vec<String>> = self.docs[doc]
            .1
            .iter()
            .zip(FIELDS)
            .filter(|(_, name)| field.is_none_or(|f| f == *name))
            .map(|(analysed, _)| &analysed[0])
            .collect();
        match item {
            Item::Word { word, star, .. } => {
                let stems = self.stems(VOCABULARY[*word], *star || typed, tolerant && !star);
                fields.iter().any(|f| f.iter().any(|t| stems.contains(t)))
            }
            Item::Phrase { words, .. } => {
                let want: Vec<String> = words
                    .iter()
                    .map(|&w| self.analyzer.stem(&folded(VOCABULARY[w])).into_owned())
                    .collect();
                fields
                    .iter()
                    .any(|f| f.windows(want.len()).any(|w| w == want.as_slice()))
            }
        }
    }

    /// The articles matching `query`, its words with their misspellings when `typos`.
    fn search(&self, query: &Query, typos: bool) -> BTreeSet<String> {
        let typed = query.typed();
        let is_typed = |item: &Item| typed.is_some_and(|t| std::ptr::eq(t, item));
        (0..self.docs.len())
            .filter(|&d| {
                query.clauses.iter().all(|c| {
                    c.iter()
                        .any(|item| self.matches(d, item, typos, is_typed(item)))
                })
            })
            .filter(|&d| {
                !query
                    .excluded
                    .iter()
                    .any(|item| self.matches(d, item, false, false))
            })
            .map(|d| self.docs[d].0.clone())
            .collect()
    }
}

/// Searches an index of `raw` with each query and compares the answer with the naive scan's.
fn compare_with_naive_scan(raw: &[RawArticle], queries: &[Query]) -> Result<(), TestCaseError> {
    let articles = articles(raw);
    prop_assume!(!articles.is_empty());
    let index = Index::from_bytes(build(&articles)).unwrap();
    let naive = Naive::new(&articles);
    for query in queries {
        let text = render_query(query);
        let results = index
            .search(
                &text,
                &SearchOptions {
                    limit: 1000,
                    facets: false,
                    ..Default::default()
                },
            )
            .unwrap();
        let found: BTreeSet<String> = results.hits.iter().map(|h| h.id.clone()).collect();
        prop_assert_eq!(results.total, found.len(), "total for {}", text);
        prop_assert_eq!(found, naive.search(query, true), "query {:?}", text);
        // A short page: misspellings count only when the words as typed do not fill it.
        let page = 2;
        let short = index
            .search(
                &text,
                &SearchOptions {
                    limit: page,
                    facets: false,
                    ..Default::default()
                },
            )
            .unwrap();
        let as_typed = naive.search(query, false);
        let expected = if as_typed.len() >= page {
            as_typed
        } else {
            naive.search(query, true)
        };
        prop_assert_eq!(
            short.total,
            expected.len(),
            "total of a short page for {}",
            text
        );
        prop_assert_eq!(short.hits.len(), expected.len().min(page));
        prop_assert!(
            short.hits.iter().all(|h| expected.contains(&h.id)),
            "hits of a short page for {}",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn search_equals_a_naive_scan(raw in prop::collection::vec(article_strategy(), 1..10), queries in prop::collection::vec(query_strategy(), 1..6)) {
        compare_with_naive_scan(&raw, &queries)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Corpora large enough that common words have skip tables, so that later clauses,
    /// phrases and exclusions read those words block by block at their candidates.
    #[test]
    fn search_through_skip_tables_equals_a_naive_scan(raw in prop::collection::vec(article_strategy(), 100..300), queries in prop::collection::vec(query_strategy(), 4..10)) {
        compare_with_naive_scan(&raw, &queries)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn building_twice_gives_identical_bytes_and_articles_read_back_exactly(
        raw in prop::collection::vec((
            "\\PC{0,12}",
            "\\PC{0,40}",
            "\\PC{0,200}",
            "[a-zA-Z ]{0,20}",
            "(https://[a-z]{1,10}\\.example/[a-z0-9]{0,8})?",
            "(20[0-9]{2}-[01][0-9]-[0-3][0-9])?",
            "\\PC{0,12}",
            "\\PC{0,60}",
        ), 1..8)
    ) {
        // The recogniser runs too (the default build), and ids are any text made unique.
        let articles: Vec<Article> = raw
            .iter()
            .enumerate()
            .map(|(i, (id, title, body, source, url, date, section, description))| Article {
                id: format!("{id}{i}"),
                title: title.clone(),
                body: body.clone(),
                source: source.clone(),
                url: url.clone(),
                date: date.clone(),
                section: section.clone(),
                description: description.clone(),
                // Languages stemmed, not stemmed and read as bigrams, and the recogniser's.
                lang: ["en", "fr", "ar", "ja", "zh-Hant", "pl"][i % 6].to_owned(),
                facets: Vec::new(),
            })
            .collect();
        let bytes = build_with(&articles, BuildOptions::default());
        prop_assert_eq!(&bytes, &build_with(&articles, BuildOptions::default()));
        let index = Index::from_bytes(bytes).unwrap();
        for article in &articles {
            let view = index.article(&article.id, None).unwrap();
            prop_assert_eq!(&view.article, article);
        }
    }
}
