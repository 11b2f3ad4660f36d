// The panel beside the results: the entities of each type, the sources and the values of the
// index's own facet fields (sections, topics …) found in the most matching articles, and the
// matches by date (dex.search's facets), each with its count, as toggle buttons that put its
// filter into the query or take it out again.
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
  const entries = (list, field) => list.map(({ name, count }) => ({ name, count, filter: filterFor(field, name) }));
  const groups = [
    ...GROUPS.filter(({ key }) => facets?.[key]?.length).map(({ key, label, filter: field }) => ({
      key,
      label: key === 'source' ? label : h('span', { class: 'entity swatch', 'data-type': key }, label),
      entries: entries(facets[key], field),
      chart: false,
    })),
    // The index's own fields, named as the build named them (`--facet topics`).
    ...Object.entries(facets?.fields ?? {}).filter(([, values]) => values.length).map(([field, values]) => ({
      key: `field:${field}`,
      label: field,
      entries: entries(values.map(({ value, count }) => ({ name: value, count })), field),
      chart: false,
    })),
  ];
  const dated = (facets?.dates ?? []).filter(({ period }) => period !== null);
  if (dated.length) groups.push({ key: 'dates', label: 'Dates', entries: dateEntries(dated), chart: true });
  if (!query.trim() || groups.length === 0) {
    aside.replaceChildren();
    return;
  }
  const heading = h('h2', { id: 'facets-heading', class: 'panel-heading', tabindex: '-1' }, 'In these results');
  aside.replaceChildren(heading, ...groups.map(({ key, label, entries: list, chart }) => {
    const headingId = `facet-${key.replace(/[^\w-]/g, '_')}`;
    const most = Math.max(...list.map(({ count }) => count));
    return h('section', { class: chart ? 'facet facet-chart' : 'facet', 'aria-labelledby': headingId },
      h('h3', { id: headingId, class: 'facet-heading' }, label),
      h('ul', { class: 'facet-list', 'data-facet': key }, list.map(({ name, count, filter }) => {
        const button = h('button', {
          type: 'button',
          class: 'facet-button',
          'aria-pressed': String(hasFilter(query, filter)),
          'data-filter': filter,
        },
        h('span', { class: 'facet-name' }, name),
        h('span', { class: 'facet-count', 'data-count': count },
          count.toLocaleString(), h('span', { class: 'visually-hidden' }, count === 1 ? ' article' : ' articles')));
        // The bar's length, set through the CSSOM (the page's CSP allows no style attributes).
        if (chart) button.style.setProperty('--share', String(most ? count / most : 0));
        button.addEventListener('click', () => onQuery(toggleFilter(query, filter)));
        return h('li', {}, button);
      })),
      chart ? undatedNote(facets.dates) : null);
  }));
  if (focused) (aside.querySelector(`[data-filter="${CSS.escape(focused)}"]`) ?? heading).focus();
}

/** The periods of a date histogram as entries whose filter is `date:PERIOD`. */
function dateEntries(periods) {
  return periods.map(({ period, count }) => ({ name: period, count, filter: `date:${period}` }));
}

/** How many matches have no date (they are in the results, but in no period), if any. */
function undatedNote(periods) {
  const undated = periods.find(({ period }) => period === null)?.count ?? 0;
  return undated ? h('p', { class: 'facet-note' }, `${undated.toLocaleString()} without a date`) : null;
}
