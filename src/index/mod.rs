//! An opened index: the checked bytes and where each section lies in them. Opening checks the
//! label, version, length, checksum and every section's shape once; afterwards each request
//! reads the sections in place through a [`View`].

pub(crate) mod pack;
pub(crate) mod pieces;
pub mod sharded;
pub(crate) mod stored;

use std::ops::Range;

use fst::Map;
use newsdex_format::container::{Container, SectionKind, VERSION};
use newsdex_format::entities::type_ranges;
use newsdex_format::entities::{doc_entities, EntityRecord};
use newsdex_format::facets::{read_fields, FacetField};
use newsdex_format::fst_check;
use newsdex_format::meta::Meta;
use newsdex_format::pieces::{shape, Directory, CARD_ENTITIES};
use newsdex_format::records::Records;
use newsdex_format::shards::Chunks;
use newsdex_format::store::Store;
use newsdex_format::stories;
use newsdex_format::term_info::TermInfos;
use newsdex_format::FIELD_COUNT;
use newsdex_format::{article_values, dates, sources};
use newsdex_index::entities::entity_id;
use newsdex_index::language::{word_key, LANGUAGE_SEPARATOR};
use newsdex_index::{sort, Analyzer, Language};
use serde::Serialize;

use crate::error::{ErrorKind, Result};
use crate::index::pack::{Fetched, SectionBytes};
use crate::index::pieces::{
    entity, fetch_all, Cards, Dict, Inflated, Names, Pieces, StoreTable, Table, Terms,
};
use crate::index::stored::StoreView;
use crate::views::results::EntityRef;
use newsdex_index::bm25::{average_lengths, field_weights, FieldWeights};

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
    tables: Tables,
    norms: Range<usize>,
    source_names: Range<usize>,
    entity_count: u32,
    entity_types: [Range<u32>; 4],
    facet_fields: Vec<FacetField>,
    facet_fields_bytes: Range<usize>,
    field_weights: Box<FieldWeights>,
}

/// What the variants of a single-file index carry: a mark of no size, and in the engine of the
/// first wasm module (feature `lite`), which opens sharded cores only (a page's wrapper opens a
/// single file in the search module), a type with no values, so that those variants cannot be
/// made and the code that reads them is left out.
#[cfg(not(feature = "lite"))]
#[derive(Clone, Copy, Debug)]
pub(crate) struct SingleFile;
#[cfg(feature = "lite")]
#[derive(Clone, Copy, Debug)]
pub(crate) enum SingleFile {}

/// The value of [`SingleFile`] for an index in one file, or in the first module's engine the
/// error that leaves such an index to the search module.
fn single_file() -> Result<SingleFile> {
    #[cfg(not(feature = "lite"))]
    return Ok(SingleFile);
    #[cfg(feature = "lite")]
    Err(ErrorKind::LeftToSearchModule.into())
}

/// Where the tables that grow with the archive are.
#[derive(Clone, Debug)]
enum Tables {
    /// In the index bytes.
    Whole(Box<WholeTables>, SingleFile),
    /// In a sharded index's pack: its postings, positions, skips and stored records as they
    /// are, the rest cut into pieces.
    Sharded(Box<(Chunks, Directory)>),
}

/// The sections of a single-file index that a sharded one keeps in its chunks, and where each
/// lies, in the format's order ([`SectionKind::ALL`]); the store only if the index has one.
#[derive(Clone, Debug)]
struct WholeTables {
    ranges: Vec<(SectionKind, Range<usize>)>,
}

/// Where a view reads article ids.
enum Ids<'a> {
    Whole(Table<'a>, SingleFile),
    Cards(Cards<'a>),
}

/// The sections of an index, borrowed for the length of one request.
pub(crate) struct View<'a> {
    pub meta: Meta,
    pub terms: Terms<'a>,
    pub words: Dict<'a>,
    /// A sharded index's words keyed for misspellings (see `newsdex_format::pieces::typo_key`).
    pub typo_words: Option<Dict<'a>>,
    pub postings: SectionBytes<'a>,
    pub positions: SectionBytes<'a>,
    pub skips: SectionBytes<'a>,
    pub norms: &'a [u8],
    /// Article ids: a table in a single-file index, the cards in a sharded one.
    doc_ids: Ids<'a>,
    pub id_map: Dict<'a>,
    pub store: Option<StoreView<'a>>,
    pub entities: Table<'a>,
    pub entity_names: Names<'a>,
    pub entity_postings: Table<'a>,
    pub mentions: Table<'a>,
    pub doc_entities: Table<'a>,
    pub source_names: Records<'a>,
    /// Each article's source number, by records of
    /// [`newsdex_format::article_values::PER_RECORD`] articles.
    pub doc_sources: Table<'a>,
    /// Each article's day, by records of [`newsdex_format::dates::PER_RECORD`] articles.
    pub dates: Table<'a>,
    /// The site facet fields and their values.
    pub facet_fields: &'a [FacetField],
    // Read only by a clause by facet value, which the first wasm module (feature `lite`)
    // leaves to the search module.
    #[cfg_attr(feature = "lite", allow(dead_code))]
    pub facet_names: Dict<'a>,
    pub facet_values: Table<'a>,
    #[cfg_attr(feature = "lite", allow(dead_code))]
    pub facet_postings: Table<'a>,
    pub doc_facets: Table<'a>,
    /// Each article's group of copies, by records of
    /// [`newsdex_format::stories::PER_RECORD`] articles.
    pub doc_groups: Table<'a>,
    /// Each article's copies and related stories.
    pub related: Table<'a>,
    /// Each entity's related entities.
    pub entity_related: Table<'a>,
    pub entity_count: u32,
    /// The ordinals of each entity type, by [`newsdex_ner::EntityType::index`].
    pub entity_types: [Range<u32>; 4],
    pub field_weights: &'a FieldWeights,
    /// The whole corpus, when this index is one segment of several (see `crate::segments`).
    #[cfg(feature = "segments")]
    pub corpus: Option<Corpus<'a>>,
}

