// The npm package as a user gets it: `npm pack` pkg/, install the tarball into a fresh
// project, import `newsdex` from there, and run the shared cases and the error contracts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { articleCaseFailures, entityCaseFailures, languageCases, searchCaseFailures, siteCaseFailures, siteFolder, wordCases } from './cases.mjs';
import { repo, throwawayProject } from './consumer.mjs';

let consumer;
let Newsdex;
let NewsdexError;

before(() => {
  consumer = throwawayProject();
  // The entry resolves the subpaths from inside the project, as a user's code would.
  writeFileSync(join(consumer.dir, 'entry.mjs'), `export * from 'newsdex';
export * as highlight from 'newsdex/highlight';
export * as element from 'newsdex/element';
export const resolved = Object.fromEntries(['newsdex', 'newsdex/element', 'newsdex/highlight', 'newsdex/highlight.css', 'newsdex/package.json']
  .map((name) => [name, import.meta.resolve(name)]));
`);
});

after(() => consumer?.remove());

const entry = () => import(pathToFileURL(join(consumer.dir, 'entry.mjs')));

async function newsdex() {
  ({ Newsdex, NewsdexError } = await entry());
  return Newsdex;
}

/** A matcher for assert.throws and assert.rejects: a NewsdexError with `code` and `message`. */
function newsdexError(code, message) {
  return (error) => {
    assert.ok(error instanceof NewsdexError && error instanceof Error, `${error} is a NewsdexError`);
    assert.equal(error.name, 'NewsdexError');
    assert.equal(error.code, code);
    if (message instanceof RegExp) assert.match(error.message, message);
    else assert.equal(error.message, message);
    return true;
  };
}

test('the tarball holds the files of the `files` list and nothing else', () => {
  assert.deepEqual(consumer.files, [
    'README.md', 'chunks.js', 'cli/build.js', 'cli/newsdex.js', 'cli/search.js', 'element.d.ts', 'element.js', 'entity-types.js',
    'errors.js', 'highlight.css', 'highlight.d.ts', 'highlight.js', 'index.d.ts', 'index.js', 'jsx/preact.d.ts', 'jsx/react.d.ts', 'jsx/solid.d.ts',
    'jsx/vue.d.ts', 'newsdex.js', 'newsdex_bg.wasm', 'newsdex_lite.js', 'newsdex_lite_bg.wasm', 'newsdex_recogniser.js',
    'newsdex_recogniser_bg.wasm', 'newsdex_segments.js', 'newsdex_segments_bg.wasm', 'node.js', 'offline.js', 'package.json', 'recogniser.js',
    'search-module.js', 'seeds.js', 'seeds.ndx', 'segments.js',
  ]);
});

test('the exports map: node gets the synchronous entry, subpaths resolve to the package files', async () => {
  const { resolved, highlight } = await entry();
  const inPackage = (file) => pathToFileURL(join(consumer.dir, 'node_modules', 'newsdex', file)).href;
  assert.deepEqual(resolved, {
    newsdex: inPackage('node.js'),
    'newsdex/element': inPackage('element.js'),
    'newsdex/highlight': inPackage('highlight.js'),
    'newsdex/highlight.css': inPackage('highlight.css'),
    'newsdex/package.json': inPackage('package.json'),
  });
  assert.deepEqual(Object.keys(highlight).sort(), ['highlightEntities', 'highlightQuery', 'unhighlight']);
  const dex = await (await newsdex()).load();
  assert.throws(() => highlight.highlightEntities({}, { dex }), newsdexError('InvalidArgument', 'newsdex: highlightEntities() takes an element'));
  assert.throws(() => highlight.highlightQuery({ nodeType: 1 }, 'x', {}), newsdexError('InvalidArgument', 'newsdex: highlightQuery() needs options.dex, an index from Newsdex.load()'));
});

