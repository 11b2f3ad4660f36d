//! What trusting the fst sections costs: the small index damaged by the input's edits inside
//! its fst sections only (terms, words, id map, entity names) and resealed. The fst crate
//! decodes those without bounds checks of its own, so this target is expected to find panics;
//! `fuzz/run.sh` runs it as shipped (no overflow checks), collecting them rather than stopping,
//! and SECURITY.md reports what they are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::Index;
use newsdex_fuzz::{exercise, forge, Region};

fuzz_target!(|data: &[u8]| {
    let bytes = forge(data, Region::FstSections);
    if let Ok(index) = Index::from_bytes(bytes.as_slice()) {
        exercise(&index);
    }
});
