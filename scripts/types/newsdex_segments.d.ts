// The segments module's JavaScript glue as wasm-bindgen writes it into pkg/
// (newsdex_segments.js, built by build.sh from crates/wasm/src/segments.rs), described for the
// type check of npm/ (tsconfig.json), which runs without a build.
import type { ChunkFiles, InitInput, Requests } from './newsdex.js';

/** A part's chunk files, and where its pack starts among the parts' packs addressed as one. */
export interface PartFiles extends ChunkFiles {
  offset: number;
}

/** Answers as the search module's engine (`Requests`), over every part. */
export interface Engine extends Requests {}
export class Engine {
  private constructor();
  static open(kinds: Uint8Array, lengths: Uint32Array, cores: Uint8Array): Engine;
  /** Brings the segments' related files left out at opening (length 0), in the manifest's order. */
  addRelated(lengths: Uint32Array, bytes: Uint8Array): void;
  parts(): PartFiles[];
  supply(start: number, bytes: Uint8Array): void;
}

/** The parts a manifest names, in order, `kind` 0 for a segment, 1 for a removal, 2 for a
 * segment's copies, 3 for its related stories (throws `NotAnIndex` naming the line and column). */
export function parseManifest(bytes: Uint8Array): Array<{ name: string; kind: number }>;

/** Whether the module panicked since this was last asked. */
export function tookPanic(): boolean;
/** The size of the module's memory in bytes. */
export function memoryBytes(): number;

export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
