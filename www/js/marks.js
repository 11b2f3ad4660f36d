// Turns engine text and its two kinds of ranges into DOM nodes: the query's matches become
// <mark> elements, entity mentions become the element the caller makes for them, and "\n"
// becomes <br>. Ranges are [start, end) in UTF-16 code units, which is what
// String.prototype.slice counts, so slicing lines them up even after emoji or accents. The
// text is cut at every range boundary and rebuilt as a tree, never as an HTML string.
import { h } from './dom.js';

/**
 * A fragment with `text.slice(from, to)`, its `marks` ([start, end] pairs) in <mark> and its
 * `mentions` ({ start, end, … }) in `mention(item)`'s element.
 *
 * A range inside another nests in it (`<a>Sergey <mark>Lavrov</mark></a>`,
 * `<mark><a>Kerry</a>’s</mark>`); when a mark and a mention cross, the mark is split at the
 * mention's edge, since a mention is one element a reader focuses and clicks. Within each list
 * the ranges are sorted and overlaps clipped, so a sloppy list cannot duplicate text.
 *
 * @template {{ start: number, end: number }} Mention
 * @param {string} text
 * @param {Array<[number, number]>} [marks]
 * @param {{ from?: number, to?: number, mentions?: Mention[], mention?: (item: Mention) => Element }} [range]
 */
export function marked(text, marks = [], { from = 0, to = text.length, mentions = [], mention } = {}) {
  const entities = disjoint(mentions.map((item) => ({ start: item.start, end: item.end, item })), from, to);
  const matches = disjoint(marks.map(([start, end]) => ({ start, end })), from, to)
    .flatMap((range) => splitAtCrossings(range, entities));
  const root = { start: from, end: to, children: [] };
  nest(root, [...entities, ...matches]);
  const fragment = document.createDocumentFragment();
  emit(text, root, fragment, mention);
  return fragment;
}

/** The ranges sorted, clipped to [from, to) and to each other, empty ones left out. */
function disjoint(ranges, from, to) {
  const kept = [];
  let at = from;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const start = Math.max(range.start, at);
    const end = Math.min(range.end, to);
    if (end <= start) continue;
    kept.push({ ...range, start, end });
    at = end;
  }
  return kept;
}

/** `mark` cut where a mention that sticks out of it begins or ends inside it. */
function splitAtCrossings(mark, mentions) {
  const cuts = [];
  for (const { start, end } of mentions) {
    if (start > mark.start && start < mark.end && end > mark.end) cuts.push(start);
    if (end > mark.start && end < mark.end && start < mark.start) cuts.push(end);
  }
  // Two mentions that meet inside the mark cut it at the same place once.
  const edges = [mark.start, ...new Set(cuts.sort((a, b) => a - b)), mark.end];
  return edges.slice(1).map((end, i) => ({ start: edges[i], end }));
}

/**
 * Hangs `ranges`, which are now pairwise nested or apart, under `root` as a tree: outer ranges
 * first, and a mention outside a mark of the same extent.
 */
function nest(root, ranges) {
  ranges.sort((a, b) => a.start - b.start || b.end - a.end || Number(!a.item) - Number(!b.item));
  const open = [root];
  for (const range of ranges) {
    while (range.start >= open.at(-1).end) open.pop();
    const node = { ...range, children: [] };
    open.at(-1).children.push(node);
    open.push(node);
  }
}

function emit(text, node, parent, mention) {
  let at = node.start;
  for (const child of node.children) {
    appendLines(parent, text.slice(at, child.start));
    const element = child.item ? mention(child.item) : h('mark');
    emit(text, child, element, mention);
    parent.append(element);
    at = child.end;
  }
  appendLines(parent, text.slice(at, node.end));
}

function appendLines(parent, text) {
  text.split('\n').forEach((line, i) => {
    if (i > 0) parent.append(h('br'));
    if (line) parent.append(line);
  });
}
