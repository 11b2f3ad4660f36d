// Opens the index to search: the seeds compiled into the module, a file fetched from a URL
// (?index=: one file, or a sharded index's core), or a file the reader picked. Each resolves to { dex, name } or rejects with an
// Error whose message is fit to show.
import { Newsdex } from '/pkg/index.js';

export async function openEmbedded() {
  return { dex: await Newsdex.load(), name: 'the built-in sample' };
}

/** A single index file or a sharded index's core (its chunks are fetched as searches need them). */
export async function openUrl(address) {
  const url = new URL(address, window.location.href);
  try {
    // The page asks for facets with its first search: the search module from the start.
    return { dex: await Newsdex.open(url, { lite: false }), name: fileName(url.pathname) || address };
  } catch (error) {
    // A failed fetch names the whole address; the page names it as the reader gave it.
    if (error.code !== 'Fetch') throw error;
    const reason = error.status === undefined ? error.cause?.message ?? String(error.cause) : `HTTP ${error.status}`;
    throw new Error(`Could not fetch the index ${address}: ${reason}`, { cause: error });
  }
}

export async function openFile(file) {
  return { dex: await Newsdex.load(new Uint8Array(await file.arrayBuffer())), name: file.name };
}

function fileName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}
