// The page's state lives in its URL, so a link, a reload or back/forward restores the view:
//   ?index=  another index file to fetch     ?q=      the query
//   ?article= the open article's id          ?offset= ?limit=  the page of results
//   ?sort=   newest or oldest (best match first when absent)
//   ?copies=all  every copy of a story as a hit (one hit per story when absent)
// Every read and write of those parameters goes through here.

export const PAGE_SIZE = 10;
const MAX_LIMIT = 100;
const SORTS = ['relevance', 'newest', 'oldest'];

/**
 * The state a location describes.
 * @param {{ search: string }} [location]
 */
export function readState(location = window.location) {
  const params = new URLSearchParams(location.search);
  return {
    index: params.get('index') || null,
    q: params.get('q') ?? '',
    article: params.get('article') || null,
    offset: whole(params.get('offset'), 0, Infinity) ?? 0,
    limit: whole(params.get('limit'), 1, MAX_LIMIT) ?? PAGE_SIZE,
    sort: SORTS.includes(params.get('sort')) ? params.get('sort') : 'relevance',
    collapse: params.get('copies') !== 'all',
  };
}

/** The relative address of `state`; defaults are left out so addresses stay short. */
export function hrefFor({ index, q, article, offset, limit, sort = 'relevance', collapse = true }) {
  const params = new URLSearchParams();
  if (index) params.set('index', index);
  if (q) params.set('q', q);
  if (article) params.set('article', article);
  if (offset) params.set('offset', offset);
  if (limit !== PAGE_SIZE) params.set('limit', limit);
  if (sort !== 'relevance') params.set('sort', sort);
  if (!collapse) params.set('copies', 'all');
  const search = params.toString();
  return search ? `?${search}` : window.location.pathname;
}

/**
 * Records `state` in the session history: a new entry (`push`) for a step the reader may want
 * to undo with Back, such as opening an article, or in place for keystrokes. `openedFromResults`
 * marks an article entry whose previous entry is the results, so closing it can go Back.
 */
export function record(state, { push = false, openedFromResults = false } = {}) {
  const data = openedFromResults ? { openedFromResults: true } : null;
  if (push) window.history.pushState(data, '', hrefFor(state));
  else window.history.replaceState(data, '', hrefFor(state));
}

/** Whether the current entry is an article opened from the results just before it. */
export function cameFromResults() {
  return window.history.state?.openedFromResults === true;
}

function whole(text, min, max) {
  if (text === null || !/^\d+$/.test(text)) return null;
  return Math.min(Math.max(Number(text), min), max);
}
