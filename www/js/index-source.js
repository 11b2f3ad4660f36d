// Opens the index to search: the seeds compiled into the module, a file fetched from a URL
// (?index=), or a file the reader picked. Each resolves to { dex, name } or rejects with an
// Error whose message is fit to show.
import { Newsdex } from '/pkg/index.js';

export async function openEmbedded() {
  return { dex: await Newsdex.load(), name: 'the built-in sample' };
}

export async function openUrl(address) {
  const url = new URL(address, window.location.href);
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not fetch the index ${address}: ${error.message}`);
  }
  if (!response.ok) throw new Error(`Could not fetch the index ${address}: HTTP ${response.status} ${response.statusText}`.trim());
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { dex: await Newsdex.load(bytes), name: fileName(url.pathname) || address };
}

export async function openFile(file) {
  return { dex: await Newsdex.load(new Uint8Array(await file.arrayBuffer())), name: file.name };
}

function fileName(path) {
  return path.slice(path.lastIndexOf('/') + 1);
}
