// What the framework tests share: Chromium, a free port for a framework's own server, the
// report an app writes into an <output>, and what each app must show: the report of its
// server-side code, and in the browser the story highlighted and the box's hits.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { newPage } from '../browser/harness.mjs';

export { chromium } from 'playwright-core';
export { chromiumArgs } from '../browser/harness.mjs';

/** A port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const ENTITIES = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'", '&#x27;': "'" };

/** The text of `<output id="ID">` in server-rendered `html`. */
export function readOutput(html, id) {
  const found = html.match(new RegExp(`<output id="${id}"[^>]*>([^<]*)</output>`));
  if (!found) throw new Error(`no <output id="${id}"> in the page`);
  return found[1].replace(/&(?:quot|amp|lt|gt|#39|#x27);/g, (entity) => ENTITIES[entity]);
}

/** What an app's server-side code reports: every entry point imported, the embedded index
 * searched and names found by the recogniser in node, where the element defines nothing. */
export const SERVER_REPORT = {
  total: 2,
  first: '003_d82338b8bd3c8aaf',
  names: ['PER John Kerry per/john-kerry', 'PER Sergei Lavrov per/sergei-lavrov', 'LOC Geneva -'],
  element: 'undefined',
  highlighter: 'function',
};

/** The ids the seeds give for "lavrov". */
export const LAVROV = ['003_d82338b8bd3c8aaf', '000_5ea1769a20fb7706'];

/**
 * Opens an app's page at `url` in `browser` and checks what its client code did: the story's
 * names marked with the recogniser (its module fetched for that), the box finding as the
 * reader types, and a silent console.
 */
export async function checkInBrowser(browser, url) {
  const { page, problems } = await newPage(browser);
  await page.goto(url);
  const client = await page.waitForFunction(() => document.getElementById('client').textContent);
  assert.deepEqual(JSON.parse(await client.jsonValue()), {
    names: ['PER Angela Merkel -', 'PER John Kerry per/john-kerry', 'LOC Berlin -'],
  });
  assert.equal(await page.locator('#story mark.newsdex-entity').count(), 3);
  assert.deepEqual(await searchTheBox(page, 'lavrov'), LAVROV);
  assert.deepEqual(problems, []);
  await page.context().close();
}

/** Types `query` into the page's <newsdex-search> and returns the ids of the hits it lists. */
async function searchTheBox(page, query) {
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type(query);
  const options = page.locator('newsdex-search [role="option"]');
  await options.first().waitFor();
  return options.evaluateAll((items) => items.map((item) => item.dataset.id));
}
