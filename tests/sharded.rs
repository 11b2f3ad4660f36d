//! Sharded indexes: the core and chunks answer exactly as the single-file index they were
//! split from, fetch only what a request names, and refuse what is not theirs.

use std::ops::Range;

use newsdex::{Article, ErrorKind, Index, SearchOptions, Sharded, Sort, Step};
use newsdex_format::container::{Container, SectionKind};
use newsdex_format::pieces;
use newsdex_format::shards::{self, MIN_CHUNK_BYTES};
use serde_json::Value;

use crate::support::{article, index_bytes_with_skip_tables, jsonl_articles, repo};

/// A corpus large enough for many chunks: articles made from a small vocabulary, so words are
/// shared, with names the recogniser finds and phrases that repeat.
fn corpus() -> Vec<Article> {
    let words = [
        "talks",
        "ceasefire",
        "minister",
        "markets",
        "shares",
        "rally",
        "storm",
        "harvest",
        "election",
        "vote",
        "court",
        "ruling",
        "striker",
        "goal",
        "budget",
        "deficit",
        "Syrian",
        "Syria",
        "Geneva",
        "condemned",
        "condemns",
    ];
    let names = [
        "John Kerry",
        "Sergei Lavrov",
        "Angela Merkel",
        "the United Nations",
        "Reuters",
    ];
    let mut seed = 7u64;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut articles: Vec<Article> = (0..400)
        .map(|i| {
            let title = (0..4)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ");
            let body = (0..60)
                .map(|j| {
                    if j % 15 == 0 {
                        names[next(names.len())]
                    } else {
                        words[next(words.len())]
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            let mut article = article(
                &format!("a{i:03}"),
                &title,
                &format!("{body}. The peace talks in Geneva went on."),
            );
            // Dates over two years, some articles without one; a section each, and up to
            // two topics.
            if i % 9 != 0 {
                let day = next(700);
                article.date = format!(
                    "{}-{:02}-{:02}",
                    2015 + day / 350,
                    day % 350 / 30 + 1,
                    day % 28 + 1
                );
            }
            let topics = ["crude oil", "earn", "grain", "Ship"];
            article.facets = vec![
                (
                    "section".to_owned(),
                    vec![["world", "business", "sport"][i % 3].to_owned()],
                ),
                (
                    "topics".to_owned(),
                    (0..next(3)).map(|_| topics[next(4)].to_owned()).collect(),
                ),
            ];
            article
        })
        .collect();
    // A rare word in a few bodies: the words read after it are read at these articles only.
    let island = [
        ("Island news", "Storm over Zanzibar as shares rally."),
        ("Island storm news", "Zanzibar's striker scores."),
        ("News of the island", "In Zanzibar, talks on Syria."),
    ];
    for (i, (title, body)) in island.iter().enumerate() {
        articles.push(article(&format!("z{i}"), title, body));
    }
    articles
}

/// Queries of every kind: words, OR, exclusions, phrases, fields, prefixes, typos, entities.
fn queries() -> Vec<String> {
    let mut queries: Vec<String> = [
        "talks",
        "ceasefire minister",
        "markets OR storm",
        "shares -rally",
        "\"peace talks\"",
        "\"talks in geneva\" court",
        "title:election",
        "syri",
        "condemn",
        "minis",
        "ministr",
        "elecion",
        "person:kerry",
        "place:geneva vote",
        "-\"peace talks\" goal",
        "budget deficit*",
        "nothing-matches-this",
        "",
        "zanzibar s",
        "zanzibar sto",
        "zanzibar strkier",
        "zanzibar -shares",
        "title:island s",
        "zanzibar island stor",
        "island news zanzibar",
        "zanzibar news islnd",
        "talks since:2016-03-01",
        "talks until:2015-06",
        "ceasefire date:2016",
        "date:2015-04",
        "date:2015-04-09 OR date:2016-02",
        "-date:2015 talks",
        "topics:\"crude oil\"",
        "topics:ship markets",
        "storm -topics:earn",
        "section:sport date:2016 vote",
        "topics:nothing",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(repo("tests/cases/search.json")).unwrap())
            .unwrap();
    queries.extend(
        cases
            .iter()
            .map(|case| case["query"].as_str().unwrap().to_owned()),
    );
    queries
}

/// Answers `request` from the chunks, returning the answer and the rounds of fetches it took.
pub(crate) fn answer<T>(
    sharded: &mut Sharded<Vec<u8>>,
    chunks: &[Vec<u8>],
    request: impl Fn(&Sharded<Vec<u8>>) -> newsdex::Result<Step<T>>,
) -> (T, usize, u64) {
    let chunk_bytes = sharded.index().chunks().unwrap().chunk_bytes;
    let (mut rounds, mut fetched) = (0, 0);
    loop {
        match request(sharded).unwrap() {
            Step::Done(answer) => return (answer, rounds, fetched),
            Step::Fetch(ranges) => {
                rounds += 1;
                // The dictionary pieces of every word; the statistics of completions and
                // misspellings, or the entities named; postings (a round per clause at most);
                // the headline positions of the best candidates with the pieces of the articles
                // that may make the page; then the page's text and the entities it names.
                assert!(
                    rounds <= 8,
                    "a request takes at most eight rounds of fetches: {ranges:?}"
                );
                assert!(
                    ranges.windows(2).all(|w| w[0].end < w[1].start),
                    "sorted and disjoint: {ranges:?}"
                );
                for range in ranges {
                    fetched += range.end - range.start;
                    sharded
                        .supply(range.start, read(chunks, chunk_bytes, range.clone()))
                        .unwrap();
                }
            }
        }
    }
}

pub(crate) fn read(chunks: &[Vec<u8>], chunk_bytes: u64, range: Range<u64>) -> Vec<u8> {
    range
        .map(|b| chunks[(b / chunk_bytes) as usize][(b % chunk_bytes) as usize])
        .collect()
}

/// The seed articles built as a sharded build makes them (the embedded index's postings are
/// plain, without the norms a split needs).
fn packed_seeds() -> Index<Vec<u8>> {
    let articles = Index::embedded().unwrap().articles().unwrap();
    Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap()
}

pub(crate) fn split(bytes: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>) {
    split_in_groups(bytes, &pieces::group_size)
}

/// Splits with `per_group` choosing how many pieces of a table share a slot length.
fn split_in_groups(
    bytes: &[u8],
    per_group: &dyn Fn(SectionKind, &[usize]) -> u32,
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let split = shards::split_grouped(bytes, "test", MIN_CHUNK_BYTES, per_group).unwrap();
    let chunks = (0..split.chunks.count())
        .map(|k| split.chunk(k).to_vec())
        .collect();
    (split.core, chunks)
}

fn same_results(whole: &Index<Vec<u8>>, core: &[u8], chunks: &[Vec<u8>], ids: &[String]) {
    same_answers(whole, core, chunks, ids, &queries());
}

fn same_answers(
    whole: &Index<Vec<u8>>,
    core: &[u8],
    chunks: &[Vec<u8>],
    ids: &[String],
    queries: &[String],
) {
    let options = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    // A fresh reader per query, so each is answered from nothing fetched, and one reader for
    // them all, so each is also answered from what earlier ones fetched.
    let mut shared = Sharded::open(core.to_vec()).unwrap();
    for query in queries {
        let mut expected = whole.search(query, &options).unwrap();
        expected.took_ms = 0.0;
        for sharded in [&mut Sharded::open(core.to_vec()).unwrap(), &mut shared] {
            let (mut got, _, _) = answer(sharded, chunks, |s| s.search(query, &options));
            got.took_ms = 0.0;
            assert_eq!(got, expected, "{query:?}");
        }
    }
    let orders = [
        SearchOptions {
            sort: Sort::Newest,
            ..options
        },
        SearchOptions {
            sort: Sort::Oldest,
            offset: 5,
            ..options
        },
        SearchOptions {
            recency: Some(30.0),
            ..options
        },
    ];
    for query in ["talks", "storm -topics:earn", "date:2016 vote", "zanzibar"] {
        for options in &orders {
            let mut expected = whole.search(query, options).unwrap();
            expected.took_ms = 0.0;
            let mut sharded = Sharded::open(core.to_vec()).unwrap();
            let (mut got, _, _) = answer(&mut sharded, chunks, |s| s.search(query, options));
            got.took_ms = 0.0;
            assert_eq!(got, expected, "{query:?} {options:?}");
        }
    }
    for id in ids {
        for query in [None, Some("talks"), Some("person:kerry")] {
            let expected = whole.article(id, query).unwrap();
            let mut sharded = Sharded::open(core.to_vec()).unwrap();
            let (got, rounds, _) = answer(&mut sharded, chunks, |s| s.article(id, query));
            assert_eq!(got, expected, "{id} {query:?}");
            assert_eq!(
                rounds, 3,
                "the id's piece; where its text is and its mentions; its text and the entities"
            );
        }
    }
}

#[test]
fn a_sharded_index_answers_exactly_as_the_single_file_index() {
    let articles = corpus();
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    assert!(chunks.len() >= 20, "{} chunks", chunks.len());
    let ids: Vec<String> = articles.iter().step_by(37).map(|a| a.id.clone()).collect();
    same_results(&whole, &core, &chunks, &ids);

    let seeds = packed_seeds();
    let (core, chunks) = split(seeds.as_bytes());
    same_results(
        &seeds,
        &core,
        &chunks,
        &[
            "000_5ea1769a20fb7706".to_owned(),
            "003_d82338b8bd3c8aaf".to_owned(),
        ],
    );
}

/// Tables whose pieces share a slot length by groups (as a large archive's do) answer as the
/// single file, though this corpus is too small for `group_size` to group them: every table
/// in groups of three (so a group and the table's last one, shorter, are both read) and in
/// groups of the most.
#[test]
fn pieces_in_slot_groups_answer_as_the_single_file() {
    let articles = corpus();
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let ids: Vec<String> = articles.iter().step_by(37).map(|a| a.id.clone()).collect();
    let (alone, _) = split(whole.as_bytes());
    for per_group in [3, pieces::MAX_GROUP] {
        let (core, chunks) = split_in_groups(whole.as_bytes(), &|_, _| per_group);
        assert!(
            core.len() < alone.len(),
            "a length a group: {} bytes, against {} with a length a piece",
            core.len(),
            alone.len()
        );
        same_results(&whole, &core, &chunks, &ids);
    }
}

/// Split words (`tests/cases/words.json`'s corpus and queries): parts, joins and phrases
/// through them, read from postings and from stored text, as the single file answers them.
#[test]
fn words_split_as_typed_answer_alike_sharded() {
    corpus_cases_answer_alike_sharded(
        "words.json",
        &["o'sul", "o'sulivan ", "\"payout to 14\"", "gndr.o payout"],
    );
}

/// Articles in other languages (`tests/cases/languages.json`): each word's stem in each
/// language looked up in the words dictionary's pieces, and stored text read again in its
/// article's language, as the single file answers them.
#[test]
fn languages_answer_alike_sharded() {
    corpus_cases_answer_alike_sharded(
        "languages.json",
        &[
            "presid",
            "\"président du conseil\" lyon",
            "économistes ",
            "北京",
            "東京 美術館",
            "-président lyon",
        ],
    );
}

/// The queries of a case file that names a corpus of its own, and `more`, answered by its
/// corpus sharded as by the single file.
fn corpus_cases_answer_alike_sharded(name: &str, more: &[&str]) {
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(repo(&format!("tests/cases/{name}"))).unwrap(),
    )
    .unwrap();
    let articles = jsonl_articles(cases["corpus"].as_str().unwrap());
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let mut queries: Vec<String> = cases["search"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| case["query"].as_str().unwrap().to_owned())
        .collect();
    queries.extend(more.iter().map(|q| q.to_string()));
    let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    same_answers(&whole, &core, &chunks, &ids, &queries);
}

#[test]
fn entities_suggestions_links_and_marks_fetch_their_pieces_and_match_the_single_file() {
    let seeds = packed_seeds();
    let (core, chunks) = split(seeds.as_bytes());
    let mut sharded = Sharded::open(core).unwrap();
    for id in [
        "per/sergei-lavrov",
        "loc/aleppo",
        "per/john-kerry",
        "per/nobody",
    ] {
        let expected = seeds.entity_brief(id).map_err(|e| e.to_string());
        let got = match sharded.entity_brief(id) {
            Err(error) => Err(error.to_string()),
            Ok(Step::Done(entity)) => Ok(entity),
            Ok(Step::Fetch(_)) => {
                let (entity, rounds, _) = answer(&mut sharded, &chunks, |s| s.entity_brief(id));
                assert!(rounds <= 1, "one piece for an entity by id: {rounds}");
                Ok(entity)
            }
        };
        assert_eq!(got, expected, "{id}");
        if let Ok(expected) = seeds.entity(id) {
            // Then its postings and companions' records, then its articles' days and theirs.
            let (entity, rounds, _) = answer(&mut sharded, &chunks, |s| s.entity(id));
            assert!(rounds <= 2, "with its timeline and companions: {rounds}");
            assert_eq!(entity, expected, "{id} in full");
        }
    }
    for text in ["lav", "Sergei La", "kerry ge", "zzz"] {
        let (got, _, _) = answer(&mut sharded, &chunks, |s| s.suggest(text));
        assert_eq!(got, seeds.suggest(text).unwrap(), "{text:?}");
    }
    for (kind, name) in [
        (newsdex::EntityType::Per, "Sergey Lavrov"),
        (newsdex::EntityType::Loc, "Aleppo"),
        (newsdex::EntityType::Loc, "Sergey Lavrov"),
    ] {
        let (got, _, _) = answer(&mut sharded, &chunks, |s| s.link(kind, name));
        assert_eq!(got, seeds.link(kind, name).unwrap(), "{name}");
    }
    let text = "Kerry was condemning the attacks on Aleppo, said Lavrov.";
    for query in ["condemn aleppo ", "lavrv", "attack*", "\"the attacks\""] {
        let (got, _, _) = answer(&mut sharded, &chunks, |s| s.marks(text, query));
        assert_eq!(got, seeds.marks(text, query).unwrap(), "{query:?}");
    }
}

/// The core keeps no table per article: the norms are in the packed postings, the sources in
/// pieces; so a split of plain postings, which carry no norms, is refused.
#[test]
fn a_core_holds_no_table_per_article_and_plain_postings_are_not_split() {
    let articles = corpus();
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let (core, _) = split(whole.as_bytes());
    let sections = Container::parse(&core).unwrap();
    for kind in [
        SectionKind::Norms,
        SectionKind::DocSources,
        SectionKind::Dates,
    ] {
        assert!(sections.get(kind).is_none(), "{} in the core", kind.name());
    }
    assert!(
        core.len() < 4 * articles.len(),
        "{} bytes of core for {} articles",
        core.len(),
        articles.len()
    );
    let plain = crate::support::index_bytes(&articles);
    assert_eq!(
        shards::split(&plain, "plain", MIN_CHUNK_BYTES)
            .err()
            .expect("plain postings are refused")
            .to_string(),
        "newsdex: index cannot be split: its postings are plain, and a sharded index's carry their articles' norms (build it with --shards)"
    );
}

#[test]
fn a_query_fetches_only_its_terms_and_its_hits_text() {
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&corpus())).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let pack: u64 = chunks.iter().map(|c| c.len() as u64).sum();
    let mut sharded = Sharded::open(core).unwrap();
    let options = SearchOptions {
        limit: 3,
        ..SearchOptions::default()
    };
    let (results, rounds, fetched) =
        answer(&mut sharded, &chunks, |s| s.search("ceasefire", &options));
    assert_eq!(
        (results.hits.len(), rounds),
        (3, 4),
        "the word's piece, its postings, the pieces of the articles that may make the page, then the three hits' text"
    );
    assert!(fetched * 10 < pack, "{fetched} of {pack} bytes");
    assert!(
        sharded.fetched_bytes() as u64 >= fetched,
        "the bytes kept count the pieces inflated"
    );
    // The same query again needs nothing more; forgetting drops what was fetched.
    assert!(matches!(
        sharded.search("ceasefire", &options).unwrap(),
        Step::Done(_)
    ));
    sharded.forget();
    assert!(matches!(
        sharded.search("ceasefire", &options).unwrap(),
        Step::Fetch(_)
    ));
    // Two words whose headline runs rank the page.
    let mut fresh = Sharded::open(sharded.index().as_bytes().to_vec()).unwrap();
    let page = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let (results, rounds, _) = answer(&mut fresh, &chunks, |s| {
        s.search("ceasefire minister", &page)
    });
    assert_eq!(
        (results.hits.len(), rounds),
        (10, 5),
        "the words' pieces; the rarer word's postings and the other's skip table; its blocks at the candidates; the cards of the articles that may make the page with every match's entities (for the facets); the hits' text and the facets' entities"
    );
}

