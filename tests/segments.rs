//! Segmented indexes: after any sequence of adds (a segment each, with the replaced articles'
//! removal), removals and compactions, a segmented index answers as a build from scratch of
//! its live articles: the same ids in the same order, totals, facets and scores within 1e-6
//! relative, and the ids a naive scan finds.

use std::cell::RefCell;
use std::collections::BTreeSet;

use newsdex::copies::Copies;
use newsdex::{
    Article, BuildOptions, Index, IndexBuilder, Part, PartRange, SearchOptions, Segmented, Sharded,
    Sort, Step,
};
use newsdex_format::shards::{self, MIN_CHUNK_BYTES};
use newsdex_index::entities::KnownEntity;
use newsdex_index::stories::{groups, shingles, signature, CopiesAcross, Signature, COPY_JACCARD};
use proptest::prelude::*;

use crate::cases::{article_failures, search_failures, Answers};
use crate::support::{jsonl_articles, repo};
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

/// The index `bytes` split into chunks: its core, and its pack.
fn split(bytes: &[u8]) -> (Sharded, Vec<u8>) {
    let split = shards::split(bytes, "seg", MIN_CHUNK_BYTES).unwrap();
    let sharded = Sharded::open(split.core.clone().into_boxed_slice()).unwrap();
    let pack = (0..split.chunks.count())
        .flat_map(|k| split.chunk(k).to_vec())
        .collect();
    (sharded, pack)
}

/// The parts as articles: a segment's, or a removal's.
#[derive(Clone, Debug)]
enum Written {
    Segment(Vec<Article>),
    Removed(Vec<Article>),
}

/// A segmented index opened from its parts' cores, and each part's pack, supplied only as
/// requests ask for it.
struct Opened {
    index: RefCell<Segmented>,
    /// By part that has chunks (a copies part has none): its pack.
    packs: Vec<Vec<u8>>,
    /// Whether copies may be grouped otherwise than a build from scratch groups them (see
    /// [`Live::bridged`]).
    bridged: bool,
}

impl Opened {
    /// Asks `request` until it answers (or fails), supplying the ranges it asks for.
    fn try_ask<T>(
        &self,
        mut request: impl FnMut(&Segmented) -> newsdex::Result<Step<T, PartRange>>,
    ) -> newsdex::Result<T> {
        for _ in 0..newsdex::MAX_FETCH_ROUNDS {
            let wanted = match request(&self.index.borrow())? {
                Step::Done(answer) => return Ok(answer),
                Step::Fetch(wanted) => wanted,
            };
            assert!(!wanted.is_empty(), "a step that asks for nothing");
            for PartRange { part, range } in wanted {
                let bytes = self.packs[part][range.start as usize..range.end as usize].to_vec();
                self.index
                    .borrow_mut()
                    .supply(part, range.start, bytes)
                    .unwrap();
            }
        }
        panic!("still asking after {} rounds", newsdex::MAX_FETCH_ROUNDS);
    }

    fn ask<T>(&self, request: impl FnMut(&Segmented) -> newsdex::Result<Step<T, PartRange>>) -> T {
        self.try_ask(request).unwrap()
    }
}

impl Answers for Opened {
    fn search(&self, query: &str, options: &SearchOptions) -> newsdex::SearchResults {
        self.ask(|index| index.search(query, options))
    }

    fn article(&self, id: &str, query: Option<&str>) -> newsdex::Result<newsdex::ArticleView> {
        self.try_ask(|index| index.article(id, query))
    }
}

fn open(parts: &[Written]) -> Opened {
    open_with(parts, false)
}

/// The entities of the index `bytes`, as a segment added after it links against them.
fn known_of(bytes: &[u8]) -> Vec<KnownEntity> {
    let (mut index, pack) = split(bytes);
    index.supply(0, pack).unwrap();
    let Step::Done(known) = index.known_entities().unwrap() else {
        panic!("a supplied segment lacks pieces");
    };
    known
}

/// Each segment's articles' signatures and whether each is still live, as parts are written.
#[derive(Default)]
struct Live {
    segments: Vec<Vec<(Option<Signature>, String, bool)>>,
}

impl Live {
    /// The copies of a segment of `articles`, written after the others, among their live
    /// articles, as `newsdex add` finds them; then the segment is one of them.
    fn add(&mut self, articles: &[Article]) -> Copies {
        let added: Vec<Option<Signature>> = articles
            .iter()
            .map(|a| signature(&shingles(&a.title, &a.body)))
            .collect();
        let mut across = CopiesAcross::new(&added, COPY_JACCARD);
        let mut places = Vec::new();
        for (k, segment) in self.segments.iter().enumerate() {
            for (doc, (signature, _, live)) in segment.iter().enumerate() {
                if *live {
                    across.see(places.len() as u64, signature.as_ref());
                    places.push((k as u32, doc as u32));
                }
            }
        }
        let mut pairs: Vec<(u32, u32, u32)> = across
            .finish()
            .into_iter()
            .map(|(doc, at)| (doc, places[at as usize].0, places[at as usize].1))
            .collect();
        pairs.sort_unstable();
        self.segments.push(
            added
                .into_iter()
                .zip(articles)
                .map(|(s, a)| (s, a.id.clone(), true))
                .collect(),
        );
        Copies { pairs }
    }

