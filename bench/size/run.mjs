// The download of newsdex's four wasm modules, each with its JavaScript glue, as built in pkg/
// by ./build.sh (this builds nothing): raw, gzip -9 and brotli -11 (window 2^24) bytes of each
// file, compressed one by one as a server sends them, and the search module's brotli total
// against its target. A sharded index's first search fetches the first module instead; the
// search module comes when a request asks for more, the recogniser module when names are.
// Usage: node bench/size/run.mjs [--pkg DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const i = process.argv.indexOf('--pkg');
const pkg = i > 0 ? process.argv[i + 1] : join(repo, 'pkg');

/** What a page that searches downloads before its first answer, brotli, in bytes. */
const SEARCH_TARGET = 150_000;

const modules = [
  { name: 'first', files: ['newsdex_lite_bg.wasm', 'newsdex_lite.js'] },
  { name: 'search', files: ['newsdex_bg.wasm', 'newsdex.js'], target: SEARCH_TARGET },
  { name: 'recogniser', files: ['newsdex_recogniser_bg.wasm', 'newsdex_recogniser.js'] },
  { name: 'segments', files: ['newsdex_segments_bg.wasm', 'newsdex_segments.js'] },
];

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  }).length,
});

const missing = modules.flatMap((m) => m.files).filter((f) => !existsSync(join(pkg, f)));
if (missing.length > 0) {
  console.error(`newsdex: ${pkg} lacks ${missing.join(', ')}: run ./build.sh first`);
  process.exit(1);
}

const bytes = (n) => n.toLocaleString('en');
const rows = [];
let verdict = '';
for (const { name, files, target } of modules) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const s = sizes(readFileSync(join(pkg, file)));
    for (const k of Object.keys(total)) total[k] += s[k];
    rows.push([name, file, bytes(s.raw), bytes(s.gzip), bytes(s.brotli), '']);
  }
  let against = '';
  if (target) {
    const over = total.brotli - target;
    against = `${bytes(target)} ${over > 0 ? `(over by ${bytes(over)})` : `(${bytes(-over)} to spare)`}`;
    verdict = `the search module is ${over > 0 ? 'over' : 'within'} its target`;
  }
  rows.push([`**${name} module**`, 'both', `**${bytes(total.raw)}**`, `**${bytes(total.gzip)}**`, `**${bytes(total.brotli)}**`, against]);
}

console.log(`wasm modules in ${pkg}, bytes (brotli -11, window 2^24; gzip -9):\n`);
console.log('| module | file | raw | gzip | brotli | brotli target |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\n${verdict}`);