#[test]
fn words_read_at_a_few_articles_come_from_their_text() {
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&corpus())).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let mut sharded = Sharded::open(core).unwrap();
    let options = SearchOptions::default();
    // "s" has a completion in every article; "zanzibar" leaves three. Their text is fewer
    // bytes than the completions' blocks at them, and the page needs it anyway.
    let (results, rounds, _) = answer(&mut sharded, &chunks, |s| s.search("zanzibar s", &options));
    let mut expected = whole.search("zanzibar s", &options).unwrap();
    expected.took_ms = results.took_ms;
    assert_eq!(results, expected);
    assert_eq!(results.total, 3);
    assert_eq!(rounds, 7, "the words' pieces; the misspellings' pieces (three articles leave the page short); the rare word's postings and the completions' skip tables; where the three articles' text is; their text; their ids and entities; the entities");
    // Two words in a headline: the headline pass reads the headlines from the text at hand.
    let mut fresh = Sharded::open(sharded.index().as_bytes().to_vec()).unwrap();
    let (results, rounds, _) = answer(&mut fresh, &chunks, |s| {
        s.search("zanzibar island stor", &options)
    });
    let mut expected = whole.search("zanzibar island stor", &options).unwrap();
    expected.took_ms = results.took_ms;
    assert_eq!(results, expected);
    assert_eq!(
        results.hits[0].title, "Island storm news",
        "its headline run raised it"
    );
    assert!(
        rounds <= 6,
        "no round for the headlines' positions: {rounds}"
    );
}

