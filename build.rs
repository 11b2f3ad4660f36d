//! Builds the seeds index (`seeds/*.txt`) into `OUT_DIR/seeds.ndx` for `include_bytes!`, when the
//! `seeds` feature compiles it in.

use std::path::{Path, PathBuf};

use newsdex_index::{BuildOptions, CorpusReader, IndexBuilder};

fn main() {
    if let Err(e) = try_main() {
        panic!("building the seeds index failed: {e}");
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    println!("cargo:rerun-if-changed={}", seeds.display());
    if std::env::var_os("CARGO_FEATURE_SEEDS").is_none() {
        return Ok(());
    }
    let mut builder = IndexBuilder::new(BuildOptions::default());
    let mut reader = CorpusReader::new();
    reader.read_path(&seeds, &mut |article| builder.insert(&article))?;
    for warning in reader.warnings() {
        println!("cargo:warning={warning}");
    }
    let bytes = builder.finish()?;
    newsdex_format::container::Container::parse(&bytes)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("seeds.ndx");
    std::fs::write(out, bytes)?;
    Ok(())
}
