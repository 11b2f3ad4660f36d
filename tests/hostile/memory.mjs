// Does the wasm module's memory stay bounded over many requests? Runs a mix of queries (words,
// prefixes, typos, phrases, fields, entity filters, every hostile payload, a 1 MB query now and
// then) with article views, suggestions and the recogniser on the seeds index and on the
// hostile corpus's index, and reads the size of the module's WebAssembly.Memory (from the
// exports that wasm-bindgen's init returns) after a warm-up and at intervals. Memory only
// grows, so a leak shows as growth after the warm-up.
//
//   node tests/hostile/memory.mjs [REQUESTS]     (default 100000; needs ./build.sh first)
//
// SECURITY.md reports its numbers; tests/node/limits.test.mjs runs it in the tests.
import { fileURLToPath } from 'node:url';
import { hostileArticles, payloads } from './fixture.mjs';

const pkg = new URL('../../pkg/', import.meta.url);

const QUERIES = [
  'kerry', 'lavrov', 'kerry lavrov', 'aleppo OR damascus', '"state department"', '-xinhua kerry', 'syri', 'nusra*',
  'title:kerry', 'source:xinhua', 'person:"John Kerry"', 'place:aleppo', 'org:"State Department"', 'Lavrvo', 'Kery',
  'entity:per/sergei-lavrov', 'a', '', '"unbalanced', 'OR OR', '-', '🙂 Zürich 東京',
];

/** The requests of step `i`: a query and, for some steps, more calls. */
async function step(dex, i, articles) {
  const pool = i % 3 === 0 ? payloads : QUERIES;
  const query = i % 997 === 0 ? 'kerry '.repeat(180_000) : pool[i % pool.length];
  const results = dex.search(query, { limit: 10, facets: i % 2 === 0 });
  if (i % 5 === 0 && results.hits.length) dex.article(results.hits[0].id, { query });
  if (i % 7 === 0) dex.suggest(query.slice(0, 40));
  if (i % 50 === 0) await dex.entities(articles[i % articles.length].body);
  return results.total;
}

/**
 * Runs `requests` steps over both indexes after `warmup` steps; returns the memory size in
 * bytes before the warm-up, after it, and at each tenth of the run.
 */
export async function measure({ requests = 100_000, warmup = 2_000 } = {}) {
  const { Newsdex } = await import(new URL('node.js', pkg));
  const { default: init } = await import(new URL('newsdex.js', pkg));
  const { memory } = await init();
  const size = () => memory.buffer.byteLength;
  const start = size();
  const articles = hostileArticles();
  const seeds = await Newsdex.load();
  const hostile = await Newsdex.load(await Newsdex.build(articles));
  const dexes = [seeds, hostile];
  for (let i = 0; i < warmup; i += 1) await step(dexes[i % 2], i, articles);
  const warm = size();
  const samples = [];
  const started = performance.now();
  for (let i = 0; i < requests; i += 1) {
    await step(dexes[i % 2], warmup + i, articles);
    if ((i + 1) % Math.max(1, Math.floor(requests / 10)) === 0) samples.push(size());
  }
  const seconds = (performance.now() - started) / 1000;
  hostile.close();
  seeds.close();
  return { start, warm, samples, end: size(), requests, seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const requests = Number(process.argv[2] ?? 100_000);
  const { start, warm, samples, end, seconds } = await measure({ requests });
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  console.log(`wasm memory: ${mb(start)} at start, ${mb(warm)} after the warm-up`);
  console.log(`after each tenth of ${requests} queries: ${samples.map(mb).join(', ')}`);
  console.log(`growth after the warm-up: ${end - warm} bytes (${seconds.toFixed(1)} s)`);
}
