// The page and <newsdex-search> on a sharded index (`newsdex build --shards`) in Chromium:
// ?index= (or the element's src) names the core, searches and articles fetch their chunk ranges
// with HTTP range requests, and each shows exactly what it shows for the same articles as one
// index file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  articleShown, buildShardedPair, launch, newPage, open, readArticle, readFacets, readResults, resultsFor, search,
} from './harness.mjs';

// The element on the sharded index, and the same queries' hits from the single file beside it.
const ELEMENT_PAGE = `<!doctype html><title>sharded element</title><link rel="icon" href="data:,">
<newsdex-search src="/archive/news.ndx"></newsdex-search>
<script type="module">
  import '/pkg/element.js';
  import { Newsdex } from '/pkg/index.js';
  const box = document.querySelector('newsdex-search');
  box.addEventListener('newsdex-error', (event) => { document.body.dataset.error = event.detail.error.code; });
  const single = await Newsdex.open('/archive/single.ndx');
  window.expected = (query) => {
    const { total, hits } = single.search(query, { limit: box.limit, facets: false });
    return { ids: hits.map((hit) => hit.id), titles: hits.map((hit) => hit.title), status: total === 1 ? '1 result' : \`\${total} results\` };
  };
  window.shown = () => {
    const options = [...box.shadowRoot.querySelectorAll('[role="option"]')];
    return {
      ids: options.map((option) => option.dataset.id),
      titles: options.map((option) => option.querySelector('.title').textContent),
      status: box.shadowRoot.querySelector('[role="status"]').textContent,
    };
  };
  await box.ready;
  document.body.dataset.ready = 'yes';
</script>`;

let site;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-sharded-page-'));
  buildShardedPair(dir);
  site = await launch({ mounts: [['/archive/', dir]], extra: { '/element.html': { body: ELEMENT_PAGE, type: 'text/html' } } });
});
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES = ['lavrov', 'kerry syria', '"foreign minister"', 'syri', 'person:kerry', 'geneva round 7', 'ministers -lavrov'];

test('the page searches a sharded index with range requests and shows what one file shows', async () => {
  assert.ok(readdirSync(dir).filter((name) => name.endsWith('.chunk')).length >= 8, 'several chunk files');
  const single = await newPage(site.browser);
  await open(single.page, `${site.url}/?index=/archive/single.ndx`);
  const sharded = await newPage(site.browser);
  const chunkRequests = [];
  sharded.page.on('request', (request) => {
    if (request.url().endsWith('.chunk')) chunkRequests.push(request.headers().range ?? 'no range');
  });
  await open(sharded.page, `${site.url}/?index=/archive/news.ndx`);
  for (const query of QUERIES) {
    await search(single.page, query);
    await search(sharded.page, query);
    const [want, got] = [await readResults(single.page), await readResults(sharded.page)];
    assert.ok(want.total > 0, query);
    assert.deepEqual(got, want, query);
  }
  // By date: the filters, the panel with its dates, and the order newest first.
  for (const query of ['date:2024', 'glasgow OR ministers -date:2024-05']) {
    await search(single.page, query);
    await search(sharded.page, query);
    assert.deepEqual(await readResults(sharded.page), await readResults(single.page), query);
    assert.deepEqual(await readFacets(sharded.page), await readFacets(single.page), query);
  }
  for (const { page } of [single, sharded]) {
    await page.selectOption('#sort', 'newest');
    await resultsFor(page, 'glasgow OR ministers -date:2024-05');
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('sort') === 'newest');
  }
  // A sharded search answers when its pieces have come: wait for it, then compare.
  const sorted = await readResults(single.page);
  let shown = await readResults(sharded.page);
  for (let tries = 0; tries < 50 && JSON.stringify(shown) !== JSON.stringify(sorted); tries += 1) {
    await sharded.page.waitForTimeout(100);
    shown = await readResults(sharded.page);
  }
  assert.deepEqual(shown, sorted, 'sorted newest');

  // Byte ranges only, never a whole chunk; a chunk's ranges of one round in one request.
  assert.ok(chunkRequests.length > 0 && chunkRequests.every((range) => /^bytes=\d+-\d+(,\d+-\d+)*$/.test(range)), chunkRequests.join(', '));
  assert.ok(chunkRequests.some((range) => range.includes(',')), chunkRequests.join(', '));

  // The first hit's article, opened from the results.
  await search(sharded.page, 'lavrov');
  await search(single.page, 'lavrov');
  const id = (await readResults(sharded.page)).ids[0];
  for (const { page } of [single, sharded]) {
    await page.click(`#hits > [data-id="${id}"] a`);
    await articleShown(page, id);
  }
  const [want, got] = [await readArticle(single.page), await readArticle(sharded.page)];
  assert.ok(want.paragraphs.length > 0 && want.marks.includes('Lavrov'));
  assert.deepEqual(got, want);
  assert.deepEqual(sharded.problems, []);
  assert.deepEqual(single.problems, []);
});

