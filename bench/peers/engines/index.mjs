// The engines compared, by name, in the order of the results tables. Each runs in node with
// `{ name, settings, bytes, code(dir), build(corpus) → index bytes, load(bytes) → { search } }`,
// except Pagefind, which builds a bundle into a folder and searches in Chromium (`browser`).
import flexsearch from './flexsearch.mjs';
import lunr from './lunr.mjs';
import minisearch from './minisearch.mjs';
import { newsdex } from './newsdex.mjs';
import pagefind from './pagefind.mjs';

export const engines = Object.fromEntries(
  [newsdex({ store: true }), newsdex({ store: false }), minisearch, flexsearch, lunr, pagefind].map((e) => [e.name, e]),
);
