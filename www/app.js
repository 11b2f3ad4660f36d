// The page's controller: opens an index, shows the view the URL describes, and turns what the
// reader does (typing, links, facets, keys, the file picker, Back and Forward) into URL changes.
import { openEmbedded, openFile, openUrl } from './js/index-source.js';
import { cameFromResults, hrefFor, readState, record } from './js/url-state.js';
import { renderNoIndex, renderResults } from './js/results.js';
import { renderFacets } from './js/facets.js';
import { renderArticle, renderArticleError } from './js/article.js';
import { renderLegend } from './js/legend.js';
import { entityLookup } from './js/entity-lookup.js';
import { installEntityTip } from './js/entity-tip.js';
import { renderStats } from './js/stats.js';
import { installKeyboard } from './js/keyboard.js';
import { entityOfQuery, renderEntityPanel } from './js/entity-panel.js';
import { RELATED_SHOWN, storiesSection } from './js/stories.js';

const byId = (id) => document.getElementById(id);
const ui = {
  input: /** @type {HTMLInputElement} */ (byId('q')),
  form: byId('search-form'),
  alert: byId('alert'),
  resultsView: byId('results-view'),
  results: { count: byId('result-count'), took: byId('took'), intro: byId('intro'), hits: byId('hits'), pager: byId('pager') },
  facets: byId('facets'),
  entityPanel: byId('entity-panel'),
  stories: byId('article-stories'),
  sort: /** @type {HTMLSelectElement} */ (byId('sort')),
  articleView: byId('article-view'),
  article: byId('article'),
  legend: byId('entity-legend'),
  entityTip: byId('entity-tip'),
  backLink: /** @type {HTMLAnchorElement} */ (byId('back-link')),
  stats: byId('stats'),
  file: /** @type {HTMLInputElement} */ (byId('index-file')),
};

let dex = null;
// dex.entity, remembered per index.
let entity = null;
// Bumped for each index opened, so views drawn from the previous index are redrawn.
let generation = 0;
// What each view shows now. Redrawing the same thing would throw away the focused hit and make
// the live count speak again, so render() skips views whose key has not changed.
const drawn = { results: '', article: '', entity: '' };
// The requests under way on a sharded index, each aborted when a newer one of its view starts.
const pending = { results: new AbortController(), article: new AbortController(), entity: new AbortController(), stories: new AbortController() };
const entityTip = installEntityTip(ui.entityTip, (id) => entity?.(id) ?? null);

/** Switches to the index `opening` resolves to; on failure keeps the current one and says why. */
async function useIndex(opening) {
  try {
    const { dex: next, name } = await opening;
    dex?.close();
    dex = next;
    entity = entityLookup(dex);
    generation += 1;
    renderStats(ui.stats, dex.stats(), name);
    showAlert('');
    return true;
  } catch (error) {
    showAlert(messageOf(error));
    if (!dex) renderStats(ui.stats, null);
    return false;
  } finally {
    ui.input.disabled = !dex;
  }
}

/** Makes the page show what the URL says. */
function render() {
  const state = readState();
  if (ui.input.value !== state.q) ui.input.value = state.q;
  if (ui.sort.value !== state.sort) ui.sort.value = state.sort;
  const focusInArticle = ui.articleView.contains(document.activeElement) || document.activeElement === document.body;
  const closedId = ui.article.dataset.id;
  const wasOpen = !ui.articleView.hidden;
  const showArticle = Boolean(dex && state.article);

  entityTip.hide();
  if (!dex) renderNoIndex(ui.results);
  else drawResults(state);
  if (showArticle) drawArticle(state);
  ui.resultsView.hidden = showArticle;
  ui.articleView.hidden = !showArticle;
  ui.facets.hidden = showArticle || !ui.facets.hasChildNodes();
  document.title = pageTitle(state, showArticle);

  if (showArticle && !wasOpen) {
    window.scrollTo(0, 0);
    // A sharded index's article arrives later; drawArticle focuses its headline then.
    byId('article-title')?.focus({ preventScroll: true });
  } else if (!showArticle && wasOpen && focusInArticle) {
    // Back where the reader left: the hit they opened, or the search box.
    const hit = [...ui.results.hits.querySelectorAll('.hit')].find((item) => item.getAttribute('data-id') === closedId);
    (hit?.querySelector('a') ?? ui.input).focus();
  }
}

/** The tab's title: the article's headline while one is shown (once it is), else the query. */
function pageTitle(state, showArticle) {
  const headline = showArticle && byId('article-title')?.textContent;
  if (headline) return `${headline} — newsdex`;
  return state.q.trim() ? `${state.q.trim()} — newsdex` : 'newsdex';
}

function drawResults(state) {
  const key = `${generation} ${hrefFor({ ...state, article: null })}`;
  if (drawn.results === key) return;
  drawn.results = key;
  const show = (results) => {
    renderResults(ui.results, state, results);
    renderFacets(ui.facets, state.q, results.facets, searchFor);
    // A sharded or segmented index's facets arrive after render() chose whether to show them.
    ui.facets.hidden = !ui.articleView.hidden || !ui.facets.hasChildNodes();
    drawEntityPanel(state, entityOfQuery(state.q, results.facets));
  };
  const failed = (error) => {
    showAlert(messageOf(error));
    return { total: 0, totalExact: true, tookMs: 0, hits: [] };
  };
  if (sharded()) {
    // A sharded index fetches what the query needs first; a newer search may be drawn by then,
    // and this one is abandoned: neither its answer nor its error may replace the newer one.
    const signal = supersede('results');
    dex.searchAsync(state.q, { offset: state.offset, limit: state.limit, sort: state.sort, collapse: state.collapse, signal }).then(
      (results) => drawn.results === key && show(results),
      (error) => drawn.results === key && show(failed(error)),
    );
    return;
  }
  let results;
  try {
    results = dex.search(state.q, { offset: state.offset, limit: state.limit, sort: state.sort, collapse: state.collapse });
  } catch (error) {
    results = failed(error);
  }
  show(results);
}