/// What a segment of a segmented index reads of the whole corpus, so that it scores and
/// plans as one index of every segment's live articles would: their count, each term's
/// document frequency among them, and which of its own articles are no longer live.
#[derive(Clone, Copy)]
pub(crate) struct Corpus<'a> {
    /// The live articles of every segment.
    pub docs: u32,
    /// The newest live article's day.
    pub newest_day: u32,
    /// The statistics of the request's terms, once counted over every segment (a survey
    /// runs without them, on this segment's own).
    pub stats: Option<TermStats<'a>>,
    /// This segment's articles removed or replaced by a later segment, sorted.
    pub removed: &'a [u32],
    /// The completions and misspellings chosen over every segment, once surveyed.
    pub choices: Option<&'a crate::segments::Choices>,
    /// Where the completions and misspellings of each segment are collected before that.
    pub survey: Option<&'a std::cell::RefCell<crate::segments::Survey>>,
    /// While surveyed: the choices of an earlier survey of the same words, which tell the
    /// words spelt right over every segment, whose misspellings are not read.
    pub earlier: Option<&'a crate::segments::Choices>,
    /// Whether the search matches misspellings (decided over every segment's matches).
    pub misspellings: bool,
    /// The articles a search re-scores for headline runs rank below this key, and the
    /// places of the terms whose positions it reads (see `crate::read::proximity::rescored`),
    /// once decided over every segment.
    pub rescored_below: Option<u128>,
    pub rescored_terms: Option<&'a [u64]>,
    /// In a page ranked by relevance alone: the rank key of the page's last article over
    /// every segment as their matches stand before headline runs raise them (or over some
    /// of them, which ranks no higher). Raising only lifts scores, so an article that ranks
    /// below it once raised cannot make the page, and its pieces are not read.
    #[cfg_attr(not(feature = "segments"), allow(dead_code))]
    pub page_floor: Option<u128>,
    /// This segment's articles in a group of copies across segments (or of several of its
    /// own groups joined through another segment), with the group's number, by article.
    #[cfg_attr(not(feature = "segments"), allow(dead_code))]
    pub grouped: &'a [(u32, u32)],
    /// This segment's matches whose story a copy in another segment stands for in a search
    /// that collapses copies, sorted.
    #[cfg_attr(not(feature = "segments"), allow(dead_code))]
    pub dropped: &'a [u32],
}

impl Corpus<'_> {
    /// Whether a segment reads the misspellings of `word`: not those of a word spelt right
    /// over every segment while another word has some (as [`crate::query::plan::Plan::new`]
    /// reads a single index's), once the choices, or an earlier survey's, tell which.
    pub(crate) fn reads_misspellings(&self, word: &str) -> bool {
        self.choices
            .or(self.earlier)
            .is_none_or(|choices| choices.reads_misspellings(word))
    }
}

/// The terms a request reads in a segment, counted over every segment.
#[derive(Clone, Copy)]
pub(crate) struct TermStats<'a> {
    /// This segment's ordinals of the terms, sorted, each with the term's place among them
    /// all in key order (as one index's ordinals are ordered).
    pub places: &'a [(u64, u32)],
    /// By place: the term's document frequency among the live articles.
    pub doc_freqs: &'a [u32],
}

impl TermStats<'_> {
    fn place(&self, ordinal: u64) -> Option<u32> {
        let at = self.places.binary_search_by_key(&ordinal, |p| p.0).ok()?;
        Some(self.places[at].1)
    }

    /// The document frequency of this segment's term `ordinal` (0 for a term not counted).
    pub fn doc_freq(&self, ordinal: u64) -> u32 {
        self.place(ordinal)
            .and_then(|t| self.doc_freqs.get(t as usize))
            .copied()
            .unwrap_or(0)
    }
}

