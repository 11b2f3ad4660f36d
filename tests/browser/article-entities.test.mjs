// Entity mentions in the article view: typed and linked to their entity, coloured and underlined
// per type, switched off and on from the legend, described by a tooltip on focus and hover, and
// followed (click or Enter) to the entity's search; query marks nested in them and around them.
// Screenshots of the highlighted article in light and dark land in tests/browser/artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  articleShown, launch, newPage, open, params, readArticle, readResults, resultsFor, screenshot,
} from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';
const XINHUA = '000_5ea1769a20fb7706';
const TYPES = ['PER', 'LOC', 'ORG', 'MISC'];

let site;
before(async () => { site = await launch(); });
after(async () => { await site?.close(); });

/** The computed highlighting of the first mention of each type in the article. */
const highlighting = (page) => page.evaluate((types) => Object.fromEntries(types.map((type) => {
  const style = getComputedStyle(document.querySelector(`#article .mention[data-type="${type}"]`));
  return [type, { background: style.backgroundColor, line: style.textDecorationLine, style: style.textDecorationStyle }];
})), TYPES);

const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** The visible tooltip's text lines, or null when it is hidden. */
const tooltip = (page) => page.evaluate(() => {
  const tip = document.querySelector('[role="tooltip"]');
  return tip.hidden ? null : [...tip.children].map((line) => line.textContent);
});

/** The accessible description Chromium computes for the focused element. */
async function focusedDescription(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: ':focus' });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  await cdp.detach();
  return nodes[0].description?.value ?? null;
}

test('mentions are typed links, coloured and underlined per type, and the legend switches each type', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?article=${KERRY}`);
  await articleShown(page, KERRY);
  const { mentions } = await readArticle(page);
  assert.deepEqual(mentions.title.filter((m) => m.type === 'PER'), [
    { text: 'Kerry', type: 'PER', entity: 'per/john-kerry' },
    { text: 'Assad', type: 'PER', entity: 'per/bashar-al-assad' },
  ]);
  assert.ok(mentions.body.some((m) => m.text === 'Aleppo' && m.type === 'LOC' && m.entity === 'loc/aleppo'));
  assert.equal(await page.locator('#article .mention').evaluateAll((nodes) => nodes.every((node) => node.tagName === 'A' && node.href)), true,
    'every mention is a link');

  // Each type has its own colour and its own underline style, so colour is not the only cue.
  const shown = await highlighting(page);
  assert.deepEqual(TYPES.map((type) => shown[type].style), ['solid', 'double', 'dashed', 'dotted']);
  assert.equal(new Set(TYPES.map((type) => shown[type].background)).size, 4, JSON.stringify(shown));
  for (const type of TYPES) assert.equal(shown[type].line, 'underline', type);

  // The legend names each type with its count of rendered mentions.
  const legend = await page.locator('#entity-legend button').evaluateAll((buttons) => buttons.map((button) => ({
    type: button.dataset.type, pressed: button.getAttribute('aria-pressed'), text: button.textContent,
  })));
  const counts = await page.evaluate((types) => types.map((type) => document.querySelectorAll(`#article .mention[data-type="${type}"]`).length), TYPES);
  assert.deepEqual(legend, [
    { type: 'PER', pressed: 'true', text: `People${counts[0]} mentions` },
    { type: 'LOC', pressed: 'true', text: `Places${counts[1]} mentions` },
    { type: 'ORG', pressed: 'true', text: `Organisations${counts[2]} mentions` },
    { type: 'MISC', pressed: 'true', text: `Other names${counts[3]} mentions` },
  ]);
  await screenshot(page, 'article-entities');

  const people = page.locator('#entity-legend button[data-type="PER"]');
  await people.click();
  assert.equal(await people.getAttribute('aria-pressed'), 'false');
  let now = await highlighting(page);
  assert.deepEqual(now.PER, { background: TRANSPARENT, line: 'none', style: 'solid' }, 'people are plain text');
  assert.deepEqual(now.LOC, shown.LOC, 'places keep their highlighting');

  // The toggle is a button: Space works too, and the choice outlives the article.
  await page.locator('#entity-legend button[data-type="LOC"]').press('Space');
  now = await highlighting(page);
  assert.equal(now.LOC.line, 'none');
  await page.click('.mention[data-entity="loc/aleppo"]');
  await resultsFor(page, 'place:"Aleppo"');
  await page.click(`[data-id="${XINHUA}"] .hit-title a`);
  await articleShown(page, XINHUA);
  now = await highlighting(page);
  assert.deepEqual([now.PER.line, now.LOC.line, now.ORG.line], ['none', 'none', 'underline'], 'hidden types stay hidden');
  await page.locator('#entity-legend button[data-type="PER"]').click();
  await page.locator('#entity-legend button[data-type="LOC"]').click();
  assert.deepEqual(await highlighting(page), shown, 'switched back on, each type looks as before');
  assert.deepEqual(problems, []);
});

