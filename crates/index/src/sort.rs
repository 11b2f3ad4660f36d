//! Sorting and selection through one sort and one selection of positions, shared by every
//! caller: each call of the standard library's `sort*` and `select_nth_unstable*` compiles a
//! sort of its own for its element type and order (3–6 KB of wasm each, some 30 of them in
//! the search module), while these compile only the few lines that move the items.
//!
//! The sort is stable, so [`sort_by`] gives what `slice::sort_by` gives, and what
//! `slice::sort_unstable_by` gives wherever items that compare equal are equal. A selection
//! leaves the items on either side of the chosen one in no particular order, and not the
//! standard library's: for callers that do not look at that order.

use newsdex_format::at::{self, At};
use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably.
pub fn sort_by<T: Clone>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| compare(items.at(a), items.at(b)));
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
    select_position(&mut order, index, &mut |a, b| {
        compare(items.at(a), items.at(b))
    });
    arrange(items, &order);
    items.at(index)
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

// Not inlined: inlined, each caller would get a sort of its own again. A merge sort of our own,
// not `slice::sort_by`, whose driftsort (runs, quicksort, small-sort networks) is about 3.5 KB of
// wasm for what this does in a few hundred bytes, with as many comparisons on random orders
// and one a run of 8 on sorted ones.
#[inline(never)]
fn sort_positions(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    const RUN: usize = 8;
    for run in order.chunks_mut(RUN) {
        insertion_sort(run, compare);
    }
    let n = order.len();
    if n <= RUN {
        return;
    }
    let mut from = order.to_vec();
    let mut to = vec![0; n];
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            merge(
                from.at(lo..mid),
                from.at(mid..hi),
                to.at_mut(lo..hi),
                compare,
            );
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    at::copy(order, &from);
}

/// Sorts a few positions, stably.
fn insertion_sort(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && compare(order[j - 1], order[j]) == Ordering::Greater {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Merges two sorted runs into `to`, the left one's first of equal items (stable); runs
/// already in order are copied after one comparison.
fn merge(
    left: &[usize],
    right: &[usize],
    to: &mut [usize],
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    let in_order = match (left.last(), right.first()) {
        (Some(&l), Some(&r)) => compare(l, r) != Ordering::Greater,
        _ => true,
    };
    if in_order {
        to[..left.len()].copy_from_slice(left);
        to[left.len()..].copy_from_slice(right);
        return;
    }
    let (mut i, mut j) = (0, 0);
    for slot in to.iter_mut() {
        let take_left = j == right.len()
            || (i < left.len() && compare(*left.at(i), *right.at(j)) != Ordering::Greater);
        *slot = if take_left { *left.at(i) } else { *right.at(j) };
        if take_left {
            i += 1;
        } else {
            j += 1;
        }
    }
}

// A quickselect of our own, not `slice::select_nth_unstable_by` (median of medians, 3 KB of
// wasm): three-way partitions around the median of three, so that runs of equal items end it
// at once, and after twice the rounds a halving would take, the rest sorted, so that no
// order of the items can make it quadratic.
#[inline(never)]
fn select_position(
    order: &mut [usize],
    index: usize,
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) {
    assert!(index < order.len(), "selecting past the end");
    let (mut lo, mut hi) = (0, order.len());
    let mut rounds = 2 * (usize::BITS - order.len().leading_zeros());
    while hi - lo > 8 && rounds > 0 {
        rounds -= 1;
        let part = order.at_mut(lo..hi);
        let pivot = median_of_three(part, compare);
        // part[..less] sorts before the pivot, part[more..] after it, the rest equal to it.
        let (mut less, mut at, mut more) = (0, 0, part.len());
        while at < more {
            match compare(*part.at(at), pivot) {
                Ordering::Less => {
                    at::swap(part, less, at);
                    less += 1;
                    at += 1;
                }
                Ordering::Greater => {
                    more -= 1;
                    at::swap(part, at, more);
                }
                Ordering::Equal => at += 1,
            }
        }
        match index - lo {
            i if i < less => hi = lo + less,
            i if i >= more => lo += more,
            _ => return,
        }
    }
    sort_positions(order.at_mut(lo..hi), compare);
}

/// The median of the first, middle and last of `part` by `compare`.
fn median_of_three(part: &[usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) -> usize {
    let (a, b, c) = (part[0], part[part.len() / 2], part[part.len() - 1]);
    let (low, high) = match compare(a, b) {
        Ordering::Greater => (b, a),
        _ => (a, b),
    };
    match (compare(c, low), compare(c, high)) {
        (Ordering::Less, _) => low,
        (_, Ordering::Greater) => high,
        _ => c,
    }
}

/// Puts `items[order[i]]` at `i`.
fn arrange<T: Clone>(items: &mut [T], order: &[usize]) {
    let arranged: Vec<T> = order.iter().map(|&i| items.at(i).clone()).collect();
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
    fn sorts_and_selects_sorted_reversed_and_organ_pipe_orders() {
        for count in [7, 8, 9, 16, 17, 63, 64, 65, 1000, 4099] {
            let orders: [Vec<u32>; 3] = [
                (0..count).collect(),
                (0..count).rev().collect(),
                (0..count).map(|i| i.min(count - i)).collect(),
            ];
            for order in orders {
                let mut expected = order.clone();
                expected.sort();
                let mut ours = order.clone();
                sort(&mut ours);
                assert_eq!(ours, expected);
                for index in [0, count as usize / 2, count as usize - 1] {
                    let mut ours = order.clone();
                    assert_eq!(*select(&mut ours, index), expected[index]);
                    assert!(ours[..index].iter().all(|x| *x <= expected[index]));
                    assert!(ours[index + 1..].iter().all(|x| *x >= expected[index]));
                }
            }
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
