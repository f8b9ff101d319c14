//! Stable sorting through one instantiation of the standard library's sort.
//!
//! Each `sort_by` with its own element type and comparator compiles to a full copy of the
//! standard stable sort (about 3 KB of Wasm); the library sorts in some twenty places. Every one
//! of them sorts through [`sort_idx`]: a list of `u32` positions with a comparator behind a
//! reference, so the module holds the sort once. Stability is kept: equal elements keep their
//! order.

use std::cmp::Ordering;

/// Sorts positions with a comparator (the one sort of the module).
pub fn sort_idx(v: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    v.sort_by(|a, b| cmp(*a, *b));
}

/// Sorts a vector stably through [`sort_idx`].
pub fn sort_vec<T>(v: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    sort_idx(&mut idx, &|a, b| cmp(&v[a as usize], &v[b as usize]));
    let mut old: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(idx.iter().filter_map(|&i| old[i as usize].take()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same order as the standard stable sort, ties included.
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            let mut got = v;
            sort_vec(&mut got, &|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(got, expected);
        }
    }
}
