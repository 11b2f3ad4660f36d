//! Searching a sharded index (`newsdex build --shards`): the core is opened like any index,
//! and each request either answers or names the ranges of the chunk files it needs first.
//! The caller fetches them however it can (HTTP range requests, whole chunks, files) and
//! supplies them; fetched bytes are kept, so a range is fetched once.

use std::ops::Range;

use crate::error::{Error, ErrorKind, Result};
use newsdex_index::Article;
use newsdex_ner::EntityType;

use crate::index::pack::{coalesce, Fetched};
use crate::index::pieces::Inflated;
use crate::index::{Index, View};
use crate::read::memo::Memo;
use crate::read::search::search;
use crate::update::stored_articles;
use crate::views::article::article;
use crate::views::entities::{entity_by_id, link, suggest};
use crate::views::highlight::marks;
use crate::views::results::{
    ArticleView, EntityView, Hit, Mark, SearchOptions, SearchResults, Suggestions,
};
use crate::views::stories::{duplicates, related};

/// A request to a sharded index asks for at most this many rounds of fetches: one for each
/// clause and exclusion of a query (at most 32 of each) and two more. A reader that is still
/// asked after as many rounds is being given other bytes than the chunks'.
pub const MAX_FETCH_ROUNDS: usize = 70;

/// What a request to a sharded index came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<T, R = Range<u64>> {
    /// The answer.
    Done(T),
    /// The request needs these ranges of the pack (sorted, disjoint) first: fetch them, hand
    /// them to [`Sharded::supply`] and ask again (a segmented index's name their parts).
    Fetch(Vec<R>),
}

/// A sharded index's core and the bytes of its chunks fetched so far. A single-file index
/// opens too, and never asks for anything.
///
/// ```
/// use newsdex::{BuildOptions, Index, IndexBuilder, Sharded, SearchOptions, Step};
/// use newsdex_format::shards;
///
/// // Built as `--shards` builds: packed postings carry the norms that a core leaves out.
/// let options = BuildOptions { packed_postings: true, deflated_store: true, ..BuildOptions::default() };
/// let mut builder = IndexBuilder::new(options);
/// for article in Index::embedded()?.articles()? {
///     builder.insert(&article)?;
/// }
/// let whole = Index::from_bytes(builder.finish()?)?;
/// let split = shards::split(whole.as_bytes(), "seeds", shards::MIN_CHUNK_BYTES)?;
/// let chunks: Vec<Vec<u8>> = (0..split.chunks.count()).map(|k| split.chunk(k).to_vec()).collect();
/// let mut sharded = Sharded::open(split.core.clone())?;
/// let chunk_bytes = split.chunks.chunk_bytes;
/// let answer = loop {
///     match sharded.search("lavrov", &SearchOptions::default())? {
///         Step::Done(results) => break results,
///         Step::Fetch(ranges) => {
///             for range in ranges {
///                 // Read range from the chunk files (a range may span two).
///                 let bytes: Vec<u8> = (range.start..range.end)
///                     .map(|b| chunks[(b / chunk_bytes) as usize][(b % chunk_bytes) as usize])
///                     .collect();
///                 sharded.supply(range.start, bytes)?;
///             }
///         }
///     }
/// };
/// assert_eq!(answer.hits, whole.search("lavrov", &SearchOptions::default())?.hits);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Sharded<B = Box<[u8]>> {
    index: Index<B>,
    fetched: Fetched,
    inflated: Inflated,
    memo: Memo,
}

impl<B: AsRef<[u8]>> Sharded<B> {
    /// Opens a core (or a single-file index) with the checks of [`Index::from_bytes`].
    ///
    /// # Errors
    /// As [`Index::from_bytes`].
    pub fn open(core: B) -> Result<Sharded<B>> {
        Ok(Sharded {
            index: Index::from_bytes(core)?,
            fetched: Fetched::default(),
            inflated: Inflated::default(),
            memo: Memo::default(),
        })
    }

    /// The core, for its figures and its chunks.
    pub fn index(&self) -> &Index<B> {
        &self.index
    }

