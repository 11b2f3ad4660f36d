// The page on the embedded seeds index: typing, marks, opening and closing articles by
// keyboard and by mouse, the URL and history, paging, small and dark screens. Every test also
// requires a silent console, and screenshots land in tests/browser/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  articleShown, launch, newPage, open, params, readArticle, readResults, resultsFor, screenshot, search,
} from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';
const XINHUA = '000_5ea1769a20fb7706';
const KERRY_TITLE = 'Kerry calls on Russia to press Assad to stop violating ceasefire';

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

/** The hit id of the element that has focus, or the focused element's id. */
const focused = (page) => page.evaluate(() => {
  const active = document.activeElement;
  return active.closest('#hits > [data-id]')?.dataset.id ?? `#${active.id}`;
});
const resultsVisible = (page) => page.locator('#results-view').isVisible();

test('typing finds hits with marks; the keyboard opens an article and Escape returns', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  assert.match(await page.locator('#stats').textContent(), /^2 articles · /);

  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('/');
  assert.equal(await focused(page), '#q');
  await page.keyboard.type('lavrov');
  await resultsFor(page, 'lavrov');
  assert.equal(await page.inputValue('#q'), 'lavrov', '"/" focuses the box without typing itself');

  const results = await readResults(page);
  assert.equal(results.total, 2);
  assert.equal(results.count, '2 results');
  assert.deepEqual(results.ids, [KERRY, XINHUA]);
  for (const hit of results.hits) {
    assert.deepEqual(hit.titleMarks, []);
    assert.deepEqual(hit.snippetMarks, ['Lavrov'], hit.id);
  }
  assert.deepEqual(params(page), { q: 'lavrov' });
  await screenshot(page, 'results');

  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), KERRY);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), XINHUA);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), XINHUA, 'the last hit stays selected');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(page), '#q', 'up from the first hit is the search box');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  await articleShown(page, KERRY);
  assert.deepEqual(params(page), { q: 'lavrov', article: KERRY });
  const article = await readArticle(page);
  assert.equal(article.title, KERRY_TITLE);
  assert.deepEqual(article.marks, ['Lavrov', 'Lavrov', 'Lavrov']);
  assert.ok(article.description.startsWith('US Secretary of State John Kerry says'));
  assert.ok(article.paragraphs.length > 5, `${article.paragraphs.length} paragraphs`);
  assert.equal(await focused(page), '#article-title');
  assert.equal(await resultsVisible(page), false);
  assert.equal(await page.title(), `${KERRY_TITLE} — newsdex`);
  await page.locator('.story-body mark').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'article');

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('article-view').hidden);
  assert.deepEqual(params(page), { q: 'lavrov' });
  assert.equal(await focused(page), KERRY, 'focus returns to the hit that was open');

  await page.goForward();
  await articleShown(page, KERRY);
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('article-view').hidden);
  assert.deepEqual((await readResults(page)).ids, [KERRY, XINHUA]);

  assert.deepEqual(problems, []);
});

test('a click opens an article; Back, Forward, the back link and a deep link all agree', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?q=kerry`);
  await resultsFor(page, 'kerry');
  assert.equal(await page.inputValue('#q'), 'kerry', 'the query is restored from the URL');
  const results = await readResults(page);
  assert.deepEqual(results.ids, [KERRY, XINHUA]);
  assert.deepEqual(results.hits[0].titleMarks, ['Kerry']);

  // The snippet is not itself a link: the whole card is the hit's click target.
  const snippet = await page.locator(`[data-id="${XINHUA}"] .hit-snippet`).boundingBox();
  await page.mouse.click(snippet.x + 20, snippet.y + snippet.height / 2);
  await articleShown(page, XINHUA);
  assert.deepEqual(params(page), { q: 'kerry', article: XINHUA });
  assert.equal((await readArticle(page)).source, 'Xinhua News Agency');

  await page.goBack();
  await page.waitForFunction(() => document.getElementById('article-view').hidden);
  assert.deepEqual(params(page), { q: 'kerry' });
  await page.goForward();
  await articleShown(page, XINHUA);
  await page.click('#back-link');
  await page.waitForFunction(() => document.getElementById('article-view').hidden);
  assert.deepEqual(params(page), { q: 'kerry' });

  // Arriving straight at an article, the back link cannot go Back: it shows the results instead.
  await open(page, `${site.url}/?q=syria&article=${KERRY}`);
  await articleShown(page, KERRY);
  assert.equal(await page.inputValue('#q'), 'syria');
  await page.click('#back-link');
  await resultsFor(page, 'syria');
  assert.equal(await resultsVisible(page), true);
  assert.deepEqual(params(page), { q: 'syria' });

  // Typing while an article is open goes back to the results of the new query.
  await page.click(`[data-id="${KERRY}"] .hit-title a`);
  await articleShown(page, KERRY);
  await search(page, 'aleppo');
  assert.equal(await resultsVisible(page), true);
  assert.deepEqual(params(page), { q: 'aleppo' });

  assert.deepEqual(problems, []);
});

test('the pager pages through the hits and keeps the page in the URL', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?q=lavrov&limit=1`);
  await resultsFor(page, 'lavrov');
  let results = await readResults(page);
  assert.deepEqual(results.ids, [KERRY]);
  assert.equal(results.count, 'Results 1–1 of 2');

  await page.click('#pager a[rel=next]');
  await page.waitForURL(/offset=1/);
  results = await readResults(page);
  assert.deepEqual(results.ids, [XINHUA]);
  assert.equal(results.count, 'Results 2–2 of 2');
  assert.equal(await page.locator('#pager a[rel=next]').count(), 0);

  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#hits > [data-id]')?.dataset.id === '003_d82338b8bd3c8aaf');
  assert.deepEqual(params(page), { q: 'lavrov', limit: '1' });
  assert.deepEqual(problems, []);
});

test('a phone-sized screen has no sideways scrolling, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems } = await newPage(site.browser, { viewport: { width: 375, height: 740 }, colorScheme });
    await open(page, `${site.url}/?q=state department`);
    await resultsFor(page, 'state department');
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await fits(), `results fit (${colorScheme})`);
    await screenshot(page, `results-phone-${colorScheme}`);
    await page.click(`[data-id="${KERRY}"] .hit-title a`);
    await articleShown(page, KERRY);
    assert.ok(await fits(), `the article fits (${colorScheme})`);
    await screenshot(page, `article-phone-${colorScheme}`);
    assert.deepEqual(problems, []);
  }
});
