//! Lower-case words around a name that say what it is, in kinds of news CoNLL-2003's 1996
//! Reuters text rarely shows the tagger: a product or a piece of software before "software",
//! "console" or "virus" is MISC ("Sasser viruses", "iTunes version 4.7.1"), as is an award before
//! "awards" ("Brit awards"); a place's name between "the" and "consortium" is a firm's ("the
//! Phoenix consortium"); an award category or a sports league is MISC ("Best Urban Act",
//! "Premier League"); and a season or a common noun's abbreviation is no name ("in Spring next
//! year", "its IPO").

use crate::credits::{is_dash, is_initial};
use crate::document::DocInput;
use crate::entity::EntityType;
use crate::gazetteer::{
    is_city_only, is_country_or_region, is_first_name, is_known_name, is_listed_company,
    state_after,
};
use crate::labels::Span;
use crate::outlets::{is_institution, is_outlet_head};
use crate::roles::abbreviates;
use crate::titles::{is_title_word, PARTICLES};
use crate::tokenize::is_abbreviated_state;

/// Nouns after a name that make it a product, a program or a malware, or an award: in
/// `eng.train` the names before "software", "virus", "program", "computer", "car" and "jet" are
/// MISC 8 times and ORG twice (a firm's own products: "TWA jet"), which the listed companies
/// and the names read as a firm elsewhere are left out for.
const PRODUCT_NOUNS: [&str; 16] = [
    "browser",
    "browsers",
    "console",
    "consoles",
    "handset",
    "handsets",
    "software",
    "virus",
    "viruses",
    "worm",
    "worms",
    "award",
    "awards",
    "prize",
    "nominations",
    "version",
];

/// Words that may stand between a product's name and its noun ("Nintendo DS handheld consoles",
/// "PSP games console", "Firefox web browser").
const PRODUCT_MODIFIERS: [&str; 6] = ["games", "game", "handheld", "web", "video", "music"];

/// Nouns after a product's noun that make the name a place or a firm again: "a Paris software
/// company" is a firm in Paris.
const FIRM_NOUNS: [&str; 12] = [
    "business",
    "companies",
    "company",
    "developer",
    "firm",
    "firms",
    "giant",
    "group",
    "industry",
    "maker",
    "makers",
    "market",
];

/// Words before a name that make it a product: "a new version of iTunes".
const PRODUCT_BEFORE: [&[&str]; 2] = [&["version", "of"], &["versions", "of"]];

/// Whether the words from `end` on make the name before them a product: a product noun after
/// at most one modifier, or after an abbreviation in parentheses ("PlayStation Portable (PSP)
/// games console"), that no firm's noun follows; "version" only before a number ("iTunes
/// version 4.7.1").
fn product_after(words: &[&str], end: usize) -> bool {
    product_noun(words, end).is_some()
}

/// The product's noun that makes the name ending at `end` a product (see [`product_after`]).
fn product_noun<'a>(words: &[&'a str], mut end: usize) -> Option<&'a str> {
    if words.get(end) == Some(&"(") && words.get(end + 2) == Some(&")") {
        end += 3;
    }
    if words
        .get(end)
        .is_some_and(|w| PRODUCT_MODIFIERS.contains(w))
    {
        end += 1;
    }
    let next = words.get(end + 1);
    let noun = *words.get(end)?;
    let cue = match noun {
        "version" => next.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())),
        w => PRODUCT_NOUNS.contains(&w) && !next.is_some_and(|n| FIRM_NOUNS.contains(n)),
    };
    cue.then_some(noun)
}

/// Splits a name that lists products before a plural product's noun into one name per product
/// ("the Netsky and Sasser viruses"), which the tagger, having seen few such lists, reads as
/// one: a plural noun says the name is more than one.
fn split_listed_products(words: &[&str], sent: &mut Vec<Span>) {
    let mut k = 0;
    while k < sent.len() {
        let sp = sent[k];
        let plural = product_noun(words, sp.end).is_some_and(|n| n.ends_with('s'));
        let joins = |i: usize| matches!(words[i], "and" | "or" | ",");
        if plural && (sp.start + 1..sp.end - 1).any(joins) {
            let mut parts = Vec::new();
            let mut start = sp.start;
            for i in sp.start..=sp.end {
                if i == sp.end || joins(i) {
                    if i > start {
                        parts.push(Span {
                            start,
                            end: i,
                            kind: sp.kind,
                        });
                    }
                    start = i + 1;
                }
            }
            let n = parts.len();
            sent.splice(k..k + 1, parts);
            k += n;
        } else {
            k += 1;
        }
    }
}

fn product_before(words: &[&str], start: usize) -> bool {
    PRODUCT_BEFORE
        .iter()
        .any(|cue| start >= cue.len() && words[start - cue.len()..start] == **cue)
}

/// Words after a name that make it a firm's or a person's, whatever a product's cue says
/// elsewhere: "Google's browser", "Sony said".
const ACTOR_AFTER: [&str; 4] = ["'s", "said", "says", "announced"];

/// Whether the name `name` (its [`key`]) reads as a firm or a person somewhere in the
/// document: it owns or says something there.
fn reads_as_firm(doc: &DocInput<'_>, name: &str) -> bool {
    let n = name.split(' ').count();
    doc.sentences.iter().any(|s| {
        let words = &doc.words[s.tokens.clone()];
        (0..words.len().saturating_sub(n)).any(|i| {
            ACTOR_AFTER
                .iter()
                .any(|a| a.eq_ignore_ascii_case(words[i + n]))
                && key(&words[i..i + n]) == name
        })
    })
}

/// Words that open a sentence or a quotation more often than a name, and stand before a
/// product's or an award's noun as ordinary words ("These awards", "The DVD").
const FUNCTION_WORDS: [&str; 20] = [
    "a", "an", "as", "her", "his", "i", "its", "my", "our", "special", "that", "the", "their",
    "these", "this", "those", "we", "what", "which", "your",
];

fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a name is a maker of products or a giver of awards rather than one: a listed
/// company, or an institution ("Screen Actors Guild", "Directors Guild of Great Britain").
fn is_maker(name: &[&str]) -> bool {
    name.iter().any(|w| is_institution(w)) || is_listed_company(name)
}

/// Whether `word` reads as (part of) a name where it stands: capitalised, or in camel case
/// with a lower-case start ("iTunes", "eBay"), which the tagger, trained on text without such
/// words, leaves out. A capital says nothing at a sentence's start or in a headline, nor on a
/// function word, which a quotation may open.
fn name_like(word: &str, first: bool, headline: bool) -> bool {
    if is_function_word(word) {
        return false;
    }
    let mut chars = word.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    let camel = c.is_lowercase() && chars.next().is_some_and(char::is_uppercase);
    camel || (c.is_uppercase() && !first && !headline)
}

