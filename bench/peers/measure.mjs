// One engine, one corpus, one step, in its own process so that engines share no memory:
//   node --expose-gc measure.mjs build ENGINE CORPUS.jsonl WORK   → WORK/ENGINE.build.json
//   node --expose-gc measure.mjs query ENGINE CORPUS.jsonl WORK   → WORK/ENGINE.query.json
//   node --expose-gc measure.mjs load ENGINE CORPUS.jsonl WORK    → prints a load time in ms
// `build` times building and serialising the index and writes it to WORK (its sizes are worked
// out later, by sizes.mjs, so that compressing does not slow the timed steps); `query` reads it and
// WORK/queries.json (timed) and WORK/warmup.json (not) and measures load, latency, answers (timing.mjs) and memory; `load` times
// one more cold load in a fresh process, as a page has, for the median (node engines only: the
// browser engine's extra loads are fresh pages within its `query` step).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureInBrowser } from './browser.mjs';
import { engines, files } from './engines/index.mjs';
import { loadAndAsk, measure } from './timing.mjs';

const [step, name, file, work] = process.argv.slice(2);
const engine = engines[name];
if (!engine) throw new Error(`measure: no engine named ${name}`);
const [blob] = files(engine, work).index;
const result = (what) => join(work, `${name}.${what}.json`);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

async function build() {
  const articles = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const { id, title, body } = JSON.parse(line);
    return { id: String(id), title: title ?? '', body: body ?? '' };
  });
  const started = performance.now();
  const bytes = await engine.build({ file, articles }, work);
  const buildMs = performance.now() - started;
  if (engine.browser) writeFileSync(join(work, `${name}.ids.json`), JSON.stringify(engine.pageIds(work)));
  else writeFileSync(blob, bytes);
  const built = { buildMs, text: typeof bytes === 'string' };
  if (engine.buildInJs) {
    const t = performance.now();
    await engine.buildInJs({ file, articles });
    built.js = { buildMs: performance.now() - t };
  }
  writeFileSync(result('build'), JSON.stringify(built));
}

/** The index as a page would hold it after fetching: text for JSON indexes, else binary. */
function indexBytes() {
  return readJson(result('build')).text ? readFileSync(blob, 'utf8') : new Uint8Array(readFileSync(blob));
}

/** The process's RSS after a full collection (V8's heap does not see wasm memory; RSS does). */
function rss() {
  globalThis.gc();
  return process.memoryUsage().rss;
}

async function query() {
  const queries = readJson(join(work, 'queries.json'));
  const warmup = readJson(join(work, 'warmup.json'));
  if (engine.browser) {
    const input = { ids: readJson(join(work, `${name}.ids.json`)) };
    const measured = await measureInBrowser({ bundle: work, adapter: engine.page, input, queries, warmup, loads: 2, warmAll: engine.lazy });
    writeFileSync(result('query'), JSON.stringify(measured));
    return;
  }
  const bytes = indexBytes();
  const before = rss();
  let loaded;
  const measured = await measure(engine.load, bytes, queries, { warmup, afterLoad: () => { loaded = rss() - before; } });
  const memory = { loaded, peak: process.resourceUsage().maxRSS * 1024 - before };
  writeFileSync(result('query'), JSON.stringify({ ...measured, loadTimes: [measured.loadMs], memory }));
}

async function load() {
  const [first] = readJson(join(work, 'queries.json'));
  console.log((await loadAndAsk(engine.load, indexBytes(), first.query)).ms);
}

const steps = { build, query, load };
if (!steps[step]) throw new Error(`measure: unknown step ${step}`);
await steps[step]();
