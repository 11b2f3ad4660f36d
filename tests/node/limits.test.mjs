// The wasm module under hostile sizes and long use, through the built package (pkg/): memory
// stays bounded over 100,000 mixed requests (hostile payloads and 1 MB queries among them,
// tests/hostile/memory.mjs, whose numbers SECURITY.md reports) and over indexes opened and
// closed again; a 1 MB query is answered as its first 4 KB; a 2 MB text goes through the
// recogniser (tests/limits.rs indexes a 10 MB article).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measure } from '../hostile/memory.mjs';
import { hostileArticles } from '../hostile/fixture.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const { Newsdex } = await import(new URL('node.js', pkg));
const { default: init } = await import(new URL('newsdex.js', pkg));
const { memory } = await init();
// The recogniser's module, instantiated by the package on first need, has a memory of its own.
const recogniserMemory = async () => (await (await import(new URL('newsdex_recogniser.js', pkg))).default()).memory;

const PAGE = 64 * 1024;

// First in the file, while the module's memory is fresh: memory only grows, so a later test
// would measure from a higher mark.
test('the recogniser keeps its working memory small on long texts', async () => {
  const dex = await Newsdex.load();
  await dex.entities('John Kerry met Sergei Lavrov.');
  const recogniser = await recogniserMemory();
  const before = recogniser.buffer.byteLength;
  const text = 'US Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva. '.repeat(12_000);
  // Five names a sentence; tagged in pieces, a name at a cut between two may be missed.
  const names = await dex.entities(text);
  assert.ok(names.length > 12_000 * 5 * 0.99, `${names.length} names`);
  const known = new Set(['US', 'John Kerry', 'Russian', 'Sergei Lavrov', 'Geneva']);
  assert.deepEqual(names.filter((name) => !known.has(text.slice(name.start, name.end))), []);
  // 200,000 tokens tagged as one document took 180 MB, which the page then kept for good.
  assert.ok(recogniser.buffer.byteLength - before <= 40 * 2 ** 20, `grew ${(recogniser.buffer.byteLength - before) / 2 ** 20} MiB`);
  dex.close();
});

test('memory does not grow over 100,000 mixed requests after a warm-up', async () => {
  const { warm, end, samples } = await measure({ requests: 100_000, warmup: 2000 });
  // A leak of 3 bytes a request would be 300 kB here; allow a few pages for the allocator.
  assert.ok(end - warm <= 4 * PAGE, `grew ${end - warm} bytes after the warm-up (${samples.join(', ')})`);
});

test('opening and closing an index again and again does not grow memory', async () => {
  const bytes = await Newsdex.build(hostileArticles());
  const cycle = async () => (await Newsdex.load(bytes)).close();
  for (let i = 0; i < 20; i += 1) await cycle();
  const before = memory.buffer.byteLength;
  for (let i = 0; i < 300; i += 1) await cycle();
  assert.ok(memory.buffer.byteLength - before <= 4 * PAGE, `grew ${memory.buffer.byteLength - before} bytes over 300 loads of ${bytes.length} bytes`);
});

test('a 1 MB query is answered as its first 4 KB', async () => {
  const dex = await Newsdex.load();
  const query = 'lavrov -xinhua 🙂 '.repeat(60_000);
  assert.ok(query.length > 1_000_000);
  const capped = new TextDecoder().decode(new TextEncoder().encode(query).slice(0, 4096)).replace(/\uFFFD$/, '');
  assert.deepEqual(dex.search(query).hits.map((hit) => hit.id), dex.search(capped).hits.map((hit) => hit.id));
  assert.ok(dex.search(query).total > 0);
  assert.deepEqual(dex.suggest(query).words, [], 'the text ends in a space: no word is being typed');
  dex.close();
});

test('the recogniser reads a 2 MB text, its names slicing right far into it', async () => {
  const dex = await Newsdex.load();
  const text = `${'Talks went on. '.repeat(140_000)}John Kerry met Sergei Lavrov in Geneva.`;
  assert.ok(text.length > 2_000_000);
  const names = await dex.entities(text);
  for (const name of names) assert.equal(text.slice(name.start, name.end), name.text);
  assert.deepEqual(names.map((name) => name.text), ['John Kerry', 'Sergei Lavrov', 'Geneva']);
  dex.close();
});
