//! Facets: over every article a search matches, the entities of each type and the sources
//! that occur in the most of them.

use newsdex_indexer::format::entities::{entity, for_each_doc_entity};
use newsdex_indexer::format::sources::{name as source_name, source_of};
use newsdex_ner::EntityType;

use crate::error::Result;
use crate::index::View;
use crate::results::{FacetCount, Facets};
use crate::search::Scored;

/// Facets list at most this many entries of each type, and of sources.
pub const FACET_SIZE: usize = 10;

/// Counts the entities and sources of the matched articles.
pub(crate) fn facets(view: &View<'_>, matched: &[Scored]) -> Result<Facets> {
    let mut entity_counts = vec![0u32; view.entity_count as usize];
    let mut source_counts = vec![0u32; view.source_names.len()];
    for scored in matched {
        for_each_doc_entity(&view.doc_entities, scored.doc, view.entity_count, |e, _| entity_counts[e as usize] += 1)?;
        if let Some(source) = source_of(view.doc_sources, &view.source_names, scored.doc)? {
            source_counts[source as usize] += 1;
        }
    }

    let mut facets = Facets::default();
    let mut ranked: Vec<(u32, u32)> = entity_counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(e, &c)| (e as u32, c)).collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut full = 0;
    for (ordinal, count) in ranked {
        let record = entity(&view.entities, ordinal)?;
        let list = &mut facets.entities[record.kind.index()];
        if list.len() < FACET_SIZE {
            list.push(FacetCount { id: record.id.to_owned(), name: record.name.to_owned(), count });
            if list.len() == FACET_SIZE {
                full += 1;
                if full == EntityType::ALL.len() {
                    break;
                }
            }
        }
    }

    let mut sources: Vec<(u32, u32)> = source_counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(s, &c)| (s as u32, c)).collect();
    sources.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (number, count) in sources.into_iter().take(FACET_SIZE) {
        let name = source_name(&view.source_names, number)?;
        facets.sources.push(FacetCount { id: String::new(), name: name.to_owned(), count });
    }
    Ok(facets)
}
