// Building indexes from node with the installed package: Newsdex.build on article objects and
// the package's `newsdex` bin (run through npx, as a user would) must give the very bytes of
// the Rust CLI on the same input, and refuse bad input with the CLI's own messages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, throwawayProject } from './consumer.mjs';

const WIRE = [
  { id: 'w1', title: 'Lavrov and Kerry meet in Geneva', source: 'Wire Service', date: '2016-05-02', url: 'https://example.com/w1', section: 'world', description: 'Talks on the Syrian ceasefire resume.', body: 'Sergei Lavrov met John Kerry in Geneva on Monday.\n\nThe talks in Genève ran late.' },
  { id: 2, title: 'Zürich café opens 🙂', body: 'A café opened in Zürich’s old town.' },
  { id: 'w3', title: 'Markets', source: 'Wire Service', body: 'Shares rose in Frankfurt and London.' },
];

let consumer;
let Newsdex;
let NewsdexError;
let dir;

before(async () => {
  consumer = throwawayProject();
  dir = join(consumer.dir, 'work');
  mkdirSync(dir);
  writeFileSync(join(dir, 'wire.jsonl'), `${WIRE.map((article) => JSON.stringify(article)).join('\n')}\n`);
  writeFileSync(join(consumer.dir, 'entry.mjs'), "export { Newsdex, NewsdexError } from 'newsdex';\n");
  ({ Newsdex, NewsdexError } = await import(pathToFileURL(join(consumer.dir, 'entry.mjs'))));
});

after(() => consumer?.remove());

/** Runs a command in the work folder; returns its exit code and output. */
function run(command, args) {
  const { status, stdout, stderr } = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
  return { status, stdout, stderr };
}
// The command as a user runs it; npx may add warnings of its own about the machine's npm
// configuration, which are not ours.
const npx = (...args) => {
  const result = run('npx', ['--no-install', 'newsdex', ...args]);
  return { ...result, stderr: result.stderr.replace(/^npm warn .*\n/gm, '') };
};
// The same installed command without npx's start-up time, for the many small runs.
const bin = (...args) => run(join(consumer.dir, 'node_modules/.bin/newsdex'), args);
const rust = (...args) => run(join(repo, 'target/release/newsdex'), args);
const bytesOf = (file) => new Uint8Array(readFileSync(join(dir, file)));

test('Newsdex.build on article objects gives the bytes the CLI writes for the same JSONL', async () => {
  assert.equal(rust('build', 'wire.jsonl', '-o', 'cli.ndx').status, 0);
  const progress = [];
  const bytes = await Newsdex.build(WIRE, { onProgress: (done, total) => progress.push([done, total]) });
  assert.deepEqual(bytes, bytesOf('cli.ndx'));
  assert.deepEqual(progress.at(-1), [3, 3]);
  const dex = await Newsdex.load(bytes);
  assert.deepEqual(dex.search('geneve').hits.map((hit) => hit.id), ['w1']);
  assert.deepEqual(dex.search('zurich').hits.map((hit) => hit.id), ['2']);

  assert.equal(rust('build', '--no-store', '--no-entities', 'wire.jsonl', '-o', 'bare.ndx').status, 0);
  assert.deepEqual(await Newsdex.build(WIRE, { store: false, entities: false }), bytesOf('bare.ndx'));
});

// The fst sections (terms, words, id map, entity names, facet names) may differ from the CLI's
// in layout alone (see the test after the next); every other section must be the same bytes.
const FST_SECTIONS = new Set([2, 3, 9, 13, 27]);
function sectionsButFsts(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: view.getUint32(12, true) }, (_, i) => {
    const at = 32 + i * 24;
    const kind = view.getUint32(at, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const length = Number(view.getBigUint64(at + 16, true));
    return { kind, bytes: FST_SECTIONS.has(kind) ? null : bytes.subarray(offset, offset + length) };
  });
}

