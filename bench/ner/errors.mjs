// The recogniser's errors on the modern-news gold, one by one, grouped by kind and type:
//   wrong type  the gold's span, another type
//   wrong span  overlapping a gold name, with the words it has too many or too few
//               (and whether its type is right too)
//   missed      a gold name nothing overlaps
//   spurious    a name found where the gold has none
//   credit      a name found over a byline or agency credit, which must not be marked
// each with the text around it, read from the articles at run time (research-use data: nothing
// of it is kept). Given a second prediction file (say main's), it also lists the names one
// gets right and the other not: fixed and broken.
//
//   cargo run --release -p newsdex-ner --example eval_gold -- [--corpus-votes] \
//       --predictions /tmp/found.jsonl bench/ner/gold/modern.jsonl ARTICLES.jsonl...
//   node bench/ner/errors.mjs [--base BASE.jsonl] [--summary] GOLD.jsonl FOUND.jsonl ARTICLES.jsonl...
//
// Prediction files have the gold's shape: one line per article, {"id", "names": [[start, end,
// TYPE], ...]}, byte offsets into the title, a line break and the body.
import { readFileSync } from 'node:fs';

const usage = 'usage: node bench/ner/errors.mjs [--base BASE.jsonl] [--summary] GOLD.jsonl FOUND.jsonl ARTICLES.jsonl...';
const args = process.argv.slice(2);
let base = null;
let summaryOnly = false;
const files = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--base') base = args[++i];
  else if (args[i] === '--summary') summaryOnly = true;
  else files.push(args[i]);
}
if (files.length < 3 || (base === undefined)) {
  console.error(usage);
  process.exit(2);
}
const [goldPath, foundPath, ...articlePaths] = files;

/** Lines of a JSON Lines file, parsed, with the file and line in any error. */
function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, n) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line)];
    } catch (e) {
      throw new Error(`newsdex: ${path}, line ${n + 1}: ${e.message}`);
    }
  });
}

/** Names by article id: [{start, end, type}] sorted by start. */
function names(path) {
  const out = new Map();
  for (const line of readJsonl(path)) {
    out.set(line.id, line.names.map(([start, end, type]) => ({ start, end, type })).sort((a, b) => a.start - b.start));
  }
  return out;
}

const gold = names(goldPath);
const found = names(foundPath);
const baseFound = base ? names(base) : null;
const texts = new Map();
for (const path of articlePaths) {
  for (const a of readJsonl(path)) if (gold.has(a.id)) texts.set(a.id, Buffer.from(`${a.title}\n${a.body}`));
}
for (const id of gold.keys()) {
  if (!texts.has(id)) throw new Error(`newsdex: ${goldPath}: article ${JSON.stringify(id)} is in none of the files`);
  if (!found.has(id)) throw new Error(`newsdex: ${foundPath}: no line for article ${JSON.stringify(id)}`);
}

const slice = (id, start, end) => texts.get(id).subarray(start, end).toString();
/** The name in [brackets] with up to 40 bytes of text either side, on one line. */
function context(id, start, end) {
  const text = texts.get(id);
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, end + 40);
  const line = `${slice(id, from, start)}[${slice(id, start, end)}]${slice(id, end, to)}`;
  return line.replace(/\s+/g, ' ').replace(/\uFFFD/g, '');
}
const overlaps = (a, b) => a.start < b.end && b.start < a.end;
const same = (a, b) => a.start === b.start && a.end === b.end;
const quote = (s) => JSON.stringify(s.trim());

/** How span `f` differs from the gold span `g`: the text it adds or lacks on each side. */
function spanDiff(id, g, f) {
  const parts = [];
  if (f.start < g.start) parts.push(`+${quote(slice(id, f.start, g.start))} before`);
  if (f.start > g.start) parts.push(`-${quote(slice(id, g.start, f.start))} before`);
  if (f.end > g.end) parts.push(`+${quote(slice(id, g.end, f.end))} after`);
  if (f.end < g.end) parts.push(`-${quote(slice(id, f.end, g.end))} after`);
  return parts.join(', ');
}

