// <newsdex-search> loads nothing until it must (its `loading` attribute: focus by default,
// visible, eager), answers from the first module on a sharded index (the search module comes
// when a request asks for more), shows only the newest search's answer (a superseded one is aborted and its
// answer or error never shown), names each option by its title alone, and every entry point
// of the package imports in a web worker.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, buildShardedPair, launch, newPage, repo } from './harness.mjs';

/** A page with one box (`attributes` on it), `spacer` pixels below the top of the page. */
const boxPage = (attributes, spacer = 0) => `<!doctype html><title>lazy</title><link rel="icon" href="data:,">
<div style="height: ${spacer}px"></div>
<newsdex-search ${attributes}></newsdex-search>
<div style="height: 2000px"></div>
<script type="module">
  import '/pkg/element.js';
  document.querySelector('newsdex-search').addEventListener('newsdex-error', (event) => { document.body.dataset.error = event.detail.error.code; });
  document.body.dataset.defined = 'yes';
</script>`;

const WORKER = `import { Newsdex } from '/pkg/index.js';
import * as element from '/pkg/element.js';
import * as highlight from '/pkg/highlight.js';
try {
  const dex = await Newsdex.load();
  const names = await dex.entities('John Kerry met Sergei Lavrov.');
  postMessage({ total: dex.search('lavrov').total, element: Object.keys(element).map((name) => \`\${name}: \${typeof element[name]}\`),
    highlight: Object.keys(highlight).sort(), names: names.map((name) => name.entity) });
} catch (error) {
  postMessage({ error: \`\${error.code}: \${error.message}\` });
}`;

const WORKER_PAGE = `<!doctype html><title>worker</title><link rel="icon" href="data:,">
<script type="module">
  const worker = new Worker('/worker.js', { type: 'module' });
  worker.onmessage = (event) => { document.body.dataset.report = JSON.stringify(event.data); };
  worker.onerror = (event) => { document.body.dataset.report = JSON.stringify({ error: event.message }); };
</script>`;

let site;
let sharded;
before(async () => {
  const mini = buildIndex(`${repo}tests/browser/fixtures/mini.jsonl`);
  sharded = mkdtempSync(join(tmpdir(), 'newsdex-element-loading-'));
  buildShardedPair(sharded);
  const html = (body) => ({ body, type: 'text/html' });
  site = await launch({ extra: {
    '/mini.ndx': { body: mini, type: 'application/octet-stream' },
    '/focus.html': html(boxPage('src="/mini.ndx"')),
    '/visible.html': html(boxPage('src="/mini.ndx" loading="visible"', 3000)),
    '/eager.html': html(boxPage('src="/mini.ndx" loading="eager"', 3000)),
    '/plain.html': html(boxPage('')),
    '/sharded.html': html(boxPage('src="/sharded/news.ndx"')),
    '/worker.html': html(WORKER_PAGE),
    '/worker.js': { body: WORKER, type: 'text/javascript' },
  }, mounts: [['/sharded/', sharded]] });
});
after(async () => {
  await site?.close();
  if (sharded) rmSync(sharded, { recursive: true, force: true });
});

/** Opens `path`, recording the wasm modules and index files it asks for. */
async function openRecording(path) {
  const opened = await newPage(site.browser);
  const fetched = [];
  opened.page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/\.(wasm|ndx)$/.test(pathname)) fetched.push(pathname);
  });
  await opened.page.goto(`${site.url}${path}`);
  await opened.page.waitForFunction(() => document.body.dataset.defined === 'yes');
  // Long enough for anything started at load (or when idle) to have asked.
  await opened.page.waitForTimeout(400);
  return { ...opened, fetched };
}

test('by default the box fetches no wasm and no index until the reader focuses it, then finds', async () => {
  const { page, problems, fetched } = await openRecording('/focus.html');
  assert.deepEqual(fetched, []);
  assert.equal(await page.locator('newsdex-search [role="status"]').textContent(), '');
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type('brontë');
  await page.locator('newsdex-search [role="option"]').first().waitFor();
  assert.deepEqual([...new Set(fetched)].sort(), ['/mini.ndx', '/pkg/newsdex_bg.wasm', '/pkg/newsdex_lite_bg.wasm']);
  assert.equal(await page.locator('newsdex-search [role="option"]').first().getAttribute('data-id'), 'mini-1');
  assert.equal(await page.evaluate(() => document.body.dataset.error), undefined);
  assert.deepEqual(problems, []);
});

test('on a sharded index the box answers from the first module; a facet search fetches the search module', async () => {
  const { page, problems, fetched } = await openRecording('/sharded.html');
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type('ceasefire talks');
  await page.locator('newsdex-search [role="option"]').first().waitFor();
  assert.deepEqual([...new Set(fetched)].sort(), ['/pkg/newsdex_lite_bg.wasm', '/sharded/news.ndx']);
  const answers = await page.evaluate(async () => {
    const { Newsdex } = await import('/pkg/index.js');
    const { dex } = document.querySelector('newsdex-search');
    const single = await Newsdex.load(new Uint8Array(await (await fetch('/sharded/single.ndx')).arrayBuffer()));
    const plain = (r) => ({ total: r.total, hits: r.hits.map((hit) => [hit.id, hit.snippet.text, hit.snippet.marks]) });
    const faceted = (r) => ({ ...plain(r), facets: r.facets });
    return {
      first: plain(await dex.searchAsync('ceasefire talks', { facets: false })),
      faceted: faceted(await dex.searchAsync('ministers', { limit: 5 })),
      single: [plain(single.search('ceasefire talks', { facets: false })), faceted(single.search('ministers', { limit: 5 }))],
    };
  });
  assert.ok(answers.first.total > 0);
  assert.deepEqual([answers.first, answers.faceted], answers.single);
  assert.deepEqual([...new Set(fetched)].sort(), ['/pkg/newsdex_bg.wasm', '/pkg/newsdex_lite_bg.wasm', '/sharded/news.ndx', '/sharded/single.ndx']);
  assert.deepEqual(problems, []);
});

