// newsdex/highlight: marks the names in an existing page element (or a query's words) by
// wrapping its text in <mark> elements, and puts the element back exactly as it was. Only text
// nodes are read, split and moved; nothing on the page is ever parsed as HTML.
//
// Each call records what it split and wrapped as a layer on the element; unhighlight() undoes
// the layers newest first, merging the split pieces back into the original text nodes, so the
// element ends up with the same nodes holding the same text.
import { ENTITY_TYPES } from './entity-types.js';
import { NewsdexError } from './errors.js';

// Kept on the element under a registry symbol, so that two copies of this module (a bundle and
// /pkg/highlight.js, say) see each other's highlights instead of wrapping marks in marks.
const STATE = Symbol.for('newsdex.highlight');

const ELEMENT = 1;
const TEXT = 3;

/** Elements whose text is not prose to mark (or not shown at all). */
const SKIP = 'script, style, textarea, noscript, template, select, input, button, svg, math, iframe, object, canvas, audio, video, code, kbd, samp, [contenteditable], [data-newsdex-skip]';

/** Elements that flow within a line; any other element boundary separates words. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'label',
  'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);

/** What goes between the text of two blocks, so that words never run together across them. */
const BLOCK_BREAK = '\n\n';

const TYPES = ENTITY_TYPES.map(({ type }) => type);

/**
 * Wraps each name in `element`'s text in a `<mark>`, with its type and, when the name belongs
 * to an entity of the index, that entity's id. With `id`, the names are those the index stored
 * for that indexed article, and no recogniser is fetched; without, the recogniser (fetched on
 * first use) reads the text, leaving out the names in bylines and credits unless
 * `options.credits`. Resolves to the names marked.
 */
export function highlightEntities(element, options = {}) {
  const { dex, id, types = TYPES, link = true, credits = false } = options;
  requireElement(element, 'highlightEntities');
  requireDex(dex, 'highlightEntities');
  if (id !== undefined && typeof id !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: highlightEntities() takes options.id as a string');
  if (typeof credits !== 'boolean') throw new NewsdexError('InvalidArgument', 'newsdex: highlightEntities() takes options.credits as a boolean');
  const { text } = readText(element);
  const names = id === undefined ? dex.entities(text, { credits }) : dex.articleAsync(id).then((article) => storedNames(text, article));
  return names.then((found) => relayer(element, 'entities', { text, spans: entitySpans(found, { types: new Set(types), link }) }));
}

/** Wraps the words of `element` that match `query`'s words (folded and stemmed) in `<mark>`s. */
export function highlightQuery(element, query, options = {}) {
  const { dex } = options;
  requireDex(dex, 'highlightQuery');
  if (typeof query !== 'string') throw new NewsdexError('InvalidArgument', 'newsdex: highlightQuery() takes the query as a string');
  return relayer(element, 'query', { dex, query });
}

/** Removes every mark the highlighter added to `element` and merges the split text back. */
export function unhighlight(element) {
  requireElement(element, 'unhighlight');
  const state = element[STATE];
  if (!state) return;
  undoLayers(state);
  delete element[STATE];
}

function requireElement(element, name) {
  if (!element || element.nodeType !== ELEMENT) throw new NewsdexError('InvalidArgument', `newsdex: ${name}() takes an element`);
}

function requireDex(dex, name) {
  if (!dex || typeof dex.entities !== 'function' || typeof dex.analyze !== 'function') {
    throw new NewsdexError('InvalidArgument', `newsdex: ${name}() needs options.dex, an index from Newsdex.load()`);
  }
}

/**
 * Sets one kind of highlight on `element` and redraws all of them from the original text, in
 * a fixed order (entities, then the query inside them), so calling again replaces rather than
 * nests. Returns the highlights of `kind`. Names were found for the text as it was when asked
 * for; if the page has changed that text since, they are left out rather than misplaced.
 */
function relayer(element, kind, settings) {
  requireElement(element, kind === 'entities' ? 'highlightEntities' : 'highlightQuery');
  releaseOverlapping(element);
  const state = element[STATE] ?? { settings: {}, layers: [], found: {} };
  undoLayers(state);
  state.settings[kind] = settings;
  for (const layerKind of ['entities', 'query']) {
    const current = state.settings[layerKind];
    if (!current) continue;
    const text = readText(element);
    let spans;
    if (layerKind === 'query') spans = querySpans(text.text, current);
    else spans = current.text === text.text ? current.spans : [];
    const { layer, found } = wrapSpans(text.pieces, spans);
    state.layers.push(layer);
    state.found[layerKind] = found;
  }
  element[STATE] = state;
  return state.found[kind];
}

/** Undoes the highlights of any highlighted element inside or around `element`, whose records would break. */
function releaseOverlapping(element) {
  for (let node = element.parentNode; node; node = node.parentNode) if (node[STATE]) unhighlight(node);
  for (const mark of element.querySelectorAll('mark[data-newsdex]')) {
    let owner = mark.parentNode;
    while (owner && !owner[STATE]) owner = owner.parentNode;
    if (owner && owner !== element) unhighlight(owner);
  }
}

/**
 * The element's text as the recogniser should read it, and where each text node sits in it:
 * `pieces` are `{ node, start }` with `start` a UTF-16 offset into `text`.
 */
function readText(root) {
  const pieces = [];
  let text = '';
  let breakPending = false;
  const visit = (parent) => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT) {
        if (child.data === '') continue;
        if (breakPending && text) text += BLOCK_BREAK;
        breakPending = false;
        pieces.push({ node: child, start: text.length });
        text += child.data;
      } else if (child.nodeType === ELEMENT) {
        if (child.matches(SKIP)) {
          breakPending = true;
          continue;
        }
        const block = !INLINE.has(child.localName);
        if (block) breakPending = true;
        visit(child);
        if (block) breakPending = true;
      }
    }
  };
  visit(root);
  return { text, pieces };
}

