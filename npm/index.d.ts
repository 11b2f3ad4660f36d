/**
 * newsdex: client-side news search compiled from Rust to WebAssembly.
 *
 * Offsets in every `marks` array are UTF-16 code units, so `text.slice(start, end)` is the
 * marked text even after emoji or accented letters.
 *
 * @example
 * ```ts
 * import { Newsdex } from 'newsdex';
 * const dex = await Newsdex.load();            // the seeds index, a file beside the module
 * const { total, hits } = dex.search('kerry lavrov', { limit: 5 });
 * const article = dex.article(hits[0].id, { query: 'kerry lavrov' });
 * ```
 * @packageDocumentation
 */

/** A marked span: `[start, end)` in UTF-16 code units of the string it belongs to. */
export type Mark = [start: number, end: number];

/** Paging, order and extras for {@link Newsdex.search}. */
export interface SearchOptions {
  /** How many hits to return (default 10, at most 1000). */
  limit?: number;
  /** How many of the best hits to skip (default 0). */
  offset?: number;
  /** Count the entities, sources, dates and site facet values of all matching articles into `facets` (default true). */
  facets?: boolean;
  /**
   * The order of the hits (default `'relevance'`). `'newest'` and `'oldest'` order by date,
   * the best match first among articles of one day; articles without a date come last.
   */
  sort?: 'relevance' | 'newest' | 'oldest';
  /**
   * Blend relevance with recency: a match's score is multiplied by `1 + 2^(−age / recency)`,
   * its age in days counted from `now`, so today's match counts up to twice, one `recency`
   * days old one and a half times. The half-life in days, over 0.
   */
  recency?: number;
  /** The day `recency` counts from, ISO 8601 (`'2016-04-30'`) or a `Date` (default: the newest article's). */
  now?: string | Date;
  /**
   * One hit per story (default false): of the matches that are copies of one story (re-sent,
   * corrected or lightly edited, found at build), only the best is a hit, listing the others
   * in {@link Hit.duplicates}; `total` and the facets count stories.
   */
  collapse?: boolean;
}

/** Options of {@link Newsdex.entities}. */
export interface NamesOptions extends AsyncOptions {
  /** Find the names in bylines and credits too (default false: they are left out). */
  credits?: boolean;
}

/** Options of {@link Newsdex.entity}. */
export interface EntityOptions extends AsyncOptions {
  /**
   * With `false`, `timeline` and `related` are left empty: what a name, a link or a tooltip
   * needs, from the entity's record alone (a sharded index fetches one piece for it, and an
   * article's mentions bring it). Default true.
   */
  details?: boolean;
}

/** Options of {@link Newsdex.related}. */
export interface RelatedOptions extends AsyncOptions {
  /** How many related stories (default 5, at most 8). */
  limit?: number;
}

/** The four CoNLL-2003 entity types: person, location, organisation, other names. */
export type EntityType = 'PER' | 'LOC' | 'ORG' | 'MISC';

/** An entity named in a result. */
export interface EntityRef {
  /** The entity's id, e.g. `per/john-kerry`; pass it to {@link Newsdex.entity}. */
  id: string;
  /** Its type. */
  type: EntityType;
  /** Its canonical name. */
  name: string;
}

/** One facet entry: an entity or a source and how many matching articles have it. */
export interface FacetCount {
  /** The entity's id (absent for sources). */
  id?: string;
  /** The entity's canonical name, or the source. */
  name: string;
  /** How many matching articles mention it (or come from it). */
  count: number;
}

/** The entities of each type and the sources that occur in the most matching articles (top 10 each). */
export interface Facets {
  /** People. */
  PER: FacetCount[];
  /** Places. */
  LOC: FacetCount[];
  /** Organisations. */
  ORG: FacetCount[];
  /** Other names (nationalities, events, works …). */
  MISC: FacetCount[];
  /** Outlets and agencies. */
  source: FacetCount[];
  /**
   * The matches by period, oldest first: every year, month or day (whichever makes at most
   * about 24 periods) from the first match's to the last's, then `period: null` for those
   * without a date.
   */
  dates: PeriodCount[];
  /** Each site facet field of the index (`newsdex build --facet topics`) with its top 10 values: `fields.topics`. */
  fields: Record<string, ValueCount[]>;
}