test('site facets and dates: Newsdex.build with facets gives the CLI\'s sections, and searches filter, sort and count by them', async () => {
  const tagged = WIRE.map((article, i) => ({ ...article, topics: [['diplomacy', 'Syria'], 'Food', ['markets']][i] }));
  writeFileSync(join(dir, 'tagged.jsonl'), `${tagged.map((article) => JSON.stringify(article)).join('\n')}\n`);
  assert.equal(rust('build', 'tagged.jsonl', '-o', 'tagged.ndx', '--facet', 'topics', '--facet', 'section', '--no-entities').status, 0);
  const bytes = await Newsdex.build(tagged, { facets: ['topics', 'section'], entities: false });
  assert.deepEqual(sectionsButFsts(bytes), sectionsButFsts(bytesOf('tagged.ndx')));
  assert.equal(bin('build', 'tagged.jsonl', '-o', 'tagged-npx.ndx', '--facet', 'topics', '--facet', 'section', '--no-entities').status, 0);
  assert.deepEqual(bytesOf('tagged-npx.ndx'), bytes);
  const dex = await Newsdex.load(bytes);
  const ids = (query, options) => dex.search(query, options).hits.map((hit) => hit.id);
  assert.deepEqual(ids('topics:syria'), ['w1']);
  assert.deepEqual(ids('section:WORLD'), ['w1']);
  assert.deepEqual(ids('-topics:food in'), ids('in').filter((id) => id !== '2'));
  assert.deepEqual(ids('date:2016-05'), ['w1']);
  const { facets } = dex.search('in');
  assert.deepEqual(Object.keys(facets.fields), ['topics', 'section']);
  assert.ok(facets.dates.every(({ period, count }) => (period === null || /^\d{4}(-\d\d){0,2}$/.test(period)) && count >= 0));
  const all = dex.search('a OR in OR the', { sort: 'newest' }).hits;
  assert.equal(all[0].id, 'w1', 'the one dated article first, the undated after it');
  assert.deepEqual(ids('in', { sort: 'oldest', recency: 3, now: new Date('2016-05-09') }).length, dex.search('in').total);
  assert.throws(() => dex.search('date:2016-02-30'), { name: 'NewsdexError', code: 'InvalidQuery', message: 'newsdex: in the query, `date:2016-02-30` is not a date: 2016-02 has 29 days' });
  assert.throws(() => dex.search('x', { sort: 'best' }), { name: 'NewsdexError', code: 'InvalidOption', message: "newsdex: option `sort` must be 'relevance', 'newest' or 'oldest'" });
  assert.throws(() => dex.search('x', { recency: -1 }), { code: 'InvalidOption', message: 'newsdex: option `recency` must be a half-life in days over 0' });
  assert.throws(() => dex.search('x', { recency: 7, now: 'soon' }), { code: 'InvalidOption', message: 'newsdex: option `now` is not an ISO 8601 date: "soon"' });
  await assert.rejects(Newsdex.build(tagged, { facets: ['until'] }), { name: 'NewsdexError', code: 'InvalidFacet' });
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x', topics: 7 }], { facets: ['topics'] }), { name: 'NewsdexError', code: 'InvalidField', message: 'newsdex: articles[0]: field `topics` is a facet and must be a string or an array of strings, not a number' });
  const refused = bin('build', 'tagged.jsonl', '-o', 'refused.ndx', '--facet', 'person');
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /^newsdex: facet field `person` is refused: `person:` already means something in queries/);
  dex.close();
});

