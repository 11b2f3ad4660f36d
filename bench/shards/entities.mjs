// What an entity costs a reader who has just opened an index (a sharded core or a segmented
// index's manifest): for the entities of the facets of a few common queries, the chunk bytes
// and rounds of a cold `entityAsync(id)` (its record, articles, timeline and related
// entities), then of a cold `searchAsync('entity:ID', { facets: true })` (its articles'
// first page and facets), the cores aside (fetched once, at open). The site is served by
// scripts/serve.mjs in a process of its own. Prints a table and writes
// bench/out/shards-entities.json.
//
//   node bench/shards/entities.mjs --site DIR/archive.ndx [--count 40]
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = resolve(root, option('site', 'bench/out/shards-append/site/archive.ndx'));
const count = Number(option('count', 40));
const { Newsdex } = await import(resolve(root, 'pkg/node.js'));

const serving = spawn(process.execPath, [resolve(root, 'scripts/serve.mjs'), '--port', '0', '--dir', dirname(site)], { stdio: ['ignore', 'pipe', 'inherit'] });
const [banner] = await once(serving.stdout, 'data');
const url = `${/serving (\S+?)\/?\s*$/.exec(String(banner))[1]}/${basename(site)}`;

// The entities: those of the facets of common words' matches, most first, each once.
const opened = await Newsdex.open(url, { lite: false });
const ids = [];
for (const word of ['said', 'year', 'oil', 'bank', 'trade', 'government', 'market', 'company']) {
  const { facets } = await opened.searchAsync(word, { facets: true });
  for (const type of ['PER', 'LOC', 'ORG', 'MISC']) {
    for (const { id } of facets[type]) if (!ids.includes(id)) ids.push(id);
  }
}
const { segments = 1, articles } = opened.stats();
opened.close();

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const rows = { entity: { bytes: [], rounds: [] }, 'entity search': { bytes: [], rounds: [] } };
for (const id of ids.slice(0, count)) {
  for (const [kind, ask] of [['entity', (dex) => dex.entityAsync(id)], ['entity search', (dex) => dex.searchAsync(`entity:${id}`, { facets: true })]]) {
    const dex = await Newsdex.open(url, { lite: false });
    await ask(dex);
    const { bytes, rounds } = dex.fetched();
    rows[kind].bytes.push(bytes);
    rows[kind].rounds.push(rounds);
    dex.close();
  }
}
serving.kill();

const report = {
  site: basename(site),
  articles,
  segments,
  entities: Math.min(count, ids.length),
  kinds: Object.fromEntries(Object.entries(rows).map(([kind, row]) => [kind, {
    medianKB: quantile(row.bytes, 0.5) / 1000,
    p90KB: quantile(row.bytes, 0.9) / 1000,
    medianRounds: quantile(row.rounds, 0.5),
    maxRounds: Math.max(...row.rounds),
  }])),
};
console.log(`${report.site}: ${articles} articles in ${segments} segment(s), ${report.entities} entities, cold, chunk bytes`);
for (const [kind, k] of Object.entries(report.kinds)) {
  console.log(`  ${kind.padEnd(14)} median ${k.medianKB.toFixed(1)} KB, p90 ${k.p90KB.toFixed(1)} KB, rounds median ${k.medianRounds}, max ${k.maxRounds}`);
}
mkdirSync(resolve(root, 'bench/out'), { recursive: true });
writeFileSync(resolve(root, 'bench/out/shards-entities.json'), `${JSON.stringify(report, null, 2)}\n`);