/** Matching articles of one period of {@link Facets.dates}. */
export interface PeriodCount {
  /** `'1987'`, `'1987-03'` or `'1987-03-26'`; `null` for articles without a date. */
  period: string | null;
  /** How many. */
  count: number;
}

/** One value of a site facet field and how many matching articles have it. */
export interface ValueCount {
  /** The value as first written in the articles (filter with `field:"value"`, any case). */
  value: string;
  /** How many matching articles have it. */
  count: number;
}

/** A mention of an entity in an article's text. */
export interface Mention {
  /** UTF-16 offset of the mention's start. */
  start: number;
  /** UTF-16 offset just past the mention. */
  end: number;
  /** Its entity's type. */
  type: EntityType;
  /** Its entity's id. */
  entity: string;
}

/** An entity of the corpus, from {@link Newsdex.entity}. */
export interface Entity {
  /** Its id. */
  id: string;
  /** Its type. */
  type: EntityType;
  /** Its canonical name. */
  name: string;
  /** Every spelling of it in the corpus, most mentioned first (e.g. Sergei Lavrov, Sergey Lavrov, Lavrov). */
  aliases: string[];
  /** How many articles mention it. */
  articles: number;
  /** How many times it is mentioned in all. */
  mentions: number;
  /** Its articles by period (year, month or day, as {@link Facets.dates}), oldest first. */
  timeline: PeriodCount[];
  /** The entities in most of its articles (at least two), most first, at most 8. */
  related: Array<EntityRef & { count: number }>;
}

/** A name found in arbitrary text by {@link Newsdex.entities}. */
export interface Name {
  /** UTF-16 offset of the name's start. */
  start: number;
  /** UTF-16 offset just past the name. */
  end: number;
  /** Its type. */
  type: EntityType;
  /** The name as written. */
  text: string;
  /** The id of this index's entity of that type with this name (or alias), or `null`. */
  entity: string | null;
}

/** Completions from {@link Newsdex.suggest}. */
export interface Suggestions {
  /** Entities whose name (or a word of it) starts with the text, in most articles first. */
  entities: Array<EntityRef & { articles: number }>;
  /** Words starting with the text's last word (folded: lower case, no accents), in most articles first. */
  words: Array<{ word: string; articles: number }>;
}

/** A passage of an article's text with the query's matches marked. */
export interface Snippet {
  /** The passage; `…` where it was cut from longer text, line breaks as spaces. */
  text: string;
  /** The matches in `text`. */
  marks: Mark[];
}

/** What a hit and an article both show first. */
export interface ArticleHead {
  /** The article's id. */
  id: string;
  /** The headline ("" in a hit of an index built without the document store). */
  title: string;
  /** The outlet or agency, or `null` when unknown. */
  source: string | null;
  /** The publication date (ISO 8601), or `null` when unknown. */
  date: string | null;
  /** The article's address, or `null` when unknown. */
  url: string | null;
  /** The article's language tag as the build took it (`en` for English, and for articles
   * that gave none in a build without `lang`), for the `lang` attribute of what shows it;
   * `null` in a hit of an index built without the document store. */
  lang: string | null;
}

/** One matching article. */
export interface Hit extends ArticleHead {
  /** Relevance (higher is better; comparable within one search). */
  score: number;
  /** The query's matches in `title`. */
  titleMarks: Mark[];
  /** The best passage of the text. */
  snippet: Snippet;
  /** The entities the article mentions most (up to 5), most mentioned first. */
  entities: EntityRef[];
  /** With `collapse: true`, the ids of the other matches that are copies of this story, in
   * index order; else empty. */
  duplicates: string[];
}

