//! The site reader on the fixtures that imitate what content management systems publish
//! (`tests/fixtures/site`, `tests/fixtures/feeds`): field by field, the precedence of JSON-LD
//! over meta tags over markup, the body and ignore marks, skipped pages, and faults with their
//! positions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsdex_extract::{extract_page, SiteReader};
use newsdex_index::Article;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn read(
    reader: &mut SiteReader,
    path: &Path,
) -> newsdex_extract::Result<BTreeMap<String, Article>> {
    let mut articles = BTreeMap::new();
    reader.read_path(path, &mut |article| {
        articles.insert(article.id.clone(), article);
        Ok(())
    })?;
    Ok(articles)
}

fn site() -> (SiteReader, BTreeMap<String, Article>) {
    let mut reader = SiteReader::new();
    reader.set_facets(&["authors".to_owned(), "tags".to_owned(), "lang".to_owned()]);
    let articles = read(&mut reader, &repo("tests/fixtures/site")).unwrap();
    (reader, articles)
}

fn facet<'a>(article: &'a Article, name: &str) -> Vec<&'a str> {
    article
        .facets
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, values)| values.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A temporary folder of its own for a test's files.
fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsdex-extract-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    dir
}

#[test]
fn every_page_of_the_site_is_an_article_or_a_counted_skip() {
    let (reader, articles) = site();
    assert_eq!(
        articles.keys().collect::<Vec<_>>(),
        [
            "2024/05/harbour-reopens",
            "broken/unclosed",
            "https://quayside.example/?p=15",
            "legacy/cafe",
            "lighthouse-keeper",
            "news/bridge-vote",
            "node/42",
            "orchard"
        ]
    );
    let root = repo("").display().to_string();
    let skipped: Vec<(String, String)> = reader
        .skipped()
        .iter()
        .map(|s| (s.file.replace(&root, ""), s.reason.replace(&root, "")))
        .collect();
    let site = "tests/fixtures/site";
    let expected = [
        (
            "about.html",
            "no article markup (JSON-LD, og:type article, <article> or data-newsdex-body)",
        ),
        ("index.html", "a list of 3 articles, not an article"),
        (
            "tag/harbour/index.html",
            "a list of 2 articles, not an article",
        ),
        (
            "feeds/index.xml item 1",
            "the article of page tests/fixtures/site/2024/05/harbour-reopens/index.html",
        ),
    ]
    .map(|(file, reason)| (format!("{site}/{file}"), reason.to_owned()));
    assert_eq!(skipped, expected);
    assert_eq!(reader.counts(), (7, 1));
}

#[test]
fn wordpress_json_ld_graph_wins_over_open_graph_and_markup() {
    let (_, articles) = site();
    let a = &articles["2024/05/harbour-reopens"];
    // The JSON-LD headline, not og:title ("… (OpenGraph title)").
    assert_eq!(a.title, "Marrowby harbour reopens after the winter storms");
    // datePublished, not article:published_time.
    assert_eq!(a.date, "2024-05-03T09:15:00+01:00");
    assert_eq!(a.source, "The Quayside Gazette");
    assert_eq!(a.url, "https://quayside.example/2024/05/harbour-reopens/");
    assert_eq!(a.section, "Local");
    assert_eq!(facet(a, "authors"), ["Morwenna Tregarthen"]);
    assert_eq!(facet(a, "tags"), ["harbour", "storms"]);
    assert_eq!(facet(a, "lang"), ["en-GB"]);
    assert_eq!(
        a.body,
        "Fishing boats returned to Marrowby on Friday as the harbour reopened after five months of repairs to the breakwater.\n\n\
         The harbourmaster, Jory Penhallow, said the new granite blocks would hold against the swell that wrecked the old wall in January.\n\n\
         Crab landings are expected to recover by the summer."
    );
    // Captions and alt text follow the standfirst, apart from the body.
    assert_eq!(
        a.description,
        "Fishing boats are back at Marrowby after five months of repairs.\n\n\
         Trawlers tied up along the north quay\n\nA crane lowering a granite block\n\nThe last block went in on Tuesday."
    );
}

