//! Linking across the corpus. Entities of different articles with the same type and name key
//! are one entity. Then spelling variants of one person merge (same surname, the other words
//! each one edit apart, as transliterations differ: "Sergei Lavrov" / "Sergey Lavrov"), and a
//! person known only by a surname in an article joins the one full name in the corpus that
//! ends with it ("Lavrov" → "Sergei Lavrov"), or the one of several that is in many times
//! more articles than the others ("Blair" → "Tony Blair"). Before those, a name that a few
//! articles typed against a large majority of the others takes the majority's type
//! ("Sheffield" ORG in one story, LOC in twenty). Each entity gets an id, a canonical name, its
//! aliases and its articles.
//!
//! What the registry keeps grows with the distinct names of the corpus, not with its articles:
//! each article's mentions go to a stream ([`DocMentions`]), in a temporary file for a build
//! with a memory budget, which is read again at the end to count each entity's articles and to
//! write the per-article sections. For the 1M-article archive that is most of the registry.
//!
//! A segment added to an index links against the entities of the segments before it
//! ([`EntityRegistry::know`]): their names join the registry before the new articles, as
//! the earlier articles' names would in a build of them all, so a new mention of a known name
//! (or a short form of one, or a variant spelling) gets the known entity's id. What the entity
//! tables keep is less than what the articles gave (the type each name ended with, its
//! spellings in order but not their counts, the entity's articles but not each name's), so
//! a known name's votes are its entity's articles, and a known name keeps its type: a new
//! article's name of another type joins it when the votes' majority says so, and otherwise
//! stays an entity of its own, which a build of all the articles may have typed as the
//! known one (the older segments' files keep their bytes; `compact` builds them all).

use std::collections::{BTreeMap, HashMap, HashSet};

use newsdex_format::entities::{EntityRecord, Span};
use newsdex_format::spill::{Piece, Sink, SpillDir};
use newsdex_format::{varint, Field};
use newsdex_ner::{corpus_type, EntityType};

use super::link::LinkedArticle;
use super::names::{key as name_key, slug, tokens};
use crate::error::Result;

/// A lone surname joins the commonest full name that ends with it when that one is in at least
/// this many times the articles of the next.
const DOMINANT_NAME: usize = 5;

/// An entity of the whole corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The id: type code and slug of [`Entity::id_name`] (`per/sergei-lavrov`), with `-n`
    /// appended when another entity's name slugs alike.
    pub id: String,
    /// The alias the id is made from: a spelling of the name the entity was first seen by, in
    /// doc order. Not the canonical name, so that an append that brings a fuller name ("John
    /// Kerry" after "Kerry") does not change the id that pages link to.
    pub id_name: String,
    /// The `n` of that `-n` (0 for none).
    pub suffix: u32,
    /// The type.
    pub kind: EntityType,
    /// The canonical name.
    pub name: String,
    /// Every spelling seen, most mentioned first (the canonical name among them).
    pub aliases: Vec<String>,
    /// The articles mentioning it, by doc number, with their mention counts.
    pub docs: Vec<(u32, u32)>,
    /// Mentions over the corpus.
    pub mentions: u32,
}

/// An entity of the segments before the one being built, as their entity tables hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownEntity {
    /// The type.
    pub kind: EntityType,
    /// The spelling its id is made from ([`Entity::id_name`]).
    pub id_name: String,
    /// The `n` of its id's `-n` (0 for none).
    pub suffix: u32,
    /// The canonical name.
    pub name: String,
    /// Every spelling, the canonical name first, then the others most mentioned first.
    pub aliases: Vec<String>,
    /// The articles mentioning it.
    pub articles: u32,
}

impl KnownEntity {
    /// The entity an index stores as `record`.
    pub fn of(record: &EntityRecord<'_>) -> KnownEntity {
        KnownEntity {
            kind: record.kind,
            id_name: record.id_name().to_owned(),
            suffix: record.suffix,
            name: record.name.to_owned(),
            aliases: record.aliases().into_iter().map(str::to_owned).collect(),
            articles: record.articles,
        }
    }

    /// Its id.
    pub fn id(&self) -> String {
        let base = slug(self.kind, &name_key(&self.id_name));
        match self.suffix {
            0 => base,
            n => format!("{base}-{n}"),
        }
    }

    /// The bytes it holds, about: what a registry that knows it counts against a build's
    /// memory budget.
    pub fn heap_bytes(&self) -> usize {
        let strings = self.aliases.iter().map(|a| a.len() + 24).sum::<usize>();
        std::mem::size_of::<KnownEntity>() + self.id_name.len() + self.name.len() + strings
    }
}

/// The corpus's entities and every article's mentions of them.
pub struct EntityTables {
    /// The entities, ordered by id.
    pub entities: Vec<Entity>,
    /// Per doc: each mention's span and entity ordinal.
    pub mentions: DocMentions,
}

impl Default for EntityTables {
    fn default() -> EntityTables {
        EntityTables {
            entities: Vec::new(),
            mentions: DocMentions::from_lists(&[]),
        }
    }
}

/// Every article's mentions, in doc order, each record the byte length of the article's
/// mentions (u32, little-endian), then per mention its field, start, length and member as
/// varints; read back with the member mapped to its entity's ordinal.
pub struct DocMentions {
    stream: Piece,
    docs: usize,
    ordinal_of_member: Vec<u32>,
}

