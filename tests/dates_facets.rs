//! Dates (filters, sorting, recency, the histogram) and site facets (filters and counts), on a
//! small archive whose answers are worked out by hand.

use newsdex::{Article, ErrorKind, Index, IndexBuilder, PeriodCount, SearchOptions, Sort};

fn dated(id: &str, date: &str, body: &str, topics: &[&str], section: &str) -> Article {
    let mut facets = Vec::new();
    if !topics.is_empty() {
        facets.push((
            "topics".to_owned(),
            topics.iter().map(|t| t.to_string()).collect(),
        ));
    }
    if !section.is_empty() {
        facets.push(("section".to_owned(), vec![section.to_owned()]));
    }
    Article {
        id: id.into(),
        title: format!("Story {id}"),
        body: body.into(),
        date: date.into(),
        facets,
        ..Article::default()
    }
}

/// Oil stories over two months and a year, one without a date.
fn archive() -> Index<Vec<u8>> {
    let articles = [
        dated(
            "a",
            "2016-04-01T09:00:00Z",
            "oil oil oil prices",
            &["crude oil", "ship"],
            "Business",
        ),
        dated(
            "b",
            "2016-04-15",
            "oil prices fall",
            &["Crude Oil"],
            "business",
        ),
        dated(
            "c",
            "2016-04-30T23:30:00-05:00",
            "oil and grain",
            &["grain"],
            "World",
        ),
        dated(
            "d",
            "2016-05-01",
            "grain harvest, no oil",
            &["grain", "earn"],
            "",
        ),
        dated("e", "2015-12-31", "oil oil oil oil oil oil", &[], "World"),
        dated("f", "", "oil without a date", &["crude oil"], "World"),
    ];
    let mut builder = IndexBuilder::new(Default::default());
    builder
        .set_facets(&["topics".to_owned(), "section".to_owned()])
        .unwrap();
    for article in &articles {
        builder.insert(article).unwrap();
    }
    Index::from_bytes(builder.finish().unwrap()).unwrap()
}

fn ids(index: &Index<Vec<u8>>, query: &str, options: &SearchOptions) -> Vec<String> {
    let results = index.search(query, options).unwrap();
    let mut ids: Vec<String> = results.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(results.total, ids.len(), "{query}: one page holds them all");
    if options.sort == Sort::Relevance && options.recency.is_none() {
        ids.sort();
    }
    ids
}

fn matching(index: &Index<Vec<u8>>, query: &str) -> Vec<String> {
    ids(index, query, &SearchOptions::default())
}

#[test]
fn date_filters_keep_the_articles_of_their_days_inclusive() {
    let index = archive();
    assert_eq!(matching(&index, "oil since:2016-04-15"), ["b", "c", "d"]);
    assert_eq!(matching(&index, "oil until:2016-04-15"), ["a", "b", "e"]);
    assert_eq!(
        matching(&index, "oil since:2016-04 until:2016-04"),
        ["a", "b", "c"]
    );
    assert_eq!(matching(&index, "oil date:2016-04"), ["a", "b", "c"]);
    assert_eq!(matching(&index, "oil date:2016"), ["a", "b", "c", "d"]);
    assert_eq!(
        matching(&index, "date:2016-04-30"),
        ["c"],
        "a date is filed under the day it shows, whatever its offset"
    );
    assert_eq!(matching(&index, "date:2015 OR date:2016-05"), ["d", "e"]);
    assert_eq!(
        matching(&index, "oil -date:2016"),
        ["e", "f"],
        "an undated article is no date's"
    );
    assert_eq!(matching(&index, "since:2017"), Vec::<String>::new());
}

#[test]
fn invalid_dates_are_refused_saying_why() {
    let index = archive();
    for (query, message) in [
        (
            "oil date:2016-13",
            "`date:2016-13` is not a date: there is no month 13",
        ),
        (
            "since:2015-02-29",
            "`since:2015-02-29` is not a date: 2015-02 has 28 days",
        ),
        (
            "until:yesterday oil",
            "`until:yesterday` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
    ] {
        let error = index.search(query, &SearchOptions::default()).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::InvalidQuery { .. }));
        assert_eq!(
            error.to_string(),
            format!("newsdex: in the query, {message}")
        );
        assert_eq!(error.code(), "InvalidQuery");
    }
}

#[test]
fn sorting_by_date_keeps_the_best_match_first_within_a_day_and_the_undated_last() {
    let index = archive();
    let sorted = |sort, query: &str| {
        ids(
            &index,
            query,
            &SearchOptions {
                sort,
                ..SearchOptions::default()
            },
        )
    };
    assert_eq!(sorted(Sort::Newest, "oil"), ["d", "c", "b", "a", "e", "f"]);
    assert_eq!(sorted(Sort::Oldest, "oil"), ["e", "a", "b", "c", "d", "f"]);
    let same_day = {
        let mut builder = IndexBuilder::new(Default::default());
        for (id, body) in [("x", "oil"), ("y", "oil oil oil gas"), ("z", "oil oil")] {
            builder
                .insert(&dated(id, "2016-04-01", body, &[], ""))
                .unwrap();
        }
        Index::from_bytes(builder.finish().unwrap()).unwrap()
    };
    let newest = SearchOptions {
        sort: Sort::Newest,
        ..SearchOptions::default()
    };
    let relevance: Vec<String> = same_day
        .search("oil", &SearchOptions::default())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids(&same_day, "oil", &newest), relevance);
}

