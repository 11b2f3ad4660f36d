// A consumer of every public function, class and result shape of the package. It must compile
// under `strict`; each @ts-expect-error line must fail to compile, so loose (`any`) types fail
// this check too.
import { Newsdex, NewsdexError, OFFLINE_CACHE, type Article, type Entity, type Hit, type KeepProgress, type Name, type NewsdexErrorCode, type SearchResults, type Stats, type Suggestions, type Token } from 'newsdex';
import type { NewsdexSearchElement } from 'newsdex/element';
import { highlightEntities, highlightQuery, unhighlight, type EntityHighlight, type QueryHighlight } from 'newsdex/highlight';

export async function everything(story: HTMLElement): Promise<string[]> {
  const dex: Newsdex = await Newsdex.load();
  const fetched = await Newsdex.load(new Uint8Array(await (await fetch('/news.ndx')).arrayBuffer()));
  const built: Uint8Array = await Newsdex.build([{ id: 'a1', title: 'Kerry meets Lavrov', body: '…', date: '2016-04-15' }, { id: 2, body: 'text' }], {
    store: true,
    entities: false,
    onProgress: (done: number, total: number) => void [done, total],
    onWarning: (message: string) => void message,
  });
  const fromFiles: Uint8Array = await Newsdex.buildFiles([{ name: 'a.jsonl', bytes: built }, { name: 'b.txt', bytes: new ArrayBuffer(0) }]);

  const results: SearchResults = dex.search('kerry', { limit: 5, offset: 0, facets: true });
  const hit: Hit = results.hits[0];
  const [start, end] = hit.snippet.marks[0];
  const people: string[] = results.facets?.PER.map((facet) => facet.name) ?? [];
  const newest: SearchResults = dex.search('topics:"crude oil" since:2016-04-01', { sort: 'newest', recency: 7, now: new Date() });
  const periods: (string | null)[] = newest.facets?.dates.map((period) => period.period) ?? [];
  const topics: number[] = newest.facets?.fields.topics?.map((value) => value.count) ?? [];
  // @ts-expect-error: the order is one of three names
  dex.search('x', { sort: 'best' });
  const tagged: Uint8Array = await Newsdex.build([{ id: 'a', body: 'x', topics: ['crude oil'], section: 'business' }], { facets: ['topics', 'section'] });
  const article: Article = dex.article(hit.id, { query: 'kerry' });
  const entity: Entity = dex.entity(article.mentions[0].entity);
  const names: Name[] = await dex.entities('John Kerry met Sergei Lavrov.');
  const suggestions: Suggestions = dex.suggest('ker');
  const tokens: Token[] = dex.analyze('Kerry’s calls');
  const stats: Stats = dex.stats();
  fetched.close();

  let code: NewsdexErrorCode | null = null;
  try {
    const archive = await Newsdex.open('/archive/news.ndx', { cacheBytes: 1 << 20 });
    const progress: KeepProgress[] = [];
    await archive.keepOffline({ onProgress: (event) => progress.push(event), cache: OFFLINE_CACHE });
    // @ts-expect-error: progress is one object, not (loaded, total)
    await archive.keepOffline({ onProgress: (loaded: number, total: number) => void [loaded, total] });
  } catch (error) {
    if (error instanceof NewsdexError) {
      code = error.code;
      const where: string | undefined = error.url;
      const status: number | undefined = error.status;
      console.log(error.name, error.message, where, status);
    }
  }

  const box = document.querySelector('newsdex-search');
  if (box) {
    box.dex = await box.ready;
    box.value = 'kerry';
    box.addEventListener('newsdex-select', (event) => console.log(event.detail.id, event.detail.query, event.detail.hit.title));
    box.addEventListener('newsdex-error', (event) => console.log(event.detail.error.code === 'Fetch', event.detail.error.message));
    // @ts-expect-error: the chosen id is a string
    box.addEventListener('newsdex-select', (event) => Math.abs(event.detail.id));
  }
  const made: NewsdexSearchElement = document.createElement('newsdex-search');
  const limit: number = made.limit;

  const marked: EntityHighlight[] = await highlightEntities(story, { dex, types: ['PER', 'LOC'], link: true });
  const stored: EntityHighlight[] = await highlightEntities(story, { dex, id: hit.id });
  const words: QueryHighlight[] = highlightQuery(story, '"state department" -xinhua', { dex });
  unhighlight(story);

  // @ts-expect-error: a headline is a string
  const wrongTitle: number = hit.title;
  // @ts-expect-error: queries are strings
  dex.search(42);
  // @ts-expect-error: no option is called limt
  dex.search('x', { limt: 5 });
  // @ts-expect-error: the four types are PER, LOC, ORG and MISC
  highlightEntities(story, { dex, types: ['PERSON'] });
  // @ts-expect-error: the highlighter needs the index
  highlightQuery(story, 'kerry', {});
  // @ts-expect-error: an index is opened with Newsdex.load()
  new Newsdex();
  // @ts-expect-error: an entity link may be missing
  const id: string = marked[0].entity;
  // @ts-expect-error: the codes are a closed list
  const bogus: NewsdexErrorCode = 'NotACode';
  // @ts-expect-error: errors come from newsdex, not from its users
  new NewsdexError('Fetch', 'newsdex: x');

  return [hit.snippet.text.slice(start, end), ...people, entity.name, ...names.map((name) => name.text), ...suggestions.words.map((word) => word.word),
    ...tokens.map((token) => token.term), ...periods.map(String), String(topics.length + tagged.length), String(stats.articles), String(fromFiles.length + limit + words.length + stored.length), String(wrongTitle), id, String(code), bogus];
}
