//! News outlets, agencies and institutions: a name that ends in an outlet's head word ("Jakarta
//! Post", "Eastport News", "Xinhua News Agency") or an institution's ("Wiltshire Police",
//! "Falic Group", "Broadcom Corp.") is an organisation, in one span with that word, and the
//! agencies whose names are made of a place and ordinary words ("Agence France-Presse",
//! "Associated Press") are one organisation each. The tagger, trained on 1996 Reuters text that
//! names few outlets, cuts them ("France-Presse" MISC) or types them by their first word
//! ("Sunday Telegraph" PER, "Eastport News" MISC, "Wiltshire" LOC and "Police" left out).

use crate::entity::EntityType;
use crate::gazetteer::is_first_name;
use crate::labels::Span;

/// Last words of the names of newspapers, broadcasters' news services and agencies. In
/// `eng.train` the names ending in one of these are ORG 31 times, MISC twice and PER once.
const HEADS: [&str; 13] = [
    "agency",
    "chronicle",
    "daily",
    "gazette",
    "herald",
    "journal",
    "news",
    "observer",
    "post",
    "press",
    "telegraph",
    "times",
    "tribune",
];

/// Last words of the names of institutions, bodies, parties and firms: in `eng.train` the names
/// ending in one of these are ORG 546 times and MISC or LOC twice ("Association", "Co"). Left
/// out: "Bank" ("West Bank", LOC 32 times), "Union" ("Soviet Union"), "Federation", "League"
/// (MISC 73 times) and "Trust".
const INSTITUTION_HEADS: [&str; 27] = [
    "airlines",
    "airways",
    "army",
    "assembly",
    "association",
    "authority",
    "board",
    "co",
    "college",
    "commission",
    "company",
    "constabulary",
    "corp",
    "council",
    "department",
    "foundation",
    "group",
    "inc",
    "institute",
    "ltd",
    "ministry",
    "navy",
    "party",
    "plc",
    "police",
    "service",
    "university",
];