#[test]
fn a_core_refuses_damage_bytes_past_its_end_and_plain_index_calls() {
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&corpus())).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let pack: u64 = chunks.iter().map(|c| c.len() as u64).sum();
    let mut damaged = core.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert!(Sharded::open(damaged)
        .unwrap_err()
        .to_string()
        .contains("checksum"));

    let mut sharded = Sharded::open(core.clone()).unwrap();
    let error = sharded.supply(pack - 2, vec![0; 3]).unwrap_err();
    assert!(error.to_string().contains("past the end"), "{error}");

    let index = Index::from_bytes(core).unwrap();
    let error = index
        .search("talks", &SearchOptions::default())
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::NotFetched { .. }));
    assert!(error.to_string().contains("Newsdex.open"), "{error}");
    let again = shards::split(index.as_bytes(), "again", MIN_CHUNK_BYTES)
        .err()
        .expect("a core is not split again");
    assert_eq!(again.code(), "CannotSplit", "{again}");
}

#[test]
fn a_damaged_chunk_is_refused_when_a_request_reads_the_damage_never_answered_wrong() {
    let articles = corpus();
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&articles)).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let chunk_bytes = chunks[0].len() as u64;
    let pack: u64 = chunks.iter().map(|c| c.len() as u64).sum();
    let options = SearchOptions {
        limit: 5,
        ..SearchOptions::default()
    };
    let queries = [
        "talks",
        "ceasefire minister",
        "\"peace talks\"",
        "syri",
        "markets OR storm",
    ];
    let expected: Vec<_> = queries
        .iter()
        .map(|q| whole.search(q, &options).unwrap().hits)
        .collect();
    let (mut refused, mut answered) = (0, 0);
    // Every 211th byte of the pack (postings, positions, skip tables, stored records and the
    // pieces of the other tables), flipped alone.
    for at in (0..pack).step_by(211) {
        let mut damaged = chunks.clone();
        damaged[(at / chunk_bytes) as usize][(at % chunk_bytes) as usize] ^= 0x10;
        let mut sharded = Sharded::open(core.clone()).unwrap();
        for (query, want) in queries.iter().zip(&expected) {
            let mut step = sharded.search(query, &options);
            // A damaged piece is refused as it arrives, other bytes when a request reads them.
            'rounds: while let Ok(Step::Fetch(ranges)) = &step {
                for range in ranges.clone() {
                    if let Err(error) =
                        sharded.supply(range.start, read(&damaged, chunk_bytes, range))
                    {
                        step = Err(error);
                        break 'rounds;
                    }
                }
                step = sharded.search(query, &options);
            }
            match step {
                Ok(Step::Done(results)) => {
                    assert_eq!(
                        &results.hits, want,
                        "byte {at} damaged, {query:?} answered wrong"
                    );
                    answered += 1;
                }
                Err(error) => {
                    let message = error.to_string();
                    assert!(
                        message.contains("match the core's check")
                            || message.contains("does not match its check"),
                        "byte {at}: {error}"
                    );
                    refused += 1;
                }
                Ok(Step::Fetch(_)) => unreachable!(),
            }
        }
    }
    assert!(
        refused > 50 && answered > 50,
        "{refused} refused, {answered} answered"
    );
}

