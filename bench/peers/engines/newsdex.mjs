// newsdex: the index file is built natively by the CLI (`newsdex build`, as a site would build
// it) and searched by the wasm package. Both come from the snapshot run.sh takes of
// target/release/newsdex and pkg/ right after building them, so a rebuild by someone else in
// the middle of a run cannot mix versions. Two variants:
//   newsdex       the index the page loads (document store and named entities) searched as the
//                 page does: hits with titles, marked snippets and facets
//   newsdex-lean  `--no-store --no-entities` searched with `facets: false`: ids and scores only,
//                 the like-for-like index size and newsdex's cheapest ids-only search
// For the lean variant `buildInJs` also times `Newsdex.buildFiles`: the same build inside the
// wasm module, in node, like the peers' builds (skipped for the full one: the entity
// recogniser makes it slow, and the page variant is built by the CLI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Newsdex } from '../../out/peers/newsdex/pkg/node.js';

export { Newsdex };
export const snapshot = fileURLToPath(new URL('../../out/peers/newsdex/', import.meta.url));
export const cli = join(snapshot, 'newsdex');

export function newsdex({ lean }) {
  const flags = lean ? ['--no-store', '--no-entities'] : [];
  const searchOptions = lean ? { facets: false } : {};
  return {
    name: lean ? 'newsdex-lean' : 'newsdex',
    settings: {
      build: `newsdex build FILE.jsonl -o X.ndx ${flags.join(' ')}`.trim(),
      search: `dex.search(query, { limit${lean ? ', facets: false' : ''} }); the hits' ids`,
      defaults: 'BM25F (title ×3), words ANDed, the last word a prefix unless followed by a space, '
        + 'typos: 1 edit for 4–7 letters, 2 from 8; "quoted" words an exact phrase',
    },
    bytes: lean
      ? 'the .ndx file without store and entities: term dictionaries, postings with positions, norms and ids; no text'
      : 'the .ndx file the page loads: term dictionaries, postings with positions, norms, ids, named entities and the document store (all text, for titles and snippets)',
    code: () => ['pkg/newsdex_bg.wasm', 'pkg/newsdex.js', 'pkg/index.js'].map((p) => join(snapshot, p)),

    /** Runs the CLI on the corpus file; the time includes reading the JSON Lines. */
    build({ file }) {
      const dir = mkdtempSync(join(tmpdir(), 'newsdex-peers-'));
      try {
        const out = join(dir, 'index.ndx');
        execFileSync(cli, ['build', file, '-o', out, ...flags], { stdio: 'pipe' });
        return readFileSync(out);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },

    ...(lean ? {
      buildInJs({ file }) {
        const files = [{ name: 'articles.jsonl', bytes: readFileSync(file) }];
        return Newsdex.buildFiles(files, { store: false, entities: false, onWarning: () => {} });
      },
    } : {}),

    async load(bytes) {
      const dex = await Newsdex.load(bytes);
      return { search: (query, limit) => dex.search(query, { limit, ...searchOptions }).hits.map((h) => h.id) };
    },
  };
}
