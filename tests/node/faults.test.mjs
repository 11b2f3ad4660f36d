// Newsdex.open against hosts that fail as real ones do, on a real socket: one that never
// answers, one that stalls in the middle of the body, one that resets the connection, one
// that answers 503 before 200. A stall is aborted after `timeoutMs`, a failure that may pass
// is tried again `retries` times, and what is finally reported names the address and what
// happened; nothing is left pending.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';

const { Newsdex, NewsdexError } = await import(new URL('../../pkg/node.js', import.meta.url));

let bytes;
let host;
/** Requests per path. */
const seen = new Map();

/** Serves `bytes` at every path; what goes wrong depends on the path's first part and on how
 * many times that path was asked for before. */
function faultyServer() {
  const sockets = new Set();
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const count = (seen.get(path) ?? 0) + 1;
    seen.set(path, count);
    const fault = path.split('/')[1];
    if (fault === 'hang') return; // headers never come
    if (fault === 'stall') {
      response.writeHead(200, { 'content-length': bytes.length });
      response.write(bytes.subarray(0, bytes.length >> 1)); // and the rest never comes
      return;
    }
    if (fault === 'reset' && count === 1) {
      request.socket.destroy();
      return;
    }
    if (fault === 'reset-always') {
      request.socket.destroy();
      return;
    }
    if (fault === 'busy' && count === 1) {
      response.writeHead(503, { 'retry-after': '0' });
      response.end('busy');
      return;
    }
    if (fault === 'gone') {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(bytes);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  })));
}

before(async () => {
  bytes = await Newsdex.build([
    { id: 'a1', title: 'Kerry meets Lavrov in Geneva', body: 'John Kerry met Sergei Lavrov in Geneva for ceasefire talks.' },
    { id: 'a2', title: 'Markets rally', body: 'Shares rallied in London as the storm passed.' },
  ], { onWarning: () => {} });
  host = await faultyServer();
  // node loads its fetch on first use, which on a busy machine can take longer than the
  // timeouts below: a first try would then end before it reached the host.
  (await Newsdex.open(`${host.url}/warm/news.ndx`)).close();
});

after(() => host?.close());

/** Opens `path` with `options`; the error it rejects with, and how long that took. */
async function failure(path, options) {
  const started = performance.now();
  const error = await Newsdex.open(`${host.url}${path}`, options).then(() => assert.fail(`${path} opened`), (e) => e);
  assert.ok(error instanceof NewsdexError, String(error));
  return { error, ms: performance.now() - started };
}

test('a host that never answers is given up after timeoutMs, each try, then named', async () => {
  const { error, ms } = await failure('/hang/news.ndx', { timeoutMs: 300, retries: 1 });
  assert.equal(error.message, `newsdex: could not fetch ${host.url}/hang/news.ndx: no bytes arrived for 300 ms (2 tries)`);
  assert.deepEqual({ code: error.code, url: error.url }, { code: 'Fetch', url: `${host.url}/hang/news.ndx` });
  assert.equal(seen.get('/hang/news.ndx'), 2);
  // Two waits of 300 ms and one pause of 250 ms between them.
  assert.ok(ms >= 840 && ms < 5000, `${ms} ms`);
});

test('a host that stalls in the middle of the body is given up too', async () => {
  const { error } = await failure('/stall/news.ndx', { timeoutMs: 150, retries: 0 });
  assert.equal(error.message, `newsdex: could not fetch ${host.url}/stall/news.ndx: no bytes arrived for 150 ms`);
  assert.equal(seen.get('/stall/news.ndx'), 1);
});

test('a connection reset is tried again, and named when it goes on', async () => {
  const dex = await Newsdex.open(`${host.url}/reset/news.ndx`, { timeoutMs: 2000 });
  assert.deepEqual(dex.search('kerry').hits.map((hit) => hit.id), ['a1']);
  assert.equal(seen.get('/reset/news.ndx'), 2);
  dex.close();
  const { error } = await failure('/reset-always/news.ndx', { retries: 1 });
  assert.match(error.message, new RegExp(`^newsdex: could not fetch ${host.url}/reset-always/news\\.ndx: fetch failed \\((ECONNRESET|other side closed|UND_ERR_SOCKET)\\) \\(2 tries\\)$`));
  assert.equal(error.code, 'Fetch');
});

test('a 503 is tried again and the 200 after it opens the index; a 404 is not tried again', async () => {
  const dex = await Newsdex.open(`${host.url}/busy/news.ndx`);
  assert.equal(dex.stats().articles, 2);
  assert.equal(seen.get('/busy/news.ndx'), 2);
  dex.close();
  const { error } = await failure('/gone/news.ndx');
  assert.equal(error.message, `newsdex: could not fetch ${host.url}/gone/news.ndx: HTTP 404`);
  assert.deepEqual({ code: error.code, status: error.status }, { code: 'Fetch', status: 404 });
  assert.equal(seen.get('/gone/news.ndx'), 1);
});

test('opening is aborted by its signal, waiting or between tries', async () => {
  const waiting = new AbortController();
  setTimeout(() => waiting.abort(), 100);
  const { error, ms } = await failure('/hang/aborted.ndx', { signal: waiting.signal });
  assert.deepEqual({ code: error.code, message: error.message }, { code: 'Aborted', message: 'newsdex: the request was aborted' });
  assert.ok(ms < 1000, `${ms} ms`);
  const between = new AbortController();
  setTimeout(() => between.abort(), 200);
  const second = await failure('/reset-always/aborted.ndx', { signal: between.signal, retries: 5 });
  assert.equal(second.error.code, 'Aborted');
});

test('timeoutMs and retries must be whole numbers in range', async () => {
  for (const [options, message] of [
    [{ timeoutMs: 0 }, 'newsdex: open() takes options.timeoutMs as a whole number from 1 to 2147483647, not 0'],
    [{ timeoutMs: Infinity }, 'newsdex: open() takes options.timeoutMs as a whole number from 1 to 2147483647, not Infinity'],
    [{ retries: -1 }, 'newsdex: open() takes options.retries as a whole number from 0 to 2147483647, not -1'],
    [{ retries: '2' }, 'newsdex: open() takes options.retries as a whole number from 0 to 2147483647, not "2"'],
  ]) {
    await assert.rejects(Newsdex.open(`${host.url}/news.ndx`, options), { name: 'NewsdexError', code: 'InvalidArgument', message });
  }
});