/// Requests under way at once, each keeping what it asked for while everything else is dropped
/// before every round (the npm package's eviction at its smallest cache): each round asks for
/// bytes it has not asked for yet, and each answers as the single-file index does.
#[test]
fn retaining_what_requests_under_way_asked_for_lets_each_finish_while_the_rest_is_dropped() {
    let whole = Index::from_bytes(index_bytes_with_skip_tables(&corpus())).unwrap();
    let (core, chunks) = split(whole.as_bytes());
    let chunk_bytes = shards::split(whole.as_bytes(), "test", MIN_CHUNK_BYTES)
        .unwrap()
        .chunks
        .chunk_bytes;
    let options = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let queries = queries();
    let alone: Vec<usize> = queries
        .iter()
        .map(|q| {
            answer(&mut Sharded::open(core.clone()).unwrap(), &chunks, |s| {
                s.search(q, &options)
            })
            .1
        })
        .collect();
    let mut sharded = Sharded::open(core).unwrap();
    // Each query's ranges asked so far, its rounds, and whether it has answered.
    let mut asked: Vec<Vec<Range<u64>>> = vec![Vec::new(); queries.len()];
    let mut rounds = vec![0; queries.len()];
    let mut done = vec![false; queries.len()];
    while done.iter().any(|d| !d) {
        for (i, query) in queries.iter().enumerate() {
            if done[i] {
                continue;
            }
            let keep: Vec<Range<u64>> = asked.iter().flatten().cloned().collect();
            sharded.retain(&keep);
            match sharded.search(query, &options).unwrap() {
                Step::Done(results) => {
                    assert_eq!(
                        results.hits,
                        whole.search(query, &options).unwrap().hits,
                        "{query}"
                    );
                    done[i] = true;
                    asked[i].clear();
                }
                Step::Fetch(ranges) => {
                    rounds[i] += 1;
                    // What a request asked for stays at hand, so each round asks for more:
                    // bytes another request had brought may be gone again, but not its own.
                    let covered = |b: u64| asked[i].iter().any(|r| r.contains(&b));
                    assert!(
                        ranges.iter().any(|r| (r.start..r.end).any(|b| !covered(b))),
                        "{query}: asked again for {ranges:?}"
                    );
                    assert!(
                        rounds[i] <= newsdex::MAX_FETCH_ROUNDS,
                        "{query}: {} rounds, {} alone",
                        rounds[i],
                        alone[i]
                    );
                    for range in ranges {
                        let bytes = read(&chunks, chunk_bytes, range.clone());
                        asked[i].push(range.clone());
                        sharded.supply(range.start, bytes).unwrap();
                    }
                }
            }
        }
    }
    sharded.retain(&[]);
    assert_eq!(sharded.fetched_bytes(), 0);
}

