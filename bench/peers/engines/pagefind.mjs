// Pagefind with its defaults: each article becomes an HTML page (headline as <h1>, paragraphs as
// <p>) given to Pagefind's node API (`addHTMLFile`, the same indexer as its CLI, run from the
// binary its npm package ships), and the bundle is written to disk. Searching happens in
// headless Chromium (../browser.mjs) through `pagefind.page.mjs`. Pagefind supports "quoted"
// phrases, prefixes of the last word, and no typo tolerance.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';

const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function page({ title, body }) {
  const paragraphs = (body ?? '').split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title ?? '')}</title></head>`
    + `<body><h1>${escape(title ?? '')}</h1>\n${paragraphs}</body></html>`;
}

/** Pagefind's data files are gzip, with a 12-byte signature inside; others are plain. */
const plain = (bytes) => (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);

const list = (dir) => {
  try {
    return readdirSync(dir).map((name) => join(dir, name));
  } catch {
    return [];
  }
};

export default {
  name: 'pagefind',
  browser: true,
  page: 'engines/pagefind.page.mjs',
  // Fetches its index in chunks as queries need them: warm up with every query, not a sample.
  lazy: true,
  settings: {
    version: '1.6.0',
    index: 'createIndex() with defaults; addHTMLFile({ url: "/a/ID/", content: <h1>title</h1><p>…</p> }) per article; writeFiles()',
    search: '(await pagefind.search(query)).results: ids only, no fragment loaded',
  },
  bytes: 'pagefind-entry.json, the pf_meta file and the index chunks (gzip as Pagefind writes them); '
    + 'the fragments (each page\'s text, for titles and excerpts) counted apart as text; a search fetches only the chunks it needs',

  /** Writes the bundle to `dir/pagefind`. */
  async build({ articles }, dir) {
    const { index, errors } = await pagefind.createIndex({});
    if (errors.length) throw new Error(`pagefind: ${errors.join('; ')}`);
    const added = await Promise.all(articles.map((a) => index.addHTMLFile({ url: `/a/${encodeURIComponent(a.id)}/`, content: page(a) })));
    const failed = added.flatMap((r) => r.errors);
    if (failed.length) throw new Error(`pagefind: ${failed.slice(0, 3).join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    await pagefind.close();
  },

  /** The harness's own map from a result's id (its fragment's name) to the article id. */
  pageIds(dir) {
    const ids = {};
    for (const file of list(join(dir, 'pagefind', 'fragment'))) {
      const { url } = JSON.parse(plain(readFileSync(file)).subarray('pagefind_dcd'.length).toString());
      ids[file.split('/').pop().replace(/\.pf_fragment$/, '')] = decodeURIComponent(url.split('/')[2]);
    }
    return ids;
  },

  /** The bundle's data: what searching fetches (index) and the pages' text (fragments). */
  files(dir) {
    const bundle = join(dir, 'pagefind');
    return {
      index: [
        join(bundle, 'pagefind-entry.json'),
        ...list(bundle).filter((f) => f.endsWith('.pf_meta')),
        ...list(join(bundle, 'index')),
        ...list(join(bundle, 'filter')),
      ],
      text: list(join(bundle, 'fragment')),
    };
  },

  code: (dir) => ['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind'].map((f) => join(dir, 'pagefind', f)),
};

