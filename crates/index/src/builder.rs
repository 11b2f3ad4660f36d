//! Builds index bytes from articles, one article at a time: each is analysed once and its
//! postings appended to per-term buffers. [`IndexBuilder::finish`] orders the terms and writes
//! every section.
//!
//! Built in memory ([`IndexBuilder::new`]), memory grows with the index, not with the text
//! read. Built with a spill directory ([`IndexBuilder::with_spill`]), it is bounded by a
//! budget instead: the postings buffers are written to a run in a temporary file whenever they
//! pass it (see [`crate::runs`]), stored articles go straight to a temporary file, and the
//! finished postings, positions and skip tables too. What stays in memory is the vocabulary
//! and a few hundred bytes per article (about 350 for the 1M-article benchmark archive with
//! its short ids): mostly its id, held twice (a hash map refuses duplicates, the doc ids
//! section is written from the other) and sorted for the id map at the end, then its norms,
//! source and store offset. The entity registry, when the recogniser runs, keeps what grows
//! with the distinct names in memory and each article's mentions in a temporary file (see
//! [`crate::entities::registry`]).

use std::path::PathBuf;

use foldhash::HashMap;

use fst::MapBuilder;

use newsdex_format::container::{ContainerWriter, SectionKind};
use newsdex_format::dates::{self, NO_DAY};
use newsdex_format::entities::Span;
use newsdex_format::meta::{
    Meta, FLAG_DEFLATED_STORE, FLAG_ENTITIES, FLAG_LANGUAGES, FLAG_PACKED_POSTINGS, FLAG_STORE,
};
use newsdex_format::postings::{write_headline_list, write_positions, write_postings, Posting};
use newsdex_format::records::RecordsWriter;
use newsdex_format::sources::SourcesWriter;
use newsdex_format::spill::{Sink, SpillDir};
use newsdex_format::store::{write_article, Deflater, StoredFields};
use newsdex_format::stories::{write_entity_related, write_groups, write_related};
use newsdex_format::term_info::TermInfoWriter;
use newsdex_format::{norms, skips, ErrorKind as FormatErrorKind, Field, FIELD_COUNT};
use newsdex_ner::{Model, SectionKind as TextKind};

use crate::analysis::{words, Analyzer, Role};
use crate::appended;
use crate::bm25;
use crate::corpus::date::day_of;
use crate::corpus::Article;
use crate::entities::{
    link_article, sections, EntityRegistry, EntityTables, FoundMention, KnownEntity,
};
use crate::error::{Error, ErrorKind, Origin, Result};
use crate::facets::FacetsWriter;
use crate::language::{word_key, Language, Stemmers, LANGUAGE_SEPARATOR};
use crate::runs::{self, Run, Runs};
use crate::stories::{self, RelatedBuilder, Signature};
use crate::word_table::WordTable;

/// Choices that change what an index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// Keep the document store (titles, text …) for results, snippets and the article view.
    /// Without it, search answers with ids and scores only.
    pub store: bool,
    /// Run the named-entity recogniser over every article and link the names it finds.
    /// Without it, the entity sections are empty.
    pub entities: bool,
    /// Give a term a skip table when it occurs in more than this many articles: a search
    /// then reads it at its candidates only (see [`newsdex_format::skips`]), while a rarer
    /// term is cheaper read whole.
    pub skip_tables_from: u32,
    /// Pack postings into bits (see [`newsdex_format::postings`]): a third of the bytes, for an
    /// index fetched in pieces (`newsdex build --shards`), where plain blocks decode in half
    /// the time, for an index read whole into memory.
    pub packed_postings: bool,
    /// Deflate each stored record on its own (see [`newsdex_format::store`]): half the bytes
    /// for an index whose reader fetches records one by one (`newsdex build --shards`); an
    /// index fetched whole is better compressed whole, by the server.
    pub deflated_store: bool,
    /// The language of the articles that do not give theirs ([`Article::lang`]).
    pub language: Language,
}

/// The default [`BuildOptions::skip_tables_from`]: below it a term's postings take a kilobyte
/// or two, about what reading it at a few candidates costs with its table.
pub const SKIP_TABLES_FROM: u32 = 2048;

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions {
            store: true,
            entities: true,
            skip_tables_from: SKIP_TABLES_FROM,
            packed_postings: false,
            deflated_store: false,
            language: Language::English,
        }
    }
}

/// Where a build with bounded memory keeps what passes its budget (see
/// [`IndexBuilder::with_spill`]). It changes nothing in the index bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpillOptions {
    /// The directory for the temporary files. They are unnamed and deleted by the system when
    /// closed, so nothing is left in it, whether the build succeeds or not.
    pub dir: PathBuf,
    /// The bytes of postings and positions buffered in memory before they are written out.
    pub budget_bytes: usize,
}

/// A build's spill directory, budget and the runs written so far.
struct Spill {
    dir: SpillDir,
    budget: usize,
    runs: Vec<Run>,
}

/// What a finished build holds, for the summary a user sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildSummary {
    /// Articles indexed.
    pub articles: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Bytes of the index.
    pub bytes: usize,
}

