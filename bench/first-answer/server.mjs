// The bench's static server, set up as a site's host would be so that the bytes it counts are
// the bytes a reader downloads: a whole file goes brotli-compressed (quality 11, window 2^24,
// as `brotli -q 11` precompresses a site) when the browser accepts br; a Range request gets
// the raw bytes it names (one range as 206, several as multipart/byteranges), as nginx,
// Apache and CDNs answer them. Every response's body bytes are logged, so the runner can add up
// what one page load cost.
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, readSync, closeSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const compress = promisify(brotliCompress);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.json': 'application/json', '.css': 'text/css', '.wasm': 'application/wasm',
};
/** Chunk files of a sharded index are only ever read by range; compressing them would cost
 * minutes for the archive and never be sent. */
const RANGE_ONLY = /\.chunk$/;

/**
 * Serves the folders `roots` (the first that has a path answers) on 127.0.0.1, a random port. `cacheDir` keeps brotli outputs by content hash,
 * so a file is compressed once across corpora and runs. Returns `{ origin, log, precompress,
 * close }`; `log` gets `{ path, status, bytes, encoding }` per response.
 */
export async function serve(roots, { cacheDir }) {
  mkdirSync(cacheDir, { recursive: true });
  const log = [];
  const whole = new Map(); // path → Promise<{ raw, br }>

  /** A file's raw bytes and its brotli bytes (null when brotli is not smaller, as for
   * Pagefind's files, which are gzip already: a server would send those as they are). */
  function wholeFile(file) {
    if (!whole.has(file)) {
      whole.set(file, (async () => {
        const raw = readFileSync(file);
        const cached = join(cacheDir, `${createHash('sha256').update(raw).digest('hex')}.br`);
        let br;
        if (existsSync(cached)) {
          br = readFileSync(cached);
        } else {
          br = await compress(raw, { params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_LGWIN]: 24,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          } });
          writeFileSync(cached, br);
        }
        return { raw, br: br.length < raw.length ? br : null };
      })());
    }
    return whole.get(file);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = normalize(decodeURIComponent(url.pathname));
    if (path.endsWith('/')) path += 'index.html';
    let file; let size;
    for (const root of roots) {
      try {
        const info = statSync(join(root, path));
        if (info.isFile()) [file, size] = [join(root, path), info.size];
      } catch { /* not in this folder */ }
      if (file) break;
    }
    if (!file) {
      res.writeHead(404).end();
      log.push({ path, status: 404, bytes: 0 });
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-cache', vary: 'accept-encoding' };
    const send = (status, head, body, encoding = null) => {
      res.writeHead(status, { ...headers, ...head, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      log.push({ path, status, bytes: req.method === 'HEAD' ? 0 : body.length, encoding });
    };

    if (req.headers.range) {
      const ranges = byteRanges(req.headers.range, size);
      if (!ranges) {
        send(416, { 'content-range': `bytes */${size}` }, Buffer.alloc(0));
        return;
      }
      const fd = openSync(file, 'r');
      const read = ([start, end]) => {
        const buffer = Buffer.alloc(end - start + 1);
        readSync(fd, buffer, 0, buffer.length, start);
        return buffer;
      };
      try {
        if (ranges.length === 1) {
          const [[start, end]] = ranges;
          send(206, { 'content-range': `bytes ${start}-${end}/${size}` }, read(ranges[0]), 'range');
        } else {
          const boundary = `bench${Math.random().toString(36).slice(2)}`;
          const parts = ranges.flatMap(([start, end]) => [
            Buffer.from(`\r\n--${boundary}\r\ncontent-type: ${type}\r\ncontent-range: bytes ${start}-${end}/${size}\r\n\r\n`),
            read([start, end]),
          ]);
          parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
          send(206, { 'content-type': `multipart/byteranges; boundary=${boundary}` }, Buffer.concat(parts), 'multipart');
        }
      } finally {
        closeSync(fd);
      }
      return;
    }

    const { raw, br } = await wholeFile(file);
    const acceptsBr = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    if (acceptsBr && br) send(200, { 'content-encoding': 'br' }, br, 'br');
    else send(200, {}, raw, 'identity');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    log,
    /** Compresses every file a page may fetch whole before anything is timed, four at a
     * time: compressing on first request would put seconds of quality-11 brotli into the
     * first reader's time. */
    async precompress() {
      const files = roots.flatMap(walk).filter((f) => !RANGE_ONLY.test(f));
      let next = 0;
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (next < files.length) await wholeFile(files[next++]);
      }));
      return files.length;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The ranges `[start, end]` (inclusive, clipped) of a `bytes=…` header, null when none is
 * satisfiable. Takes `a-b`, `a-` and `-n`. */
function byteRanges(header, size) {
  const spec = /^bytes=(.+)$/.exec(header.trim());
  if (!spec) return null;
  const ranges = [];
  for (const part of spec[1].split(',')) {
    const [, a, b] = /^\s*(\d*)-(\d*)\s*$/.exec(part) ?? [];
    if (a === undefined) return null;
    let start; let end;
    if (a === '') [start, end] = [Math.max(0, size - Number(b)), size - 1];
    else [start, end] = [Number(a), b === '' ? size - 1 : Math.min(Number(b), size - 1)];
    if (start <= end && start < size) ranges.push([start, end]);
  }
  return ranges.length ? ranges : null;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}
