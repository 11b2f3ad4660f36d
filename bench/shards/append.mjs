// "Append a day": a sharded archive of the first --base articles of the corpus, then --days
// days of --per-day articles each added with `newsdex add`, as a newsroom's site would. For
// each day: the time the add took, and the files a site uploads (new names or new bytes) and
// their bytes, against the archive's. After the last day: that the site's files are those of
// a build from scratch of the same articles, the query figures of bench/shards/run.mjs on the
// site (bytes fetched for a first answer, warm latency), then `newsdex compact
// --prune-older-than 0s`, what it deleted, and the query figures after it. Writes
// bench/out/shards-append.json. Each day's articles are also built alone, as a sharded index
// of their own: its bytes and time bound what an add that writes a segment of its own (rather
// than building the archive again) would upload and take. With `--segments yes`, each add
// writes a segment (`newsdex add --segment`, merged by tiers) instead: the site's live bytes
// are the manifest's, its segments' and removals' and their chunk files'; the query figures
// are taken on the segments after the last day (the package opens the manifest), then after
// `compact` merges them into one, which is compared with the build from scratch.
// With `--site DIR`, the days are added to the index DIR/archive.ndx as it is (an archive built
// already, such as the 1M one: give a copy, it is changed): each day is --per-day articles,
// lines of the corpus spread over it under new ids and the day's date, of which --resend are
// sent again (half the archive's last articles, half the day before's, each under a new id
// and an "UPDATE 1-" headline) so that `add` finds copies across segments; nothing is built
// from scratch and no query is run. Uploaded bytes are the new files a reader fetches; the
// signatures, band tables and vectors `add` keeps beside each segment are counted apart (`kept`).
// Where /usr/bin/time is, each add's CPU time and peak resident memory are reported too.
//
//   node bench/shards/append.mjs [--corpus bench/out/shards/archive.jsonl] [--base 20000]
//                                [--days 30] [--per-day 1000] [--chunk-kib 16384] [--fresh no]
//                                [--queries 100] [--entities no] [--segments no]
//                                [--site DIR] [--resend 50]
import { createReadStream, createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chunkLayout } from './core.mjs';
import { option } from '../options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, option('corpus', 'bench/out/shards/archive.jsonl'));
const base = Number(option('base', 20000));
const days = Number(option('days', 30));
const perDay = Number(option('per-day', 1000));
const chunkKib = option('chunk-kib', '16384');
// `--fresh no` skips the build from scratch after the last day (on the 1M archive, minutes).
const checkFresh = option('fresh', 'yes') !== 'no';
// How many title queries (and as many article reads) the query figures run.
const queries = option('queries', '100');
// `--entities yes` builds with the recogniser (the default build's), `no` with `--no-entities`.
const entities = option('entities', 'no') === 'yes' ? [] : ['--no-entities'];
// `--segments yes`: `add --segment`, a segment a day.
const segments = option('segments', 'no') === 'yes';
// `--site DIR`: add the days to the index built there.
const builtSite = option('site', null);
const resend = Number(option('resend', 50));
const out = resolve(root, 'bench/out/shards-append');
const newsdex = resolve(root, 'target/release/newsdex');
// /usr/bin/time's `-f`: CPU seconds (user, system) and peak resident KiB of each add.
const timed = statSync('/usr/bin/time', { throwIfNoEntry: false }) ? ['/usr/bin/time', '-f', 'rusage %U %S %M'] : [];

rmSync(out, { recursive: true, force: true });
const [site, fresh, alone] = [join(out, 'site'), join(out, 'fresh'), join(out, 'alone')];
mkdirSync(site, { recursive: true });
mkdirSync(fresh, { recursive: true });

/** Writes the corpus's lines into files: the first `base` to base.jsonl, then a file a day. */
async function slice() {
  const files = [join(out, 'base.jsonl'), ...Array.from({ length: days }, (_, d) => join(out, `day-${String(d + 1).padStart(2, '0')}.jsonl`))];
  const all = createWriteStream(checkFresh ? join(out, 'all.jsonl') : '/dev/null');
  let file = 0;
  let stream = createWriteStream(files[0]);
  const streams = [stream, all];
  let left = base;
  for await (const line of createInterface({ input: createReadStream(corpus) })) {
    if (!line) continue;
    if (left === 0) {
      file += 1;
      if (file === files.length) break;
      stream.end();
      stream = createWriteStream(files[file]);
      streams.push(stream);
      left = perDay;
    }
    stream.write(`${line}\n`);
    all.write(`${line}\n`);
    left -= 1;
  }
  stream.end();
  all.end();
  await Promise.all(streams.map((s) => (s.writableFinished ? null : once(s, 'finish'))));
  return files;
}

