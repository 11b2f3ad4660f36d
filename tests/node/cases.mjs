// The shared query cases (tests/cases/*.json) read from disk, checked by check-cases.mjs.
// The Rust and browser tests run the same files.
import { readFileSync } from 'node:fs';
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
