// The first module's JavaScript glue as wasm-bindgen writes it into pkg/ (newsdex_lite.js, built
// by build.sh from crates/wasm/src/search.rs with the `lite` feature), described for the type
// check of npm/ (tsconfig.json), which runs without a build. Its engine is the search module's
// without the requests it leaves to that module.
import type { Mark, SearchResults, Stats, Token } from '../../npm/index.js';
import type { Chunks, InitInput, Needs } from './newsdex.js';

/** The first module's answer to a request it leaves to the search module: a search that asks
 * for facets, collapsed stories or an order by date, or a query with a clause by entity, date
 * or site facet. */
export interface Full {
  full: true;
}

export class Engine {
  private constructor();
  static open(bytes: Uint8Array | undefined): Engine;
  search(query: string, options: unknown): SearchResults | Needs | Full;
  marks(text: string, query: string): Mark[] | Needs | Full;
  analyze(text: string): Token[];
  chunks(): Chunks | null;
  /** Each chunk file's xxh3, which ends its name, 8 bytes little-endian each. */
  chunkHashes(): Uint8Array;
  supply(start: number, bytes: Uint8Array): void;
  fetchedBytes(): number;
  /** The fetched chunk bytes kept: `[start, bytes, start, bytes, …]`. */
  kept(): Array<number | Uint8Array>;
  retain(keep: Float64Array | number[]): void;
  stats(): Stats;
  free(): void;
}

export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
/** Whether the module panicked since this was last asked. */
export function tookPanic(): boolean;
/** The size of the module's memory in bytes. */
export function memoryBytes(): number;

export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
