//! An opened index: the checked bytes and where each section lies in them. Opening checks the
//! label, version, length, checksum and every section's shape once; afterwards each request
//! reads the sections in place through a [`View`].

pub(crate) mod pack;
pub mod sharded;
pub(crate) mod stored;
pub(crate) mod weights;

use std::ops::Range;

use fst::Map;
use newsdex_format::container::{Container, SectionKind, VERSION};
use newsdex_format::entities::type_ranges;
use newsdex_format::fst_check;
use newsdex_format::meta::Meta;
use newsdex_format::records::Records;
use newsdex_format::shards::{self, ChunkChecks, Chunks};
use newsdex_format::store::Store;
use newsdex_format::term_info::TermInfos;
use newsdex_format::FIELD_COUNT;
use serde::Serialize;

use crate::error::{ErrorKind, Result};
use crate::index::pack::{Fetched, SectionBytes};
use crate::index::stored::StoreView;
use crate::index::weights::{field_weights, FieldWeights};

/// A searchable index over bytes of type `B` (a `&'static [u8]` when embedded, a
/// `Box<[u8]>` or `Vec<u8>` when loaded).
///
/// ```
/// use newsdex::{Index, SearchOptions};
/// let index = Index::embedded()?;
/// let results = index.search("lavrov", &SearchOptions::default())?;
/// assert_eq!(results.total, 2);
/// # Ok::<(), newsdex::Error>(())
/// ```
pub struct Index<B = Box<[u8]>> {
    bytes: B,
    layout: Layout,
}

/// Where each section is, and the statistics every query needs.
#[derive(Clone, Debug)]
struct Layout {
    meta: Meta,
    terms: Range<usize>,
    words: Range<usize>,
    term_info: Range<usize>,
    postings: Part,
    positions: Part,
    skips: Part,
    norms: Range<usize>,
    doc_ids: Range<usize>,
    id_map: Range<usize>,
    /// The record table: the whole store section, or a sharded core's store table.
    store: Option<Range<usize>>,
    /// A sharded index's chunks, and the checks of what is in them.
    chunks: Option<Chunks>,
    chunk_checks: Option<Range<usize>>,
    entities: Range<usize>,
    entity_name_lists: Range<usize>,
    entity_names: Range<usize>,
    entity_postings: Range<usize>,
    mentions: Range<usize>,
    doc_entities: Range<usize>,
    source_names: Range<usize>,
    doc_sources: Range<usize>,
    entity_count: u32,
    entity_types: [Range<u32>; 4],
    field_weights: Box<FieldWeights>,
}

/// Where a section that a sharded index moves to its chunks lies.
#[derive(Clone, Debug)]
enum Part {
    /// In the index bytes.
    Whole(Range<usize>),
    /// In the pack of a sharded index.
    Packed(Range<u64>),
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Whole(range) => range.len(),
            Part::Packed(range) => (range.end - range.start) as usize,
        }
    }

    fn bytes<'a>(
        &self,
        bytes: &'a [u8],
        kind: SectionKind,
        fetched: Option<&'a Fetched>,
    ) -> Result<SectionBytes<'a>> {
        Ok(match self {
            Part::Whole(range) => SectionBytes::Whole(section(bytes, range, kind)?),
            Part::Packed(at) => SectionBytes::Packed {
                name: kind.name(),
                at: at.clone(),
                fetched,
            },
        })
    }
}

/// The sections of an index, borrowed for the length of one request.
pub(crate) struct View<'a> {
    pub meta: Meta,
    pub terms: Map<&'a [u8]>,
    pub words: Map<&'a [u8]>,
    pub term_infos: TermInfos<'a>,
    pub postings: SectionBytes<'a>,
    pub positions: SectionBytes<'a>,
    pub skips: SectionBytes<'a>,
    /// A sharded index's checks of the postings, positions and records read from its chunks.
    pub chunk_checks: Option<ChunkChecks<'a>>,
    pub norms: &'a [u8],
    pub doc_ids: Records<'a>,
    pub id_map: Map<&'a [u8]>,
    pub store: Option<StoreView<'a>>,
    pub entities: Records<'a>,
    pub entity_name_lists: &'a [u8],
    pub entity_names: Map<&'a [u8]>,
    pub entity_postings: Records<'a>,
    pub mentions: Records<'a>,
    pub doc_entities: Records<'a>,
    pub source_names: Records<'a>,
    pub doc_sources: &'a [u8],
    pub entity_count: u32,
    /// The ordinals of each entity type, by [`newsdex_ner::EntityType::index`].
    pub entity_types: [Range<u32>; 4],
    pub field_weights: &'a FieldWeights,
}

