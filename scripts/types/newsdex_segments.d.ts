// The segments module's JavaScript glue as wasm-bindgen writes it into pkg/
// (newsdex_segments.js, built by build.sh from crates/wasm/src/segments.rs), described for the
// type check of npm/ (tsconfig.json), which runs without a build.
import type { Article, Entity, Hit, Mark, Name, SearchResults, Stats, Suggestions, Token } from '../../npm/index.js';
import type { ChunkFiles, InitInput, Needs } from './newsdex.js';

/** A part's chunk files, and where its pack starts among the parts' packs addressed as one. */
export interface PartFiles extends ChunkFiles {
  offset: number;
}

export class Engine {
  private constructor();
  static open(removed: Uint8Array, lengths: Uint32Array, cores: Uint8Array): Engine;
  search(query: string, options: unknown): SearchResults | Needs;
  article(id: string, options: unknown): Article | Needs;
  /** Each throws the code `SegmentedIndex`. */
  entity(id: string, options: unknown): Entity | Needs;
  related(id: string, options: unknown): Hit[] | Needs;
  duplicates(id: string): string[] | Needs;
  link(names: Array<Omit<Name, 'entity'>>): Name[];
  marks(text: string, query: string): Mark[];
  suggest(text: string): Suggestions | Needs;
  analyze(text: string): Token[];
  parts(): PartFiles[];
  supply(start: number, bytes: Uint8Array): void;
  fetchedBytes(): number;
  retain(keep: Float64Array | number[]): void;
  stats(): Stats;
  free(): void;
}

/** Whether the module panicked since this was last asked. */
export function tookPanic(): boolean;
/** The size of the module's memory in bytes. */
export function memoryBytes(): number;

export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
