// The peer comparison's queries, seeded so that the same corpus, seed and count always give
// the same queries, each drawn from one article (its `target`):
//   title   3–5 consecutive words of a headline, as typed into a search box, finished ("… ")
//   typo    the same words with one typist's edit in a word of 5+ letters
//   prefix  the same words with the last one cut to about half, still being typed
//   phrase  2–4 consecutive words of a body, quoted, with `truth`: every article that holds them
// Title queries come only from headlines that no other article shares, so the target is the one
// right answer; phrases whose truth has more than `maxMatches` articles are drawn again, so an
// engine's full answer (at most 1000 hits) can be compared with the whole truth.
import { headlineWords, pick, random, typedForms, uniqueHeadlines } from '../queries.mjs';
import { analyseCorpus, phraseMatches } from './truth.mjs';

/** `count` each of title, typo and prefix queries, made from the same headline words. */
export function titleQueries(articles, { seed, count }) {
  const rand = random(seed);
  const unique = uniqueHeadlines(articles);
  const out = { title: [], typo: [], prefix: [] };
  while (out.title.length < count) {
    const a = pick(rand, unique);
    const all = headlineWords(a.title);
    if (all.length < 2) continue;
    const length = Math.min(all.length, 3 + Math.floor(rand() * 3));
    const start = Math.floor(rand() * (all.length - length + 1));
    const words = all.slice(start, start + length);
    const forms = typedForms(rand, words, a.id);
    if (!forms) continue;
    out.title.push(forms.title);
    out.typo.push(forms.typo);
    out.prefix.push(forms.prefix);
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
