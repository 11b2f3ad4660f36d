// Other index files: one built here from fixtures/mini.jsonl with the CLI and fetched through
// ?index=, the same bytes damaged, and both picked with the file input. The fixture's emoji and
// accents put UTF-16 and UTF-8 offsets apart (for marks and entity mentions), and its markup
// must come out as literal text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  articleShown, buildIndex, launch, newPage, open, params, readArticle, readResults, repo, resultsFor, screenshot, search,
} from './harness.mjs';

const MARKUP_TITLE = 'Editors warn about <img src=x onerror=alert(1)> in headlines';
const CHECKSUM = /^newsdex: index is damaged: checksum [0-9a-f]+ does not match the recorded [0-9a-f]+$/;

let site;
let mini;
let damaged;
before(async () => {
  mini = buildIndex(`${repo}tests/browser/fixtures/mini.jsonl`);
  damaged = Buffer.from(mini);
  damaged[Math.floor(damaged.length / 2)] ^= 0x20;
  const type = 'application/octet-stream';
  site = await launch({ extra: { '/mini.ndx': { body: mini, type }, '/damaged.ndx': { body: damaged, type } } });
});
after(async () => { await site?.close(); });

const alertText = (page) => page.locator('#alert').textContent();
const statsText = (page) => page.locator('#stats').textContent();