    pub(crate) fn view(&self) -> Result<View<'_>> {
        self.index
            .view_with(Some(&self.fetched), Some(&self.inflated))
    }

    /// Searches, as [`Index::search`], once the ranges it needs are supplied.
    ///
    /// # Errors
    /// As [`Index::search`].
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Step<SearchResults>> {
        step(search(&self.view()?, query, options, self.memo()))
    }

    /// An article, as [`Index::article`], once its stored text is supplied.
    ///
    /// # Errors
    /// As [`Index::article`].
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<Step<ArticleView>> {
        step(article(&self.view()?, id, query))
    }

    /// The entity with `id`, as [`Index::entity`], once its pieces are supplied.
    ///
    /// # Errors
    /// As [`Index::entity`].
    pub fn entity(&self, id: &str) -> Result<Step<EntityView>> {
        step(entity_by_id(&self.view()?, id, true))
    }

    /// Every entity of the index, in order of first appearance, as a segment added after it
    /// links its names against them ([`newsdex_index::IndexBuilder::know_entities`]), once
    /// the entity table and postings are supplied.
    ///
    /// # Errors
    /// [`ErrorKind::Format`] for a damaged entity table.
    #[cfg(feature = "segments")]
    pub fn known_entities(&self) -> Result<Step<Vec<newsdex_index::entities::KnownEntity>>> {
        step(crate::views::entities::known_entities(&self.view()?))
    }

    /// The entity with `id`, as [`Index::entity_brief`], once its piece is supplied.
    ///
    /// # Errors
    /// As [`Index::entity`].
    pub fn entity_brief(&self, id: &str) -> Result<Step<EntityView>> {
        step(entity_by_id(&self.view()?, id, false))
    }

    /// Related stories, as [`Index::related`], once their pieces are supplied.
    ///
    /// # Errors
    /// As [`Index::related`].
    pub fn related(&self, id: &str, limit: usize) -> Result<Step<Vec<Hit>>> {
        step(related(&self.view()?, id, limit))
    }

    /// The copies of a story, as [`Index::duplicates`], once their pieces are supplied.
    ///
    /// # Errors
    /// As [`Index::duplicates`].
    pub fn duplicates(&self, id: &str) -> Result<Step<Vec<String>>> {
        step(duplicates(&self.view()?, id))
    }

    /// Completions, as [`Index::suggest`], once their pieces are supplied.
    ///
    /// # Errors
    /// As [`Index::suggest`].
    pub fn suggest(&self, text: &str) -> Result<Step<Suggestions>> {
        step(suggest(&self.view()?, text))
    }

    /// The entity a name links to, as [`Index::link`], once its pieces are supplied.
    ///
    /// # Errors
    /// As [`Index::link`].
    pub fn link(&self, kind: EntityType, name: &str) -> Result<Step<Option<String>>> {
        step(link(&self.view()?, kind, name))
    }

    /// The matches of `query` in `text`, as [`Index::marks`], once the pieces of its words are
    /// supplied.
    ///
    /// # Errors
    /// As [`Index::marks`].
    pub fn marks(&self, text: &str, query: &str) -> Result<Step<Vec<Mark>>> {
        step(marks(&self.view()?, text, query))
    }

    /// The articles numbered `docs` (in the order they were built; clamped to the index's),
    /// as [`Index::articles`], once the pieces and texts are supplied (two rounds: where the
    /// texts are, then the texts). An archive is read a range at a time, each range's bytes
    /// dropped with [`Sharded::forget`] before the next.
    ///
    /// # Errors
    /// As [`Index::articles`].
    pub fn articles(&self, docs: Range<u32>) -> Result<Step<Vec<Article>>> {
        step(stored_articles(&self.view()?, docs))
    }

    /// Keeps `bytes` as the pack's bytes from `start` on.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidOption`] when they reach past the pack's end (they cannot be this
    /// index's bytes).
    pub fn supply(&mut self, start: u64, bytes: Vec<u8>) -> Result<()> {
        let pack = self.index.chunks().map_or(0, |chunks| chunks.pack_bytes());
        let end = start.checked_add(bytes.len() as u64);
        if end.is_none_or(|end| end > pack) {
            return Err(ErrorKind::InvalidOption {
                name: "supply",
                message: format!(
                    "got {} bytes from {start}, past the end of the index's {pack} bytes of chunks",
                    bytes.len()
                ),
            }
            .into());
        }
        let range = start..end.unwrap_or(start);
        self.fetched.insert(start, bytes);
        if let (Some(chunks), Some(directory)) = (self.index.chunks(), self.index.directory()) {
            self.inflated
                .take((chunks, directory), &self.fetched, range)?;
        }
        Ok(())
    }

    /// The fetched bytes kept, as spans of the pack (where each starts, and its bytes): what
    /// another reader of the same index can be supplied with, so as not to fetch them again.
    pub fn fetched(&self) -> impl Iterator<Item = (u64, &[u8])> {
        self.fetched.spans()
    }

    /// How many fetched bytes are kept (the pieces inflated from them included).
    pub fn fetched_bytes(&self) -> usize {
        self.fetched.bytes() + self.inflated.bytes()
    }

    /// Drops the fetched bytes (they are fetched again when needed).
    pub fn forget(&mut self) {
        self.retain(&[]);
    }

    /// Drops the fetched bytes outside `keep`, ranges of the pack: those that requests still
    /// under way have asked for, so that each finds again what it was given. A piece is kept
    /// when all of its bytes are.
    pub fn retain(&mut self, keep: &[Range<u64>]) {
        let keep = coalesce(keep.to_vec(), 0);
        self.fetched.retain(&keep);
        self.inflated.retain(&keep);
        self.memo.clear();
    }
}

impl<B: AsRef<[u8]>> Sharded<B> {
    /// The memo, for an index whose requests take rounds: a single-file one answers in one,
    /// and the lists kept would only cost it their hashing.
    pub(crate) fn memo(&self) -> Option<&Memo> {
        self.index.chunks().is_some().then_some(&self.memo)
    }
}

impl<B: AsRef<[u8]>> std::fmt::Debug for Sharded<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sharded")
            .field("index", &self.index)
            .field("fetched_bytes", &self.fetched.bytes())
            .finish()
    }
}

fn step<T>(result: Result<T>) -> Result<Step<T>> {
    match result {
        Ok(value) => Ok(Step::Done(value)),
        Err(error) => match error.kind() {
            ErrorKind::NotFetched { ranges } => Ok(Step::Fetch(ranges.clone())),
            _ => Err::<Step<T>, Error>(error),
        },
    }
}