/// `articles` built as a sharded build packs them (every term long enough with a skip table,
/// no entities), and split into a core and chunks.
fn packed_without_entities(articles: &[Article]) -> (Index<Vec<u8>>, Vec<u8>, Vec<Vec<u8>>) {
    let whole = Index::from_bytes(crate::support::index_bytes_with(
        articles,
        newsdex_index::BuildOptions {
            skip_tables_from: 0,
            packed_postings: true,
            deflated_store: true,
            entities: false,
            ..newsdex_index::BuildOptions::default()
        },
    ))
    .unwrap();
    let (core, chunks) = split(whole.as_bytes());
    (whole, core, chunks)
}

/// The pages a sharded read is compared on (offset, limit, the page's options without
/// facets), each with the options of a read of every match: facets count every match.
fn pages() -> Vec<(usize, usize, SearchOptions, SearchOptions)> {
    [(0, 10), (10, 10), (0, 1), (3, 40)]
        .into_iter()
        .map(|(offset, limit)| {
            let page = SearchOptions {
                offset,
                limit,
                facets: false,
                ..SearchOptions::default()
            };
            let every = SearchOptions {
                facets: true,
                ..page
            };
            (offset, limit, page, every)
        })
        .collect()
}

/// A query of one common word reads, by the impacts its skip table keeps, only the blocks
/// that can hold the page's articles, and answers as a read of every posting does: the same
/// hits and, from the word's document frequency, the same total.
#[test]
fn a_common_word_alone_reads_only_the_blocks_that_can_make_the_page() {
    let articles: Vec<Article> = (0..16_000u32)
        .map(|i| {
            let title = match i % 211 {
                0 => format!("Harbour report {i}"),
                7 => format!("The harbour wall and the new quay, plan {i}"),
                _ => format!("Report {i} from the coast"),
            };
            let filler = "tide ".repeat((i * 7 % 97) as usize);
            let harbour = "harbour ".repeat(1 + (i * 3 % 11) as usize);
            let body = format!("{harbour} fishing boats {filler} quay{}", i % 3);
            article(&format!("a{i}"), &title, &body)
        })
        .collect();
    let (whole, core, chunks) = packed_without_entities(&articles);
    for (offset, limit, page, every) in pages() {
        for query in ["harbour", "Harbour ", "boats"] {
            let read_whole = whole.search(query, &every).unwrap();
            assert_eq!(read_whole.total, 16_000, "{query:?}");
            let single = whole.search(query, &page).unwrap();
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (got, rounds, fetched) = answer(&mut sharded, &chunks, |s| s.search(query, &page));
            for by_blocks in [single, got] {
                assert_eq!(
                    (by_blocks.hits, by_blocks.total),
                    (read_whole.hits.clone(), read_whole.total),
                    "{query:?} {offset} {limit}"
                );
            }
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (_, _, all) = answer(&mut sharded, &chunks, |s| s.search(query, &every));
            // Where a few articles have the word in the headline, the blocks without one are
            // left; "boats", in every body once, has about as good a bound in every block.
            // (A page of 40 costs more in texts than in postings.)
            if query != "boats" && limit <= 10 {
                assert!(
                    fetched * 2 < all,
                    "{query:?}: {fetched} bytes by blocks, {all} read whole"
                );
            }
            assert!(
                rounds <= 6,
                "the word's piece, its skip table, its best blocks, the blocks that can still make the page, the cards, the texts: {rounds}"
            );
        }
    }
    // Two words are read as before: every match, and the total counts them.
    let two = SearchOptions {
        facets: false,
        ..SearchOptions::default()
    };
    let expected = whole.search("harbour quay1", &two).unwrap();
    assert_eq!(expected.total, 5333);
    let mut sharded = Sharded::open(core).unwrap();
    let (got, _, _) = answer(&mut sharded, &chunks, |s| s.search("harbour quay1", &two));
    assert_eq!((got.hits, got.total), (expected.hits, expected.total));
}