    /// A removal of `articles`: each id's newest live copy.
    fn remove(&mut self, articles: &[Article]) {
        for article in articles {
            let found = self.segments.iter_mut().rev().find_map(|segment| {
                segment
                    .iter_mut()
                    .find(|(_, id, live)| *live && *id == article.id)
            });
            if let Some(found) = found {
                found.2 = false;
            }
        }
    }

    /// Whether a removed article was in a group of copies of its segment with two others or
    /// more: the one case (with buckets of more than 64 articles, too many for these tests)
    /// where the groups differ from a build from scratch's before `compact`, which would not
    /// join the others through it.
    fn bridged(&self) -> bool {
        self.segments.iter().any(|segment| {
            let signatures: Vec<Option<Signature>> = segment.iter().map(|s| s.0).collect();
            let leaders = groups(&signatures, COPY_JACCARD);
            segment.iter().enumerate().any(|(doc, (_, _, live))| {
                !live && leaders.iter().filter(|&&l| l == leaders[doc]).count() > 2
            })
        })
    }
}

/// As [`open`]; with `entities`, each part built with entities, a segment's names linked
/// against the earlier segments' entities as `newsdex add` links them.
fn open_with(parts: &[Written], entities: bool) -> Opened {
    let mut packs = Vec::new();
    let mut opened = Vec::new();
    let mut known = Vec::new();
    let mut live = Live::default();
    for part in parts {
        let copies = match part {
            Written::Segment(articles) => Some(live.add(articles)),
            Written::Removed(articles) => {
                live.remove(articles);
                None
            }
        };
        let (Written::Segment(articles) | Written::Removed(articles)) = part;
        let bytes = match entities {
            true => entity_build(articles, known.clone()),
            false => build(articles),
        };
        if entities && matches!(part, Written::Segment(_)) {
            known.extend(known_of(&bytes));
        }
        let (core, pack) = split(&bytes);
        packs.push(pack);
        opened.push(match part {
            Written::Segment(_) => Part::Segment(core),
            Written::Removed(_) => Part::Removed(core),
        });
        if let Some(copies) = copies.filter(|c| !c.pairs.is_empty()) {
            opened.push(Part::Copies(copies));
        }
    }
    Opened {
        index: RefCell::new(Segmented::open(opened).unwrap()),
        packs,
        bridged: live.bridged(),
    }
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
        SearchOptions {
            collapse: true,
            facets: true,
            ..plain
        },
        SearchOptions {
            collapse: true,
            sort: Sort::Newest,
            limit: 3,
            offset: 1,
            ..plain
        },
    ]
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-30)
}

fn check(
    segmented: &Opened,
    fresh: &Index<Vec<u8>>,
    model: &[Article],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(segmented.index.borrow().articles() as usize, model.len());
    for query in QUERIES {
        for options in option_sets() {
            if options.collapse && segmented.bridged {
                continue;
            }
            let want = fresh.search(query, &options).unwrap();
            let got = segmented.search(query, &options);
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
                prop_assert_eq!(&g.duplicates, &w.duplicates, "{:?} {:?}", query, options);
            }
            prop_assert_eq!(&got.facets, &want.facets, "{:?}", query);
        }
    }
    for word in ["oil", "crude", "talks", "gold"] {
        let got = segmented.search(
            &format!("{word} "),
            &SearchOptions {
                limit: 1000,
                ..SearchOptions::default()
            },
        );
        let found: BTreeSet<String> = got.hits.iter().map(|h| h.id.clone()).collect();
        prop_assert_eq!(found, naive(model, word), "{}", word);
    }
    for text in ["r", "gol", "pri", "crude vie", "oil "] {
        // A word that only removed articles held is still suggested while another form of
        // its stem is live (a segment counts its words' articles by stem): the rest are a
        // fresh build's.
        let mut got = segmented.ask(|index| index.suggest(text)).words;
        got.retain(|w| {
            let known = fresh.suggest(&w.word).unwrap().words;
            known.iter().any(|k| k.word == w.word)
        });
        prop_assert_eq!(got, fresh.suggest(text).unwrap().words, "{:?}", text);
    }
    for article in model {
        let found = segmented.ask(|index| index.article(&article.id, None));
        prop_assert_eq!(&found.article.body, &article.body);
        if !segmented.bridged {
            let got = segmented.ask(|index| index.duplicates(&article.id));
            prop_assert_eq!(
                got,
                fresh.duplicates(&article.id).unwrap(),
                "{}",
                article.id
            );
        }
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
    let opened = open(&[Written::Segment(kept), Written::Removed(stranger)]);
    // The removals are read by the first request: it is refused once their ids are at hand.
    let Err(error) = opened.try_ask(|index| index.search("oil", &SearchOptions::default())) else {
        panic!("a removal of an absent article was taken");
    };
    assert!(error.to_string().contains("`n02`"), "{error}");
}

