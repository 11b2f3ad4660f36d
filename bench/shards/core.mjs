// A sharded core's `chunks` section (kind 20), read as the benches need it: the chunk size,
// where each part of the pack lies, and each chunk's file name (crates/format/src/shards.rs).

/** `{ chunkBytes, parts: [[name, end]], name, files }` of the core's bytes (a Buffer). */
export function chunkLayout(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at) => Number(view.getBigUint64(at, true));
  for (let i = 0; i < view.getUint32(12, true); i += 1) {
    if (view.getUint32(32 + 24 * i, true) !== 20) continue;
    const at = u64(32 + 24 * i + 8);
    const [chunkBytes, ...lengths] = [0, 8, 16, 24, 32, 40].map((k) => u64(at + k));
    let end = 0;
    const parts = ['store', 'postings', 'positions', 'skips', 'pieces'].map((part, k) => [part, (end += lengths[k])]);
    const nameLength = bytes[at + 49];
    const name = bytes.subarray(at + 50, at + 50 + nameLength).toString('latin1');
    const files = [];
    for (let k = 0; k < Math.ceil(end / chunkBytes); k += 1) {
      files.push(`${name}-${view.getBigUint64(at + 50 + nameLength + 8 * k, true).toString(16).padStart(16, '0')}.chunk`);
    }
    return { chunkBytes, parts, name, files };
  }
  throw new Error('no chunks section: not a sharded core');
}
