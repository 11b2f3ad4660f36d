//! The fold of one character, read from a table of the characters that do not fold to
//! themselves rather than computed by decomposition: the search module then carries a few KB
//! of table instead of the Unicode decomposition, combining-class, mark and case tables.
//!
//! The fold's definition is `tests::reference_fold`; the table (`fold/runs.bin`,
//! `fold/texts.txt`) is generated from it for every character by `NEWSDEX_WRITE_FOLD_TABLE=1
//! cargo test -p newsdex-index fold`, and the tests check that it is current and that the two
//! agree on every character.
//!
//! Folding a word character by character is folding it whole: NFKD only reorders characters
//! of non-zero combining class, all of which are marks that the fold drops.

use std::sync::OnceLock;

/// The fold table, generated from the fold's definition by `NEWSDEX_WRITE_FOLD_TABLE=1 cargo
/// test -p newsdex-index fold` (never edited by hand): the runs of characters that do not fold
/// to themselves (see [`decode`]) and the texts of the `TEXT` runs, in order.
mod table {
    pub(super) static RUNS: &[u8] = include_bytes!("fold/runs.bin");
    pub(super) static TEXTS: &str = include_str!("fold/texts.txt");
}

/// Pushes the fold of `c` onto `out`.
pub(super) fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let code = u32::from(c);
    if let Some(syllable) = code.checked_sub(HANGUL_FIRST).filter(|s| *s < HANGUL_COUNT) {
        push_jamo(syllable, out);
        return;
    }
    let runs = runs();
    let run = match runs.partition_point(|r| r.first <= code).checked_sub(1) {
        Some(i) if code <= runs[i].last => &runs[i],
        _ => {
            out.push(c);
            return;
        }
    };
    match run.fold {
        Fold::Drop => {}
        Fold::Shift(by) => out.push(shifted(c, by)),
        Fold::EveryOther(by) if (code - run.first) % 2 == 0 => out.push(shifted(c, by)),
        Fold::EveryOther(_) => out.push(c),
        Fold::To(to) => out.push(to),
        Fold::Text(text) => out.push_str(text),
    }
}

/// `c` moved by `by` code points: always onto a character (the tests try every one).
fn shifted(c: char, by: i32) -> char {
    char::from_u32(u32::from(c).wrapping_add_signed(by)).unwrap_or(c)
}

const HANGUL_FIRST: u32 = 0xAC00;
const HANGUL_COUNT: u32 = 11_172;
const JAMO_VOWELS: u32 = 21;
const JAMO_TRAILS: u32 = 28;

/// A Hangul syllable decomposes into its jamo by arithmetic (Unicode §3.12), so the table
/// leaves its 11,172 syllables out; jamo fold to themselves.
fn push_jamo(syllable: u32, out: &mut String) {
    let lead = 0x1100 + syllable / (JAMO_VOWELS * JAMO_TRAILS);
    let vowel = 0x1161 + syllable % (JAMO_VOWELS * JAMO_TRAILS) / JAMO_TRAILS;
    let trail = syllable % JAMO_TRAILS;
    let jamo = [lead, vowel, 0x11A7 + trail];
    let count = if trail == 0 { 2 } else { 3 };
    out.extend(jamo[..count].iter().filter_map(|&j| char::from_u32(j)));
}

/// Consecutive characters that fold alike.
struct Run {
    first: u32,
    last: u32,
    fold: Fold,
}

enum Fold {
    /// To nothing.
    Drop,
    /// Each to the character `by` code points on.
    Shift(i32),
    /// The first and every other one to the character `by` code points on, the ones between
    /// to themselves (upper and lower case alternate in many scripts).
    EveryOther(i32),
    /// All to this character.
    To(char),
    /// To this text, of several characters.
    Text(&'static str),
}

/// The run kinds as [`table::RUNS`] numbers them (any other: [`Fold::Drop`]).
const SHIFT: u32 = 1;
const EVERY_OTHER: u32 = 2;
const TO: u32 = 3;
const TEXT: u32 = 4;

/// The table, decoded on first use (the encoded form is the small one to download).
fn runs() -> &'static [Run] {
    static RUNS: OnceLock<Vec<Run>> = OnceLock::new();
    newsdex_ner::once::get_or_make(&RUNS, || decode(table::RUNS, table::TEXTS)).as_slice()
}