/// Figures about an index.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Articles indexed.
    pub articles: u32,
    /// Distinct terms (stems).
    pub terms: u32,
    /// Distinct words (folded surface forms).
    pub words: u32,
    /// The index's size in bytes.
    pub bytes: usize,
    /// Whether the index carries the article text.
    pub has_store: bool,
    /// Named entities (people, places, organisations, other names).
    pub entities: u32,
    /// Whether the recogniser ran when the index was built.
    pub has_entities: bool,
    /// Distinct sources.
    pub sources: u32,
    /// The index format version.
    pub format_version: u32,
}

fn map_section<'a>(
    bytes: &'a [u8],
    range: &Range<usize>,
    kind: SectionKind,
) -> Result<Map<&'a [u8]>> {
    let section = bytes
        .get(range.clone())
        .ok_or_else(|| newsdex_format::Error::corrupt(kind.name(), "outside the index"))?;
    Map::new(section).map_err(|e| newsdex_format::Error::corrupt(kind.name(), e.to_string()).into())
}

fn section<'a>(bytes: &'a [u8], range: &Range<usize>, kind: SectionKind) -> Result<&'a [u8]> {
    bytes
        .get(range.clone())
        .ok_or_else(|| newsdex_format::Error::corrupt(kind.name(), "outside the index").into())
}

fn records<'a>(bytes: &'a [u8], range: &Range<usize>, kind: SectionKind) -> Result<Records<'a>> {
    Ok(Records::open(section(bytes, range, kind)?, kind.name())?)
}

fn inconsistent(kind: SectionKind, detail: String) -> crate::Error {
    newsdex_format::Error::corrupt(kind.name(), detail).into()
}

impl<B: AsRef<[u8]>> std::fmt::Debug for Index<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("stats", &self.stats())
            .finish()
    }
}

impl<B: AsRef<[u8]>> Index<B> {
    /// Opens index bytes, refusing foreign, damaged or wrong-version bytes.
    ///
    /// # Errors
    /// [`ErrorKind::Format`] with the format's reason: not an index, another format version,
    /// truncated, checksum mismatch, a missing or inconsistent section.
    pub fn from_bytes(bytes: B) -> Result<Index<B>> {
        let layout = Layout::read(bytes.as_ref())?;
        Ok(Index { bytes, layout })
    }

    /// Figures about the index.
    pub fn stats(&self) -> Stats {
        let meta = &self.layout.meta;
        Stats {
            articles: meta.doc_count,
            terms: meta.term_count,
            words: meta.word_count,
            bytes: self.bytes.as_ref().len(),
            has_store: meta.has_store(),
            entities: self.layout.entity_count,
            has_entities: meta.has_entities(),
            sources: self.view().map_or(0, |view| view.source_names.len() as u32),
            format_version: VERSION,
        }
    }

