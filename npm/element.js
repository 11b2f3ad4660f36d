// newsdex/element: <newsdex-search>, a search box that drops into any page. It opens the index
// compiled into the module (or the one its `src` names: one file, or a sharded index's core
// whose chunks are fetched as searches need them), searches as the reader types, lists
// the hits with marked snippets and entity chips, and tells the page which one was chosen with
// a `newsdex-select` event. It follows the WAI-ARIA combobox pattern: focus stays in the input,
// the arrows move through the options (aria-activedescendant), Enter chooses, Escape closes.
// Everything from the index is inserted as text; the only markup is the fixed frame below.
// What goes wrong is told to the page (a `newsdex-error` event) and, in plain words, to the
// reader (the status line): a reader never sees a developer's message.
import { ENTITY_TYPES, entityType } from './entity-types.js';
import { NewsdexError } from './errors.js';
import { Newsdex } from './index.js';

// The styles are a constructed stylesheet, not a <style> in the shadow root, so the box works
// under a Content-Security-Policy that allows no inline styles. The colours follow the page's
// color-scheme (Canvas, light-dark()); every text colour is at least 4.5:1 against the
// background and against a selected option's tint of it, in light and in dark.
const styles = `
  :host {
    --_fg: var(--newsdex-color, CanvasText);
    --_bg: var(--newsdex-background, Canvas);
    --_muted: var(--newsdex-muted, light-dark(#595959, #b3b3b3));
    --_border: var(--newsdex-border, color-mix(in srgb, currentColor 25%, transparent));
    --_accent: var(--newsdex-accent, light-dark(#1a5fb4, #8ab4f8));
    --_active: var(--newsdex-active-background, color-mix(in srgb, var(--_accent) 12%, var(--_bg)));
    --_mark: var(--newsdex-mark-background, light-dark(#ffe58a, #6b5300));
    --_mark-color: var(--newsdex-mark-color, light-dark(#1b1b1b, #ffffff));
    --_radius: var(--newsdex-radius, 6px);
    display: block;
    position: relative;
    font: var(--newsdex-font, inherit);
    color: var(--_fg);
  }
  :host([hidden]) { display: none; }
  input {
    box-sizing: border-box;
    width: 100%;
    padding: 0.55em 0.75em;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
  [role="listbox"] {
    position: var(--newsdex-listbox-position, absolute);
    z-index: 10;
    inset-inline: 0;
    margin: 0.25em 0 0;
    padding: 0.25em;
    max-height: var(--newsdex-listbox-max-height, 28em);
    overflow: auto;
    list-style: none;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.15);
  }
  [role="listbox"][hidden] { display: none; }
  [role="option"] { padding: 0.5em 0.6em; border-radius: calc(var(--_radius) - 2px); cursor: pointer; }
  [role="option"][aria-selected="true"] { background: var(--_active); box-shadow: inset 3px 0 var(--_accent); }
  /* Text from the index may hold right-to-left overrides and embeddings: isolated, they cannot
     reorder the text beside them (a date, another chip). */
  .title, .snippet, .source, .chip { unicode-bidi: isolate; }
  .title { display: block; font-weight: 600; }
  .meta { display: block; font-size: 0.8em; color: var(--_muted); }
  .snippet { display: block; margin-top: 0.2em; font-size: 0.9em; }
  mark { background: var(--_mark); color: var(--_mark-color); border-radius: 2px; }
  .chips { display: flex; flex-wrap: wrap; gap: 0.3em; margin-top: 0.35em; }
  .chip {
    font-size: 0.75em;
    padding: 0.05em 0.5em;
    border-radius: 999px;
    border: 1px solid currentColor;
  }
${ENTITY_TYPES.map(({ type, color, dark }) => `  .chip[data-type="${type}"] { color: var(--newsdex-${type.toLowerCase()}, light-dark(${color}, ${dark})); }`).join('\n')}
  /* Under the input without taking room, so the page does not move as results come and go;
     the open listbox covers it (its count is then plain to see). */
  .status { position: absolute; top: 100%; inset-inline: 0; z-index: 9; margin: 0.3em 0.2em 0; font-size: 0.8em; color: var(--_muted); }
  .status:empty { display: none; }
`;

const frame = `
<input part="input" role="combobox" type="search" autocomplete="off" spellcheck="false"
       aria-autocomplete="list" aria-expanded="false" aria-controls="listbox">
<ul part="listbox" id="listbox" role="listbox" hidden></ul>
<p part="status" class="status" role="status" aria-live="polite"></p>`;

/** @type {CSSStyleSheet | null} */
let sheet = null;

/** The stylesheet every box shares, made on first use (not at import, which may run outside a browser). */
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
  }
  return sheet;
}

const DEFAULT_LIMIT = 8;