#[test]
fn a_request_reads_only_what_it_asks_for_every_part_in_one_round() {
    let first: Vec<Article> = (0..40).map(|i| made(i, &[0, 1], 3, &[0])).collect();
    let second: Vec<Article> = (40..60).map(|i| made(i, &[2], 4, &[])).collect();
    let opened = open(&[Written::Segment(first), Written::Segment(second)]);
    let mut rounds = Vec::new();
    let answer = opened.ask(|index| {
        let step = index.search("oil", &SearchOptions::default());
        if let Ok(Step::Fetch(wanted)) = &step {
            let mut parts: Vec<usize> = wanted.iter().map(|w| w.part).collect();
            parts.dedup();
            rounds.push(parts);
        }
        step
    });
    assert!(!answer.hits.is_empty());
    // The first round asks both segments for their words' pieces at once.
    assert_eq!(rounds.first(), Some(&vec![0, 1]), "{rounds:?}");
    let fetched = opened.index.borrow().fetched_bytes();
    let packs: usize = opened.packs.iter().map(Vec::len).sum();
    assert!(fetched < packs, "{fetched} bytes fetched of {packs}");
}

/// A segment none of whose matches can make the page reads no text of its own: the page
/// is merged from every segment's ranked matches before any hit is made, and the floor of
/// the page over every segment's matches keeps a segment from ranking those below it. The
/// page is a build from scratch's.
#[test]
fn a_segment_off_the_page_reads_none_of_its_texts() {
    let article = |id: String, title: &str, body: String| Article {
        id,
        title: title.to_owned(),
        body,
        date: "2026-11-02".to_owned(),
        ..Article::default()
    };
    let strong: Vec<Article> = (0..12)
        .map(|i| {
            article(
                format!("a{i:02}"),
                "oil prices rise",
                format!("oil oil {i}"),
            )
        })
        .collect();
    let filler = "market shares trade report week analysts expect bank rates ".repeat(6);
    let weak: Vec<Article> = (0..12)
        .map(|i| {
            article(
                format!("b{i:02}"),
                "market news",
                format!("{filler} oil {i}"),
            )
        })
        .collect();
    let opened = open(&[
        Written::Segment(strong.clone()),
        Written::Segment(weak.clone()),
    ]);
    let store = |part: usize| {
        let index = opened.index.borrow();
        let chunks = index.part(part).unwrap().index().chunks().unwrap().clone();
        chunks.store.unwrap()
    };
    let (strong_store, weak_store) = (store(0), store(1));
    let all: Vec<Article> = strong.into_iter().chain(weak).collect();
    let fresh = Index::from_bytes(build(&all)).unwrap();
    for limit in [3, 12] {
        let options = SearchOptions {
            limit,
            facets: false,
            ..SearchOptions::default()
        };
        opened.index.borrow_mut().retain(&[]);
        let mut asked = Vec::new();
        let got = opened.ask(|index| {
            let step = index.search("oil", &options);
            if let Ok(Step::Fetch(wanted)) = &step {
                asked.extend(wanted.clone());
            }
            step
        });
        let want = fresh.search("oil", &options).unwrap();
        assert_alike(&got, &want);
        assert!(
            want.hits.iter().all(|h| h.id.starts_with('a')),
            "{:?}",
            want.hits
        );
        let reads = |part: usize, section: &std::ops::Range<u64>| {
            (asked.iter()).any(|a| {
                a.part == part && a.range.start < section.end && section.start < a.range.end
            })
        };
        assert!(reads(0, &strong_store), "the page's texts are read");
        assert!(!reads(1, &weak_store), "a page of {limit}: {asked:?}");
    }
}

#[test]
fn segments_built_without_their_store_answer_searches() {
    let without_store = |articles: &[Article]| {
        let mut builder = IndexBuilder::new(BuildOptions {
            store: false,
            ..crate::updates::options()
        });
        for article in articles {
            builder.insert(article).unwrap();
        }
        builder.finish().unwrap()
    };
    let article = |i: u32| Article {
        id: format!("a{i}"),
        title: "oil".into(),
        body: "oil".into(),
        date: "2026-11-02".into(),
        ..Article::default()
    };
    let first: Vec<Article> = (0..400).map(article).collect();
    let second: Vec<Article> = (400..600).map(article).collect();
    let (one, first_pack) = split(&without_store(&first));
    let (two, second_pack) = split(&without_store(&second));
    let opened = Opened {
        index: RefCell::new(Segmented::open(vec![Part::Segment(one), Part::Segment(two)]).unwrap()),
        packs: vec![first_pack, second_pack],
        bridged: false,
    };
    let answer = opened.ask(|index| index.search("oil", &SearchOptions::default()));
    assert_eq!(answer.total, 600);
}

