// Turns engine text and its marks into DOM nodes: plain runs as text nodes, marked runs as
// <mark> elements, "\n" as <br>. Marks are [start, end) in UTF-16 code units, which is what
// String.prototype.slice counts, so slicing lines them up even after emoji or accents.
import { h } from './dom.js';

/**
 * A fragment with `text.slice(from, to)` and the parts of `marks` that fall inside it marked.
 * Marks are sorted first and any overlap is clipped, so a sloppy list cannot duplicate text.
 */
export function marked(text, marks = [], from = 0, to = text.length) {
  const fragment = document.createDocumentFragment();
  let at = from;
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    const markFrom = Math.max(start, at);
    const markTo = Math.min(end, to);
    if (markTo <= markFrom) continue;
    appendLines(fragment, text.slice(at, markFrom));
    const mark = h('mark');
    appendLines(mark, text.slice(markFrom, markTo));
    fragment.append(mark);
    at = markTo;
  }
  appendLines(fragment, text.slice(at, to));
  return fragment;
}

function appendLines(parent, text) {
  text.split('\n').forEach((line, i) => {
    if (i > 0) parent.append(h('br'));
    if (line) parent.append(line);
  });
}