    /// Each section's name and size in bytes, in file order.
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        let layout = &self.layout;
        let mut sizes = vec![
            (SectionKind::Terms.name(), layout.terms.len()),
            (SectionKind::Words.name(), layout.words.len()),
            (SectionKind::TermInfo.name(), layout.term_info.len()),
            (SectionKind::Norms.name(), layout.norms.len()),
            (SectionKind::DocIds.name(), layout.doc_ids.len()),
            (SectionKind::IdMap.name(), layout.id_map.len()),
            (SectionKind::Postings.name(), layout.postings.len()),
            (SectionKind::Positions.name(), layout.positions.len()),
            (SectionKind::Skips.name(), layout.skips.len()),
            (SectionKind::Entities.name(), layout.entities.len()),
            (
                SectionKind::EntityNameLists.name(),
                layout.entity_name_lists.len(),
            ),
            (SectionKind::EntityNames.name(), layout.entity_names.len()),
            (
                SectionKind::EntityPostings.name(),
                layout.entity_postings.len(),
            ),
            (SectionKind::Mentions.name(), layout.mentions.len()),
            (SectionKind::DocEntities.name(), layout.doc_entities.len()),
            (SectionKind::SourceNames.name(), layout.source_names.len()),
            (SectionKind::DocSources.name(), layout.doc_sources.len()),
        ];
        if let Some(store) = &layout.store {
            sizes.push((SectionKind::Store.name(), store.len()));
        }
        sizes
    }

    /// The index's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// The chunks of a sharded index, `None` for a single-file one.
    pub fn chunks(&self) -> Option<&Chunks> {
        self.layout.chunks.as_ref()
    }

    pub(crate) fn view(&self) -> Result<View<'_>> {
        self.view_with(None)
    }

    /// A view that reads a sharded index's chunks from `fetched`.
    pub(crate) fn view_with<'a>(&'a self, fetched: Option<&'a Fetched>) -> Result<View<'a>> {
        let bytes = self.bytes.as_ref();
        let layout = &self.layout;
        Ok(View {
            meta: layout.meta,
            terms: map_section(bytes, &layout.terms, SectionKind::Terms)?,
            words: map_section(bytes, &layout.words, SectionKind::Words)?,
            term_infos: TermInfos::parse(section(
                bytes,
                &layout.term_info,
                SectionKind::TermInfo,
            )?)?,
            postings: layout
                .postings
                .bytes(bytes, SectionKind::Postings, fetched)?,
            positions: layout
                .positions
                .bytes(bytes, SectionKind::Positions, fetched)?,
            skips: layout.skips.bytes(bytes, SectionKind::Skips, fetched)?,
            chunk_checks: layout.chunk_checks(bytes)?,
            norms: section(bytes, &layout.norms, SectionKind::Norms)?,
            doc_ids: Records::open(
                section(bytes, &layout.doc_ids, SectionKind::DocIds)?,
                SectionKind::DocIds.name(),
            )?,
            id_map: map_section(bytes, &layout.id_map, SectionKind::IdMap)?,
            store: match (&layout.store, &layout.chunks) {
                (Some(range), None) => Some(StoreView::whole(
                    Store::open(section(bytes, range, SectionKind::Store)?)?,
                    layout.meta.store_deflated(),
                )),
                (Some(range), Some(chunks)) => Some(StoreView::packed(
                    layout.chunk_checks(bytes)?,
                    Records::open(
                        section(bytes, range, SectionKind::StoreTable)?,
                        SectionKind::StoreTable.name(),
                    )?,
                    SectionBytes::Packed {
                        name: SectionKind::Store.name(),
                        at: chunks.store.clone().unwrap_or_default(),
                        fetched,
                    },
                    layout.meta.store_deflated(),
                )),
                (None, _) => None,
            },
            entities: records(bytes, &layout.entities, SectionKind::Entities)?,
            entity_name_lists: section(
                bytes,
                &layout.entity_name_lists,
                SectionKind::EntityNameLists,
            )?,
            entity_names: map_section(bytes, &layout.entity_names, SectionKind::EntityNames)?,
            entity_postings: records(bytes, &layout.entity_postings, SectionKind::EntityPostings)?,
            mentions: records(bytes, &layout.mentions, SectionKind::Mentions)?,
            doc_entities: records(bytes, &layout.doc_entities, SectionKind::DocEntities)?,
            source_names: records(bytes, &layout.source_names, SectionKind::SourceNames)?,
            doc_sources: section(bytes, &layout.doc_sources, SectionKind::DocSources)?,
            entity_count: layout.entity_count,
            entity_types: layout.entity_types.clone(),
            field_weights: &layout.field_weights,
        })
    }
}

