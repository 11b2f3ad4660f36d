//! Segmented indexes: after any sequence of adds (a segment each, with the replaced articles'
//! removal), removals and compactions, a segmented index answers as a build from scratch of
//! its live articles: the same ids in the same order, totals, facets and scores within 1e-6
//! relative, and the ids a naive scan finds.

use std::collections::BTreeSet;

use newsdex::{
    Article, BuildOptions, Index, IndexBuilder, Part, SearchOptions, Segmented, Sharded, Sort, Step,
};
use newsdex_format::shards::{self, MIN_CHUNK_BYTES};
use newsdex_index::entities::KnownEntity;
use proptest::prelude::*;

use crate::updates::{article_strategy, build, last_of_each, made, naive};

#[derive(Clone, Debug)]
enum Change {
    Add(Vec<Article>),
    Remove(Vec<u8>),
    Compact,
}

fn change_strategy() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => prop::collection::vec(article_strategy(), 1..8).prop_map(Change::Add),
        1 => prop::collection::vec(0u8..24, 1..4).prop_map(Change::Remove),
        1 => Just(Change::Compact),
    ]
}

/// A sharded build of `articles`, every chunk supplied.
fn segment(articles: &[Article]) -> Sharded {
    supplied(&build(articles))
}

/// The index `bytes` split into chunks, every chunk supplied.
fn supplied(bytes: &[u8]) -> Sharded {
    let split = shards::split(bytes, "seg", MIN_CHUNK_BYTES).unwrap();
    let mut sharded = Sharded::open(split.core.clone().into_boxed_slice()).unwrap();
    let mut start = 0;
    for k in 0..split.chunks.count() {
        let chunk = split.chunk(k).to_vec();
        let len = chunk.len() as u64;
        sharded.supply(start, chunk).unwrap();
        start += len;
    }
    sharded
}

/// The parts as articles: a segment's, or a removal's.
#[derive(Clone, Debug)]
enum Written {
    Segment(Vec<Article>),
    Removed(Vec<Article>),
}

fn open(parts: &[Written]) -> Segmented {
    Segmented::open(
        parts
            .iter()
            .map(|part| match part {
                Written::Segment(articles) => Part::Segment(segment(articles)),
                Written::Removed(articles) => Part::Removed(segment(articles)),
            })
            .collect(),
    )
    .unwrap()
}

/// Applies `change` to the live articles and to the parts written, as `newsdex add`,
/// `remove` and `compact` write them.
fn apply(model: &mut Vec<Article>, parts: &mut Vec<Written>, change: &Change) {
    match change {
        Change::Add(add) => {
            let add = last_of_each(add);
            let replaced: Vec<Article> = model
                .iter()
                .filter(|a| add.iter().any(|n| n.id == a.id))
                .cloned()
                .collect();
            if !replaced.is_empty() {
                parts.push(Written::Removed(replaced));
            }
            model.retain(|a| add.iter().all(|n| n.id != a.id));
            model.extend(add.iter().cloned());
            parts.push(Written::Segment(add));
        }
        Change::Remove(ids) => {
            let ids: Vec<String> = ids.iter().map(|id| format!("n{id:02}")).collect();
            let removed: Vec<Article> = model
                .iter()
                .filter(|a| ids.contains(&a.id))
                .cloned()
                .collect();
            if removed.is_empty() || removed.len() == model.len() {
                return;
            }
            model.retain(|a| !ids.contains(&a.id));
            parts.push(Written::Removed(removed));
        }
        Change::Compact => *parts = vec![Written::Segment(model.clone())],
    }
}

const QUERIES: [&str; 12] = [
    "oil ",
    "gold ",
    "crude prices ",
    "pric",
    "gol",
    "vienan ",
    "markte ",
    "\"crude oil\" ",
    "talks -gold ",
    "topics:energy ",
    "rise fell ",
    "since:2026-10-01 oil ",
];

fn option_sets() -> Vec<SearchOptions> {
    let plain = SearchOptions::default();
    vec![
        plain,
        SearchOptions {
            limit: 3,
            offset: 2,
            ..plain
        },
        SearchOptions {
            facets: true,
            limit: 50,
            ..plain
        },
        SearchOptions {
            sort: Sort::Newest,
            ..plain
        },
        SearchOptions {
            recency: Some(30.0),
            limit: 5,
            ..plain
        },
    ]
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-30)
}

