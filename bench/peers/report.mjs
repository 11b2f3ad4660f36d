// One Markdown table per corpus: engines as columns, every figure as a row.

const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e7 ? 1 : 2)} MB` : `${Math.round(n / 1e3)} KB`);
const ms = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const share = (n) => n.toFixed(3);
const sizes = (s) => (s ? `${mb(s.raw)} / ${mb(s.gzip)} / ${s.brotli === null ? 'n/a' : mb(s.brotli)}` : '—');

const KINDS = ['title', 'typo', 'prefix', 'phrase'];

export function table(corpus, { articles, textBytes, articleTextBytes, engines }) {
  const names = Object.keys(engines);
  const rate = (buildMs) => `${(articleTextBytes / 1e6 / (buildMs / 1000)).toFixed(1)} MB/s`;
  const rows = [
    ['build (s), MB/s of headline and body text', (e) =>
      `${(e.buildMs / 1000).toFixed(2)}, ${rate(e.buildMs)}` + (e.js ? ` (in wasm: ${(e.js.buildMs / 1000).toFixed(2)}, ${rate(e.js.buildMs)})` : '')],
    ['index raw / gzip / brotli', (e) => sizes(e.size.index)],
    ['text files apart, raw / gzip / brotli', (e) => sizes(e.size.text)],
    ['fetched: load + first query / whole run', (e) => (e.fetched ? `${mb(e.fetched.firstQuery)} / ${mb(e.fetched.allQueries)}` : '—')],
    ['engine code gzip', (e) => mb(e.code.gzip)],
    ['load → first answer (ms, median of 3)', (e) => ms(e.loadMs)],
    ['memory: RSS growth after load / at peak', (e) => `${mb(e.memory.loaded)} / ${mb(e.memory.peak)}`],
    ...KINDS.flatMap((kind) => [
      [`${kind}: p50 / p95 / p99 (ms)`, (e) => {
        const k = e.kinds[kind];
        return `${ms(k.p50)} / ${ms(k.p95)} / ${ms(k.p99)}`;
      }],
      [`${kind}: MRR@10 / success@1`, (e) => `${share(e.kinds[kind].mrr10)} / ${share(e.kinds[kind].success1)}`],
    ]),
    ['phrase: precision / recall vs naive scan', (e) => `${share(e.kinds.phrase.precision)} / ${share(e.kinds.phrase.recall)}`],
    ['phrase: answer = truth (share of queries)', (e) => share(e.kinds.phrase.exact)],
    ['queries that threw (counted as no answer)', (e) => (e.errors.length ? String(e.errors.length) : '—')],
  ].filter(([, cell]) => names.some((n) => cell(engines[n]) !== '—'));
  const queries = engines[names[0]].kinds.title.queries;
  const load = names.map((n) => engines[n].loadAverage);
  return [
    `### ${corpus}: ${articles.toLocaleString('en')} articles, ${mb(textBytes)} of JSON Lines, ${queries} queries per kind`,
    '',
    `| | ${names.join(' | ')} |`,
    `| --- |${names.map(() => ' ---: |').join('')}`,
    ...rows.map(([label, cell]) => `| ${label} | ${names.map((n) => cell(engines[n])).join(' | ')} |`),
    '',
    `Load average (1 min) after each engine's steps: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`,
  ].join('\n');
}
