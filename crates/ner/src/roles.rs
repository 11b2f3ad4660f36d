//! Names whose role in the article the words around one occurrence tell, whatever the tagger
//! read from the name itself: a town's name that plays football ("Chelsea manager", "beat
//! Leeds"), a person's name that is a fashion house or a label ("the Lacroix label", "cosmetics
//! brands, Hard Candy and Urban Decay"), and a planet or a moon in an article about space
//! ("Mars rovers", "Jupiter's largest moon, Ganymede"). CoNLL-2003's 1996 text shows the tagger
//! clubs mostly in result tables, where their names stand alone, few fashion houses and no
//! space probes. As with products ([`type_products`](crate::cues::type_products)), one telling
//! occurrence types the name at every occurrence in the article.

use crate::cues::{free, insert, key};
use crate::document::DocInput;
use crate::entity::EntityType;
use crate::gazetteer::{is_city_only, is_country, is_country_or_region};
use crate::labels::Span;
use crate::titles::is_facility_head;

/// Words right after a town's name that make it a club's: its staff, players and fans, and
/// the verbs of a result. In `eng.train` the names typed LOC before these words are all
/// countries' ("England manager", "Australia beat"), which CoNLL types as places, so the
/// rule leaves countries and regions alone.
const CLUB_AFTER: [&str; 14] = [
    "beat",
    "boss",
    "chairman",
    "defender",
    "drew",
    "fans",
    "goalkeeper",
    "keeper",
    "manager",
    "midfielder",
    "striker",
    "strikers",
    "supporters",
    "winger",
];

/// Words right before a town's name that make it a club's: a result against it.
const CLUB_BEFORE: [&[&str]; 10] = [
    &["beat"],
    &["beating"],
    &["win", "over"],
    &["victory", "over"],
    &["defeat", "to"],
    &["defeat", "by"],
    &["lost", "to"],
    &["losing", "to"],
    &["draw", "with"],
    &["drew", "with"],
];