#[test]
fn ghost_arc_and_drupal_pages() {
    let (_, articles) = site();
    let ghost = &articles["lighthouse-keeper"];
    assert_eq!(ghost.date, "2024-04-20T07:30:00.000Z");
    assert_eq!(facet(ghost, "authors"), ["Isla Mackinnon"]);
    assert_eq!(facet(ghost, "tags"), ["Profiles", "Lighthouses"]);
    assert!(ghost.body.starts_with("Every night for thirty-one years"));
    assert!(ghost.body.ends_with("logging the weather in pencil."));
    for furniture in ["Subscribe", "Comments", "Gull", "Powered", "Profiles"] {
        assert!(
            !ghost.body.contains(furniture),
            "{furniture} in {:?}",
            ghost.body
        );
    }
    assert!(ghost
        .description
        .ends_with("The brass lamp room\n\nThe lamp room, polished every Sunday."));

    // Arc: the markup holds a teaser behind a paywall; the JSON-LD holds the text.
    let arc = &articles["news/bridge-vote"];
    assert_eq!(arc.body.split("\n\n").count(), 3);
    assert!(arc.body.ends_with("better spent on the sea wall."));
    assert_eq!(facet(arc, "authors"), ["Priya Chandrasekar", "Tomos Lloyd"]);
    assert_eq!(
        (arc.section.as_str(), arc.date.as_str()),
        ("Politics", "2024-05-10T18:45:00Z")
    );
    assert!(arc
        .description
        .ends_with("The estuary at low tide, where the footbridge would land"));

    // Drupal: OpenGraph and article:* meta, no JSON-LD; comments and tags are not the body.
    let drupal = &articles["node/42"];
    assert_eq!(drupal.title, "Ferry timetable cut for the summer");
    assert_eq!(drupal.date, "2024-05-14T12:00:00+01:00");
    assert_eq!(drupal.section, "Transport");
    assert_eq!(drupal.url, "https://quayside.example/node/42");
    assert_eq!(
        drupal.body,
        "The Pellow ferry will run four crossings a day instead of six from June, the operator said, blaming a shortage of deckhands.\n\n\
         Commuters who cross to the boatyard before seven will have to take the coast road."
    );
}

#[test]
fn marked_bodies_ignored_parts_and_the_news_sitemap() {
    let (reader, articles) = site();
    let hand = &articles["orchard"];
    assert_eq!(
        hand.body,
        "Volunteers planted sixty apple trees on the site of the old rope works at Penwithick.\n\n\
         The varieties include Kingston Black and Tremlett's Bitter, both old cider apples."
    );
    // Its own <time> wins over the sitemap's date; the sitemap names the publication.
    assert_eq!(hand.date, "2024-03-28");
    assert_eq!(hand.source, "The Quayside Gazette");
    assert_eq!(hand.title, "Cider orchard planted on the old rope works");
    assert_eq!(hand.url, "/orchard.html");
    assert_eq!(facet(hand, "lang"), ["en"]);

    // Broken markup: an unclosed headline, misnested tags, JSON-LD cut short, a date that is
    // not one (the sitemap's is used, and the note says why). The stray `</div>` closes the
    // article, as in a browser, so the last paragraph is not in it.
    let broken = &articles["broken/unclosed"];
    assert_eq!(broken.title, "Sea wall cracks found by divers");
    assert_eq!(broken.date, "2024-05-21");
    assert_eq!(
        broken.body,
        "Divers from the Falmouth club found three cracks in the sea wall below the chapel.\n\n\
         The council said it would inspect the wall next week."
    );
    let notes: Vec<&String> = reader
        .notes()
        .iter()
        .filter(|n| n.contains("unclosed.html"))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].ends_with("JSON-LD not read: EOF while parsing a value at line 1 column 37"));
    assert!(notes[1].ends_with("date \"sometime in May\" is not a date newsdex reads; not used"));
}

#[test]
fn a_windows_1252_page_is_decoded_by_its_http_equiv() {
    let (_, articles) = site();
    let cafe = &articles["legacy/cafe"];
    assert_eq!(cafe.title, "Café owner wins “best pasty” award");
    assert_eq!(cafe.body, "Renée Polglase, who runs the harbour café, took the county prize for a pasty costing £3.50.");
    assert_eq!(cafe.date, "2024-05-18T10:00:00Z");
}

