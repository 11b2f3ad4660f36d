// Filters written into the query text: `person:"John Kerry"`, `source:"Xinhua News Agency"`.
// The query box is the one place the search is defined, so clicking a name or a facet edits
// the query rather than keeping filters elsewhere.

/** The filter for `name` under the query prefix `field` (person, place, org, misc, source). */
export function filterFor(field, name) {
  // A quote cannot be escaped inside a phrase; the words around it still match.
  return `${field}:"${name.replaceAll('"', ' ').trim()}"`;
}

/** Whether `query` has `filter` as an item of its own (not excluded with `-`). */
export function hasFilter(query, filter) {
  return itemPattern(filter).test(query);
}

/**
 * `query` with `filter` taken out if it has it, else put in front: at the end it would turn the
 * word being typed, which matches as a prefix, into a complete word.
 */
export function toggleFilter(query, filter) {
  if (hasFilter(query, filter)) return query.replace(itemPattern(filter), ' ').replace(/^\s+/, '').replace(/\s{2,}/g, ' ');
  return query.trim() ? `${filter} ${query.replace(/^\s+/, '')}` : filter;
}

function itemPattern(filter) {
  const escaped = filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|\\s)${escaped}(?=\\s|$)`, 'g');
}