/** The answer to {@link Newsdex.search}. */
export interface SearchResults {
  /** How many articles match in all: those matching the words as typed when they fill the
   * page (`offset + limit`), else those matching with misspellings too. An estimate when
   * `totalExact` is false. */
  total: number;
  /** Whether `total` counts every match. A sharded index answering a page of several words
   * from their headline lists reads only the matches that can make the page; `total` is then
   * an estimate (at least the matches found, at most the rarest word's articles): show it as
   * "about N". Single-file indexes, facets, sorting by date, recency and collapse always count
   * exactly. */
  totalExact: boolean;
  /** How long the search took inside the engine, in milliseconds. */
  tookMs: number;
  /** The requested page of hits, best first (fewest typos, then score, then id). */
  hits: Hit[];
  /** Entity and source counts over all matching articles (absent with `facets: false`). */
  facets?: Facets;
}

/** Options for {@link Newsdex.article}. */
export interface ArticleOptions {
  /** Mark this query's matches in the title, description and body. */
  query?: string;
}

/** Options of every `…Async` method. */
export interface AsyncOptions {
  /** Aborts the request: it rejects with the code `Aborted`, and fetches no other request
   * waits for are aborted too. */
  signal?: AbortSignal;
}

/** An article as the article view shows it. */
export interface Article extends ArticleHead {
  /** The publication's section (politics, sport …), or `null`. */
  section: string | null;
  /** The standfirst ("" when there is none). */
  description: string;
  /** The text; paragraphs are separated by a blank line. */
  body: string;
  /** The query's matches in `title`. */
  titleMarks: Mark[];
  /** The query's matches in `description`. */
  descriptionMarks: Mark[];
  /** The query's matches in `body`. */
  marks: Mark[];
  /** Entity mentions in `title`, in order. */
  titleMentions: Mention[];
  /** Entity mentions in `description`, in order. */
  descriptionMentions: Mention[];
  /** Entity mentions in `body`, in order. */
  mentions: Mention[];
}

/** Figures about an index. */
export interface Stats {
  /** Articles indexed (a segmented index's live articles). */
  articles: number;
  /** A segmented index's segments (absent for any other index); its terms, words, entities
   * and sources are those of its largest segment, and its `bytes` its parts' cores'. */
  segments?: number;
  /** Distinct terms (stems). */
  terms: number;
  /** Distinct words (folded surface forms). */
  words: number;
  /** The index's size in bytes. */
  bytes: number;
  /** Whether the index carries the article text. */
  hasStore: boolean;
  /** Named entities in the corpus. */
  entities: number;
  /** Whether the recogniser ran when the index was built. */
  hasEntities: boolean;
  /** Distinct sources. */
  sources: number;
  /** The index format version. */
  formatVersion: number;
}

/** One token of analysed text. */
export interface Token {
  /** The term as the index stores it: folded (case, diacritics) and stemmed. */
  term: string;
  /** UTF-16 offset of the word in the text. */
  start: number;
  /** UTF-16 offset just past the word. */
  end: number;
}

/** An article to index with {@link Newsdex.build}. */
export interface ArticleInput {
  /** A unique id (a string, or an integer). */
  id: string | number;
  /** The text; may be empty when there is a title. */
  body: string;
  /** The headline. */
  title?: string | null;
  /** The outlet or agency. */
  source?: string | null;
  /** The publication date, ISO 8601. */
  date?: string | null;
  /** The address. */
  url?: string | null;
  /** The publication's section. */
  section?: string | null;
  /** The standfirst. */
  description?: string | null;
  /** The article's language as a BCP 47 tag (`fr`, `pt-BR`, `zh`): its words are stemmed in
   * it (Snowball's stemmers: ar da de el en es fi fr hu it nl no pt ro ru sv ta tr; other
   * languages are not stemmed, Chinese, Japanese and Korean are read as character bigrams),
   * and names are found in English articles only. Default: {@link BuildOptions.lang}. */
  lang?: string | null;
  /** The values of the site facet fields named in {@link BuildOptions.facets}: a string or an array of strings. */
  [facet: string]: string | number | string[] | null | undefined;
}

