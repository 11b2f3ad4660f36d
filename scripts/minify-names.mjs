// Renames a wasm module's imports and exports to one or two letters, and its glue to match:
// wasm-bindgen names each import after its Rust item and a hash (`__wbg_set_2793479888329cb6`),
// written once in the wasm and once in the glue, and the hashes do not compress.
//
//   node scripts/minify-names.mjs MODULE_bg.wasm GLUE.js
//
// binaryen's `--minify-imports-and-exports-and-modules` renames them in the wasm and prints the
// mapping; this rewrites the glue as wasm-bindgen wrote it (before esbuild): the import
// object's keys, its module name, and each `wasm.NAME` of an export. Then it checks that the
// glue names every import of the renamed module once and uses no export the module lacks, so a
// wasm-bindgen whose glue takes another shape fails the build instead of the page.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error('usage: node scripts/minify-names.mjs MODULE_bg.wasm GLUE.js');
  process.exit(2);
}

const fail = (why) => {
  console.error(`newsdex: minify-names: ${gluePath}: ${why}`);
  process.exit(1);
};

/** `text` with every match of `pattern` replaced by `to`, counted. */
function replace(text, pattern, to) {
  let count = 0;
  const out = text.replace(pattern, (_, before) => {
    count += 1;
    return before + to;
  });
  return { out, count };
}

const escape = (name) => name.replace(/[$]/g, '\\$');

/** An unsigned LEB128 number of `bytes` at `at`: its value and where it ends. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128. */
function toLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** `wasm` with its export `from` named `to` (the export section rewritten). */
function renameExport(wasm, from, to) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 7) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, start);
    const entries = [toLeb(count)];
    for (; count > 0; count -= 1) {
      const [length, nameAt] = leb(wasm, p);
      const name = new TextDecoder().decode(wasm.subarray(nameAt, nameAt + length));
      const [, indexEnd] = leb(wasm, nameAt + length + 1);
      const written = Buffer.from(name === from ? to : name);
      entries.push(toLeb(written.length), [...written], [...wasm.subarray(nameAt + length, indexEnd)]);
      p = indexEnd;
    }
    const content = entries.flat();
    parts.push(Buffer.from([7, ...toLeb(content.length), ...content]));
    at = end;
  }
  return Buffer.concat(parts);
}

const wasmOpt = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'wasm-opt');
const mapping = JSON.parse(
  execFileSync(wasmOpt, [wasmPath, '--minify-imports-and-exports-and-modules', '-o', wasmPath], {
    encoding: 'utf8',
  }),
);

// The memory keeps its name: `init()` and `initSync()` return the exports, and callers read
// their `memory` (the tests of memory growth do).
const memory = mapping.exports.find(([from]) => from === 'memory');
if (memory) {
  writeFileSync(wasmPath, renameExport(readFileSync(wasmPath), memory[1], 'memory'));
  mapping.exports = mapping.exports.filter((entry) => entry !== memory);
}

let glue = readFileSync(gluePath, 'utf8');
for (const [, from, to] of mapping.imports) {
  const r = replace(glue, new RegExp(`(^|[\\s{,])${escape(from)}(?=:)`, 'g'), to);
  if (r.count !== 1) fail(`the import ${from} is a key ${r.count} times, not once`);
  glue = r.out;
}
// binaryen merges every import module into one, named `a`.
for (const module of new Set(mapping.imports.map(([module]) => module))) {
  const r = replace(glue, new RegExp(`(^|\\s)${escape(JSON.stringify(module))}(?=:)`, 'g'), '"a"');
  if (r.count !== 1) fail(`the import module ${module} is a key ${r.count} times, not once`);
  glue = r.out;
}
for (const [from, to] of mapping.exports) {
  glue = replace(glue, new RegExp(`(\\bwasm\\.)${escape(from)}\\b`, 'g'), to).out;
}

const module = new WebAssembly.Module(readFileSync(wasmPath));
const exports = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
for (const [, name] of glue.matchAll(/\bwasm\.([\w$]+)/g)) {
  if (!exports.has(name)) fail(`it calls wasm.${name}, which the module does not export`);
}
for (const { module: from, name } of WebAssembly.Module.imports(module)) {
  if (from !== 'a') fail(`the module imports from ${from}, not a`);
  if (!new RegExp(`(^|[\\s{,])${escape(name)}:`).test(glue)) fail(`it lacks the import ${name}`);
}
writeFileSync(gluePath, glue);
