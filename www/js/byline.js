// The "source · date" line shown under a hit's title and in the article view.
import { h } from './dom.js';
import { formatDate } from './format.js';

/** A `<p class=className>` with the source and date, or null when both are unknown. */
export function byline({ source, date }, className, ...more) {
  const parts = [
    source ? h('span', { class: 'source' }, source) : null,
    date ? h('time', { datetime: date }, formatDate(date)) : null,
    ...more,
  ].filter(Boolean);
  return parts.length ? h('p', { class: className }, parts) : null;
}