/// The words of a name as products are known by: lower case, joined by spaces.
pub(crate) fn key(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether tokens `start..end` of a sentence are free of names.
pub(crate) fn free(sent: &[Span], start: usize, end: usize) -> bool {
    sent.iter().all(|sp| sp.end <= start || sp.start >= end)
}

/// Adds a name of type `kind` over tokens `start..end` of a sentence, keeping the names in
/// order.
pub(crate) fn insert(sent: &mut Vec<Span>, start: usize, end: usize, kind: EntityType) {
    let at = sent.partition_point(|sp| sp.start < start);
    sent.insert(at, Span { start, end, kind });
}

/// Types as MISC every name of `doc` that reads as a product somewhere in it, with the other
/// names listed with it ("Netsky and Sasser viruses") and an abbreviation in parentheses after
/// it, at every occurrence: a product's name keeps its type across an article, as
/// [`harmonise`](crate::consistency::harmonise) makes every name do, but one telling context
/// outweighs the tagger's guesses at the others. Words that read as a name and that the tagger
/// left out become one where a product's cue marks them ("a new version of iTunes", "its
/// flagship Final Cut Pro software"), and so do their other occurrences that read as a name. A
/// listed company is left as it is ("Microsoft software"). Returns the products' names (their
/// [`key`]s).
pub(crate) fn type_products(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) -> Vec<String> {
    let mut products: Vec<String> = Vec::new();
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        split_listed_products(words, sent);
        let looks = |i: usize| name_like(words[i], i == 0, s.headline);
        // Runs of name-like words outside any name, right before or after a cue.
        let mut i = 0;
        while i < words.len() {
            let mut end = i;
            while end < words.len() && looks(end) && free(sent, end, end + 1) {
                end += 1;
            }
            // The cues first: the company list is a lookup with an allocation.
            if end > i
                && (product_after(words, end) || product_before(words, i))
                && !is_listed_company(&words[i..end])
            {
                insert(sent, i, end, EntityType::Misc);
            }
            i = end.max(i + 1);
        }
        for (k, span) in sent.iter().enumerate() {
            let name = &words[span.start..span.end];
            if !(product_after(words, span.end) || product_before(words, span.start))
                || is_maker(name)
            {
                continue;
            }
            products.push(key(name));
            // An abbreviation in parentheses right after it names the same product, whether
            // the tagger found it or not ("PlayStation Portable (PSP)").
            if let Some(next) = sent.get(k + 1) {
                let bracketed = words.get(span.end) == Some(&"(")
                    && next.start == span.end + 1
                    && words.get(next.end) == Some(&")");
                if bracketed {
                    products.push(key(&words[next.start..next.end]));
                }
            }
            if words.get(span.end) == Some(&"(") && words.get(span.end + 2) == Some(&")") {
                let short = words[span.end + 1];
                if free(sent, span.end + 1, span.end + 2) && abbreviates(short, name) {
                    products.push(key(&[short]));
                }
            }
            // The names listed before it: "Netsky and Sasser viruses", "A, B or C software".
            let mut at = span.start;
            for before in sent[..k].iter().rev() {
                let joined = before.end + 1 == at
                    && matches!(words[before.end], "and" | "or" | ",")
                    && !is_maker(&words[before.start..before.end]);
                if !joined {
                    break;
                }
                products.push(key(&words[before.start..before.end]));
                at = before.start;
            }
        }
    }
    products.retain(|p| !reads_as_firm(doc, p));
    if products.is_empty() {
        return products;
    }
    for (s, sent) in doc.sentences.iter().zip(spans.iter_mut()) {
        let words = &doc.words[s.tokens.clone()];
        for span in sent.iter_mut() {
            if products.contains(&key(&words[span.start..span.end])) {
                span.kind = EntityType::Misc;
            }
        }
        type_makers(words, sent, &products);
        for product in &products {
            let n = product.split(' ').count();
            let mut i = 0;
            while i + n <= words.len() {
                let found = key(&words[i..i + n]) == *product
                    && name_like(words[i], false, false)
                    && free(sent, i, i + n);
                if found {
                    insert(sent, i, i + n, EntityType::Misc);
                }
                i += if found { n } else { 1 };
            }
        }
    }
    products
}

/// Verbs of bringing out a product, after its maker's name.
const LAUNCH_VERBS: [&str; 8] = [
    "introduced",
    "introduces",
    "launched",
    "launches",
    "released",
    "releases",
    "unveiled",
    "unveils",
];

/// Types as a firm a name typed MISC, no product itself, right before a verb of bringing out a
/// product with one of `products` after it in the sentence ("Kestrel Games unveiled the Orbix
/// handheld console"): the maker, which a tagger that learnt "Games" from sports events reads
/// as one. A person stays a person ("Jane Doe unveiled the Orbix console").
fn type_makers(words: &[&str], sent: &mut [Span], products: &[String]) {
    for k in 0..sent.len() {
        let span = sent[k];
        let maker = span.kind == EntityType::Misc
            && words
                .get(span.end)
                .is_some_and(|w| LAUNCH_VERBS.contains(&w.to_ascii_lowercase().as_str()))
            && !products.contains(&key(&words[span.start..span.end]))
            && sent[k + 1..]
                .iter()
                .any(|p| products.contains(&key(&words[p.start..p.end])));
        if maker {
            sent[k].kind = EntityType::Org;
        }
    }
}

/// Nouns of groups of firms or investors that take a name of their own: "the Phoenix
/// consortium" is the consortium called Phoenix, where "the Rome club" (LOC in `eng.train`) is
/// the club of Rome.
const GROUP_NOUNS: [&str; 3] = ["consortium", "syndicate", "conglomerate"];

/// Types as an organisation a name typed as a place that stands between "the" and a group's
/// noun ("the Phoenix consortium"), unless it is a country or a region.
pub(crate) fn type_groups(words: &[&str], spans: &mut [Span]) {
    for span in spans {
        if span.kind == EntityType::Loc
            && span.start >= 1
            && words[span.start - 1] == "the"
            && words.get(span.end).is_some_and(|w| GROUP_NOUNS.contains(w))
            && !is_country_or_region(&words[span.start..span.end])
        {
            span.kind = EntityType::Org;
        }
    }
}

/// Head words of the institutions and places named "X of the Y" ("Bank of the West",
/// "Republic of the Congo", "Friends of the Earth"), which are no titles of works.
const OF_THE_HEADS: [&str; 12] = [
    "bank",
    "church",
    "college",
    "friends",
    "gulf",
    "isle",
    "museum",
    "order",
    "party",
    "republic",
    "university",
    "league",
];

