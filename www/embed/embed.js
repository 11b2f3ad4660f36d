// The demo article page (embed.html): one index shared by the search box and the highlighter,
// the story's names listed by type beside it (each a search of the archive for that entity),
// a switch that takes the marks off and puts them back, and a chosen search hit opened in the
// archive (the search page). Names come from the page as text and go back in as text.
import '/pkg/element.js';
import { ENTITY_TYPES } from '/pkg/entity-types.js';
import { highlightEntities, unhighlight } from '/pkg/highlight.js';

const story = document.getElementById('story');
const search = document.querySelector('newsdex-search');
const toggle = /** @type {HTMLInputElement} */ (document.getElementById('highlight-toggle'));
const list = document.getElementById('names-list');
const status = document.getElementById('names-status');
const related = document.getElementById('related-list');

search.addEventListener('newsdex-select', ({ detail }) => {
  window.location.assign(`./?${new URLSearchParams({ q: detail.query, article: detail.id })}`);
});

try {
  const dex = await search.ready;
  // The story is an indexed article: its stored names are marked, and no recogniser is fetched.
  const id = story.dataset.articleId;
  const names = await highlightEntities(story, { dex, id });
  renderNames(names, dex);
  renderRelated(await dex.relatedAsync(id, { limit: 5 }));
  toggle.addEventListener('change', () => {
    if (toggle.checked) highlightEntities(story, { dex, id }).catch(failed);
    else unhighlight(story);
  });
} catch (error) {
  failed(error);
}

/** Plain words for the reader; the error's code (if any) stays on the status for debugging. */
function failed(error) {
  status.textContent = 'The names in this story could not be marked.';
  status.dataset.error = error?.code ?? '';
  toggle.disabled = true;
}

/** The story's names grouped by type, most mentioned first, each linking to a search for it. */
function renderNames(names, dex) {
  const byKey = new Map();
  for (const name of names) {
    const key = name.entity ?? `${name.type} ${name.text}`;
    const entry = byKey.get(key) ?? { type: name.type, entity: name.entity, label: name.entity ? dex.entity(name.entity, { details: false }).name : name.text, count: 0 };
    entry.count += 1;
    byKey.set(key, entry);
  }
  const sections = ENTITY_TYPES.map(({ type, plural, filter }) => {
    const entries = [...byKey.values()].filter((entry) => entry.type === type)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    if (!entries.length) return null;
    const section = document.createElement('section');
    const heading = document.createElement('h3');
    heading.textContent = plural;
    const items = document.createElement('ul');
    for (const entry of entries) items.append(nameItem(entry, filter));
    section.append(heading, items);
    return section;
  }).filter(Boolean);
  list.replaceChildren(...sections);
  status.textContent = `${names.length} mentions of ${byKey.size} names`;
}

/** The stories most like this one (dex.related), each a link to it in the archive. */
function renderRelated(hits) {
  related.replaceChildren(...hits.map((hit) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `./?${new URLSearchParams({ article: hit.id })}`;
    link.textContent = hit.title || hit.id;
    link.dataset.id = hit.id;
    item.append(link);
    if (hit.date) {
      const date = document.createElement('time');
      date.dateTime = hit.date;
      date.textContent = hit.date.slice(0, 10);
      item.append(' ', date);
    }
    return item;
  }));
  related.closest('section').hidden = hits.length === 0;
}

function nameItem({ type, entity, label, count }, filter) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = `./?${new URLSearchParams({ q: `${filter}:"${label}"` })}`;
  link.className = `name newsdex-${type.toLowerCase()}`;
  if (entity) link.dataset.entity = entity;
  const badge = document.createElement('span');
  badge.className = 'count';
  const unit = document.createElement('span');
  unit.className = 'visually-hidden';
  unit.textContent = count === 1 ? ' mention' : ' mentions';
  badge.append(String(count), unit);
  const text = document.createElement('span');
  text.className = 'name-text';
  text.textContent = label;
  link.append(text, ' ', badge);
  item.append(link);
  return item;
}