/** Options for {@link Newsdex.build} and {@link Newsdex.buildFiles}. */
export interface BuildOptions {
  /** Keep the article text for results and the article view (default true). */
  store?: boolean;
  /** Run the named-entity recogniser and link the names (default true); it reads English
   * articles only. */
  entities?: boolean;
  /** The language of the articles that do not give theirs ({@link ArticleInput.lang}), as a
   * BCP 47 tag (default `en`); a value that is not a tag is refused (`InvalidOption`). */
  lang?: string;
  /**
   * Fields of the articles (a string or an array of strings each) to index as site facets:
   * filtered by `field:value` in queries, counted in `facets.fields`. A name the query
   * language uses (`title`, `source`, `person`, `date`, `since`, …) is refused (`InvalidFacet`).
   */
  facets?: string[];
  /** Called as the build goes: articles (or bytes, for files) done and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each article left out (e.g. with neither title nor body); default `console.warn`. */
  onWarning?: (message: string) => void;
  /**
   * The bytes of a single-file index, built with its store, to extend: the result holds its
   * articles (less those in `remove`), then the ones given, each replacing an article of the
   * same id, built with its options, so `store`, `entities` and `facets` are left
   * out (`InvalidOption`). It is what a build of those articles from scratch makes, byte for
   * byte; the articles are read back from its store (`NoStore` without one), and with
   * entities every article is tagged again.
   */
  base?: IndexBytes;
  /** Ids of articles of `base` to leave out (`UnknownArticle` for an id it lacks). */
  remove?: string[];
}

