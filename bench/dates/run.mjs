// Warm search latency before and after dates and site facets, on Reuters-21578: every query
// kind of the engine as it was, run by both builds' `search_latency` example on their own
// index of the same corpus, and the new kinds (date filters, sorting, recency, facet filters)
// on the new one. Prints a table of medians (µs) and the after/before ratio.
//
//   node bench/dates/run.mjs BEFORE_EXAMPLE BEFORE_INDEX AFTER_EXAMPLE AFTER_INDEX [--repeat N]
//
// An example binary is `target/release/examples/search_latency` of a build of each commit
// (`cargo build --release --example search_latency`); an index, `newsdex build
// /work/shared/data/reuters21578/articles.jsonl -o X.ndx` (the after one with `--facet topics
// --facet places`). Each query runs N times (default 300) after a warm-up, facets on (as the
// page asks) and off.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? args.splice(repeatAt, 2)[1] : '300';
const [beforeBin, beforeIndex, afterBin, afterIndex] = args;
if (!afterIndex) {
  console.error('usage: node bench/dates/run.mjs BEFORE_EXAMPLE BEFORE_INDEX AFTER_EXAMPLE AFTER_INDEX [--repeat N]');
  process.exit(2);
}

/** The kinds of query the engine answered before: each one's name and query. */
const OLD_KINDS = [
  ['one word', 'oil'],
  ['two words', 'crude oil'],
  ['common + rare', 'the bundesbank'],
  ['phrase', '"trade deficit"'],
  ['OR', 'wheat OR corn'],
  ['exclusion', 'oil -opec'],
  ['field', 'title:coffee'],
  ['prefix (typing)', 'petrol'],
  ['typo', 'bundesbnak'],
  ['entity filter', 'place:tokyo shares'],
];
/** The new kinds: query and extra arguments of the example. */
const NEW_KINDS = [
  ['since: (words)', 'oil since:1987-04-01', []],
  ['date: month alone', 'date:1987-03', []],
  ['date: day + words', 'shares date:1987-10-19', []],
  ['-date:', 'oil -date:1987-03', []],
  ['facet filter', 'topics:crude', []],
  ['facet + words', 'prices topics:crude -places:usa', []],
  ['sort newest', 'oil', ['--sort', 'newest']],
  ['sort oldest (common)', 'said', ['--sort', 'oldest']],
  ['recency 30 days', 'oil', ['--recency', '30']],
];

/** The median latency (µs) and total of `query` by `bin` on `index`. */
function measure(bin, index, query, extra, facets) {
  const run = (n) => spawnSync(bin, [index, query, '--repeat', n, ...extra, ...(facets ? ['--facets'] : [])], { encoding: 'utf8' });
  run('20'); // warm the page cache and the allocator
  const { status, stdout, stderr } = run(repeat);
  if (status !== 0) throw new Error(`${bin} ${query}: ${stderr}`);
  const m = /total\s+(\d+)\s+p50\s+([\d.]+)/.exec(stdout);
  return { total: Number(m[1]), p50: Number(m[2]) };
}

const rows = [];
for (const facets of [true, false]) {
  for (const [kind, query] of OLD_KINDS) {
    const before = measure(beforeBin, beforeIndex, query, [], facets);
    const after = measure(afterBin, afterIndex, query, [], facets);
    if (before.total !== after.total) throw new Error(`${query}: ${before.total} matches before, ${after.total} after`);
    rows.push([kind, query, facets ? 'on' : 'off', after.total, before.p50, after.p50, (after.p50 / before.p50).toFixed(2)]);
  }
  for (const [kind, query, extra] of NEW_KINDS) {
    const after = measure(afterBin, afterIndex, query, extra, facets);
    rows.push([kind, `${query}${extra.length ? ` (${extra.join(' ')})` : ''}`, facets ? 'on' : 'off', after.total, '', after.p50, '']);
  }
}
const header = ['kind', 'query', 'facets', 'matches', 'before µs', 'after µs', 'after/before'];
const fmt = (row) => `| ${row.map((cell) => (typeof cell === 'number' ? cell.toFixed(cell < 100 ? 1 : 0) : cell)).join(' | ')} |`;
console.log(fmt(header));
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(fmt(row));
const ratios = rows.filter((row) => row[6]).map((row) => Number(row[6]));
console.log(`\nworst after/before ${Math.max(...ratios).toFixed(2)}, median ${ratios.sort((a, b) => a - b)[ratios.length >> 1].toFixed(2)} (medians of ${repeat} runs each)`);
