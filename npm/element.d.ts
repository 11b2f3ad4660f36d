/**
 * `newsdex/element`: the `<newsdex-search>` custom element, registered when this module is
 * imported (browsers only).
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

/**
 * `<newsdex-search>`: a search box over a newsdex index, following the WAI-ARIA combobox
 * pattern (the input is a `combobox` controlling a `listbox` of hits; ↓ ↑ move, Enter chooses,
 * Escape closes the list, then clears the box).
 *
 * Attributes: `src` (the URL of an index file or of a sharded index's core, opened with
 * {@link Newsdex.open}; without it, the index compiled into the module),
 * `placeholder`, `label` (the input's accessible name, default "Search the news"), `limit`
 * (most hits listed, default 8).
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
 * `--newsdex-mark-background`, `--newsdex-radius`, `--newsdex-font`, `--newsdex-per`,
 * `--newsdex-loc`, `--newsdex-org`, `--newsdex-misc`, `--newsdex-listbox-position`,
 * `--newsdex-listbox-max-height`.
 */
export declare class NewsdexSearchElement extends HTMLElement {
  /** Resolves to the open index once there is one (after a `src` change, the new one); rejects when it cannot be loaded. */
  readonly ready: Promise<Newsdex>;
  /**
   * The open index (`null` while loading). Assign one (e.g. shared with the page's own code)
   * to search it instead of loading; the element will not close an index it was given.
   */
  get dex(): Newsdex | null;
  set dex(dex: Newsdex);
  /** The text in the search box; assigning it runs the search, whose hits are listed when it
   * answers (a sharded index's, once the chunks it needs have arrived). */
  value: string;
  /** The most hits listed: the `limit` attribute, 8 by default, at most 100. */
  readonly limit: number;
}

declare global {
  interface HTMLElementTagNameMap {
    'newsdex-search': NewsdexSearchElement;
  }
  interface HTMLElementEventMap {
    'newsdex-select': CustomEvent<NewsdexSelectDetail>;
    'newsdex-error': CustomEvent<NewsdexErrorDetail>;
  }
}