/// A query of several words whose page has two of them in the headline is answered from the
/// words' headline lists and the other words' blocks at the few articles with two, or with
/// one in a headline short enough to pass the page's last: the same hits as a whole read, a
/// fraction of its bytes, and a total said to be an estimate; so too a word with its
/// misspellings or its completions, the best of its terms. Where the lists cannot prove the
/// page (no article with two in the headline), another read answers, with the same hits.
#[test]
fn several_words_are_read_from_their_headline_lists_when_those_prove_the_page() {
    let articles: Vec<Article> = (0..30_000u32)
        .map(|i| {
            let title = match (i % 97, i % 89, i % 83, i % 1499) {
                (0, ..) => format!("Market venture news {i}"),
                (_, 0, ..) => format!("Market report and outlook for the week {i}"),
                (_, _, 0, _) => format!("Venture capital {i}"),
                (.., 7) => "Harbour".to_owned(),
                (.., 8) => format!("The harbour board meets on the quay plans for spring {i}"),
                _ => format!("Daily report {i} from the coast"),
            };
            let mut body = String::new();
            if i % 11 < 5 {
                body += &"market ".repeat(1 + (i * 3 % 9) as usize);
            }
            if i % 20 < 9 {
                body += &"venture ".repeat(1 + (i * 5 % 7) as usize);
            }
            if i % 5 < 2 {
                body += &"harbour ".repeat(1 + (i % 4) as usize);
            }
            if i % 20 < 9 {
                body += &"quay ".repeat(1 + (i % 3) as usize);
            }
            // A completion of "quay" as typed.
            if i % 3 == 0 {
                body += "quayside ";
            }
            if i % 4 == 0 {
                body += "closing ";
            }
            body += &"tide ".repeat((i * 7 % 61) as usize);
            article(&format!("a{i}"), &title, &body)
        })
        .collect();
    let (whole, core, chunks) = packed_without_entities(&articles);
    let cases = [
        // query, answered from the lists (a page of 10 or fewer)
        ("market venture", true),
        ("venture market", true),
        // "news" is rare: its postings, read whole, are cheaper than any list.
        ("news market venture", false),
        // No article has both in the headline: nothing to prove the page with.
        ("market closing", false),
        // One-word headlines ("Harbour") may pass the page's last article: those are
        // scored exactly too, from the other word's blocks.
        ("harbour quay", true),
        // A misspelling's corrections and a prefix's completions, each the best of its
        // terms, ranked by typos first.
        ("harbor quay", true),
        ("vinture market", true),
        ("market ventu", true),
    ];
    for (offset, limit, page, every) in pages() {
        for (query, from_lists) in cases {
            let read_whole = whole.search(query, &every).unwrap();
            let single = whole.search(query, &page).unwrap();
            assert!(single.total_exact && read_whole.total_exact);
            assert_eq!(single.hits, read_whole.hits, "{query:?}");
            assert!(read_whole.total > 0, "{query:?}");
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (got, rounds, fetched) = answer(&mut sharded, &chunks, |s| s.search(query, &page));
            assert_eq!(got.hits, read_whole.hits, "{query:?} {offset} {limit}");
            assert!(rounds <= 8, "{query:?}: {rounds} rounds");
            if limit > 10 {
                continue;
            }
            // The others may still leave their last word unread where it cannot make the
            // page (see `a_costly_last_word_is_read_only_where_it_may_make_the_page`).
            if from_lists {
                assert!(!got.total_exact, "{query:?} {offset} {limit}");
            }
            if query == "harbour quay" && offset == 0 {
                assert!(
                    got.hits.iter().any(|hit| hit.title == "Harbour"),
                    "a one-word headline is on the page"
                );
            }
            if from_lists {
                assert!(
                    got.total >= offset + limit && got.total <= 30_000,
                    "{query:?}: about {} of {}",
                    got.total,
                    read_whole.total
                );
                let mut sharded = Sharded::open(core.clone()).unwrap();
                let (_, _, all) = answer(&mut sharded, &chunks, |s| s.search(query, &every));
                assert!(
                    fetched * 2 < all,
                    "{query:?}: {fetched} bytes from the lists, {all} read whole"
                );
            } else if got.total_exact {
                assert_eq!(got.total, read_whole.total, "{query:?}");
            }
        }
    }
}

