// Fetching the chunk files of a sharded index (`newsdex build --shards`): the engine names
// ranges of its pack; this cuts them at chunk boundaries and fetches them with HTTP range
// requests: all of a chunk's ranges in one request from a host that answers several ranges
// at once (multipart/byteranges, as nginx, Apache and Caddy do), else one request per range
// with nearby ones merged, else the whole chunk from a host that ignores ranges. Requests
// already under way are shared, and the bytes are handed to the engine.
import { NewsdexError } from './errors.js';

/** @typedef {NonNullable<import('./index.js').OpenOptions['fetch']>} FetchFunction */
/** @typedef {Parameters<FetchFunction>[1]} FetchInit */
/** Bytes of the pack from `at` on. @typedef {{ at: number, bytes: Uint8Array }} Piece */

/** Rounds of chunk fetches one request may take: the engine's own bound, copied from
 * newsdex::MAX_FETCH_ROUNDS in Rust (which says how it is reached); tests/node/contract.test.mjs
 * keeps the two equal. */
export const MAX_FETCH_ROUNDS = 70;

/** Ranges of one chunk closer than this are fetched as one when each range is a request of
 * its own: a request costs more than the bytes between them. */
const SINGLE_RANGE_GAP = 2048;
/** At most this many ranges go in one request, which keeps its Range header within the 8 KiB
 * that servers take (Apache answers at most 200 ranges). */
const MAX_RANGES_PER_REQUEST = 64;

/** Fetches pieces of one sharded index's chunk files, resolved against the core's address. */
export class ChunkFetcher {
  /** @type {FetchFunction} */
  #fetch;
  /** @type {URL} */
  #base;
  /** @type {import('./newsdex.js').Chunks} */
  #chunks;
  /** @type {Map<string, Promise<Piece>>} */
  #inFlight = new Map();
  #wholeChunks = false;
  /** Whether the host answers a request for several ranges with them: unknown until asked.
   * @type {boolean | undefined} */
  #multiRange = undefined;
  /** Chunks supplied whole: a range across two chunks names both, but needs only the other.
   * @type {Set<number>} */
  #whole = new Set();
  requests = 0;
  bytes = 0;
  /** Calls of `supply`: on a real network each costs a round trip, whatever it fetches. */
  rounds = 0;

  /**
   * @param {import('./newsdex.js').Chunks} chunks
   * @param {URL} base
   * @param {FetchFunction} fetchFunction
   */
  constructor(chunks, base, fetchFunction) {
    this.#chunks = chunks;
    this.#base = base;
    this.#fetch = fetchFunction;
  }

