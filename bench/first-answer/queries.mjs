// Queries as readers type them into a news search box, seeded, each drawn from one article
// (its `target`), `count` of each kind:
//   title   2–4 words of a headline, in its order but not necessarily next to each other
//           (a reader remembers the telling words, not the phrase), finished with a space
//   typo    the same words with one typist's edit in a word of 5+ letters
//   prefix  the same words with the last one cut to about half: still being typed
//   short   one word: a name with an apostrophe (O'Neill) or a ticker / acronym when the
//           headline has one, else a word of 4+ letters; finished with a space
// Only headlines that no other article shares, so the target is the one right answer to the
// first three kinds (one word is seldom enough to find an article: its hit rate says so).
import { headlineWords, pick, random, typedForms, uniqueHeadlines } from '../queries.mjs';

/** Names and codes a reader types as they are written: O'Neill-like names; Reuters' tickers
 * (`<CKB>`); all-caps words of 2–5 letters in a headline that is not all caps (BA, EU, IBM),
 * except in parentheses, where AG News credits its agency (AP). */
function names(title) {
  const out = [...title.matchAll(/(?<!\p{L})\p{Lu}['’]\p{Lu}\p{L}+/gu)].map((m) => m[0]);
  out.push(...[...title.matchAll(/<(\p{Lu}{2,6})>/gu)].map((m) => m[1]));
  if (/\p{Ll}/u.test(title)) {
    const bare = title.replace(/\([^)]*\)|<[^>]*>/g, ' ');
    out.push(...[...bare.matchAll(/(?<![\p{L}\p{N}'’])\p{Lu}{2,5}(?![\p{L}\p{N}'’])/gu)].map((m) => m[0]));
  }
  return out;
}

export function readerQueries(articles, { seed, count }) {
  const rand = random(seed);
  const unique = uniqueHeadlines(articles);
  const out = { title: [], typo: [], prefix: [], short: [] };

  while (out.title.length < count) {
    const a = pick(rand, unique);
    const all = headlineWords(a.title);
    if (all.length < 2) continue;
    // k of the headline's words, at random places, kept in order.
    const k = Math.min(all.length, 2 + Math.floor(rand() * 3));
    const places = all.map((_, i) => i);
    for (let i = 0; i < k; i += 1) {
      const j = i + Math.floor(rand() * (places.length - i));
      [places[i], places[j]] = [places[j], places[i]];
    }
    const words = places.slice(0, k).sort((x, y) => x - y).map((i) => all[i]);
    const forms = typedForms(rand, words, a.id);
    if (!forms) continue;
    out.title.push(forms.title);
    out.typo.push(forms.typo);
    out.prefix.push(forms.prefix);
  }

  while (out.short.length < count) {
    const a = pick(rand, unique);
    const special = names(a.title);
    const words = headlineWords(a.title).filter((w) => /^\p{L}{4,}$/u.test(w));
    if (special.length) out.short.push({ kind: 'short', query: `${pick(rand, special)} `, target: a.id, form: 'name' });
    else if (words.length) out.short.push({ kind: 'short', query: `${pick(rand, words)} `, target: a.id, form: 'word' });
  }
  return [...out.title, ...out.typo, ...out.prefix, ...out.short];
}