/// `tests/cases/segments.json`: a corpus built, then added to twice and removed from, its
/// parts written as `newsdex add` and `remove` write them; the cases a fresh build of the
/// live articles answers, answered by the segments.
#[test]
fn segment_cases() {
    let text = std::fs::read_to_string(repo("tests/cases/segments.json")).unwrap();
    let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
    let path = |value: &serde_json::Value| value.as_str().unwrap().to_owned();
    let mut model = jsonl_articles(&path(&cases["build"]));
    let mut parts = vec![Written::Segment(model.clone())];
    for added in cases["add"].as_array().unwrap() {
        apply(
            &mut model,
            &mut parts,
            &Change::Add(jsonl_articles(&path(added))),
        );
    }
    let removed: Vec<String> = cases["remove"]
        .as_array()
        .unwrap()
        .iter()
        .map(path)
        .collect();
    let gone: Vec<Article> = model
        .iter()
        .filter(|a| removed.contains(&a.id))
        .cloned()
        .collect();
    model.retain(|a| !removed.contains(&a.id));
    parts.push(Written::Removed(gone));
    let opened = open_with(&parts, true);
    let fresh = Index::from_bytes(entity_build(&model, Vec::new())).unwrap();
    for failures in [
        search_failures(&opened, cases["search"].as_array().unwrap()),
        search_failures(&fresh, cases["search"].as_array().unwrap()),
        article_failures(&opened, cases["article"].as_array().unwrap()),
        article_failures(&fresh, cases["article"].as_array().unwrap()),
        entity_and_marks_failures(&opened, &fresh, &cases),
    ] {
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// The `entity` cases: the entity with `id` (or the error) in the segments and in the fresh
/// build, which agree on its type, articles, mentions and timeline, and each has the aliases
/// named; and the names of `text` linked alike to the entities of `linked`. The `marks`
/// cases: the words of `text` that `query` marks, in the segments and in the fresh build.
fn entity_and_marks_failures(
    opened: &Opened,
    fresh: &Index<Vec<u8>>,
    cases: &serde_json::Value,
) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases["entity"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if let Some(text) = case["text"].as_str() {
            for found in newsdex::entities(text) {
                let said = &text[found.span.clone()];
                let got = opened.ask(|index| index.link(found.kind, said));
                let want = fresh.link(found.kind, said).unwrap();
                let named = case["linked"][said].as_str();
                if got != want || (named.is_some() && got.as_deref() != named) {
                    failures.push(format!("{name}: {said} links to {got:?}, fresh {want:?}"));
                }
            }
            continue;
        }
        let id = case["id"].as_str().unwrap();
        let (got, want) = (
            opened.try_ask(|index| index.entity(id, true)),
            fresh.entity(id),
        );
        match (got, want) {
            (Err(got), Err(want)) if got.to_string() == want.to_string() => {
                if case["error"].as_str() != Some(&got.to_string()) {
                    failures.push(format!("{name}: unexpected error {got}"));
                }
            }
            (Ok(got), Ok(want)) => {
                let figures =
                    |e: &newsdex::EntityView| (e.kind, e.articles, e.mentions, e.timeline.clone());
                if figures(&got) != figures(&want) {
                    failures.push(format!("{name}: {got:?} against the fresh {want:?}"));
                }
                if Some(u64::from(got.articles)) != case["articles"].as_u64() {
                    failures.push(format!("{name}: {} articles", got.articles));
                }
                for alias in case["aliasesInclude"].as_array().into_iter().flatten() {
                    let alias = alias.as_str().unwrap().to_owned();
                    if !got.aliases.contains(&alias) || !want.aliases.contains(&alias) {
                        failures.push(format!("{name}: {alias} not among {:?}", got.aliases));
                    }
                }
            }
            (got, want) => failures.push(format!("{name}: {got:?} against the fresh {want:?}")),
        }
    }
    for case in cases["marks"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (text, query) = (
            case["text"].as_str().unwrap(),
            case["query"].as_str().unwrap(),
        );
        let want: Vec<&str> = case["marked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let got = opened.ask(|index| index.marks(text, query));
        let fresh = fresh.marks(text, query).unwrap();
        for marks in [got, fresh] {
            let marked: Vec<&str> = marks.iter().map(|m| &text[m.clone()]).collect();
            if marked != want {
                failures.push(format!("{name}: marked {marked:?}"));
            }
        }
    }
    failures
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
    let mut segments: Vec<(Sharded, Vec<u8>)> = Vec::new();
    let mut ids_when_added: Vec<(String, Vec<Mention>)> = Vec::new();
    for day in &days {
        let mut known = Vec::new();
        for (segment, _) in &segments {
            let Step::Done(entities) = segment.known_entities().unwrap() else {
                panic!("a supplied segment lacks pieces");
            };
            known.extend(entities);
        }
        let (mut segment, pack) = split(&entity_build(day, known));
        segment.supply(0, pack.clone()).unwrap();
        for article in day {
            let Step::Done(view) = segment.article(&article.id, None).unwrap() else {
                panic!("a supplied segment lacks pieces");
            };
            ids_when_added.push((article.id.clone(), mentions_of(&view)));
        }
        segments.push((segment, pack));
    }
    let all: Vec<Article> = days.concat();
    let fresh = Index::from_bytes(entity_build(&all, Vec::new())).unwrap();
    let (cores, packs): (Vec<Sharded>, Vec<Vec<u8>>) = segments.into_iter().unzip();
    let segmented = Opened {
        index: RefCell::new(
            Segmented::open(cores.into_iter().map(Part::Segment).collect()).unwrap(),
        ),
        packs,
        bridged: false,
    };

    // Every mention has the id a build of every article gives it, and kept the one it got
    // when its article was added.
    for (id, when_added) in &ids_when_added {
        let want = mentions_of(&fresh.article(id, None).unwrap());
        assert_eq!(
            &mentions_of(&segmented.try_ask(|index| index.article(id, None)).unwrap()),
            &want,
            "{id}"
        );
        assert_eq!(when_added, &want, "{id}");
    }
    let b0 = mentions_of(
        &segmented
            .try_ask(|index| index.article("b0", None))
            .unwrap(),
    );
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
            segmented.ask(|index| index.search(query, &options)),
            fresh.search(query, &options).unwrap(),
        );
        let ids =
            |r: &newsdex::SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&got), ids(&want), "{query}");
        assert!(got.total > 0, "{query}");
        assert_eq!(got.facets, want.facets, "{query}");
    }
}

