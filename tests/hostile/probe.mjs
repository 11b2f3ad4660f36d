// What a hostile payload would leave in a page if it were run or parsed as markup, read from the
// page (document and open shadow roots): the `window.__pwned` flag every payload tries to set,
// the count of each element a payload names, inline event-handler attributes, and addresses
// with a script or data scheme. Tests take a snapshot before and after showing hostile text
// and compare them with `injected`.
import { payloads } from './fixture.mjs';

/** Elements the renderers create themselves (results, articles, the element, the highlighter). */
const RENDERED = new Set(['a', 'article', 'br', 'button', 'div', 'h2', 'h3', 'li', 'mark', 'p', 'section', 'span', 'strong', 'time', 'ul']);

/** Every element name a payload spells, less those the renderers create (checked by attribute instead). */
export const PAYLOAD_TAGS = [...new Set(payloads.flatMap((p) => [...p.matchAll(/<([a-z][a-z0-9-]*)/gi)].map((m) => m[1].toLowerCase())))]
  .filter((tag) => !RENDERED.has(tag))
  .sort();

/** Reads the page's state: the flag, payload-tag counts, handler attributes and script addresses. */
export function snapshot(page) {
  return page.evaluate((tags) => {
    const roots = [document];
    for (let i = 0; i < roots.length; i += 1) {
      for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
    }
    const all = roots.flatMap((root) => [...root.querySelectorAll('*')]);
    const counts = Object.fromEntries(tags.map((tag) => [tag, all.filter((e) => e.localName === tag).length]));
    const handlers = [];
    const scriptAddresses = [];
    for (const element of all) {
      for (const { name, value } of element.attributes) {
        if (/^on/i.test(name)) handlers.push(`<${element.localName} ${name}>`);
        const address = /^(href|src|srcdoc|action|formaction|data|xlink:href|poster|background)$/i.test(name)
          && /^(javascript|vbscript|data):/i.test(value.replace(/[\s\u0000-\u001f]/g, ''));
        if (address || (name === 'style' && /(javascript|vbscript):/i.test(value))) {
          scriptAddresses.push(`<${element.localName} ${name}=${value}>`);
        }
      }
    }
    const links = all.filter((e) => e.localName === 'a' && e.hasAttribute('href'))
      .map((a) => new URL(a.getAttribute('href'), document.baseURI))
      .filter((url) => url.origin !== location.origin)
      .map((url) => url.href);
    return { pwned: window.__pwned ?? null, counts, handlers, scriptAddresses, links };
  }, PAYLOAD_TAGS);
}

/**
 * What changed for the worse between two snapshots: the flag set, more elements of a payload's
 * tag, handler attributes or script addresses, or off-site links that are not http(s).
 */
export function injected(before, after) {
  const found = [];
  if (after.pwned !== null) found.push(`window.__pwned = ${after.pwned}`);
  for (const [tag, count] of Object.entries(after.counts)) {
    if (count !== before.counts[tag]) found.push(`<${tag}>: ${before.counts[tag]} before, ${count} after`);
  }
  found.push(...after.handlers.filter((h) => !before.handlers.includes(h)));
  found.push(...after.scriptAddresses.filter((a) => !before.scriptAddresses.includes(a)));
  found.push(...after.links.filter((href) => !/^https?:\/\//.test(href)).map((href) => `link to ${href}`));
  return found;
}
