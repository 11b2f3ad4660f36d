// A segmented index (`newsdex add --segment`): a small text manifest where the core was,
// naming each part's core beside it (`newsdex-segments 1`, then `segment NAME` or `removed
// NAME` a line; version 2 adds `copies NAME`, a segment's copies of earlier segments' stories, and version 3
// `related NAME`, its related stories over every segment). Its parser and engine are in the segments module (newsdex_segments.js),
// fetched only when `Newsdex.open` meets a manifest of more than one part. The parts' packs
// are addressed as one (part p's byte b is b plus the packs before it), so that the wrapper
// keeps and asks for ranges as it does a sharded index's, and `SegmentFetcher` sends each
// range to its part's chunk files.
import { ChunkFetcher, fetchBody } from './chunks.js';
import { NewsdexError, asNewsdexError } from './errors.js';
import { onFirstCall } from './search-module.js';

let bytesSource;

/** node.js hands over a function that reads the module's bytes (node cannot fetch file: URLs). */
export function setSegmentsBytes(source) {
  bytesSource = source;
}

/** The instantiated segments module. */
export const segmentsModule = onFirstCall(async () => {
  try {
    const module = await import('./newsdex_segments.js');
    await module.default(bytesSource ? { module_or_path: bytesSource() } : undefined);
    return module;
  } catch (error) {
    throw new NewsdexError('SearchModule', `newsdex: could not load the segments module: ${error?.message ?? error}`, { cause: error });
  }
});

/** Whether `bytes` are a manifest (or, by their first bytes, meant to be one). */
export function isManifest(bytes) {
  const start = new TextDecoder().decode(bytes.subarray(0, 16));
  return start === 'newsdex-segments';
}

/** A manifest of one segment, as `newsdex compact` leaves it. */
const ONE_SEGMENT = /^newsdex-segments 1\nsegment ([^./\\\n][^/\\\n]*)\n$/;

/** The file name of the one segment of a manifest such as `compact` leaves, or null for any
 * other: that one opens as the segment's sharded index without the segments module, which
 * parses every other manifest (`parseManifest`). */
export function onlySegment(bytes) {
  return ONE_SEGMENT.exec(new TextDecoder().decode(bytes))?.[1] ?? null;
}

/**
 * The parts a manifest names, `[{ name, kind }]` (0 a segment, 1 a removal, 2 a segment's
 * copies, 3 its related stories), in order, parsed in the segments module
 * by the parser the CLI uses (`newsdex::manifest`): its errors name the line and column, and
 * here the manifest's address.
 * @param {Uint8Array} bytes
 * @param {string} url  the manifest's, for messages
 * @returns {Promise<Array<{ name: string, kind: number }>>}
 */
export async function parseManifest(bytes, url) {
  const module = await segmentsModule();
  try {
    return module.parseManifest(bytes);
  } catch (error) {
    const reported = asNewsdexError(error);
    throw new NewsdexError(reported.code, reported.message.replace(/^newsdex: /, `newsdex: ${url}: `), { cause: error });
  }
}

/** A manifest part's kind: a segment's related stories, fetched on the first request that
 * reads them (`fetchRelated`), not at opening. */
const RELATED = 3;

/** `files` back to back in one array. @param {Uint8Array[]} files */
function joined(files) {
  const all = new Uint8Array(files.reduce((sum, file) => sum + file.length, 0));
  let at = 0;
  for (const file of files) {
    all.set(file, at);
    at += file.length;
  }
  return all;
}

/**
 * Opens the segmented index of `parts` (`parseManifest`'s) whose manifest came from `base`:
 * their cores (and segments' copies) are fetched at once, then opened in the segments module.
 * A segment's related stories are left out (length 0) for `fetchRelated` to bring on the
 * first request that reads them: after 30 daily appends they are megabytes a reader who
 * only searches never needs.
 * @param {Array<{ name: string, kind: number }>} parts
 * @param {URL} base
 * @param {import('./chunks.js').FetchPolicy} policy
 * @param {AbortSignal} [signal]
 */