/// Makes one MISC name of a title of a work built on a city's name ("Flight of the Phoenix",
/// a film): capitalised words, "of the", then a name typed as a place or an organisation that
/// is a city's and no country's or region's. A city takes no "the", so where one follows "of
/// the" after capitalised words that are no institution's ("Bank of the West"), the words name
/// something else; taggers read "Flight" as a person and "Phoenix" as the city or, for the
/// "the" before it, a firm.
pub(crate) fn type_titles_of_works(words: &[&str], spans: &mut Vec<Span>) {
    let mut k = 0;
    while k < spans.len() {
        let place = spans[k];
        let of_the = place.start >= 3
            && words[place.start - 2] == "of"
            && words[place.start - 1] == "the"
            && matches!(place.kind, EntityType::Loc | EntityType::Org)
            && is_city_only(&words[place.start..place.end]);
        if !of_the {
            k += 1;
            continue;
        }
        // The capitalised words before "of the", not the sentence's first.
        let mut start = place.start - 2;
        while start > 1 && words[start - 1].starts_with(char::is_uppercase) {
            start -= 1;
        }
        let institution = OF_THE_HEADS
            .contains(&words[place.start - 3].to_ascii_lowercase().as_str())
            || is_title_word(words[place.start - 3]);
        if start == place.start - 2 || institution {
            k += 1;
            continue;
        }
        spans.retain(|sp| sp.end <= start || sp.start >= place.end);
        let at = spans.partition_point(|sp| sp.start < start);
        spans.insert(
            at,
            Span {
                start,
                end: place.end,
                kind: EntityType::Misc,
            },
        );
        k = at + 1;
    }
}

/// Head words of the bodies named "X of (the) Y" ("Friends of the Earth", "Bank of Japan",
/// "University of Texas"): organisations whatever the place or thing after "of".
const BODY_OF_HEADS: [&str; 7] = [
    "bank",
    "church",
    "college",
    "friends",
    "league",
    "party",
    "university",
];

/// Makes one organisation of a body's head word, "of", an optional "the" and the name after
/// them, which the tagger, reading the head as a common word or a person's name, splits
/// ("Friends" PER, "Waterfront" LOC).
pub(crate) fn join_bodies(words: &[&str], spans: &mut Vec<Span>) {
    let mut k = 0;
    while k < spans.len() {
        let name = spans[k];
        let of = |i: usize| words.get(i) == Some(&"of");
        let head = match name.start {
            s if s >= 3 && words[s - 1] == "the" && of(s - 2) => s - 3,
            s if s >= 2 && of(s - 1) => s - 2,
            _ => {
                k += 1;
                continue;
            }
        };
        let word = words[head];
        let is_head = word.starts_with(char::is_uppercase)
            && BODY_OF_HEADS.contains(&word.to_ascii_lowercase().as_str());
        // The head alone, as a name or outside any: not the end of a longer name.
        let alone = spans
            .iter()
            .all(|sp| sp.end <= head || sp.start >= name.start || sp.start == head);
        if !(is_head && alone) {
            k += 1;
            continue;
        }
        spans.retain(|sp| sp.end <= head || sp.start >= name.end);
        let at = spans.partition_point(|sp| sp.start < head);
        spans.insert(
            at,
            Span {
                start: head,
                end: name.end,
                kind: EntityType::Org,
            },
        );
        k = at + 1;
    }
}

/// Types as a place the words in capitals before an agency's credit and a dash, a dateline
/// ("EASTPORT (Coastal Wire) -", "NEW YORK (AP) -"), which the tagger may read as part of the
/// credit or leave out: at a line's start, after an agency's credit and a dash ("Canadian
/// Press - HALIFAX (CP) -"), or after a byline's name in capitals ("By MICHAEL LIEDTKE SAN
/// FRANCISCO (AP) --", where the name is two words and its initials, as
/// [`credits`](crate::credits::credits) reads it, and a person's); a province or state after a
/// comma is a place of its own ("LANGLEY, B.C. (CP) -"), as is a state's abbreviation after a
/// city in Title Case ("Memphis, TN (Sports Network) -").
pub(crate) fn type_datelines(words: &[&str], spans: &mut Vec<Span>) {
    let caps = |w: &str| w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c == '.');
    let (start, byline) = dateline_start(words);
    let run = |part: &dyn Fn(&str) -> bool| {
        start
            + words[start..]
                .iter()
                .take(3)
                .take_while(|w| part(w))
                .count()
    };
    let mut end = run(&caps);
    // A city in Title Case is a dateline's with its state's abbreviation in capitals after it
    // ("Memphis, TN (Sports Network) -").
    let title = run(&|w: &str| w.starts_with(|c: char| c.is_uppercase()));
    if end == start
        && words.get(title) == Some(&",")
        && words.get(title + 1).is_some_and(|w| caps(w))
    {
        end = title;
    }
    let comma = (end > start && words.get(end) == Some(&",")).then_some(end);
    if comma.is_some() && words.get(end + 1).is_some_and(|w| caps(w)) {
        end += 2;
    }
    let close = if end > start && words.get(end) == Some(&"(") {
        words[end..].iter().take(6).position(|w| *w == ")")
    } else {
        None
    };
    let dash = close.is_some_and(|c| words.get(end + c + 1).is_some_and(|w| is_dash(w)));
    if !dash {
        return;
    }
    let from = if byline { 1 } else { start };
    spans.retain(|sp| sp.end <= from || sp.start >= end);
    let at = spans.iter().take_while(|sp| sp.end <= from).count();
    let span = |start, end, kind| Span { start, end, kind };
    let mut found = Vec::new();
    if byline {
        found.push(span(1, start, EntityType::Per));
    }
    match comma.filter(|&c| c + 2 == end) {
        Some(c) => found.extend([
            span(start, c, EntityType::Loc),
            span(c + 1, end, EntityType::Loc),
        ]),
        None => found.push(span(start, end, EntityType::Loc)),
    }
    spans.splice(at..at, found);
}

/// Where a dateline in capitals may start in a line's words (see [`type_datelines`]), and
/// whether a byline's name stands before it.
fn dateline_start(words: &[&str]) -> (usize, bool) {
    if words.first() == Some(&"By") {
        let mut names = 0;
        let mut k = 1;
        while k < words.len()
            && words[k].starts_with(|c: char| c.is_uppercase())
            && (names < 2 || is_initial(words[k]))
        {
            names += usize::from(!is_initial(words[k]));
            k += 1;
        }
        return if names == 2 { (k, true) } else { (0, false) };
    }
    let credit = words.iter().take(4).position(|w| is_dash(w)).filter(|&d| {
        d > 0
            && words[..d]
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
    });
    (credit.map_or(0, |d| d + 1), false)
}

/// Capitalised points of the compass, which open the name of the place after them: in
/// `eng.train` these words before a place are part of its name 150 times of 150 ("South
/// Africa", "Southern California", "Central Asia").
const COMPASS_POINTS: [&str; 9] = [
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
];

/// Joins a capitalised point of the compass to the place named after it, which the tagger
/// sometimes leaves out ("Southern" "California"), and makes a place of a US state
/// abbreviated with its dot that the tagger left out, opening a line or after a comma ("Ky.
/// Company Wins Grant", "Lexington, Ky.").
pub(crate) fn join_places(words: &[&str], spans: &mut Vec<Span>) {
    for k in 0..spans.len() {
        let span = spans[k];
        let free = k == 0 || spans[k - 1].end < span.start;
        if span.kind == EntityType::Loc
            && span.start > 0
            && free
            && COMPASS_POINTS.contains(&words[span.start - 1])
        {
            spans[k].start -= 1;
        }
    }
    // Only where a dateline or a city's name puts one: "Mass." may end a sentence on the rite.
    for (i, word) in words.iter().enumerate() {
        let placed = i == 0 || words[i - 1] == ",";
        if placed && is_abbreviated_state(word) && free(spans, i, i + 1) {
            let at = spans.partition_point(|sp| sp.start < i);
            spans.insert(
                at,
                Span {
                    start: i,
                    end: i + 1,
                    kind: EntityType::Loc,
                },
            );
        }
    }
}

