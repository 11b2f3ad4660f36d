// Offsets through the wasm edge, in JavaScript's own strings (pkg/): marks, mentions, names and
// tokens slice the right text around combining marks, emoji, right-to-left runs, CJK and
// zero-width characters; and lone surrogates, which wasm-bindgen replaces with U+FFFD on the
// way in (one UTF-16 unit for one), leave every offset valid in the caller's original string.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { Newsdex } = await import(new URL('../../pkg/node.js', import.meta.url));

const WIDE = {
  id: 'wide',
  title: '👩\u200d👩\u200d👧 E\u0301le\u0300ve 🇫🇷 Genève — مرحبا بيروت',
  description: 'Ölgaard 🙂 spoke in 北京.',
  body: '東京で会議が開かれた。\u202eLavrov\u202c met 👍🏽 John Kerry in Zu\u0308rich.\n\nZero\u200bwidth joiners\u200d; שלום ירושלים; 𝕏 posts about Beirut.',
};

/** Every marked slice of a search's hits and of their article views, sliced in JavaScript. */
function markedSlices(dex, query) {
  const slices = [];
  for (const hit of dex.search(query).hits) {
    for (const [start, end] of hit.titleMarks) slices.push(hit.title.slice(start, end));
    for (const [start, end] of hit.snippet.marks) slices.push(hit.snippet.text.slice(start, end));
    const article = dex.article(hit.id, { query });
    for (const [field, marks] of [['title', 'titleMarks'], ['description', 'descriptionMarks'], ['body', 'marks']]) {
      for (const [start, end] of article[marks]) slices.push(article[field].slice(start, end));
    }
  }
  return slices;
}

test('marks slice the matched word around wide characters', async () => {
  const dex = await Newsdex.load(await Newsdex.build([WIDE, { id: 'plain', body: 'Kerry and Lavrov in Geneva.' }]));
  for (const [query, word] of [
    ['eleve', 'E\u0301le\u0300ve'], ['geneve ', 'Genève'], ['zurich', 'Zu\u0308rich'], ['lavrov', 'Lavrov'], ['بيروت', 'بيروت'],
    ['ירושלים', 'ירושלים'], ['olgaard', 'Ölgaard'], ['beirut', 'Beirut'], ['width', 'width'], ['東京', '東京'], ['北京', '北京'],
  ]) {
    const slices = markedSlices(dex, query);
    assert.ok(slices.includes(word), `${query}: ${JSON.stringify(slices)}`);
  }
  const article = dex.article('wide');
  for (const [field, mentions] of [['title', 'titleMentions'], ['description', 'descriptionMentions'], ['body', 'mentions']]) {
    for (const { start, end, entity } of article[mentions]) {
      assert.ok(article[field].slice(start, end).trim(), `${entity} in ${field}`);
      assert.ok(!/^[\uDC00-\uDFFF]/.test(article[field].slice(start)) && !/[\uD800-\uDBFF]$/.test(article[field].slice(0, end)), 'no mention splits a surrogate pair');
    }
  }
  assert.ok(article.mentions.some(({ start, end }) => article.body.slice(start, end) === 'John Kerry'));
  dex.close();
});

test('lone surrogates become U+FFFD one for one, so offsets slice the original string', async () => {
  const dex = await Newsdex.load();
  const text = '\uD800 John Kerry met \uDFFF Sergei Lavrov in \uD83D Geneva \uDC00.';
  const names = await dex.entities(text);
  assert.deepEqual(names.map((name) => text.slice(name.start, name.end)), ['John Kerry', 'Sergei Lavrov', 'Geneva']);
  for (const name of names) assert.equal(name.text, text.slice(name.start, name.end));
  // Glued to a word, the replacement character changes what the recogniser reads, never where:
  // the same names at the same offsets (a name may take the glued character in; its text is
  // then the caller's, with the lone surrogate).
  const glued = '\uD800John Kerry met \uDFFFSergei Lavrov in \uD83DGeneva\uDC00.';
  const placed = (names) => names.map(({ text, ...name }) => name);
  assert.deepEqual(placed(await dex.entities(glued)), placed(await dex.entities(glued.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))));
  for (const name of await dex.entities(glued)) assert.equal(glued.slice(name.start, name.end), name.text);
  const tokens = dex.analyze(glued);
  assert.deepEqual(tokens.map((token) => glued.slice(token.start, token.end)), ['John', 'Kerry', 'met', 'Sergei', 'Lavrov', 'in', 'Geneva']);
  assert.deepEqual(dex.search('\uD800lavrov').hits.map((hit) => hit.id), dex.search('lavrov').hits.map((hit) => hit.id));
  dex.close();
});

test('an article with a lone surrogate is refused, naming the article, the field and the offset', async () => {
  const good = { id: 'ok', title: 'Kerry 🙂 and Lavrov', body: 'Talks in Geneva.' };
  await assert.rejects(Newsdex.build([good, { id: 's', title: 'Kerry and Lavrov', body: 'Talks \uDBFF\uDBFF in Geneva.' }]), {
    name: 'NewsdexError',
    code: 'InvalidField',
    message: 'newsdex: articles[1].body holds a lone surrogate (\\uDBFF) at UTF-16 offset 6: it is not text, so it cannot be indexed as given',
  });
  await assert.rejects(Newsdex.build([{ id: 'a\uD800', body: 'One.' }]), { message: /^newsdex: articles\[0\]\.id holds a lone surrogate \(\\uD800\) at UTF-16 offset 1:/ });
  await assert.rejects(Newsdex.build([{ id: 'b', title: '\uDC00Kerry', body: '' }]), { message: /^newsdex: articles\[0\]\.title holds a lone surrogate \(\\uDC00\) at UTF-16 offset 0:/ });
  // Pairs are text: an emoji anywhere reads back exactly.
  const dex = await Newsdex.load(await Newsdex.build([good]));
  assert.equal(dex.article('ok').title, good.title);
  dex.close();
});
