// The tape reader bundled into each module's glue (crates/wasm/src/tape.js), on tapes written
// by hand as crates/wasm/src/tape.rs writes them; every result of the modules also goes
// through it in the other tests. Reads the source, so it needs no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTape } from '../../crates/wasm/src/tape.js';

const [END, NULL, FALSE, TRUE, UINT, FLOAT, TEXT, ARRAY, OBJECT, KEY, NEW_KEY] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const utf8 = (text) => [...new TextEncoder().encode(text)];
const leb128 = (n) => {
  const bytes = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) bytes.push((n % 128) | 0x80);
  return [...bytes, n];
};
const text = (tag, s) => [tag, ...leb128(utf8(s).length), ...utf8(s)];
const float = (x) => [FLOAT, ...new Uint8Array(new Float64Array([x]).buffer)];
/** The tape's bytes at an odd offset of a larger buffer, as in the module's memory. */
const read = (bytes) => readTape(new Uint8Array([0xff, ...bytes, 0xff]).subarray(1, bytes.length + 1));

test('scalars: null, booleans, integers to 2^53, floats as their 8 bytes', () => {
  assert.equal(read([NULL]), null);
  assert.equal(read([FALSE]), false);
  assert.equal(read([TRUE]), true);
  for (const n of [0, 1, 127, 128, 300, 2 ** 32, 2 ** 40 + 5, 2 ** 53 - 1]) assert.equal(read([UINT, ...leb128(n)]), n);
  for (const x of [0.1, -0.0, 1 / 3, Math.fround(0.57684827), -(2 ** 60), NaN, Infinity]) assert.ok(Object.is(read(float(x)), x), String(x));
});

test('text: ASCII, UTF-8, a leading U+FEFF kept, short and long', () => {
  for (const s of ['', 'kerry', 'Zürich 🙂', '\ufeffKerry', 'a'.repeat(31), 'a'.repeat(32), `${'a'.repeat(30)}é`, '“quoted”'.repeat(20)]) {
    assert.equal(read(text(TEXT, s)), s);
  }
});

test('arrays and objects nest; a field name is written once and then by number', () => {
  const tape = [
    ARRAY,
    OBJECT, ...text(NEW_KEY, 'id'), ...text(TEXT, 'a'), ...text(NEW_KEY, 'marks'), ARRAY, ARRAY, UINT, 0, UINT, 5, END, END, END,
    OBJECT, KEY, 0, ...text(TEXT, 'b'), KEY, 1, ARRAY, END, ...text(TEXT, 'topics'), NULL, END,
    END,
  ];
  assert.deepEqual(read(tape), [
    { id: 'a', marks: [[0, 5]] },
    { id: 'b', marks: [], topics: null },
  ]);
});