impl Index<&'static [u8]> {
    /// The index of the seed articles, built into this library by `build.rs`.
    ///
    /// # Errors
    /// Only if the build embedded damaged bytes; the same checks as [`Index::from_bytes`].
    pub fn embedded() -> Result<Index<&'static [u8]>> {
        Index::from_bytes(crate::embedded::SEEDS_INDEX)
    }
}

impl Layout {
    fn read(bytes: &[u8]) -> Result<Layout> {
        let container = Container::parse(bytes)?;
        let range = |kind| container.require_range(kind);
        let meta = Meta::decode(container.require(SectionKind::Meta)?)?;
        let entities = range(SectionKind::Entities)?;
        let entity_table = Records::parse(
            section(bytes, &entities, SectionKind::Entities)?,
            SectionKind::Entities.name(),
        )?;
        let entity_count = entity_table.len() as u32;
        let entity_types = type_ranges(&entity_table)?;
        let chunks = container
            .get(SectionKind::Chunks)
            .map(Chunks::decode)
            .transpose()?;
        let (postings, positions, skips, store) = match &chunks {
            None => (
                Part::Whole(range(SectionKind::Postings)?),
                Part::Whole(range(SectionKind::Positions)?),
                Part::Whole(range(SectionKind::Skips)?),
                container.range(SectionKind::Store),
            ),
            Some(chunks) => (
                Part::Packed(chunks.postings.clone()),
                Part::Packed(chunks.positions.clone()),
                Part::Packed(chunks.skips.clone()),
                container.range(SectionKind::StoreTable),
            ),
        };
        if let Some(chunks) = &chunks {
            if chunks.store.is_some() != store.is_some() {
                return Err(inconsistent(
                    SectionKind::Chunks,
                    "the store does not match the store table".into(),
                ));
            }
        }
        let layout = Layout {
            meta,
            terms: range(SectionKind::Terms)?,
            words: range(SectionKind::Words)?,
            term_info: range(SectionKind::TermInfo)?,
            postings,
            positions,
            skips,
            norms: range(SectionKind::Norms)?,
            doc_ids: range(SectionKind::DocIds)?,
            id_map: range(SectionKind::IdMap)?,
            store,
            chunk_checks: chunks
                .as_ref()
                .map(|_| container.require_range(SectionKind::ChunkChecks))
                .transpose()?,
            chunks,
            entities,
            entity_name_lists: range(SectionKind::EntityNameLists)?,
            entity_names: range(SectionKind::EntityNames)?,
            entity_postings: range(SectionKind::EntityPostings)?,
            mentions: range(SectionKind::Mentions)?,
            doc_entities: range(SectionKind::DocEntities)?,
            source_names: range(SectionKind::SourceNames)?,
            doc_sources: range(SectionKind::DocSources)?,
            entity_count,
            entity_types,
            field_weights: field_weights(&meta.field_lengths.map(|total| {
                if meta.doc_count == 0 {
                    0.0
                } else {
                    (total as f64 / f64::from(meta.doc_count)) as f32
                }
            })),
        };
        if meta.has_store() != layout.store.is_some() {
            return Err(inconsistent(
                SectionKind::Meta,
                "the store flag does not match the sections".into(),
            ));
        }
        layout.check_sections(bytes)?;
        Ok(layout)
    }

