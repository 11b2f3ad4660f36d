// `newsdex search`: opens an index file and prints the best hits, as text with the matches
// emphasised (on a terminal) or as the JSON of `dex.search`.
import { readFile } from 'node:fs/promises';
import { NewsdexError } from '../errors.js';
import { Newsdex } from '../node.js';

// Control characters (C0 but line feed and tab, DEL, C1) and bidi embedding, override and
// isolate controls in an index's text: printed as they are, they could move the cursor or set
// the terminal's title, so the text output shows them escaped, as the Rust CLI does (\u{1b}).
const CONTROLS = /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const shown = (text) => text.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);

export async function search(file, query, { limit, json, sort, recency, now }) {
  const bytes = await readFile(file).catch((error) => {
    throw new NewsdexError('Io', `newsdex: ${file}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`, { cause: error });
  });
  const dex = await Newsdex.load(bytes);
  const results = dex.search(query, { limit, facets: json, sort, recency, now });
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
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
