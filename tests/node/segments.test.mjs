// A segmented index (`newsdex add` on a sharded index, then `remove`) over HTTP from node:
// Newsdex.open meets its manifest, fetches the segments module and every part's core, and
// searchAsync, articleAsync and suggestAsync answer as a fresh build of the live articles
// (tests/cases/segments.json), and so do entityAsync, entities and marksAsync; copies are
// joined across segments, and related stories are chosen over every segment as the CLI reads
// them, their related files fetched only by the first request that reads them, once;
// keepOffline keeps every part. A
// reader that opened the old manifest keeps answering after another add replaces it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { buildSegmentCases, segmentCases } from './cases.mjs';
import { memoryCaches, withCaches } from './memory-caches.mjs';
import { articleCaseFailures, marksCaseFailures, searchCaseFailures, segmentEntityCaseFailures } from './check-cases.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { Newsdex } = await import(new URL('../../pkg/node.js', import.meta.url));

let dir;
let server;
let ids;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-segments-'));
  ids = buildSegmentCases(dir);
  server = await startServer({ mounts: [['/', dir]] });
});
after(() => {
  server?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

const withoutTime = ({ tookMs, ...rest }) => rest;
const QUERIES = [...new Set(segmentCases.search.flatMap((c) => [c.query, c.sameAs].filter(Boolean)))];
const OPTIONS = [{ limit: 10 }, { limit: 3, offset: 1 }, { facets: true }, { sort: 'newest' }, { recency: 7 }];

test('a segmented index answers as a fresh build of its live articles', async () => {
  // Version 3: each added segment names its related stories (and the last day, which re-sends
  // a story of the first, its copies).
  assert.match(readFileSync(join(dir, 'news.ndx'), 'utf8'), /^newsdex-segments 3\nsegment [^]*\nrelated [^]*\ncopies [^]*\nrelated /);
  const fresh = await Newsdex.load(readFileSync(join(dir, 'fresh.ndx')));
  const dex = await Newsdex.open(`${server.url}/news.ndx`);
  assert.equal(dex.stats().articles, ids.length);
  for (const query of QUERIES) {
    for (const options of OPTIONS) {
      assert.deepEqual(withoutTime(await dex.searchAsync(query, options)), withoutTime(fresh.search(query, options)), `${query} ${JSON.stringify(options)}`);
    }
  }
  for (const id of ids) {
    assert.deepEqual(await dex.articleAsync(id, { query: 'harbour' }), fresh.article(id, { query: 'harbour' }), id);
  }
  for (const text of ['har', 'blo', 'council b', 'zz']) assert.deepEqual((await dex.suggestAsync(text)).words, fresh.suggest(text).words, text);
  // Copies across segments: the re-send of the last day and the story of the first.
  for (const id of ids) assert.deepEqual(await dex.duplicatesAsync(id), fresh.duplicates(id), id);
  assert.deepEqual(await dex.duplicatesAsync('g12'), ['g02']);
  // The shared cases, once every byte they read is at hand (the sync calls then answer).
  for (const c of segmentCases.search) await dex.searchAsync(c.query, c.options);
  for (const c of segmentCases.article) await dex.articleAsync(c.id, c.query === undefined ? undefined : { query: c.query }).catch(() => {});
  assert.deepEqual(searchCaseFailures(dex, segmentCases.search), []);
  assert.deepEqual(articleCaseFailures(dex, segmentCases.article), []);
  // Entities, names in text and marks across segments.
  assert.deepEqual(await segmentEntityCaseFailures(dex, fresh, segmentCases.entity), []);
  assert.deepEqual(await marksCaseFailures(dex, fresh, segmentCases.marks), []);
  // Related stories over every segment, as the CLI reads them: a live article, never the
  // removed g05 nor the article itself.
  for (const id of ids) {
    const related = (await dex.relatedAsync(id, { limit: 8 })).map((hit) => hit.id);
    assert.ok(related.every((other) => other !== id && ids.includes(other)), `${id}: ${related}`);
    const cli = execFileSync(join(repo, 'target/release/newsdex'), ['related', '--index', join(dir, 'news.ndx'), '--limit', '8', '--json', id], { encoding: 'utf8' });
    assert.deepEqual(related, JSON.parse(cli).map((hit) => hit.id), id);
  }
  await assert.rejects(dex.duplicatesAsync('g05'), { name: 'NewsdexError', code: 'UnknownArticle' });
  dex.close();
});

test('the related files are fetched by the first related request only, once', async () => {
  const fetched = [];
  const recording = async (url, init) => {
    fetched.push(url.slice(url.lastIndexOf('/') + 1));
    return fetch(url, init);
  };
  const rel = readFileSync(join(dir, 'news.ndx'), 'utf8').match(/^related .*$/gm).map((line) => line.slice('related '.length));
  assert.ok(rel.length >= 2, rel.join(' '));
  const relFetched = () => fetched.filter((name) => rel.includes(name));
  const dex = await Newsdex.open(`${server.url}/news.ndx`, { fetch: recording });
  // Opening, searching, entities, marks and copies read no related file.
  for (const query of QUERIES) await dex.searchAsync(query, { limit: 10 });
  await dex.entityAsync('per/maria-okafor');
  await dex.marksAsync('The harbour council met', 'harbour');
  for (const id of ids) await dex.duplicatesAsync(id);
  assert.ok(fetched.length > 1, fetched.join(' '));
  assert.deepEqual(relFetched(), []);
  // Until they are in, related never answers from the segments' own builds: it asks for them.
  assert.throws(() => dex.related(ids[0]), { name: 'NewsdexError', code: 'NotFetched', message: /relatedAsync/ });
  // The first related request fetches every related file, at once; the lists are the CLI's.
  const [first, second] = await Promise.all([dex.relatedAsync(ids[0], { limit: 8 }), dex.relatedAsync(ids[1], { limit: 8 })]);
  assert.deepEqual(relFetched().sort(), [...rel].sort());
  const before = fetched.length;
  for (const id of ids) {
    const related = (await dex.relatedAsync(id, { limit: 8 })).map((hit) => hit.id);
    const cli = execFileSync(join(repo, 'target/release/newsdex'), ['related', '--index', join(dir, 'news.ndx'), '--limit', '8', '--json', id], { encoding: 'utf8' });
    assert.deepEqual(related, JSON.parse(cli).map((hit) => hit.id), id);
  }
  assert.deepEqual([first, second].map((hits) => hits.map((hit) => hit.id)), [ids[0], ids[1]].map((id) => dex.related(id, { limit: 8 }).map((hit) => hit.id)));
  // Once: no related file again.
  assert.deepEqual(fetched.slice(before).filter((name) => rel.includes(name)), []);
  dex.close();
});

test('a request asks every segment it needs in one round, and reads less than the chunk files', async () => {
  const dex = await Newsdex.open(`${server.url}/news.ndx`);
  await dex.searchAsync('harbour', { limit: 10 });
  const first = dex.fetched();
  const chunks = readdirSync(dir).filter((name) => name.endsWith('.chunk'));
  const pack = chunks.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  assert.ok(first.bytes < pack, `${first.bytes} of ${pack} bytes`);
  // The removals' articles, the words' pieces, their statistics in every part, the postings,
  // the cards and texts of the page: a round each, whatever the number of segments.
  assert.ok(first.rounds <= 10, JSON.stringify(first));
  assert.ok(first.requests > first.rounds, `more requests than rounds: ${JSON.stringify(first)}`);
  // Asked again, nothing is fetched.
  await dex.searchAsync('harbour', { limit: 10 });
  assert.deepEqual(dex.fetched(), first);
  dex.close();
});

test('keepOffline keeps the manifest and every part\'s core and chunk files, with progress in bytes', async () => {
  const requested = [];
  let swapped = false;
  const manifest = readFileSync(join(dir, 'news.ndx'), 'utf8');
  const [first, ...lines] = manifest.trimEnd().split('\n');
  const counting = async (url, init) => {
    requested.push(`${url.slice(url.lastIndexOf('/') + 1)} ${init?.headers?.range ?? 'whole'}`);
    // A manifest of the same length, its parts in another order: another index.
    if (swapped && url.endsWith('/news.ndx')) return new Response(`${[first, ...lines.reverse()].join('\n')}\n`);
    return fetch(url, init);
  };
  const dex = await Newsdex.open(`${server.url}/news.ndx`, { fetch: counting });
  const parts = lines.map((line) => line.slice(line.indexOf(' ') + 1));
  const files = ['news.ndx', ...parts, ...readdirSync(dir).filter((name) => name.endsWith('.chunk'))];
  const total = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  const storage = memoryCaches();
  const events = [];
  requested.length = 0;
  await withCaches(storage, () => dex.keepOffline({ onProgress: (event) => events.push(event) }));
  assert.deepEqual([...storage.stored.keys()].sort(), files.map((name) => `${server.url}/${name}`).sort());
  for (const name of files) assert.deepEqual(storage.stored.get(`${server.url}/${name}`), new Uint8Array(readFileSync(join(dir, name))), name);
  assert.deepEqual(requested.sort(), files.map((name) => `${name} whole`).sort());
  assert.deepEqual(events[0], { loaded: 0, total });
  assert.deepEqual(events.at(-1), { loaded: total, total });
  // Kept again: every part is named by its content, so only the manifest is fetched.
  requested.length = 0;
  await withCaches(storage, () => dex.keepOffline());
  assert.deepEqual(requested, ['news.ndx whole']);
  // A manifest changed on the host since it was opened is refused.
  swapped = true;
  await withCaches(memoryCaches(), () => assert.rejects(dex.keepOffline(), { name: 'NewsdexError', code: 'ChunkMismatch', message: /news\.ndx has changed since it was opened/ }));
  dex.close();
});

test('a reader that opened the old manifest keeps answering after an add replaces it', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'newsdex-segments-old-'));
  try {
    buildSegmentCases(copy);
    const host = await startServer({ mounts: [['/', copy]] });
    try {
      const old = await Newsdex.open(`${host.url}/news.ndx`);
      const before = withoutTime(await old.searchAsync('harbour', { limit: 10 }));
      writeFileSync(join(copy, 'day4.jsonl'), `${JSON.stringify({ id: 'g13', title: 'Harbour crane arrives', date: '2026-03-15', body: 'A new crane for the harbour arrived by barge.' })}\n`);
      execFileSync(join(repo, 'target/release/newsdex'), ['add', join(copy, 'news.ndx'), join(copy, 'day4.jsonl')], { stdio: 'pipe' });
      // The old handle reads the parts it opened, which are still there.
      assert.deepEqual(withoutTime(await old.searchAsync('harbour', { limit: 10 })), before);
      assert.equal((await old.searchAsync('crane')).total, 0);
      assert.equal((await old.articleAsync('g07')).id, 'g07');
      const now = await Newsdex.open(`${host.url}/news.ndx`);
      assert.equal((await now.searchAsync('harbour')).total, before.total + 1);
      assert.deepEqual((await now.searchAsync('crane')).hits.map((hit) => hit.id), ['g13']);
      old.close();
      now.close();
    } finally {
      host.server.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a manifest of one segment, as `compact` leaves it, opens as a sharded index that answers everything', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'newsdex-segments-compact-'));
  try {
    buildSegmentCases(copy);
    execFileSync(join(repo, 'target/release/newsdex'), ['compact', join(copy, 'news.ndx')], { stdio: 'pipe' });
    assert.match(readFileSync(join(copy, 'news.ndx'), 'utf8'), /^newsdex-segments 1\nsegment \S+\n$/);
    const host = await startServer({ mounts: [['/', copy]] });
    try {
      const fresh = await Newsdex.load(readFileSync(join(copy, 'fresh.ndx')));
      const dex = await Newsdex.open(`${host.url}/news.ndx`);
      for (const query of QUERIES) assert.deepEqual(withoutTime(await dex.searchAsync(query, { facets: true })), withoutTime(fresh.search(query, { facets: true })), query);
      assert.deepEqual(await dex.relatedAsync('g01'), fresh.related('g01'));
      assert.deepEqual(await dex.marksAsync('harbour workers', 'harbour'), fresh.marks('harbour workers', 'harbour'));
      dex.close();
    } finally {
      host.server.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a manifest that is not one is refused with its line named', async () => {
  const bad = mkdtempSync(join(tmpdir(), 'newsdex-segments-bad-'));
  const host = await startServer({ mounts: [['/', bad]] });
  try {
    writeFileSync(join(bad, 'a.ndx'), 'newsdex-segments 1\nsegment ../x.seg\n');
    writeFileSync(join(bad, 'b.ndx'), 'newsdex-segments 4\n');
    writeFileSync(join(bad, 'c.ndx'), 'newsdex-segments 1\nsegment missing.seg\n');
    await assert.rejects(Newsdex.open(`${host.url}/a.ndx`), { code: 'NotAnIndex', message: /a\.ndx: line 2, column 9: `\.\.\/x\.seg` is not a file name beside the manifest/ });
    await assert.rejects(Newsdex.open(`${host.url}/b.ndx`), { code: 'NotAnIndex', message: /b\.ndx: line 1, column 1: `newsdex-segments 4`: this newsdex reads `newsdex-segments 1`, `newsdex-segments 2` and `newsdex-segments 3` manifests/ });
    await assert.rejects(Newsdex.open(`${host.url}/c.ndx`), { code: 'Fetch', message: /missing\.seg/ });
  } finally {
    host.server.close();
    rmSync(bad, { recursive: true, force: true });
  }
});
