// Renders one article into the article view: section, headline, standfirst, byline with a link
// to the original (only for http(s) addresses), and the body as paragraphs, all with the
// query's matches marked and the entity mentions as links to their entity's search.
import { h } from './dom.js';
import { marked } from './marks.js';
import { byline } from './byline.js';
import { webUrl } from './format.js';
import { entityLink } from './entity-link.js';

/**
 * Fills `container` with `article` (from `dex.article`) as seen from `state` (the URL's); its
 * headline can take focus. `entity` looks up a mention's entity by id.
 */
export function renderArticle(container, article, state, entity) {
  container.dataset.id = article.id;
  const mention = (item) => entityLink(state, entity(item.entity), { class: 'mention' });
  const text = (value, marks, mentions, range = {}) =>
    marked(value, marks, { ...range, mentions: mentions.filter((item) => entity(item.entity)), mention });
  const url = article.url ? webUrl(article.url) : null;
  const original = url
    ? h('a', { class: 'original', href: url.href, rel: 'noopener noreferrer', target: '_blank' }, `${url.hostname} ↗`)
    : article.url ? h('span', { class: 'original' }, article.url) : null;
  // The article's language tells screen readers how to speak it and browsers which glyphs to
  // draw (a Japanese and a Chinese ideograph can differ).
  container.replaceChildren(h('article', { 'aria-labelledby': 'article-title', lang: article.lang },
    article.section ? h('p', { class: 'kicker' }, article.section) : null,
    h('h2', { id: 'article-title', class: 'story-title', tabindex: '-1' },
      article.title ? text(article.title, article.titleMarks, article.titleMentions) : `Article ${article.id}`),
    article.description
      ? h('p', { class: 'standfirst' }, text(article.description, article.descriptionMarks, article.descriptionMentions))
      : null,
    byline(article, 'story-meta', original),
    h('div', { class: 'story-body' }, paragraphs(article.body).map(([from, to]) =>
      h('p', {}, text(article.body, article.marks, article.mentions, { from, to }))))));
}

/** Shows why an article cannot be shown, e.g. an id that is not in the index. */
export function renderArticleError(container, id, message) {
  container.dataset.id = id;
  container.replaceChildren(h('div', { class: 'article-error' },
    h('h2', { id: 'article-title', class: 'story-title', tabindex: '-1' }, 'This article cannot be shown'),
    h('p', { class: 'error-message', role: 'alert' }, message)));
}

// Paragraphs are separated by a blank line; they are kept as [from, to) ranges of the body
// rather than split strings so the body's marks still line up.
function paragraphs(body) {
  const ranges = [];
  let from = 0;
  for (const gap of body.matchAll(/\n[^\S\n]*\n\s*/g)) {
    ranges.push([from, gap.index]);
    from = gap.index + gap[0].length;
  }
  ranges.push([from, body.length]);
  return ranges.filter(([start, end]) => body.slice(start, end).trim());
}
