//! The seeds index, built from `seeds/` by `build.rs` and compiled into the library.

/// The bytes of the seeds index.
pub static SEEDS_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/seeds.ndx"));
