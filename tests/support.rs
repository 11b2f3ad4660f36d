//! Helpers shared by the integration tests: paths, temporary directories, small indexes.

use std::path::{Path, PathBuf};

use newsdex::{Article, BuildOptions, Index, IndexBuilder};

/// A path inside the repository.
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsdex-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An article with an id, a title and a body.
pub fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Article::default()
    }
}

/// The articles of a JSON Lines file in the repository, read as the CLI reads them.
pub fn jsonl_articles(relative: &str) -> Vec<Article> {
    let path = repo(relative);
    let mut articles = Vec::new();
    newsdex_index::parse_jsonl(relative, &std::fs::read(path).unwrap(), &mut |a, _| {
        articles.push(a);
        Ok(())
    })
    .unwrap();
    articles
}

/// The bytes of an index of `articles`.
pub fn index_bytes(articles: &[Article]) -> Vec<u8> {
    index_bytes_with(articles, BuildOptions::default())
}

/// The bytes of an index of `articles` where every term long enough for three blocks has a
/// skip table (a small corpus has none by default), so searches read blocks, and postings are
/// packed and records deflated, as a sharded build makes them.
pub fn index_bytes_with_skip_tables(articles: &[Article]) -> Vec<u8> {
    index_bytes_with(
        articles,
        BuildOptions {
            skip_tables_from: 0,
            packed_postings: true,
            deflated_store: true,
            ..BuildOptions::default()
        },
    )
}

/// The site facet fields of `articles`, in the order first met.
pub fn facet_names(articles: &[Article]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (name, _) in articles.iter().flat_map(|a| &a.facets) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// The bytes of an index of `articles` built with `options`.
pub fn index_bytes_with(articles: &[Article], options: BuildOptions) -> Vec<u8> {
    let mut builder = IndexBuilder::new(options);
    builder.set_facets(&facet_names(articles)).unwrap();
    for article in articles {
        builder.insert(article).unwrap();
    }
    builder.finish().unwrap()
}

/// An opened index of `articles`.
pub fn index(articles: &[Article]) -> Index<Vec<u8>> {
    Index::from_bytes(index_bytes(articles)).unwrap()
}

/// Recomputes an index's checksum the way the format defines it (xxh3 over bytes 0..24 and
/// 32..end, stored at 24..32), as a forger would.
pub fn reseal(bytes: &mut [u8]) {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&bytes[..24]);
    hasher.update(&bytes[32..]);
    let sum = hasher.digest();
    bytes[24..32].copy_from_slice(&sum.to_le_bytes());
}
