// Seeded query generation for the benchmarks: the same corpus and seed always give the same
// queries, drawn from the articles themselves so each has a known target.

/** A small, fast, seedable PRNG (mulberry32). */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORD = /[\p{L}\p{N}]+/gu;
const words = (text) => text.match(WORD) ?? [];
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** One edit a typist makes: swap two neighbouring letters, drop one, or double one. */
export function typo(rand, word) {
  const i = 1 + Math.floor(rand() * (word.length - 2));
  switch (Math.floor(rand() * 3)) {
    case 0: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1: return word.slice(0, i) + word.slice(i + 1);
    default: return word.slice(0, i) + word[i] + word.slice(i);
  }
}

/**
 * Queries of each kind, `count` of each, as `{ kind, query, target }` where `target` is the id
 * of the article the query was drawn from.
 */
export function generateQueries(articles, { seed = 42, count = 200 } = {}) {
  const rand = random(seed);
  const withTitles = articles.filter((a) => words(a.title ?? '').length >= 2);
  const withBodies = articles.filter((a) => words(a.body ?? '').length >= 20);
  const kinds = {
    word: () => {
      const a = pick(rand, withTitles);
      const candidates = words(a.title).filter((w) => w.length >= 4);
      return candidates.length ? { query: `${pick(rand, candidates)} `, target: a.id } : null;
    },
    words: () => {
      const a = pick(rand, withTitles);
      const w = words(a.title);
      const start = Math.floor(rand() * Math.max(1, w.length - 2));
      return { query: `${w.slice(start, start + 3).join(' ')} `, target: a.id };
    },
    phrase: () => {
      const a = pick(rand, withBodies);
      const w = words(a.body);
      const start = Math.floor(rand() * (w.length - 3));
      return { query: `"${w.slice(start, start + 3).join(' ')}"`, target: a.id };
    },
    prefix: () => {
      const a = pick(rand, withTitles);
      const candidates = words(a.title).filter((w) => w.length >= 6);
      if (!candidates.length) return null;
      const w = pick(rand, candidates);
      return { query: w.slice(0, 3 + Math.floor(rand() * (w.length - 4))), target: a.id };
    },
    typo: () => {
      const a = pick(rand, withTitles);
      const candidates = words(a.title).filter((w) => w.length >= 5 && /^\p{L}+$/u.test(w));
      return candidates.length ? { query: `${typo(rand, pick(rand, candidates))} `, target: a.id } : null;
    },
  };
  const out = [];
  for (const [kind, make] of Object.entries(kinds)) {
    let made = 0;
    while (made < count) {
      const q = make();
      if (!q) continue;
      out.push({ kind, ...q });
      made += 1;
    }
  }
  return out;
}
