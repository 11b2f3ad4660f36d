//! The seed text format: blocks separated by blank lines; the first block is the title, the
//! second a source line (an outlet or agency) or a standfirst sentence, the rest the body.

use super::{decode_utf8, Article};
use crate::error::Result;

/// Parses one seed article. `id` is the file stem; `file` names it in errors.
///
/// CRLF line ends, a byte-order mark and trailing whitespace are tolerated. Lines inside a
/// block keep their line breaks; blocks of the body are separated by a blank line.
///
/// ```
/// let text = "A title\n\nXinhua News Agency\n\nFirst paragraph.\r\n\r\nSecond.\n";
/// let article = newsdex_index::parse_seed_text("a.txt", "a", text.as_bytes()).unwrap();
/// assert_eq!(article.source, "Xinhua News Agency");
/// assert_eq!(article.body, "First paragraph.\n\nSecond.");
/// ```
///
/// # Errors
/// Invalid UTF-8, naming the line and byte offset.
pub fn parse_seed_text(file: &str, id: &str, bytes: &[u8]) -> Result<Article> {
    let text = decode_utf8(file, bytes)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut in_block = false;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            in_block = false;
        } else if in_block {
            blocks
                .last_mut()
                .expect("in_block implies a block")
                .push(line);
        } else {
            blocks.push(vec![line]);
            in_block = true;
        }
    }
    let mut blocks = blocks.into_iter();
    let mut article = Article {
        id: id.to_owned(),
        ..Article::default()
    };
    if let Some(title) = blocks.next() {
        article.title = title.join(" ");
    }
    let rest: Vec<Vec<&str>> = match blocks.next() {
        Some(second) if is_source_line(&second) => {
            article.source = second[0].to_owned();
            blocks.collect()
        }
        Some(second) => {
            article.description = second.join(" ");
            blocks.collect()
        }
        None => Vec::new(),
    };
    article.body = rest
        .iter()
        .map(|block| block.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(article)
}

/// Words that may stay lower-case in an outlet's name ("TRT World and Agencies").
const NAME_CONNECTIVES: [&str; 12] = [
    "of", "and", "the", "for", "de", "la", "le", "du", "del", "di", "y", "&",
];

/// A source line is one short line of capitalised words with no closing punctuation, such as
/// "Xinhua News Agency"; anything else in the second block is a standfirst.
fn is_source_line(block: &[&str]) -> bool {
    let [line] = block else { return false };
    let words: Vec<&str> = line.split_whitespace().collect();
    line.chars().count() <= 60
        && words.len() <= 7
        && !line.ends_with(['.', '!', '?', ';', ':', ','])
        && words.iter().all(|word| {
            NAME_CONNECTIVES.contains(word)
                || word
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_block_is_a_source_line_or_a_standfirst() {
        let a = parse_seed_text(
            "a.txt",
            "a",
            b"Title\n\nXinhua News Agency\n\ntext\n\nBody.",
        )
        .unwrap();
        assert_eq!(
            (a.source.as_str(), a.description.as_str()),
            ("Xinhua News Agency", "")
        );
        assert_eq!(a.body, "text\n\nBody.");

        let b = parse_seed_text(
            "b.txt",
            "b",
            b"Kerry calls\n\nUS Secretary of State John Kerry says Assad needs to stop violating ceasefire in Syria, calls on Russia to help\n\nBody.",
        )
        .unwrap();
        assert_eq!(b.source, "");
        assert!(b.description.starts_with("US Secretary of State"));
        assert_eq!(b.body, "Body.");
    }

    #[test]
    fn tolerates_bom_crlf_and_trailing_whitespace() {
        let a = parse_seed_text("a.txt", "a", "\u{FEFF}Title \r\n\r\nTRT World and Agencies\t\r\n \r\nLine one\r\nLine two  \r\n\r\n\r\nNext".as_bytes()).unwrap();
        assert_eq!(a.title, "Title");
        assert_eq!(a.source, "TRT World and Agencies");
        assert_eq!(a.body, "Line one\nLine two\n\nNext");
    }

    #[test]
    fn a_title_alone_is_an_article_with_an_empty_body() {
        let a = parse_seed_text("a.txt", "a", b"Just a title\n").unwrap();
        assert_eq!(a.title, "Just a title");
        assert_eq!(a.body, "");
    }

    #[test]
    fn lowercase_or_long_second_blocks_are_standfirsts() {
        assert!(!is_source_line(&["the agency said"]));
        assert!(!is_source_line(&["Reuters."]));
        assert!(!is_source_line(&[
            "One Two Three Four Five Six Seven Eight"
        ]));
        assert!(!is_source_line(&["Reuters", "AP"]));
        assert!(is_source_line(&["Agence France-Presse"]));
    }
}
