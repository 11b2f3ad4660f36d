// A project that uses the packed package the way a user's would: `npm pack` pkg/, then
// `npm install` the tarball (offline: it is a local file) into a project of its own.
//
// A throwaway project lives in the temp folder. A project that also needs tools from npm
// (vite, typescript) is kept under node_modules/.cache/newsdex-consumers/NAME, so those are
// downloaded once and skipped afterwards; the package itself is packed and installed fresh
// on every run, so the tests always see the current build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Packs pkg/ into `project` and installs the tarball there. Returns the paths in the tarball,
 * as `npm pack` listed them.
 */
export function installPackage(project) {
  const [packed] = JSON.parse(npm(['pack', join(repo, 'pkg'), '--json', '--pack-destination', project], project));
  npm(['install', '--offline', '--no-save', join(project, packed.filename)], project);
  return packed.files.map((file) => file.path).sort();
}

/** A fresh project in the temp folder with the package installed; `remove()` deletes it. */
export function throwawayProject() {
  const dir = mkdtempSync(join(tmpdir(), 'newsdex-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const files = installPackage(dir);
  return { dir, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A kept project named `name` with `devDependencies` (exact versions) installed from npm once,
 * and the current package installed on every call. An app whose own source a framework must
 * compile is kept under target/ instead (`outside: true`): Next.js's webpack build leaves
 * anything under a node_modules folder uncompiled, its JSX included.
 */
export function toolProject(name, devDependencies, { outside = false } = {}) {
  const dir = join(repo, ...(outside ? ['target'] : ['node_modules', '.cache']), 'newsdex-consumers', name);
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module', devDependencies }, null, 2);
  const stamp = join(dir, 'node_modules', '.newsdex-tools.json');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== manifest) {
    writeFileSync(join(dir, 'package.json'), manifest);
    npm(['install'], dir);
    writeFileSync(stamp, manifest);
  }
  installPackage(dir);
  return dir;
}
