//! The same corpus gives byte-identical index bytes.

use newsdex::{BuildOptions, CorpusReader, Index, IndexBuilder};

use crate::support::repo;

fn build_seeds() -> Vec<u8> {
    let mut builder = IndexBuilder::new(BuildOptions::default());
    let mut reader = CorpusReader::new();
    reader
        .read_path(&repo("seeds"), &mut |article| builder.insert(&article))
        .unwrap();
    builder.finish().unwrap()
}

#[test]
fn building_twice_gives_identical_bytes() {
    assert_eq!(build_seeds(), build_seeds());
}

#[test]
fn the_embedded_index_is_the_seeds_corpus() {
    assert_eq!(
        Index::embedded().unwrap().as_bytes(),
        build_seeds().as_slice()
    );
}
