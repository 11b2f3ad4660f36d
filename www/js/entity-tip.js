// The tooltip of an entity mention in the article: on hover or keyboard focus it shows the
// entity's canonical name, type, article count and other spellings (dex.entity), and the
// mention is described by it (aria-describedby). As WCAG 1.4.13 asks, Escape dismisses it,
// the pointer can move onto it, and it stays while its mention is hovered or focused.
import { h } from './dom.js';
import { plural } from './format.js';
import { entityType } from '/pkg/entity-types.js';

const GAP = 6;
const MARGIN = 8;
const SHOWN_ALIASES = 4;

/**
 * Drives the `tip` element (role="tooltip", with an id) for every `.mention` in the document;
 * `entity` looks one up by id. Returns { hide } for views that replace the mentions.
 */
export function installEntityTip(tip, entity) {
  let current = null;

  const show = (mention) => {
    const found = entity(mention.dataset.entity);
    if (!found) return;
    hide();
    current = mention;
    fill(tip, found);
    mention.setAttribute('aria-describedby', tip.id);
    tip.hidden = false;
    place(tip, mention);
  };
  const hide = () => {
    current?.removeAttribute('aria-describedby');
    current = null;
    tip.hidden = true;
  };

  document.addEventListener('focusin', (event) => {
    const mention = mentionAt(event.target);
    if (mention) show(mention);
  });
  document.addEventListener('focusout', (event) => {
    if (event.target === current && !current.matches(':hover')) hide();
  });
  document.addEventListener('mouseover', (event) => {
    const mention = mentionAt(event.target);
    if (mention && mention !== current) show(mention);
  });
  document.addEventListener('mouseout', (event) => {
    if (!current || !(current.contains(event.target) || tip.contains(event.target))) return;
    const to = event.relatedTarget;
    if (to instanceof Node && (current.contains(to) || tip.contains(to))) return;
    if (document.activeElement !== current) hide();
  });
  // In the capture phase, so the first Escape closes the tooltip rather than the article.
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !current) return;
    event.preventDefault();
    hide();
  }, true);

  return { hide };
}

function mentionAt(target) {
  return target instanceof Element ? target.closest('.mention[data-entity]') : null;
}

function fill(tip, { type, name, aliases, articles }) {
  const others = aliases.filter((alias) => alias !== name).slice(0, SHOWN_ALIASES);
  tip.replaceChildren(
    h('span', { class: 'tip-name' }, name),
    h('span', { class: 'tip-meta' }, `${entityType(type).label} · in ${plural(articles, 'article')}`),
    others.length
      ? h('span', { class: 'tip-aliases' }, 'Also written as ', others.flatMap((alias, i) => [i ? ', ' : null, h('span', { class: 'tip-alias' }, alias)]))
      : null);
}

/** Puts the tip under the mention's first line, or above it when there is no room below. */
function place(tip, mention) {
  const line = mention.getClientRects()[0] ?? mention.getBoundingClientRect();
  const { width, height } = tip.getBoundingClientRect();
  const viewportWidth = document.documentElement.clientWidth;
  const left = Math.max(MARGIN, Math.min(line.left, viewportWidth - width - MARGIN));
  const fitsBelow = line.bottom + GAP + height <= window.innerHeight - MARGIN;
  const top = fitsBelow || line.top - GAP - height < MARGIN ? line.bottom + GAP : line.top - GAP - height;
  tip.style.left = `${left + window.scrollX}px`;
  tip.style.top = `${top + window.scrollY}px`;
}
