// MiniSearch 7 as its README sets up a search box: both fields indexed, titles stored for the
// result list, prefix and fuzzy matching on every word, titles boosted. It has no phrase
// search: a quoted query is searched as its plain words (the quotes are not word characters).
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';

const options = {
  fields: ['title', 'body'],
  storeFields: ['title'],
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2 } },
};

export default {
  name: 'minisearch',
  settings: { version: '7.2.0', ...options, combineWith: 'OR (the default)' },
  bytes: 'JSON.stringify(miniSearch): the inverted index (a radix tree of terms with per-field frequencies), field lengths, ids and the stored titles',
  // MiniSearch ships no minified build; this is its ES module as published.
  code: () => [fileURLToPath(new URL('../node_modules/minisearch/dist/es/index.js', import.meta.url))],

  build({ articles }) {
    const ms = new MiniSearch(options);
    ms.addAll(articles.map(({ id, title, body }) => ({ id, title: title ?? '', body: body ?? '' })));
    return JSON.stringify(ms);
  },

  load(json) {
    const ms = MiniSearch.loadJSON(json, options);
    return { search: (query, limit) => ms.search(query).slice(0, limit).map((r) => r.id) };
  },
};
