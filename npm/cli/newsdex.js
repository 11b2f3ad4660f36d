#!/usr/bin/env node
// The package's `newsdex` command: `newsdex build` indexes seed .txt and .jsonl files with the
// wasm indexer (the same bytes as the Rust CLI), `newsdex search` queries an index file.
// Every failure is one `newsdex: …` line on stderr and exit code 1.
import { parseArgs } from 'node:util';
import { NewsdexError } from '../errors.js';
import { build } from './build.js';
import { search } from './search.js';

const usage = `Usage:
  newsdex build INPUT... -o OUTPUT [--no-store] [--no-entities] [--facet FIELD]...
      INPUT: .txt seed articles, .jsonl files, or directories (their *.txt and *.jsonl, sorted)
      --no-store     leave out the article text (results then carry ids and scores only)
      --no-entities  do not run the named-entity recogniser
      --facet FIELD  index this JSON Lines field (a string or an array of strings) as a site
                     facet, filtered by FIELD:value in queries (repeat for several)
  newsdex search INDEX QUERY... [--limit N] [--sort relevance|newest|oldest] [--recency DAYS [--now DATE]] [--json]
      INDEX: a file made by \`newsdex build\`; the words of QUERY are joined with spaces
      --recency DAYS blend relevance with recency, with this half-life in days, counted from
                     --now (ISO 8601; by default the newest article's date)
`;

const commands = {
  build: {
    options: { output: { type: 'string', short: 'o' }, 'no-store': { type: 'boolean' }, 'no-entities': { type: 'boolean' }, facet: { type: 'string', multiple: true } },
    run: ({ values, positionals }) => {
      if (!positionals.length) throw usageError('newsdex: build needs at least one input file or directory');
      if (!values.output) throw usageError('newsdex: build needs the output file: -o news.ndx');
      return build(positionals, values.output, { store: !values['no-store'], entities: !values['no-entities'], facets: values.facet ?? [] });
    },
  },
  search: {
    options: { limit: { type: 'string' }, json: { type: 'boolean' }, sort: { type: 'string' }, recency: { type: 'string' }, now: { type: 'string' } },
    run: ({ values, positionals: [index, ...words] }) => {
      if (!index || !words.length) throw usageError('newsdex: search needs an index file and a query: newsdex search news.ndx kerry lavrov');
      const limit = values.limit === undefined ? 10 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 0) throw usageError(`newsdex: --limit takes a whole number, not ${values.limit}`);
      const recency = values.recency === undefined ? undefined : Number(values.recency);
      if (recency !== undefined && !(recency > 0)) throw usageError(`newsdex: --recency takes a half-life in days over 0, not ${values.recency}`);
      if (values.now !== undefined && recency === undefined) throw usageError('newsdex: --now goes with --recency');
      return search(index, words.join(' '), { limit, json: Boolean(values.json), sort: values.sort, recency, now: values.now });
    },
  },
};

/** A command line that does not say what to do. */
function usageError(message) {
  return new NewsdexError('InvalidArgument', message);
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage);
    return;
  }
  const command = commands[name];
  if (!command) throw usageError(`newsdex: unknown command "${name}" (try build or search; --help shows how)`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    throw usageError(`newsdex: ${error.message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return;
  }
  await command.run(parsed);
}

main(process.argv.slice(2)).catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.startsWith('newsdex:') ? message : `newsdex: ${message}`}\n`);
  process.exitCode = 1;
});