/// Figures about an index.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Articles indexed.
    pub articles: u32,
    /// Segments: 1 but for a segmented index (with the feature `segments`, so that the modules
    /// without it serialize nothing more).
    #[cfg(feature = "segments")]
    pub segments: u32,
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
            #[cfg(feature = "segments")]
            segments: 1,
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

    /// Each section's name and size in bytes: for a single-file index, the tables in the
    /// format's order, the core's sections, then the store; for a sharded index, the core's
    /// sections, then what its chunks hold (each pieced table at its deflated size).
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        let layout = &self.layout;
        let core = [
            (SectionKind::Norms.name(), layout.norms.len()),
            (SectionKind::SourceNames.name(), layout.source_names.len()),
            (
                SectionKind::FacetFields.name(),
                layout.facet_fields_bytes.len(),
            ),
        ];
        let whole = match &layout.tables {
            Tables::Whole(whole, _) => whole,
            Tables::Sharded(sharded) => {
                let (chunks, directory) = &**sharded;
                let len = |r: &Range<u64>| (r.end - r.start) as usize;
                let mut sizes = core.to_vec();
                sizes.extend([
                    (SectionKind::Postings.name(), len(&chunks.postings)),
                    (SectionKind::Positions.name(), len(&chunks.positions)),
                    (SectionKind::Skips.name(), len(&chunks.skips)),
                ]);
                if let Some(store) = &chunks.store {
                    sizes.push((SectionKind::Store.name(), len(store)));
                }
                for table in &directory.tables {
                    let bytes = table.pieces.iter().map(|p| len(&p.at)).sum();
                    sizes.push((table.kind.name(), bytes));
                }
                return sizes;
            }
        };
        // The tables, the core's sections, then the store.
        let mut sizes: Vec<_> = whole
            .ranges
            .iter()
            .filter(|(kind, _)| *kind != SectionKind::Store)
            .map(|(kind, range)| (kind.name(), range.len()))
            .collect();
        sizes.extend(core);
        if let Some(store) = whole.store() {
            sizes.push((SectionKind::Store.name(), store.len()));
        }
        sizes
    }

    /// A sharded index's pieced tables: each one's name, how many pieces it has and their
    /// bytes in the chunks; none for a single-file index.
    pub fn piece_sizes(&self) -> Vec<(&'static str, usize, u64)> {
        self.directory().map_or_else(Vec::new, |directory| {
            directory
                .tables
                .iter()
                .map(|table| {
                    let bytes = table.pieces.iter().map(|p| p.at.end - p.at.start).sum();
                    (table.kind.name(), table.pieces.len(), bytes)
                })
                .collect()
        })
    }

    /// The index's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// The chunks of a sharded index, `None` for a single-file one.
    pub fn chunks(&self) -> Option<&Chunks> {
        match &self.layout.tables {
            Tables::Sharded(sharded) => Some(&sharded.0),
            Tables::Whole(..) => None,
        }
    }

    /// The directory of a sharded index's pieces, `None` for a single-file one.
    pub(crate) fn directory(&self) -> Option<&Directory> {
        match &self.layout.tables {
            Tables::Sharded(sharded) => Some(&sharded.1),
            Tables::Whole(..) => None,
        }
    }

    pub(crate) fn view(&self) -> Result<View<'_>> {
        self.view_with(None, None)
    }

    /// A view that reads a sharded index's chunks from `fetched` and its pieces from
    /// `inflated`.
    pub(crate) fn view_with<'a>(
        &'a self,
        fetched: Option<&'a Fetched>,
        inflated: Option<&'a Inflated>,
    ) -> Result<View<'a>> {
        let bytes = self.bytes.as_ref();
        let layout = &self.layout;
        let source = match &layout.tables {
            Tables::Whole(whole, single_file) => TableSource::Whole {
                whole,
                bytes,
                single_file: *single_file,
            },
            Tables::Sharded(sharded) => TableSource::Sharded {
                chunks: &sharded.0,
                directory: &sharded.1,
                fetched,
                inflated,
            },
        };
        let (doc_ids, store) = source.ids_and_store(layout)?;
        Ok(View {
            meta: layout.meta,
            terms: source.terms()?,
            words: source.dict(SectionKind::Words)?,
            typo_words: source.typo_words()?,
            postings: source.bytes(SectionKind::Postings, |c| &c.postings)?,
            positions: source.bytes(SectionKind::Positions, |c| &c.positions)?,
            skips: source.bytes(SectionKind::Skips, |c| &c.skips)?,
            norms: section(bytes, &layout.norms, SectionKind::Norms)?,
            doc_ids,
            id_map: source.dict(SectionKind::IdMap)?,
            store,
            entities: source.table(SectionKind::Entities)?,
            entity_names: source.entity_names()?,
            entity_postings: source.table(SectionKind::EntityPostings)?,
            mentions: source.table(SectionKind::Mentions)?,
            doc_entities: source.table(SectionKind::DocEntities)?,
            source_names: records(bytes, &layout.source_names, SectionKind::SourceNames)?,
            doc_sources: source.table(SectionKind::DocSources)?,
            dates: source.table(SectionKind::Dates)?,
            facet_fields: &layout.facet_fields,
            facet_names: source.dict(SectionKind::FacetNames)?,
            facet_values: source.table(SectionKind::FacetValues)?,
            facet_postings: source.table(SectionKind::FacetPostings)?,
            doc_facets: source.table(SectionKind::DocFacets)?,
            doc_groups: source.table(SectionKind::DocGroups)?,
            related: source.table(SectionKind::Related)?,
            entity_related: source.table(SectionKind::EntityRelated)?,
            entity_count: layout.entity_count,
            entity_types: layout.entity_types.clone(),
            field_weights: &layout.field_weights,
            #[cfg(feature = "segments")]
            corpus: None,
        })
    }
}