impl DocMentions {
    /// The mentions of each doc in `lists`, entities given by ordinal.
    pub fn from_lists(lists: &[Vec<(Span, u32)>]) -> DocMentions {
        let mut stream = Sink::Memory(Vec::new());
        let mut scratch = Vec::new();
        let mut members = 0;
        for list in lists {
            let list: Vec<(Span, usize)> = list.iter().map(|&(s, e)| (s, e as usize)).collect();
            members = list.iter().map(|m| m.1 + 1).fold(members, usize::max);
            write_doc(&mut stream, &mut scratch, &list).expect("memory takes any write");
        }
        DocMentions {
            stream: stream.finish().expect("memory takes any write"),
            docs: lists.len(),
            ordinal_of_member: (0..members as u32).collect(),
        }
    }

    /// Calls `each` with every doc's mentions, in doc order (spans as recorded).
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`] when the temporary file cannot be read;
    /// [`newsdex_format::ErrorKind::Corrupt`] when it does not hold what was written.
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(u32, &[(Span, u32)]) -> Result<()>,
    ) -> Result<()> {
        let corrupt = || newsdex_format::Error::corrupt("the entity mentions", "cut short");
        let mut record = Vec::new();
        let mut mentions = Vec::new();
        let mut at = 0;
        if let Piece::Spilled(file) = &mut self.stream {
            file.rewind()?;
        }
        for doc in 0..self.docs {
            record.clear();
            let bytes: &[u8] = match &mut self.stream {
                Piece::Bytes(bytes) => {
                    let len = bytes.get(at..at + 4).ok_or_else(corrupt)?;
                    let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
                    at += 4 + len;
                    bytes.get(at - len..at).ok_or_else(corrupt)?
                }
                Piece::Spilled(file) => {
                    let mut len = [0; 4];
                    file.read_exact(&mut len)?;
                    file.read_into(&mut record, u32::from_le_bytes(len) as usize)?;
                    &record
                }
            };
            mentions.clear();
            let mut pos = 0;
            while pos < bytes.len() {
                let mut next = || varint::read_u32(bytes, &mut pos).ok_or_else(corrupt);
                let field = *Field::ALL.get(next()? as usize).ok_or_else(corrupt)?;
                let start = next()?;
                let end = start + next()?;
                let member = next()? as usize;
                let ordinal = *self.ordinal_of_member.get(member).ok_or_else(corrupt)?;
                mentions.push((Span { field, start, end }, ordinal));
            }
            each(doc as u32, &mentions)?;
        }
        Ok(())
    }
}

/// Appends one doc's mentions (span, member) to `stream`.
fn write_doc(stream: &mut Sink, scratch: &mut Vec<u8>, mentions: &[(Span, usize)]) -> Result<()> {
    scratch.clear();
    for (span, member) in mentions {
        varint::write_u32(scratch, span.field as u32);
        varint::write_u32(scratch, span.start);
        varint::write_u32(scratch, span.end - span.start);
        varint::write_u32(scratch, *member as u32);
    }
    let len = u32::try_from(scratch.len()).map_err(|_| {
        newsdex_format::Error::from(newsdex_format::ErrorKind::TooLarge {
            what: "the entity mentions of an article".into(),
            limit: u64::from(u32::MAX),
        })
    })?;
    stream.write(&len.to_le_bytes())?;
    stream.write(scratch)?;
    Ok(())
}

/// What one (type, key) accumulates over the corpus.
struct Member {
    kind: EntityType,
    key: String,
    spellings: HashMap<String, u32>,
    /// The article-level canonical spellings, with the number of articles using each.
    names: HashMap<String, u32>,
    /// The articles naming it.
    articles: u32,
    /// Whether the words around it in one of those articles settled its type.
    cued: bool,
    /// The known entity it is a name of ([`EntityRegistry::know`]), whose type it keeps.
    known: Option<u32>,
    /// The articles of this build naming it.
    fresh: u32,
    /// Whether it is only a spelling of a known entity, and no article of this build's names
    /// it (see [`EntityRegistry::alias_member`]).
    alias: bool,
}

impl Member {
    /// A member of name `key` of type `kind`, nothing counted.
    fn new(kind: EntityType, key: String) -> Member {
        Member {
            kind,
            key,
            spellings: HashMap::new(),
            names: HashMap::new(),
            articles: 0,
            cued: false,
            known: None,
            fresh: 0,
            alias: false,
        }
    }
}

/// Collects linked articles and links them across the corpus.
pub struct EntityRegistry {
    members: Vec<Member>,
    /// The entities of earlier segments, in order of first appearance.
    known: Vec<KnownEntity>,
    /// Pairs of members that are names of one known entity.
    known_names: Vec<(usize, usize)>,
    index: HashMap<(EntityType, String), usize>,
    mentions: Sink,
    docs: usize,
    scratch: Vec<(Span, usize)>,
    bytes: Vec<u8>,
}

impl Default for EntityRegistry {
    fn default() -> EntityRegistry {
        EntityRegistry::with_mentions(Sink::Memory(Vec::new()))
    }
}

impl EntityRegistry {
    /// An empty registry that keeps the mentions in memory.
    pub fn new() -> EntityRegistry {
        EntityRegistry::default()
    }

    /// An empty registry that keeps the mentions in a temporary file in `dir`.
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`] when no file can be made in `dir`.
    pub fn with_spill(dir: &SpillDir) -> Result<EntityRegistry> {
        Ok(EntityRegistry::with_mentions(Sink::new(
            Some(dir),
            "the entity mentions",
        )?))
    }

    fn with_mentions(mentions: Sink) -> EntityRegistry {
        EntityRegistry {
            members: Vec::new(),
            known: Vec::new(),
            known_names: Vec::new(),
            index: HashMap::new(),
            mentions,
            docs: 0,
            scratch: Vec::new(),
            bytes: Vec::new(),
        }
    }

    /// Links the articles to come against `known`, the entities of the segments before them
    /// in order of first appearance, as if their articles came first: each one's canonical
    /// name and the name its id is made from are members of the registry, holding every
    /// spelling of it, so that a name an article shares with one of them, a short form of one
    /// or a spelling variant links to it and gets its id. Only the entities the articles
    /// mention are in [`EntityRegistry::finish`]'s tables; a new entity's id is none of
    /// `known`'s.
    ///
    /// The other spellings are not names of it: an article that links a short name to a
    /// longer one ("Japanese" to "U.S.-Japanese") lists it among the longer one's spellings,
    /// though the short name alone is an entity of its own. They vote for its type
    /// ([`EntityRegistry::alias_member`]). The votes are what the tables keep: a known
    /// entity's articles count for its canonical name, the name of its id once, and each other
    /// spelling by its rank among them.
    pub fn know(&mut self, known: Vec<KnownEntity>) {
        // Segments built on their own may hold one id each: it is one entity to a reader.
        let mut anchor_of_id: HashMap<String, usize> = HashMap::new();
        for mut entity in known {
            let k = self.known.len() as u32;
            let id = entity.id();
            let canonical = self.known_member(k, entity.kind, &entity.name, entity.articles);
            let named = self.known_member(k, entity.kind, &entity.id_name, 1);
            for (rank, alias) in entity.aliases.iter().enumerate() {
                // The spellings' counts are not kept, only their order: weigh them by rank.
                let weight = (entity.articles / (rank as u32 + 1)).max(1);
                *self.members[canonical]
                    .spellings
                    .entry(alias.clone())
                    .or_default() += weight;
                self.alias_member(entity.kind, alias, weight);
            }
            let anchor = *anchor_of_id.entry(id).or_insert(canonical);
            self.known_names.push((anchor, canonical));
            self.known_names.push((anchor, named));
            // What an id needs is kept; the names went to the members.
            entity.aliases = Vec::new();
            entity.name = String::new();
            self.known.push(entity);
        }
    }

    /// Votes for `alias`, a spelling of a known entity of type `kind`, as a name of that
    /// type in `weight` articles: a member of its own unless a name of a known entity has its
    /// key, linked by the rules any name is (so a retyped name of a new article joins it),
    /// but no full name that a lone surname could join, as it may have been one only within
    /// an article.
    fn alias_member(&mut self, kind: EntityType, alias: &str, weight: u32) {
        let key = name_key(alias);
        if key.is_empty() {
            return;
        }
        let (member, made) = self.member(kind, key);
        let m = &mut self.members[member];
        m.alias |= made;
        if m.alias {
            m.articles += weight;
            *m.spellings.entry(alias.to_owned()).or_default() += weight;
            *m.names.entry(alias.to_owned()).or_default() += weight;
        }
    }

    /// The member of name `key` of type `kind`, made (nothing counted) when there is none, and
    /// whether it was.
    fn member(&mut self, kind: EntityType, key: String) -> (usize, bool) {
        let next = self.members.len();
        let member = *self.index.entry((kind, key.clone())).or_insert(next);
        if member == next {
            self.members.push(Member::new(kind, key));
        }
        (member, member == next)
    }

    /// The member for name `name` of known entity `k`, of type `kind`, in `articles` more.
    fn known_member(&mut self, k: u32, kind: EntityType, name: &str, articles: u32) -> usize {
        let (member, _) = self.member(kind, name_key(name));
        let m = &mut self.members[member];
        if m.alias {
            // Votes as a spelling before; a name of a known entity from now on.
            *m = Member::new(kind, std::mem::take(&mut m.key));
        }
        m.articles += articles;
        *m.names.entry(name.to_owned()).or_default() += articles;
        m.known.get_or_insert(k);
        member
    }

    /// The bytes the known entities hold, about (see [`KnownEntity::heap_bytes`]), with their
    /// members' maps.
    pub fn known_bytes(&self) -> usize {
        let members: usize = self
            .members
            .iter()
            .filter(|m| m.known.is_some() || m.alias)
            .map(|m| {
                // The member, its key twice (here and in the index), each map entry's string,
                // count and slot.
                let entries = m.spellings.keys().chain(m.names.keys());
                std::mem::size_of::<Member>()
                    + 2 * m.key.len()
                    + 64
                    + entries.map(|s| s.len() + 48).sum::<usize>()
            })
            .sum();
        members
            + self
                .known
                .iter()
                .map(KnownEntity::heap_bytes)
                .sum::<usize>()
    }

    /// Adds article `doc` (numbered from 0, in order).
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`] when the mentions' temporary file cannot be written.
    pub fn add(&mut self, doc: u32, article: LinkedArticle) -> Result<()> {
        debug_assert_eq!(doc as usize, self.docs, "articles are added in doc order");
        let mut member_of = Vec::with_capacity(article.entities.len());
        for entity in article.entities {
            let (member, _) = self.member(entity.kind, entity.key);
            let m = &mut self.members[member];
            m.fresh += 1;
            m.alias = false;
            for (surface, count) in entity.surfaces {
                *m.spellings.entry(surface).or_default() += count;
            }
            *m.names.entry(entity.name).or_default() += 1;
            m.articles += 1;
            m.cued |= entity.cued;
            member_of.push(member);
        }
        self.scratch.clear();
        self.scratch.extend(
            article
                .mentions
                .iter()
                .map(|m| (m.span, member_of[m.entity])),
        );
        write_doc(&mut self.mentions, &mut self.bytes, &self.scratch)?;
        self.docs += 1;
        Ok(())
    }

    /// Links across the corpus and returns the entity tables.
    ///
    /// # Errors
    /// [`newsdex_format::ErrorKind::Io`] when the mentions' temporary file cannot be read.
    pub fn finish(self) -> Result<EntityTables> {
        let roots = self.roots();
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (member, &root) in roots.iter().enumerate() {
            groups.entry(root).or_default().push(member);
        }
        // A known entity that no article of this build names is the earlier segments' alone.
        let mut entities: Vec<(Entity, usize, bool)> = groups
            .into_iter()
            .filter(|(_, members)| members.iter().any(|&m| self.members[m].fresh > 0))
            .map(|(root, members)| {
                let known = members.iter().any(|&m| self.members[m].known.is_some());
                (self.entity(&members), root, known)
            })
            .collect();
        entities.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let known_ids: HashSet<String> = self.known.iter().map(KnownEntity::id).collect();
        disambiguate_ids(&mut entities, &known_ids);
        entities.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut ordinal_of_root = HashMap::new();
        for (ordinal, (_, root, _)) in entities.iter().enumerate() {
            ordinal_of_root.insert(*root, ordinal as u32);
        }
        let mut mentions = DocMentions {
            stream: self.mentions.finish()?,
            docs: self.docs,
            // A member of a group left out above has no mention to map.
            ordinal_of_member: roots
                .iter()
                .map(|root| ordinal_of_root.get(root).copied().unwrap_or(u32::MAX))
                .collect(),
        };
        let mut entities: Vec<Entity> = entities.into_iter().map(|(e, ..)| e).collect();
        // Each entity's articles, counted from the mentions as they are read back.
        let mut counts: Vec<(u32, u32)> = Vec::new();
        mentions.for_each(|doc, spans| {
            counts.clear();
            counts.extend(spans.iter().map(|&(_, entity)| (entity, 1)));
            counts.sort_unstable();
            for group in counts.chunk_by(|a, b| a.0 == b.0) {
                let entity = &mut entities[group[0].0 as usize];
                entity.docs.push((doc, group.len() as u32));
                entity.mentions += group.len() as u32;
            }
            Ok(())
        })?;
        Ok(EntityTables { entities, mentions })
    }

    /// The member each member merges into.
    fn roots(&self) -> Vec<usize> {
        let mut sets = UnionFind::new(self.members.len());
        for &(a, b) in &self.known_names {
            sets.union(a, b);
        }
        let words: Vec<Vec<&str>> = self.members.iter().map(|m| tokens(&m.key)).collect();
        let retyped = self.vote_on_types(&mut sets);
        let people: Vec<usize> = (0..self.members.len())
            .filter(|&m| self.members[m].kind == EntityType::Per && !retyped[m])
            .collect();

        // Spelling variants: full names with the same surname, other words one edit apart.
        let mut by_surname: BTreeMap<(&str, usize), Vec<usize>> = BTreeMap::new();
        for &m in &people {
            if let Some(&last) = words[m].last().filter(|_| words[m].len() >= 2) {
                by_surname
                    .entry((last, words[m].len()))
                    .or_default()
                    .push(m);
            }
        }
        for group in by_surname.values() {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let n = words[a].len() - 1;
                    if (0..n).all(|w| transliterations(words[a][w], words[b][w])) {
                        sets.union(a, b);
                    }
                }
            }
        }

        // A lone surname joins the one full name (after merging variants) that ends with it, or
        // the one that ends with it in many times more articles than any other ("Blair" is
        // Tony Blair in a corpus that mentions Cherie Blair now and then).
        let mut full_names: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut articles: BTreeMap<usize, usize> = BTreeMap::new();
        for &m in &people {
            if words[m].len() >= 2 && !self.members[m].alias {
                let root = sets.find(m);
                *articles.entry(root).or_default() += self.members[m].articles as usize;
                let list = full_names.entry(words[m][words[m].len() - 1]).or_default();
                if !list.contains(&root) {
                    list.push(root);
                }
            }
        }
        for &m in &people {
            let [surname] = words[m][..] else { continue };
            let Some(roots) = full_names.get(surname) else {
                continue;
            };
            let mut by_articles: Vec<(usize, usize)> =
                roots.iter().map(|&root| (articles[&root], root)).collect();
            by_articles.sort_unstable_by(|a, b| b.cmp(a));
            let dominant = match by_articles[..] {
                [(_, root)] => Some(root),
                [(most, root), (next, _), ..] if most >= DOMINANT_NAME * next => Some(root),
                _ => None,
            };
            if let Some(root) = dominant {
                sets.union(root, m);
            }
        }
        (0..self.members.len()).map(|m| sets.find(m)).collect()
    }

    /// One type per name across the corpus: a name that articles typed in several ways is, in
    /// the few articles that dissent from a large majority, of the majority's type
    /// ([`corpus_type`], each article one vote), so the facets do not list "Sheffield" as an
    /// organisation beside the place. A member whose type the words around it settled in one of
    /// its articles ("the PSP games console") keeps it: one article's telling context outweighs
    /// many articles' guesses. Joins each such member to the majority's and returns which
    /// members were joined so.
    fn vote_on_types(&self, sets: &mut UnionFind) -> Vec<bool> {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (m, member) in self.members.iter().enumerate() {
            by_key.entry(&member.key).or_default().push(m);
        }
        let mut retyped = vec![false; self.members.len()];
        for group in by_key.values().filter(|g| g.len() > 1) {
            let mut votes = [0; 4];
            for &m in group {
                votes[self.members[m].kind.index()] += self.members[m].articles;
            }
            let fixed = |m: usize| self.members[m].cued || self.members[m].known.is_some();
            for &m in group.iter().filter(|&&m| !fixed(m)) {
                let kind = corpus_type(&votes, self.members[m].kind);
                if let Some(&majority) = group.iter().find(|&&o| self.members[o].kind == kind) {
                    if majority != m {
                        sets.union(majority, m);
                        retyped[m] = true;
                    }
                }
            }
        }
        retyped
    }

    /// The corpus entity made of `members` (ascending).
    fn entity(&self, members: &[usize]) -> Entity {
        let of = |m: usize| &self.members[m];
        // The canonical name comes from the fullest name, then the one in most articles.
        let canonical = *members
            .iter()
            .max_by(|&&a, &&b| {
                (
                    tokens(&of(a).key).len(),
                    of(a).articles,
                    std::cmp::Reverse(&of(a).key),
                )
                    .cmp(&(
                        tokens(&of(b).key).len(),
                        of(b).articles,
                        std::cmp::Reverse(&of(b).key),
                    ))
            })
            .expect("an entity has a member");
        let name = most_used(&of(canonical).names);
        let mut spellings: BTreeMap<&str, u32> = BTreeMap::new();
        let mut articles = 0;
        for &m in members {
            for (spelling, count) in &of(m).spellings {
                *spellings.entry(spelling).or_default() += count;
            }
            articles += of(m).fresh as usize;
        }
        let mut aliases: Vec<(&str, u32)> = spellings.into_iter().collect();
        aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let kind = of(canonical).kind;
        // Members are numbered in order of first appearance.
        let first = &of(members[0]).key;
        let id_name = aliases
            .iter()
            .map(|(alias, _)| *alias)
            .find(|alias| name_key(alias) == *first)
            .unwrap_or(&name)
            .to_owned();
        // The earliest known entity among the members lends its id.
        let earliest = members.iter().filter_map(|&m| of(m).known).min();
        let (id, id_name, suffix, kind) = match earliest {
            Some(k) => {
                let known = &self.known[k as usize];
                (known.id(), known.id_name.clone(), known.suffix, known.kind)
            }
            None => (slug(kind, &name_key(&id_name)), id_name, 0, kind),
        };
        Entity {
            id,
            id_name,
            suffix,
            kind,
            name,
            aliases: aliases.into_iter().map(|(a, _)| a.to_owned()).collect(),
            // Filled as the mentions are read back; members of one entity may share articles,
            // so their sum is only an upper bound.
            mentions: 0,
            docs: Vec::with_capacity(articles),
        }
    }
}

/// The spelling used by most articles; the alphabetically first on a tie.
fn most_used(names: &HashMap<String, u32>) -> String {
    let mut names: Vec<(&String, &u32)> = names.iter().collect();
    names.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    names.first().map(|(n, _)| (*n).clone()).unwrap_or_default()
}

/// Whether two words of a name can be spellings of one name: equal, or both at least five
/// letters long with the same first letter and one edit apart ("sergei" / "sergey").
fn transliterations(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len().min(b.len()) >= 5 && a[0] == b[0] && one_edit_apart(&a, &b)
}

fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match differ[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

/// The second and later entities whose names slug alike get `-2`, `-3` … (the first number
/// no other entity uses), so ids stay unique; so does a new entity whose id a known one has
/// (`known`, every id of [`EntityRegistry::know`]'s entities). A known entity (flagged) keeps
/// its id.
fn disambiguate_ids(entities: &mut [(Entity, usize, bool)], known: &HashSet<String>) {
    let mut taken: HashSet<String> = entities.iter().map(|(e, ..)| e.id.clone()).collect();
    taken.extend(known.iter().cloned());
    let mut previous: Option<String> = None;
    for (entity, _, is_known) in entities.iter_mut() {
        let base = entity.id.clone();
        if !*is_known && (previous.as_ref() == Some(&base) || known.contains(&base)) {
            let mut n = 2;
            while taken.contains(&format!("{base}-{n}")) {
                n += 1;
            }
            entity.id = format!("{base}-{n}");
            entity.suffix = n;
            taken.insert(entity.id.clone());
        }
        previous = Some(base);
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two sets; the smaller index becomes the root, so results do not depend on order.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (low, high) = (a.min(b), a.max(b));
        self.parent[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use newsdex_format::Field;

    use super::super::link::{ArticleEntity, LinkedMention};
    use super::*;

    /// An entity of a test article: its type, name, and surface forms with their mention counts.
    type TestEntity<'a> = (EntityType, &'a str, &'a [(&'a str, u32)]);

    fn article(entities: &[TestEntity<'_>]) -> LinkedArticle {
        let mut linked = LinkedArticle::default();
        for (i, (kind, name, surfaces)) in entities.iter().enumerate() {
            let mentions: u32 = surfaces.iter().map(|s| s.1).sum();
            linked.entities.push(ArticleEntity {
                kind: *kind,
                key: name_key(name),
                name: (*name).to_owned(),
                surfaces: surfaces
                    .iter()
                    .map(|(s, c)| ((*s).to_owned(), *c))
                    .collect(),
                mentions,
                cued: false,
            });
            for m in 0..mentions {
                linked.mentions.push(LinkedMention {
                    span: Span {
                        field: Field::Body,
                        start: 10 * i as u32 + m,
                        end: 10 * i as u32 + m + 1,
                    },
                    entity: i,
                });
            }
        }
        linked
    }

    fn find<'a>(tables: &'a EntityTables, id: &str) -> &'a Entity {
        tables
            .entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| {
                panic!(
                    "no {id} in {:?}",
                    tables.entities.iter().map(|e| &e.id).collect::<Vec<_>>()
                )
            })
    }

    use EntityType::*;

    #[test]
    fn one_name_in_many_articles_is_one_entity() {
        let mut registry = EntityRegistry::new();
        registry
            .add(0, article(&[(Loc, "Aleppo", &[("Aleppo", 2)])]))
            .unwrap();
        registry
            .add(
                1,
                article(&[
                    (Loc, "Aleppo", &[("Aleppo", 1)]),
                    (Org, "Aleppo", &[("Aleppo", 1)]),
                ]),
            )
            .unwrap();
        let tables = registry.finish().unwrap();
        let aleppo = find(&tables, "loc/aleppo");
        assert_eq!(aleppo.docs, [(0, 2), (1, 1)]);
        assert_eq!(aleppo.mentions, 3);
        assert_eq!(find(&tables, "org/aleppo").docs, [(1, 1)]);
    }

    #[test]
    fn a_name_a_few_articles_typed_against_a_large_majority_takes_its_type() {
        let mut articles: Vec<Vec<TestEntity<'_>>> = Vec::new();
        articles.extend((0..8).map(|_| vec![(Loc, "Washington", &[("Washington", 1)][..])]));
        articles.push(vec![
            (Per, "Washington", &[("Washington", 2)]),
            (Org, "Sheffield", &[("Sheffield", 1)]),
        ]);
        articles.push(vec![(
            Per,
            "George Washington",
            &[("George Washington", 1)],
        )]);
        articles.extend((0..2).map(|_| vec![(Org, "Sheffield", &[("Sheffield", 1)][..])]));
        articles.push(vec![(Loc, "Sheffield", &[("Sheffield", 1)])]);
        let mut registry = EntityRegistry::new();
        for (doc, entities) in articles.iter().enumerate() {
            registry.add(doc as u32, article(entities)).unwrap();
        }
        let mut tables = registry.finish().unwrap();
        let ids: Vec<&str> = tables.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "loc/sheffield",
                "loc/washington",
                "org/sheffield",
                "per/george-washington"
            ],
            "the lone PER follows the places and joins no person; 1 LOC against 3 ORG articles \
             is below the majority needed"
        );
        let washington = find(&tables, "loc/washington");
        assert_eq!(washington.docs.len(), 9);
        assert_eq!(washington.docs[8], (8, 2));
        assert_eq!(washington.mentions, 10);
        tables
            .mentions
            .for_each(|doc, spans| {
                if doc == 8 {
                    assert_eq!(spans.len(), 3);
                    assert!(spans[..2].iter().all(|&(_, e)| e == 1), "{spans:?}");
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn a_type_the_words_around_a_name_settled_is_not_outvoted() {
        // Four articles read the PSP as Sony's; one says "the PSP games console".
        let mut registry = EntityRegistry::new();
        for doc in 0..4 {
            registry
                .add(doc, article(&[(Org, "PSP", &[("PSP", 1)])]))
                .unwrap();
        }
        let mut cued = article(&[(Misc, "PSP", &[("PSP", 2)])]);
        cued.entities[0].cued = true;
        registry.add(4, cued).unwrap();
        // The same dissent without the cue follows the majority.
        registry
            .add(5, article(&[(Loc, "PSP", &[("PSP", 1)])]))
            .unwrap();
        let tables = registry.finish().unwrap();
        let ids: Vec<&str> = tables.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["misc/psp", "org/psp"]);
        assert_eq!(find(&tables, "misc/psp").docs, [(4, 2)]);
        assert_eq!(find(&tables, "org/psp").docs.len(), 5);
    }

    #[test]
    fn transliterated_first_names_merge_and_surnames_join() {
        let mut registry = EntityRegistry::new();
        registry
            .add(
                0,
                article(&[(Per, "Sergei Lavrov", &[("Sergei Lavrov", 1)])]),
            )
            .unwrap();
        registry
            .add(
                1,
                article(&[(Per, "Sergey Lavrov", &[("Sergey Lavrov", 1), ("Lavrov", 2)])]),
            )
            .unwrap();
        registry
            .add(2, article(&[(Per, "Lavrov", &[("Lavrov", 1)])]))
            .unwrap();
        let tables = registry.finish().unwrap();
        assert_eq!(tables.entities.len(), 1);
        let lavrov = &tables.entities[0];
        assert_eq!(
            (lavrov.id.as_str(), lavrov.name.as_str()),
            ("per/sergei-lavrov", "Sergei Lavrov")
        );
        assert_eq!(lavrov.aliases, ["Lavrov", "Sergei Lavrov", "Sergey Lavrov"]);
        assert_eq!(lavrov.docs, [(0, 1), (1, 3), (2, 1)]);
        let mut tables = tables;
        tables
            .mentions
            .for_each(|_, spans| {
                assert!(spans.iter().all(|&(_, e)| e == 0), "{spans:?}");
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn an_entity_keeps_the_id_of_the_name_it_was_first_seen_by() {
        let kerry = |registry: &mut EntityRegistry| {
            registry
                .add(0, article(&[(Per, "Kerry", &[("Kerry", 2)])]))
                .unwrap();
        };
        let mut before = EntityRegistry::new();
        kerry(&mut before);
        let before = before.finish().unwrap();
        let mut after = EntityRegistry::new();
        kerry(&mut after);
        after
            .add(
                1,
                article(&[(Per, "John Kerry", &[("John Kerry", 1), ("Kerry", 1)])]),
            )
            .unwrap();
        let after = after.finish().unwrap();
        assert_eq!(before.entities[0].id, "per/kerry");
        assert_eq!(after.entities.len(), 1);
        let entity = &after.entities[0];
        assert_eq!(
            (
                entity.id.as_str(),
                entity.name.as_str(),
                entity.id_name.as_str()
            ),
            ("per/kerry", "John Kerry", "Kerry"),
            "the fuller name arriving later names the entity but leaves its id"
        );
        assert_eq!(entity.docs, [(0, 2), (1, 2)]);
    }

    #[test]
    fn different_people_stay_apart() {
        let mut registry = EntityRegistry::new();
        registry
            .add(
                0,
                article(&[
                    (Per, "John Kerry", &[("John Kerry", 1)]),
                    (Per, "Joan Kerry", &[("Joan Kerry", 1)]),
                ]),
            )
            .unwrap();
        registry
            .add(
                1,
                article(&[
                    (Per, "Mark Smith", &[("Mark Smith", 1)]),
                    (Per, "Paul Smith", &[("Paul Smith", 1)]),
                    (Per, "Smith", &[("Smith", 1)]),
                ]),
            )
            .unwrap();
        let tables = registry.finish().unwrap();
        assert_eq!(
            tables.entities.len(),
            5,
            "{:?}",
            tables.entities.iter().map(|e| &e.id).collect::<Vec<_>>()
        );
        assert_eq!(find(&tables, "per/smith").docs, [(1, 1)]);
    }

    #[test]
    fn a_lone_surname_joins_a_full_name_that_dominates_it() {
        let mut registry = EntityRegistry::new();
        for doc in 0..10 {
            registry
                .add(doc, article(&[(Per, "Tony Blair", &[("Tony Blair", 1)])]))
                .unwrap();
        }
        registry
            .add(
                10,
                article(&[(Per, "Cherie Blair", &[("Cherie Blair", 1)])]),
            )
            .unwrap();
        registry
            .add(11, article(&[(Per, "Blair", &[("Blair", 2)])]))
            .unwrap();
        for doc in 12..16 {
            registry
                .add(
                    doc,
                    article(&[
                        (Per, "Paul Smith", &[("Paul Smith", 1)]),
                        (Per, "Mark Smith", &[("Mark Smith", 1)]),
                    ]),
                )
                .unwrap();
        }
        registry
            .add(16, article(&[(Per, "Mark Smith", &[("Mark Smith", 1)])]))
            .unwrap();
        registry
            .add(17, article(&[(Per, "Smith", &[("Smith", 1)])]))
            .unwrap();
        let tables = registry.finish().unwrap();
        assert!(
            find(&tables, "per/tony-blair").docs.contains(&(11, 2)),
            "ten articles against one"
        );
        assert_eq!(find(&tables, "per/cherie-blair").docs, [(10, 1)]);
        assert_eq!(
            find(&tables, "per/smith").docs,
            [(17, 1)],
            "five articles against four: no one dominates"
        );
    }

    #[test]
    fn colliding_slugs_get_numbers() {
        let mut registry = EntityRegistry::new();
        registry
            .add(
                0,
                article(&[
                    (Org, "AT&T", &[("AT&T", 1)]),
                    (Org, "AT T", &[("AT T", 1)]),
                    (Org, "AT+T", &[("AT+T", 1)]),
                    (Org, "AT T 2", &[("AT T 2", 1)]),
                ]),
            )
            .unwrap();
        let tables = registry.finish().unwrap();
        let ids: Vec<&str> = tables.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["org/at-t", "org/at-t-2", "org/at-t-3", "org/at-t-4"]);
        let suffixes: Vec<u32> = tables.entities.iter().map(|e| e.suffix).collect();
        assert_eq!(
            suffixes.iter().filter(|&&s| s == 0).count(),
            2,
            "{suffixes:?}"
        );
    }

    /// The entities of `tables` as a segment after them knows them, in order of first
    /// article.
    fn known(tables: &EntityTables) -> Vec<KnownEntity> {
        let mut entities: Vec<&Entity> = tables.entities.iter().collect();
        entities.sort_by_key(|e| e.docs[0].0);
        entities
            .into_iter()
            .map(|e| KnownEntity {
                kind: e.kind,
                id_name: e.id_name.clone(),
                suffix: e.suffix,
                name: e.name.clone(),
                aliases: std::iter::once(e.name.clone())
                    .chain(e.aliases.iter().filter(|a| **a != e.name).cloned())
                    .collect(),
                articles: e.docs.len() as u32,
            })
            .collect()
    }

    /// The tables of `articles` built in one registry.
    fn build(articles: &[Vec<TestEntity<'_>>]) -> EntityTables {
        let mut registry = EntityRegistry::new();
        for (doc, entities) in articles.iter().enumerate() {
            registry.add(doc as u32, article(entities)).unwrap();
        }
        registry.finish().unwrap()
    }

    /// The tables of `later` built as a segment after `earlier`'s, knowing its entities.
    fn after(earlier: &[Vec<TestEntity<'_>>], later: &[Vec<TestEntity<'_>>]) -> EntityTables {
        let mut registry = EntityRegistry::new();
        registry.know(known(&build(earlier)));
        for (doc, entities) in later.iter().enumerate() {
            registry.add(doc as u32, article(entities)).unwrap();
        }
        registry.finish().unwrap()
    }

    /// Each doc's entity ids, in mention order.
    fn ids_by_doc(tables: &mut EntityTables, first_doc: u32) -> Vec<Vec<String>> {
        let ids: Vec<String> = tables.entities.iter().map(|e| e.id.clone()).collect();
        let mut by_doc = Vec::new();
        tables
            .mentions
            .for_each(|doc, spans| {
                if doc >= first_doc {
                    by_doc.push(
                        spans
                            .iter()
                            .map(|&(_, e)| ids[e as usize].clone())
                            .collect(),
                    );
                }
                Ok(())
            })
            .unwrap();
        by_doc
    }

    #[test]
    fn a_segment_links_its_names_as_a_build_of_every_article_would() {
        let earlier: Vec<Vec<TestEntity<'_>>> = vec![
            vec![(Per, "John Kerry", &[("John Kerry", 1), ("Kerry", 2)])],
            vec![(Per, "Sergei Lavrov", &[("Sergei Lavrov", 1)])],
            vec![(Loc, "Washington", &[("Washington", 1)])],
            vec![(Org, "Washington Post", &[("Washington Post", 1)])],
            vec![(Org, "AT&T", &[("AT&T", 1)])],
        ];
        let later: Vec<Vec<TestEntity<'_>>> = vec![
            // A short form, a spelling variant, a known name and another type's name.
            vec![
                (Per, "Kerry", &[("Kerry", 2)]),
                (Per, "Sergey Lavrov", &[("Sergey Lavrov", 1)]),
            ],
            vec![
                (Loc, "Washington", &[("Washington", 1)]),
                (Org, "Washington Post", &[("Washington Post", 1)]),
            ],
            // Slugs as the known AT&T's, of another name: numbered after it.
            vec![(Org, "AT T", &[("AT T", 1)])],
            vec![(Misc, "Brexit", &[("Brexit", 1)])],
        ];
        let mut all = earlier.clone();
        all.extend(later.iter().cloned());
        let mut fresh = build(&all);
        let mut segment = after(&earlier, &later);
        let expected = ids_by_doc(&mut fresh, earlier.len() as u32);
        assert_eq!(ids_by_doc(&mut segment, 0), expected);
        assert_eq!(
            expected[0],
            ["per/john-kerry"; 2]
                .iter()
                .chain(&["per/sergei-lavrov"])
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        );
        assert_eq!(expected[2], ["org/at-t-2"]);
        let kerry = find(&segment, "per/john-kerry");
        assert_eq!(
            (kerry.name.as_str(), kerry.docs.as_slice(), kerry.mentions),
            ("John Kerry", &[(0, 2)][..], 2),
            "the name is the registry's, the articles the segment's"
        );
        assert!(kerry.aliases.contains(&"Kerry".to_owned()));
        assert_eq!(
            segment.entities.len(),
            6,
            "only the entities the segment's articles name"
        );
    }

    #[test]
    fn a_known_name_keeps_its_type_and_a_new_one_follows_the_votes() {
        // Sheffield: a place in eight earlier articles; Reading: a place in one.
        let mut earlier: Vec<Vec<TestEntity<'_>>> =
            vec![vec![(Loc, "Sheffield", &[("Sheffield", 1)])]; 8];
        earlier.push(vec![(Loc, "Reading", &[("Reading", 1)])]);
        // One later article types Sheffield an organisation: it follows the places. Eight
        // type Reading one: they outvote the place, which stays in its segment as it was.
        let mut later: Vec<Vec<TestEntity<'_>>> =
            vec![vec![(Org, "Sheffield", &[("Sheffield", 1)])]];
        later.extend(vec![vec![(Org, "Reading", &[("Reading", 1)][..])]; 8]);
        let mut segment = after(&earlier, &later);
        let ids = ids_by_doc(&mut segment, 0);
        assert_eq!(ids[0], ["loc/sheffield"]);
        assert!(
            ids[1..].iter().all(|doc| doc == &["org/reading"]),
            "{ids:?}"
        );
        let mut all = earlier.clone();
        all.extend(later.iter().cloned());
        let mut fresh = build(&all);
        let fresh_ids = ids_by_doc(&mut fresh, earlier.len() as u32);
        assert_eq!(fresh_ids[..], ids[..], "here as a build of them all");
        assert!(
            fresh.entities.iter().all(|e| e.id != "loc/reading"),
            "but the build of them all retypes the earlier place, which compact does"
        );
    }

    #[test]
    fn one_edit() {
        let t = |a: &str, b: &str| transliterations(a, b);
        assert!(t("sergei", "sergey"));
        assert!(t("mohamed", "mohammed"));
        assert!(t("gaddafi", "gadafi"));
        assert!(!t("john", "joan"));
        assert!(!t("sergei", "kergei"));
        assert!(!t("mohamed", "muhammad"));
    }
}