/// A story's copies and related stories on a segmented index are those the build of its
/// segment found among that segment's articles, less the articles removed since: here every
/// copy is in the story's segment, so a fresh build of the live articles finds the same copies.
#[test]
fn copies_and_related_stories_are_their_segments_less_the_removed() {
    let stories = jsonl_articles("tests/fixtures/stories/articles.jsonl");
    let later = vec![made(1, &[0, 1], 3, &[0])];
    let gone: Vec<Article> = stories
        .iter()
        .filter(|a| a.id == "rate-2")
        .cloned()
        .collect();
    let opened = open(&[
        Written::Segment(stories.clone()),
        Written::Segment(later.clone()),
        Written::Removed(gone),
    ]);
    let first = Index::from_bytes(build(&stories)).unwrap();
    let mut live: Vec<Article> = stories
        .iter()
        .filter(|a| a.id != "rate-2")
        .cloned()
        .collect();
    let fresh = Index::from_bytes(build(&[live.clone(), later].concat())).unwrap();
    live.retain(|a| a.id != "rate-2");
    let mut grouped = 0;
    for article in &live {
        let id = article.id.as_str();
        let got = opened.ask(|index| index.duplicates(id));
        let mut want = first.duplicates(id).unwrap();
        want.retain(|copy| copy != "rate-2");
        assert_eq!(got, want, "{id}");
        assert_eq!(got, fresh.duplicates(id).unwrap(), "{id}");
        grouped += usize::from(!got.is_empty());
        let ids = |hits: Vec<newsdex::Hit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
        let got = ids(opened.ask(|index| index.related(id, newsdex::MAX_RELATED)));
        let mut want = ids(first.related(id, newsdex::MAX_RELATED).unwrap());
        want.retain(|other| other != "rate-2");
        assert_eq!(got, want, "{id}");
        let limited = ids(opened.ask(|index| index.related(id, 1)));
        assert_eq!(limited, got[..got.len().min(1)], "{id}");
    }
    assert!(
        grouped >= 4,
        "the fixture's copies: {grouped} articles with copies"
    );
    for id in ["rate-2", "nope"] {
        let error = opened.try_ask(|index| index.duplicates(id)).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("newsdex: no article has the id \"{id}\"")
        );
    }
}

/// The harbour articles in two segments of 1,000 each, a build from scratch of them, and
/// options that list every match.
fn harbour_segments(articles: &[Article]) -> (Opened, Index<Vec<u8>>, SearchOptions) {
    let parts = vec![
        Written::Segment(articles[..1000].to_vec()),
        Written::Segment(articles[1000..].to_vec()),
    ];
    let every = SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    };
    (
        open(&parts),
        Index::from_bytes(build(articles)).unwrap(),
        every,
    )
}

/// Whether a word is spelt right, and so matches no misspelling beside a misspelt word, is
/// decided over every segment: "harbour" is in none of the first segment's articles and in a
/// twentieth of the second's, so in neither does it match "harbor", which the first holds
/// once, as a build of every article answers; alone, it is corrected in both.
#[test]
fn a_word_is_spelt_right_over_every_segment() {
    let articles = crate::misspellings::harbours(2000, 1000);
    let (segmented, fresh, every) = harbour_segments(&articles);
    for (query, words) in [
        ("harbour boatss ", &["harbour"][..]),
        ("harbor boatss ", &["harbour", "harbor"]),
        ("harbur boatss ", &["harbour", "harbor"]),
        ("harbour ", &["harbour", "harbor"]),
    ] {
        let want = crate::misspellings::with_any(&articles, words);
        for results in [
            fresh.search(query, &every).unwrap(),
            segmented.search(query, &every),
        ] {
            let got: BTreeSet<String> = results.hits.into_iter().map(|h| h.id).collect();
            assert_eq!(got, want, "{query:?}");
        }
    }
}

