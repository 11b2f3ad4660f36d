// Runs a browser engine through timing.mjs inside headless Chromium: serves this folder at
// /peers/ and the engine's bundle at / on 127.0.0.1, opens a blank page there and measures with
// the engine's page adapter. Also counts the bytes the page fetched from the bundle and the
// renderer process's memory (RSS growth once the engine has loaded, and at its peak).
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };

/** A static server; `fetched.bytes` counts what it sent from the bundle. */
async function serve(bundle) {
  const fetched = { bytes: 0, files: 0 };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
    // Cross-origin isolation gives the page 5 µs timers instead of 100 µs; no-store makes each
    // load fetch again, like a first visit.
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    if (path === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>peers</title>');
      return;
    }
    const peers = path.startsWith('/peers/');
    const file = peers ? join(here, path.slice('/peers/'.length)) : join(bundle, path);
    let body;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    if (!peers) {
      fetched.bytes += body.length;
      fetched.files += 1;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, fetched, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Chromium's renderer processes under `pid`, with their current and peak RSS in bytes. */
function renderers(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch { /* the process ended meanwhile */ }
  }
  const found = new Map();
  const visit = (p) => {
    for (const child of children.get(p) ?? []) {
      try {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=renderer')) {
          const status = readFileSync(`/proc/${child}/status`, 'utf8');
          const kb = (key) => Number(status.match(new RegExp(`${key}:\\s+(\\d+)`))[1]) * 1024;
          found.set(child, { rss: kb('VmRSS'), peak: kb('VmHWM') });
        }
      } catch { /* the process ended meanwhile */ }
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/**
 * Measures `adapter` (a module path under this folder exporting `load(input)`) on the bundle
 * in `bundle`, with `input` handed to it. `loads` extra loads in fresh pages give the median.
 */
export async function measureInBrowser({ bundle, adapter, input, queries, warmup, loads, warmAll }) {
  const { server, fetched, origin } = await serve(bundle);
  const browserServer = await chromium.launchServer({ executablePath: '/usr/bin/chromium', args: ARGS });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  try {
    const page = await browser.newPage();
    const failures = [];
    page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
    page.on('pageerror', (e) => failures.push(e.message));
    const openPage = async () => {
      await page.goto(`${origin}/`);
      await page.evaluate(async (path) => {
        window.bench = { ...(await import('/peers/timing.mjs')), ...(await import(path)) };
      }, `/peers/${adapter}`);
    };
    await openPage();
    const pid = browserServer.process().pid;
    const before = renderers(pid);
    let atLoad;
    await page.exposeFunction('afterLoad', () => { atLoad = { bytes: fetched.bytes, renderers: renderers(pid) }; });
    const result = await page.evaluate(
      ([input, queries, warmup, warmAll]) => window.bench.measure(window.bench.load, input, queries, { warmup, afterLoad: window.afterLoad, warmAll }),
      [input, queries, warmup, warmAll],
    );
    const fetchedByRun = fetched.bytes;
    // The page's renderer is the one that grew; Pagefind's worker runs inside it too.
    const growth = (now, key) => Math.max(...[...now].map(([p, m]) => m[key] - (before.get(p)?.rss ?? 0)));
    const memory = { peak: growth(renderers(pid), 'peak'), loaded: growth(atLoad.renderers, 'rss') };
    const loadTimes = [result.loadMs];
    for (let i = 0; i < loads; i += 1) {
      await openPage();
      loadTimes.push(await page.evaluate(async ([input, query]) => (await window.bench.loadAndAsk(window.bench.load, input, query)).ms, [input, queries[0].query]));
    }
    if (failures.length) throw new Error(`the page failed: ${failures.slice(0, 5).join('; ')}`);
    return {
      ...result,
      loadTimes,
      memory,
      fetched: { firstQuery: atLoad.bytes, allQueries: fetchedByRun },
    };
  } finally {
    await browser.close();
    await browserServer.close();
    server.close();
  }
}
