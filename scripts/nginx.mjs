// Debian's nginx (which `./build.sh test` installs) started as a private server of one folder,
// as the browser tests and bench/soak use it: its own config, port, logs and temporary files,
// needing neither root nor anything of the system's nginx.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NGINX = '/usr/sbin/nginx';
const repo = fileURLToPath(new URL('..', import.meta.url));

/** A port on 127.0.0.1 that nothing listened on a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * nginx.conf for a server of `root` (with the package's pkg/ at /pkg/) on 127.0.0.1:`port`,
 * keeping its pid, logs and temporary files in `state`, so that it needs neither root nor
 * anything of the system's nginx. Its access log holds one JSON object a request.
 */
function nginxConf({ root, state, port }) {
  const path = (p) => JSON.stringify(p);
  return `daemon off;
worker_processes 1;
pid ${path(join(state, 'nginx.pid'))};
error_log ${path(join(state, 'error.log'))} warn;
${
  // Started by root, nginx would run its worker as nobody, who cannot read a private temporary
  // folder; started by anyone else, it runs as that user and \`user\` only draws a warning.
  process.getuid?.() === 0 ? 'user root;' : ''
}
events { worker_connections 512; }
http {
  types {
    text/html html;
    text/javascript js mjs;
    text/css css;
    application/wasm wasm;
    application/json json;
  }
  default_type application/octet-stream;
  client_body_temp_path ${path(join(state, 'body'))};
  proxy_temp_path ${path(join(state, 'proxy'))};
  fastcgi_temp_path ${path(join(state, 'fastcgi'))};
  uwsgi_temp_path ${path(join(state, 'uwsgi'))};
  scgi_temp_path ${path(join(state, 'scgi'))};
  log_format requests escape=json '{"uri":"$uri","range":"$http_range","status":$status,"type":"$sent_http_content_type"}';
  access_log ${path(join(state, 'access.log'))} requests;
  server {
    listen 127.0.0.1:${port};
    root ${path(root)};
    location /pkg/ { alias ${path(`${repo}pkg/`)}; }
  }
}
`;
}

/** Starts nginx on a free port, serving `root` (which must hold `nginx.html`, asked for to
 * know that it answers); resolves once it answers, with its address, process and exit. */
export async function startNginx(root, state) {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const conf = join(state, 'nginx.conf');
    writeFileSync(conf, nginxConf({ root, state, port }));
    const child = spawn(NGINX, ['-p', state, '-c', conf, '-e', join(state, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data) => { stderr += data; });
    let running = true;
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }));
    const url = `http://127.0.0.1:${port}`;
    const up = (async () => {
      for (let waited = 0; running && waited < 10000; waited += 50) {
        if (await fetch(`${url}/nginx.html`).then((response) => response.ok, () => false)) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    })();
    const started = await Promise.race([up, exited.then(() => false)]);
    if (started) return { url, child, exited };
    child.kill('SIGTERM');
    await exited;
    const log = existsSync(join(state, 'error.log')) ? readFileSync(join(state, 'error.log'), 'utf8') : '';
    // Another process may have taken the port between the probe and nginx's bind.
    if (attempt < 3 && /Address already in use/.test(log + stderr)) continue;
    throw new Error(`nginx did not start on ${url}:\n${stderr}${log}`);
  }
}
