// newsdex for browsers and bundlers: an async-loading wrapper around the wasm engine.
// node.js instantiates the first module synchronously and re-exports this module.
import init, * as firstModule from './newsdex_lite.js';
import { ChunkFetcher, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, MAX_FETCH_ROUNDS, fetchBody, throwIfAborted } from './chunks.js';
import { NewsdexError, asNewsdexError } from './errors.js';
import { OFFLINE_CACHE, keepFiles } from './offline.js';
import { recogniser } from './recogniser.js';
import { searchModule } from './search-module.js';
import { SegmentFetcher, fetchRelated, isManifest, onlySegment, openSegments, parseManifest } from './segments.js';
import { seedsBytes } from './seeds.js';

export { NewsdexError, OFFLINE_CACHE };

/** @typedef {typeof import('./newsdex.js')} SearchModule */
/** @typedef {typeof import('./newsdex_lite.js')} FirstModule */
/** @typedef {typeof import('./newsdex_segments.js')} SegmentsModule */
/** @typedef {import('./newsdex.js').Engine | import('./newsdex_lite.js').Engine | import('./newsdex_segments.js').Engine} AnyEngine */

let initialising;

/** Instantiates the first module once (a no-op when node.js has done it already). */
function ready() {
  initialising ??= init().catch((error) => {
    initialising = undefined;
    throw new NewsdexError('SearchModule', `newsdex: could not load the search module: ${error?.message ?? error}`, { cause: error });
  });
  return initialising;
}

/** The search module, with a failure to fetch it reported as a newsdex error. */
async function loadSearchModule() {
  try {
    return await searchModule();
  } catch (error) {
    throw new NewsdexError('SearchModule', `newsdex: could not load the search module: ${error?.message ?? error}`, { cause: error });
  }
}

/** What a request's closure gives when the first module lacks its method: as the first
 * module's own answer to a search it leaves to the search module. */
const FULL = Object.freeze({ full: true });

/**
 * Whether `answer` is the first module's word that the search module must answer it.
 * @param {any} answer
 * @returns {answer is import('./newsdex_lite.js').Full}
 */
function isFull(answer) {
  return Boolean(answer && answer.full === true);
}

/** The recogniser module, with a failure to fetch it reported as a newsdex error. */
async function loadRecogniser() {
  try {
    return await recogniser();
  } catch (error) {
    // The module is built with wasm SIMD, which a browser older than Chrome 91, Firefox 89 or
    // Safari 16.4 refuses to compile: say so rather than leave a bare validation message.
    const simd = error instanceof WebAssembly.CompileError ? ' (it needs WebAssembly SIMD: Chrome 91, Firefox 89, Safari 16.4, node 16.4 or later)' : '';
    throw new NewsdexError('Recogniser', `newsdex: could not load the recogniser module${simd}: ${error?.message ?? error}`, { cause: error });
  }
}

/**
 * Runs `work` on the recogniser module. The module keeps no index, so after a trap (out of
 * memory, or a bug) it starts afresh: a new instance, with new memory, whose one-time set-up
 * (the model, decoded on first use) runs again rather than staying cut short.
 * @template T
 * @param {(module: typeof import('./newsdex_recogniser.js')) => T} work
 * @returns {Promise<T>}
 */
async function recognise(work) {
  const module = await loadRecogniser();
  try {
    return work(module);
  } catch (error) {
    const reported = trapError(error, module);
    if (error instanceof WebAssembly.RuntimeError) module.__wbg_reset_state();
    throw reported;
  }
}

/**
 * `error`, thrown by a call of `module`, as a NewsdexError. Rust aborts on a failed allocation
 * without a panic, so a trap at `unreachable` that no panic came before is the module out of
 * memory (wasm memory stops at 4 GiB, and browsers may refuse to grow it sooner).
 * @param {unknown} error
 * @param {{ tookPanic(): boolean, memoryBytes(): number }} module
 */