function run(args) {
  const started = process.hrtime.bigint();
  const [command, ...rest] = [...timed, newsdex, ...args];
  const result = spawnSync(command, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`newsdex ${args.join(' ')}: ${result.stderr}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = /^rusage (\S+) (\S+) (\d+)$/m.exec(result.stderr);
  return { seconds, stderr: result.stderr, cpuSeconds: usage ? Number(usage[1]) + Number(usage[2]) : null, peakKib: usage ? Number(usage[3]) : null };
}

/** Files `add` keeps beside a segment that a reader never fetches: signatures, band tables. */
const kept = (name) => name.endsWith('.sig') || name.endsWith('.bands') || name.endsWith('.vec');

/** The pairs of a copies file (`newsdex-copies 1`, then their count as a varint). */
function copiesIn(bytes) {
  let count = 0;
  for (let at = 'newsdex-copies 1\n'.length, shift = 0; at < bytes.length; at += 1, shift += 7) {
    count += (bytes[at] & 0x7f) * 2 ** shift;
    if (bytes[at] < 0x80) break;
  }
  return count;
}

/** Days of `perDay` articles for an index built already: lines of the corpus spread over
 * it under new ids, `resend` of each day sent again (see the top). */
async function makeDays() {
  const total = Number(spawnSync('wc', ['-l', corpus], { encoding: 'utf8' }).stdout.split(' ')[0]);
  const fresh = perDay - resend;
  const step = Math.max(1, Math.floor(total / (days * fresh + 1)));
  const lines = Array.from({ length: days }, () => []);
  const last = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(corpus) })) {
    if (!line) continue;
    const k = Math.floor(n / step);
    if (n % step === step - 1 && k < days * fresh) lines[k % days].push(JSON.parse(line));
    if (n >= total - resend) last.push(JSON.parse(line));
    n += 1;
  }
  let before = last;
  return lines.map((articles, d) => {
    const date = new Date(Date.UTC(2030, 0, 1 + d)).toISOString().slice(0, 10);
    const day = articles.map((a, k) => ({ ...a, id: `append-${d + 1}-${k}`, date }));
    for (let k = 0; k < resend; k += 1) {
      const a = k % 2 === 0 ? last[(d + k) % last.length] : before[(7 * k) % before.length];
      day.push({ ...a, id: `append-${d + 1}-again-${k}`, title: `UPDATE 1-${a.title}`, date });
    }
    before = day.slice(0, fresh);
    const file = join(out, `day-${String(d + 1).padStart(2, '0')}.jsonl`);
    writeFileSync(file, day.map((a) => `${JSON.stringify(a)}\n`).join(''));
    return file;
  });
}


/** The files of `dir`: name → size (a chunk file's name carries a hash of its bytes, so a name
 * seen before is the same bytes; the core is compared by its bytes). */
const files = (dir) => new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).size]));
const sum = (sizes) => [...sizes].reduce((a, b) => a + b, 0);

/** The query figures of bench/shards/run.mjs on the site's index (`--queries` of them). */
function queryFigures() {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [resolve(root, 'bench/shards/run.mjs'), '--site', core, '--corpus', checkFresh ? join(out, 'all.jsonl') : corpus, '--count', queries], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench/shards/run.mjs: ${result.stderr}`);
  const report = JSON.parse(readFileSync(resolve(root, 'bench/out/shards.json'), 'utf8'));
  const title = report.kinds.title;
  console.log(`queries: first answer ${title.p50Bytes} bytes fetched (p50, p95 ${title.p95Bytes}), warm ${title.warmP50Ms.toFixed(1)} ms (p50), in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
  // Each kind's cold first answer: bytes fetched and rounds.
  const kinds = Object.fromEntries(Object.entries(report.kinds).map(([kind, k]) => [kind, { p50Bytes: k.p50Bytes, p95Bytes: k.p95Bytes, p50Rounds: k.p50Rounds, p95Rounds: k.p95Rounds, p50Ms: k.p50Ms, warmP50Ms: k.warmP50Ms }]));
  for (const [kind, k] of Object.entries(kinds)) console.log(`  ${kind}: ${k.p50Bytes} bytes (p50, p95 ${k.p95Bytes}), ${k.p50Rounds} rounds (p50, p95 ${k.p95Rounds})`);
  return { p50Bytes: title.p50Bytes, p95Bytes: title.p95Bytes, p50Ms: title.p50Ms, warmP50Ms: title.warmP50Ms, kinds };
}

if (builtSite) {
  mkdirSync(out, { recursive: true });
  const siteDir = resolve(builtSite);
  const index = join(siteDir, 'archive.ndx');
  const dayFiles = await makeDays();
  const rows = [];
  for (const [d, dayFile] of dayFiles.entries()) {
    const before = files(siteDir);
    const manifestBefore = readFileSync(index);
    const { seconds, cpuSeconds, peakKib } = run(['add', index, dayFile]);
    const after = files(siteDir);
    const added = [...after].filter(([name]) => !before.has(name) || (name === 'archive.ndx' && !readFileSync(index).equals(manifestBefore)));
    const uploaded = added.filter(([name]) => !kept(name));
    const live = sum(liveFiles(siteDir, index).map((file) => after.get(file)));
    const copies = added.filter(([name]) => name.endsWith('.cps')).reduce((n, [name]) => n + copiesIn(readFileSync(join(siteDir, name))), 0);
    const row = { day: d + 1, seconds, cpuSeconds, peakKib, uploadedFiles: uploaded.length, uploadedBytes: sum(uploaded.map(([, size]) => size)), keptBytes: sum(added.filter(([name]) => kept(name)).map(([, size]) => size)), archiveBytes: live, copies };
    row.share = row.uploadedBytes / row.archiveBytes;
    rows.push(row);
    const usage = cpuSeconds === null ? '' : `, ${cpuSeconds.toFixed(2)} s CPU, ${(peakKib / 1024).toFixed(0)} MiB peak`;
    console.log(`day ${row.day}: ${seconds.toFixed(2)} s${usage}, ${row.uploadedFiles} files of ${row.uploadedBytes} bytes uploaded (${(100 * row.share).toFixed(3)}% of ${row.archiveBytes}), ${row.keptBytes} bytes kept for add, ${copies} copies found`);
  }
  writeFileSync(resolve(root, 'bench/out/shards-append.json'), `${JSON.stringify({ site: siteDir, days, perDay, resend, perDayFigures: rows }, null, 1)}\n`);
  process.exit(0);
}

const [baseFile, ...dayFiles] = await slice();
const core = join(site, 'archive.ndx');
const build = (input, output) => run(['build', input, '-o', output, '--shards', '--chunk-kib', chunkKib, ...entities]);
const built = build(baseFile, core);
console.log(`base: ${base} articles in ${built.seconds.toFixed(1)} s, ${sum(files(site).values())} bytes`);
const rows = [];
for (const [d, dayFile] of dayFiles.entries()) {
  const before = files(site);
  const coreBefore = readFileSync(core);
  const { seconds, stderr } = run(['add', ...(segments ? ['--segment'] : []), core, dayFile]);
  const after = files(site);
  const uploaded = [...after].filter(([name]) => !kept(name) && (!before.has(name) || (name === 'archive.ndx' && !readFileSync(core).equals(coreBefore))));
  const live = sum(liveFiles().map((file) => after.get(file)));
  const row = { day: d + 1, seconds, uploadedFiles: uploaded.length, uploadedBytes: sum(uploaded.map(([, size]) => size)), archiveBytes: live };
  row.share = row.uploadedBytes / row.archiveBytes;
  if (segments) {
    row.segments = readFileSync(core, 'utf8').split('\n').filter((line) => line.startsWith('segment ')).length;
    row.merged = /segments merged/.test(stderr);
    rows.push(row);
    console.log(`day ${row.day}: ${seconds.toFixed(2)} s, ${row.uploadedFiles} files of ${row.uploadedBytes} bytes uploaded (${(100 * row.share).toFixed(2)}% of ${row.archiveBytes}), ${row.segments} segments${row.merged ? ', a tier merged' : ''}`);
    continue;
  }
  rmSync(alone, { recursive: true, force: true });
  mkdirSync(alone);
  row.aloneSeconds = build(dayFile, join(alone, 'archive.ndx')).seconds;
  row.aloneBytes = sum(files(alone).values());
  rows.push(row);
  console.log(`day ${row.day}: ${seconds.toFixed(2)} s, ${row.uploadedFiles} files of ${row.uploadedBytes} bytes uploaded (${(100 * row.share).toFixed(1)}% of ${row.archiveBytes}); the day alone: ${row.aloneBytes} bytes (${(100 * row.aloneBytes / row.archiveBytes).toFixed(2)}%) in ${row.aloneSeconds.toFixed(2)} s`);
}

/** The files a reader of the site's index may fetch: the core's and its chunk files, or the
 * manifest's, each of its parts' and their chunk files. */
function liveFiles(dir = site, index = core) {
  const text = readFileSync(index);
  if (!text.subarray(0, 16).toString().startsWith('newsdex-segments')) return ['archive.ndx', ...chunkLayout(text).files];
  const parts = text.toString('utf8').split('\n').slice(1).filter(Boolean).map((line) => line.split(' ')[1]);
  return ['archive.ndx', ...parts.flatMap((name) => [name, ...(name.endsWith('.seg') ? chunkLayout(readFileSync(join(dir, name))).files : [])])];
}
let same = null;
if (segments) {
  const afterDays = queryFigures();
  const started = process.hrtime.bigint();
  const compacted = spawnSync(newsdex, ['compact', core, '--prune-older-than', '0s'], { encoding: 'utf8' });
  if (compacted.status !== 0) throw new Error(`newsdex compact: ${compacted.stderr}`);
  console.log(`compact: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s: ${compacted.stdout.trim()}`);
  if (checkFresh) {
    const freshCore = join(fresh, 'archive.ndx');
    build(join(out, 'all.jsonl'), freshCore);
    const merged = readFileSync(core, 'utf8').split('\n')[1].split(' ')[1];
    same = readFileSync(join(site, merged)).equals(readFileSync(freshCore));
    console.log(`after compacting: the merged segment's core is ${same ? '' : 'NOT '}a build from scratch's`);
  }
  const afterCompact = queryFigures();
  const shares = rows.map((row) => row.share).sort((a, b) => a - b);
  const times = rows.map((row) => row.seconds).sort((a, b) => a - b);
  console.log(`uploaded per day: median ${(100 * shares[Math.floor(rows.length / 2)]).toFixed(2)}%, most ${(100 * shares[rows.length - 1]).toFixed(2)}%; time median ${times[Math.floor(rows.length / 2)].toFixed(2)} s, most ${times[rows.length - 1].toFixed(2)} s`);
  writeFileSync(resolve(root, 'bench/out/shards-append.json'), `${JSON.stringify({ base, days, perDay, chunkKib: Number(chunkKib), entities: entities.length === 0, segments, perDayFigures: rows, mergedSameAsFresh: same, queriesAfterDays: afterDays, queriesAfterCompact: afterCompact }, null, 1)}\n`);
  process.exit(0);
}
if (checkFresh) {
  const freshCore = join(fresh, 'archive.ndx');
  build(join(out, 'all.jsonl'), freshCore);
  const freshFiles = files(fresh);
  same = [...freshFiles.keys()].every((name) => readFileSync(join(fresh, name)).equals(readFileSync(join(site, name))));
  console.log(`after ${days} days: the site's index is ${same ? '' : 'NOT '}a build from scratch's files (${freshFiles.size} files)`);
}
const afterDays = queryFigures();
const siteBefore = files(site);
const coreBefore = readFileSync(core);
const compacted = run(['compact', core, '--prune-older-than', '0s']);
const siteAfter = files(site);
console.log(`compact: ${compacted.seconds.toFixed(2)} s; ${siteBefore.size - siteAfter.size} files of ${sum(siteBefore.values()) - sum(siteAfter.values())} bytes deleted, ${siteAfter.size} left`);
// Each change builds the index whole, so compacting only deletes files: the core read after it
// is the same, and so are the query figures.
const afterCompact = readFileSync(core).equals(coreBefore) ? afterDays : queryFigures();
const uploadedShares = rows.map((row) => row.share).sort((a, b) => a - b);
console.log(`uploaded per day: median ${(100 * uploadedShares[Math.floor(rows.length / 2)]).toFixed(1)}% of the archive, ${rows.map((row) => row.uploadedBytes).sort((a, b) => a - b)[Math.floor(rows.length / 2)]} bytes`);
writeFileSync(resolve(root, 'bench/out/shards-append.json'), `${JSON.stringify({ base, days, perDay, chunkKib: Number(chunkKib), entities: entities.length === 0, perDayFigures: rows, sameAsFresh: same, queriesAfterDays: afterDays, queriesAfterCompact: afterCompact }, null, 1)}\n`);
