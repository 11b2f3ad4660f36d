// Shared set-up for the browser tests: the static server and headless Chromium, pages that
// record every console message, page error and dialog, and readers that return what the page
// shows (hit ids, totals, <mark> texts, entity mentions, chips and facets) from the rendered DOM.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { pageMounts, startServer } from '../../scripts/serve.mjs';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Chromium's arguments in every browser test. */
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The bytes of the index the CLI (target/release/newsdex) builds from `corpus`, a path, with more `args`. */
export function buildIndex(corpus, args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'newsdex-browser-'));
  try {
    const file = join(dir, 'index.ndx');
    execFileSync(`${repo}target/release/newsdex`, ['build', corpus, '-o', file, ...args], { stdio: 'pipe' });
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Builds the same articles twice into `dir`: as one index file, `single.ndx`, and as a sharded
 * index of 4 KiB chunks, `news.ndx` and its `.chunk` files. The articles are the seeds, the mini
 * fixture, and enough wire copy beside them for a dozen chunks (of words drawn at random: the
 * chunks hold deflated text, and repeated text deflates to little).
 */
export function buildShardedPair(dir) {
  const words = ['ministers', 'talks', 'ceasefire', 'delegates', 'border', 'trade', 'envoy', 'summit', 'treaty',
    'harbour', 'grain', 'tariffs', 'embassy', 'convoy', 'ballot', 'budget', 'rally', 'court', 'storm', 'harvest'];
  let seed = 7;
  const word = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return words[seed % words.length];
  };
  const wire = Array.from({ length: 120 }, (_, i) => JSON.stringify({
    id: `wire-${i}`,
    title: `Ministers meet in Geneva, round ${i}`,
    body: `Round ${i} of the talks between the foreign ministers ended late. ${Array.from({ length: 60 + 10 * (i % 5) }, word).join(' ')}.`,
  }));
  writeFileSync(join(dir, 'wire.jsonl'), wire.join('\n'));
  const cli = `${repo}target/release/newsdex`;
  const corpus = [`${repo}seeds`, `${repo}tests/browser/fixtures/mini.jsonl`, join(dir, 'wire.jsonl')];
  execFileSync(cli, ['build', ...corpus, '-o', join(dir, 'single.ndx')], { stdio: 'pipe' });
  execFileSync(cli, ['build', ...corpus, '-o', join(dir, 'news.ndx'), '--shards', '--chunk-kib', '4'], { stdio: 'pipe' });
}

/**
 * Starts the server (with `extra` test-only files, and `mounts`, more `[urlPrefix, directory]`
 * pairs before the page's) and Chromium; `close()` stops both.
 */
