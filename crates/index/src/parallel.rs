//! Tagging on every core: the recogniser is nearly all of a build's time with entities, and
//! each article is tagged on its own, so batches of articles are tagged on a thread pool ahead
//! of the builder, while the calling thread reads articles and indexes those already tagged,
//! in the order they came. The recogniser gives the same mentions for an article on any thread,
//! and the builder sees the articles in order, so the index bytes do not depend on the number
//! of threads.

use std::collections::VecDeque;
use std::sync::mpsc::{sync_channel, Receiver};

use newsdex_format::container::ContainerWriter;

use crate::builder::{recognise, IndexBuilder};
use crate::corpus::Article;
use crate::entities::FoundMention;
use crate::error::Result;

/// Articles in a batch: enough to make a pool task's overhead nothing beside the tagging
/// (about a millisecond an article), few enough that batches in flight hold little memory.
const BATCH: usize = 64;

/// A batch's articles, each with the recogniser's mentions or why it could not give them.
type Tagged = Vec<(Article, Option<Result<Vec<FoundMention>>>)>;

/// A batch on the pool: how many articles it has, and where they arrive tagged.
struct InFlight {
    articles: usize,
    tagged: Receiver<Tagged>,
}

/// An [`IndexBuilder`] whose articles are tagged on a thread pool of their own ahead of it.
/// Articles are indexed in the order inserted, as [`IndexBuilder::insert`] would, so the
/// index bytes are the same whatever the number of threads.
///
/// ```
/// use newsdex_index::{Article, IndexBuilder, ParallelBuilder};
/// let mut builder = ParallelBuilder::new(IndexBuilder::new(Default::default()), 2)?;
/// builder.insert(Article { id: "a".into(), title: "Kerry in Geneva".into(), ..Default::default() })?;
/// let bytes = builder.finish_sections()?.finish()?;
/// assert_eq!(&bytes[..7], b"NEWSDEX");
/// # Ok::<(), newsdex_index::Error>(())
/// ```
pub struct ParallelBuilder {
    builder: IndexBuilder,
    pool: rayon::ThreadPool,
    /// Articles not yet sent to the pool.
    batch: Vec<Article>,
    /// Batches on the pool, oldest first.
    in_flight: VecDeque<InFlight>,
    /// The most batches in flight before the oldest is indexed.
    depth: usize,
}

