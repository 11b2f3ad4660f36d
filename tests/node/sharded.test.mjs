// A sharded index (`newsdex build --shards`) over HTTP from node: Newsdex.open fetches the core,
// searchAsync and articleAsync fetch chunk ranges as they need them, and the answers equal the
// single-file index's, from a host with range requests and from one without them; keepOffline
// stores the whole index in the Cache API (in memory here) or says why it cannot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { memoryCaches, withCaches } from './memory-caches.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { Newsdex, NewsdexError } = await import(new URL('../../pkg/node.js', import.meta.url));

const WORDS = ['talks', 'ceasefire', 'minister', 'markets', 'shares', 'rally', 'storm', 'harvest', 'election', 'vote',
  'court', 'ruling', 'budget', 'deficit', 'Syrian', 'Syria', 'Geneva', 'condemned', 'Zürich', 'café'];
const NAMES = ['John Kerry', 'Sergei Lavrov', 'Angela Merkel', 'the United Nations'];
const QUERIES = ['talks', 'ceasefire minister', 'markets OR storm', 'shares -rally', '"peace talks"', 'title:election',
  'syri', 'zurich cafe', 'ministr', 'person:kerry', 'place:geneva vote', 'budget deficit*', 'nothing-matches', ''];
/** Queries by date and by site facet, and the orders by date, read after the others. */
const DATED_QUERIES = ['talks since:2016-05-01', 'date:2016-03', 'topics:grain vote', '-topics:ship storm'];
const DATED_ORDERS = [{ sort: 'newest', limit: 5 }, { sort: 'oldest', offset: 3 }, { recency: 20 }];

let dir;
let server;
let plain;
let oneRange;
let reversed;

/** A seeded corpus of 300 articles from a small vocabulary, in JSON Lines. */
function corpus() {
  const next = generator(11);
  return Array.from({ length: 300 }, (_, i) => ({
    id: `s${i}`,
    title: Array.from({ length: 4 }, () => WORDS[next(WORDS.length)]).join(' '),
    date: `2016-0${1 + (i % 9)}-1${i % 10}`,
    topics: [['grain'], ['crude oil', 'ship'], 'ship'][i % 3],
    body: `${Array.from({ length: 50 }, (_, j) => (j % 12 ? WORDS[next(WORDS.length)] : NAMES[next(NAMES.length)])).join(' ')}. The peace talks went on 🙂.`,
  }));
}

/** A host that ignores Range headers and always sends whole files. */
function rangelessServer(root) {
  const host = createServer((request, response) => {
    const file = join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => host.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${host.address().port}`, close: () => host.close() })));
}

/** A host that honours one range per request and answers a request for several with the whole
 * file (as Amazon S3 does), or, with `reversed`, with its ranges as multipart/byteranges in the
 * reverse order (RFC 9110 lets a server reorder them). */
function oneRangeServer(root, { reversed = false } = {}) {
  const host = createServer((request, response) => {
    const file = join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    let body;
    try {
      body = readFileSync(file);
    } catch {
      response.writeHead(404);
      response.end();
      return;
    }
    const ranges = /^bytes=(.+)$/.exec(request.headers.range ?? '')?.[1].split(',').map((r) => r.split('-').map(Number)) ?? [];
    if (ranges.length === 1 || (reversed && ranges.length > 1)) {
      const part = ([start, end]) => body.subarray(start, Math.min(end, body.length - 1) + 1);
      const range = ([start, end]) => `bytes ${start}-${Math.min(end, body.length - 1)}/${body.length}`;
      if (ranges.length === 1) {
        response.writeHead(206, { 'content-range': range(ranges[0]) });
        response.end(part(ranges[0]));
        return;
      }
      response.writeHead(206, { 'content-type': 'multipart/byteranges; boundary="talks"' });
      response.end(Buffer.concat(ranges.reverse().flatMap((r) => [Buffer.from(`--talks\r\nContent-Range: ${range(r)}\r\n\r\n`), part(r), Buffer.from('\r\n')]).concat(Buffer.from('--talks--'))));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(body);
  });
  return new Promise((resolve) => host.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${host.address().port}`, close: () => host.close() })));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-sharded-'));
  writeFileSync(join(dir, 'corpus.jsonl'), corpus().map((a) => JSON.stringify(a)).join('\n'));
  const cli = join(repo, 'target/release/newsdex');
  const build = (...args) => execFileSync(cli, ['build', join(dir, 'corpus.jsonl'), '--facet', 'topics', ...args], { stdio: 'pipe' });
  build('-o', join(dir, 'single.ndx'));
  build('-o', join(dir, 'core.ndx'), '--shards', '--chunk-kib', '4');
  mkdirSync(join(dir, 'wide'));
  build('-o', join(dir, 'wide', 'core.ndx'), '--shards', '--chunk-kib', '64');
  server = await startServer({ mounts: [['/', dir]] });
  plain = await rangelessServer(dir);
  oneRange = await oneRangeServer(dir);
  reversed = await oneRangeServer(dir, { reversed: true });
});