export async function launch({ extra, mounts = [] } = {}) {
  const { server, url } = await startServer({ extra, mounts: [...mounts, ...pageMounts] });
  // Offline is also the server refusing: Chromium's network emulation (context.setOffline) does
  // not reach a service worker's own fetches in every Chromium version (Debian's 148 lets them
  // through), and an offline test that the network can still answer passes without testing.
  let reachable = true;
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    if (reachable) for (const handler of handlers) handler.call(server, request, response);
    else request.socket.destroy();
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
  return {
    url,
    browser,
    /** Makes the server refuse every request (`false`) or answer again (`true`). */
    setReachable(value) {
      reachable = value;
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A page in a fresh context. `problems` collects console messages of every type, uncaught
 * errors, dialogs (which are dismissed) and Content-Security-Policy violations for the page's
 * whole life, so a test can require that there were none.
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  // Reported through the console, which is watched below; capturing, so that violations inside
  // shadow roots are seen too.
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => {
    console.error(`securitypolicyviolation: ${event.effectiveDirective} ${event.blockedURI}`);
  }, true));
  // Everything here happens in milliseconds; fail fast rather than after the default 30 s.
  page.setDefaultTimeout(5000);
  const problems = [];
  page.on('console', (message) => problems.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return { page, problems };
}

/** Opens `address` and waits until the page has opened an index (or failed to). */
export async function open(page, address) {
  await page.goto(address);
  await page.waitForFunction(() => !document.getElementById('q').disabled || document.getElementById('alert').textContent);
}

/** Replaces the query the way a paste would and waits until the results show it. */
export async function search(page, query) {
  await page.fill('#q', query);
  await resultsFor(page, query);
}

/** Waits until the rendered results are those of `query`. */
export async function resultsFor(page, query) {
  await page.waitForFunction((q) => document.getElementById('result-count').dataset.query === q, query);
}

/** What the results view shows: the total, and each hit's id, title, mark texts and entity chips. */
export function readResults(page) {
  return page.evaluate(() => {
    const texts = (nodes) => [...nodes].map((node) => node.textContent);
    const count = document.getElementById('result-count');
    const hits = [...document.querySelectorAll('#hits > [data-id]')].map((hit) => ({
      id: hit.dataset.id,
      title: hit.querySelector('.hit-title').textContent,
      titleMarks: texts(hit.querySelectorAll('.hit-title mark')),
      snippetMarks: texts(hit.querySelectorAll('.hit-snippet mark')),
      chips: [...hit.querySelectorAll('.chip')].map((chip) => ({ name: chip.textContent, type: chip.dataset.type, id: chip.dataset.entity })),
    }));
    return { total: Number(count.dataset.total), count: count.textContent, ids: hits.map((hit) => hit.id), hits };
  });
}

/** Waits until the article view shows the article `id` (or the error about it). */
export async function articleShown(page, id) {
  await page.waitForFunction((want) => {
    const view = document.getElementById('article-view');
    return !view.hidden && document.getElementById('article').dataset.id === want;
  }, id);
}

/**
 * What the article view shows: the headline, standfirst, source, paragraphs, mark texts, and
 * the entity mentions of each field as { text, type, entity }.
 */
export function readArticle(page) {
  return page.evaluate(() => {
    const root = document.getElementById('article');
    const text = (selector) => root.querySelector(selector)?.textContent ?? null;
    const marks = (selector) => [...root.querySelectorAll(`${selector} mark`)].map((mark) => mark.textContent);
    const mentions = (selector) => [...root.querySelectorAll(`${selector} .mention`)]
      .map((mention) => ({ text: mention.textContent, type: mention.dataset.type, entity: mention.dataset.entity }));
    return {
      id: root.dataset.id,
      title: text('#article-title'),
      description: text('.standfirst'),
      source: text('.story-meta .source'),
      error: text('.error-message'),
      paragraphs: [...root.querySelectorAll('.story-body > p')].map((p) => p.textContent),
      titleMarks: marks('#article-title'),
      descriptionMarks: marks('.standfirst'),
      marks: marks('.story-body'),
      mentions: { title: mentions('#article-title'), description: mentions('.standfirst'), body: mentions('.story-body') },
    };
  });
}

/**
 * What the facet panel shows: null when it is hidden, else for each group (PER, LOC, ORG,
 * MISC, source) its heading and entries as { name, count, pressed }.
 */
export function readFacets(page) {
  return page.evaluate(() => {
    const panel = document.getElementById('facets');
    if (panel.hidden) return null;
    return Object.fromEntries([...panel.querySelectorAll('.facet')].map((section) => {
      const list = section.querySelector('[data-facet]');
      return [list.dataset.facet, {
        heading: section.querySelector('h3').textContent,
        entries: [...list.querySelectorAll('button')].map((button) => ({
          name: button.querySelector('.facet-name').textContent,
          count: Number(button.querySelector('.facet-count').dataset.count),
          pressed: button.getAttribute('aria-pressed') === 'true',
        })),
      }];
    }));
  });
}

/**
 * Waits until the worker controls the page and has stored the page itself, the wasm and any
 * other `paths`. (Polled here: page.waitForFunction does not wait for a promise to settle.)
 */
export async function keptForOffline(page, paths = []) {
  const kept = () => page.evaluate(async (wanted) => {
    if (!navigator.serviceWorker.controller || document.documentElement.dataset.offline !== 'ready') return false;
    const page = new URL(window.location.href);
    page.search = '';
    const found = await Promise.all([page.href, ...wanted].map((path) => caches.match(new URL(path, window.location.href).href)));
    return found.every(Boolean);
  }, ['/pkg/newsdex_bg.wasm', '/pkg/index.js', ...paths]);
  for (const started = Date.now(); !(await kept());) {
    assert.ok(Date.now() - started < 5000, 'the page was not kept for offline reading within 5 s');
    await page.waitForTimeout(50);
  }
}

/** Takes the context offline, as the browser sees it. */
export async function goOffline(page, site) {
  site.setReachable(false);
  await page.context().setOffline(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
}

/** Undoes {@link goOffline}. */
export async function goOnline(page, site) {
  site.setReachable(true);
  await page.context().setOffline(false);
}

/** Where the page's URL says it is: its query parameters as an object. */
export function params(page) {
  return Object.fromEntries(new URL(page.url()).searchParams);
}

/** Saves a screenshot as tests/browser/artifacts/`name`.png for a person to look at. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage });
}

/**
 * A handle to a Newsdex of the built-in index, opened in the page from the same /pkg/ module the
 * page uses, so a test can compare what the page shows with what the API says:
 * `await dex.evaluate((d, q) => d.search(q).facets, 'lavrov')`.
 */
export function openDex(page) {
  return page.evaluateHandle(async () => {
    const { Newsdex } = await import('/pkg/index.js');
    return Newsdex.load();
  });
}
