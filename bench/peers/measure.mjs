// One engine, one corpus, one step, in its own process so that engines share no memory:
//   node --expose-gc measure.mjs build ENGINE CORPUS.jsonl WORK   → WORK/ENGINE.build.json
//   node --expose-gc measure.mjs query ENGINE CORPUS.jsonl WORK   → WORK/ENGINE.query.json
//   node --expose-gc measure.mjs load ENGINE CORPUS.jsonl WORK    → prints a load time in ms
// `build` times building and serialising the index and writes it to WORK; `query` reads it and
// WORK/queries.json and measures load, latency, answers (timing.mjs) and memory; `load` times
// one more cold load in a fresh process, as a page has, for the median (node engines only: the
// browser engine's extra loads are fresh pages within its `query` step).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureInBrowser } from './browser.mjs';
import { engines } from './engines/index.mjs';
import { addSizes, sizes } from './metrics.mjs';
import { loadAndAsk, measure } from './timing.mjs';

const [step, name, file, work] = process.argv.slice(2);
const engine = engines[name];
if (!engine) throw new Error(`measure: no engine named ${name}`);
const blob = join(work, `${name}.index`);
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
  let size;
  if (engine.browser) {
    writeFileSync(join(work, `${name}.ids.json`), JSON.stringify(engine.pageIds(work)));
    size = engine.size(work);
  } else {
    writeFileSync(blob, bytes);
    size = { index: sizes(bytes) };
  }
  const code = addSizes(engine.code(work).map((path) => sizes(readFileSync(path))));
  writeFileSync(result('build'), JSON.stringify({ buildMs, text: typeof bytes === 'string', size, code }));
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
  if (engine.browser) {
    const input = { ids: readJson(join(work, `${name}.ids.json`)) };
    const measured = await measureInBrowser({ bundle: work, adapter: engine.page, input, queries, loads: 2 });
    writeFileSync(result('query'), JSON.stringify(measured));
    return;
  }
  const bytes = indexBytes();
  const before = rss();
  let loaded;
  const measured = await measure(engine.load, bytes, queries, () => { loaded = rss() - before; });
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