/// A word spelt right over every segment has its misspellings read in no segment beside a
/// word that has some, but when no other word has any, every word has its, as a build from
/// scratch answers: "harbour" is spelt right, "zanzibar" (in two articles) is not and has no
/// misspelling, so "harbour" matches "harbor", which only the first segment holds; "boatss"
/// has one ("boats"), so "harbour" then matches no "harbor".
#[test]
fn a_spelt_right_word_has_its_misspellings_when_no_other_word_has_any() {
    let mut articles = crate::misspellings::harbours(2000, 1000);
    for at in [3, 1000] {
        articles[at].body.push_str(" Bound for Zanzibar.");
    }
    let (segmented, fresh, every) = harbour_segments(&articles);
    for (query, harbor) in [("harbour zanzibar ", true), ("harbour boatss ", false)] {
        let want = fresh.search(query, &every).unwrap();
        assert_eq!(
            want.hits.iter().any(|h| h.id == "a3"),
            harbor,
            "{query:?}: {:?}",
            want.hits
        );
        segmented.index.borrow_mut().retain(&[]);
        assert_alike(&segmented.search(query, &every), &want);
    }
}

/// An article of the headline-run test: its id, headline and body.
fn headed(id: String, title: &str, body: &str) -> Article {
    Article {
        id,
        title: title.into(),
        body: body.into(),
        date: "2026-11-03".into(),
        ..Article::default()
    }
}

/// A headline run lifts an article only when it is among the best 200 that could reach the
/// page, over every article (`MAX_RESCORED` in `src/read/proximity.rs`): a segmented index
/// lifts the same ones, not the best 200 of each segment. Here the base's 260 articles hold
/// both words of the query out of order and score above the later segment's, which hold
/// them in a row: a build from scratch reads none of the later ones' headlines again.
#[test]
fn headline_runs_lift_the_articles_a_build_from_scratch_lifts() {
    let base: Vec<Article> = (0..260)
        .map(|i| {
            headed(
                format!("a{i:03}"),
                "Shares rise on the market",
                "Shares rose on the market as traders bought.",
            )
        })
        .collect();
    let day: Vec<Article> = (0..30)
        .map(|i| {
            headed(
                format!("b{i:03}"),
                "Market shares slip as traders wait for the central bank to decide on rates",
                "Market shares slipped as traders waited for the central bank.",
            )
        })
        .collect();
    let all = [base.clone(), day.clone()].concat();
    let opened = open(&[Written::Segment(base), Written::Segment(day)]);
    let fresh = Index::from_bytes(build(&all)).unwrap();
    let (mut sharded, pack) = split(&build(&all));
    sharded.supply(0, pack).unwrap();
    let ids = |r: &newsdex::SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    for options in [
        SearchOptions::default(),
        SearchOptions {
            facets: false,
            limit: 3,
            offset: 2,
            ..SearchOptions::default()
        },
    ] {
        let want = fresh.search("market shares", &options).unwrap();
        let Step::Done(also) = sharded.search("market shares", &options).unwrap() else {
            panic!("a supplied index lacks pieces");
        };
        assert_eq!(ids(&also), ids(&want), "a fresh sharded build");
        assert!(
            want.hits.iter().all(|h| h.id.starts_with('a')),
            "the later segment's runs are past the 200 re-scored: {:?}",
            ids(&want)
        );
        assert_alike(&opened.search("market shares", &options), &want);
    }
}

/// `got` lists the ids of `want` in its order, its total and facets, and scores within 1e-6.
fn assert_alike(got: &newsdex::SearchResults, want: &newsdex::SearchResults) {
    let ids = |r: &newsdex::SearchResults| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(got), ids(want));
    assert_eq!(got.total, want.total);
    assert_eq!(got.facets, want.facets);
    for (g, w) in got.hits.iter().zip(&want.hits) {
        assert!(
            close(g.score, w.score),
            "{}: {} against {}",
            g.id,
            g.score,
            w.score
        );
    }
}

/// Of a word's completions, headline runs are looked for through the eight with the most
/// articles over every segment (`MAX_WORD_EXPANSIONS` in `src/read/proximity.rs`), as a build
/// from scratch looks for them: not through a segment's own eight. "shares" is the ninth of
/// "sh" over both segments, and the only one of the later segment.
#[test]
fn headline_runs_go_through_the_completions_a_build_from_scratch_chooses() {
    let base: Vec<Article> = [
        "shell", "ship", "shop", "shot", "show", "shut", "shift", "shed",
    ]
    .iter()
    .flat_map(|word| {
        (0..3).map(move |i| {
            let text = format!("{word} prices on the market");
            headed(format!("a-{word}-{i}"), &text, &text)
        })
    })
    .collect();
    let day = vec![headed(
        "b000".into(),
        "Market shares",
        "Market shares fell.",
    )];
    let all = [base.clone(), day.clone()].concat();
    let opened = open(&[Written::Segment(base), Written::Segment(day)]);
    let fresh = Index::from_bytes(build(&all)).unwrap();
    let options = SearchOptions::default();
    let want = fresh.search("market sh", &options).unwrap();
    assert_alike(&opened.search("market sh", &options), &want);
}

