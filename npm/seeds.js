// The seeds index: the sample articles that `Newsdex.load()` opens when it is given no bytes.
// It is a file beside the search module, not inside it, so that sites opening their own index
// never download it.
import { bodyBytes, fetchOk } from './chunks.js';

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
  return bodyBytes(await fetchOk((input, init) => globalThis.fetch(input, init), url), url);
}