test('every entry point imports in node: the element module defines nothing where there is no DOM', async () => {
  const { element, highlight, Newsdex: loaded } = await entry();
  assert.equal(typeof loaded.load, 'function');
  assert.equal(typeof highlight.highlightQuery, 'function');
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  assert.deepEqual(Object.keys(element), ['NewsdexSearchElement']);
  assert.equal(element.NewsdexSearchElement, undefined);
});

test('the shared search cases pass on the embedded seeds index', async () => {
  const dex = await (await newsdex()).load();
  assert.deepEqual(searchCaseFailures(dex), []);
});

for (const [name, cases] of [['word', wordCases], ['language', languageCases]]) {
  test(`the shared ${name} cases pass on their own corpus, built by the package`, async () => {
    const Newsdex = await newsdex();
    const bytes = await Newsdex.buildFiles([{ name: 'articles.jsonl', bytes: readFileSync(cases.corpus) }]);
    assert.deepEqual(cases.failures(await Newsdex.load(bytes)), []);
  });
}

test('Newsdex.build takes each article\'s lang and a default, and refuses a lang that is no language tag', async () => {
  const Newsdex = await newsdex();
  const articles = [
    { id: 'a', title: 'Les électeurs votent', body: 'Les élections ont lieu dimanche.', lang: 'fr' },
    { id: 'b', title: 'Die Wähler stimmen ab', body: 'Die Wahlen finden am Sonntag statt.' },
  ];
  const dex = await Newsdex.load(await Newsdex.build(articles, { lang: 'de', entities: false }));
  assert.deepEqual([dex.article('a').lang, dex.article('b').lang], ['fr', 'de']);
  assert.deepEqual(dex.search('électeur ').hits.map((hit) => hit.id), ['a'], 'stemmed in French');
  assert.deepEqual(dex.search('wahl ').hits.map((hit) => hit.id), ['b'], 'stemmed in German, the default');
  await assert.rejects(Newsdex.build(articles, { lang: 'German' }), (error) => error.code === 'InvalidOption'
    && error.message === 'newsdex: option `lang` must be a language tag such as `fr` or `pt-BR` (two or three letters, then subtags after `-`), not "German"');
  await assert.rejects(Newsdex.build([{ id: 'c', body: 'x', lang: 'français' }]), (error) => error.code === 'InvalidField'
    && error.message.includes('field `lang` must be a language tag'));
});

test('the shared site cases pass on the index the command builds from a site folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsdex-site-'));
  try {
    const file = join(dir, 'site.ndx');
    execFileSync(join(repo, 'target/release/newsdex'), ['build', fileURLToPath(siteFolder), '-o', file], { stdio: 'pipe' });
    assert.deepEqual(siteCaseFailures(await (await newsdex()).load(readFileSync(file))), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shared article cases pass', async () => {
  const dex = await (await newsdex()).load();
  assert.deepEqual(articleCaseFailures(dex), []);
});

test('the shared entity cases pass, with the recogniser running in wasm', async () => {
  const dex = await (await newsdex()).load();
  assert.deepEqual(await entityCaseFailures(dex), []);
});

test('suggestions complete entity names and words', async () => {
  const dex = await (await newsdex()).load();
  const { entities, words } = dex.suggest('lav');
  assert.deepEqual(entities[0], { id: 'per/sergei-lavrov', type: 'PER', name: 'Sergei Lavrov', articles: 2 });
  assert.deepEqual(words.map((w) => w.word), ['lavrov']);
  assert.equal(dex.suggest('john k').entities[0].id, 'per/john-kerry');
  assert.deepEqual(dex.suggest('').words, []);
});

