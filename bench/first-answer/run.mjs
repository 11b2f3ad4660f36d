// What a cold reader's browser fetches, and how long it waits, from page load to a rendered
// list of 10 hits (titles and marked snippets): newsdex (a sharded index, fetched with range
// requests) and Pagefind, side by side, in headless Chromium, each query in a fresh browser
// context (empty cache), with and without network emulation. See README.md.
//
//   node bench/first-answer/run.mjs [--corpus bbc,reuters,ag,FILE.jsonl] [--count 30] [--seed 7]
//                                   [--network both|none|slow] [--reuse]
//   node bench/first-answer/run.mjs --archive bench/out/shards/site --archive-jsonl FILE
//
// A corpus is one of ../shared/data's three, or any JSON Lines file (a slice of the 1M archive,
// say), named after it: both engines are built from it.
// --reuse keeps the sites' indexes built by an earlier run (bench/out/first-answer/<corpus>/);
// the newsdex page and package come from this run's pkg/.
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { readerQueries } from './queries.mjs';
import { serve } from './server.mjs';
import { option } from '../options.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(repo, 'bench/out/first-answer');
const CORPORA = { bbc: 'bbc', reuters: 'reuters21578', ag: 'ag_news_test' };
const corpora = option('corpus', 'bbc,reuters,ag').split(',');
const count = Number(option('count', 30));
const seed = Number(option('seed', 7));
const network = option('network', 'both');
const reuse = process.argv.includes('--reuse');
const archive = option('archive', null);
const modes = { both: ['none', 'slow'], none: ['none'], slow: ['slow'] }[network];
if (!modes) throw new Error(`--network takes both, none or slow, not ${network}`);
/** A corpus's name and its JSON Lines file. */
const corpusOf = (c) => {
  if (CORPORA[c]) return { name: c, jsonl: join(repo, '..', 'shared/data', CORPORA[c], 'articles.jsonl') };
  if (c.endsWith('.jsonl') && existsSync(c)) return { name: basename(c, '.jsonl'), jsonl: resolve(c) };
  throw new Error(`unknown corpus ${c}: bbc, reuters, ag or a .jsonl file`);
};
const corpusList = archive ? [] : corpora.map(corpusOf);

/** A mid-range mobile or busy home connection: 40 ms each way added, 20 Mbit/s. */
const SLOW = { offline: false, latency: 40, downloadThroughput: 2_500_000, uploadThroughput: 2_500_000 };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Snapshots of pkg/ and the CLI, so that a rebuild by someone else during the run cannot mix
// versions (build.sh replaces pkg/ as a whole: wait for it to be back).
const snapshot = join(out, 'snapshot');
for (let tries = 0; !existsSync(join(repo, 'pkg/index.js')) || !existsSync(join(repo, 'pkg/newsdex_bg.wasm')); tries += 1) {
  if (tries === 60) throw new Error('pkg/ is missing: run ./build.sh');
  await new Promise((r) => setTimeout(r, 5000));
}
rmSync(snapshot, { recursive: true, force: true });
mkdirSync(snapshot, { recursive: true });
cpSync(join(repo, 'pkg'), join(snapshot, 'pkg'), { recursive: true, filter: (src) => !src.includes('/pkg/cli') });
cpSync(join(repo, 'target/release/newsdex'), join(snapshot, 'newsdex'));

// What was measured: the commit (the working tree may hold others' work besides) and when.
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
const about = () => ({ date: new Date().toISOString(), commit, seed, count, slowNetwork: SLOW, loadavg: loadavg() });

const readJsonl = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

/**
 * The newsdex page in `dir`, as a site ships it: the package under /pkg/, and the page's script
 * bundled with it and minified (the recogniser's loader split off, as it is loaded on need).
 */
