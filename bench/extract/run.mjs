// Extraction speed beside indexing speed: renders the articles of a JSON Lines corpus as the
// pages of a built news site, in three CMS shapes taken in turn (WordPress with a Yoast
// JSON-LD graph, Ghost, Arc-style JSON-LD whose articleBody holds the text), with a list page
// every 20 articles, into bench/out/extract/ (not committed). Then times `newsdex build` on
// the site folder and on the JSON Lines, lean (--no-entities) and default, and prints a table.
//
//   node bench/extract/run.mjs [--corpus /work/shared/data/bbc/articles.jsonl] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const corpus = arg('corpus', '/work/shared/data/bbc/articles.jsonl');
const runs = Number(arg('runs', 3));
const out = join(repo, 'bench/out/extract');
const site = join(out, 'site');
const cli = join(repo, 'target/release/newsdex');

const escape = (text) => String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (body) => body.split(/\n\s*\n/).map((p) => `<p>${escape(p.trim())}</p>`).join('\n');
const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

const shapes = [
  (a, path) => `<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"><title>${escape(a.title)} | ${escape(a.source)}</title>
<link rel="canonical" href="https://news.example/${path}/"><meta property="og:type" content="article"><meta property="og:title" content="${escape(a.title)}">
<meta property="og:site_name" content="${escape(a.source)}"><meta property="article:section" content="${escape(a.section)}">
<script type="application/ld+json">${json({ '@context': 'https://schema.org', '@graph': [{ '@type': 'Article', headline: a.title, author: { '@id': '#p' }, publisher: { '@id': '#o' }, articleSection: [a.section] }, { '@type': 'Person', '@id': '#p', name: 'Staff' }, { '@type': 'Organization', '@id': '#o', name: a.source }] })}</script>
</head><body class="single"><header class="site-header"><nav><ul><li><a href="/">Home</a></li></ul></nav></header><main class="site-main">
<article class="post type-post"><header class="entry-header"><h1 class="entry-title">${escape(a.title)}</h1></header><div class="entry-content">
${paragraphs(a.body)}
<div class="sharedaddy"><h3>Share this:</h3></div><div class="jp-relatedposts"><h3>Related</h3></div></div></article>
<div id="comments" class="comments-area"><p>Leave a reply</p></div></main><footer class="site-footer">Powered by WordPress</footer></body></html>`,
  (a, path) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(a.title)}</title><link rel="canonical" href="https://news.example/${path}/">
<meta property="og:type" content="article"><meta property="og:site_name" content="${escape(a.source)}">
<script type="application/ld+json">${json({ '@context': 'https://schema.org', '@type': 'Article', headline: a.title, publisher: { '@type': 'Organization', name: a.source }, author: { '@type': 'Person', name: 'Staff' }, keywords: a.section })}</script>
</head><body class="post-template"><header class="gh-head"><nav>Menu</nav></header><main class="site-main"><article class="article post">
<header class="article-header"><h1 class="article-title">${escape(a.title)}</h1></header><section class="gh-content">
${paragraphs(a.body)}
</section></article><section class="article-comments">Comments</section><aside class="read-more-wrap"><article class="post-card"><h3>More</h3></article></aside></main></body></html>`,
  (a, path) => `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><title>${escape(a.title)}</title><link rel="canonical" href="https://news.example/${path}/"/>
<script type="application/ld+json">${json({ '@context': 'https://schema.org', '@type': ['NewsArticle'], headline: a.title, articleSection: a.section, author: [{ '@type': 'Person', name: 'Staff' }], publisher: { '@type': 'NewsMediaOrganization', name: a.source }, articleBody: a.body })}</script>
</head><body><div id="fusion-app"><header><nav>Sections</nav></header><main><article class="b-article"><h1>${escape(a.title)}</h1><div class="article-body">
<p>${escape(a.body.split('\n')[0])}</p><div class="paywall">Subscribe</div></div></article></main></div></body></html>`,
];

const articles = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
rmSync(out, { recursive: true, force: true });
mkdirSync(site, { recursive: true });
let listed = [];
articles.forEach((a, i) => {
  const path = `${a.section || 'news'}/${a.id}`;
  mkdirSync(join(site, path), { recursive: true });
  writeFileSync(join(site, path, 'index.html'), shapes[i % shapes.length](a, path));
  listed.push(`<article class="card"><h2><a href="/${path}/">${escape(a.title)}</a></h2></article>`);
  if (listed.length === 20 || i === articles.length - 1) {
    mkdirSync(join(site, 'page', String(i)), { recursive: true });
    writeFileSync(join(site, 'page', String(i), 'index.html'), `<!DOCTYPE html><html><head><title>Page</title></head><body><main>${listed.join('')}</main></body></html>`);
    listed = [];
  }
});
const jsonl = join(out, 'articles.jsonl');
writeFileSync(jsonl, readFileSync(corpus));

const time = (input, extra) => {
  const times = [];
  let summary = '';
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(cli, ['build', input, '-o', join(out, 'bench.ndx'), ...extra], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`newsdex build ${input} failed:\n${run.stderr}`);
    summary = run.stderr;
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], summary };
};

const pages = articles.length + Math.ceil(articles.length / 20);
const rows = [];
for (const [build, extra] of [['lean (--no-entities)', ['--no-entities']], ['default', []]]) {
  const html = time(site, extra);
  const lines = time(jsonl, extra);
  const extraction = Math.max(html.seconds - lines.seconds, 1e-9);
  rows.push([build, articles.length, lines.seconds.toFixed(2), html.seconds.toFixed(2),
    Math.round(pages / html.seconds), Math.round(pages / extraction)]);
  if (!html.summary.includes(`indexed ${articles.length} articles (${articles.length} from pages)`) || !/skipped \d+ pages/.test(html.summary)) {
    throw new Error(`not one article a page, list pages skipped:\n${html.summary}`);
  }
}
console.log(`${corpus}: ${articles.length} articles as ${pages} pages (3 CMS shapes, a list page every 20), median of ${runs}`);
console.log('| build | articles | JSON Lines, s | site folder, s | pages/s, whole build | pages/s, extraction alone |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
