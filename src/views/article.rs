//! The article view: an article's stored fields with a query's matches marked and its entity
//! mentions listed.

use newsdex_format::at::At;
use newsdex_format::entities::{mentions, Span};
use newsdex_format::Field;
use newsdex_index::entities::entity_id;
use newsdex_index::{Analyzer, Language};
use newsdex_ner::EntityType;

use crate::error::Result;
use crate::index::pieces::{entity, fetch_all, Gather};
use crate::index::View;
use crate::query;
use crate::query::plan::Plan;
use crate::update::stored_article;
use crate::views::highlight::Highlighter;
use crate::views::results::{ArticleView, MentionView};
use crate::Article;

/// The article with `id`, with the matches of `query` (if any) marked.
pub(crate) fn article(view: &View<'_>, id: &str, query: Option<&str>) -> Result<ArticleView> {
    // A sharded index fetches the id's piece (with the pieces the query's plan reads), where
    // the text is and the mentions, then the text and the entities named: three rounds.
    let analyzer = Analyzer::new();
    let store = view.store()?;
    let mut gather = Gather::default();
    let plan = match query {
        Some(query) => gather.add(Plan::new(
            view,
            &query::parse_for_marks(view, query),
            &analyzer,
        ))?,
        None => None,
    };
    let mut mentioned = None;
    let doc = gather.add(view.doc(id))?;
    if let Some(doc) = doc {
        gather.add(store.missing([doc]).and_then(fetch_all))?;
        mentioned = gather.add(mentions_of(view, doc))?;
        if let Some(mentioned) = &mentioned {
            gather.add(fetch_all(
                view.entities.missing(mentioned.iter().map(|&(_, e)| e)),
            ))?;
        }
    }
    gather.finish()?;
    let (Some(doc), Some(mentioned)) = (doc, mentioned) else {
        unreachable!("a read that lacked pieces made the gather ask for them");
    };
    let record = store.get(doc)?;
    let stored = stored_article(id, &record.fields()?);
    let mut article = ArticleView {
        article: Article {
            lang: Language::shown_tag(&stored.lang).to_owned(),
            ..stored
        },
        title_marks: Vec::new(),
        description_marks: Vec::new(),
        marks: Vec::new(),
        title_mentions: Vec::new(),
        description_mentions: Vec::new(),
        mentions: Vec::new(),
    };
    // An article names few entities: a list, looked through, is enough (and the search
    // module then carries no hash map code).
    let mut records: Vec<(u32, EntityType, String)> = Vec::new();
    for (span, ordinal) in mentioned {
        let at = match records.iter().position(|r| r.0 == ordinal) {
            Some(at) => at,
            None => {
                let record = entity(&view.entities, ordinal)?;
                records.push((ordinal, record.kind, entity_id(&record)));
                records.len() - 1
            }
        };
        let (_, kind, id) = records.at(at);
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
    if let Some(plan) = plan {
        let mut highlighter = Highlighter::new(view, &plan);
        highlighter.set_doc(doc)?;
        highlighter.set_language(&article.article.lang);
        let text = &article.article;
        article.title_marks = highlighter.marks(&text.title, Field::Title);
        article.description_marks = highlighter.marks(&text.description, Field::Description);
        article.marks = highlighter.marks(&text.body, Field::Body);
    }
    Ok(article)
}

/// Article `doc`'s mentions of entities.
fn mentions_of(view: &View<'_>, doc: u32) -> Result<Vec<(Span, u32)>> {
    Ok(mentions(view.mentions.get(doc)?, doc, view.entity_count)?)
}
