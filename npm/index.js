// newsdex for browsers and bundlers: an async-loading wrapper around the wasm engine.
// node.js instantiates the wasm synchronously first and re-exports this module.
import init, { Engine } from './newsdex.js';
import { ChunkFetcher, MAX_FETCH_ROUNDS, bodyBytes, fetchOk } from './chunks.js';
import { NewsdexError, asNewsdexError } from './errors.js';
import { OFFLINE_CACHE, keepFiles } from './offline.js';
import { recogniser } from './recogniser.js';

export { NewsdexError, OFFLINE_CACHE };

let initialising;

/** Instantiates the wasm module once (a no-op when node.js has done it already). */
function ready() {
  initialising ??= init().then(schedulePriming, (error) => {
    initialising = undefined;
    throw new NewsdexError('SearchModule', `newsdex: could not load the search module: ${error?.message ?? error}`, { cause: error });
  });
  return initialising;
}

/** Queries of every kind, run once on the embedded index to prime the search code. */
const PRIMING_QUERIES = ['kerry lavrov ', 'lavrvo kery', 'syri', '"state department" aleppo', 'kerry OR lavrov -assad', 'title:kerry person:lavrov', 'nusra*'];

/** Browsers compile a wasm function when it is first called, so a page's first search would
 * pay for compiling the search code (10–30 ms in Chromium for BBC; the second search takes
 * 0.2 ms). In a browser, once the module is instantiated, a search of each kind on the small
 * embedded index runs when the page is idle, so the reader's first search need not pay. */
function schedulePriming() {
  if (typeof globalThis.requestIdleCallback !== 'function') return;
  globalThis.requestIdleCallback(() => {
    let engine;
    try {
      engine = Engine.open(undefined);
      for (const query of PRIMING_QUERIES) engine.search(query, { limit: 10 });
      engine.article('003_d82338b8bd3c8aaf', { query: 'kerry' });
    } catch {
      // Priming only saves time; a failure here is met again, and reported, by a real call.
    } finally {
      engine?.free();
    }
  }, { timeout: 1000 });
}

/** The recogniser module, with a failure to fetch it reported as a newsdex error. */
async function loadRecogniser() {
  try {
    return await recogniser();
  } catch (error) {
    throw new NewsdexError('Recogniser', `newsdex: could not load the recogniser module: ${error?.message ?? error}`, { cause: error });
  }
}

/** @param {unknown} source */
function toBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new NewsdexError('InvalidArgument', 'newsdex: load() takes a Uint8Array, an ArrayBuffer, another typed array, or nothing for the embedded index');
}

/** `url` as fetch() would read it: relative to the page's base URL (a worker's location). */
function resolve(url) {
  try {
    return new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href);
  } catch (error) {
    throw new NewsdexError('InvalidArgument', `newsdex: open() takes a URL, absolute or relative to the page, not ${JSON.stringify(String(url))}`, { cause: error });
  }
}