test('the seeds index is not fetched either until the box is reached, by pointer too', async () => {
  const { page, problems, fetched } = await openRecording('/plain.html');
  assert.deepEqual(fetched, []);
  await page.locator('newsdex-search').hover();
  await page.waitForFunction(() => document.querySelector('newsdex-search').dex !== null);
  assert.deepEqual([...new Set(fetched)].sort(), ['/pkg/newsdex_bg.wasm', '/pkg/seeds.ndx']);
  assert.deepEqual(problems, []);
});

test('loading="visible" waits until the box scrolls into view; loading="eager" does not wait', async () => {
  const visible = await openRecording('/visible.html');
  assert.deepEqual(visible.fetched, [], 'the box is below the fold');
  await visible.page.locator('newsdex-search').scrollIntoViewIfNeeded();
  await visible.page.waitForFunction(() => document.querySelector('newsdex-search').dex !== null);
  assert.deepEqual([...new Set(visible.fetched)].sort(), ['/mini.ndx', '/pkg/newsdex_bg.wasm', '/pkg/newsdex_lite_bg.wasm']);
  assert.deepEqual(visible.problems, []);

  const eager = await openRecording('/eager.html');
  assert.deepEqual([...new Set(eager.fetched)].sort(), ['/mini.ndx', '/pkg/newsdex_bg.wasm', '/pkg/newsdex_lite_bg.wasm'], 'below the fold and never focused');
  assert.deepEqual(eager.problems, []);
});

test('a superseded search is aborted, and neither its answer nor its error replaces the newer one\'s', async () => {
  const { page, problems } = await openRecording('/plain.html');
  const outcome = await page.evaluate(async () => {
    const box = document.querySelector('newsdex-search');
    // An index whose answers arrive when the test says, as a sharded index's do when their chunks do.
    const calls = [];
    box.dex = {
      searchAsync(query, options) {
        return new Promise((resolve, reject) => { calls.push({ query, signal: options.signal, resolve, reject }); });
      },
      close() {},
    };
    const hit = (id) => ({ id, title: `Story ${id}`, titleMarks: [], source: null, date: null, url: null, score: 1, snippet: { text: '', marks: [] }, entities: [] });
    const errors = [];
    box.addEventListener('newsdex-error', (event) => errors.push(event.detail.error.code));
    const shown = () => ({
      ids: [...box.shadowRoot.querySelectorAll('[role="option"]')].map((option) => option.dataset.id),
      status: box.shadowRoot.querySelector('[role="status"]').textContent,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    box.value = 'old';
    box.value = 'older';
    box.value = 'new';
    const [old, older, newest] = calls;
    const aborted = [old.signal.aborted, older.signal.aborted, newest.signal.aborted];
    newest.resolve({ total: 1, tookMs: 0, hits: [hit('new-1')] });
    await settle();
    const first = shown();
    old.resolve({ total: 2, tookMs: 0, hits: [hit('old-1'), hit('old-2')] });
    older.reject(Object.assign(new Error('newsdex: could not fetch'), { code: 'Fetch' }));
    await settle();
    return { queries: calls.map((call) => call.query), aborted, first, last: shown(), errors };
  });
  assert.deepEqual(outcome, {
    queries: ['old', 'older', 'new'],
    aborted: [true, true, false],
    first: { ids: ['new-1'], status: '1 result' },
    last: { ids: ['new-1'], status: '1 result' },
    errors: [],
  });
  assert.deepEqual(problems, []);
});

test('each option is named by its title and described by its source, date, snippet and names', async () => {
  const { page, problems } = await openRecording('/focus.html');
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type('brontë');
  const option = page.locator('newsdex-search [role="option"]').first();
  await option.waitFor();
  await page.keyboard.press('ArrowDown');
  const snapshot = await page.locator('newsdex-search').ariaSnapshot();
  assert.match(snapshot, /option "🎉 Zoë Brontë wins the Glasgow harbour regatta" \[selected\]/);
  const described = await option.evaluate((item) => item.getAttribute('aria-describedby').split(' ')
    .map((id) => item.getRootNode().getElementById(id).className));
  assert.deepEqual(described, ['meta', 'snippet', 'chips']);
  const client = await page.context().newCDPSession(page);
  const { nodes } = await client.send('Accessibility.getFullAXTree');
  const node = nodes.find((each) => each.role?.value === 'option');
  assert.equal(node.name.value, '🎉 Zoë Brontë wins the Glasgow harbour regatta');
  assert.match(node.description.value, /^Clyde Gazette · 2024-05-18 .*Brontë.* Zoë Brontë/);
  assert.deepEqual(problems, []);
});

test('every entry point imports in a module worker, where the element defines nothing and the index and the recogniser work', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/worker.html`);
  const report = await page.waitForFunction(() => document.body.dataset.report);
  assert.deepEqual(JSON.parse(await report.jsonValue()), {
    total: 2,
    element: ['NewsdexSearchElement: undefined'],
    highlight: ['highlightEntities', 'highlightQuery', 'unhighlight'],
    names: ['per/john-kerry', 'per/sergei-lavrov'],
  });
  assert.deepEqual(problems, []);
});
