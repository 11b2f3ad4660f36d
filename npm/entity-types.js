// The four entity types the recogniser finds (CoNLL-2003), in the order every list of them
// follows, with how a reader is told about them: a label, its plural for a heading, the
// query filter that keeps articles naming an entity of the type (`person:"John Kerry"`), and
// the colour marks and chips take unless a page sets --newsdex-per and the like. The package's
// element and highlighter and the demo pages (www/) all read them from here; highlight.css
// repeats the colours, and tests/node/contract.test.mjs keeps it in step.

/**
 * @typedef {object} EntityTypeInfo
 * @property {import('./index.js').EntityType} type
 * @property {string} label
 * @property {string} plural
 * @property {string} filter
 * @property {string} color
 */

/** @type {readonly EntityTypeInfo[]} */
export const ENTITY_TYPES = [
  { type: 'PER', label: 'Person', plural: 'People', filter: 'person', color: '#a61e4d' },
  { type: 'LOC', label: 'Place', plural: 'Places', filter: 'place', color: '#2b8a3e' },
  { type: 'ORG', label: 'Organisation', plural: 'Organisations', filter: 'org', color: '#1864ab' },
  { type: 'MISC', label: 'Other name', plural: 'Other names', filter: 'misc', color: '#8a5a00' },
];

const byType = new Map(ENTITY_TYPES.map((info) => [info.type, info]));

/**
 * The description of `type` (one of ENTITY_TYPES' types).
 * @param {string} type
 */
export function entityType(type) {
  return byType.get(/** @type {import('./index.js').EntityType} */ (type));
}
