// The package in a Next.js app (App Router), built with Turbopack and with webpack, as a news
// site's developer would write it: a server component that imports every entry point at the
// top and searches and tags names while it is prerendered, a page rendered on each request,
// and a client component that renders <newsdex-search> and highlights a story. No
// serverExternalPackages, no dynamic import. Next.js and React come from npm into a kept
// project (target/newsdex-consumers/next); the packed package is installed fresh. Each build is
// served by `next start` and opened in headless Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repo, toolProject } from '../node/consumer.mjs';
import { LAVROV, SERVER_REPORT, checkInBrowser, chromium, chromiumArgs, freePort, readOutput } from './apps.mjs';

const TOOLS = { next: '16.5.0', react: '19.3.1', 'react-dom': '19.3.1' };
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

let app;
let browser;

before(async () => {
  app = toolProject('next', TOOLS, { outside: true });
  cpSync(join(repo, 'tests/frameworks/next'), app, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
});

after(async () => {
  await browser?.close();
});

for (const bundler of ['turbopack', 'webpack']) {
  describe(`next build (${bundler})`, () => {
    const dist = `.next-${bundler}`;
    let server;
    let url;

    before(async () => {
      rmSync(join(app, dist), { recursive: true, force: true });
      execFileSync('npx', ['--no-install', 'next', 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])], {
        cwd: app, env: { ...env, NEWSDEX_DIST: dist }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      const port = await freePort();
      server = spawn('npx', ['--no-install', 'next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: app, env: { ...env, NEWSDEX_DIST: dist }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
      });
      let log = '';
      server.stdout.on('data', (data) => { log += data; });
      server.stderr.on('data', (data) => { log += data; });
      url = `http://127.0.0.1:${port}`;
      // Ready once it answers.
      for (let tries = 0; ; tries += 1) {
        try {
          if ((await fetch(`${url}/live?q=x`)).ok) break;
        } catch {
          // Not listening yet.
        }
        if (tries > 150 || server.exitCode !== null) throw new Error(`next start did not come up: ${log}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });

    after(() => {
      // The server runs in a process group of its own (npx, then next): stopped as a whole.
      if (server?.exitCode === null) process.kill(-server.pid);
    });

    test('the server component searched and tagged names while the page was prerendered', () => {
      const html = readFileSync(join(app, dist, 'server/app/index.html'), 'utf8');
      assert.deepEqual(JSON.parse(readOutput(html, 'server')), SERVER_REPORT);
    });

    test('a page rendered on each request searches in the server\'s process', async () => {
      const response = await fetch(`${url}/live?q=lavrov`);
      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(readOutput(await response.text(), 'live')), { query: 'lavrov', total: 2, ids: LAVROV });
    });

    test('in Chromium the client component highlights a story with the recogniser, and the box finds', async () => {
      await checkInBrowser(browser, `${url}/`);
    });
  });
}
