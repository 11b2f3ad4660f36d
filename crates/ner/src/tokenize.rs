//! Tokenisation and sentence splitting of raw text in the CoNLL-2003 style, keeping byte offsets.
//!
//! Punctuation is split off words, clitics become their own tokens (`Kerry's` → `Kerry` `'s`,
//! `don't` → `do` `n't`), abbreviations and initials keep their dots (`U.S.`, `J.`), and hyphenated
//! words and numbers stay whole (`Saudi-based`, `1,000.5`), as in the training data.

use std::ops::Range;

/// A token as a byte range of the text it came from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

/// Abbreviations that keep their final dot (compared without it).
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Apr", "Aug", "Bros", "Capt", "Cmdr", "Co", "Col", "Corp", "Dec", "Dr", "Feb", "Fr",
    "Ft", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj", "Mar",
    "Messrs", "Mr", "Mrs", "Ms", "Mt", "No", "Nov", "Oct", "Pres", "Prof", "Rep", "Rev", "Sen",
    "Sep", "Sept", "Sgt", "Sr", "St", "Supt", "etc", "vs",
];

/// The US states as news agencies abbreviate them in datelines and after a city ("Frankfort,
/// Ky.", "Calif. Aims to ..."), which keep their dot as CoNLL-2003 has them ("Calif.", "Fla."):
/// cut off, the dot ended a sentence after "Ky" and left the name alone in it, typed PER.
const STATE_ABBREVIATIONS: &[&str] = &[
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
    "Ky", "La", "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore",
    "Pa", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

/// Whether `word` is a US state abbreviated with its dot, as one token ("Calif.", "Ky.").
pub(crate) fn is_abbreviated_state(word: &str) -> bool {
    word.strip_suffix('.')
        .is_some_and(|core| STATE_ABBREVIATIONS.contains(&core))
}

/// Characters that always stand alone as tokens, wherever they are in a word.
fn is_breaking(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '!'
            | '?'
            | ';'
            | '<'
            | '>'
            | '|'
            | '*'
            | '+'
            | '='
            | '~'
            | '^'
            | '\\'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '…'
            | '–'
            | '—'
            | '•'
            | '·'
            | '¡'
            | '¿'
            | '。'
            | '、'
            | '，'
            | '！'
            | '？'
            | '：'
            | '；'
            | '（'
            | '）'
            | '「'
            | '」'
            | '『'
            | '』'
            | '【'
            | '】'
            | '《'
            | '》'
            | '〈'
            | '〉'
    )
}

/// Characters split off only when they are not between two digits (`1,000`, `10:30`, `1/2`).
fn is_breaking_unless_numeric(c: char) -> bool {
    matches!(c, ',' | ':' | '/')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'
}

fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '`')
}

/// Splits `text` into tokens, appending them to `out`.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut chunk_start = None;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, s, i, out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    if let Some(s) = chunk_start {
        split_chunk(text, s, text.len(), out);
    }
}

/// Splits one whitespace-free chunk at the characters that always break, then trims each piece.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let chunk = &text[start..end];
    let mut piece_start = 0;
    let mut prev: Option<char> = None;
    let mut iter = chunk.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let numeric_inside =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        // A dot between a word of three letters or more and a capital ends a sentence whose
        // space was lost ("Aleppo.The"): glued, the two words read as one name. Shorter ones
        // are abbreviations ("Ph.D", "St.Louis").
        let sentence_end = c == '.'
            && prev.is_some_and(char::is_lowercase)
            && next.is_some_and(char::is_uppercase)
            && chunk[piece_start..i]
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                >= 3;
        if is_breaking(c) || (is_breaking_unless_numeric(c) && !numeric_inside) || sentence_end {
            trim_piece(text, start + piece_start, start + i, out);
            let mut run_end = i + c.len_utf8();
            while let Some(&(j, n)) = iter.peek() {
                if n != c {
                    break;
                }
                run_end = j + n.len_utf8();
                iter.next();
            }
            out.push(Token {
                start: start + i,
                end: start + run_end,
            });
            piece_start = run_end;
            prev = None;
        } else {
            prev = Some(c);
        }
    }
    trim_piece(text, start + piece_start, end, out);
}

