// The search page (www/index.html) on an index the CLI builds from the hostile corpus
// (tests/hostile/: 64 XSS payloads in every field of 64 articles): the results, the facets,
// every payload typed as a query and every article view show the payloads as text and run
// none of them (no dialog, no console message, no `window.__pwned`, no element a payload
// names, no handler attribute, no script address), and the link to the original is only ever
// an http(s) address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  articleShown, buildIndex, launch, newPage, open, readArticle, readFacets, readResults, resultsFor,
} from './harness.mjs';
import { fixtureUrl, hostileArticles, hostileJsonl, payloads } from '../hostile/fixture.mjs';
import { injected, snapshot } from '../hostile/probe.mjs';

const articles = hostileArticles();
/** Text as the page shows it: a line break is a <br>, which has no text. */
const shown = (text) => text.replaceAll('\n', '');
let site;
before(async () => {
  const index = buildIndex(fileURLToPath(fixtureUrl));
  site = await launch({ extra: { '/hostile.ndx': { body: index, type: 'application/octet-stream' } } });
});
after(async () => { await site?.close(); });

/** Opens the page on the hostile index and takes the snapshot to compare with. */
async function openHostile(query = '') {
  const opened = await newPage(site.browser);
  await open(opened.page, `${site.url}/?index=/hostile.ndx`);
  const baseline = await snapshot(opened.page);
  // Every copy a hit of its own (copies=all): payload articles alike enough are one story.
  if (query) await open(opened.page, `${site.url}/?index=/hostile.ndx&limit=100&copies=all&q=${encodeURIComponent(query)}`);
  return { ...opened, baseline };
}

test('the hostile corpus is current with its payloads', () => {
  assert.ok(payloads.length >= 50, `${payloads.length} payloads`);
  assert.equal(readFileSync(fixtureUrl, 'utf8'), hostileJsonl(), 'run node tests/hostile/fixture.mjs');
});

test('every hit and facet shows its payloads as text', async () => {
  const { page, problems, baseline } = await openHostile('kerry');
  await resultsFor(page, 'kerry');
  const results = await readResults(page);
  assert.equal(results.total, articles.length);
  const byId = new Map(articles.map((article) => [article.id, article]));
  assert.deepEqual(results.ids.slice().sort(), [...byId.keys()].sort());
  for (const hit of results.hits) assert.equal(hit.title, shown(byId.get(hit.id).title));
  const sources = await page.locator('#hits > [data-id] .source').allTextContents();
  assert.deepEqual(sources.slice().sort(), results.hits.map((hit) => byId.get(hit.id).source).sort());
  for (const { name } of (await readFacets(page)).source.entries) assert.ok(payloads.includes(name), name);
  assert.deepEqual(injected(baseline, await snapshot(page)), []);
  assert.deepEqual(problems, []);
});

test('every payload typed as the query runs nothing', async () => {
  const { page, problems, baseline } = await openHostile();
  for (const payload of payloads) {
    await page.fill('#q', payload);
    // The search box drops line breaks, so wait for the query as the box holds it.
    await resultsFor(page, await page.inputValue('#q'));
    assert.deepEqual(injected(baseline, await snapshot(page)), [], JSON.stringify(payload));
  }
  assert.deepEqual(problems, []);
});

test('every article shows its payloads as text and links only to http(s) addresses', async () => {
  const { page, problems, baseline } = await openHostile('kerry');
  await resultsFor(page, 'kerry');
  const byId = new Map(articles.map((article) => [article.id, article]));
  const hits = page.locator('#hits > [data-id]');
  assert.equal(await hits.count(), articles.length);
  for (let i = 0; i < articles.length; i += 1) {
    // Opened from the results as a reader does, and back to them, without reloading the page.
    const article = byId.get(await hits.nth(i).getAttribute('data-id'));
    await hits.nth(i).locator('.hit-title a').click();
    await articleShown(page, article.id);
    const view = await readArticle(page);
    const what = JSON.stringify(article.id);
    assert.equal(view.title, shown(article.title), what);
    assert.equal(view.description, shown(article.description), what);
    assert.equal(view.source, article.source, what);
    assert.equal(view.paragraphs.join(''), shown(article.body), what);
    assert.equal(await page.locator('#article .kicker').textContent(), article.section, what);
    const anchors = page.locator('#article a.original');
    const link = (await anchors.count()) ? await anchors.getAttribute('href') : null;
    if (/^https?:/.test(article.url)) assert.equal(link, new URL(article.url).href, what);
    else {
      assert.equal(link, null, what);
      assert.equal(await page.locator('#article .original').textContent(), article.url, what);
    }
    assert.deepEqual(injected(baseline, await snapshot(page)), [], what);
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('article-view').hidden);
  }
  assert.deepEqual(problems, []);
});
