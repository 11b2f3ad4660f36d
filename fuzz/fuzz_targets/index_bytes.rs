//! Any bytes as an index: opening refuses them with an error or opens them, and an opened
//! index answers the request mix without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::Index;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = Index::from_bytes(data) {
        newsdex_fuzz::exercise(&index);
    }
});
