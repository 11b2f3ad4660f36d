#!/usr/bin/env node
// The check that no code is pasted twice: two places that share a run of MIN_LINES or more
// identical lines fail it, both named as file:first-last. It reads the project's own source
// files (what git tracks or would track, less the fixtures, which are pages written to look
// alike), normalises each line (trimmed, white space folded) and passes over the lines that
// say nothing of the logic: blank lines, comments, lone punctuation and imports. Lines of the
// same shape with other names (match arms, struct literals of different types) are not a
// copy, so only identical lines count.
//
// A pair of files that may share runs by design is listed, with the reason, in
// tests/tidy/duplicates-allowed.txt (below the root); an entry that no longer matches a run
// fails the check, so the list cannot outlive its reasons.
//
//   node tests/tidy/duplicates.mjs [--root DIR] [--min-lines N]
//
// Exits 0 when there is no such run, 1 with one line a pair when there is, 2 on bad arguments,
// a malformed allowlist or a folder git cannot list.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How many identical lines make a copy (as the `duplicates` tool counts them). */
export const MIN_LINES = 6;

const SOURCE = /\.(rs|js|mjs|cjs|ts|tsx|jsx|html|htm|css|sh|py)$/;
const EXCLUDED = /^tests\/fixtures\//;

/**
 * The source files below `root` that git tracks or would track (untracked but not ignored),
 * as paths relative to `root`, sorted.
 * @param {string} root
 * @returns {string[]}
 */
export function sourceFiles(root) {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const files = listed.split('\0').filter((f) => SOURCE.test(f) && !EXCLUDED.test(f) && existsSync(join(root, f)));
  return [...new Set(files)].sort();
}

/** A line of nothing but punctuation and symbols: `}`, `});`, `) {`, `],`. */
const PUNCTUATION = /^[\p{P}\p{S}\s]+$/u;
/** The first line of an import or export-from (Rust `use`, `mod x;`, JS, Python). */
const IMPORT = /^(?:(?:pub(?:\([\w:]+\))? )?(?:use|mod [\w]+;|extern crate)\b|import\b|export (?:\*|\{[^}]*\}?) ?(?:from\b|$)|from [\w.]+ import\b)/;
/** How an import that runs over several lines ends: a `;` or a JS `from '…'`. */
const IMPORT_END = /;$|\bfrom ['"][^'"]*['"];?$|^[\w.]+ import\b.*[^(,]$/;

/**
 * The lines of `text` that count, each normalised (trimmed, white space folded) with its
 * 1-based line number: blank lines, comments, lone punctuation and imports are left out.
 * @param {string} text
 * @param {string} file its name, for the comment syntax of its language
 * @returns {{ text: string, line: number }[]}
 */
export function codeLines(text, file) {
  const hashComments = /\.(sh|py)$/.test(file);
  const kept = [];
  /** What a run of lines being passed over ends with: a block comment's or an import's end. */
  let skipping = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim().replace(/\s+/g, ' ');
    if (skipping) {
      if (skipping.test(line)) skipping = null;
      continue;
    }
    if (line === '' || line.startsWith('//') || (hashComments && line.startsWith('#')) || PUNCTUATION.test(line)) continue;
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) skipping = /\*\//;
      continue;
    }
    if (line.startsWith('<!--')) {
      if (!line.includes('-->')) skipping = /-->/;
      continue;
    }
    if (IMPORT.test(line)) {
      if (!IMPORT_END.test(line)) skipping = IMPORT_END;
      continue;
    }
    kept.push({ text: line, line: i + 1 });
  }
  return kept;
}

/**
 * @typedef {{ file: string, first: number, last: number }} Place
 * @typedef {{ a: Place, b: Place, lines: number }} Copy
 */

/**
 * Every pair of places in `files` (name → text) that share a run of `minLines` or more
 * identical counted lines, each run at its longest, longest first.
 * @param {Map<string, string>} files
 * @param {number} [minLines]
 * @returns {Copy[]}
 */
