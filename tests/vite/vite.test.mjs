// The package in a bundler: a tiny app (tests/vite/app/) that imports `newsdex`,
// `newsdex/element` and `newsdex/highlight` is built with Vite, installed from npm into a kept
// consumer project together with the packed package. Its production build (dist/) is served
// on 127.0.0.1 and opened in headless Chromium, where it runs the shared cases
// (tests/cases/*.json, checked by tests/node/check-cases.mjs, both bundled into the app) and
// the test drives the bundled search element by keyboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repo, toolProject } from '../node/consumer.mjs';
import { launch, newPage } from '../browser/harness.mjs';
import { startServer } from '../../scripts/serve.mjs';

const VITE = '8.3.8';

let app;
let server;
let site;

before(async () => {
  app = toolProject('vite', { vite: VITE });
  rmSync(join(app, 'dist'), { recursive: true, force: true });
  cpSync(join(repo, 'tests/vite/app'), app, { recursive: true });
  cpSync(join(repo, 'tests/node/check-cases.mjs'), join(app, 'check-cases.mjs'));
  cpSync(join(repo, 'tests/cases'), join(app, 'cases'), { recursive: true });
  execFileSync('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  ({ server } = await startServer({ mounts: [['/', join(app, 'dist')]] }));
  site = await launch();
});

after(async () => {
  server?.closeAllConnections();
  server?.close();
  await site?.close();
});

const appUrl = () => `http://127.0.0.1:${server.address().port}/`;

/** Opens the built app and waits for its report. */
async function openApp() {
  const { page, problems } = await newPage(site.browser);
  await page.goto(appUrl());
  const report = JSON.parse(await (await page.waitForFunction(() => document.getElementById('report').value)).jsonValue());
  return { page, problems, report };
}

test('vite build emits each wasm module as an asset of its own, the recogniser\'s and the segments\' in chunks apart', () => {
  const assets = readdirSync(join(app, 'dist/assets'));
  const sizes = assets.filter((name) => name.endsWith('.wasm')).map((name) => statSync(join(app, 'dist/assets', name)).size).sort((a, b) => a - b);
  const built = ['newsdex_bg.wasm', 'newsdex_lite_bg.wasm', 'newsdex_recogniser_bg.wasm', 'newsdex_segments_bg.wasm'].map((name) => statSync(join(repo, 'pkg', name)).size).sort((a, b) => a - b);
  assert.deepEqual(sizes, built, assets.join(', '));
  // The recogniser's glue and the segments module's are split off, each loaded only by the
  // dynamic import that needs it.
  const scripts = assets.filter((name) => name.endsWith('.js'));
  for (const glue of ['newsdex_recogniser-', 'newsdex_segments-']) assert.ok(scripts.some((name) => name.startsWith(glue)), assets.join(', '));
});

test('the shared cases pass in the bundled app, and the highlighter marks names with entity ids', async () => {
  const { report, problems } = await openApp();
  assert.equal(report.error, undefined);
  assert.deepEqual(report.failures, []);
  assert.equal(report.articles, 2);
  const names = Object.fromEntries(report.names.map(({ text, ...name }) => [text, name]));
  assert.deepEqual(names['John Kerry'], { type: 'PER', entity: 'per/john-kerry', pieces: 1 });
  assert.deepEqual(names['Sergei Lavrov'], { type: 'PER', entity: 'per/sergei-lavrov', pieces: 2 }, 'across the <em>');
  assert.deepEqual(names.Aleppo, { type: 'LOC', entity: 'loc/aleppo', pieces: 1 });
  assert.deepEqual(problems, []);
});

test('the bundled <newsdex-search> finds, and the keyboard chooses a hit', async () => {
  const { page, problems } = await openApp();
  await page.evaluate(() => {
    document.addEventListener('newsdex-select', (event) => { window.chosen = event.detail.id; });
  });
  const input = page.locator('newsdex-search input');
  await input.focus();
  await page.keyboard.type('lavrov');
  await page.waitForFunction(() => document.querySelector('newsdex-search').shadowRoot.querySelectorAll('[role="option"]').length === 2);
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.chosen), '003_d82338b8bd3c8aaf');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(problems, []);
});
