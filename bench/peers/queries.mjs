// The peer comparison's queries, seeded so that the same corpus, seed and count always give
// the same queries, each drawn from one article (its `target`):
//   title   3–5 consecutive words of a headline, as typed into a search box, finished ("… ")
//   typo    the same words with one typist's edit in a word of 5+ letters
//   prefix  the same words with the last one cut to about half, still being typed
//   phrase  2–4 consecutive words of a body, quoted, with `truth`: every article that holds them
// Title queries come only from headlines that no other article shares, so the target is the one
// right answer; phrases whose truth has more than `maxMatches` articles are drawn again, so an
// engine's full answer (at most 1000 hits) can be compared with the whole truth.
import { random, typo } from '../queries.mjs';
import { analyseCorpus, phraseMatches } from './truth.mjs';

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** A headline's words as a person would type them: split at spaces, edge punctuation dropped. */
function headlineWords(title) {
  return title
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}

/** `count` each of title, typo and prefix queries, made from the same headline words. */
export function titleQueries(articles, { seed, count }) {
  const rand = random(seed);
  const seen = new Map();
  for (const a of articles) {
    const key = (a.title ?? '').toLowerCase().trim();
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const unique = articles.filter((a) => a.title && seen.get(a.title.toLowerCase().trim()) === 1);
  const out = { title: [], typo: [], prefix: [] };
  while (out.title.length < count) {
    const a = pick(rand, unique);
    const all = headlineWords(a.title);
    if (all.length < 2) continue;
    const length = Math.min(all.length, 3 + Math.floor(rand() * 3));
    const start = Math.floor(rand() * (all.length - length + 1));
    const words = all.slice(start, start + length);
    const typeable = words.flatMap((w, i) => (/^\p{L}{5,}$/u.test(w) ? [i] : []));
    const last = words[words.length - 1];
    // Every kind must be possible for these words, so the three sets share their targets.
    if (!typeable.length || !/^\p{L}{4,}$/u.test(last)) continue;
    const misspelt = [...words];
    const i = pick(rand, typeable);
    misspelt[i] = typo(rand, words[i]);
    const cut = [...words.slice(0, -1), last.slice(0, Math.ceil(last.length / 2))];
    out.title.push({ kind: 'title', query: `${words.join(' ')} `, target: a.id });
    out.typo.push({ kind: 'typo', query: `${misspelt.join(' ')} `, target: a.id });
    out.prefix.push({ kind: 'prefix', query: cut.join(' '), target: a.id });
  }
  return [...out.title, ...out.typo, ...out.prefix];
}

/**
 * `count` phrase queries with their naive-scan truth. `analyze` is newsdex's analyser: phrases
 * are cut at its token boundaries (so "U.S." stays one word) and the truth compares its terms.
 */
export function phraseQueries(articles, analyze, { seed, count, maxMatches = 1000 }) {
  const rand = random(seed ^ 0x9e3779b9);
  const fields = analyseCorpus(articles, analyze);
  const withBodies = articles.filter((a) => (a.body ?? '').length >= 200);
  const out = [];
  while (out.length < count) {
    // Draw a batch, scan the corpus once for all of it, keep the phrases that are not too common.
    const batch = [];
    while (batch.length < count) {
      const a = pick(rand, withBodies);
      const tokens = analyze(a.body);
      if (tokens.length < 20) continue;
      const length = 2 + Math.floor(rand() * 3);
      const start = Math.floor(rand() * (tokens.length - length));
      const span = tokens.slice(start, start + length);
      // A person quotes words that run on (no punctuation between them) for their content (at
      // least one word of four or more letters).
      const runOn = span.every((t, j) => j === 0 || /^ +$/.test(a.body.slice(span[j - 1].end, t.start)));
      if (!runOn || !span.some((t) => /\p{L}{4}/u.test(a.body.slice(t.start, t.end)))) continue;
      const words = span.map((t) => a.body.slice(t.start, t.end));
      batch.push({ query: `"${words.join(' ')}"`, terms: analyze(words.join(' ')).map((t) => t.term), target: a.id });
    }
    const matches = phraseMatches(fields, batch.map((p) => p.terms));
    batch.forEach(({ query, target }, i) => {
      const truth = matches[i].map((k) => articles[k].id);
      if (out.length < count && truth.length <= maxMatches) out.push({ kind: 'phrase', query, target, truth });
    });
  }
  return out;
}
