// Checks a Newsdex instance against the shared query cases (tests/cases/*.json) and returns
// the failures as strings. It takes the parsed cases and touches neither node nor the DOM, so the
// node tests and the Vite app in the browser run the very same checks.
const slice = (text, marks) => marks.map(([start, end]) => text.slice(start, end));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function searchCaseFailures(dex, cases) {
  const failures = [];
  for (const c of cases) {
    const results = dex.search(c.query, c.options);
    const ids = results.hits.map((h) => h.id);
    if (c.total !== undefined && results.total !== c.total) failures.push(`${c.name}: total ${results.total} != ${c.total}`);
    if (c.ids && !same(ids, c.ids)) failures.push(`${c.name}: ids ${ids} != ${c.ids}`);
    for (const [id, copies] of Object.entries(c.duplicates ?? {})) {
      const hit = results.hits.find((h) => h.id === id);
      if (!hit) failures.push(`${c.name}: no hit ${id} in ${ids}`);
      else if (!same(hit.duplicates, copies)) failures.push(`${c.name}: ${id} has copies ${hit.duplicates}`);
    }
    if (c.sameAs) {
      const expected = dex.search(c.sameAs, c.options).hits.map((h) => h.id);
      if (!same(ids, expected)) failures.push(`${c.name}: ids ${ids} != those of ${c.sameAs}: ${expected}`);
    }
    for (const [type, names] of Object.entries(c.facetsInclude ?? {})) {
      const facet = results.facets[type].map((f) => f.name);
      for (const name of names) if (!facet.includes(name)) failures.push(`${c.name}: facet ${type} ${facet} lacks ${name}`);
    }
    if (c.marked) {
      const marked = results.hits.flatMap((h) => [...slice(h.title, h.titleMarks), ...slice(h.snippet.text, h.snippet.marks)]);
      if (marked.length === 0 || marked.some((m) => !c.marked.includes(m))) {
        failures.push(`${c.name}: marked ${JSON.stringify(marked)}, allowed ${JSON.stringify(c.marked)}`);
      }
    }
  }
  return failures;
}

/**
 * The stories cases' related and duplicates entries (tests/cases/stories.json), answered by
 * `related(id, options)` and `duplicates(id)`, sync or async (a sharded index's).
 */
export async function storyCaseFailures(cases, related, duplicates) {
  const failures = [];
  for (const c of cases.duplicates) {
    const found = await duplicates(c.id);
    if (!same(found, c.ids)) failures.push(`${c.name}: copies ${found}`);
  }
  for (const c of cases.related) {
    let found;
    try {
      found = (await related(c.id, { limit: c.limit ?? 5 })).map((hit) => hit.id);
    } catch (error) {
      if (error.message !== c.error) failures.push(`${c.name}: unexpected error ${error.message}`);
      continue;
    }
    if (c.error) failures.push(`${c.name}: expected the error ${c.error}`);
    const missing = (c.include ?? []).filter((id) => !found.includes(id));
    const unwanted = found.filter((id) => (c.exclude ?? []).includes(id));
    if (missing.length || unwanted.length) failures.push(`${c.name}: ${found} lacks ${missing}, has ${unwanted}`);
    if (c.first && found[0] !== c.first) failures.push(`${c.name}: ${found} does not start with ${c.first}`);
    if (c.count !== undefined && found.length !== c.count) failures.push(`${c.name}: ${found.length} related`);
  }
  return failures;
}

export function articleCaseFailures(dex, cases) {
  const failures = [];
  for (const c of cases) {
    let article;
    try {
      article = dex.article(c.id, c.query === undefined ? undefined : { query: c.query });
    } catch (error) {
      if (error.message !== c.error) failures.push(`${c.name}: unexpected error ${error.message}`);
      continue;
    }
    if (c.error) failures.push(`${c.name}: expected the error ${c.error}`);
    if (c.title !== undefined && article.title !== c.title) failures.push(`${c.name}: title ${article.title}`);
    if (c.source !== undefined && article.source !== c.source) failures.push(`${c.name}: source ${article.source}`);
    if (c.descriptionStart && !article.description.startsWith(c.descriptionStart)) failures.push(`${c.name}: description`);
    if (c.marks && !same(slice(article.body, article.marks), c.marks)) {
      failures.push(`${c.name}: marks ${JSON.stringify(slice(article.body, article.marks))}`);
    }
    for (const wanted of c.mentionsInclude ?? []) {
      const [text, mentions] = wanted.field === 'title' ? [article.title, article.titleMentions]
        : wanted.field === 'description' ? [article.description, article.descriptionMentions] : [article.body, article.mentions];
      const found = mentions.some((m) => text.slice(m.start, m.end) === wanted.text && m.type === wanted.type && m.entity === wanted.entity);
      if (!found) failures.push(`${c.name}: no mention ${JSON.stringify(wanted)}`);
    }
    if (c.titleMarks && !same(slice(article.title, article.titleMarks), c.titleMarks)) {
      failures.push(`${c.name}: title marks ${JSON.stringify(slice(article.title, article.titleMarks))}`);
    }
  }
  return failures;
}