/// [`table::RUNS`] is four streams of varints, each holding values of one kind, which compress
/// better apart than interleaved (brotli: 5.9 KB, against 6.8 KB for one varint after another
/// a run). After a header of the byte lengths of the first three, in order:
/// - the gap since the previous run's last character;
/// - the kind plus eight times the count less one;
/// - for `SHIFT` and `EVERY_OTHER` runs, the shift, zigzagged; for `TEXT` runs, the length in
///   bytes of the run's text, the next in `texts`;
/// - for `TO` runs, the character less the previous `TO` run's, zigzagged (the Kangxi and CJK
///   compatibility ideographs, most of the `TO` runs, map to ideographs in nearly ascending
///   order).
///
/// [`Fold::Drop`] (kind 0) has no value.
fn decode(bytes: &[u8], mut texts: &'static str) -> Vec<Run> {
    let mut header = Varints(bytes);
    let lengths = [0; 3].map(|_| header.next().unwrap_or_default() as usize);
    let mut rest = header.0;
    let [gaps, mut kinds, mut values] = lengths.map(|length| {
        let (stream, after) = rest.split_at(length.min(rest.len()));
        rest = after;
        Varints(stream)
    });
    let mut targets = Varints(rest);
    let mut runs = Vec::new();
    let mut past = 0;
    let mut target = 0u32;
    for gap in gaps {
        let first = past + gap;
        let kind_count = kinds.next().unwrap_or_default();
        let count = kind_count / 8 + 1;
        let kind = kind_count % 8;
        let last = last_of(first, kind, count);
        let fold = match kind {
            SHIFT | EVERY_OTHER => {
                let by = unzigzag(values.next().unwrap_or_default());
                if kind == SHIFT {
                    Fold::Shift(by)
                } else {
                    Fold::EveryOther(by)
                }
            }
            TO => {
                let by = unzigzag(targets.next().unwrap_or_default());
                target = target.wrapping_add_signed(by);
                Fold::To(char::from_u32(target).unwrap_or_default())
            }
            TEXT => {
                let length = values.next().unwrap_or_default() as usize;
                let (text, rest) = texts.split_at(length);
                texts = rest;
                Fold::Text(text)
            }
            _ => Fold::Drop,
        };
        runs.push(Run { first, last, fold });
        past = last + 1;
    }
    runs
}

/// A stream of varints: seven bits a byte, low first, the high bit set on all but the last.
struct Varints<'a>(&'a [u8]);

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut value = 0;
        let mut shift = 0;
        while let Some((&byte, rest)) = self.0.split_first() {
            self.0 = rest;
            value |= u32::from(byte & 0x7F) << shift;
            shift += 7;
            if byte < 0x80 {
                return Some(value);
            }
        }
        None
    }
}

fn unzigzag(zigzag: u32) -> i32 {
    (zigzag >> 1) as i32 ^ -((zigzag & 1) as i32)
}

/// The last character of a run of `count` starting at `first`.
fn last_of(first: u32, kind: u32, count: u32) -> u32 {
    let step = if kind == EVERY_OTHER { 2 } else { 1 };
    first + step * (count - 1)
}

#[cfg(test)]
mod tests {
    use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
    use unicode_normalization::UnicodeNormalization;

    use super::*;
    use crate::analysis::{fold_into, truncate_on_char_boundary, MAX_TERM_BYTES};

    const DROP: u32 = 0;

