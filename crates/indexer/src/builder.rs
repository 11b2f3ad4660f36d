//! Builds index bytes from articles, one article at a time: each is analysed once and its
//! postings appended to per-term buffers, so memory grows with the index, not with the text
//! read. [`IndexBuilder::finish`] orders the terms and writes every section.

use std::collections::HashMap;

use fst::MapBuilder;

use newsdex_ner::{Model, SectionKind as TextKind};

use crate::analysis::{words, Analyzer};
use crate::corpus::Article;
use crate::entities::{link_article, EntityRegistry, FoundMention, Span};
use crate::error::{Error, ErrorKind, Origin, Result};
use crate::format::container::{ContainerWriter, SectionKind};
use crate::format::meta::{Meta, FLAG_ENTITIES, FLAG_STORE};
use crate::format::postings::{write_posting, write_positions};
use crate::format::records::RecordsWriter;
use crate::format::store::write_article;
use crate::format::term_info::TermInfoWriter;
use crate::format::{entities, norms, skips, sources, Field, FIELD_COUNT};

/// Choices that change what an index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// Keep the document store (titles, text …) for results, snippets and the article view.
    /// Without it, search answers with ids and scores only.
    pub store: bool,
    /// Run the named-entity recogniser over every article and link the names it finds.
    /// Without it, the entity sections are empty.
    pub entities: bool,
    /// Give a term a skip table when its postings are longer than this many bytes: a search
    /// then reads it at its candidates only (see [`crate::format::skips`]), while a shorter
    /// term is cheaper read whole.
    pub skip_tables_from: u32,
}

/// The default [`BuildOptions::skip_tables_from`]: about 16,000 articles' postings.
pub const SKIP_TABLES_FROM: u32 = 4 << 10;

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions { store: true, entities: true, skip_tables_from: SKIP_TABLES_FROM }
    }
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
/// use newsdex_indexer::{Article, IndexBuilder};
/// let mut builder = IndexBuilder::new(Default::default());
/// builder.insert(&Article { id: "a".into(), title: "Hello".into(), body: "World".into(), ..Default::default() })?;
/// let bytes = builder.finish()?;
/// assert_eq!(&bytes[..7], b"NEWSDEX");
/// # Ok::<(), newsdex_indexer::Error>(())
/// ```
pub struct IndexBuilder {
    analyzer: Analyzer,
    options: BuildOptions,
    /// Folded word → term number, so each distinct word is stemmed once.
    words: HashMap<String, u32>,
    /// Stem → term number.
    terms: HashMap<String, u32>,
    term_texts: Vec<String>,
    postings: Vec<TermPostings>,
    ids: HashMap<String, u32>,
    doc_ids: RecordsWriter,
    norms: Vec<u8>,
    field_lengths: [u64; FIELD_COUNT],
    store: RecordsWriter,
    /// The corpus's entities, when the recogniser runs.
    entities: Option<EntityRegistry>,
    /// Each article's source, for the source facet.
    sources: Vec<String>,
    /// Scratch: (term, field, position) of the article being added.
    occurrences: Vec<(u32, u8, u32)>,
}