/** Bytes of an index file, as made by `newsdex build`. */
export type IndexBytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/** Options of {@link Newsdex.open}. */
export interface OpenOptions {
  /** The fetch function (default `globalThis.fetch`); it is given a `signal` to abort with. */
  fetch?: (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>;
  /** How many fetched chunk bytes a sharded index keeps before dropping them (default 64 MiB).
   * Bytes that requests under way asked for are kept until they finish, whatever this says,
   * so any value works, down to 1. */
  cacheBytes?: number;
  /** How long, in milliseconds, a fetch (of the index, and later of its chunks) may wait for
   * its response or for the next bytes of its body before it is aborted and tried again
   * (default 20,000: past the pauses of a mobile link or a loaded server, and about where a
   * reader gives up; a slow download that keeps sending bytes is never cut). */
  timeoutMs?: number;
  /** How many times a fetch that failed for a reason that may pass (a lost connection, a
   * stall, HTTP 408, 429 or 5xx) is tried again, 250 ms, 500 ms, 1 s, … apart (default 2). */
  retries?: number;
  /** Aborts opening (the code `Aborted`). */
  signal?: AbortSignal;
  /** Whether a sharded index starts in the first module (default true), which answers a page
   * of hits by relevance (`facets: false`) in fewer bytes than the search module and fetches
   * that module the first time a request asks for more: facets, `collapse`, a `sort` by date,
   * `recency`, a clause by entity, date or site facet, an article, entities, related stories,
   * copies or suggestions. The synchronous methods leave such a request to their `Async`
   * twins until then (the code `NotFetched`). `false` starts in the search module, for a page
   * whose first search asks for facets. */
  lite?: boolean;
}

/** Progress of {@link Newsdex.keepOffline}, in bytes. */
export interface KeepProgress {
  /** Bytes kept so far: fetched, or found kept already. */
  loaded: number;
  /** Bytes of the core and every chunk file, known before the first arrives. */
  total: number;
}

/** Options of {@link Newsdex.keepOffline}. */
export interface KeepOfflineOptions {
  /** Called when keeping starts (`loaded` 0) and as each piece of a file arrives; `loaded` only grows, and ends at `total`. */
  onProgress?: (progress: KeepProgress) => void;
  /** The Cache API cache to store into (default {@link OFFLINE_CACHE}, which the pages' service worker reads). */
  cache?: string;
}

/**
 * The Cache API cache {@link Newsdex.keepOffline} stores an index in unless told otherwise:
 * `'newsdex-archive'`, the cache the pages' service worker (`www/sw.js`) answers chunk files from.
 */
export declare const OFFLINE_CACHE: string;

/**
 * What went wrong, as {@link NewsdexError.code}. The engine's codes are the names of its Rust
 * `ErrorKind`s; the rest come from the JavaScript around it.
 */
export type NewsdexErrorCode =
  // Requests the index cannot answer.
  /** No article has the id asked for. */
  | 'UnknownArticle'
  /** No entity has the id asked for. */
  | 'UnknownEntity'
  /** The index was built without the document store, so it has no article text. */
  | 'NoStore'
  /** A sharded index needs bytes from its chunk files first: use the `…Async` method (`searchAsync`, `articleAsync`, `entityAsync`, `relatedAsync`, `duplicatesAsync`, `suggestAsync`, `marksAsync`) on an index from {@link Newsdex.open}. */
  | 'NotFetched'
  /** An option is out of range or of the wrong type. */
  | 'InvalidOption'
  /** Part of the query cannot be read: a date that is not one (`date:2016-13`). */
  | 'InvalidQuery'
  /** An argument has the wrong type or shape (also a bad command line for the `newsdex` command). */
  | 'InvalidArgument'
  // Corpora that cannot be built (`build`, `buildFiles`, the `newsdex` command).
  /** A file could not be read or written (by the `newsdex` command). */
  | 'Io'
  /** An input is neither a directory, a `.txt` article nor a `.jsonl` file. */
  | 'UnsupportedInput'
  /** An input is not UTF-8. */
  | 'InvalidUtf8'
  /** A line of a `.jsonl` file is not a JSON object. */
  | 'InvalidJson'
  /** An article lacks a required field. */
  | 'MissingField'
  /** A field of an article has the wrong type or value (a date that is not ISO 8601, text holding a lone surrogate). */
  | 'InvalidField'
  /** A facet field chosen for a build cannot be one (a query prefix, a repeated or unusable name). */
  | 'InvalidFacet'
  /** Two articles have the same id. */
  | 'DuplicateId'
  /** The inputs hold no articles to index. */
  | 'EmptyCorpus'
  // Index bytes that cannot be opened.
  /** The bytes are not a newsdex index. */
  | 'NotAnIndex'
  /** The index is of a format version this package does not read. */
  | 'Version'
  /** The index is cut short. */
  | 'Truncated'
  /** The bytes run past the length the index's header records. */
  | 'TrailingBytes'
  /** The index is damaged: its checksum does not match. */
  | 'ChecksumMismatch'
  /** A section the format requires is absent. */
  | 'MissingSection'
  /** A section's contents are inconsistent (bytes that pass the checksum but were not written by a newsdex builder). */
  | 'Corrupt'
  /** An input exceeds a documented limit of the format. */
  | 'TooLarge'
  /** A whole index cannot be split into a sharded one: it is sharded already, its postings were not built for sharding (build it with `shards`), or the chunk size is out of range. */
  | 'CannotSplit'
  // The JavaScript around the engine.
  /** A fetch failed, stalled past `timeoutMs` or the host answered with an error status (after the retries, for a failure that may pass); the message and {@link NewsdexError.url} name the address and say what happened. */
  | 'Fetch'
  /** The request's `signal` aborted it. */
  | 'Aborted'
  /** The chunk files of a sharded index did not give the index what it asked for (wrong sizes, malformed ranges, or no end to its asking), or its core changed on the host since it was opened. */
  | 'ChunkMismatch'
  /** {@link Newsdex.keepOffline} was asked to keep an index that is not a sharded one opened with {@link Newsdex.open}. */
  | 'NotSharded'
  /** {@link Newsdex.keepOffline} could not store the index: no Cache API here (node; a page not served over https or from localhost), or the browser refused (no room left for the site). */
  | 'Storage'
  /** The index was closed. */
  | 'Closed'
  /** The wasm module trapped (a bug); the index it was running stops answering, other indexes go on. */
  | 'Trap'
  /** The wasm module ran out of memory (`newsdex: out of memory (N MB of wasm memory in use)`): close indexes that are not needed. The index it was running stops answering; other indexes go on, and the recogniser starts afresh on its next call. */
  | 'OutOfMemory'
  /** The search module could not be fetched or instantiated. */
  | 'SearchModule'
  /** The recogniser module (for `entities`, `build` and highlighting text that is not an indexed article) could not be fetched or instantiated. */
  | 'Recogniser'
  /** Something that should not happen did: a bug. */
  | 'Internal';

/**
 * Every error newsdex throws or rejects with: its message starts with `newsdex:` and says what
 * went wrong in words; its `code` says it for code to branch on.
 *
 * @example
 * ```ts
 * try {
 *   dex = await Newsdex.open('/archive/news.ndx');
 * } catch (error) {
 *   if (error instanceof NewsdexError && error.code === 'Fetch') retryLater(error.url);
 *   else throw error;
 * }
 * ```
 */
export declare class NewsdexError extends Error {
  private constructor();
  readonly name: 'NewsdexError';
  /** What went wrong. */
  readonly code: NewsdexErrorCode;
  /** With the code `Fetch`: the address that could not be fetched. */
  readonly url?: string;
  /** With the code `Fetch`: the HTTP status the host answered with, when it answered. */
  readonly status?: number;
}

/**
 * An opened newsdex index. Every method throws (or rejects with) a {@link NewsdexError} when
 * it cannot do what was asked.
 */
export declare class Newsdex {
  private constructor();

