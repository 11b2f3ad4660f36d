// The peer comparison: for each corpus, makes the seeded queries and the phrase truth, runs
// every engine's build, query and load steps in separate processes (measure.mjs), prints one
// Markdown table per corpus and writes everything to bench/out/peers.json.
// Usage: node bench/peers/run.mjs [--corpus bbc,reuters21578,ag_news_test] [--quick]
//        [--engines newsdex,minisearch,…] [--count 200] [--seed 42]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, files } from './engines/index.mjs';
import { cli, Newsdex } from './engines/newsdex.mjs';
import { median, summarise } from './metrics.mjs';
import { phraseQueries, titleQueries } from './queries.mjs';
import { table } from './report.mjs';
import { groupSizes } from './sizes.mjs';
import { option } from '../options.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const data = join(repo, '..', 'shared', 'data');
const out = join(repo, 'bench', 'out');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const corpora = option('corpus', 'bbc,reuters21578,ag_news_test').split(',');
const names = option('engines', Object.keys(engines).join(',')).split(',');
// 200 per kind keeps a full run near 20 minutes on two cores: MiniSearch and lunr take up to
// a second a query on Reuters.
const count = Number(option('count', quick ? 50 : 200));
const seed = Number(option('seed', 42));
for (const name of names) if (!engines[name]) throw new Error(`run: no engine named ${name} (${Object.keys(engines).join(', ')})`);

const step = (what, name, file, work) => execFileSync(
  process.execPath,
  ['--expose-gc', join(repo, 'bench/peers/measure.mjs'), what, name, file, work],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 },
);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const started = performance.now();
// The snapshot's CLI and wasm package must agree on the index format: open a CLI-built index
// first (its analyser then makes the phrase truth).
const seeds = join(out, 'peers', 'seeds.ndx');
execFileSync(cli, ['build', join(repo, 'seeds'), '-o', seeds], { stdio: 'ignore' });
const dex = await Newsdex.load(readFileSync(seeds));
// Which newsdex was measured: run.sh snapshots the build of the working tree at this commit.
const git = (...a) => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8' }).trim();
const newsdexAt = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'crates', 'npm') ? ' + uncommitted changes' : ''}`;
const results = { seed, count, quick, newsdex: newsdexAt, startedAt: new Date().toISOString(), corpora: {} };
for (const corpus of corpora) {
  const file = join(data, corpus, 'articles.jsonl');
  const work = join(out, 'peers', corpus);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const text = readFileSync(file, 'utf8');
  const articles = text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const t = performance.now();
  const queries = [
    ...titleQueries(articles, { seed, count }),
    ...phraseQueries(articles, (s) => dex.analyze(s), { seed, count }),
  ];
  writeFileSync(join(work, 'queries.json'), JSON.stringify(queries));
  // The warm-up: as many queries of each kind, drawn with another seed, none of them timed.
  const timed = new Set(queries.map((q) => q.query));
  const warmup = [
    ...titleQueries(articles, { seed: seed + 1, count }),
    ...phraseQueries(articles, (s) => dex.analyze(s), { seed: seed + 1, count }),
  ].filter((q) => !timed.has(q.query)).map(({ kind, query }) => ({ kind, query }));
  writeFileSync(join(work, 'warmup.json'), JSON.stringify(warmup));
  console.error(`${corpus}: ${queries.length} queries and the phrase truth in ${seconds(performance.now() - t)}`);

  const rows = {};
  for (const name of names) {
    const t0 = performance.now();
    step('build', name, file, work);
    step('query', name, file, work);
    const build = readJson(join(work, `${name}.build.json`));
    const measured = readJson(join(work, `${name}.query.json`));
    const loadTimes = engines[name].browser
      ? measured.loadTimes
      : [...measured.loadTimes, ...[1, 2].map(() => Number(step('load', name, file, work)))];
    rows[name] = {
      settings: engines[name].settings,
      bytesInclude: engines[name].bytes,
      buildMs: build.buildMs,
      ...(build.js ? { js: build.js } : {}),
      loadMs: median(loadTimes),
      loadTimes,
      memory: measured.memory,
      errors: measured.errors,
      ...(measured.fetched ? { fetched: measured.fetched } : {}),
      kinds: summarise(queries, measured.runs, measured.all),
      // Other work on the machine slows every figure: the 1-minute load average after the steps.
      loadAverage: loadavg()[0],
    };
    console.error(`${corpus}: ${name} done in ${seconds(performance.now() - t0)}`);
  }
  const t1 = performance.now();
  const parts = (name) => ({ ...files(engines[name], work), code: engines[name].code(work) });
  const groups = Object.fromEntries(names.flatMap((name) => Object.entries(parts(name)).map(([part, paths]) => [`${name}.${part}`, paths])));
  const measuredSizes = await groupSizes(groups, join(out, 'peers', 'sizes-cache.json'));
  for (const name of names) {
    const { code, ...size } = Object.fromEntries(Object.keys(parts(name)).map((part) => [part, measuredSizes[`${name}.${part}`]]));
    Object.assign(rows[name], { size, code });
  }
  console.error(`${corpus}: sizes in ${seconds(performance.now() - t1)}`);
  // Indexing speed is quoted per byte of the text indexed (headline and body), not of the JSON.
  const articleTextBytes = articles.reduce((n, a) => n + Buffer.byteLength(a.title ?? '') + Buffer.byteLength(a.body ?? ''), 0);
  results.corpora[corpus] = { articles: articles.length, textBytes: Buffer.byteLength(text), articleTextBytes, engines: rows };
  console.log(`\n${table(corpus, results.corpora[corpus])}`);
  writeFileSync(join(out, 'peers.json'), JSON.stringify(results, null, 2));
}
results.totalSeconds = (performance.now() - started) / 1000;
writeFileSync(join(out, 'peers.json'), JSON.stringify(results, null, 2));
console.log(`\n(newsdex at ${newsdexAt}; ${count} queries per kind, seed ${seed}; whole run ${seconds(performance.now() - started)}; figures in bench/out/peers.json)`);
