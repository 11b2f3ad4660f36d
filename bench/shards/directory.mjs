// What a sharded core's pieces directory (the `pieces` section, kind 23) costs, table by table:
// its pieces, their groups, their bytes in the pack, and the directory's bytes raw and brotli
// (quality 11, window 2^24, as bench/first-answer serves a core). Reads format 14 and 15 (a
// length a piece) and 16 (a slot length a group of pieces); layout in crates/format/src/pieces.rs.
//
//   node bench/shards/directory.mjs CORE.ndx
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const NAMES = {
  2: 'terms', 3: 'words', 9: 'id map', 11: 'entities', 13: 'entity names', 14: 'entity postings',
  15: 'mentions', 16: 'doc entities', 18: 'doc sources', 24: 'cards', 25: 'dates', 27: 'facet names',
  28: 'facet values', 29: 'facet postings', 30: 'doc facets', 31: 'doc groups', 32: 'related',
  33: 'entity related', 34: 'typo words',
};
// The tables whose directory keeps each piece's first key (`has_first_keys`).
const KEYED = new Set([2, 3, 9, 11, 13, 27, 34]);

const brotli = (bytes) => brotliCompressSync(bytes, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
}).length;

const path = process.argv[2];
if (!path) throw new Error('usage: node bench/shards/directory.mjs CORE.ndx');
const core = readFileSync(path);
const view = new DataView(core.buffer, core.byteOffset, core.byteLength);
const version = view.getUint32(8, true);
if (version < 14 || version > 16) throw new Error(`format ${version}: this script reads formats 14 to 16`);
let section;
for (let i = 0; i < view.getUint32(12, true); i += 1) {
  if (view.getUint32(32 + 24 * i, true) !== 23) continue;
  const at = Number(view.getBigUint64(32 + 24 * i + 8, true));
  section = core.subarray(at, at + Number(view.getBigUint64(32 + 24 * i + 16, true)));
}
if (!section) throw new Error('no pieces section: not a sharded core');

const dir = new DataView(section.buffer, section.byteOffset, section.byteLength);
let at = 32; // past the entity types' ordinal ranges
const u32 = () => { at += 4; return dir.getUint32(at - 4, true); };
const varint = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = section[at++];
    value += (byte & 127) * 2 ** shift;
    if (byte < 128) return value;
  }
};
const rows = [];
for (let t = 0, count = u32(); t < count; t += 1) {
  const start = at;
  const kind = u32(), items = u32(), perPiece = u32();
  const pieces = version >= 16 ? Math.ceil(items / perPiece) : u32();
  const perGroup = version >= 16 ? u32() : 1;
  at += 8;
  let pack = 0, keys = 0;
  const groups = Math.ceil(pieces / perGroup);
  for (let g = 0; g < groups; g += 1) {
    const slot = varint();
    pack += slot * Math.min(perGroup, pieces - g * perGroup);
    if (version < 16 && KEYED.has(kind)) { const len = varint(); keys += len; at += len; }
  }
  if (version >= 16 && KEYED.has(kind)) {
    for (let p = 0; p < pieces; p += 1) { const len = varint(); keys += len; at += len; }
  }
  rows.push([NAMES[kind] ?? `kind ${kind}`, items, perPiece, pieces, perGroup, pack, keys, at - start, brotli(section.subarray(start, at))]);
}
console.log(`${path}: format ${version}, core ${core.length} bytes raw, ${brotli(core)} brotli; pieces directory ${section.length} raw, ${brotli(section)} brotli`);
console.log('| table | items | per piece | pieces | per group | pack bytes | key bytes | directory raw | directory brotli |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
