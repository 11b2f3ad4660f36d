// Retakes the README's screenshots (docs/search.png, docs/article-entities.png) from the page
// on the built-in index. Run by hand after the page's look changes: node tests/browser/docs-screenshots.mjs
// (not a test: a run of the suite must not rewrite tracked files).
import { articleShown, launch, newPage, open, repo, resultsFor } from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';

const site = await launch();
try {
  const { page, problems } = await newPage(site.browser, { colorScheme: 'light' });

  await open(page, `${site.url}/?q=lavrov`);
  await resultsFor(page, 'lavrov');
  await page.locator('#q').blur();
  await page.screenshot({ path: `${repo}docs/search.png` });

  // The query "kerry" marks inside the mentions of John Kerry; the tooltip is of the body's first
  // "Bashar al Assad", low enough on the screen not to cover the headline.
  await open(page, `${site.url}/?q=kerry&article=${KERRY}`);
  await articleShown(page, KERRY);
  await page.hover('.story-body .mention[data-entity="per/bashar-al-assad"]');
  await page.screenshot({ path: `${repo}docs/article-entities.png` });

  if (problems.length) throw new Error(`the page complained: ${problems.join('; ')}`);
} finally {
  await site.close();
}
