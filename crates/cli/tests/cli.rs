//! The `newsdex` command end to end: build (in memory, within a budget, sharded), search,
//! article and their errors.

use std::path::Path;
use std::process::{Command, Output};

use newsdex::{Article, BuildOptions, CorpusReader, IndexBuilder};
use newsdex_format::shards;
use serde_json::Value;

/// A path inside the repository.
fn repo(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// A fresh, empty temporary directory for one test.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("newsdex-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn newsdex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .current_dir(repo(""))
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> (String, String) {
    let out = newsdex(args);
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(out.status.success(), "newsdex {args:?} failed: {stderr}");
    (stdout, stderr)
}

fn fails(args: &[&str]) -> String {
    let out = newsdex(args);
    assert_eq!(out.status.code(), Some(1), "newsdex {args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap().trim_end().to_owned()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args).0).unwrap()
}

fn build_good(dir: &Path, extra: &[&str]) -> String {
    let out = dir.join("good.ndx");
    let out = out.to_str().unwrap().to_owned();
    let mut args = vec!["build", "tests/fixtures/corpus/good", "-o", &out];
    args.extend_from_slice(extra);
    let (_, stderr) = ok(&args);
    assert!(stderr.contains("warning: tests/fixtures/corpus/good/a.jsonl:3: article \"g2\" has neither title nor body text; left out"), "{stderr}");
    assert!(
        stderr.contains("indexed 4 articles (1 left out)"),
        "{stderr}"
    );
    out
}

#[test]
fn build_then_search_and_read_an_article() {
    let dir = temp_dir("cli-build");
    let index = build_good(&dir, &[]);
    let results = json(&["search", "--index", &index, "--json", "harbour"]);
    assert_eq!(results["total"], 1);
    let hit = &results["hits"][0];
    assert_eq!(hit["id"], "g1");
    assert_eq!(hit["source"], "Coastal Courier");
    assert_eq!(hit["date"], "2024-03-01");
    assert_eq!(hit["url"], "https://example.com/g1");
    assert_eq!(hit["titleMarks"], serde_json::json!([[0, 7]]));
    assert!(results["tookMs"].as_f64().unwrap() >= 0.0);

    let article = json(&[
        "article", "--index", &index, "--json", "--query", "bridge", "b",
    ]);
    assert_eq!(article["title"], "Council approves new bridge");
    assert_eq!(article["source"], "Highland Herald");
    assert_eq!(article["date"], Value::Null);
    assert_eq!(article["marks"], serde_json::json!([[33, 39]]));
}

#[test]
fn search_defaults_to_the_embedded_seeds_and_matches_the_library() {
    let results = json(&["search", "--json", "--limit", "1", "lavrov"]);
    let library = newsdex::Index::embedded()
        .unwrap()
        .search(
            "lavrov",
            &newsdex::SearchOptions {
                limit: 1,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(results["total"], library.total);
    assert_eq!(results["hits"].as_array().unwrap().len(), 1);
    assert_eq!(results["hits"][0]["id"], library.hits[0].id);
    let (text, _) = ok(&["search", "kerry", "lavrov"]);
    assert!(
        text.starts_with("2 articles match \"kerry lavrov\""),
        "{text}"
    );
}

#[test]
fn an_index_without_the_store_answers_with_ids_only() {
    let dir = temp_dir("cli-no-store");
    let index = build_good(&dir, &["--no-store"]);
    let results = json(&["search", "--index", &index, "--json", "bridge"]);
    assert_eq!(results["hits"][0]["id"], "b");
    assert_eq!(results["hits"][0]["title"], "");
    assert_eq!(
        fails(&["article", "--index", &index, "b"]),
        "newsdex: this index was built without the document store (--no-store), so it has no article text"
    );
}

#[test]
fn errors_name_what_and_where() {
    let dir = temp_dir("cli-errors");
    let out = dir.join("x.ndx");
    let out = out.to_str().unwrap();
    assert_eq!(
        fails(&["build", "tests/fixtures/corpus/missing_id.jsonl", "-o", out]),
        "newsdex: tests/fixtures/corpus/missing_id.jsonl:1: missing required field `id`"
    );
    assert!(
        !Path::new(out).exists(),
        "a failed build must not leave an index behind"
    );
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("a.jsonl"), "").unwrap();
    assert_eq!(
        fails(&["build", empty.to_str().unwrap(), "-o", out]),
        format!(
            "newsdex: the inputs hold no articles to index: read {} (0 left out with a warning)",
            empty.display()
        )
    );
    assert!(!Path::new(out).exists());
    assert_eq!(
        fails(&["article", "nope"]),
        "newsdex: no article has the id \"nope\""
    );

    let index = build_good(&dir, &[]);
    let mut bytes = std::fs::read(&index).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&index, &bytes).unwrap();
    let message = fails(&["search", "--index", &index, "harbour"]);
    assert!(
        message.starts_with(&format!("newsdex: {index}: index is damaged: checksum")),
        "{message}"
    );
    assert_eq!(
        fails(&["search", "--index", "tests/fixtures/corpus/good/a.jsonl", "x"]),
        "newsdex: tests/fixtures/corpus/good/a.jsonl: these bytes are not a newsdex index (wrong label)"
    );
}

#[test]
fn a_bad_command_line_is_a_newsdex_error_with_clap_s_advice_after_it() {
    for (args, first) in [
        (
            &["search", "--limit", "-1", "x"][..],
            "newsdex: invalid value '-1' for '--limit <LIMIT>': invalid digit found in string",
        ),
        (
            &["search", "--limit", "many", "x"][..],
            "newsdex: invalid value 'many' for '--limit <LIMIT>': invalid digit found in string",
        ),
        (
            &["serch", "x"][..],
            "newsdex: unrecognized subcommand 'serch'",
        ),
    ] {
        let out = newsdex(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().next(), Some(first), "{stderr}");
        assert!(stderr.contains("try '--help'"), "{stderr}");
    }
    // Help is not an error.
    let (help, _) = ok(&["--help"]);
    assert!(help.contains("Usage: newsdex <COMMAND>"), "{help}");
}

/// Whether `text` holds a character a terminal could act on: a control character other than a
/// line feed or tab, or a bidi embedding, override or isolate control.
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn text_output_shows_control_characters_escaped_and_json_keeps_them() {
    let dir = temp_dir("cli-controls");
    let title = "Kerry \u{1b}]0;owned\u{7} meets \u{202e}Lavrov";
    let source = "\u{1b}[2JReuters";
    let url = "https://x.example/\u{9b}1m";
    let description = "Talks\r over \u{2066}Syria\u{2069}";
    let body = "John Kerry met Sergei Lavrov in Geneva.\u{1b}[31m Kerry\u{0} left\u{7f}.\n\nThey\tmet again.";
    let article = serde_json::json!({ "id": "t1", "title": title, "source": source, "date": "2016-09-09", "url": url, "description": description, "body": body });
    let corpus = dir.join("controls.jsonl");
    std::fs::write(&corpus, format!("{article}\n")).unwrap();
    let index = dir.join("controls.ndx");
    let index = index.to_str().unwrap();
    ok(&["build", corpus.to_str().unwrap(), "-o", index]);

    let (text, _) = ok(&["search", "--index", index, "kerry"]);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    assert!(
        text.contains(r"1. Kerry \u{1b}]0;owned\u{7} meets \u{202e}Lavrov"),
        "{text}"
    );
    assert!(
        text.contains(r"t1 · \u{1b}[2JReuters · 2016-09-09"),
        "{text}"
    );
    assert!(
        text.contains(r"Geneva.\u{1b}[31m Kerry\u{0} left\u{7f}."),
        "{text}"
    );

    let (text, _) = ok(&["article", "--index", index, "--query", "kerry", "t1"]);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    assert!(text.contains(r"https://x.example/\u{9b}1m"), "{text}");
    assert!(
        text.contains(r"Talks\u{d} over \u{2066}Syria\u{2069}"),
        "{text}"
    );
    assert!(
        text.contains("\n\nThey\tmet again."),
        "line breaks and tabs stay: {text}"
    );

    let results = json(&["search", "--index", index, "--json", "kerry"]);
    assert_eq!(results["hits"][0]["title"], title);
    assert_eq!(results["hits"][0]["source"], source);
    let article = json(&["article", "--index", index, "--json", "t1"]);
    for (field, text) in [
        ("title", title),
        ("source", source),
        ("url", url),
        ("description", description),
        ("body", body),
    ] {
        assert_eq!(article[field], text, "{field}");
    }
}

#[test]
fn the_cli_writes_and_reads_a_sharded_index() {
    let dir = temp_dir("sharded-cli");
    let run = |args: &[&str]| {
        let out = newsdex(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let single = dir.join("single.ndx");
    let core = dir.join("core.ndx");
    run(&["build", "seeds", "-o", single.to_str().unwrap()]);
    let (_, summary) = run(&[
        "build",
        "seeds",
        "-o",
        core.to_str().unwrap(),
        "--shards",
        "--chunk-kib",
        "1024",
    ]);
    assert!(summary.contains("chunk files (core-"), "{summary}");
    // The size report: the core as a host would send it, and what a query word and a hit cost.
    let figures: Vec<u64> = summary
        .split("a reader fetches the core (")
        .nth(1)
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .take(3)
        .collect();
    let core_bytes = std::fs::metadata(&core).unwrap().len();
    assert!(
        matches!(figures[..], [deflated, word, hit] if deflated > 0 && deflated < core_bytes && word > 0 && hit > 0),
        "{summary}"
    );
    let chunk_files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".chunk")
        })
        .count();
    assert_eq!(chunk_files, 1);
    // Split from the file piece by piece, the CLI writes what splitting the same index (its
    // postings packed and its records deflated, as a sharded build writes them) in memory does.
    let mut builder = IndexBuilder::new(BuildOptions {
        packed_postings: true,
        deflated_store: true,
        ..BuildOptions::default()
    });
    CorpusReader::new()
        .read_path(&repo("seeds"), &mut |article| builder.insert(&article))
        .unwrap();
    let in_memory = shards::split(&builder.finish().unwrap(), "core", 1024 << 10).unwrap();
    assert!(
        std::fs::read(&core).unwrap() == in_memory.core,
        "the cores differ"
    );
    assert!(
        std::fs::read(dir.join(in_memory.chunks.file_name(0))).unwrap() == in_memory.chunk(0),
        "the chunks differ"
    );
    let strip_took = |json: String| {
        json.split('\n')
            .filter(|line| !line.contains("\"tookMs\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for args in [
        &["search", "--json", "kerry lavrov"][..],
        &[
            "article",
            "--json",
            "--query",
            "syria",
            "000_5ea1769a20fb7706",
        ],
    ] {
        let with = |index: &std::path::Path| {
            let mut all = vec![args[0], "--index", index.to_str().unwrap()];
            all.extend_from_slice(&args[1..]);
            strip_took(run(&all).0)
        };
        assert_eq!(with(&core), with(&single), "{args:?}");
    }
    // A core whose chunk files are gone says which file it wanted.
    let mut gone = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "chunk") {
            std::fs::remove_file(&path).unwrap();
            gone.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["search", "--index", core.to_str().unwrap(), "kerry"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !out.status.success() && gone.iter().any(|name| stderr.contains(name.as_str())),
        "{stderr}"
    );
}

fn write_jsonl(path: &Path, articles: &[Article]) {
    let lines: Vec<String> = articles
        .iter()
        .map(|a| {
            serde_json::json!({ "id": a.id, "title": a.title, "body": a.body, "source": a.source })
                .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// `count` articles whose bodies repeat a few made-up words at different rates, enough text for
/// a one-megabyte budget to spill several times.
fn corpus(count: usize) -> Vec<Article> {
    (0..count)
        .map(|i| Article {
            id: format!("a{i}"),
            title: format!("story {} of {}", i % 89, i % 7),
            body: (0..60)
                .map(|j| format!("w{}x", (i * 31 + j * j) % 997))
                .collect::<Vec<_>>()
                .join(" "),
            ..Article::default()
        })
        .collect()
}

/// The names in `dir`: the index alone after a build, nothing after a failed one.
fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect()
}

#[test]
fn the_cli_builds_within_its_budget_and_leaves_only_the_index() {
    let articles = corpus(8000);
    let dir = temp_dir("spill-cli");
    let input = dir.join("in.jsonl");
    write_jsonl(&input, &articles);
    let output = dir.join("out/index.ndx");
    let out = newsdex(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--no-entities",
        "--memory-budget",
        "1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut builder = IndexBuilder::new(BuildOptions {
        entities: false,
        ..BuildOptions::default()
    });
    for article in &articles {
        builder.insert(article).unwrap();
    }
    let in_memory = builder.finish().unwrap();
    assert!(std::fs::read(&output).unwrap() == in_memory);
    assert_eq!(names_in(&dir.join("out")), ["index.ndx"]);

    let mut duplicated = articles.clone();
    duplicated.push(articles[10].clone());
    write_jsonl(&input, &duplicated);
    let failed = dir.join("failed/index.ndx");
    let out = newsdex(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        failed.to_str().unwrap(),
        "--shards",
        "--no-entities",
        "--memory-budget",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("duplicate article id \"a10\""), "{stderr}");
    assert!(names_in(&dir.join("failed")).is_empty());
}

#[test]
fn site_facets_and_dates_from_the_command_line_single_file_and_sharded() {
    let dir = temp_dir("facets");
    let input = dir.join("wire.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id":"a","title":"Oil rises","body":"Crude oil rose.","date":"1987-03-02","topics":["crude","ship"],"places":"usa"}"#,
            "\n",
            r#"{"id":"b","title":"Oil falls","body":"Crude oil fell.","date":"1987-04-10","topics":"crude"}"#,
            "\n",
            r#"{"id":"c","title":"Oil, undated","body":"Oil again.","topics":["earn"]}"#,
            "\n",
        ),
    )
    .unwrap();
    let input = input.to_str().unwrap();
    let single = dir.join("wire.ndx");
    let single = single.to_str().unwrap();
    let sharded = dir.join("sharded.ndx");
    let sharded = sharded.to_str().unwrap();
    for (out, extra) in [
        (single, &[][..]),
        (sharded, &["--shards", "--chunk-kib", "4"][..]),
    ] {
        let mut args = vec![
            "build", input, "-o", out, "--facet", "topics", "--facet", "places",
        ];
        args.extend_from_slice(extra);
        ok(&args);
    }
    for index in [single, sharded] {
        let results = json(&["search", "--index", index, "--json", "oil"]);
        assert_eq!(
            results["facets"]["fields"]["topics"],
            serde_json::json!([{ "value": "crude", "count": 2 }, { "value": "earn", "count": 1 }, { "value": "ship", "count": 1 }])
        );
        assert_eq!(
            results["facets"]["dates"],
            serde_json::json!([{ "period": "1987-03", "count": 1 }, { "period": "1987-04", "count": 1 }, { "period": null, "count": 1 }])
        );
        let ids = |args: &[&str]| -> Vec<String> {
            let mut all = vec!["search", "--index", index, "--json", "--no-facets"];
            all.extend_from_slice(args);
            json(&all)["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(ids(&["--sort", "newest", "oil"]), ["b", "a", "c"]);
        assert_eq!(ids(&["--sort", "oldest", "oil"]), ["a", "b", "c"]);
        assert_eq!(ids(&["oil", "-topics:crude"]), ["c"]);
        assert_eq!(ids(&["topics:crude", "since:1987-04"]), ["b"]);
        assert_eq!(
            ids(&["--recency", "7", "--now", "1987-03-02", "crude"]).len(),
            2
        );
        assert_eq!(
            fails(&["search", "--index", index, "oil date:1987-02-29"]),
            "newsdex: in the query, `date:1987-02-29` is not a date: 1987-02 has 28 days"
        );
    }
    let refused = dir.join("refused.ndx");
    assert_eq!(
        fails(&["build", input, "-o", refused.to_str().unwrap(), "--facet", "since"]),
        "newsdex: facet field `since` is refused: `since:` already means something in queries (reserved: title, description, body, source, person, place, org, misc, entity, since, until, date)"
    );
    let wrong = dir.join("wrong.jsonl");
    std::fs::write(
        &wrong,
        "{\"id\":\"a\",\"body\":\"x\",\"topics\":\"ok\"}\n{\"id\":\"b\",\"body\":\"x\",\"topics\":[\"ok\",{\"n\":1}]}\n",
    )
    .unwrap();
    let message = fails(&[
        "build",
        wrong.to_str().unwrap(),
        "-o",
        refused.to_str().unwrap(),
        "--facet",
        "topics",
    ]);
    assert!(
        message.ends_with("wrong.jsonl:2: field `topics` is a facet and must be a string or an array of strings, not an array holding something else"),
        "{message}"
    );
    assert!(!refused.exists());
}

/// The files in `dir` and their bytes.
fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// How many articles of the index at `index` match `query`.
fn total(index: &Path, query: &str) -> Value {
    json(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        query,
    ])["total"]
        .clone()
}

#[test]
fn add_remove_and_compact_give_a_build_from_scratch_s_files_and_keep_old_readers_working() {
    let dir = temp_dir("updates");
    // More than the 4096 articles `add` reads at a time.
    let articles = corpus(4400);
    let (first, day) = articles.split_at(4350);
    // A day's news: new stories, and a correction of an archived one.
    let mut day = day.to_vec();
    day.push(Article {
        body: "a corrected story".into(),
        ..articles[3].clone()
    });
    let (first_path, day_path) = (dir.join("first.jsonl"), dir.join("day.jsonl"));
    write_jsonl(&first_path, first);
    write_jsonl(&day_path, &day);
    for sharded in [false, true] {
        let (site, fresh) = (
            dir.join(format!("site-{sharded}")),
            dir.join(format!("fresh-{sharded}")),
        );
        let (index, fresh_index) = (site.join("news.ndx"), fresh.join("news.ndx"));
        let shards: &[&str] = if sharded {
            &["--shards", "--chunk-kib", "4"]
        } else {
            &[]
        };
        let build = |inputs: &[&Path], output: &Path| {
            let mut args = vec!["build"];
            args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
            args.extend(["-o", output.to_str().unwrap(), "--no-entities"]);
            args.extend_from_slice(shards);
            ok(&args);
        };
        build(&[&first_path], &index);
        let before = files_in(&site);
        let old_core = std::fs::read(&index).unwrap();
        // A sharded index is built again only when asked: it takes segments by default.
        let (_, stderr) = ok(&[
            "add",
            "--rebuild",
            index.to_str().unwrap(),
            day_path.to_str().unwrap(),
        ]);
        assert!(stderr.contains("51 added (1 of them replacing articles with the same ids), 0 removed: 4400 articles"), "{stderr}");
        // Every file there before is unchanged (the old core aside, replaced whole).
        let after = files_in(&site);
        for (name, bytes) in &before {
            if name != "news.ndx" {
                assert_eq!(after.get(name), Some(bytes), "{name} changed");
            }
        }
        // The same files as a build from scratch of the same articles.
        let mut all = first.to_vec();
        all.retain(|a| a.id != articles[3].id);
        all.extend(day.iter().cloned());
        let all_path = dir.join("all.jsonl");
        write_jsonl(&all_path, &all);
        build(&[&all_path], &fresh_index);
        let fresh_files = files_in(&fresh);
        for (name, bytes) in &fresh_files {
            assert!(
                after.get(name) == Some(bytes),
                "{name} differs from a build from scratch"
            );
        }
        let hits = json(&[
            "search",
            "--index",
            index.to_str().unwrap(),
            "--json",
            "corrected",
        ]);
        assert_eq!(hits["total"], 1);
        assert_eq!(hits["hits"][0]["id"], "a3");

        // A reader that opened the old index still reads it while its chunk files exist.
        if sharded {
            let mut old = newsdex::Sharded::open(old_core.clone()).unwrap();
            let chunks = old.index().chunks().unwrap().clone();
            let pack: Vec<u8> = (0..chunks.count())
                .flat_map(|k| std::fs::read(site.join(chunks.file_name(k))).unwrap())
                .collect();
            let results = loop {
                match old
                    .search("story ", &newsdex::SearchOptions::default())
                    .unwrap()
                {
                    newsdex::Step::Done(results) => break results,
                    newsdex::Step::Fetch(ranges) => {
                        for range in ranges {
                            let bytes = pack[range.start as usize..range.end as usize].to_vec();
                            old.supply(range.start, bytes).unwrap();
                        }
                    }
                }
            };
            assert_eq!(results.total, 4350);
        }

        let before_removal = files_in(&site);
        let (_, stderr) = ok(&[
            "remove",
            "--rebuild",
            index.to_str().unwrap(),
            "a3",
            "a4399",
        ]);
        if sharded {
            // The records before the first article removed (a4399, near the end; a3 went to
            // the end when it was replaced) start the new pack as they were, so their chunk
            // files stay (here the records are about half the pack).
            let names = |bytes: &[u8]| {
                let core = newsdex::Index::from_bytes(bytes.to_vec()).unwrap();
                let chunks = core.chunks().unwrap();
                (0..chunks.count())
                    .map(|k| chunks.file_name(k))
                    .collect::<Vec<_>>()
            };
            let old = names(&before_removal["news.ndx"]);
            let new = names(&std::fs::read(&index).unwrap());
            let kept = new.iter().filter(|name| old.contains(name)).count();
            assert!(
                5 * kept > 2 * new.len(),
                "{kept} of {} chunk files kept",
                new.len()
            );
        }
        assert!(
            stderr.contains(
                "0 added (0 of them replacing articles with the same ids), 2 removed: 4398 articles"
            ),
            "{stderr}"
        );
        assert_eq!(total(&index, "corrected"), 0);
        assert_eq!(
            fails(&["remove", "--rebuild", index.to_str().unwrap(), "a3"]),
            format!("newsdex: {}: no article has the id \"a3\"", index.display())
        );

        let before_compaction = files_in(&site);
        let (compacted, _) = ok(&["compact", index.to_str().unwrap()]);
        let (pruned, _) = ok(&[
            "compact",
            index.to_str().unwrap(),
            "--prune-older-than",
            "0s",
        ]);
        let left = files_in(&site);
        if sharded {
            let chunks = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
                files.keys().filter(|name| name.ends_with(".chunk")).count()
            };
            let in_use = chunks(&left);
            let unreferenced = chunks(&before_compaction) - in_use;
            // The signatures of the last core are kept, those of the cores before it pruned.
            let signatures: Vec<&String> =
                left.keys().filter(|name| name.ends_with(".sig")).collect();
            assert_eq!(signatures.len(), 1, "{signatures:?}");
            assert_eq!(left.len(), in_use + 2);
            assert!(compacted.contains(&format!("{in_use} chunk files in use; 0 unreferenced chunk files deleted (0 bytes), {unreferenced} kept")), "{compacted}");
            assert!(
                pruned.contains(&format!("{unreferenced} unreferenced chunk files deleted")),
                "{pruned}"
            );
            let core = newsdex::Index::from_bytes(left["news.ndx"].clone()).unwrap();
            let chunks = core.chunks().unwrap();
            assert_eq!(in_use as u64, chunks.count());
            assert!((0..chunks.count()).all(|k| left.contains_key(&chunks.file_name(k))));
        } else {
            assert!(compacted.contains("a single-file index"), "{compacted}");
            assert_eq!(left.keys().collect::<Vec<_>>(), ["news.ndx"]);
        }
        assert_eq!(total(&index, "story "), 4398);
    }
}

#[test]
fn a_change_to_an_index_of_another_version_or_damaged_names_the_file() {
    let dir = temp_dir("update-errors");
    let index = build_good(&dir, &["--no-entities"]);
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[8..12].copy_from_slice(&9u32.to_le_bytes());
    std::fs::write(&index, &bytes).unwrap();
    let error = fails(&["add", &index, "tests/fixtures/corpus/good"]);
    assert!(error.starts_with(&format!("newsdex: {index}: ")), "{error}");
    assert!(error.contains("version 9"), "{error}");
    // A sharded index's chunk file damaged since it was written is named by the change that
    // reads it (the stored records start the pack, and a change reads every one).
    let sharded = dir.join("sharded");
    std::fs::create_dir_all(&sharded).unwrap();
    let core = sharded.join("good.ndx");
    let core = core.to_str().unwrap();
    ok(&[
        "build",
        "tests/fixtures/corpus/good",
        "-o",
        core,
        "--shards",
        "--no-entities",
    ]);
    let chunk = std::fs::read_dir(&sharded)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "chunk"))
        .unwrap();
    let mut bytes = std::fs::read(&chunk).unwrap();
    bytes[8] ^= 0x55;
    std::fs::write(&chunk, &bytes).unwrap();
    let error = fails(&["add", "--rebuild", core, "tests/fixtures/corpus/good"]);
    let named = format!("newsdex: {}: damaged: its bytes' xxh3 is ", chunk.display());
    assert!(error.starts_with(&named), "{error}");
    assert!(
        error.contains(
            "not the one its name ends with; copy it again from the build (index is damaged: "
        ),
        "{error}"
    );
    let no_store = build_good(&dir, &["--no-entities", "--no-store"]);
    let error = fails(&["remove", &no_store, "x"]);
    assert_eq!(error, format!("newsdex: {no_store}: built with --no-store, so it has no articles to build again; build it afresh"));
    let out = newsdex(&["compact", &index, "--prune-older-than", "7w"]);
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(error.contains("`7w` is not a duration"), "{error}");
}