/// Whether `word` is a score ("2-1", "3-0").
fn is_score(word: &str) -> bool {
    let mut parts = word.split('-');
    let digits = |p: Option<&str>| {
        p.is_some_and(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Whether the words `before` end right before `start`, ignoring case.
fn ends_before(words: &[&str], start: usize, before: &[&str]) -> bool {
    start >= before.len()
        && words[start - before.len()..start]
            .iter()
            .zip(before)
            .all(|(w, b)| w.eq_ignore_ascii_case(b))
}

/// Whether the words after `end` or before `start` make the name between them a club.
fn club_cue(words: &[&str], start: usize, end: usize) -> bool {
    let after = words
        .get(end)
        .is_some_and(|w| is_score(w) || CLUB_AFTER.iter().any(|c| c.eq_ignore_ascii_case(w)));
    after || CLUB_BEFORE.iter().any(|b| ends_before(words, start, b))
}

/// Whether a name typed `kind` may be a club named after its town: a place or an
/// organisation (already read as the club, which the cue then keeps from a corpus's vote) whose
/// first word (or whole name) is a city's own name, no country or region, with no country in it
/// and no
/// facility's head word at its end ("Tottenham", "Nottingham Forest"; not "England", whose team
/// CoNLL-2003 types as the country, "Republic of Ireland" or the ground "Stamford Bridge").
fn club_named_after_town(name: &[&str], kind: EntityType) -> bool {
    matches!(kind, EntityType::Loc | EntityType::Org)
        && (is_city_only(name) || is_city_only(&name[..1]))
        && !is_country_or_region(name)
        && !name.iter().any(|w| is_country(&[w]))
        && !name.last().is_some_and(|w| is_facility_head(w))
}

/// Words right after a name that make it a fashion house's or a label's: "the Lacroix label",
/// "the Christian Lacroix haute-couture house".
const HOUSE_AFTER: [&[&str]; 7] = [
    &["label"],
    &["labels"],
    &["fashion", "house"],
    &["couture", "house"],
    &["haute-couture", "house"],
    &["design", "house"],
    &["fashion", "brand"],
];

/// Words right before a name that make it a house or a brand: "fashion house Gucci",
/// "cosmetics brands, Hard Candy and Urban Decay".
const HOUSE_BEFORE: [&[&str]; 7] = [
    &["label"],
    &["fashion", "house"],
    &["couture", "house"],
    &["brand"],
    &["brands"],
    &["brand", ","],
    &["brands", ","],
];

fn house_cue(words: &[&str], start: usize, end: usize) -> bool {
    let after = HOUSE_AFTER.iter().any(|a| {
        words.get(end..end + a.len()).is_some_and(|w| {
            w.iter()
                .zip(a.iter())
                .all(|(w, a)| w.eq_ignore_ascii_case(a))
        })
    });
    after || HOUSE_BEFORE.iter().any(|b| ends_before(words, start, b))
}

/// Words right before a name that make it a house whatever the tagger read it as: "the fashion
/// house Zandora Vell" names a firm, where "the Walkman brand" may name a product.
const HOUSE_NAMED: [&[&str]; 3] = [
    &["fashion", "house"],
    &["couture", "house"],
    &["haute-couture", "house"],
];

fn named_house_cue(words: &[&str], start: usize, _: usize) -> bool {
    HOUSE_NAMED.iter().any(|b| ends_before(words, start, b))
}

/// Any name can be a house's (see [`HOUSE_NAMED`]).
fn any_name(_: &[&str], _: EntityType) -> bool {
    true
}

/// Whether a name typed `kind` may be a house named after its founder or a brand named like a
/// place: a person's, a place's or an organisation's name. A product (MISC) stays one ("the
/// Walkman brand").
fn house_named_like_person(_: &[&str], kind: EntityType) -> bool {
    kind != EntityType::Misc
}

/// Members and officers of a party, which a party's adjective stands before ("Tory leader",
/// "Tory MPs"). In `eng.train` no person's name stands right before one of these; the one-word
/// names there are MISC 12 times and ORG 7 before "leader".
const MEMBER_NOUNS: [&str; 12] = [
    "activists",
    "backbencher",
    "backbenchers",
    "candidate",
    "frontbencher",
    "frontbenchers",
    "leader",
    "leaders",
    "mp",
    "mps",
    "peer",
    "peers",
];

fn member_cue(words: &[&str], _: usize, end: usize) -> bool {
    words
        .get(end)
        .is_some_and(|w| MEMBER_NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w)))
}

/// Whether a name typed `kind` may be a party's adjective that the tagger read as a person: one
/// word, typed PER ("Tory", a first name too).
fn party_read_as_person(name: &[&str], kind: EntityType) -> bool {
    name.len() == 1 && kind == EntityType::Per
}

/// The planets and the largest moons, which CoNLL-2003 types as places.
const BODIES: [&str; 17] = [
    "callisto",
    "charon",
    "deimos",
    "enceladus",
    "europa",
    "ganymede",
    "io",
    "jupiter",
    "mars",
    "mercury",
    "neptune",
    "phobos",
    "pluto",
    "saturn",
    "titan",
    "uranus",
    "venus",
];

/// Words that make an article one about space, where a planet's or a moon's name is the body's
/// and not a firm's ("Mars" the confectioner, "Mercury" the award) or a god's.
const SPACE_WORDS: [&str; 14] = [
    "astronomers",
    "asteroid",
    "moon",
    "moons",
    "orbit",
    "orbiter",
    "planet",
    "planetary",
    "planets",
    "probe",
    "rover",
    "rovers",
    "solar",
    "spacecraft",
];

fn is_body(word: &str) -> bool {
    BODIES.iter().any(|b| b.eq_ignore_ascii_case(word))
}

/// A rule that gives names a type where the words around one of their occurrences say so.
struct Role {
    kind: EntityType,
    /// Whether the words around tokens `start..end` of a sentence say so.
    cue: fn(&[&str], usize, usize) -> bool,
    /// Whether a name of these words, typed so by the tagger, may take the role's type.
    takes: fn(&[&str], EntityType) -> bool,
}

const ROLES: [Role; 4] = [
    Role {
        kind: EntityType::Org,
        cue: club_cue,
        takes: club_named_after_town,
    },
    Role {
        kind: EntityType::Org,
        cue: named_house_cue,
        takes: any_name,
    },
    Role {
        kind: EntityType::Org,
        cue: house_cue,
        takes: house_named_like_person,
    },
    Role {
        kind: EntityType::Misc,
        cue: member_cue,
        takes: party_read_as_person,
    },
];

/// Gives every name of `doc` the type of a role (club, fashion house) that the words around
/// one of its occurrences mark, at every occurrence, with the names listed beside it ("Hard
/// Candy and Urban Decay"); then types as places the planets and moons of an article about
/// space, adding those the tagger left out ("NASA's Mars rovers"). Returns the names so typed
/// (their [`key`]s).
pub(crate) fn type_roles(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) -> Vec<String> {
    let mut cued: Vec<String> = Vec::new();
    for role in &ROLES {
        let mut named: Vec<String> = Vec::new();
        for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
            let words = &doc.words[s.tokens.clone()];
            let takes = |sp: &Span| (role.takes)(&words[sp.start..sp.end], sp.kind);
            for (k, span) in sent.iter().enumerate() {
                if !takes(span) || !(role.cue)(words, span.start, span.end) {
                    continue;
                }
                named.push(key(&words[span.start..span.end]));
                // The names listed with it on either side: "Chelsea and Arsenal fans".
                let listed = |a: &Span, b: &Span| {
                    a.end + 1 == b.start && matches!(words[a.end], "and" | "or" | ",")
                };
                let mut at = *span;
                for before in sent[..k].iter().rev() {
                    if !(listed(before, &at) && takes(before)) {
                        break;
                    }
                    named.push(key(&words[before.start..before.end]));
                    at = *before;
                }
                let mut at = *span;
                for after in &sent[k + 1..] {
                    if !(listed(&at, after) && takes(after)) {
                        break;
                    }
                    named.push(key(&words[after.start..after.end]));
                    at = *after;
                }
            }
        }
        if named.is_empty() {
            continue;
        }
        for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
            let words = &doc.words[s.tokens.clone()];
            for span in sent.iter_mut() {
                let name = &words[span.start..span.end];
                if (role.takes)(name, span.kind) && named.contains(&key(name)) {
                    span.kind = role.kind;
                }
            }
        }
        cued.append(&mut named);
    }
    if type_bodies(doc, spans) {
        cued.extend(BODIES.iter().map(|b| (*b).to_owned()));
    }
    type_abbreviations(doc, spans);
    cued
}

