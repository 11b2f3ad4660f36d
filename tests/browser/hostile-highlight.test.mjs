// highlightEntities and highlightQuery (npm/highlight.js) on a story whose text is made of the
// hostile payloads (tests/hostile/payloads.json), as a news page shows such text: escaped, so
// it is text in the DOM. The names beside the payloads are marked, the payloads stay text
// (the story's text is unchanged and no element a payload names appears), nothing runs, and
// unhighlight puts the story's markup back exactly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './harness.mjs';
import { payloads } from '../hostile/fixture.mjs';
import { injected, snapshot } from '../hostile/probe.mjs';

const PAGE = `<!doctype html><title>hostile highlight</title><link rel="icon" href="data:,">
<article id="story"></article>
<script type="module">
  import { Newsdex } from '/pkg/index.js';
  import { highlightEntities, highlightQuery, unhighlight } from '/pkg/highlight.js';
  window.highlighter = { dex: await Newsdex.load(), highlightEntities, highlightQuery, unhighlight };
  document.body.dataset.ready = 'yes';
</script>`;

let site;
before(async () => {
  site = await launch({ extra: { '/hostile-highlight.html': { body: PAGE, type: 'text/html' } } });
});
after(async () => { await site?.close(); });

async function openStory() {
  const opened = await newPage(site.browser);
  await opened.page.goto(`${site.url}/hostile-highlight.html`);
  await opened.page.waitForFunction(() => document.body.dataset.ready === 'yes');
  // One paragraph per payload, the payload as text between names, some of it inside emphasis.
  await opened.page.evaluate((list) => {
    const story = document.getElementById('story');
    for (const payload of list) {
      const p = document.createElement('p');
      const em = document.createElement('em');
      em.textContent = payload;
      p.append('John Kerry met ', em, ` Sergei Lavrov in Geneva ${payload}.`);
      story.append(p);
    }
  }, payloads);
  return { ...opened, baseline: await snapshot(opened.page) };
}

test('names beside every payload are marked; the payloads stay text and run nothing', async () => {
  const { page, problems, baseline } = await openStory();
  const result = await page.evaluate(async () => {
    const { dex, highlightEntities, unhighlight } = window.highlighter;
    const story = document.getElementById('story');
    const before = { html: story.innerHTML, text: story.textContent };
    const names = await highlightEntities(story, { dex });
    const during = {
      text: story.textContent,
      names: names.map((name) => ({ text: name.text, marked: name.marks.map((mark) => mark.textContent).join('') })),
      foreign: [...story.querySelectorAll('*')].filter((e) => !['p', 'em', 'mark'].includes(e.localName)).map((e) => e.localName),
    };
    unhighlight(story);
    return { before, during, restored: story.innerHTML === before.html };
  });
  assert.equal(result.during.text, result.before.text, 'marking changes no text');
  assert.deepEqual(result.during.foreign, []);
  for (const name of result.during.names) assert.equal(name.marked, name.text);
  const texts = new Set(result.during.names.map((name) => name.text));
  for (const name of ['John Kerry', 'Sergei Lavrov', 'Geneva']) assert.ok(texts.has(name), `${name} in ${[...texts]}`);
  assert.ok(result.restored, 'unhighlight restores the markup exactly');
  assert.deepEqual(injected(baseline, await snapshot(page)), []);
  assert.deepEqual(problems, []);
});

test('every payload as a query to highlightQuery marks words and phrases only and runs nothing', async () => {
  const { page, problems, baseline } = await openStory();
  for (const payload of payloads) {
    const result = await page.evaluate((query) => {
      const { dex, highlightQuery, unhighlight } = window.highlighter;
      const story = document.getElementById('story');
      const html = story.innerHTML;
      const marks = highlightQuery(story, query, { dex }).flatMap((found) => found.marks);
      const foreign = [...story.querySelectorAll('*')].filter((e) => !['p', 'em', 'mark'].includes(e.localName)).length;
      // A mark covers a word, or a phrase from its first word to its last (the text between
      // them is the story's, whatever it is), so it starts and ends on a letter or digit.
      const words = marks.every((mark) => /^[\p{L}\p{N}](.*[\p{L}\p{N}\p{M}])?$/su.test(mark.textContent));
      unhighlight(story);
      return { marks: marks.length, foreign, words, restored: story.innerHTML === html };
    }, payload);
    const what = JSON.stringify(payload);
    assert.deepEqual({ foreign: result.foreign, words: result.words, restored: result.restored }, { foreign: 0, words: true, restored: true }, what);
    assert.deepEqual(injected(baseline, await snapshot(page)), [], what);
  }
  assert.deepEqual(problems, []);
});