after(() => {
  server?.server.close();
  plain?.close();
  oneRange?.close();
  reversed?.close();
  rmSync(dir, { recursive: true, force: true });
});

const withoutTime = ({ tookMs, ...rest }) => rest;

const HOSTS = {
  'a host with range requests': () => server.url,
  'a host with one range per request': () => oneRange.url,
  'a host that reorders ranges': () => reversed.url,
  'a host without them': () => plain.url,
};
for (const [host, url] of Object.entries(HOSTS)) {
  const ranged = host !== 'a host without them';
  test(`a sharded index answers as the single-file one, from ${host}`, async () => {
    const base = url();
    const single = await Newsdex.load(readFileSync(join(dir, 'single.ndx')));
    const sharded = await Newsdex.open(`${base}/core.ndx`);
    const chunkFiles = readdirSync(dir).filter((name) => name.endsWith('.chunk'));
    assert.ok(chunkFiles.length > 20, `${chunkFiles.length} chunk files`);
    assert.deepEqual(sharded.stats().articles, 300);
    for (const query of QUERIES) {
      const options = { limit: 10 };
      assert.deepEqual(withoutTime(await sharded.searchAsync(query, options)), withoutTime(single.search(query, options)), query);
    }
    for (const id of ['s0', 's123', 's299']) {
      assert.deepEqual(await sharded.articleAsync(id, { query: 'talks' }), single.article(id, { query: 'talks' }));
    }
    const fetched = sharded.fetched();
    const pack = chunkFiles.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    // Fourteen queries with facets over 300 articles read most of this small archive's
    // dictionaries and every matching article's entities, yet not whole chunks.
    if (ranged) assert.ok(fetched.bytes < pack * 0.6, `${fetched.bytes} of ${pack} bytes in ${fetched.requests} requests`);
    else assert.ok(fetched.bytes <= pack, `whole chunks, each fetched once: ${fetched.bytes} of ${pack} bytes in ${fetched.requests} requests`);
    // Everything a query needs is kept: asking again fetches nothing.
    const before = sharded.fetched();
    await sharded.searchAsync('ceasefire minister', { limit: 10 });
    assert.deepEqual(sharded.fetched(), before);
    if (ranged) {
      // A word not searched yet: its postings, then its hits' text, each round one request or more.
      await sharded.searchAsync('harvest', { limit: 3 });
      const after = sharded.fetched();
      assert.equal(after.rounds - before.rounds, 2, JSON.stringify({ before, after }));
      assert.ok(after.requests - before.requests >= 2, JSON.stringify({ before, after }));
    }
    for (const query of DATED_QUERIES) {
      assert.deepEqual(withoutTime(await sharded.searchAsync(query, { limit: 10 })), withoutTime(single.search(query, { limit: 10 })), query);
    }
    for (const options of DATED_ORDERS) {
      for (const query of ['talks', 'topics:ship -date:2016-02']) {
        assert.deepEqual(withoutTime(await sharded.searchAsync(query, options)), withoutTime(single.search(query, options)), `${query} ${JSON.stringify(options)}`);
      }
    }
    // The sync calls say what to use instead; the core alone answers everything else.
    const fresh = await Newsdex.open(`${base}/core.ndx`);
    assert.throws(() => fresh.search('harvest court'), { name: 'NewsdexError', code: 'NotFetched', message: /sharded .* use `await dex\.searchAsync/ });
    assert.ok(sharded.suggest('lavr').entities.length > 0);
    assert.equal(single.fetched(), null);
    // Entities, suggestions, marks and links read pieces of their own: the Async calls fetch them.
    assert.throws(() => fresh.entity('per/sergei-lavrov'), { name: 'NewsdexError', code: 'NotFetched', message: /entityAsync/ });
    for (const id of ['per/sergei-lavrov', 'per/john-kerry']) assert.deepEqual(await fresh.entityAsync(id), single.entity(id));
    await assert.rejects(fresh.entityAsync('per/nobody'), { name: 'NewsdexError', code: 'UnknownEntity' });
    for (const text of ['lavr', 'Angela M', 'zur']) assert.deepEqual(await fresh.suggestAsync(text), single.suggest(text));
    const text = 'Ministers condemned the ceasefire talks in Zürich, said John Kerry.';
    for (const query of ['condemn talks', 'zurich', 'ministr', '"ceasefire talks"']) {
      assert.deepEqual(await fresh.marksAsync(text, query), single.marks(text, query), query);
    }
  });
}

test('the first module answers plain searches as the search module does, and moves to it for the rest (facets, date orders, clauses by entity, date or facet)', async () => {
  const single = await Newsdex.load(readFileSync(join(dir, 'single.ndx')));
  const first = await Newsdex.open(`${server.url}/core.ndx`);
  const plainPages = [{ limit: 10, facets: false }, { limit: 3, offset: 2, facets: false }, { limit: 0, facets: false }];
  // Words, phrases, typos, prefixes, fields and operators; not clauses by entity, date or facet.
  const plainQueries = QUERIES.filter((query) => !/\b(person|place):/.test(query));
  assert.equal(plainQueries.length, QUERIES.length - 2);
  for (const query of [...plainQueries, 'ceasfire', 'syrain talks', 'Zürich', 'minist', 'title:electoin']) {
    for (const options of plainPages) {
      assert.deepEqual(withoutTime(await first.searchAsync(query, options)), withoutTime(single.search(query, options)), `${query} ${JSON.stringify(options)}`);
    }
  }
  // Still in the first module: a request it leaves to the search module is not answered
  // synchronously, even with every byte it reads at hand.
  assert.deepEqual(withoutTime(first.search('talks', { limit: 10, facets: false })), withoutTime(single.search('talks', { limit: 10, facets: false })));
  for (const [call, method] of [[() => first.search('talks', { limit: 10 }), 'search'], [() => first.search('talks', { facets: false, sort: 'newest' }), 'search'],
    [() => first.article('s1'), 'article'], [() => first.related('s1'), 'related'], [() => first.duplicates('s1'), 'duplicates'],
    [() => first.entity('per/john-kerry'), 'entity'], [() => first.suggest('lavr'), 'suggest'],
    [() => first.search('person:kerry', { facets: false }), 'search'], [() => first.search('talks since:2016-05-01', { facets: false }), 'search'],
    [() => first.search('topics:grain vote', { facets: false }), 'search'], [() => first.marks('Kerry in Geneva', 'place:geneva'), 'marks']]) {
    assert.throws(call, { name: 'NewsdexError', code: 'NotFetched', message: new RegExp(`first module.*${method}Async`) });
  }
  // Requests under way when it moves go on in the search module.
  const asked = [['talks', { limit: 10 }], ['talks', { facets: false, sort: 'oldest', limit: 5 }], ['storm', { facets: false, collapse: true }],
    ['vote', { facets: false, recency: 20 }], ['harvest court', { facets: false }], ['person:kerry', { facets: false }],
    ...DATED_QUERIES.map((query) => [query, { facets: false }])];
  const answers = await Promise.all(asked.map(([query, options]) => first.searchAsync(query, options)));
  answers.forEach((answer, i) => assert.deepEqual(withoutTime(answer), withoutTime(single.search(...asked[i])), JSON.stringify(asked[i])));
  // Moved: the sync calls answer what their bytes are at hand for.
  assert.deepEqual(withoutTime(first.search('talks', { limit: 10 })), withoutTime(single.search('talks', { limit: 10 })));
  assert.deepEqual(await first.articleAsync('s7', { query: 'talks' }), single.article('s7', { query: 'talks' }));
  assert.deepEqual(await first.entityAsync('per/john-kerry'), single.entity('per/john-kerry'));
  assert.deepEqual(await first.suggestAsync('lavr'), single.suggest('lavr'));
  for (const query of QUERIES) {
    assert.deepEqual(withoutTime(await first.searchAsync(query, { limit: 10, facets: false })), withoutTime(single.search(query, { limit: 10, facets: false })), query);
  }
  assert.deepEqual(await first.marksAsync('Kerry in Geneva', 'place:geneva'), single.marks('Kerry in Geneva', 'place:geneva'));
  // The search module is handed the chunk bytes the first module fetched: a facet search after
  // a plain one fetches what it would have, had the index started in the search module.
  const moving = await Newsdex.open(`${server.url}/core.ndx`);
  const started = await Newsdex.open(`${server.url}/core.ndx`, { lite: false });
  for (const dex of [moving, started]) {
    await dex.searchAsync('ceasefire minister', { facets: false });
    await dex.searchAsync('ceasefire minister');
  }
  assert.ok(moving.fetched().bytes > 0);
  assert.deepEqual(moving.fetched(), started.fetched());
  // A single file opened by URL is in memory whole: it starts in the search module.
  const whole = await Newsdex.open(`${server.url}/single.ndx`);
  assert.deepEqual(withoutTime(whole.search('talks', { limit: 10 })), withoutTime(single.search('talks', { limit: 10 })));
  await assert.rejects(Newsdex.open(`${server.url}/core.ndx`, { lite: 'yes' }), { name: 'NewsdexError', code: 'InvalidArgument', message: 'newsdex: open() takes options.lite as true or false, not a string' });
  const full = await Newsdex.open(`${server.url}/core.ndx`, { lite: false });
  await full.searchAsync('talks', { limit: 10 });
  assert.deepEqual(withoutTime(full.search('talks', { limit: 10 })), withoutTime(single.search('talks', { limit: 10 })));
});

test('a host that answers several ranges at once takes fewer requests than one that answers one', async () => {
  // Chunks of 64 KiB, so that a round's ranges in one chunk lie further apart than the
  // one-range fetcher merges (2 KiB).
  const requests = {};
  for (const [host, base] of [['several', server.url], ['one', oneRange.url]]) {
    const sharded = await Newsdex.open(`${base}/wide/core.ndx`);
    for (const query of QUERIES) await sharded.searchAsync(query, { limit: 10 });
    requests[host] = sharded.fetched().requests;
  }
  assert.ok(requests.several > 0 && requests.several < requests.one, JSON.stringify(requests));
});

test('a reader that may keep few bytes drops them between requests and still answers right', async () => {
  const single = await Newsdex.load(readFileSync(join(dir, 'single.ndx')));
  const sharded = await Newsdex.open(`${server.url}/core.ndx`, { cacheBytes: 1 });
  let most = 0;
  for (const query of QUERIES.concat(QUERIES)) {
    assert.deepEqual(withoutTime(await sharded.searchAsync(query)), withoutTime(single.search(query)), query);
    most = Math.max(most, sharded.fetched().keptBytes);
  }
  const all = await Newsdex.open(`${server.url}/core.ndx`);
  for (const query of QUERIES) await all.searchAsync(query);
  // Every query reads pieces others read too (dictionaries, the articles of its hits), so one
  // query's bytes are a good part of all of them, but never all.
  assert.ok(most < all.fetched().keptBytes * 0.75, `kept at most ${most} bytes, against ${all.fetched().keptBytes} when nothing is dropped`);
  assert.ok(sharded.fetched().requests > all.fetched().requests, 'what was dropped is fetched again');
});

/** A seeded generator of whole numbers below `n` (mulberry32: Math.imul keeps the arithmetic
 * in 32 bits, where it is exact). */
function generator(seed) {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** The answer of `call`, or its error's code and message, for comparing. */
const settled = (call) => call().then((answer) => ({ answer: answer && 'tookMs' in answer ? withoutTime(answer) : answer }), (error) => ({ code: error.code, message: error.message }));

test('requests raced on one sharded index with any cache answer as the single-file index', async () => {
  const single = await Newsdex.load(readFileSync(join(dir, 'single.ndx')));
  const entityIds = ['per/sergei-lavrov', 'per/john-kerry', 'per/angela-merkel', 'per/nobody'];
  const text = 'Ministers condemned the ceasefire talks in Zürich, said John Kerry.';
  // Each kind of request, on the sharded index or on the single-file one.
  const kinds = [
    (random) => { const q = QUERIES[random(QUERIES.length)]; const o = { limit: 1 + random(20), offset: random(3) }; return [(d) => d.searchAsync(q, o), () => single.search(q, o)]; },
    (random) => { const id = `s${random(310)}`; const o = { query: QUERIES[random(QUERIES.length)] }; return [(d) => d.articleAsync(id, o), () => single.article(id, o)]; },
    (random) => { const t = WORDS[random(WORDS.length)].slice(0, 1 + random(5)); return [(d) => d.suggestAsync(t), () => single.suggest(t)]; },
    (random) => { const id = entityIds[random(entityIds.length)]; return [(d) => d.entityAsync(id), () => single.entity(id)]; },
    (random) => { const q = QUERIES[random(QUERIES.length)]; return [(d) => d.marksAsync(text, q), () => single.marks(text, q)]; },
  ];
  for (const [trial, cacheBytes] of [1, 4096, 50_000, 64 << 20].entries()) {
    for (const base of [server.url, oneRange.url]) {
      const random = generator(1000 + trial);
      const sharded = await Newsdex.open(`${base}/core.ndx`, { cacheBytes });
      const requests = Array.from({ length: 150 }, () => kinds[random(kinds.length)](random));
      // Started a millisecond or two apart, so that they overlap in every way: some wait for
      // bytes while others start and drop what is kept.
      const answers = await Promise.all(requests.map(async ([ask], i) => {
        await new Promise((resolve) => setTimeout(resolve, random(3) * (i % 7)));
        return settled(() => ask(sharded));
      }));
      const expected = await Promise.all(requests.map(([, ask]) => settled(async () => ask())));
      for (let i = 0; i < requests.length; i += 1) assert.deepEqual(answers[i], expected[i], `cache ${cacheBytes}, ${base}, request ${i}`);
      assert.ok(answers.filter((a) => a.code).length < requests.length / 3, 'most requests answer');
      if (cacheBytes === 1) assert.ok(sharded.fetched().keptBytes < 600_000, `${sharded.fetched().keptBytes} bytes kept`);
      sharded.close();
    }
  }
});

test('a request aborted while another waits for the same bytes leaves that one to finish', async () => {
  const single = await Newsdex.load(readFileSync(join(dir, 'single.ndx')));
  const sharded = await Newsdex.open(`${server.url}/core.ndx`);
  const aborting = new AbortController();
  const first = sharded.searchAsync('harvest court', { signal: aborting.signal });
  const second = sharded.searchAsync('harvest court');
  aborting.abort();
  await assert.rejects(first, { name: 'NewsdexError', code: 'Aborted', message: 'newsdex: the request was aborted' });
  assert.deepEqual(withoutTime(await second), withoutTime(single.search('harvest court')));
  // Aborted before it starts: nothing is fetched.
  const before = sharded.fetched().requests;
  await assert.rejects(sharded.articleAsync('s7', { signal: AbortSignal.abort(new Error('the reader left')) }), { code: 'Aborted', message: 'newsdex: the request was aborted: the reader left' });
  assert.equal(sharded.fetched().requests, before);
});

test('a missing chunk file is a Fetch error naming it; a missing core too', async () => {
  // Every chunk file is gone: each query that reads the pack fails with the file it wanted.
  const chunkFiles = readdirSync(dir).filter((name) => name.endsWith('.chunk'));
  const sharded = await Newsdex.open(`${server.url}/core.ndx`, { fetch: (url, init) => fetch(url.replace(/\.chunk$/, '.gone'), init) });
  const errors = [];
  for (const query of QUERIES) await sharded.searchAsync(query).catch((error) => errors.push(error));
  assert.ok(errors.length > 0, 'some query needs a chunk');
  for (const error of errors) {
    assert.ok(error instanceof NewsdexError);
    const [, url, name] = /^newsdex: could not fetch (http:\/\/127\.0\.0\.1:\d+\/(core-[0-9a-f]{16}\.chunk)): HTTP 404$/.exec(error.message) ?? [];
    assert.ok(chunkFiles.includes(name), `${name} is one of the index's chunk files`);
    assert.deepEqual({ code: error.code, url: error.url, status: error.status }, { code: 'Fetch', url, status: 404 }, error.message);
  }
  await assert.rejects(Newsdex.open(`${server.url}/nothing.ndx`), (error) => {
    assert.ok(error instanceof NewsdexError);
    assert.match(String(error), /^NewsdexError: newsdex: could not fetch .*nothing\.ndx: HTTP 404$/);
    assert.deepEqual({ code: error.code, url: error.url, status: error.status }, { code: 'Fetch', url: `${server.url}/nothing.ndx`, status: 404 });
    return true;
  });
  // A host that cannot be reached: no status, the network's error as the cause.
  const unreachable = (url) => Promise.reject(new TypeError(`fetch failed for ${url}`));
  await assert.rejects(Newsdex.open(`${server.url}/core.ndx`, { fetch: unreachable }), (error) => {
    assert.deepEqual({ code: error.code, status: error.status, cause: error.cause?.name }, { code: 'Fetch', status: undefined, cause: 'TypeError' });
    assert.equal(error.message, `newsdex: could not fetch ${server.url}/core.ndx: fetch failed for ${server.url}/core.ndx (3 tries)`);
    return true;
  });
});

test('chunk files that do not hold what the index asked for are a ChunkMismatch', async () => {
  // A host that answers each range of a chunk file with one byte too few.
  const short = async (url, init) => {
    const response = await fetch(url, init);
    if (!url.endsWith('.chunk')) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return new Response(bytes.subarray(0, bytes.length - 1), { status: response.status, headers: response.headers });
  };
  const sharded = await Newsdex.open(`${server.url}/core.ndx`, { fetch: short });
  await assert.rejects(sharded.searchAsync('ceasefire minister'), { name: 'NewsdexError', code: 'ChunkMismatch', message: /^newsdex: http:\/\/.*\.chunk sent \d+ bytes for/ });
});

test('keepOffline stores the core and every chunk file whole, with progress in bytes', async () => {
  const requested = [];
  const counting = (url, init) => {
    requested.push(`${url.slice(url.lastIndexOf('/') + 1)} ${init?.headers?.range ?? 'whole'}`);
    return fetch(url, init);
  };
  const sharded = await Newsdex.open(`${server.url}/core.ndx`, { fetch: counting });
  const chunkFiles = readdirSync(dir).filter((name) => name.endsWith('.chunk')).sort();
  const files = ['core.ndx', ...chunkFiles];
  const total = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  const storage = memoryCaches();
  const events = [];
  requested.length = 0;
  await withCaches(storage, () => sharded.keepOffline({ onProgress: (event) => events.push(event) }));
  assert.deepEqual(storage.names, ['newsdex-archive']);
  assert.deepEqual([...storage.stored.keys()].sort(), files.map((name) => `${server.url}/${name}`).sort());
  for (const name of files) assert.deepEqual(storage.stored.get(`${server.url}/${name}`), new Uint8Array(readFileSync(join(dir, name))), name);
  assert.deepEqual(requested.sort(), files.map((name) => `${name} whole`).sort());
  assert.deepEqual(events[0], { loaded: 0, total });
  assert.deepEqual(events.at(-1), { loaded: total, total });
  assert.ok(events.every((event, i) => event.total === total && (i === 0 || event.loaded >= events[i - 1].loaded)), 'loaded never falls');

  // Kept again, into another cache holding the chunks: only the core is fetched again.
  requested.length = 0;
  events.length = 0;
  await withCaches(storage, () => sharded.keepOffline({ cache: 'mine', onProgress: (event) => events.push(event) }));
  assert.deepEqual(storage.names, ['newsdex-archive', 'mine']);
  assert.deepEqual(requested, ['core.ndx whole']);
  assert.deepEqual(events.at(-1), { loaded: total, total });
});

test('keepOffline refuses what it cannot keep, and says why', async () => {
  const sharded = await Newsdex.open(`${server.url}/core.ndx`);
  // node has no Cache API.
  await assert.rejects(sharded.keepOffline(), { name: 'NewsdexError', code: 'Storage', message: /^newsdex: keepOffline\(\) stores the index with the Cache API, which is not available here/ });
  // Nothing to fetch: a single-file index, from a URL or from bytes.
  for (const single of [await Newsdex.open(`${server.url}/single.ndx`), await Newsdex.load()]) {
    await withCaches(memoryCaches(), () => assert.rejects(single.keepOffline(), { name: 'NewsdexError', code: 'NotSharded' }));
  }
  // No room: the browser's refusal, named.
  await withCaches(memoryCaches({ room: statSync(join(dir, 'core.ndx')).size + 100 }), () => assert.rejects(sharded.keepOffline(), {
    name: 'NewsdexError',
    code: 'Storage',
    message: /^newsdex: could not store http:\/\/\S+ for reading offline: the browser has no more room for this site$/,
  }));
  // A core rebuilt on the host since it was opened (the same articles cut in larger chunks,
  // so a core of another length: one hash a chunk).
  const rebuilt = (url, init) => fetch(url.endsWith('/core.ndx') ? url.replace('/core.ndx', '/wide/core.ndx') : url, init);
  let opened = false;
  const stale = await Newsdex.open(`${server.url}/core.ndx`, { fetch: (url, init) => (opened ? rebuilt(url, init) : fetch(url, init)) });
  opened = true;
  await withCaches(memoryCaches(), () => assert.rejects(stale.keepOffline(), { name: 'NewsdexError', code: 'ChunkMismatch', message: /core\.ndx has \d+ bytes, not the \d+ of the index that was opened$/ }));
  // A core of the same length with other bytes (one changed here): not the index that was
  // opened, so its chunks are not kept for it.
  const altered = async (url, init) => {
    const response = await fetch(url, init);
    if (!url.endsWith('/core.ndx')) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    bytes[bytes.length - 1] ^= 1;
    return new Response(bytes);
  };
  let openedOnce = false;
  const changed = await Newsdex.open(`${server.url}/core.ndx`, { fetch: (url, init) => (openedOnce ? altered(url, init) : fetch(url, init)) });
  openedOnce = true;
  await withCaches(memoryCaches(), () => assert.rejects(changed.keepOffline(), { name: 'NewsdexError', code: 'ChunkMismatch', message: /core\.ndx has changed since it was opened: open it again to keep it$/ }));
  // A chunk file of another length than the core says.
  const cut = async (url, init) => {
    const response = await fetch(url, init);
    return url.endsWith('.chunk') ? new Response((await response.arrayBuffer()).slice(1)) : response;
  };
  const short = await Newsdex.open(`${server.url}/core.ndx`, { fetch: cut });
  await withCaches(memoryCaches(), () => assert.rejects(short.keepOffline(), { name: 'NewsdexError', code: 'ChunkMismatch', message: /\/core-[0-9a-f]{16}\.chunk has \d+ bytes, not the \d+ of the index that was opened$/ }));
});