/// A single index suggests among the first 5,000 words of a prefix in dictionary order
/// (`MAX_SCAN` in `src/views/entities.rs`): a segmented index suggests among the first of
/// every segment's words together, not the first of each segment's.
#[test]
fn suggestions_scan_the_first_words_of_every_segment_together() {
    let word = |n: usize| {
        let letters: String = (0..3)
            .map(|place| char::from(b'a' + (n / 26usize.pow(place) % 26) as u8))
            .rev()
            .collect();
        format!("sa{letters}")
    };
    let base: Vec<Article> = (0..50)
        .map(|a| {
            let words: Vec<String> = (0..100).map(|w| word(a * 100 + w)).collect();
            headed(format!("a{a:03}"), "Words", &words.join(" "))
        })
        .collect();
    let day: Vec<Article> = (0..3)
        .map(|i| headed(format!("b{i:03}"), "Szzz", "szzz szzz"))
        .collect();
    let all = [base.clone(), day.clone()].concat();
    let opened = open(&[Written::Segment(base), Written::Segment(day)]);
    let fresh = Index::from_bytes(build(&all)).unwrap();
    let want = fresh.suggest("s").unwrap().words;
    assert!(want.iter().all(|w| w.word != "szzz"), "{want:?}");
    assert_eq!(opened.ask(|index| index.suggest("s")).words, want);
}

