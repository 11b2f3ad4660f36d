// Traps in the wasm modules: an out-of-memory trap says so, leaves the module usable for every
// other index and for new ones, and the recogniser, which keeps no index, starts afresh after
// one, its one-time set-up (the model, decoded on first use) run again rather than poisoned.
// Dropped indexes are freed when collected, so memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const pkg = new URL('../../pkg/', import.meta.url);
const { Newsdex, NewsdexError } = await import(new URL('node.js', pkg));
const { default: init } = await import(new URL('newsdex.js', pkg));
const recogniserModule = await import(new URL('newsdex_recogniser.js', pkg));

const PAGE = 64 * 1024;
const MAX_PAGES = 65536; // 4 GiB, wasm32's limit
const MB = 2 ** 20;

/** Grows `memory` until only `room` bytes could still be added: what an allocator sees when a
 * page has filled the module's memory. The pages added are never handed out by the allocator,
 * so they stay taken (the module's memory never shrinks). */
function fill(memory, room) {
  memory.grow(MAX_PAGES - memory.buffer.byteLength / PAGE - room / PAGE);
}

/** Frees what is unreachable now, and lets finalizers run. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
async function collect() {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

// First in the file, before anything decodes the model.
test('the recogniser out of memory in its set-up starts afresh, and its next call answers', async () => {
  const dex = await Newsdex.load();
  // Loads the module without decoding the model (an empty corpus is refused first).
  await assert.rejects(Newsdex.buildFiles([]), { code: 'EmptyCorpus' });
  const { memory } = await recogniserModule.default();
  fill(memory, 2 * MB);
  // The model takes some 27 MB once decoded: its one-time set-up runs out of memory.
  await assert.rejects(dex.entities('John Kerry met Sergei Lavrov.'), (error) => {
    assert.ok(error instanceof NewsdexError);
    assert.equal(error.code, 'OutOfMemory');
    assert.match(error.message, /^newsdex: out of memory \(\d+ MB of wasm memory in use\)$/);
    return true;
  });
  // Before the fix this was "one-time initialization may not be performed recursively", forever.
  assert.deepEqual((await dex.entities('John Kerry met Sergei Lavrov.')).map((name) => name.text), ['John Kerry', 'Sergei Lavrov']);
  const bytes = await Newsdex.build([{ id: 'a', title: 'Merkel in Paris', body: 'Angela Merkel met the French president in Paris.' }]);
  assert.equal((await Newsdex.load(bytes)).search('merkel').total, 1);
  const fresh = (await recogniserModule.default()).memory;
  assert.ok(fresh.buffer.byteLength < 200 * MB, `the new instance has ${fresh.buffer.byteLength / MB} MiB`);
  dex.close();
});

test('indexes dropped without close() are freed once collected, and the recogniser still answers', async () => {
  const { memory } = await init();
  const bytes = await Newsdex.build(Array.from({ length: 400 }, (_, i) => ({ id: `a${i}`, title: `Kerry talks ${i}`, body: `John Kerry met Sergei Lavrov in Geneva, round ${i}. `.repeat(20) })), { onWarning: () => {} });
  const load = async () => (await Newsdex.load(bytes)).search('kerry').total;
  for (let i = 0; i < 10; i += 1) await load();
  await collect();
  const start = memory.buffer.byteLength;
  for (let round = 0; round < 10; round += 1) {
    for (let i = 0; i < 30; i += 1) assert.equal(await load(), 400);
    await collect();
  }
  // 300 loads of an index of this size: 300 × its bytes and tables if none were freed.
  assert.ok(memory.buffer.byteLength - start <= 40 * bytes.length, `grew ${(memory.buffer.byteLength - start) / MB} MiB over 300 loads of ${bytes.length} bytes`);
  const dex = await Newsdex.load();
  assert.deepEqual((await dex.entities('John Kerry met Sergei Lavrov.')).map((name) => name.text), ['John Kerry', 'Sergei Lavrov']);
  dex.close();
  dex.close(); // twice is harmless
});

test('the search module out of memory says so, and other indexes and new ones go on', async () => {
  const { memory } = await init();
  const before = await Newsdex.load();
  fill(memory, 4 * MB);
  // More than the allocator may hold free from the indexes freed before.
  const error = await Newsdex.load(new Uint8Array(512 * MB)).then(() => assert.fail('loaded'), (e) => e);
  assert.ok(error instanceof NewsdexError);
  assert.equal(error.code, 'OutOfMemory');
  assert.match(error.message, /^newsdex: out of memory \((\d+) MB of wasm memory in use\)$/);
  assert.ok(Number(/\((\d+) MB/.exec(error.message)[1]) >= 4090, error.message);
  assert.ok(before.search('kerry').total > 0, 'an index opened before still answers');
  const after = await Newsdex.load();
  assert.ok(after.search('lavrov').total > 0, 'a new index opens and answers');
  before.close();
  after.close();
});
