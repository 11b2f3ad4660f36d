// A segmented index (tests/cases/segments.json: built, added to twice, removed from) in
// Chromium, served by nginx (Debian's, whose range answers are its own) and by the project's
// server: the page opens its manifest and a fresh build of the same live articles, and every
// case's query and article answers the same through the segments module. The search page
// (www/) opens the manifest with ?index= through nginx: its results, an entity's facet and
// an article's marks are a fresh build's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { NGINX, startNginx } from '../../scripts/nginx.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { buildSegmentCases, segmentCases } from '../node/cases.mjs';
import { articleShown, chromiumArgs, newPage, open, readArticle, readResults, repo, resultsFor } from './harness.mjs';

const { Newsdex } = await import(new URL('../../pkg/node.js', import.meta.url));

const PAGE = `<!doctype html><title>a segmented index</title><link rel="icon" href="data:,">
<script type="module">
  import { Newsdex } from '/pkg/index.js';
  try {
    const [dex, fresh] = await Promise.all([Newsdex.open('/news.ndx'), Newsdex.open('/fresh.ndx', { lite: false })]);
    window.newsdex = { dex, fresh };
    document.body.dataset.ready = 'yes';
  } catch (error) {
    document.body.dataset.ready = \`\${error.code}: \${error.message}\`;
  }
</script>`;

let dir;
let ids;
let nginx;
let server;
let browser;
before(async () => {
  assert.ok(existsSync(NGINX), `${NGINX} is missing: ./build.sh test installs Debian's nginx`);
  dir = mkdtempSync(join(tmpdir(), 'newsdex-segments-browser-'));
  const root = join(dir, 'root');
  const state = join(dir, 'nginx');
  mkdirSync(root);
  mkdirSync(state);
  ids = buildSegmentCases(root);
  writeFileSync(join(root, 'nginx.html'), PAGE);
  // The search page beside the index, as a site serves it (nginx serves pkg/ at /pkg/).
  cpSync(join(repo, 'www'), root, { recursive: true });
  nginx = { ...(await startNginx(root, state)), state };
  server = await startServer({ mounts: [['/pkg/', join(repo, 'pkg')], ['/', root]] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  server?.server.close();
  if (nginx) {
    nginx.child.kill('SIGTERM');
    await nginx.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const QUERIES = [...new Set(segmentCases.search.flatMap((c) => [c.query, c.sameAs].filter(Boolean)))];

for (const [host, address] of [['nginx', () => nginx.url], ['the project\'s server', () => server.url]]) {
  test(`a segmented index served by ${host} answers in Chromium as a fresh build`, async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${address()}/nginx.html`);
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'yes');
    for (const query of QUERIES) {
      for (const options of [{ limit: 10 }, { facets: true, limit: 3, offset: 1 }]) {
        const { want, got } = await page.evaluate(async ([q, o]) => {
          const { dex, fresh } = window.newsdex;
          const { tookMs: _want, ...want } = fresh.search(q, o);
          const { tookMs: _got, ...got } = await dex.searchAsync(q, o);
          return { want, got };
        }, [query, options]);
        assert.deepEqual(got, want, `${query} ${JSON.stringify(options)}`);
      }
    }
    for (const id of ids) {
      const { want, got } = await page.evaluate(async (i) => {
        const { dex, fresh } = window.newsdex;
        return { want: fresh.article(i, { query: 'harbour' }), got: await dex.articleAsync(i, { query: 'harbour' }) };
      }, id);
      assert.deepEqual(got, want, id);
    }
    const { removed, fetched } = await page.evaluate(async () => {
      const { dex } = window.newsdex;
      const removed = await dex.articleAsync('g05').then(() => 'found', (error) => error.code);
      return { removed, fetched: dex.fetched() };
    });
    assert.equal(removed, 'UnknownArticle');
    assert.ok(fetched.requests > 0 && fetched.bytes > 0, JSON.stringify(fetched));
    assert.deepEqual(problems, []);
  });
}

test('nginx answered the segments\' chunks with ranges, never whole files', () => {
  const log = readFileSync(join(nginx.state, 'access.log'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const chunks = log.filter(({ uri }) => uri.endsWith('.chunk'));
  assert.ok(chunks.length > 0 && chunks.every(({ status }) => status === 206), JSON.stringify(chunks, null, 1));
  // The segments module was fetched once, for the manifest.
  assert.equal(log.filter(({ uri }) => uri.endsWith('newsdex_segments_bg.wasm')).length, 1);
});

test('the page opens a segmented site\'s manifest: results, an entity\'s facet and an article\'s marks', async () => {
  const fresh = await Newsdex.load(readFileSync(join(dir, 'root', 'fresh.ndx')));
  const { page, problems } = await newPage(browser);
  await open(page, `${nginx.url}/?index=/news.ndx&q=harbour`);
  await resultsFor(page, 'harbour');
  // The page collapses copies (the last day re-sends a story of the first: one result).
  const want = fresh.search('harbour', { facets: true, collapse: true });
  const shown = await readResults(page);
  assert.equal(shown.total, want.total);
  assert.deepEqual(shown.ids, want.hits.map((hit) => hit.id).slice(0, shown.ids.length));
  // The people of the matches, counted over every segment, less the removed article.
  await page.waitForFunction(() => document.querySelector('#facets [data-facet="PER"]'));
  const people = await page.evaluate(() => [...document.querySelectorAll('#facets [data-facet="PER"] button')].map((button) => ({
    name: button.querySelector('.facet-name').textContent,
    count: Number(button.querySelector('.facet-count').dataset.count),
  })));
  const okafor = want.facets.PER.find((facet) => facet.id === 'per/maria-okafor');
  assert.ok(okafor, JSON.stringify(want.facets.PER));
  assert.deepEqual(people.find((entry) => entry.name === okafor.name), { name: okafor.name, count: okafor.count });
  await page.locator('#facets [data-facet="PER"] button', { hasText: okafor.name }).click();
  await page.waitForFunction(() => document.getElementById('result-count').dataset.query !== 'harbour');
  const filtered = await page.evaluate(() => document.getElementById('result-count').dataset.query);
  await resultsFor(page, filtered);
  assert.deepEqual((await readResults(page)).ids, fresh.search(filtered).hits.map((hit) => hit.id));
  // An article of a later segment, its query's words marked.
  await open(page, `${nginx.url}/?index=/news.ndx&q=harbour&article=g07`);
  await articleShown(page, 'g07');
  const article = await readArticle(page);
  const stored = fresh.article('g07', { query: 'harbour' });
  assert.deepEqual(article.marks, stored.marks.map(([start, end]) => stored.body.slice(start, end)));
  assert.deepEqual(problems, []);
});
