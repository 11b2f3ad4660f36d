//! Facets: over every article a search matches, the entities of each type and the sources
//! that occur in the most of them.

use newsdex_format::entities::for_each_doc_entity;
use newsdex_format::sources::{name as source_name, source_of};
use newsdex_index::entities::entity_id;
use newsdex_ner::EntityType;

use crate::error::Result;
use crate::index::pieces::{entity, fetch_all};
use crate::index::View;
use crate::views::results::{FacetCount, Facets};

/// Facets list at most this many entries of each type, and of sources.
pub const FACET_SIZE: usize = 10;

/// Counts the entities and sources of the matched articles.
pub(crate) fn facets(view: &View<'_>, matched: &[u32]) -> Result<Facets> {
    let mut entity_counts = vec![0u32; view.entity_count as usize];
    let mut source_counts = vec![0u32; view.source_names.len()];
    fetch_all(view.doc_entities.missing(matched.iter().copied()))?;
    for &doc in matched {
        let record = view.doc_entities.get(doc)?;
        for_each_doc_entity(record, doc, view.entity_count, |e, _| {
            entity_counts[e as usize] += 1
        })?;
        if let Some(source) = source_of(view.doc_sources, &view.source_names, doc)? {
            source_counts[source as usize] += 1;
        }
    }

    let mut facets = Facets::default();
    let tops: Vec<Vec<(u32, u32)>> = EntityType::ALL
        .iter()
        .map(|kind| {
            let range = view.entity_types[kind.index()].clone();
            let counts = entity_counts
                .get(range.start as usize..range.end as usize)
                .unwrap_or_default();
            top(counts, range.start)
        })
        .collect();
    fetch_all(
        view.entities
            .missing(tops.iter().flatten().map(|&(o, _)| o)),
    )?;
    for (kind, top) in EntityType::ALL.into_iter().zip(tops) {
        for (ordinal, count) in top {
            let record = entity(&view.entities, ordinal)?;
            facets.entities[kind.index()].push(FacetCount {
                id: entity_id(&record),
                name: record.name.to_owned(),
                count,
            });
        }
    }

    for (number, count) in top(&source_counts, 0) {
        let name = source_name(&view.source_names, number)?;
        facets.sources.push(FacetCount {
            id: String::new(),
            name: name.to_owned(),
            count,
        });
    }
    Ok(facets)
}

/// The [`FACET_SIZE`] largest non-zero counts as `(first + index, count)`, largest first, the
/// lower index first on a tie: one pass keeping a short sorted list, not a sort of them all.
fn top(counts: &[u32], first: u32) -> Vec<(u32, u32)> {
    let mut best: Vec<(u32, u32)> = Vec::with_capacity(FACET_SIZE + 1);
    for (i, &count) in counts.iter().enumerate() {
        if count == 0 || (best.len() == FACET_SIZE && count <= best[FACET_SIZE - 1].1) {
            continue;
        }
        let at = best.partition_point(|&(_, c)| c >= count);
        best.insert(at, (first + i as u32, count));
        best.truncate(FACET_SIZE);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_keeps_the_largest_counts_in_order() {
        let counts = [0, 5, 1, 5, 9, 0, 2, 3, 4, 6, 7, 8, 1, 1];
        let got = top(&counts, 100);
        assert_eq!(got.len(), FACET_SIZE);
        assert_eq!(&got[..4], [(104, 9), (111, 8), (110, 7), (109, 6)]);
        assert_eq!(&got[4..6], [(101, 5), (103, 5)]);
        assert!(top(&[0, 0], 0).is_empty());
    }
}
