//! Hostile sizes are answered correctly within the documented caps: a 1 MB query, a 10 MB
//! article, a 100,000-word vocabulary, and queries made of nothing but nested quotes and
//! operators. Each request runs under a generous deadline that only guards against a hang
//! (how fast is the benchmarks' business).

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use newsdex::query::{parse, MAX_ALTERNATIVES, MAX_CLAUSES, MAX_EXCLUSIONS, MAX_QUERY_BYTES};
use newsdex::{Article, BuildOptions, Index, IndexBuilder, SearchOptions, SearchResults};

use crate::support::{article, index};

/// A snippet's text is cut at 480 bytes, with an ellipsis at each end (SECURITY.md, caps).
const MAX_SNIPPET_TEXT: usize = 480 + 2 * "…".len();
/// A prefix expands to at most this many terms, a word to at most this many misspellings
/// (README, caps).
const MAX_PREFIX_TERMS: usize = 64;
const MAX_TYPO_TERMS: usize = 32;

/// Runs `work` on its own thread and fails if it has not finished after a minute.
fn guarded<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || done.send(work()));
    result
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} did not finish within a minute"))
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn sorted(results: SearchResults) -> Vec<String> {
    let mut ids: Vec<String> = results.hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

fn small() -> Index<Vec<u8>> {
    index(&[
        article(
            "kerry",
            "Kerry meets Lavrov",
            "Talks on Syria in Geneva. The State Department said little.",
        ),
        article(
            "aleppo",
            "Aleppo under fire",
            "Fighting around Aleppo, Syria's second city, went on.",
        ),
        article(
            "markets",
            "Markets in Zürich",
            "Prices rose in Zürich and Geneva.",
        ),
    ])
}

fn all() -> SearchOptions {
    SearchOptions {
        limit: 100,
        ..SearchOptions::default()
    }
}

#[test]
fn a_one_megabyte_query_is_read_up_to_its_cap() {
    let repeated = "syria -aleppo ".repeat((1 << 20) / 14 + 1);
    let results = guarded("a 1 MB query", move || {
        let index = small();
        let capped = &repeated[..MAX_QUERY_BYTES];
        (
            index.search(&repeated, &all()).unwrap(),
            index.search(capped, &all()).unwrap(),
        )
    });
    assert_eq!(ids(&results.0), ["kerry"]);
    assert_eq!(ids(&results.0), ids(&results.1));

    // One word of a megabyte, and a megabyte of one character class each: no hits, no error.
    for text in [
        "k".repeat(1 << 20),
        "\"".repeat(1 << 20),
        "-".repeat(1 << 20),
        "é".repeat(1 << 19),
        "🙂".repeat(1 << 18),
    ] {
        let total = guarded("a 1 MB word", move || {
            small().search(&text, &all()).unwrap().total
        });
        assert_eq!(total, 0);
    }

    // The article view and suggestions take the same text.
    let query = format!("{}lavrov", " ".repeat((1 << 20) - 6));
    let (marks, words) = guarded("a 1 MB query in the article view", move || {
        let index = small();
        let view = index.article("kerry", Some(&query)).unwrap();
        (
            view.title_marks.len(),
            index.suggest(&query).unwrap().words.len(),
        )
    });
    assert_eq!(
        marks, 0,
        "the only word lies past the cap, so nothing is marked"
    );
    assert_eq!(words, 1, "suggestions complete the last word typed");
}

#[test]
fn nested_quotes_and_operators_are_answered_like_the_plain_query() {
    let cases: Vec<(String, &str)> = vec![
        (format!("{}syria", "\"".repeat(2001)), "\"syria"),
        (
            format!("{}syria{}", "(".repeat(1000), ")".repeat(1000)),
            "syria",
        ),
        (format!("{}syria", "OR ".repeat(1000)), "syria"),
        (format!("syria {}", "-\"-\"-".repeat(600)), "syria"),
        (format!("{}syria", "title:".repeat(500)), "title:syria"),
        (format!("{}syria", "person:\"".repeat(300)), ""),
        (format!("syria {}", "**** ".repeat(500)), "syria "),
        (format!("{} syria", "\"\" ".repeat(1000)), "syria"),
        (vec!["syria"; 500].join(" OR "), "syria"),
        (format!("syria {}", "-aleppo ".repeat(400)), "syria -aleppo"),
        (
            format!("{}aleppo", "\"\u{202e}".repeat(800)),
            "\u{202e}aleppo",
        ),
    ];
    for (hostile, plain) in cases {
        let parsed = parse(&hostile);
        assert!(
            parsed.clauses.len() <= MAX_CLAUSES && parsed.excluded.len() <= MAX_EXCLUSIONS,
            "{plain}"
        );
        assert!(
            parsed
                .clauses
                .iter()
                .all(|c| c.alternatives.len() <= MAX_ALTERNATIVES),
            "{plain}"
        );
        let (got, want) = guarded("a query of nested operators", move || {
            let index = small();
            let got = index.search(&hostile, &all()).unwrap();
            (
                ids(&got).into_iter().map(str::to_owned).collect::<Vec<_>>(),
                index.search(plain, &all()).unwrap(),
            )
        });
        assert_eq!(got, ids(&want), "{plain:?}");
    }
}

#[test]
fn caps_on_clauses_alternatives_and_exclusions_keep_the_first_items() {
    let index = small();
    // 40 ANDed words: the first 32 are used, so a word only in the 33rd does not narrow.
    let mut words = vec!["syria"; MAX_CLAUSES];
    words.push("nothere");
    let query = words.join(" ") + " ";
    assert!(parse(&query).truncated);
    assert_eq!(
        sorted(index.search(&query, &all()).unwrap()),
        ["aleppo", "kerry"]
    );
    // An alternative past the 16th is dropped.
    let mut alternatives = vec!["nothere"; MAX_ALTERNATIVES];
    alternatives.push("zurich");
    assert_eq!(
        index
            .search(&(alternatives.join(" OR ") + " "), &all())
            .unwrap()
            .total,
        0
    );
    // An exclusion past the 32nd is dropped.
    let query = format!("syria {}-aleppo ", "-nothere ".repeat(MAX_EXCLUSIONS));
    assert_eq!(
        sorted(index.search(&query, &all()).unwrap()),
        ["aleppo", "kerry"]
    );
}

#[test]
fn a_ten_megabyte_article_is_indexed_searched_and_shown_within_the_caps() {
    let (hit_total, snippet, marks_at_the_end, body_len) = guarded("a 10 MB article", || {
        let sentence = "Ministers met again in Geneva to discuss the ceasefire and the convoys. ";
        let mut body = sentence.repeat(10 * (1 << 20) / sentence.len());
        body.push_str("Finally Zanzibar.");
        let huge = Article {
            id: "huge".into(),
            title: "A long day".into(),
            body,
            ..Article::default()
        };
        let mut builder = IndexBuilder::new(BuildOptions {
            entities: false,
            ..BuildOptions::default()
        });
        builder.insert(&huge).unwrap();
        builder
            .insert(&article(
                "short",
                "Geneva talks",
                "Ministers met in Geneva.",
            ))
            .unwrap();
        let index = Index::from_bytes(builder.finish().unwrap()).unwrap();
        let results = index.search("zanzibar", &all()).unwrap();
        let geneva = index.search("geneva ministers", &all()).unwrap();
        assert_eq!(ids(&geneva).len(), 2);
        for hit in &geneva.hits {
            assert!(hit.snippet.text.len() <= MAX_SNIPPET_TEXT);
        }
        let view = index.article("huge", Some("zanzibar")).unwrap();
        let last = view.marks.last().cloned().unwrap();
        (
            results.total,
            results.hits[0].snippet.clone(),
            view.article.body[last.clone()].to_owned(),
            view.article.body.len(),
        )
    });
    assert_eq!(hit_total, 1);
    assert!(body_len > 10_000_000);
    // The match lies past the part a snippet is chosen from: the snippet is the opening words,
    // unmarked and within the cap, and the article view still marks the match.
    assert!(
        snippet.text.len() <= MAX_SNIPPET_TEXT,
        "{}",
        snippet.text.len()
    );
    assert!(snippet.text.starts_with("Ministers met again") && snippet.marks.is_empty());
    assert_eq!(marks_at_the_end, "Zanzibar");
}

#[test]
fn one_enormous_word_makes_a_snippet_within_the_cap() {
    let word = "x".repeat(1 << 20);
    let results = guarded("a 1 MB word in a body", move || {
        let index = index(&[article("w", "Title", &format!("before {word} after"))]);
        index.search("before", &all()).unwrap()
    });
    let snippet = &results.hits[0].snippet;
    assert!(
        snippet.text.len() <= MAX_SNIPPET_TEXT,
        "{}",
        snippet.text.len()
    );
    assert_eq!(&snippet.text[snippet.marks[0].clone()], "before");
}

/// Words of consonants only, so stemming leaves them alone: the n-th is `zq` + n in base 16.
fn word(n: usize) -> String {
    const LETTERS: &[u8; 16] = b"bcdfghjkmnpqrtvw";
    let mut out = String::from("zq");
    for shift in (0..5).rev() {
        out.push(LETTERS[(n >> (4 * shift)) & 15] as char);
    }
    out
}

#[test]
fn a_vocabulary_of_100_000_words_keeps_prefixes_and_typos_within_their_caps() {
    const ARTICLES: usize = 100;
    const WORDS: usize = 1000;
    let index = guarded("building a 100,000-word index", || {
        let mut builder = IndexBuilder::new(BuildOptions {
            entities: false,
            ..BuildOptions::default()
        });
        for a in 0..ARTICLES {
            let body: Vec<String> = (0..WORDS).map(|w| word(a * WORDS + w)).collect();
            builder
                .insert(&article(&format!("a{a:03}"), "Words", &body.join(" ")))
                .unwrap();
        }
        Index::from_bytes(builder.finish().unwrap()).unwrap()
    });
    assert!(index.stats().words >= (ARTICLES * WORDS) as u32);
    let index = std::sync::Arc::new(index);

    // Exact words find exactly their article, at both ends of the dictionary.
    for n in [0, 1, 54_321, ARTICLES * WORDS - 1] {
        let found = index.search(&format!("\"{}\"", word(n)), &all()).unwrap();
        assert_eq!(ids(&found), [format!("a{:03}", n / WORDS)], "{}", word(n));
    }

    // `zq*` matches all 100,000 words, each in one article, and expands to at most 64 of them;
    // a misspelling of 8 letters (two edits allowed) among so many neighbours, to at most 32.
    for (query, cap) in [
        ("zq*".to_owned(), MAX_PREFIX_TERMS),
        (format!("{}bb ", &word(77_777)[..6]), MAX_TYPO_TERMS),
    ] {
        let shared = index.clone();
        let marked = guarded("a query matching thousands of words", move || {
            let results = shared
                .search(
                    &query,
                    &SearchOptions {
                        limit: 1000,
                        ..all()
                    },
                )
                .unwrap();
            let mut marked = Vec::new();
            for hit in &results.hits {
                let view = shared.article(&hit.id, Some(&query)).unwrap();
                marked.extend(
                    view.marks
                        .iter()
                        .map(|m| view.article.body[m.clone()].to_owned()),
                );
            }
            marked
        });
        assert!(
            !marked.is_empty() && marked.len() <= cap,
            "{} words marked",
            marked.len()
        );
        assert!(marked.iter().all(|w| w.starts_with("zq")), "{marked:?}");
    }

    // Suggestions stay at their cap of 8.
    assert!(index.suggest("zq").unwrap().words.len() <= 8);
}

#[test]
fn a_limit_over_the_cap_is_an_error() {
    let error = small()
        .search(
            "syria",
            &SearchOptions {
                limit: 1001,
                ..SearchOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "newsdex: option `limit` must be at most 1000, not 1001"
    );
    let far = small()
        .search(
            "syria",
            &SearchOptions {
                limit: 1000,
                offset: usize::MAX,
                ..SearchOptions::default()
            },
        )
        .unwrap();
    assert_eq!((far.total, far.hits.len()), (2, 0));
}
