//! Property tests: on random small corpora and queries, search results equal a naive scan
//! of the analysed text (AND, OR, exclusion, phrases, prefixes, fields and typos); building
//! twice gives identical bytes; every article reads back exactly as it went in.

use std::collections::BTreeSet;

use newsdex::{Article, BuildOptions, Index, IndexBuilder, SearchOptions};
use newsdex_indexer::analysis::{fold_into, Analyzer};
use proptest::prelude::*;

/// Words with shared stems, shared prefixes, near-misses for typos, accents and case.
const VOCABULARY: [&str; 16] = [
    "run", "runs", "running", "runner", "rain", "Rain", "train", "trains", "café", "cafe", "cafes", "kerry", "kery", "berry",
    "state", "states",
];

fn article_strategy() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    (prop::collection::vec(0..VOCABULARY.len(), 0..5), prop::collection::vec(0..VOCABULARY.len(), 0..25))
}

fn articles(raw: &[(Vec<usize>, Vec<usize>)]) -> Vec<Article> {
    let text = |words: &[usize]| words.iter().map(|&w| VOCABULARY[w]).collect::<Vec<_>>().join(" ");
    raw.iter()
        .enumerate()
        .map(|(i, (title, body))| Article { id: format!("a{i:02}"), title: text(title), body: text(body), ..Article::default() })
        .filter(|a| !(a.title.is_empty() && a.body.is_empty()))
        .collect()
}

fn build(articles: &[Article]) -> Vec<u8> {
    let mut builder = IndexBuilder::new(BuildOptions { store: true, entities: false });
    for article in articles {
        builder.insert(article).unwrap();
    }
    builder.finish().unwrap()
}

