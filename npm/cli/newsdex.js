#!/usr/bin/env node
// The package's `newsdex` command: `newsdex build` indexes seed .txt and .jsonl files with the
// wasm indexer (the same bytes as the Rust CLI), `newsdex search` queries an index file.
// Every failure is one `newsdex: …` line on stderr and exit code 1.
import { parseArgs } from 'node:util';
import { NewsdexError } from '../errors.js';
import { build } from './build.js';
import { search } from './search.js';

const usage = `Usage:
  newsdex build INPUT... -o OUTPUT [--no-store] [--no-entities]
      INPUT: .txt seed articles, .jsonl files, or directories (their *.txt and *.jsonl, sorted)
      --no-store     leave out the article text (results then carry ids and scores only)
      --no-entities  do not run the named-entity recogniser
  newsdex search INDEX QUERY... [--limit N] [--json]
      INDEX: a file made by \`newsdex build\`; the words of QUERY are joined with spaces
`;

const commands = {
  build: {
    options: { output: { type: 'string', short: 'o' }, 'no-store': { type: 'boolean' }, 'no-entities': { type: 'boolean' } },
    run: ({ values, positionals }) => {
      if (!positionals.length) throw usageError('newsdex: build needs at least one input file or directory');
      if (!values.output) throw usageError('newsdex: build needs the output file: -o news.ndx');
      return build(positionals, values.output, { store: !values['no-store'], entities: !values['no-entities'] });
    },
  },
  search: {
    options: { limit: { type: 'string' }, json: { type: 'boolean' } },
    run: ({ values, positionals: [index, ...words] }) => {
      if (!index || !words.length) throw usageError('newsdex: search needs an index file and a query: newsdex search news.ndx kerry lavrov');
      const limit = values.limit === undefined ? 10 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 0) throw usageError(`newsdex: --limit takes a whole number, not ${values.limit}`);
      return search(index, words.join(' '), { limit, json: Boolean(values.json) });
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
