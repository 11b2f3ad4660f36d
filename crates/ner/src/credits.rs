//! Bylines and credits: "By Jane Doe", "(Reuters)", "AP -", "Reporting by …; Editing by …",
//! "Photo: …". They name the people and agencies who made the story, not what it is about, so the
//! tagger's names inside them are not reported (an entity list of a news page would otherwise
//! fill up with its reporters and wire services).

use std::ops::Range;

use crate::tokenize::{tokenize, Token};

/// News agencies and wire services, which a dateline or a credit names in capitals ("AP -",
/// "(AFP)") where an unknown word in capitals is more likely a place ("LONDON -").
const AGENCIES: [&str; 24] = [
    "AP",
    "AFP",
    "EPA",
    "GETTY",
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

/// The most tokens a "Reporting by …" credit runs to.
const MAX_CREDIT_TOKENS: usize = 24;

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
            && (line_start(i) || matches!(lower(i - 1).as_str(), "(" | ";" | "additional"))
        {
            // A credit is short and names people; "compiled by the Official Charts Company,
            // as having been ..." is a sentence.
            let mut j = i;
            while !line_end(j) && word(j + 1) != ")" && j - i <= MAX_CREDIT_TOKENS {
                j += 1;
            }
            (j - i <= MAX_CREDIT_TOKENS).then_some(j + 1)
        } else if CREDIT_LABELS.contains(&lower(i).as_str()) && word(i + 1) == ":" {
            // "Photo: Jane Doe/Harbor Daily" is a credit; "Photo: the mayor at the bridge" is a
            // caption, which names what the story is about. After a caption's text on the same
            // line ("The bridge. Photo: Jane Doe/AFP"), the names must show an agency's hand.
            let mut j = i + 1;
            while !line_end(j) && word(j + 1) != ")" && j - i < 10 {
                j += 1;
            }
            let names = i + 2..=j;
            (j > i + 1
                && (line_end(j) || word(j + 1) == ")")
                && names
                    .clone()
                    .all(|k| capitalised(word(k)) || is_joiner(word(k)))
                && (line_start(i) || names.clone().any(|k| is_agency_credit(&word, k))))
            .then_some(j + 1)
        } else if let Some(end) = signed_line(&word, &line_start, &line_end, i) {
            Some(end)
        } else if let Some(end) = agency_photo(&word, &line_end, i) {
            Some(end)
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

/// Words of a reporter's line besides names ("Jane Doe, Business reporter, BBC News").
const ROLES: [&str; 7] = [
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "staff",
    "of",
    "and",
];

/// Last words of the outlets that sign a reporter's line ("BBC News", "Harbor Times").
const OUTLETS: [&str; 8] = [
    "news", "times", "post", "online", "daily", "journal", "herald", "press",
];

/// The end of a reporter's line starting at token `i`: a whole short line that names someone,
/// a comma, and an outlet or an agency ("Jane Doe, BBC News", "Jane Doe, Business reporter,
/// BBC News").
fn signed_line<'t>(
    word: &impl Fn(usize) -> &'t str,
    line_start: &impl Fn(usize) -> bool,
    line_end: &impl Fn(usize) -> bool,
    i: usize,
) -> Option<usize> {
    if !line_start(i) || !capitalised(word(i)) || word(i + 1) == "," {
        return None;
    }
    let mut j = i;
    while !line_end(j) && j - i < 10 {
        j += 1;
    }
    let last = word(j);
    let signed = line_end(j)
        && (i..j).any(|k| word(k) == ",")
        && (OUTLETS.contains(&last.to_lowercase().as_str())
            || AGENCIES.contains(&last.to_uppercase().as_str()))
        && (i..=j).all(|k| {
            capitalised(word(k))
                || word(k) == ","
                || ROLES.contains(&word(k).to_lowercase().as_str())
        });
    signed.then_some(j + 1)
}

/// The end of a photo credit without a label starting at token `i`, closing its line or
/// parenthesis: names joined by "/" or "via" to an agency ("Jane Doe/AFP via Getty Images",
/// "Reuters/Jane Doe").
fn agency_photo<'t>(
    word: &impl Fn(usize) -> &'t str,
    line_end: &impl Fn(usize) -> bool,
    i: usize,
) -> Option<usize> {
    if !capitalised(word(i)) || (i > 0 && capitalised(word(i - 1))) {
        return None;
    }
    let mut j = i;
    while !line_end(j)
        && word(j + 1) != ")"
        && j - i < 10
        && (capitalised(word(j + 1)) || is_joiner(word(j + 1)))
    {
        j += 1;
    }
    let closed = line_end(j) || word(j + 1) == ")";
    (closed && (i..=j).any(|k| is_agency_credit(word, k))).then_some(j + 1)
}

