// The demo article page (www/embed.html) as a reader and a publisher use it: the story's names
// are marked with their type and entity id (also across links and emphasis), unhighlight puts
// the story's DOM back node for node, the highlighter leaves skipped elements alone and never
// parses text as HTML, and <newsdex-search> works by keyboard alone as a WAI-ARIA combobox and
// tells the page which hit was chosen. Every test requires a silent console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { articleShown, launch, newPage, readArticle, repo, screenshot } from './harness.mjs';

const KERRY = '003_d82338b8bd3c8aaf';

// The package README's page without a bundler: the names mapped to the package's files.
const IMPORT_MAP_PAGE = `<!doctype html><title>import map</title><link rel="icon" href="data:,">
<script type="importmap">
  { "imports": { "newsdex": "/pkg/index.js", "newsdex/element": "/pkg/element.js", "newsdex/highlight": "/pkg/highlight.js" } }
</script>
<newsdex-search></newsdex-search>
<p id="story">John Kerry met Sergei Lavrov about Aleppo.</p>
<script type="module">
  import { Newsdex } from 'newsdex';
  import 'newsdex/element';
  import { highlightEntities } from 'newsdex/highlight';
  const dex = await Newsdex.load();
  document.body.dataset.total = dex.search('kerry lavrov').total;
  document.body.dataset.names = (await highlightEntities(document.getElementById('story'), { dex })).map((name) => name.entity).join(' ');
</script>`;

let site;
before(async () => {
  // An index whose text looks like markup, to show it is only ever shown as text.
  const { Newsdex } = await import(`${repo}pkg/node.js`);
  const hostile = await Newsdex.build([
    { id: 'h1', title: '<img src=x onerror=alert(1)> Kerry', body: '<b>Kerry</b> met <script>alert(2)</script> Lavrov & "friends".' },
  ]);
  site = await launch({ extra: {
    '/hostile.ndx': { body: Buffer.from(hostile), type: 'application/octet-stream' },
    '/importmap.html': { body: IMPORT_MAP_PAGE, type: 'text/html' },
  } });
});
after(async () => { await site?.close(); });

/** Opens the demo page and waits until the story's names are marked and listed. */
async function openEmbed(browser, contextOptions) {
  const opened = await newPage(browser, contextOptions);
  await opened.page.goto(`${site.url}/embed.html`);
  await opened.page.waitForFunction(() => /mentions of/.test(document.getElementById('names-status').textContent));
  return opened;
}

/** Every entity mark in the story: its text, type, entity id, mention group and whether it sits in a link. */
const readMarks = (page) => page.$$eval('#story mark.newsdex-entity', (marks) => marks.map((mark) => ({
  text: mark.textContent,
  type: mark.dataset.type,
  entity: mark.dataset.entity ?? null,
  mention: mark.dataset.mention,
  className: mark.className,
  parent: mark.parentElement.localName,
})));

/** The story as the server sends it, before any script ran, serialised by the same parser. */
const pristineStory = (page) => page.evaluate(async () => {
  const source = await (await fetch('/embed.html')).text();
  const story = new DOMParser().parseFromString(source, 'text/html').getElementById('story');
  return { html: story.innerHTML, text: story.textContent };
});