test('Newsdex.build with base extends an index: the bytes of the CLI\'s add and remove, and of a build from scratch', async () => {
  const tagged = (article, topics) => ({ ...article, topics });
  const first = [tagged(WIRE[0], ['diplomacy']), tagged(WIRE[2], 'markets')];
  const day = [
    { id: 'w4', title: 'Kerry returns to Geneva', body: 'Kerry said the talks would resume.', topics: ['diplomacy'] },
    { ...WIRE[2], body: 'Shares fell in Frankfurt and London.', topics: ['markets', 'europe'] },
  ];
  writeFileSync(join(dir, 'first.jsonl'), `${first.map((a) => JSON.stringify(a)).join('\n')}\n`);
  writeFileSync(join(dir, 'day.jsonl'), `${day.map((a) => JSON.stringify(a)).join('\n')}\n`);
  assert.equal(rust('build', 'first.jsonl', '--facet', 'topics', '-o', 'grown.ndx').status, 0);
  const base = bytesOf('grown.ndx');
  const grown = await Newsdex.build(day, { base });
  const added = rust('add', 'grown.ndx', 'day.jsonl');
  assert.equal(added.status, 0, added.stderr);
  assert.deepEqual(grown, bytesOf('grown.ndx'));
  assert.deepEqual(grown, await Newsdex.build([first[0], ...day], { facets: ['topics'] }));
  const dex = await Newsdex.load(grown);
  // The later mention of the short name links to the archive's entity.
  assert.deepEqual(dex.search('entity:per/john-kerry').hits.map((hit) => hit.id), ['w1', 'w4']);
  assert.deepEqual(dex.search('fell').hits.map((hit) => hit.id), ['w3']);
  assert.deepEqual(dex.search('rose').hits, []);
  assert.deepEqual(dex.search('topics:europe').hits.map((hit) => hit.id), ['w3']);
  dex.close();

  const fewer = await Newsdex.build([], { base: grown.buffer, remove: ['w1'] });
  assert.equal(rust('remove', 'grown.ndx', 'w1').status, 0);
  assert.deepEqual(fewer, bytesOf('grown.ndx'));

  const refused = async (promise, code, message) => {
    const error = await promise.then(() => assert.fail('expected an error'), (e) => e);
    assert.ok(error instanceof NewsdexError);
    assert.equal(error.code, code);
    assert.equal(error.message, message);
  };
  await refused(Newsdex.build([], { base: grown, remove: ['nope'] }), 'UnknownArticle', 'newsdex: no article has the id "nope"');
  await refused(Newsdex.build([], { base: grown, facets: ['topics'] }), 'InvalidOption', 'newsdex: option `base` builds with the `facets` of the index it extends: leave `facets` out');
  await refused(Newsdex.build([], { remove: ['w1'] }), 'InvalidOption', 'newsdex: option `remove` needs `base`, the index to remove from');
  await refused(Newsdex.build([], { base: await Newsdex.build(WIRE, { store: false, entities: false }) }), 'NoStore', 'newsdex: this index was built without the document store (--no-store), so it has no article text');
  await refused(Newsdex.build([], { base: new Uint8Array(16) }), 'NotAnIndex', 'newsdex: these bytes are not a newsdex index (wrong label)');
});

test('languages: the package\'s build, its --lang and the CLI\'s give the same sections, and both refuse a tag that is none', async () => {
  const corpus = readFileSync(join(repo, 'tests/fixtures/languages/articles.jsonl'), 'utf8');
  // Articles without their lang, in German by the build's default.
  const untagged = corpus.replaceAll('"lang": "de", ', '');
  writeFileSync(join(dir, 'languages.jsonl'), untagged);
  assert.equal(rust('build', 'languages.jsonl', '-o', 'languages.ndx', '--lang', 'de').status, 0);
  const articles = untagged.trim().split('\n').map((line) => JSON.parse(line));
  const bytes = await Newsdex.build(articles, { lang: 'de' });
  assert.deepEqual(sectionsButFsts(bytes), sectionsButFsts(bytesOf('languages.ndx')));
  assert.equal(bin('build', 'languages.jsonl', '-o', 'languages-npx.ndx', '--lang', 'de').status, 0);
  assert.deepEqual(bytesOf('languages-npx.ndx'), bytes);
  const dex = await Newsdex.load(bytes);
  assert.deepEqual(dex.search('haus ').hits.map((hit) => [hit.id, hit.lang]), [['de1', 'de']]);
  assert.deepEqual(dex.search('lyon ').hits.map((hit) => hit.lang).sort(), ['de', 'fr'], 'the English article is German by default');
  dex.close();
  for (const run of [rust, bin]) {
    const refused = run('build', 'languages.jsonl', '-o', 'refused.ndx', '--lang', 'German');
    assert.equal(refused.status, run === rust ? 2 : 1);
    assert.match(refused.stderr, /must be a language tag such as `fr` or `pt-BR` \(two or three letters, then subtags after `-`\), not "German"/);
  }
});

