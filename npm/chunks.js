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
  /** @type {FetchPolicy} */
  #policy;
  /** @type {URL} */
  #base;
  /** @type {import('./newsdex.js').ChunkFiles} */
  #chunks;
  /** Requests under way, shared by the requests that wait for them; aborted when the last of
   * those is aborted.
   * @type {Map<string, { piece: Promise<Piece>, waiting: number, controller: AbortController }>} */
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
   * @param {import('./newsdex.js').ChunkFiles} chunks
   * @param {URL} base
   * @param {FetchPolicy} policy
   */
  constructor(chunks, base, policy) {
    this.#chunks = chunks;
    this.#base = base;
    this.#policy = policy;
  }

  /**
   * Fetches `ranges` (`[[start, end]]` of the pack) and hands each piece to `supply`.
   * @param {(at: number, bytes: Uint8Array) => void} supply
   * @param {Array<[number, number]>} ranges
   * @param {AbortSignal} [signal]  stops waiting for the bytes (requests others wait for go on)
   */
  async supply(supply, ranges, signal) {
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
      first = [await this.#piece(piece, signal)];
      if (this.#wholeChunks) pieces = pieces.filter(({ chunk }) => chunk !== piece.chunk);
    }
    const fetched = first.concat(...(await Promise.all(this.#requests(pieces).map((group) => this.#group(group, signal)))));
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
  async #group(group, signal) {
    if (group.length === 1) return [await this.#piece(group[0], signal)];
    const { chunk } = group[0];
    const chunkStart = chunk * this.#chunks.chunkBytes;
    const url = this.url(chunk);
    const wanted = group.map(({ at, take }) => `${at - chunkStart}-${at - chunkStart + take - 1}`).join(',');
    // One piece first: a host that ignores ranges sends the whole chunk, which holds the rest.
    const oneByOne = async () => {
      this.#multiRange = false;
      const [head, ...rest] = mergeClose(group, SINGLE_RANGE_GAP);
      const first = await this.#piece(head, signal);
      if (this.#wholeChunks) return [first];
      return [first, ...(await Promise.all(rest.map((piece) => this.#piece(piece, signal))))];
    };
    // Not the ranges (a host may send the whole file instead): the body is dropped unread and
    // each range asked for on its own from now on.
    const ranges = (response) => response.status === 206 && (/^multipart\/byteranges/i.test(response.headers.get('content-type') ?? '') || response.headers.has('content-range'));
    let answer;
    try {
      answer = await fetchIf(this.#policy, url, { init: { headers: { range: `bytes=${wanted}` } }, signal, wanted: ranges });
    } catch (error) {
      // Across origins a Range header of several ranges needs a CORS preflight, which a host
      // may refuse; one that has answered such requests before has failed for another reason.
      if (this.#multiRange || signal?.aborted) throw error;
      return oneByOne();
    }
    if (!answer) return oneByOne();
    const { response, bytes: body } = answer;
    const type = response.headers.get('content-type') ?? '';
    const range = response.headers.get('content-range');
    this.#multiRange = true;
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
    const rest = await Promise.all(group.filter((piece) => !covered(piece)).map((piece) => this.#piece(piece, signal)));
    return got.concat(rest);
  }

  /** The address of chunk file `chunk`. @param {number} chunk */
  url(chunk) {
    return new URL(this.#chunks.files[chunk], this.#base).href;
  }

  /** Every chunk file as keepOffline keeps it: whole, a copy kept already reused (a chunk
   * file is named by a hash of its bytes).
   * @returns {import('./offline.js').KeptFile[]} */
  keptFiles() {
    const { count, chunkBytes, packBytes } = this.#chunks;
    return Array.from({ length: count }, (_, chunk) => ({ url: this.url(chunk), bytes: Math.min(chunkBytes, packBytes - chunk * chunkBytes), reuse: true }));
  }

  /** One piece, fetched once however many requests wait for it. */
  #piece({ chunk, at, take }, signal) {
    const start = this.#wholeChunks ? chunk * this.#chunks.chunkBytes : at;
    const key = this.#wholeChunks ? `${chunk}` : `${chunk}:${at}:${take}`;
    let shared = this.#inFlight.get(key);
    if (!shared) {
      const controller = new AbortController();
      const piece = this.#request(chunk, start - chunk * this.#chunks.chunkBytes, this.#wholeChunks ? undefined : take, controller.signal);
      const entry = { piece, waiting: 0, controller };
      piece.finally(() => this.#inFlight.get(key) === entry && this.#inFlight.delete(key)).catch(() => {});
      this.#inFlight.set(key, entry);
      shared = entry;
    }
    const entry = shared;
    entry.waiting += 1;
    // The last request to stop waiting stops the fetch; a request that comes later starts anew.
    return unlessAborted(entry.piece, signal, () => {
      entry.waiting -= 1;
      if (entry.waiting > 0) return;
      if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
      entry.controller.abort();
    });
  }

  async #request(chunk, within, take, signal) {
    const url = this.url(chunk);
    const { response, bytes } = await fetchBody(this.#policy, url, { init: { headers: take === undefined ? {} : { range: `bytes=${within}-${within + take - 1}` } }, signal });
    if (response.status !== 206) return this.#wholeChunk(bytes, chunk, url);
    this.requests += 1;
    this.bytes += bytes.length;
    if (bytes.length !== take) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} sent ${bytes.length} bytes for a range of ${take}`);
    return { at: chunk * this.#chunks.chunkBytes + within, bytes };
  }

  /** A response that is the whole of chunk `chunk` (a host that ignores ranges): all of it is
   * kept, and whole chunks are asked for from now on rather than a chunk again for each range. */
  #wholeChunk(bytes, chunk, url) {
    this.requests += 1;
    this.bytes += bytes.length;
    this.#wholeChunks = true;
    const chunkStart = chunk * this.#chunks.chunkBytes;
    const expected = Math.min(this.#chunks.chunkBytes, this.#chunks.packBytes - chunkStart);
    if (bytes.length !== expected) throw new NewsdexError('ChunkMismatch', `newsdex: ${url} has ${bytes.length} bytes, not the ${expected} of this index's chunk`);
    return { at: chunkStart, bytes };
  }
}

/** How long a fetch may wait for its response or for the next bytes of its body before it is
 * aborted and tried again, by default. It bounds a stall, not a download: a core of tens of
 * megabytes over a slow link keeps its fetch alive for as long as bytes keep arriving. Twenty
 * seconds is past the pauses of a mobile link changing cells or a server under load (a few
 * seconds), and about where a reader gives up on an answer anyway. */
export const DEFAULT_TIMEOUT_MS = 20_000;
/** How many times a fetch that failed for a reason that may pass (a lost connection, a stall,
 * HTTP 408, 429 or 5xx) is tried again, by default; 250 ms, then 500 ms, … apart. */
export const DEFAULT_RETRIES = 2;
const RETRY_DELAY_MS = 250;

/** How an index fetches: the function, and its timeout and retries.
 * @typedef {{ fetch: FetchFunction, timeoutMs: number, retries: number }} FetchPolicy */

/** The rejection for a request whose `signal` aborted it. @param {AbortSignal} signal */
export function aborted(signal) {
  const reason = signal.reason;
  const why = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : '';
  return new NewsdexError('Aborted', `newsdex: the request was aborted${why}`, { cause: reason });
}

/** Throws `aborted(signal)` when `signal` has aborted. @param {AbortSignal} [signal] */
export function throwIfAborted(signal) {
  if (signal?.aborted) throw aborted(signal);
}

/** `promise`, or `aborted(signal)` as soon as `signal` aborts (then `onAbort` runs).
 * @template T
 * @param {Promise<T>} promise
 * @param {AbortSignal} [signal]
 * @param {() => void} [onAbort]
 * @returns {Promise<T>} */
export function unlessAborted(promise, signal, onAbort) {
  if (!signal) return promise;
  if (signal.aborted) {
    onAbort?.();
    return Promise.reject(aborted(signal));
  }
  return new Promise((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(aborted(signal));
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Whether an HTTP status may be met by the same request a moment later. @param {number} status */
const passing = (status) => status === 408 || status === 429 || status >= 500;

/**
 * A GET of `url` (`init` as fetch takes it) with `policy`'s timeout and retries: the response
 * and its whole body. An error status is refused; `signal` aborts it all.
 * @param {FetchPolicy} policy
 * @param {string} url
 * @param {{ init?: FetchInit, signal?: AbortSignal }} [options]
 * @returns {Promise<{ response: Response, bytes: Uint8Array }>}
 */
export async function fetchBody(policy, url, options = {}) {
  return /** @type {{ response: Response, bytes: Uint8Array }} */ (await fetchIf(policy, url, { ...options, wanted: () => true }));
}

/**
 * As `fetchBody`, but only when `wanted(response)`: else the body is dropped unread and the
 * answer is null.
 * @param {FetchPolicy} policy
 * @param {string} url
 * @param {{ init?: FetchInit, signal?: AbortSignal, wanted: (response: Response) => boolean }} options
 * @returns {Promise<{ response: Response, bytes: Uint8Array } | null>}
 */
async function fetchIf(policy, url, { init, signal, wanted }) {
  for (let attempt = 0; ; attempt += 1) {
    throwIfAborted(signal);
    const controller = new AbortController();
    const abort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    let stalled = false;
    let timer;
    const waitForBytes = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, policy.timeoutMs);
    };
    /** @type {string} */
    let failure;
    /** @type {{ status?: number, cause?: unknown }} */
    let details = {};
    try {
      waitForBytes();
      const response = await policy.fetch(url, { ...init, signal: controller.signal });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        if (!passing(response.status)) {
          throw new NewsdexError('Fetch', `newsdex: could not fetch ${url}: HTTP ${response.status}`, { url, status: response.status });
        }
        failure = `HTTP ${response.status}`;
        details = { status: response.status };
      } else if (!wanted(response)) {
        await response.body?.cancel().catch(() => {});
        return null;
      } else {
        waitForBytes();
        return { response, bytes: await readBody(response, waitForBytes) };
      }
    } catch (error) {
      if (error instanceof NewsdexError) throw error;
      if (signal?.aborted) throw aborted(signal);
      failure = stalled ? `no bytes arrived for ${policy.timeoutMs} ms` : describe(error);
      details = { cause: error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
    if (attempt >= policy.retries) {
      const tries = attempt === 0 ? '' : ` (${attempt + 1} tries)`;
      throw new NewsdexError('Fetch', `newsdex: could not fetch ${url}: ${failure}${tries}`, { url, ...details });
    }
    await unlessAborted(new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * 2 ** attempt)), signal);
  }
}

/** The whole body of `response`, calling `progress` as each part arrives. @param {Response} response @param {() => void} progress */
async function readBody(response, progress) {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const parts = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    progress();
    parts.push(value);
    length += value.length;
  }
  if (parts.length === 1) return parts[0];
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** What a failed fetch says, with its cause's code (undici puts ECONNRESET there). @param {any} error */
function describe(error) {
  const cause = error?.cause;
  const detail = cause?.code ?? cause?.message;
  return `${error?.message ?? error}${detail && detail !== error?.message ? ` (${detail})` : ''}`;
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