/// Whether `short` abbreviates the name `words`: its capitals are, in order, some of the name's
/// capitals ("DfES" of "Department for Education and Skills", "PSP" of "PlayStation Portable").
pub(crate) fn abbreviates(short: &str, words: &[&str]) -> bool {
    let mut initials = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_uppercase());
    let capitals: Vec<char> = short.chars().filter(|c| c.is_uppercase()).collect();
    capitals.len() >= 2 && capitals.iter().all(|c| initials.any(|i| i == *c))
}

/// Gives an abbreviation in parentheses right after an organisation's name of two words or more
/// that it abbreviates the organisation's type, at every occurrence in the article: "the
/// Department for Education and Skills (DfES)" names one body twice, where the tagger read the
/// short form alone. Only organisations: a product's short form is the product cue's
/// ([`type_products`](crate::cues::type_products)), and a name mistyped as a person or a
/// product ("Hewlett-Packard (HP)" read as a person) must not spread.
fn type_abbreviations(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let mut short: Vec<(String, EntityType)> = Vec::new();
    for (s, sent) in doc.sentences.iter().zip(spans.iter()) {
        let words = &doc.words[s.tokens.clone()];
        for pair in sent.windows(2) {
            let (long, next) = (pair[0], pair[1]);
            let bracketed = words.get(long.end) == Some(&"(")
                && next.start == long.end + 1
                && next.end == next.start + 1
                && words.get(next.end) == Some(&")");
            let name = &words[long.start..long.end];
            let org = long.kind == EntityType::Org;
            if org && bracketed && name.len() >= 2 && abbreviates(words[next.start], name) {
                short.push((words[next.start].to_owned(), long.kind));
            }
        }
    }
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        for span in sent.iter_mut().filter(|sp| sp.end == sp.start + 1) {
            if let Some((_, kind)) = short.iter().find(|(w, _)| w == words[span.start]) {
                span.kind = *kind;
            }
        }
    }
}