/// Whether token `k` names an agency next to a "/" or "via", or is "Getty Images".
fn is_agency_credit<'t>(word: &impl Fn(usize) -> &'t str, k: usize) -> bool {
    let agency = AGENCIES.contains(&word(k).to_uppercase().as_str());
    let joined = (k > 0 && matches!(word(k - 1), "/" | "via")) || word(k + 1) == "/";
    (agency && joined) || (word(k) == "Getty" && word(k + 1) == "Images")
}

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
        || (word.starts_with(|c: char| c.is_lowercase())
            && word.chars().skip(1).any(char::is_uppercase))
}

/// Whether `word` is an initial ("O.").
pub(crate) fn is_initial(word: &str) -> bool {
    let mut c = word.chars();
    matches!((c.next(), c.next(), c.next()), (Some(l), Some('.'), None) if l.is_uppercase())
}

/// Punctuation and small words inside a credit's list of names ("Jane Doe/Harbor Daily").
fn is_joiner(word: &str) -> bool {
    matches!(
        word,
        "/" | "," | ";" | "&" | "and" | "for" | "of" | "-" | "via"
    )
}

/// Whether `word` is a dash of any length.
pub(crate) fn is_dash(word: &str) -> bool {
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
    fn a_credit_verb_in_a_sentence_is_no_credit() {
        // Regression: "compiled by" in running text hid the rest of the sentence's names.
        assert!(found("The chart, compiled by the Official Charts Company, rose.").is_empty());
        assert!(found(
            "Compiled by Central Banking Publications and sponsored by the Royal Bank, the \
             survey found 39 nations out of 65 were increasing their euro holdings."
        )
        .is_empty());
        assert_eq!(
            found("The bridge reopens. (Additional reporting by Jane Doe)"),
            ["reporting by Jane Doe"]
        );
    }

    #[test]
    fn signed_lines_and_agency_photos() {
        assert_eq!(
            found("Jane Smith, BBC News\nThe council met."),
            ["Jane Smith, BBC News"]
        );
        assert_eq!(
            found("Jane Smith, Business reporter, BBC News\nText."),
            ["Jane Smith, Business reporter, BBC News"]
        );
        assert_eq!(
            found("The mayor at the bridge. Photo: Jane Doe/AFP via Getty Images\nText."),
            ["Photo: Jane Doe/AFP via Getty Images"]
        );
        assert_eq!(
            found("The mayor at the bridge (Jane Doe/AFP)\nText."),
            ["Jane Doe/AFP"]
        );
        assert_eq!(
            found("Crowds on the bridge. Reuters/Jane Doe\nText."),
            ["Reuters/Jane Doe"]
        );
        assert_eq!(found("Getty Images\nText."), ["Getty Images"]);
        // A place and a date on a line, a list of names, a caption naming who is in it and an
        // agency in running text are no credits.
        assert!(found("Eastport, Maine\nText.").is_empty());
        assert!(found("Jane Smith, Sam Roe and Ann Lee\nText.").is_empty());
        assert!(found("The mayor at the bridge. Photo: Elena Vasquez\nText.").is_empty());
        assert!(found("Getty Images said it would sell the archive.").is_empty());
        assert!(found("The mayor, 54, told BBC News\nText.").is_empty());
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