/// Told the name of each step of [`IndexBuilder::finish_sections`] as it starts, for a caller
/// that reports where a build's time and memory go (`newsdex build --verbose`).
pub type StepHook = Box<dyn FnMut(&'static str) + Send>;

/// One term's growing postings.
#[derive(Default)]
struct TermPostings {
    doc_freq: u32,
    last_doc: u32,
    postings: Vec<u8>,
    positions: Vec<u8>,
}

/// Builds an index from articles.
///
/// ```
/// use newsdex_index::{Article, IndexBuilder};
/// let mut builder = IndexBuilder::new(Default::default());
/// builder.insert(&Article { id: "a".into(), title: "Hello".into(), body: "World".into(), ..Default::default() })?;
/// let bytes = builder.finish()?;
/// assert_eq!(&bytes[..7], b"NEWSDEX");
/// # Ok::<(), newsdex_index::Error>(())
/// ```
pub struct IndexBuilder {
    analyzer: Analyzer,
    /// The stemmers of the languages other than English.
    stemmers: Stemmers,
    /// Scratch: a word's key in `words`.
    key: String,
    /// Whether an article not in English was added.
    languages: bool,
    options: BuildOptions,
    /// Folded word → term number, so each distinct word is stemmed once; a word of an
    /// article not in English is keyed with its language (see [`word_key`]).
    words: WordTable,
    /// Stem → term number.
    terms: HashMap<String, u32>,
    term_texts: Vec<String>,
    postings: Vec<TermPostings>,
    ids: HashMap<String, u32>,
    doc_ids: RecordsWriter,
    norms: Vec<u8>,
    field_lengths: [u64; FIELD_COUNT],
    store: RecordsWriter<Sink>,
    /// Set when the store is deflated.
    deflater: Option<Deflater>,
    /// Set for a build with bounded memory.
    spill: Option<Spill>,
    /// The bytes allocated for every term's postings and positions buffers.
    buffered: usize,
    /// The corpus's entities, when the recogniser runs.
    entities: Option<EntityRegistry>,
    /// Each article's source, for the source facet.
    sources: SourcesWriter,
    /// Each article's day (see [`newsdex_format::dates`]).
    days: Vec<u32>,
    /// Each article's values of the site facet fields.
    facets: FacetsWriter,
    /// Each article's MinHash signature, for finding copies of one story (see
    /// [`crate::stories`]).
    signatures: Vec<Option<Signature>>,
    /// Scratch: the occurrences of the article being added, each `term << 32 | field <<
    /// FIELD_SHIFT | position`, so that sorting integers groups them by term, in field and
    /// position order.
    occurrences: Vec<u64>,
    /// Scratch: the [`stories::word_hash`] of each word of the article's headline and text, in
    /// order, gathered as they are indexed so that the text is split once for both.
    shingle_words: Vec<u64>,
    /// Told each step of the finish as it starts.
    steps: Option<StepHook>,
}

/// Where a field's number starts in an occurrence's low 32 bits (see
/// [`IndexBuilder::occurrences`]); below it, the word's position.
const FIELD_SHIFT: u32 = 30;
const _: () = assert!(FIELD_COUNT <= 1 << (32 - FIELD_SHIFT));

/// The positions an occurrence can hold: a field of an article has fewer words than this.
const POSITION_MASK: u32 = (1 << FIELD_SHIFT) - 1;

impl IndexBuilder {
    /// Creates a builder with no articles that builds in memory.
    pub fn new(options: BuildOptions) -> IndexBuilder {
        IndexBuilder::with_store(options, Sink::Memory(Vec::new()))
    }

    /// Creates a builder with no articles whose memory is bounded by `spill.budget_bytes` of
    /// postings, the vocabulary and a few hundred bytes per article (see the module docs): the
    /// rest goes to temporary files in `spill.dir`. The index bytes are those
    /// [`IndexBuilder::new`] would give.
    ///
    /// ```
    /// use newsdex_index::{Article, IndexBuilder, SpillOptions};
    /// let spill = SpillOptions { dir: std::env::temp_dir(), budget_bytes: 64 << 20 };
    /// let mut builder = IndexBuilder::with_spill(Default::default(), spill)?;
    /// builder.insert(&Article { id: "a".into(), title: "Hello".into(), body: "World".into(), ..Default::default() })?;
    /// let path = std::env::temp_dir().join(format!("newsdex-doctest-{}.ndx", std::process::id()));
    /// builder.finish_sections()?.write_file(&path)?;
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), newsdex_index::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`FormatErrorKind::Io`] when no file can be made in `spill.dir`.
    pub fn with_spill(options: BuildOptions, spill: SpillOptions) -> Result<IndexBuilder> {
        let dir = SpillDir::new(&spill.dir);
        // Made now even without a store, so that a directory that takes no files fails the
        // build before it reads anything.
        let store = dir.create("the document store")?;
        let store = if options.store {
            Sink::File {
                file: store,
                scratch: Vec::new(),
            }
        } else {
            Sink::Memory(Vec::new())
        };
        let mut builder = IndexBuilder::with_store(options, store);
        if options.entities {
            builder.entities = Some(EntityRegistry::with_spill(&dir)?);
        }
        builder.spill = Some(Spill {
            dir,
            budget: spill.budget_bytes,
            runs: Vec::new(),
        });
        Ok(builder)
    }

    fn with_store(options: BuildOptions, store: Sink) -> IndexBuilder {
        IndexBuilder {
            analyzer: Analyzer::new(),
            stemmers: Stemmers::default(),
            key: String::new(),
            languages: false,
            options,
            words: WordTable::default(),
            terms: HashMap::default(),
            term_texts: Vec::new(),
            postings: Vec::new(),
            ids: HashMap::default(),
            doc_ids: RecordsWriter::new(),
            norms: Vec::new(),
            field_lengths: [0; FIELD_COUNT],
            store: RecordsWriter::with_data(store),
            deflater: options.deflated_store.then(Deflater::default),
            spill: None,
            buffered: 0,
            entities: options.entities.then(EntityRegistry::new),
            sources: SourcesWriter::new(),
            days: Vec::new(),
            facets: FacetsWriter::default(),
            signatures: Vec::new(),
            occurrences: Vec::new(),
            shingle_words: Vec::new(),
            steps: None,
        }
    }

    /// Tells `hook` the name of each step of [`IndexBuilder::finish_sections`] as it starts
    /// (merging the postings, the entity registry …), so that a caller can time them.
    pub fn on_step(&mut self, hook: StepHook) {
        self.steps = Some(hook);
    }

    /// Indexes these fields of the articles ([`Article::facets`]) as site facets, filtered by
    /// `name:value` in queries and counted in results. Called before the first article.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidFacet`] for a name a query could not use (see
    /// [`crate::facets::check_facet_names`]), or when articles were added already.
    pub fn set_facets(&mut self, names: &[String]) -> Result<()> {
        if !self.is_empty() {
            return Err(ErrorKind::InvalidFacet {
                name: names.join(", "),
                message: "must be chosen before the first article".into(),
            }
            .into());
        }
        self.facets = FacetsWriter::new(names)?;
        Ok(())
    }

    /// Links the articles against `known`, the entities of an index's earlier segments in
    /// order of first appearance (see [`EntityRegistry::know`]), so that this build, a segment
    /// added after them, gives their names their ids. Without entities, does nothing. The
    /// bytes they hold count against the memory budget of a build with one: its postings go
    /// to temporary files that much sooner.
    pub fn know_entities(&mut self, known: Vec<KnownEntity>) {
        if let Some(registry) = &mut self.entities {
            registry.know(known);
            if let Some(spill) = &mut self.spill {
                spill.budget = spill.budget.saturating_sub(registry.known_bytes());
            }
        }
    }

    /// Whether articles go through the recogniser ([`BuildOptions::entities`]).
    #[cfg(feature = "parallel")]
    pub(crate) fn tags_entities(&self) -> bool {
        self.options.entities
    }

    /// Each article's MinHash signature so far, in order, for finding its copies among
    /// articles added later elsewhere (a segment's, see [`stories::CopiesAcross`]).
    pub fn signatures(&self) -> &[Option<stories::Signature>] {
        &self.signatures
    }

    /// The number of articles added.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no article has been added.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds an article. Articles are numbered in the order added.
    ///
    /// # Errors
    /// [`ErrorKind::DuplicateId`] when the id was added before, [`FormatErrorKind::TooLarge`]
    /// past 2³² − 1 articles or 4 GiB of postings or stored text, [`FormatErrorKind::Io`] when
    /// a temporary file cannot be written.
    pub fn insert(&mut self, article: &Article) -> Result<()> {
        let found = self.recognises(article).then(|| recognise(article));
        self.insert_found(article, found)
    }

    /// Whether the recogniser reads `article`: with entities on, and in English, the only
    /// language it knows (an article whose `lang` is no language tag is refused by
    /// [`IndexBuilder::insert_found`]).
    pub(crate) fn recognises(&self, article: &Article) -> bool {
        let language = match article.lang.as_str() {
            "" => self.options.language,
            tag => Language::from_tag(tag).unwrap_or_default(),
        };
        self.options.entities && language.has_entities()
    }

    /// [`IndexBuilder::insert`] with the article already through the recogniser (`found`,
    /// given when [`IndexBuilder::recognises`] it), so that callers can tag articles
    /// elsewhere, on other threads (see [`crate::ParallelBuilder`]).
    pub(crate) fn insert_found(
        &mut self,
        article: &Article,
        found: Option<Result<Vec<FoundMention>>>,
    ) -> Result<()> {
        let doc = u32::try_from(self.ids.len())
            .ok()
            .filter(|&d| d < u32::MAX)
            .ok_or_else(|| too_large("the number of articles".into(), u32::MAX))?;
        if let Some(&first) = self.ids.get(&article.id) {
            let place = |n: u32| Origin {
                file: format!("article #{}", n + 1),
                line: None,
            };
            return Err(ErrorKind::DuplicateId {
                id: article.id.clone(),
                first: place(first),
                second: place(doc),
            }
            .into());
        }
        let language = match article.lang.as_str() {
            "" => self.options.language,
            tag => Language::from_tag(tag).map_err(|message| ErrorKind::InvalidField {
                at: Origin {
                    file: format!("article {:?}", article.id),
                    line: None,
                },
                field: "lang".into(),
                message,
            })?,
        };
        self.languages |= language != Language::English;
        self.occurrences.clear();
        self.shingle_words.clear();
        for field in Field::ALL {
            let length = self
                .collect_words(field_text(article, field), field, language)
                .ok_or_else(|| {
                    too_large(
                        format!(
                            "the number of words in the {} of article {:?}",
                            field.name(),
                            article.id
                        ),
                        POSITION_MASK,
                    )
                })?;
            self.field_lengths[field as usize] += u64::from(length);
            self.norms.push(norms::encode(length));
        }
        self.add_postings(doc);
        if let Some(registry) = &mut self.entities {
            // Without `found`, the recogniser did not read the article: it is not English.
            let found = found.transpose()?.unwrap_or_default();
            registry.add(
                doc,
                link_article(|field| field_text(article, field), &found),
            )?;
        }
        self.sources.push(&article.source);
        self.days.push(day_of(&article.date));
        self.facets.push(doc, &article.facets);
        self.signatures
            .push(stories::signature(&stories::shingles_of(
                &self.shingle_words,
            )));
        if self.options.store {
            write_article(
                &mut self.store,
                &stored_fields(article, language, self.options.language),
                self.deflater.as_mut(),
            )?;
        }
        self.doc_ids
            .push_with(|out| out.extend_from_slice(article.id.as_bytes()))?;
        self.ids.insert(article.id.clone(), doc);
        self.spill_if_over_budget()
    }

    /// Writes the buffered postings to a run when they pass the budget, and frees them.
    fn spill_if_over_budget(&mut self) -> Result<()> {
        let Some(spill) = &mut self.spill else {
            return Ok(());
        };
        if self.buffered <= spill.budget {
            return Ok(());
        }
        let mut terms: Vec<u32> = (0..self.postings.len() as u32)
            .filter(|&t| !self.postings[t as usize].postings.is_empty())
            .collect();
        terms.sort_unstable_by(|&a, &b| {
            self.term_texts[a as usize].cmp(&self.term_texts[b as usize])
        });
        let buffers = terms.iter().map(|&t| {
            let term = &self.postings[t as usize];
            (t, term.postings.as_slice(), term.positions.as_slice())
        });
        spill
            .runs
            .push(runs::write(&spill.dir, spill.runs.len() + 1, buffers)?);
        for &t in &terms {
            let term = &mut self.postings[t as usize];
            term.postings = Vec::new();
            term.positions = Vec::new();
        }
        self.buffered = 0;
        Ok(())
    }

    /// Analyses `text` into `self.occurrences`, returning its length in words, or `None` past
    /// [`POSITION_MASK`] words.
    fn collect_words(&mut self, text: &str, field: Field, language: Language) -> Option<u32> {
        let mut length = 0;
        let IndexBuilder {
            analyzer,
            stemmers,
            key,
            words: known,
            terms,
            term_texts,
            postings,
            occurrences,
            shingle_words,
            ..
        } = self;
        let shingled = matches!(field, Field::Title | Field::Body);
        words(text, |word| {
            if word.position >= POSITION_MASK {
                length = u32::MAX;
                return;
            }
            let key = word_key(key, word.folded, language);
            let term = match known.get(key) {
                Some(term) => term,
                None => {
                    let stem = match language {
                        Language::English => analyzer.stem(word.folded),
                        _ => stemmers.term(language, &word, text),
                    };
                    let term = match terms.get(stem.as_ref()) {
                        Some(&term) => term,
                        None => {
                            let term = term_texts.len() as u32;
                            terms.insert(stem.clone().into_owned(), term);
                            term_texts.push(stem.into_owned());
                            postings.push(TermPostings::default());
                            term
                        }
                    };
                    known.insert(key, term);
                    term
                }
            };
            occurrences.push(
                u64::from(term) << 32
                    | u64::from(field as u32) << FIELD_SHIFT
                    | u64::from(word.position),
            );
            // A field's length counts the words as segmented, so that a split word's parts
            // and joins weigh nothing on its articles' BM25 length norms.
            if word.role == Role::Word {
                length += 1;
                if shingled {
                    shingle_words.push(stories::word_hash(word.folded));
                }
            }
        });
        (length != u32::MAX).then_some(length)
    }

    /// Appends the current article's occurrences to each term's postings.
    fn add_postings(&mut self, doc: u32) {
        self.occurrences.sort_unstable();
        // A join can stem to its first part's term (`x-ing`), at the same position: one
        // occurrence, as a phrase or a stored text read again sees it.
        self.occurrences.dedup();
        let mut field_positions: [Vec<u32>; FIELD_COUNT] = Default::default();
        for group in self.occurrences.chunk_by(|a, b| a >> 32 == b >> 32) {
            for positions in &mut field_positions {
                positions.clear();
            }
            for &occurrence in group {
                let field = (occurrence as u32 >> FIELD_SHIFT) as usize;
                field_positions[field].push(occurrence as u32 & POSITION_MASK);
            }
            let freqs = field_positions.each_ref().map(|p| p.len() as u32);
            let term = &mut self.postings[(group[0] >> 32) as usize];
            let allocated = term.postings.capacity() + term.positions.capacity();
            let gap = if term.doc_freq == 0 {
                doc
            } else {
                doc - term.last_doc
            };
            appended::write(&mut term.postings, gap, &freqs);
            for positions in &field_positions {
                write_positions(&mut term.positions, positions);
            }
            term.doc_freq += 1;
            term.last_doc = doc;
            self.buffered += term.postings.capacity() + term.positions.capacity() - allocated;
        }
    }

    /// Writes the index and returns its bytes.
    ///
    /// # Errors
    /// [`ErrorKind::EmptyCorpus`] when no article was added; [`FormatErrorKind::TooLarge`] when
    /// the postings pass 4 GiB; [`FormatErrorKind::Io`] when a temporary file cannot be read or
    /// written.
    pub fn finish(self) -> Result<Vec<u8>> {
        Ok(self.finish_sections()?.finish()?)
    }

    /// The index's sections, ready to be written: [`ContainerWriter::write_file`] writes a
    /// large index to a file without assembling it in memory.
    ///
    /// # Errors
    /// As [`IndexBuilder::finish`].
    pub fn finish_sections(self) -> Result<ContainerWriter> {
        self.finish_sections_in_batches(BATCH_POSTINGS)
    }

    /// [`IndexBuilder::finish_sections`] with the terms encoded in batches of about
    /// `batch_postings` postings.
    fn finish_sections_in_batches(mut self, batch_postings: usize) -> Result<ContainerWriter> {
        if self.ids.is_empty() {
            return Err(ErrorKind::EmptyCorpus.into());
        }
        let mut step = self.steps.take().unwrap_or_else(|| Box::new(|_| {}));
        let doc_count = self.ids.len();
        step("the postings, and at once the entity tables and copies");
        // The entity tables and the groups of copies need nothing of the postings, so they are
        // worked out on another of the pool's threads meanwhile: at a million articles the
        // registry's end alone reads back every article's mentions three times.
        let registry = self.entities.take();
        let signatures = std::mem::take(&mut self.signatures);
        let dir = self.spill.as_ref().map(|spill| spill.dir.clone());
        let (apart, terms) = both(
            move || Apart::finish(registry, signatures, doc_count, dir.as_ref()),
            || self.finish_terms(batch_postings),
        );
        let (
            Apart {
                leaders,
                entity_tables,
                entity_sections,
                entity_related,
            },
            Terms {
                terms,
                words,
                word_count,
                term_count,
                term_info,
                mut related,
                postings,
                positions,
                skip_tables,
            },
        ) = (apart?, terms?);
        step("the id map");
        let mut ids: Vec<(&str, u64)> = self
            .ids
            .iter()
            .map(|(id, &doc)| (id.as_str(), u64::from(doc)))
            .collect();
        ids.sort_unstable();
        let id_map = build_map("id map", ids.into_iter())?;
        // The ids' table (about 70 bytes an article) is not needed past the id map.
        self.ids = HashMap::default();

        let meta = Meta {
            doc_count: doc_count as u32,
            term_count,
            word_count,
            flags: match (self.options.store, self.options.deflated_store) {
                (false, _) => 0,
                (true, false) => FLAG_STORE,
                (true, true) => FLAG_STORE | FLAG_DEFLATED_STORE,
            } | if self.options.entities {
                FLAG_ENTITIES
            } else {
                0
            } | if self.languages { FLAG_LANGUAGES } else { 0 }
                | if self.options.packed_postings {
                    FLAG_PACKED_POSTINGS
                } else {
                    0
                },
            field_lengths: self.field_lengths,
            newest_day: self.days.iter().copied().max().unwrap_or(NO_DAY),
        };
        step("related stories");
        related.add_entities(&entity_tables);
        drop(entity_tables);
        let related = related.finish(&leaders);
        step("story sections");
        let [groups, related] = story_sections(&leaders, related)?;
        step("sources, facets and the container");
        let source_sections = self.sources.finish()?;
        let facet_sections = self.facets.finish()?;
        let mut container = ContainerWriter::new();
        container.add(SectionKind::Meta, meta.encode());
        container.add(SectionKind::Terms, terms);
        container.add(SectionKind::Words, words);
        container.add(SectionKind::TermInfo, term_info);
        container.add(SectionKind::Norms, self.norms);
        container.add(SectionKind::DocIds, self.doc_ids.finish());
        container.add(SectionKind::IdMap, id_map);
        container.add_pieces(SectionKind::Postings, vec![postings.finish()?]);
        container.add_pieces(SectionKind::Positions, vec![positions.finish()?]);
        container.add_pieces(SectionKind::Skips, vec![skip_tables.finish()?]);
        container.add(SectionKind::Entities, entity_sections.entities);
        container.add(SectionKind::EntityNames, entity_sections.names);
        container.add(SectionKind::EntityNameLists, entity_sections.name_lists);
        container.add(SectionKind::EntityPostings, entity_sections.postings);
        container.add_pieces(SectionKind::DocEntities, entity_sections.doc_entities);
        container.add(SectionKind::SourceNames, source_sections.names);
        container.add(SectionKind::DocSources, source_sections.docs);
        container.add_pieces(SectionKind::Mentions, entity_sections.mentions);
        container.add(SectionKind::Dates, dates::write(&self.days)?);
        container.add(SectionKind::FacetFields, facet_sections.fields);
        container.add(SectionKind::FacetNames, facet_sections.names);
        container.add(SectionKind::FacetValues, facet_sections.values);
        container.add(SectionKind::FacetPostings, facet_sections.postings);
        container.add(SectionKind::DocFacets, facet_sections.doc_facets);
        container.add(SectionKind::DocGroups, groups);
        container.add(SectionKind::Related, related);
        container.add(SectionKind::EntityRelated, entity_related);
        if self.options.store {
            container.add_pieces(SectionKind::Store, self.store.finish_pieces()?);
        }
        Ok(container)
    }

    /// The terms, words and postings sections, in batches of about `batch_postings`
    /// postings, and the related stories' term features.
    fn finish_terms(&mut self, batch_postings: usize) -> Result<Terms> {
        let mut order: Vec<u32> = (0..self.term_texts.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            self.term_texts[a as usize].cmp(&self.term_texts[b as usize])
        });
        let mut ordinals = vec![0u64; order.len()];
        for (ordinal, &term) in order.iter().enumerate() {
            ordinals[term as usize] = ordinal as u64;
        }

        let terms = build_map(
            "terms",
            order
                .iter()
                .map(|&t| (self.term_texts[t as usize].as_str(), ordinals[t as usize])),
        )?;
        let words = words_by_language(self.words.sorted(), &ordinals);
        let word_count = words.len() as u32;
        let words = build_map(
            "words",
            words
                .iter()
                .map(|(word, ordinal)| (word.as_str(), *ordinal)),
        )?;

        let doc_count = self.ids.len();
        let (dir, runs) = match self.spill.take() {
            Some(Spill { dir, runs, .. }) => (Some(dir), runs),
            None => (None, Vec::new()),
        };
        let mut runs = Runs::new(runs, &ordinals)?;
        // The weights a reader of the index scores with, for the impacts of skip tables.
        let weights = bm25::field_weights(&bm25::average_lengths(
            &self.field_lengths,
            doc_count as u32,
        ));
        let encoder = TermEncoder {
            doc_count: doc_count as u32,
            norms: &self.norms,
            weights: &weights,
            packed: self.options.packed_postings,
            skip_tables_from: self.options.skip_tables_from,
        };
        let mut sections = TermSections {
            term_texts: &self.term_texts,
            term_info: TermInfoWriter::new(),
            related: RelatedBuilder::new(doc_count as u32, order.len() as u32),
            postings: Sink::new(dir.as_ref(), "the postings")?,
            positions: Sink::new(dir.as_ref(), "the positions")?,
            skip_tables: Sink::new(dir.as_ref(), "the skip tables")?,
            next_ordinal: 0,
        };
        // Terms are read in batches, in ordinal order; each batch is encoded on the pool's
        // threads while the one before it goes to the sections and the related stories.
        let (mut batch, mut in_batch) = (Vec::new(), 0);
        let mut encoded: Vec<EncodedTerm> = Vec::new();
        for (ordinal, &number) in order.iter().enumerate() {
            // Taken, so each term's buffers are freed once copied: a large corpus's postings
            // are never in memory twice.
            let term = std::mem::take(&mut self.postings[number as usize]);
            let mut raw = RawTerm {
                number,
                doc_freq: term.doc_freq,
                postings: Vec::new(),
                positions: Vec::new(),
            };
            runs.take(ordinal as u64, &mut raw.postings, &mut raw.positions)?;
            raw.postings.extend_from_slice(&term.postings);
            raw.positions.extend_from_slice(&term.positions);
            in_batch += raw.doc_freq as usize;
            batch.push(raw);
            if in_batch < batch_postings && ordinal + 1 < order.len() {
                continue;
            }
            let ready = std::mem::take(&mut batch);
            in_batch = 0;
            let (next, written) = both(|| encoder.encode_all(ready), || sections.write(&encoded));
            written?;
            encoded = next?;
        }
        sections.write(&encoded)?;
        drop(encoded);
        let TermSections {
            term_info,
            related,
            postings,
            positions,
            skip_tables,
            ..
        } = sections;
        let lengths = [&postings, &positions, &skip_tables].map(|sink| sink.written() as usize);
        let term_info = term_info.finish(lengths);
        Ok(Terms {
            terms,
            words,
            word_count,
            term_count: order.len() as u32,
            term_info,
            related,
            postings,
            positions,
            skip_tables,
        })
    }
}

