// axe-core (from npm, kept in a consumer project) on the search page with hits and an article
// open, on the demo article page (www/embed.html) with the highlighter's marks, and on
// <newsdex-search> with its options, marks and chips showing, in light and in dark mode
// (emulated prefers-color-scheme): no violations of WCAG 2.1 A and AA, colour contrast
// included.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolProject } from '../node/consumer.mjs';
import { articleShown, launch, newPage, open, resultsFor } from './harness.mjs';

const AXE = '4.14.1';
const KERRY = '003_d82338b8bd3c8aaf';

// The element alone on a page that follows the reader's colour scheme.
const ELEMENT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>the element</title><link rel="icon" href="data:,">
<meta name="color-scheme" content="light dark">
<main><h1>Search</h1><newsdex-search label="Search the news"></newsdex-search></main>
<script type="module">import '/pkg/element.js';</script></html>`;

let axeSource;
let site;
before(async () => {
  axeSource = readFileSync(join(toolProject('axe', { 'axe-core': AXE }), 'node_modules/axe-core/axe.min.js'), 'utf8');
  site = await launch({ extra: { '/element.html': { body: ELEMENT_PAGE, type: 'text/html' } } });
});
after(async () => { await site?.close(); });

/** axe's violations on `page`, each as its rule, impact and the first few of its nodes. */
async function violations(page) {
  // Evaluated through the debugger, so that the pages' Content-Security-Policy does not refuse it.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return results.violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.slice(0, 3).map((node) => `${node.target.join(' ')}: ${node.failureSummary}`) }));
}

/** Types `query` into the box on `page` and waits until its options show. */
async function openOptions(page, query) {
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type(query);
  await page.locator('newsdex-search [role="option"]').first().waitFor();
  await page.keyboard.press('ArrowDown');
}

for (const colorScheme of ['light', 'dark']) {
  test(`the search page, with hits and then an article with its names marked (${colorScheme})`, async () => {
    const { page, problems } = await newPage(site.browser, { colorScheme });
    await open(page, `${site.url}/?q=lavrov`);
    await resultsFor(page, 'lavrov');
    assert.deepEqual(await violations(page), []);
    await open(page, `${site.url}/?q=kerry&article=${KERRY}`);
    await articleShown(page, KERRY);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
  });

  test(`the demo article page, its names marked and the box's options open (${colorScheme})`, async () => {
    const { page, problems } = await newPage(site.browser, { colorScheme });
    await page.goto(`${site.url}/embed.html`);
    await page.waitForFunction(() => /mentions of/.test(document.getElementById('names-status').textContent));
    assert.deepEqual(await violations(page), []);
    await openOptions(page, 'lavrov');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
  });

  test(`<newsdex-search> with options, marks and chips, selected and not (${colorScheme})`, async () => {
    const { page, problems } = await newPage(site.browser, { colorScheme });
    await page.goto(`${site.url}/element.html`);
    await openOptions(page, 'kerry lavrov');
    const marks = await page.locator('newsdex-search mark').count();
    const chips = await page.locator('newsdex-search .chip').count();
    assert.ok(marks > 0 && chips > 0, `${marks} marks, ${chips} chips`);
    const scheme = await page.locator('newsdex-search input').evaluate((input) => getComputedStyle(input).backgroundColor);
    assert.equal(scheme, colorScheme === 'dark' ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)', 'the box follows the colour scheme');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
  });
}