/// A query with misspelt words (the second plan: every word not spelt right with its
/// misspellings) is read from its terms with the fewest typos first: the articles holding one
/// in every clause are the matches with the fewest typos, so the page when they fill it; the
/// other terms (here "harbor", two typos from "harbourr" where "harbour" is one, in headlines
/// where "harbour" is only in the body, and "shay" beside "quay") are read only at those
/// articles that may make the page, and still decide their scores. The hits are a whole
/// read's, the total an estimate.
#[test]
fn a_misspelt_word_is_read_from_the_terms_with_the_fewest_typos_first() {
    let articles: Vec<Article> = (0..12_000u32)
        .map(|i| {
            let title = match (i % 53, i % 61, i % 67) {
                (0, ..) => format!("Harbour quay works {i}"),
                (_, 0, _) => format!("Harbor quay plans {i}"),
                (.., 0) => format!("Shay harbor {i}"),
                _ => format!("Daily report {i} from the coast"),
            };
            let mut body = String::new();
            if i % 3 == 0 {
                body += &"harbour ".repeat(1 + (i % 5) as usize);
            }
            if i % 7 < 3 {
                body += &"harbor ".repeat(1 + (i % 4) as usize);
            }
            if i % 4 == 0 {
                body += &"quay ".repeat(1 + (i % 3) as usize);
            }
            if i % 9 == 0 {
                body += "shay ";
            }
            body += &"tide ".repeat((i * 7 % 61) as usize);
            article(&format!("a{i}"), &title, &body)
        })
        .collect();
    let (whole, core, chunks) = packed_without_entities(&articles);
    for (offset, limit, page, every) in pages() {
        for query in ["harbourr qhay", "qhay harbourr"] {
            let read_whole = whole.search(query, &every).unwrap();
            assert!(read_whole.total > 100, "{query:?}");
            let single = whole.search(query, &page).unwrap();
            assert_eq!(single.hits, read_whole.hits, "{query:?}");
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (got, _, fetched) = answer(&mut sharded, &chunks, |s| s.search(query, &page));
            assert_eq!(got.hits, read_whole.hits, "{query:?} {offset} {limit}");
            assert!(!got.total_exact, "{query:?} {offset} {limit}: read whole");
            assert!(got.total >= offset + limit, "{query:?}: {}", got.total);
            if limit <= 10 {
                let mut sharded = Sharded::open(core.clone()).unwrap();
                let (_, _, all) = answer(&mut sharded, &chunks, |s| s.search(query, &every));
                assert!(
                    fetched < all,
                    "{query:?}: {fetched} bytes, {all} read whole"
                );
            }
        }
        // The headlines with only the misspellings of most typos rank below every match of
        // "harbour".
        let hits = whole.search("harbourr qhay", &page).unwrap().hits;
        assert!(hits.iter().all(|hit| !hit.title.starts_with("Shay")));
    }
}

