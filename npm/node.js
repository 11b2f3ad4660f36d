// newsdex for node: instantiates the first module and the search module synchronously from the
// package's own files (node reads them in a moment; pages fetch the search module only when a
// request needs it), tells the recogniser, segments and seeds loaders where their files' bytes are, then
// exposes the same API as the browser entry.
//
// The files' paths are made from this module's own path, not with `new URL('./x.wasm',
// import.meta.url)`: bundlers that compile server code (Next.js's Turbopack and webpack) take
// that pattern for an asset of the page and rewrite it into something node's fs cannot read,
// while they leave import.meta.url the URL of this file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initSync } from './newsdex.js';
import { initSync as initFirstSync } from './newsdex_lite.js';
import { setRecogniserBytes } from './recogniser.js';
import { setSeedsBytes } from './seeds.js';
import { setSegmentsBytes } from './segments.js';

const here = dirname(fileURLToPath(import.meta.url));

initFirstSync({ module: readFileSync(join(here, 'newsdex_lite_bg.wasm')) });
initSync({ module: readFileSync(join(here, 'newsdex_bg.wasm')) });
setRecogniserBytes(() => readFileSync(join(here, 'newsdex_recogniser_bg.wasm')));
setSeedsBytes(async () => readFileSync(join(here, 'seeds.ndx')));
setSegmentsBytes(() => readFileSync(join(here, 'newsdex_segments_bg.wasm')));

export * from './index.js';
