// Dates and an archive's own facet fields on the page: an index built with `--facet topics
// --facet section` from fixtures/labelled.jsonl; its values and the matches by month show beside
// the results, as buttons that put `topics:"…"` and `date:…` filters into the query, and the
// results can be ordered newest or oldest first, kept in the address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildIndex, launch, newPage, open, params, readFacets, readResults, repo, resultsFor, screenshot,
} from './harness.mjs';

let site;
before(async () => {
  const labelled = buildIndex(`${repo}tests/browser/fixtures/labelled.jsonl`, ['--facet', 'topics', '--facet', 'section']);
  site = await launch({ extra: { '/labelled.ndx': { body: labelled, type: 'application/octet-stream' } } });
});
after(async () => { await site?.close(); });

const names = (group) => group.entries.map(({ name, count, pressed }) => `${name} ${count}${pressed ? ' ✓' : ''}`);

test('site facets and dates beside the results filter the query; the order choice sorts by date', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/labelled.ndx&q=harbour`);
  await resultsFor(page, 'harbour');
  const facets = await readFacets(page);
  assert.deepEqual(names(facets['field:topics']), ['shipping 2', 'history 1', 'labour 1', 'sailing 1', 'tariffs 1']);
  assert.deepEqual(names(facets['field:section']), ['Business 2', 'Culture 1', 'Sport 1']);
  assert.equal(facets['field:topics'].heading, 'topics');
  assert.deepEqual(names(facets.dates), ['2016-04 2', '2016-05 1'], 'months, as the matches span over 24 days');
  assert.equal(await page.locator('#facets .facet-note').textContent(), '1 without a date');
  await screenshot(page, 'results-dates-facets');

  await page.getByRole('button', { name: /^shipping/ }).click();
  await resultsFor(page, 'topics:"shipping" harbour');
  assert.deepEqual((await readResults(page)).ids.sort(), ['lab-1', 'lab-2']);
  assert.deepEqual(names((await readFacets(page))['field:topics']).slice(0, 1), ['shipping 2 ✓']);
  const days = names((await readFacets(page)).dates);
  assert.equal(days.length, 20, 'days, for matches within 24 days');
  assert.deepEqual([days[0], days[1], days[19]], ['2016-04-01 1', '2016-04-02 0', '2016-04-20 1']);
  await page.locator('#facets button[aria-pressed="true"]').click();
  await resultsFor(page, 'harbour');

  await page.locator('#facets button[data-filter="date:2016-05"]').click();
  await resultsFor(page, 'date:2016-05 harbour');
  assert.deepEqual((await readResults(page)).ids, ['lab-3']);
  await page.goBack();
  await resultsFor(page, 'harbour');

  await page.selectOption('#sort', 'newest');
  await page.waitForFunction(() => new URLSearchParams(window.location.search).get('sort') === 'newest');
  assert.deepEqual((await readResults(page)).ids, ['lab-3', 'lab-2', 'lab-1', 'lab-4'], 'newest first, the undated last');
  assert.deepEqual(params(page), { index: '/labelled.ndx', q: 'harbour', sort: 'newest' });
  await page.selectOption('#sort', 'oldest');
  await page.waitForFunction(() => new URLSearchParams(window.location.search).get('sort') === 'oldest');
  assert.deepEqual((await readResults(page)).ids, ['lab-1', 'lab-2', 'lab-3', 'lab-4']);
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('sort').value === 'newest');
  await open(page, `${site.url}/?index=/labelled.ndx&q=harbour+date:2016-13`);
  assert.match(await page.locator('#alert').textContent(), /^newsdex: in the query, `date:2016-13` is not a date: there is no month 13/);
  assert.deepEqual(problems, []);
});
