// The sharded-index benchmark: a sharded index of a large archive (bench/shards/generate.mjs),
// served over loopback by scripts/serve.mjs (range requests) in a process of its own, as a
// CDN is not the reader's, searched from node with the built package. Each query runs on a reader that has dropped every fetched chunk byte (cold:
// what a reader's first search of those words costs) and again at once (warm). Prints a
// table and writes bench/out/shards.json (and its queries, bench/out/shards-queries.json).
//
//   node bench/shards/run.mjs [--site bench/out/shards/site/archive.ndx]
//                             [--corpus bench/out/shards/archive.jsonl] [--count 100] [--seed 42]
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { titleQueries } from '../peers/queries.mjs';
import { chunkLayout } from './core.mjs';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const core = resolve(root, option('site', 'bench/out/shards/site/archive.ndx'));
const corpus = resolve(root, option('corpus', 'bench/out/shards/archive.jsonl'));
const count = Number(option('count', 100));
const seed = Number(option('seed', 42));
const { Newsdex } = await import(resolve(root, 'pkg/node.js'));

/** Every `step`-th article of the corpus, read as a stream (the corpus does not fit in memory). */
async function sample(step) {
  const out = [];
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(corpus) })) {
    if (i++ % step === 0 && line) out.push(JSON.parse(line));
  }
  return { articles: out, total: i };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const { articles, total } = await sample(2000);
const queries = titleQueries(articles, { seed, count });
queries.push(...articles.slice(0, count).map((a) => ({ kind: 'article', id: a.id })));

const site = dirname(core);
// A segmented index's manifest names its parts, each a core of its own (a removal is a single
// file); the fetched bytes are then not told apart by part of the pack.
const coreBytes = readFileSync(core);
const parts = coreBytes.subarray(0, 16).toString() === 'newsdex-segments'
  ? coreBytes.toString('utf8').split('\n').slice(1).filter((line) => line.startsWith('segment ')).map((line) => line.slice(8))
  : null;
// Which part of the pack each fetched byte was of, and which chunk each file is.
const layout = parts ? null : chunkLayout(coreBytes);
const chunkNumber = new Map(layout?.files.map((name, k) => [name, k]));
const chunkFiles = parts ? parts.flatMap((name) => chunkLayout(readFileSync(resolve(site, name))).files) : layout.files;
const packBytes = chunkFiles.reduce((sum, name) => sum + statSync(resolve(site, name)).size, 0);
// The server in a process of its own: in the reader's, its work on each request was timed
// as the reader's.
const serving = spawn(process.execPath, [resolve(root, 'scripts/serve.mjs'), '--port', '0', '--dir', site], { stdio: ['ignore', 'pipe', 'inherit'] });
const [banner] = await once(serving.stdout, 'data');
const server = { url: /serving (\S+?)\/?\s*$/.exec(String(banner))[1] };
let requests = 0;
let ranged = 0;
let byPart = {};
const counting = async (url, init) => {
  const response = await fetch(url, init);
  requests += 1;
  const chunk = chunkNumber.get(url.slice(url.lastIndexOf('/') + 1));
  const ranges = new Headers(init?.headers).get('range')?.replace(/^bytes=/, '').split(',') ?? [];
  ranged += ranges.length;
  if (!layout) return response;
  for (const range of ranges) {
    const [from, to] = range.split('-').map(Number);
    let at = chunk * layout.chunkBytes + from;
    const end = chunk * layout.chunkBytes + to + 1;
    for (const [part, partEnd] of layout.parts) {
      if (at >= end) break;
      if (at < partEnd) {
        byPart[part] = (byPart[part] ?? 0) + Math.min(end, partEnd) - at;
        at = Math.min(end, partEnd);
      }
    }
  }
  return response;
};

const loadStarted = performance.now();
const dex = await Newsdex.open(`${server.url}/${basename(core)}`, { fetch: counting, cacheBytes: 0 });
const loadMs = performance.now() - loadStarted;
const warm = await Newsdex.open(`${server.url}/${basename(core)}`);

