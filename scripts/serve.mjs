// A static file server for the page: www/ at /, the built npm package at /pkg/.
// Used by `./build.sh serve` and by the browser tests (which import startServer); a test can
// serve other folders instead by passing `mounts` (e.g. a Vite app's dist/ at /).
import { createServer } from 'node:http';
import { open, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The page's mounts: the built package at /pkg/, www/ at /. */
export const pageMounts = [
  ['/pkg/', join(root, 'pkg')],
  ['/', join(root, 'www')],
];
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ndx': 'application/octet-stream',
  '.chunk': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/** Maps a URL path to a file under one of the mounts, refusing anything that escapes it. */
function fileFor(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (!pathname.startsWith(prefix)) continue;
    const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)));
    const file = resolve(dir, relative === '.' ? '' : relative);
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    return file;
  }
  return null;
}

/** `mounts`: `[urlPrefix, directory]` pairs, most specific first (default: the page and /pkg/). */
export function startServer({ port = 0, host = '127.0.0.1', extra = {}, mounts = pageMounts } = {}) {
  const server = createServer(async (request, response) => {
    try {
      const { pathname } = new URL(request.url, 'http://localhost');
      if (extra[pathname]) {
        const { body, type } = extra[pathname];
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
        return;
      }
      let file = fileFor(mounts, pathname);
      let info = file && (await stat(file).catch(() => null));
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
        return;
      }
      const type = types[extname(file)] ?? 'application/octet-stream';
      // One byte range (`bytes=a-b`), as sharded indexes ask for their chunks: only those
      // bytes are read, so a range of a large chunk file costs what it sends.
      const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
      if (range) {
        const [start, end] = [Number(range[1]), Math.min(Number(range[2]), info.size - 1)];
        if (start > end) {
          response.writeHead(416, { 'content-range': `bytes */${info.size}` });
          response.end();
          return;
        }
        const handle = await open(file);
        try {
          const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(end - start + 1), position: start });
          response.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${start + bytesRead - 1}/${info.size}`, 'accept-ranges': 'bytes', 'cache-control': 'no-cache' });
          response.end(request.method === 'HEAD' ? undefined : buffer.subarray(0, bytesRead));
        } finally {
          await handle.close();
        }
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
  return new Promise((resolveStart) => {
    server.listen(port, host, () => resolveStart({ server, url: `http://${host}:${server.address().port}` }));
  });
}

// `node scripts/serve.mjs [--port 8080] [--dir DIR]`: the page, or only DIR at /.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const port = Number(option('port') ?? 8080);
  const dir = option('dir');
  const { url } = await startServer({ port, mounts: dir ? [['/', resolve(dir)]] : pageMounts });
  console.log(`newsdex: serving ${url}/`);
}
