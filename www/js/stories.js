// Stories: under a hit, the other copies of its story the search folded into it (collapse);
// under an article, its related stories (dex.related) and its copies (dex.duplicates). Every
// title and id goes in as text.
import { h } from './dom.js';
import { byline } from './byline.js';
import { hrefFor } from './url-state.js';

/** Related stories shown under an article. */
export const RELATED_SHOWN = 5;

/** The line under a hit listing the copies of its story among the matches, or null. */
export function copiesLine(hit, state) {
  if (!hit.duplicates?.length) return null;
  const count = hit.duplicates.length;
  return h('p', { class: 'hit-copies', 'data-copies': count },
    `${count} more ${count === 1 ? 'copy' : 'copies'} of this story: `,
    hit.duplicates.flatMap((id, i) => [i ? ', ' : null,
      h('a', { href: hrefFor({ ...state, article: id }), 'data-nav': 'article', class: 'copy-link' }, id)]));
}

/**
 * The section under an article: its related stories (hits from `dex.related`) and the ids of
 * its copies (`dex.duplicates`), each a link to the article; null when it has neither.
 */
export function storiesSection(state, related, copies) {
  if (!related.length && !copies.length) return null;
  return h('section', { class: 'stories', 'aria-labelledby': 'related-heading' },
    related.length ? h('h3', { id: 'related-heading', class: 'stories-heading' }, 'Related stories') : null,
    related.length
      ? h('ul', { class: 'related-list' }, related.map((hit) => h('li', { class: 'related', 'data-id': hit.id },
        h('a', { href: hrefFor({ ...state, article: hit.id }), 'data-nav': 'article' }, hit.title || `Article ${hit.id}`),
        byline(hit, 'related-meta'))))
      : null,
    copies.length
      ? h('p', { class: 'story-copies', id: related.length ? null : 'related-heading' },
        `Also sent as ${copies.length === 1 ? 'a copy' : `${copies.length} copies`}: `,
        copies.flatMap((id, i) => [i ? ', ' : null,
          h('a', { href: hrefFor({ ...state, article: id }), 'data-nav': 'article', class: 'copy-link' }, id)]))
      : null);
}