#[test]
fn recency_raises_the_newer_of_equal_matches() {
    let index = archive();
    let options = |recency, now: Option<&str>| SearchOptions {
        recency,
        now: now.map(|n| newsdex::parse_day(n).unwrap()),
        limit: 10,
        ..SearchOptions::default()
    };
    let score = |options: &SearchOptions, id: &str| {
        index
            .search("oil", options)
            .unwrap()
            .hits
            .into_iter()
            .find(|h| h.id == id)
            .unwrap()
            .score
    };
    let plain = options(None, None);
    let blended = options(Some(10.0), None);
    // d is the newest article: counted from its day, it doubles; a, a month older, hardly moves.
    let ratio = |id| score(&blended, id) / score(&plain, id);
    assert!((ratio("d") - 2.0).abs() < 1e-4, "{}", ratio("d"));
    assert!((ratio("a") - (1.0 + 2f32.powf(-30.0 / 10.0))).abs() < 1e-4);
    assert_eq!(ratio("f"), 1.0, "an undated article is not raised");
    let from_a = options(Some(10.0), Some("2016-04-01"));
    assert!((score(&from_a, "a") / score(&plain, "a") - 2.0).abs() < 1e-4);
    let error = index.search("oil", &options(Some(0.0), None)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "newsdex: option `recency` must be a half-life in days over 0"
    );
}

#[test]
fn the_date_histogram_counts_every_match_at_a_grain_of_at_most_24_periods() {
    let index = archive();
    let dates = |query: &str| -> Vec<(Option<String>, u32)> {
        let results = index.search(query, &SearchOptions::default()).unwrap();
        results
            .facets
            .unwrap()
            .dates
            .into_iter()
            .map(|PeriodCount { period, count }| (period, count))
            .collect()
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        dates("oil"),
        [
            (some("2015-12"), 1),
            (some("2016-01"), 0),
            (some("2016-02"), 0),
            (some("2016-03"), 0),
            (some("2016-04"), 3),
            (some("2016-05"), 1),
            (None, 1)
        ]
    );
    assert_eq!(
        dates("oil date:2016-04-01 OR date:2016-04-15"),
        (1..=15)
            .map(|d| (
                some(&format!("2016-04-{d:02}")),
                u32::from(d == 1 || d == 15)
            ))
            .collect::<Vec<_>>()
    );
}

#[test]
fn site_facets_filter_and_count_whatever_the_case() {
    let index = archive();
    assert_eq!(matching(&index, "topics:\"crude oil\""), ["a", "b", "f"]);
    assert_eq!(matching(&index, "topics:\"CRUDE  OIL\""), ["a", "b", "f"]);
    assert_eq!(
        matching(&index, "oil -topics:\"crude oil\""),
        ["c", "d", "e"]
    );
    assert_eq!(matching(&index, "section:world oil"), ["c", "e", "f"]);
    assert_eq!(
        matching(&index, "topics:grain OR topics:ship"),
        ["a", "c", "d"]
    );
    assert_eq!(matching(&index, "topics:nothing"), Vec::<String>::new());
    assert_eq!(
        matching(&index, "section:world date:2016"),
        ["c"],
        "facets, dates and words combine"
    );
    let facets = index
        .search("oil", &SearchOptions::default())
        .unwrap()
        .facets
        .unwrap();
    let counts: Vec<(String, Vec<(String, u32)>)> = facets
        .fields
        .into_iter()
        .map(|f| {
            (
                f.name,
                f.values.into_iter().map(|v| (v.value, v.count)).collect(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            (
                "topics".to_owned(),
                vec![
                    ("crude oil".to_owned(), 3),
                    ("grain".to_owned(), 2),
                    ("earn".to_owned(), 1),
                    ("ship".to_owned(), 1)
                ]
            ),
            (
                "section".to_owned(),
                vec![("World".to_owned(), 3), ("Business".to_owned(), 2)]
            )
        ]
    );
}

#[test]
fn a_facet_named_like_a_query_prefix_is_refused_at_build() {
    for name in [
        "date", "since", "until", "person", "title", "source", "entity",
    ] {
        let mut builder = IndexBuilder::new(Default::default());
        let error = builder.set_facets(&[name.to_owned()]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("newsdex: facet field `{name}` is refused: `{name}:` already means something in queries")),
            "{error}"
        );
        assert_eq!(error.code(), "InvalidFacet");
    }
}

#[test]
fn an_article_opens_and_text_is_marked_whatever_the_dates_in_the_query() {
    let index = archive();
    let article = index.article("a", Some("prices date:2016-13")).unwrap();
    assert_eq!(
        article
            .marks
            .iter()
            .map(|m| &article.article.body[m.clone()])
            .collect::<Vec<_>>(),
        ["prices"]
    );
    let text = "Oil prices rose.";
    let marks = index
        .marks(text, "oil topics:\"crude oil\" since:2016-04")
        .unwrap();
    let marked: Vec<&str> = marks.iter().map(|m| &text[m.clone()]).collect();
    assert_eq!(marked, ["Oil"]);
}
