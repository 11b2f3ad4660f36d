// The Vite app's code: loads the index through the bundled package, runs the shared cases
// (the checker and the JSON are bundled in), highlights the story, and reports the outcome
// as JSON in #report for the test to read.
import { Newsdex } from 'newsdex';
import 'newsdex/element';
import { highlightEntities } from 'newsdex/highlight';
import 'newsdex/highlight.css';
import { articleCaseFailures, entityCaseFailures, searchCaseFailures } from './check-cases.mjs';
import articleCases from './cases/article.json';
import entityCases from './cases/entities.json';
import searchCases from './cases/search.json';

async function run() {
  const dex = await Newsdex.load();
  const failures = [
    ...searchCaseFailures(dex, searchCases),
    ...articleCaseFailures(dex, articleCases),
    ...(await entityCaseFailures(dex, entityCases)),
  ];
  const names = (await highlightEntities(document.getElementById('story'), { dex }))
    .map(({ text, type, entity, marks }) => ({ text, type, entity, pieces: marks.length }));
  return { failures, names, articles: dex.stats().articles };
}

const report = document.getElementById('report');
run().then(
  (result) => { report.value = JSON.stringify(result); },
  (error) => { report.value = JSON.stringify({ error: error.message }); },
);