test('Newsdex.build names the article that is wrong', async () => {
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x' }, { body: 'y' }]), { name: 'NewsdexError', code: 'MissingField', message: 'newsdex: articles[1]: missing required field `id`' });
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x', date: 'yesterday' }]), { name: 'NewsdexError', code: 'InvalidField', message: 'newsdex: articles[0]: field `date` is not an ISO 8601 date: "yesterday"' });
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x' }, { id: 'a', body: 'y' }]), { name: 'NewsdexError', code: 'DuplicateId', message: 'newsdex: duplicate article id "a" at articles[0] and at articles[1]' });
  await assert.rejects(Newsdex.build([]), { name: 'NewsdexError', code: 'EmptyCorpus', message: 'newsdex: the inputs hold no articles to index' });
  // Whitespace is not an id, and an empty date is not a date (null or no field is).
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x' }, { id: ' \u00a0', body: 'y' }]), { name: 'NewsdexError', code: 'InvalidField', message: 'newsdex: articles[1]: field `id` must be an integer or a string with more than whitespace in it' });
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x', date: '' }]), { name: 'NewsdexError', code: 'InvalidField', message: 'newsdex: articles[0]: field `date` is empty: leave it out, or make it null, for an article without a date' });
  await Newsdex.build([{ id: 'a', body: 'x', date: null }]);
  // An object whose getter throws: named, prefixed, with the error as the cause.
  const boom = new Error('boom');
  const article = { id: 'b', get body() { throw boom; } };
  await assert.rejects(Newsdex.build([{ id: 'a', body: 'x' }, article]), (error) => {
    assert.ok(error instanceof NewsdexError);
    assert.deepEqual({ code: error.code, message: error.message, cause: error.cause }, { code: 'InvalidField', message: 'newsdex: articles[1].body could not be read: boom', cause: boom });
    return true;
  });
  // What is not a list of article objects.
  await assert.rejects(Newsdex.build('abc'), { name: 'NewsdexError', code: 'InvalidArgument', message: 'newsdex: build() takes an array of article objects, not a string' });
  await assert.rejects(Newsdex.build(7), { name: 'NewsdexError', code: 'InvalidArgument', message: 'newsdex: build() takes an array of article objects, not a number' });
  for (const [value, kind] of [['abc', 'a string'], [null, 'null'], [[1], 'an array'], [3, 'a number']]) {
    await assert.rejects(Newsdex.build([{ id: 'a', body: 'x' }, value]), { name: 'NewsdexError', code: 'InvalidArgument', message: `newsdex: articles[1] is ${kind}, not an article object ({ id, body, … })` });
  }
  // A lone surrogate escape in a JSON Lines file is called what it is.
  const jsonl = new TextEncoder().encode('{"id":"a","body":"x"}\n{"id":"b","body":"Kerry \\ud800 said"}\n');
  await assert.rejects(Newsdex.buildFiles([{ name: 'wire.jsonl', bytes: jsonl }]), { name: 'NewsdexError', code: 'InvalidJson', message: 'newsdex: wire.jsonl:2: invalid JSON: \\ud800 at column 25 is half of a UTF-16 surrogate pair without the other half, which is not text (write the character itself, or both halves of its pair)' });
  const warnings = [];
  await Newsdex.build([{ id: 'e', body: '' }, { id: 'b', body: 'z' }], { onWarning: (message) => warnings.push(message) });
  assert.deepEqual(warnings, ['newsdex: warning: articles[0]: article "e" has neither title nor body text; left out']);
});

