// The service worker that keeps the newsdex pages readable offline. The pages tell it what they
// loaded (themselves, their modules and styles, the wasm, an index file; see js/offline.js) and
// it keeps those in one versioned cache. Every same-origin GET goes to the network first, so an
// online reader always gets the current files (and they refresh the cache); only when the
// network fails does the cached copy answer. Caches of other versions go on activate.

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

const VERSION = 1;
const CACHE = `newsdex-v${VERSION}`;

worker.addEventListener('install', (event) => {
  event.waitUntil(worker.skipWaiting());
});

worker.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((name) => name.startsWith('newsdex-') && name !== CACHE);
    await Promise.all(stale.map((name) => caches.delete(name)));
    await worker.clients.claim();
  })());
});

worker.addEventListener('message', (event) => {
  if (event.data?.type !== 'newsdex-keep') return;
  const [reply] = event.ports;
  event.waitUntil(keep(event.data.urls).then((result) => reply?.postMessage(result)));
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !sameOrigin(request.url) || request.headers.has('range')) return;
  event.respondWith(networkFirst(request, event));
});

// Addresses being stored now, so that two pages (or two batches) asking at once fetch once.
const storing = new Map();

/** Stores each address not in the cache yet; answers which could not be stored. */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const wanted = [...new Set(urls.filter(sameOrigin).map(cacheKey))];
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
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
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