/// Types as places the planets and moons of an article that speaks of space, alone as names
/// or left out by the tagger, unless they open a longer name ("Mars Express", a probe).
/// Returns whether the article speaks of space.
fn type_bodies(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) -> bool {
    let space = doc
        .words
        .iter()
        .any(|w| SPACE_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)));
    if !space {
        return false;
    }
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        for span in sent.iter_mut() {
            if span.end - span.start == 1 && is_body(words[span.start]) {
                span.kind = EntityType::Loc;
            }
        }
        for (i, word) in words.iter().enumerate() {
            let alone = free(sent, i, i + 2);
            if alone && word.starts_with(char::is_uppercase) && is_body(word) {
                insert(sent, i, i + 1, EntityType::Loc);
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    /// The names of `sentences` after [`type_roles`], from the tagger's names of each given as
    /// (first token, end, type).
    fn roles(
        sentences: &[&str],
        found: &[&[(usize, usize, EntityType)]],
    ) -> Vec<(String, EntityType)> {
        let d = DocInput::from_sentences(sentences.iter().map(|s| s.split(' ')));
        let mut found: Vec<Vec<Span>> = found
            .iter()
            .map(|f| {
                f.iter()
                    .map(|&(start, end, kind)| Span { start, end, kind })
                    .collect()
            })
            .collect();
        type_roles(&d, &mut found);
        sentences
            .iter()
            .zip(&found)
            .flat_map(|(s, f)| {
                let words: Vec<&str> = s.split(' ').collect();
                f.iter()
                    .map(|sp| (words[sp.start..sp.end].join(" "), sp.kind))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn named(list: &[(&str, EntityType)]) -> Vec<(String, EntityType)> {
        list.iter().map(|&(n, k)| (n.to_owned(), k)).collect()
    }

    #[test]
    fn a_town_that_plays_is_a_club_at_every_occurrence() {
        let found = roles(
            &[
                "Leeds bid for the striker , said a source in Leeds .",
                "They beat Chelsea 2-1 ; Nottingham Forest and Sheffield fans sang .",
                "England manager Sven , in Chelsea , and Kent beat Essex .",
                "Republic of Ireland manager Kerr at Stamford Bridge 2-0 .",
            ],
            &[
                &[(0, 1, Loc), (10, 11, Loc)],
                &[(2, 3, Loc), (5, 7, Loc), (8, 9, Loc)],
                &[
                    (0, 1, Loc),
                    (2, 3, Per),
                    (5, 6, Loc),
                    (8, 9, Loc),
                    (10, 11, Loc),
                ],
                &[(0, 3, Loc), (4, 5, Per), (6, 8, Loc)],
            ],
        );
        assert_eq!(
            found,
            named(&[
                // No cue around Leeds: a town stays a town.
                ("Leeds", Loc),
                ("Leeds", Loc),
                ("Chelsea", Org),
                ("Nottingham Forest", Org),
                ("Sheffield", Org),
                // A country's team is a place, as CoNLL-2003 has it; a county's is a club.
                ("England", Loc),
                ("Sven", Per),
                ("Chelsea", Org),
                ("Kent", Org),
                ("Essex", Org),
                // A country in the name, a ground's head word at its end: no club.
                ("Republic of Ireland", Loc),
                ("Kerr", Per),
                ("Stamford Bridge", Loc),
            ])
        );
    }

    #[test]
    fn a_house_or_a_brand_named_like_a_person_is_a_firm() {
        let found = roles(
            &[
                "bids for Lacroix label",
                "the Christian Lacroix haute-couture house and designer Christian Lacroix .",
                "it sold cosmetics brands , Hard Candy and Urban Decay , to Jane Doe .",
                "the Walkman brand , Lacroix said .",
                "the fashion house Zandora Vell ; Zandora Vell made gowns .",
            ],
            &[
                &[(2, 3, Per)],
                &[(1, 3, Per), (7, 9, Per)],
                &[(5, 7, Per), (8, 10, Loc), (12, 14, Per)],
                &[(1, 2, Misc), (4, 5, Per)],
                &[(3, 5, Misc), (6, 8, Misc)],
            ],
        );
        assert_eq!(
            found,
            named(&[
                ("Lacroix", Org),
                ("Christian Lacroix", Org),
                ("Christian Lacroix", Org),
                ("Hard Candy", Org),
                ("Urban Decay", Org),
                ("Jane Doe", Per),
                ("Walkman", Misc),
                ("Lacroix", Org),
                // After "fashion house", even a name read as a product is the house.
                ("Zandora Vell", Org),
                ("Zandora Vell", Org),
            ])
        );
    }

    #[test]
    fn a_party_read_as_a_person_before_its_leader_is_misc() {
        let found = roles(
            &[
                "Tory leader Michael Howard met Tory MPs ; Tory said .",
                "Howard campaign staff and the Labour leader .",
            ],
            &[
                &[(0, 1, Per), (2, 4, Per), (5, 6, Per), (8, 9, Per)],
                &[(0, 1, Per), (5, 6, Org)],
            ],
        );
        assert_eq!(
            found,
            named(&[
                ("Tory", Misc),
                ("Michael Howard", Per),
                ("Tory", Misc),
                ("Tory", Misc),
                ("Howard", Per),
                ("Labour", Org),
            ])
        );
    }

    #[test]
    fn planets_and_moons_are_places_in_an_article_about_space() {
        let sentences = [
            "Mars Rovers Relay Images Through Mars Express",
            "NASA 's Mars rovers ; the moon , Ganymede .",
        ];
        let found = roles(&sentences, &[&[(5, 7, Misc)], &[(0, 1, Org), (8, 9, Org)]]);
        assert_eq!(
            found,
            named(&[
                ("Mars", Loc),
                ("Mars Express", Misc),
                ("NASA", Org),
                ("Mars", Loc),
                ("Ganymede", Loc),
            ])
        );
        // Without a word of space, Mars is the firm the tagger read.
        let found = roles(&["Mars sold more sweets ."], &[&[(0, 1, Org)]]);
        assert_eq!(found, named(&[("Mars", Org)]));
        assert!(is_score("2-1") && !is_score("2-") && !is_score("1-2-3") && !is_score("a-b"));
    }

    #[test]
    fn an_abbreviation_in_parentheses_takes_the_type_of_the_name_it_abbreviates() {
        let found = roles(
            &[
                "the Department for Education and Skills ( DfES ) said , and John Smith ( R ) .",
                "a letter to the DfES ; Sony 's PlayStation Portable ( PSP ) and Acme Corp ( XYZ ) .",
            ],
            &[
                &[(1, 6, Org), (7, 8, Misc), (12, 14, Per), (15, 16, Org)],
                &[(4, 5, Misc), (6, 7, Org), (8, 10, Misc), (11, 12, Org), (14, 16, Org), (17, 18, Misc)],
            ],
        );
        assert_eq!(
            found,
            named(&[
                ("Department for Education and Skills", Org),
                ("DfES", Org),
                ("John Smith", Per),
                ("R", Org),
                ("DfES", Org),
                ("Sony", Org),
                // A product's short form is the product cue's to type.
                ("PlayStation Portable", Misc),
                ("PSP", Org),
                // Not its abbreviation: left as read.
                ("Acme Corp", Org),
                ("XYZ", Misc),
            ])
        );
    }
}