#[test]
fn open_graph_wins_over_markup_and_markup_over_nothing() {
    let page = |head: &str| {
        extract_page(&format!(
            "<html><head>{head}</head><body><article><h1>Markup headline</h1><p>Text.</p></article></body></html>"
        ))
        .unwrap()
    };
    assert_eq!(
        page("<meta property=og:title content=\"OG headline\">").title,
        "OG headline"
    );
    assert_eq!(page("<title>Title tag</title>").title, "Markup headline");
    let no_h1 = extract_page(
        "<title>Tag title | The Site</title><meta property=og:site_name content=\"The Site\"><article><p>Text.</p></article>",
    )
    .unwrap();
    assert_eq!(no_h1.title, "Tag title");
    assert_eq!(
        extract_page("<meta property=og:type content=article><main><nav>Menu</nav></main>")
            .unwrap_err(),
        "no article text"
    );
}

#[test]
fn feeds_one_article_an_item() {
    let mut reader = SiteReader::new();
    reader.set_facets(&["authors".to_owned(), "tags".to_owned(), "lang".to_owned()]);
    let articles = read(&mut reader, &repo("tests/fixtures/feeds")).unwrap();
    let rss = &articles["courier-101"];
    assert_eq!(rss.title, "Mill race cleared by volunteers");
    assert_eq!(
        (rss.source.as_str(), rss.date.as_str()),
        ("Valley Courier", "2024-05-06T07:00:00+01:00")
    );
    // content:encoded is the body; the description the standfirst, with the captions.
    assert_eq!(
        rss.body,
        "Twenty volunteers spent Saturday clearing the mill race at Nantgarw of silt and fallen branches.\n\n\
         The wheel should turn again by the café opening in June."
    );
    assert_eq!(
        rss.description,
        "Volunteers cleared the mill race.\n\nVolunteers in waders\n\nKnee deep in the race"
    );
    assert_eq!(facet(rss, "authors"), ["Bronwen Caddick"]);
    // Escaped HTML in a description without content: its text is the body.
    let escaped = &articles["courier-102"];
    assert_eq!(escaped.title, "Quarry & kiln open day");
    assert_eq!(
        escaped.body,
        "The lime kiln at Cwm Dyli opens its doors on Sunday."
    );

    let atom = &articles["tag:fen.example,2024:eels"];
    assert_eq!(atom.title, "Eel catch doubles on the Ouse");
    assert_eq!(atom.url, "https://fen.example/eels");
    assert_eq!(atom.date, "2024-05-08T06:00:00Z");
    assert_eq!(atom.body.split("\n\n").count(), 2);
    assert_eq!(
        (atom.section.as_str(), facet(atom, "lang")),
        ("Rivers", vec!["en-GB"])
    );
    assert_eq!(
        articles["tag:fen.example,2024:washland"].date,
        "2024-05-02T09:00:00Z"
    );

    let json = &articles["moor-7"];
    assert_eq!(json.source, "Moorland Notes");
    assert_eq!(facet(json, "authors"), ["Ned Sutcliffe"]);
    assert_eq!(facet(json, "tags"), ["birds", "moor"]);
    let text_only = &articles["8"];
    assert_eq!(
        text_only.body,
        "Dams of heather bales now hold water on the peat at Top Withens."
    );
    assert_eq!(facet(text_only, "authors"), ["Moorland Notes desk"]);
    assert_eq!(articles.len(), 6);
}

#[test]
fn an_item_in_two_feeds_is_one_article() {
    let feed = std::fs::read(repo("tests/fixtures/feeds/feed.json")).unwrap();
    let dir = scratch("twice", &[("a.json", &feed), ("b/again.json", &feed)]);
    let mut reader = SiteReader::new();
    let articles = read(&mut reader, &dir).unwrap();
    assert_eq!(articles.len(), 2);
    assert_eq!(reader.skipped().len(), 2);
    assert!(reader.skipped()[0]
        .reason
        .starts_with("item \"moor-7\" again (first read in "));
}

