// newsdex: the index file is built natively by the CLI (`newsdex build`, as a site would build
// it) and searched by the wasm package `pkg/` (`./build.sh` makes both). Two variants: with the
// document store (what the page loads: hits carry titles and marked snippets) and `--no-store`
// (no text: hits carry ids and scores only, the like-for-like size and an ids-only search).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Newsdex } from '../../../pkg/node.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export function newsdex({ store }) {
  return {
    name: store ? 'newsdex' : 'newsdex-nostore',
    settings: {
      build: `target/release/newsdex build FILE.jsonl -o X.ndx${store ? '' : ' --no-store'}`,
      search: "dex.search(query, { limit }); hits' ids",
      defaults: 'BM25F (title ×3), words ANDed, the last word a prefix unless followed by a space, '
        + 'typos: 1 edit for 4–7 letters, 2 from 8; "quoted" words an exact phrase',
    },
    bytes: store
      ? 'the .ndx file: term dictionaries, postings with positions, norms, ids and the document store (all text, for titles and snippets)'
      : 'the .ndx file built with --no-store: term dictionaries, postings with positions, norms, ids; no text',
    code: () => ['pkg/newsdex_bg.wasm', 'pkg/newsdex.js', 'pkg/index.js'].map((p) => join(repo, p)),

    /** Runs the CLI on the corpus file; build time includes reading the JSON Lines. */
    build({ file }) {
      const dir = mkdtempSync(join(tmpdir(), 'newsdex-peers-'));
      try {
        const out = join(dir, 'index.ndx');
        execFileSync(join(repo, 'target/release/newsdex'), ['build', file, '-o', out, ...(store ? [] : ['--no-store'])], { stdio: 'pipe' });
        return readFileSync(out);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },

    async load(bytes) {
      const dex = await Newsdex.load(bytes);
      return { search: (query, limit) => dex.search(query, { limit }).hits.map((h) => h.id) };
    },
  };
}
