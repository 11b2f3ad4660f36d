//! Bylines and credits: "By Jane Doe", "(Reuters)", "AP -", "Reporting by …; Editing by …",
//! "Photo: …". They name the people and agencies who made the story, not what it is about, so the
//! tagger's names inside them are not reported (an entity list of a news page would otherwise
//! fill up with its reporters and wire services).

use std::ops::Range;

use crate::tokenize::{tokenize, Token};

/// News agencies and wire services, which a dateline or a credit names in capitals ("AP -",
/// "(AFP)") where an unknown word in capitals is more likely a place ("LONDON -").
const AGENCIES: [&str; 22] = [
    "AP",
    "AFP",
    "AAP",
    "ANSA",
    "BNO",
    "CNA",
    "CP",
    "DPA",
    "EFE",
    "IANS",
    "KYODO",
    "PA",
    "PTI",
    "REUTERS",
    "RIA",
    "TASS",
    "UPI",
    "XINHUA",
    "YONHAP",
    "BLOOMBERG",
    "INTERFAX",
    "ITAR-TASS",
];

/// Words that, with "by" after them, start a credit that runs to the end of its line or
/// parenthesis ("Reporting by …", "Additional reporting by …", "Editing by …").
const CREDIT_VERBS: [&str; 9] = [
    "reporting",
    "writing",
    "editing",
    "compiled",
    "compiling",
    "photo",
    "photograph",
    "photographs",
    "photos",
];

/// Words that, with ":" after them, start a credit to the end of the line ("Photo: …").
const CREDIT_LABELS: [&str; 6] = [
    "photo",
    "photograph",
    "picture",
    "image",
    "credit",
    "source",
];

/// Days and months, which follow "By" at the start of a sentence that is no byline.
const DATES: [&str; 19] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The byte ranges of the bylines and credits in `text`.
///
/// ```
/// let text = "By Jane Doe\nLONDON (Reuters) - Mayor Elena Vasquez spoke.";
/// let found: Vec<&str> = newsdex_ner::credits(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(found, ["By Jane Doe", "(Reuters)"]);
/// ```
pub fn credits(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    tokenize(text, &mut tokens);
    credit_ranges(text, &tokens)
}

