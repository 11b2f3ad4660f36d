// The Content-Security-Policy of the search page, the demo article page and the single-file
// page: each carries the policy, works under it without a violation (the harness reports any
// as a problem, here and in every other browser test), and the policy is enforced: a script
// slipped into the page does not run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { articleShown, launch, newPage, open, repo, search } from './harness.mjs';

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; img-src 'self' data:";
const KERRY = '003_d82338b8bd3c8aaf';

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

const policyOf = (page) => page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');

/** Adds an inline script and an inline event handler, as an injection would; reports whether either ran. */
const injectionRuns = (page) => page.evaluate(async () => {
  const script = document.createElement('script');
  script.textContent = 'window.__pwned = "script"';
  document.body.append(script);
  const image = document.createElement('img');
  image.setAttribute('onerror', 'window.__pwned = "handler"');
  image.src = 'data:,';
  document.body.append(image);
  await new Promise((resolve) => setTimeout(resolve, 100));
  image.remove();
  return window.__pwned ?? null;
});

/** The problems an injection must leave: one refused inline script and one refused handler, nothing else. */
function onlyTheInjectionWasRefused(problems) {
  const refusals = problems.filter((problem) => problem.startsWith('console.error: securitypolicyviolation: '));
  assert.ok(refusals.some((problem) => problem.includes('script-src-elem inline')), problems.join('\n'));
  assert.ok(refusals.some((problem) => problem.includes('script-src-attr inline')), problems.join('\n'));
  assert.deepEqual(problems.filter((problem) => !/securitypolicyviolation|Content Security Policy/.test(problem)), []);
}

test('the search page works under its policy, which refuses injected scripts', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?q=lavrov`);
  assert.equal(await policyOf(page), POLICY);
  await search(page, 'person:kerry aleppo');
  await page.locator(`#hits > [data-id="${KERRY}"] a`).first().click();
  await articleShown(page, KERRY);
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
  assert.deepEqual(problems, []);

  assert.equal(await injectionRuns(page), null);
  onlyTheInjectionWasRefused(problems);
});

test('the demo article page and <newsdex-search> work under the policy, which refuses injected scripts', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/embed.html`);
  await page.waitForFunction(() => /mentions of/.test(document.getElementById('names-status').textContent));
  assert.equal(await policyOf(page), POLICY);
  const input = page.locator('newsdex-search input');
  await input.fill('lavrov');
  await page.locator('newsdex-search [role="option"]').first().waitFor();
  // The box's styles apply (a constructed stylesheet, not an inline <style> the policy refuses).
  assert.equal(await page.locator('newsdex-search [role="listbox"]').evaluate((list) => getComputedStyle(list).position), 'absolute');
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready');
  assert.deepEqual(problems, []);

  assert.equal(await injectionRuns(page), null);
  onlyTheInjectionWasRefused(problems);
});

test('the single-file page allows its own inline script and styles by hash, and nothing else', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, pathToFileURL(`${repo}dist/newsdex.html`).href);
  const policy = await policyOf(page);
  assert.match(policy, /^default-src 'self'; script-src 'sha256-[A-Za-z0-9+/]+=*' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; img-src 'self' data:; style-src( 'sha256-[A-Za-z0-9+/]+=*')+; connect-src data:$/);
  await search(page, 'lavrov');
  assert.equal(await page.locator('#hits > [data-id]').count(), 2);
  assert.deepEqual(problems, []);

  assert.equal(await injectionRuns(page), null);
  onlyTheInjectionWasRefused(problems);
});