/// What [`IndexBuilder::finish_terms`] gives.
struct Terms {
    terms: Vec<u8>,
    words: Vec<u8>,
    word_count: u32,
    term_count: u32,
    term_info: Vec<u8>,
    related: RelatedBuilder,
    postings: Sink,
    positions: Sink,
    skip_tables: Sink,
}

/// What the finish works out apart from the postings (see
/// [`IndexBuilder::finish_sections`]): the groups of copies and the entity tables.
struct Apart {
    /// Each article's group of copies, by its first article.
    leaders: Vec<u32>,
    entity_tables: EntityTables,
    entity_sections: sections::EntitySections,
    /// The `entity related` section.
    entity_related: Vec<u8>,
}

impl Apart {
    fn finish(
        registry: Option<EntityRegistry>,
        signatures: Vec<Option<Signature>>,
        doc_count: usize,
        dir: Option<&SpillDir>,
    ) -> Result<Apart> {
        let leaders = stories::groups(&signatures, stories::COPY_JACCARD);
        // 260 bytes an article, freed before the related stories need memory.
        drop(signatures);
        let mut entity_tables = match registry {
            Some(registry) => registry.finish()?,
            None => EntityTables::default(),
        };
        let entity_sections = sections::write(&mut entity_tables, doc_count, dir)?;
        let mut entity_related = RecordsWriter::new();
        for related in stories::entity_related(&mut entity_tables)? {
            entity_related.push_with(|out| write_entity_related(out, &related))?;
        }
        Ok(Apart {
            leaders,
            entity_tables,
            entity_sections,
            entity_related: entity_related.finish(),
        })
    }
}

