// What the framework tests share: Chromium, a free port for a framework's own server, the
// report an app writes into an <output>, and a search through the app's <newsdex-search>.
import { createServer } from 'node:net';

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

/** Types `query` into the page's <newsdex-search> and returns the ids of the hits it lists. */
export async function searchTheBox(page, query) {
  await page.locator('newsdex-search input').focus();
  await page.keyboard.type(query);
  const options = page.locator('newsdex-search [role="option"]');
  await options.first().waitFor();
  return options.evaluateAll((items) => items.map((item) => item.dataset.id));
}