impl IndexBuilder {
    /// Creates a builder with no articles.
    pub fn new(options: BuildOptions) -> IndexBuilder {
        IndexBuilder {
            analyzer: Analyzer::new(),
            options,
            words: HashMap::new(),
            terms: HashMap::new(),
            term_texts: Vec::new(),
            postings: Vec::new(),
            ids: HashMap::new(),
            doc_ids: RecordsWriter::new(),
            norms: Vec::new(),
            field_lengths: [0; FIELD_COUNT],
            store: RecordsWriter::new(),
            entities: options.entities.then(EntityRegistry::new),
            sources: Vec::new(),
            occurrences: Vec::new(),
        }
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
    /// [`ErrorKind::DuplicateId`] when the id was added before, [`ErrorKind::TooLarge`] past
    /// 2³² − 1 articles or 4 GiB of postings or stored text.
    pub fn insert(&mut self, article: &Article) -> Result<()> {
        let doc = u32::try_from(self.ids.len())
            .ok()
            .filter(|&d| d < u32::MAX)
            .ok_or_else(|| ErrorKind::TooLarge { what: "the number of articles".into(), limit: u64::from(u32::MAX) })?;
        if let Some(&first) = self.ids.get(&article.id) {
            let place = |n: u32| Origin { file: format!("article #{}", n + 1), line: None };
            return Err(ErrorKind::DuplicateId { id: article.id.clone(), first: place(first), second: place(doc) }.into());
        }
        self.occurrences.clear();
        for field in Field::ALL {
            let length = self.collect_words(field_text(article, field), field);
            self.field_lengths[field as usize] += u64::from(length);
            self.norms.push(norms::encode(length));
        }
        self.add_postings(doc);
        if let Some(registry) = &mut self.entities {
            registry.add(doc, link_article(|field| field_text(article, field), &recognise(article)?));
        }
        self.sources.push(article.source.clone());
        if self.options.store {
            write_article(&mut self.store, article)?;
        }
        self.doc_ids.push_with(|out| out.extend_from_slice(article.id.as_bytes()))?;
        self.ids.insert(article.id.clone(), doc);
        Ok(())
    }

    /// Analyses `text` into `self.occurrences`, returning its length in words.
    fn collect_words(&mut self, text: &str, field: Field) -> u32 {
        let mut length = 0;
        let IndexBuilder { analyzer, words: known, terms, term_texts, postings, occurrences, .. } = self;
        words(text, |word| {
            let term = match known.get(word.folded) {
                Some(&term) => term,
                None => {
                    let stem = analyzer.stem(word.folded);
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
                    known.insert(word.folded.to_owned(), term);
                    term
                }
            };
            occurrences.push((term, field as u8, word.position));
            length = word.position + 1;
        });
        length
    }

    /// Appends the current article's occurrences to each term's postings.
    fn add_postings(&mut self, doc: u32) {
        self.occurrences.sort_unstable();
        let mut field_positions: [Vec<u32>; FIELD_COUNT] = Default::default();
        for group in self.occurrences.chunk_by(|a, b| a.0 == b.0) {
            for positions in &mut field_positions {
                positions.clear();
            }
            for &(_, field, position) in group {
                field_positions[usize::from(field)].push(position);
            }
            let freqs = field_positions.each_ref().map(|p| p.len() as u32);
            let term = &mut self.postings[group[0].0 as usize];
            let gap = if term.doc_freq == 0 { doc } else { doc - term.last_doc };
            write_posting(&mut term.postings, gap, &freqs);
            for positions in &field_positions {
                write_positions(&mut term.positions, positions);
            }
            term.doc_freq += 1;
            term.last_doc = doc;
        }
    }

    /// Writes the index and returns its bytes.
    ///
    /// # Errors
    /// [`ErrorKind::EmptyCorpus`] when no article was added; [`ErrorKind::TooLarge`] when the
    /// postings pass 4 GiB.
    pub fn finish(self) -> Result<Vec<u8>> {
        Ok(self.finish_sections()?.finish())
    }

    /// The index's sections, ready to be written: [`ContainerWriter::write_to`] writes a
    /// large index to a file without assembling it in memory.
    ///
    /// # Errors
    /// As [`IndexBuilder::finish`].
    pub fn finish_sections(mut self) -> Result<ContainerWriter> {
        if self.ids.is_empty() {
            return Err(ErrorKind::EmptyCorpus.into());
        }
        let mut order: Vec<u32> = (0..self.term_texts.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.term_texts[a as usize].cmp(&self.term_texts[b as usize]));
        let mut ordinals = vec![0u64; order.len()];
        for (ordinal, &term) in order.iter().enumerate() {
            ordinals[term as usize] = ordinal as u64;
        }

        let terms = build_map("terms", order.iter().map(|&t| (self.term_texts[t as usize].as_str(), ordinals[t as usize])))?;
        let mut words: Vec<(&str, u64)> =
            self.words.iter().map(|(word, &term)| (word.as_str(), ordinals[term as usize])).collect();
        words.sort_unstable();
        let word_count = words.len() as u32;
        let words = build_map("words", words.into_iter())?;

        let doc_count = self.ids.len();
        let mut term_info = TermInfoWriter::new();
        let (mut postings, mut positions, mut skip_tables) = (Vec::new(), Vec::new(), Vec::new());
        for &term in &order {
            // Taken, so each term's buffers are freed once copied: a large corpus's postings
            // are never in memory twice.
            let term = std::mem::take(&mut self.postings[term as usize]);
            term_info.push(term.doc_freq, [postings.len(), positions.len(), skip_tables.len()])?;
            postings.extend_from_slice(&term.postings);
            positions.extend_from_slice(&term.positions);
            if term.postings.len() > self.options.skip_tables_from as usize {
                skips::write(&mut skip_tables, &term.postings, &term.positions, term.doc_freq, doc_count as u32)?;
            }
        }
        let term_info = term_info.finish([postings.len(), positions.len(), skip_tables.len()]);

        let mut ids: Vec<(&str, u64)> = self.ids.iter().map(|(id, &doc)| (id.as_str(), u64::from(doc))).collect();
        ids.sort_unstable();
        let id_map = build_map("id map", ids.into_iter())?;

        let meta = Meta {
            doc_count: doc_count as u32,
            term_count: order.len() as u32,
            word_count,
            flags: if self.options.store { FLAG_STORE } else { 0 } | if self.options.entities { FLAG_ENTITIES } else { 0 },
            field_lengths: self.field_lengths,
        };
        let entity_sections = entities::write(&self.entities.map(EntityRegistry::finish).unwrap_or_default(), doc_count)?;
        let source_sections = sources::write(&self.sources)?;
        let mut container = ContainerWriter::new();
        container.add(SectionKind::Meta, meta.encode());
        container.add(SectionKind::Terms, terms);
        container.add(SectionKind::Words, words);
        container.add(SectionKind::TermInfo, term_info);
        container.add(SectionKind::Norms, self.norms);
        container.add(SectionKind::DocIds, self.doc_ids.finish());
        container.add(SectionKind::IdMap, id_map);
        container.add(SectionKind::Postings, postings);
        container.add(SectionKind::Positions, positions);
        container.add(SectionKind::Skips, skip_tables);
        container.add(SectionKind::Entities, entity_sections.entities);
        container.add(SectionKind::EntityNames, entity_sections.names);
        container.add(SectionKind::EntityNameLists, entity_sections.name_lists);
        container.add(SectionKind::EntityPostings, entity_sections.postings);
        container.add(SectionKind::DocEntities, entity_sections.doc_entities);
        container.add(SectionKind::SourceNames, source_sections.names);
        container.add(SectionKind::DocSources, source_sections.docs);
        container.add(SectionKind::Mentions, entity_sections.mentions);
        if self.options.store {
            container.add_pieces(SectionKind::Store, self.store.finish_pieces());
        }
        Ok(container)
    }
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

/// Runs the recogniser over the title (as a headline), the standfirst and the body as one
/// document, so that a name keeps its type across them.
fn recognise(article: &Article) -> Result<Vec<FoundMention>> {
    let fields = [(Field::Title, TextKind::Headline), (Field::Description, TextKind::Text), (Field::Body, TextKind::Text)];
    let sections = fields.map(|(field, kind)| (kind, field_text(article, field)));
    let mut found = Vec::new();
    for ((field, _), mentions) in fields.iter().zip(Model::embedded().tag_sections(&sections)) {
        for mention in mentions {
            let (Ok(start), Ok(end)) = (u32::try_from(mention.start), u32::try_from(mention.end)) else {
                return Err(ErrorKind::TooLarge { what: format!("article {:?}", article.id), limit: u64::from(u32::MAX) }.into());
            };
            found.push(FoundMention { span: Span { field: *field, start, end }, kind: mention.kind });
        }
    }
    Ok(found)
}

/// Builds an fst map from keys in ascending byte order.
fn build_map<'k>(section: &'static str, entries: impl Iterator<Item = (&'k str, u64)>) -> Result<Vec<u8>> {
    let mut builder = MapBuilder::memory();
    for (key, value) in entries {
        builder.insert(key, value).map_err(|e| Error::corrupt(section, e.to_string()))?;
    }
    builder.into_inner().map_err(|e| Error::corrupt(section, e.to_string()))
}