impl ParallelBuilder {
    /// Feeds `builder` through a pool of `threads` threads (0: one per core).
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`] when the threads cannot be started.
    pub fn new(builder: IndexBuilder, threads: usize) -> Result<ParallelBuilder> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|n| format!("newsdex-tag-{n}"))
            .build()
            .map_err(|e| newsdex_format::Error::io("the tagging threads", e))?;
        // Two batches a thread keep every thread busy while the oldest is indexed.
        let depth = 2 * pool.current_num_threads();
        Ok(ParallelBuilder {
            builder,
            pool,
            batch: Vec::with_capacity(BATCH),
            in_flight: VecDeque::new(),
            depth,
        })
    }

    /// The number of articles inserted, indexed or not yet.
    pub fn len(&self) -> usize {
        self.builder.len()
            + self.batch.len()
            + self.in_flight.iter().map(|b| b.articles).sum::<usize>()
    }

    /// Whether no article has been inserted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds an article, after those inserted before it.
    ///
    /// # Errors
    /// As [`IndexBuilder::insert`], for this article or for one inserted before it: articles
    /// are indexed a few batches after they are inserted.
    pub fn insert(&mut self, article: Article) -> Result<()> {
        if !self.builder.tags_entities() {
            return self.builder.insert(&article);
        }
        self.batch.push(article);
        if self.batch.len() == BATCH {
            self.send();
            while self.in_flight.len() > self.depth {
                self.index_oldest()?;
            }
        }
        Ok(())
    }

    /// Indexes every article inserted, and gives each one's signature (see
    /// [`IndexBuilder::signatures`]).
    ///
    /// # Errors
    /// As [`ParallelBuilder::insert`].
    pub fn signatures(&mut self) -> Result<&[Option<crate::stories::Signature>]> {
        self.index_all()?;
        Ok(self.builder.signatures())
    }

    /// Indexes every article inserted and returns the builder.
    ///
    /// # Errors
    /// As [`ParallelBuilder::insert`].
    pub fn finish(mut self) -> Result<IndexBuilder> {
        self.index_all()?;
        Ok(self.builder)
    }

    /// Indexes every article inserted and works out the index's sections, as
    /// [`IndexBuilder::finish_sections`], on the pool's threads where that can be shared
    /// (related stories).
    ///
    /// # Errors
    /// As [`ParallelBuilder::insert`] and [`IndexBuilder::finish_sections`].
    pub fn finish_sections(mut self) -> Result<ContainerWriter> {
        self.index_all()?;
        let ParallelBuilder { builder, pool, .. } = self;
        pool.install(|| builder.finish_sections())
    }

    /// Indexes every article inserted.
    fn index_all(&mut self) -> Result<()> {
        self.send();
        while !self.in_flight.is_empty() {
            self.index_oldest()?;
        }
        Ok(())
    }

    /// Sends the current batch to the pool.
    fn send(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let articles = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        let count = articles.len();
        let (sender, tagged) = sync_channel(1);
        let read: Vec<bool> = articles
            .iter()
            .map(|article| self.builder.recognises(article))
            .collect();
        self.pool.spawn(move || {
            let tagged = articles
                .into_iter()
                .zip(read)
                .map(|(article, read)| {
                    let found = read.then(|| recognise(&article));
                    (article, found)
                })
                .collect();
            // The receiver is gone only when the build stopped early; nothing waits then.
            let _ = sender.send(tagged);
        });
        self.in_flight.push_back(InFlight {
            articles: count,
            tagged,
        });
    }

    /// Waits for the oldest batch's mentions and indexes its articles.
    fn index_oldest(&mut self) -> Result<()> {
        let Some(batch) = self.in_flight.pop_front() else {
            return Ok(());
        };
        // The pool aborts the process when a task panics, so a batch always arrives; were
        // one lost all the same, the build stops rather than leave its articles out.
        let tagged = batch.tagged.recv().map_err(|_| {
            newsdex_format::Error::io(
                "the tagging threads",
                format!("{} articles were lost", batch.articles),
            )
        })?;
        for (article, found) in tagged {
            self.builder.insert_found(&article, found)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn article(n: usize) -> Article {
        Article {
            id: format!("a{n}"),
            title: format!("Talks in Geneva, round {n}"),
            body: "John Kerry met Sergei Lavrov.".into(),
            ..Article::default()
        }
    }

    #[test]
    fn an_error_in_a_later_batch_stops_the_build_with_that_article_named() {
        let mut builder =
            ParallelBuilder::new(IndexBuilder::new(Default::default()), 2).expect("a pool");
        let mut articles: Vec<Article> = (0..5 * BATCH).map(article).collect();
        articles[3 * BATCH + 5].id = "a7".into();
        let mut failed = None;
        for a in articles {
            if let Err(e) = builder.insert(a) {
                failed = Some(e);
                break;
            }
        }
        let failed = match failed {
            Some(e) => e,
            None => builder.finish().err().expect("the duplicate is refused"),
        };
        assert!(
            matches!(failed.kind(), ErrorKind::DuplicateId { id, .. } if id == "a7"),
            "{failed}"
        );
    }

    #[test]
    fn every_article_is_indexed_whatever_the_batches() {
        for count in [0, 1, BATCH - 1, BATCH, 9 * BATCH + 3] {
            let mut builder =
                ParallelBuilder::new(IndexBuilder::new(Default::default()), 2).expect("a pool");
            for n in 0..count {
                builder.insert(article(n)).unwrap();
            }
            assert_eq!(builder.len(), count);
            assert_eq!(builder.finish().unwrap().len(), count);
        }
    }
}
