// The package's TypeScript types as a user's project sees them: TypeScript (from npm, kept in
// a consumer project) compiles tests/node/types/consumer.ts against the installed package,
// with the exports map resolved the node way and the bundler way, checking the package's
// own .d.ts files too (no skipLibCheck).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repo, toolProject } from './consumer.mjs';

const TYPESCRIPT = '5.9.3';
let project;

before(() => {
  project = toolProject('types', { typescript: TYPESCRIPT });
  cpSync(join(repo, 'tests/node/types/consumer.ts'), join(project, 'consumer.ts'));
});

function tsc(...options) {
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable', ...options, 'consumer.ts'];
  return spawnSync(join(project, 'node_modules/.bin/tsc'), args, { cwd: project, encoding: 'utf8' });
}

for (const [name, options] of [
  ['node (nodenext)', ['--module', 'nodenext', '--moduleResolution', 'nodenext']],
  ['a bundler', ['--module', 'esnext', '--moduleResolution', 'bundler']],
]) {
  test(`every public function and result shape type-checks, resolved as by ${name}`, () => {
    const { status, stdout, stderr } = tsc(...options);
    assert.equal(`${stdout}${stderr}`, '');
    assert.equal(status, 0);
  });
}
