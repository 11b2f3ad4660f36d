// The soak: N mixed async requests (searches of title words, typos and prefixes, articles,
// suggestions, marks) from 8 concurrent readers sharing one sharded index served by nginx over
// loopback, with a 16 MiB cache, so that eviction runs all the time under requests in flight.
// Reports failures (there must be none), the p50/p99 latency, the bytes fetched, and the search
// module's wasm memory at the start, after the warm-up and at the end (it must not grow after
// the warm-up). Writes bench/out/soak.json.
//
//   node bench/soak/run.mjs [--count 20000] [--requests 100000] [--readers 8] [--cache-mib 16]
//                           [--archive bench/out/shards/archive.jsonl --site bench/out/shards/site]
//
// Without --archive it generates an archive of --count articles (bench/shards/generate.mjs,
// from ../shared/data) into bench/out/soak/ and builds it with `newsdex build --shards
// --no-entities` (as bench/shards builds its archive), once. The issue's run is the 1M
// archive: `--archive bench/out/shards/archive.jsonl --site bench/out/shards/site` once
// bench/shards has made and built it.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginx } from '../../scripts/nginx.mjs';
import { titleQueries } from '../peers/queries.mjs';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const count = Number(option('count', 20_000));
const requests = Number(option('requests', 100_000));
const readers = Number(option('readers', 8));
const cacheBytes = Number(option('cache-mib', 16)) * 2 ** 20;
const out = resolve(root, 'bench/out/soak');
const archive = resolve(root, option('archive', join(out, `archive-${count}.jsonl`)));
const MB = 2 ** 20;

mkdirSync(out, { recursive: true });
if (!existsSync(archive)) {
  console.log(`generating ${count} articles into ${archive}`);
  execFileSync(process.execPath, [resolve(root, 'bench/shards/generate.mjs'), '--count', String(count), '--out', archive], { stdio: 'inherit' });
}
// archive-20000.jsonl is built into site-20000/, any other NAME.jsonl into site-NAME/, unless
// --site names a folder that holds its sharded build already (archive.ndx and its chunks).
const site = resolve(root, option('site', join(out, `site-${basename(archive, '.jsonl').replace(/^archive-/, '')}`)));
if (!existsSync(join(site, 'archive.ndx'))) {
  console.log(`building the sharded index into ${site}`);
  mkdirSync(site, { recursive: true });
  execFileSync(resolve(root, 'target/release/newsdex'), ['build', archive, '-o', join(site, 'archive.ndx'), '--shards', '--no-entities'], { stdio: 'inherit' });
}
writeFileSync(join(site, 'nginx.html'), 'up');

/** Every `step`-th article of the archive, read as a stream (the 1M archive does not fit in memory). */
async function sample(step) {
  const articles = [];
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(archive) })) {
    if (i++ % step === 0 && line) articles.push(JSON.parse(line));
  }
  return articles;
}

const articles = await sample(Math.max(1, Math.floor(count / 2000)));
const queries = titleQueries(articles, { seed: 26, count: 300 }).map((q) => q.query);
const ids = articles.map((a) => a.id);
const texts = articles.slice(0, 50).map((a) => `${a.title}. ${(a.body ?? '').slice(0, 2000)}`);

/** The request numbered `i`: a mix weighted as a reader's (mostly searches). */
function request(i) {
  const pick = (list) => list[(i * 2654435761) % list.length];
  const kind = i % 20;
  if (kind < 12) return (dex) => dex.searchAsync(pick(queries), { limit: 10 });
  if (kind < 15) return (dex) => dex.articleAsync(pick(ids), { query: pick(queries) });
  if (kind < 18) return (dex) => dex.suggestAsync(pick(queries).slice(0, 1 + (i % 7)));
  return (dex) => dex.marksAsync(pick(texts), pick(queries));
}

const state = mkdtempSync(join(tmpdir(), 'newsdex-soak-'));
const nginx = await startNginx(site, state);
try {
  const { Newsdex } = await import(resolve(root, 'pkg/node.js'));
  const { default: init } = await import(resolve(root, 'pkg/newsdex.js'));
  const { memory } = await init();
  const memoryAtStart = memory.buffer.byteLength;
  const dex = await Newsdex.open(`${nginx.url}/archive.ndx`, { cacheBytes });
  const warmup = Math.min(requests, Math.max(1000, Math.floor(requests / 20)));
  const latencies = new Float64Array(requests);
  const failures = [];
  let next = 0;
  let memoryAfterWarmup = 0;
  const started = performance.now();
  const reader = async () => {
    while (next < requests) {
      const i = next++;
      if (i === warmup) memoryAfterWarmup = memory.buffer.byteLength;
      const t = performance.now();
      try {
        await request(i)(dex);
      } catch (error) {
        failures.push(`${i}: ${error.code} ${error.message}`);
      }
      latencies[i] = performance.now() - t;
      if ((i + 1) % Math.floor(requests / 10) === 0) console.log(`${i + 1} requests, ${failures.length} failed, wasm memory ${(memory.buffer.byteLength / MB).toFixed(2)} MiB`);
    }
  };
  await Promise.all(Array.from({ length: readers }, reader));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const fetched = dex.fetched();
  const report = {
    archive,
    articles: dex.stats().articles,
    requests,
    readers,
    cacheBytes,
    failures: failures.length,
    firstFailures: failures.slice(0, 5),
    p50Ms: Number(at(0.5).toFixed(2)),
    p99Ms: Number(at(0.99).toFixed(2)),
    seconds: Number(seconds.toFixed(1)),
    fetchedBytes: fetched.bytes,
    fetchRequests: fetched.requests,
    keptBytes: fetched.keptBytes,
    wasmMemoryMiB: { start: memoryAtStart / MB, afterWarmup: memoryAfterWarmup / MB, end: memory.buffer.byteLength / MB },
  };
  writeFileSync(resolve(root, 'bench/out/soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  dex.close();
  if (failures.length > 0 || memory.buffer.byteLength > memoryAfterWarmup) process.exitCode = 1;
} finally {
  nginx.child.kill('SIGTERM');
  await nginx.exited;
  rmSync(state, { recursive: true, force: true });
}