impl<'a> View<'a> {
    /// The whole corpus when this index is a segment: always `None` without the feature
    /// `segments`, so that the optimiser drops what a segment does differently.
    #[inline]
    pub(crate) fn corpus(&self) -> Option<Corpus<'a>> {
        #[cfg(feature = "segments")]
        return self.corpus;
        #[cfg(not(feature = "segments"))]
        None
    }

    /// The articles that statistics count: the corpus's, or this index's.
    pub(crate) fn docs(&self) -> u32 {
        self.corpus().map_or(self.meta.doc_count, |c| c.docs)
    }

    /// Term `ordinal`'s document frequency as statistics count it, `local` in this index.
    pub(crate) fn doc_freq_of(&self, ordinal: u64, local: u32) -> u32 {
        self.corpus()
            .and_then(|c| c.stats)
            .map_or(local, |stats| stats.doc_freq(ordinal))
    }

    /// Term `ordinal`'s place in dictionary order: in a segment, its place among the terms
    /// counted over every segment; its ordinal otherwise (and in a segment being surveyed).
    pub(crate) fn term_order(&self, ordinal: u64) -> u64 {
        match self.corpus().and_then(|c| c.stats) {
            Some(stats) => stats.place(ordinal).map_or(u64::MAX, u64::from),
            None => ordinal,
        }
    }

    /// Whether article `doc` is one of the index's live articles.
    pub(crate) fn live(&self, doc: u32) -> bool {
        self.corpus()
            .is_none_or(|c| c.removed.binary_search(&doc).is_err())
    }
}

/// Where a [`View`] reads the tables that grow with the archive: the index bytes, or a sharded
/// index's chunks (from what is fetched) and pieces (from what is inflated).
enum TableSource<'a> {
    Whole {
        whole: &'a WholeTables,
        bytes: &'a [u8],
        single_file: SingleFile,
    },
    Sharded {
        chunks: &'a Chunks,
        directory: &'a Directory,
        fetched: Option<&'a Fetched>,
        inflated: Option<&'a Inflated>,
    },
}

