// newsdex for node: instantiates the wasm synchronously from the package's own file, then
// exposes the same API as the browser entry.
import { readFileSync } from 'node:fs';
import { initSync } from './newsdex.js';

initSync({ module: readFileSync(new URL('./newsdex_bg.wasm', import.meta.url)) });

export * from './index.js';