test('focus or hover shows the entity in a tooltip; Enter or a click searches for it', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, problems } = await newPage(site.browser, { colorScheme });
    await open(page, `${site.url}/?article=${KERRY}`);
    await articleShown(page, KERRY);
    assert.equal(await tooltip(page), null);

    // The headline has the focus; Tab goes to its first mention, "Kerry".
    await page.keyboard.press('Tab');
    const kerry = page.locator('#article-title .mention[data-entity="per/john-kerry"]');
    assert.equal(await kerry.evaluate((node) => node === document.activeElement), true);
    assert.deepEqual(await tooltip(page), ['John Kerry', 'Person · in 2 articles', 'Also written as Kerry']);
    assert.equal(await kerry.getAttribute('aria-describedby'), 'entity-tip');
    assert.equal(await focusedDescription(page), 'John Kerry Person · in 2 articles Also written as Kerry');

    // The first Escape dismisses the tooltip; the article stays open.
    await page.keyboard.press('Escape');
    assert.equal(await tooltip(page), null);
    assert.equal(await kerry.getAttribute('aria-describedby'), null);
    assert.equal(await page.locator('#article-view').isVisible(), true);

    const aleppo = page.locator('.story-body .mention[data-entity="loc/aleppo"]').first();
    await aleppo.hover();
    assert.deepEqual(await tooltip(page), ['Aleppo', 'Place · in 2 articles']);
    // The pointer may move onto the tooltip without losing it, and away to lose it.
    const tip = await page.locator('#entity-tip').boundingBox();
    await page.mouse.move(tip.x + 10, tip.y + tip.height / 2, { steps: 4 });
    assert.deepEqual(await tooltip(page), ['Aleppo', 'Place · in 2 articles']);
    await page.mouse.move(5, 5);
    assert.equal(await tooltip(page), null);

    const lavrov = page.locator('.story-body .mention[data-entity="per/sergei-lavrov"]').first();
    await lavrov.focus();
    assert.equal((await tooltip(page))[0], 'Sergei Lavrov');
    await lavrov.scrollIntoViewIfNeeded();
    await screenshot(page, `article-entities-tooltip-${colorScheme}`);
    assert.deepEqual(problems, []);
    await page.close();
  }

  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/?q=kerry&article=${KERRY}`);
  await articleShown(page, KERRY);
  await page.locator('.story-body .mention[data-entity="per/sergei-lavrov"]').first().press('Enter');
  await resultsFor(page, 'person:"Sergei Lavrov"');
  assert.equal(await page.inputValue('#q'), 'person:"Sergei Lavrov"');
  assert.deepEqual(params(page), { q: 'person:"Sergei Lavrov"' });
  assert.deepEqual((await readResults(page)).ids.sort(), [KERRY, XINHUA].sort(), 'both seeds name him');
  assert.equal(await tooltip(page), null, 'the tooltip goes with the article');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.hit')?.dataset.id), (await readResults(page)).ids[0],
    'the focus moves to the first hit');
  await page.goBack();
  await articleShown(page, KERRY);
  assert.deepEqual(params(page), { q: 'kerry', article: KERRY }, 'Back returns to the article');
  assert.deepEqual(problems, []);
});

test('query marks nest inside mentions, around them, and split where they cross', async () => {
  const { page, problems } = await newPage(site.browser);
  const markInMention = () => page.evaluate(() => [...document.querySelectorAll('.story-body .mention mark')]
    .map((mark) => [mark.closest('.mention').textContent, mark.textContent]));
  const mentionInMark = () => page.evaluate(() => [...document.querySelectorAll('.story-body mark .mention')]
    .map((mention) => [mention.closest('mark').textContent, mention.textContent]));

  await open(page, `${site.url}/?q=lavrov&article=${KERRY}`);
  await articleShown(page, KERRY);
  assert.deepEqual(await markInMention(), [['Sergey Lavrov', 'Lavrov'], ['Lavrov', 'Lavrov'], ['Lavrov', 'Lavrov']]);

  // An entity filter marks the mentions of every alias, each mark the whole mention.
  await open(page, `${site.url}/?q=${encodeURIComponent('person:"Sergei Lavrov"')}&article=${KERRY}`);
  await articleShown(page, KERRY);
  assert.deepEqual(await markInMention(), [['Sergey Lavrov', 'Sergey Lavrov'], ['Lavrov', 'Lavrov'], ['Lavrov', 'Lavrov']]);

  await open(page, `${site.url}/?q=${encodeURIComponent('"Secretary of State John Kerry"')}&article=${KERRY}`);
  await articleShown(page, KERRY);
  const phrase = await readArticle(page);
  assert.deepEqual(phrase.marks, Array(3).fill('Secretary of State John Kerry'), 'the phrase stays one mark');
  assert.deepEqual(await mentionInMark(), Array(3).fill(['Secretary of State John Kerry', 'John Kerry']));

  // "Kerry speaks" starts inside the mention "John Kerry": the mark is cut at the mention's end.
  await open(page, `${site.url}/?q=${encodeURIComponent('"Kerry speaks"')}&article=${KERRY}`);
  await articleShown(page, KERRY);
  const crossing = await readArticle(page);
  assert.deepEqual(crossing.marks, ['Kerry', ' speaks', 'Kerry', ' speaks']);
  assert.deepEqual(await markInMention(), [['John Kerry', 'Kerry'], ['John Kerry', 'Kerry']]);
  assert.ok(crossing.paragraphs[1].startsWith('US Secretary of State John Kerry speaks at the start of the Global Connect'),
    'no text lost or doubled');
  assert.deepEqual(problems, []);
});

test('the range renderer nests, splits and clips any two lists of ranges', async () => {
  const { page, problems } = await newPage(site.browser);
  await open(page, `${site.url}/`);
  const render = (text, marks, mentions, range) => page.evaluate(async ([text, marks, mentions, range]) => {
    const { marked } = await import('/js/marks.js');
    const box = document.createElement('p');
    box.append(marked(text, marks, {
      ...range,
      mentions,
      mention: ({ id }) => Object.assign(document.createElement('a'), { className: id }),
    }));
    return box.innerHTML;
  }, [text, marks, mentions, range]);

  assert.equal(await render('abcdefgh', [[1, 3], [5, 8]], [{ start: 2, end: 6, id: 'm' }]),
    'a<mark>b</mark><a class="m"><mark>c</mark>de<mark>f</mark></a><mark>gh</mark>', 'marks crossing both edges are split');
  assert.equal(await render('abcdef', [[1, 5]], [{ start: 1, end: 5, id: 'm' }]),
    'a<a class="m"><mark>bcde</mark></a>f', 'the same extent: the mention outside');
  assert.equal(await render('abcdef', [[0, 6]], [{ start: 2, end: 3, id: 'm' }, { start: 4, end: 5, id: 'n' }]),
    '<mark>ab<a class="m">c</a>d<a class="n">e</a>f</mark>', 'mentions inside a mark');
  assert.equal(await render('abcdef', [[0, 3], [2, 5], [1, 2]], [{ start: 0, end: 4, id: 'm' }, { start: 3, end: 6, id: 'n' }]),
    '<a class="m"><mark>abc</mark><mark>d</mark></a><a class="n"><mark>e</mark>f</a>', 'overlaps within a list are clipped, never doubled');
  assert.equal(await render('👋 a\nb c', [[3, 6]], [{ start: 5, end: 8, id: 'm' }], { from: 3, to: 8 }),
    '<mark>a<br></mark><a class="m"><mark>b</mark> c</a>', 'UTF-16 offsets, a line break, and the range [from, to)');
  assert.deepEqual(problems, []);
});
