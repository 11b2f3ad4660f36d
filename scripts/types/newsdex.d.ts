// The search module's JavaScript glue as wasm-bindgen writes it into pkg/ (newsdex.js, built
// by build.sh from crates/wasm/src/search.rs without TypeScript output), described for the
// type check of npm/ and www/ (tsconfig.json), which runs without a build.
import type { Article, Entity, Hit, Mark, Name, SearchResults, Stats, Suggestions, Token } from '../../npm/index.js';

/** The ranges `[[start, end]]` of a sharded index's pack a request needs fetched first. */
export interface Needs {
  needs: Array<[start: number, end: number]>;
}

/** A sharded index's chunk files. */
export interface Chunks {
  name: string;
  chunkBytes: number;
  count: number;
  packBytes: number;
}

/** A sharded index's chunk files with each one's name, as npm/index.js makes them from
 * `chunks()` and `chunkHashes()`. */
export interface ChunkFiles extends Chunks {
  files: string[];
}

/** The requests the search module's engine and the segments module's both answer. */
export interface Requests {
  search(query: string, options: unknown): SearchResults | Needs;
  article(id: string, options: unknown): Article | Needs;
  entity(id: string, options: unknown): Entity | Needs;
  related(id: string, options: unknown): Hit[] | Needs;
  duplicates(id: string): string[] | Needs;
  link(names: Array<Omit<Name, 'entity'>>): Name[];
  marks(text: string, query: string): Mark[];
  suggest(text: string): Suggestions;
  analyze(text: string): Token[];
  fetchedBytes(): number;
  retain(keep: Float64Array | number[]): void;
  stats(): Stats;
  free(): void;
}

export interface Engine extends Requests {}
export class Engine {
  private constructor();
  static open(bytes: Uint8Array | undefined): Engine;
  chunks(): Chunks | null;
  /** Each chunk file's xxh3, 8 bytes little-endian a chunk. */
  chunkHashes(): Uint8Array;
  supply(start: number, bytes: Uint8Array): void;
}

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export function initSync(module: { module: BufferSource | WebAssembly.Module }): unknown;
/** Whether the module panicked since this was last asked. */
export function tookPanic(): boolean;
/** The size of the module's memory in bytes. */
export function memoryBytes(): number;

export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
