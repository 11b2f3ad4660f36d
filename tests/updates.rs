//! Adds, replacements and removals: after any sequence of them, an index answers as a build
//! from scratch of the same articles (the same bytes, so the same ids, order, totals, facets
//! and scores), single-file or sharded, and matches a naive scan of the articles kept; the
//! articles read back from an index are the ones that went in.

use std::collections::BTreeSet;

use newsdex::{
    changed_articles, Article, BuildOptions, Index, IndexBuilder, SearchOptions, Sharded, Step,
};
use newsdex_format::shards::{self, MIN_CHUNK_BYTES};
use newsdex_index::Analyzer;
use proptest::prelude::*;

use crate::support::{article, index_bytes};

const WORDS: [&str; 10] = [
    "oil", "crude", "prices", "gold", "vienna", "talks", "rise", "rises", "fell", "market",
];
const TOPICS: [&str; 3] = ["energy", "metals", "markets"];

/// As a sharded build makes them, so that the index can be split.
pub(crate) fn options() -> BuildOptions {
    BuildOptions {
        entities: false,
        packed_postings: true,
        deflated_store: true,
        ..BuildOptions::default()
    }
}

/// An article made from a seed: its id among a few (so adds often replace), words, a date and
/// topics.
pub(crate) fn made(id: u8, words: &[usize], day: u8, topics: &[usize]) -> Article {
    let text = |from: usize| {
        words
            .iter()
            .skip(from)
            .map(|&w| WORDS[w])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut topics: Vec<String> = topics.iter().map(|&t| TOPICS[t].to_owned()).collect();
    topics.dedup();
    Article {
        id: format!("n{id:02}"),
        title: text(words.len() / 2),
        body: text(0),
        date: format!("2026-11-{:02}", day % 28 + 1),
        source: ["Reuters", "AP", ""][usize::from(day % 3)].to_owned(),
        facets: match topics.is_empty() {
            true => Vec::new(),
            false => vec![("topics".to_owned(), topics)],
        },
        ..Article::default()
    }
}

pub(crate) fn article_strategy() -> impl Strategy<Value = Article> {
    (
        0u8..24,
        prop::collection::vec(0..WORDS.len(), 1..8),
        any::<u8>(),
        prop::collection::vec(0..TOPICS.len(), 0..3),
    )
        .prop_map(|(id, words, day, topics)| made(id, &words, day, &topics))
}

/// One change: articles to add, or ids (of 24 possible) to remove.
#[derive(Clone, Debug)]
enum Change {
    Add(Vec<Article>),
    Remove(Vec<u8>),
}

fn change_strategy() -> impl Strategy<Value = Change> {
    prop_oneof![
        prop::collection::vec(article_strategy(), 1..6).prop_map(Change::Add),
        prop::collection::vec(0u8..24, 1..4).prop_map(Change::Remove),
    ]
}

pub(crate) fn build(articles: &[Article]) -> Vec<u8> {
    let mut builder = IndexBuilder::new(options());
    builder.set_facets(&["topics".to_owned()]).unwrap();
    for article in articles {
        builder.insert(article).unwrap();
    }
    builder.finish().unwrap()
}

/// The model: the articles by id, a later one replacing an earlier one at the end.
fn model_apply(model: &mut Vec<Article>, change: &Change) {
    match change {
        Change::Add(add) => {
            for article in add {
                model.retain(|a| a.id != article.id);
                model.push(article.clone());
            }
        }
        Change::Remove(ids) => {
            for id in ids {
                model.retain(|a| a.id != format!("n{id:02}"));
            }
        }
    }
}

/// The adds of one change with only the last article of each id (a corpus has each id once).
pub(crate) fn last_of_each(add: &[Article]) -> Vec<Article> {
    let mut out: Vec<Article> = Vec::new();
    for article in add {
        out.retain(|a| a.id != article.id);
        out.push(article.clone());
    }
    out
}

/// `articles` with each one's facet values in order: an index keeps which values an article
/// has, not the order it listed them in.
fn sorted_values(mut articles: Vec<Article>) -> Vec<Article> {
    for article in &mut articles {
        for (_, values) in &mut article.facets {
            values.sort();
        }
    }
    articles
}

/// The ids of `model`'s articles whose analysed text has the stem of `word`.
pub(crate) fn naive(model: &[Article], word: &str) -> BTreeSet<String> {
    let analyzer = Analyzer::new();
    let stem = |text: &str| -> Vec<String> {
        analyzer
            .tokens(text)
            .into_iter()
            .map(|token| token.term)
            .collect()
    };
    let wanted = stem(word);
    model
        .iter()
        .filter(|a| {
            let stems = [stem(&a.title), stem(&a.body)].concat();
            wanted.iter().all(|w| stems.contains(w))
        })
        .map(|a| a.id.clone())
        .collect()
}

fn every_hit() -> SearchOptions {
    SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    }
}

