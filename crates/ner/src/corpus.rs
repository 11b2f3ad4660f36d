//! One type per name across a corpus, after every document is tagged: a name the documents of
//! a corpus typed one way many times over votes on the type of its few dissenting documents
//! (Ratinov & Roth 2009's non-local features, applied as a second pass over the corpus). Within
//! a document every occurrence already has one type (`consistency.rs`), so a document is one
//! vote.
//!
//! The evidence of one document is weak against that of many: a name the tagger typed ORG in one
//! story and LOC in twenty is a place. But two things of different types can share a name, and a
//! minority large enough to be one is kept: it must be both a small share and outnumbered by
//! [`MIN_MAJORITY`] documents or more to follow.

use std::collections::HashMap;

use crate::entity::EntityType;

/// The fewest documents the majority type must have to overrule another.
pub const MIN_MAJORITY: u32 = 3;

/// The majority overrules a type only when it has at least this many times its documents.
pub const MAJORITY_RATIO: u32 = 4;

/// The type a name typed `own` in a document takes, given the number of documents of the corpus
/// that typed it each way (`votes`, indexed by [`EntityType::index`], that document included):
/// the type of most documents when they are at least [`MIN_MAJORITY`] and [`MAJORITY_RATIO`]
/// times as many as those of `own`; `own` otherwise. Ties keep `own`, so the result does not
/// depend on the order documents came in.
///
/// ```
/// use newsdex_ner::{corpus_type, EntityType::{Loc, Org}};
/// // Typed LOC in 12 stories and ORG in one: the lone ORG follows.
/// assert_eq!(corpus_type(&[0, 12, 1, 0], Org), Loc);
/// // ORG in 4 stories is a minority too large to be a slip: it stays.
/// assert_eq!(corpus_type(&[0, 12, 4, 0], Org), Org);
/// ```
pub fn corpus_type(votes: &[u32; 4], own: EntityType) -> EntityType {
    let mut best = own;
    for kind in EntityType::ALL {
        if votes[kind.index()] > votes[best.index()] {
            best = kind;
        }
    }
    let (top, mine) = (votes[best.index()], votes[own.index()]);
    if top >= MIN_MAJORITY && top >= MAJORITY_RATIO.saturating_mul(mine) {
        best
    } else {
        own
    }
}

/// The votes of a corpus's documents on the type of each name, by a key of the name (the caller
/// chooses how names are keyed: the index links spellings first, the benches lower-case them).
#[derive(Clone, Debug, Default)]
pub struct CorpusVotes {
    votes: HashMap<String, [u32; 4]>,
}

impl CorpusVotes {
    /// No votes yet.
    pub fn new() -> CorpusVotes {
        CorpusVotes::default()
    }

    /// Adds one document's names; a name the document holds several times votes once per type.
    pub fn add_document<'a>(&mut self, names: impl IntoIterator<Item = (&'a str, EntityType)>) {
        let mut seen: Vec<(&str, EntityType)> = names.into_iter().collect();
        seen.sort_unstable();
        seen.dedup();
        for (key, kind) in seen {
            match self.votes.get_mut(key) {
                Some(votes) => votes[kind.index()] += 1,
                None => {
                    let mut votes = [0; 4];
                    votes[kind.index()] = 1;
                    self.votes.insert(key.to_owned(), votes);
                }
            }
        }
    }

    /// The type the name `key`, typed `own` in one of the documents added, takes in the corpus
    /// (see [`corpus_type`]); `own` for a name no document added.
    pub fn kind(&self, key: &str, own: EntityType) -> EntityType {
        self.votes
            .get(key)
            .map_or(own, |votes| corpus_type(votes, own))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::{Loc, Misc, Org, Per};

    #[test]
    fn a_lone_dissent_follows_a_large_majority() {
        assert_eq!(corpus_type(&[0, 3, 0, 0], Loc), Loc);
        assert_eq!(corpus_type(&[1, 4, 0, 0], Per), Loc);
        assert_eq!(corpus_type(&[1, 3, 0, 0], Per), Per, "under 4 to 1");
        assert_eq!(corpus_type(&[0, 8, 2, 0], Org), Loc);
        assert_eq!(corpus_type(&[0, 7, 2, 0], Org), Org, "under 4 to 1");
        assert_eq!(
            corpus_type(&[0, 2, 0, 0], Misc),
            Misc,
            "no vote for it, too few against"
        );
        assert_eq!(corpus_type(&[0, 2, 0, 1], Misc), Misc, "too few documents");
    }

    #[test]
    fn ties_and_the_majority_keep_their_own_type() {
        assert_eq!(corpus_type(&[5, 5, 0, 0], Per), Per);
        assert_eq!(corpus_type(&[5, 5, 0, 0], Loc), Loc);
        assert_eq!(corpus_type(&[9, 1, 1, 0], Per), Per);
        assert_eq!(corpus_type(&[u32::MAX, 1, 0, 0], Loc), Per, "no overflow");
    }

    #[test]
    fn documents_vote_once_per_name_and_type() {
        let mut votes = CorpusVotes::new();
        votes.add_document([("harbor bridge", Org), ("harbor bridge", Org)]);
        for _ in 0..4 {
            votes.add_document([("harbor bridge", Loc), ("eastport", Loc)]);
        }
        assert_eq!(votes.kind("harbor bridge", Org), Loc);
        assert_eq!(votes.kind("eastport", Loc), Loc);
        assert_eq!(votes.kind("unseen", Misc), Misc);
        votes.add_document([("harbor bridge", Org)]);
        assert_eq!(votes.kind("harbor bridge", Org), Org, "two against four");
    }
}