    /// The fold, by its definition: compatibility decomposition, combining marks and
    /// invisible format characters removed, lower-cased, curly apostrophes made straight, and
    /// the Latin letters that carry their stroke or ligature in the letter itself spelt in
    /// plain letters, with the exceptions of other scripts (see [`script_letter`]); then cut
    /// to [`MAX_TERM_BYTES`].
    fn reference_fold(word: &str) -> String {
        let mut out = String::new();
        if word.is_ascii() {
            out.push_str(word);
            out.make_ascii_lowercase();
        } else {
            for c in word.chars().flat_map(|c| match script_letter(c) {
                Some(letter) => Either::Letter(letter),
                None => Either::Decomposed(std::iter::once(c).nfkd()),
            }) {
                match c {
                    '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' => out.push('\''),
                    'ß' | 'ẞ' => out.push_str("ss"),
                    c if is_combining_mark(c) || is_invisible(c) => {}
                    c => match plain_latin(c) {
                        Some(plain) => out.push_str(plain),
                        None => out.extend(c.to_lowercase().filter(|l| !is_combining_mark(*l))),
                    },
                }
            }
        }
        truncate_on_char_boundary(&mut out, MAX_TERM_BYTES);
        out
    }

    /// Letters of other scripts that fold otherwise than by decomposition, as their
    /// languages' searchers expect: Russian's й is a letter of its own, not и with a breve
    /// (мой is not мои), where ё is written е in most text and folds so by decomposition;
    /// Arabic's tatweel only stretches a word, and its alef maksura and teh marbuta are
    /// written as yeh and heh often enough that Arabic search folds them so (Lucene's
    /// `ArabicNormalizer`); Greek's final sigma is a sigma.
    fn script_letter(c: char) -> Option<char> {
        Some(match c {
            'Й' | 'й' => 'й',
            '\u{640}' => '\u{0}',
            'ى' => 'ي',
            'ة' => 'ه',
            'ς' => 'σ',
            _ => return None,
        })
    }

    /// A letter's decomposition, or the letter [`script_letter`] gives (NUL for none).
    enum Either<D> {
        Letter(char),
        Decomposed(D),
    }

    impl<D: Iterator<Item = char>> Iterator for Either<D> {
        type Item = char;

        fn next(&mut self) -> Option<char> {
            match self {
                Either::Letter('\u{0}') => None,
                Either::Letter(c) => {
                    let c = *c;
                    *self = Either::Letter('\u{0}');
                    Some(c)
                }
                Either::Decomposed(d) => d.next(),
            }
        }
    }