/// Splits leading quotes and dashes, trailing dots, quotes and dashes, and clitics off a piece.
fn trim_piece(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Token>) {
    // Leading quotes and dashes, except a quote that starts a number (`'90s`) or is a whole clitic.
    while start < end {
        let c = first_char(&text[start..end]);
        let rest = &text[start + c.len_utf8()..end];
        let keep = is_quote(c)
            && (rest.starts_with(|n: char| n.is_ascii_digit()) || is_clitic(&text[start..end]));
        if !(is_quote(c) || c == '-') || keep {
            break;
        }
        let run = run_len(&text[start..end], c);
        out.push(Token {
            start,
            end: start + run,
        });
        start += run;
    }
    let mut tail: Vec<Token> = Vec::new();
    while start < end {
        let piece = &text[start..end];
        let c = last_char(piece);
        if c == '.' {
            if is_abbreviation(piece) {
                break;
            }
        } else if !(is_quote(c) || c == '-') || (is_quote(c) && piece.chars().count() == 1) {
            break;
        }
        let run = run_len_back(piece, c);
        if run == piece.len() {
            break;
        }
        tail.push(Token {
            start: end - run,
            end,
        });
        end -= run;
    }
    if start < end {
        let clitic = clitic_len(&text[start..end]);
        if clitic > 0 {
            out.push(Token {
                start,
                end: end - clitic,
            });
            out.push(Token {
                start: end - clitic,
                end,
            });
        } else {
            out.push(Token { start, end });
        }
    }
    out.extend(tail.into_iter().rev());
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn last_char(s: &str) -> char {
    s.chars().next_back().unwrap_or(' ')
}

fn run_len(s: &str, c: char) -> usize {
    s.chars().take_while(|&x| x == c).count() * c.len_utf8()
}

fn run_len_back(s: &str, c: char) -> usize {
    s.chars().rev().take_while(|&x| x == c).count() * c.len_utf8()
}

fn is_clitic(s: &str) -> bool {
    // Lower-cased a character at a time into a small buffer: this runs for every token, where
    // allocating the lower-cased string showed in profiles.
    if !s.starts_with(['\'', '’', 'n', 'N']) {
        return false;
    }
    let mut lower = [0u8; 3];
    let mut n = 0;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if c == '’' { '\'' } else { c };
        if n == lower.len() || !c.is_ascii() {
            return false;
        }
        lower[n] = c as u8;
        n += 1;
    }
    matches!(
        &lower[..n],
        b"'s" | b"'re" | b"'ll" | b"'ve" | b"'m" | b"'d" | b"n't"
    )
}

/// Byte length of a clitic at the end of a longer word, or 0.
fn clitic_len(s: &str) -> usize {
    for clitic_chars in [2usize, 3] {
        let Some((split, _)) = s.char_indices().rev().nth(clitic_chars - 1) else {
            continue;
        };
        if split == 0 {
            continue;
        }
        let tail = &s[split..];
        if is_clitic(tail) {
            // `n't` belongs to the clitic, `'s` after `n` does not.
            if clitic_chars == 2 && s[..split].ends_with(['n', 'N']) && tail.ends_with(['t', 'T']) {
                continue;
            }
            return tail.len();
        }
    }
    0
}

/// Whether a piece ending in `.` keeps it: `U.S.`, `e.g.`, `J.`, `Mr.`, `Inc.`.
fn is_abbreviation(piece: &str) -> bool {
    let core = piece.trim_end_matches('.');
    if core.is_empty() || piece.len() - core.len() > 1 {
        return false;
    }
    let mut chars = core.chars();
    let single_letter = chars.next().is_some_and(|c| c.is_alphabetic()) && chars.next().is_none();
    let dotted = core.contains('.')
        && core
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic));
    single_letter || dotted || ABBREVIATIONS.contains(&core) || STATE_ABBREVIATIONS.contains(&core)
}

/// The longest sentence: text that runs on further (a list, a table, noise) is cut here, which
/// bounds the work per sentence without touching real prose.
const MAX_SENTENCE_TOKENS: usize = 500;

/// Whether a token ends a sentence when what follows allows it.
fn is_terminal(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…'))
}

fn is_closing(token: &str) -> bool {
    token
        .chars()
        .all(|c| matches!(c, '"' | '\'' | '’' | '”' | ')' | ']' | '»'))
}