  /**
   * Fetches `ranges` (`[[start, end]]` of the pack) and hands each piece to `supply`.
   * @param {(at: number, bytes: Uint8Array) => void} supply
   * @param {Array<[number, number]>} ranges
   */
  async supply(supply, ranges) {
    this.rounds += 1;
    let pieces = [];
    const { chunkBytes } = this.#chunks;
    for (const [start, end] of ranges) {
      for (let at = start; at < end; ) {
        const chunk = Math.floor(at / chunkBytes);
        const take = Math.min((chunk + 1) * chunkBytes, end) - at;
        pieces.push({ chunk, at, take });
        at += take;
      }
    }
    // Until a host has answered once, it is not known whether it honours ranges. A host that
    // does not sends the whole chunk for each request, so while a chunk would be asked for in
    // several requests at once, one piece is asked for first; else the round goes at once.
    pieces = pieces.filter(({ chunk }) => !this.#whole.has(chunk));
    let first = [];
    const several = (list) => new Set(list.map(({ chunk }) => chunk)).size < this.#requests(list).length;
    if (this.requests === 0 && pieces.length > 1 && several(pieces)) {
      const piece = pieces.shift();
      first = [await this.#piece(piece)];
      if (this.#wholeChunks) pieces = pieces.filter(({ chunk }) => chunk !== piece.chunk);
    }
    const fetched = first.concat(...(await Promise.all(this.#requests(pieces).map((group) => this.#group(group)))));
    const supplied = new Set();
    for (const { at, bytes } of fetched) {
      if (supplied.has(at)) continue;
      supplied.add(at);
      supply(at, bytes);
      if (this.#wholeChunks) this.#whole.add(at / this.#chunks.chunkBytes);
    }
  }

  /** Forgets which chunks were supplied whole, when the engine drops what it was given. */
  forget() {
    this.#whole.clear();
  }

  /** `pieces` in requests: per chunk, groups of up to MAX_RANGES_PER_REQUEST ranges for a host
   * that may answer several at once, else one piece each with those close together merged. */
  #requests(pieces) {
    const byChunk = new Map();
    for (const piece of pieces) {
      if (!byChunk.has(piece.chunk)) byChunk.set(piece.chunk, []);
      byChunk.get(piece.chunk).push(piece);
    }
    const groups = [];
    for (const list of byChunk.values()) {
      list.sort((a, b) => a.at - b.at);
      if (this.#wholeChunks) {
        groups.push([list[0]]);
      } else if (this.#multiRange !== false) {
        for (let i = 0; i < list.length; i += MAX_RANGES_PER_REQUEST) groups.push(list.slice(i, i + MAX_RANGES_PER_REQUEST));
      } else {
        for (const merged of mergeClose(list, SINGLE_RANGE_GAP)) groups.push([merged]);
      }
    }
    return groups;
  }

  /** The bytes of one group of pieces of a chunk, as `[{ at, bytes }]`. */
  async #group(group) {
    if (group.length === 1) return [await this.#piece(group[0])];
    const { chunk } = group[0];
    const chunkStart = chunk * this.#chunks.chunkBytes;
    const url = this.url(chunk);
    const wanted = group.map(({ at, take }) => `${at - chunkStart}-${at - chunkStart + take - 1}`).join(',');
    // One piece first: a host that ignores ranges sends the whole chunk, which holds the rest.
    const oneByOne = async () => {
      this.#multiRange = false;
      const [head, ...rest] = mergeClose(group, SINGLE_RANGE_GAP);
      const first = await this.#piece(head);
      if (this.#wholeChunks) return [first];
      return [first, ...(await Promise.all(rest.map((piece) => this.#piece(piece))))];
    };
    let response;
    try {
      response = await fetchOk(this.#fetch, url, { headers: { range: `bytes=${wanted}` } });
    } catch (error) {
      // Across origins a Range header of several ranges needs a CORS preflight, which a host
      // may refuse; one that has answered such requests before has failed for another reason.
      if (this.#multiRange) throw error;
      return oneByOne();
    }
    const type = response.headers.get('content-type') ?? '';
    const range = response.headers.get('content-range');
    if (response.status !== 206 || !(/^multipart\/byteranges/i.test(type) || range)) {
      // Not the ranges (a host may send the whole file instead): drop the body unread and ask
      // for each range on its own from now on.
      await response.body?.cancel();
      return oneByOne();
    }
    this.#multiRange = true;
    const body = await bodyBytes(response, url);
    this.requests += 1;
    this.bytes += body.length;
    const parts = range ? [{ range, bytes: body }] : byteranges(body, type, url);
    const got = parts.map(({ range: header, bytes }) => {
      const [start, end] = contentRange(header, url);
      if (bytes.length !== end - start + 1 || end >= this.#chunks.chunkBytes) {
        throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent ${bytes.length} bytes for the range ${header}`);
      }
      return { at: chunkStart + start, bytes };
    });
    // A host may merge ranges or leave some out: what no part holds is asked for on its own.
    const covered = (piece) => got.some(({ at, bytes }) => at <= piece.at && piece.at + piece.take <= at + bytes.length);
    const rest = await Promise.all(group.filter((piece) => !covered(piece)).map((piece) => this.#piece(piece)));
    return got.concat(rest);
  }

  /** The address of chunk file `chunk`. @param {number} chunk */
  url(chunk) {
    return new URL(`${this.#chunks.name}.${String(chunk).padStart(4, '0')}.chunk`, this.#base).href;
  }

  #piece({ chunk, at, take }) {
    const start = this.#wholeChunks ? chunk * this.#chunks.chunkBytes : at;
    const key = this.#wholeChunks ? `${chunk}` : `${chunk}:${at}:${take}`;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#request(chunk, start - chunk * this.#chunks.chunkBytes, this.#wholeChunks ? undefined : take).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #request(chunk, within, take) {
    const url = this.url(chunk);
    const response = await fetchOk(this.#fetch, url, { headers: take === undefined ? {} : { range: `bytes=${within}-${within + take - 1}` } });
    if (response.status !== 206) return this.#wholeChunk(response, chunk, url);
    const bytes = await bodyBytes(response, url);
    this.requests += 1;
    this.bytes += bytes.length;
    if (bytes.length !== take) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent ${bytes.length} bytes for a range of ${take}`);
    return { at: chunk * this.#chunks.chunkBytes + within, bytes };
  }

  /** A response that is the whole of chunk `chunk` (a host that ignores ranges): all of it is
   * kept, and whole chunks are asked for from now on rather than a chunk again for each range. */
  async #wholeChunk(response, chunk, url) {
    const bytes = await bodyBytes(response, url);
    this.requests += 1;
    this.bytes += bytes.length;
    this.#wholeChunks = true;
    const chunkStart = chunk * this.#chunks.chunkBytes;
    const expected = Math.min(this.#chunks.chunkBytes, this.#chunks.packBytes - chunkStart);
    if (bytes.length !== expected) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} has ${bytes.length} bytes, not the ${expected} of this index's chunk`);
    return { at: chunkStart, bytes };
  }
}

/**
 * The response to a GET of `url` (`init` as fetch takes it), refusing a request that failed
 * and an error status.
 * @param {FetchFunction} fetchFunction
 * @param {string} url
 * @param {FetchInit} [init]
 */
export async function fetchOk(fetchFunction, url, init) {
  let response;
  try {
    response = await fetchFunction(url, init);
  } catch (error) {
    throw fetchFailed(url, error);
  }
  if (!response.ok) throw new NewsdexError('Fetch', `newsdex: could not fetch ${url}: HTTP ${response.status}`, { url, status: response.status });
  return response;
}

/**
 * The body of `response`, from `url`: a connection lost while it arrives fails the fetch.
 * @param {Response} response
 * @param {string} url
 */
export async function bodyBytes(response, url) {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw fetchFailed(url, error);
  }
}

/** A failed fetch of `url` as a newsdex error. @param {string} url @param {any} error */
export function fetchFailed(url, error) {
  return new NewsdexError('Fetch', `newsdex: could not fetch ${url}: ${error?.message ?? error}`, { cause: error, url });
}

/** `pieces` of one chunk (sorted) with those closer than `gap` bytes merged into one. */
function mergeClose(pieces, gap) {
  const merged = [];
  for (const piece of pieces) {
    const last = merged.at(-1);
    if (last && piece.at <= last.at + last.take + gap) {
      last.take = Math.max(last.take, piece.at + piece.take - last.at);
    } else {
      merged.push({ ...piece });
    }
  }
  return merged;
}

/** `[start, end]` (inclusive) of a `Content-Range: bytes start-end/size` header. */
function contentRange(header, url) {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (!match || Number(match[2]) < Number(match[1])) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent a part with the content range "${header}"`);
  return [Number(match[1]), Number(match[2])];
}

/** The parts of a multipart/byteranges body, as `[{ range, bytes }]`: each part's headers name
 * its range, whose length says where its bytes end (bytes may hold the boundary by chance). */
function byteranges(body, type, url) {
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent ${type} without a boundary`);
  const text = new TextDecoder('latin1');
  const delimiter = `--${boundary}`;
  const parts = [];
  let at = 0;
  for (;;) {
    // The next delimiter line; the one that closes the body ends with "--".
    const start = indexOf(body, delimiter, at);
    if (start < 0) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent a multipart body that does not close`);
    at = start + delimiter.length;
    if (text.decode(body.subarray(at, at + 2)) === '--') return parts;
    const headersEnd = indexOf(body, '\r\n\r\n', at);
    if (headersEnd < 0) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent a part without a blank line after its headers`);
    const headers = text.decode(body.subarray(at, headersEnd));
    const range = /^content-range:\s*(.+)$/im.exec(headers)?.[1];
    if (!range) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent a part without a Content-Range`);
    const [first, last] = contentRange(range, url);
    const dataStart = headersEnd + 4;
    const dataEnd = dataStart + (last - first + 1);
    if (dataEnd > body.length) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent a part cut short (${range})`);
    parts.push({ range, bytes: body.slice(dataStart, dataEnd) });
    at = dataEnd;
  }
}

/** Where the ASCII string `needle` first occurs in `bytes` from `from` on, or -1. */
function indexOf(bytes, needle, from) {
  const first = needle.charCodeAt(0);
  for (let i = bytes.indexOf(first, from); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle.charCodeAt(k)) k += 1;
    if (k === needle.length) return i;
  }
  return -1;
}