/// The seasons, which news capitalises now and then ("in Spring next year").
const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];

/// Abbreviations of common nouns, which the tagger takes for organisations as it does most
/// words in capitals ("the Google IPO", "a two-disc DVD set"). None of them is a name in
/// `eng.train` but one "IPO" in a table's heading.
const COMMON_ABBREVIATIONS: [&str; 14] = [
    "atm", "atms", "ceo", "ceos", "cfo", "dvd", "dvds", "gdp", "ipo", "ipos", "lcd", "mp3", "pcs",
    "sms",
];

/// Drops a one-word name that is a season's, unless it is a person's (a surname: "Winter") or
/// a state follows it ("Spring, Texas"), "No." before a number ("the No. 1 player", which the
/// tagger reads as an abbreviation in capitals, an organisation, where a rank stands in every
/// other sports story of today's news; `eng.train` has "No." before a number 4 times, a name
/// once), the abbreviation of a common noun from a name, alone
/// or last ("IPO", "Google IPO" → "Google", "The DVD" → nothing), and a leading "The" from an
/// organisation's name that is no newspaper's ("The Sox" → "Sox", "The Times" kept): in
/// `eng.train` "The" stands before an organisation's name 140 times and opens one 13 times,
/// newspapers' names but for one "The Walt Disney Co".
pub(crate) fn drop_common_words(words: &[&str], spans: &mut Vec<Span>) {
    let one_of = |list: &[&str], i: usize| list.iter().any(|w| w.eq_ignore_ascii_case(words[i]));
    let common = |i: usize| one_of(&COMMON_ABBREVIATIONS, i);
    for span in spans.iter_mut() {
        if span.end - span.start >= 2 && common(span.end - 1) {
            span.end -= 1;
        }
        if span.kind == EntityType::Org
            && span.end - span.start >= 2
            && words[span.start].eq_ignore_ascii_case("the")
            && !is_outlet_head(words[span.end - 1])
        {
            span.start += 1;
        }
    }
    // What is left of "The DVD" or "Our DVDs" is no name.
    spans.retain(|span| !(span.end - span.start == 1 && is_function_word(words[span.start])));
    spans.retain(|span| {
        let season = span.kind != EntityType::Per
            && one_of(&SEASONS, span.start)
            && !state_after(words, span.end);
        let rank = words[span.start].eq_ignore_ascii_case("no.")
            && words
                .get(span.end)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        span.end - span.start > 1 || !(season || rank || common(span.start))
    });
}

/// Words before a storm's name ("Hurricane Charley", "Typhoon Songda").
const STORM_WORDS: [&str; 3] = ["hurricane", "typhoon", "cyclone"];

/// Words after a storm word that make a body's or a season's name of it, not a storm's
/// ("Hurricane Center", "Hurricane Season").
const STORM_BODIES: [&str; 6] = ["center", "centre", "season", "watch", "warning", "relief"];

/// Types a storm's name as MISC without the word before it ("Hurricane [Charley]"), as
/// CoNLL-2003 has it ("Hurricane Edouard", twice in `eng.train`, "Edouard" MISC both times),
/// where the tagger reads the pair as a person's name or a place. Only a one-word name is a
/// storm's: "Hurricane Center" after "National" is left alone, and a name of two words or more
/// that a storm word opens is an institution's.
pub(crate) fn type_storms(words: &[&str], spans: &mut [Span]) {
    let storm = |i: usize| STORM_WORDS.iter().any(|w| w.eq_ignore_ascii_case(words[i]));
    for span in spans {
        let len = span.end - span.start;
        let body =
            |w: &str| is_institution(w) || STORM_BODIES.iter().any(|b| b.eq_ignore_ascii_case(w));
        if len == 2 && storm(span.start) && !body(words[span.start + 1]) {
            span.start += 1;
            span.kind = EntityType::Misc;
        } else if len == 1 && span.start > 0 && storm(span.start - 1) {
            span.kind = EntityType::Misc;
        }
    }
}

/// First words of the names of sports leagues, which CoNLL-2003 types MISC ("Premier League":
/// the names ending in "League" are MISC 73 times in `eng.train` and ORG 5, all of them
/// political: "Awami League", "Northern League").
const SPORTS_LEAGUES: [&str; 12] = [
    "baseball",
    "basketball",
    "champions",
    "cricket",
    "europa",
    "football",
    "hockey",
    "major",
    "minor",
    "premier",
    "rugby",
    "super",
];

/// Types as MISC the names of award categories ("Best Solo Female", "Best Urban Act"), which
/// CoNLL-2003's text never shows, and of sports leagues ("Premier League"), which the tagger
/// sometimes types as the organisations they also are; a listed company stays one ("Best Buy").
pub(crate) fn type_awards_and_leagues(words: &[&str], spans: &mut [Span]) {
    for span in spans {
        let name = &words[span.start..span.end];
        if name.len() < 2 || span.kind == EntityType::Per {
            continue;
        }
        let award = name[0].eq_ignore_ascii_case("best");
        let league = name[name.len() - 1] == "League"
            && SPORTS_LEAGUES
                .iter()
                .any(|w| w.eq_ignore_ascii_case(name[0]));
        if (award || league) && !is_listed_company(name) {
            span.kind = EntityType::Misc;
        }
    }
}

/// Nouns of works before their titles ("the film Ray", "her second album Confessions"), which
/// CoNLL-2003 types MISC. "show" counts only after a word that makes it a programme's ("TV
/// show", "hit show": "Poll shows Clinton" is a verb's), "single" not after "a" or "one" ("a
/// single European currency"), and "series" and "play" not at all ("series B" shares, "to play
/// Australia"). None stands before a capitalised word in `eng.train` but these.
const WORK_NOUNS: [&str; 15] = [
    "album",
    "albums",
    "anthem",
    "documentary",
    "film",
    "films",
    "movie",
    "movies",
    "musical",
    "novel",
    "show",
    "single",
    "sitcom",
    "song",
    "songs",
];

/// Words before "show" that make it a programme's.
const SHOW_KINDS: [&str; 6] = ["tv", "talk", "cult", "hit", "chat", "game"];

/// Small words a title holds between its capitalised ones ("Mutiny on the Bounty", "Mind, Body
/// & Soul", "The Lord of the Rings: The Return of the King"); "and" not before a first name
/// ("the documentary Fahrenheit 9/11 and Mel Gibson's ...").
const TITLE_JOINERS: [&str; 8] = ["of", "the", "a", "an", "and", "&", ":", ","];

