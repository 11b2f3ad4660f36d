// Renders a page of search results into the results view: the count (a polite live region
// that carries data-total and data-query for scripts), the hits as a list of links with their
// main entities as chips, and the pager; with no query, an introduction instead.
import { h } from './dom.js';
import { marked } from './marks.js';
import { byline } from './byline.js';
import { plural } from './format.js';
import { hrefFor } from './url-state.js';
import { entityLink } from './entity-link.js';
import { entityType } from '/pkg/entity-types.js';
import { copiesLine } from './stories.js';

/** Renders `results` (from `dex.search`) for `state` into the view's `parts`. */
export function renderResults(parts, state, results) {
  const { count, took, intro, hits, pager } = parts;
  intro.hidden = Boolean(state.q.trim());
  count.dataset.total = results.total;
  count.dataset.query = state.q;
  count.replaceChildren(...countText(state, results));
  took.textContent = state.q.trim() ? `${results.tookMs.toFixed(2)} ms` : '';
  hits.replaceChildren(...results.hits.map((hit) => hitItem(hit, state)));
  pager.replaceChildren(...pagerLinks(state, results.total));
}

/** Shown instead of results when there is no index to search. */
export function renderNoIndex(parts) {
  parts.intro.hidden = true;
  parts.count.dataset.total = 0;
  parts.count.textContent = 'No index is open. Open an index file below.';
  parts.took.textContent = '';
  parts.hits.replaceChildren();
  parts.pager.replaceChildren();
}

/** The count's text, as nodes: the query echoed in it is isolated (see style.css). */
function countText({ q, offset }, { total, totalExact, hits }) {
  if (!q.trim()) return [];
  if (total === 0) return ['No articles match “', h('span', { class: 'query-echo' }, q.trim()), '”.'];
  // An estimate (a sharded index read only the matches that can make the page) says so.
  const about = totalExact === false ? 'about ' : '';
  if (hits.length === total && !about) return [plural(total, 'result')];
  if (hits.length === 0) return [`${about}${plural(total, 'result')}; none on this page.`];
  return [`Results ${offset + 1}–${offset + hits.length} of ${about}${total.toLocaleString()}`];
}

// The title is the link (its accessible name); CSS stretches its hit area over the whole card,
// and lifts the entity chips above it so they stay links of their own.
function hitItem(hit, state) {
  return h('li', { class: 'hit', 'data-id': hit.id, lang: hit.lang },
    h('h3', { class: 'hit-title' },
      h('a', { href: hrefFor({ ...state, article: hit.id }), 'data-nav': 'article' },
        hit.title ? marked(hit.title, hit.titleMarks) : `Article ${hit.id}`)),
    byline(hit, 'hit-meta'),
    hit.snippet.text ? h('p', { class: 'hit-snippet' }, marked(hit.snippet.text, hit.snippet.marks)) : null,
    hit.entities.length
      ? h('ul', { class: 'chips', 'aria-label': 'Names in this article' },
        hit.entities.map((entity) => h('li', {},
          entityLink(state, entity, { class: 'chip', title: entityType(entity.type).label }, entity.name))))
      : null,
    copiesLine(hit, state));
}

function pagerLinks(state, total) {
  const { offset, limit } = state;
  if (total <= limit && offset === 0) return [];
  const pages = Math.ceil(total / limit);
  const page = Math.floor(offset / limit) + 1;
  const link = (label, to, rel) =>
    h('a', { href: hrefFor({ ...state, offset: to }), rel, 'data-nav': 'page', class: 'pager-link' }, label);
  return [
    offset > 0 ? link('← Previous', Math.max(0, offset - limit), 'prev') : h('span'),
    h('span', { class: 'pager-page' }, `Page ${Math.min(page, pages)} of ${pages}`),
    offset + limit < total ? link('Next →', offset + limit, 'next') : h('span'),
  ];
}