export function findCopies(files, minLines = MIN_LINES) {
  const names = [...files.keys()];
  const kept = names.map((name) => codeLines(files.get(name), name));
  /** Each window of minLines lines → where it starts: [file number, line number in kept]. */
  const windows = new Map();
  kept.forEach((lines, f) => {
    for (let at = 0; at + minLines <= lines.length; at++) {
      const key = lines
        .slice(at, at + minLines)
        .map((l) => l.text)
        .join('\n');
      const places = windows.get(key);
      if (places) places.push([f, at]);
      else windows.set(key, [[f, at]]);
    }
  });
  const same = (f, i, g, j) => i >= 0 && j >= 0 && i < kept[f].length && j < kept[g].length && kept[f][i].text === kept[g][j].text;
  const copies = [];
  for (const places of windows.values()) {
    for (let x = 0; x < places.length; x++) {
      for (let y = x + 1; y < places.length; y++) {
        const [f, i] = places[x];
        const [g, j] = places[y];
        // A run inside one file that overlaps itself is one place, not two.
        if (f === g && Math.abs(i - j) < minLines) continue;
        // Counted once, from where the shared run starts.
        if (same(f, i - 1, g, j - 1)) continue;
        let length = minLines;
        while (same(f, i + length, g, j + length) && (f !== g || i + length < j)) length++;
        const place = (file, at) => ({ file: names[file], first: kept[file][at].line, last: kept[file][at + length - 1].line });
        copies.push({ a: place(f, i), b: place(g, j), lines: length });
      }
    }
  }
  const where = (p) => `${p.file}:${p.first}`;
  return copies.sort((p, q) => q.lines - p.lines || where(p.a).localeCompare(where(q.a)) || where(p.b).localeCompare(where(q.b)));
}

/** The allowlist's place below the root. */
export const ALLOWLIST = 'tests/tidy/duplicates-allowed.txt';

/**
 * The pairs of files an allowlist lets share runs: one `FILE ~ FILE: reason` a line; `#` starts
 * a comment line.
 * @param {string} text
 * @param {string} name the allowlist's name, for errors
 * @returns {{ a: string, b: string, line: number }[]}
 */
export function parseAllowlist(text, name) {
  const pairs = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const entry = /^(\S+) ~ (\S+): \S.*$/.exec(line);
    if (!entry) {
      throw new Error(`newsdex: duplicates: ${name}:${i + 1}: expected "FILE ~ FILE: reason", found ${JSON.stringify(line)}`);
    }
    const [a, b] = [entry[1], entry[2]].sort();
    pairs.push({ a, b, line: i + 1 });
  });
  return pairs;
}

/** `file:first-last` */
export function placeName(place) {
  return `${place.file}:${place.first}-${place.last}`;
}

function main(args) {
  let root = process.cwd();
  let minLines = MIN_LINES;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--root' && i + 1 < args.length) root = resolve(args[++i]);
    else if (args[i] === '--min-lines' && /^[1-9]\d*$/.test(args[i + 1] ?? '')) minLines = Number(args[++i]);
    else {
      console.error(`newsdex: duplicates: unknown argument ${JSON.stringify(args[i])}; usage: duplicates.mjs [--root DIR] [--min-lines N]`);
      return 2;
    }
  }
  const started = performance.now();
  let allowed = [];
  const allowlist = join(root, ALLOWLIST);
  if (existsSync(allowlist)) {
    try {
      allowed = parseAllowlist(readFileSync(allowlist, 'utf8'), ALLOWLIST);
    } catch (error) {
      console.error(error.message);
      return 2;
    }
  }
  let names;
  try {
    names = sourceFiles(root);
  } catch (error) {
    console.error(`newsdex: duplicates: cannot list the source files of ${root} with git ls-files: ${String(error.stderr || error.message).trim().split('\n')[0]}`);
    return 2;
  }
  const files = new Map(names.map((name) => [name, readFileSync(join(root, name), 'utf8')]));
  const used = new Set();
  const copies = findCopies(files, minLines).filter((copy) => {
    const [a, b] = [copy.a.file, copy.b.file].sort();
    const entry = allowed.find((pair) => pair.a === a && pair.b === b);
    if (entry) used.add(entry);
    return !entry;
  });
  const stale = allowed.filter((entry) => !used.has(entry));
  const took = Math.round(performance.now() - started);
  if (copies.length === 0 && stale.length === 0) {
    console.log(
      `newsdex: duplicates: no run of ${minLines} identical lines in two places (${names.length} files, ${allowed.length} pairs allowed, ${took} ms)`,
    );
    return 0;
  }
  for (const copy of copies) {
    console.error(`newsdex: duplicates: ${placeName(copy.a)} ~ ${placeName(copy.b)}: ${copy.lines} identical lines`);
  }
  for (const entry of stale) {
    console.error(`newsdex: duplicates: ${ALLOWLIST}:${entry.line}: ${entry.a} ~ ${entry.b} share no run of ${minLines} identical lines any more: remove the entry`);
  }
  if (copies.length > 0) {
    console.error(
      `newsdex: duplicates: ${copies.length} pasted run${copies.length === 1 ? '' : 's'} of ${minLines} or more identical lines (${names.length} files, ${took} ms): make one piece of code serve both places`,
    );
  }
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