/// One query item, as the naive scan understands it.
#[derive(Clone, Debug)]
enum Item {
    Word { word: usize, field: Option<&'static str>, star: bool },
    Phrase { words: Vec<usize>, field: Option<&'static str> },
}

#[derive(Clone, Debug)]
struct Query {
    /// ANDed clauses of ORed items.
    clauses: Vec<Vec<Item>>,
    excluded: Vec<Item>,
}

fn item_strategy() -> impl Strategy<Value = Item> {
    let field = prop::option::of(prop::sample::select(vec!["title", "body"]));
    prop_oneof![
        (0..VOCABULARY.len(), field.clone(), any::<bool>()).prop_map(|(word, field, star)| Item::Word { word, field, star }),
        (prop::collection::vec(0..VOCABULARY.len(), 2..4), field).prop_map(|(words, field)| Item::Phrase { words, field }),
    ]
}

fn query_strategy() -> impl Strategy<Value = Query> {
    (prop::collection::vec(prop::collection::vec(item_strategy(), 1..3), 1..3), prop::collection::vec(item_strategy(), 0..2))
        .prop_map(|(clauses, excluded)| Query { clauses, excluded })
}

fn render(item: &Item) -> String {
    match item {
        Item::Word { word, field, star } => {
            format!("{}{}{}", field.map(|f| format!("{f}:")).unwrap_or_default(), VOCABULARY[*word], if *star { "*" } else { "" })
        }
        Item::Phrase { words, field } => {
            let words: Vec<&str> = words.iter().map(|&w| VOCABULARY[w]).collect();
            format!("{}\"{}\"", field.map(|f| format!("{f}:")).unwrap_or_default(), words.join(" "))
        }
    }
}

/// The query text; it ends with a space so the last word is not a prefix while typing.
fn render_query(query: &Query) -> String {
    let mut parts: Vec<String> = query.clauses.iter().map(|c| c.iter().map(render).collect::<Vec<_>>().join(" OR ")).collect();
    parts.extend(query.excluded.iter().map(|item| format!("-{}", render(item))));
    parts.join(" ") + " "
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
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
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
    /// Per article: its id, its title and its body.
    docs: Vec<(String, AnalysedField, AnalysedField)>,
}

impl Naive {
    fn new(articles: &[Article]) -> Naive {
        let analyzer = Analyzer::new();
        let analyse = |text: &str| {
            let tokens = analyzer.tokens(text);
            [tokens.iter().map(|t| t.term.clone()).collect(), tokens.iter().map(|t| t.folded.clone()).collect()]
        };
        let docs = articles.iter().map(|a| (a.id.clone(), analyse(&a.title), analyse(&a.body))).collect();
        Naive { analyzer, docs }
    }

    fn all_words(&self) -> BTreeSet<String> {
        self.docs.iter().flat_map(|(_, t, b)| t[1].iter().chain(&b[1]).cloned()).collect()
    }

    /// The stems a word matches: its own, its completions when starred, and (when `tolerant`)
    /// the stems of corpus words within the allowed edits with the same first letter.
    fn stems(&self, word: &str, star: bool, tolerant: bool) -> BTreeSet<String> {
        let f = folded(word);
        let mut stems = BTreeSet::from([self.analyzer.stem(&f).into_owned()]);
        let allowed = match f.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        for w in self.all_words() {
            let typo = tolerant && !star && allowed > 0 && w.chars().next() == f.chars().next() && osa(&f, &w) <= allowed;
            if (star && w.starts_with(&f)) || typo {
                stems.insert(self.analyzer.stem(&w).into_owned());
            }
        }
        stems
    }

    fn matches(&self, doc: usize, item: &Item, tolerant: bool) -> bool {
        let (_, title, body) = &self.docs[doc];
        let fields: Vec<&Vec<String>> = match item {
            Item::Word { field: Some("title"), .. } | Item::Phrase { field: Some("title"), .. } => vec![&title[0]],
            Item::Word { field: Some(_), .. } | Item::Phrase { field: Some(_), .. } => vec![&body[0]],
            _ => vec![&title[0], &body[0]],
        };
        match item {
            Item::Word { word, star, .. } => {
                let stems = self.stems(VOCABULARY[*word], *star, tolerant);
                fields.iter().any(|f| f.iter().any(|t| stems.contains(t)))
            }
            Item::Phrase { words, .. } => {
                let want: Vec<String> = words.iter().map(|&w| self.analyzer.stem(&folded(VOCABULARY[w])).into_owned()).collect();
                fields.iter().any(|f| f.windows(want.len()).any(|w| w == want.as_slice()))
            }
        }
    }

    fn search(&self, query: &Query) -> BTreeSet<String> {
        (0..self.docs.len())
            .filter(|&d| query.clauses.iter().all(|c| c.iter().any(|item| self.matches(d, item, true))))
            .filter(|&d| !query.excluded.iter().any(|item| self.matches(d, item, false)))
            .map(|d| self.docs[d].0.clone())
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn search_equals_a_naive_scan(raw in prop::collection::vec(article_strategy(), 1..10), queries in prop::collection::vec(query_strategy(), 1..6)) {
        let articles = articles(&raw);
        prop_assume!(!articles.is_empty());
        let index = Index::from_bytes(build(&articles)).unwrap();
        let naive = Naive::new(&articles);
        for query in &queries {
            let text = render_query(query);
            let results = index.search(&text, &SearchOptions { limit: 1000, facets: false, ..Default::default() }).unwrap();
            let found: BTreeSet<String> = results.hits.iter().map(|h| h.id.clone()).collect();
            prop_assert_eq!(results.total, found.len(), "total for {}", text);
            prop_assert_eq!(found, naive.search(query), "query {:?}", text);
        }
    }

    #[test]
    fn building_twice_gives_identical_bytes_and_articles_read_back_exactly(
        raw in prop::collection::vec(("\\PC{0,40}", "\\PC{0,200}", "[a-zA-Z ]{0,20}", "(https://[a-z]{1,10}\\.example/[a-z0-9]{0,8})?"), 1..8)
    ) {
        let articles: Vec<Article> = raw
            .iter()
            .enumerate()
            .map(|(i, (title, body, source, url))| Article {
                id: format!("doc-{i}"),
                title: title.clone(),
                body: body.clone(),
                source: source.clone(),
                url: url.clone(),
                ..Article::default()
            })
            .collect();
        let bytes = build(&articles);
        prop_assert_eq!(&bytes, &build(&articles));
        let index = Index::from_bytes(bytes).unwrap();
        for article in &articles {
            let view = index.article(&article.id, None).unwrap();
            prop_assert_eq!(&view.title, &article.title);
            prop_assert_eq!(&view.body, &article.body);
            prop_assert_eq!(&view.source, &article.source);
            prop_assert_eq!(&view.url, &article.url);
        }
    }
}
