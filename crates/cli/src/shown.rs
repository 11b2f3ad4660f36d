//! Untrusted text as the text output shows it. An index can hold any text, and printed as it is
//! an escape sequence in it could move the cursor, rewrite the screen or set the terminal's
//! title, and a bidi override could reorder the line around it. So in the text output (never in
//! `--json`, which is exact) control characters and bidi embedding, override and isolate
//! controls are shown escaped, as Rust writes them: `\u{1b}`. Line breaks and tabs stay.
//! This applies whether or not standard output is a terminal: text piped to `less -R` or
//! `cat` still reaches one.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown escaped: C0 controls but line feed and tab, DEL, C1 controls, and the
/// bidi controls that embed, override or isolate (U+202A–U+202E, U+2066–U+2069).
fn escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`escaped`] character written as `\u{…}`; borrowed when there is none.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_controls_only() {
        assert_eq!(
            shown("Kerry\tmet\nLavrov — Ölgaard 🙂 مرحبا"),
            "Kerry\tmet\nLavrov — Ölgaard 🙂 مرحبا"
        );
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
        assert_eq!(
            shown("\u{1b}]0;owned\u{7}\r\u{0}\u{7f}\u{9b}2J"),
            "\\u{1b}]0;owned\\u{7}\\u{d}\\u{0}\\u{7f}\\u{9b}2J"
        );
        assert_eq!(
            shown("a\u{202e}b\u{202c}c\u{2067}d\u{2069}"),
            "a\\u{202e}b\\u{202c}c\\u{2067}d\\u{2069}"
        );
        // Directional marks and joiners stay: they neither embed, override nor isolate.
        assert_eq!(shown("a\u{200f}b\u{200d}c"), "a\u{200f}b\u{200d}c");
    }
}