fn error(name: &str, bytes: &[u8]) -> String {
    let dir = scratch(name, &[(name, bytes)]);
    let file = dir.join(name);
    let message = read(&mut SiteReader::new(), &file).unwrap_err().to_string();
    message.replace(&format!("{}/", dir.display()), "")
}

#[test]
fn bad_input_is_named_with_its_position() {
    assert_eq!(
        error("page.rss", b"<!DOCTYPE html>\n<html><head><meta charset=utf-8>\n</head></html>"),
        "newsdex: page.rss:2:13: not a well-formed XML feed: attribute value must be enclosed in `\"` or `'`"
    );
    assert_eq!(
        error("cut.xml", b"<rss>\n<channel>\n<item><title>x</title>"),
        "newsdex: cut.xml:3:23: not a well-formed XML feed: the file ends before the <item> of line 3, column 1 is closed"
    );
    assert_eq!(
        error(
            "broken.json",
            b"{\n  \"name\": \"app\",\n  \"icons\": [1, 2,]\n}\n"
        ),
        "newsdex: broken.json:3:18: neither JSON Lines of articles nor a JSON Feed: trailing comma"
    );
    assert_eq!(
        error("manifest.json", b"{\"name\": \"app\"}"),
        "newsdex: manifest.json: not an RSS, Atom or JSON feed or JSON Lines of articles, but a JSON object that is not a feed or an article"
    );
    assert_eq!(
        error(
            "bad.xml",
            b"<rss><channel><title>caf\xe9</title></channel></rss>"
        ),
        "newsdex: bad.xml: bytes that are not UTF-8 at byte offset 24"
    );
    assert_eq!(
        error(
            "lines.json",
            b"{\"id\": \"a\", \"body\": \"x\"}\n{\"id\": \"b\", \"body\": }\n"
        ),
        "newsdex: lines.json:2: invalid JSON: expected value at line 1 column 21"
    );
}

#[test]
fn json_lines_in_a_json_file_and_undecodable_page_bytes() {
    let dir = scratch(
        "mixed",
        &[
            (
                "lines.json",
                b"{\"id\": \"a\", \"body\": \"first\"}\n{\"id\": \"b\", \"body\": \"second\"}\n",
            ),
            ("p.html", b"<article><h1>Caf\xe9</h1><p>Body</p></article>"),
            (
                "not-a-feed.xml",
                b"<browserconfig><msapplication/></browserconfig>",
            ),
        ],
    );
    let mut reader = SiteReader::new();
    let articles = read(&mut reader, &dir).unwrap();
    assert_eq!(articles.keys().collect::<Vec<_>>(), ["a", "b", "p"]);
    assert_eq!(articles["p"].title, "Caf\u{FFFD}");
    let warnings = reader.warnings();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].ends_with("p.html: bytes that are not UTF-8 at byte offset 16; read as U+FFFD"),
        "{warnings:?}"
    );
    // Found by walking a folder, an XML file that is not a feed is passed over, and said so.
    assert_eq!(
        reader.skipped()[0].reason,
        "not a feed: an XML document whose root is <browserconfig>"
    );
}

#[test]
fn a_copy_of_a_page_at_the_same_address_is_one_article() {
    let page = |body: &str| {
        format!(
            "<link rel=canonical href=\"https://ex.org/story/\"><article><h1>Story</h1><p>{body}</p></article>"
        )
    };
    let dir = scratch(
        "amp",
        &[
            ("story/amp/index.html", page("AMP copy").as_bytes()),
            ("story/index.html", page("The page").as_bytes()),
        ],
    );
    let mut reader = SiteReader::new();
    let articles = read(&mut reader, &dir).unwrap();
    assert_eq!(articles.keys().collect::<Vec<_>>(), ["story"]);
    assert_eq!(articles["story"].body, "The page");
    let skipped = &reader.skipped()[0];
    assert!(skipped.file.ends_with("story/amp/index.html"));
    assert!(skipped.reason.starts_with("the article of page "));
    assert!(skipped
        .reason
        .ends_with("story/index.html, at the same address"));
    assert_eq!(
        error("notes.pdf", b"%PDF"),
        "newsdex: notes.pdf: not a folder, an HTML page (.html, .htm), a feed (.xml, .rss, .atom, .json), a .jsonl file of articles or a .txt article"
    );
}