    /// A sharded index's chunk checks, sized for its terms and stored records.
    fn chunk_checks<'a>(&self, bytes: &'a [u8]) -> Result<Option<ChunkChecks<'a>>> {
        let Some(range) = &self.chunk_checks else {
            return Ok(None);
        };
        let records = if self.store.is_some() {
            self.meta.doc_count as usize
        } else {
            0
        };
        Ok(Some(ChunkChecks::parse(
            section(bytes, range, SectionKind::ChunkChecks)?,
            self.meta.term_count as usize,
            records,
        )?))
    }

    /// Checks that every section agrees with the counts in the meta section, so that a
    /// request never meets a doc number or ordinal another section does not have, and
    /// decodes every fst node once, so that the `fst` crate never meets one it cannot read.
    fn check_sections(&self, bytes: &[u8]) -> Result<()> {
        let docs = self.meta.doc_count as usize;
        for (kind, range, keys) in [
            (SectionKind::Terms, &self.terms, Some(self.meta.term_count)),
            (SectionKind::Words, &self.words, Some(self.meta.word_count)),
            (SectionKind::IdMap, &self.id_map, Some(self.meta.doc_count)),
            (SectionKind::EntityNames, &self.entity_names, None),
        ] {
            fst_check::check(section(bytes, range, kind)?, kind.name(), keys)?;
        }
        let term_infos = TermInfos::parse(section(bytes, &self.term_info, SectionKind::TermInfo)?)?;
        if term_infos.len() != self.meta.term_count as usize {
            return Err(inconsistent(
                SectionKind::TermInfo,
                format!(
                    "{} term infos, {} terms in meta",
                    term_infos.len(),
                    self.meta.term_count
                ),
            ));
        }
        if self.norms.len() != docs * FIELD_COUNT {
            return Err(inconsistent(
                SectionKind::Norms,
                format!("{} bytes for {docs} articles", self.norms.len()),
            ));
        }
        let doc_ids = Records::parse(
            section(bytes, &self.doc_ids, SectionKind::DocIds)?,
            SectionKind::DocIds.name(),
        )?;
        if doc_ids.len() != docs {
            return Err(inconsistent(
                SectionKind::DocIds,
                format!("{} ids for {docs} articles", doc_ids.len()),
            ));
        }
        let entities = self.entity_count as usize;
        for (kind, range) in [
            (SectionKind::EntityPostings, &self.entity_postings),
            (SectionKind::Mentions, &self.mentions),
            (SectionKind::DocEntities, &self.doc_entities),
        ] {
            let table = Records::parse(section(bytes, range, kind)?, kind.name())?;
            let expected = if kind == SectionKind::EntityPostings {
                entities
            } else {
                docs
            };
            if table.len() != expected {
                return Err(inconsistent(
                    kind,
                    format!("{} records, {expected} expected", table.len()),
                ));
            }
        }
        Records::parse(
            section(bytes, &self.source_names, SectionKind::SourceNames)?,
            SectionKind::SourceNames.name(),
        )?;
        self.chunk_checks(bytes)?;
        if self.doc_sources.len() != 4 * docs {
            return Err(inconsistent(
                SectionKind::DocSources,
                format!("{} bytes for {docs} articles", self.doc_sources.len()),
            ));
        }
        if let Some(range) = &self.store {
            let records = match &self.chunks {
                None => Store::parse(section(bytes, range, SectionKind::Store)?)?.len(),
                Some(chunks) => {
                    let records_len = chunks.store.as_ref().map_or(0, |r| r.end - r.start);
                    shards::store_table(
                        section(bytes, range, SectionKind::StoreTable)?,
                        records_len,
                    )?
                    .len()
                }
            };
            if records != docs {
                return Err(inconsistent(
                    SectionKind::Store,
                    format!("{records} records for {docs} articles"),
                ));
            }
        }
        Ok(())
    }
}

impl View<'_> {
    /// The id of article `doc`.
    pub fn id(&self, doc: u32) -> Result<&str> {
        self.doc_ids
            .get(doc as usize)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .ok_or_else(|| {
                inconsistent(
                    SectionKind::DocIds,
                    format!("the id of article {doc} cannot be read"),
                )
            })
    }

    /// The doc number of the article with `id`.
    pub fn doc(&self, id: &str) -> Result<u32> {
        self.id_map
            .get(id)
            .and_then(|doc| u32::try_from(doc).ok())
            .filter(|&doc| doc < self.meta.doc_count)
            .ok_or_else(|| ErrorKind::UnknownArticle { id: id.to_owned() }.into())
    }

    /// The document store, if the index has one.
    pub fn store(&self) -> Result<&StoreView<'_>> {
        self.store.as_ref().ok_or_else(|| ErrorKind::NoStore.into())
    }
}
