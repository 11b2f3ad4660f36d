// Stories on the page, over the stories cases' corpus (tests/cases/stories.json): one hit per
// story with its copies listed under it (every copy with ?copies=all), an article's related
// stories and copies under it, from a single file and a sharded index alike, and the entity
// view of a name searched for: its articles over time as bars that filter by period.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  articleShown, buildIndex, launch, newPage, open, params, readFacets, readResults, repo, resultsFor, screenshot, search,
} from './harness.mjs';

const cases = JSON.parse(readFileSync(`${repo}tests/cases/stories.json`, 'utf8'));
const corpus = `${repo}${cases.corpus}`;

let site;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-stories-'));
  execFileSync(`${repo}target/release/newsdex`, ['build', corpus, '-o', join(dir, 'core.ndx'), '--shards', '--chunk-kib', '4'], { stdio: 'pipe' });
  site = await launch({
    extra: { '/stories.ndx': { body: buildIndex(corpus), type: 'application/octet-stream' } },
    mounts: [['/sharded/', dir]],
  });
});
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The copies listed under each hit that has some: `{ id: [copy ids] }`. */
const copiesOf = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#hits > [data-id]')]
  .filter((hit) => hit.querySelector('.hit-copies'))
  .map((hit) => [hit.dataset.id, [...hit.querySelectorAll('.hit-copies a')].map((a) => a.textContent)])));

/** The related stories and copies under the open article. */
const storiesShown = (page) => page.evaluate(() => ({
  heading: document.querySelector('#article-stories h3')?.textContent ?? null,
  related: [...document.querySelectorAll('#article-stories .related')].map((item) => item.dataset.id),
  copies: [...document.querySelectorAll('#article-stories .story-copies a')].map((a) => a.textContent),
}));

test('the search cases, typed into the page, which collapses copies unless told not to', async (t) => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/stories.ndx`);
  for (const item of cases.search.filter((c) => !c.options || (c.options.collapse && !c.options.offset))) {
    await t.test(item.name, async () => {
      // The page collapses by default: a case without it is opened with every copy.
      if (!item.options) await open(page, `${site.url}/?${new URLSearchParams({ index: '/stories.ndx', copies: 'all', q: item.query })}`);
      else await search(page, item.query);
      await resultsFor(page, item.query);
      const results = await readResults(page);
      assert.equal(results.total, item.total);
      if (item.ids) assert.deepEqual(results.ids, item.ids);
      const shown = await copiesOf(page);
      for (const [id, copies] of Object.entries(item.duplicates ?? {})) {
        assert.ok(results.ids.includes(id), `${id} is a hit`);
        assert.deepEqual(shown[id] ?? [], copies, `the copies under ${id}`);
      }
      if (!item.options) await open(page, `${site.url}/?index=/stories.ndx`);
    });
  }
  assert.deepEqual(problems, []);
});

test('a copy listed under a hit opens; an article shows its related stories and copies', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/stories.ndx&q=rates`);
  await resultsFor(page, 'rates');
  await screenshot(page, 'results-copies');
  await page.locator('#hits .hit-copies a', { hasText: 'rate-2' }).click();
  await articleShown(page, 'rate-2');
  assert.equal(params(page).article, 'rate-2');
  let shown = await storiesShown(page);
  assert.deepEqual(shown.copies, ['rate-1', 'rate-3']);
  const [wanted] = cases.related.filter((c) => c.id === 'rate-2');
  for (const id of wanted.include) assert.ok(shown.related.includes(id), `${id} in ${shown.related}`);
  for (const id of wanted.exclude) assert.ok(!shown.related.includes(id), `${id} not in ${shown.related}`);
  assert.equal(shown.heading, 'Related stories');
  await screenshot(page, 'article-related', { fullPage: true });

  await page.locator('#article-stories .related a').first().click();
  await articleShown(page, shown.related[0]);
  shown = await storiesShown(page);
  assert.ok(shown.related.length > 0);
  assert.deepEqual(problems, []);
});

test('a sharded index shows the same stories, fetched as they are needed', async () => {
  const { page, problems } = await newPage(site.browser);
  const single = await newPage(site.browser);
  for (const id of ['rate-1', 'cup-2', 'harvest']) {
    await open(page, `${site.url}/?index=/sharded/core.ndx&article=${id}`);
    await open(single.page, `${site.url}/?index=/stories.ndx&article=${id}`);
    await articleShown(page, id);
    await articleShown(single.page, id);
    await page.waitForFunction(() => document.querySelector('#article-stories').hasChildNodes());
    assert.deepEqual(await storiesShown(page), await storiesShown(single.page), id);
  }
  await open(page, `${site.url}/?index=/sharded/core.ndx&q=rates`);
  await resultsFor(page, 'rates');
  assert.equal((await readResults(page)).total, 4);
  assert.deepEqual(await copiesOf(page), { 'rate-1': ['rate-2', 'rate-3'] });
  assert.deepEqual(problems, []);
  assert.deepEqual(single.problems, []);
});

test('a name searched for shows its articles over time; a bar filters the search to its period', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/stories.ndx&q=rates`);
  await resultsFor(page, 'rates');
  assert.equal(await page.locator('#entity-panel').isHidden(), true, 'no one name is searched for');
  const person = (await readFacets(page)).PER.entries[0];
  await page.locator('#facets button', { hasText: person.name }).first().click();
  const query = `person:"${person.name}" rates`;
  await resultsFor(page, query);
  await page.waitForFunction(() => !document.getElementById('entity-panel').hidden);
  const panel = await page.evaluate(() => ({
    name: document.querySelector('.entity-panel-name').textContent,
    bars: [...document.querySelectorAll('.timeline-bar')].map((bar) => ({ period: bar.dataset.period, count: Number(bar.dataset.count) })),
    companions: [...document.querySelectorAll('.entity-related .chip')].map((chip) => chip.dataset.entity),
  }));
  assert.equal(panel.name, person.name);
  assert.ok(panel.bars.length > 0);
  await screenshot(page, 'entity-timeline');
  // A bar counts the name's articles in its period, every one, copies too.
  const bar = panel.bars.find(({ count }) => count > 0);
  await page.locator(`.timeline-bar[data-period="${bar.period}"]`).click();
  const filtered = `date:${bar.period} ${query}`;
  await resultsFor(page, filtered);
  assert.equal(params(page).q, filtered);
  assert.equal(await page.locator(`.timeline-bar[data-period="${bar.period}"]`).getAttribute('aria-pressed'), 'true');
  await open(page, `${site.url}/?${new URLSearchParams({ index: '/stories.ndx', copies: 'all', q: `date:${bar.period} person:"${person.name}"` })}`);
  await resultsFor(page, `date:${bar.period} person:"${person.name}"`);
  assert.equal((await readResults(page)).total, bar.count);
  assert.deepEqual(problems, []);
});
