// The duplicates check (tests/tidy/duplicates.mjs) on folders made here: a pasted run fails it
// with both places named, and what is not a copy (shape alike, comments, imports, punctuation,
// fixtures, an allowed pair) passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeLines, findCopies } from './duplicates.mjs';

const script = join(dirname(fileURLToPath(import.meta.url)), 'duplicates.mjs');

/** A git work tree holding `files` (path → text), none of them committed. */
function tree(t, files) {
  const root = mkdtempSync(join(tmpdir(), 'newsdex-duplicates-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  execFileSync('git', ['init', '-q'], { cwd: root });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(root) {
  // git looks no higher than the temporary folder, wherever the system keeps those.
  const env = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(root) };
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8', env });
  return { status: run.status, out: run.stdout + run.stderr };
}

// Eight lines of logic, written once in one style.
const body = [
  'let mut total = 0;',
  'for item in items {',
  'if item.weight > limit {',
  'total += item.weight * 2;',
  '} else {',
  'total += item.weight;',
  '}',
  '}',
  'let average = total / items.len();',
  'report(total, average);',
];

/** `body` as a Rust function named `name`, indented by `indent`, `before` lines above it. */
function rust(name, indent, before = []) {
  return [...before, `fn ${name}(items: &[Item], limit: u32) {`, ...body.map((l) => indent + l), '}', ''].join('\n');
}

test('a run pasted into another file fails, naming both places', (t) => {
  const root = tree(t, {
    'src/a.rs': rust('first', '    ', ['use crate::Item;', '']),
    // The copy is indented otherwise, with a comment and blank lines inside: still a copy.
    'src/b/c.rs': rust('second', '\t\t', ['//! Another module.', '', 'const LIMIT: u32 = 3;', '']).replace(
      'total += item.weight;',
      '\n        // the light ones count once\n        total  +=  item.weight;\n',
    ),
  });
  const { status, out } = check(root);
  assert.equal(status, 1, out);
  // From `let mut total` to `report`: eight lines that count (the lone `}` are passed over).
  assert.match(out, /src\/a\.rs:4-13 ~ src\/b\/c\.rs:6-18: 8 identical lines/);
  assert.match(out, /1 pasted run of 6 or more identical lines/);
});

test('a run pasted twice into one file fails, naming both places', (t) => {
  const text = rust('first', '  ') + rust('second', '  ');
  const root = tree(t, { 'bench/x.mjs': text.replaceAll('fn ', 'function ') });
  const { status, out } = check(root);
  assert.equal(status, 1, out);
  assert.match(out, /bench\/x\.mjs:2-11 ~ bench\/x\.mjs:14-23: 8 identical lines/);
});

test('a folder without a pasted run passes', (t) => {
  const changed = rust('second', '    ').replace('total += item.weight * 2;', 'total += item.weight * 3;');
  const root = tree(t, {
    // Three identical lines, one that differs, then four: no run of six.
    'src/a.rs': rust('first', '    '),
    'src/b.rs': changed,
    // The same shape with other names is not a copy.
    'src/c.rs': rust('third', '    ').replaceAll('total', 'sum').replaceAll('weight', 'mass'),
  });
  const { status, out } = check(root);
  assert.equal(status, 0, out);
  assert.match(out, /no run of 6 identical lines in two places \(3 files/);
});

test('comments, imports, lone punctuation, fixtures and ignored files are not copies', (t) => {
  const imports = ['use std::fs;', 'use std::io::{', '    Read,', '    Write,', '};', 'use std::path::Path;', 'use std::fmt;'];
  const comments = ['/// One.', '/// Two.', '/// Three.', '/*', ' * Four.', ' * Five.', ' */', '// Six.', '// Seven.'];
  const closers = ['}', '});', '],', ')', '}', '};', '})', ') {'];
  const js = ['import {', '  a,', '  b,', "} from './x.js';", "import c from './c.js';", "export { d } from './d.js';"];
  const page = ['<!doctype html>', '<html>', '<head>', '<title>Page</title>', '</head>', '<body>', '<p>Same text.</p>', '</body>', '</html>'];
  const lines = [...imports, ...comments, ...closers].join('\n');
  const root = tree(t, {
    '.gitignore': 'out/\n',
    'src/a.rs': `${lines}\nfn a() {}\n`,
    'src/b.rs': `${lines}\nfn b() {}\n`,
    'www/a.js': `${js.join('\n')}\nconst a = 1;\n`,
    'www/b.js': `${js.join('\n')}\nconst b = 2;\n`,
    'tests/fixtures/site/a.html': page.join('\n'),
    'tests/fixtures/site/b.html': page.join('\n'),
    'out/a.rs': rust('first', '    '),
    'out/b.rs': rust('first', '    '),
    'notes.md': body.join('\n'),
    'more-notes.md': body.join('\n'),
  });
  const { status, out } = check(root);
  assert.equal(status, 0, out);
  assert.match(out, /\(4 files/);
});

test('an allowed pair passes; an entry matching no run, or malformed, fails', (t) => {
  const files = {
    'www/a.html': rust('first', '  '),
    'www/b.html': rust('first', '  '),
    'tests/tidy/duplicates-allowed.txt': '# why\nwww/b.html ~ www/a.html: two static pages\n',
  };
  assert.equal(check(tree(t, files)).status, 0);
  const stale = check(tree(t, { ...files, 'www/b.html': 'nothing alike\n' }));
  assert.equal(stale.status, 1, stale.out);
  assert.match(stale.out, /duplicates-allowed\.txt:2: www\/a\.html ~ www\/b\.html share no run of 6 identical lines any more: remove the entry/);
  const malformed = check(tree(t, { ...files, 'tests/tidy/duplicates-allowed.txt': 'www/a.html www/b.html\n' }));
  assert.equal(malformed.status, 2, malformed.out);
  assert.match(malformed.out, /duplicates-allowed\.txt:1: expected "FILE ~ FILE: reason"/);
});

test('a folder that is no git work tree is an error, not a pass', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'newsdex-duplicates-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const { status, out } = check(root);
  assert.equal(status, 2, out);
  assert.match(out, /^newsdex: duplicates: cannot list the source files of .* with git ls-files: /);
});

test('lines are normalised and numbered as written', () => {
  const lines = codeLines('use a::{\n  b,\n};\n\n  let  x =\t1; // note\n/* a\n b */\n}\n# not a comment in Rust\n', 'x.rs');
  assert.deepEqual(lines, [
    { text: 'let x = 1; // note', line: 5 },
    { text: '# not a comment in Rust', line: 9 },
  ]);
  assert.deepEqual(codeLines('# comment\necho  hi\n', 'x.sh'), [{ text: 'echo hi', line: 2 }]);
});

test('the longest shared run is reported once, however long', () => {
  const long = Array.from({ length: 40 }, (_, i) => `step(${i});`).join('\n');
  const copies = findCopies(new Map([['a.js', long], ['b.js', `other();\n${long}`]]));
  assert.deepEqual(copies, [{ a: { file: 'a.js', first: 1, last: 40 }, b: { file: 'b.js', first: 2, last: 41 }, lines: 40 }]);
});