export async function openSegments(parts, base, policy, signal) {
  const empty = new Uint8Array(0);
  const [module, cores] = await Promise.all([
    segmentsModule(),
    Promise.all(
      parts.map(({ name, kind }) =>
        kind === RELATED ? empty : fetchBody(policy, new URL(name, base).href, { signal }).then((fetched) => fetched.bytes),
      ),
    ),
  ]);
  const kinds = new Uint8Array(parts.map((part) => part.kind));
  const lengths = new Uint32Array(cores.map((core) => core.length));
  const files = parts.flatMap(({ name, kind }, i) => (kind === RELATED ? [] : [{ url: new URL(name, base).href, bytes: cores[i].length }]));
  const related = parts.flatMap(({ name, kind }) => (kind === RELATED ? [new URL(name, base).href] : []));
  return { module, engine: module.Engine.open(kinds, lengths, joined(cores)), cores: files, related };
}

/**
 * Fetches the related files `urls` (openSegments's `related`, in the manifest's order), all at
 * once: `{ lengths, bytes }` as the engine's `addRelated` takes them, the files as
 * keepOffline keeps them, and each one's bytes (`bodies`).
 * @param {string[]} urls
 * @param {import('./chunks.js').FetchPolicy} policy
 * @param {AbortSignal} [signal]
 */
export async function fetchRelated(urls, policy, signal) {
  const files = await Promise.all(urls.map((url) => fetchBody(policy, url, { signal }).then((fetched) => fetched.bytes)));
  return {
    lengths: new Uint32Array(files.map((file) => file.length)),
    bytes: joined(files),
    files: urls.map((url, i) => ({ url, bytes: files[i].length })),
    bodies: files,
  };
}

/** The chunk files of every part of a segmented index, each range of the packs addressed as
 * one fetched from its part's. */
export class SegmentFetcher {
  /** @type {Array<{ offset: number, packBytes: number, fetcher: ChunkFetcher }>} */
  #parts;
  /** Every part's core, `{ url, bytes }`, and the segments' related files once fetched. */
  #cores;
  /** Calls of `supply`: every part's ranges of a round go together. */
  rounds = 0;

  /**
   * @param {import('./newsdex_segments.js').PartFiles[]} parts
   * @param {Array<{ url: string, bytes: number }>} cores  every part's core (openSegments's)
   * @param {URL} base
   * @param {import('./chunks.js').FetchPolicy} policy
   */
  constructor(parts, cores, base, policy) {
    this.#parts = parts.map((part) => ({ offset: part.offset, packBytes: part.packBytes, fetcher: new ChunkFetcher(part, base, policy) }));
    this.#cores = cores;
  }

  /** Adds the segments' related files, once fetched (`fetchRelated`'s `files`), to those
   * keepOffline keeps. @param {Array<{ url: string, bytes: number }>} files */
  addCores(files) {
    this.#cores = [...this.#cores, ...files];
  }

  /** Every part's core and chunk files as keepOffline keeps them: each is named by a hash of
   * its bytes, so a copy kept already is reused.
   * @returns {import('./offline.js').KeptFile[]} */
  keptFiles() {
    return [...this.#cores.map((core) => ({ ...core, reuse: true })), ...this.#parts.flatMap(({ fetcher }) => fetcher.keptFiles())];
  }

  get requests() {
    return this.#parts.reduce((sum, { fetcher }) => sum + fetcher.requests, 0);
  }

  get bytes() {
    return this.#parts.reduce((sum, { fetcher }) => sum + fetcher.bytes, 0);
  }

  /**
   * Fetches `ranges` of the packs addressed as one, every part's at once.
   * @param {(at: number, bytes: Uint8Array) => void} supply
   * @param {Array<[number, number]>} ranges
   * @param {AbortSignal} [signal]
   */
  async supply(supply, ranges, signal) {
    this.rounds += 1;
    const byPart = new Map();
    for (const [start, end] of ranges) {
      const part = this.#parts.find(({ offset, packBytes }) => start >= offset && end <= offset + packBytes);
      if (!part) throw new NewsdexError('ChunkMismatch', `newsdex: the segmented index asked for bytes ${start}–${end}, in no part's chunks`);
      if (!byPart.has(part)) byPart.set(part, []);
      byPart.get(part).push([start - part.offset, end - part.offset]);
    }
    await Promise.all(
      [...byPart].map(([part, local]) => part.fetcher.supply((at, bytes) => supply(at + part.offset, bytes), local, signal)),
    );
  }

  /** Forgets which chunks every part's fetcher holds whole. */
  forget() {
    for (const { fetcher } of this.#parts) fetcher.forget();
  }
}