/// Postings in a batch of terms encoded together (see [`IndexBuilder::finish_sections`]):
/// enough to share a batch among the threads, few enough that the two batches in hand (one
/// encoded, one written), each about 40 bytes a posting, stay within a few tens of MB. A term
/// with more postings is a batch of its own.
const BATCH_POSTINGS: usize = 1 << 19;

/// A term's postings and positions as the builder appended them, in every run and in memory.
struct RawTerm {
    /// The term's number in the builder.
    number: u32,
    doc_freq: u32,
    postings: Vec<u8>,
    positions: Vec<u8>,
}

/// A term's bytes in each section, and its postings, which related stories read.
struct EncodedTerm {
    number: u32,
    doc_freq: u32,
    decoded: Vec<Posting>,
    packed: Vec<u8>,
    /// Its headline list, after its postings in the postings section (empty without a skip
    /// table).
    headline: Vec<u8>,
    positions: Vec<u8>,
    skips: Vec<u8>,
}

/// What encoding a term's postings reads of the whole corpus.
struct TermEncoder<'a> {
    doc_count: u32,
    norms: &'a [u8],
    weights: &'a bm25::FieldWeights,
    packed: bool,
    skip_tables_from: u32,
}

impl TermEncoder<'_> {
    /// Encodes `terms`, on the pool's threads with the `parallel` feature, in their order.
    fn encode_all(&self, terms: Vec<RawTerm>) -> Result<Vec<EncodedTerm>> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            terms.into_par_iter().map(|t| self.encode(t)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            terms.into_iter().map(|t| self.encode(t)).collect()
        }
    }

    fn encode(&self, term: RawTerm) -> Result<EncodedTerm> {
        let RawTerm {
            number,
            doc_freq,
            postings,
            positions,
        } = term;
        let mut decoded = Vec::new();
        appended::read(&postings, doc_freq, self.doc_count, &mut decoded)?;
        drop(postings);
        if self.packed {
            for posting in &mut decoded {
                let at = posting.doc as usize * FIELD_COUNT;
                for (f, norm) in posting.norms.iter_mut().enumerate() {
                    if posting.freqs[f] > 0 {
                        *norm = self.norms[at + f];
                    }
                }
            }
        }
        let mut packed = Vec::new();
        let starts = write_postings(&mut packed, &decoded, &positions, self.packed)?;
        let (mut skips, mut headline) = (Vec::new(), Vec::new());
        if doc_freq > self.skip_tables_from && skips::block_count(doc_freq) > 0 {
            write_headline_list(&mut headline, &decoded, &positions, self.packed)?;
            let impacts: Vec<u8> = decoded
                .iter()
                .map(|posting| {
                    let at = posting.doc as usize * FIELD_COUNT;
                    let mut norms = [0; FIELD_COUNT];
                    norms.copy_from_slice(&self.norms[at..at + FIELD_COUNT]);
                    bm25::impact_byte(bm25::impact(self.weights, &posting.freqs, &norms))
                })
                .collect();
            skips::write(
                &mut skips, &decoded, &packed, &starts, &positions, &impacts, &headline,
            )?;
        }
        Ok(EncodedTerm {
            number,
            doc_freq,
            decoded,
            packed,
            headline,
            positions,
            skips,
        })
    }
}