/// A copy of an earlier segment's story added a day later is one story with it before
/// `compact`: `duplicates` and a collapsed search's page, total, facets and copies are a
/// fresh build's, and stay so once the original is removed.
#[test]
fn a_copy_added_a_day_later_is_grouped_with_the_earlier_segment_s_story() {
    let stories = jsonl_articles("tests/fixtures/stories/articles.jsonl");
    let (later, first): (Vec<Article>, Vec<Article>) = stories
        .into_iter()
        .partition(|a| a.id == "rate-2" || a.id == "cup-2");
    let original: Vec<Article> = first.iter().filter(|a| a.id == "rate-1").cloned().collect();
    let collapsed = SearchOptions {
        collapse: true,
        facets: true,
        ..SearchOptions::default()
    };
    let mut parts = vec![
        Written::Segment(first.clone()),
        Written::Segment(later.clone()),
    ];
    let mut live = [first, later].concat();
    for removal in [None, Some(original)] {
        if let Some(removed) = removal {
            live.retain(|a| removed.iter().all(|r| r.id != a.id));
            parts.push(Written::Removed(removed));
        }
        let opened = open(&parts);
        assert!(!opened.bridged);
        let fresh = Index::from_bytes(build(&live)).unwrap();
        let mut across = 0;
        for article in &live {
            let id = article.id.as_str();
            let got = opened.ask(|index| index.duplicates(id));
            assert_eq!(got, fresh.duplicates(id).unwrap(), "{id}");
            across += usize::from(
                (id == "rate-2" || id == "cup-2") && got.iter().any(|c| c.starts_with(&id[..4])),
            );
        }
        assert_eq!(
            across, 2,
            "both later copies are grouped with the earlier stories"
        );
        for query in ["rate ", "bank ", "cup ", "final ", "Berg "] {
            let (got, want) = (
                opened.search(query, &collapsed),
                fresh.search(query, &collapsed).unwrap(),
            );
            let hits = |r: &newsdex::SearchResults| {
                r.hits
                    .iter()
                    .map(|h| (h.id.clone(), h.duplicates.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(hits(&got), hits(&want), "{query}");
            assert_eq!(got.total, want.total, "{query}");
            assert_eq!(got.facets, want.facets, "{query}");
        }
    }
}

/// A follow-up added a day later is among the earlier story's related stories and the story
/// among the follow-up's, through the later segment's related part as `newsdex add` makes it
/// (vectors, close pairs, the earlier lists as a reader replays them); without that part each
/// segment keeps its own; a removed follow-up drops out.
#[test]
fn a_follow_up_added_a_day_later_is_related_both_ways_until_removed() {
    use newsdex::related::{close_pairs, earlier_docs, related_file, ByTerm};
    use newsdex_index::vectors::article_vectors;

    let stories = jsonl_articles("tests/fixtures/stories/articles.jsonl");
    let (later, first): (Vec<Article>, Vec<Article>) = stories
        .into_iter()
        .partition(|a| a.id == "lenders" || a.id == "inflation");
    let (first_vectors, first_freqs) = article_vectors(&first, 0, |_| 0);
    let df = |key: u64| {
        first_freqs
            .binary_search_by_key(&key, |f| f.0)
            .map_or(0, |at| first_freqs[at].1)
    };
    let (later_vectors, _) = article_vectors(&later, first.len() as u32, df);
    let vectors = [first_vectors];
    let pairs = close_pairs(&later_vectors, &ByTerm::scan(&vectors, &[Vec::new()]));
    let docs = earlier_docs(&pairs);
    let lists = open(&[Written::Segment(first.clone())]).ask(|index| index.related_lists(&docs));
    let earlier: std::collections::HashMap<(u32, u32), _> = (0u32..)
        .zip(&vectors[0])
        .map(|(doc, v)| ((0, doc), v.clone()))
        .collect();
    let signatures: Vec<Option<Signature>> = later
        .iter()
        .map(|a| signature(&shingles(&a.title, &a.body)))
        .collect();
    let leaders = groups(&signatures, COPY_JACCARD);
    let related = related_file(
        1,
        &later_vectors,
        &leaders,
        &Copies::default(),
        &earlier,
        &pairs,
        &lists,
    );
    assert!(
        !related.entered.is_empty(),
        "the follow-ups enter earlier lists"
    );
    let bytes = related.to_bytes();
    let opened = |removed: Option<&[Article]>, with_related: bool| {
        let mut parts = Vec::new();
        let mut packs = Vec::new();
        for articles in [&first, &later] {
            let (core, pack) = split(&build(articles));
            parts.push(Part::Segment(core));
            packs.push(pack);
        }
        if with_related {
            let parsed = newsdex::related::Related::parse(&bytes).unwrap();
            parts.push(Part::Related(parsed));
        }
        if let Some(removed) = removed {
            let (core, pack) = split(&build(removed));
            parts.push(Part::Removed(core));
            packs.push(pack);
        }
        Opened {
            index: RefCell::new(Segmented::open(parts).unwrap()),
            packs,
            bridged: false,
        }
    };
    let ids = |opened: &Opened, id: &str| -> Vec<String> {
        let hits = opened.ask(|index| index.related(id, newsdex::MAX_RELATED));
        hits.into_iter().map(|h| h.id).collect()
    };
    let across = opened(None, true);
    let alone = opened(None, false);
    for (story, follow_up) in [("rate-1", "lenders"), ("berg-parliament", "inflation")] {
        let got = ids(&across, story);
        assert!(got.iter().any(|id| id == follow_up), "{story}: {got:?}");
        assert!(
            !ids(&alone, story).iter().any(|id| id == follow_up),
            "each segment's own"
        );
        let got = ids(&across, follow_up);
        assert!(
            got.iter().any(|id| id.starts_with(&story[..4])),
            "{follow_up}: {got:?}"
        );
        assert!(!got.iter().any(|id| id == follow_up), "never itself");
    }
    // One per story: rate-1, rate-2 and rate-3 are copies, of which a list names one.
    let rates = ids(&across, "lenders")
        .iter()
        .filter(|id| id.starts_with("rate-"))
        .count();
    assert_eq!(rates, 1);
    let gone: Vec<Article> = later
        .iter()
        .filter(|a| a.id == "lenders")
        .cloned()
        .collect();
    let removed = opened(Some(&gone), true);
    let got = ids(&removed, "rate-1");
    assert!(!got.iter().any(|id| id == "lenders"), "{got:?}");
    assert!(got.iter().any(|id| id == "inflation"), "{got:?}");
    // A related part whose lists are not its segment's articles is refused, named.
    let short = newsdex::related::Related {
        lists: vec![Vec::new()],
        entered: Vec::new(),
    };
    let (core0, _) = split(&build(&first));
    let (core1, _) = split(&build(&later));
    let error = Segmented::open(vec![
        Part::Segment(core0),
        Part::Segment(core1),
        Part::Related(short),
    ])
    .err()
    .unwrap();
    assert!(error.to_string().contains("related"), "{error}");
}

/// The pairs `add` finds by term (each term's heaviest earlier articles, summed) are those a
/// scan of every earlier vector finds, with the same cosines, where no term's list is cut:
/// a term lookup that missed an earlier article sharing a term, or summed a product twice,
/// fails here. A removed earlier article is in no pair.
#[test]
fn close_pairs_by_term_are_those_a_scan_of_every_vector_finds() {
    use newsdex::related::{close_pairs, ByTerm};
    use newsdex_index::stories::MIN_COSINE;
    use newsdex_index::vectors::{article_vectors, cosine};

    // Vectors weighed over the whole fixture, so that the three parts share telling terms.
    let (mut vectors, _) = article_vectors(
        &jsonl_articles("tests/fixtures/stories/articles.jsonl"),
        0,
        |_| 0,
    );
    let added = vectors.split_off(vectors.len() - 3);
    let b = vectors.split_off(vectors.len() / 2);
    let segments = [vectors, b];
    let removed = [vec![1], Vec::new()];
    let found = close_pairs(&added, &ByTerm::scan(&segments, &removed));
    let mut scanned = Vec::new();
    for (k, vectors) in (0u32..).zip(&segments) {
        for (doc, vector) in (0u32..).zip(vectors) {
            if removed[k as usize].contains(&doc) {
                continue;
            }
            for (new, other) in (0u32..).zip(&added) {
                let score = cosine(vector, other);
                if score >= MIN_COSINE {
                    scanned.push(((k, doc), new, score));
                }
            }
        }
    }
    assert!(scanned.len() > 2, "{scanned:?}");
    assert_eq!(found.len(), scanned.len(), "{found:?} against {scanned:?}");
    for (f, s) in found.iter().zip(&scanned) {
        assert_eq!((f.0, f.1), (s.0, s.1));
        assert!((f.2 - s.2).abs() < 1e-5, "{f:?} against {s:?}");
    }
}
