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
import { startServer } from '../../scripts/serve.mjs';
import { SERVER_REPORT, checkInBrowser, chromium, chromiumArgs, readOutput } from './apps.mjs';

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
  assert.deepEqual(JSON.parse(readOutput(html, 'server')), SERVER_REPORT);
});

test('in Chromium the page highlights a story with the recogniser, and the box finds', async () => {
  await checkInBrowser(browser, `http://127.0.0.1:${server.address().port}/`);
});