#[test]
fn a_site_folder_builds_the_same_index_twice_and_is_searched() {
    let dir = temp_dir("site");
    let (first, second) = (dir.join("a.ndx"), dir.join("b.ndx"));
    let build = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "build",
            "tests/fixtures/site",
            "-o",
            out.to_str().unwrap(),
            "--facet",
            "authors",
        ];
        args.extend_from_slice(extra);
        ok(&args).1
    };
    let summary = build(&first, &[]);
    assert!(
        summary.contains("newsdex: skipped 4 pages or items that are not articles: tests/fixtures/site/about.html (no article markup"),
        "{summary}"
    );
    assert!(
        summary.contains("newsdex: 2 notes on metadata that was not used; --verbose lists them")
    );
    assert!(summary.contains("indexed 8 articles (7 from pages, 1 from feed items) (0 left out)"));
    let verbose = build(&second, &["--verbose"]);
    let listed: Vec<&str> = verbose
        .lines()
        .filter(|l| l.starts_with("newsdex: skipped ") || l.starts_with("newsdex: note: "))
        .collect();
    assert_eq!(listed.len(), 6, "{verbose}");
    for step in [
        "reading and tagging",
        "the postings, and at once the entity tables and copies",
        "related stories",
        "writing the index file",
        "checking the index",
    ] {
        assert!(
            verbose.lines().any(
                |l| l.starts_with(&format!("newsdex: step {step}: ")) && l.contains(" CPU s (")
            ),
            "{step} in {verbose}"
        );
    }
    assert!(listed.contains(&"newsdex: skipped tests/fixtures/site/tag/harbour/index.html: a list of 2 articles, not an article"));
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
        "the same site gives the same index"
    );

    let index = first.to_str().unwrap();
    let ids = |query: &str| -> Vec<String> {
        json(&["search", "--index", index, "--json", query])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("granite"), ["2024/05/harbour-reopens"]);
    // Share bars, comments and related stories are not the article.
    assert!(ids("facebook").is_empty());
    assert!(ids("thoughts").is_empty());
    assert_eq!(ids("pasty"), ["legacy/cafe"]);
    assert_eq!(
        ids("authors:\"Morwenna Tregarthen\""),
        ["2024/05/harbour-reopens", "https://quayside.example/?p=15"]
    );
    let article = json(&["article", "--index", index, "--json", "lighthouse-keeper"]);
    assert_eq!(
        article["url"],
        "https://quayside.example/lighthouse-keeper/"
    );
    assert_eq!(article["date"], "2024-04-20T07:30:00.000Z");

    let feed = dir.join("page.rss");
    std::fs::write(&feed, "<!doctype html>\n<html><p>not a feed</p></html>\n").unwrap();
    assert_eq!(
        fails(&["build", feed.to_str().unwrap(), "-o", index]),
        format!(
            "newsdex: {}: not an RSS, Atom or JSON feed or JSON Lines of articles, but an XML document whose root is <html>",
            feed.display()
        )
    );
}