  /**
   * Opens an index: the seeds index (`seeds.ndx` beside the module, fetched then) when called
   * without bytes, or the given bytes (which are copied into the module).
   *
   * @throws NewsdexError `newsdex: these bytes are not a newsdex index (wrong label)`
   *   (`NotAnIndex`), a version, truncation or checksum error for wrong or damaged bytes.
   * @example
   * ```ts
   * const bytes = new Uint8Array(await (await fetch('/news.ndx')).arrayBuffer());
   * const dex = await Newsdex.load(bytes);
   * // …
   * dex.close();
   * ```
   */
  static load(bytes?: IndexBytes): Promise<Newsdex>;

  /**
   * Fetches an index from `url` and opens it. For a sharded index (`newsdex build --shards`)
   * `url` is its core; the chunk files beside it are fetched as requests need them, with HTTP
   * range requests (a chunk's ranges of one round in one request from a host that answers
   * several at once, one per range from one that does not, whole chunks from a host without
   * range requests), so use {@link searchAsync}
   * and {@link articleAsync}; everything else works at once. For a segmented index (`newsdex
   * add --segment`), `url` is its manifest: the segments module is fetched, then every part's
   * core; each round of a request fetches the ranges of every part it needs together. Search,
   * articles, suggestions, entities, names and marks answer as a build from scratch of the
   * live articles would (README, "Segments"); related stories and copies are those the
   * article's segment found among its own articles.
   *
   * @throws NewsdexError `newsdex: could not fetch …` naming the address (`Fetch`), or the
   *   errors of `load`.
   * @example
   * ```ts
   * const dex = await Newsdex.open('/archive/archive.ndx', { timeoutMs: 10_000 });
   * const typing = new AbortController(); // abort() it when a newer query replaces this one
   * const { hits } = await dex.searchAsync('kerry lavrov', { signal: typing.signal });
   * // …
   * dex.close();
   * ```
   */
  static open(url: string | URL, options?: OpenOptions): Promise<Newsdex>;

  /**
   * Builds an index from article objects inside the recogniser's wasm module (no Rust
   * toolchain needed; the module is fetched on first use, apart from the search module),
   * returning the bytes {@link Newsdex.load} takes. The same corpus always gives the same bytes,
   * and an index that answers exactly as `newsdex build`'s (its fst dictionaries may be laid
   * out differently, since the fst builder's node cache depends on the pointer width).
   *
   * @throws NewsdexError naming the article: `newsdex: articles[3]: missing required field
   *   \`id\`` (`MissingField`), a duplicate id, an invalid date, a field holding a lone
   *   surrogate, or an empty corpus; `Recogniser` when its module cannot be loaded.
   * @example
   * ```ts
   * const bytes = await Newsdex.build([{ id: 'a1', title: 'Kerry meets Lavrov', body: '…' }]);
   * const dex = await Newsdex.load(bytes);
   * ```
   */
  static build(articles: Iterable<ArticleInput>, options?: BuildOptions): Promise<Uint8Array>;