/// Prepositions a title holds ("Nightmare On Elm Street", "Lost in Translation").
const TITLE_PREPOSITIONS: [&str; 6] = ["in", "on", "to", "for", "at", "with"];

/// Whether the word before token `start` is a work's noun (see [`WORK_NOUNS`]), written in
/// lower case: "Film" and "Song" open the names of festivals and bodies ("Venice Film
/// Festival", "UK Film Council", "Eurovision Song Contest").
fn work_noun_before(words: &[&str], start: usize) -> bool {
    let Some(&noun) = start.checked_sub(1).map(|i| &words[i]) else {
        return false;
    };
    let before = start
        .checked_sub(2)
        .map(|i| words[i].to_ascii_lowercase())
        .unwrap_or_default();
    WORK_NOUNS.contains(&noun)
        && match noun {
            "show" => SHOW_KINDS.contains(&before.as_str()),
            "single" => before != "a" && before != "one",
            _ => true,
        }
}

/// Words that, capitalised after a work's noun, do not open its title ("the song I wrote").
const PRONOUNS: [&str; 7] = ["i", "it", "he", "she", "we", "they", "you"];

/// Makes one MISC name of the title after a work's noun: its capitalised words, with the small
/// words and numbers between and after them ("the film Flight of the Phoenix", "cult TV show
/// Twin Peaks", "her album Mind, Body & Soul", "the film Robocop 2"), replacing the names the
/// tagger found in it ("Phoenix" LOC, "Body & Soul" ORG). A comma stays in a title only where
/// an "&" or "and" follows it in the title ("the film Ray, Jamie Foxx's ..." is two things);
/// after a plural noun the titles are listed, so "and", "&" and commas part them ("the films
/// Open Water and Sideways"). A title of one word that is a pronoun or a function word is none.
/// The other occurrences of the title in the article follow it
/// ([`harmonise`](crate::consistency::harmonise)).
pub(crate) fn type_titles_after_nouns(words: &[&str], spans: &mut Vec<Span>) {
    let capital = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.starts_with(char::is_uppercase))
    };
    let number = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    };
    let joiner = |i: usize| {
        words.get(i).is_some_and(|w| {
            TITLE_JOINERS.contains(w)
                || TITLE_PREPOSITIONS.iter().any(|j| j.eq_ignore_ascii_case(w))
        })
    };
    // A preposition in lower case leads out of the title where a place's or a person's name
    // follows it ("Band Aid 20 in Edinburgh"), not where another word does ("Lost in
    // Translation").
    let leads_out = |from: usize, to: usize| {
        (from..to).any(|i| TITLE_PREPOSITIONS.contains(&words[i]))
            && is_known_name(&words[to..to + 1])
    };
    // The end of the list of titles after a plural noun, whose parts are titles too.
    let mut list_end = 0;
    let mut start = 1;
    while start < words.len() {
        let listed = start < list_end;
        if !(capital(start) && (listed || work_noun_before(words, start))) {
            start += 1;
            continue;
        }
        let plural = listed || words[start - 1].ends_with('s');
        let mut end = start + 1;
        loop {
            let joiners = (end..end + 3).take_while(|&i| joiner(i)).count();
            if capital(end) || number(end) {
                end += 1;
            } else if joiners > 0
                && capital(end + joiners)
                && !(words[end] == "and" && is_first_name(words[end + joiners]))
                && !leads_out(end, end + joiners)
            {
                end += joiners + 1;
            } else {
                break;
            }
        }
        let parts = |w: &&str| matches!(*w, "," | "&" | "and");
        if plural {
            list_end = list_end.max(end);
            if let Some(at) = words[start..end].iter().position(parts) {
                end = start + at;
            }
        } else if let Some(comma) = (start..end).find(|&i| words[i] == ",") {
            if !words[comma..end].iter().any(|w| *w == "&" || *w == "and") {
                end = comma;
            }
        }
        let lone = end == start + 1
            && (is_function_word(words[start])
                || PRONOUNS.contains(&words[start].to_ascii_lowercase().as_str()));
        if !lone {
            spans.retain(|sp| sp.end <= start || sp.start >= end);
            insert(spans, start, end, EntityType::Misc);
        }
        start = end;
    }
}