async function newsdexFront(dir) {
  cpSync(join(here, 'pages/newsdex.html'), join(dir, 'index.html'));
  cpSync(join(snapshot, 'pkg'), join(dir, 'pkg'), { recursive: true });
  await build({
    entryPoints: { 'first-answer': join(here, 'pages/newsdex.js') },
    alias: { newsdex: join(dir, 'pkg/index.js') },
    outdir: join(dir, 'pkg'),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** The newsdex site's sharded index, at /news.ndx (the page comes from newsdexFront). */
function buildNewsdex(jsonl, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync(join(snapshot, 'newsdex'), ['build', jsonl, '-o', join(dir, 'news.ndx'), '--shards'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The Pagefind site: the page and the bundle at /pagefind/, built as bench/peers builds it. */
async function buildPagefind(articles, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(here, 'pages/pagefind.html'), join(dir, 'index.html'));
  if (!existsSync(join(repo, 'bench/peers/node_modules/pagefind'))) throw new Error('Pagefind is missing: cd bench/peers && npm ci');
  const { default: engine } = await import('../peers/engines/pagefind.mjs');
  await engine.build({ articles }, dir);
}

/** One reader: a fresh context (no cache, no compiled code), the page opened with `query`;
 * what the server sent until the page had rendered its hits, and the page's own time. */
async function firstAnswer(browser, site, { query, target }, mode) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (mode === 'slow') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW);
    }
    const from = site.server.log.length;
    const params = new URLSearchParams({ q: query, ...site.params });
    await page.goto(`${site.server.origin}/?${params}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.firstAnswer, null, { timeout: 180_000, polling: 20 });
    const answer = await page.evaluate(() => window.firstAnswer);
    const sent = site.server.log.slice(from);
    if (answer.error) throw new Error(`${site.engine} on ${JSON.stringify(query)}: ${answer.error}`);
    const failed = sent.filter((r) => r.status >= 400);
    if (failed.length) throw new Error(`${site.engine}: ${failed.map((r) => `${r.status} ${r.path}`).join(', ')}`);
    return {
      ms: answer.ms,
      bytes: sent.reduce((sum, r) => sum + r.bytes, 0),
      requests: sent.length,
      rounds: answer.rounds ?? null,
      hit: target === undefined ? null : answer.ids.includes(target),
      total: answer.total,
      files: sent.map((r) => [r.path, r.bytes, r.encoding]),
    };
  } finally {
    await context.close();
  }
}

/** Nearest-rank quantile. */
const quantile = (values, q) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] : null;
};

/** What a response was, for the breakdown of where the bytes go. */
function part(path) {
  if (path.endsWith('.wasm') || path.endsWith('.pagefind')) return 'wasm';
  if (path.endsWith('.js') || path.endsWith('.html')) return 'page+js';
  if (path.endsWith('.ndx')) return 'core';
  if (path.endsWith('.chunk')) return 'chunks';
  if (path.includes('/fragment/')) return 'fragments';
  if (path.includes('/index/')) return 'index';
  return 'meta';
}

/** Runs every query on every site, alternating which engine goes first query by query (so
 * that neither has the machine's quieter moments to itself), under each network mode. */
async function measure(browser, sites, queries) {
  const results = [];
  // One untimed load of each site first: Chromium's own start-up costs land on no engine.
  for (const site of sites) await firstAnswer(browser, site, { query: 'news ' }, 'none');
  for (const [i, q] of queries.entries()) {
    const order = i % 2 ? [...sites].reverse() : sites;
    for (const mode of modes) {
      for (const site of order) results.push({ ...q, engine: site.engine, network: mode, ...(await firstAnswer(browser, site, q, mode)) });
    }
    if ((i + 1) % 20 === 0) process.stderr.write(`  ${i + 1}/${queries.length} queries\n`);
  }
  return results;
}

const kb = (bytes) => (bytes === null ? '–' : (bytes / 1000).toFixed(0));
const ms = (value) => (value === null ? '–' : value.toFixed(0));

/** The table of one corpus: rows kind × engine. */
function report(name, results, engines) {
  const lines = [`### ${name}`, '',
    '| kind | engine | KB p50 | KB p95 | requests p50 | rounds p50 | ms p50 | ms p95 | ms p50 slow | ms p95 slow | hit@10 |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const summary = {};
  for (const kind of ['title', 'typo', 'prefix', 'short']) {
    for (const engine of engines) {
      const of = (mode) => results.filter((r) => r.kind === kind && r.engine === engine && r.network === mode);
      const base = of(modes[0]);
      if (!base.length) continue;
      const none = of('none').map((r) => r.ms);
      const slow = of('slow').map((r) => r.ms);
      const row = {
        bytes: [quantile(base.map((r) => r.bytes), 0.5), quantile(base.map((r) => r.bytes), 0.95)],
        requests: quantile(base.map((r) => r.requests), 0.5),
        rounds: quantile(base.map((r) => r.rounds), 0.5),
        ms: [quantile(none, 0.5), quantile(none, 0.95)],
        slowMs: [quantile(slow, 0.5), quantile(slow, 0.95)],
        hit: base.filter((r) => r.hit).length / base.length,
      };
      (summary[kind] ??= {})[engine] = row;
      lines.push(`| ${kind} | ${engine} | ${kb(row.bytes[0])} | ${kb(row.bytes[1])} | ${row.requests} | ${row.rounds ?? '–'} `
        + `| ${ms(row.ms[0])} | ${ms(row.ms[1])} | ${ms(row.slowMs[0])} | ${ms(row.slowMs[1])} | ${(100 * row.hit).toFixed(0)}% |`);
    }
  }
  lines.push('');
  // Where the bytes go: the mean of each part over the queries.
  for (const engine of engines) {
    const base = results.filter((r) => r.engine === engine && r.network === modes[0]);
    const parts = {};
    for (const r of base) for (const [path, bytes] of r.files) parts[part(path)] = (parts[part(path)] ?? 0) + bytes / base.length;
    lines.push(`${engine}, mean KB per first answer: ${Object.entries(parts).map(([p, b]) => `${p} ${kb(b)}`).join(', ')}`);
  }
  if (engines.length === 2) {
    const ratios = [];
    const ratioOf = (kind) => {
      const pairs = results.filter((r) => r.network === modes[0] && (kind === undefined || r.kind === kind));
      const list = [];
      for (const r of pairs.filter((p) => p.engine === 'newsdex')) {
        const other = pairs.find((p) => p.engine === 'pagefind' && p.kind === r.kind && p.query === r.query && p.target === r.target);
        list.push(r.bytes / other.bytes);
      }
      return list;
    };
    ratios.push(...ratioOf());
    const byKind = ['title', 'typo', 'prefix', 'short'].map((k) => `${k} ${quantile(ratioOf(k), 0.5).toFixed(1)}`).join(', ');
    summary.bytesRatio = quantile(ratios, 0.5);
    lines.push(`newsdex / pagefind bytes ratio (median): ${summary.bytesRatio.toFixed(2)} (${byKind})`);
  }
  lines.push(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`, '');
  console.log(lines.join('\n'));
  return summary;
}

/** { id, title } of every article of a large JSON Lines file, read as a stream. */
async function titlesOf(file) {
  const list = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line) continue;
    const { id, title } = JSON.parse(line);
    list.push({ id, title });
  }
  return list;
}

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const cacheDir = join(out, 'brotli-cache');
try {
  if (archive) {
    // newsdex alone on an existing sharded site: its page and pkg/ served in front of it.
    const dir = resolve(archive);
    const core = readdirSync(dir).find((f) => f.endsWith('.ndx'));
    if (!core) throw new Error(`${dir} holds no .ndx core`);
    const jsonl = option('archive-jsonl', null);
    if (!jsonl) throw new Error('--archive needs --archive-jsonl FILE, the articles it was built from');
    const front = join(out, 'archive-front');
    rmSync(front, { recursive: true, force: true });
    mkdirSync(front, { recursive: true });
    await newsdexFront(front);
    const server = await serve([front, dir], { cacheDir });
    try {
      process.stderr.write(`archive: brotli of ${await server.precompress()} files (cached by content)\n`);
      const queries = readerQueries(await titlesOf(resolve(jsonl)), { seed, count });
      const site = { engine: 'newsdex', server, params: { index: `/${core}` } };
      const results = await measure(browser, [site], queries);
      const summary = report(`archive (${core})`, results, ['newsdex']);
      writeFileSync(join(out, 'archive.json'), JSON.stringify({ ...about(), core, summary, results }, null, 1));
    } finally {
      await server.close();
    }
  } else {
    for (const { name: corpus, jsonl } of corpusList) {
      const articles = readJsonl(jsonl);
      const dir = join(out, corpus);
      const built = reuse && existsSync(join(dir, 'newsdex/news.ndx')) && existsSync(join(dir, 'pagefind/pagefind'));
      if (!built) {
        process.stderr.write(`${corpus}: building the newsdex and Pagefind sites\n`);
        buildNewsdex(jsonl, join(dir, 'newsdex'));
        await buildPagefind(articles, join(dir, 'pagefind'));
      }
      // The page and the package always come from this run's snapshot.
      await newsdexFront(join(dir, 'newsdex'));
      const sites = [];
      try {
        for (const engine of ['newsdex', 'pagefind']) sites.push({ engine, server: await serve([join(dir, engine)], { cacheDir }), params: {} });
        for (const site of sites) process.stderr.write(`${corpus}: brotli of ${await site.server.precompress()} ${site.engine} files (cached by content)\n`);
        const queries = readerQueries(articles, { seed, count });
        const results = await measure(browser, sites, queries);
        const summary = report(`${corpus} (${articles.length} articles)`, results, ['newsdex', 'pagefind']);
        writeFileSync(join(out, `${corpus}.json`), JSON.stringify({ ...about(), corpus, summary, results }, null, 1));
      } finally {
        for (const site of sites) await site.server.close();
      }
    }
  }
} finally {
  await browser.close();
}
