//! Stories: copies of one story, related stories and entities over time (`tests/cases/
//! stories.json`, which node and the browser run too), single-file and sharded alike.

use newsdex::{Index, SearchOptions, Sharded, Step};
use serde_json::Value;

use crate::cases::search_failures;
use crate::sharded::{answer, read, split};
use crate::support::{index, index_bytes_with_skip_tables, jsonl_articles, repo};

fn cases() -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo("tests/cases/stories.json")).unwrap())
        .unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// What the related and duplicates cases find wrong, `related` and `duplicates` answering
/// them (from a single file or a sharded index).
fn story_failures(
    cases: &Value,
    related: impl Fn(&str, usize) -> newsdex::Result<Vec<String>>,
    duplicates: impl Fn(&str) -> newsdex::Result<Vec<String>>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases["duplicates"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let found = duplicates(case["id"].as_str().unwrap()).unwrap();
        if found != strings(&case["ids"]) {
            failures.push(format!("{name}: copies {found:?}"));
        }
    }
    for case in cases["related"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let limit = case["limit"].as_u64().map_or(5, |n| n as usize);
        let found = match (related(case["id"].as_str().unwrap(), limit), &case["error"]) {
            (Ok(found), Value::Null) => found,
            (Err(error), Value::String(want)) if error.to_string() == *want => continue,
            (answer, _) => {
                failures.push(format!("{name}: {:?}", answer.map_err(|e| e.to_string())));
                continue;
            }
        };
        if found.len() > limit {
            failures.push(format!("{name}: {} over the limit", found.len()));
        }
        let missing: Vec<String> = strings(&case["include"])
            .into_iter()
            .filter(|id| !found.contains(id))
            .collect();
        let unwanted: Vec<&String> = found
            .iter()
            .filter(|id| strings(&case["exclude"]).contains(id))
            .collect();
        if !missing.is_empty() || !unwanted.is_empty() {
            failures.push(format!(
                "{name}: {found:?} lacks {missing:?}, has {unwanted:?}"
            ));
        }
        if let Some(first) = case["first"].as_str() {
            if found.first().map(String::as_str) != Some(first) {
                failures.push(format!("{name}: {found:?} does not start with {first}"));
            }
        }
        if let Some(count) = case["count"].as_u64() {
            if found.len() as u64 != count {
                failures.push(format!("{name}: {} related", found.len()));
            }
        }
    }
    failures
}

/// What `request` comes to on a fresh reader of the core, fetching from the chunks: its answer
/// or its error.
fn through_chunks<T>(
    core: &[u8],
    chunks: &[Vec<u8>],
    request: impl Fn(&Sharded<Vec<u8>>) -> newsdex::Result<Step<T>>,
) -> newsdex::Result<T> {
    let mut sharded = Sharded::open(core.to_vec())?;
    let chunk_bytes = sharded.index().chunks().unwrap().chunk_bytes;
    loop {
        match request(&sharded)? {
            Step::Done(answer) => return Ok(answer),
            Step::Fetch(ranges) => {
                for range in ranges {
                    sharded.supply(range.start, read(chunks, chunk_bytes, range))?;
                }
            }
        }
    }
}