/** The fields of an article that hold text. */
const TEXT_FIELDS = ['id', 'title', 'source', 'date', 'url', 'section', 'description', 'body'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses an article whose text holds a lone surrogate: such a string is not text, the
 * engine could only store it changed (U+FFFD in its place), and an index must give back what
 * it was given. */
function refuseLoneSurrogates(articles) {
  articles.forEach((article, i) => {
    for (const field of TEXT_FIELDS) {
      const value = article?.[field];
      const at = typeof value === 'string' ? value.search(LONE_SURROGATE) : -1;
      if (at >= 0) {
        // The engine's code for a field it refuses, as it would refuse this one if it could see it.
        throw new NewsdexError('InvalidField', `newsdex: articles[${i}].${field} holds a lone surrogate (\\u${value.charCodeAt(at).toString(16).toUpperCase()}) at UTF-16 offset ${at}: it is not text, so it cannot be indexed as given`);
      }
    }
  });
}

/** Build options with warnings going to the console unless the caller takes them. */
function withWarnings(options) {
  return { ...options, onWarning: options.onWarning ?? ((message) => console.warn(message)) };
}

/**
 * Search options as the engine takes them: a `Date` for `now` as its ISO 8601 text.
 * @param {import('./index.js').SearchOptions | undefined} options
 */
function searchOptions(options) {
  return options?.now instanceof Date ? { ...options, now: options.now.toISOString() } : options;
}

/**
 * Whether the engine's `answer` is a sharded index's request for bytes of its chunk files.
 * @param {any} answer
 * @returns {answer is import('./newsdex.js').Needs}
 */
function isNeeds(answer) {
  return Boolean(answer && answer.needs);
}

const constructing = Symbol('newsdex.constructing');

/** An opened newsdex index. Create one with `await Newsdex.load()`. */
export class Newsdex {
  /** @type {Engine | undefined} */
  #engine;
  /** @type {string | null} */
  #failure = null;
  /** @type {ChunkFetcher | null} */
  #chunks = null;
  #cacheBytes = 64 << 20;
  /** Where a sharded index's core came from, for keepOffline.
   * @type {{ url: string, bytes: number, fetch: import('./chunks.js').FetchFunction } | null} */
  #core = null;

  constructor(token, engine) {
    if (token !== constructing) throw new NewsdexError('InvalidArgument', 'newsdex: use `await Newsdex.load()` to open an index');
    this.#engine = engine;
  }

  /**
   * Fetches an index from `url` and opens it. A sharded index's core (`newsdex build
   * --shards`) fetches its chunk files from beside it as searches need them: use
   * `searchAsync` and `articleAsync` with it. Options: `fetch` (default `globalThis.fetch`),
   * `cacheBytes`, how many fetched chunk bytes to keep (default 64 MiB).
   */
  static async open(url, options = {}) {
    // Wrapped, so that it is never called with another `this` (Window's fetch refuses that).
    const fetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const base = resolve(url);
    // The search module downloads and compiles while the index file downloads; a failure is
    // reported by load() below, which waits for the same load (or tries it once more).
    ready().catch(() => {});
    const response = await fetchOk(fetchFunction, base.href);
    const bytes = await bodyBytes(response, base.href);
    const dex = await Newsdex.load(bytes);
    const chunks = dex.#call((engine) => engine.chunks());
    if (chunks) {
      dex.#chunks = new ChunkFetcher(chunks, base, fetchFunction);
      dex.#core = { url: base.href, bytes: bytes.length, fetch: fetchFunction };
    }
    if (options.cacheBytes !== undefined) dex.#cacheBytes = options.cacheBytes;
    return dex;
  }

  /** Opens index bytes, or the seeds index compiled into the module when called without them. */
  static async load(bytes) {
    await ready();
    const input = bytes === undefined || bytes === null ? undefined : toBytes(bytes);
    try {
      return new Newsdex(constructing, Engine.open(input));
    } catch (error) {
      throw asNewsdexError(error);
    }
  }

  /**
   * Builds index bytes from article objects (`{ id, body, title, source, date, url, section,
   * description }`) inside the recogniser module (fetched on first use), for `Newsdex.load`.
   * Options: `store`, `entities` (default true), `onProgress(done, total)`, `onWarning(message)`
   * (default `console.warn`).
   */
  static async build(articles, options = {}) {
    const list = Array.isArray(articles) ? articles : Array.from(articles ?? []);
    refuseLoneSurrogates(list);
    const builder = await loadRecogniser();
    try {
      return builder.buildArticles(list, withWarnings(options));
    } catch (error) {
      throw asNewsdexError(error);
    }
  }

  /**
   * Builds index bytes from files' contents, `[{ name, bytes }]`: `.txt` seed articles (the
   * name's stem is the id) and `.jsonl` files, read by the same parsers as the Rust CLI.
   * Options as for `build`; progress counts bytes.
   */
  static async buildFiles(files, options = {}) {
    const inputs = Array.from(files, ({ name, bytes }) => ({ name, bytes: toBytes(bytes) }));
    const builder = await loadRecogniser();
    try {
      return builder.buildFiles(inputs, withWarnings(options));
    } catch (error) {
      throw asNewsdexError(error);
    }
  }

  /**
   * Runs `work` on the engine; a trap (a bug) leaves the instance unusable rather than wrong.
   * @template T
   * @param {(engine: Engine) => T} work
   * @returns {T}
   */
  #call(work) {
    if (this.#failure) throw new NewsdexError('Trap', `newsdex: this index stopped after an internal error (${this.#failure})`);
    if (!this.#engine) throw new NewsdexError('Closed', 'newsdex: this index was closed');
    try {
      return work(this.#engine);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) this.#failure = error.message;
      throw asNewsdexError(error);
    }
  }

  /** Searches the index: `{ total, tookMs, hits }`. */
  search(query, options) {
    if (typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: search() takes the query as a string');
    const asked = searchOptions(options);
    return this.#answered(this.#call((engine) => engine.search(query, asked)), 'search');
  }

  /** An article, with the matches of `options.query` marked. */
  article(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: article() takes the id as a string');
    return this.#answered(this.#call((engine) => engine.article(id, options)), 'article');
  }

  /** As `search`, fetching what a sharded index needs first (any index works). */
  async searchAsync(query, options) {
    if (typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: searchAsync() takes the query as a string');
    const asked = searchOptions(options);
    return this.#fetching((engine) => engine.search(query, asked));
  }

  /** As `article`, fetching the article's text from a sharded index's chunks first. */
  async articleAsync(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: articleAsync() takes the id as a string');
    return this.#fetching((engine) => engine.article(id, options));
  }

  /** For a sharded index: `{ requests, bytes, rounds }` fetched from its chunk files so far
   * (a round being requests made together), and the chunk bytes kept now (`keptBytes`);
   * `null` for a single-file index. */
  fetched() {
    if (!this.#chunks) return null;
    const { requests, bytes, rounds } = this.#chunks;
    return { requests, bytes, rounds, keptBytes: this.#call((engine) => engine.fetchedBytes()) };
  }

  /**
   * Fetches the whole of a sharded index, its core and every chunk file, into the Cache API
   * (the cache `options.cache`, by default OFFLINE_CACHE), where a service worker such as the
   * pages' www/sw.js answers its byte ranges from when there is no network. Chunk files kept
   * already are not fetched again. `options.onProgress({ loaded, total })` hears of every
   * arrival, in bytes: `total` is the core's and the chunk files' length, known before the
   * first byte.
   */
  async keepOffline(options = {}) {
    const chunks = this.#chunks;
    const core = this.#core;
    if (!chunks || !core) {
      throw new NewsdexError('NotSharded', 'newsdex: keepOffline() keeps a sharded index (`newsdex build --shards`) opened with Newsdex.open(url); this index is whole in memory already, with nothing more to fetch');
    }
    const layout = this.#call((engine) => engine.chunks());
    const { count, chunkBytes, packBytes } = layout;
    // The core is fetched again (its bytes were not kept after opening): it must still be the
    // one whose chunks are kept, or the kept chunks would answer another index's requests.
    const sameIndex = (bytes) => {
      let engine;
      try {
        engine = Engine.open(bytes);
        if (JSON.stringify(engine.chunks()) === JSON.stringify(layout)) return;
      } catch {
        // Not an index this module opens: certainly not the one that was opened.
      } finally {
        engine?.free();
      }
      throw new NewsdexError('ChunkMismatch', `newsdex: ${core.url} has changed since it was opened: open it again to keep it`);
    };
    /** @type {import('./offline.js').KeptFile[]} */
    const files = [{ url: core.url, bytes: core.bytes, reuse: false, check: sameIndex }];
    for (let chunk = 0; chunk < count; chunk += 1) {
      files.push({ url: chunks.url(chunk), bytes: Math.min(chunkBytes, packBytes - chunk * chunkBytes), reuse: true });
    }
    await keepFiles(files, { fetch: core.fetch, cacheName: options.cache ?? OFFLINE_CACHE, onProgress: options.onProgress });
  }

  /**
   * @template T
   * @param {T | import('./newsdex.js').Needs} result
   * @param {string} method
   * @returns {T}
   */
  #answered(result, method) {
    if (isNeeds(result)) {
      throw new NewsdexError('NotFetched', `newsdex: this index is sharded and needs bytes from its chunk files first: use \`await dex.${method}Async(...)\``);
    }
    return result;
  }

  /**
   * @template T
   * @param {(engine: Engine) => T | import('./newsdex.js').Needs} request
   * @returns {Promise<T>}
   */
  async #fetching(request) {
    if (this.#chunks && this.#call((engine) => engine.fetchedBytes()) > this.#cacheBytes) {
      this.#call((engine) => engine.forget());
      this.#chunks.forget();
    }
    // A search fetches its rarer terms' postings and its common terms' skip tables, then the
    // blocks of the common terms at the articles still in question (a round for each common
    // term while many are), then its hits' text. Every round fetches bytes the engine did not
    // have, so this ends; the bound only guards against a host that sends other bytes.
    for (let round = 0; round < MAX_FETCH_ROUNDS; round += 1) {
      const result = this.#call(request);
      if (!isNeeds(result)) return result;
      if (!this.#chunks) throw new NewsdexError('NotFetched', 'newsdex: this index asked for chunk bytes but was not opened with Newsdex.open(url)');
      try {
        // Through #call, so that an index closed while the bytes were on their way says so.
        await this.#chunks.supply((at, bytes) => this.#call((engine) => engine.supply(at, bytes)), result.needs);
      } catch (error) {
        throw asNewsdexError(error);
      }
    }
    throw new NewsdexError('ChunkMismatch', 'newsdex: the chunk files did not give the index what it asked for');
  }

  /** The entity with `id`: `{ id, type, name, aliases, articles, mentions }`. */
  entity(id) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entity() takes the id as a string');
    return this.#answered(this.#call((engine) => engine.entity(id)), 'entity');
  }

  /** As `entity`, fetching the piece that holds it from a sharded index's chunks first. */
  async entityAsync(id) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entityAsync() takes the id as a string');
    return this.#fetching((engine) => engine.entity(id));
  }

  /** Names in any text, found by the recogniser (its module is fetched on first use) and
   * linked to this index's entities: `[{ start, end, type, text, entity }]`. */
  async entities(text) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entities() takes a string');
    const tagger = await loadRecogniser();
    let names;
    try {
      names = tagger.tag(text);
    } catch (error) {
      throw asNewsdexError(error);
    }
    return this.#fetching((engine) => engine.link(names));
  }

  /** The matches of `query` in any text, as `[[start, end]]` UTF-16 offsets. */
  marks(text, query) {
    if (typeof text !== 'string' || typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: marks() takes the text and the query as strings');
    return this.#answered(this.#call((engine) => engine.marks(text, query)), 'marks');
  }

  /** As `marks`, fetching the pieces of the query's words from a sharded index's chunks first. */
  async marksAsync(text, query) {
    if (typeof text !== 'string' || typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: marksAsync() takes the text and the query as strings');
    return this.#fetching((engine) => engine.marks(text, query));
  }

  /** Completions of entity names and words for what is typed: `{ entities, words }`. */
  suggest(text) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: suggest() takes a string');
    return this.#answered(this.#call((engine) => engine.suggest(text)), 'suggest');
  }

  /** As `suggest`, fetching the dictionary pieces it reads from a sharded index's chunks first. */
  async suggestAsync(text) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: suggestAsync() takes a string');
    return this.#fetching((engine) => engine.suggest(text));
  }

  /** The analyser's tokens of `text` (how newsdex splits, folds and stems it). */
  analyze(text) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: analyze() takes a string');
    return this.#call((engine) => engine.analyze(text));
  }

  /** Figures about the index. */
  stats() {
    return this.#call((engine) => engine.stats());
  }

  /** Frees the index's memory in the wasm module; the instance cannot be used afterwards. */
  close() {
    this.#engine?.free();
    this.#engine = undefined;
  }
}
