//! Linking across the corpus. Entities of different articles with the same type and name key
//! are one entity. Then spelling variants of one person merge (same surname, the other words
//! each one edit apart, as transliterations differ: "Sergei Lavrov" / "Sergey Lavrov"), and a
//! person known only by a surname in an article joins the one full name in the corpus that
//! ends with it ("Lavrov" → "Sergei Lavrov"), or the one of several that is in many times
//! more articles than the others ("Blair" → "Tony Blair"). Each entity gets an id, a canonical name, its
//! aliases and its articles.

use std::collections::{BTreeMap, HashMap};

use newsdex_format::entities::Span;
use newsdex_ner::EntityType;

use super::link::LinkedArticle;
use super::names::{key as name_key, slug, tokens};

/// A lone surname joins the commonest full name that ends with it when that one is in at least
/// this many times the articles of the next.
const DOMINANT_NAME: usize = 5;

/// An entity of the whole corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The id: type code and slug of the canonical name (`per/sergei-lavrov`), with `-n`
    /// appended when another entity's name slugs alike.
    pub id: String,
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

/// The corpus's entities and every article's mentions of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityTables {
    /// The entities, ordered by id.
    pub entities: Vec<Entity>,
    /// Per doc: each mention's span and entity ordinal, in span order.
    pub mentions: Vec<Vec<(Span, u32)>>,
}

/// What one (type, key) accumulates over the corpus.
struct Member {
    kind: EntityType,
    key: String,
    spellings: HashMap<String, u32>,
    /// The article-level canonical spellings, with the number of articles using each.
    names: HashMap<String, u32>,
    docs: Vec<(u32, u32)>,
}

/// Collects linked articles and links them across the corpus.
#[derive(Default)]
pub struct EntityRegistry {
    members: Vec<Member>,
    index: HashMap<(EntityType, String), usize>,
    mentions: Vec<Vec<(Span, usize)>>,
}

impl EntityRegistry {
    /// An empty registry.
    pub fn new() -> EntityRegistry {
        EntityRegistry::default()
    }

    /// Adds article `doc` (numbered from 0, in order).
    pub fn add(&mut self, doc: u32, article: LinkedArticle) {
        debug_assert_eq!(
            doc as usize,
            self.mentions.len(),
            "articles are added in doc order"
        );
        let mut member_of = Vec::with_capacity(article.entities.len());
        for entity in article.entities {
            let next = self.members.len();
            let member = *self
                .index
                .entry((entity.kind, entity.key.clone()))
                .or_insert(next);
            if member == next {
                self.members.push(Member {
                    kind: entity.kind,
                    key: entity.key,
                    spellings: HashMap::new(),
                    names: HashMap::new(),
                    docs: Vec::new(),
                });
            }
            let m = &mut self.members[member];
            for (surface, count) in entity.surfaces {
                *m.spellings.entry(surface).or_default() += count;
            }
            *m.names.entry(entity.name).or_default() += 1;
            m.docs.push((doc, entity.mentions));
            member_of.push(member);
        }
        self.mentions.push(
            article
                .mentions
                .iter()
                .map(|m| (m.span, member_of[m.entity]))
                .collect(),
        );
    }

    /// Links across the corpus and returns the entity tables.
    pub fn finish(self) -> EntityTables {
        let roots = self.roots();
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (member, &root) in roots.iter().enumerate() {
            groups.entry(root).or_default().push(member);
        }
        let mut entities: Vec<(Entity, usize)> = groups
            .into_iter()
            .map(|(root, members)| (self.entity(&members), root))
            .collect();
        entities.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        disambiguate_ids(&mut entities);
        entities.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut ordinal_of_root = HashMap::new();
        for (ordinal, (_, root)) in entities.iter().enumerate() {
            ordinal_of_root.insert(*root, ordinal as u32);
        }
        let mentions = self
            .mentions
            .into_iter()
            .map(|doc| {
                doc.into_iter()
                    .map(|(span, member)| (span, ordinal_of_root[&roots[member]]))
                    .collect()
            })
            .collect();
        EntityTables {
            entities: entities.into_iter().map(|(e, _)| e).collect(),
            mentions,
        }
    }

