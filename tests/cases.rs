//! Runs the shared query cases (`tests/cases/*.json`), which node and the browser run too,
//! against the embedded seeds index.

use newsdex::{Index, SearchOptions, Sort};
use serde_json::Value;

use crate::support::{index, jsonl_articles, repo};

fn load(name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(repo(&format!("tests/cases/{name}"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

pub(crate) fn options(case: &Value) -> SearchOptions {
    let get = |name: &str, default: usize| {
        case["options"][name]
            .as_u64()
            .map_or(default, |n| n as usize)
    };
    let defaults = SearchOptions::default();
    SearchOptions {
        limit: get("limit", defaults.limit),
        offset: get("offset", defaults.offset),
        sort: case["options"]["sort"]
            .as_str()
            .map_or(defaults.sort, |name| Sort::from_name(name).unwrap()),
        collapse: case["options"]["collapse"].as_bool().unwrap_or(false),
        ..defaults
    }
}

#[test]
fn search_cases() {
    let failures = search_failures(&Index::embedded().unwrap(), &load("search.json"));
    assert!(
        failures.is_empty(),
        "{} search cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn article_cases() {
    let failures = article_failures(&Index::embedded().unwrap(), &load("article.json"));
    assert!(
        failures.is_empty(),
        "{} article cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn own_corpus_cases(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo(&format!("tests/cases/{name}"))).unwrap())
        .unwrap()
}

/// Runs the search and article cases of a case file that names a corpus of its own.
fn assert_cases_pass(name: &str, cases: &Value, articles: &[newsdex::Article]) {
    let index = index(articles);
    let mut failures = search_failures(&index, cases["search"].as_array().unwrap());
    failures.extend(article_failures(
        &index,
        cases["article"].as_array().unwrap(),
    ));
    assert!(
        failures.is_empty(),
        "{} {name} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `words.json`: words as people type them, on a corpus of their own.
#[test]
fn word_cases() {
    let cases = own_corpus_cases("words.json");
    let articles = jsonl_articles(cases["corpus"].as_str().unwrap());
    assert_cases_pass("word", &cases, &articles);
}

/// `languages.json`: articles in other languages than English, on a corpus of their own.
#[test]
fn language_cases() {
    let cases = own_corpus_cases("languages.json");
    let articles = jsonl_articles(cases["corpus"].as_str().unwrap());
    assert_cases_pass("language", &cases, &articles);
}

/// `site.json`: a site folder of HTML pages, a feed and a news sitemap, read as the CLI reads
/// it.
#[test]
fn site_cases() {
    let cases = own_corpus_cases("site.json");
    let mut articles = Vec::new();
    newsdex_extract::SiteReader::new()
        .read_path(&repo(cases["site"].as_str().unwrap()), &mut |article| {
            articles.push(article);
            Ok(())
        })
        .unwrap();
    assert_cases_pass("site", &cases, &articles);
}

/// What the cases ask of an index: an index, or a segmented one whose requests fetch.
pub(crate) trait Answers {
    fn search(&self, query: &str, options: &SearchOptions) -> newsdex::SearchResults;
    fn article(&self, id: &str, query: Option<&str>) -> newsdex::Result<newsdex::ArticleView>;
}

impl<B: AsRef<[u8]>> Answers for Index<B> {
    fn search(&self, query: &str, options: &SearchOptions) -> newsdex::SearchResults {
        Index::search(self, query, options).unwrap()
    }

    fn article(&self, id: &str, query: Option<&str>) -> newsdex::Result<newsdex::ArticleView> {
        Index::article(self, id, query)
    }
}

pub(crate) fn search_failures(index: &impl Answers, cases: &[Value]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let query = case["query"].as_str().unwrap();
        let results = index.search(query, &options(case));
        let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
        if let Some(total) = case["total"].as_u64() {
            if results.total as u64 != total {
                failures.push(format!("{name}: total {} != {total}", results.total));
            }
        }
        if case["ids"].is_array() && ids != strings(&case["ids"]) {
            failures.push(format!(
                "{name}: ids {ids:?} != {:?}",
                strings(&case["ids"])
            ));
        }
        for (id, copies) in case["duplicates"].as_object().into_iter().flatten() {
            match results.hits.iter().find(|h| h.id == *id) {
                Some(hit) if hit.duplicates == strings(copies) => {}
                Some(hit) => failures.push(format!("{name}: {id} has copies {:?}", hit.duplicates)),
                None => failures.push(format!("{name}: no hit {id} in {ids:?}")),
            }
        }
        if let Some(other) = case["sameAs"].as_str() {
            let expected = index.search(other, &options(case));
            let expected: Vec<&str> = expected.hits.iter().map(|h| h.id.as_str()).collect();
            if ids != expected {
                failures.push(format!(
                    "{name}: ids {ids:?} != those of {other:?}: {expected:?}"
                ));
            }
        }
        for (kind, names) in case["facetsInclude"].as_object().into_iter().flatten() {
            let index = ["PER", "LOC", "ORG", "MISC"]
                .iter()
                .position(|k| k == kind)
                .unwrap();
            let facet: Vec<&str> = results.facets.as_ref().unwrap().entities[index]
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            for name in strings(names) {
                if !facet.contains(&name.as_str()) {
                    failures.push(format!("{name}: facet {kind} {facet:?} lacks {name}"));
                }
            }
        }
        if case["marked"].is_array() {
            let allowed = strings(&case["marked"]);
            let mut marked: Vec<&str> = Vec::new();
            for hit in &results.hits {
                marked.extend(hit.title_marks.iter().map(|m| &hit.title[m.clone()]));
                marked.extend(
                    hit.snippet
                        .marks
                        .iter()
                        .map(|m| &hit.snippet.text[m.clone()]),
                );
            }
            if marked.is_empty() || marked.iter().any(|m| !allowed.iter().any(|a| a == m)) {
                failures.push(format!("{name}: marked {marked:?}, allowed {allowed:?}"));
            }
        }
    }
    failures
}

pub(crate) fn article_failures(index: &impl Answers, cases: &[Value]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let id = case["id"].as_str().unwrap();
        let view = match index.article(id, case["query"].as_str()) {
            Ok(view) => view,
            Err(error) => {
                if case["error"].as_str() != Some(&error.to_string()) {
                    failures.push(format!("{name}: unexpected error {error}"));
                }
                continue;
            }
        };
        if let Some(error) = case["error"].as_str() {
            failures.push(format!("{name}: expected the error {error:?}"));
        }
        let article = &view.article;
        if let Some(title) = case["title"].as_str() {
            if article.title != title {
                failures.push(format!("{name}: title {:?}", article.title));
            }
        }
        if case.get("source").is_some() {
            let source = case["source"].as_str().unwrap_or("");
            if article.source != source {
                failures.push(format!("{name}: source {:?}", article.source));
            }
        }
        if let Some(start) = case["descriptionStart"].as_str() {
            if !article.description.starts_with(start) {
                failures.push(format!("{name}: description {:?}", article.description));
            }
        }
        let body: Vec<&str> = view
            .marks
            .iter()
            .map(|m| &article.body[m.clone()])
            .collect();
        if case["marks"].is_array() && body != strings(&case["marks"]) {
            failures.push(format!("{name}: marks {body:?}"));
        }
        for wanted in case["mentionsInclude"].as_array().into_iter().flatten() {
            let (text, mentions) = match wanted["field"].as_str() {
                Some("title") => (&article.title, &view.title_mentions),
                Some("description") => (&article.description, &view.description_mentions),
                _ => (&article.body, &view.mentions),
            };
            let found = mentions.iter().any(|m| {
                text[m.span.clone()] == *wanted["text"].as_str().unwrap()
                    && m.kind.as_str() == wanted["type"].as_str().unwrap()
                    && m.entity == wanted["entity"].as_str().unwrap()
            });
            if !found {
                failures.push(format!("{name}: no mention {wanted}"));
            }
        }
        let title: Vec<&str> = view
            .title_marks
            .iter()
            .map(|m| &article.title[m.clone()])
            .collect();
        if case["titleMarks"].is_array() && title != strings(&case["titleMarks"]) {
            failures.push(format!("{name}: title marks {title:?}"));
        }
    }
    failures
}

#[test]
fn entity_cases() {
    let index = Index::embedded().unwrap();
    let mut failures = Vec::new();
    for case in load("entities.json") {
        let name = case["name"].as_str().unwrap();
        if let Some(text) = case["text"].as_str() {
            let names = if case["credits"] == true {
                newsdex::entities_with_credits(text)
            } else {
                newsdex::entities(text)
            };
            let found: Vec<(&str, &str)> = names
                .iter()
                .map(|n| (&text[n.span.clone()], n.kind.as_str()))
                .collect();
            for wanted in case["include"].as_array().unwrap_or(&Vec::new()) {
                let pair = (wanted[0].as_str().unwrap(), wanted[1].as_str().unwrap());
                if !found.contains(&pair) {
                    failures.push(format!("{name}: {pair:?} not among {found:?}"));
                }
            }
            let exclude = if case["exclude"].is_null() {
                Vec::new()
            } else {
                strings(&case["exclude"])
            };
            for unwanted in exclude {
                if found.iter().any(|(n, _)| *n == unwanted) {
                    failures.push(format!("{name}: {unwanted} among {found:?}"));
                }
            }
            continue;
        }
        let id = case["id"].as_str().unwrap();
        match index.entity(id) {
            Err(error) => {
                if case["error"].as_str() != Some(&error.to_string()) {
                    failures.push(format!("{name}: unexpected error {error}"));
                }
            }
            Ok(entity) => {
                if entity.kind.as_str() != case["type"]
                    || entity.name != case["canonical"]
                    || u64::from(entity.articles) != case["articles"]
                {
                    failures.push(format!("{name}: {entity:?}"));
                }
                for alias in strings(&case["aliasesInclude"]) {
                    if !entity.aliases.contains(&alias) {
                        failures.push(format!(
                            "{name}: alias {alias} missing from {:?}",
                            entity.aliases
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} entity cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