/** What the reader is told when something fails: a failed fetch may pass, the rest will not. */
const UNAVAILABLE = 'Search is not available right now.';
const UNREACHABLE = 'The search could not reach the server. Please try again.';

/**
 * The class of `<newsdex-search>`, made only where there is an HTMLElement to extend: node, a
 * worker and a framework's server render have none, and must still be able to import this
 * module (through a component that renders the tag, or for its types).
 */
function searchElementClass() {
  /** `<newsdex-search>`: see the package README for its attributes, events and parts. */
  return class NewsdexSearchElement extends HTMLElement {
    static observedAttributes = ['src', 'placeholder', 'label', 'loading'];

    /** @type {HTMLInputElement} */
    #input;
    /** @type {HTMLUListElement} */
    #listbox;
    /** @type {HTMLParagraphElement} */
    #status;
    /** @type {import('./index.js').Hit[]} */
    #hits = [];
    #active = -1;
    /** @type {Newsdex | null} */
    #dex = null;
    #ownsDex = false;
    /** @type {Promise<Newsdex> | null} */
    #loading = null;
    /** @type {Promise<Newsdex>} */
    #ready;
    /** @type {{ resolve(dex: Newsdex): void, reject(error: unknown): void } | null} */
    #settleReady = null;
    /** Searches begun: a sharded index answers when its chunks arrive, and only the latest is shown. */
    #searches = 0;
    /** The latest search's, aborted when another begins: its fetches are no longer wanted. */
    /** @type {AbortController | null} */
    #abort = null;
    /** Whether loading an index has begun (for `loading`: nothing is fetched before then). */
    #reached = false;
    /** @type {IntersectionObserver | null} */
    #watch = null;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
      root.adoptedStyleSheets = [styleSheet()];
      root.innerHTML = frame;
      this.#input = root.querySelector('input');
      this.#listbox = root.querySelector('[role="listbox"]');
      this.#status = root.querySelector('[role="status"]');
      this.#unready();
      this.#input.addEventListener('input', () => this.#search());
      // A reader who reaches for the box, by keyboard, touch or pointer, is about to search:
      // the index starts loading then, before the first key.
      this.#input.addEventListener('focus', () => this.#reach());
      this.addEventListener('pointerenter', () => this.#reach());
      this.#input.addEventListener('keydown', (event) => this.#onKey(event));
      this.#input.addEventListener('blur', () => this.#close());
      // Choosing with the pointer must not take focus from the input (it would close the list first).
      this.#listbox.addEventListener('pointerdown', (event) => event.preventDefault());
      this.#listbox.addEventListener('click', (event) => {
        const option = /** @type {Element} */ (event.target).closest('[role="option"]');
        if (option) this.#choose(Number(option.getAttribute('data-index')));
      });
      this.#syncLabels();
    }

    connectedCallback() {
      this.#whenToLoad();
    }

    disconnectedCallback() {
      this.#watch?.disconnect();
      this.#watch = null;
    }

    attributeChangedCallback(name, before, after) {
      if (before === after) return;
      // A new index is loaded at once only when the old one was: otherwise it waits for the reader too.
      if (name === 'src') {
        if (this.#reached && this.isConnected) this.#load();
      } else if (name === 'loading') {
        if (this.isConnected) this.#whenToLoad();
      } else {
        this.#syncLabels();
      }
    }

    /**
     * Resolves to the open index once there is one (after a `src` change, to the new one);
     * rejects if it cannot be loaded. Asking for it starts loading the index, whatever `loading` says.
     */
    get ready() {
      if (!this.#reached && this.isConnected) this.#reach();
      return this.#ready;
    }

    /** When the index is loaded: `focus` (the default), `visible` or `eager`. */
    get loading() {
      const loading = this.getAttribute('loading');
      return loading === 'visible' || loading === 'eager' ? loading : 'focus';
    }

    set loading(value) {
      this.setAttribute('loading', value);
    }

    /** The open index, or `null` while it loads. */
    get dex() {
      return this.#dex;
    }

    /** Searches `dex` instead of loading an index (the element will not close it). */
    set dex(dex) {
      if (!dex || typeof dex.searchAsync !== 'function') throw new NewsdexError('InvalidArgument', 'newsdex: <newsdex-search>.dex takes an index from Newsdex.load()');
      this.#loading = null;
      this.#reached = true;
      this.#use(dex, false);
    }

    /** The text in the search box; setting it searches. */
    get value() {
      return this.#input.value;
    }

    set value(text) {
      this.#input.value = text;
      this.#search();
    }

    /** The most hits listed (the `limit` attribute, default 8). */
    get limit() {
      const limit = Number.parseInt(this.getAttribute('limit') ?? '', 10);
      return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100) : DEFAULT_LIMIT;
    }

    /** Loads the index now (`eager`), once the box scrolls into view (`visible`), or when the reader reaches for it. */
    #whenToLoad() {
      this.#watch?.disconnect();
      this.#watch = null;
      if (this.#reached) return;
      const loading = this.loading;
      if (loading === 'eager') {
        this.#reach();
      } else if (loading === 'visible' && typeof IntersectionObserver === 'function') {
        // A little ahead of the viewport, so that the index is there when the box comes into view.
        this.#watch = new IntersectionObserver((entries) => {
          if (entries.some((entry) => entry.isIntersecting)) this.#reach();
        }, { rootMargin: '200px' });
        this.#watch.observe(this);
      }
    }

    /** Starts loading the index, unless one is open or on its way; after a failure, tries again. */
    #reach() {
      this.#watch?.disconnect();
      this.#watch = null;
      if (this.#dex || this.#loading || !this.isConnected) return;
      this.#load();
    }

    #syncLabels() {
      this.#input.placeholder = this.getAttribute('placeholder') ?? 'Search';
      const label = this.getAttribute('label') ?? 'Search the news';
      this.#input.setAttribute('aria-label', label);
      this.#listbox.setAttribute('aria-label', `${label}: results`);
    }

    async #load() {
      this.#reached = true;
      const src = this.getAttribute('src');
      const loading = src ? Newsdex.open(src) : Newsdex.load();
      this.#loading = loading;
      this.#unready();
      this.#setStatus('Loading the index…');
      try {
        const dex = await loading;
        if (this.#loading !== loading) dex.close();
        else this.#use(dex, true);
      } catch (error) {
        if (this.#loading !== loading) return;
        this.#loading = null;
        this.#settleReady.reject(error);
        this.#settleReady = null;
        this.#fail(error, UNAVAILABLE);
      }
    }

    /** Tells the page what went wrong, and the reader `text`. */
    #fail(error, text) {
      this.#setStatus(text);
      this.dispatchEvent(new CustomEvent('newsdex-error', { detail: { error }, bubbles: true, composed: true }));
    }

    #use(dex, owned) {
      if (this.#ownsDex && this.#dex !== dex) this.#dex?.close();
      this.#dex = dex;
      this.#ownsDex = owned;
      this.#loading = null;
      this.#setStatus('');
      if (this.#settleReady) this.#settleReady.resolve(dex);
      else this.#ready = Promise.resolve(dex);
      this.#settleReady = null;
      this.#search();
    }

    /** Makes `ready` wait for the index that is loading now. */
    #unready() {
      if (this.#settleReady) return;
      this.#ready = new Promise((resolve, reject) => { this.#settleReady = { resolve, reject }; });
      // A page that never asks for `ready` should not see an unhandled rejection: the failure
      // already shows in the status line and as a newsdex-error event.
      this.#ready.catch(() => {});
    }

    async #search() {
      const query = this.#input.value;
      if (!this.#dex) {
        // Text set before the index is open (by the page, or typed while it loads) is searched once it is.
        if (query) this.#reach();
        return;
      }
      const search = ++this.#searches;
      this.#abort?.abort();
      this.#abort = null;
      if (!query.trim()) {
        this.#render([]);
        this.#setStatus('');
        return;
      }
      const abort = new AbortController();
      this.#abort = abort;
      // A sharded index may still be fetching an older query's chunks: that search is aborted
      // above, and in any case only the newest search's answer or error is ever shown.
      const options = { limit: this.limit, facets: false, signal: abort.signal };
      let results;
      try {
        results = await this.#dex.searchAsync(query, options);
      } catch (error) {
        if (search !== this.#searches) return;
        // A closed or broken index, or chunks that could not be fetched: said where the results
        // would be, not thrown.
        this.#render([]);
        this.#fail(error, error?.code === 'Fetch' ? UNREACHABLE : UNAVAILABLE);
        return;
      }
      if (search !== this.#searches) return;
      const { total, totalExact, hits } = results;
      this.#render(hits);
      // An estimated total (see SearchResults.totalExact) is said to be one.
      const about = totalExact === false ? 'about ' : '';
      this.#setStatus(total === 0 ? 'No results' : total === 1 && !about ? '1 result' : `${about}${total} results`);
    }

    #render(hits) {
      this.#hits = hits;
      this.#active = -1;
      this.#listbox.replaceChildren(...hits.map((hit, index) => option(hit, index)));
      this.#setOpen(hits.length > 0);
    }

    #onKey(event) {
      if (event.isComposing || event.ctrlKey || event.metaKey) return;
      // Alt+Down shows the results without moving into them, Alt+Up hides them (the pattern's
      // optional keys); other Alt combinations belong to the browser.
      if (event.altKey) {
        if (event.key === 'ArrowDown' && this.#hits.length) this.#setOpen(true);
        else if (event.key === 'ArrowUp' && this.#open) this.#close();
        else return;
        event.preventDefault();
        return;
      }
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowUp': {
          event.preventDefault();
          if (!this.#hits.length) return;
          const step = event.key === 'ArrowDown' ? 1 : -1;
          if (!this.#open) {
            this.#setOpen(true);
            if (this.#active >= 0) return;
          }
          const count = this.#hits.length;
          this.#activate(this.#active < 0 ? (step > 0 ? 0 : count - 1) : (this.#active + step + count) % count);
          return;
        }
        case 'Enter':
          if (this.#open && this.#active >= 0) {
            event.preventDefault();
            this.#choose(this.#active);
          }
          return;
        case 'Escape':
          if (this.#open) this.#close();
          else if (this.#input.value) this.value = '';
          else return;
          event.preventDefault();
          return;
        default:
      }
    }

    get #open() {
      return !this.#listbox.hidden;
    }

    #setOpen(open) {
      this.#listbox.hidden = !open;
      this.#input.setAttribute('aria-expanded', String(open));
      if (!open) this.#activate(-1);
    }

    #close() {
      if (this.#open) this.#setOpen(false);
    }

    #activate(index) {
      this.#listbox.querySelector('[aria-selected="true"]')?.setAttribute('aria-selected', 'false');
      this.#active = index;
      const option = index >= 0 ? this.#listbox.children[index] : null;
      if (!option) {
        this.#input.removeAttribute('aria-activedescendant');
        return;
      }
      option.setAttribute('aria-selected', 'true');
      this.#input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }

    #choose(index) {
      const hit = this.#hits[index];
      if (!hit) return;
      this.#close();
      this.dispatchEvent(new CustomEvent('newsdex-select', { detail: { id: hit.id, hit, query: this.#input.value }, bubbles: true, composed: true }));
    }

    #setStatus(text) {
      if (this.#status.textContent !== text) this.#status.textContent = text;
    }
  };
}

/**
 * One hit as an option: title, source and date, snippet, and its entities as chips. The option
 * is named by its title alone and described by the rest, so that moving through the list
 * reads a title at a time, with the details after a pause or on request: the details are
 * hidden from the name computed from the option's content (not named with aria-labelledby,
 * whose name would then leave out visible text), and referenced as its description.
 */
function option(hit, index) {
  const id = `option-${index}`;
  const item = element('li', { role: 'option', id, part: 'option', 'aria-selected': 'false' });
  item.dataset.index = String(index);
  item.dataset.id = hit.id;
  if (hit.lang) item.lang = hit.lang;
  item.append(marked(element('span', { class: 'title', part: 'title' }), hit.title || hit.id, hit.titleMarks));
  if (hit.source || hit.date) {
    const meta = element('span', { class: 'meta', part: 'meta', id: `${id}-meta`, 'aria-hidden': 'true' });
    if (hit.source) meta.append(element('span', { class: 'source' }, hit.source));
    if (hit.source && hit.date) meta.append(' · ');
    if (hit.date) meta.append(hit.date);
    item.append(meta);
  }
  if (hit.snippet.text) item.append(marked(element('span', { class: 'snippet', part: 'snippet', id: `${id}-snippet`, 'aria-hidden': 'true' }), hit.snippet.text, hit.snippet.marks));
  if (hit.entities.length) {
    const chips = element('span', { class: 'chips', part: 'chips', id: `${id}-chips`, 'aria-hidden': 'true' });
    for (const entity of hit.entities) {
      const chip = element('span', { class: 'chip', part: `chip chip-${entity.type.toLowerCase()}`, title: entityType(entity.type).label }, entity.name);
      chip.dataset.type = entity.type;
      chip.dataset.entity = entity.id;
      chips.append(chip);
    }
    item.append(chips);
  }
  const details = [...item.children].slice(1).map((child) => child.id).join(' ');
  if (details) item.setAttribute('aria-describedby', details);
  return item;
}

/** `parent` with `text` appended, the `[start, end)` ranges of `marks` in `<mark>`s. */
function marked(parent, text, marks) {
  let at = 0;
  for (const [start, end] of marks) {
    if (start > at) parent.append(text.slice(at, start));
    parent.append(element('mark', { part: 'mark' }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) parent.append(text.slice(at));
  return parent;
}

function element(name, attributes, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The element's class where there is a DOM to define it in; `undefined` elsewhere (node, a worker). */
export const NewsdexSearchElement = typeof HTMLElement === 'function' ? searchElementClass() : undefined;

if (NewsdexSearchElement && typeof customElements === 'object' && !customElements.get('newsdex-search')) {
  customElements.define('newsdex-search', NewsdexSearchElement);
}