  /**
   * Builds an index from files' contents: `.txt` seed articles (the name's stem is the id)
   * and `.jsonl` files, parsed exactly as the CLI parses them. Errors name the file and line.
   */
  static buildFiles(files: Iterable<{ name: string; bytes: IndexBytes }>, options?: BuildOptions): Promise<Uint8Array>;

  /**
   * Searches the index. Words are ANDed; `OR` joins alternatives; `"quoted words"` are a
   * phrase; `-word` and `-"a phrase"` exclude; `title:`, `description:`, `body:` and
   * `source:` restrict a word or phrase to a field; `person:`, `place:`, `org:` and `misc:`
   * keep articles mentioning that entity under any of its names (`person:"John Kerry"`);
   * `word*` and the last word of a query not ending in a space match as prefixes; words of
   * 4 or more letters tolerate typos.
   *
   * @example
   * ```ts
   * const { total, hits } = dex.search('"state department" -xinhua', { limit: 10 });
   * ```
   */
  search(query: string, options?: SearchOptions): SearchResults;

  /**
   * As {@link search}, first fetching what a sharded index needs from its chunk files (its
   * terms' postings, then its hits' text). Any index works; a single-file one needs nothing.
   *
   * @throws NewsdexError `newsdex: could not fetch …` naming the chunk file (`Fetch`).
   */
  searchAsync(query: string, options?: SearchOptions & AsyncOptions): Promise<SearchResults>;

  /** As {@link article}, first fetching the article's text from a sharded index's chunks. */
  articleAsync(id: string, options?: ArticleOptions & AsyncOptions): Promise<Article>;

  /**
   * For an index opened with {@link Newsdex.open} that is sharded: the requests and bytes
   * fetched from its chunk files so far and the rounds they came in (requests made together:
   * on a real network each round costs a round trip), and the chunk bytes kept now; `null`
   * otherwise.
   */
  fetched(): { requests: number; bytes: number; rounds: number; keptBytes: number } | null;

  /**
   * Keeps a sharded index for reading without a network: fetches its core and every chunk
   * file whole (chunk files kept already are not fetched again) and stores them in the Cache
   * API under their addresses. The package does not read them back itself: a service worker
   * answers the page's requests from the cache when the network fails, byte ranges included,
   * so that searches and articles work offline after a reload. The pages' `www/sw.js` does;
   * see the package README for what another worker must do. `onProgress` reports bytes.
   *
   * A single-file index is not kept (it is whole in memory already; to read it offline after
   * a reload, have the service worker keep the file).
   *
   * @throws NewsdexError `NotSharded` for an index that is not a sharded one opened with
   *   {@link Newsdex.open}; `Storage` where there is no Cache API or the browser refuses to
   *   store (quota); `Fetch` when a file cannot be fetched; `ChunkMismatch` when a file is not
   *   the length the core says, or the core changed on the host since it was opened.
   * @example
   * ```ts
   * const dex = await Newsdex.open('/archive/news.ndx');
   * await dex.keepOffline({ onProgress: ({ loaded, total }) => bar.value = loaded / total });
   * ```
   */
  keepOffline(options?: KeepOfflineOptions): Promise<void>;

  /**
   * The article with `id`, with the matches of `options.query` marked.
   *
   * @throws NewsdexError `newsdex: no article has the id "…"` (`UnknownArticle`).
   */
  article(id: string, options?: ArticleOptions): Article;

  /**
   * The entity with `id` (from a hit, a mention or a facet).
   *
   * @throws NewsdexError `newsdex: no entity has the id "…"` (`UnknownEntity`); `NotFetched`
   * for a sharded index, whose entities are in its chunks: use {@link Newsdex.entityAsync}.
   */
  entity(id: string, options?: EntityOptions): Entity;

  /**
   * As {@link Newsdex.entity}, for any index: a sharded one (`Newsdex.open`) fetches the piece
   * of its chunks that holds the entity first.
   */
  entityAsync(id: string, options?: EntityOptions): Promise<Entity>;

