// An entity as a link to its search (`person:"John Kerry"`): mentions in the article and the
// chips under a hit. data-type and data-entity carry what style.css colours and what the
// tooltip and the tests read; data-nav lets the controller follow it without a reload.
import { h } from './dom.js';
import { hrefFor } from './url-state.js';
import { entityType } from '/pkg/entity-types.js';
import { filterFor } from './query-filters.js';

/**
 * An `<a class="entity …">` to the results of `entity` ({ id, type, name }) from `state`, with
 * more `attributes` (its `class` is added to "entity").
 */
export function entityLink(state, { id, type, name }, { class: className, ...attributes }, ...children) {
  const q = filterFor(entityType(type).filter, name);
  return h('a', {
    ...attributes,
    class: `entity ${className}`,
    href: hrefFor({ ...state, q, article: null, offset: 0 }),
    'data-nav': 'search',
    'data-type': type,
    'data-entity': id,
  }, ...children);
}