/// Takes off a name the capitalised word that opens a headline when nothing but its capital
/// makes it one: a headline's first word has its capital whatever it is ("Giddy Phelps Touches
/// Gold", "Restive Maldives eases curfew", "Broadband fuels online change"), and the tagger,
/// trained on `eng.train`'s headlines in capitals, reads it as a name's start. Only a word
/// written as a common one (a capital, then lower-case letters: no abbreviation, no "U.S.",
/// no "Turkey-Iran") on none of the lists of names (a first name, a place, a firm, a
/// language) and no word of a name in the article's running text ("Bush" above "President
/// Bush said", "Indian state" above "South Indian"). A name of several words loses the word
/// where the rest is a name of the running text or on a list and the whole name is not in the
/// running text ("Veteran Martinez" above "Martinez", not "White House"; "Bin Laden" keeps its
/// particle); a one-word name goes only where the article has the word in lower case too
/// ("broadband"): short bodies seldom repeat the headline's subject ("Federer back in Open's
/// fourth round"). CoNLL-2003's documents mark no headline, so the rule never runs on
/// `eng.train`.
pub(crate) fn drop_headline_openers(doc: &DocInput<'_>, spans: &mut [Vec<Span>]) {
    let running = || {
        doc.sentences
            .iter()
            .zip(spans.iter())
            .filter(|(s, _)| !s.headline)
            .map(|(s, sent)| (&doc.words[s.tokens.clone()], sent))
    };
    let in_a_name = |word: &str| {
        running().any(|(words, sent)| {
            sent.iter()
                .any(|sp| words[sp.start..sp.end].contains(&word))
        })
    };
    // A name of the running text that holds `name` (whole, or at its end with `tail`).
    let named = |name: &[&str], tail: bool| {
        running().any(|(words, sent)| {
            sent.iter().any(|sp| {
                let found = &words[sp.start..sp.end];
                found.ends_with(name) || (!tail && found.windows(name.len()).any(|w| w == name))
            })
        })
    };
    let in_lower_case = |word: &str| {
        running().any(|(words, _)| {
            words
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word) && *w != word)
        })
    };
    let common_spelling = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && word.len() > 1
            && chars.all(|c| c.is_ascii_lowercase())
    };
    let mut openers = Vec::new();
    for (si, (s, sent)) in doc.sentences.iter().zip(spans.iter()).enumerate() {
        let words = &doc.words[s.tokens.clone()];
        let Some(first) = sent.first().filter(|sp| s.headline && sp.start == 0) else {
            continue;
        };
        let name = &words[first.start..first.end];
        let word = name[0];
        if !common_spelling(word)
            || is_known_name(&[word])
            || is_known_name(name)
            || in_a_name(word)
        {
            continue;
        }
        let rest = &name[1..];
        let goes = if rest.is_empty() {
            in_lower_case(word)
        } else {
            !PARTICLES.contains(&word.to_ascii_lowercase().as_str())
                && (named(rest, true) || is_known_name(rest))
                && !named(name, false)
        };
        if goes {
            openers.push(si);
        }
    }
    for si in openers {
        let first = &mut spans[si][0];
        if first.end - first.start > 1 {
            first.start += 1;
        } else {
            spans[si].remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    /// A sentence's names as (text, type), from spans given as (first token, end, type).
    fn named(words: &[&str], spans: &[Span]) -> Vec<(String, EntityType)> {
        spans
            .iter()
            .map(|s| (words[s.start..s.end].join(" "), s.kind))
            .collect()
    }

    fn spans(list: &[(usize, usize, EntityType)]) -> Vec<Span> {
        list.iter()
            .map(|&(start, end, kind)| Span { start, end, kind })
            .collect()
    }

    #[test]
    fn a_product_keeps_its_type_across_the_article() {
        let sentences = [
            "Jaschan wrote the Netsky and Sasser viruses .",
            "Sasser spread fast , Netsky less .",
            "Sony sold the PlayStation Portable ( PSP ) games console .",
            "The PSP sells well ; Microsoft software and the Acme prize .",
        ];
        let d = DocInput::from_sentences(sentences.iter().map(|s| s.split(' ')));
        let mut found = vec![
            spans(&[(0, 1, Per), (3, 4, Loc), (5, 6, Per)]),
            spans(&[(0, 1, Per), (4, 5, Loc)]),
            spans(&[(0, 1, Org), (3, 5, Org), (6, 7, Org)]),
            spans(&[(1, 2, Org), (5, 6, Org), (9, 10, Org)]),
        ];
        type_products(&d, &mut found);
        let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.split(' ').collect()).collect();
        let all: Vec<(String, EntityType)> = words
            .iter()
            .zip(&found)
            .flat_map(|(w, s)| named(w, s))
            .collect();
        let expected = [
            ("Jaschan", Per),
            ("Netsky", Misc),
            ("Sasser", Misc),
            ("Sasser", Misc),
            ("Netsky", Misc),
            // The maker is not its product.
            ("Sony", Org),
            ("PlayStation Portable", Misc),
            ("PSP", Misc),
            ("PSP", Misc),
            // A listed company's software is its own, and an award is MISC.
            ("Microsoft", Org),
            ("Acme", Misc),
        ];
        let expected: Vec<(String, EntityType)> =
            expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
        assert_eq!(all, expected);
    }

    /// The names of `sentences` after [`type_products`], from the tagger's names of each.
    fn products(
        sentences: &[&str],
        found: &[&[(usize, usize, EntityType)]],
    ) -> Vec<(String, EntityType)> {
        let d = DocInput::from_sentences(sentences.iter().map(|s| s.split(' ')));
        let mut found: Vec<Vec<Span>> = found.iter().map(|f| spans(f)).collect();
        type_products(&d, &mut found);
        sentences
            .iter()
            .zip(&found)
            .flat_map(|(s, f)| named(&s.split(' ').collect::<Vec<_>>(), f))
            .collect()
    }

    #[test]
    fn a_name_read_as_misc_that_brings_out_a_product_is_its_maker() {
        let found = products(
            &[
                "Kestrel Games unveiled the Orbix handheld console .",
                "Jane Doe launched the Zeta browser ; Asian Games launched today .",
            ],
            &[
                &[(0, 2, Misc), (4, 5, Misc)],
                &[(0, 2, Per), (4, 5, Org), (7, 9, Misc)],
            ],
        );
        let expected = [
            ("Kestrel Games", Org),
            ("Orbix", Misc),
            // A person stays one, and a MISC name with no product after it stays MISC.
            ("Jane Doe", Per),
            ("Zeta", Misc),
            ("Asian Games", Misc),
        ];
        let expected: Vec<(String, EntityType)> =
            expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_list_of_products_read_as_one_name_is_split() {
        let found = products(
            &[
                "the Netsky and Sasser viruses ; the Alpha , Beta or Gamma consoles .",
                "the Procter and Gamble browser ; the Ben and Jerry firm .",
                "Sony 's PlayStation Portable ( PSP ) games console ; the PSP ; the ( DS ) .",
            ],
            &[
                &[(1, 4, Per), (7, 12, Misc)],
                &[(1, 4, Org), (7, 10, Org)],
                &[(0, 1, Org), (2, 4, Misc)],
            ],
        );
        let expected = [
            ("Netsky", Misc),
            ("Sasser", Misc),
            ("Alpha", Misc),
            ("Beta", Misc),
            ("Gamma", Misc),
            // A singular noun names one product, and a firm's noun none.
            ("Procter and Gamble", Misc),
            ("Ben and Jerry", Org),
            ("Sony", Org),
            ("PlayStation Portable", Misc),
            ("PSP", Misc),
            ("PSP", Misc),
        ];
        let expected: Vec<(String, EntityType)> =
            expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn words_the_tagger_left_out_become_a_product_where_a_cue_marks_them() {
        let found = products(
            &[
                "Hacker threat to Apple 's iTunes",
                "A new version of iTunes is out , with Final Cut Pro software .",
                "Upgrade to iTunes version 4.7.1 ; Itunes sells songs ; itunes .",
            ],
            &[&[(3, 4, Org)], &[], &[]],
        );
        let expected = [
            ("Apple", Org),
            ("iTunes", Misc),
            ("iTunes", Misc),
            ("Final Cut Pro", Misc),
            ("iTunes", Misc),
            ("Itunes", Misc),
        ];
        let expected: Vec<(String, EntityType)> =
            expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_firm_or_a_place_before_a_products_noun_stays_what_it_is() {
        let found = products(
            &[
                "Google 's new browser ; the Google browser .",
                "a Paris software company ; Sasser virus version 2 .",
            ],
            &[&[(0, 1, Org), (6, 7, Org)], &[(1, 2, Loc), (5, 6, Per)]],
        );
        let expected = [
            ("Google", Org),
            ("Google", Org),
            ("Paris", Loc),
            ("Sasser", Misc),
        ];
        let expected: Vec<(String, EntityType)> =
            expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
        assert_eq!(found, expected);
        // "version" makes a product only before a number.
        let words: Vec<&str> = "the Acme version of it".split(' ').collect();
        assert!(!product_after(&words, 2) && product_before(&words, 4));
        // A quotation's opening word is no product, nor is an institution that gives awards.
        assert!(!name_like("These", false, false) && name_like("Orbix", false, false));
        let found = products(
            &["The Screen Actors Guild awards and the Harbor awards ."],
            &[&[(1, 4, Org), (7, 8, Loc)]],
        );
        let expected = [
            ("Screen Actors Guild".to_owned(), Org),
            ("Harbor".to_owned(), Misc),
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn a_place_before_consortium_is_a_firm() {
        // Regression: "the Phoenix consortium" (MG Rover's buyers) was typed as the city.
        let words: Vec<&str> = "sold to the Phoenix consortium , the Rome club , a Texas consortium and the Texas consortium"
            .split(' ')
            .collect();
        let mut found = spans(&[(3, 4, Loc), (7, 8, Loc), (11, 12, Loc), (15, 16, Loc)]);
        type_groups(&words, &mut found);
        let kinds: Vec<EntityType> = found.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Org, Loc, Loc, Loc]);
    }

    #[test]
    fn a_season_or_a_common_abbreviation_is_no_name() {
        // Regression: "in Spring next year" was typed as Spring, Texas.
        let words: Vec<&str> =
            "launch in Spring next year , in Spring , Texas , by Johnny Winter and Winter its IPO , the Google IPO , The DVD"
                .split(' ')
                .collect();
        let mut found = spans(&[
            (2, 3, Loc),
            (7, 8, Loc),
            (12, 14, Per),
            (15, 16, Per),
            (17, 18, Org),
            (20, 22, Loc),
            (23, 25, Org),
        ]);
        drop_common_words(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Spring".to_owned(), Loc),
                ("Johnny Winter".to_owned(), Per),
                ("Winter".to_owned(), Per),
                ("Google".to_owned(), Loc)
            ]
        );
    }

    #[test]
    fn a_rank_is_no_name() {
        // Regression: "No." in "the No. 1 ranked player" was an organisation.
        let words: Vec<&str> = "the No. 1 ranked player , moved to NO. 2 , No. Man , No Doubt"
            .split(' ')
            .collect();
        let mut found = spans(&[(1, 2, Org), (8, 9, Org), (11, 13, Misc), (14, 16, Org)]);
        drop_common_words(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [("No. Man".to_owned(), Misc), ("No Doubt".to_owned(), Org)]
        );
    }

    #[test]
    fn a_storms_name_is_misc_without_its_storm_word() {
        // Regression: "Hurricane Charley" was a person, "Typhoon Songda" a place.
        let words: Vec<&str> = "Hurricane Charley hit ; Typhoon Songda and Cyclone Tracy ; the National Hurricane Center , the Hurricane Center said"
            .split(' ')
            .collect();
        let mut found = spans(&[
            (0, 2, Per),
            (4, 6, Loc),
            (8, 9, Org),
            (11, 14, Org),
            (16, 18, Org),
        ]);
        type_storms(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Charley".to_owned(), Misc),
                ("Songda".to_owned(), Misc),
                ("Tracy".to_owned(), Misc),
                ("National Hurricane Center".to_owned(), Org),
                ("Hurricane Center".to_owned(), Org),
            ]
        );
    }

    #[test]
    fn the_opens_no_organisations_name_but_a_newspapers() {
        let words: Vec<&str> =
            "The Sox won ; THE RED SOX lost ; The Times and The Hague , The Associated Press said"
                .split(' ')
                .collect();
        let mut found = spans(&[
            (0, 2, Org),
            (4, 7, Org),
            (9, 11, Org),
            (12, 14, Loc),
            (15, 18, Org),
        ]);
        drop_common_words(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Sox".to_owned(), Org),
                ("RED SOX".to_owned(), Org),
                ("The Times".to_owned(), Org),
                ("The Hague".to_owned(), Loc),
                ("The Associated Press".to_owned(), Org)
            ]
        );
    }

    #[test]
    fn a_title_of_a_work_built_on_a_city_is_one_misc_name() {
        // Regression: "Flight of the Phoenix", a film, was "Flight" (PER) and the city.
        let words: Vec<&str> = "the film Flight of the Phoenix , the Bank of the West , the Kingdom of the Netherlands , Phoenix , the remake Return of the Phoenix"
            .split(' ')
            .collect();
        let mut found = spans(&[
            (2, 3, Per),
            (5, 6, Loc),
            (11, 12, Loc),
            (17, 18, Loc),
            (19, 20, Loc),
            (26, 27, Org),
        ]);
        type_titles_of_works(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Flight of the Phoenix".to_owned(), Misc),
                ("West".to_owned(), Loc),
                ("Netherlands".to_owned(), Loc),
                ("Phoenix".to_owned(), Loc),
                ("Return of the Phoenix".to_owned(), Misc)
            ]
        );
    }

    #[test]
    fn a_point_of_the_compass_opens_a_place_and_a_state_abbreviation_is_one() {
        let words: Vec<&str> =
            "Ky. Firm in Southern California , Western Australia and southern Iraq at Mass."
                .split(' ')
                .collect();
        let mut found = spans(&[(4, 5, Loc), (6, 8, Loc), (10, 11, Loc)]);
        join_places(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Ky.".to_owned(), Loc),
                ("Southern California".to_owned(), Loc),
                ("Western Australia".to_owned(), Loc),
                ("Iraq".to_owned(), Loc)
            ]
        );
    }

    #[test]
    fn a_body_of_a_place_is_one_organisation() {
        let words: Vec<&str> =
            "the Friends of the Waterfront and Bank of Japan met the Lord of the Rings fans"
                .split(' ')
                .collect();
        let mut found = spans(&[
            (1, 2, Per),
            (4, 5, Loc),
            (8, 9, Loc),
            (11, 12, Per),
            (14, 15, Misc),
        ]);
        join_bodies(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Friends of the Waterfront".to_owned(), Org),
                ("Bank of Japan".to_owned(), Org),
                ("Lord".to_owned(), Per),
                ("Rings".to_owned(), Misc),
            ]
        );
    }

    #[test]
    fn a_dateline_before_an_agency_credit_is_a_place() {
        let words: Vec<&str> = "NEW YORK ( Coastal Wire ) - Traffic rose"
            .split(' ')
            .collect();
        let mut found = spans(&[(1, 2, Org), (3, 5, Org), (7, 8, Org)]);
        type_datelines(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("NEW YORK".to_owned(), Loc),
                ("Coastal Wire".to_owned(), Org),
                ("Traffic".to_owned(), Org),
            ]
        );
        // Capitals with no credit and dash after them are left to the tagger.
        let words: Vec<&str> = "NEW YORK rose".split(' ').collect();
        let mut found = spans(&[(0, 2, Org)]);
        type_datelines(&words, &mut found);
        assert_eq!(named(&words, &found), [("NEW YORK".to_owned(), Org)]);
    }

    #[test]
    fn a_dateline_after_a_byline_or_a_credit_is_a_place() {
        // Regression: the byline's name and the dateline were one name, hidden with the
        // byline; a dateline after an agency's credit was an organisation.
        let words: Vec<&str> = "By MARIA O. LINDQVIST NORTH PORT ( Wire ) -- The council met"
            .split(' ')
            .collect();
        let mut found = spans(&[(1, 6, Per), (7, 8, Org)]);
        type_datelines(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("MARIA O. LINDQVIST".to_owned(), Per),
                ("NORTH PORT".to_owned(), Loc),
                ("Wire".to_owned(), Org),
            ]
        );
        let words: Vec<&str> = "Coastal Press - EASTPORT , B.C. ( CP ) - Police said"
            .split(' ')
            .collect();
        let mut found = spans(&[(0, 2, Org), (3, 4, Org), (5, 6, Per), (10, 11, Org)]);
        type_datelines(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [
                ("Coastal Press".to_owned(), Org),
                ("EASTPORT".to_owned(), Loc),
                ("B.C.".to_owned(), Loc),
                ("Police".to_owned(), Org),
            ]
        );
        let words: Vec<&str> = "St. Paul , MN ( Sports Network ) - The Wild won"
            .split(' ')
            .collect();
        let mut found = spans(&[(0, 2, Loc), (3, 4, Org)]);
        type_datelines(&words, &mut found);
        assert_eq!(
            named(&words, &found),
            [("St. Paul".to_owned(), Loc), ("MN".to_owned(), Loc)]
        );
        // "By" and a name with no dateline and credit after them are left to the tagger, and
        // so are a dash and capitals after words that are no credit.
        for line in ["By JANE DOE said ( AP ) -", "the Press - PORT ( AP ) -"] {
            let words: Vec<&str> = line.split(' ').collect();
            let mut found = spans(&[(1, 3, Org)]);
            type_datelines(&words, &mut found);
            assert_eq!(named(&words, &found), [(words[1..3].join(" "), Org)]);
        }
    }

    #[test]
    fn award_categories_and_sports_leagues_are_misc() {
        let words: Vec<&str> =
            "for Best Urban Act at Best Buy in the Premier League , the Awami League and George Best"
                .split(' ')
                .collect();
        let mut found = spans(&[
            (1, 4, Loc),
            (5, 7, Org),
            (9, 11, Org),
            (13, 15, Org),
            (16, 18, Per),
        ]);
        type_awards_and_leagues(&words, &mut found);
        let kinds: Vec<EntityType> = found.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Misc, Org, Misc, Org, Per]);
    }

    #[test]
    fn a_headlines_first_capital_alone_makes_no_name() {
        // Each case: headline, body, the headline's first name as found, what is left of it.
        type Case<'a> = (
            &'a str,
            &'a str,
            (usize, usize, EntityType),
            Option<&'a str>,
        );
        let cases: [Case; 8] = [
            (
                "Veteran Martinez wins title",
                "Conchita Martinez won .",
                (0, 2, Per),
                Some("Martinez"),
            ),
            (
                "Restive Maldives eases curfew",
                "Police made arrests .",
                (0, 2, Org),
                Some("Maldives"),
            ),
            (
                "Broadband fuels change",
                "More homes have broadband .",
                (0, 1, Misc),
                None,
            ),
            // A headline's subject the body does not repeat stays.
            (
                "Federer back in round",
                "He won the match .",
                (0, 1, Per),
                Some("Federer"),
            ),
            // A word of a name of the body, a listed name, an abbreviation, a particle stay.
            (
                "Indian state rolls out kiosks",
                "The South Indian state acts .",
                (0, 1, Misc),
                Some("Indian"),
            ),
            (
                "Paris wins vote",
                "The city won .",
                (0, 1, Loc),
                Some("Paris"),
            ),
            (
                "Bin Laden driver charged",
                "Osama bin Laden hid .",
                (0, 2, Per),
                Some("Bin Laden"),
            ),
            // The whole name is the body's too.
            (
                "White House shifts",
                "The White House said so .",
                (0, 2, Loc),
                Some("White House"),
            ),
        ];
        for (headline, body, (start, end, kind), left) in cases {
            let mut doc = DocInput::from_sentences([headline, body].iter().map(|s| s.split(' ')));
            doc.sentences[0].headline = true;
            let body_words: Vec<&str> = body.split(' ').collect();
            // The body's names: its capitalised words after the first, one name each run.
            let mut body_spans = Vec::new();
            let mut i = 1;
            while i < body_words.len() {
                let run = body_words[i..]
                    .iter()
                    .take_while(|w| w.starts_with(char::is_uppercase))
                    .count();
                if run > 0 {
                    body_spans.push(Span {
                        start: i,
                        end: i + run,
                        kind: Per,
                    });
                }
                i += run.max(1);
            }
            let mut found = vec![spans(&[(start, end, kind)]), body_spans];
            drop_headline_openers(&doc, &mut found);
            let words: Vec<&str> = headline.split(' ').collect();
            let names = named(&words, &found[0]);
            assert_eq!(names.first().map(|(n, _)| n.as_str()), left, "{headline}");
        }
    }

    #[test]
    fn a_title_after_a_works_noun_is_misc() {
        let titled = |sentence: &str, found: &[(usize, usize, EntityType)]| {
            let words: Vec<&str> = sentence.split(' ').collect();
            let mut spans = spans(found);
            type_titles_after_nouns(&words, &mut spans);
            named(&words, &spans)
        };
        let misc = |names: &[&str]| -> Vec<(String, EntityType)> {
            names.iter().map(|n| (n.to_string(), Misc)).collect()
        };
        // The tagger's pieces give way to the whole title.
        assert_eq!(
            titled("the cult TV show Twin Peaks in 1990", &[(4, 6, Loc)]),
            misc(&["Twin Peaks"])
        );
        assert_eq!(
            titled("her album Mind , Body & Soul reached", &[(4, 7, Org)]),
            misc(&["Mind , Body & Soul"])
        );
        assert_eq!(
            titled(
                "the film Mutiny on the Bounty won",
                &[(2, 3, Per), (5, 6, Loc)]
            ),
            misc(&["Mutiny on the Bounty"])
        );
        assert_eq!(
            titled("the film Lost in Translation won", &[]),
            misc(&["Lost in Translation"])
        );
        // Listed after a plural noun, the titles stay apart.
        assert_eq!(
            titled("the films Open Water and Sideways", &[(2, 4, Per)]),
            misc(&["Open Water", "Sideways"])
        );
        // Where the title ends: a comma with no "and" after it, a place after "in", a first
        // name after "and".
        assert_eq!(
            titled("the film Ray , Jamie Foxx said", &[]),
            misc(&["Ray"])
        );
        assert_eq!(
            titled(
                "the single Band Aid 20 in Edinburgh",
                &[(2, 4, Org), (6, 7, Loc)]
            ),
            [
                ("Band Aid 20".to_owned(), Misc),
                ("Edinburgh".to_owned(), Loc)
            ]
        );
        assert_eq!(
            titled(
                "the documentary Fahrenheit 9/11 and Mel Gibson",
                &[(5, 7, Per)]
            ),
            [
                ("Fahrenheit 9/11".to_owned(), Misc),
                ("Mel Gibson".to_owned(), Per)
            ]
        );
        // No cue: a verb's "show", "a single", the capitalised "Film" of a festival, a pronoun.
        let left = [
            ("Polls show Clinton ahead", (2, 3, Per)),
            ("a single European currency", (2, 3, Misc)),
            ("the Venice Film Festival opened", (1, 4, Misc)),
            ("the song I wrote for London", (5, 6, Loc)),
        ];
        for (sentence, (start, end, kind)) in left {
            let words: Vec<&str> = sentence.split(' ').collect();
            assert_eq!(
                titled(sentence, &[(start, end, kind)]),
                [(words[start..end].join(" "), kind)],
                "{sentence}"
            );
        }
    }
}
