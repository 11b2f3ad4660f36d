// The service worker that keeps the newsdex pages readable offline. The pages tell it what they
// loaded (themselves, their modules and styles, the wasm, an index file; see js/offline.js) and
// it keeps those in one versioned cache. Every same-origin GET goes to the network first, so an
// online reader always gets the current files (and they refresh the cache); only when the
// network fails does the cached copy answer. Caches of other versions go on activate.
//
// A sharded index's chunk files (`NAME-HASH.chunk`) are read in byte ranges, which the Cache
// API will not store as such (it refuses 206 responses): each range a reader got is kept as a
// response of its own, under the chunk's address with `?newsdex-range=START-END`, and offline a
// request for ranges is answered from those pieces, or from the whole chunk when it is kept
// (Newsdex#keepOffline in the package stores whole chunks and the core). Chunk files are named
// by a hash of their bytes, so what is kept of them never goes stale: they live in a cache of
// their own, ARCHIVE, which no version of this worker deletes.
// The type check (tsconfig.json) reads this file with the pages, under lib.dom, whose globals
// lib.webworker declares otherwise, so the two cannot be in one check: the parts of a service
// worker's scope used here are described instead.
/**
 * @typedef {Event & { waitUntil(work: Promise<unknown>): void }} ExtendableEvent
 * @typedef {ExtendableEvent & { data: any, ports: readonly MessagePort[] }} ExtendableMessageEvent
 * @typedef {ExtendableEvent & { request: Request, respondWith(response: Promise<Response>): void }} FetchEvent
 * @typedef {{
 *   addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void,
 *   addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void,
 *   addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void,
 *   skipWaiting(): Promise<void>,
 *   clients: { claim(): Promise<void> },
 *   location: Location,
 * }} ServiceWorkerScope
 */
const worker = /** @type {ServiceWorkerScope} */ (/** @type {unknown} */ (self));

const VERSION = 2;
const CACHE = `newsdex-v${VERSION}`;
/** Kept pieces and whole chunk files of sharded indexes, and the cores Newsdex#keepOffline
 * kept with them: the package's OFFLINE_CACHE (npm/offline.js), which
 * tests/node/contract.test.mjs keeps equal to this. */
const ARCHIVE = 'newsdex-archive';
/** A chunk file of a sharded index, as `newsdex build --shards` names them. */
const CHUNK_FILE = /-[0-9a-f]{16}\.chunk$/;

worker.addEventListener('install', (event) => {
  event.waitUntil(worker.skipWaiting());
});

worker.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((name) => /^newsdex-v\d+$/.test(name) && name !== CACHE);
    await Promise.all(stale.map((name) => caches.delete(name)));
    await worker.clients.claim();
  })());
});

worker.addEventListener('message', (event) => {
  if (event.data?.type !== 'newsdex-keep') return;
  const [reply] = event.ports;
  // The answer waits for the chunk pieces being stored too, so that whoever asks knows that
  // everything fetched before it asked is kept.
  const stored = Promise.allSettled([...piecesStoring]);
  event.waitUntil(Promise.all([keep(event.data.urls), stored]).then(([result]) => reply?.postMessage(result)));
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  if (CHUNK_FILE.test(new URL(request.url).pathname)) event.respondWith(chunkFile(request, event));
  else if (!request.headers.has('range')) event.respondWith(networkFirst(request, event));
});

// Addresses being stored now, so that two pages (or two batches) asking at once fetch once.
const storing = new Map();

/** Stores each address not in the cache yet; answers which could not be stored. */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  // Not chunk files: a page lists each one it read a range of, and fetching them whole here
  // would download the archive a piece of each search at a time.
  const wanted = [...new Set(urls.filter((url) => sameOrigin(url) && !CHUNK_FILE.test(new URL(url).pathname)).map(cacheKey))];
  const results = await Promise.allSettled(wanted.map((url) => {
    if (!storing.has(url)) {
      const store = cache.match(url).then((found) => (found ? undefined : cache.add(url))).finally(() => storing.delete(url));
      storing.set(url, store);
    }
    return storing.get(url);
  }));
  return { failed: wanted.filter((_, at) => results[at].status === 'rejected') };
}