/// Where encoded terms go, in ordinal order: the postings, positions and skip tables
/// sections, each term's offsets in them, and the related stories' features.
struct TermSections<'a> {
    term_texts: &'a [String],
    term_info: TermInfoWriter,
    related: RelatedBuilder,
    postings: Sink,
    positions: Sink,
    skip_tables: Sink,
    /// The ordinal of the next term written.
    next_ordinal: u32,
}

impl TermSections<'_> {
    fn write(&mut self, terms: &[EncodedTerm]) -> Result<()> {
        for term in terms {
            let [postings, positions, skips] = [&self.postings, &self.positions, &self.skip_tables]
                .map(|sink| sink.written() as usize);
            let headline = postings + term.packed.len();
            self.term_info
                .push(term.doc_freq, [postings, positions, skips, headline])?;
            self.related.add_term(
                self.next_ordinal,
                &self.term_texts[term.number as usize],
                &term.decoded,
            );
            self.postings.write(&term.packed)?;
            self.postings.write(&term.headline)?;
            self.positions.write(&term.positions)?;
            self.skip_tables.write(&term.skips)?;
            self.next_ordinal += 1;
        }
        Ok(())
    }
}

/// Runs `a` and `b`, on two of the pool's threads with the `parallel` feature.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// The `doc groups` and `related` sections.
fn story_sections(leaders: &[u32], related: Vec<Vec<u32>>) -> Result<[Vec<u8>; 2]> {
    let mut copies: Vec<Vec<u32>> = vec![Vec::new(); leaders.len()];
    let mut members: HashMap<u32, Vec<u32>> = HashMap::default();
    for (doc, &leader) in leaders.iter().enumerate() {
        if leader != doc as u32 {
            members
                .entry(leader)
                .or_insert_with(|| vec![leader])
                .push(doc as u32);
        }
    }
    for group in members.values() {
        for &doc in group {
            copies[doc as usize] = group.iter().copied().filter(|&d| d != doc).collect();
        }
    }
    let mut related_table = RecordsWriter::new();
    for (doc, (copies, related)) in copies.iter().zip(&related).enumerate() {
        related_table.push_with(|out| write_related(out, doc as u32, copies, related))?;
    }
    Ok([write_groups(leaders)?, related_table.finish()])
}

