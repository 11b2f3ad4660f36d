// The package's `newsdex` command and the Rust CLI take the same flags: every command of the
// package's exists in the Rust CLI with the very same options (names, short forms, defaults),
// read from each one's --help, so that neither can drift; and `build --shards` writes the same
// core and chunk files from both, which the package's `search --index` then reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repo, throwawayProject } from './consumer.mjs';

let consumer;
before(() => { consumer = throwawayProject(); });
after(() => consumer?.remove());

const run = (command, args) => spawnSync(command, args, { cwd: consumer.dir, encoding: 'utf8' });
const bin = (...args) => run(join(consumer.dir, 'node_modules/.bin/newsdex'), args);
const rust = (...args) => run(join(repo, 'target/release/newsdex'), args);

/** A command's options as its --help lists them: `{ '--flag': { short, default } }`. */
function options(help) {
  const section = help.slice(help.indexOf('\nOptions:\n'));
  const found = {};
  for (const line of section.split('\n').filter((each) => /^\s+-/.test(each))) {
    const [, short, long] = line.match(/^\s+(?:(-\w), )?(--[a-z][a-z-]*)/);
    found[long] = { short: short ?? null, default: line.match(/\[default: ([^\]]+)\]/)?.[1] ?? null };
  }
  return found;
}

/** Search results as both print them alike: scores are f32s, which Rust's JSON prints shortest. */
const comparable = (results) => ({ ...results, tookMs: 0, hits: results.hits.map((hit) => ({ ...hit, score: Math.fround(hit.score) })) });

// Pages and feeds are read by the Rust command only (the package's reads JSON Lines and seed
// text): its option listing the pages it skipped has no counterpart.
const rustOnly = { build: ['--verbose'] };

const commands = (help) => [...help.matchAll(/^ {2}newsdex (\w[\w-]*)/gm)].map((match) => match[1]);

test('every command of the package\'s newsdex takes the Rust CLI\'s options, no more and no fewer', () => {
  const ours = commands(bin('--help').stdout);
  assert.deepEqual(ours, ['build', 'search']);
  const theirs = rust('--help').stdout;
  for (const name of ours) {
    assert.match(theirs, new RegExp(`^ {2}${name} `, 'm'), `the Rust CLI has ${name}`);
    const mine = bin(name, '--help');
    const native = rust(name, '--help');
    assert.equal(mine.status, 0);
    assert.ok(Object.keys(options(native.stdout)).length > 2, native.stdout);
    const nativeOptions = options(native.stdout);
    for (const option of rustOnly[name] ?? []) {
      assert.ok(nativeOptions[option], `the Rust CLI's ${name} has ${option}`);
      delete nativeOptions[option];
    }
    assert.deepEqual(options(mine.stdout), nativeOptions, name);
  }
});

test('both refuse the same misuses of the sharding flags', () => {
  for (const args of [['--chunk-kib', '64'], ['--shards', '--chunk-kib', '3'], ['--shards', '--chunk-kib', '1048577'], ['--memory-budget', '0']]) {
    const build = ['build', `${repo}seeds`, '-o', 'refused.ndx', ...args];
    assert.notEqual(rust(...build).status, 0, `the Rust CLI refuses ${args.join(' ')}`);
    const ours = bin(...build);
    assert.equal(ours.status, 1, args.join(' '));
    assert.match(ours.stderr, /^newsdex: --(chunk-kib|memory-budget) /, args.join(' '));
  }
});

test('build --shards splits as the Rust CLI does, and search --index reads the chunks from beside the core', () => {
  // The seeds give the Rust CLI's very bytes (for some text the wasm build's fst dictionaries
  // are laid out differently from a 64-bit build's; the answers are the same).
  const made = rust('build', `${repo}seeds`, '-o', 'native/news.ndx', '--shards', '--chunk-kib', '4');
  assert.equal(made.status, 0, made.stderr);
  const ours = bin('build', `${repo}seeds`, '-o', 'wasm/news.ndx', '--shards', '--chunk-kib', '4', '--memory-budget', '64');
  assert.equal(ours.status, 0, ours.stderr);
  assert.match(ours.stderr, /newsdex: indexed 2 articles \(0 left out\), \d+ terms, \d+ entities, a \d+-byte core and \d+ chunk files \(news-\*\.chunk\) of \d+ bytes in all → wasm\/news\.ndx/);
  // The Rust CLI also keeps the articles' signatures beside the core, for its `add` (which
  // works them out from the stored text where they are missing): no reader fetches them.
  const all = (dir) => readdirSync(join(consumer.dir, dir)).sort();
  const files = (dir) => all(dir).filter((name) => !name.endsWith('.sig'));
  assert.equal(all('native').length - files('native').length, 1, all('native').join(', '));
  assert.deepEqual(all('wasm'), files('wasm'));
  assert.deepEqual(files('wasm'), files('native'));
  assert.ok(files('wasm').filter((name) => name.endsWith('.chunk')).length >= 2, files('wasm').join(', '));
  for (const name of files('native')) {
    assert.ok(readFileSync(join(consumer.dir, 'wasm', name)).equals(readFileSync(join(consumer.dir, 'native', name))), name);
  }

  const corpus = [`${repo}seeds`, `${repo}tests/browser/fixtures/mini.jsonl`];
  assert.equal(rust('build', ...corpus, '-o', 'native/more.ndx', '--shards', '--chunk-kib', '4').status, 0);
  assert.equal(bin('build', ...corpus, '-o', 'wasm/more.ndx', '--shards', '--chunk-kib', '4').status, 0);
  for (const query of ['lavrov', 'brontë', '"foreign minister"', 'glasgow regatta']) {
    for (const index of ['news.ndx', 'more.ndx']) {
      const mine = JSON.parse(bin('search', '--index', `wasm/${index}`, '--json', '--limit', '3', query).stdout);
      const native = JSON.parse(rust('search', '--index', `native/${index}`, '--json', '--limit', '3', query).stdout);
      assert.deepEqual(comparable(mine), comparable(native), `${query} in ${index}`);
    }
  }
  assert.ok(JSON.parse(bin('search', '--index', 'wasm/more.ndx', '--json', 'brontë').stdout).total > 0);
  const single = JSON.parse(bin('search', '--json', 'lavrov').stdout);
  assert.deepEqual(single.hits.map((hit) => hit.id), ['003_d82338b8bd3c8aaf', '000_5ea1769a20fb7706'], 'the embedded index without --index');
});
