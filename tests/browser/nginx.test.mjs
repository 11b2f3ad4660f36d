// A sharded index served by nginx (Debian's package, which `./build.sh test` installs), as a
// site would serve one: the package, a page and the index from one origin of a real host, whose
// answers to range requests (one range: 206 with Content-Range; several: 206 multipart/byteranges)
// are its own, not the project's test server's. Searches and articles fetched through it must
// equal those of the single-file index, and its access log must show that ranges were answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { NGINX, startNginx } from '../../scripts/nginx.mjs';
import { buildShardedPair, chromiumArgs, newPage } from './harness.mjs';

// Opens the sharded index and the single file beside it in the same page, so that each query's
// answers from both come from the same package and the same wasm module.
const PAGE = `<!doctype html><title>newsdex on nginx</title><link rel="icon" href="data:,">
<script type="module">
  import { Newsdex } from '/pkg/index.js';
  try {
    const [dex, single] = await Promise.all([Newsdex.open('/news.ndx'), Newsdex.open('/single.ndx')]);
    window.newsdex = { dex, single };
    document.body.dataset.ready = 'yes';
  } catch (error) {
    document.body.dataset.ready = \`\${error.code}: \${error.message}\`;
  }
</script>`;

let dir;
let nginx;
let browser;
before(async () => {
  assert.ok(existsSync(NGINX), `${NGINX} is missing: ./build.sh test installs Debian's nginx`);
  dir = mkdtempSync(join(tmpdir(), 'newsdex-nginx-'));
  const root = join(dir, 'root');
  const state = join(dir, 'nginx');
  mkdirSync(root);
  mkdirSync(state);
  buildShardedPair(root);
  writeFileSync(join(root, 'nginx.html'), PAGE);
  nginx = { ...(await startNginx(root, state)), state };
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  if (nginx) {
    nginx.child.kill('SIGTERM');
    await nginx.exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The requests nginx has logged so far. */
function accessLog() {
  return readFileSync(join(nginx.state, 'access.log'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

// Words, a phrase, a prefix, a typo, an entity, an exclusion, and a query whose hits' snippets
// lie all over the chunks (the wire copy), on its first page and a later one.
const QUERIES = [
  ['lavrov'], ['kerry syria'], ['"foreign minister"'], ['syri'], ['lavrvo'], ['person:kerry'],
  ['ministers -lavrov'], ['harbour'], ['geneva round 7'], ['ministers', { limit: 20 }], ['ministers', { offset: 60 }],
];

test('nginx serves a sharded index: searches and articles equal the single file, with ranges answered by 206 and multipart/byteranges', async () => {
  assert.ok(readdirSync(join(dir, 'root')).filter((name) => name.endsWith('.chunk')).length >= 8, 'several chunk files');
  const { page, problems } = await newPage(browser);
  await page.goto(`${nginx.url}/nginx.html`);
  await page.waitForFunction(() => document.body.dataset.ready);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), 'yes');

  for (const [query, options] of QUERIES) {
    const { want, got } = await page.evaluate(async ([q, o]) => {
      const { dex, single } = window.newsdex;
      // Everything but the time each took.
      const { tookMs: _want, ...want } = single.search(q, o);
      const { tookMs: _got, ...got } = await dex.searchAsync(q, o);
      return { want, got };
    }, [query, options]);
    assert.ok(want.total > 0 && want.hits.length > 0, query);
    assert.ok(want.hits.some((hit) => hit.snippet.marks.length > 0 || hit.titleMarks.length > 0), `${query}: marked hits`);
    assert.deepEqual(got, want, query);
  }

  const ids = await page.evaluate(() => {
    const { single } = window.newsdex;
    return ['lavrov', 'ministers', 'harbour'].map((q) => single.search(q).hits.at(-1).id);
  });
  for (const [id, options] of ids.flatMap((id) => [[id, undefined], [id, { query: 'ministers lavrov harbour' }]])) {
    const { want, got } = await page.evaluate(async ([i, o]) => {
      const { dex, single } = window.newsdex;
      return { want: single.article(i, o), got: await dex.articleAsync(i, o) };
    }, [id, options]);
    assert.ok(want.body.length > 0 && (!options || want.marks.length > 0 || want.titleMarks.length > 0), id);
    assert.deepEqual(got, want, id);
  }

  const fetched = await page.evaluate(() => window.newsdex.dex.fetched());
  assert.deepEqual(problems, []);

  // What nginx itself says it sent for the chunks: byte ranges only, never a whole chunk; one
  // range as a 206 of the chunk's own type, several in one request as multipart/byteranges.
  // Every request the fetcher counted reached nginx.
  const chunks = accessLog().filter(({ uri }) => uri.endsWith('.chunk'));
  const shown = JSON.stringify(chunks, null, 1);
  assert.equal(chunks.length, fetched.requests, shown);
  assert.ok(chunks.every(({ status, range }) => status === 206 && /^bytes=\d+-\d+(,\d+-\d+)*$/.test(range)), shown);
  const several = chunks.filter(({ range }) => range.includes(','));
  assert.ok(several.length > 0 && several.every(({ type }) => /^multipart\/byteranges; boundary=\S+$/.test(type)), shown);
  const one = chunks.filter(({ range }) => !range.includes(','));
  assert.ok(one.length > 0 && one.every(({ type }) => type === 'application/octet-stream'), shown);
});