/** The entity view of the entity with `id` (the one the query names), or none for null. */
function drawEntityPanel(state, id) {
  const key = `${generation} ${id} ${state.q}`;
  if (drawn.entity === key) return;
  drawn.entity = key;
  const show = (found) => drawn.entity === key && renderEntityPanel(ui.entityPanel, found, state, searchFor);
  if (!id) {
    show(null);
  } else if (sharded()) {
    dex.entityAsync(id, { signal: supersede('entity') }).then(show, () => show(null));
  } else {
    try {
      show(dex.entity(id));
    } catch {
      show(null);
    }
  }
}

/** Related stories and copies under the article `id`. */
function drawStories(state, id, key) {
  const show = ([related, copies]) => {
    if (drawn.article === key) ui.stories.replaceChildren(storiesSection(state, related, copies) ?? '');
  };
  ui.stories.replaceChildren();
  if (sharded()) {
    const signal = supersede('stories');
    Promise.all([dex.relatedAsync(id, { limit: RELATED_SHOWN, signal }), dex.duplicatesAsync(id, { signal })])
      .then(show, () => {});
    return;
  }
  try {
    show([dex.related(id, { limit: RELATED_SHOWN }), dex.duplicates(id)]);
  } catch {
    // An article that cannot be shown says why above; it has no stories to list.
  }
}

/** Aborts the view's request under way, and returns the signal of the one that replaces it.
 * @param {'results' | 'article' | 'entity' | 'stories'} view */
function supersede(view) {
  pending[view].abort();
  pending[view] = new AbortController();
  return pending[view].signal;
}

/** Whether the index is a sharded one, whose searches and articles fetch from its chunks. */
function sharded() {
  return dex.fetched() !== null;
}

function drawArticle(state) {
  ui.backLink.href = hrefFor({ ...state, article: null });
  // The whole address: the mentions link to searches that keep ?index= and ?limit=.
  const key = `${generation} ${hrefFor(state)}`;
  if (drawn.article === key) return;
  drawn.article = key;
  const show = (article) => {
    if (article) renderArticle(ui.article, article, state, entity);
    renderLegend(ui.legend, ui.article, article);
  };
  drawStories(state, state.article, key);
  const failed = (error) => {
    renderArticleError(ui.article, state.article, messageOf(error));
    return null;
  };
  if (sharded()) {
    const signal = supersede('article');
    const settle = (get) => {
      if (drawn.article !== key) return;
      show(get());
      document.title = pageTitle(state, true);
      byId('article-title')?.focus({ preventScroll: true });
    };
    dex.articleAsync(state.article, { query: state.q, signal }).then(
      (article) => settle(() => article),
      (error) => settle(() => failed(error)),
    );
    return;
  }
  let article = null;
  try {
    article = dex.article(state.article, { query: state.q });
  } catch (error) {
    article = failed(error);
  }
  show(article);
}

/** Back to the results: the browser's Back when the results are the previous entry, so history stays as the reader made it. */
function closeArticle() {
  if (ui.articleView.hidden) return false;
  if (cameFromResults()) {
    window.history.back();
  } else {
    record({ ...readState(), article: null });
    render();
  }
  return true;
}

function showAlert(message) {
  ui.alert.textContent = message;
}

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

function onInput() {
  record({ ...readState(), q: ui.input.value, article: null, offset: 0 });
  render();
}

/** Orders the results as chosen, a step Back can undo. */
function onSort() {
  record({ ...readState(), sort: ui.sort.value, article: null, offset: 0 }, { push: true });
  render();
}

/** Shows the results of `q` as a step Back can undo (a facet toggled). */
function searchFor(q) {
  record({ ...readState(), q, article: null, offset: 0 }, { push: true });
  render();
}

// Links marked data-nav are handled here so the page does not reload; a click with a modifier
// or a middle click still opens the link's address in a new tab.
function onClick(event) {
  const link = event.target instanceof Element ? event.target.closest('a[data-nav]') : null;
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const kind = link.dataset.nav;
  if (kind === 'back') {
    closeArticle();
    return;
  }
  record(readState(new URL(link.href)), { push: true, openedFromResults: kind === 'article' });
  render();
  // A new page of results, or the results of an entity's name: start reading at the top.
  if (kind === 'page' || kind === 'search') {
    window.scrollTo(0, 0);
    (ui.results.hits.querySelector('a') ?? ui.input).focus({ preventScroll: true });
  }
}

async function onFile() {
  const [file] = ui.file.files;
  if (!file) return;
  ui.file.value = '';
  if (await useIndex(openFile(file))) {
    // The picked file has no address, so ?index= no longer describes what is open.
    record({ ...readState(), index: null, article: null, offset: 0 });
    render();
  }
}

async function start() {
  installKeyboard({ input: ui.input, hits: ui.results.hits, onEscape: closeArticle });
  ui.input.addEventListener('input', onInput);
  ui.sort.addEventListener('change', onSort);
  ui.form.addEventListener('submit', (event) => event.preventDefault());
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', render);
  ui.file.addEventListener('change', onFile);

  const { index } = readState();
  await useIndex(index ? openUrl(index) : openEmbedded());
  render();
  if (dex && ui.articleView.hidden) ui.input.focus();
}

start();