test('results have the documented shape', async () => {
  const dex = await (await newsdex()).load();
  const results = dex.search('lavrov');
  assert.deepEqual(Object.keys(results), ['total', 'totalExact', 'tookMs', 'hits', 'facets']);
  assert.equal(results.totalExact, true, 'a single-file index counts every match');
  assert.deepEqual(Object.keys(results.facets), ['PER', 'LOC', 'ORG', 'MISC', 'source', 'dates', 'fields']);
  assert.deepEqual(results.facets.dates, [{ period: null, count: 2 }], 'the seeds have no dates');
  assert.deepEqual(results.facets.fields, {}, 'nor site facets');
  assert.deepEqual(results.facets.source, [{ name: 'Xinhua News Agency', count: 1 }]);
  assert.equal(dex.search('lavrov', { facets: false }).facets, undefined);
  assert.equal(typeof results.tookMs, 'number');
  assert.deepEqual(Object.keys(results.hits[0]), ['id', 'title', 'source', 'date', 'url', 'lang', 'score', 'titleMarks', 'snippet', 'entities', 'duplicates']);
  assert.ok(results.hits[0].entities.some((e) => e.id === 'per/john-kerry' && e.type === 'PER' && e.name === 'John Kerry'));
  assert.equal(results.hits[1].source, 'Xinhua News Agency');
  assert.equal(results.hits[0].source, null);
  assert.equal(results.hits[0].lang, 'en', 'an English article says so');
  const stats = dex.stats();
  assert.deepEqual(Object.keys(stats), ['articles', 'terms', 'words', 'bytes', 'hasStore', 'entities', 'hasEntities', 'sources', 'formatVersion']);
  assert.equal(stats.hasEntities, true);
  assert.ok(stats.entities > 10);
  assert.equal(stats.articles, 2);
  assert.equal(stats.hasStore, true);
  assert.equal(stats.formatVersion, 17);
  assert.ok(stats.terms > 100 && stats.words > stats.terms && stats.bytes > 1000);
});