fn hit_ids(hits: Vec<newsdex::Hit>) -> Vec<String> {
    hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn story_cases() {
    let cases = cases();
    let index = index(&jsonl_articles(cases["corpus"].as_str().unwrap()));
    let mut failures = search_failures(&index, cases["search"].as_array().unwrap());
    failures.extend(story_failures(
        &cases,
        |id, limit| index.related(id, limit).map(hit_ids),
        |id| index.duplicates(id),
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same answers from a sharded index, each request from nothing fetched, and collapsed
/// searches alike.
#[test]
fn a_sharded_index_answers_the_story_cases_alike() {
    let cases = cases();
    let articles = jsonl_articles(cases["corpus"].as_str().unwrap());
    let bytes = index_bytes_with_skip_tables(&articles);
    let whole = Index::from_bytes(bytes.clone()).unwrap();
    let (core, chunks) = split(&bytes);
    let fresh = || Sharded::open(core.clone()).unwrap();
    let failures = story_failures(
        &cases,
        |id, limit| through_chunks(&core, &chunks, |s| s.related(id, limit)).map(hit_ids),
        |id| through_chunks(&core, &chunks, |s| s.duplicates(id)),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for case in cases["search"].as_array().unwrap() {
        let query = case["query"].as_str().unwrap();
        let options = crate::cases::options(case);
        let sharded = answer(&mut fresh(), &chunks, |s| s.search(query, &options)).0;
        let single = whole.search(query, &options).unwrap();
        assert_eq!(sharded.total, single.total, "{query}");
        assert_eq!(sharded.hits, single.hits, "{query}");
        assert_eq!(sharded.facets, single.facets, "{query}");
    }
}

/// An entity's timeline is the date histogram of a search for it, and each related entity's
/// count the number of articles naming both, on whatever names the recogniser found.
#[test]
fn an_entity_timeline_and_companions_agree_with_searches_for_them() {
    let cases = cases();
    let articles = jsonl_articles(cases["corpus"].as_str().unwrap());
    let bytes = index_bytes_with_skip_tables(&articles);
    let index = Index::from_bytes(bytes.clone()).unwrap();
    let (core, chunks) = split(&bytes);
    let everything = index
        .search("rates OR cup OR harvest", &SearchOptions::default())
        .unwrap();
    let facets = everything.facets.unwrap();
    let ids: Vec<&str> = facets
        .entities
        .iter()
        .flatten()
        .map(|f| f.id.as_str())
        .collect();
    assert!(ids.len() >= 3, "the recogniser found names: {ids:?}");
    let mut with_companions = 0;
    for id in ids {
        let entity = index.entity(id).unwrap();
        let searched = index
            .search(&format!("entity:{id}"), &SearchOptions::default())
            .unwrap();
        assert_eq!(entity.timeline, searched.facets.unwrap().dates, "{id}");
        let total: u32 = entity.timeline.iter().map(|p| p.count).sum();
        assert_eq!(total, entity.articles, "{id}");
        for other in &entity.related {
            let both = index
                .search(
                    &format!("entity:{id} entity:{}", other.entity.id),
                    &SearchOptions::default(),
                )
                .unwrap();
            assert_eq!(
                both.total as u32, other.count,
                "{id} with {}",
                other.entity.id
            );
            assert!(other.count >= 2, "a companion shares two articles at least");
        }
        assert!(
            entity.related.windows(2).all(|w| w[0].count >= w[1].count),
            "most first"
        );
        with_companions += usize::from(!entity.related.is_empty());
        let sharded = answer(&mut Sharded::open(core.clone()).unwrap(), &chunks, |s| {
            s.entity(id)
        })
        .0;
        assert_eq!(sharded, entity, "{id} sharded");
        let brief = index.entity_brief(id).unwrap();
        assert_eq!(
            (
                brief.timeline.len(),
                brief.related.len(),
                &brief.name,
                brief.articles
            ),
            (0, 0, &entity.name, entity.articles),
            "{id} in brief"
        );
    }
    assert!(with_companions > 0, "some entity has companions");
}

/// Collapsing never loses a match: the stories and their listed copies are the matches.
#[test]
fn collapsing_lists_every_match_once() {
    let cases = cases();
    let index = index(&jsonl_articles(cases["corpus"].as_str().unwrap()));
    for query in ["rates", "cup", "norland", "central bank", "the"] {
        let all = SearchOptions {
            limit: 100,
            ..SearchOptions::default()
        };
        let plain = index.search(query, &all).unwrap();
        let collapsed = index
            .search(
                query,
                &SearchOptions {
                    collapse: true,
                    ..all
                },
            )
            .unwrap();
        let mut listed: Vec<String> = collapsed
            .hits
            .iter()
            .flat_map(|h| std::iter::once(h.id.clone()).chain(h.duplicates.clone()))
            .collect();
        let matched_in_order: Vec<String> = plain.hits.iter().map(|h| h.id.clone()).collect();
        let mut matched = matched_in_order.clone();
        listed.sort();
        matched.sort();
        assert_eq!(listed, matched, "{query}");
        assert_eq!(collapsed.total, collapsed.hits.len(), "{query}");
        let rank = |id: &str| matched_in_order.iter().position(|m| m == id).unwrap();
        for hit in &collapsed.hits {
            for copy in &hit.duplicates {
                assert!(
                    rank(&hit.id) < rank(copy),
                    "{query}: the best copy is the hit"
                );
            }
        }
        for hit in &collapsed.hits {
            for copy in &hit.duplicates {
                assert!(index.duplicates(&hit.id).unwrap().contains(copy), "{query}");
            }
        }
    }
}
