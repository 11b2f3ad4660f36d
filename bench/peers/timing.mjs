// The measuring loop every engine goes through, in node or in the browser page (so this file
// imports nothing): load → first query answered, an untimed warm-up (every tenth query, or all
// of them for an engine that fetches its index as queries need it), one timed pass (search +
// top-10 ids), then each phrase's full answer (up to 1000 ids) for precision and recall.
// `load(bytes)` gives `{ search(query, limit) → ids }`; either may be sync or async. A search
// that throws (lunr does on some numbers) counts as an empty answer and is reported.

/** Opens the engine on bytes already in memory and answers one query: `{ engine, ms }`. */
export async function loadAndAsk(load, bytes, query) {
  const started = performance.now();
  const engine = await load(bytes);
  await engine.search(query, 10);
  return { engine, ms: performance.now() - started };
}

/** `afterLoad` runs once the engine is open (node samples memory there). */
export async function measure(load, bytes, queries, { afterLoad = () => {}, warmAll = false } = {}) {
  const { engine, ms: loadMs } = await loadAndAsk(load, bytes, queries[0].query);
  await afterLoad();
  const errors = new Map();
  const ask = async (query, limit) => {
    try {
      return await engine.search(query, limit);
    } catch (error) {
      errors.set(query, String(error?.message ?? error));
      return [];
    }
  };
  for (const [i, { query }] of queries.entries()) if (warmAll || i % 10 === 0) await ask(query, 10);
  const runs = [];
  for (const { query } of queries) {
    const started = performance.now();
    const ids = await ask(query, 10);
    runs.push({ ms: performance.now() - started, ids });
  }
  const all = [];
  for (const q of queries) all.push(q.truth ? await ask(q.query, 1000) : null);
  return { loadMs, runs, all, errors: [...errors] };
}
