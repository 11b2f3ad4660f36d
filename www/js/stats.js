// The footer's figures about the open index.
import { h } from './dom.js';
import { formatBytes, plural } from './format.js';

/** Fills `node` with `stats` (from `dex.stats()`) of the index called `name`, or says none is open. */
export function renderStats(node, stats, name) {
  if (!stats) {
    node.replaceChildren('No index open');
    return;
  }
  node.replaceChildren(
    h('strong', { 'data-articles': stats.articles }, plural(stats.articles, 'article')),
    ` · ${plural(stats.terms, 'term')} · ${formatBytes(stats.bytes)} index · `,
    h('span', { class: 'index-name' }, name));
}
