// newsdex's own benchmark: for each corpus, index bytes (raw, gzip, brotli; with and without
// the document store), build time, load time and query latency by kind, in node.
// Usage: node bench/engine.mjs [--corpus bbc,reuters21578] [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Newsdex } from '../pkg/node.js';
import { generateQueries } from './queries.mjs';
import { option } from './options.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const data = join(repo, '..', 'shared', 'data');
const out = join(repo, 'bench', 'out');
const cli = join(repo, 'target', 'release', 'newsdex');
const corpora = option('corpus', 'bbc,reuters21578').split(',');
const runs = Number(option('runs', 3));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n) => (n < 1 ? `${(n * 1000).toFixed(0)} µs` : `${n.toFixed(2)} ms`);
const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
});

function build(input, file, extra = []) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    execFileSync(cli, ['build', input, '-o', file, ...extra], { stdio: 'pipe' });
    times.push(performance.now() - started);
  }
  return median(times);
}

mkdirSync(out, { recursive: true });
const rows = [];
for (const corpus of corpora) {
  const input = join(data, corpus, 'articles.jsonl');
  const text = readFileSync(input, 'utf8');
  const articles = text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const textBytes = articles.reduce((n, a) => n + Buffer.byteLength(`${a.title ?? ''}\n${a.body ?? ''}`), 0);
  const withStore = join(out, `${corpus}.ndx`);
  const withoutStore = join(out, `${corpus}.nostore.ndx`);
  const buildMs = build(input, withStore);
  build(input, withoutStore, ['--no-store']);
  const full = readFileSync(withStore);
  const bare = readFileSync(withoutStore);

  const loads = [];
  let dex;
  for (let i = 0; i < 7; i += 1) {
    const started = performance.now();
    dex = await Newsdex.load(full);
    dex.search('the');
    loads.push(performance.now() - started);
    if (i < 6) dex.close();
  }

  const queries = generateQueries(articles, { seed: 7, count: 200 });
  for (const { query } of queries.slice(0, 200)) dex.search(query, { limit: 10 });
  const byKind = {};
  for (const { kind, query, target } of queries) {
    const started = performance.now();
    const results = dex.search(query, { limit: 10 });
    const took = performance.now() - started;
    const rank = results.hits.findIndex((h) => h.id === target);
    (byKind[kind] ??= { times: [], rr: [] }).times.push(took);
    byKind[kind].rr.push(rank < 0 ? 0 : 1 / (rank + 1));
  }
  rows.push({
    corpus,
    articles: articles.length,
    textMB: textBytes / 1e6,
    buildMs,
    mbPerSecond: textBytes / 1e6 / (buildMs / 1000),
    full: sizes(full),
    bare: sizes(bare),
    text: sizes(Buffer.from(articles.map((a) => `${a.title ?? ''}\n${a.body ?? ''}`).join('\n'))),
    loadMs: median(loads),
    kinds: Object.fromEntries(Object.entries(byKind).map(([kind, { times, rr }]) => [kind, {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      mrr: rr.reduce((a, b) => a + b, 0) / rr.length,
    }])),
  });
  dex.close();
}

for (const r of rows) {
  console.log(`\n## ${r.corpus}: ${r.articles} articles, ${r.textMB.toFixed(1)} MB of text`);
  console.log(`build (CLI, native, median of ${runs}): ${(r.buildMs / 1000).toFixed(2)} s = ${r.mbPerSecond.toFixed(1)} MB/s of text`);
  console.log(`load in node (bytes → first query answered, median of 7): ${ms(r.loadMs)}`);
  console.log('\n| index | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |');
  console.log(`| with the document store | ${kb(r.full.raw)} | ${kb(r.full.gzip)} | ${kb(r.full.brotli)} |`);
  console.log(`| without the store | ${kb(r.bare.raw)} | ${kb(r.bare.gzip)} | ${kb(r.bare.brotli)} |`);
  console.log(`| (the raw text, titles and bodies) | ${kb(r.text.raw)} | ${kb(r.text.gzip)} | ${kb(r.text.brotli)} |`);
  console.log('\n| query kind | p50 | p95 | MRR@10 of the source article |\n| --- | ---: | ---: | ---: |');
  for (const [kind, k] of Object.entries(r.kinds)) console.log(`| ${kind} | ${ms(k.p50)} | ${ms(k.p95)} | ${k.mrr.toFixed(3)} |`);
}
const { writeFileSync } = await import('node:fs');
writeFileSync(join(out, 'engine.json'), JSON.stringify(rows, null, 2));
console.log(`\n(search + hits with snippets, limit 10, warm; figures written to bench/out/engine.json)`);