impl<'a> TableSource<'a> {
    /// The pieces of a sharded index's table `kind`.
    fn pieces(
        directory: &'a Directory,
        inflated: Option<&'a Inflated>,
        kind: SectionKind,
    ) -> Result<Pieces<'a>> {
        directory
            .table(kind)
            .map(|table| Pieces::new(table, inflated))
            .ok_or_else(|| {
                inconsistent(SectionKind::Pieces, format!("no pieces of {}", kind.name()))
            })
    }

    /// A sharded index's typo words; a single-file index reads misspellings from its words.
    fn typo_words(&self) -> Result<Option<Dict<'a>>> {
        Ok(match *self {
            TableSource::Whole { .. } => None,
            TableSource::Sharded {
                directory,
                inflated,
                ..
            } => Some(Dict::Pieced(Self::pieces(
                directory,
                inflated,
                SectionKind::TypoWords,
            )?)),
        })
    }

    fn table(&self, kind: SectionKind) -> Result<Table<'a>> {
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => Table::Whole(records(bytes, whole.range(kind)?, kind)?, kind, single_file),
            TableSource::Sharded {
                directory,
                inflated,
                ..
            } => Table::Pieced(Self::pieces(directory, inflated, kind)?),
        })
    }

    fn dict(&self, kind: SectionKind) -> Result<Dict<'a>> {
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => Dict::Whole(map_section(bytes, whole.range(kind)?, kind)?, single_file),
            TableSource::Sharded {
                directory,
                inflated,
                ..
            } => Dict::Pieced(Self::pieces(directory, inflated, kind)?),
        })
    }

    /// Section `kind` read as it is: in a sharded index, at its place in the chunks.
    fn bytes(
        &self,
        kind: SectionKind,
        at: impl FnOnce(&'a Chunks) -> &'a Range<u64>,
    ) -> Result<SectionBytes<'a>> {
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => SectionBytes::Whole(section(bytes, whole.range(kind)?, kind)?, single_file),
            TableSource::Sharded {
                chunks, fetched, ..
            } => SectionBytes::Packed {
                name: kind.name(),
                at: at(chunks).clone(),
                fetched,
            },
        })
    }

    fn terms(&self) -> Result<Terms<'a>> {
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => {
                let kind = SectionKind::TermInfo;
                Terms::Whole(
                    map_section(bytes, whole.range(SectionKind::Terms)?, SectionKind::Terms)?,
                    TermInfos::parse(section(bytes, whole.range(kind)?, kind)?)?,
                    single_file,
                )
            }
            TableSource::Sharded {
                directory,
                inflated,
                ..
            } => Terms::Pieced(Self::pieces(directory, inflated, SectionKind::Terms)?),
        })
    }

    fn entity_names(&self) -> Result<Names<'a>> {
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => {
                let (names, lists) = (SectionKind::EntityNames, SectionKind::EntityNameLists);
                Names::Whole(
                    map_section(bytes, whole.range(names)?, names)?,
                    section(bytes, whole.range(lists)?, lists)?,
                    single_file,
                )
            }
            TableSource::Sharded {
                directory,
                inflated,
                ..
            } => Names::Pieced(Self::pieces(directory, inflated, SectionKind::EntityNames)?),
        })
    }

    /// Where article ids are read, and the document store if the index has one: both through
    /// the cards in a sharded index.
    fn ids_and_store(&self, layout: &Layout) -> Result<(Ids<'a>, Option<StoreView<'a>>)> {
        let deflated = layout.meta.store_deflated();
        Ok(match *self {
            TableSource::Whole {
                whole,
                bytes,
                single_file,
            } => {
                let store = match whole.store() {
                    Some(range) => {
                        let store = Store::open(section(bytes, range, SectionKind::Store)?)?;
                        let table = *store.records();
                        Some(StoreView::new(
                            StoreTable::Whole(table, single_file),
                            SectionBytes::Whole(table.data(), single_file),
                            deflated,
                        ))
                    }
                    None => None,
                };
                (
                    Ids::Whole(self.table(SectionKind::DocIds)?, single_file),
                    store,
                )
            }
            TableSource::Sharded {
                chunks,
                directory,
                inflated,
                ..
            } => {
                let cards = Cards::new(
                    Self::pieces(directory, inflated, SectionKind::Cards)?,
                    chunks.store.is_some(),
                    layout.entity_count,
                );
                let store = match &chunks.store {
                    Some(at) => Some(StoreView::new(
                        StoreTable::Cards(cards),
                        self.bytes(SectionKind::Store, |_| at)?,
                        deflated,
                    )),
                    None => None,
                };
                (Ids::Cards(cards), store)
            }
        })
    }
}

impl WholeTables {
    /// Whether section `kind` is one of the tables: not one the layout reads itself (meta,
    /// norms, sources, facet fields), nor one of a sharded index's (chunks, pieces, cards, typo
    /// words).
    fn holds(kind: SectionKind) -> bool {
        !matches!(
            kind,
            SectionKind::Meta
                | SectionKind::Norms
                | SectionKind::SourceNames
                | SectionKind::FacetFields
                | SectionKind::Chunks
                | SectionKind::Pieces
                | SectionKind::Cards
                | SectionKind::TypoWords
        )
    }

    fn read(container: &Container<'_>) -> Result<WholeTables> {
        let mut ranges = Vec::new();
        for kind in SectionKind::ALL
            .into_iter()
            .filter(|&k| WholeTables::holds(k))
        {
            let range = match kind {
                SectionKind::Store => container.range(kind),
                _ => Some(container.require_range(kind)?),
            };
            ranges.extend(range.map(|range| (kind, range)));
        }
        Ok(WholeTables { ranges })
    }

    /// Where section `kind` lies, if the index has it.
    fn get(&self, kind: SectionKind) -> Option<&Range<usize>> {
        self.ranges
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, range)| range)
    }

    /// Where section `kind`, one of the tables, lies.
    fn range(&self, kind: SectionKind) -> Result<&Range<usize>> {
        self.get(kind).ok_or_else(|| {
            newsdex_format::Error::from(newsdex_format::ErrorKind::MissingSection {
                section: kind.name(),
            })
            .into()
        })
    }

    /// Where the document store lies, if the index has one.
    fn store(&self) -> Option<&Range<usize>> {
        self.get(SectionKind::Store)
    }
}

