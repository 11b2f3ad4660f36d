// Right-to-left overrides in article text cannot reorder the text around them: every piece of
// text from an index (titles, snippets, chips, facet names, sources, entity names, addresses)
// and from a link (the query, the index's name) is isolated (unicode-bidi: isolate) in the
// page, in <newsdex-search> and in the demo page's list of names; and where such text sits on
// a line with text of ours (a facet's count, a hit's date), that text stays after it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { articleShown, launch, newPage, open, repo, search } from './harness.mjs';

// An unterminated right-to-left override (U+202E): without isolation it runs on to the end of
// the line, reversing and moving everything after it.
const RLO = '\u202e';

const ELEMENT_PAGE = `<!doctype html><title>element</title><link rel="icon" href="data:,">
<script type="module" src="/pkg/element.js"></script>
<newsdex-search src="/bidi.ndx"></newsdex-search>`;

let site;
before(async () => {
  const { Newsdex } = await import(`${repo}pkg/node.js`);
  const bytes = await Newsdex.build([
    {
      id: 'b1',
      title: `Kerry meets Lavrov ${RLO}in Geneva`,
      source: `${RLO}Reuters`,
      date: '2016-09-09',
      section: `${RLO}World`,
      description: `${RLO}Talks on Syria`,
      url: `${RLO}not an address`,
      body: `US Secretary of State John Kerry met Sergei Lavrov in Geneva ${RLO}today.\n\nKerry said little.`,
    },
    { id: 'b2', title: 'Lavrov in Moscow', source: 'Xinhua', date: '2016-09-10', body: 'Sergei Lavrov met John Kerry in Moscow.' },
  ]);
  site = await launch({ extra: {
    '/bidi.ndx': { body: Buffer.from(bytes), type: 'application/octet-stream' },
    '/element.html': { body: ELEMENT_PAGE, type: 'text/html' },
  } });
});
after(async () => { await site?.close(); });

/** The computed unicode-bidi of every element `selector` matches under `root` (a selector or a shadow host's). */
const bidiOf = (page, selector, host = null) => page.evaluate(([selector, host]) => {
  const root = host ? document.querySelector(host).shadowRoot : document;
  return [...root.querySelectorAll(selector)].map((node) => getComputedStyle(node).unicodeBidi);
}, [selector, host]);

/** Requires that `selector` matches at least one element and that each is isolated. */
async function isolated(page, selector, host) {
  const values = await bidiOf(page, selector, host);
  assert.ok(values.length > 0, `nothing matches ${selector}`);
  assert.deepEqual([...new Set(values)], ['isolate'], selector);
}

/** Whether, in every element `selector` matches, the box of `first` ends before the box of the text after it starts. */
const staysAfter = (page, selector, first, host = null) => page.evaluate(([selector, first, host]) => {
  const root = host ? document.querySelector(host).shadowRoot : document;
  return [...root.querySelectorAll(selector)].map((line) => {
    const lead = line.querySelector(first);
    const range = document.createRange();
    range.setStartAfter(lead);
    range.setEnd(line, line.childNodes.length);
    const rest = [...range.getClientRects()].filter((rect) => rect.width > 0);
    return rest.length > 0 && rest.every((rect) => rect.left >= lead.getBoundingClientRect().right - 0.5);
  });
}, [selector, first, host]);

test('the results, facets, footer and count isolate text from the index and the link', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/bidi.ndx&q=kerry`);
  for (const selector of ['.hit-title', '.hit-snippet', '.chip', '.hit-meta .source', '.facet-name', '.index-name']) await isolated(page, selector);
  // The override in "‮Reuters" leaves the date after the source, and each count after its name.
  assert.deepEqual(await staysAfter(page, '.hit-meta', '.source'), [true, true]);
  assert.ok((await staysAfter(page, '.facet-button', '.facet-name')).every(Boolean));

  await search(page, `${RLO}nothing here`);
  await isolated(page, '#result-count .query-echo');
  assert.equal(await page.locator('#result-count').textContent(), `No articles match “${RLO}nothing here”.`);
  assert.deepEqual(problems, []);
});

test('the article view and the entity tooltip isolate text from the index', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=/bidi.ndx&article=b1`);
  await articleShown(page, 'b1');
  for (const selector of ['.kicker', '.story-title', '.standfirst', '.story-meta .source', '.story-meta .original']) await isolated(page, selector);
  assert.deepEqual(await staysAfter(page, '.story-meta', '.source'), [true]);

  await page.locator('.story-body .mention[data-entity="per/john-kerry"]').first().focus();
  await page.locator('#entity-tip .tip-alias').first().waitFor();
  await isolated(page, '#entity-tip .tip-name');
  await isolated(page, '#entity-tip .tip-alias');
  assert.deepEqual(problems, []);
});

test('<newsdex-search> isolates titles, sources, snippets and chips', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/element.html`);
  await page.locator('newsdex-search input').fill('kerry');
  await page.locator('newsdex-search [role="option"]').first().waitFor();
  for (const selector of ['.title', '.source', '.snippet', '.chip']) await isolated(page, selector, 'newsdex-search');
  assert.deepEqual(await staysAfter(page, '.meta', '.source', 'newsdex-search'), [true, true]);
  assert.equal(await page.locator('newsdex-search [role="option"] .meta').first().textContent(), `${RLO}Reuters · 2016-09-09`);
  assert.deepEqual(problems, []);
});

test('the demo page isolates the names it lists', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/embed.html`);
  await page.waitForFunction(() => /mentions of/.test(document.getElementById('names-status').textContent));
  await isolated(page, '#names-list .name-text');
  assert.deepEqual(problems, []);
});
