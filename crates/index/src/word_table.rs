//! The builder's table from folded word to term number. Every word of the text is looked up in
//! it, so the words of up to 16 bytes (nearly all of them) are held inline as one integer: a
//! lookup then hashes and compares that integer, where a `String` key costs a pointer chase to
//! its text and a `memcmp`, a cache miss each for a vocabulary of a few hundred thousand words.

use foldhash::HashMap;

/// The longest word held inline.
const INLINE_BYTES: usize = 16;

/// Folded word → term number.
#[derive(Default)]
pub(crate) struct WordTable {
    inline: HashMap<u128, u32>,
    long: HashMap<String, u32>,
}

impl WordTable {
    /// The term of `word`, if it was inserted.
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        match inline_key(word) {
            Some(key) => self.inline.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    /// Records that `word` is spelt as `term`.
    pub(crate) fn insert(&mut self, word: &str, term: u32) {
        match inline_key(word) {
            Some(key) => self.inline.insert(key, term),
            None => self.long.insert(word.to_owned(), term),
        };
    }

    /// Every word with its term, in byte order of the words.
    pub(crate) fn sorted(&self) -> Vec<(String, u32)> {
        let inline = self.inline.iter().map(|(&key, &term)| {
            let bytes = key.to_le_bytes();
            let len = INLINE_BYTES - bytes.iter().rev().take_while(|&&b| b == 0).count();
            // The bytes are a whole `str` (see `inline_key`), so nothing is lost here.
            (String::from_utf8_lossy(&bytes[..len]).into_owned(), term)
        });
        let mut words: Vec<(String, u32)> = inline
            .chain(self.long.iter().map(|(word, &term)| (word.clone(), term)))
            .collect();
        words.sort_unstable();
        words
    }
}

/// `word`'s bytes as an integer, zero-padded, for a word that fits. A word ending in a zero
/// byte is not held inline, so that no two words share a key.
fn inline_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > INLINE_BYTES || bytes.last() == Some(&0) {
        return None;
    }
    let mut padded = [0u8; INLINE_BYTES];
    padded[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(padded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_short_long_and_zero_ended() {
        let words = [
            "a",
            "ab",
            "sixteen-bytes-xx",
            "seventeen-bytes-x",
            "a\0",
            "a\0b",
            "żółw",
            "",
        ];
        let mut table = WordTable::default();
        for (term, word) in words.iter().enumerate() {
            assert_eq!(table.get(word), None, "{word:?} before insertion");
            table.insert(word, term as u32);
        }
        for (term, word) in words.iter().enumerate() {
            assert_eq!(table.get(word), Some(term as u32), "{word:?}");
        }
        assert_eq!(table.get("abc"), None);
        let mut expected: Vec<(String, u32)> = words
            .iter()
            .enumerate()
            .map(|(t, w)| (w.to_string(), t as u32))
            .collect();
        expected.sort();
        assert_eq!(table.sorted(), expected);
    }
}
