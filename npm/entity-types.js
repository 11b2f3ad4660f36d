// The four entity types the recogniser finds (CoNLL-2003), in the order every list of them
// follows, with how a reader is told about them: a label, its plural for a heading, the
// query filter that keeps articles naming an entity of the type (`person:"John Kerry"`), and
// the colours marks and chips take unless a page sets --newsdex-per and the like (on a light
// background and on a dark one, each at least 4.5:1 against the background and against a
// selected option's tint of it, for text in that colour). The package's
// element and highlighter and the demo pages (www/) all read them from here; highlight.css
// repeats the colours, and tests/node/contract.test.mjs keeps it in step.

/**
 * @typedef {object} EntityTypeInfo
 * @property {import('./index.js').EntityType} type
 * @property {string} label
 * @property {string} plural
 * @property {string} filter
 * @property {string} color  on a light background
 * @property {string} dark  on a dark background
 */

/** @type {readonly EntityTypeInfo[]} */
export const ENTITY_TYPES = [
  { type: 'PER', label: 'Person', plural: 'People', filter: 'person', color: '#a61e4d', dark: '#ff8fb1' },
  { type: 'LOC', label: 'Place', plural: 'Places', filter: 'place', color: '#237032', dark: '#69db7c' },
  { type: 'ORG', label: 'Organisation', plural: 'Organisations', filter: 'org', color: '#1864ab', dark: '#74c0fc' },
  { type: 'MISC', label: 'Other name', plural: 'Other names', filter: 'misc', color: '#8a5a00', dark: '#ffc078' },
];

const byType = new Map(ENTITY_TYPES.map((info) => [info.type, info]));

/**
 * The description of `type` (one of ENTITY_TYPES' types).
 * @param {string} type
 */
export function entityType(type) {
  return byType.get(/** @type {import('./index.js').EntityType} */ (type));
}
