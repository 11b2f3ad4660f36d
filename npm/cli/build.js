// `newsdex build`: expands the inputs the way the Rust CLI does (a directory stands for its
// *.txt and *.jsonl files in byte order, not recursing), indexes their bytes with the
// recogniser module's builder, reports progress on stderr and writes the index: one file, or
// with `chunkBytes` a sharded index's core and its chunk files beside it, as the Rust CLI
// splits it.
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, sep } from 'node:path';
import { NewsdexError, asNewsdexError } from '../errors.js';
import { Newsdex } from '../node.js';
import { recogniser } from '../recogniser.js';

const KINDS = new Set(['.txt', '.jsonl']);

export async function build(inputs, output, { store, entities, facets, lang, chunkBytes }) {
  const started = performance.now();
  // Made before reading, as the Rust CLI does, so that a long build does not fail at its end.
  await mkdir(dirname(output), { recursive: true }).catch((error) => { throw ioError(dirname(output), error); });
  const files = [];
  for (const input of inputs) files.push(...(await inputFiles(input)));
  const loaded = await Promise.all(files.map(async (name) => ({ name, bytes: await readFile(name).catch((error) => { throw ioError(name, error); }) })));
  const warnings = [];
  const progress = progressReporter(process.stderr);
  const builder = await recogniser();
  const sharded = chunkBytes !== null;
  let bytes;
  try {
    bytes = builder.buildFiles(loaded, { store, entities, facets, lang, shards: sharded, onProgress: progress.update, onWarning: (message) => warnings.push(message) });
  } catch (caught) {
    const error = asNewsdexError(caught);
    // Named as the Rust CLI names them: the inputs as given.
    if (error.code === 'EmptyCorpus') throw new NewsdexError('EmptyCorpus', `${error.message}: read ${inputs.join(', ')} (${warnings.length} left out with a warning)`, { cause: error });
    throw error;
  } finally {
    progress.done();
  }
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  const dex = await Newsdex.load(bytes);
  const stats = dex.stats();
  dex.close();
  let written = `${stats.bytes} bytes`;
  if (sharded) {
    written = await writeSharded(builder, bytes, output, chunkBytes);
  } else {
    await writeFile(output, bytes).catch((error) => { throw ioError(output, error); });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  process.stderr.write(`newsdex: indexed ${stats.articles} articles (${warnings.length} left out), ${stats.terms} terms, `
    + `${stats.entities} entities, ${written}${store ? '' : ' without the document store'}`
    + `${entities ? '' : ' without entities'} → ${output} in ${seconds} s\n`);
}

/**
 * Splits `bytes` into a core at `output` and chunk files beside it, named after the core's
 * file name, as the Rust CLI does; returns what was written, for the summary.
 * @param {typeof import('../newsdex_recogniser.js')} builder
 */
async function writeSharded(builder, bytes, output, chunkBytes) {
  const stem = basename(output, extname(output)) || 'index';
  let split;
  try {
    split = builder.splitIndex(bytes, stem, chunkBytes);
  } catch (error) {
    throw asNewsdexError(error);
  }
  const dir = dirname(output);
  let pack = 0;
  for (const chunk of split.chunks) {
    const file = join(dir, chunk.name);
    await writeFile(file, chunk.bytes).catch((error) => { throw ioError(file, error); });
    pack += chunk.bytes.length;
  }
  await writeFile(output, split.core).catch((error) => { throw ioError(output, error); });
  return `a ${split.core.length}-byte core and ${split.chunks.length} chunk files (${split.name}-*.chunk) of ${pack} bytes in all`;
}

/** The files an input stands for, named as the Rust CLI names them in its messages. */
async function inputFiles(input) {
  const info = await stat(input).catch((error) => { throw ioError(input, error); });
  if (info.isDirectory()) {
    const names = (await readdir(input)).filter((name) => KINDS.has(extname(name)));
    names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const files = [];
    for (const name of names) {
      const file = input.endsWith(sep) ? `${input}${name}` : `${input}${sep}${name}`;
      if ((await stat(file).catch(() => null))?.isFile()) files.push(file);
    }
    return files;
  }
  if (!KINDS.has(extname(input))) throw new NewsdexError('UnsupportedInput', `newsdex: ${input}: not a directory, a .txt article or a .jsonl file of articles`);
  return [input];
}

function ioError(path, error) {
  const reason = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory' }[error.code] ?? error.message;
  return new NewsdexError('Io', `newsdex: ${path}: ${reason}`, { cause: error });
}

/**
 * Progress through the input bytes: one line redrawn in place on a terminal, otherwise a line
 * at each quarter so that logs stay short.
 */
function progressReporter(stream) {
  let shown = -1;
  const line = (done, total) => `newsdex: reading ${size(done)} of ${size(total)} (${Math.floor((done / total) * 100)}%)`;
  return {
    update(done, total) {
      if (!total) return;
      if (stream.isTTY) {
        const percent = Math.floor((done / total) * 100);
        if (percent !== shown) stream.write(`\r${line(done, total)}`);
        shown = percent;
        return;
      }
      const quarter = Math.floor((done / total) * 4);
      if (quarter > shown && quarter > 0) stream.write(`${line(done, total)}\n`);
      shown = Math.max(shown, quarter);
    },
    done() {
      if (stream.isTTY && shown >= 0) stream.write('\r\x1b[K');
    },
  };
}

function size(bytes) {
  if (bytes < 1e3) return `${bytes} bytes`;
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
