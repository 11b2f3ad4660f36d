// newsdex for browsers and bundlers: an async-loading wrapper around the wasm engine.
// node.js instantiates the wasm synchronously first and re-exports this module.
import init, { Engine } from './newsdex.js';
import { ChunkFetcher } from './chunks.js';
import { recogniser } from './recogniser.js';

let initialising;

/** Rounds of chunk fetches one request may take: a search takes one more than the common
 * words it has, and a query has at most 32 clauses and 32 exclusions. */
const MAX_ROUNDS = 70; // newsdex::MAX_FETCH_ROUNDS in Rust

/** Instantiates the wasm module once (a no-op when node.js has done it already). */
function ready() {
  initialising ??= init().then(schedulePriming, (error) => {
    initialising = undefined;
    throw asNewsdexError(error);
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

/** Errors from the engine already start with "newsdex:"; anything else is wrapped. */
function asNewsdexError(error) {
  if (error instanceof Error && error.message.startsWith('newsdex:')) return error;
  const wrapped = new Error(`newsdex: ${error instanceof Error ? error.message : String(error)}`);
  wrapped.cause = error;
  return wrapped;
}

/** The recogniser module, with a failure to fetch it reported as a newsdex error. */
async function loadRecogniser() {
  try {
    return await recogniser();
  } catch (error) {
    throw asNewsdexError(new Error(`could not load the recogniser module: ${error?.message ?? error}`, { cause: error }));
  }
}

function toBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError('newsdex: load() takes a Uint8Array, an ArrayBuffer, another typed array, or nothing for the embedded index');
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
        throw new Error(`newsdex: articles[${i}].${field} holds a lone surrogate (\\u${value.charCodeAt(at).toString(16).toUpperCase()}) at UTF-16 offset ${at}: it is not text, so it cannot be indexed as given`);
      }
    }
  });
}

/** Build options with warnings going to the console unless the caller takes them. */
function withWarnings(options) {
  return { ...options, onWarning: options.onWarning ?? ((message) => console.warn(message)) };
}

const constructing = Symbol('newsdex.constructing');

/** An opened newsdex index. Create one with `await Newsdex.load()`. */
export class Newsdex {
  #engine;
  #failure = null;
  #chunks = null;
  #cacheBytes = 64 << 20;

  constructor(token, engine) {
    if (token !== constructing) throw new TypeError('newsdex: use `await Newsdex.load()` to open an index');
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
    const fetchFunction = options.fetch ?? ((...args) => globalThis.fetch(...args));
    const base = new URL(url, globalThis.location?.href);
    let response;
    try {
      response = await fetchFunction(base.href);
    } catch (error) {
      throw new Error(`newsdex: could not fetch ${base.href}: ${error?.message ?? error}`, { cause: error });
    }
    if (!response.ok) throw new Error(`newsdex: could not fetch ${base.href}: HTTP ${response.status}`);
    const dex = await Newsdex.load(new Uint8Array(await response.arrayBuffer()));
    const chunks = dex.#call((engine) => engine.chunks());
    if (chunks) dex.#chunks = new ChunkFetcher(chunks, base, fetchFunction);
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

  /** Runs `work` on the engine; a trap (a bug) leaves the instance unusable rather than wrong. */
  #call(work) {
    if (this.#failure) throw new Error(`newsdex: this index stopped after an internal error (${this.#failure})`);
    if (!this.#engine) throw new Error('newsdex: this index was closed');
    try {
      return work(this.#engine);
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) this.#failure = error.message;
      throw asNewsdexError(error);
    }
  }

  /** Searches the index: `{ total, tookMs, hits }`. */
  search(query, options) {
    if (typeof query !== 'string') throw new TypeError('newsdex: search() takes the query as a string');
    return this.#answered(this.#call((engine) => engine.search(query, options)), 'search');
  }

  /** An article, with the matches of `options.query` marked. */
  article(id, options) {
    if (typeof id !== 'string') throw new TypeError('newsdex: article() takes the id as a string');
    return this.#answered(this.#call((engine) => engine.article(id, options)), 'article');
  }

  /** As `search`, fetching what a sharded index needs first (any index works). */
  async searchAsync(query, options) {
    if (typeof query !== 'string') throw new TypeError('newsdex: searchAsync() takes the query as a string');
    return this.#fetching((engine) => engine.search(query, options));
  }

  /** As `article`, fetching the article's text from a sharded index's chunks first. */
  async articleAsync(id, options) {
    if (typeof id !== 'string') throw new TypeError('newsdex: articleAsync() takes the id as a string');
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

  #answered(result, method) {
    if (result && result.needs) {
      throw new Error(`newsdex: this index is sharded and needs bytes from its chunk files first: use \`await dex.${method}Async(...)\``);
    }
    return result;
  }

  async #fetching(request) {
    if (this.#chunks && this.#call((engine) => engine.fetchedBytes()) > this.#cacheBytes) {
      this.#call((engine) => engine.forget());
      this.#chunks.forget();
    }
    // A search fetches its rarer terms' postings and its common terms' skip tables, then the
    // blocks of the common terms at the articles still in question (a round for each common
    // term while many are), then its hits' text. Every round fetches bytes the engine did not
    // have, so this ends; the bound only guards against a host that sends other bytes.
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const result = this.#call(request);
      if (!result || !result.needs) return result;
      if (!this.#chunks) throw new Error('newsdex: this index asked for chunk bytes but was not opened with Newsdex.open(url)');
      try {
        await this.#chunks.supply(this.#engine, result.needs);
      } catch (error) {
        throw asNewsdexError(error);
      }
    }
    throw new Error('newsdex: the chunk files did not give the index what it asked for');
  }

  /** The entity with `id`: `{ id, type, name, aliases, articles, mentions }`. */
  entity(id) {
    if (typeof id !== 'string') throw new TypeError('newsdex: entity() takes the id as a string');
    return this.#call((engine) => engine.entity(id));
  }

  /** Names in any text, found by the recogniser (its module is fetched on first use) and
   * linked to this index's entities: `[{ start, end, type, text, entity }]`. */
  async entities(text) {
    if (typeof text !== 'string') throw new TypeError('newsdex: entities() takes a string');
    const tagger = await loadRecogniser();
    let names;
    try {
      names = tagger.tag(text);
    } catch (error) {
      throw asNewsdexError(error);
    }
    return this.#call((engine) => engine.link(names));
  }

  /** The matches of `query` in any text, as `[[start, end]]` UTF-16 offsets. */
  marks(text, query) {
    if (typeof text !== 'string' || typeof query !== 'string') throw new TypeError('newsdex: marks() takes the text and the query as strings');
    return this.#call((engine) => engine.marks(text, query));
  }

  /** Completions of entity names and words for what is typed: `{ entities, words }`. */
  suggest(text) {
    if (typeof text !== 'string') throw new TypeError('newsdex: suggest() takes a string');
    return this.#call((engine) => engine.suggest(text));
  }

  /** The analyser's tokens of `text` (how newsdex splits, folds and stems it). */
  analyze(text) {
    if (typeof text !== 'string') throw new TypeError('newsdex: analyze() takes a string');
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