/// A query of several words whose last, costliest clause (a word being typed, its stem and
/// completions) would be read at every article the others leave is read there only where an
/// article may make the page: its terms' headline lists say which articles hold it in the
/// headline, the page's floor and every other article's bound. The hits are a whole read's,
/// for fewer bytes, and the total an estimate. So too with a misspelt word ("plnned", a typo
/// from "planned") beside words spelt right: every match has the same typos.
#[test]
fn a_costly_last_word_is_read_only_where_it_may_make_the_page() {
    let completions = ["plan", "plans", "planned", "planning", "plant", "plate"];
    let articles: Vec<Article> = (0..16_000u32)
        .map(|i| {
            let title = match (i % 41, i % 43, i % 47) {
                (0, ..) => format!("Harbour quay {} {i}", completions[(i % 6) as usize]),
                (_, 0, _) => format!("Quay {} for the coast {i}", completions[(i % 5) as usize]),
                (.., 0) => format!("Harbour news {i}"),
                _ => format!("Daily report {i} from the coast"),
            };
            let mut body = String::new();
            if i % 3 == 0 {
                body += &"harbour ".repeat(1 + (i % 5) as usize);
            }
            if i % 5 < 2 {
                body += &"quay ".repeat(1 + (i % 3) as usize);
            }
            for (k, word) in completions.iter().enumerate() {
                if (i as usize + k) % (2 + k) == 0 {
                    body += &format!("{word} ").repeat(1 + (i as usize * (k + 1)) % 4);
                }
            }
            body += &"tide ".repeat((i * 7 % 61) as usize);
            article(&format!("a{i}"), &title, &body)
        })
        .collect();
    let (whole, core, chunks) = packed_without_entities(&articles);
    for (offset, limit, page, every) in pages() {
        for (query, least) in [
            ("harbour quay pla", 1000),
            ("quay harbour pla", 1000),
            ("harbour quay plnned ", 100),
        ] {
            let read_whole = whole.search(query, &every).unwrap();
            assert!(read_whole.total > least, "{query:?}");
            let single = whole.search(query, &page).unwrap();
            assert_eq!(single.hits, read_whole.hits, "{query:?}");
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (got, _, fetched) = answer(&mut sharded, &chunks, |s| s.search(query, &page));
            assert_eq!(got.hits, read_whole.hits, "{query:?} {offset} {limit}");
            if limit > 10 {
                continue;
            }
            assert!(!got.total_exact, "{query:?} {offset} {limit}: read whole");
            assert!(got.total >= offset + limit, "{query:?}: {}", got.total);
            let mut sharded = Sharded::open(core.clone()).unwrap();
            let (_, _, all) = answer(&mut sharded, &chunks, |s| s.search(query, &every));
            assert!(
                fetched < all,
                "{query:?}: {fetched} bytes, {all} read whole"
            );
        }
    }
}
