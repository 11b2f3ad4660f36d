// The shared cases (tests/cases/*.json), run through the page the way a reader would: type
// the query or open the article's address, then read the rendered hits, totals, <mark> texts,
// facets and entity mentions. The entity cases have no view of their own; they run on the
// module the page loaded, in the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  articleShown, buildIndex, launch, newPage, open, openDex, readArticle, readFacets, readResults, repo, resultsFor, search,
} from './harness.mjs';

const cases = (name) => JSON.parse(readFileSync(`${repo}tests/cases/${name}`, 'utf8'));
const searchCases = cases('search.json');
const articleCases = cases('article.json');
const entityCases = cases('entities.json');
// words.json and languages.json name a corpus of their own: built here by the package and
// opened with ?index=.
const ownCorpora = [
  { label: 'word', cases: cases('words.json'), index: '/words.ndx' },
  { label: 'language', cases: cases('languages.json'), index: '/languages.ndx' },
];
// site.json names a site folder: built here by the command and opened with ?index=.
const siteCases = cases('site.json');

let site;
before(async () => {
  const { Newsdex } = await import(`${repo}pkg/node.js`);
  const extra = {};
  for (const { cases: own, index } of ownCorpora) {
    const bytes = await Newsdex.buildFiles([{ name: 'articles.jsonl', bytes: readFileSync(`${repo}${own.corpus}`) }]);
    extra[index] = { body: Buffer.from(bytes), type: 'application/octet-stream' };
  }
  extra['/site.ndx'] = { body: buildIndex(`${repo}${siteCases.site}`), type: 'application/octet-stream' };
  site = await launch({ extra });
});
after(async () => { await site?.close(); });

/** Checks what the page shows for `query` against one case. */
async function checkSearchCase(page, { total, ids, sameAs, marked, facetsInclude }) {
  const results = await readResults(page);
  if (total !== undefined) assert.equal(results.total, total, 'total');
  if (ids) assert.deepEqual(results.ids, ids, 'ids');
  if (facetsInclude) {
    const facets = await readFacets(page);
    assert.ok(facets, 'the facet panel is shown');
    for (const [type, names] of Object.entries(facetsInclude)) {
      const shown = facets[type]?.entries.map((entry) => entry.name) ?? [];
      for (const name of names) assert.ok(shown.includes(name), `${type} facet ${JSON.stringify(shown)} shows ${name}`);
    }
  }
  if (marked) {
    const marks = results.hits.flatMap((hit) => [...hit.titleMarks, ...hit.snippetMarks]);
    assert.ok(marks.length > 0, 'at least one mark');
    for (const mark of marks) assert.ok(marked.includes(mark), `mark "${mark}" is one of ${JSON.stringify(marked)}`);
  }
  if (sameAs !== undefined) {
    await search(page, sameAs);
    assert.deepEqual((await readResults(page)).ids, results.ids, `same hits as ${JSON.stringify(sameAs)}`);
  }
}

test('search cases, typed into the page', async (t) => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  for (const item of searchCases.filter((c) => !c.options)) {
    await t.test(item.name, async () => {
      await search(page, item.query);
      await checkSearchCase(page, item);
    });
  }
  assert.deepEqual(problems, []);
});

// Paging options have no box to type into; the page takes them from its address.
test('search cases with paging, opened by address', async (t) => {
  const { page, problems } = await newPage(site.browser);
  for (const item of searchCases.filter((c) => c.options)) {
    await t.test(item.name, async () => {
      const address = new URLSearchParams({ q: item.query });
      for (const [name, value] of Object.entries(item.options)) address.set(name, value);
      await open(page, `${site.url}/?${address}`);
      await resultsFor(page, item.query);
      await checkSearchCase(page, item);
    });
  }
  assert.deepEqual(problems, []);
});

/** Runs article cases, each opened by its address (with `params`, such as ?index=). */
async function articleCasesByAddress(t, items, params = {}) {
  const { page, problems } = await newPage(site.browser);
  for (const item of items) {
    await t.test(item.name, async () => {
      const address = new URLSearchParams({ ...params, article: item.id });
      if (item.query !== undefined) address.set('q', item.query);
      await open(page, `${site.url}/?${address}`);
      await articleShown(page, item.id);
      const article = await readArticle(page);
      if (item.error) {
        assert.equal(article.error, item.error);
        return;
      }
      assert.equal(article.error, null);
      if (item.title !== undefined) assert.equal(article.title, item.title);
      if (item.source !== undefined) assert.equal(article.source, item.source);
      if (item.descriptionStart !== undefined) assert.ok(article.description?.startsWith(item.descriptionStart), article.description);
      if (item.marks) assert.deepEqual(article.marks, item.marks, 'body marks');
      if (item.titleMarks) assert.deepEqual(article.titleMarks, item.titleMarks, 'title marks');
      for (const { field, ...mention } of item.mentionsInclude ?? []) {
        assert.ok(article.mentions[field].some((shown) => JSON.stringify(shown) === JSON.stringify(mention)),
          `${field} shows the mention ${JSON.stringify(mention)}`);
      }
    });
  }
  assert.deepEqual(problems, []);
}

test('article cases, opened by address', (t) => articleCasesByAddress(t, articleCases));

/** Runs search cases typed into the page opened over the index at `index`. */
async function searchCasesOver(t, items, index) {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?index=${index}`);
  for (const item of items) {
    await t.test(item.name, async () => {
      await search(page, item.query);
      await checkSearchCase(page, item);
    });
  }
  assert.deepEqual(problems, []);
}

for (const { label, cases: own, index } of ownCorpora) {
  test(`${label} cases, typed into the page over their own index`, (t) => searchCasesOver(t, own.search, index));

  test(`${label} article cases, opened by address over their own index`, (t) => articleCasesByAddress(t, own.article, { index }));
}

test('site cases, typed into the page over the index of a site folder', (t) => searchCasesOver(t, siteCases.search, '/site.ndx'));

test('site article cases, opened by address over the index of a site folder', (t) => articleCasesByAddress(t, siteCases.article, { index: '/site.ndx' }));

test('entity cases, on the module the page loaded', async (t) => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  const dex = await openDex(page);
  for (const item of entityCases) {
    await t.test(item.name, async () => {
      if (item.text !== undefined) {
        const found = await dex.evaluate(async (d, { text, credits }) => (await d.entities(text, { credits }))
          .map((name) => [text.slice(name.start, name.end), name.type]), { text: item.text, credits: item.credits ?? false });
        for (const [text, type] of item.include ?? []) {
          assert.ok(found.some(([name, kind]) => name === text && kind === type), `${text} ${type} is among ${JSON.stringify(found)}`);
        }
        for (const text of item.exclude ?? []) {
          assert.ok(!found.some(([name]) => name === text), `${text} is not among ${JSON.stringify(found)}`);
        }
        return;
      }
      const entity = await dex.evaluate((d, id) => {
        try {
          return d.entity(id);
        } catch (error) {
          return { error: error.message };
        }
      }, item.id);
      if (item.error) {
        assert.equal(entity.error, item.error);
        return;
      }
      assert.deepEqual({ type: entity.type, name: entity.name, articles: entity.articles },
        { type: item.type, name: item.canonical, articles: item.articles });
      for (const alias of item.aliasesInclude) assert.ok(entity.aliases.includes(alias), `alias ${alias} in ${JSON.stringify(entity.aliases)}`);
    });
  }
  await dex.evaluate((d) => d.close());
  assert.deepEqual(problems, []);
});
