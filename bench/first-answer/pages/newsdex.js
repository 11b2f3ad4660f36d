// A reader's first search: open the sharded index, search, render 10 hits. The query (and,
// for an archive, the core's address) come in the URL. `window.firstAnswer` tells the bench
// it is done; its `ms` is performance.now() at render, i.e. since navigation started. The
// bench bundles and minifies this with the package (esbuild), as a site's build would.
import { Newsdex } from 'newsdex';

/** `text` with `marks` ([start, end) in UTF-16 units) as <mark> elements, built from text
 * nodes so nothing in an article is ever parsed as HTML. */
function marked(text, marks) {
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of marks) {
    out.append(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    out.append(mark);
    at = end;
  }
  out.append(text.slice(at));
  return out;
}

const params = new URLSearchParams(location.search);
try {
  const dex = await Newsdex.open(params.get('index') ?? '/news.ndx');
  const r = await dex.searchAsync(params.get('q'), { limit: 10, facets: false });
  const list = document.getElementById('hits');
  for (const hit of r.hits) {
    const li = document.createElement('li');
    li.dataset.id = hit.id;
    const title = document.createElement('h3');
    title.append(marked(hit.title, hit.titleMarks));
    const snippet = document.createElement('p');
    snippet.append(marked(hit.snippet.text, hit.snippet.marks));
    li.append(title, snippet);
    list.append(li);
  }
  const ms = performance.now();
  window.firstAnswer = { ms, ids: r.hits.map((h) => h.id), total: r.total, rounds: dex.fetched()?.rounds ?? null };
} catch (error) {
  window.firstAnswer = { error: String(error?.stack ?? error) };
}