test('the story\'s names are marked with their type and entity id, across links and emphasis', async () => {
  const { page, problems } = await openEmbed(site.browser, { viewport: { width: 1280, height: 900 } });
  const marks = await readMarks(page);
  const find = (text) => marks.filter((mark) => mark.text === text);

  assert.ok(marks.length > 50, `${marks.length} marks`);
  for (const mark of marks) {
    assert.ok(['PER', 'LOC', 'ORG', 'MISC'].includes(mark.type), JSON.stringify(mark));
    assert.equal(mark.className, `newsdex-entity newsdex-${mark.type.toLowerCase()}`);
    if (mark.entity) assert.ok(mark.entity.startsWith(`${mark.type.toLowerCase()}/`), `${mark.entity} is a ${mark.type}`);
  }
  assert.deepEqual(find('Kerry')[0], { text: 'Kerry', type: 'PER', entity: 'per/john-kerry', mention: find('Kerry')[0].mention, className: 'newsdex-entity newsdex-per', parent: 'h1' });
  assert.ok(find('Sergey Lavrov').some((mark) => mark.entity === 'per/sergei-lavrov' && mark.parent === 'a'), 'a name inside a link');
  assert.ok(find('State Department').some((mark) => mark.entity === 'org/state-department' && mark.parent === 'a'));
  assert.ok(find('Aleppo').length >= 4 && find('Aleppo').every((mark) => mark.entity === 'loc/aleppo' && mark.type === 'LOC'));

  // "<a>Nusra</a> Front": one name across the link's edge, in two marks of one mention.
  const [nusra] = find('Nusra');
  assert.deepEqual({ ...nusra, mention: undefined }, { text: 'Nusra', type: 'ORG', entity: 'org/nusra-front', mention: undefined, className: 'newsdex-entity newsdex-org', parent: 'a' });
  const rest = marks.filter((mark) => mark.mention === nusra.mention);
  assert.deepEqual(rest.map((mark) => mark.text), ['Nusra', ' Front']);

  // The page is the indexed seed, so the people and places the index linked in the article are
  // marked with the same ids here.
  const linked = await page.evaluate((id) => {
    const article = document.querySelector('newsdex-search').dex.article(id);
    return article.mentions.filter((m) => m.type === 'PER' || m.type === 'LOC').map((m) => [article.body.slice(m.start, m.end), m.entity]);
  }, KERRY);
  assert.ok(linked.length > 20);
  for (const [text, entity] of linked) assert.ok(marks.some((mark) => mark.text === text && mark.entity === entity), `${text} → ${entity}`);

  // The story is an indexed article, so its names come from the index: the page never fetched
  // the recogniser's module, and search needs no more than the search module.
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((path) => path.endsWith('.wasm')));
  assert.deepEqual(wasm, ['/pkg/newsdex_bg.wasm']);

  assert.equal(await page.locator('.kicker mark').count(), 0, 'the section kicker is [data-newsdex-skip]');
  assert.equal(await page.locator('#story').textContent(), (await pristineStory(page)).text, 'marks never change the text');

  const kerryLink = page.locator('#names-list a[data-entity="per/john-kerry"]');
  assert.equal(await kerryLink.getAttribute('href'), './?q=person%3A%22John+Kerry%22');
  const kerryMentions = new Set(marks.filter((mark) => mark.entity === 'per/john-kerry').map((mark) => mark.mention)).size;
  assert.equal(await kerryLink.locator('.count').textContent(), `${kerryMentions} mentions`);
  await screenshot(page, 'embed');
  // The picture in the README (docs/embed.png): the marked story and the search box open on a hit.
  await page.locator('newsdex-search input').fill('lavrov');
  await page.locator('newsdex-search input').press('ArrowDown');
  await screenshot(page, 'embed-search');
  assert.deepEqual(problems, []);
});

test('unhighlight restores the story node for node; highlighting again never double-wraps', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const pristine = await pristineStory(page);
  const before = await page.locator('#story mark').count();

  await page.click('#highlight-toggle');
  assert.equal(await page.locator('#story mark').count(), 0);
  assert.equal(await page.locator('#story').innerHTML(), pristine.html, 'the page\'s switch restores the served markup');

  const outcome = await page.evaluate(async () => {
    const { highlightEntities, highlightQuery, unhighlight } = await import('/pkg/highlight.js');
    const dex = document.querySelector('newsdex-search').dex;
    const story = document.getElementById('story');
    const nodes = () => {
      const walker = document.createTreeWalker(story);
      const all = [];
      while (walker.nextNode()) all.push(walker.currentNode);
      return all;
    };
    const original = nodes();
    const texts = original.map((node) => node.nodeValue);
    const html = story.innerHTML;

    const id = story.dataset.articleId;
    const counts = [(await highlightEntities(story, { dex, id })).length, (await highlightEntities(story, { dex, id })).length];
    const entityMarks = story.querySelectorAll('mark.newsdex-entity').length;
    const query = highlightQuery(story, 'ceasefire aleppo -kerry "baltic sea"', { dex }).map((item) => item.text);
    const nested = story.querySelectorAll('mark mark.newsdex-entity, mark.newsdex-query mark').length;
    const queryInEntity = story.querySelectorAll('mark.newsdex-entity > mark.newsdex-query').length;
    const entityMarksAfterQuery = story.querySelectorAll('mark.newsdex-entity').length;
    unhighlight(story);

    const after = nodes();
    return {
      counts,
      entityMarks,
      entityMarksAfterQuery,
      query,
      nested,
      queryInEntity,
      sameNodes: after.length === original.length && after.every((node, at) => node === original[at] && node.nodeValue === texts[at]),
      sameHtml: story.innerHTML === html,
    };
  });
  assert.equal(outcome.counts[0], outcome.counts[1]);
  assert.equal(outcome.entityMarks, before, 'as many marks as the page made at first');
  assert.equal(outcome.entityMarksAfterQuery, before, 'the query layer keeps the names');
  assert.deepEqual([...new Set(outcome.query)].sort(), ['Aleppo', 'Baltic Sea', 'ceasefire'], 'a phrase is one mark, as in results');
  assert.equal(outcome.nested, 0, 'no name inside a name, no query word inside a query word');
  assert.ok(outcome.queryInEntity >= 4, 'query words inside names (Aleppo)');
  assert.equal(outcome.sameNodes, true, 'the same nodes with the same text, split text merged back');
  assert.equal(outcome.sameHtml, true);

  await page.click('#highlight-toggle');
  assert.equal(await page.locator('#story mark').count(), before, 'the switch puts them back');
  assert.deepEqual(problems, []);
});