test('?index= fetches another index; marks line up after emoji and accents', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/mini.ndx&q=glasgow`);
  await resultsFor(page, 'glasgow');
  assert.match(await statsText(page), /^3 articles · .* · mini\.ndx$/);

  let results = await readResults(page);
  assert.deepEqual(results.ids, ['mini-1', 'mini-3']);
  assert.equal(results.hits[0].title, '🎉 Zoë Brontë wins the Glasgow harbour regatta');
  assert.deepEqual(results.hits[0].titleMarks, ['Glasgow']);
  assert.deepEqual(results.hits[0].snippetMarks, ['Glasgow', 'Glasgow']);
  assert.deepEqual(results.hits[1].snippetMarks, ['Glasgow']);

  await search(page, 'zoe');
  results = await readResults(page);
  assert.deepEqual(results.ids, ['mini-1']);
  assert.deepEqual(results.hits[0].titleMarks, ['Zoë']);
  await search(page, 'nunez');
  assert.deepEqual((await readResults(page)).hits[0].snippetMarks, ['Núñez']);

  await search(page, 'glasgow');
  await page.click('[data-id="mini-1"] .hit-title a');
  await articleShown(page, 'mini-1');
  assert.deepEqual(params(page), { index: '/mini.ndx', q: 'glasgow', article: 'mini-1' });
  const article = await readArticle(page);
  assert.deepEqual(article.titleMarks, ['Glasgow']);
  assert.deepEqual(article.descriptionMarks, ['Glasgow']);
  assert.deepEqual(article.marks, ['Glasgow', 'Glasgow']);
  assert.deepEqual(article.paragraphs, [
    'Zoë Brontë 🚣‍♀️ crossed the line at Glasgow harbour just after noon.She had trained for six years.',
    'The café owner José Núñez said Glasgow had never seen a regatta like it.',
    'The next race is in Dundee.',
  ]);
  assert.equal(await page.locator('.story-body > p').first().locator('br').count(), 1, 'a single newline is a line break');
  assert.equal(await page.locator('.kicker').textContent(), 'Sport');
  assert.equal(await page.locator('.story-meta time').getAttribute('datetime'), '2024-05-18');
  assert.equal(await page.locator('a.original').getAttribute('href'), 'https://example.org/regatta');
  // Mentions line up after the emoji too, each around the query's mark of its name.
  const glasgow = (mentions) => mentions.filter((mention) => mention.entity === 'loc/glasgow').map((mention) => mention.text);
  assert.deepEqual(glasgow(article.mentions.title), ['Glasgow']);
  assert.deepEqual(glasgow(article.mentions.description), ['Glasgow']);
  assert.deepEqual(glasgow(article.mentions.body), ['Glasgow', 'Glasgow']);
  assert.equal(await page.locator('#article .mention[data-entity="loc/glasgow"] > mark').count(), 4);
  assert.ok(article.mentions.body.some((mention) => mention.text === 'José Núñez'), JSON.stringify(article.mentions.body));
  await screenshot(page, 'mini-article');

  // An entity's search stays on this index.
  await page.click('.story-body .mention[data-entity="loc/dundee"]');
  await resultsFor(page, 'place:"Dundee"');
  assert.deepEqual(params(page), { index: '/mini.ndx', q: 'place:"Dundee"' });
  assert.deepEqual((await readResults(page)).ids.sort(), ['mini-1', 'mini-3']);
  assert.deepEqual(problems, []);
});

test('markup in an article is shown as text, never run', async () => {
  const { page, problems } = await newPage(site.browser);
  const injected = () => page.evaluate(() => ({
    images: document.querySelectorAll('img').length,
    bold: document.querySelectorAll('b').length,
    // The page's own scripts are modules with a src; markup turned into elements would be inline.
    inlineScripts: [...document.scripts].filter((script) => !script.src).length,
  }));

  await open(page, `${site.url}/?index=/mini.ndx&q=editors`);
  await resultsFor(page, 'editors');
  const [hit] = (await readResults(page)).hits;
  assert.equal(hit.title, MARKUP_TITLE);
  assert.deepEqual(hit.titleMarks, ['Editors']);
  assert.equal(await page.locator('[data-id="mini-2"] .source').textContent(), '<b>Markup</b> Weekly');
  assert.deepEqual(await injected(), { images: 0, bold: 0, inlineScripts: 0 });
  await screenshot(page, 'markup-results');

  await search(page, 'script');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await articleShown(page, 'mini-2');
  const article = await readArticle(page);
  assert.equal(article.title, MARKUP_TITLE);
  assert.deepEqual(article.paragraphs, [
    'Never paste <script>alert(1)</script> into a page, the editors said.',
    'A headline with <img src=x onerror=alert(1)> must show as plain text.',
  ]);
  assert.deepEqual(article.marks, ['script', 'script']);
  assert.equal(await page.locator('a.original').count(), 0, 'a javascript: address is not a link');
  assert.equal(await page.locator('.original').textContent(), 'javascript:alert(1)');
  assert.deepEqual(await injected(), { images: 0, bold: 0, inlineScripts: 0 });
  await screenshot(page, 'markup-article');
  assert.deepEqual(problems, [], 'no dialog, no error');
});

test('a damaged or missing index file is reported in the page', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/damaged.ndx&q=glasgow`);
  assert.match(await alertText(page), CHECKSUM);
  assert.equal(await page.locator('#q').isDisabled(), true);
  assert.equal(await statsText(page), 'No index open');
  assert.deepEqual((await readResults(page)).ids, []);
  await screenshot(page, 'damaged-index');
  assert.deepEqual(problems, []);

  await open(page, `${site.url}/?index=/missing.ndx`);
  assert.equal(await alertText(page), 'Could not fetch the index /missing.ndx: HTTP 404');
  // Chromium itself logs the failed request; nothing else may appear.
  assert.deepEqual(problems, ['console.error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
});

test('the file picker opens an index, and a damaged one is refused without losing the open one', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/damaged.ndx&q=harbour`);
  assert.match(await alertText(page), CHECKSUM);

  const pick = (name, buffer) => page.setInputFiles('#index-file', { name, mimeType: 'application/octet-stream', buffer });
  await pick('mini.ndx', mini);
  await page.waitForFunction(() => document.getElementById('stats').textContent.endsWith('mini.ndx'));
  assert.equal(await alertText(page), '', 'the error is gone once an index is open');
  assert.equal(await page.locator('#q').isEnabled(), true);
  assert.deepEqual((await readResults(page)).ids, ['mini-3', 'mini-1'], 'the query in the URL runs on the new index');
  assert.deepEqual(params(page), { q: 'harbour' }, 'the URL no longer names the damaged file');

  await pick('broken.ndx', damaged);
  await page.waitForFunction(() => document.getElementById('alert').textContent);
  assert.match(await alertText(page), CHECKSUM);
  assert.match(await statsText(page), /^3 articles · .* · mini\.ndx$/);
  await search(page, 'dundee');
  assert.deepEqual((await readResults(page)).ids, ['mini-3', 'mini-1'], 'the open index still answers');
  assert.deepEqual(problems, []);
});
