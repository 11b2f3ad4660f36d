// `newsdex search`: opens an index file (a sharded index's core, its chunk files read from
// beside it) or the seeds index, and prints the best hits, as text with the matches
// emphasised (on a terminal) or as the JSON of `dex.search`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NewsdexError } from '../errors.js';
import { Newsdex } from '../node.js';

// Control characters (C0 but line feed and tab, DEL, C1) and bidi embedding, override and
// isolate controls in an index's text: printed as they are, they could move the cursor or set
// the terminal's title, so the text output shows them escaped, as the Rust CLI does (\u{1b}).
const CONTROLS = /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const shown = (text) => text.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);

/**
 * Reads a local file for Newsdex.open, named by its file: URL. A range request is answered with
 * the whole file, as a host that ignores ranges answers: a chunk is then read whole, once.
 * @param {string | URL | Request} url
 */
async function readLocal(url) {
  const path = fileURLToPath(String(url));
  const bytes = await readFile(path).catch((error) => {
    throw new NewsdexError('Io', `newsdex: ${path}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`, { cause: error });
  });
  return new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-length': String(bytes.length) } });
}

/** The index in `file`, or the embedded one when `file` is null. */
async function openIndex(file) {
  if (file === null) return Newsdex.load();
  const bytes = await readFile(file).catch((error) => {
    throw new NewsdexError('Io', `newsdex: ${file}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`, { cause: error });
  });
  // Opened by URL, so that a sharded index's core finds its chunk files beside it.
  const url = pathToFileURL(resolve(file)).href;
  return Newsdex.open(url, { fetch: async (asked) => (String(asked) === url ? new Response(new Uint8Array(bytes)) : readLocal(asked)) });
}

export async function search(file, query, { limit, offset, json, facets, sort, recency, now, collapse }) {
  const dex = await openIndex(file);
  const results = await dex.searchAsync(query, { limit, offset, facets, sort, recency, now, collapse });
  dex.close();
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const emphasise = process.stdout.isTTY && !process.env.NO_COLOR ? (text) => `\x1b[1m${text}\x1b[22m` : (text) => text;
  const marked = (text, marks) => {
    let out = '';
    let at = 0;
    for (const [start, end] of marks) {
      out += shown(text.slice(at, start)) + emphasise(shown(text.slice(start, end)));
      at = end;
    }
    return out + shown(text.slice(at));
  };
  const lines = [`${results.total} ${results.total === 1 ? 'article matches' : 'articles match'} ${JSON.stringify(query)}`];
  for (const [rank, hit] of results.hits.entries()) {
    lines.push('', `  ${rank + 1}. ${marked(hit.title || hit.id, hit.titleMarks)}`, `     ${[hit.id, hit.source, hit.date].filter(Boolean).map(shown).join(' · ')}`);
    if (hit.snippet.text) lines.push(`     ${marked(hit.snippet.text, hit.snippet.marks)}`);
    if (hit.duplicates.length) lines.push(`     copies: ${hit.duplicates.map(shown).join(' · ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
