// Retakes the README's screenshots from the page on the built-in index, each in light and in
// dark mode (emulated prefers-color-scheme; `-dark` in the file name): docs/search.png,
// docs/article-entities.png and docs/element.png (<newsdex-search> with its options open).
// Run by hand after the page's look changes: node tests/browser/docs-screenshots.mjs
// (not a test: a run of the suite must not rewrite tracked files).
import { articleShown, launch, newPage, open, repo, resultsFor } from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';

// The element alone, on a page that follows the reader's colour scheme.
const ELEMENT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>newsdex-search</title><link rel="icon" href="data:,">
<meta name="color-scheme" content="light dark">
<style>body { margin: 0; padding: 24px; font: 16px/1.45 system-ui, sans-serif; background: Canvas; } newsdex-search { max-width: 40rem; }</style>
<newsdex-search label="Search the news" placeholder="Search the news"></newsdex-search>
<script type="module">import '/pkg/element.js';</script></html>`;

const site = await launch({ extra: { '/element.html': { body: ELEMENT_PAGE, type: 'text/html' } } });
try {
  for (const colorScheme of ['light', 'dark']) {
    const suffix = colorScheme === 'dark' ? '-dark' : '';
    const { page, problems } = await newPage(site.browser, { colorScheme });

    await open(page, `${site.url}/?q=lavrov`);
    await resultsFor(page, 'lavrov');
    await page.locator('#q').blur();
    await page.screenshot({ path: `${repo}docs/search${suffix}.png` });

    // The query "kerry" marks inside the mentions of John Kerry; the tooltip is of the body's
    // first "Bashar al Assad", low enough on the screen not to cover the headline.
    await open(page, `${site.url}/?q=kerry&article=${KERRY}`);
    await articleShown(page, KERRY);
    await page.hover('.story-body .mention[data-entity="per/bashar-al-assad"]');
    await page.screenshot({ path: `${repo}docs/article-entities${suffix}.png` });

    await page.setViewportSize({ width: 720, height: 520 });
    await page.goto(`${site.url}/element.html`);
    await page.locator('newsdex-search input').focus();
    await page.keyboard.type('kerry lavrov');
    await page.locator('newsdex-search [role="option"]').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: `${repo}docs/element${suffix}.png` });

    if (problems.length) throw new Error(`the page complained (${colorScheme}): ${problems.join('; ')}`);
    await page.context().close();
  }
} finally {
  await site.close();
}
