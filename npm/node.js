// newsdex for node: instantiates the search module synchronously from the package's own file,
// tells the recogniser and seeds loaders where their files' bytes are, then exposes the same API
// as the browser entry.
import { readFileSync } from 'node:fs';
import { initSync } from './newsdex.js';
import { setRecogniserBytes } from './recogniser.js';
import { setSeedsBytes } from './seeds.js';

initSync({ module: readFileSync(new URL('./newsdex_bg.wasm', import.meta.url)) });
setRecogniserBytes(() => readFileSync(new URL('./newsdex_recogniser_bg.wasm', import.meta.url)));
setSeedsBytes(async () => readFileSync(new URL('./seeds.ndx', import.meta.url)));

export * from './index.js';