function trapError(error, module) {
  if (!(error instanceof WebAssembly.RuntimeError)) return asNewsdexError(error);
  if (!module.tookPanic() && /unreachable/i.test(error.message)) {
    const megabytes = Math.round(module.memoryBytes() / 2 ** 20);
    return new NewsdexError('OutOfMemory', `newsdex: out of memory (${megabytes} MB of wasm memory in use)`, { cause: error });
  }
  return asNewsdexError(error);
}

/** Frees `engine` of `module`. One that trapped in the middle of a call may refuse
 * (wasm-bindgen still counts it as borrowed): its memory is lost, and the module and other
 * indexes go on.
 * @param {{ engine: AnyEngine | undefined, module: SearchModule | FirstModule | SegmentsModule }} opened */
function freeEngine({ engine, module }) {
  try {
    engine?.free();
  } catch {
    module.tookPanic();
  }
}

/** Frees an index its caller dropped without `close()`, when the garbage collector finds it:
 * a backstop only, since a collection comes when the JavaScript heap fills, which the index's
 * memory (in the wasm module) does not. */
const dropped = new FinalizationRegistry(freeEngine);

/** A sharded index's chunk files as the fetcher reads them (`{ name, chunkBytes, count,
 * packBytes, files }`), or null. A chunk file is named by its xxh3 (8 bytes little-endian
 * from `chunkHashes`), as `Chunks::file_name` in crates/format names it; null for a segmented
 * index's engine, whose parts have chunk files of their own.
 * @param {AnyEngine} engine */
function chunkLayout(engine) {
  if (!('chunkHashes' in engine)) return null;
  const chunks = engine.chunks();
  if (!chunks) return null;
  const hashes = engine.chunkHashes();
  const files = [];
  for (let at = 0; at < hashes.length; at += 8) {
    const hex = [...hashes.subarray(at, at + 8)].reverse().map((byte) => byte.toString(16).padStart(2, '0')).join('');
    files.push(`${chunks.name}-${hex}.chunk`);
  }
  return { ...chunks, files };
}

