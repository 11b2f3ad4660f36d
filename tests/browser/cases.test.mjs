// The shared query cases (tests/cases/search.json, tests/cases/article.json), run through the
// page the way a reader would: type the query or open the article's address, then read the
// rendered hits, totals and <mark> texts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  articleShown, launch, newPage, open, readArticle, readResults, repo, resultsFor, search,
} from './harness.mjs';

const searchCases = JSON.parse(readFileSync(`${repo}tests/cases/search.json`, 'utf8'));
const articleCases = JSON.parse(readFileSync(`${repo}tests/cases/article.json`, 'utf8'));

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

/** Checks what the page shows for `query` against one case. */
async function checkSearchCase(page, { total, ids, sameAs, marked }) {
  const results = await readResults(page);
  if (total !== undefined) assert.equal(results.total, total, 'total');
  if (ids) assert.deepEqual(results.ids, ids, 'ids');
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

test('article cases, opened by address', async (t) => {
  const { page, problems } = await newPage(site.browser);
  for (const item of articleCases) {
    await t.test(item.name, async () => {
      const address = new URLSearchParams({ article: item.id });
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
    });
  }
  assert.deepEqual(problems, []);
});