/// The byte ranges of the bylines and credits in `text`, of which `tokens` are the tokens.
pub(crate) fn credit_ranges(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let word = |i: usize| tokens.get(i).map_or("", |t| &text[t.start..t.end]);
    // Whether a line break comes before token `i` (or `i` is the first).
    let line_start = |i: usize| i == 0 || text[tokens[i - 1].end..tokens[i].start].contains('\n');
    let line_end = |i: usize| i + 1 >= tokens.len() || line_start(i + 1);
    let lower = |i: usize| word(i).to_lowercase();
    let mut i = 0;
    while i < tokens.len() {
        let end = if line_start(i)
            && lower(i) == "by"
            && capitalised(word(i + 1))
            && !DATES.contains(&lower(i + 1).as_str())
        {
            Some(byline_end(&word, &line_end, i + 1))
        } else if CREDIT_VERBS.contains(&lower(i).as_str())
            && (lower(i + 1) == "by" || (lower(i + 1) == "reporting" && lower(i + 2) == "by"))
        {
            let mut j = i;
            while !line_end(j) && word(j + 1) != ")" {
                j += 1;
            }
            Some(j + 1)
        } else if CREDIT_LABELS.contains(&lower(i).as_str()) && word(i + 1) == ":" && line_start(i)
        {
            // "Photo: Jane Doe/Harbor Daily" is a credit; "Photo: the mayor at the bridge" is a
            // caption, which names what the story is about.
            let mut j = i + 1;
            while !line_end(j) && j - i < 8 {
                j += 1;
            }
            (line_end(j) && (i + 2..=j).all(|k| capitalised(word(k)) || is_joiner(word(k))))
                .then_some(j + 1)
        } else if word(i) == "(" {
            // "(Reuters)", "(AP)", "(Canadian Press)" after a dateline or at the end of a title.
            (i + 2..tokens.len().min(i + 5))
                .find(|&j| word(j) == ")")
                .filter(|&c| {
                    (i + 1..c).all(|j| capitalised(word(j)))
                        && (line_end(c) || is_dash(word(c + 1)))
                })
                .map(|c| c + 1)
        } else if line_start(i) {
            // "AP - ", "SPACE.com - ", "Canadian Press - " opening a body: a known agency, or
            // words not all in capitals (those are more likely a dateline: "LONDON -").
            (i + 1..tokens.len().min(i + 5))
                .find(|&j| !capitalised(word(j)))
                .filter(|&d| {
                    is_dash(word(d))
                        && (AGENCIES.contains(&word(i).to_uppercase().as_str())
                            || (i..d).any(|j| word(j).chars().any(char::is_lowercase)))
                })
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push(tokens[i].start..tokens[end - 1].end);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The end of a byline whose name starts at token `first`: the rest of the line when it is
/// short, else two words of a name (and its initials), which is where a dateline in capitals
/// starts on the same line ("By MICHAEL LIEDTKE SAN FRANCISCO (AP)").
fn byline_end<'t>(
    word: &impl Fn(usize) -> &'t str,
    line_end: &impl Fn(usize) -> bool,
    first: usize,
) -> usize {
    let mut j = first;
    while !line_end(j) && j - first < 8 {
        j += 1;
    }
    if line_end(j) {
        return j + 1;
    }
    let mut names = 0;
    let mut k = first;
    while capitalised(word(k)) && (names < 2 || is_initial(word(k))) {
        if !is_initial(word(k)) {
            names += 1;
        }
        k += 1;
    }
    k
}

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
        || (word.starts_with(|c: char| c.is_lowercase())
            && word.chars().skip(1).any(char::is_uppercase))
}

fn is_initial(word: &str) -> bool {
    let mut c = word.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_uppercase())
}

/// Punctuation and small words inside a credit's list of names ("Jane Doe/Harbor Daily").
fn is_joiner(word: &str) -> bool {
    matches!(word, "/" | "," | ";" | "&" | "and" | "for" | "of" | "-")
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "–" | "—")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        credits(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn bylines() {
        assert_eq!(found("By Jane Doe\nThe council met."), ["By Jane Doe"]);
        assert_eq!(
            found("BY JANE DOE, STAFF WRITER\nText."),
            ["BY JANE DOE, STAFF WRITER"]
        );
        assert_eq!(
            found(
                "By MARIA O. LINDQVIST NORTHPORT (Wire) -- The council met on Monday and agreed."
            ),
            ["By MARIA O. LINDQVIST", "(Wire)"]
        );
        // "By" inside a sentence is no byline.
        assert!(found("The bridge was built by Harbor Works.").is_empty());
        assert!(
            found("By Monday the council had agreed to close the old road for good.").len() <= 1
        );
    }

    #[test]
    fn agency_credits_and_datelines() {
        assert_eq!(found("NORTHPORT (Wire) - The mayor spoke."), ["(Wire)"]);
        assert_eq!(found("Bridge closes for repairs (AP)"), ["(AP)"]);
        assert_eq!(found("AP - The mayor spoke."), ["AP"]);
        assert_eq!(
            found("Harbor Daily Online - The mayor spoke."),
            ["Harbor Daily Online"]
        );
        // A dateline in capitals is a place, not a credit.
        assert!(found("NORTHPORT - The mayor spoke.").is_empty());
        // An abbreviation in a sentence stays.
        assert!(found("The Harbor Authority (HA) said it would reopen the bridge.").is_empty());
    }

    #[test]
    fn reporting_and_photo_credits() {
        assert_eq!(
            found("The bridge reopens in May. (Reporting by Jane Doe; Editing by Sam Roe)"),
            ["Reporting by Jane Doe; Editing by Sam Roe"]
        );
        assert_eq!(
            found("Photo: Jane Doe/Harbor Daily\nThe bridge."),
            ["Photo: Jane Doe/Harbor Daily"]
        );
    }
}
