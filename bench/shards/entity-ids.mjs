// How many of a day's entity mentions get the id a build from scratch gives them: the day's
// articles read from the segment `add --segment` wrote for them (the manifest's last segment)
// and from a build of every article, mention by mention (`newsdex article --json`). Prints the
// share of mentions alike, the articles whose mentions are all alike, and the commonest
// differences (segment's id → build's id).
//
//   node bench/shards/entity-ids.mjs --site SITE/archive.ndx --fresh FRESH/archive.ndx
//                                    --day day.jsonl [--newsdex target/release/newsdex]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = resolve(option('site'));
const fresh = resolve(option('fresh'));
const newsdex = resolve(root, option('newsdex', 'target/release/newsdex'));
const ids = readFileSync(option('day'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).id);
const segments = readFileSync(site, 'utf8').split('\n').filter((line) => line.startsWith('segment '));
const segment = join(dirname(site), segments[segments.length - 1].slice('segment '.length));

/** The mentions of article `id` in `index`: "field start" → entity id. */
function mentions(index, id) {
  const result = spawnSync(newsdex, ['article', '--index', index, '--json', id], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`newsdex article ${id}: ${result.stderr}`);
  const article = JSON.parse(result.stdout);
  const found = new Map();
  for (const field of ['titleMentions', 'descriptionMentions', 'mentions']) {
    for (const mention of article[field]) found.set(`${field} ${mention.start}`, mention.entity);
  }
  return found;
}

let [alike, total, articlesAlike] = [0, 0, 0];
const differences = new Map();
for (const id of ids) {
  const [got, want] = [mentions(segment, id), mentions(fresh, id)];
  let all = got.size === want.size;
  for (const [at, entity] of want) {
    total += 1;
    if (got.get(at) === entity) {
      alike += 1;
    } else {
      all = false;
      const key = `${got.get(at)} → ${entity}`;
      differences.set(key, (differences.get(key) ?? 0) + 1);
    }
  }
  if (all) articlesAlike += 1;
}
console.log(`${alike}/${total} mentions with the build's id (${(100 * alike / total).toFixed(2)}%), ${articlesAlike}/${ids.length} articles all alike`);
const commonest = [...differences].sort((a, b) => b[1] - a[1]).slice(0, 10);
for (const [key, count] of commonest) console.log(`  ${count} ${key}`);
