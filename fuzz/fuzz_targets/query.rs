//! Any query against a small sound index: searching, an article's marks and suggestions never
//! fail (but for a date that is not one, refused as such) or panic, and every answer keeps its
//! promises (see `check_results`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::{ErrorKind, SearchOptions};
use newsdex_fuzz::{check_article, check_results, small_index, ARTICLES};

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let index = small_index();
    let options = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    match index.search(&query, &options) {
        Ok(results) => check_results(&results, options.limit),
        Err(error) => assert!(
            matches!(error.kind(), ErrorKind::InvalidQuery { .. }),
            "searching a sound index fails only for a date that is not one: {error}"
        ),
    }
    for (id, _, _) in ARTICLES {
        check_article(
            &index
                .article(id, Some(&query))
                .expect("every article of a sound index reads"),
        );
    }
    index
        .suggest(&query)
        .expect("suggesting from a sound index does not fail");
    let _ = index.entity(&query);
});