test('npx newsdex build: a directory is its *.txt and *.jsonl in sorted order, as for the CLI; the index loads and searches', async () => {
  const corpus = join(dir, 'corpus');
  mkdirSync(join(corpus, 'nested'), { recursive: true });
  writeFileSync(join(corpus, 'b-note.txt'), 'Kerry in Geneva\n\nWire Service\n\nJohn Kerry arrived in Geneva for talks with Sergei Lavrov.\n');
  writeFileSync(join(corpus, 'a-feed.jsonl'), `${JSON.stringify(WIRE[2])}\n`);
  writeFileSync(join(corpus, 'table.csv'), 'id,body\n1,ignored\n');
  writeFileSync(join(corpus, 'nested', 'c-deeper.txt'), 'Not read\n\nDirectories are not recursed into.\n');
  const built = npx('build', 'corpus', '-o', 'corpus.ndx');
  assert.equal(built.status, 0, built.stderr);
  assert.equal(built.stdout, '');
  const lines = built.stderr.trim().split('\n');
  assert.match(lines.at(-2), /^newsdex: reading (\d+ bytes|[\d.]+ KB) of (\d+ bytes|[\d.]+ KB) \(100%\)$/, 'progress on stderr');
  assert.match(lines.at(-1), /^newsdex: indexed 2 articles \(0 left out\), \d+ terms, \d+ entities, \d+ bytes → corpus\.ndx in [\d.]+ s$/);
  assert.equal(rust('build', 'corpus', '-o', 'corpus-cli.ndx').status, 0);
  assert.deepEqual(bytesOf('corpus.ndx'), bytesOf('corpus-cli.ndx'));

  const dex = await Newsdex.load(bytesOf('corpus.ndx'));
  assert.deepEqual(dex.search('geneva').hits.map((hit) => hit.id), ['b-note']);
  assert.equal(dex.article('b-note').source, 'Wire Service');
  assert.deepEqual(dex.search('directories').hits, []);
});

test('newsdex build: seeds/ and a JSONL file together; --no-store --no-entities as for the CLI', async () => {
  const seeds = join(repo, 'seeds');
  assert.equal(bin('build', seeds, 'wire.jsonl', '-o', 'news.ndx').status, 0);
  const dex = await Newsdex.load(bytesOf('news.ndx'));
  assert.deepEqual(dex.search('lavrov').hits.map((hit) => hit.id).sort(), ['000_5ea1769a20fb7706', '003_d82338b8bd3c8aaf', 'w1']);
  assert.deepEqual(dex.search('zurich').hits.map((hit) => hit.id), ['2']);

  assert.equal(bin('build', seeds, '-o', 'seeds.ndx').status, 0);
  assert.equal(rust('build', seeds, '-o', 'seeds-cli.ndx').status, 0);
  assert.deepEqual(sectionsButFsts(bytesOf('seeds.ndx')), sectionsButFsts(bytesOf('seeds-cli.ndx')));

  const bare = bin('build', '--no-store', '--no-entities', seeds, 'wire.jsonl', '-o', 'bare.ndx');
  assert.match(bare.stderr, / without the document store without entities → bare\.ndx in /);
  const stats = (await Newsdex.load(bytesOf('bare.ndx'))).stats();
  assert.deepEqual([stats.articles, stats.hasStore, stats.hasEntities], [5, false, false]);
  assert.equal(rust('build', '--no-store', '--no-entities', seeds, '-o', 'bare-cli.ndx').status, 0);
  assert.equal(bin('build', '--no-store', '--no-entities', seeds, '-o', 'bare.ndx').status, 0);
  assert.deepEqual(sectionsButFsts(bytesOf('bare.ndx')), sectionsButFsts(bytesOf('bare-cli.ndx')));
});