/// The ids, scores and total of a search, and its facets.
fn answer(index: &Path, query: &str) -> (Vec<(String, f64)>, Value, Value) {
    let results = json(&[
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "--limit",
        "20",
        query,
    ]);
    let hits = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap().to_owned(),
                h["score"].as_f64().unwrap(),
            )
        })
        .collect();
    (hits, results["total"].clone(), results["facets"].clone())
}

/// Builds `input` as a sharded index at `output` in chunks of 64 KiB, without entities.
fn build_small_sharded(input: &str, output: &str) {
    build_sharded_64k(input, output, &["--no-entities"]);
}

/// Builds `input` as a sharded index at `output` in chunks of 64 KiB, with `more` options.
fn build_sharded_64k(input: &str, output: &str, more: &[&str]) {
    let mut args = vec![
        "build",
        input,
        "-o",
        output,
        "--shards",
        "--chunk-kib",
        "64",
    ];
    args.extend_from_slice(more);
    ok(&args);
}

/// Words, a prefix, a misspelling and a correction's word, then `more`: what the segment tests
/// ask of a segmented index and of a build from scratch.
fn with_segment_queries(more: &str) -> [&str; 6] {
    ["oil", "story vienna", "pric", "goldd", "corrected", more]
}

/// Asserts that `queries` answer alike in `index` and `fresh`.
fn assert_same_answers(index: &Path, fresh: &Path, queries: &[&str]) {
    for query in queries {
        assert_eq!(answer(index, query), answer(fresh, query), "{query}");
    }
}