test('the highlighter on hand-made DOM: split text nodes, skipped elements, text that looks like markup', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const outcome = await page.evaluate(async () => {
    const { highlightEntities, unhighlight } = await import('/pkg/highlight.js');
    const dex = document.querySelector('newsdex-search').dex;
    const element = (name, ...children) => {
      const node = document.createElement(name);
      node.append(...children);
      return node;
    };
    const first = element('p');
    // Split text nodes, as scripts and editors leave them: "Jo" + "hn Kerry met ".
    first.append(document.createTextNode('US Secretary of State Jo'), document.createTextNode('hn Kerry met '), element('em', 'Sergei'),
      ' Lavrov in Aleppo. ', element('script', 'const Aleppo = "Kerry";'), element('style', '.Moscow {}'),
      element('textarea', 'Kerry in Moscow'), element('code', 'Kerry'), ' The <b>Kerry</b> & <i>Lavrov</i> show.');
    const root = element('div', first, element('p', 'Moscow'));
    document.body.append(root);
    const shape = () => [...root.querySelectorAll('*')].length + [...first.childNodes].map((node) => node.nodeName).join(',');
    const before = { html: root.innerHTML, shape: shape(), nodes: [...first.childNodes] };

    const wasm = () => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((path) => path.endsWith('.wasm'));
    const fetchedBefore = wasm();
    const names = (await highlightEntities(root, { dex })).map(({ text, entity, marks }) => ({ text, entity, pieces: marks.map((mark) => mark.textContent) }));
    const fetched = { before: fetchedBefore, after: wasm() };
    const markedInSkipped = root.querySelectorAll(':is(script, style, textarea, code) mark').length;
    const elementsFromText = root.querySelectorAll('b, i').length;
    const skippedIntact = [root.querySelector('script').textContent, root.querySelector('textarea').value];
    unhighlight(root);
    const restored = root.innerHTML === before.html && shape() === before.shape
      && [...first.childNodes].every((node, at) => node === before.nodes[at]);
    root.remove();
    return { names, fetched, markedInSkipped, elementsFromText, skippedIntact, restored };
  });
  // Text that is not an indexed article needs the recogniser: its module is fetched then, once.
  assert.deepEqual(outcome.fetched, { before: ['/pkg/newsdex_bg.wasm'], after: ['/pkg/newsdex_bg.wasm', '/pkg/newsdex_recogniser_bg.wasm'] });
  const byText = Object.fromEntries(outcome.names.map(({ text, ...name }) => [text, name]));
  assert.deepEqual(byText['John Kerry'], { entity: 'per/john-kerry', pieces: ['Jo', 'hn Kerry'] });
  assert.deepEqual(byText['Sergei Lavrov'], { entity: 'per/sergei-lavrov', pieces: ['Sergei', ' Lavrov'] });
  assert.deepEqual(byText.Aleppo, { entity: 'loc/aleppo', pieces: ['Aleppo'] });
  assert.deepEqual(byText.Moscow, { entity: 'loc/moscow', pieces: ['Moscow'] }, 'a block boundary separates words');
  assert.equal(outcome.markedInSkipped, 0);
  assert.equal(outcome.elementsFromText, 0, 'text that looks like markup stays text');
  assert.deepEqual(outcome.skippedIntact, ['const Aleppo = "Kerry";', 'Kerry in Moscow']);
  assert.equal(outcome.restored, true);
  // The page's Content-Security-Policy refuses to run the made-up <script> and <style>, as it
  // should; only their text matters here.
  const refused = /^console\.error: (Executing inline script|Applying inline style) violates |^console\.error: securitypolicyviolation: (script|style)-src-elem inline$/;
  assert.deepEqual(problems.filter((problem) => !refused.test(problem)), []);
});

