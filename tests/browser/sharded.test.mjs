// The page on a sharded index (`newsdex build --shards`) in Chromium: ?index= names the core,
// searches and articles fetch their chunk ranges with HTTP range requests, and the page shows
// exactly what it shows for the same articles as one index file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleShown, launch, newPage, open, readArticle, readResults, repo, search } from './harness.mjs';

let site;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-sharded-page-'));
  const cli = `${repo}target/release/newsdex`;
  // The seeds and the mini fixture, and enough wire copy beside them for a dozen chunks (of
  // words drawn at random: the chunks hold deflated text, and repeated text deflates to little).
  const words = ['ministers', 'talks', 'ceasefire', 'delegates', 'border', 'trade', 'envoy', 'summit', 'treaty',
    'harbour', 'grain', 'tariffs', 'embassy', 'convoy', 'ballot', 'budget', 'rally', 'court', 'storm', 'harvest'];
  let seed = 7;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return words[seed % words.length];
  };
  const wire = Array.from({ length: 120 }, (_, i) => JSON.stringify({
    id: `wire-${i}`,
    title: `Ministers meet in Geneva, round ${i}`,
    body: `Round ${i} of the talks between the foreign ministers ended late. ${Array.from({ length: 60 + 10 * (i % 5) }, word).join(' ')}.`,
  }));
  writeFileSync(join(dir, 'wire.jsonl'), wire.join('\n'));
  const corpus = [`${repo}seeds`, `${repo}tests/browser/fixtures/mini.jsonl`, join(dir, 'wire.jsonl')];
  execFileSync(cli, ['build', ...corpus, '-o', join(dir, 'single.ndx')], { stdio: 'pipe' });
  execFileSync(cli, ['build', ...corpus, '-o', join(dir, 'news.ndx'), '--shards', '--chunk-kib', '4'], { stdio: 'pipe' });
  site = await launch({ mounts: [['/archive/', dir]] });
});
after(async () => {
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES = ['lavrov', 'kerry syria', '"foreign minister"', 'syri', 'person:kerry', 'geneva round 7', 'ministers -lavrov'];

test('the page searches a sharded index with range requests and shows what one file shows', async () => {
  assert.ok(readdirSync(dir).filter((name) => name.endsWith('.chunk')).length >= 8, 'several chunk files');
  const single = await newPage(site.browser);
  await open(single.page, `${site.url}/?index=/archive/single.ndx`);
  const sharded = await newPage(site.browser);
  const chunkRequests = [];
  sharded.page.on('request', (request) => {
    if (request.url().endsWith('.chunk')) chunkRequests.push(request.headers().range ?? 'no range');
  });
  await open(sharded.page, `${site.url}/?index=/archive/news.ndx`);
  for (const query of QUERIES) {
    await search(single.page, query);
    await search(sharded.page, query);
    const [want, got] = [await readResults(single.page), await readResults(sharded.page)];
    assert.ok(want.total > 0, query);
    assert.deepEqual(got, want, query);
  }
  // Byte ranges only, never a whole chunk; a chunk's ranges of one round in one request.
  assert.ok(chunkRequests.length > 0 && chunkRequests.every((range) => /^bytes=\d+-\d+(,\d+-\d+)*$/.test(range)), chunkRequests.join(', '));
  assert.ok(chunkRequests.some((range) => range.includes(',')), chunkRequests.join(', '));

  // The first hit's article, opened from the results.
  await search(sharded.page, 'lavrov');
  await search(single.page, 'lavrov');
  const id = (await readResults(sharded.page)).ids[0];
  for (const { page } of [single, sharded]) {
    await page.click(`#hits > [data-id="${id}"] a`);
    await articleShown(page, id);
  }
  const [want, got] = [await readArticle(single.page), await readArticle(sharded.page)];
  assert.ok(want.paragraphs.length > 0 && want.marks.includes('Lavrov'));
  assert.deepEqual(got, want);
  assert.deepEqual(sharded.problems, []);
  assert.deepEqual(single.problems, []);
});
