// The article view's key to the entity highlighting: one toggle button per type, in the type's
// colour and underline style, with how often the article names that type. A pressed button
// shows its type's highlighting; the choice holds for every article until the page reloads.
import { h } from './dom.js';
import { ENTITY_TYPES } from '/pkg/entity-types.js';

const hiddenTypes = new Set();

/**
 * Fills the legend `aside` for `article` (from `dex.article`, or null when none is shown) and
 * applies the hidden types to `story`, the element holding the article. With no mentions the
 * legend is hidden.
 */
export function renderLegend(aside, story, article) {
  const counts = new Map(ENTITY_TYPES.map(({ type }) => [type, 0]));
  const mentions = article ? [...article.titleMentions, ...article.descriptionMentions, ...article.mentions] : [];
  for (const { type } of mentions) counts.set(type, counts.get(type) + 1);
  aside.hidden = mentions.length === 0;
  applyHidden(story);
  if (aside.hidden) {
    aside.replaceChildren();
    return;
  }
  aside.replaceChildren(
    h('h2', { id: 'legend-heading', class: 'panel-heading' }, 'Names in this article'),
    h('ul', { class: 'legend-list', 'aria-labelledby': 'legend-heading' }, ENTITY_TYPES.map(({ type, plural: label }) => {
      const button = h('button', {
        type: 'button',
        class: 'legend-toggle',
        'data-type': type,
        'aria-pressed': String(!hiddenTypes.has(type)),
      },
      h('span', { class: 'entity swatch', 'data-type': type }, label),
      h('span', { class: 'legend-count' },
        counts.get(type).toLocaleString(), h('span', { class: 'visually-hidden' }, counts.get(type) === 1 ? ' mention' : ' mentions')));
      button.addEventListener('click', () => {
        const show = hiddenTypes.has(type);
        if (show) hiddenTypes.delete(type);
        else hiddenTypes.add(type);
        button.setAttribute('aria-pressed', String(show));
        applyHidden(story);
      });
      return h('li', {}, button);
    })),
    h('p', { class: 'legend-help' }, 'Select a name in the text to see every article that mentions it.'));
}

function applyHidden(story) {
  if (hiddenTypes.size) story.dataset.hide = [...hiddenTypes].join(' ');
  else delete story.dataset.hide;
}
