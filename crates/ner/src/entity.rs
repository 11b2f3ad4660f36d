//! The public vocabulary of the recogniser: entity types, mentions and section kinds.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};

/// The four CoNLL-2003 entity types.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum EntityType {
    /// A person.
    Per,
    /// A location: a country, city, region, river, ...
    Loc,
    /// An organisation: a company, team, party, agency, ...
    Org,
    /// Other names: nationalities, events, languages, titles, ...
    Misc,
}

impl EntityType {
    /// All types, in the order used for label numbering.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Loc,
        EntityType::Org,
        EntityType::Misc,
    ];

    /// The CoNLL name of the type: `"PER"`, `"LOC"`, `"ORG"` or `"MISC"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// The position of the type in [`EntityType::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "PER" => Ok(EntityType::Per),
            "LOC" => Ok(EntityType::Loc),
            "ORG" => Ok(EntityType::Org),
            "MISC" => Ok(EntityType::Misc),
            _ => Err(Error::new(ErrorKind::UnknownEntityType(s.to_string()))),
        }
    }
}

/// One recognised name: a byte range of the input text and its type.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Mention {
    /// Byte offset of the first byte of the name (on a char boundary).
    pub start: usize,
    /// Byte offset just past the name (exclusive, on a char boundary).
    pub end: usize,
    /// What the name refers to.
    pub kind: EntityType,
    /// Whether the words around an occurrence of the name in the document settled its type (a
    /// product's, a club's or a fashion house's cue, a planet in an article about space): such
    /// a type is the article's own evidence, which a corpus's majority
    /// ([`CorpusVotes`](crate::CorpusVotes)) must not overrule.
    pub cued: bool,
}

/// The role of a piece of an article, which changes how capitalisation is read.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SectionKind {
    /// A title: often Title Case or ALL CAPS, so capitals say little.
    Headline,
    /// Running text: a standfirst, a caption or the body.
    Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(t.as_str().parse::<EntityType>().unwrap(), t);
        }
        assert!("PERSON".parse::<EntityType>().is_err());
    }
}
