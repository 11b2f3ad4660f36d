// FlexSearch 0.8 as its README recommends for fuzzy, as-you-type search: a Document index over
// title and body with the "forward" tokenizer (prefixes of every word) and the LatinBalance
// encoder (case, accents, doubled letters and basic phonetics folded), searched with
// `suggest: true` (answers even when a word matches nothing, e.g. a typo) and `merge: true`
// (one list over both fields; title matches come first as the title field is listed first).
// Ids are numbers, as its README advises; the id list is shipped with the export to map back.
// No phrase search: a quoted query is searched as its plain words.
import { fileURLToPath } from 'node:url';
import { Charset, Document } from 'flexsearch';

const index = () => new Document({
  tokenize: 'forward',
  encoder: Charset.LatinBalance,
  document: { id: 'n', index: ['title', 'body'] },
});

export default {
  name: 'flexsearch',
  settings: {
    version: '0.8.212',
    index: "new Document({ tokenize: 'forward', encoder: Charset.LatinBalance, document: { id: 'n', index: ['title', 'body'] } })",
    search: '{ limit, suggest: true, merge: true }',
  },
  bytes: "its export (every key's data: one forward-tokenized map per field and the id register), as JSON, plus the list of article ids",
  code: () => [fileURLToPath(new URL('../node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs', import.meta.url))],

  build({ articles }) {
    const doc = index();
    articles.forEach(({ title, body }, n) => doc.add({ n, title: title ?? '', body: body ?? '' }));
    const parts = [];
    // The handler is called synchronously for an in-memory index.
    doc.export((key, data) => { parts.push([key, data]); });
    return JSON.stringify({ ids: articles.map((a) => a.id), parts });
  },

  load(json) {
    const { ids, parts } = JSON.parse(json);
    const doc = index();
    for (const [key, data] of parts) doc.import(key, data);
    return {
      search: (query, limit) => doc.search(query, { limit, suggest: true, merge: true }).map((r) => ids[r.id]),
    };
  },
};
