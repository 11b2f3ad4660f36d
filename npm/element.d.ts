/**
 * `newsdex/element`: the `<newsdex-search>` custom element, registered when this module is
 * imported in a browser. Importing it anywhere else (node, a worker, a server render) is safe
 * and does nothing.
 *
 * @example
 * ```html
 * <script type="module">import 'newsdex/element';</script>
 * <newsdex-search src="/news.ndx" placeholder="Search the archive"></newsdex-search>
 * <script type="module">
 *   document.querySelector('newsdex-search').addEventListener('newsdex-select', (event) => {
 *     location.href = `/articles/${event.detail.id}`;
 *   });
 * </script>
 * ```
 * @packageDocumentation
 */
import type { Hit, Newsdex, NewsdexError } from './index.js';

/** What a `newsdex-select` event carries. */
export interface NewsdexSelectDetail {
  /** The chosen article's id. */
  id: string;
  /** The chosen hit, as {@link Newsdex.search} returned it. */
  hit: Hit;
  /** The query that found it. */
  query: string;
}

/** What a `newsdex-error` event carries. */
export interface NewsdexErrorDetail {
  /** Why the index could not be loaded or a search failed (`Fetch`, `Closed`, …), for the page's
   * developers: the reader is told in plain words in the status line. */
  error: NewsdexError;
}

/** When `<newsdex-search>` loads its index (the search module and the index file or core). */
export type NewsdexSearchLoading = 'focus' | 'visible' | 'eager';

/**
 * The attributes of `<newsdex-search>`, as the JSX types of React, Preact, Solid and Vue take
 * them (`newsdex/jsx/react` and the like).
 */
export interface NewsdexSearchAttributes {
  /** The URL of an index file or of a sharded index's core, opened with {@link Newsdex.open};
   * without it, the index compiled into the module. */
  src?: string;
  /** The input's placeholder, "Search" by default. */
  placeholder?: string;
  /** The input's accessible name, "Search the news" by default. */
  label?: string;
  /** The most hits listed: 8 by default, at most 100. */
  limit?: number | string;
  /** When the index is loaded: when the reader reaches the box (`focus`, the default: focus,
   * touch or pointer), when it scrolls into view (`visible`), or at once (`eager`). */
  loading?: NewsdexSearchLoading;
}

/** The events of `<newsdex-search>`, by name. */
export interface NewsdexSearchEventMap {
  'newsdex-select': CustomEvent<NewsdexSelectDetail>;
  'newsdex-error': CustomEvent<NewsdexErrorDetail>;
}

/**
 * `<newsdex-search>`: a search box over a newsdex index, following the WAI-ARIA combobox
 * pattern (the input is a `combobox` controlling a `listbox` of hits; ↓ ↑ move, Enter chooses,
 * Escape closes the list, then clears the box). Each hit is an option named by its title and
 * described by its source, date, snippet and names.
 *
 * Attributes: {@link NewsdexSearchAttributes} (`src`, `placeholder`, `label`, `limit`,
 * `loading`). Nothing is fetched until the `loading` attribute says so: by default, when the
 * reader reaches the box.
 *
 * Events: `newsdex-select` ({@link NewsdexSelectDetail}) when a hit is chosen by Enter or a
 * click; `newsdex-error` ({@link NewsdexErrorDetail}) when the index cannot be loaded or a
 * search fails, while the status line tells the reader in plain words. Both bubble out of the
 * shadow root.
 *
 * Parts: `input`, `listbox`, `option`, `title`, `meta`, `snippet`, `mark`, `chips`,
 * `chip` (plus `chip-per`, `chip-loc`, `chip-org`, `chip-misc`), `status`.
 *
 * Custom properties: `--newsdex-color`, `--newsdex-background`, `--newsdex-muted`,
 * `--newsdex-border`, `--newsdex-accent`, `--newsdex-active-background`,
 * `--newsdex-mark-background`, `--newsdex-mark-color`, `--newsdex-radius`, `--newsdex-font`,
 * `--newsdex-per`, `--newsdex-loc`, `--newsdex-org`, `--newsdex-misc`,
 * `--newsdex-listbox-position`, `--newsdex-listbox-max-height`.
 */
export interface NewsdexSearchElement extends HTMLElement {
  /** Resolves to the open index once there is one (after a `src` change, the new one); rejects
   * when it cannot be loaded. Asking for it starts loading the index, whatever `loading` says. */
  readonly ready: Promise<Newsdex>;
  /**
   * The open index (`null` until one is loaded). Assign one (e.g. shared with the page's own
   * code) to search it instead of loading; the element will not close an index it was given.
   */
  get dex(): Newsdex | null;
  set dex(dex: Newsdex);
  /** The text in the search box; assigning it runs the search (loading the index first if need
   * be), whose hits are listed when it answers (a sharded index's, once the chunks it needs have
   * arrived). */
  value: string;
  /** The most hits listed: the `limit` attribute, 8 by default, at most 100. */
  readonly limit: number;
  /** The `loading` attribute: `focus` unless it says `visible` or `eager`. */
  loading: NewsdexSearchLoading;
}

/**
 * The element's class, which importing this module defines as `<newsdex-search>`; `undefined`
 * where there is no DOM (node, a web worker, a framework's server render), where importing
 * the module does nothing.
 */
export declare const NewsdexSearchElement: (new () => NewsdexSearchElement) | undefined;

declare global {
  interface HTMLElementTagNameMap {
    'newsdex-search': NewsdexSearchElement;
  }
  interface HTMLElementEventMap {
    'newsdex-select': CustomEvent<NewsdexSelectDetail>;
    'newsdex-error': CustomEvent<NewsdexErrorDetail>;
  }
}
