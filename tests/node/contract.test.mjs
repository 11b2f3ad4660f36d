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
  // crates/extract (pages and feeds) is linked by the command only: its codes never reach JS.
  const rust = ['src', ...readdirSync(join(repo, 'crates')).filter((crate) => crate !== 'extract').map((crate) => join('crates', crate, 'src'))]
    .flatMap((dir) => rustFiles(dir).flatMap((file) => codeArms(read(file))));
  // Every ErrorKind of the search layer and of the data layer beneath it.
  for (const code of ['UnknownArticle', 'NotFetched', 'MissingField', 'EmptyCorpus', 'NotAnIndex', 'ChecksumMismatch']) {
    assert.ok(rust.includes(code), `${code} is found among the fn code arms: ${rust.join(' ')}`);
  }
  const edge = [...read('crates/wasm/src/js.rs').matchAll(/coded_error\("(\w+)"/g)].map(([, code]) => code);
  assert.deepEqual(edge.sort(), ['Internal', 'InvalidArgument']);
  // The first module's engine leaves clauses by date, facet or entity to the search module
  // with this kind, which its edge answers `{ full: true }` for, and single-file indexes,
  // which npm/index.js then opens in the search module: it never reaches a caller.
  const answered = ['LeftToSearchModule'];
  assert.match(read('crates/wasm/src/search.rs'), /ErrorKind::LeftToSearchModule\)/);
  const declared = new Set(unionMembers(read('npm/index.d.ts'), 'NewsdexErrorCode'));
  assert.deepEqual([...new Set([...rust, ...edge])].filter((code) => !declared.has(code) && !answered.includes(code)), []);
});

test('highlight.css colours the marks as npm/entity-types.js says', () => {
  const css = read('npm/highlight.css');
  for (const { type, color, dark } of ENTITY_TYPES) {
    const name = type.toLowerCase();
    assert.ok(css.includes(`mark.newsdex-${name} { --newsdex-entity-color: var(--newsdex-${name}, light-dark(${color}, ${dark})); }`), `${type} in ${color} and ${dark}`);
  }
});

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a, b) {
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}

/** `share` of `a` over `b`, as color-mix(in srgb, a share, b) makes it. */
const mix = (a, b, share) => `#${[1, 3, 5].map((at) => Math.round(Number.parseInt(a.slice(at, at + 2), 16) * share
  + Number.parseInt(b.slice(at, at + 2), 16) * (1 - share)).toString(16).padStart(2, '0')).join('')}`;

test('entity colours are readable as text (WCAG AA, 4.5:1) on light and dark, and on the box\'s selected option', () => {
  // Chromium's Canvas in each scheme, and the element's selected option: 12% of its accent over it.
  const backgrounds = {
    light: ['#ffffff', mix('#1a5fb4', '#ffffff', 0.12)],
    dark: ['#121212', mix('#8ab4f8', '#121212', 0.12)],
  };
  const element = read('npm/element.js');
  assert.ok(element.includes("--newsdex-accent, light-dark(#1a5fb4, #8ab4f8)"), 'the accent the selected option is tinted with');
  for (const { type, color, dark } of ENTITY_TYPES) {
    for (const [scheme, ink] of [['light', color], ['dark', dark]]) {
      for (const background of backgrounds[scheme]) {
        assert.ok(contrast(ink, background) >= 4.5, `${type} ${ink} on ${background}: ${contrast(ink, background).toFixed(2)}:1`);
      }
    }
  }
});

test('keepOffline stores in the cache the service worker answers chunk files from', () => {
  const worker = /^const ARCHIVE = '([^']+)';$/m.exec(read('www/sw.js'));
  assert.ok(worker, 'www/sw.js declares ARCHIVE');
  assert.equal(OFFLINE_CACHE, worker[1]);
});
