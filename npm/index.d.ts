/**
 * newsdex: client-side news search compiled from Rust to WebAssembly.
 *
 * Offsets in every `marks` array are UTF-16 code units, so `text.slice(start, end)` is the
 * marked text even after emoji or accented letters.
 *
 * @example
 * ```ts
 * import { Newsdex } from 'newsdex';
 * const dex = await Newsdex.load();            // the seeds index compiled into the module
 * const { total, hits } = dex.search('kerry lavrov', { limit: 5 });
 * const article = dex.article(hits[0].id, { query: 'kerry lavrov' });
 * ```
 * @packageDocumentation
 */

/** A marked span: `[start, end)` in UTF-16 code units of the string it belongs to. */
export type Mark = [start: number, end: number];

/** Paging for {@link Newsdex.search}. */
export interface SearchOptions {
  /** How many hits to return (default 10, at most 1000). */
  limit?: number;
  /** How many of the best hits to skip (default 0). */
  offset?: number;
}

/** A passage of an article's text with the query's matches marked. */
export interface Snippet {
  /** The passage; `…` where it was cut from longer text, line breaks as spaces. */
  text: string;
  /** The matches in `text`. */
  marks: Mark[];
}

/** One matching article. */
export interface Hit {
  /** The article's id. */
  id: string;
  /** The headline ("" for an index built without the document store). */
  title: string;
  /** The outlet or agency, or `null` when unknown. */
  source: string | null;
  /** The publication date (ISO 8601), or `null` when unknown. */
  date: string | null;
  /** The article's address, or `null` when unknown. */
  url: string | null;
  /** Relevance (higher is better; comparable within one search). */
  score: number;
  /** The query's matches in `title`. */
  titleMarks: Mark[];
  /** The best passage of the text. */
  snippet: Snippet;
}

/** The answer to {@link Newsdex.search}. */
export interface SearchResults {
  /** How many articles match in all. */
  total: number;
  /** How long the search took inside the engine, in milliseconds. */
  tookMs: number;
  /** The requested page of hits, best first (fewest typos, then score, then id). */
  hits: Hit[];
}

/** Options for {@link Newsdex.article}. */
export interface ArticleOptions {
  /** Mark this query's matches in the title, description and body. */
  query?: string;
}

/** An article as the article view shows it. */
export interface Article {
  /** The id. */
  id: string;
  /** The headline. */
  title: string;
  /** The outlet or agency, or `null`. */
  source: string | null;
  /** The publication date (ISO 8601), or `null`. */
  date: string | null;
  /** The address, or `null`. */
  url: string | null;
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
}

/** Figures about an index. */
export interface Stats {
  /** Articles indexed. */
  articles: number;
  /** Distinct terms (stems). */
  terms: number;
  /** Distinct words (folded surface forms). */
  words: number;
  /** The index's size in bytes. */
  bytes: number;
  /** Whether the index carries the article text. */
  hasStore: boolean;
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

/** Bytes of an index file, as made by `newsdex build`. */
export type IndexBytes = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * An opened newsdex index. Every method throws an `Error` whose message starts with
 * `newsdex:` when it cannot do what was asked.
 */
export declare class Newsdex {
  private constructor();

  /**
   * Opens an index: the seeds index compiled into the module when called without bytes,
   * or the given bytes (which are copied into the module).
   *
   * @throws Error `newsdex: these bytes are not a newsdex index (wrong label)`, a version,
   *   truncation or checksum error for wrong or damaged bytes.
   * @example
   * ```ts
   * const bytes = new Uint8Array(await (await fetch('/news.ndx')).arrayBuffer());
   * const dex = await Newsdex.load(bytes);
   * ```
   */
  static load(bytes?: IndexBytes): Promise<Newsdex>;

  /**
   * Searches the index. Words are ANDed; `OR` joins alternatives; `"quoted words"` are a
   * phrase; `-word` and `-"a phrase"` exclude; `title:`, `description:`, `body:` and
   * `source:` restrict a word or phrase to a field; `word*` and the last word of a query
   * not ending in a space match as prefixes; words of 4 or more letters tolerate typos.
   *
   * @example
   * ```ts
   * const { total, hits } = dex.search('"state department" -xinhua', { limit: 10 });
   * ```
   */
  search(query: string, options?: SearchOptions): SearchResults;

  /**
   * The article with `id`, with the matches of `options.query` marked.
   *
   * @throws Error `newsdex: no article has the id "…"`.
   */
  article(id: string, options?: ArticleOptions): Article;

  /**
   * The analyser's tokens of `text`: how newsdex splits (UAX #29), folds and stems it, the
   * same way for indexing and for queries.
   *
   * @example
   * ```ts
   * dex.analyze('Kerry’s calls'); // [{ term: 'kerri', start: 0, end: 7 }, { term: 'call', start: 8, end: 13 }]
   * ```
   */
  analyze(text: string): Token[];

  /** Figures about the index. */
  stats(): Stats;

  /** Frees the index's memory inside the wasm module; the instance cannot be used afterwards. */
  close(): void;
}
