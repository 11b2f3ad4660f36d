// A static file server for the page: www/ at /, the built npm package at /pkg/.
// Used by `./build.sh serve` and by the browser tests (which import startServer); a test can
// serve other folders instead by passing `mounts` (e.g. a Vite app's dist/ at /).
import { createServer } from 'node:http';
import { readSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
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

/** At most this many ranges are answered in one request (Apache's default). */
const MAX_RANGES = 200;

/** The ranges `[start, end]` (inclusive, clipped to the file) of a Range header of the form
 * `bytes=a-b,c-d`, those past the end left out; `null` to send the whole file (no header,
 * another form, or too many ranges). */
function byteRanges(header, size) {
  const spec = /^bytes=(\d+-\d+(?:,\s*\d+-\d+)*)$/.exec(header ?? '');
  if (!spec) return null;
  const ranges = spec[1].split(',').map((range) => range.trim().split('-').map(Number));
  if (ranges.length > MAX_RANGES) return null;
  return ranges.filter(([start, end]) => start <= end && start < size).map(([start, end]) => [start, Math.min(end, size - 1)]);
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
      // Byte ranges (`bytes=a-b` or `bytes=a-b,c-d,…`), as sharded indexes ask for their
      // chunks: only those bytes are read, so a range of a large chunk file costs what it
      // sends; several come back as multipart/byteranges, as nginx and Apache send them.
      const ranges = byteRanges(request.headers.range, info.size);
      if (ranges) {
        if (ranges.length === 0) {
          response.writeHead(416, { 'content-range': `bytes */${info.size}` });
          response.end();
          return;
        }
        const handle = await open(file);
        try {
          // Read at once, not on the thread pool: a range of a file in the page cache is a
          // copy, and a request for a few dozen ranges waited on the pool for each.
          const read = ([start, end]) => {
            const buffer = Buffer.alloc(end - start + 1);
            readSync(handle.fd, buffer, 0, buffer.length, start);
            return buffer;
          };
          const headers = { 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
          if (ranges.length === 1) {
            const [[start, end]] = ranges;
            response.writeHead(206, { ...headers, 'content-type': type, 'content-range': `bytes ${start}-${end}/${info.size}` });
            response.end(request.method === 'HEAD' ? undefined : read(ranges[0]));
            return;
          }
          const boundary = `newsdex-${randomBytes(8).toString('hex')}`;
          const bodies = ranges.map(read);
          const parts = ranges.flatMap(([start, end], k) => [Buffer.from(`\r\n--${boundary}\r\ncontent-type: ${type}\r\ncontent-range: bytes ${start}-${end}/${info.size}\r\n\r\n`), bodies[k]]);
          parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
          response.writeHead(206, { ...headers, 'content-type': `multipart/byteranges; boundary=${boundary}` });
          response.end(request.method === 'HEAD' ? undefined : Buffer.concat(parts));
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
