// Offline reading of a sharded index (`newsdex build --shards`): the service worker (www/sw.js)
// keeps the byte ranges of chunk files a reader's searches fetched, and answers them when the
// network is gone, so the same searches work after an offline reload while others do not;
// `keepOffline()` fetches the whole index into the Cache API, with progress, after which any
// search and any article work offline. What the page shows offline is compared with what the
// same page shows online on the same articles built as one index file.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  articleShown, buildShardedPair, goOffline, goOnline, keptForOffline, launch, newPage, open, readArticle, readResults, resultsFor, search,
} from './harness.mjs';

// Searched online before going offline, then searched offline again: its ranges of a chunk
// come several to a request (multipart/byteranges).
const SEARCHED = '"foreign minister"';
// Never searched before keepOffline: other words, whose postings lie in chunk ranges the first
// search never read, and whose hits' text it did not read either.
const LATER = ['embassy', 'treaty border', 'rally', 'geneva round 7'];

let site;
let dir;
/** What the page shows online for each query on the single file, and an article among the hits of the last. */
let expected;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-offline-sharded-'));
  buildShardedPair(dir);
  const blank = '<!doctype html><title>blank</title><link rel="icon" href="data:,">';
  site = await launch({ mounts: [['/archive/', dir]], extra: { '/blank.html': { body: blank, type: 'text/html' } } });
  const { page } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/archive/single.ndx`);
  expected = { results: {} };
  for (const query of [SEARCHED, ...LATER]) {
    await search(page, query);
    expected.results[query] = await readResults(page);
    assert.ok(expected.results[query].total > 0, query);
  }
  expected.articleId = expected.results[LATER.at(-1)].ids.at(-1);
  assert.ok(!expected.results[SEARCHED].ids.includes(expected.articleId));
  await page.click(`#hits > [data-id="${expected.articleId}"] a`);
  await articleShown(page, expected.articleId);
  expected.article = await readArticle(page);
  assert.ok(expected.article.paragraphs.length > 0 && expected.article.marks.length > 0);
  await page.context().close();
});
// A test that went offline leaves the server refusing; the next one starts online.
afterEach(() => site?.setReachable(true));
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the worker has stored everything the page fetched so far: its answer to a
 * request to keep nothing more comes after the chunk ranges it is storing are stored. */
function workerSettled(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    navigator.serviceWorker.controller.postMessage({ type: 'newsdex-keep', urls: [] }, [channel.port2]);
  }));
}

/** The chunk files' addresses the caches hold whole, and how many kept ranges of them. */
function keptChunks(page) {
  return page.evaluate(async () => {
    const whole = [];
    let ranges = 0;
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        const url = new URL(request.url);
        if (!url.pathname.endsWith('.chunk')) continue;
        if (url.search === '') whole.push(url.pathname);
        else ranges += 1;
      }
    }
    return { whole: whole.sort(), ranges };
  });
}

/** Runs `query` on the page, offline or not, and returns what it shows and any alert. */
async function shows(page, query) {
  await search(page, query);
  return { results: await readResults(page), alert: await page.locator('#alert').textContent() };
}

