// The entity view: when the query names one entity (a chip, a mention or a facet clicked), a
// panel above the results shows it (dex.entity): its type and articles, its articles over time
// as a small bar chart whose bars filter the search to their period, and the entities most
// often in the same articles, each a search of its own. Built with createElement and text only.
import { h } from './dom.js';
import { plural } from './format.js';
import { ENTITY_TYPES, entityType } from '/pkg/entity-types.js';
import { filterFor, hasFilter, toggleFilter } from './query-filters.js';
import { entityLink } from './entity-link.js';

/**
 * The id of the one entity whose filter `query` holds, found among the results' `facets` (an
 * entity filtered on is in every match, so it is in its type's facet); null for none or several.
 */
export function entityOfQuery(query, facets) {
  const found = ENTITY_TYPES.flatMap(({ type, filter }) =>
    (facets?.[type] ?? []).filter(({ name }) => hasFilter(query, filterFor(filter, name))));
  return found.length === 1 ? found[0].id : null;
}

/**
 * Fills `panel` with `entity` (from `dex.entity`) as seen from `state`, or hides it for null. A
 * bar calls `onQuery` with the query filtered to its period, or no longer filtered to it.
 */
export function renderEntityPanel(panel, entity, state, onQuery) {
  panel.hidden = !entity;
  if (!entity) {
    panel.replaceChildren();
    return;
  }
  const { type, name, articles, timeline, related } = entity;
  const periods = timeline.filter(({ period }) => period !== null);
  const most = Math.max(1, ...periods.map(({ count }) => count));
  const bars = periods.map(({ period, count }) => {
    const filter = `date:${period}`;
    const bar = h('button', {
      type: 'button',
      class: 'timeline-bar',
      'data-period': period,
      'data-count': count,
      'aria-pressed': String(hasFilter(state.q, filter)),
      title: `${period}: ${plural(count, 'article')}`,
    }, h('span', { class: 'timeline-fill' }), h('span', { class: 'visually-hidden' }, `${period}: ${plural(count, 'article')}`));
    // The bar's height, set through the CSSOM (the page's CSP allows no style attributes).
    bar.style.setProperty('--share', String(count / most));
    bar.addEventListener('click', () => onQuery(toggleFilter(state.q, filter)));
    return h('li', {}, bar);
  });
  panel.replaceChildren(
    h('h2', { class: 'entity-panel-name', 'data-type': type }, name),
    h('p', { class: 'entity-panel-meta' }, `${entityType(type).label} · in ${plural(articles, 'article')}`),
    periods.length
      ? h('figure', { class: 'timeline' },
        h('ol', { class: 'timeline-bars', 'aria-label': `Articles about ${name} by period` }, bars),
        h('figcaption', { class: 'timeline-axis' },
          h('span', {}, periods[0].period), periods.length > 1 ? h('span', {}, periods[periods.length - 1].period) : null))
      : null,
    related.length
      ? h('p', { class: 'entity-related' }, 'Often with ',
        related.map((other) => entityLink(state, other, { class: 'chip', title: `${entityType(other.type).label}, in ${plural(other.count, 'article')} with ${name}` }, other.name)))
      : null);
}
