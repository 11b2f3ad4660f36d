// The recogniser's throughput in wasm under node: the CoNLL-2003 dev split's documents (their
// tokens joined by spaces, sentences by newlines) through `dex.entities(text)` of the built
// package, median of runs. Reads ../shared/data only here; nothing of it is kept.
//
//   node bench/ner/wasm.mjs [CONLL_DEV_FILE] [RUNS]
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dev = process.argv[2] ?? resolve(root, '../shared/data/conll2003/eng.testa');
const runs = Number(process.argv[3] ?? 7);
const { Newsdex } = await import(resolve(root, 'pkg/node.js'));

const documents = [];
let sentences = [];
let sentence = [];
let tokens = 0;
for (const line of readFileSync(dev, 'utf8').split('\n')) {
  const word = line.split(' ')[0];
  if (word === '-DOCSTART-') {
    if (sentences.length) documents.push(sentences.join('\n'));
    sentences = [];
  } else if (!word) {
    if (sentence.length) sentences.push(sentence.join(' '));
    sentence = [];
  } else {
    sentence.push(word);
    tokens += 1;
  }
}
if (sentence.length) sentences.push(sentence.join(' '));
if (sentences.length) documents.push(sentences.join('\n'));

const dex = await Newsdex.load();
let found = 0;
for (const text of documents) found += (await dex.entities(text)).length; // warm-up, and a count to print
const seconds = [];
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  for (const text of documents) await dex.entities(text);
  seconds.push((performance.now() - started) / 1000);
}
seconds.sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)];
console.log(`wasm (node ${process.version}): ${documents.length} documents, ${tokens} tokens, ${found} names; median of ${runs}: ${median.toFixed(3)} s, ${Math.round(tokens / median).toLocaleString('en')} tokens/s`);