export async function entityCaseFailures(dex, cases) {
  const failures = [];
  for (const c of cases) {
    if (c.text !== undefined) {
      const found = (await dex.entities(c.text, { credits: c.credits ?? false })).map((n) => [c.text.slice(n.start, n.end), n.type]);
      for (const [text, type] of c.include ?? []) {
        if (!found.some(([t, k]) => t === text && k === type)) failures.push(`${c.name}: ${text} ${type} not among ${JSON.stringify(found)}`);
      }
      for (const text of c.exclude ?? []) {
        if (found.some(([t]) => t === text)) failures.push(`${c.name}: ${text} among ${JSON.stringify(found)}`);
      }
      continue;
    }
    let entity;
    try {
      entity = dex.entity(c.id);
    } catch (error) {
      if (error.message !== c.error) failures.push(`${c.name}: unexpected error ${error.message}`);
      continue;
    }
    if (entity.type !== c.type || entity.name !== c.canonical || entity.articles !== c.articles) failures.push(`${c.name}: ${JSON.stringify(entity)}`);
    for (const alias of c.aliasesInclude) if (!entity.aliases.includes(alias)) failures.push(`${c.name}: alias ${alias} missing`);
  }
  return failures;
}

/** segments.json's `entity` cases, asked of `dex`, a segmented index, and of `fresh`, a build
 * of its live articles: they agree on each entity's type, articles, mentions and timeline (or
 * the error), and each has the aliases named; a `text`'s names link alike, to `linked`. */
export async function segmentEntityCaseFailures(dex, fresh, cases) {
  const failures = [];
  for (const c of cases) {
    if (c.text !== undefined) {
      const links = (names) => Object.fromEntries(names.map((n) => [n.text, n.entity]));
      const [got, want] = [links(await dex.entities(c.text)), links(await fresh.entities(c.text))];
      if (!same(Object.entries(got), Object.entries(want))) failures.push(`${c.name}: ${JSON.stringify(got)} against the fresh ${JSON.stringify(want)}`);
      for (const [text, entity] of Object.entries(c.linked ?? {})) if (got[text] !== entity) failures.push(`${c.name}: ${text} links to ${got[text]}`);
      continue;
    }
    const [got, want] = [await dex.entityAsync(c.id).catch((error) => error), await Promise.resolve().then(() => fresh.entity(c.id)).catch((error) => error)];
    if (c.error !== undefined) {
      if (got.message !== c.error || want.message !== c.error) failures.push(`${c.name}: ${got.message} / ${want.message}`);
      continue;
    }
    const figures = (e) => JSON.stringify([e.type, e.articles, e.mentions, e.timeline]);
    if (figures(got) !== figures(want)) failures.push(`${c.name}: ${JSON.stringify(got)} against the fresh ${JSON.stringify(want)}`);
    if (got.articles !== c.articles) failures.push(`${c.name}: ${got.articles} articles`);
    for (const alias of c.aliasesInclude ?? []) if (!got.aliases.includes(alias) || !want.aliases.includes(alias)) failures.push(`${c.name}: alias ${alias} missing`);
  }
  return failures;
}

/** segments.json's `marks` cases: the words of `text` that `query` marks in `dex`, a segmented
 * index, and in `fresh`, a build of its live articles. */
export async function marksCaseFailures(dex, fresh, cases) {
  const failures = [];
  for (const c of cases) {
    for (const marks of [await dex.marksAsync(c.text, c.query), fresh.marks(c.text, c.query)]) {
      if (!same(slice(c.text, marks), c.marked)) failures.push(`${c.name}: marked ${JSON.stringify(slice(c.text, marks))}`);
    }
  }
  return failures;
}