// The fst crate's builder shares suffixes through a cache indexed by a hash cut to the pointer
// width, so the wasm build (32-bit) can lay out an fst dictionary differently from the native
// CLI (64-bit), the seeds' terms among them: other bytes, the same dictionary. What must hold is
// that the two indexes answer alike.
test('seeds/ and the JSONL give an index that answers as the CLI\'s does', async () => {
  assert.equal(rust('build', join(repo, 'seeds'), 'wire.jsonl', '-o', 'news-cli.ndx').status, 0);
  assert.equal(bin('build', join(repo, 'seeds'), 'wire.jsonl', '-o', 'news.ndx').status, 0);
  const [wasm, native] = await Promise.all([Newsdex.load(bytesOf('news.ndx')), Newsdex.load(bytesOf('news-cli.ndx'))]);
  assert.deepEqual(wasm.stats(), native.stats());
  for (const query of ['kerry', 'lavrvo', 'syri', '"state department"', 'person:lavrov', 'place:geneva', 'zurich OR frankfurt', 'geneve -kerry']) {
    const [a, b] = [wasm.search(query, { limit: 20 }), native.search(query, { limit: 20 })];
    assert.deepEqual({ ...a, tookMs: 0 }, { ...b, tookMs: 0 }, query);
  }
  for (const id of ['000_5ea1769a20fb7706', '003_d82338b8bd3c8aaf', 'w1', '2']) {
    assert.deepEqual(wasm.article(id, { query: 'kerry lavrov' }), native.article(id, { query: 'kerry lavrov' }), id);
  }
  assert.deepEqual(wasm.suggest('ser'), native.suggest('ser'));
});

test('npx newsdex search prints the best hits, or the JSON of dex.search', () => {
  assert.equal(bin('build', join(repo, 'seeds'), 'wire.jsonl', '-o', 'search.ndx').status, 0);
  const text = npx('search', '--index', 'search.ndx', 'kerry', 'geneva');
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout, [
    '1 article matches "kerry geneva"',
    '',
    '  1. Lavrov and Kerry meet in Geneva',
    '     w1 · Wire Service · 2016-05-02',
    '     Sergei Lavrov met John Kerry in Geneva on Monday.  The talks in Genève ran late.',
    '',
  ].join('\n'));
  const json = bin('search', '--index', 'search.ndx', '--json', '--limit', '1', 'lavrov');
  const results = JSON.parse(json.stdout);
  assert.equal(results.total, 3);
  assert.deepEqual(results.hits.map((hit) => hit.id), ['w1'], 'the headline match first');
  assert.ok(results.facets.PER.some((facet) => facet.id === 'per/sergei-lavrov'));
});