/// Whether `word` ends the name of an institution or an outlet ("Screen Actors Guild", "Lawn
/// Tennis Association"), which gives awards and makes products but is none.
pub(crate) fn is_institution(word: &str) -> bool {
    is_head(word, true)
        || ["guild", "academy", "society"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether `word` ends the name of a newspaper, a broadcaster's news service or an agency
/// ("Times", "Press").
pub(crate) fn is_outlet_head(word: &str) -> bool {
    is_head(word, false)
}

/// Words that open a newspaper's name before its head word ("Sunday Telegraph"), which the
/// tagger leaves out as ordinary capitalised words.
const PREFIXES: [&str; 5] = ["sunday", "daily", "evening", "morning", "weekly"];

/// Agencies whose names are a place or a nationality with ordinary words, which the tagger
/// splits or types by their parts.
const AGENCIES: [&[&str]; 9] = [
    &["Agence", "France-Presse"],
    &["Agence", "France", "Presse"],
    &["Associated", "Press"],
    &["Australian", "Associated", "Press"],
    &["Press", "Association"],
    &["United", "Press", "International"],
    &["Press", "Trust", "of", "India"],
    &["Deutsche", "Presse-Agentur"],
    &["Canadian", "Press"],
];

/// Whether `word` ends the name of an outlet, or with `institutions` of an outlet or an
/// institution (compared in lower case without dots: "Corp.", "INC").
fn is_head(word: &str, institutions: bool) -> bool {
    let key: String = word
        .chars()
        .filter(|&c| c != '.')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    HEADS.contains(&key.as_str()) || (institutions && INSTITUTION_HEADS.contains(&key.as_str()))
}

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
}

/// Makes the outlets and agencies of one sentence (`words`, with its names `spans`, in order)
/// whole organisations. In a headline, where every word may be capitalised, a name is not
/// extended over the words after it.
pub(crate) fn type_outlets(words: &[&str], spans: &mut Vec<Span>, headline: bool) {
    for agency in AGENCIES {
        let n = agency.len();
        for i in 0..words.len().saturating_sub(n - 1) {
            let same = words[i..i + n]
                .iter()
                .zip(agency)
                .all(|(w, a)| w.eq_ignore_ascii_case(a));
            if same {
                merge(spans, i, i + n);
            }
        }
    }
    let taken = |spans: &[Span], i: usize| spans.iter().any(|s| s.start <= i && i < s.end);
    for k in 0..spans.len() {
        let mut span = spans[k];
        if !headline {
            // "Xinhua" "News Agency", "Canadian" "Press", "Wiltshire" "Police"; not "US" "Post
            // Office", nor "Italian" "Police" (the police of Italy: in `eng.train` a nationality
            // stays apart from an institution's word after it).
            let mut end = span.end;
            let institutions = span.kind != EntityType::Misc;
            while end < words.len()
                && capitalised(words[end])
                && is_head(words[end], institutions)
                && !taken(spans, end)
            {
                end += 1;
            }
            if end > span.end && !words.get(end).is_some_and(|w| capitalised(w)) {
                span.end = end;
            }
        }
        if !is_head(words[span.end - 1], true) {
            continue;
        }
        // A person may bear a head word's name ("Emily Post").
        let person = span.kind == EntityType::Per
            && span.end - span.start >= 2
            && is_first_name(words[span.start]);
        if span.start > 0
            && capitalised(words[span.start - 1])
            && PREFIXES.contains(&words[span.start - 1].to_ascii_lowercase().as_str())
            && !taken(spans, span.start - 1)
        {
            span.start -= 1;
        }
        if span.end - span.start >= 2 && !person {
            span.kind = EntityType::Org;
        }
        spans[k] = span;
    }
}

/// Makes tokens `start..end` one organisation, joined with the names that overlap it.
fn merge(spans: &mut Vec<Span>, start: usize, end: usize) {
    let mut whole = Span {
        start,
        end,
        kind: EntityType::Org,
    };
    spans.retain(|s| {
        let overlaps = s.start < end && start < s.end;
        if overlaps {
            whole.start = whole.start.min(s.start);
            whole.end = whole.end.max(s.end);
        }
        !overlaps
    });
    let at = spans.partition_point(|s| s.start < whole.start);
    spans.insert(at, whole);
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityType::*;

    /// A name as the tagger gave it: first token, end, type.
    type Tagged = (usize, usize, EntityType);

    /// A sentence, the tagger's names in it, and the names the rules make of them.
    type Case<'a> = (&'a str, &'a [Tagged], &'a [(&'a str, EntityType)]);

    /// The names of `sentence` after [`type_outlets`], from the tagger's `spans`.
    fn outlets(sentence: &str, spans: &[Tagged]) -> Vec<(String, EntityType)> {
        let words: Vec<&str> = sentence.split(' ').collect();
        let mut spans: Vec<Span> = spans
            .iter()
            .map(|&(start, end, kind)| Span { start, end, kind })
            .collect();
        type_outlets(&words, &mut spans, false);
        spans
            .iter()
            .map(|s| (words[s.start..s.end].join(" "), s.kind))
            .collect()
    }

    #[test]
    fn agencies_and_outlets_are_whole_organisations() {
        let cases: [Case; 8] = [
            (
                "said Agence France-Presse .",
                &[(2, 3, Misc)],
                &[("Agence France-Presse", Org)],
            ),
            (
                "the Associated Press and the Press Association",
                &[],
                &[("Associated Press", Org), ("Press Association", Org)],
            ),
            // A longer name holding an agency's stays whole.
            (
                "The Associated Press said",
                &[(0, 3, Misc)],
                &[("The Associated Press", Org)],
            ),
            (
                "told Xinhua News Agency that",
                &[(1, 2, Org)],
                &[("Xinhua News Agency", Org)],
            ),
            (
                "told the Eastport News that",
                &[(2, 4, Misc)],
                &[("Eastport News", Org)],
            ),
            (
                "the Jakarta Post and Sunday Telegraph",
                &[(1, 2, Loc), (5, 6, Per)],
                &[("Jakarta Post", Org), ("Sunday Telegraph", Org)],
            ),
            // A run that goes on is some other name; a person may be named Post.
            ("the US Post Office", &[(1, 2, Loc)], &[("US", Loc)]),
            ("wrote Emily Post .", &[(1, 3, Per)], &[("Emily Post", Per)]),
        ];
        for (sentence, spans, expected) in cases {
            let expected: Vec<(String, EntityType)> =
                expected.iter().map(|&(n, k)| (n.to_owned(), k)).collect();
            assert_eq!(outlets(sentence, spans), expected, "{sentence}");
        }
    }

    #[test]
    fn a_headline_does_not_extend_a_name() {
        // In a headline, a capitalised word after a name is no sign.
        let words: Vec<&str> = "Obama Times Visit".split(' ').collect();
        let mut spans = vec![Span {
            start: 0,
            end: 1,
            kind: Per,
        }];
        type_outlets(&words, &mut spans, true);
        assert_eq!((spans[0].end, spans[0].kind), (1, Per));
    }
}
