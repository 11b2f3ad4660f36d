// Sizes of files raw, gzip -9 and brotli -11, worked out after the timed steps on both cores
// (brotli -11 runs at about half a megabyte a second and the indexes add up to hundreds of
// megabytes) and remembered by content hash in bench/out/peers/sizes-cache.json, as the
// engines' builds are deterministic. A file that is already gzip (Pagefind's) counts as its
// unzipped bytes raw and as itself for gzip, since that is what is served; it has no brotli
// size (null), as no server recompresses it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { addSizes, sizes } from './metrics.mjs';

const isGzip = (bytes) => bytes[0] === 0x1f && bytes[1] === 0x8b;

function fileSizes(bytes) {
  return isGzip(bytes) ? { raw: gunzipSync(bytes).length, gzip: bytes.length, brotli: null } : sizes(bytes);
}

if (!isMainThread) {
  parentPort.on('message', ({ id, path }) => parentPort.postMessage({ id, sizes: fileSizes(readFileSync(path)) }));
}

/** `groups` maps a name to a list of paths; the answer maps it to their added-up sizes. */
export async function groupSizes(groups, cacheFile) {
  const cache = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  const hashes = new Map();
  const todo = new Map();
  for (const path of new Set(Object.values(groups).flat())) {
    const bytes = readFileSync(path);
    const hash = createHash('sha256').update(bytes).digest('hex');
    hashes.set(path, hash);
    if (!cache[hash]) todo.set(hash, { path, length: bytes.length });
  }
  // Largest first, so the two workers finish together.
  const jobs = [...todo].sort((a, b) => b[1].length - a[1].length);
  const workers = Array.from({ length: Math.min(cpus().length, jobs.length) }, () => new Worker(new URL(import.meta.url)));
  await Promise.all(workers.map((worker) => new Promise((resolve, reject) => {
    const next = () => {
      const job = jobs.shift();
      if (!job) {
        worker.terminate().then(resolve);
        return;
      }
      worker.postMessage({ id: job[0], path: job[1].path });
    };
    worker.on('message', ({ id, sizes: s }) => {
      cache[id] = s;
      next();
    });
    worker.on('error', reject);
    next();
  })));
  if (todo.size) writeFileSync(cacheFile, JSON.stringify(cache));
  return Object.fromEntries(Object.entries(groups).map(([name, paths]) => [name, addSizes(paths.map((p) => cache[hashes.get(p)]))]));
}