test('the highlighter leaves bylines, credits, titles and X-based adjectives unmarked unless credits are asked for', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const outcome = await page.evaluate(async () => {
    const { highlightEntities, unhighlight } = await import('/pkg/highlight.js');
    const dex = document.querySelector('newsdex-search').dex;
    const root = document.createElement('article');
    const paragraph = (text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    };
    root.append(paragraph('By Jane Doe'), paragraph('Mayor Elena Vasquez met the London-based Friends of the Waterfront.'),
      paragraph('Photo: Sam Roe/AFP via Getty Images'));
    document.body.append(root);
    const marked = async (options) => {
      const names = (await highlightEntities(root, { dex, ...options })).map(({ text, type }) => `${text} ${type}`);
      const marks = [...root.querySelectorAll('mark.newsdex-entity')].map((mark) => mark.textContent);
      unhighlight(root);
      return { names, marks };
    };
    const byDefault = await marked({});
    const withCredits = await marked({ credits: true });
    let refused;
    try {
      await highlightEntities(root, { dex, credits: 'yes' });
    } catch (error) {
      refused = `${error.code}: ${error.message}`;
    }
    root.remove();
    return { byDefault, withCredits, refused };
  });
  const { byDefault, withCredits } = outcome;
  assert.ok(byDefault.names.includes('Elena Vasquez PER'), JSON.stringify(byDefault));
  assert.deepEqual(byDefault.marks, byDefault.names.map((name) => name.replace(/ [A-Z]+$/, '')));
  for (const unmarked of ['Jane Doe', 'Sam Roe', 'AFP', 'Getty Images', 'Mayor', 'London']) {
    assert.ok(!byDefault.marks.some((mark) => mark.includes(unmarked)), `${unmarked} is not marked: ${JSON.stringify(byDefault)}`);
  }
  assert.ok(withCredits.names.includes('Jane Doe PER'), JSON.stringify(withCredits));
  assert.ok(withCredits.marks.includes('Sam Roe'), JSON.stringify(withCredits));
  assert.ok(!withCredits.marks.some((mark) => mark.includes('London')), JSON.stringify(withCredits));
  assert.equal(outcome.refused, 'InvalidArgument: newsdex: highlightEntities() takes options.credits as a boolean');
  assert.deepEqual(problems, []);
});

/** The combobox's state as assistive technology sees it. */
const comboState = (page) => page.evaluate(() => {
  const host = document.querySelector('newsdex-search');
  const root = host.shadowRoot;
  const input = root.querySelector('input');
  const listbox = root.getElementById(input.getAttribute('aria-controls'));
  const options = [...listbox.querySelectorAll('[role="option"]')];
  return {
    focused: document.activeElement === host && root.activeElement === input,
    role: input.getAttribute('role'),
    label: input.getAttribute('aria-label'),
    listboxLabel: listbox.getAttribute('aria-label'),
    autocomplete: input.getAttribute('aria-autocomplete'),
    expanded: input.getAttribute('aria-expanded'),
    listboxRole: listbox.getAttribute('role'),
    listboxShown: !listbox.hidden && listbox.getBoundingClientRect().height > 0,
    active: input.getAttribute('aria-activedescendant'),
    selected: options.filter((option) => option.getAttribute('aria-selected') === 'true').map((option) => option.id),
    options: options.map((option) => ({ id: option.id, hit: option.dataset.id, marks: [...option.querySelectorAll('mark')].map((mark) => mark.textContent), chips: option.querySelectorAll('[data-type]').length })),
    value: input.value,
    status: root.querySelector('[role="status"]').textContent,
  };
});

