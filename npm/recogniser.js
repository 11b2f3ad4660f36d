// The recogniser module: the named-entity model, its gazetteers, the tagger and the index
// builder. It is most of newsdex's weight and a search never runs it, so it is fetched and
// instantiated the first time a page needs it (`dex.entities`, `Newsdex.build`, highlighting
// names on text that is not an indexed article), never by search alone.

import { onFirstCall } from './search-module.js';

let bytesSource;

/** node.js hands over a function that reads the module's bytes (node cannot fetch file: URLs). */
export function setRecogniserBytes(source) {
  bytesSource = source;
}

/** The instantiated recogniser module. */
export const recogniser = onFirstCall(async () => {
  const module = await import('./newsdex_recogniser.js');
  await module.default(bytesSource ? { module_or_path: bytesSource() } : undefined);
  return module;
});
