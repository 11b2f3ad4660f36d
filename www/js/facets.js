// The panel beside the results: the entities of each type and the sources found in the most
// matching articles (dex.search's facets), each with its count, as toggle buttons that put
// its filter into the query or take it out again.
import { h } from './dom.js';
import { ENTITY_TYPES } from '/pkg/entity-types.js';
import { filterFor, hasFilter, toggleFilter } from './query-filters.js';

const GROUPS = [
  ...ENTITY_TYPES.map(({ type, plural: label, filter }) => ({ key: type, label, filter })),
  { key: 'source', label: 'Sources', filter: 'source' },
];

/**
 * Fills the `aside` with the `facets` of the results of `query`, or empties it when there are
 * none. A button calls `onQuery` with the query its filter toggled; the button keeps the focus
 * when the panel is redrawn.
 */
export function renderFacets(aside, query, facets, onQuery) {
  const focused = aside.contains(document.activeElement) ? document.activeElement.getAttribute('data-filter') : null;
  const groups = GROUPS.filter(({ key }) => facets?.[key]?.length);
  if (!query.trim() || groups.length === 0) {
    aside.replaceChildren();
    return;
  }
  const heading = h('h2', { id: 'facets-heading', class: 'panel-heading', tabindex: '-1' }, 'Names in these results');
  aside.replaceChildren(heading, ...groups.map(({ key, label, filter: field }) => {
    const headingId = `facet-${key}`;
    return h('section', { class: 'facet', 'aria-labelledby': headingId },
      h('h3', { id: headingId, class: 'facet-heading' },
        key === 'source' ? label : h('span', { class: 'entity swatch', 'data-type': key }, label)),
      h('ul', { class: 'facet-list', 'data-facet': key }, facets[key].map(({ name, count }) => {
        const filter = filterFor(field, name);
        const button = h('button', {
          type: 'button',
          class: 'facet-button',
          'aria-pressed': String(hasFilter(query, filter)),
          'data-filter': filter,
        },
        h('span', { class: 'facet-name' }, name),
        h('span', { class: 'facet-count', 'data-count': count },
          count.toLocaleString(), h('span', { class: 'visually-hidden' }, count === 1 ? ' article' : ' articles')));
        button.addEventListener('click', () => onQuery(toggleFilter(query, filter)));
        return h('li', {}, button);
      })));
  }));
  if (focused) (aside.querySelector(`[data-filter="${CSS.escape(focused)}"]`) ?? heading).focus();
}
