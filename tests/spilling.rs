//! Building within a memory budget: the postings go to runs in temporary files and the stored
//! articles to a temporary file, and the index bytes are those of a build in memory.

use std::path::Path;

use newsdex::EntityType;
use newsdex::{Article, BuildOptions, IndexBuilder, SpillOptions};
use newsdex_index::entities::KnownEntity;
use newsdex_index::ErrorKind;

use crate::support::temp_dir;

/// `count` articles of made-up words with a skewed frequency, so that the common ones have
/// postings long enough for skip tables and the rare ones appear in a few articles.
fn corpus(count: usize) -> Vec<Article> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut word = |out: &mut String| {
        // The product of two draws favours small numbers: word 0 is in nearly every article.
        let n = next(60) * next(60);
        out.push_str(&format!("w{n}x "));
    };
    (0..count)
        .map(|i| {
            let (mut title, mut body) = (String::new(), String::new());
            (0..5).for_each(|_| word(&mut title));
            (0..40 + i % 50).for_each(|_| word(&mut body));
            Article {
                id: format!("a{i}"),
                title,
                body,
                source: ["Wire", "Herald", ""][i % 3].into(),
                ..Article::default()
            }
        })
        .collect()
}

fn build(
    articles: &[Article],
    options: BuildOptions,
    spill: Option<SpillOptions>,
) -> newsdex_index::Result<IndexBuilder> {
    let mut builder = match spill {
        Some(spill) => IndexBuilder::with_spill(options, spill)?,
        None => IndexBuilder::new(options),
    };
    for article in articles {
        builder.insert(article)?;
    }
    Ok(builder)
}

/// How many files this process has open in `dir`, unnamed temporary files included.
#[cfg(target_os = "linux")]
fn open_files_in(dir: &Path) -> usize {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter(|target| target.starts_with(dir))
        .count()
}

