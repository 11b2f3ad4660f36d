//! The small index damaged by the input's edits inside its fst sections only (terms, words, id
//! map, entity names) and resealed. The fst crate decodes those without bounds checks of its
//! own, so opening checks every node first (`format::fst_check`): it must refuse what `fst`
//! could not read. `fuzz/run.sh` runs it as shipped (no overflow checks), collecting any
//! panics rather than stopping, and SECURITY.md reports what they were.
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
