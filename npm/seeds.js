// The seeds index: the sample articles that `Newsdex.load()` opens when it is given no bytes.
// It is a file beside the search module, not inside it, so that sites opening their own index
// never download it.
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, fetchBody } from './chunks.js';

let bytesSource;

/** node.js and the single-file page hand over a function that gives the file's bytes. */
export function setSeedsBytes(source) {
  bytesSource = source;
}

/** The seeds index's bytes. */
export async function seedsBytes() {
  if (bytesSource) return bytesSource();
  const url = new URL('./seeds.ndx', import.meta.url).href;
  // Wrapped, so that it is never called with another `this` (Window's fetch refuses that).
  const policy = { fetch: (input, init) => globalThis.fetch(input, init), timeoutMs: DEFAULT_TIMEOUT_MS, retries: DEFAULT_RETRIES };
  return (await fetchBody(policy, url)).bytes;
}
