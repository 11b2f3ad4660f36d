// The figures computed from raw measurements: compressed sizes, latency percentiles, ranking
// quality (MRR@10, success@1) and phrase precision and recall against the naive-scan truth.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bytes raw, gzip -9 and brotli -11: what a static server would send, precompressed. */
export function sizes(bytes) {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
    }).length,
  };
}

/** Adds up sizes of several files; brotli is null if any file has none. */
export const addSizes = (list) => list.reduce(
  (sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli === null || s.brotli === null ? null : sum.brotli + s.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);

/**
 * Per query kind: latency p50/p95/p99 (ms), MRR@10 and success@1 of the target article, and for
 * phrases micro-averaged precision and recall of the full answer against the truth, and how
 * often the answer is exactly the truth.
 * `queries[i]` was answered by `runs[i]` ({ ms, ids: top 10 }) and, for phrases, `all[i]`.
 */
export function summarise(queries, runs, all) {
  const kinds = {};
  queries.forEach((q, i) => {
    const k = (kinds[q.kind] ??= { ms: [], rr: [], top: [], hit: 0, returned: 0, relevant: 0, exact: 0 });
    const rank = runs[i].ids.indexOf(q.target);
    k.ms.push(runs[i].ms);
    k.rr.push(rank < 0 ? 0 : 1 / (rank + 1));
    k.top.push(rank === 0 ? 1 : 0);
    if (q.truth) {
      const truth = new Set(q.truth);
      const answer = new Set(all[i]);
      const hit = [...answer].filter((id) => truth.has(id)).length;
      k.hit += hit;
      k.returned += answer.size;
      k.relevant += truth.size;
      if (hit === truth.size && answer.size === truth.size) k.exact += 1;
    }
  });
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return Object.fromEntries(Object.entries(kinds).map(([kind, k]) => [kind, {
    queries: k.ms.length,
    p50: percentile(k.ms, 50),
    p95: percentile(k.ms, 95),
    p99: percentile(k.ms, 99),
    mrr10: mean(k.rr),
    success1: mean(k.top),
    ...(k.relevant ? {
      precision: k.returned ? k.hit / k.returned : 0,
      recall: k.hit / k.relevant,
      exact: k.exact / k.ms.length,
    } : {}),
  }]));
}
