//! Any bytes as a seed text file and as JSON Lines: parsing gives articles or an error, never
//! a panic; the articles build an index whose store gives each one back exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::{Article, BuildOptions, CorpusReader, Index, IndexBuilder};

fuzz_target!(|data: &[u8]| {
    let mut articles: Vec<Article> = Vec::new();
    let _ = newsdex_index::parse_seed_text("fuzz.txt", "fuzz", data);
    let _ = newsdex_index::parse_jsonl("fuzz.jsonl", data, &mut |_, _| Ok(()));
    let mut reader = CorpusReader::new();
    for name in ["fuzz.txt", "fuzz.jsonl"] {
        let _ = reader.read_bytes(name, data, &mut |article| {
            articles.push(article);
            Ok(())
        });
    }
    if articles.is_empty() {
        return;
    }
    let mut builder = IndexBuilder::new(BuildOptions::default());
    for article in &articles {
        builder
            .insert(article)
            .expect("the reader refused duplicate ids already");
    }
    let index = Index::from_bytes(builder.finish().expect("a small corpus builds"))
        .expect("a built index opens");
    for article in &articles {
        let view = index
            .article(&article.id, None)
            .expect("every article is stored");
        let back = [
            &view.article.title,
            &view.article.source,
            &view.article.date,
            &view.article.url,
            &view.article.section,
            &view.article.description,
            &view.article.body,
        ];
        let put = [
            &article.title,
            &article.source,
            &article.date,
            &article.url,
            &article.section,
            &article.description,
            &article.body,
        ];
        assert_eq!(back, put, "article {:?} read back differently", article.id);
    }
});
