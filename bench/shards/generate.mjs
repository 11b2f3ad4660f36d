// Makes a large synthetic news archive from the real corpora in ../shared/data, for the
// sharded-index benchmark: each article recombines real paragraphs (2 to 5 from any article)
// under a headline made of two real headlines' halves, with a new id, a source from the pool
// and a date spread over 2000–2025. Seeded, so the same arguments give the same file.
//
//   node bench/shards/generate.mjs [--count 1000000] [--seed 1] [--out bench/out/shards/archive.jsonl]
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPORA = ['bbc', 'reuters21578', 'ag_news_test'];

/** mulberry32: a small seeded generator whose 32-bit arithmetic is exact in JavaScript. */
function random(seed) {
  let state = seed | 0;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

function pools() {
  const paragraphs = [];
  const titles = [];
  const sources = new Set();
  for (const name of CORPORA) {
    const file = resolve(root, '..', 'shared', 'data', name, 'articles.jsonl');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const article = JSON.parse(line);
      if (article.title) titles.push(article.title.split(/\s+/));
      if (article.source) sources.add(article.source);
      // Paragraphs are separated by blank lines; Reuters' hard-wrapped lines are joined.
      for (const paragraph of (article.body ?? '').split(/\n\s*\n/)) {
        const text = paragraph.replace(/\s*\n\s*/g, ' ').trim();
        if (text.length > 40) paragraphs.push(text);
      }
    }
  }
  return { paragraphs, titles, sources: [...sources] };
}

const count = Number(option('count', 1_000_000));
const seed = Number(option('seed', 1));
const out = resolve(root, option('out', 'bench/out/shards/archive.jsonl'));
const next = random(seed);
const { paragraphs, titles, sources } = pools();
mkdirSync(dirname(out), { recursive: true });
const stream = createWriteStream(out);
const started = Date.now();
let bytes = 0;
for (let i = 0; i < count; i += 1) {
  const a = titles[next(titles.length)];
  const b = titles[next(titles.length)];
  const title = a.slice(0, Math.ceil(a.length / 2)).concat(b.slice(Math.floor(b.length / 2))).join(' ');
  const body = Array.from({ length: 2 + next(4) }, () => paragraphs[next(paragraphs.length)]).join('\n\n');
  const day = next(26 * 365);
  const date = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const line = `${JSON.stringify({ id: `g${i}`, title, source: sources[next(sources.length)], date, body })}\n`;
  bytes += line.length;
  if (!stream.write(line)) await new Promise((done) => stream.once('drain', done));
  if ((i + 1) % 100_000 === 0) process.stderr.write(`generate: ${i + 1} articles, ${(bytes / 2 ** 20).toFixed(0)} MiB\n`);
}
await new Promise((done) => stream.end(done));
console.error(`generate: ${count} articles (${paragraphs.length} paragraphs, ${titles.length} headlines in the pool), ${(bytes / 2 ** 20).toFixed(0)} MiB → ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
