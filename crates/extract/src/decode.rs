//! Bytes to text: a byte order mark first, then a page's `<meta charset>` or
//! `<meta http-equiv="Content-Type">` in its first bytes (as browsers prescan them), else UTF-8.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// How far into a page its charset declaration is looked for. Browsers look at 1024 bytes;
/// pages whose head starts with long inline scripts or comments declare it later, and reading
/// those right costs nothing.
const PRESCAN: usize = 4096;

/// A file's text.
pub(crate) struct Decoded {
    /// The text, with U+FFFD for bytes that are not in the encoding.
    pub text: String,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    /// The offset of the first byte that was not in the encoding.
    pub bad_byte: Option<usize>,
}

/// Decodes a page: its byte order mark, else its declared charset, else UTF-8.
pub(crate) fn decode_page(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode(encoding, bytes, bom);
    }
    let encoding = declared_charset(&bytes[..bytes.len().min(PRESCAN)])
        // A page cannot declare itself UTF-16 in ASCII bytes: browsers read such a page as UTF-8.
        .map(|e| e.output_encoding())
        .unwrap_or(UTF_8);
    decode(encoding, bytes, 0)
}

/// Decodes a feed or a JSON file: a byte order mark, else UTF-8 (an XML feed in another
/// encoding names it in its declaration, see [`xml_encoding`]).
pub(crate) fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    match Encoding::for_bom(bytes) {
        Some((bom_encoding, bom)) => decode(bom_encoding, bytes, bom),
        None => decode(encoding, bytes, 0),
    }
}

/// The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`).
pub(crate) fn xml_encoding(bytes: &[u8]) -> &'static Encoding {
    let head = &bytes[..bytes.len().min(256)];
    let Some(end) = find(head, b"?>") else {
        return UTF_8;
    };
    let declaration = &head[..end];
    if !declaration.starts_with(b"<?xml") {
        return UTF_8;
    }
    attribute_value(declaration, b"encoding")
        .and_then(Encoding::for_label)
        .map(|e| e.output_encoding())
        .unwrap_or(UTF_8)
}

fn decode(encoding: &'static Encoding, bytes: &[u8], skip: usize) -> Decoded {
    let bytes = &bytes[skip..];
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Decoded {
                text: text.to_owned(),
                encoding,
                bad_byte: None,
            };
        }
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut read = 0;
    let mut bad_byte = None;
    loop {
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(bytes.len() - read)
            .unwrap_or(bytes.len() * 3 + 16);
        text.reserve(needed);
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, after) => {
                let at = read - usize::from(after) - usize::from(bad);
                bad_byte.get_or_insert(skip + at);
                text.push('\u{FFFD}');
            }
        }
    }
    Decoded {
        text,
        encoding,
        bad_byte,
    }
}

/// The charset of the first `<meta>` that declares one.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = find(&lower[at..], b"<meta") {
        let tag_start = at + start;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        // Also finds `charset=` inside an http-equiv's content, ending at its closing quote.
        if let Some(label) = attribute_value(tag, b"charset") {
            return Encoding::for_label(unquote(label));
        }
        if let (Some(equiv), Some(content)) = (
            attribute_value(tag, b"http-equiv"),
            attribute_value(tag, b"content"),
        ) {
            if equiv == b"content-type" {
                if let Some(i) = find(content, b"charset=") {
                    let label = &content[i + 8..];
                    let label = label
                        .split(|&b| b == b';' || b.is_ascii_whitespace())
                        .next()
                        .unwrap_or(label);
                    return Encoding::for_label(unquote(label));
                }
            }
        }
        at = tag_end;
    }
    None
}

/// The value of attribute `name` in the text of a tag (quoted with either quote, or bare).
fn attribute_value<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut at = 0;
    while let Some(i) = find(&tag[at..], name) {
        let start = at + i;
        at = start + name.len();
        let preceded = start == 0 || matches!(tag[start - 1], b' ' | b'\t' | b'\n' | b'\r' | b'/');
        let rest = tag[at..].trim_ascii_start();
        if !preceded || !rest.starts_with(b"=") {
            continue;
        }
        let rest = rest[1..].trim_ascii_start();
        return Some(match rest.first() {
            Some(&quote @ (b'"' | b'\'')) => {
                let rest = &rest[1..];
                &rest[..rest.iter().position(|&b| b == quote).unwrap_or(rest.len())]
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        });
    }
    None
}

fn unquote(label: &[u8]) -> &[u8] {
    let quote = |b: &u8| *b == b'"' || *b == b'\'';
    let start = label.iter().position(|b| !quote(b)).unwrap_or(label.len());
    let end = label
        .iter()
        .rposition(|b| !quote(b))
        .map_or(start, |e| e + 1);
    &label[start..end.max(start)]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_charset_is_read_in_either_form() {
        let page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title>";
        let decoded = decode_page(page);
        assert_eq!(decoded.encoding.name(), "windows-1252");
        assert!(decoded.text.contains("Café"));
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\x93quoted\x94";
        let decoded = decode_page(page);
        assert_eq!(decoded.encoding.name(), "windows-1252");
        assert!(decoded.text.contains("\u{201c}quoted\u{201d}"));
        assert_eq!(decoded.bad_byte, None);
    }

    #[test]
    fn a_byte_order_mark_wins_and_utf8_is_the_default() {
        let decoded = decode_page(b"\xef\xbb\xbf<meta charset=windows-1252>\xc3\xa9");
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            (UTF_8, "<meta charset=windows-1252>é")
        );
        let decoded = decode_page(b"<p>ok \xff here");
        assert_eq!(decoded.bad_byte, Some(6));
        assert_eq!(decoded.text, "<p>ok \u{FFFD} here");
    }

    #[test]
    fn an_xml_declaration_names_the_feed_encoding() {
        assert_eq!(
            xml_encoding(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>").name(),
            "windows-1252"
        );
        assert_eq!(xml_encoding(b"<rss/>"), UTF_8);
        let decoded = decode_with(UTF_8, b"<rss>\n\xe9</rss>");
        assert_eq!(decoded.bad_byte, Some(6));
    }
}