/// Asks a sharded index for its articles, reading the chunks it asks for.
fn sharded_articles(bytes: &[u8]) -> Vec<Article> {
    let split = shards::split(bytes, "updates", MIN_CHUNK_BYTES).unwrap();
    let pack: Vec<u8> = (0..split.chunks.count())
        .flat_map(|k| split.chunk(k).to_vec())
        .collect();
    let mut sharded = Sharded::open(split.core.clone()).unwrap();
    for _ in 0..3 {
        match sharded.articles(0..u32::MAX).unwrap() {
            Step::Done(articles) => return articles,
            Step::Fetch(ranges) => {
                for range in ranges {
                    let bytes = pack[range.start as usize..range.end as usize].to_vec();
                    sharded.supply(range.start, bytes).unwrap();
                }
            }
        }
    }
    panic!("the articles took more than three rounds");
}

/// Checks what a site uploads after an append: the old index's stored records start the new
/// pack byte for byte, so every old chunk file that holds only those is a file of the new index
/// too, under the same name.
fn assert_chunks_stay(old: &[u8], new: &[u8]) {
    let (old, new) = (
        shards::split(old, "updates", MIN_CHUNK_BYTES).unwrap(),
        shards::split(new, "updates", MIN_CHUNK_BYTES).unwrap(),
    );
    let store = old.chunks.store.clone().expect("a store");
    let pack = |split: &shards::Sharded| -> Vec<u8> {
        (0..split.chunks.count())
            .flat_map(|k| split.chunk(k).to_vec())
            .collect()
    };
    let (old_pack, new_pack) = (pack(&old), pack(&new));
    assert_eq!(
        old_pack[..store.end as usize],
        new_pack[..store.end as usize],
        "the old records do not start the new pack"
    );
    let new_names: Vec<String> = (0..new.chunks.count())
        .map(|k| new.chunks.file_name(k))
        .collect();
    for k in 0..store.end / MIN_CHUNK_BYTES {
        let name = old.chunks.file_name(k);
        assert!(new_names.contains(&name), "old chunk {k}, {name}, is gone");
        assert_eq!(old.chunk(k), new.chunk(k));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_changes_answer_as_a_build_from_scratch(
        first in prop::collection::vec(article_strategy(), 1..10),
        changes in prop::collection::vec(change_strategy(), 1..6),
    ) {
        let mut model = last_of_each(&first);
        let mut bytes = build(&model);
        for change in &changes {
            let index = Index::from_bytes(&bytes[..]).unwrap();
            let (add, remove) = match change {
                Change::Add(add) => (last_of_each(add), Vec::new()),
                Change::Remove(ids) => {
                    let mut ids: Vec<String> = ids.iter().map(|id| format!("n{id:02}")).collect();
                    ids.sort();
                    ids.dedup();
                    // Removing an id the index lacks is an error, and changes nothing.
                    if let Some(absent) = ids.iter().find(|id| !model.iter().any(|a| &a.id == *id)) {
                        let error = index.changed(Vec::new(), &ids).unwrap_err();
                        prop_assert_eq!(error.code(), "UnknownArticle");
                        prop_assert!(error.to_string().contains(absent.as_str()));
                        ids.retain(|id| model.iter().any(|a| &a.id == id));
                    }
                    (Vec::new(), ids)
                }
            };
            if model.iter().filter(|a| !remove.contains(&a.id)).count() + add.len() == 0 {
                // An index of no articles cannot be built, by a change or from scratch.
                prop_assert!(index.changed(add, &remove).is_err());
                continue;
            }
            let sharded_read = sharded_articles(&bytes);
            prop_assert_eq!(&sharded_read, &index.articles().unwrap());
            prop_assert_eq!(
                changed_articles(sharded_read, add.clone(), &remove).unwrap(),
                changed_articles(index.articles().unwrap(), add.clone(), &remove).unwrap()
            );
            let appended = remove.is_empty() && add.iter().all(|a| model.iter().all(|m| m.id != a.id));
            let changed = index.changed(add, &remove).unwrap();
            if appended {
                assert_chunks_stay(&bytes, &changed);
            }
            bytes = changed;
            model_apply(&mut model, change);
            prop_assert_eq!(&bytes, &build(&model), "not the bytes of a build from scratch");
        }
        let index = Index::from_bytes(&bytes[..]).unwrap();
        prop_assert_eq!(sorted_values(index.articles().unwrap()), sorted_values(model.clone()));
        for word in WORDS {
            let results = index.search(&format!("{word} "), &every_hit()).unwrap();
            let found: BTreeSet<String> = results.hits.iter().map(|h| h.id.clone()).collect();
            prop_assert_eq!(results.total, found.len());
            prop_assert_eq!(found, naive(&model, word), "{}", word);
        }
    }
}

#[test]
fn a_change_keeps_the_build_options_and_entity_ids() {
    let old = vec![
        article(
            "k1",
            "John Kerry meets Sergei Lavrov",
            "John Kerry flew to Geneva.",
        ),
        article("k2", "Talks in Geneva", "The talks went on."),
    ];
    let bytes = index_bytes(&old);
    let index = Index::from_bytes(&bytes[..]).unwrap();
    let (options, facets) = index.build_options().unwrap();
    assert!(options.store && options.entities && !options.packed_postings);
    assert!(facets.is_empty());
    let later = article("k3", "Kerry returns", "Kerry said the talks would resume.");
    let grown = index
        .changed(vec![later.clone()], &["k2".to_owned()])
        .unwrap();
    assert_eq!(grown, index_bytes(&[old[0].clone(), later]));
    let grown = Index::from_bytes(grown).unwrap();
    // The later mention of the short name links to the entity the archive already had.
    let kerry = grown.search("entity:per/john-kerry", &every_hit()).unwrap();
    let ids: Vec<&str> = kerry.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["k1", "k3"]);
    assert_eq!(grown.entity("per/john-kerry").unwrap().articles, 2);
}

