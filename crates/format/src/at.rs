//! Indexing and slicing with one panic location for all their callers.
//!
//! `items.at(i)` is `&items[i]` and `text.at(a..b)` is `&text[a..b]`, with the same checks and
//! the same panic message when out of bounds; only the location the panic names differs (so
//! too [`copy`], [`swap`] and [`insert`]). Each
//! `x[i]` written in place is a panic site of its own, whose file, line and column the wasm
//! modules carry in their data (about 7 bytes brotli a site, 2.3 KB for the search module's
//! 276); through these methods every site names this file's one location. Reads of bytes
//! that may be damaged return errors instead: a panic here is a bug.

use std::slice::SliceIndex;

/// `[T]` and `str` indexed and sliced as by `[]`, the panic located here.
pub trait At {
    /// `&self[index]`.
    fn at<I: SliceIndex<Self>>(&self, index: I) -> &I::Output;
    /// `&mut self[index]`.
    fn at_mut<I: SliceIndex<Self>>(&mut self, index: I) -> &mut I::Output;
}

impl<T> At for [T] {
    #[inline(always)]
    fn at<I: SliceIndex<[T]>>(&self, index: I) -> &I::Output {
        &self[index]
    }

    #[inline(always)]
    fn at_mut<I: SliceIndex<[T]>>(&mut self, index: I) -> &mut I::Output {
        &mut self[index]
    }
}

impl At for str {
    #[inline(always)]
    fn at<I: SliceIndex<str>>(&self, index: I) -> &I::Output {
        &self[index]
    }

    #[inline(always)]
    fn at_mut<I: SliceIndex<str>>(&mut self, index: I) -> &mut I::Output {
        &mut self[index]
    }
}

/// `to.copy_from_slice(from)`, the panic located here.
#[inline(always)]
pub fn copy<T: Copy>(to: &mut [T], from: &[T]) {
    to.copy_from_slice(from);
}

/// `items.swap(a, b)`, the panic located here.
#[inline(always)]
pub fn swap<T>(items: &mut [T], a: usize, b: usize) {
    items.swap(a, b);
}

/// `items.insert(index, item)`, the panic located here.
#[inline(always)]
pub fn insert<T>(items: &mut Vec<T>, index: usize, item: T) {
    items.insert(index, item);
}

#[cfg(test)]
mod tests {
    use super::{copy, insert, swap, At};

    #[test]
    fn indexes_and_slices_as_brackets_do() {
        let items = [10, 20, 30];
        assert_eq!(*items.at(1), 20);
        assert_eq!(items.at(1..), &[20, 30]);
        let mut items = items;
        *items.at_mut(2) += 1;
        items.at_mut(..1).fill(0);
        assert_eq!(items, [0, 20, 31]);
        assert_eq!("héllo".at(3..), "llo");
    }

    #[test]
    fn copies_swaps_and_inserts_as_slices_and_vecs_do() {
        let mut items = vec![1, 2, 3];
        copy(&mut items[..2], &[7, 8]);
        swap(&mut items, 0, 2);
        insert(&mut items, 1, 9);
        assert_eq!(items, [3, 9, 8, 7]);
    }

    #[test]
    #[should_panic(
        expected = "source slice length (1) does not match destination slice length (2)"
    )]
    fn copy_of_another_length_panics_as_copy_from_slice_does() {
        copy(&mut [0, 0], &[1]);
    }

    #[test]
    #[should_panic(expected = "index out of bounds: the len is 3 but the index is 3")]
    fn panics_past_the_end_as_brackets_do() {
        let items = [1, 2, 3];
        let _ = items.at(items.len());
    }

    #[test]
    #[should_panic(expected = "byte index 2 is not a char boundary")]
    fn panics_inside_a_char_as_brackets_do() {
        let _ = "héllo".at(..2);
    }
}