test('npx newsdex search shows control characters in an index\'s text escaped, as the Rust CLI does', () => {
  const article = { id: 't1', title: 'Kerry \u001b]0;owned\u0007 meets \u202eLavrov', source: '\u001b[2JReuters', date: '2016-09-09', body: 'John Kerry met Sergei Lavrov.\u001b[31m Kerry\u0000 left\u007f\u009b.' };
  writeFileSync(join(dir, 'controls.jsonl'), `${JSON.stringify(article)}\n`);
  assert.equal(bin('build', 'controls.jsonl', '-o', 'controls.ndx').status, 0);
  const ours = bin('search', '--index', 'controls.ndx', 'kerry');
  assert.equal(ours.status, 0, ours.stderr);
  assert.doesNotMatch(ours.stdout, /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  const lines = ours.stdout.split('\n');
  assert.deepEqual(lines.slice(2, 5), [
    '  1. Kerry \\u{1b}]0;owned\\u{7} meets \\u{202e}Lavrov',
    '     t1 · \\u{1b}[2JReuters · 2016-09-09',
    '     John Kerry met Sergei Lavrov.\\u{1b}[31m Kerry\\u{0} left\\u{7f}\\u{9b}.',
  ]);
  const theirs = rust('search', '--index', 'controls.ndx', 'kerry').stdout.split('\n');
  assert.equal(theirs[2], lines[2]);
  assert.equal(theirs[4], lines[4]);
  assert.equal(JSON.parse(bin('search', '--index', 'controls.ndx', '--json', 'kerry').stdout).hits[0].title, article.title, '--json is exact');
});

test('bad input: the bin exits 1 with the same message as the Rust CLI', () => {
  writeFileSync(join(dir, 'no-id.jsonl'), '{"id": "a", "body": "x"}\n{"body": "y"}\n');
  writeFileSync(join(dir, 'broken.jsonl'), '{"id": "a", "body": \n');
  writeFileSync(join(dir, 'twice.jsonl'), '{"id": "w1", "body": "again"}\n');
  writeFileSync(join(dir, 'table.csv'), 'id,body\n');
  writeFileSync(join(dir, 'empty.jsonl'), '{"id": "e", "body": ""}\n');
  for (const inputs of [['missing.jsonl'], ['no-id.jsonl'], ['broken.jsonl'], ['wire.jsonl', 'twice.jsonl'], ['empty.jsonl']]) {
    const ours = bin('build', ...inputs, '-o', 'bad.ndx');
    ours.stderr = ours.stderr.replace(/^newsdex: reading .*\n/gm, '');
    const theirs = rust('build', ...inputs, '-o', 'bad.ndx');
    assert.equal(theirs.status, 1, `the CLI refuses ${inputs}`);
    assert.deepEqual({ status: ours.status, stderr: ours.stderr }, { status: 1, stderr: theirs.stderr }, inputs.join(' '));
  }
  assert.ok(bin('build', 'no-id.jsonl', '-o', 'x.ndx').stderr.endsWith('\nnewsdex: no-id.jsonl:2: missing required field `id`\n'));
  // Each names the kinds of input it reads: the Rust CLI reads pages and feeds as well.
  assert.ok(bin('build', 'table.csv', '-o', 'x.ndx').stderr.endsWith('newsdex: table.csv: not a directory, a .txt article or a .jsonl file of articles\n'));
  assert.equal(rust('build', 'table.csv', '-o', 'x.ndx').stderr, 'newsdex: table.csv: not a folder, an HTML page (.html, .htm), a feed (.xml, .rss, .atom, .json), a .jsonl file of articles or a .txt article\n');
});

test('usage mistakes: one newsdex: line and exit code 1', () => {
  const cases = [
    [['build', 'wire.jsonl'], 'newsdex: build needs the output file: -o news.ndx\n'],
    [['build', '-o', 'x.ndx'], 'newsdex: build needs at least one input file or directory\n'],
    [['build', '--fast', 'wire.jsonl', '-o', 'x.ndx'], "newsdex: Unknown option '--fast'\n"],
    [['serve'], 'newsdex: unknown command "serve" (try build or search; --help shows how)\n'],
    [['search', '--index', 'missing.ndx', 'kerry'], 'newsdex: missing.ndx: no such file or directory\n'],
    [['search', '--index', 'wire.jsonl', 'kerry'], 'newsdex: these bytes are not a newsdex index (wrong label)\n'],
    [['search', '--index', 'wire.jsonl'], 'newsdex: search needs a query: newsdex search --index news.ndx kerry lavrov\n'],
    [['build', 'wire.jsonl', '-o', 'x.ndx', '--chunk-kib', '64'], "newsdex: --chunk-kib is the size of a sharded index's chunk files: it needs --shards\n"],
    [['build', 'wire.jsonl', '-o', 'x.ndx', '--shards', '--chunk-kib', '3'], 'newsdex: --chunk-kib takes a whole number from 4 to 1048576, not 3\n'],
    [['search', '--limit', 'ten', 'kerry'], 'newsdex: --limit takes a whole number from 0 to 9007199254740991, not ten\n'],
  ];
  for (const [args, message] of cases) assert.deepEqual(bin(...args), { status: 1, stdout: '', stderr: message }, args.join(' '));
  const help = bin('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage:\n {2}newsdex build \[OPTIONS\] -o OUTPUT INPUT\.\.\.\n {2}newsdex search \[OPTIONS\] QUERY\.\.\.\n/);
});