#[test]
fn an_entity_keeps_its_id_when_a_fuller_name_arrives_later() {
    let old = vec![article(
        "k1",
        "Kerry meets Lavrov in Geneva",
        "Kerry said the talks in Geneva would go on.",
    )];
    let index = Index::from_bytes(index_bytes(&old)).unwrap();
    assert_eq!(index.entity("per/kerry").unwrap().name, "Kerry");
    let later = article(
        "k2",
        "John Kerry returns to Geneva",
        "John Kerry flew back to Geneva on Monday.",
    );
    let grown = Index::from_bytes(index.changed(vec![later], &[]).unwrap()).unwrap();
    // Pages link to `per/kerry`; the fuller name names the entity without moving it.
    let kerry = grown.entity("per/kerry").unwrap();
    assert_eq!((kerry.name.as_str(), kerry.articles), ("John Kerry", 2));
    assert!(grown.entity("per/john-kerry").is_err());
    let hits = grown.search("entity:per/kerry", &every_hit()).unwrap();
    let ids: Vec<&str> = hits.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["k1", "k2"]);
}

#[test]
fn an_index_without_its_store_cannot_be_changed() {
    let mut builder = IndexBuilder::new(BuildOptions {
        store: false,
        ..options()
    });
    builder.insert(&article("a", "Oil", "Crude oil.")).unwrap();
    let index = Index::from_bytes(builder.finish().unwrap()).unwrap();
    let error = index
        .changed(vec![article("b", "Gold", "Gold.")], &[])
        .unwrap_err();
    assert_eq!(error.code(), "NoStore");
}

#[test]
fn an_append_keeps_the_chunk_files_of_the_old_records() {
    let article = |i: usize| Article {
        id: format!("a{i:04}"),
        title: format!("{} {}", WORDS[i % 10], WORDS[(i / 10) % 10]),
        body: (0..60)
            .map(|j| WORDS[(i * 7 + j * 3) % 10])
            .collect::<Vec<_>>()
            .join(" ")
            + &format!(" number {i}"),
        date: "2026-11-02".to_owned(),
        ..Article::default()
    };
    let old: Vec<Article> = (0..400).map(article).collect();
    let bytes = build(&old);
    let grown = Index::from_bytes(&bytes[..])
        .unwrap()
        .changed((400..410).map(article).collect(), &[])
        .unwrap();
    assert_eq!(grown, build(&(0..410).map(article).collect::<Vec<_>>()));
    assert_chunks_stay(&bytes, &grown);
    let split = shards::split(&bytes, "updates", MIN_CHUNK_BYTES).unwrap();
    let store = split.chunks.store.clone().unwrap();
    assert!(
        store.end / MIN_CHUNK_BYTES >= 4,
        "{} bytes of records: too few for the test to say much",
        store.end
    );
}
