// The search module (newsdex.js, newsdex_bg.wasm): every request an index answers. A page that
// opens a sharded index starts with the first module (newsdex_lite.js), which answers plain
// queries (a page of hits by relevance, with marked titles and snippets) in fewer bytes; this
// one is fetched and instantiated the first time a request asks for more (facets, collapsed
// stories, date orders, an article, entities, related stories, suggestions), and from the
// start by `Newsdex.load`, a single-file index, and `Newsdex.open(url, { lite: false })`.

let loading;

/** The instantiated search module; a failed load is tried again by the next call. */
export function searchModule() {
  loading ??= (async () => {
    const module = await import('./newsdex.js');
    // A no-op where it is instantiated already: in node (node.js) and in the single file, from
    // inlined bytes.
    await module.default();
    return module;
  })().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
