// The engines compared, by name, in the order of the results tables. Each runs in node with
// `{ name, settings, bytes, code(dir), build(corpus) → index bytes, load(bytes) → { search } }`,
// except Pagefind, which builds a bundle into a folder and searches in Chromium (`browser`).
import { join } from 'node:path';
import flexsearch from './flexsearch.mjs';
import lunr from './lunr.mjs';
import minisearch from './minisearch.mjs';
import { newsdex } from './newsdex.mjs';
import pagefind from './pagefind.mjs';

export const engines = Object.fromEntries(
  [newsdex({ lean: false }), newsdex({ lean: true }), minisearch, flexsearch, lunr, pagefind].map((e) => [e.name, e]),
);

/** An engine's files in the work folder: its index, and text kept apart if any. */
export const files = (engine, work) => engine.files?.(work) ?? { index: [join(work, `${engine.name}.index`)] };