const rows = {};
for (const query of queries) {
  const row = (rows[query.kind] ??= { ms: [], bytes: [], requests: [], ranges: [], rounds: [], warmMs: [], found: 0, byPart: {} });
  // cacheBytes 0: the reader drops what it fetched before each request, so each is cold.
  requests = 0;
  ranged = 0;
  byPart = {};
  const before = dex.fetched();
  const started = performance.now();
  const result = query.kind === 'article' ? await dex.articleAsync(query.id) : await dex.searchAsync(query.query, { limit: 10, facets: false });
  row.ms.push(performance.now() - started);
  row.bytes.push(dex.fetched().bytes - before.bytes);
  row.rounds.push(dex.fetched().rounds - before.rounds);
  row.requests.push(requests);
  row.ranges.push(ranged);
  for (const [part, n] of Object.entries(byPart)) (row.byPart[part] ??= []).push(n);
  row.found += query.kind === 'article' ? 1 : Number(result.hits.some((hit) => hit.id === query.target));
  await (query.kind === 'article' ? warm.articleAsync(query.id) : warm.searchAsync(query.query, { limit: 10, facets: false }));
  const again = performance.now();
  if (query.kind === 'article') await warm.articleAsync(query.id);
  else await warm.searchAsync(query.query, { limit: 10, facets: false });
  row.warmMs.push(performance.now() - again);
}
serving.kill();

const stats = dex.stats();
const report = {
  articles: stats.articles,
  corpusLines: total,
  coreBytes: statSync(core).size,
  chunkFiles: chunkFiles.length,
  packBytes,
  loadMs,
  kinds: Object.fromEntries(Object.entries(rows).map(([kind, row]) => [kind, {
    queries: row.ms.length,
    found: row.found,
    p50Ms: quantile(row.ms, 0.5),
    p95Ms: quantile(row.ms, 0.95),
    warmP50Ms: quantile(row.warmMs, 0.5),
    p50Bytes: quantile(row.bytes, 0.5),
    p95Bytes: quantile(row.bytes, 0.95),
    maxBytes: Math.max(...row.bytes),
    p50Requests: quantile(row.requests, 0.5),
    p50Ranges: quantile(row.ranges, 0.5),
    p50Rounds: quantile(row.rounds, 0.5),
    p95Rounds: quantile(row.rounds, 0.95),
    // Mean bytes asked for per query, by part of the pack (ranges as requested, before a
    // host's multipart headers).
    meanAskedBytes: Object.fromEntries(Object.entries(row.byPart).map(([part, values]) => [part, values.reduce((a, b) => a + b, 0) / row.ms.length])),
  }])),
};
mkdirSync(resolve(root, 'bench/out'), { recursive: true });
writeFileSync(resolve(root, 'bench/out/shards.json'), `${JSON.stringify(report, null, 2)}\n`);
// The same queries for `cargo run --release --example shard_fetches` (natively, from the files).
writeFileSync(resolve(root, 'bench/out/shards-queries.json'), `${JSON.stringify(queries.filter((q) => q.query !== undefined))}\n`);

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`${report.articles} articles: core ${kb(report.coreBytes)} (opened in ${loadMs.toFixed(0)} ms over loopback), ${report.chunkFiles} chunk files, ${(packBytes / 2 ** 20).toFixed(0)} MiB of chunks`);
console.log('kind     queries  found  cold p50  cold p95  warm p50  fetched p50  fetched p95  fetched max  requests p50  ranges p50  rounds p50/p95');
for (const [kind, k] of Object.entries(report.kinds)) {
  console.log(`${kind.padEnd(8)} ${String(k.queries).padStart(7)} ${String(k.found).padStart(6)} ${k.p50Ms.toFixed(1).padStart(6)} ms ${k.p95Ms.toFixed(1).padStart(6)} ms ${k.warmP50Ms.toFixed(2).padStart(6)} ms ${kb(k.p50Bytes).padStart(12)} ${kb(k.p95Bytes).padStart(12)} ${kb(k.maxBytes).padStart(12)} ${String(k.p50Requests).padStart(13)} ${String(k.p50Ranges).padStart(11)} ${`${k.p50Rounds} / ${k.p95Rounds}`.padStart(15)}`);
}
console.log('mean bytes asked for per query, by part of the pack:');
for (const [kind, k] of Object.entries(report.kinds)) {
  console.log(`${kind.padEnd(8)} ${Object.entries(k.meanAskedBytes).map(([part, n]) => `${part} ${kb(n)}`).join(', ')}`);
}
