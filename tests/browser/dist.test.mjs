// dist/newsdex.html, the single-file page written by ./build.sh: opened from file:// in
// Chromium, it must find what the served page finds and open an article, without fetching
// anything but itself (the wasm, index, scripts and styles are all inside).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { articleShown, launch, newPage, open, readArticle, readResults, repo, search } from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';
const file = `${repo}dist/newsdex.html`;

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

test('the file has no references to other files', () => {
  assert.ok(existsSync(file), 'dist/newsdex.html is missing: ./build.sh writes it');
  const html = readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/);
  assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/);
  assert.equal((html.match(/<script type="module">/g) ?? []).length, 1);
});

test('opened from file://, it searches, opens an article and fetches nothing else', async () => {
  const { page, problems } = await newPage(site.browser);
  const fetched = [];
  page.on('request', (request) => fetched.push(request.url()));
  const address = pathToFileURL(file).href;
  await open(page, address);
  assert.match(await page.locator('#stats').textContent(), /^2 articles · /);

  await search(page, 'lavrov');
  const results = await readResults(page);
  assert.equal(results.total, 2);
  assert.deepEqual(results.ids, [KERRY, '000_5ea1769a20fb7706']);
  assert.deepEqual(results.hits[0].snippetMarks, ['Lavrov']);

  await page.locator(`#hits > [data-id="${KERRY}"] a`).first().click();
  await articleShown(page, KERRY);
  const article = await readArticle(page);
  assert.equal(article.title, 'Kerry calls on Russia to press Assad to stop violating ceasefire');
  assert.deepEqual(article.marks, ['Lavrov', 'Lavrov', 'Lavrov']);

  assert.deepEqual(fetched.filter((url) => !url.startsWith('data:') && url.split('?')[0] !== address), []);
  assert.deepEqual(problems, []);
});
