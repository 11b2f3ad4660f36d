// newsdex's load in headless Chromium: index bytes already in the page's memory → the index
// opened and its first query answered, in a fresh page each time (the module instantiated
// first, as on a page that has loaded it, but no search run yet). Index files are built from
// ../shared/data with the release CLI when missing. Prints the median of the runs.
//
//   node bench/chromium-load.mjs [--corpus bbc,reuters21578] [--runs 7]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const out = join(repo, 'bench', 'out', 'chromium-load');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const corpora = arg('corpus', 'bbc,reuters21578').split(',');
const runs = Number(arg('runs', 7));
const QUERY = 'minister talks ';

mkdirSync(out, { recursive: true });
const indexes = [];
for (const corpus of corpora) {
  for (const [kind, flags] of [['full', []], ['lean', ['--no-store', '--no-entities']]]) {
    const file = `${corpus}-${kind}.ndx`;
    if (!existsSync(join(out, file))) {
      execFileSync(join(repo, 'target', 'release', 'newsdex'), ['build', join(repo, '..', 'shared', 'data', corpus, 'articles.jsonl'), '-o', join(out, file), ...flags], { stdio: 'inherit' });
    }
    indexes.push({ corpus, kind, file });
  }
}

const server = await startServer({
  mounts: [['/pkg/', join(repo, 'pkg')], ['/indexes/', out]],
  extra: { '/blank.html': { body: '<!doctype html><title>load</title><link rel="icon" href="data:,">', type: 'text/html' } },
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
console.log(`Chromium ${browser.version()}: index bytes in memory → first answer to ${JSON.stringify(QUERY)}, median of ${runs} fresh pages`);
console.log('| index | ms (median) | ms (each run) |\n| --- | ---: | --- |');
for (const { corpus, kind, file } of indexes) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/blank.html`);
    times.push(await page.evaluate(async ({ file, query, kind }) => {
      const { Newsdex } = await import('/pkg/index.js');
      (await Newsdex.load()).close();
      const bytes = new Uint8Array(await (await fetch(`/indexes/${file}`)).arrayBuffer());
      const started = performance.now();
      const dex = await Newsdex.load(bytes);
      dex.search(query, { limit: 10, facets: kind === 'full' });
      return performance.now() - started;
    }, { file, query: QUERY, kind }));
    await page.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`| ${corpus} ${kind} | ${sorted[Math.floor(runs / 2)].toFixed(1)} | ${times.map((t) => t.toFixed(1)).join(', ')} |`);
}
await browser.close();
server.server.close();
