// The recogniser module's JavaScript glue as wasm-bindgen writes it into pkg/
// (newsdex_recogniser.js, built by build.sh from crates/wasm/src/recogniser.rs without
// TypeScript output), described for the type check of npm/ (tsconfig.json).
import type { Name } from '../../npm/index.js';
import type { InitInput } from './newsdex.js';

/** The names in `text`, not yet linked to an index's entities; those in bylines and credits only with `credits`. */
export function tag(text: string, credits: boolean): Array<Omit<Name, 'entity'>>;
export function buildArticles(articles: unknown[], options: unknown): Uint8Array;
export function buildFiles(files: Array<{ name: string; bytes: Uint8Array }>, options: unknown): Uint8Array;
export function splitIndex(bytes: Uint8Array, stem: string, chunkBytes: number): { core: Uint8Array; name: string; chunks: Array<{ name: string; bytes: Uint8Array }> };

/** Whether the module panicked since this was last asked. */
export function tookPanic(): boolean;
/** The size of the module's memory in bytes. */
export function memoryBytes(): number;
export function __wbg_reset_state(): void;

export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;