/** Spans `{ start, end, attributes, info }` for `names` (`{ start, end, type, text, entity }`). */
function entitySpans(names, { types, link }) {
  const spans = [];
  for (const name of names) {
    if (!types.has(name.type)) continue;
    const entity = link ? name.entity : null;
    const attributes = { class: `newsdex-entity newsdex-${name.type.toLowerCase()}`, 'data-newsdex': 'entity', 'data-type': name.type };
    if (entity) attributes['data-entity'] = entity;
    spans.push({ start: name.start, end: name.end, attributes, info: { text: name.text, type: name.type, entity } });
  }
  return spans;
}

/**
 * The names an indexed article's stored mentions give, found in `text` (the page's own copy of
 * the article, which may differ from the stored text in markup and spacing): every whole-word
 * occurrence of a stored name, longest names first, spaces inside a name matching any run of
 * white space.
 */
function storedNames(text, article) {
  const byName = new Map();
  const collect = (field, mentions) => {
    for (const { start, end, type, entity } of mentions) {
      const name = field.slice(start, end).replace(/\s+/g, ' ');
      if (name && !byName.has(name)) byName.set(name, { type, entity });
    }
  };
  collect(article.title, article.titleMentions);
  collect(article.description, article.descriptionMentions);
  collect(article.body, article.mentions);
  if (byName.size === 0) return [];
  const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const names = [...byName.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${names.map(escape).join('|')})(?![\\p{L}\\p{N}\\p{M}])`, 'gu');
  const found = [];
  for (const match of text.matchAll(pattern)) {
    const { type, entity } = byName.get(match[0].replace(/\s+/g, ' '));
    found.push({ start: match.index, end: match.index + match[0].length, type, text: match[0], entity });
  }
  return found;
}

/** Spans for the matches of the query in `text`, as the engine marks them in its results. */
function querySpans(text, { dex, query }) {
  return dex.marks(text, query).map(([start, end]) => {
    const match = text.slice(start, end);
    const term = dex.analyze(match).map((token) => token.term).join(' ');
    return {
      start,
      end,
      attributes: { class: 'newsdex-query', 'data-newsdex': 'query', 'data-term': term },
      info: { text: match, term },
    };
  });
}

/**
 * Wraps each span's text in `<mark>`s, one per text node it covers. Returns the layer (what
 * to undo) and the highlights: each span's `info` with the marks made for it.
 */
function wrapSpans(pieces, spans) {
  const cuts = new Map();
  const found = spans.map((span, index) => ({ ...span.info, marks: [], index }));
  let first = 0;
  for (const [index, span] of spans.entries()) {
    while (first < pieces.length && pieces[first].start + pieces[first].node.length <= span.start) first += 1;
    for (let at = first; at < pieces.length && pieces[at].start < span.end; at += 1) {
      const { node, start } = pieces[at];
      const from = Math.max(span.start - start, 0);
      const to = Math.min(span.end - start, node.length);
      if (from >= to) continue;
      if (!cuts.has(node)) cuts.set(node, []);
      cuts.get(node).push({ from, to, span, index });
    }
  }
  const layer = { marks: [], splits: [] };
  for (const [node, ranges] of cuts) {
    const created = [];
    // Right to left, so the original node keeps the text before each cut and stays first.
    for (const { from, to, span, index } of ranges.reverse()) {
      if (to < node.length) created.push(node.splitText(to));
      const inner = from > 0 ? node.splitText(from) : node;
      if (inner !== node) created.push(inner);
      const mark = node.ownerDocument.createElement('mark');
      for (const [name, value] of Object.entries(span.attributes)) mark.setAttribute(name, value);
      mark.dataset.mention = String(index);
      inner.replaceWith(mark);
      mark.append(inner);
      layer.marks.push(mark);
      found[index].marks.push(mark);
    }
    layer.splits.push({ node, created: created.reverse() });
  }
  for (const item of found) item.marks.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  return { layer, found: found.filter((item) => item.marks.length).map(({ index, ...item }) => item) };
}

/** Takes the marks out and joins the split text back, newest layer first. */
function undoLayers(state) {
  for (const { marks, splits } of state.layers.reverse()) {
    for (const mark of marks) mark.replaceWith(...mark.childNodes);
    for (const { node, created } of splits) {
      node.appendData(created.map((piece) => piece.data).join(''));
      for (const piece of created) piece.remove();
    }
  }
  state.layers = [];
  state.found = {};
}
