//! The article view: an article's stored fields with a query's matches marked and its entity
//! mentions listed.

use std::collections::HashMap;

use newsdex_format::entities::{entity, mentions};
use newsdex_format::Field;
use newsdex_index::entities::entity_id;
use newsdex_index::Analyzer;

use crate::error::Result;
use crate::index::View;
use crate::query;
use crate::query::plan::Plan;
use crate::views::highlight::Highlighter;
use crate::views::results::{ArticleView, MentionView};

/// The article with `id`, with the matches of `query` (if any) marked.
pub(crate) fn article(view: &View<'_>, id: &str, query: Option<&str>) -> Result<ArticleView> {
    let doc = view.doc(id)?;
    let record = view.store()?.get(doc)?;
    let stored = record.fields()?;
    let mut article = ArticleView {
        id: id.to_owned(),
        title: stored.title.to_owned(),
        source: stored.source.to_owned(),
        date: stored.date.to_owned(),
        url: stored.url.to_owned(),
        section: stored.section.to_owned(),
        description: stored.description.to_owned(),
        body: stored.body.to_owned(),
        title_marks: Vec::new(),
        description_marks: Vec::new(),
        marks: Vec::new(),
        title_mentions: Vec::new(),
        description_mentions: Vec::new(),
        mentions: Vec::new(),
    };
    let mut records = HashMap::new();
    for (span, ordinal) in mentions(&view.mentions, doc, view.entity_count)? {
        let (kind, id) = match records.entry(ordinal) {
            std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let record = entity(&view.entities, ordinal)?;
                slot.insert((record.kind, entity_id(&record)))
            }
        };
        let mention = MentionView {
            span: span.start as usize..span.end as usize,
            kind: *kind,
            entity: id.clone(),
        };
        match span.field {
            Field::Title => article.title_mentions.push(mention),
            Field::Description => article.description_mentions.push(mention),
            _ => article.mentions.push(mention),
        }
    }
    if let Some(query) = query {
        let analyzer = Analyzer::new();
        let plan = Plan::new(view, &query::parse(query), &analyzer)?;
        let mut highlighter = Highlighter::new(view, &plan);
        highlighter.set_doc(doc)?;
        article.title_marks = highlighter.marks(&article.title, Field::Title);
        article.description_marks = highlighter.marks(&article.description, Field::Description);
        article.marks = highlighter.marks(&article.body, Field::Body);
    }
    Ok(article)
}