#[cfg(not(target_os = "linux"))]
fn open_files_in(_: &Path) -> usize {
    0
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_within_a_budget_gives_the_bytes_of_a_build_in_memory() {
    let articles = corpus(3000);
    let dir = temp_dir("spill-bytes");
    for options in [
        BuildOptions {
            entities: false,
            ..BuildOptions::default()
        },
        BuildOptions {
            entities: false,
            store: false,
            ..BuildOptions::default()
        },
        BuildOptions {
            entities: false,
            skip_tables_from: 0,
            ..BuildOptions::default()
        },
    ] {
        let in_memory = build(&articles, options, None).unwrap().finish().unwrap();
        let skip_tables = newsdex::Index::from_bytes(in_memory.as_slice())
            .unwrap()
            .section_sizes()
            .into_iter()
            .find(|(name, _)| *name == "skips")
            .unwrap()
            .1;
        assert!(
            skip_tables > 0,
            "the corpus is large enough for skip tables"
        );
        for budget_bytes in [0, 4 << 10, 256 << 10, 1 << 30] {
            let spill = SpillOptions {
                dir: dir.clone(),
                budget_bytes,
            };
            let builder = build(&articles, options, Some(spill.clone())).unwrap();
            if budget_bytes == 4 << 10 && cfg!(target_os = "linux") {
                assert!(
                    open_files_in(&dir) > 100,
                    "a tiny budget writes many runs (open: {})",
                    open_files_in(&dir)
                );
            }
            assert!(
                builder.finish().unwrap() == in_memory,
                "{options:?}, a budget of {budget_bytes} bytes"
            );
            let path = dir.join("index.ndx");
            build(&articles, options, Some(spill))
                .unwrap()
                .finish_sections()
                .unwrap()
                .write_file(&path)
                .unwrap();
            assert!(
                std::fs::read(&path).unwrap() == in_memory,
                "{options:?}, written to a file"
            );
            std::fs::remove_file(&path).unwrap();
            assert_eq!(
                open_files_in(&dir),
                0,
                "every temporary file is closed, so deleted"
            );
        }
    }
    assert_eq!(entries(&dir), Vec::<String>::new());
}

#[test]
fn a_build_within_a_budget_with_entities_gives_the_same_bytes() {
    let articles: Vec<Article> = corpus(60)
        .into_iter()
        .enumerate()
        .map(|(i, mut article)| {
            article.body.push_str(
                [
                    "John Kerry met Sergei Lavrov in Geneva.",
                    "The State Department spoke.",
                    "",
                ][i % 3],
            );
            article
        })
        .collect();
    let dir = temp_dir("spill-entities");
    let in_memory = build(&articles, BuildOptions::default(), None)
        .unwrap()
        .finish()
        .unwrap();
    let spill = SpillOptions {
        dir: dir.clone(),
        budget_bytes: 8 << 10,
    };
    let without_entities = build(
        &articles,
        BuildOptions {
            entities: false,
            ..BuildOptions::default()
        },
        Some(spill.clone()),
    )
    .unwrap();
    let files_without = open_files_in(&dir);
    drop(without_entities);
    let builder = build(&articles, BuildOptions::default(), Some(spill)).unwrap();
    if cfg!(target_os = "linux") {
        // The articles' mentions are in a temporary file of their own, not in memory.
        assert!(files_without > 3, "runs were written");
        assert_eq!(open_files_in(&dir), files_without + 1);
    }
    assert!(builder.finish().unwrap() == in_memory);
}

#[test]
fn temporary_files_are_gone_after_a_failed_build() {
    let mut articles = corpus(500);
    articles.push(Article {
        id: "a7".into(),
        ..articles[7].clone()
    });
    articles.extend(corpus(600).into_iter().skip(500));
    let dir = temp_dir("spill-failed");
    let spill = SpillOptions {
        dir: dir.clone(),
        budget_bytes: 4 << 10,
    };
    let mut builder = IndexBuilder::with_spill(
        BuildOptions {
            entities: false,
            ..BuildOptions::default()
        },
        spill,
    )
    .unwrap();
    let mut failed = None;
    for article in &articles {
        if let Err(e) = builder.insert(article) {
            failed = Some(e);
            break;
        }
    }
    assert!(matches!(
        failed.map(|e| e.kind().clone()),
        Some(ErrorKind::DuplicateId { .. })
    ));
    if cfg!(target_os = "linux") {
        assert!(
            open_files_in(&dir) > 10,
            "runs were written before the failure"
        );
    }
    drop(builder);
    assert_eq!(open_files_in(&dir), 0);
    assert_eq!(entries(&dir), Vec::<String>::new());
}

#[test]
fn a_spill_directory_that_does_not_exist_fails_the_build_at_once() {
    let dir = temp_dir("spill-missing").join("missing");
    let Err(error) = IndexBuilder::with_spill(
        BuildOptions::default(),
        SpillOptions {
            dir: dir.clone(),
            budget_bytes: 0,
        },
    ) else {
        panic!("a builder spilling to a missing directory was made");
    };
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "newsdex: {} (a temporary file of the document store): ",
            dir.display()
        )),
        "{message}"
    );
}

#[test]
fn the_entities_a_segment_links_against_count_in_its_budget() {
    let articles = corpus(300);
    let dir = temp_dir("spill-known");
    // As many as a few thousand articles' names: over a megabyte held.
    let known: Vec<KnownEntity> = (0..8_000)
        .map(|n| {
            let name = format!("Person Number{n}");
            KnownEntity {
                kind: EntityType::Per,
                id_name: name.clone(),
                suffix: 0,
                name: name.clone(),
                aliases: vec![name, format!("Number{n}")],
                articles: 1,
            }
        })
        .collect();
    let spill = SpillOptions {
        dir: dir.clone(),
        budget_bytes: 1 << 20,
    };
    let mut open = Vec::new();
    let mut bytes = Vec::new();
    for known in [Vec::new(), known] {
        let mut builder = IndexBuilder::with_spill(BuildOptions::default(), spill.clone()).unwrap();
        builder.know_entities(known.clone());
        for article in &articles {
            builder.insert(article).unwrap();
        }
        open.push(open_files_in(&dir));
        bytes.push(builder.finish().unwrap());
        let mut in_memory = IndexBuilder::new(BuildOptions::default());
        in_memory.know_entities(known);
        for article in &articles {
            in_memory.insert(article).unwrap();
        }
        assert!(
            in_memory.finish().unwrap() == bytes[bytes.len() - 1],
            "the bytes of a build in memory"
        );
    }
    if cfg!(target_os = "linux") {
        assert!(
            open[1] > open[0] + 10,
            "the postings that fit beside no known entities spill beside them: {open:?} files open"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
