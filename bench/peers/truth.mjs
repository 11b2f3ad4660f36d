// The naive-scan ground truth for phrase queries: the articles whose analysed title or body
// holds a phrase's analysed terms consecutively. It reads every article's text through the
// analyser and no index, so it checks an engine's positions and phrase logic independently.

/** Each article's fields as arrays of analysed terms: `[title, body]`. */
export function analyseCorpus(articles, analyze) {
  const terms = (text) => (text ? analyze(text).map((t) => t.term) : []);
  return articles.map((a) => [terms(a.title), terms(a.body)]);
}

/**
 * For each phrase (an array of terms), the indexes of the articles that hold it within one
 * field, ascending. One pass over all terms: a phrase is checked only where its first term is.
 */
export function phraseMatches(fields, phrases) {
  const byFirst = new Map();
  phrases.forEach((terms, k) => {
    if (!byFirst.has(terms[0])) byFirst.set(terms[0], []);
    byFirst.get(terms[0]).push(k);
  });
  const found = phrases.map(() => new Set());
  fields.forEach((articleFields, article) => {
    for (const terms of articleFields) {
      for (let at = 0; at < terms.length; at += 1) {
        for (const k of byFirst.get(terms[at]) ?? []) {
          const phrase = phrases[k];
          if (phrase.every((term, j) => terms[at + j] === term)) found[k].add(article);
        }
      }
    }
  });
  return found.map((set) => [...set]);
}
