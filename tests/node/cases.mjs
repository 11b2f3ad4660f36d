// The shared query cases (tests/cases/*.json) read from disk, checked by check-cases.mjs.
// The Rust and browser tests run the same files.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as check from './check-cases.mjs';

const load = (name) => JSON.parse(readFileSync(new URL(`../cases/${name}`, import.meta.url), 'utf8'));

export const searchCaseFailures = (dex) => check.searchCaseFailures(dex, load('search.json'));
export const articleCaseFailures = (dex) => check.articleCaseFailures(dex, load('article.json'));
export const entityCaseFailures = (dex) => check.entityCaseFailures(dex, load('entities.json'));

// words.json and languages.json name a corpus of their own, which the caller builds.
const ownCorpus = (name) => {
  const cases = load(name);
  return {
    corpus: new URL(`../../${cases.corpus}`, import.meta.url),
    failures: (dex) => [...check.searchCaseFailures(dex, cases.search), ...check.articleCaseFailures(dex, cases.article)],
  };
};
export const wordCases = ownCorpus('words.json');
export const languageCases = ownCorpus('languages.json');

// site.json names a site folder, which the caller builds with the command.
const site = load('site.json');
export const siteFolder = new URL(`../../${site.site}`, import.meta.url);
export const siteCaseFailures = (dex) => [
  ...check.searchCaseFailures(dex, site.search),
  ...check.articleCaseFailures(dex, site.article),
];

// segments.json names a corpus built, then added to and removed from, as segments: built here
// with the command (target/release/newsdex) into `dir`, as `news.ndx` (the manifest, its parts
// and their chunk files beside it) and `fresh.ndx`, a single file of the same live articles.
export const segmentCases = load('segments.json');
export function buildSegmentCases(dir) {
  const repo = new URL('../../', import.meta.url);
  const cli = fileURLToPath(new URL('target/release/newsdex', repo));
  const fixture = (path) => fileURLToPath(new URL(path, repo));
  const run = (...args) => execFileSync(cli, args, { stdio: 'pipe' });
  const news = join(dir, 'news.ndx');
  run('build', fixture(segmentCases.build), '-o', news, '--shards', '--chunk-kib', '4');
  for (const added of segmentCases.add) run('add', news, fixture(added));
  run('remove', news, ...segmentCases.remove);
  // The live articles: the last of each id, less those removed.
  const live = new Map();
  for (const path of [segmentCases.build, ...segmentCases.add]) {
    for (const line of readFileSync(fixture(path), 'utf8').split('\n').filter(Boolean)) {
      const article = JSON.parse(line);
      live.delete(article.id);
      live.set(article.id, article);
    }
  }
  for (const id of segmentCases.remove) live.delete(id);
  writeFileSync(join(dir, 'live.jsonl'), [...live.values()].map((a) => JSON.stringify(a)).join('\n'));
  run('build', join(dir, 'live.jsonl'), '-o', join(dir, 'fresh.ndx'));
  return [...live.keys()];
}