/// The text of an indexed field.
fn field_text(article: &Article, field: Field) -> &str {
    match field {
        Field::Title => &article.title,
        Field::Description => &article.description,
        Field::Body => &article.body,
        Field::Source => &article.source,
    }
}

/// The words dictionary's entries from the builder's table (in byte order of its keys): each
/// word with its term in the first of its languages (English first, then by code), and, for
/// each other language in which it stems otherwise, the word, a NUL and the language's code
/// with that term. A query looks up the word and its keys with a NUL after it; an article's
/// word, read again for marks, its language's key first.
fn words_by_language(sorted: Vec<(String, u32)>, ordinals: &[u64]) -> Vec<(String, u64)> {
    let mut words: Vec<(String, u64)> = Vec::with_capacity(sorted.len());
    // The word whose entries are being read, and its first language's term.
    let mut first: Option<(String, u64)> = None;
    for (key, term) in sorted {
        let ordinal = ordinals[term as usize];
        let word = key
            .split_once(LANGUAGE_SEPARATOR)
            .map_or(key.as_str(), |(word, _)| word);
        match &first {
            Some((seen, primary)) if seen == word => {
                if *primary != ordinal {
                    words.push((key.clone(), ordinal));
                }
            }
            _ => {
                first = Some((word.to_owned(), ordinal));
                words.push((word.to_owned(), ordinal));
            }
        }
    }
    words
}

