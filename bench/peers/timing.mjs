// The measuring loop every engine goes through, in node or in the browser page (so this file
// imports nothing): load → first query answered, one untimed pass to warm up, one timed pass
// (search + top-10 ids), then each phrase's full answer (up to 1000 ids) for precision/recall.
// `load(bytes)` gives `{ search(query, limit) → ids }`; either may be sync or async.

/** Opens the engine on bytes already in memory and answers one query: `{ engine, ms }`. */
export async function loadAndAsk(load, bytes, query) {
  const started = performance.now();
  const engine = await load(bytes);
  await engine.search(query, 10);
  return { engine, ms: performance.now() - started };
}

/** `afterLoad` runs once the engine is open (node samples memory there). */
export async function measure(load, bytes, queries, afterLoad = () => {}) {
  const { engine, ms: loadMs } = await loadAndAsk(load, bytes, queries[0].query);
  await afterLoad();
  for (const { query } of queries) await engine.search(query, 10);
  const runs = [];
  for (const { query } of queries) {
    const started = performance.now();
    const ids = await engine.search(query, 10);
    runs.push({ ms: performance.now() - started, ids });
  }
  const all = [];
  for (const q of queries) all.push(q.truth ? await engine.search(q.query, 1000) : null);
  return { loadMs, runs, all };
}
