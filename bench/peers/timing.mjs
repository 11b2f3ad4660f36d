// The measuring loop every engine goes through, in node or in the browser page (so this file
// imports nothing): load → first query answered, an untimed warm-up on queries of the same
// kinds drawn with another seed (plus the timed ones for an engine that fetches its index as
// queries need it), three timed passes (search + top-10 ids; a query's time is its median),
// then each phrase's full answer (up to 1000 ids) for precision and recall. The warm-up is as
// long as a timed pass so that every engine is measured in its steady state: V8 compiles JS
// and wasm in tiers, and a function's first few hundred calls run in a baseline tier (with its
// optimised code compiled meanwhile).
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
export async function measure(load, bytes, queries, { warmup = [], passes = 3, afterLoad = () => {}, warmAll = false } = {}) {
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
  for (const { query } of warmAll ? [...warmup, ...queries] : warmup) await ask(query, 10);
  // Each query's time is its median over `passes` timed passes of the whole list: a search
  // that happens to be preempted (a 4 ms scheduler tick on a shared two-core machine is 50
  // times a search) or to meet a collection does not make an engine's p99 by itself.
  const times = queries.map(() => []);
  const runs = [];
  for (let pass = 0; pass < passes; pass += 1) {
    for (const [i, { query }] of queries.entries()) {
      const started = performance.now();
      const ids = await ask(query, 10);
      times[i].push(performance.now() - started);
      if (pass === 0) runs.push({ ids });
    }
  }
  times.forEach((t, i) => {
    runs[i].ms = t.sort((a, b) => a - b)[t.length >> 1];
  });
  const all = [];
  for (const q of queries) all.push(q.truth ? await ask(q.query, 1000) : null);
  return { loadMs, runs, all, errors: [...errors] };
}
