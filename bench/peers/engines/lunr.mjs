// lunr 2.3 with its standard pipeline (trimmer, stop words, Porter stemmer) and titles boosted.
// Queries use lunr's own type-ahead recipe (its perf suite's "typeahead" case) for every word:
// the exact stemmed word (boost 100), the word as a prefix (boost 10) and within one edit
// (boost 1). Words are optional (lunr's default OR). No phrase search: quotes are trimmed off.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const lunr = createRequire(import.meta.url)('lunr');

export default {
  name: 'lunr',
  settings: {
    version: '2.3.9',
    index: "lunr(function () { this.ref('id'); this.field('title', { boost: 2 }); this.field('body'); … })",
    query: 'per word: q.term(w, { boost: 100 }); q.term(w, { boost: 10, usePipeline: false, wildcard: TRAILING }); q.term(w, { boost: 1, usePipeline: false, editDistance: 1 })',
  },
  bytes: 'JSON.stringify(idx): the inverted index with positions, field vectors, the token set and the pipeline',
  code: () => [fileURLToPath(new URL('../node_modules/lunr/lunr.min.js', import.meta.url))],

  build({ articles }) {
    const idx = lunr(function setUp() {
      this.ref('id');
      this.field('title', { boost: 2 });
      this.field('body');
      for (const { id, title, body } of articles) this.add({ id, title: title ?? '', body: body ?? '' });
    });
    return JSON.stringify(idx);
  },

  load(json) {
    const idx = lunr.Index.load(JSON.parse(json));
    const words = (query) => lunr.tokenizer(query).map((t) => lunr.trimmer(t).toString()).filter(Boolean);
    return {
      search: (query, limit) => idx.query((q) => {
        for (const w of words(query)) {
          q.term(w, { boost: 100 });
          q.term(w, { boost: 10, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
          q.term(w, { boost: 1, usePipeline: false, editDistance: 1 });
        }
      }).slice(0, limit).map((r) => r.ref),
    };
  },
};
