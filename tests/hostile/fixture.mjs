// The hostile corpus: one article per payload of payloads.json, with the payload in its title,
// standfirst, body (beside names the recogniser finds), source, section, url (kept as is when
// it is a script or data address, else inside an https address's query) and, for every fourth
// article, its id. `node tests/hostile/fixture.mjs` rewrites hostile.jsonl from the payloads;
// the browser tests build their index from that file with the CLI and check it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const payloads = JSON.parse(readFileSync(new URL('./payloads.json', import.meta.url), 'utf8'));
export const fixtureUrl = new URL('./hostile.jsonl', import.meta.url);

const SCRIPT_ADDRESS = /^\s*(java\s*script|vbscript|data):/i;

/** The id of article `i` (some carry their payload). */
export function hostileId(i) {
  const id = `h${String(i).padStart(2, '0')}`;
  return i % 4 === 0 ? `${id}${payloads[i]}` : id;
}

/** The articles, in payload order. */
export function hostileArticles() {
  return payloads.map((payload, i) => ({
    id: hostileId(i),
    title: `Kerry ${payload} Geneva`,
    source: payload,
    date: '2016-09-09',
    url: SCRIPT_ADDRESS.test(payload) || i % 2 ? payload : `https://news.example/story/${i}?q=${encodeURIComponent(payload)}`,
    section: payload,
    description: `${payload} Sergei Lavrov said on Friday.`,
    body: `US Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva ${payload} on Friday. `
      + `Marker hostile${String(i).padStart(2, '0')}.\n\n<b>Kerry</b> said ${payload} about Aleppo.`,
  }));
}

/** The JSON Lines text of the corpus. */
export function hostileJsonl() {
  return hostileArticles().map((article) => JSON.stringify(article)).join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(fixtureUrl, hostileJsonl());
