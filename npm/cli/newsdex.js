#!/usr/bin/env node
// The package's `newsdex` command: `newsdex build` indexes seed .txt and .jsonl files with the
// wasm indexer (the same bytes as the Rust CLI, one file or a sharded index), `newsdex search`
// queries an index. Its commands take the Rust CLI's flags, with the same names, values and
// defaults (tests/node/cli-flags.test.mjs holds the two to each other).
// Every failure is one `newsdex: …` line on stderr and exit code 1.
import { parseArgs } from 'node:util';
import { NewsdexError } from '../errors.js';
import { build } from './build.js';
import { search } from './search.js';

/** A whole number within `[min, max]` given to `flag`. */
function count(flag, text, min, max) {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw usageError(`newsdex: ${flag} takes a whole number from ${min} to ${max}, not ${text}`);
  return value;
}

const commands = {
  build: {
    usage: 'newsdex build [OPTIONS] -o OUTPUT INPUT...',
    about: 'Build an index from seed .txt articles, .jsonl files and directories of them (their *.txt and *.jsonl, sorted).',
    options: {
      output: { type: 'string', short: 'o', value: 'OUTPUT', help: 'Where to write the index' },
      'no-store': { type: 'boolean', help: 'Leave out the document store (ids and scores only)' },
      'no-entities': { type: 'boolean', help: 'Do not run the named-entity recogniser' },
      shards: { type: 'boolean', help: 'Write a sharded index: OUTPUT is a small core, and the postings, positions and article text go to chunk files beside it, fetched on demand' },
      'chunk-kib': { type: 'string', value: 'CHUNK_KIB', help: 'The size of each chunk file of a sharded index, in KiB [default: 16384]' },
      'memory-budget': { type: 'string', value: 'MB', help: 'The native build\'s bound on postings in memory, in MiB [default: 256]; this build runs in wasm memory, which holds the whole index' },
      facet: { type: 'string', multiple: true, value: 'FIELD', help: 'Index this JSON Lines field (a string or an array of strings) as a site facet, filtered by `FIELD:value` in queries and counted in results (repeat for several)' },
      lang: { type: 'string', value: 'TAG', help: 'The language of the articles that do not give theirs (JSON Lines `lang`), as a language tag: `fr`, `de`, `pt-BR`, `zh` … Words are stemmed in each article\'s language; names are found in English articles only [default: en]' },
      threads: { type: 'string', value: 'THREADS', help: 'The native build\'s threads for the recogniser [default: 0]; this build runs on one' },
    },
    run: ({ values, positionals }) => {
      if (!positionals.length) throw usageError('newsdex: build needs at least one input file or directory');
      if (!values.output) throw usageError('newsdex: build needs the output file: -o news.ndx');
      if (values['chunk-kib'] !== undefined && !values.shards) throw usageError('newsdex: --chunk-kib is the size of a sharded index\'s chunk files: it needs --shards');
      const chunkKib = values['chunk-kib'] === undefined ? 16384 : count('--chunk-kib', values['chunk-kib'], 4, 1048576);
      if (values['memory-budget'] !== undefined) count('--memory-budget', values['memory-budget'], 1, 1048576);
      if (values.threads !== undefined) count('--threads', values.threads, 0, 1024);
      return build(positionals, values.output, {
        store: !values['no-store'],
        entities: !values['no-entities'],
        facets: values.facet ?? [],
        lang: values.lang ?? 'en',
        chunkBytes: values.shards ? chunkKib * 1024 : null,
      });
    },
  },
  search: {
    usage: 'newsdex search [OPTIONS] QUERY...',
    about: 'Search an index (the seeds index by default); the words of QUERY are joined with spaces.',
    options: {
      index: { type: 'string', value: 'INDEX', help: 'An index file made by `newsdex build` (a sharded index\'s core: its chunk files are read from beside it)' },
      limit: { type: 'string', value: 'LIMIT', help: 'How many hits to show [default: 10]' },
      offset: { type: 'string', value: 'OFFSET', help: 'How many of the best hits to skip [default: 0]' },
      json: { type: 'boolean', help: 'Print the results as JSON (the shape of `dex.search`)' },
      'no-facets': { type: 'boolean', help: 'Leave out the entity and source facets' },
      sort: { type: 'string', value: 'SORT', help: 'The order of the hits: relevance, newest or oldest [default: relevance]' },
      recency: { type: 'string', value: 'DAYS', help: 'Blend relevance with recency, with this half-life in days' },
      now: { type: 'string', value: 'DATE', help: 'The date recency counts from (ISO 8601; by default the newest article\'s)' },
      collapse: { type: 'boolean', help: 'One hit per story: copies of one story (found at build) are listed under the best' },
    },
    run: ({ values, positionals }) => {
      if (!positionals.length) throw usageError('newsdex: search needs a query: newsdex search --index news.ndx kerry lavrov');
      const limit = values.limit === undefined ? 10 : count('--limit', values.limit, 0, Number.MAX_SAFE_INTEGER);
      const offset = values.offset === undefined ? 0 : count('--offset', values.offset, 0, Number.MAX_SAFE_INTEGER);
      const sort = values.sort ?? 'relevance';
      if (!['relevance', 'newest', 'oldest'].includes(sort)) throw usageError(`newsdex: --sort takes relevance, newest or oldest, not ${sort}`);
      const recency = values.recency === undefined ? undefined : Number(values.recency);
      if (recency !== undefined && !(recency > 0)) throw usageError(`newsdex: --recency takes a half-life in days over 0, not ${values.recency}`);
      if (values.now !== undefined && recency === undefined) throw usageError('newsdex: --now goes with --recency');
      return search(values.index ?? null, positionals.join(' '), { limit, offset, json: Boolean(values.json), facets: !values['no-facets'], sort, recency, now: values.now, collapse: Boolean(values.collapse) });
    },
  },
};

/** The help of one command, or of them all. */
function usage(name) {
  const one = (command) => {
    const width = Math.max(...Object.entries(command.options).map(([flag, option]) => flagText(flag, option).length));
    const lines = Object.entries(command.options).map(([flag, option]) => `      ${flagText(flag, option).padEnd(width)}  ${option.help}`);
    return `${command.about}\n\nUsage: ${command.usage}\n\nOptions:\n${lines.join('\n')}\n  -h, --help${' '.repeat(Math.max(0, width - 6))}  Print help\n`;
  };
  if (name) return one(commands[name]);
  return `Usage:\n${Object.values(commands).map((command) => `  ${command.usage}`).join('\n')}\n\n`
    + 'newsdex COMMAND --help shows a command\'s options.\n';
}

function flagText(flag, { short, value }) {
  return `${short ? `-${short}, ` : '    '}--${flag}${value ? ` <${value}>` : ''}`;
}

/** A command line that does not say what to do. */
function usageError(message) {
  return new NewsdexError('InvalidArgument', message);
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage());
    return;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) throw usageError(`newsdex: unknown command "${name}" (try build or search; --help shows how)`);
  const options = Object.fromEntries(Object.entries(command.options).map(([flag, { type, short, multiple }]) => [flag, { type, ...(short && { short }), ...(multiple && { multiple }) }]));
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    throw usageError(`newsdex: ${error.message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  if (parsed.values.help) {
    process.stdout.write(usage(name));
    return;
  }
  await command.run(parsed);
}

main(process.argv.slice(2)).catch((error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message.startsWith('newsdex:') ? message : `newsdex: ${message}`}\n`);
  process.exitCode = 1;
});
