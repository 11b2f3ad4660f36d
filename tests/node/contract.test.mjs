// What the JavaScript copies from elsewhere, held to its source so that the two cannot drift:
// the bound on chunk-fetch rounds (Rust's newsdex::MAX_FETCH_ROUNDS), the error codes the wasm
// edge throws (the `fn code` arms of the Rust error types, and the edge's own codes) against
// index.d.ts's NewsdexErrorCode, the default entity colours of highlight.css against
// npm/entity-types.js, and the cache keepOffline stores in against the one the pages' service
// worker reads. Reads the sources, so it needs no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './consumer.mjs';
import { MAX_FETCH_ROUNDS } from '../../npm/chunks.js';
import { ENTITY_TYPES } from '../../npm/entity-types.js';
import { OFFLINE_CACHE } from '../../npm/offline.js';

const read = (path) => readFileSync(join(repo, path), 'utf8');

/** The .rs files under `dir` (a path from the repo root), recursively. */
function rustFiles(dir) {
  return readdirSync(join(repo, dir), { recursive: true }).filter((name) => name.endsWith('.rs')).map((name) => join(dir, name));
}

/** The codes an error type's `fn code` names: the string of each arm of its match. */
function codeArms(source) {
  const codes = [];
  for (const [, body] of source.matchAll(/fn code\(&self\) -> &'static str \{\n([\s\S]*?)\n {4}\}\n/g)) {
    for (const [, code] of body.matchAll(/=>\s*"(\w+)"/g)) codes.push(code);
  }
  return codes;
}

/** The members of the string union `name` in a .d.ts file, its comments left out. */
function unionMembers(source, name) {
  const union = new RegExp(`export type ${name} =([^;]*);`).exec(source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''));
  assert.ok(union, `index.d.ts declares ${name}`);
  return [...union[1].matchAll(/'(\w+)'/g)].map(([, member]) => member);
}

test('the JavaScript bound on fetch rounds is Rust\'s MAX_FETCH_ROUNDS', () => {
  const rust = /pub const MAX_FETCH_ROUNDS: usize = (\d+);/.exec(read('src/index/sharded.rs'));
  assert.ok(rust, 'src/index/sharded.rs declares MAX_FETCH_ROUNDS');
  assert.equal(MAX_FETCH_ROUNDS, Number(rust[1]));
});

test('NewsdexErrorCode lists every code the engine and its wasm edge throw', () => {
  const rust = ['src', ...readdirSync(join(repo, 'crates')).map((crate) => join('crates', crate, 'src'))]
    .flatMap((dir) => rustFiles(dir).flatMap((file) => codeArms(read(file))));
  // Every ErrorKind of the search layer and of the data layer beneath it.
  for (const code of ['UnknownArticle', 'NotFetched', 'MissingField', 'EmptyCorpus', 'NotAnIndex', 'ChecksumMismatch']) {
    assert.ok(rust.includes(code), `${code} is found among the fn code arms: ${rust.join(' ')}`);
  }
  const edge = [...read('crates/wasm/src/js.rs').matchAll(/coded_error\("(\w+)"/g)].map(([, code]) => code);
  assert.deepEqual(edge.sort(), ['Internal', 'InvalidArgument']);
  const declared = new Set(unionMembers(read('npm/index.d.ts'), 'NewsdexErrorCode'));
  assert.deepEqual([...new Set([...rust, ...edge])].filter((code) => !declared.has(code)), []);
});

test('highlight.css colours the marks as npm/entity-types.js says', () => {
  const css = read('npm/highlight.css');
  for (const { type, color } of ENTITY_TYPES) {
    const name = type.toLowerCase();
    assert.ok(css.includes(`mark.newsdex-${name} { --newsdex-entity-color: var(--newsdex-${name}, ${color}); }`), `${type} in ${color}`);
  }
});

test('keepOffline stores in the cache the service worker answers chunk files from', () => {
  const worker = /^const ARCHIVE = '([^']+)';$/m.exec(read('www/sw.js'));
  assert.ok(worker, 'www/sw.js declares ARCHIVE');
  assert.equal(OFFLINE_CACHE, worker[1]);
});