test('loads an index built by the CLI, with UTF-16 marks after emoji and accents', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsdex-index-'));
  try {
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(corpus, [
      { id: 'e1', title: '🙂 Zürich votes', source: 'Alpine Post', date: '2024-05-01', url: 'https://example.com/e1', body: '🙂🙂 In Zürich’s old town, voters in Zurich said yes.' },
      { id: 'e2', title: 'Geneva talks', body: 'Negotiators met in Genève.' },
    ].map((a) => JSON.stringify(a)).join('\n'));
    const file = join(dir, 'corpus.ndx');
    execFileSync(join(repo, 'target/release/newsdex'), ['build', corpus, '-o', file], { stdio: 'pipe' });
    const bytes = readFileSync(file);
    const dex = await (await newsdex()).load(bytes);
    const hit = dex.search('zurich').hits[0];
    assert.equal(hit.id, 'e1');
    assert.deepEqual(hit.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e)), ['Zürich’s', 'Zurich']);
    assert.deepEqual(hit.titleMarks.map(([s, e]) => hit.title.slice(s, e)), ['Zürich']);
    const article = dex.article('e2', { query: 'geneve' });
    assert.deepEqual(article.marks.map(([s, e]) => article.body.slice(s, e)), ['Genève']);
    assert.equal((await (await newsdex()).load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))).stats().articles, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('damaged or foreign bytes are refused with a newsdex: message and the engine\'s code', async () => {
  const Newsdex = await newsdex();
  const good = new Uint8Array(readFileSync(join(repo, 'pkg/newsdex_bg.wasm')));
  await assert.rejects(Newsdex.load(good), newsdexError('NotAnIndex', 'newsdex: these bytes are not a newsdex index (wrong label)'));
  await assert.rejects(Newsdex.load(new Uint8Array()), newsdexError('NotAnIndex', 'newsdex: these bytes are not a newsdex index (wrong label)'));
  await assert.rejects(Newsdex.load('a string'), newsdexError('InvalidArgument', /^newsdex: load\(\) takes a Uint8Array/));
  const dir = mkdtempSync(join(tmpdir(), 'newsdex-damaged-'));
  try {
    const file = join(dir, 'seeds.ndx');
    execFileSync(join(repo, 'target/release/newsdex'), ['build', join(repo, 'seeds'), '-o', file], { stdio: 'pipe' });
    const bytes = new Uint8Array(readFileSync(file));
    const flipped = bytes.slice();
    flipped[flipped.length - 5] ^= 1;
    await assert.rejects(Newsdex.load(flipped), newsdexError('ChecksumMismatch', /^newsdex: index is damaged: checksum [0-9a-f]{16} does not match the recorded [0-9a-f]{16}$/));
    await assert.rejects(Newsdex.load(bytes.slice(0, 100)), newsdexError('Truncated', `newsdex: index is truncated: 100 bytes present, ${bytes.length} expected`));
    const version = bytes.slice();
    version[8] = bytes[8] + 1;
    await assert.rejects(Newsdex.load(version), newsdexError('Version', new RegExp(`^newsdex: index format version ${bytes[8] + 1} is not supported`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('requests the engine refuses are NewsdexErrors with the engine\'s code', async () => {
  const dex = await (await newsdex()).load();
  assert.throws(() => dex.article('nope'), newsdexError('UnknownArticle', 'newsdex: no article has the id "nope"'));
  assert.throws(() => dex.search('x', { limit: -1 }), newsdexError('InvalidOption', 'newsdex: option `limit` must be a non-negative integer'));
  assert.throws(() => dex.search('x', { limit: 5000 }), newsdexError('InvalidOption', 'newsdex: option `limit` must be at most 1000, not 5000'));
  assert.throws(() => dex.search('x', { facets: 'yes' }), newsdexError('InvalidOption', 'newsdex: option `facets` must be true or false'));
  assert.throws(() => dex.entity('per/nobody'), newsdexError('UnknownEntity', 'newsdex: no entity has the id "per/nobody"'));
  // Kept as the engine threw it, for its stack.
  assert.throws(() => dex.article('nope'), (error) => error.cause instanceof Error && error.cause.code === 'UnknownArticle');
});

test('arguments of the wrong shape are NewsdexErrors with the code InvalidArgument', async () => {
  const dex = await (await newsdex()).load();
  assert.throws(() => dex.search('x', 'limit'), newsdexError('InvalidArgument', 'newsdex: options must be an object'));
  assert.throws(() => dex.search(42), newsdexError('InvalidArgument', 'newsdex: search() takes the query as a string'));
  assert.throws(() => dex.marks('text', null), newsdexError('InvalidArgument', 'newsdex: marks() takes the text and the query as strings'));
  await assert.rejects(dex.entities(7), newsdexError('InvalidArgument', 'newsdex: entities() takes a string'));
  await assert.rejects(dex.entities('By Jane Doe', { credits: 1 }), newsdexError('InvalidArgument', 'newsdex: entities() takes options.credits as a boolean'));
  assert.throws(() => new (Object.getPrototypeOf(dex).constructor)(), newsdexError('InvalidArgument', 'newsdex: use `await Newsdex.load()` to open an index'));
});

// The timeout guards against a hang; speed itself is measured in bench/.
test('hostile queries are answered, not thrown or hung', { timeout: 20_000 }, async () => {
  const dex = await (await newsdex()).load();
  for (const query of ['', '"', '""""', '-', 'OR OR OR', '*', '-"', 'title:', '"'.repeat(100_000), 'a '.repeat(50_000), 'x'.repeat(100_000), '\u0000\uFFFF\uD800']) {
    const results = dex.search(query);
    assert.ok(Number.isInteger(results.total) && Array.isArray(results.hits));
  }
});

test('a closed index says so', async () => {
  const dex = await (await newsdex()).load();
  dex.close();
  assert.throws(() => dex.search('x'), newsdexError('Closed', 'newsdex: this index was closed'));
  await assert.rejects(dex.searchAsync('x'), newsdexError('Closed', 'newsdex: this index was closed'));
});
