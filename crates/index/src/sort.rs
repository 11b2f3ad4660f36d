//! Sorting and selection through one sort and one selection of positions, shared by every
//! caller: each call of the standard library's `sort*` and `select_nth_unstable*` compiles a
//! sort of its own for its element type and order (3–6 KB of wasm each, some 30 of them in
//! the search module), while these compile only the few lines that move the items.
//!
//! The sort is stable, so [`sort_by`] gives what `slice::sort_by` gives, and what
//! `slice::sort_unstable_by` gives wherever items that compare equal are equal. A selection
//! leaves the items on either side of the chosen one in no particular order, and not the
//! standard library's: for callers that do not look at that order.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably.
pub fn sort_by<T: Clone>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    arrange(items, &order);
}

/// Sorts `items` by `key`, stably.
pub fn sort_by_key<T: Clone, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their order, stably.
pub fn sort<T: Clone + Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Moves the item that sorts at `index` by `compare` there, those before it in the order
/// before it and those after after it, and returns it.
///
/// # Panics
/// When `index` is out of bounds, as `slice::select_nth_unstable_by`.
pub fn select_by<T: Clone>(
    items: &mut [T],
    index: usize,
    mut compare: impl FnMut(&T, &T) -> Ordering,
) -> &T {
    let mut order: Vec<usize> = (0..items.len()).collect();
    select_position(&mut order, index, &mut |a, b| compare(&items[a], &items[b]));
    arrange(items, &order);
    &items[index]
}

/// Selects as [`select_by`] by `key`.
///
/// # Panics
/// When `index` is out of bounds.
pub fn select_by_key<T: Clone, K: Ord>(
    items: &mut [T],
    index: usize,
    mut key: impl FnMut(&T) -> K,
) -> &T {
    select_by(items, index, |a, b| key(a).cmp(&key(b)))
}

/// Selects as [`select_by`] in the items' order.
///
/// # Panics
/// When `index` is out of bounds.
pub fn select<T: Clone + Ord>(items: &mut [T], index: usize) -> &T {
    select_by(items, index, T::cmp)
}

// Not inlined: inlined, each caller would get a sort of its own again.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

#[inline(never)]
fn select_position(
    order: &mut [usize],
    index: usize,
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    order.select_nth_unstable_by(index, |&a, &b| compare(a, b));
}

/// Puts `items[order[i]]` at `i`.
fn arrange<T: Clone>(items: &mut [T], order: &[usize]) {
    let arranged: Vec<T> = order.iter().map(|&i| items[i].clone()).collect();
    items.clone_from_slice(&arranged);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items whose order looks only at their first half, so that stability shows.
    fn items(seed: u64, count: usize) -> Vec<(u8, u32)> {
        let mut state = seed | 1;
        (0..count as u32)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ((state % 7) as u8, i)
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        for count in [0, 1, 2, 3, 20, 21, 100, 1000] {
            let mut ours = items(count as u64, count);
            let mut std = ours.clone();
            sort_by_key(&mut ours, |&(key, _)| key);
            std.sort_by_key(|&(key, _)| key);
            assert_eq!(ours, std);
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn selects_the_item_that_sorts_there_with_the_lesser_before_it() {
        for count in [1, 2, 3, 20, 100, 1000] {
            for index in [0, count / 3, count - 1] {
                let mut ours = items(count as u64 + 7, count);
                let mut sorted = ours.clone();
                sorted.sort();
                let chosen = *select(&mut ours, index);
                assert_eq!(chosen, sorted[index]);
                assert_eq!(ours[index], chosen);
                assert!(ours[..index].iter().all(|x| *x <= chosen));
                assert!(ours[index + 1..].iter().all(|x| *x >= chosen));
                ours.sort();
                assert_eq!(ours, sorted, "the same items");
            }
        }
    }

    #[test]
    #[should_panic]
    fn selecting_past_the_end_panics() {
        select(&mut [1, 2, 3], 3);
    }
}