async function networkFirst(request, event) {
  const key = request.mode === 'navigate' ? cacheKey(request.url) : request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return response;
  } catch (error) {
    // A core kept with its chunks (Newsdex#keepOffline) first: a newer one the pages loaded
    // since may name chunks that were never kept.
    const cached = (await caches.match(key, { cacheName: ARCHIVE })) ?? (await caches.match(key, { cacheName: CACHE }));
    if (cached) return cached;
    throw error;
  }
}

// Chunk pieces being stored now (see the `message` listener).
const piecesStoring = new Set();

/**
 * A request for a chunk file, with or without ranges: the network first, keeping the ranges
 * it answers (a whole chunk only when a range was asked for and the host sent it all instead;
 * whole chunks asked for as such are Newsdex#keepOffline's, which stores them itself); the
 * kept pieces when the network fails.
 */
async function chunkFile(request, event) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const kept = await fromArchive(request).catch(() => undefined);
    if (kept) return kept;
    throw error;
  }
  if (request.headers.has('range') && (response.status === 206 || response.status === 200) && response.type === 'basic') {
    // Keeping is a help, not a promise: a range that cannot be stored is fetched again later.
    const pieces = storePieces(chunkAddress(request.url), response.clone()).catch(() => {}).finally(() => piecesStoring.delete(pieces));
    piecesStoring.add(pieces);
    event.waitUntil(pieces);
  }
  return response;
}

/** Stores the ranges of a chunk file that `response` holds in ARCHIVE, each on its own. */
async function storePieces(url, response) {
  const archive = await caches.open(ARCHIVE);
  const type = response.headers.get('content-type') ?? '';
  const range = response.headers.get('content-range');
  if (response.status === 200) {
    await archive.put(url, response);
    return;
  }
  if (await archive.match(url)) return;
  const body = new Uint8Array(await response.arrayBuffer());
  const parts = range ? [{ range, bytes: body }] : byteranges(body, type);
  await Promise.all(parts.map(({ range: header, bytes }) => {
    const [start, end] = contentRange(header);
    if (bytes.length !== end - start + 1) throw new Error(`a part of ${bytes.length} bytes for ${header}`);
    const headers = { 'content-type': 'application/octet-stream', 'content-range': header };
    return archive.put(`${url}?newsdex-range=${start}-${end}`, new Response(bytes, { headers }));
  }));
}

/**
 * The answer to a request for a chunk file from what ARCHIVE holds of it: the whole file, or
 * its ranges (one as a 206 with Content-Range, several as multipart/byteranges, as a host
 * sends them); `undefined` when some of what is asked for is not kept.
 * @param {Request} request
 * @returns {Promise<Response | undefined>}
 */