    /// The plain spelling of a Latin letter whose mark is part of the letter (so that `lodz`
    /// finds Łódź and `aero` finds Ærø), in lower case.
    fn plain_latin(c: char) -> Option<&'static str> {
        Some(match c {
            'ł' | 'Ł' | 'ŀ' | 'Ŀ' => "l",
            'ø' | 'Ø' => "o",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'đ' | 'Đ' | 'ð' | 'Ð' => "d",
            'þ' | 'Þ' => "th",
            'ħ' | 'Ħ' => "h",
            'ı' => "i",
            'ŧ' | 'Ŧ' => "t",
            _ => return None,
        })
    }

    /// Format characters that can sit inside a word without being seen.
    fn is_invisible(c: char) -> bool {
        matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
    }

    fn fold(word: &str) -> String {
        let mut out = String::new();
        fold_into(word, &mut out);
        out
    }

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=u32::from(char::MAX)).filter_map(char::from_u32)
    }

    #[test]
    fn every_character_folds_as_the_definition_says() {
        for c in all_chars() {
            let word = c.to_string();
            assert_eq!(fold(&word), reference_fold(&word), "U+{:04X}", u32::from(c));
        }
    }

    /// What lets a word be folded character by character: the only characters NFKD reorders
    /// are dropped.
    #[test]
    fn characters_that_decomposition_reorders_are_dropped() {
        for c in all_chars().filter(|&c| canonical_combining_class(c) != 0) {
            assert!(is_combining_mark(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn words_fold_as_the_definition_says() {
        // Letters, marks of several combining classes, Hangul, ligatures, invisible
        // characters and apostrophes, in random words long enough to be cut.
        let pool: Vec<char> =
            "aZé\u{301}\u{327}\u{316}\u{345}\u{5B0}\u{1DCE}Ǆǅﬁß\u{130}\u{1E9E}Łø한글\
            \u{1100}\u{1161}\u{11A8}ｇ\u{FF07}’\u{200D}\u{AD}\u{FDFA}ΐ\u{344}ÅǺ\u{2126}\u{212B}"
                .chars()
                .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut random = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..100_000 {
            let length = random() % 40;
            let word: String = (0..length)
                .map(|_| pool[(random() % pool.len() as u64) as usize])
                .collect();
            assert_eq!(fold(&word), reference_fold(&word), "{word:?}");
        }
    }

    /// The table the definition gives, as [`table::RUNS`] and [`table::TEXTS`].
    fn generate() -> (Vec<u8>, String) {
        let folds = |c: char| reference_fold(&c.to_string());
        let tabled = |c: char| {
            !c.is_ascii() && !(HANGUL_FIRST..HANGUL_FIRST + HANGUL_COUNT).contains(&u32::from(c))
        };
        let single = |code: u32| -> Option<u32> {
            let folded = folds(char::from_u32(code)?);
            let mut chars = folded.chars();
            match (chars.next(), chars.next()) {
                (Some(one), None) => Some(u32::from(one)),
                _ => None,
            }
        };
        let changed: Vec<char> = all_chars()
            .filter(|&c| tabled(c) && folds(c) != c.to_string())
            .collect();
        let mut streams = [(); 4].map(|_| Vec::new());
        let [gaps, kinds, values, targets] = &mut streams;
        let mut texts = String::new();
        let mut past = 0;
        let mut target = 0;
        let mut next = 0;
        while let Some(&c) = changed.get(next) {
            let first = u32::from(c);
            let folded = folds(c);
            let (kind, count) = if folded.is_empty() {
                let count = (first..)
                    .take_while(|&code| char::from_u32(code).is_some_and(|c| folds(c).is_empty()))
                    .count();
                (DROP, count)
            } else if let Some(to) = single(first) {
                let by = i64::from(to) - i64::from(first);
                let shifts =
                    |code: u32| single(code).map(|to| i64::from(to) - i64::from(code)) == Some(by);
                let shift = (first..).take_while(|&code| shifts(code)).count();
                let every_other = (0..)
                    .take_while(|&k| {
                        let code = first + 2 * k;
                        shifts(code)
                            && (k == 0
                                || char::from_u32(code - 1)
                                    .is_some_and(|c| folds(c) == c.to_string()))
                    })
                    .count();
                let same = (first..)
                    .take_while(|&code| single(code) == Some(to))
                    .count();
                if shift > 1 && shift >= every_other && shift >= same {
                    push_varint(values, zigzag(by));
                    (SHIFT, shift)
                } else if every_other > 1 && every_other >= same {
                    push_varint(values, zigzag(by));
                    (EVERY_OTHER, every_other)
                } else {
                    push_varint(targets, zigzag(i64::from(to) - i64::from(target)));
                    target = to;
                    (TO, same)
                }
            } else {
                texts.push_str(&folded);
                push_varint(values, folded.len() as u32);
                (TEXT, 1)
            };
            let count = count as u32;
            let last = last_of(first, kind, count);
            push_varint(gaps, first - past);
            push_varint(kinds, kind + 8 * (count - 1));
            past = last + 1;
            next = changed.partition_point(|&c| u32::from(c) <= last);
        }
        let mut runs = Vec::new();
        for stream in &streams[..3] {
            push_varint(&mut runs, stream.len() as u32);
        }
        runs.extend(streams.concat());
        (runs, texts)
    }

    fn zigzag(value: i64) -> u32 {
        ((value << 1) ^ (value >> 63)) as u32
    }

    fn push_varint(out: &mut Vec<u8>, mut value: u32) {
        while value >= 0x80 {
            out.push(value as u8 | 0x80);
            value >>= 7;
        }
        out.push(value as u8);
    }

    #[test]
    fn the_table_is_generated_from_the_definition() {
        let (runs, texts) = generate();
        if std::env::var_os("NEWSDEX_WRITE_FOLD_TABLE").is_some() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/analysis/fold");
            std::fs::write(format!("{dir}/runs.bin"), &runs).unwrap();
            std::fs::write(format!("{dir}/texts.txt"), &texts).unwrap();
        }
        assert!(
            runs == table::RUNS && texts == table::TEXTS,
            "the fold table is out of date: NEWSDEX_WRITE_FOLD_TABLE=1 cargo test -p newsdex-index fold"
        );
    }
}
