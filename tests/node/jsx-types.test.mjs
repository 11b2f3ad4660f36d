// <newsdex-search> in the JSX of React, Preact, Solid and Vue: TypeScript and each framework's
// types (from npm, kept in a consumer project) compile a small .tsx file per framework against
// the installed package's newsdex/jsx/* types, with no skipLibCheck. Each file also holds
// lines that must not compile (@ts-expect-error), so types loose enough to take anything fail.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repo, toolProject } from './consumer.mjs';

const TOOLS = { typescript: '5.9.3', '@types/react': '19.3.3', preact: '11.2.0', 'solid-js': '1.9.20', vue: '3.5.47' };
let project;

before(() => {
  project = toolProject('jsx', TOOLS);
  for (const name of ['react', 'preact', 'solid', 'vue']) cpSync(join(repo, `tests/node/types/${name}.tsx`), join(project, `${name}.tsx`));
});

for (const [name, jsx] of [
  ['react', ['--jsx', 'react-jsx']],
  ['preact', ['--jsx', 'react-jsx', '--jsxImportSource', 'preact']],
  ['solid', ['--jsx', 'preserve', '--jsxImportSource', 'solid-js']],
  ['vue', ['--jsx', 'preserve', '--jsxImportSource', 'vue']],
]) {
  test(`<newsdex-search> type-checks in ${name}'s JSX, attributes and events`, () => {
    const args = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom,dom.iterable', '--module', 'esnext',
      '--moduleResolution', 'bundler', ...jsx, `${name}.tsx`];
    const { status, stdout, stderr } = spawnSync(join(project, 'node_modules/.bin/tsc'), args, { cwd: project, encoding: 'utf8' });
    assert.equal(`${stdout}${stderr}`, '');
    assert.equal(status, 0);
  });
}