test('the search box by keyboard alone: a WAI-ARIA combobox whose choice opens the article', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const chosen = [];
  await page.exposeFunction('recordChoice', (detail) => chosen.push(detail));
  await page.evaluate(() => document.addEventListener('newsdex-select', (event) => window.recordChoice({ id: event.detail.id, query: event.detail.query, hit: event.detail.hit.id })));

  for (let presses = 0; presses < 12 && !(await comboState(page)).focused; presses += 1) await page.keyboard.press('Tab');
  let state = await comboState(page);
  assert.equal(state.focused, true, 'Tab reaches the search box');
  assert.deepEqual([state.role, state.label, state.autocomplete, state.expanded, state.listboxRole, state.listboxShown, state.active],
    ['combobox', 'Search The Meridian', 'list', 'false', 'listbox', false, null]);
  assert.equal(state.listboxLabel, 'Search The Meridian: results', 'the listbox has a name of its own');

  await page.keyboard.type('lavrov');
  await page.waitForFunction(() => document.querySelector('newsdex-search').shadowRoot.querySelectorAll('[role="option"]').length === 2);
  state = await comboState(page);
  assert.deepEqual([state.expanded, state.listboxShown, state.active, state.status], ['true', true, null, '2 results']);
  assert.deepEqual(state.options.map((option) => option.hit), [KERRY, '000_5ea1769a20fb7706']);
  for (const option of state.options) {
    assert.ok(option.marks.includes('Lavrov'), JSON.stringify(option));
    assert.ok(option.chips > 0, 'entity chips');
  }

  const walk = [];
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) {
    await page.keyboard.press(key);
    state = await comboState(page);
    assert.equal(state.focused, true, 'focus stays in the input');
    assert.deepEqual(state.selected, [state.active]);
    walk.push(state.active);
  }
  const [first, second] = state.options.map((option) => option.id);
  assert.deepEqual(walk, [first, second, first, second], 'down, down, wrap to the first, up to the last');

  await page.keyboard.press('Alt+ArrowUp');
  state = await comboState(page);
  assert.deepEqual([state.expanded, state.listboxShown, state.active], ['false', false, null], 'Alt+Up hides the results');
  await page.keyboard.press('Alt+ArrowDown');
  state = await comboState(page);
  assert.deepEqual([state.expanded, state.listboxShown, state.active, state.value], ['true', true, null, 'lavrov'], 'Alt+Down shows them, nothing chosen');
  await page.keyboard.press('ArrowDown');
  assert.equal((await comboState(page)).active, first);

  await page.keyboard.press('Escape');
  state = await comboState(page);
  assert.deepEqual([state.expanded, state.listboxShown, state.active, state.value], ['false', false, null, 'lavrov']);
  await page.keyboard.press('Escape');
  assert.equal((await comboState(page)).value, '', 'a second Escape clears the box');
  assert.deepEqual(chosen, [], 'nothing chosen yet');

  await page.keyboard.type('aleppo');
  await page.waitForFunction(() => document.querySelector('newsdex-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
  const firstHit = (await comboState(page)).options[0].hit;
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await articleShown(page, firstHit);
  assert.deepEqual(chosen, [{ id: firstHit, query: 'aleppo', hit: firstHit }]);
  assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), { q: 'aleppo', article: firstHit });
  assert.deepEqual((await readArticle(page)).marks.slice(0, 1), ['Aleppo'], 'the archive shows the article with the query marked');
  assert.deepEqual(problems, []);
});

test('a page themes the box with custom properties and ::part(), and the defaults hold without them', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const looks = await page.evaluate(async () => {
    const themed = document.querySelector('newsdex-search');
    const plain = document.createElement('newsdex-search');
    document.body.append(plain);
    await Promise.all([themed.ready, plain.ready]);
    const look = async (box) => {
      box.value = 'lavrov';
      const title = await new Promise((resolve) => {
        const poll = () => box.shadowRoot.querySelector('[part="title"]') ? resolve(box.shadowRoot.querySelector('[part="title"]')) : setTimeout(poll, 20);
        poll();
      });
      const input = getComputedStyle(box.shadowRoot.querySelector('input'));
      return { radius: input.borderTopLeftRadius, border: input.borderTopColor, titleFont: getComputedStyle(title).fontFamily, hostFont: getComputedStyle(box).fontFamily };
    };
    return { themed: await look(themed), plain: await look(plain), rule: getComputedStyle(document.documentElement).getPropertyValue('--rule').trim() };
  });
  assert.equal(looks.themed.radius, '3px', '--newsdex-radius');
  assert.equal(looks.plain.radius, '6px', 'the default radius');
  assert.notEqual(looks.themed.border, looks.plain.border, '--newsdex-border');
  assert.match(looks.themed.titleFont, /Georgia/, '::part(title)');
  assert.doesNotMatch(looks.themed.hostFont, /Georgia/, 'the box itself is in the masthead font');
  assert.equal(looks.plain.titleFont, looks.plain.hostFont, 'without ::part(title) a title takes the font of the box');
  assert.deepEqual(problems, []);
});