#[cfg(feature = "seeds")]
impl Index<&'static [u8]> {
    /// The index of the seed articles, built into this library by `build.rs` (the `seeds`
    /// feature, on by default).
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
        let sharded = match container.get(SectionKind::Chunks) {
            Some(chunks) => {
                let chunks = Chunks::decode(chunks)?;
                let directory = Directory::decode(
                    container.require(SectionKind::Pieces)?,
                    chunks.pieces.clone(),
                )?;
                Some((chunks, directory))
            }
            None => None,
        };
        let (tables, entity_count, entity_types) = match sharded {
            Some((chunks, directory)) => {
                let entity_count = directory
                    .table(SectionKind::Entities)
                    .map_or(0, |t| t.items);
                let types = directory.entity_types.clone();
                (
                    Tables::Sharded(Box::new((chunks, directory))),
                    entity_count,
                    types,
                )
            }
            None => {
                let single_file = single_file()?;
                let whole = WholeTables::read(&container)?;
                let entities = whole.range(SectionKind::Entities)?;
                let entity_table = Records::parse(
                    section(bytes, entities, SectionKind::Entities)?,
                    SectionKind::Entities.name(),
                )?;
                (
                    Tables::Whole(Box::new(whole), single_file),
                    entity_table.len() as u32,
                    type_ranges(&entity_table)?,
                )
            }
        };
        // A sharded index scores from the norms its packed postings carry.
        let norms = match &tables {
            Tables::Whole(..) => range(SectionKind::Norms)?,
            Tables::Sharded(_) if meta.packed_postings() => 0..0,
            Tables::Sharded(_) => {
                return Err(inconsistent(
                    SectionKind::Postings,
                    "a sharded index's postings are plain, without their articles' norms".into(),
                ))
            }
        };
        let facet_fields_bytes = range(SectionKind::FacetFields)?;
        let facet_fields = read_fields(section(
            bytes,
            &facet_fields_bytes,
            SectionKind::FacetFields,
        )?)?;
        let layout = Layout {
            meta,
            tables,
            facet_fields,
            facet_fields_bytes,
            norms,
            source_names: range(SectionKind::SourceNames)?,
            entity_count,
            entity_types,
            field_weights: field_weights(&average_lengths(&meta.field_lengths, meta.doc_count)),
        };
        layout.check_sections(bytes)?;
        Ok(layout)
    }

    /// Checks that every section agrees with the counts in the meta section, so that a
    /// request never meets a doc number or ordinal another section does not have, and
    /// decodes every fst node once, so that the `fst` crate never meets one it cannot read.
    /// (A sharded index's pieces are checked as they arrive.)
    fn check_sections(&self, bytes: &[u8]) -> Result<()> {
        let docs = self.meta.doc_count as usize;
        let norms = match self.tables {
            Tables::Whole(..) => docs * FIELD_COUNT,
            Tables::Sharded(_) => 0,
        };
        if self.norms.len() != norms {
            return Err(inconsistent(
                SectionKind::Norms,
                format!("{} bytes for {docs} articles", self.norms.len()),
            ));
        }
        Records::parse(
            section(bytes, &self.source_names, SectionKind::SourceNames)?,
            SectionKind::SourceNames.name(),
        )?;
        let entities = self.entity_count;
        let values = self.facet_fields.last().map_or(0, |f| f.values.end);
        let counts = |kind| match kind {
            SectionKind::Terms => Some(self.meta.term_count),
            SectionKind::Words | SectionKind::TypoWords => Some(self.meta.word_count),
            SectionKind::EntityNames => None,
            SectionKind::Entities | SectionKind::EntityPostings | SectionKind::EntityRelated => {
                Some(entities)
            }
            SectionKind::Dates | SectionKind::DocSources => {
                Some(article_values::record_count(self.meta.doc_count))
            }
            SectionKind::DocGroups => Some(stories::group_record_count(self.meta.doc_count)),
            SectionKind::FacetNames | SectionKind::FacetValues | SectionKind::FacetPostings => {
                Some(values)
            }
            SectionKind::DocFacets if self.facet_fields.is_empty() => Some(0),
            _ => Some(self.meta.doc_count),
        };
        let whole = match &self.tables {
            Tables::Whole(whole, _) => whole,
            Tables::Sharded(sharded) => {
                let (chunks, directory) = &**sharded;
                if self.meta.has_store() != chunks.store.is_some() {
                    return Err(inconsistent(
                        SectionKind::Meta,
                        "the store flag does not match the chunks".into(),
                    ));
                }
                // Every table the writer cuts into pieces (`newsdex_format::pieces::cut`).
                for kind in SectionKind::ALL.into_iter().filter(|&k| shape(k).is_some()) {
                    let table = directory.table(kind).ok_or_else(|| {
                        inconsistent(SectionKind::Pieces, format!("no pieces of {}", kind.name()))
                    })?;
                    if let Some(count) = counts(kind).filter(|&c| c != table.items) {
                        return Err(inconsistent(
                            kind,
                            format!("{} items, {count} expected", table.items),
                        ));
                    }
                }
                if self.entity_types.iter().any(|r| r.end > entities) {
                    return Err(inconsistent(
                        SectionKind::Pieces,
                        "entity types past the entity table".into(),
                    ));
                }
                return Ok(());
            }
        };
        if self.meta.has_store() != whole.store().is_some() {
            return Err(inconsistent(
                SectionKind::Meta,
                "the store flag does not match the sections".into(),
            ));
        }
        let whole_section = |kind| section(bytes, whole.range(kind)?, kind);
        for kind in [
            SectionKind::Terms,
            SectionKind::Words,
            SectionKind::IdMap,
            SectionKind::EntityNames,
            SectionKind::FacetNames,
        ] {
            fst_check::check(whole_section(kind)?, kind.name(), counts(kind))?;
        }
        let term_infos = TermInfos::parse(whole_section(SectionKind::TermInfo)?)?;
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
        for kind in [
            SectionKind::DocIds,
            SectionKind::EntityPostings,
            SectionKind::Mentions,
            SectionKind::DocEntities,
            SectionKind::FacetValues,
            SectionKind::FacetPostings,
            SectionKind::DocFacets,
            SectionKind::Related,
            SectionKind::EntityRelated,
        ] {
            let table = Records::parse(whole_section(kind)?, kind.name())?;
            let expected = counts(kind).unwrap_or(0) as usize;
            if table.len() != expected {
                return Err(inconsistent(
                    kind,
                    format!("{} records, {expected} expected", table.len()),
                ));
            }
        }
        dates::check(whole_section(SectionKind::Dates)?, self.meta.doc_count)?;
        article_values::check(
            whole_section(SectionKind::DocSources)?,
            self.meta.doc_count,
            SectionKind::DocSources.name(),
        )?;
        stories::check_groups(whole_section(SectionKind::DocGroups)?, self.meta.doc_count)?;
        if let Some(range) = whole.store() {
            let records = Store::parse(section(bytes, range, SectionKind::Store)?)?.len();
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

impl<'a> View<'a> {
    /// The id of article `doc`.
    pub fn id(&self, doc: u32) -> Result<&'a str> {
        match &self.doc_ids {
            Ids::Whole(table, _) => std::str::from_utf8(table.get(doc)?).map_err(|_| {
                inconsistent(
                    SectionKind::DocIds,
                    format!("the id of article {doc} cannot be read"),
                )
            }),
            Ids::Cards(cards) => Ok(cards.get(doc)?.id),
        }
    }

    /// The pieces of a sharded index to fetch before the ids, the texts' places and the hit
    /// entities of `docs` can be read (their cards).
    pub fn cards_missing(&self, docs: impl IntoIterator<Item = u32>) -> Vec<Range<u64>> {
        match &self.doc_ids {
            Ids::Whole(..) => Vec::new(),
            Ids::Cards(cards) => cards.missing(docs),
        }
    }

    /// The first [`CARD_ENTITIES`] entities of article `doc`, most mentioned first.
    pub fn hit_entities(&self, doc: u32) -> Result<Vec<EntityRef>> {
        let entity_ref = |record: &EntityRecord<'_>| EntityRef {
            id: entity_id(record),
            kind: record.kind,
            name: record.name.to_owned(),
        };
        match &self.doc_ids {
            Ids::Whole(..) => doc_entities(self.doc_entities.get(doc)?, doc, self.entity_count)?
                .into_iter()
                .take(CARD_ENTITIES)
                .map(|(ordinal, _)| Ok(entity_ref(&entity(&self.entities, ordinal)?)))
                .collect(),
            Ids::Cards(cards) => Ok(cards
                .get(doc)?
                .entities
                .iter()
                .map(|(_, record)| entity_ref(record))
                .collect()),
        }
    }

    /// The doc number of the article with `id`.
    pub fn doc(&self, id: &str) -> Result<u32> {
        self.id_map
            .get(id.as_bytes())?
            .and_then(|doc| u32::try_from(doc).ok())
            .filter(|&doc| doc < self.meta.doc_count)
            .ok_or_else(|| ErrorKind::UnknownArticle { id: id.to_owned() }.into())
    }

    /// The ordinal of the term of a word of stored or given text in `language`, split and
    /// folded as the builder did: from the words dictionary (the language's own key first),
    /// else by stemming. In a sharded index only pieces at hand are read: those of every term
    /// a plan matches are (their statistics are in them), so a word whose piece is not at
    /// hand is none of its terms.
    pub fn term_of_word(
        &self,
        folded: &str,
        language: Language,
        analyzer: &Analyzer,
    ) -> Option<u64> {
        let own = match language {
            Language::English => None,
            _ => self
                .words
                .get_at_hand(word_key(&mut String::new(), folded, language).as_bytes()),
        };
        own.or_else(|| self.words.get_at_hand(folded.as_bytes()))
            .or_else(|| self.terms.get_at_hand(analyzer.stem(folded).as_bytes()))
    }

    /// The ordinals of the terms a folded word of a query stands for in an index with
    /// articles in other languages than English: its stem in each language it was seen in,
    /// from the words dictionary, which the builder stemmed for each (see
    /// [`newsdex_index::language`]). Empty in an English index, whose words stem as queries do.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for the dictionary's piece that holds the word.
    pub fn word_terms(&self, folded: &str) -> Result<Vec<u64>> {
        let mut found: Vec<u64> = self
            .word_stems(folded)?
            .into_iter()
            .map(|(_, ordinal)| ordinal)
            .collect();
        sort::sort(&mut found);
        found.dedup();
        Ok(found)
    }

    /// The stems of a folded word in an index with articles in other languages than English,
    /// each with the code of the language the words dictionary keys it by, its bytes as a
    /// number (codes are two or three letters), 0 for its first language's, which is the
    /// word's own key. Empty in an English index.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for the dictionary's piece that holds the word.
    pub fn word_stems(&self, folded: &str) -> Result<Vec<(u32, u64)>> {
        if !self.meta.has_languages() {
            return Ok(Vec::new());
        }
        // The word's keys in other languages are the word and the separator, then a code: a
        // walk of the fst from the word's node, as `plan::completions` walks, which needs no
        // range stream's code in the search module.
        let separator = LANGUAGE_SEPARATOR as u8;
        let past = [folded.as_bytes(), &[separator + 1]].concat();
        let mut found = Vec::new();
        for map in self.words.maps_between(folded.as_bytes(), Some(&past))? {
            let fst = map.as_fst();
            let mut node = fst.root();
            let mut output = fst::raw::Output::zero();
            let mut at_word = true;
            for &byte in folded.as_bytes() {
                let Some(i) = node.find_input(byte) else {
                    at_word = false;
                    break;
                };
                let transition = node.transition(i);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            if !at_word {
                continue;
            }
            if node.is_final() {
                found.push((0, output.cat(node.final_output()).value()));
            }
            let Some(i) = node.find_input(separator) else {
                continue;
            };
            let transition = node.transition(i);
            let mut below = vec![(transition.addr, output.cat(transition.out), 0u32)];
            while let Some((addr, output, code)) = below.pop() {
                let node = fst.node(addr);
                if node.is_final() {
                    found.push((code, output.cat(node.final_output()).value()));
                }
                for transition in node.transitions() {
                    let code = code << 8 | u32::from(transition.inp);
                    below.push((transition.addr, output.cat(transition.out), code));
                }
            }
        }
        Ok(found)
    }

    /// The pieces of a sharded index to fetch before the days of `docs` can be read.
    pub fn dates_missing(&self, docs: &[u32]) -> Vec<Range<u64>> {
        values_missing(&self.dates, docs)
    }

    /// The pieces of a sharded index to fetch before the sources of `docs` can be read.
    pub fn sources_missing(&self, docs: &[u32]) -> Vec<Range<u64>> {
        values_missing(&self.doc_sources, docs)
    }

    /// The source number of article `doc`, or `None` when it has none.
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for a piece not fetched (see [`View::sources_missing`]);
    /// `Format(Corrupt)` for a record that cannot be read.
    pub fn source_of(&self, doc: u32) -> Result<Option<u32>> {
        let record = self.doc_sources.get(article_values::record_of(doc))?;
        Ok(sources::source_of(record, &self.source_names, doc)?)
    }

    /// The days of `docs` (see [`newsdex_format::dates`]).
    ///
    /// # Errors
    /// [`ErrorKind::NotFetched`] for pieces not fetched (see [`View::dates_missing`]);
    /// `Format(Corrupt)` for a record that cannot be read.
    pub fn days(&self, docs: &[u32]) -> Result<Vec<u32>> {
        fetch_all(self.dates_missing(docs))?;
        docs.iter()
            .map(|&doc| Ok(dates::day_in(self.dates.get(dates::record_of(doc))?, doc)?))
            .collect()
    }

    /// The document store, if the index has one.
    pub fn store(&self) -> Result<&StoreView<'a>> {
        self.store.as_ref().ok_or_else(|| ErrorKind::NoStore.into())
    }
}

/// The pieces of `table`, a table of [`article_values`] of a sharded index, to fetch before
/// the values of `docs` (ascending) can be read.
fn values_missing(table: &Table<'_>, docs: &[u32]) -> Vec<Range<u64>> {
    if let Table::Whole(..) = table {
        return Vec::new();
    }
    let mut records: Vec<u32> = docs.iter().map(|&d| article_values::record_of(d)).collect();
    records.dedup();
    table.missing(records)
}
