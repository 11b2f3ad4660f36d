// The four entity types the recogniser finds (CoNLL-2003) and how the page names them. Their
// colours and underline styles live in style.css, keyed by data-type; every list of types in
// the page (legend, facets) takes its order from here.

export const TYPES = [
  { type: 'PER', label: 'Person', plural: 'People', filter: 'person' },
  { type: 'LOC', label: 'Place', plural: 'Places', filter: 'place' },
  { type: 'ORG', label: 'Organisation', plural: 'Organisations', filter: 'org' },
  { type: 'MISC', label: 'Other name', plural: 'Other names', filter: 'misc' },
];

const byType = new Map(TYPES.map((info) => [info.type, info]));

/** The description of `type` (one of TYPES' types). */
export function typeInfo(type) {
  return byType.get(type);
}
