// Offline reading: the pages register a service worker (www/sw.js, from www/js/offline.js)
// that keeps what they loaded. Once it controls a page, the browser context goes offline and
// the page is reloaded: the search page must still search and open articles (on the embedded
// index and on an index file from ?index=), and the demo article page must still mark names
// and search. Caches of older versions go when the worker activates.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { articleShown, goOffline, keptForOffline, launch, newPage, open, readArticle, readResults, repo, search } from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';

let site;
before(async () => {
  const { Newsdex } = await import(`${repo}pkg/node.js`);
  const own = await Newsdex.build([
    { id: 'o1', title: 'Ferries return to the Hebrides', body: 'Ferries sailed from Oban to Mull on Monday after the storm.' },
    { id: 'o2', title: 'Harbour works in Oban', body: 'The council approved new harbour works in Oban.' },
  ]);
  const type = 'application/octet-stream';
  site = await launch({ extra: {
    '/own.ndx': { body: Buffer.from(own), type },
    '/blank.html': { body: '<!doctype html><title>blank</title><link rel="icon" href="data:,">', type: 'text/html' },
  } });
});
// A test that went offline leaves the server refusing; the next one starts online.
afterEach(() => site?.setReachable(true));
after(async () => { await site?.close(); });

test('the search page, reloaded offline, searches the embedded index and opens an article', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  await keptForOffline(page);
  await goOffline(page, site);

  await page.reload();
  await page.waitForFunction(() => !document.getElementById('q').disabled);
  await search(page, 'lavrov');
  const results = await readResults(page);
  assert.equal(results.total, 2);
  assert.deepEqual(results.ids, [KERRY, '000_5ea1769a20fb7706']);
  await page.locator(`#hits > [data-id="${KERRY}"] a`).first().click();
  await articleShown(page, KERRY);
  assert.deepEqual((await readArticle(page)).marks, ['Lavrov', 'Lavrov', 'Lavrov']);

  // Another address of the same page (another query) is the same kept page.
  await page.goto(`${site.url}/?q=aleppo`);
  await page.waitForFunction(() => document.getElementById('result-count').dataset.query === 'aleppo');
  assert.equal((await readResults(page)).total, 2);
  assert.deepEqual(problems, []);
});

test('an index file opened with ?index= is kept too', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/own.ndx&q=oban`);
  await keptForOffline(page, ['/own.ndx']);
  await goOffline(page, site);

  await page.reload();
  await page.waitForFunction(() => document.getElementById('result-count').dataset.query === 'oban');
  assert.deepEqual((await readResults(page)).ids.sort(), ['o1', 'o2']);
  assert.match(await page.locator('#stats').textContent(), /^2 articles · .*own\.ndx$/);
  assert.deepEqual(problems, []);
});

test('the demo article page, reloaded offline, marks names and searches', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/embed.html`);
  await keptForOffline(page);
  await goOffline(page, site);

  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('#story mark[data-entity="per/john-kerry"]').length > 5);
  const input = page.locator('newsdex-search input');
  await input.fill('kerry');
  await page.waitForFunction(() => document.querySelector('newsdex-search').shadowRoot.querySelectorAll('[role="option"]').length === 2);
  assert.deepEqual(problems, []);
});

test('activating the worker deletes the caches of its older versions, and only those', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/blank.html`);
  await page.evaluate(async () => {
    await caches.open('newsdex-v0');
    await caches.open('another-app');
    // Where kept archives are (keepOffline), whatever the worker's version.
    await caches.open('newsdex-archive');
  });
  await open(page, `${site.url}/`);
  await keptForOffline(page);
  const names = await page.evaluate(() => caches.keys());
  const others = ['another-app', 'newsdex-archive'];
  assert.equal(names.length, 3, names.join(', '));
  assert.deepEqual(names.filter((name) => others.includes(name)).sort(), others, names.join(', '));
  assert.match(names.find((name) => !others.includes(name)), /^newsdex-v[1-9]\d*$/);
  assert.deepEqual(problems, []);
});