const KINDS = ['wrong type', 'wrong span', 'missed', 'spurious', 'credit'];
const errors = Object.fromEntries(KINDS.map((k) => [k, []]));
const tally = {};
const count = (kind, type) => {
  const key = `${kind}\t${type}`;
  tally[key] = (tally[key] ?? 0) + 1;
};

for (const [id, goldNames] of gold) {
  const mine = found.get(id);
  const named = goldNames.filter((g) => g.type !== 'CREDIT');
  const credits = goldNames.filter((g) => g.type === 'CREDIT');
  for (const g of named) {
    if (mine.some((f) => same(f, g) && f.type === g.type)) continue;
    const near = mine.filter((f) => overlaps(f, g));
    const typed = near.find((f) => same(f, g));
    if (typed) {
      errors['wrong type'].push({ id, name: g, line: `${g.type} -> ${typed.type}` });
      count('wrong type', `${g.type}->${typed.type}`);
    } else if (near.length) {
      const what = near.map((f) => `${f.type} ${quote(slice(id, f.start, f.end))} (${spanDiff(id, g, f)})`).join('; ');
      const typeToo = near.every((f) => f.type !== g.type) ? ', type wrong too' : '';
      errors['wrong span'].push({ id, name: g, line: `${g.type}${typeToo}: found ${what}` });
      count('wrong span', g.type);
    } else {
      errors.missed.push({ id, name: g, line: g.type });
      count('missed', g.type);
    }
  }
  for (const f of mine) {
    if (named.some((g) => overlaps(f, g))) continue;
    if (credits.some((c) => overlaps(f, c))) {
      errors.credit.push({ id, name: f, line: `${f.type} over a credit` });
      count('credit', f.type);
    } else {
      errors.spurious.push({ id, name: f, line: f.type });
      count('spurious', f.type);
    }
  }
}

if (!summaryOnly) {
  for (const kind of KINDS) {
    console.log(`== ${kind} (${errors[kind].length})`);
    const sorted = [...errors[kind]].sort((a, b) => a.line.localeCompare(b.line));
    for (const e of sorted) console.log(`${e.id}\t${e.line}\t${context(e.id, e.name.start, e.name.end)}`);
  }
}

console.log('== counts: kind, type (gold type for wrong type/span and missed, found type otherwise)');
for (const key of Object.keys(tally).sort()) console.log(`${key.padEnd(24)}\t${tally[key]}`);

if (baseFound) {
  // A gold name is right in a file when that file has it with its span and type; a wrong name
  // is one that file has and the gold does not.
  const right = (list, g) => list.some((f) => same(f, g) && f.type === g.type);
  const changes = { fixed: [], broken: [] };
  for (const [id, goldNames] of gold) {
    const now = found.get(id);
    const before = baseFound.get(id) ?? [];
    const real = goldNames.filter((g) => g.type !== 'CREDIT');
    for (const g of real) {
      if (right(now, g) && !right(before, g)) changes.fixed.push(`${id}\t${g.type} ${quote(slice(id, g.start, g.end))}`);
      if (!right(now, g) && right(before, g)) changes.broken.push(`${id}\t${g.type} ${quote(slice(id, g.start, g.end))}`);
    }
    const wrong = (list) => list.filter((f) => !right(real, f));
    const key = (f) => `${f.start}:${f.end}:${f.type}`;
    const wrongBefore = new Set(wrong(before).map(key));
    const wrongNow = new Set(wrong(now).map(key));
    for (const f of wrong(before)) if (!wrongNow.has(key(f))) changes.fixed.push(`${id}\tno longer found: ${f.type} ${quote(slice(id, f.start, f.end))}`);
    for (const f of wrong(now)) if (!wrongBefore.has(key(f))) changes.broken.push(`${id}\tnewly found: ${f.type} ${quote(slice(id, f.start, f.end))}`);
  }
  for (const what of ['fixed', 'broken']) {
    console.log(`== ${what} against ${base} (${changes[what].length})`);
    for (const line of changes[what]) console.log(line);
  }
}