async function fromArchive(request) {
  const archive = await caches.open(ARCHIVE);
  const url = chunkAddress(request.url);
  const header = request.headers.get('range');
  const whole = await archive.match(url);
  if (header === null) return whole;
  const ranges = requestedRanges(header);
  if (!ranges) return undefined;
  let size = '*';
  let parts;
  if (whole) {
    const bytes = new Uint8Array(await whole.arrayBuffer());
    size = String(bytes.length);
    if (ranges.some(([, end]) => end >= bytes.length)) return undefined;
    parts = ranges.map(([start, end]) => bytes.subarray(start, end + 1));
  } else {
    const pieces = [];
    for (const key of await archive.keys(url, { ignoreSearch: true })) {
      const match = /^(\d+)-(\d+)$/.exec(new URL(key.url).searchParams.get('newsdex-range') ?? '');
      if (match) pieces.push({ key, start: Number(match[1]), end: Number(match[2]) });
    }
    pieces.sort((a, b) => a.start - b.start);
    const bodies = new Map();
    const read = async (piece) => {
      if (!bodies.has(piece.key.url)) {
        const response = await archive.match(piece.key);
        if (!response) return undefined;
        size = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? size;
        bodies.set(piece.key.url, new Uint8Array(await response.arrayBuffer()));
      }
      return bodies.get(piece.key.url);
    };
    parts = [];
    for (const [start, end] of ranges) {
      const bytes = new Uint8Array(end - start + 1);
      // Kept pieces may overlap and may each hold only part of the range: copy from each in
      // turn, in order of their starts, until the range is filled.
      let filled = start;
      for (const piece of pieces) {
        if (filled > end) break;
        if (piece.start > filled || piece.end < filled) continue;
        const body = await read(piece);
        if (!body) continue;
        const upTo = Math.min(piece.end, end);
        bytes.set(body.subarray(filled - piece.start, upTo - piece.start + 1), filled - start);
        filled = upTo + 1;
      }
      if (filled <= end) return undefined;
      parts.push(bytes);
    }
  }
  const type = 'application/octet-stream';
  if (ranges.length === 1) {
    const [[start, end]] = ranges;
    return new Response(parts[0], { status: 206, headers: { 'content-type': type, 'content-range': `bytes ${start}-${end}/${size}` } });
  }
  const boundary = `newsdex-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const body = ranges.flatMap(([start, end], k) => [
    encoder.encode(`\r\n--${boundary}\r\ncontent-type: ${type}\r\ncontent-range: bytes ${start}-${end}/${size}\r\n\r\n`),
    parts[k],
  ]);
  body.push(encoder.encode(`\r\n--${boundary}--\r\n`));
  return new Response(new Blob(body), { status: 206, headers: { 'content-type': `multipart/byteranges; boundary=${boundary}` } });
}

/** The `[start, end]` (inclusive) ranges of a Range header `bytes=a-b,c-d`; `null` for any other form. */
function requestedRanges(header) {
  const spec = /^bytes=(\d+-\d+(?:,\s*\d+-\d+)*)$/.exec(header);
  if (!spec) return null;
  const ranges = spec[1].split(',').map((range) => range.trim().split('-').map(Number));
  return ranges.every(([start, end]) => start <= end) ? ranges : null;
}

/** `[start, end]` (inclusive) of a `Content-Range: bytes start-end/size` header. */
function contentRange(header) {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (!match || Number(match[2]) < Number(match[1])) throw new Error(`the content range "${header}"`);
  return [Number(match[1]), Number(match[2])];
}

/**
 * The parts of a multipart/byteranges body, as `[{ range, bytes }]`: each part's Content-Range
 * says how long it is. (The package's fetcher, npm/chunks.js, reads these bodies the same way;
 * a service worker cannot import its module.)
 */
function byteranges(body, type) {
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) throw new Error(`${type} without a boundary`);
  const text = new TextDecoder('latin1');
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const find = (needle, from) => {
    for (let i = body.indexOf(needle[0], from); i >= 0 && i + needle.length <= body.length; i = body.indexOf(needle[0], i + 1)) {
      if (needle.every((byte, k) => body[i + k] === byte)) return i;
    }
    return -1;
  };
  const blank = new TextEncoder().encode('\r\n\r\n');
  const parts = [];
  for (let at = 0; ;) {
    const start = find(delimiter, at);
    if (start < 0) throw new Error('a multipart body that does not close');
    at = start + delimiter.length;
    if (text.decode(body.subarray(at, at + 2)) === '--') return parts;
    const headersEnd = find(blank, at);
    if (headersEnd < 0) throw new Error('a part without a blank line after its headers');
    const range = /^content-range:\s*(.+)$/im.exec(text.decode(body.subarray(at, headersEnd)))?.[1];
    if (!range) throw new Error('a part without a Content-Range');
    const [first, last] = contentRange(range);
    const dataStart = headersEnd + 4;
    const dataEnd = dataStart + (last - first + 1);
    if (dataEnd > body.length) throw new Error(`a part cut short (${range})`);
    parts.push({ range, bytes: body.slice(dataStart, dataEnd) });
    at = dataEnd;
  }
}

/** A chunk file's address, without query or fragment: the key of the whole file. */
function chunkAddress(address) {
  const url = new URL(address, worker.location.href);
  url.hash = '';
  url.search = '';
  return url.href;
}

/** Pages are kept once whatever their query (?q=, ?article= only change what the script shows). */
function cacheKey(address) {
  const url = new URL(address, worker.location.href);
  url.hash = '';
  if (/\.html$|\/$/.test(url.pathname)) url.search = '';
  return url.href;
}

function sameOrigin(address) {
  return new URL(address, worker.location.href).origin === worker.location.origin;
}
