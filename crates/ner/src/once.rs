//! One-time set-up that a trap may cut short.

use std::sync::OnceLock;

/// The value in `cell`, made by `init` on first use.
///
/// Unlike [`OnceLock::get_or_init`], `init` runs outside the cell. In wasm a trap in the middle
/// of it (out of memory, say, while the model is decoded) aborts without unwinding, and would
/// leave the cell marked as being set up, so that every later call panics ("one-time
/// initialization may not be performed recursively") for as long as the module lives. Here
/// the cell is written only once the value is made, so a set-up cut short runs again on the
/// next call. Threads that arrive together may each make the value; one of them is kept.
///
/// ```
/// use std::sync::OnceLock;
/// static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
/// let table = newsdex_ner::once::get_or_make(&TABLE, || (0..4).collect());
/// assert_eq!(table, &[0, 1, 2, 3]);
/// ```
pub fn get_or_make<T>(cell: &OnceLock<T>, init: impl FnOnce() -> T) -> &T {
    if let Some(value) = cell.get() {
        return value;
    }
    // Moving the value in allocates nothing, so this step cannot be cut short by a failed
    // allocation; another thread's value may have been kept first.
    let _ = cell.set(init());
    cell.get().expect("the cell was set just above")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set-up that panics leaves the cell empty, and the next call makes the value.
    #[test]
    fn a_set_up_cut_short_runs_again() {
        static CELL: OnceLock<String> = OnceLock::new();
        let failed = std::panic::catch_unwind(|| get_or_make(&CELL, || panic!("cut short")));
        assert!(failed.is_err());
        assert!(CELL.get().is_none());
        assert_eq!(get_or_make(&CELL, || "made".to_owned()), "made");
        assert_eq!(get_or_make(&CELL, || "again".to_owned()), "made");
    }
}