    /// The member each member merges into.
    fn roots(&self) -> Vec<usize> {
        let mut sets = UnionFind::new(self.members.len());
        let words: Vec<Vec<&str>> = self.members.iter().map(|m| tokens(&m.key)).collect();
        let people: Vec<usize> = (0..self.members.len())
            .filter(|&m| self.members[m].kind == EntityType::Per)
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
            if words[m].len() >= 2 {
                let root = sets.find(m);
                *articles.entry(root).or_default() += self.members[m].docs.len();
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

    /// The corpus entity made of `members`.
    fn entity(&self, members: &[usize]) -> Entity {
        let of = |m: usize| &self.members[m];
        // The canonical name comes from the fullest name, then the one in most articles.
        let canonical = *members
            .iter()
            .max_by(|&&a, &&b| {
                (
                    tokens(&of(a).key).len(),
                    of(a).docs.len(),
                    std::cmp::Reverse(&of(a).key),
                )
                    .cmp(&(
                        tokens(&of(b).key).len(),
                        of(b).docs.len(),
                        std::cmp::Reverse(&of(b).key),
                    ))
            })
            .expect("an entity has a member");
        let name = most_used(&of(canonical).names);
        let mut spellings: BTreeMap<&str, u32> = BTreeMap::new();
        let mut docs: BTreeMap<u32, u32> = BTreeMap::new();
        for &m in members {
            for (spelling, count) in &of(m).spellings {
                *spellings.entry(spelling).or_default() += count;
            }
            for &(doc, mentions) in &of(m).docs {
                *docs.entry(doc).or_default() += mentions;
            }
        }
        let mut aliases: Vec<(&str, u32)> = spellings.into_iter().collect();
        aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let kind = of(canonical).kind;
        Entity {
            id: slug(kind, &name_key(&name)),
            suffix: 0,
            kind,
            name,
            aliases: aliases.into_iter().map(|(a, _)| a.to_owned()).collect(),
            mentions: docs.values().sum(),
            docs: docs.into_iter().collect(),
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
/// no other entity uses), so ids stay unique.
fn disambiguate_ids(entities: &mut [(Entity, usize)]) {
    let mut taken: std::collections::HashSet<String> =
        entities.iter().map(|(e, _)| e.id.clone()).collect();
    let mut previous: Option<String> = None;
    for (entity, _) in entities.iter_mut() {
        let base = entity.id.clone();
        if previous.as_ref() == Some(&base) {
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
        registry.add(0, article(&[(Loc, "Aleppo", &[("Aleppo", 2)])]));
        registry.add(
            1,
            article(&[
                (Loc, "Aleppo", &[("Aleppo", 1)]),
                (Org, "Aleppo", &[("Aleppo", 1)]),
            ]),
        );
        let tables = registry.finish();
        let aleppo = find(&tables, "loc/aleppo");
        assert_eq!(aleppo.docs, [(0, 2), (1, 1)]);
        assert_eq!(aleppo.mentions, 3);
        assert_eq!(find(&tables, "org/aleppo").docs, [(1, 1)]);
    }

    #[test]
    fn transliterated_first_names_merge_and_surnames_join() {
        let mut registry = EntityRegistry::new();
        registry.add(
            0,
            article(&[(Per, "Sergei Lavrov", &[("Sergei Lavrov", 1)])]),
        );
        registry.add(
            1,
            article(&[(Per, "Sergey Lavrov", &[("Sergey Lavrov", 1), ("Lavrov", 2)])]),
        );
        registry.add(2, article(&[(Per, "Lavrov", &[("Lavrov", 1)])]));
        let tables = registry.finish();
        assert_eq!(tables.entities.len(), 1);
        let lavrov = &tables.entities[0];
        assert_eq!(
            (lavrov.id.as_str(), lavrov.name.as_str()),
            ("per/sergei-lavrov", "Sergei Lavrov")
        );
        assert_eq!(lavrov.aliases, ["Lavrov", "Sergei Lavrov", "Sergey Lavrov"]);
        assert_eq!(lavrov.docs, [(0, 1), (1, 3), (2, 1)]);
        assert!(tables.mentions.iter().flatten().all(|&(_, e)| e == 0));
    }

    #[test]
    fn different_people_stay_apart() {
        let mut registry = EntityRegistry::new();
        registry.add(
            0,
            article(&[
                (Per, "John Kerry", &[("John Kerry", 1)]),
                (Per, "Joan Kerry", &[("Joan Kerry", 1)]),
            ]),
        );
        registry.add(
            1,
            article(&[
                (Per, "Mark Smith", &[("Mark Smith", 1)]),
                (Per, "Paul Smith", &[("Paul Smith", 1)]),
                (Per, "Smith", &[("Smith", 1)]),
            ]),
        );
        let tables = registry.finish();
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
            registry.add(doc, article(&[(Per, "Tony Blair", &[("Tony Blair", 1)])]));
        }
        registry.add(
            10,
            article(&[(Per, "Cherie Blair", &[("Cherie Blair", 1)])]),
        );
        registry.add(11, article(&[(Per, "Blair", &[("Blair", 2)])]));
        for doc in 12..16 {
            registry.add(
                doc,
                article(&[
                    (Per, "Paul Smith", &[("Paul Smith", 1)]),
                    (Per, "Mark Smith", &[("Mark Smith", 1)]),
                ]),
            );
        }
        registry.add(16, article(&[(Per, "Mark Smith", &[("Mark Smith", 1)])]));
        registry.add(17, article(&[(Per, "Smith", &[("Smith", 1)])]));
        let tables = registry.finish();
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
        registry.add(
            0,
            article(&[
                (Org, "AT&T", &[("AT&T", 1)]),
                (Org, "AT T", &[("AT T", 1)]),
                (Org, "AT+T", &[("AT+T", 1)]),
                (Org, "AT T 2", &[("AT T 2", 1)]),
            ]),
        );
        let tables = registry.finish();
        let ids: Vec<&str> = tables.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["org/at-t", "org/at-t-2", "org/at-t-3", "org/at-t-4"]);
        let suffixes: Vec<u32> = tables.entities.iter().map(|e| e.suffix).collect();
        assert_eq!(
            suffixes.iter().filter(|&&s| s == 0).count(),
            2,
            "{suffixes:?}"
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