test('searches fetched online answer offline after a reload; the whole index, once kept, answers anything', async () => {
  const chunkFiles = readdirSync(dir).filter((name) => name.endsWith('.chunk')).sort();
  assert.ok(chunkFiles.length >= 8, 'several chunk files');
  const { page, problems } = await newPage(site.browser);
  const chunkRequests = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.chunk')) chunkRequests.push(request.headers().range ?? 'whole');
  });
  await open(page, `${site.url}/?index=/archive/news.ndx`);
  await keptForOffline(page, ['/archive/news.ndx']);

  // Online, through the worker: ranges only, several in a request, none kept whole.
  const online = await shows(page, SEARCHED);
  assert.deepEqual(online.results, expected.results[SEARCHED]);
  assert.ok(chunkRequests.length > 0 && chunkRequests.every((range) => /^bytes=\d+-\d+(,\d+-\d+)*$/.test(range)), chunkRequests.join(', '));
  assert.ok(chunkRequests.some((range) => range.includes(',')), chunkRequests.join(', '));
  await workerSettled(page);
  const kept = await keptChunks(page);
  assert.deepEqual(kept.whole, []);
  assert.ok(kept.ranges > 0, 'the ranges fetched are kept');

  // Offline, after a reload: the same search shows the same hits; a search that needs other
  // ranges fails.
  await goOffline(page, site);
  await page.reload();
  await resultsFor(page, SEARCHED);
  assert.deepEqual(await readResults(page), online.results);
  const unseen = await shows(page, 'embassy');
  assert.equal(unseen.results.total, 0);
  assert.match(unseen.alert, /could not fetch .*\.chunk/);

  // Back online, the whole index is kept, reporting its progress in bytes.
  await goOnline(page, site);
  const progress = await page.evaluate(async () => {
    const { Newsdex } = await import('/pkg/index.js');
    const dex = await Newsdex.open('/archive/news.ndx');
    const events = [];
    await dex.keepOffline({ onProgress: (event) => events.push(event) });
    dex.close();
    return events;
  });
  const total = statSync(join(dir, 'news.ndx')).size + chunkFiles.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  assert.ok(progress.length > chunkFiles.length, `${progress.length} progress events`);
  assert.ok(progress.every((event) => event.total === total), 'the total is known from the first event on');
  assert.equal(progress[0].loaded, 0);
  assert.ok(progress.every((event, i) => i === 0 || event.loaded >= progress[i - 1].loaded), 'loaded never falls');
  assert.equal(progress.at(-1).loaded, total);
  assert.deepEqual((await keptChunks(page)).whole, chunkFiles.map((name) => `/archive/${name}`));

  // Offline again, after a reload: searches never made before, and an article never opened.
  await goOffline(page, site);
  await page.reload();
  await page.waitForFunction(() => !document.getElementById('q').disabled);
  for (const query of LATER) {
    const offline = await shows(page, query);
    assert.deepEqual(offline.results, expected.results[query], query);
    assert.equal(offline.alert, '', query);
  }
  await page.click(`#hits > [data-id="${expected.articleId}"] a`);
  await articleShown(page, expected.articleId);
  assert.deepEqual(await readArticle(page), expected.article);
  // Chromium reports the chunk request the worker could not answer offline; nothing else may appear.
  assert.deepEqual(problems.filter((problem) => problem !== 'console.error: Failed to load resource: net::ERR_FAILED'), []);
});

test('keepOffline refuses an index that is not sharded, and says so when the browser has no room', async () => {
  const { page, problems } = await newPage(site.browser);
  // A page without the service worker, which would keep the pages' files in the same quota.
  await page.goto(`${site.url}/blank.html`);
  const refusals = await page.evaluate(async () => {
    const { Newsdex } = await import('/pkg/index.js');
    const refusal = (dex) => dex.keepOffline().then(() => null, (error) => ({ code: error.code, message: error.message }));
    return {
      file: await refusal(await Newsdex.open('/archive/single.ndx')),
      embedded: await refusal(await Newsdex.load()),
    };
  });
  for (const refusal of Object.values(refusals)) {
    assert.equal(refusal?.code, 'NotSharded');
    assert.match(refusal.message, /^newsdex: keepOffline\(\) keeps a sharded index/);
  }

  // A quota smaller than the index: the browser refuses to store it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.url, quotaSize: 2048 });
  const full = await page.evaluate(async () => {
    const { Newsdex } = await import('/pkg/index.js');
    const dex = await Newsdex.open('/archive/news.ndx');
    return dex.keepOffline().then(() => null, (error) => ({ code: error.code, message: error.message, name: error.name }));
  });
  assert.equal(full?.code, 'Storage', JSON.stringify(full));
  assert.equal(full.name, 'NewsdexError');
  assert.match(full.message, /^newsdex: could not store .* for reading offline: the browser has no more room for this site$/);
  assert.deepEqual(problems, []);
});
