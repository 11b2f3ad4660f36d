//! A sound small index damaged by the input's edits outside the fst sections and resealed
//! (checksum recomputed), so the damage reaches the structural checks on opening and newsdex's
//! own section readers rather than stopping at the checksum: opening refuses it or the request
//! mix runs without panicking. See `newsdex_fuzz::forge` for the edit format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::Index;
use newsdex_fuzz::{exercise, forge, Region};

fuzz_target!(|data: &[u8]| {
    let bytes = forge(data, Region::OwnSections);
    if let Ok(index) = Index::from_bytes(bytes.as_slice()) {
        exercise(&index);
    }
});