/// The fields of an article the store keeps: all but the id, which has its own section, and
/// its language tag when it is not in English.
fn stored_fields<'a>(
    article: &'a Article,
    language: Language,
    default: Language,
) -> StoredFields<'a> {
    StoredFields {
        title: &article.title,
        source: &article.source,
        date: &article.date,
        url: &article.url,
        section: &article.section,
        description: &article.description,
        body: &article.body,
        lang: match (language, article.lang.as_str()) {
            (Language::English, _) => "",
            (_, "") => default.code(),
            (_, tag) => tag,
        },
    }
}

/// Runs the recogniser over the title (as a headline), the standfirst and the body as one
/// document, so that a name keeps its type across them.
pub(crate) fn recognise(article: &Article) -> Result<Vec<FoundMention>> {
    let fields = [
        (Field::Title, TextKind::Headline),
        (Field::Description, TextKind::Text),
        (Field::Body, TextKind::Text),
    ];
    let sections = fields.map(|(field, kind)| (kind, field_text(article, field)));
    let mut found = Vec::new();
    for ((field, _), mentions) in fields.iter().zip(Model::embedded().tag_sections(&sections)) {
        for mention in mentions {
            let (Ok(start), Ok(end)) = (u32::try_from(mention.start), u32::try_from(mention.end))
            else {
                return Err(too_large(format!("article {:?}", article.id), u32::MAX));
            };
            found.push(FoundMention {
                span: Span {
                    field: *field,
                    start,
                    end,
                },
                kind: mention.kind,
                cued: mention.cued,
            });
        }
    }
    Ok(found)
}

