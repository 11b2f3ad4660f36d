// <newsdex-search> (npm/element.js) on the index the CLI builds from the hostile corpus
// (tests/hostile/): its options show every payload of the titles, sources and snippets as
// text, every payload typed as the query runs nothing, and choosing a hit reports its id
// exactly as written, markup and all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildIndex, launch, newPage } from './harness.mjs';
import { fixtureUrl, hostileArticles, payloads } from '../hostile/fixture.mjs';
import { injected, snapshot } from '../hostile/probe.mjs';

const PAGE = `<!doctype html><title>hostile element</title><link rel="icon" href="data:,">
<newsdex-search src="/hostile.ndx" limit="100"></newsdex-search>
<script type="module">
  import '/pkg/element.js';
  const box = document.querySelector('newsdex-search');
  box.addEventListener('newsdex-select', (event) => { document.body.dataset.chosen = event.detail.id; });
  await box.ready;
  document.body.dataset.ready = 'yes';
</script>`;

const articles = hostileArticles();
let site;
before(async () => {
  const index = buildIndex(fileURLToPath(fixtureUrl));
  site = await launch({ extra: {
    '/hostile.ndx': { body: index, type: 'application/octet-stream' },
    '/hostile-element.html': { body: PAGE, type: 'text/html' },
  } });
});
after(async () => { await site?.close(); });

async function openElement() {
  const opened = await newPage(site.browser);
  await opened.page.goto(`${site.url}/hostile-element.html`);
  await opened.page.waitForFunction(() => document.body.dataset.ready === 'yes');
  return { ...opened, baseline: await snapshot(opened.page) };
}

/** Searches through the element's `value` and reads its options: id, title, meta and snippet text. */
function searchIn(page, query) {
  return page.evaluate(async (q) => {
    const box = document.querySelector('newsdex-search');
    box.value = q;
    // A search of one index file answers before anything the page waits for with a timer.
    await new Promise((resolve) => setTimeout(resolve));
    return [...box.shadowRoot.querySelectorAll('[role="option"]')].map((option) => ({
      id: option.dataset.id,
      title: option.querySelector('.title').textContent,
      meta: option.querySelector('.meta')?.textContent ?? null,
      snippet: option.querySelector('.snippet')?.textContent ?? null,
    }));
  }, query);
}

test('the options show every payload as text', async () => {
  const { page, problems, baseline } = await openElement();
  const options = await searchIn(page, 'kerry');
  assert.equal(options.length, articles.length);
  const byId = new Map(articles.map((article) => [article.id, article]));
  for (const option of options) {
    const article = byId.get(option.id);
    assert.equal(option.title, article.title);
    assert.equal(option.meta, `${article.source} · ${article.date}`);
    assert.ok(article.body.replace(/\s/g, ' ').includes(option.snippet.replace(/^…|…$/g, '')), option.snippet);
  }
  assert.deepEqual(injected(baseline, await snapshot(page)), []);
  assert.deepEqual(problems, []);
});

test('every payload typed as the query runs nothing; a chosen hit reports its id as written', async () => {
  const { page, problems, baseline } = await openElement();
  for (const payload of payloads) {
    await searchIn(page, payload);
    assert.deepEqual(injected(baseline, await snapshot(page)), [], JSON.stringify(payload));
  }
  const at = (await searchIn(page, payloads[0])).findIndex((option) => option.id === articles[0].id);
  assert.ok(at >= 0, 'the article with a payload in its id is found');
  await page.locator('newsdex-search [role="option"]').nth(at).click();
  assert.equal(await page.evaluate(() => document.body.dataset.chosen), articles[0].id);
  assert.deepEqual(problems, []);
});
