// The search module (newsdex.js, newsdex_bg.wasm): every request an index answers. A page that
// opens a sharded index starts with the first module (newsdex_lite.js), which answers plain
// queries (a page of hits by relevance, with marked titles and snippets) in fewer bytes; this
// one is fetched and instantiated the first time a request asks for more (facets, collapsed
// stories, date orders, an article, entities, related stories, suggestions), and from the
// start by `Newsdex.load`, a single-file index, and `Newsdex.open(url, { lite: false })`.

/**
 * `load` run on the first call, its promise shared by every call after it; a failed load is
 * tried again by the next call. How each module is fetched on first need.
 * @template T
 * @param {() => Promise<T>} load
 * @returns {() => Promise<T>}
 */
export function onFirstCall(load) {
  /** @type {Promise<T> | undefined} */
  let loading;
  return () =>
    (loading ??= load().catch((error) => {
      loading = undefined;
      throw error;
    }));
}

/** The instantiated search module. */
export const searchModule = onFirstCall(async () => {
  const module = await import('./newsdex.js');
  // A no-op where it is instantiated already: in node (node.js) and in the single file, from
  // inlined bytes.
  await module.default();
  return module;
});
