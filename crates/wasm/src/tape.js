// The values of a tape written by crates/wasm/src/tape.rs (its header describes the bytes),
// read while the tape is in the module's memory: build.sh bundles this file into each module's
// glue.

// A leading U+FEFF is text, as wasm-bindgen's own strings keep it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * @param {Uint8Array} tape
 * @returns {unknown}
 */
export function readTape(tape) {
  const view = new DataView(tape.buffer, tape.byteOffset, tape.byteLength);
  /** @type {string[]} */
  const keys = [];
  let at = 0;
  const leb128 = () => {
    let n = 0;
    let scale = 1;
    let byte;
    do {
      byte = tape[at++];
      n += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return n;
  };
  const text = () => {
    const end = leb128() + at;
    // Short ASCII text, most of a result's, without a call to the decoder.
    let s = '';
    if (end - at < 32) {
      let i = at;
      while (i < end && tape[i] < 0x80) s += String.fromCharCode(tape[i++]);
      if (i === end) {
        at = end;
        return s;
      }
    }
    s = utf8.decode(tape.subarray(at, end));
    at = end;
    return s;
  };
  /** @returns {any} */
  const value = () => {
    switch (tape[at++]) {
      case 1: return null;
      case 2: return false;
      case 3: return true;
      case 4: return leb128();
      case 5: at += 8; return view.getFloat64(at - 8, true);
      case 6: return text();
      case 7: {
        const array = [];
        while (tape[at]) array.push(value());
        at += 1;
        return array;
      }
      case 8: {
        /** @type {Record<string, unknown>} */
        const object = {};
        while (tape[at]) {
          const key = value();
          object[key] = value();
        }
        at += 1;
        return object;
      }
      case 9: return keys[leb128()];
      default: {
        const key = text();
        keys.push(key);
        return key;
      }
    }
  };
  return value();
}