/** Opens the element's page, recording the Range header of every chunk request. */
async function openElement() {
  const opened = await newPage(site.browser);
  const chunkRequests = [];
  opened.page.on('request', (request) => {
    if (request.url().endsWith('.chunk')) chunkRequests.push(request.headers().range ?? 'no range');
  });
  await opened.page.goto(`${site.url}/element.html`);
  await opened.page.waitForFunction(() => document.body.dataset.ready === 'yes');
  return { ...opened, chunkRequests };
}

/** What the element shows for `query` (its options' ids and titles, and its status), and what it should. */
async function elementShows(page, query) {
  await page.fill('newsdex-search input', query);
  const want = await page.evaluate((q) => window.expected(q), query);
  // A sharded search answers once its chunks have come, the box showing the last answer until
  // then; if this one never comes, the comparison that follows says what is shown instead.
  await page.waitForFunction((expected) => JSON.stringify(window.shown()) === expected, JSON.stringify(want)).catch(() => {});
  return { want, got: await page.evaluate(() => window.shown()) };
}

test('<newsdex-search src> opens a sharded index and lists what the single file finds', async () => {
  const { page, problems, chunkRequests } = await openElement();
  for (const query of QUERIES) {
    const { want, got } = await elementShows(page, query);
    assert.ok(want.ids.length > 0, query);
    assert.deepEqual(got, want, query);
  }
  assert.ok(chunkRequests.length > 0 && chunkRequests.every((range) => /^bytes=\d+-\d+(,\d+-\d+)*$/.test(range)), chunkRequests.join(', '));
  assert.equal(await page.evaluate(() => document.body.dataset.error), undefined);
  assert.deepEqual(problems, []);
});

test('<newsdex-search> tells the reader in plain words when a sharded search cannot fetch its chunks', async () => {
  const { page, problems } = await openElement();
  await page.route('**/*.chunk', (route) => route.fulfill({ status: 503, body: '' }));
  await page.fill('newsdex-search input', 'ministers');
  await page.waitForFunction(() => document.body.dataset.error);
  assert.equal(await page.evaluate(() => document.body.dataset.error), 'Fetch');
  assert.equal(await page.locator('newsdex-search [role="status"]').textContent(), 'The search could not reach the server. Please try again.');
  assert.equal(await page.locator('newsdex-search [role="option"]').count(), 0);
  // Chromium itself reports the failed requests; nothing else may appear.
  assert.deepEqual(problems.filter((problem) => !/status of 503/.test(problem)), []);
});

test('typing a query one key at a time on a sharded index with a one-byte cache shows its results and no error', async () => {
  const single = await newPage(site.browser);
  await open(single.page, `${site.url}/?index=/archive/single.ndx`);
  // No service worker: it would fetch the package itself, past the route below.
  const sharded = await newPage(site.browser, { serviceWorkers: 'block' });
  // The page keeps the package's default cache (64 MiB); served with a cache of one byte, every
  // keystroke's search drops what is kept while the searches before it still fetch.
  let shrunk = false;
  await sharded.page.route('**/pkg/index.js', async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    shrunk = text.includes('#cacheBytes = 64 << 20;');
    await route.fulfill({ response, body: text.replace('#cacheBytes = 64 << 20;', '#cacheBytes = 1;') });
  });
  await open(sharded.page, `${site.url}/?index=/archive/news.ndx`);
  assert.ok(shrunk, 'the cache was made one byte');
  for (const query of ['kerry syria', 'geneva round 7', 'ministers -lavrov', 'syri']) {
    await sharded.page.fill('#q', '');
    await sharded.page.type('#q', query, { delay: 5 });
    await resultsFor(sharded.page, query);
    // Long enough for a stale search to land, were one still to be drawn.
    await sharded.page.waitForTimeout(300);
    await resultsFor(sharded.page, query);
    await search(single.page, query);
    const [want, got] = [await readResults(single.page), await readResults(sharded.page)];
    assert.ok(want.total > 0, query);
    assert.deepEqual(got, want, query);
    assert.equal(await sharded.page.textContent('#alert'), '', query);
  }
  assert.deepEqual(sharded.problems.filter((problem) => !/Service Worker registration blocked/.test(problem)), []);
});
