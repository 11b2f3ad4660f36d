//! Changing an index: the articles it holds, read back from its document store (every stored
//! field as it was built, and the article's site facet values, in the index's order of
//! values and each as the index shows it), with articles added, replaced
//! or removed, so that the index built again from them answers as a build from scratch of the
//! same articles does.

use std::collections::HashSet;
use std::ops::Range;

use newsdex_format::facets::{for_each_in_list, read_value};
use newsdex_format::store::StoredFields;
use newsdex_index::{Article, BuildOptions};

use crate::error::{ErrorKind, Result};
use crate::index::pieces::fetch_all;
use crate::index::View;

/// The articles `docs` of `view` (clamped to its articles), in doc order.
pub(crate) fn stored_articles(view: &View<'_>, docs: Range<u32>) -> Result<Vec<Article>> {
    let store = view.store()?;
    let docs = docs.start.min(view.meta.doc_count)..docs.end.min(view.meta.doc_count);
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
            facets,
            ..stored_article(view.id(doc)?, &stored)
        });
    }
    Ok(articles)
}

/// The article with `id` and these stored fields, without its facet values.
pub(crate) fn stored_article(id: &str, stored: &StoredFields<'_>) -> Article {
    Article {
        id: id.to_owned(),
        title: stored.title.to_owned(),
        source: stored.source.to_owned(),
        date: stored.date.to_owned(),
        url: stored.url.to_owned(),
        section: stored.section.to_owned(),
        description: stored.description.to_owned(),
        body: stored.body.to_owned(),
        lang: stored.lang.to_owned(),
        facets: Vec::new(),
    }
}

/// The options `view` was built with, and its site facet fields. A sharded index has packed
/// postings and deflated records.
pub(crate) fn build_options(view: &View<'_>, sharded: bool) -> (BuildOptions, Vec<String>) {
    let options = BuildOptions {
        store: view.meta.has_store(),
        entities: view.meta.has_entities(),
        packed_postings: sharded || view.meta.packed_postings(),
        deflated_store: sharded || view.meta.store_deflated(),
        ..BuildOptions::default()
    };
    let fields = view.facet_fields.iter().map(|f| f.name.clone()).collect();
    (options, fields)
}

/// A change to an index's articles, applied as they are read in doc order (an archive's do
/// not all fit in memory at once): the articles with ids in `remove` are left out, and so are
/// those with the id of an article added, which go at the end, as a newer edition of the same
/// story.
pub struct Changes {
    add: Vec<Article>,
    added: HashSet<String>,
    remove: HashSet<String>,
    removed: HashSet<String>,
    replaced: usize,
}

impl Changes {
    /// A change that adds `add` and removes the articles with ids in `remove`.
    pub fn new(add: Vec<Article>, remove: &[String]) -> Changes {
        Changes {
            added: add.iter().map(|a| a.id.clone()).collect(),
            add,
            remove: remove.iter().cloned().collect(),
            removed: HashSet::new(),
            replaced: 0,
        }
    }

    /// Whether the index's article with `id` is kept.
    pub fn keeps(&mut self, id: &str) -> bool {
        if self.remove.contains(id) {
            self.removed.insert(id.to_owned());
            return false;
        }
        let replaced = self.added.contains(id);
        self.replaced += usize::from(replaced);
        !replaced
    }

    /// Once every article of the index was asked about: the articles to add after those kept,
    /// and how many of them replaced one.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownArticle`] for an id to remove that no article had (a mistyped id
    /// must not pass for a removal).
    pub fn finish(self) -> Result<(Vec<Article>, usize)> {
        let mut absent: Vec<&String> = self.remove.difference(&self.removed).collect();
        absent.sort();
        match absent.first() {
            Some(id) => Err(ErrorKind::UnknownArticle { id: (*id).clone() }.into()),
            None => Ok((self.add, self.replaced)),
        }
    }
}

/// `articles` with `remove` taken out and `add` put in, at the end: an added article whose id
/// is already there replaces the old one, as a newer edition of the same story (see
/// [`Changes`]).
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
/// As [`Changes::finish`].
pub fn changed_articles(
    articles: Vec<Article>,
    add: Vec<Article>,
    remove: &[String],
) -> Result<Vec<Article>> {
    let mut changes = Changes::new(add, remove);
    let mut kept: Vec<Article> = articles
        .into_iter()
        .filter(|a| changes.keeps(&a.id))
        .collect();
    kept.extend(changes.finish()?.0);
    Ok(kept)
}