/** `options[name]`, a whole number from `least` to 2^31 − 1 (setTimeout's limit), or `fallback`. */
function countOption(options, name, fallback, least) {
  const value = options[name];
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < least || value > 2 ** 31 - 1) {
    throw new NewsdexError('InvalidArgument', `newsdex: open() takes options.${name} as a whole number from ${least} to 2147483647, not ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
  return value;
}

/** Whether every range of `needs` lies inside the union of `asked`. */
function within(needs, asked) {
  const spans = [...asked].sort((a, b) => a[0] - b[0]);
  return needs.every(([start, end]) => {
    let reached = start;
    for (const [from, to] of spans) {
      if (from > reached) break;
      reached = Math.max(reached, to);
    }
    return reached >= end;
  });
}

/** @param {unknown} source */
function toBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new NewsdexError('InvalidArgument', 'newsdex: load() takes a Uint8Array, an ArrayBuffer, another typed array, or nothing for the seeds index');
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
const TEXT_FIELDS = ['id', 'title', 'source', 'date', 'url', 'section', 'description', 'body', 'lang'];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What `value` is, for a message: "null", "an array", "an object", "a string", … */
function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** What `articleCopies` is given for `facets` to copy every field of each article. */
const EVERY_FIELD = Symbol('every field');

/**
 * Plain copies of `articles`, each field read once, which is all the recogniser module reads:
 * an object whose getter throws, or that changes between two reads, is refused or read once
 * here, where the error can name the article and the field. A lone surrogate is refused too:
 * such a string is not text, the engine could only store it changed (U+FFFD in its place),
 * and an index must give back what it was given. The build's facet fields are copied with
 * the text fields (an array of strings stays one, checked string by string).
 * @param {unknown[]} articles
 * @param {unknown} facets the build's `facets` option, or `EVERY_FIELD`
 */
function articleCopies(articles, facets) {
  const named = [...new Set([...TEXT_FIELDS, ...(Array.isArray(facets) ? facets.filter((f) => typeof f === 'string') : [])])];
  return articles.map((article, i) => {
    if (typeof article !== 'object' || article === null || Array.isArray(article)) {
      throw new NewsdexError('InvalidArgument', `newsdex: articles[${i}] is ${kindOf(article)}, not an article object ({ id, body, … })`);
    }
    // An index extended decides the facet fields, which only the recogniser module reads from
    // it: every field is copied for it to choose from.
    const fields = facets === EVERY_FIELD ? [...new Set([...TEXT_FIELDS, ...Object.keys(article)])] : named;
    /** @type {Record<string, unknown>} */
    const copy = {};
    for (const field of fields) {
      let value;
      try {
        value = /** @type {Record<string, unknown>} */ (article)[field];
      } catch (error) {
        throw new NewsdexError('InvalidField', `newsdex: articles[${i}].${field} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (value === undefined) continue;
      for (const text of Array.isArray(value) ? value : [value]) {
        const at = typeof text === 'string' ? text.search(LONE_SURROGATE) : -1;
        if (at >= 0) {
          // The engine's code for a field it refuses, as it would refuse this one if it could see it.
          throw new NewsdexError('InvalidField', `newsdex: articles[${i}].${field} holds a lone surrogate (\\u${text.charCodeAt(at).toString(16).toUpperCase()}) at UTF-16 offset ${at}: it is not text, so it cannot be indexed as given`);
        }
      }
      copy[field] = Array.isArray(value) ? [...value] : value;
    }
    return copy;
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
  /** @type {AnyEngine | undefined} */
  #engine;
  /** The module of #engine: the first module, the search module, or the segments module.
   * @type {SearchModule | FirstModule | SegmentsModule} */
  #module;
  /** A sharded core's bytes while the first module holds it, for the search module to open
   * when a request asks for more than the first module answers.
   * @type {Uint8Array | null} */
  #coreBytes = null;
  /** @type {Promise<void> | undefined} */
  #upgrading;
  /** @type {string | null} */
  #failure = null;
  /** @type {ChunkFetcher | SegmentFetcher | null} */
  #chunks = null;
  #cacheBytes = 64 << 20;
  /** Where a sharded index's core (or a segmented index's manifest, with its bytes) came
   * from, for keepOffline.
   * @type {{ url: string, bytes: number, policy: import('./chunks.js').FetchPolicy, manifest?: Uint8Array } | null} */
  #core = null;
  /** The ranges of the pack each request under way has asked for: eviction keeps them, so a
   * request finds again every byte it was given, and each of its rounds asks for more.
   * @type {Set<Array<[number, number]>>} */
  #asked = new Set();
  /** Evictions so far: a round after one may ask again for bytes another request brought. */
  #evictions = 0;
  /** A segmented index's related files, left out at opening: fetched once, by the first
   * request that reads them (`#relatedFetched`), then null.
   * @type {{ urls: string[], policy: import('./chunks.js').FetchPolicy, loading: Promise<void> | null } | null} */
  #related = null;

  constructor(token, engine, module) {
    if (token !== constructing) throw new NewsdexError('InvalidArgument', 'newsdex: use `await Newsdex.load()` to open an index');
    this.#engine = engine;
    this.#module = module;
    dropped.register(this, { engine, module }, this);
  }

  /**
   * Opens `bytes` in `module`.
   * @param {Uint8Array} bytes
   * @param {SearchModule | FirstModule} module
   */
  static #opened(bytes, module) {
    try {
      return new Newsdex(constructing, module.Engine.open(bytes), module);
    } catch (error) {
      throw trapError(error, module);
    }
  }

  /**
   * Opens `bytes` in the first module, which opens sharded cores only: a single file, in
   * memory whole, opens in the search module, whose synchronous methods answer everything.
   * @param {Uint8Array} bytes
   */
  static async #openedFirst(bytes) {
    try {
      return new Newsdex(constructing, firstModule.Engine.open(bytes), firstModule);
    } catch (error) {
      if (/** @type {{ code?: unknown }} */ (error)?.code !== 'LeftToSearchModule') throw trapError(error, firstModule);
    }
    return Newsdex.#opened(bytes, await loadSearchModule());
  }

  /**
   * Fetches an index from `url` and opens it. A sharded index's core (`newsdex build
   * --shards`) fetches its chunk files from beside it as searches need them: use
   * `searchAsync` and `articleAsync` with it. Options: `fetch` (default `globalThis.fetch`),
   * `cacheBytes`, how many fetched chunk bytes to keep (default 64 MiB), `timeoutMs`, how long
   * a fetch may wait for a byte before it is aborted (default 20 s), `retries`, how many times
   * a fetch that failed for a reason that may pass is tried again (default 2), `signal`, and
   * `lite` (default true): a sharded index starts in the first module, which answers a page of
   * hits by relevance in fewer bytes and moves to the search module when a request asks for
   * more; `false` starts in the search module, for a page that asks for facets at once.
   */
  static async open(url, options = {}) {
    // Wrapped, so that it is never called with another `this` (Window's fetch refuses that).
    const fetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const policy = {
      fetch: fetchFunction,
      timeoutMs: countOption(options, 'timeoutMs', DEFAULT_TIMEOUT_MS, 1),
      retries: countOption(options, 'retries', DEFAULT_RETRIES, 0),
    };
    let base = resolve(url);
    if (options.lite !== undefined && typeof options.lite !== 'boolean') {
      throw new NewsdexError('InvalidArgument', `newsdex: open() takes options.lite as true or false, not ${kindOf(options.lite)}`);
    }
    const lite = options.lite ?? true;
    // The module downloads and compiles while the index file downloads; a failure is reported
    // below, which waits for the same load (or tries it once more).
    (lite ? ready() : loadSearchModule()).catch(() => {});
    let { bytes } = await fetchBody(policy, base.href, { signal: options.signal });
    const only = isManifest(bytes) ? onlySegment(bytes) : null;
    if (only) {
      // One segment (as `newsdex compact` leaves it) is a sharded index of its own, which
      // answers everything.
      base = new URL(only, base);
      ({ bytes } = await fetchBody(policy, base.href, { signal: options.signal }));
    } else if (isManifest(bytes)) {
      const parts = await parseManifest(bytes, base.href);
      const { module, engine, cores, related } = await openSegments(parts, base, policy, options.signal).catch((error) => {
        throw asNewsdexError(error);
      });
      const dex = new Newsdex(constructing, engine, module);
      if (related.length) dex.#related = { urls: related, policy, loading: null };
      dex.#chunks = new SegmentFetcher(dex.#call((opened) => /** @type {import('./newsdex_segments.js').Engine} */ (opened).parts()), cores, base, policy);
      dex.#core = { url: base.href, bytes: bytes.length, policy, manifest: bytes };
      if (options.cacheBytes !== undefined) dex.#cacheBytes = options.cacheBytes;
      return dex;
    }
    const dex = lite ? (await ready(), await Newsdex.#openedFirst(bytes)) : await Newsdex.load(bytes);
    const chunks = dex.#call(chunkLayout);
    if (chunks) {
      dex.#chunks = new ChunkFetcher(chunks, base, policy);
      dex.#core = { url: base.href, bytes: bytes.length, policy };
    }
    if (options.cacheBytes !== undefined) dex.#cacheBytes = options.cacheBytes;
    if (dex.#module === firstModule) dex.#coreBytes = bytes;
    return dex;
  }

  /**
   * Opens index bytes, or the seeds index (`seeds.ndx`, beside the module, fetched then) when
   * called without them.
   */
  static async load(bytes) {
    const seeds = bytes === undefined || bytes === null;
    const [input, module] = await Promise.all([seeds ? seedsBytes() : toBytes(bytes), loadSearchModule()]);
    return Newsdex.#opened(input, module);
  }

  /**
   * Opens the core again in the search module, which answers every request, hands it the
   * chunk bytes the first module's engine kept, and frees that one. Requests under way go on
   * in the new engine, which has every byte they were given.
   */
  async #moveToSearchModule() {
    this.#upgrading ??= (async () => {
      const module = await loadSearchModule();
      const core = this.#coreBytes;
      if (!this.#engine || !core) return;
      const before = { engine: this.#engine, module: this.#module };
      const kept = this.#call((first) => ('kept' in first ? first.kept() : []));
      let engine;
      try {
        engine = module.Engine.open(core);
        for (let i = 0; i < kept.length; i += 2) engine.supply(/** @type {number} */ (kept[i]), /** @type {Uint8Array} */ (kept[i + 1]));
      } catch (error) {
        engine?.free();
        throw trapError(error, module);
      }
      dropped.unregister(this);
      this.#engine = engine;
      this.#module = module;
      this.#coreBytes = null;
      dropped.register(this, { engine, module }, this);
      freeEngine(before);
    })().finally(() => {
      this.#upgrading = undefined;
    });
    return this.#upgrading;
  }

  /**
   * Builds index bytes from article objects (`{ id, body, title, source, date, url, section,
   * description, lang }`) inside the recogniser module (fetched on first use), for `Newsdex.load`.
   * Options: `store`, `entities` (default true), `lang` (the language of articles without
   * one, default `en`), `onProgress(done, total)`, `onWarning(message)` (default
   * `console.warn`). With `base`, the bytes of a single-file index built with a store, it
   * extends that index: its articles, less those with ids in `remove`, then these, each
   * replacing one of the same id, built with its options (the same bytes as a build of those
   * articles from scratch).
   */
  static async build(articles, options = {}) {
    if (typeof articles === 'string' || (articles !== undefined && articles !== null && typeof articles[Symbol.iterator] !== 'function')) {
      throw new NewsdexError('InvalidArgument', `newsdex: build() takes an array of article objects, not ${kindOf(articles)}`);
    }
    const base = options?.base;
    const extending = base !== undefined && base !== null;
    const list = articleCopies(Array.isArray(articles) ? articles : Array.from(articles ?? []), extending ? EVERY_FIELD : options?.facets);
    const asked = extending ? { ...options, base: toBytes(base) } : options;
    return recognise((builder) => builder.buildArticles(list, withWarnings(asked)));
  }

  /**
   * Builds index bytes from files' contents, `[{ name, bytes }]`: `.txt` seed articles (the
   * name's stem is the id) and `.jsonl` files, read by the same parsers as the Rust CLI.
   * Options as for `build`; progress counts bytes.
   */
  static async buildFiles(files, options = {}) {
    const inputs = Array.from(files, ({ name, bytes }) => ({ name, bytes: toBytes(bytes) }));
    return recognise((builder) => builder.buildFiles(inputs, withWarnings(options)));
  }

  /**
   * Runs `work` on the engine; a trap (a bug) leaves the instance unusable rather than wrong.
   * @template T
   * @param {(engine: AnyEngine) => T} work
   * @returns {T}
   */
  #call(work) {
    if (this.#failure) throw new NewsdexError('Trap', `newsdex: this index stopped after an internal error (${this.#failure})`);
    if (!this.#engine) throw new NewsdexError('Closed', 'newsdex: this index was closed');
    try {
      return work(this.#engine);
    } catch (error) {
      const reported = trapError(error, this.#module);
      if (error instanceof WebAssembly.RuntimeError) this.#failure = reported.message.replace(/^newsdex: /, '');
      throw reported;
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
    return this.#answered(this.#call((engine) => ('article' in engine ? engine.article(id, options) : FULL)), 'article');
  }

  /** As `search`, fetching what a sharded index needs first (any index works);
   * `options.signal` aborts it. */
  async searchAsync(query, options) {
    if (typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: searchAsync() takes the query as a string');
    const asked = searchOptions(options);
    return this.#fetching((engine) => engine.search(query, asked), options?.signal);
  }

  /** As `article`, fetching the article's text from a sharded index's chunks first;
   * `options.signal` aborts it. */
  async articleAsync(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: articleAsync() takes the id as a string');
    return this.#fetching((engine) => ('article' in engine ? engine.article(id, options) : FULL), options?.signal);
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
   * Fetches the whole of a sharded index, its core and every chunk file (a segmented index's
   * manifest, and every part's core and chunk files), into the Cache API
   * (the cache `options.cache`, by default OFFLINE_CACHE), where a service worker such as the
   * pages' www/sw.js answers its byte ranges from when there is no network. Chunk files kept
   * already are not fetched again. `options.onProgress({ loaded, total })` hears of every
   * arrival, in bytes: `total` is the files' length, known before the first byte.
   */
  async keepOffline(options = {}) {
    const chunks = this.#chunks;
    const core = this.#core;
    if (!chunks || !core) {
      throw new NewsdexError('NotSharded', 'newsdex: keepOffline() keeps a sharded index (`newsdex build --shards`) opened with Newsdex.open(url); this index is whole in memory already, with nothing more to fetch');
    }
    // The core or manifest is fetched again (its bytes were not kept after opening): it must
    // still be the one whose chunks are kept, or they would answer another index's requests.
    const changed = () => new NewsdexError('ChunkMismatch', `newsdex: ${core.url} has changed since it was opened: open it again to keep it`);
    /** @type {import('./offline.js').KeptFile[]} */
    const files = [];
    if (chunks instanceof SegmentFetcher) {
      // The related files, left out at opening, are kept too: fetched first (for their lengths,
      // and for the engine), then kept as they came, not fetched again.
      const bodies = new Map();
      await this.#relatedFetched(undefined, bodies);
      const manifest = /** @type {Uint8Array} */ (core.manifest);
      const sameManifest = (/** @type {Uint8Array} */ bytes) => {
        if (!bytes.every((byte, i) => byte === manifest[i])) throw changed();
      };
      // The parts are named by their content: the manifest names them, and is checked.
      const parts = chunks.keptFiles().map((file) => (bodies.has(file.url) ? { ...file, body: bodies.get(file.url) } : file));
      files.push({ url: core.url, bytes: core.bytes, reuse: false, check: sameManifest }, ...parts);
    } else {
      const layout = this.#call(chunkLayout);
      const sameIndex = (/** @type {Uint8Array} */ bytes) => {
        let engine;
        try {
          engine = /** @type {SearchModule | FirstModule} */ (this.#module).Engine.open(bytes);
          if (JSON.stringify(chunkLayout(engine)) === JSON.stringify(layout)) return;
        } catch {
          // Not an index this module opens: certainly not the one that was opened.
        } finally {
          engine?.free();
        }
        throw changed();
      };
      files.push({ url: core.url, bytes: core.bytes, reuse: false, check: sameIndex }, ...chunks.keptFiles());
    }
    await keepFiles(files, { policy: core.policy, cacheName: options.cache ?? OFFLINE_CACHE, onProgress: options.onProgress });
  }

  /**
   * @template T
   * @param {T | import('./newsdex.js').Needs} result
   * @param {string} method
   * @returns {T}
   */
  #answered(result, method) {
    if (isFull(result)) {
      throw new NewsdexError('NotFetched', `newsdex: this sharded index answers in its first module, which leaves this request to the search module: use \`await dex.${method}Async(...)\`, which fetches it, or open the index with { lite: false }`);
    }
    if (isNeeds(result)) {
      throw new NewsdexError('NotFetched', `newsdex: this index is sharded and needs bytes from its chunk files first: use \`await dex.${method}Async(...)\``);
    }
    return result;
  }

  /**
   * Runs `request`, fetching the chunk bytes it asks for until it answers.
   * @template T
   * @param {(engine: AnyEngine) => T | import('./newsdex.js').Needs | import('./newsdex_lite.js').Full} request
   * @param {AbortSignal} [signal]
   * @returns {Promise<T>}
   */
  async #fetching(request, signal) {
    /** @type {Array<[number, number]>} */
    const asked = [];
    this.#asked.add(asked);
    try {
      this.#evict();
      // A search fetches its rarer terms' postings and its common terms' skip tables, then the
      // blocks of the common terms at the articles still in question (a round for each common
      // term while many are), then its hits' text. Every round asks for bytes this request
      // has not asked for before (what it asked for is kept), so this ends; a round after an
      // eviction may ask again for what another request had brought, and is not counted.
      let rounds = 0;
      let evictions = this.#evictions;
      for (;;) {
        throwIfAborted(signal);
        const result = this.#call(request);
        if (isFull(result)) {
          await this.#moveToSearchModule();
          continue;
        }
        if (!isNeeds(result)) return result;
        if (!this.#chunks) throw new NewsdexError('NotFetched', 'newsdex: this index asked for chunk bytes but was not opened with Newsdex.open(url)');
        if (evictions === this.#evictions) rounds += 1;
        evictions = this.#evictions;
        if (rounds > MAX_FETCH_ROUNDS || within(result.needs, asked)) {
          throw new NewsdexError('ChunkMismatch', 'newsdex: the chunk files did not give the index what it asked for: it asks again for bytes they sent');
        }
        asked.push(...result.needs);
        try {
          // Through #call, so that an index closed while the bytes were on their way says so.
          await this.#chunks.supply((at, bytes) => this.#call((engine) => engine.supply(at, bytes)), result.needs, signal);
        } catch (error) {
          throw asNewsdexError(error);
        }
      }
    } finally {
      this.#asked.delete(asked);
    }
  }

  /** Fetches a segmented index's related files, left out at opening, and hands them to its
   * engine: once (requests at the same time wait for the same fetch; after a failure the next
   * request tries again). Nothing for any other index, or once they are in. When this call
   * fetches them, `bodies` (if given) gets each file's bytes by its address.
   * @param {AbortSignal} [signal]
   * @param {Map<string, Uint8Array>} [bodies] */
  async #relatedFetched(signal, bodies) {
    const related = this.#related;
    if (!related) return;
    related.loading ??= (async () => {
      const { lengths, bytes, files, bodies: fetched } = await fetchRelated(related.urls, related.policy, signal);
      files.forEach(({ url }, i) => bodies?.set(url, fetched[i]));
      this.#call((engine) => /** @type {import('./newsdex_segments.js').Engine} */ (engine).addRelated(lengths, bytes));
      /** @type {SegmentFetcher} */ (this.#chunks).addCores(files);
      this.#related = null;
    })();
    try {
      await related.loading;
    } catch (error) {
      related.loading = null;
      throw asNewsdexError(error);
    }
  }

  /** Drops the fetched chunk bytes past `cacheBytes`, but those that requests under way asked
   * for, which they would otherwise fetch again, round after round. */
  #evict() {
    if (!this.#chunks || this.#call((engine) => engine.fetchedBytes()) <= this.#cacheBytes) return;
    const keep = new Float64Array([...this.#asked].flat(2));
    this.#call((engine) => engine.retain(keep));
    this.#chunks.forget();
    this.#evictions += 1;
  }

  /** The entity with `id`: `{ id, type, name, aliases, articles, mentions, timeline, related }`. */
  entity(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entity() takes the id as a string');
    return this.#answered(this.#call((engine) => ('entity' in engine ? engine.entity(id, options) : FULL)), 'entity');
  }

  /** As `entity`, fetching the piece that holds it from a sharded index's chunks first;
   * `options.signal` aborts it. */
  async entityAsync(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entityAsync() takes the id as a string');
    return this.#fetching((engine) => ('entity' in engine ? engine.entity(id, options) : FULL), options?.signal);
  }

  /** The stories most like article `id`, best first: hits as `search`'s, at most
   * `options.limit` (default 5, at most 8). */
  related(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: related() takes the id as a string');
    return this.#answered(this.#call((engine) => ('related' in engine ? engine.related(id, options) : FULL)), 'related');
  }

  /** As `related`, fetching what a sharded index needs first; `options.signal` aborts it. */
  async relatedAsync(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: relatedAsync() takes the id as a string');
    // A segmented index's related files come on the first request that reads them.
    await this.#relatedFetched(options?.signal);
    return this.#fetching((engine) => ('related' in engine ? engine.related(id, options) : FULL), options?.signal);
  }

  /** The ids of the other copies of article `id`'s story (re-sent, corrected or lightly
   * edited), in index order. */
  duplicates(id) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: duplicates() takes the id as a string');
    return this.#answered(this.#call((engine) => ('duplicates' in engine ? engine.duplicates(id) : FULL)), 'duplicates');
  }

  /** As `duplicates`, fetching what a sharded index needs first; `options.signal` aborts it. */
  async duplicatesAsync(id, options) {
    if (typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: duplicatesAsync() takes the id as a string');
    return this.#fetching((engine) => ('duplicates' in engine ? engine.duplicates(id) : FULL), options?.signal);
  }

  /** Names in any text, found by the recogniser (its module is fetched on first use) and
   * linked to this index's entities: `[{ start, end, type, text, entity }]`; the names in
   * bylines and credits only with `options.credits`; `options.signal` aborts it. */
  async entities(text, options) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: entities() takes a string');
    const credits = options?.credits ?? false;
    if (typeof credits !== 'boolean') throw new NewsdexError('InvalidArgument', 'newsdex: entities() takes options.credits as a boolean');
    const names = await recognise((tagger) => tagger.tag(text, credits));
    const linked = /** @type {import('./index.js').Name[]} */ (await this.#fetching((engine) => ('link' in engine ? engine.link(names) : FULL), options?.signal));
    // The wasm reads a lone surrogate as U+FFFD, and a name may take one in (glued to a word):
    // its text is the caller's string at its offsets all the same.
    for (const name of linked) name.text = text.slice(name.start, name.end);
    return linked;
  }

  /** The matches of `query` in any text, as `[[start, end]]` UTF-16 offsets. */
  marks(text, query) {
    if (typeof text !== 'string' || typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: marks() takes the text and the query as strings');
    return this.#answered(this.#call((engine) => engine.marks(text, query)), 'marks');
  }

  /** As `marks`, fetching the pieces of the query's words from a sharded index's chunks
   * first; `options.signal` aborts it. */
  async marksAsync(text, query, options) {
    if (typeof text !== 'string' || typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: marksAsync() takes the text and the query as strings');
    return this.#fetching((engine) => engine.marks(text, query), options?.signal);
  }

  /** Completions of entity names and words for what is typed: `{ entities, words }`. */
  suggest(text) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: suggest() takes a string');
    return this.#answered(this.#call((engine) => ('suggest' in engine ? engine.suggest(text) : FULL)), 'suggest');
  }

  /** As `suggest`, fetching the dictionary pieces it reads from a sharded index's chunks
   * first; `options.signal` aborts it. */
  async suggestAsync(text, options) {
    if (typeof text !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: suggestAsync() takes a string');
    return this.#fetching((engine) => ('suggest' in engine ? engine.suggest(text) : FULL), options?.signal);
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
    dropped.unregister(this);
    const engine = this.#engine;
    this.#engine = undefined;
    this.#coreBytes = null;
    freeEngine({ engine, module: this.#module });
  }
}
