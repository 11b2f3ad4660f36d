// The package in an Astro site: a page whose frontmatter imports every entry point and
// searches and tags names at build time, with <newsdex-search> and the highlighter in its
// client script. Astro comes from npm into a kept project (target/newsdex-consumers/astro);
// the packed package is installed fresh. The static build (dist/) is served on 127.0.0.1 and
// opened in headless Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repo, toolProject } from '../node/consumer.mjs';
import { newPage } from '../browser/harness.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { chromium, chromiumArgs, readOutput, searchTheBox } from './apps.mjs';

const ASTRO = '5.18.2';

let app;
let server;
let browser;

before(async () => {
  app = toolProject('astro', { astro: ASTRO }, { outside: true });
  rmSync(join(app, 'dist'), { recursive: true, force: true });
  cpSync(join(repo, 'tests/frameworks/astro'), app, { recursive: true });
  execFileSync('npx', ['--no-install', 'astro', 'build'], { cwd: app, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  ({ server } = await startServer({ mounts: [['/', join(app, 'dist')]] }));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  server?.closeAllConnections();
  server?.close();
  await browser?.close();
});

test('the frontmatter searched and tagged names at build time', () => {
  const html = readFileSync(join(app, 'dist/index.html'), 'utf8');
  assert.deepEqual(JSON.parse(readOutput(html, 'server')), {
    total: 2,
    first: '003_d82338b8bd3c8aaf',
    names: ['PER John Kerry per/john-kerry', 'PER Sergei Lavrov per/sergei-lavrov', 'LOC Geneva -'],
    element: 'undefined',
    highlighter: 'function',
  });
});

test('in Chromium the page highlights a story with the recogniser, and the box finds', async () => {
  const { page, problems } = await newPage(browser);
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const client = await page.waitForFunction(() => document.getElementById('client').textContent);
  assert.deepEqual(JSON.parse(await client.jsonValue()), {
    names: ['PER Angela Merkel -', 'PER John Kerry per/john-kerry', 'LOC Berlin -'],
  });
  assert.equal(await page.locator('#story mark.newsdex-entity').count(), 3);
  assert.deepEqual(await searchTheBox(page, 'lavrov'), ['003_d82338b8bd3c8aaf', '000_5ea1769a20fb7706']);
  assert.deepEqual(problems, []);
});
