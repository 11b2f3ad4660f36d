//! Facets: over every article a search matches, the entities of each type, the sources and the
//! values of each site facet field that occur in the most of them, and a histogram of their
//! dates.

use newsdex_format::at::{self, At};
use std::ops::Range;

use newsdex_format::dates::{civil, NO_DAY};
use newsdex_format::entities::for_each_doc_entity;
use newsdex_format::facets::{for_each_in_list, read_value};
use newsdex_format::sources::name as source_name;
use newsdex_index::entities::entity_id;
use newsdex_ner::EntityType;

use crate::error::Result;
use crate::index::pieces::{entity, fetch_all};
use crate::index::View;
use crate::views::results::{FacetCount, Facets, FieldFacet, PeriodCount, ValueCount};

/// Facets list at most this many entries of each type, and of sources.
pub const FACET_SIZE: usize = 10;

/// The pieces of a sharded index that the facets of `matched` read first: each article's
/// entities, day, source and site facet values.
pub(crate) fn pieces_missing(view: &View<'_>, matched: &[u32]) -> Vec<Range<u64>> {
    let mut missing = view.doc_entities.missing(matched.iter().copied());
    missing.extend(view.dates_missing(matched));
    missing.extend(view.sources_missing(matched));
    missing.extend(view.doc_facets.missing(matched.iter().copied()));
    missing
}

