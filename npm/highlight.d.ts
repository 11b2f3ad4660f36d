/**
 * `newsdex/highlight`: marks the names in an existing page element, or a query's words, by
 * wrapping its text in `<mark>` elements, and undoes it exactly.
 *
 * The element's text nodes are read in order (across inline markup such as `<a>` and `<em>`;
 * blocks and `<br>` separate words; `script`, `style`, `textarea`, `code` and the like and
 * anything under `[data-newsdex-skip]` are left alone), the names an indexed article stored,
 * the recogniser or the analyser are applied to that text, and each match is wrapped where it lies: a name that crosses an element
 * boundary becomes one mark per piece, sharing `data-mention`. Nothing is parsed as HTML.
 *
 * Calling either function again replaces that kind of highlight instead of nesting marks;
 * {@link unhighlight} restores the element's original nodes and text.
 *
 * @example
 * ```ts
 * import { Newsdex } from 'newsdex';
 * import { highlightEntities, highlightQuery, unhighlight } from 'newsdex/highlight';
 * import 'newsdex/highlight.css'; // or a <link> to it; optional default colours
 *
 * const dex = await Newsdex.load();
 * const article = document.querySelector('article')!;
 * await highlightEntities(article, { dex, id: 'a1' }); // the names the index stored for article a1
 * await highlightEntities(article, { dex });     // any text: the recogniser reads it
 * // <mark class="newsdex-entity newsdex-per" data-type="PER" data-entity="per/john-kerry">
 * highlightQuery(article, 'ceasefire', { dex }); // <mark class="newsdex-query" data-term="ceasefir">
 * unhighlight(article);                          // back to the original DOM
 * ```
 * @packageDocumentation
 */
import type { EntityType, Newsdex } from './index.js';

/** Options for {@link highlightEntities}. */
export interface HighlightEntitiesOptions {
  /** The index whose entities the names are linked to. */
  dex: Newsdex;
  /**
   * The id of the indexed article that `element` shows: its stored names are marked wherever
   * they stand in the element's text, and no recogniser is fetched. Without it the recogniser
   * (a wasm module of its own, fetched on first use) reads the text.
   */
  id?: string;
  /** Mark only these types (default all four). */
  types?: readonly EntityType[];
  /**
   * Link each name to the index's entity of its type that has the name as an alias (case and
   * accents aside; the one in most articles if several do), adding `data-entity` (default
   * true).
   */
  link?: boolean;
  /**
   * Mark the names in bylines and credits too ("By Jane Doe", "(Reuters)", "Photo: Jane
   * Doe/AFP"), which are left out by default: they name who made the story, not what it is
   * about. Read by the recogniser only: the names an indexed article stored (`id`) never
   * come from its credits.
   */
  credits?: boolean;
}

/** Options for {@link highlightQuery}. */
export interface HighlightQueryOptions {
  /** The index whose analyser folds and stems the query and the text. */
  dex: Newsdex;
}

/** A name that was marked. */
export interface EntityHighlight {
  /** The name as the page writes it. */
  text: string;
  /** Its type. */
  type: EntityType;
  /** The id of its entity in the index (for {@link Newsdex.entity}), or `null` when unlinked. */
  entity: string | null;
  /** The `<mark>` elements holding it, in document order (more than one when it crosses markup). */
  marks: HTMLElement[];
}

/** A word that matched the query. */
export interface QueryHighlight {
  /** The word as the page writes it. */
  text: string;
  /** The analysed term it matched. */
  term: string;
  /** The `<mark>` elements holding it, in document order. */
  marks: HTMLElement[];
}

/**
 * Finds the names in `element`'s text (the article's stored names with `options.id`, the
 * recogniser's otherwise) and wraps each in
 * `<mark class="newsdex-entity newsdex-per" data-newsdex="entity" data-type="PER"
 * data-entity="per/john-kerry" data-mention="0">` (types in lower case in the class).
 *
 * @returns the names marked, in order. If the page changes the element's text while the names
 *   are being found, none are marked.
 * @throws NewsdexError (`InvalidArgument`) when `element` is not an element or `options.dex`
 *   is missing.
 */
export function highlightEntities(element: Element, options: HighlightEntitiesOptions): Promise<EntityHighlight[]>;

/**
 * Wraps the matches of `query` in `element` in `<mark class="newsdex-query"
 * data-newsdex="query" data-term="…">`, exactly as search results mark them (the engine's
 * `dex.marks`): stems (`condemn` marks *condemned*), completions of `word*` and of a last
 * word still being typed, typos, phrases where their words are consecutive, and entity
 * filters' names; excluded words and phrases are not marked.
 *
 * @returns the words marked, in order.
 */
export function highlightQuery(element: Element, query: string, options: HighlightQueryOptions): QueryHighlight[];

/**
 * Removes every mark {@link highlightEntities} and {@link highlightQuery} added to `element`
 * and joins the split text back into the original text nodes: afterwards the element has the
 * same nodes with the same text as before. Does nothing on an element that has no highlights.
 */
export function unhighlight(element: Element): void;