  /**
   * The stories most like article `id`, best first, worked out at build from the rare terms
   * and the entities they share: hits as {@link Newsdex.search}'s, unmarked and scored 0. No
   * copy of the article's own story is among them, and one copy of each other story.
   *
   * @throws NewsdexError `UnknownArticle`; `InvalidOption` for a `limit` over 8; `NotFetched`
   * for a sharded index: use {@link Newsdex.relatedAsync}.
   */
  related(id: string, options?: RelatedOptions): Hit[];

  /** As {@link Newsdex.related}, for any index: a sharded one fetches what it needs first. */
  relatedAsync(id: string, options?: RelatedOptions): Promise<Hit[]>;

  /**
   * The ids of the other copies of article `id`'s story (the same story re-sent, corrected or
   * lightly edited, found at build), in index order.
   *
   * @throws NewsdexError `UnknownArticle`; `NotFetched` for a sharded index: use
   * {@link Newsdex.duplicatesAsync}.
   */
  duplicates(id: string): string[];

  /** As {@link Newsdex.duplicates}, for any index: a sharded one fetches what it needs first. */
  duplicatesAsync(id: string, options?: AsyncOptions): Promise<string[]>;

  /**
   * Finds the names in any text with the recogniser, in wasm, and links each to this index's
   * entity of its type that has the name as an alias (the one in most articles if several do).
   * The recogniser is a module of its own, fetched on the first call: searching never needs it.
   * The names in bylines and credits ("By Jane Doe", "(Reuters)") are left out unless
   * `options.credits`.
   *
   * @example
   * ```ts
   * await dex.entities('John Kerry met Sergei Lavrov in Geneva.');
   * // [{ start: 0, end: 10, type: 'PER', text: 'John Kerry', entity: 'per/john-kerry' }, …]
   * ```
   */
  entities(text: string, options?: NamesOptions): Promise<Name[]>;

  /**
   * The matches of `query` in any text (a page's own article, say), as search results mark
   * them: stems, completions, typos and phrases. Words the corpus never had are stemmed, so
   * "condemning" is marked for `condemn` either way.
   *
   * @example
   * ```ts
   * const text = 'Kerry was condemning the attacks.';
   * dex.marks(text, 'condemn').map(([s, e]) => text.slice(s, e)); // ['condemning']
   * ```
   */
  marks(text: string, query: string): Mark[];

  /**
   * As {@link Newsdex.marks}, for any index: a sharded one fetches the dictionary pieces of the
   * query's words first.
   */
  marksAsync(text: string, query: string, options?: AsyncOptions): Promise<Mark[]>;

  /** Completions of entity names and words for what is typed in a search box. */
  suggest(text: string): Suggestions;

  /**
   * As {@link Newsdex.suggest}, for any index: a sharded one fetches the dictionary pieces it
   * reads first.
   */
  suggestAsync(text: string, options?: AsyncOptions): Promise<Suggestions>;

  /**
   * The analyser's tokens of `text`: how newsdex splits (UAX #29), folds and stems it, the
   * same way for indexing and for queries. A word joined by apostrophes or full stops
   * (`O'Sullivan`) gives the word whole, then its parts run together when only apostrophes
   * join it (`osullivan`), then each part (`o`, `sullivan`); words joined by hyphens are
   * followed by a token of them run together after the first (`e`, `email`, `mail`).
   *
   * @example
   * ```ts
   * dex.analyze('Kerry’s calls'); // [{ term: 'kerri', start: 0, end: 7 }, { term: 'call', start: 8, end: 13 }]
   * ```
   */
  analyze(text: string): Token[];

  /** Figures about the index. */
  stats(): Stats;

  /**
   * Frees the index's memory inside the wasm module; the instance cannot be used afterwards.
   * Call it when done with an index: one dropped without it is freed only when the garbage
   * collector finds it, which waits on the JavaScript heap, not on the module's memory.
   *
   * @example
   * ```ts
   * const dex = await Newsdex.load(bytes);
   * try {
   *   show(dex.search('kerry'));
   * } finally {
   *   dex.close();
   * }
   * ```
   */
  close(): void;
}
