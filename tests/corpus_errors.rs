//! Bad corpus input is an error naming the file, the line and what is wrong; articles with
//! no text are left out with a warning; nothing is dropped silently.

use newsdex::{CorpusReader, ErrorKind};
use newsdex_format::ErrorKind as FormatErrorKind;
use newsdex_index::ErrorKind as DataErrorKind;

use crate::support::{repo, temp_dir};

/// Reads `path` (relative to the fixtures) and returns the error message.
fn read_error(path: &str) -> String {
    let path = repo(&format!("tests/fixtures/corpus/{path}"));
    let mut reader = CorpusReader::new();
    let error = reader.read_path(&path, &mut |_| Ok(())).unwrap_err();
    error
        .to_string()
        .replace(&repo("tests/fixtures/corpus/").display().to_string(), "")
}

#[test]
fn invalid_json_names_file_and_line() {
    assert_eq!(
        read_error("bad_json.jsonl"),
        "newsdex: bad_json.jsonl:2: invalid JSON: EOF while parsing an object at line 1 column 43"
    );
}

#[test]
fn missing_fields() {
    assert_eq!(
        read_error("missing_id.jsonl"),
        "newsdex: missing_id.jsonl:1: missing required field `id`"
    );
    assert_eq!(
        read_error("missing_body.jsonl"),
        "newsdex: missing_body.jsonl:1: missing required field `body`"
    );
}

#[test]
fn malformed_date() {
    assert_eq!(
        read_error("bad_date.jsonl"),
        "newsdex: bad_date.jsonl:1: field `date` is not an ISO 8601 date: \"yesterday\""
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    assert_eq!(
        read_error("dup"),
        "newsdex: duplicate article id \"shared\" at dup/one.jsonl:1 and at dup/two.jsonl:2"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    assert_eq!(
        read_error("bad_utf8.jsonl"),
        "newsdex: bad_utf8.jsonl:2: invalid UTF-8 at byte offset 55"
    );
}

#[test]
fn unsupported_and_missing_inputs() {
    assert_eq!(
        read_error("articles.csv"),
        "newsdex: articles.csv: not a directory, a .txt article or a .jsonl file of articles"
    );
    assert_eq!(
        read_error("nowhere.jsonl"),
        "newsdex: nowhere.jsonl: no such file or directory"
    );
}

#[test]
fn an_empty_corpus_is_an_error() {
    let dir = temp_dir("empty-corpus");
    let mut builder = newsdex::IndexBuilder::new(Default::default());
    CorpusReader::new()
        .read_path(&dir, &mut |a| builder.insert(&a))
        .unwrap();
    let error = builder.finish().unwrap_err();
    assert_eq!(error.kind(), &DataErrorKind::EmptyCorpus);
    assert_eq!(
        error.to_string(),
        "newsdex: the inputs hold no articles to index"
    );
}

#[test]
fn a_directory_reads_every_article_and_warns_about_empty_ones() {
    let mut reader = CorpusReader::new();
    let mut articles = Vec::new();
    reader
        .read_path(&repo("tests/fixtures/corpus/good"), &mut |a| {
            articles.push(a);
            Ok(())
        })
        .unwrap();
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["g1", "3", "b", "c"]);
    assert_eq!(articles[0].section, "local");
    assert_eq!(articles[2].source, "Highland Herald");
    assert_eq!(articles[2].body, "The council voted 9 to 2 for the bridge.");
    assert_eq!(articles[3].title, "Bridge opens with a BOM");
    let warnings: Vec<String> = reader.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .ends_with("a.jsonl:3: article \"g2\" has neither title nor body text; left out"),
        "{}",
        warnings[0]
    );
}

#[test]
fn search_layer_errors_wrap_format_errors() {
    let error = newsdex::Index::from_bytes(&b"nope"[..]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Format(e) if e.kind() == &FormatErrorKind::NotAnIndex)
    );
}

/// A JSON Lines file is read in pieces of about 8 MiB: every article of a larger file is read,
/// and an error past the first piece still names its line and byte offset in the whole file.
#[test]
fn a_large_jsonl_file_is_read_in_pieces_with_whole_file_lines_and_offsets() {
    let dir = temp_dir("large-jsonl");
    let line = |i: usize| {
        format!(
            "{{\"id\": \"a{i}\", \"title\": \"Story {i}\", \"body\": \"{}\"}}\n",
            "word ".repeat(60)
        )
    };
    let mut text = String::new();
    let mut count = 0;
    while text.len() < 20 << 20 {
        text.push_str(&line(count));
        count += 1;
    }
    let good = dir.join("good.jsonl");
    std::fs::write(&good, &text).unwrap();
    let mut read = 0;
    CorpusReader::new()
        .read_path(&good, &mut |_| {
            read += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(read, count);

    let mut bad = text.clone().into_bytes();
    let at = bad.len() - 40;
    bad[at] = 0xff;
    let bad_file = dir.join("bad.jsonl");
    std::fs::write(&bad_file, &bad).unwrap();
    let error = CorpusReader::new()
        .read_path(&bad_file, &mut |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        format!(
            "newsdex: {}:{count}: invalid UTF-8 at byte offset {at}",
            bad_file.display()
        )
    );

    let mut json = text.clone();
    json.push_str("{\"id\": \"late\"}\n");
    let json_file = dir.join("late.jsonl");
    std::fs::write(&json_file, &json).unwrap();
    let error = CorpusReader::new()
        .read_path(&json_file, &mut |_| Ok(()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        format!(
            "newsdex: {}:{}: missing required field `body`",
            json_file.display(),
            count + 1
        )
    );
}
