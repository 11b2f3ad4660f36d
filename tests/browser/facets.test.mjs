// The facet panel beside the results and the entity chips under each hit: what they show is
// what dex.search says, and each filters the search, by mouse and by keyboard. A screenshot of
// the results with their facets lands in tests/browser/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  articleShown, launch, newPage, open, openDex, params, readFacets, readResults, resultsFor, screenshot, search,
} from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';
const XINHUA = '000_5ea1769a20fb7706';
const HEADINGS = { PER: 'People', LOC: 'Places', ORG: 'Organisations', MISC: 'Other names', source: 'Sources' };

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

/** The facets of `query` from the API, shaped as readFacets shows them (empty groups left out). */
async function apiFacets(dex, query) {
  const facets = await dex.evaluate((d, q) => d.search(q).facets, query);
  return Object.fromEntries(Object.entries(HEADINGS)
    .filter(([group]) => facets[group].length)
    .map(([group, heading]) => [group, {
      heading,
      entries: facets[group].map(({ name, count }) => ({ name, count, pressed: false })),
    }]));
}

const pressed = (facets) => Object.values(facets).flatMap(({ entries }) => entries.filter((entry) => entry.pressed).map((entry) => entry.name));
const focusedFilter = (page) => page.evaluate(() => document.activeElement.dataset.filter ?? document.activeElement.id);

test('the facet panel shows the counts of all matching articles, and its buttons add and remove filters', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  assert.equal(await readFacets(page), null, 'no query, no panel');
  const dex = await openDex(page);

  await search(page, 'lavrov');
  const facets = await readFacets(page);
  assert.deepEqual(facets, await apiFacets(dex, 'lavrov'));
  assert.deepEqual(facets.PER.entries.slice(0, 2), [
    { name: 'John Kerry', count: 2, pressed: false },
    { name: 'Sergei Lavrov', count: 2, pressed: false },
  ]);
  assert.deepEqual(facets.source.entries, [{ name: 'Xinhua News Agency', count: 1, pressed: false }]);
  assert.equal(await page.locator('#facets h2').textContent(), 'In these results');
  assert.equal(await page.locator('#facets').getAttribute('aria-labelledby'), 'facets-heading');
  assert.equal(await page.getByRole('button', { name: 'Mark Toner 1 article' }).count(), 1, 'a button named with its count');
  await screenshot(page, 'results-facets');

  // A click puts the filter in front of the query (the word being typed stays a prefix).
  await page.getByRole('button', { name: /^Mark Toner/ }).click();
  await resultsFor(page, 'person:"Mark Toner" lavrov');
  assert.deepEqual(params(page), { q: 'person:"Mark Toner" lavrov' });
  assert.deepEqual((await readResults(page)).ids, [XINHUA]);
  const narrowed = await apiFacets(dex, 'person:"Mark Toner" lavrov');
  narrowed.PER.entries.find((entry) => entry.name === 'Mark Toner').pressed = true;
  assert.deepEqual(await readFacets(page), narrowed, 'recounted over the narrower results, the filter pressed');
  assert.equal(await focusedFilter(page), 'person:"Mark Toner"', 'the button keeps the focus');

  // By keyboard: Enter on a source adds it too; pressing a pressed button takes its filter out.
  await page.locator('#facets button[data-filter="source:\\"Xinhua News Agency\\""]').press('Enter');
  await resultsFor(page, 'source:"Xinhua News Agency" person:"Mark Toner" lavrov');
  assert.deepEqual(pressed(await readFacets(page)), ['Mark Toner', 'Xinhua News Agency']);
  await page.keyboard.press('Space');
  await resultsFor(page, 'person:"Mark Toner" lavrov');
  await page.locator('#facets button[aria-pressed="true"]').click();
  await resultsFor(page, 'lavrov');
  assert.equal((await readResults(page)).total, 2);
  assert.deepEqual(pressed(await readFacets(page)), []);

  // Each toggle is a step of history.
  await page.goBack();
  await resultsFor(page, 'person:"Mark Toner" lavrov');
  assert.equal(await page.inputValue('#q'), 'person:"Mark Toner" lavrov');

  // No panel beside an article, or for a query that finds nothing.
  await page.click(`[data-id="${XINHUA}"] .hit-title a`);
  await articleShown(page, XINHUA);
  assert.equal(await readFacets(page), null);
  await search(page, 'zzzzzz');
  assert.equal(await readFacets(page), null);
  await dex.evaluate((d) => d.close());
  assert.deepEqual(problems, []);
});

test('each hit shows its main entities as chips that search for them', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?q=lavrov`);
  await resultsFor(page, 'lavrov');
  const dex = await openDex(page);
  const expected = await dex.evaluate((d) => d.search('lavrov').hits.map((hit) => hit.entities));
  const results = await readResults(page);
  assert.deepEqual(results.hits.map((hit) => hit.chips), expected.map((entities) => entities.map(({ id, type, name }) => ({ name, type, id }))));
  assert.ok(results.hits.every((hit) => hit.chips.length > 0));
  assert.equal(await page.locator(`[data-id="${KERRY}"] .chip[data-entity="per/john-kerry"]`).getAttribute('title'), 'Person');

  // The chip sits above the card's stretched link: a click goes to the chip's search, not the article.
  await page.click(`[data-id="${KERRY}"] .chip[data-entity="per/john-kerry"]`);
  await resultsFor(page, 'person:"John Kerry"');
  assert.deepEqual(params(page), { q: 'person:"John Kerry"' });
  assert.equal((await readResults(page)).total, 2);
  assert.equal(await page.locator('#article-view').isVisible(), false);
  await page.goBack();
  await resultsFor(page, 'lavrov');
  await dex.evaluate((d) => d.close());
  assert.deepEqual(problems, []);
});

test('the results with facets, in light and dark, on a wide and a phone screen', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const [size, viewport] of [['wide', { width: 1280, height: 800 }], ['phone', { width: 375, height: 740 }]]) {
      const { page, problems } = await newPage(site.browser, { colorScheme, viewport });
      await open(page, `${site.url}/?q=state department`);
      await resultsFor(page, 'state department');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${size} ${colorScheme} fits`);
      await screenshot(page, `results-facets-${size}-${colorScheme}`, { fullPage: size === 'phone' });
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
});
