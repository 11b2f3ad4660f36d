// Fetching the chunk files of a sharded index (`newsdex build --shards`): the engine names
// ranges of its pack; this cuts them at chunk boundaries, fetches each piece with an HTTP
// range request (or the whole chunk from a host that ignores ranges), shares requests already
// under way, and hands the bytes to the engine.

/** Fetches pieces of one sharded index's chunk files, resolved against the core's address. */
export class ChunkFetcher {
  #fetch;
  #base;
  #chunks;
  #inFlight = new Map();
  #wholeChunks = false;
  /** Chunks supplied whole: a range across two chunks names both, but needs only the other. */
  #whole = new Set();
  requests = 0;
  bytes = 0;
  /** Calls of `supply`: on a real network each costs a round trip, whatever it fetches. */
  rounds = 0;

  constructor(chunks, base, fetchFunction) {
    this.#chunks = chunks;
    this.#base = base;
    this.#fetch = fetchFunction;
  }

  /** Fetches `ranges` (`[[start, end]]` of the pack) and supplies them to `engine`. */
  async supply(engine, ranges) {
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
    // Until a host has answered once, it is not known whether it honours ranges; asking for
    // one piece first keeps a host that does not from sending every chunk several times.
    pieces = pieces.filter(({ chunk }) => !this.#whole.has(chunk));
    let first = [];
    if (this.requests === 0 && pieces.length > 1) {
      const piece = pieces.shift();
      first = [await this.#piece(piece)];
      if (this.#wholeChunks) pieces = pieces.filter(({ chunk }) => chunk !== piece.chunk);
    }
    const fetched = first.concat(await Promise.all(pieces.map((piece) => this.#piece(piece))));
    const supplied = new Set();
    for (const { at, bytes } of fetched) {
      if (supplied.has(at)) continue;
      supplied.add(at);
      engine.supply(at, bytes);
      if (this.#wholeChunks) this.#whole.add(at / this.#chunks.chunkBytes);
    }
  }

  /** Forgets which chunks were supplied whole, when the engine drops what it was given. */
  forget() {
    this.#whole.clear();
  }

  #url(chunk) {
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
    const url = this.#url(chunk);
    const headers = take === undefined ? {} : { range: `bytes=${within}-${within + take - 1}` };
    let response;
    try {
      response = await this.#fetch(url, { headers });
    } catch (error) {
      throw new Error(`newsdex: could not fetch ${url}: ${error?.message ?? error}`, { cause: error });
    }
    if (!response.ok) throw new Error(`newsdex: could not fetch ${url}: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.requests += 1;
    this.bytes += bytes.length;
    const chunkStart = chunk * this.#chunks.chunkBytes;
    if (response.status === 206) {
      if (bytes.length !== take) throw new Error(`newsdex: ${url} sent ${bytes.length} bytes for a range of ${take}`);
      return { at: chunkStart + within, bytes };
    }
    // The host ignored the range and sent the whole chunk: keep all of it, and ask for whole
    // chunks from now on rather than fetch a chunk again for each range.
    this.#wholeChunks = true;
    const expected = Math.min(this.#chunks.chunkBytes, this.#chunks.packBytes - chunkStart);
    if (bytes.length !== expected) throw new Error(`newsdex: ${url} has ${bytes.length} bytes, not the ${expected} of this index's chunk`);
    return { at: chunkStart, bytes };
  }
}