/// Groups `tokens` into sentences, as ranges of token indices, appending them to `out`.
///
/// A sentence ends after `.`, `!` or `?` (and any closing quotes) when the next token does not
/// start in lower case, and at a line break unless the line reads on into the next one (no final
/// punctuation and a lower-case start), which keeps headlines, captions and stray lines apart.
/// Runs longer than 500 tokens are cut.
pub fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    for i in 0..tokens.len() {
        let Some(next) = tokens.get(i + 1) else { break };
        let tok = &text[tokens[i].start..tokens[i].end];
        let next_text = &text[next.start..next.end];
        let next_lower = next_text.starts_with(char::is_lowercase);
        let gap = &text[tokens[i].end..next.start];
        let ends_in_terminal = is_terminal(tok)
            || (is_closing(tok)
                && i > start
                && is_terminal(&text[tokens[i - 1].start..tokens[i - 1].end]));
        let line_break = gap.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
        let blank_line = gap.matches('\n').count() >= 2;
        let boundary = if i + 1 - start >= MAX_SENTENCE_TOKENS {
            true
        } else if line_break {
            blank_line || ends_in_terminal || !next_lower
        } else {
            // A quote right after the stop closes this sentence; one after a space opens the next.
            ends_in_terminal && !next_lower && !(is_closing(next_text) && gap.is_empty())
        };
        if boundary {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        toks.iter().map(|t| &text[t.start..t.end]).collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let mut sents = Vec::new();
        split_sentences(text, &toks, &mut sents);
        sents
            .iter()
            .map(|r| {
                toks[r.clone()]
                    .iter()
                    .map(|t| &text[t.start..t.end])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn splits_clitics_and_punctuation_like_conll() {
        assert_eq!(
            words("Kerry's plan, he said."),
            ["Kerry", "'s", "plan", ",", "he", "said", "."]
        );
        assert_eq!(
            words("They don't know."),
            ["They", "do", "n't", "know", "."]
        );
        assert_eq!(
            words("(Reuters) \"Yes!\""),
            ["(", "Reuters", ")", "\"", "Yes", "!", "\""]
        );
        assert_eq!(words("the Smiths' house"), ["the", "Smiths", "'", "house"]);
        assert_eq!(words("O'Neill's"), ["O'Neill", "'s"]);
        assert_eq!(words("Kerry’s"), ["Kerry", "’s"]);
    }

    #[test]
    fn keeps_abbreviations_numbers_and_hyphenated_words() {
        assert_eq!(
            words("the U.S. and J. Smith"),
            ["the", "U.S.", "and", "J.", "Smith"]
        );
        assert_eq!(
            words("Mr. Lavrov of Acme Inc."),
            ["Mr.", "Lavrov", "of", "Acme", "Inc."]
        );
        assert_eq!(
            words("Ky. Firm Wins in Orange, Calif. ill."),
            ["Ky.", "Firm", "Wins", "in", "Orange", ",", "Calif.", "ill", "."]
        );
        assert_eq!(
            words("1,000.50 at 10:30 on 1996-08-22"),
            ["1,000.50", "at", "10:30", "on", "1996-08-22"]
        );
        assert_eq!(
            words("Saudi-based Anglo-Dutch"),
            ["Saudi-based", "Anglo-Dutch"]
        );
        assert_eq!(
            words("yes -- no... '90s"),
            ["yes", "--", "no", "...", "'90s"]
        );
        assert_eq!(words("1, 2"), ["1", ",", "2"]);
    }

    #[test]
    fn a_dot_glued_between_a_word_and_a_capital_ends_a_sentence() {
        assert_eq!(
            words("in Aleppo.The group and Ph.D or St.Louis, U.S.A"),
            ["in", "Aleppo", ".", "The", "group", "and", "Ph.D", "or", "St.Louis", ",", "U.S.A"]
        );
    }

    #[test]
    fn offsets_are_byte_ranges_of_the_input() {
        let text = "  Zürich, 東京 and Tōkyō.";
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let got: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(got[0], (2, 9));
        assert_eq!(&text[got[1].0..got[1].1], ",");
        assert_eq!(&text[got[2].0..got[2].1], "東京");
        assert_eq!(&text[got[4].0..got[4].1], "Tōkyō");
        assert_eq!(&text[got[5].0..got[5].1], ".");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "\u{301}",
            "'",
            "''",
            "-",
            ".",
            "\u{0}\u{7}x",
            "a'",
            "'s",
            "n't",
            "\u{202e}abc\u{202c}",
            "...",
            "'''a'''",
        ] {
            let mut toks = Vec::new();
            tokenize(text, &mut toks);
            for t in &toks {
                assert!(
                    t.start < t.end
                        && text.is_char_boundary(t.start)
                        && text.is_char_boundary(t.end)
                );
            }
            let mut sents = Vec::new();
            split_sentences(text, &toks, &mut sents);
        }
    }

    #[test]
    fn splits_sentences_at_stops_and_lines() {
        assert_eq!(
            sentences("He went to the U.S. on Monday. She stayed. \"Why?\" he asked."),
            [
                "He went to the U.S. on Monday .",
                "She stayed .",
                "\" Why ? \" he asked ."
            ]
        );
        assert_eq!(
            sentences("Route 6\nThe road was closed"),
            ["Route 6", "The road was closed"]
        );
        assert_eq!(sentences("a line that\nwraps on"), ["a line that wraps on"]);
        let long = "x ".repeat(1200);
        let lens: Vec<usize> = sentences(&long)
            .iter()
            .map(|s| s.split(' ').count())
            .collect();
        assert_eq!(lens, [500, 500, 200]);
    }
}
