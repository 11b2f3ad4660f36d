// Stories through the package (tests/cases/stories.json, which cargo and the browser run too):
// one hit per story, related stories and copies, on an index the package builds and on the same
// corpus built sharded by the Rust CLI and read over HTTP, which answers alike; entities carry
// their timeline and companions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { searchCaseFailures, storyCaseFailures } from './check-cases.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { Newsdex } = await import(new URL('../../pkg/node.js', import.meta.url));
const cases = JSON.parse(readFileSync(join(repo, 'tests/cases/stories.json'), 'utf8'));
const corpus = join(repo, cases.corpus);

let dir;
let server;
let dex;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsdex-stories-'));
  execFileSync(join(repo, 'target/release/newsdex'), ['build', corpus, '-o', join(dir, 'core.ndx'), '--shards', '--chunk-kib', '4'], { stdio: 'pipe' });
  server = await startServer({ mounts: [['/', dir]] });
  dex = await Newsdex.load(await Newsdex.buildFiles([{ name: 'articles.jsonl', bytes: readFileSync(corpus) }]));
});

after(() => {
  dex?.close();
  server?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the story cases, on an index the package built', async () => {
  const failures = [
    ...searchCaseFailures(dex, cases.search),
    ...await storyCaseFailures(cases, (id, options) => dex.related(id, options), (id) => dex.duplicates(id)),
  ];
  assert.deepEqual(failures, []);
});

test('a sharded index fetches and answers the story cases alike', async () => {
  const sharded = await Newsdex.open(`${server.url}/core.ndx`);
  try {
    assert.throws(() => sharded.related('rate-1'), { code: 'NotFetched', message: /relatedAsync/ });
    assert.throws(() => sharded.duplicates('rate-1'), { code: 'NotFetched', message: /duplicatesAsync/ });
    const failures = await storyCaseFailures(cases, (id, options) => sharded.relatedAsync(id, options), (id) => sharded.duplicatesAsync(id));
    assert.deepEqual(failures, []);
    for (const c of cases.search) {
      const { tookMs: _, ...mine } = await sharded.searchAsync(c.query, c.options);
      const { tookMs: __, ...theirs } = dex.search(c.query, c.options);
      assert.deepEqual(mine, theirs, c.query);
    }
    const [entity] = dex.search('rates', { collapse: true }).facets.PER;
    assert.ok(entity, 'the recogniser found a person in the rates stories');
    assert.deepEqual(await sharded.entityAsync(entity.id), dex.entity(entity.id));
  } finally {
    sharded.close();
  }
});

test('an entity has its articles by period and its companions, as searches for them count', () => {
  const { PER, LOC, ORG } = dex.search('rates OR cup', { collapse: false }).facets;
  const ids = [...PER, ...LOC, ...ORG].map((f) => f.id);
  assert.ok(ids.length >= 2, 'names were found');
  let companions = 0;
  for (const id of ids) {
    const entity = dex.entity(id);
    assert.deepEqual(entity.timeline, dex.search(`entity:${id}`).facets.dates, id);
    for (const other of entity.related) {
      assert.deepEqual(Object.keys(other), ['id', 'type', 'name', 'count']);
      assert.equal(dex.search(`entity:${id} entity:${other.id}`).total, other.count, `${id} with ${other.id}`);
    }
    companions += entity.related.length;
  }
  assert.ok(companions > 0, 'some entity has companions');
});

test('options and ids are checked', () => {
  assert.throws(() => dex.related('rate-1', { limit: 9 }), { code: 'InvalidOption', message: 'newsdex: option `limit` must be at most 8, not 9' });
  assert.throws(() => dex.related('rate-1', { limit: -1 }), { code: 'InvalidOption' });
  assert.throws(() => dex.duplicates('nope'), { code: 'UnknownArticle' });
  assert.throws(() => dex.related(7), { code: 'InvalidArgument' });
  assert.throws(() => dex.search('rates', { collapse: 'yes' }), { code: 'InvalidOption' });
  assert.deepEqual(dex.search('rates').hits.map((hit) => hit.duplicates), dex.search('rates').hits.map(() => []), 'no copies listed without collapse');
});
