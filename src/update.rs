//! Changing an index: the articles it holds, read back from its document store (every stored
//! field as it was built, and the article's site facet values, in the index's order of
//! values and each as the index shows it), with articles added, replaced
//! or removed, so that the index built again from them answers as a build from scratch of the
//! same articles does.

use std::collections::{HashMap, HashSet};

use newsdex_format::facets::{for_each_in_list, read_value};
use newsdex_index::{Article, BuildOptions};

use crate::error::{ErrorKind, Result};
use crate::index::pieces::fetch_all;
use crate::index::View;

/// Every article of `view`, in doc order.
pub(crate) fn stored_articles(view: &View<'_>) -> Result<Vec<Article>> {
    let store = view.store()?;
    let docs = 0..view.meta.doc_count;
    let values = view.facet_fields.last().map_or(0, |f| f.values.end);
    // Two rounds in a sharded index: where each text is (with the ids and the facet values),
    // then the texts.
    let mut missing = view.cards_missing(docs.clone());
    missing.extend(view.doc_facets.missing(docs.clone()));
    missing.extend(view.facet_values.missing(0..values));
    fetch_all(missing)?;
    fetch_all(store.missing(docs.clone())?)?;
    let mut names = Vec::with_capacity(values as usize);
    for ordinal in 0..values {
        names.push(read_value(view.facet_values.get(ordinal)?, ordinal)?.1);
    }
    let mut articles = Vec::with_capacity(docs.len());
    for doc in docs {
        let record = store.get(doc)?;
        let stored = record.fields()?;
        let mut facets: Vec<(String, Vec<String>)> = Vec::new();
        if values > 0 {
            for_each_in_list(view.doc_facets.get(doc)?, values, "doc facets", |value| {
                let field = view
                    .facet_fields
                    .iter()
                    .find(|f| f.values.contains(&value))
                    .map_or("", |f| f.name.as_str());
                let value = names[value as usize].to_owned();
                match facets.last_mut() {
                    Some((name, list)) if name == field => list.push(value),
                    _ => facets.push((field.to_owned(), vec![value])),
                }
            })?;
        }
        articles.push(Article {
            id: view.id(doc)?.to_owned(),
            title: stored.title.to_owned(),
            source: stored.source.to_owned(),
            date: stored.date.to_owned(),
            url: stored.url.to_owned(),
            section: stored.section.to_owned(),
            description: stored.description.to_owned(),
            body: stored.body.to_owned(),
            facets,
        });
    }
    Ok(articles)
}

/// The options `view` was built with, and its site facet fields. A sharded index, or one
/// built to be split (its records deflated), has packed postings.
pub(crate) fn build_options(view: &View<'_>, sharded: bool) -> (BuildOptions, Vec<String>) {
    let split = sharded || view.meta.store_deflated();
    let options = BuildOptions {
        store: view.meta.has_store(),
        entities: view.meta.has_entities(),
        packed_postings: split,
        deflated_store: split,
        ..BuildOptions::default()
    };
    let fields = view.facet_fields.iter().map(|f| f.name.clone()).collect();
    (options, fields)
}

/// `articles` with `remove` taken out and `add` put in, at the end: an added article whose id
/// is already there replaces the old one, as a newer edition of the same story.
///
/// ```
/// use newsdex::{changed_articles, Article};
/// let article = |id: &str, title: &str| Article { id: id.into(), title: title.into(), ..Article::default() };
/// let old = vec![article("a", "First"), article("b", "Second"), article("c", "Third")];
/// let new = changed_articles(old, vec![article("b", "Second, corrected")], &["c".to_owned()])?;
/// let titles: Vec<&str> = new.iter().map(|a| a.title.as_str()).collect();
/// assert_eq!(titles, ["First", "Second, corrected"]);
/// # Ok::<(), newsdex::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::UnknownArticle`] for an id to remove that no article has (a typo in an id
/// must not pass for a removal), or one given twice.
pub fn changed_articles(
    articles: Vec<Article>,
    add: Vec<Article>,
    remove: &[String],
) -> Result<Vec<Article>> {
    let at: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut dropped = HashSet::with_capacity(remove.len() + add.len());
    for id in remove {
        match at.get(id.as_str()) {
            Some(&i) if dropped.insert(i) => {}
            _ => return Err(ErrorKind::UnknownArticle { id: id.clone() }.into()),
        }
    }
    for article in &add {
        if let Some(&i) = at.get(article.id.as_str()) {
            dropped.insert(i);
        }
    }
    let mut kept: Vec<Article> = articles
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(i))
        .map(|(_, a)| a)
        .collect();
    kept.extend(add);
    Ok(kept)
}
