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
/** One of `list`, drawn with `rand`. */
export const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** A headline's words as a person types them: split at spaces, edge punctuation dropped, lower case. */
export function headlineWords(title) {
  return title
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** The articles whose headline no other article shares, so each is the one right answer to it. */
export function uniqueHeadlines(articles) {
  const seen = new Map();
  for (const a of articles) {
    const key = (a.title ?? '').toLowerCase().trim();
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return articles.filter((a) => a.title && seen.get(a.title.toLowerCase().trim()) === 1);
}

/**
 * Headline `words` as a reader types them, all with `target`: `title`, the words finished with
 * a space; `typo`, the same with one typist's edit in a word of 5+ letters; `prefix`, the last
 * word cut to about half, still being typed. Null when the words allow not every kind, so the
 * three kinds always share their targets.
 */
export function typedForms(rand, words, target) {
  const typeable = words.flatMap((w, i) => (/^\p{L}{5,}$/u.test(w) ? [i] : []));
  const last = words[words.length - 1];
  if (!typeable.length || !/^\p{L}{4,}$/u.test(last)) return null;
  const misspelt = [...words];
  const i = pick(rand, typeable);
  misspelt[i] = typo(rand, words[i]);
  const cut = [...words.slice(0, -1), last.slice(0, Math.ceil(last.length / 2))];
  return {
    title: { kind: 'title', query: `${words.join(' ')} `, target },
    typo: { kind: 'typo', query: `${misspelt.join(' ')} `, target },
    prefix: { kind: 'prefix', query: cut.join(' '), target },
  };
}

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