test('hits are shown as text, never markup; an index from `src`, a click, and a load failure', async () => {
  const { page, problems } = await openEmbed(site.browser);
  const outcome = await page.evaluate(async () => {
    // A search of one index file answers before anything the page waits for with a timer.
    const answered = () => new Promise((resolve) => setTimeout(resolve));
    const box = document.createElement('newsdex-search');
    box.setAttribute('src', '/hostile.ndx');
    document.body.append(box);
    await box.ready;
    box.value = 'kerry';
    await answered();
    const option = box.shadowRoot.querySelector('[role="option"]');
    const chosen = new Promise((resolve) => box.addEventListener('newsdex-select', (event) => resolve(event.detail.id)));
    option.click();
    const result = {
      title: option.querySelector('[part="title"]').textContent,
      snippet: option.querySelector('[part="snippet"]').textContent,
      elements: box.shadowRoot.querySelectorAll('[role="listbox"] :is(img, b, script)').length,
      chosen: await chosen,
      expanded: box.shadowRoot.querySelector('input').getAttribute('aria-expanded'),
    };
    const described = (error) => ({ name: error.name, code: error.code, message: error.message, status: error.status ?? null });
    const failing = document.createElement('newsdex-search');
    failing.setAttribute('src', '/missing.ndx');
    // At once, rather than when a reader reaches it, so that the failure comes without one.
    failing.setAttribute('loading', 'eager');
    const error = new Promise((resolve) => failing.addEventListener('newsdex-error', (event) => resolve(event.detail.error)));
    document.body.append(failing);
    const failure = await error;
    result.error = described(failure);
    result.rejectedWithIt = await failing.ready.then(() => false, (reason) => reason === failure);
    result.status = failing.shadowRoot.querySelector('[role="status"]').textContent;
    // An index closed under the box: the search says so instead of throwing.
    (await box.ready).close();
    const closed = new Promise((resolve) => box.addEventListener('newsdex-error', (event) => resolve(event.detail.error)));
    box.value = 'lavrov';
    result.closedError = described(await closed);
    result.closedStatus = box.shadowRoot.querySelector('[role="status"]').textContent;
    result.closedOptions = box.shadowRoot.querySelectorAll('[role="option"]').length;
    try {
      box.dex = null;
    } catch (error) {
      result.badDex = described(error);
    }
    return result;
  });
  assert.equal(outcome.title, '<img src=x onerror=alert(1)> Kerry');
  assert.equal(outcome.snippet, '<b>Kerry</b> met <script>alert(2)</script> Lavrov & "friends".');
  assert.equal(outcome.elements, 0);
  assert.equal(outcome.chosen, 'h1');
  assert.equal(outcome.expanded, 'false');
  // The page is told why, in a NewsdexError; the reader only that search is not there.
  assert.deepEqual(outcome.error, { name: 'NewsdexError', code: 'Fetch', message: `newsdex: could not fetch ${site.url}/missing.ndx: HTTP 404`, status: 404 });
  assert.equal(outcome.rejectedWithIt, true);
  assert.equal(outcome.status, 'Search is not available right now.');
  assert.deepEqual(outcome.closedError, { name: 'NewsdexError', code: 'Closed', message: 'newsdex: this index was closed', status: null });
  assert.equal(outcome.closedStatus, 'Search is not available right now.');
  assert.equal(outcome.closedOptions, 0);
  assert.deepEqual(outcome.badDex, { name: 'NewsdexError', code: 'InvalidArgument', message: 'newsdex: <newsdex-search>.dex takes an index from Newsdex.load()', status: null });
  // The browser itself reports the 404 of the missing index; nothing else may appear.
  assert.deepEqual(problems.filter((problem) => !/404 \(Not Found\)/.test(problem)), []);
});

test('a page without a bundler imports the package by name through an import map', async () => {
  const { page, problems } = await newPage(site.browser);
  await page.goto(`${site.url}/importmap.html`);
  await page.waitForFunction(() => document.body.dataset.names !== undefined);
  assert.deepEqual(await page.evaluate(() => ({ ...document.body.dataset })), { total: '2', names: 'per/john-kerry per/sergei-lavrov loc/aleppo' });
  await page.locator('newsdex-search input').fill('aleppo');
  await page.waitForFunction(() => document.querySelector('newsdex-search').shadowRoot.querySelectorAll('[role="option"]').length === 2);
  assert.deepEqual(problems, []);
});
