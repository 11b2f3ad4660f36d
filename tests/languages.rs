//! Articles in other languages than English (`tests/fixtures/languages/`): what the builder
//! does with each article's language, beyond the query cases of `tests/cases/languages.json`.

use newsdex::{Article, BuildOptions, Index, Language, SearchOptions};

use crate::support::{article, index_bytes, index_bytes_with, jsonl_articles};

fn fixture() -> Vec<Article> {
    jsonl_articles("tests/fixtures/languages/articles.jsonl")
}

#[test]
fn the_recogniser_reads_english_articles_only() {
    let index = Index::from_bytes(index_bytes(&fixture())).unwrap();
    let english = index.article("en1", None).unwrap();
    assert!(
        english.mentions.iter().any(|m| m.entity == "loc/lyon"),
        "{:?}",
        english.mentions
    );
    // Lyon is named in the French article too, in words the recogniser would tag in English.
    for id in [
        "fr1", "fr2", "de1", "es1", "ru1", "ar1", "zh1", "ja1", "ko1", "tr1", "pl1",
    ] {
        let view = index.article(id, None).unwrap();
        assert!(
            view.mentions.is_empty() && view.title_mentions.is_empty(),
            "{id}: {:?} {:?}",
            view.title_mentions,
            view.mentions
        );
    }
}

#[test]
fn an_english_corpus_gives_the_same_bytes_whether_it_says_so_or_not() {
    let plain: Vec<Article> = fixture()
        .into_iter()
        .filter(|a| a.lang.is_empty())
        .chain([article(
            "e2",
            "Talks resume",
            "The talks in Geneva resumed.",
        )])
        .collect();
    let tagged: Vec<Article> = plain
        .iter()
        .map(|a| Article {
            lang: "en-GB".into(),
            ..a.clone()
        })
        .collect();
    assert_eq!(index_bytes(&plain), index_bytes(&tagged));
    let default_english = index_bytes_with(
        &plain,
        BuildOptions {
            language: Language::English,
            ..BuildOptions::default()
        },
    );
    assert_eq!(index_bytes(&plain), default_english);
}

#[test]
fn the_build_default_is_the_language_of_articles_without_one() {
    let articles = [
        article("a", "Die Häuser der Stadt", "Neue Wohnungen."),
        Article {
            lang: "en".into(),
            ..article("b", "The houses of the town", "New homes.")
        },
    ];
    let german = Index::from_bytes(index_bytes_with(
        &articles,
        BuildOptions {
            language: Language::German,
            ..BuildOptions::default()
        },
    ))
    .unwrap();
    let ids = |index: &Index<Vec<u8>>, query: &str| -> Vec<String> {
        let results = index.search(query, &SearchOptions::default()).unwrap();
        results.hits.into_iter().map(|h| h.id).collect()
    };
    assert_eq!(ids(&german, "haus "), ["a"], "Häuser stemmed in German");
    assert_eq!(german.article("a", None).unwrap().article.lang, "de");
    assert_eq!(german.article("b", None).unwrap().article.lang, "en");
    let english = Index::from_bytes(index_bytes(&articles)).unwrap();
    assert_eq!(
        ids(&english, "haus "),
        Vec::<String>::new(),
        "häuser is no English plural"
    );
}

#[test]
fn an_article_whose_lang_is_no_language_tag_is_refused_by_the_builder() {
    let mut builder = newsdex::IndexBuilder::new(BuildOptions::default());
    let error = builder
        .insert(&Article {
            lang: "Deutsch".into(),
            ..article("a", "Titel", "Text")
        })
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "newsdex: article \"a\": field `lang` must be a language tag such as `fr` or `pt-BR` (two or three letters, then subtags after `-`), not \"Deutsch\""
    );
}

#[test]
fn a_mixed_corpus_gives_the_same_bytes_every_build() {
    let articles = fixture();
    assert_eq!(index_bytes(&articles), index_bytes(&articles));
}