/// Builds an fst map from keys in ascending byte order.
fn build_map<'k>(
    section: &'static str,
    entries: impl Iterator<Item = (&'k str, u64)>,
) -> Result<Vec<u8>> {
    let bad = |e: fst::Error| Error::from(newsdex_format::Error::corrupt(section, e.to_string()));
    let mut builder = MapBuilder::memory();
    for (key, value) in entries {
        builder.insert(key, value).map_err(bad)?;
    }
    builder.into_inner().map_err(bad)
}

/// A [`FormatErrorKind::TooLarge`] error: `what` passes `limit`.
fn too_large(what: String, limit: u32) -> Error {
    newsdex_format::Error::from(FormatErrorKind::TooLarge {
        what,
        limit: u64::from(limit),
    })
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms give the same bytes whatever their batches: one term a batch (each written
    /// while the next is encoded, on the pool's threads with the `parallel` feature) or all
    /// in one.
    #[test]
    fn batches_of_terms_give_the_same_bytes() {
        let build = |batch_postings: usize| {
            let mut builder = IndexBuilder::new(BuildOptions {
                entities: false,
                skip_tables_from: 2,
                ..BuildOptions::default()
            });
            for n in 0..60 {
                let body = (0..40)
                    .map(|w| format!("word{} common", (n * 7 + w * 3) % 50))
                    .collect::<Vec<_>>()
                    .join(" ");
                builder
                    .insert(&Article {
                        id: format!("a{n}"),
                        title: format!("Story {n} about word{}", n % 9),
                        body,
                        ..Article::default()
                    })
                    .unwrap();
            }
            builder
                .finish_sections_in_batches(batch_postings)
                .unwrap()
                .finish()
                .unwrap()
        };
        let whole = build(usize::MAX);
        assert_eq!(build(1), whole);
        assert_eq!(build(100), whole);
    }

    #[test]
    fn the_step_hook_is_told_each_step_of_the_finish_in_order() {
        let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut builder = IndexBuilder::new(BuildOptions::default());
        let hook = std::sync::Arc::clone(&told);
        builder.on_step(Box::new(move |name| hook.lock().unwrap().push(name)));
        builder
            .insert(&Article {
                id: "a".into(),
                title: "Kerry in Geneva".into(),
                body: "John Kerry met Sergei Lavrov in Geneva.".into(),
                ..Article::default()
            })
            .unwrap();
        let bytes = builder.finish().unwrap();
        assert_eq!(&bytes[..7], b"NEWSDEX");
        assert_eq!(
            *told.lock().unwrap(),
            [
                "the postings, and at once the entity tables and copies",
                "the id map",
                "related stories",
                "story sections",
                "sources, facets and the container"
            ]
        );
    }
}