/// Counts the entities and sources of the matched articles.
pub(crate) fn facets(view: &View<'_>, matched: &[u32]) -> Result<Facets> {
    let mut entity_counts = vec![0u32; view.entity_count as usize];
    let mut source_counts = vec![0u32; view.source_names.len()];
    let values = view.facet_fields.last().map_or(0, |f| f.values.end);
    let mut value_counts = vec![0u32; values as usize];
    fetch_all(pieces_missing(view, matched))?;
    let dates = histogram(&view.days(matched)?);
    // A segment counts every value, since the top ones are chosen over every segment's.
    let size = match view.corpus() {
        Some(_) => usize::MAX,
        None => FACET_SIZE,
    };
    for &doc in matched {
        if values > 0 {
            for_each_in_list(view.doc_facets.get(doc)?, values, "doc facets", |value| {
                *value_counts.at_mut(value as usize) += 1
            })?;
        }
        let record = view.doc_entities.get(doc)?;
        for_each_doc_entity(record, doc, view.entity_count, |e, _| {
            *entity_counts.at_mut(e as usize) += 1
        })?;
        if let Some(source) = view.source_of(doc)? {
            *source_counts.at_mut(source as usize) += 1;
        }
    }

    let mut facets = Facets {
        dates,
        ..Facets::default()
    };
    let value_tops: Vec<Vec<(u32, u32)>> = view
        .facet_fields
        .iter()
        .map(|field| {
            let range = field.values.start as usize..field.values.end as usize;
            top(value_counts.at(range), field.values.start, size)
        })
        .collect();
    let tops: Vec<Vec<(u32, u32)>> = EntityType::ALL
        .iter()
        .map(|kind| {
            let range = view.entity_types[kind.index()].clone();
            let counts = entity_counts
                .get(range.start as usize..range.end as usize)
                .unwrap_or_default();
            top(counts, range.start, size)
        })
        .collect();
    let mut missing = view
        .entities
        .missing(tops.iter().flatten().map(|&(o, _)| o));
    missing.extend(
        view.facet_values
            .missing(value_tops.iter().flatten().map(|&(o, _)| o)),
    );
    fetch_all(missing)?;
    for (field, top) in view.facet_fields.iter().zip(value_tops) {
        let values = top
            .into_iter()
            .map(|(ordinal, count)| {
                let (_, value) = read_value(view.facet_values.get(ordinal)?, ordinal)?;
                Ok(ValueCount {
                    value: value.to_owned(),
                    count,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        facets.fields.push(FieldFacet {
            name: field.name.clone(),
            values,
        });
    }
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

    for (number, count) in top(&source_counts, 0, size) {
        let name = source_name(&view.source_names, number)?;
        facets.sources.push(FacetCount {
            id: String::new(),
            name: name.to_owned(),
            count,
        });
    }
    Ok(facets)
}

/// A histogram of these days at the finest grain (day, month, year) that gives at most
/// [`MAX_PERIODS`] periods from the first to the last (every one, empty or not, so that they
/// chart as they are), then the count of articles without a date. Over more than
/// [`MAX_PERIODS`] years, only the years with articles are listed.
pub(crate) fn histogram(days: &[u32]) -> Vec<PeriodCount> {
    let undated = days.iter().filter(|&&d| d == NO_DAY).count() as u32;
    let dated = days.iter().copied().filter(|&d| d != NO_DAY);
    let mut out = Vec::new();
    if let (Some(first), Some(last)) = (dated.clone().min(), dated.clone().max()) {
        let (y0, m0, _) = civil(first);
        let (y1, m1, _) = civil(last);
        let months = |y: u32, m: u32| y * 12 + m - 1;
        let (grain, start, end): (Grain, u32, u32) = if last - first < MAX_PERIODS {
            (Grain::Day, first, last)
        } else if months(y1, m1) - months(y0, m0) < MAX_PERIODS {
            (Grain::Month, months(y0, m0), months(y1, m1))
        } else {
            (Grain::Year, y0, y1)
        };
        let place = |day: u32| {
            let (y, m, _) = civil(day);
            match grain {
                Grain::Day => day,
                Grain::Month => months(y, m),
                Grain::Year => y,
            }
        };
        let mut counts = vec![0u32; (end - start + 1) as usize];
        // Matches come in doc order, which in an archive is mostly date order: a day's place
        // is worked out once for its run.
        let mut last = (NO_DAY, 0);
        for day in dated {
            if day != last.0 {
                last = (day, place(day) - start);
            }
            *counts.at_mut(last.1 as usize) += 1;
        }
        let sparse = grain == Grain::Year && end - start >= MAX_PERIODS;
        for (i, &count) in counts.iter().enumerate() {
            if sparse && count == 0 {
                continue;
            }
            let at = start + i as u32;
            let period = match grain {
                Grain::Day => {
                    let (y, m, d) = civil(at);
                    format!("{y:04}-{m:02}-{d:02}")
                }
                Grain::Month => format!("{:04}-{:02}", at / 12, at % 12 + 1),
                Grain::Year => format!("{at:04}"),
            };
            out.push(PeriodCount {
                period: Some(period),
                count,
            });
        }
    }
    if undated > 0 {
        out.push(PeriodCount {
            period: None,
            count: undated,
        });
    }
    out
}

/// The most periods a date histogram has, but over that many years.
pub const MAX_PERIODS: u32 = 24;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Grain {
    Day,
    Month,
    Year,
}

/// The [`FACET_SIZE`] largest non-zero counts as `(first + index, count)`, largest first, the
/// lower index first on a tie: one pass keeping a short sorted list, not a sort of them all.
fn top(counts: &[u32], first: u32, size: usize) -> Vec<(u32, u32)> {
    let mut best: Vec<(u32, u32)> = Vec::new();
    for (i, &count) in counts.iter().enumerate() {
        if count == 0 || best.len() == size && best.last().is_some_and(|&(_, c)| count <= c) {
            continue;
        }
        let at = best.partition_point(|&(_, c)| c >= count);
        at::insert(&mut best, at, (first + i as u32, count));
        best.truncate(size);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn periods(days: &[u32]) -> Vec<(Option<String>, u32)> {
        histogram(days)
            .into_iter()
            .map(|p| (p.period, p.count))
            .collect()
    }

    #[test]
    fn a_histogram_has_at_most_about_24_periods_and_counts_the_undated() {
        use newsdex_format::dates::day;
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            periods(&[day(1987, 3, 2), NO_DAY, day(1987, 3, 4), day(1987, 3, 2)]),
            [
                (some("1987-03-02"), 2),
                (some("1987-03-03"), 0),
                (some("1987-03-04"), 1),
                (None, 1)
            ]
        );
        let months = periods(&[day(1987, 2, 26), day(1987, 10, 19)]);
        assert_eq!(months.len(), 9);
        assert_eq!(months[0], (some("1987-02"), 1));
        assert_eq!(months[8], (some("1987-10"), 1));
        assert_eq!(
            periods(&[day(1987, 1, 1), day(1989, 1, 1)]).len(),
            3,
            "25 months are years"
        );
        assert_eq!(
            periods(&[day(1900, 1, 1), day(2016, 1, 1)]),
            [(some("1900"), 1), (some("2016"), 1)],
            "over 24 years, only those with articles"
        );
        assert!(periods(&[]).is_empty());
        assert_eq!(periods(&[NO_DAY]), [(None, 1)]);
    }

    #[test]
    fn top_keeps_the_largest_counts_in_order() {
        let counts = [0, 5, 1, 5, 9, 0, 2, 3, 4, 6, 7, 8, 1, 1];
        let got = top(&counts, 100, FACET_SIZE);
        assert_eq!(got.len(), FACET_SIZE);
        assert_eq!(&got[..4], [(104, 9), (111, 8), (110, 7), (109, 6)]);
        assert_eq!(&got[4..6], [(101, 5), (103, 5)]);
        assert!(top(&[0, 0], 0, FACET_SIZE).is_empty());
    }
}
