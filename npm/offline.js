// Keeping a sharded index for reading without a network (Newsdex#keepOffline): its core and
// every chunk file, fetched whole and stored in the Cache API. A service worker answers from
// there once the network is gone, byte ranges included (the pages' www/sw.js does); the
// package itself never reads the cache, so without such a worker what is kept serves nothing.
import { NewsdexError } from './errors.js';
import { fetchBody } from './chunks.js';

/** The cache the files go to unless told otherwise: www/sw.js reads its kept chunks from it
 * (tests/node/contract.test.mjs keeps the two names equal). */
export const OFFLINE_CACHE = 'newsdex-archive';

/** Files fetched at once: enough to keep a connection busy, few enough that the bytes held
 * while they arrive stay a few chunks' worth. */
const PARALLEL = 3;

/**
 * A file to keep: its address, its length, whether a copy already in the cache will do (the
 * chunk files, whose names carry a hash of their bytes), a check of its bytes, and its bytes
 * when they are at hand already (fetched just before, not again).
 * @typedef {{ url: string, bytes: number, reuse: boolean, check?: (bytes: Uint8Array) => void, body?: Uint8Array }} KeptFile
 */

/**
 * Fetches each of `files` whole and stores it in the cache `cacheName` under its address,
 * reporting `{ loaded, total }` in bytes as each file is kept (files already kept count as loaded).
 * @param {KeptFile[]} files
 * @param {{ policy: import('./chunks.js').FetchPolicy, cacheName: string, onProgress?: (progress: { loaded: number, total: number }) => void }} options
 */
export async function keepFiles(files, { policy, cacheName, onProgress }) {
  if (typeof caches === 'undefined') {
    throw new NewsdexError('Storage', 'newsdex: keepOffline() stores the index with the Cache API, which is not available here (browsers offer it to pages served over https or from localhost)');
  }
  let cache;
  try {
    cache = await caches.open(cacheName);
  } catch (error) {
    throw storageFailed(`open the cache "${cacheName}"`, error);
  }
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  let loaded = 0;
  const report = (bytes) => {
    loaded += bytes;
    onProgress?.({ loaded, total });
  };
  report(0);
  const queue = [...files];
  let failed = false;
  const worker = async () => {
    while (queue.length && !failed) {
      try {
        await keepFile(cache, queue.shift(), policy, report);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

/** @param {Cache} cache @param {KeptFile} file */
async function keepFile(cache, { url, bytes: expected, reuse, check, body }, policy, report) {
  if (reuse && (await cache.match(url).catch(() => undefined))) {
    report(expected);
    return;
  }
  const bytes = body ?? (await fetchBody(policy, url)).bytes;
  if (bytes.length !== expected) {
    throw new NewsdexError('ChunkMismatch', `newsdex: ${url} has ${bytes.length} bytes, not the ${expected} of the index that was opened`);
  }
  if (check) check(bytes);
  const blob = new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]);
  try {
    await cache.put(url, new Response(blob, { headers: { 'content-type': 'application/octet-stream' } }));
  } catch (error) {
    throw storageFailed(`store ${url}`, error);
  }
  report(expected);
}

/** @param {string} what @param {any} error */
function storageFailed(what, error) {
  const full = error?.name === 'QuotaExceededError' ? ': the browser has no more room for this site' : `: ${error?.message ?? error}`;
  return new NewsdexError('Storage', `newsdex: could not ${what} for reading offline${full}`, { cause: error });
}
