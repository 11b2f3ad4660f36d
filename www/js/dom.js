// Builds elements: h('a', { href, class: 'x' }, 'text', child). Attributes are set with
// setAttribute and string children become text nodes, so nothing given here is parsed as HTML.

/** A new `tag` element with `attributes` (null, undefined and false are left out) and `children`. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}
