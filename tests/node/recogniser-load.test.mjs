// A recogniser module that does not compile (as on a browser without wasm SIMD, which the module
// is built with) is reported as a Recogniser error that names what it needs. In a file of its
// own: it replaces the module's bytes for the whole process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Newsdex } from '../../pkg/node.js';
import { setRecogniserBytes } from '../../pkg/recogniser.js';

test('a recogniser module that does not compile is a Recogniser error naming wasm SIMD', async () => {
  // A wasm header followed by a section id that does not exist.
  setRecogniserBytes(() => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x7f]));
  const dex = await Newsdex.load();
  await assert.rejects(dex.entities('John Kerry met Sergei Lavrov.'), (error) => {
    assert.equal(error.code, 'Recogniser');
    assert.match(error.message, /^newsdex: could not load the recogniser module \(it needs WebAssembly SIMD: .*\): /);
    return true;
  });
});
