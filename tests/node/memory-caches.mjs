// The Cache API in memory, for the keepOffline tests (node has none).

/**
 * The Cache API as far as keepOffline uses it, in memory (node has none): `stored` maps each
 * address to the bytes put under it; `room` bytes in all, past which put() fails as browsers
 * fail it.
 */
export function memoryCaches({ room = Infinity } = {}) {
  const stored = new Map();
  let used = 0;
  const cache = {
    match: async (url) => (stored.has(url) ? new Response(stored.get(url)) : undefined),
    put: async (url, response) => {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (used + bytes.length > room) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      used += bytes.length;
      stored.set(url, bytes);
    },
  };
  const names = [];
  return { stored, names, open: async (name) => { names.push(name); return cache; } };
}

/** Runs `work` with `storage` as globalThis.caches. */
export async function withCaches(storage, work) {
  globalThis.caches = storage;
  try {
    return await work();
  } finally {
    delete globalThis.caches;
  }
}