fn check(
    segmented: &Segmented,
    fresh: &Index<Vec<u8>>,
    model: &[Article],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(segmented.articles() as usize, model.len());
    for query in QUERIES {
        for options in option_sets() {
            let want = fresh.search(query, &options).unwrap();
            let got = segmented.search(query, &options).unwrap();
            let ids = |r: &newsdex::SearchResults| {
                r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>()
            };
            prop_assert_eq!(ids(&got), ids(&want), "{:?} {:?}", query, options);
            prop_assert_eq!(got.total, want.total, "{:?}", query);
            for (g, w) in got.hits.iter().zip(&want.hits) {
                prop_assert!(
                    close(g.score, w.score),
                    "{:?}: {} {} against {}",
                    query,
                    g.id,
                    g.score,
                    w.score
                );
                prop_assert_eq!(&g.snippet, &w.snippet);
                prop_assert_eq!(&g.title_marks, &w.title_marks);
            }
            prop_assert_eq!(&got.facets, &want.facets, "{:?}", query);
        }
    }
    for word in ["oil", "crude", "talks", "gold"] {
        let got = segmented
            .search(
                &format!("{word} "),
                &SearchOptions {
                    limit: 1000,
                    ..SearchOptions::default()
                },
            )
            .unwrap();
        let found: BTreeSet<String> = got.hits.iter().map(|h| h.id.clone()).collect();
        prop_assert_eq!(found, naive(model, word), "{}", word);
    }
    for article in model {
        prop_assert_eq!(
            &segmented.article(&article.id, None).unwrap().article.body,
            &article.body
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_changes_answer_as_a_build_from_scratch(
        first in prop::collection::vec(article_strategy(), 1..10),
        changes in prop::collection::vec(change_strategy(), 1..7),
    ) {
        let mut model = last_of_each(&first);
        let mut parts = vec![Written::Segment(model.clone())];
        for change in &changes {
            apply(&mut model, &mut parts, change);
            let fresh = Index::from_bytes(build(&model)).unwrap();
            check(&open(&parts), &fresh, &model)?;
        }
    }
}

#[test]
fn a_removal_of_an_article_no_segment_holds_is_refused() {
    let kept = vec![made(1, &[0, 1], 3, &[0])];
    let stranger = vec![made(2, &[2], 4, &[])];
    let Err(error) = Segmented::open(vec![
        Part::Segment(segment(&kept)),
        Part::Removed(segment(&stranger)),
    ]) else {
        panic!("a removal of an absent article was taken");
    };
    assert!(error.to_string().contains("`n02`"), "{error}");
}

/// An article of the entity tests: its id, headline and text.
fn story(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        date: "2026-11-02".into(),
        ..Article::default()
    }
}

/// The bytes of `articles` built as a sharded index is, with entities, linked against `known`.
fn entity_build(articles: &[Article], known: Vec<KnownEntity>) -> Vec<u8> {
    let mut builder = IndexBuilder::new(BuildOptions {
        entities: true,
        ..crate::updates::options()
    });
    builder.know_entities(known);
    for article in articles {
        builder.insert(article).unwrap();
    }
    builder.finish().unwrap()
}

/// A mention as the entity tests compare them: field, start and entity id.
type Mention = (u8, usize, String);

/// An article's mentions.
fn mentions_of(view: &newsdex::ArticleView) -> Vec<Mention> {
    [
        &view.title_mentions,
        &view.description_mentions,
        &view.mentions,
    ]
    .iter()
    .enumerate()
    .flat_map(|(field, list)| {
        list.iter()
            .map(move |m| (field as u8, m.span.start, m.entity.clone()))
    })
    .collect()
}

#[test]
fn entities_link_across_segments_as_a_build_from_scratch_does() {
    let days = [
        vec![
            story(
                "a0",
                "Kerry meets Lavrov in Geneva",
                "Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in \
                 Geneva on Monday to discuss the war in Syria. John Kerry said the talks were useful.",
            ),
            story(
                "a1",
                "Apple profits rise",
                "Shares of Apple rose after the company reported record profits, said analysts \
                 at Goldman Sachs in New York.",
            ),
        ],
        vec![
            // Short forms, later: they link to the entities of the first segment.
            story(
                "b0",
                "Kerry warns on Aleppo",
                "Kerry said on Tuesday that the ceasefire in Aleppo was fragile, and Lavrov agreed.",
            ),
            story(
                "b1",
                "Apple shares fall",
                "Apple said on Wednesday that sales in China fell, and Goldman Sachs cut its forecast.",
            ),
        ],
        vec![story(
            "c0",
            "Lavrov and Kerry talk again",
            "Lavrov spoke to Kerry by telephone from Moscow on Thursday about Syria.",
        )],
    ];
    let mut segments: Vec<Sharded> = Vec::new();
    let mut ids_when_added: Vec<(String, Vec<Mention>)> = Vec::new();
    for day in &days {
        let mut known = Vec::new();
        for segment in &segments {
            let Step::Done(entities) = segment.known_entities().unwrap() else {
                panic!("a supplied segment lacks pieces");
            };
            known.extend(entities);
        }
        let segment = supplied(&entity_build(day, known));
        for article in day {
            let Step::Done(view) = segment.article(&article.id, None).unwrap() else {
                panic!("a supplied segment lacks pieces");
            };
            ids_when_added.push((article.id.clone(), mentions_of(&view)));
        }
        segments.push(segment);
    }
    let all: Vec<Article> = days.concat();
    let fresh = Index::from_bytes(entity_build(&all, Vec::new())).unwrap();
    let segmented = Segmented::open(segments.into_iter().map(Part::Segment).collect()).unwrap();

    // Every mention has the id a build of every article gives it, and kept the one it got
    // when its article was added.
    for (id, when_added) in &ids_when_added {
        let want = mentions_of(&fresh.article(id, None).unwrap());
        assert_eq!(
            &mentions_of(&segmented.article(id, None).unwrap()),
            &want,
            "{id}"
        );
        assert_eq!(when_added, &want, "{id}");
    }
    let b0 = mentions_of(&segmented.article("b0", None).unwrap());
    assert!(
        b0.iter().any(|(_, _, entity)| entity == "per/john-kerry"),
        "a later \"Kerry\" links to John Kerry: {b0:?}"
    );
    // Filters and facets answer as the build from scratch's: the same articles, and the same
    // entities counted (each listed under the name its earliest segment gives it, which is the
    // name here).
    let options = SearchOptions {
        facets: true,
        ..SearchOptions::default()
    };
    for query in [
        "person:kerry ",
        "person:\"John Kerry\" ",
        "entity:per/john-kerry ",
        "person:lavrov ",
        "org:apple ",
        "said ",
    ] {
        let (got, want) = (
            segmented.search(query, &options).unwrap(),
            fresh.search(query, &options).unwrap(),
        );
        let ids =
            |r: &newsdex::SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&got), ids(&want), "{query}");
        assert!(got.total > 0, "{query}");
        assert_eq!(got.facets, want.facets, "{query}");
    }
}