/// Articles of a few words each, numbered from `first`, one in three with "story".
fn corpus_lines(first: usize, count: usize, title: &str) -> String {
    const WORDS: [&str; 8] = [
        "oil", "prices", "gold", "vienna", "talks", "markets", "story", "rain",
    ];
    (first..first + count)
        .map(|n| {
            let words: Vec<&str> = (0..5).map(|k| WORDS[(n * 7 + k * 3) % WORDS.len()]).collect();
            format!(
                "{{\"id\":\"a{n}\",\"title\":\"{title} {}\",\"body\":\"{}\",\"date\":\"2026-0{}-1{}\",\"source\":\"{}\"}}\n",
                words[0],
                words.join(" "),
                n % 9 + 1,
                n % 10,
                ["Reuters", "AP"][n % 2]
            )
        })
        .collect()
}

#[test]
fn segments_add_remove_and_compact_answer_as_a_build_from_scratch_and_leave_old_files_alone() {
    let dir = temp_dir("segments");
    let site = dir.join("site");
    let index = site.join("news.ndx");
    let fresh = dir.join("fresh").join("news.ndx");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let base = write("base.jsonl", &corpus_lines(0, 300, "First"));
    let day = write(
        "day.jsonl",
        &(corpus_lines(300, 40, "Day") + &corpus_lines(5, 1, "Corrected")),
    );
    let at = index.to_str().unwrap();
    build_small_sharded(&base, at);
    let built = files_in(&site);
    let (_, stderr) = ok(&["add", at, &day]);
    assert!(
        stderr.contains(
            "41 added (1 of them replacing articles with the same ids), 0 removed: 2 segments"
        ),
        "{stderr}"
    );
    // Every file there before is there with its bytes, but the core, whose bytes live on as
    // the first segment under a content name; the manifest took its place.
    let added = files_in(&site);
    for (name, bytes) in &built {
        if name != "news.ndx" {
            assert_eq!(added.get(name), Some(bytes), "{name} changed");
        }
    }
    assert!(added.values().any(|bytes| bytes == &built["news.ndx"]));
    assert!(added["news.ndx"].starts_with(b"newsdex-segments"));
    let (_, stderr) = ok(&["remove", at, "a7", "a301"]);
    assert!(
        stderr.contains("0 added (0 of them replacing articles with the same ids), 2 removed"),
        "{stderr}"
    );
    assert_eq!(
        fails(&["remove", at, "a7"]),
        format!("newsdex: {at}: no article has the id \"a7\"")
    );
    // A build from scratch of the same articles, in the same order.
    let model: String = [
        corpus_lines(0, 300, "First"),
        corpus_lines(300, 40, "Day"),
        corpus_lines(5, 1, "Corrected"),
    ]
    .concat()
    .lines()
    .filter(|line| {
        !["\"a5\",\"title\":\"First", "\"a7\",", "\"a301\","]
            .iter()
            .any(|gone| line.contains(gone))
    })
    .map(|line| format!("{line}\n"))
    .collect();
    let model = write("model.jsonl", &model);
    build_small_sharded(&model, fresh.to_str().unwrap());
    let queries = with_segment_queries("since:2026-05-01 rain");
    assert_same_answers(&index, &fresh, &queries);
    let (compacted, _) = ok(&["compact", at]);
    assert!(
        compacted.contains("2 segments merged into one of 338 articles"),
        "{compacted}"
    );
    assert_same_answers(&index, &fresh, &queries);
    let (pruned, _) = ok(&["compact", at, "--prune-older-than", "0s"]);
    assert!(pruned.contains(" unreferenced files deleted"), "{pruned}");
    // What is left is the manifest, the merged segment's core, its vectors and its chunks: a
    // build from scratch's chunk files, byte for byte.
    let left = files_in(&site);
    let fresh_files = files_in(fresh.parent().unwrap());
    let merged = String::from_utf8(left["news.ndx"].clone()).unwrap();
    let core = merged
        .lines()
        .nth(1)
        .unwrap()
        .strip_prefix("segment ")
        .unwrap();
    assert_eq!(left[core], fresh_files["news.ndx"]);
    // Besides a build's files (its signatures among them): the manifest, the band table and
    // the vectors.
    assert_eq!(left.len(), fresh_files.len() + 3);
    assert_eq!(left.keys().filter(|n| n.ends_with(".bands")).count(), 1);
    assert_eq!(left.keys().filter(|n| n.ends_with(".vec")).count(), 1);
    // A manifest in another version is named, with its line.
    std::fs::write(&index, "newsdex-segments 4\nsegment x.seg\n").unwrap();
    let error = fails(&["search", "--index", at, "oil"]);
    assert!(
        error.contains(&format!("{at}: line 1, column 1: `newsdex-segments 4`")),
        "{error}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ten_days_in_one_tier_merge_into_one_segment_that_answers_as_before() {
    let dir = temp_dir("tiers");
    let index = dir.join("site").join("news.ndx");
    let fresh = dir.join("fresh").join("news.ndx");
    let at = index.to_str().unwrap();
    let mut model: Vec<(String, String)> = Vec::new();
    let apply = |lines: String, model: &mut Vec<(String, String)>| {
        for line in lines.lines() {
            let id = line.split('"').nth(3).unwrap().to_owned();
            model.retain(|(kept, _)| kept != &id);
            model.push((id, format!("{line}\n")));
        }
    };
    let base = corpus_lines(0, 60, "First");
    apply(base.clone(), &mut model);
    let path = dir.join("base.jsonl");
    std::fs::write(&path, base).unwrap();
    build_small_sharded(path.to_str().unwrap(), at);
    for day in 0..10 {
        // Each day 5 new articles, and from the third on a correction of the day before's.
        let mut lines = corpus_lines(100 + day * 5, 5, "Day");
        if day >= 2 {
            lines += &corpus_lines(100 + (day - 1) * 5, 1, "Corrected");
        }
        apply(lines.clone(), &mut model);
        let path = dir.join(format!("day{day}.jsonl"));
        std::fs::write(&path, lines).unwrap();
        let (_, stderr) = ok(&["add", "--segment", at, path.to_str().unwrap()]);
        assert_eq!(
            stderr.contains("(10 newest segments merged into one)"),
            day == 9,
            "day {day}: {stderr}"
        );
        if day == 4 {
            ok(&["remove", at, "a3", "a101"]);
            model.retain(|(id, _)| id != "a3" && id != "a101");
        }
    }
    let manifest = std::fs::read_to_string(&index).unwrap();
    // The base, the removal of a3 (an article of the base), and the merged segment (with its
    // copies of the base's stories).
    let parts: Vec<&str> = manifest
        .lines()
        .filter(|line| !line.starts_with("copies ") && !line.starts_with("related "))
        .collect();
    assert_eq!(parts.len(), 4, "{manifest}");
    assert!(parts[2].starts_with("removed "), "{manifest}");
    let path = dir.join("model.jsonl");
    std::fs::write(
        &path,
        model
            .iter()
            .map(|(_, line)| line.as_str())
            .collect::<String>(),
    )
    .unwrap();
    build_small_sharded(path.to_str().unwrap(), fresh.to_str().unwrap());
    let queries = with_segment_queries("day rain");
    assert_same_answers(&index, &fresh, &queries);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_copy_added_a_day_later_is_one_story_with_the_earlier_segment_s_and_a_damaged_signatures_file_is_named(
) {
    let dir = temp_dir("copies");
    let index = dir.join("site").join("news.ndx");
    let at = index.to_str().unwrap();
    let story = "The central bank raised its main lending rate by half a point on Tuesday, citing \
        inflation that has run above its target for six months, and said further rises were \
        likely if wages kept climbing at the present pace.";
    let line = |id: &str, body: &str| {
        format!("{{\"id\":\"{id}\",\"title\":\"Rates rise\",\"body\":\"{body}\",\"date\":\"2026-03-02\"}}\n")
    };
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let base = write(
        "base.jsonl",
        &(line("r1", story) + &corpus_lines(0, 30, "First")),
    );
    build_small_sharded(&base, at);
    // The build keeps its articles' signatures beside the core, for `add`.
    let signatures = files_in(index.parent().unwrap())
        .into_keys()
        .filter(|name| name.ends_with(".sig"))
        .count();
    assert_eq!(signatures, 1);
    let day = write(
        "day.jsonl",
        &line("r2", &story.replace("Tuesday", "Wednesday")),
    );
    ok(&["add", at, &day]);
    let manifest = std::fs::read_to_string(&index).unwrap();
    assert!(manifest.starts_with("newsdex-segments 3\n"), "{manifest}");
    let last: Vec<&str> = manifest.lines().skip(2).collect();
    assert!(
        last.len() == 3 && last[1].starts_with("copies ") && last[2].starts_with("related "),
        "{manifest}"
    );
    let copies = |id: &str| {
        let (json, _) = ok(&["duplicates", "--index", at, id, "--json"]);
        serde_json::from_str::<Vec<String>>(&json).unwrap()
    };
    assert_eq!(copies("r2"), ["r1"]);
    assert_eq!(copies("r1"), ["r2"]);
    let (found, _) = ok(&[
        "search",
        "--index",
        at,
        "--collapse",
        "--json",
        "lending rate",
    ]);
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(
        found["hits"][0]["duplicates"],
        serde_json::json!(["r2"]),
        "{found}"
    );
    // A damaged signatures file is named by the next add, which says what to do; a missing one
    // is worked out again from the segment's stored text.
    let sig = files_in(index.parent().unwrap())
        .into_keys()
        .find(|name| {
            name.ends_with(".sig")
                && manifest
                    .lines()
                    .nth(1)
                    .unwrap()
                    .contains(&name[..name.len() - 4])
        })
        .unwrap();
    let sig = index.with_file_name(sig);
    let mut bytes = std::fs::read(&sig).unwrap();
    bytes[40] ^= 1;
    std::fs::write(&sig, &bytes).unwrap();
    let again = write("again.jsonl", &line("r3", story));
    let error = fails(&["add", at, &again]);
    assert!(
        error.contains(&format!("{}: a damaged signatures file", sig.display())),
        "{error}"
    );
    std::fs::remove_file(&sig).unwrap();
    ok(&["add", at, &again]);
    assert!(sig.exists());
    assert_eq!(copies("r3"), ["r1", "r2"]);
    // Each segment's band table, beside its signatures, is what `add` reads them through: a
    // damaged one is named, a missing one worked out again from the signatures.
    let table = sig.with_extension("bands");
    let bytes = std::fs::read(&table).unwrap();
    std::fs::write(&table, &bytes[..bytes.len() - 3]).unwrap();
    let later = write("later.jsonl", &line("r4", story));
    let error = fails(&["add", at, &later]);
    assert!(
        error.contains(&format!("{}: a damaged band table", table.display())),
        "{error}"
    );
    std::fs::remove_file(&table).unwrap();
    ok(&["add", at, &later]);
    assert_eq!(std::fs::read(&table).unwrap(), bytes);
    assert_eq!(copies("r4"), ["r1", "r2", "r3"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn signatures_worked_out_from_the_stored_text_are_the_same_bytes_whatever_the_threads_and_budget() {
    let dir = temp_dir("work-out");
    let base = dir.join("base.jsonl");
    std::fs::write(&base, corpus_lines(0, 100, "First")).unwrap();
    let built = dir.join("built").join("news.ndx");
    build_small_sharded(base.to_str().unwrap(), built.to_str().unwrap());
    // As an index built before signatures were kept: `add` works them out from the text.
    for name in files_in(built.parent().unwrap()).into_keys() {
        if name.ends_with(".sig") {
            std::fs::remove_file(built.with_file_name(name)).unwrap();
        }
    }
    let day = dir.join("day.jsonl");
    std::fs::write(&day, corpus_lines(100, 5, "First")).unwrap();
    // One thread, two, and two within 1 MB: the stored text read 16 articles at a time.
    let runs: Vec<_> = [("1", "256"), ("2", "256"), ("2", "1")]
        .into_iter()
        .enumerate()
        .map(|(k, (threads, budget))| {
            let site = dir.join(format!("site-{k}"));
            std::fs::create_dir_all(&site).unwrap();
            for (name, bytes) in files_in(built.parent().unwrap()) {
                std::fs::write(site.join(name), bytes).unwrap();
            }
            let index = site.join("news.ndx");
            let out = Command::new(env!("CARGO_BIN_EXE_newsdex"))
                .args(["add", index.to_str().unwrap(), day.to_str().unwrap()])
                .args(["--memory-budget", budget])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            files_in(&site)
        })
        .collect();
    let kept = |ending: &str| runs[0].keys().filter(|n| n.ends_with(ending)).count();
    assert_eq!((kept(".sig"), kept(".bands"), kept(".cps")), (2, 2, 1));
    assert_eq!(runs[1], runs[0]);
    assert_eq!(runs[2], runs[0]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn add_refuses_a_sharded_index_built_without_its_store_and_writes_nothing() {
    let dir = temp_dir("no-store");
    let index = dir.join("site").join("news.ndx");
    let at = index.to_str().unwrap();
    let base = dir.join("base.jsonl");
    std::fs::write(&base, corpus_lines(0, 30, "First")).unwrap();
    ok(&[
        "build",
        base.to_str().unwrap(),
        "-o",
        at,
        "--shards",
        "--no-store",
        "--no-entities",
    ]);
    let before = files_in(index.parent().unwrap());
    let day = dir.join("day.jsonl");
    std::fs::write(&day, corpus_lines(30, 5, "Later")).unwrap();
    let error = fails(&["add", at, day.to_str().unwrap()]);
    assert!(
        error.contains(&format!(
            "{at}: built without the document store (--no-store)"
        )),
        "{error}"
    );
    assert_eq!(files_in(index.parent().unwrap()), before);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A follow-up added a day later is among the earlier story's related stories, and the story
/// among the follow-up's, before `compact`; a removed one drops out; a damaged vectors file is
/// named by the next add, and a missing one is worked out again from the stored text.
#[test]
fn related_stories_reach_across_segments_both_ways_and_a_damaged_vectors_file_is_named() {
    let dir = temp_dir("related");
    let index = dir.join("site").join("news.ndx");
    let at = index.to_str().unwrap();
    let line = |id: &str, title: &str, body: &str| {
        format!("{{\"id\":\"{id}\",\"title\":\"{title}\",\"body\":\"{body}\",\"date\":\"2026-03-02\"}}\n")
    };
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let strike = line(
        "dock-1",
        "Dockers strike at Eastport harbour",
        "Dockers at Eastport harbour walked out over pay, and the cranes stood idle.",
    );
    let base = write(
        "base.jsonl",
        &(strike
            + &line(
                "dock-cranes",
                "New cranes for Eastport harbour",
                "Eastport harbour bought two cranes, which dockers will drive from May.",
            )
            + &corpus_lines(0, 30, "First")),
    );
    build_small_sharded(&base, at);
    let related = |id: &str| -> Vec<String> {
        let (json, _) = ok(&["related", "--index", at, "--limit", "8", "--json", id]);
        let hits: Value = serde_json::from_str(&json).unwrap();
        let hits = hits.as_array().cloned().unwrap_or_default();
        hits.iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!related("dock-1").contains(&"dock-2".to_owned()));
    let day = write(
        "day.jsonl",
        &(line(
            "dock-2",
            "Eastport harbour strike ends",
            "The dockers' strike at Eastport harbour ended when the cranes moved again after a pay deal.",
        ) + &corpus_lines(100, 5, "Second")),
    );
    ok(&["add", at, &day]);
    let manifest = std::fs::read_to_string(&index).unwrap();
    assert!(manifest.starts_with("newsdex-segments 3\n"), "{manifest}");
    assert!(manifest.contains("\nrelated "), "{manifest}");
    assert!(
        related("dock-1").contains(&"dock-2".to_owned()),
        "the follow-up, in the story's list"
    );
    assert!(
        related("dock-2").contains(&"dock-1".to_owned()),
        "the story, in the follow-up's list"
    );
    ok(&["remove", at, "dock-2"]);
    assert!(!related("dock-1").contains(&"dock-2".to_owned()));
    // The base's vectors were worked out from its stored text by the first add.
    let segment = manifest
        .lines()
        .nth(1)
        .unwrap()
        .strip_prefix("segment ")
        .unwrap();
    let vec = index.with_file_name(segment.replace(".seg", ".vec"));
    // `add` reads a vectors file's footer, directory and the blocks it needs, each checked:
    // the footer is read whatever the new articles.
    let mut bytes = std::fs::read(&vec).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&vec, &bytes).unwrap();
    let again = write("again.jsonl", &corpus_lines(200, 2, "Third"));
    let error = fails(&["add", at, &again]);
    assert!(
        error.contains(&format!("{}: a damaged vectors file", vec.display())),
        "{error}"
    );
    std::fs::remove_file(&vec).unwrap();
    ok(&["add", at, &again]);
    assert!(vec.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn add_segment_links_a_later_short_name_to_the_entity_an_earlier_segment_has() {
    let dir = temp_dir("segment-entities");
    let index = dir.join("site").join("news.ndx");
    let fresh = dir.join("fresh").join("news.ndx");
    let line = |id: &str, title: &str, body: &str| {
        format!("{{\"id\":\"{id}\",\"title\":\"{title}\",\"body\":\"{body}\",\"date\":\"2026-11-02\"}}\n")
    };
    let base = line(
        "a0",
        "Kerry meets Lavrov in Geneva",
        "Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva on Monday. John Kerry said the talks were useful.",
    ) + &line(
        "a1",
        "Apple profits rise",
        "Shares of Apple rose after the company reported record profits, said analysts at Goldman Sachs.",
    );
    let day = line(
        "b0",
        "Kerry warns on Aleppo",
        "Kerry said on Tuesday that the ceasefire in Aleppo was fragile, and Lavrov agreed.",
    );
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let (base, day, all) = (
        write("base.jsonl", &base),
        write("day.jsonl", &day),
        write("all.jsonl", &(base.clone() + &day)),
    );
    let at = index.to_str().unwrap();
    build_sharded_64k(&base, at, &[]);
    ok(&["add", "--segment", "--memory-budget", "1", at, &day]);
    build_sharded_64k(&all, fresh.to_str().unwrap(), &[]);
    let entities = |index: &Path, query: &str| {
        let results = json(&[
            "search",
            "--index",
            index.to_str().unwrap(),
            "--json",
            query,
        ]);
        let hits: Vec<(String, Vec<String>)> = results["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let ids = h["entities"].as_array().unwrap().iter();
                let ids = ids.map(|e| e["id"].as_str().unwrap().to_owned());
                (h["id"].as_str().unwrap().to_owned(), ids.collect())
            })
            .collect();
        (hits, results["facets"]["entities"].clone())
    };
    let (hits, _) = entities(&index, "person:kerry");
    assert_eq!(hits.len(), 2, "{hits:?}");
    let (_, b0) = hits.iter().find(|(id, _)| id == "b0").unwrap();
    assert!(b0.contains(&"per/john-kerry".to_owned()), "{b0:?}");
    for query in [
        "person:kerry",
        "person:lavrov",
        "entity:per/sergei-lavrov",
        "said",
    ] {
        assert_eq!(entities(&index, query), entities(&fresh, query), "{query}");
    }
    ok(&["compact", at]);
    for query in ["person:kerry", "said"] {
        assert_eq!(entities(&index, query), entities(&fresh, query), "{query}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
