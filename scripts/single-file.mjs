// Writes dist/newsdex.html: the search page (www/index.html) as one self-contained file that
// works when opened from file://. Its stylesheets are inlined; its module scripts, with
// everything they import (www/js/, the package in /pkg/), become one inline module; the wasm
// (which carries the embedded index) rides along as base64 and is instantiated from those
// bytes before the page's own code runs.
//
// Why a bundler (esbuild): Chromium refuses to load module files from file:// (their origin
// is null), and inline modules cannot import one another, so the page's dozen modules have to
// become one script with their scopes kept apart — which is exactly what a bundler does.
//
// The page's Content-Security-Policy comes along, rewritten for one file: the inline script and
// styles are allowed by their SHA-256 hashes instead of 'self', and the wasm's data: address
// may be fetched; everything else stays as strict as on the served page.
//
//   node scripts/single-file.mjs [--out dist/newsdex.html]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const www = join(repo, 'www');
const pkg = join(repo, 'pkg');
const WASM_MODULE = 'newsdex:wasm';

/** Where the page's absolute paths point, as scripts/serve.mjs mounts them. */
function onDisk(path) {
  return path.startsWith('/pkg/') ? join(pkg, path.slice('/pkg/'.length)) : join(www, path);
}

/**
 * A module that instantiates the wasm from inlined bytes (the wrapper's own init() then finds it
 * ready) and hands the seeds loader the seeds index's inlined bytes.
 */
function wasmModule() {
  const inline = (name) => readFileSync(join(pkg, name)).toString('base64');
  return `import init from '/pkg/newsdex.js';
import { setSeedsBytes } from '/pkg/seeds.js';
setSeedsBytes(async () => new Uint8Array(await (await fetch('data:application/octet-stream;base64,${inline('seeds.ndx')}')).arrayBuffer()));
await init({ module_or_path: fetch('data:application/wasm;base64,${inline('newsdex_bg.wasm')}') });
`;
}

const pageFiles = {
  name: 'page-files',
  setup(build) {
    build.onResolve({ filter: /^newsdex:wasm$/ }, () => ({ path: WASM_MODULE, namespace: 'newsdex' }));
    build.onLoad({ filter: /.*/, namespace: 'newsdex' }, () => ({ contents: wasmModule(), resolveDir: www, loader: 'js' }));
    build.onResolve({ filter: /^\// }, (args) => ({ path: onDisk(args.path) }));
  },
};

/** The page's module scripts (`src`, in order) bundled into one script that first boots the wasm. */
async function bundle(sources) {
  const entry = [`import '${WASM_MODULE}';`, ...sources.map((src) => `import ${JSON.stringify(new URL(src, 'file:///').pathname)};`)].join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: www, sourcefile: 'newsdex-page.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    plugins: [pageFiles],
  });
  return result.outputFiles[0].text;
}

/** A stylesheet's text, refusing references to other files that would not come along. */
function stylesheet(href) {
  const css = readFileSync(onDisk(new URL(href, 'file:///').pathname), 'utf8');
  const outside = css.match(/url\(\s*['"]?(?!data:)[^)]*\)/);
  if (outside) throw new Error(`newsdex: ${href} refers to ${outside[0]}, which the single file would lack`);
  return css;
}

/** The Content-Security-Policy source that allows an inline script or style of this text. */
function hashSource(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's policy for the single file, allowing its one inline script and its inline styles. */
function singleFilePolicy(policy, script, styles) {
  const directives = new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...sources]) => [name, sources]));
  if (!directives.has('script-src')) throw new Error('newsdex: the page\'s Content-Security-Policy has no script-src to extend');
  directives.set('script-src', [hashSource(script), ...directives.get('script-src').filter((source) => source !== "'self'")]);
  directives.set('style-src', styles.map(hashSource));
  directives.set('connect-src', ['data:']);
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

function inlineText(text, tag) {
  if (text.toLowerCase().includes(`</${tag}`)) throw new Error(`newsdex: the inlined ${tag} contains "</${tag}"`);
  return text;
}

export async function writeSingleFile(out) {
  let html = readFileSync(join(www, 'index.html'), 'utf8');
  const sources = [];
  html = html.replace(/[ \t]*<script type="module" src="([^"]+)"><\/script>\n?/g, (_, src) => {
    sources.push(src);
    return '';
  });
  if (!sources.length) throw new Error('newsdex: www/index.html has no module script to inline');
  const styles = [];
  html = html.replace(/<link rel="stylesheet" href="([^"]+)">/g, (_, href) => {
    styles.push(`\n${inlineText(stylesheet(href), 'style')}`);
    return `<style>${styles.at(-1)}</style>`;
  });
  const script = inlineText(await bundle(sources), 'script');
  html = html.replace('</head>', () => `<script type="module">${script}</script>\n</head>`);
  const policy = /(<meta http-equiv="Content-Security-Policy" content=")([^"]+)(">)/;
  if (!policy.test(html)) throw new Error('newsdex: www/index.html has no Content-Security-Policy to carry over');
  html = html.replace(policy, (_, start, content, end) => `${start}${singleFilePolicy(content, script, styles)}${end}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  return statSync(out).size;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(repo, 'dist', 'newsdex.html') } } });
  const size = await writeSingleFile(resolve(values.out));
  console.error(`newsdex: wrote ${values.out} (${(size / 1e6).toFixed(1)} MB, one file)`);
}
