// Keyboard use of the page: "/" goes to the search box, ↓/↑ walk from the box through the hits
// (Enter then follows the focused hit's link natively), Escape calls `onEscape`.

/**
 * Listens on the document. `input` is the search box, `hits` the results list; `onEscape`
 * returns true when it did something, so Escape otherwise keeps its usual meaning.
 */
export function installKeyboard({ input, hits, onEscape }) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === '/' && !isTyping(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === 'Escape') {
      if (onEscape()) event.preventDefault();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !hits.closest('[hidden]')) {
      const links = [...hits.querySelectorAll('.hit-title a')];
      const from = event.target === input ? -1 : links.indexOf(event.target);
      if (from === -1 && event.target !== input) return;
      const to = from + (event.key === 'ArrowDown' ? 1 : -1);
      if (to >= links.length || (to < 0 && from === -1)) return;
      event.preventDefault();
      (to < 0 ? input : links[to]).focus();
    }
  });
}

function isTyping(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || target.matches('input:not([type=file], [type=checkbox], [type=radio]), textarea, select'));
}
