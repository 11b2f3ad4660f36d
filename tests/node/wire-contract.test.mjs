// The JSON shapes JavaScript receives, held to their source: the `#[derive(Serialize)]` structs
// of src/views/wire.rs (and `Stats` of src/index/mod.rs) against the hand-written interfaces of
// npm/index.d.ts. For each struct and its interface: the same property names (after serde's
// `rename_all`, `rename` and `flatten`), a property the Rust side may leave out (`skip_serializing_if`)
// optional in the d.ts and one it may make `null` (an `Option` the wasm edge's json_compatible
// serializer writes as `null`) `| null` there, and neither where Rust always writes a value; and
// the same kind of value (string, number, boolean, array, or the interface mapped to a nested
// struct). Reads the sources, so it needs no build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './consumer.mjs';

const read = (path) => readFileSync(join(repo, path), 'utf8');

/**
 * Each serialized struct and where index.d.ts declares its shape: an interface by name, or,
 * for a struct written only inline there, the element type of an interface's array property.
 */
const WIRE_TO_DTS = {
  WireResults: { interface: 'SearchResults' },
  WireFacets: { interface: 'Facets' },
  WireFacet: { interface: 'FacetCount' },
  WirePeriod: { interface: 'PeriodCount' },
  WireValue: { interface: 'ValueCount' },
  WireEntityRef: { interface: 'EntityRef' },
  WireMention: { interface: 'Mention' },
  WireEntity: { interface: 'Entity' },
  WireRelatedEntity: { interface: 'Entity', element: 'related' },
  WireName: { interface: 'Name' },
  WireSuggestions: { interface: 'Suggestions' },
  WireEntitySuggestion: { interface: 'Suggestions', element: 'entities' },
  WireWordSuggestion: { interface: 'Suggestions', element: 'words' },
  WireHead: { interface: 'ArticleHead' },
  WireHit: { interface: 'Hit' },
  WireSnippet: { interface: 'Snippet' },
  WireArticle: { interface: 'Article' },
  WireToken: { interface: 'Token' },
};
/** Serialized structs outside src/views/wire.rs: the file and the interface. */
const OTHER_STRUCTS = {
  Stats: { file: 'src/index/mod.rs', interface: 'Stats' },
};

// ---------------------------------------------------------------------------------------------
// Rust: the fields of `struct` blocks, as serde writes them.

/** `source` without its comments (Rust has no `//` inside the struct bodies' strings). */
const withoutComments = (source) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** Splits `text` at `separator` where no bracket of `open`/`close` is open. */
function splitTopLevel(text, separator, open = '<[({', close = '>])}') {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '>') { i += 1; continue; } // `->` (or `=>`) is no bracket
    if (c === '=' && text[i + 1] === '>') { i += 1; continue; }
    if (open.includes(c)) depth += 1;
    else if (close.includes(c)) depth -= 1;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** The `key = "value"` pairs and bare words of the `#[serde(...)]` attributes in `attributes`. */
function serdeArgs(attributes) {
  const args = {};
  for (const [, inner] of attributes.matchAll(/#\[serde\(([\s\S]*?)\)\]/g)) {
    for (const arg of splitTopLevel(inner, ',')) {
      const pair = /^(\w+)\s*=\s*"([^"]*)"$/.exec(arg);
      if (pair) args[pair[1]] = pair[2];
      else if (/^\w+$/.test(arg)) args[arg] = true;
      else assert.fail(`a serde argument this test does not read: ${arg}`);
    }
  }
  return args;
}

const camelCase = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * The structs of a Rust source: name → { serialize, fields: [{ rust, key, type, attrs }] }.
 * Reads `#[...]` attributes before `pub struct Name<...> { ... }` and before each field.
 */
function rustStructs(source) {
  const text = withoutComments(source);
  const structs = {};
  const header = /((?:#\[[^\]]*(?:\[[^\]]*\][^\]]*)*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?struct\s+(\w+)\s*(?:<[^>{]*>)?\s*\{/g;
  for (const match of text.matchAll(header)) {
    const [, attributes, name] = match;
    // The body: up to the brace that closes the struct's.
    let depth = 1;
    let end = match.index + match[0].length;
    for (; depth > 0; end += 1) {
      if (text[end] === '{') depth += 1;
      else if (text[end] === '}') depth -= 1;
    }
    const body = text.slice(match.index + match[0].length, end - 1);
    structs[name] = {
      serialize: /#\[derive\([^)]*\bSerialize\b[^)]*\)\]/.test(attributes),
      // Read when asked for, so that a struct of the file that is never written cannot fail the test.
      get args() { return serdeArgs(attributes); },
      get fields() {
        return splitTopLevel(body, ',').map((declaration) => {
          const field = /^((?:#\[[\s\S]*?\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?(\w+)\s*:\s*([\s\S]+)$/.exec(declaration);
          assert.ok(field, `a field of ${name} this test cannot read: ${declaration}`);
          // A field under `#[cfg(...)]` exists only in the modules built with that feature.
          const cfg = /#\[cfg\(/.test(field[1]);
          return { rust: field[2], attrs: serdeArgs(field[1]), cfg, type: field[3].replace(/\s+/g, ' ').trim() };
        });
      },
    };
  }
  return structs;
}

/** What a Rust type serializes as: { kind: 'string' | 'number' | 'boolean' | 'array' | 'struct', of?, struct? }. */
function rustKind(type) {
  type = type.replace(/^&(?:'\w+\s+)?/, '').trim();
  let m;
  if ((m = /^Option\s*<([\s\S]*)>$/.exec(type))) return { ...rustKind(m[1]), nullable: true };
  if (/^(?:str|String|Cow<'\w+, str>)$/.test(type)) return { kind: 'string' };
  if (/^(?:[ui](?:8|16|32|64|128|size)|f32|f64)$/.test(type)) return { kind: 'number' };
  if (type === 'bool') return { kind: 'boolean' };
  if ((m = /^(?:Vec\s*<([\s\S]*)>|\[([\s\S]*?)(?:;\s*\d+)?\])$/.exec(type))) return { kind: 'array', of: rustKind(m[1] ?? m[2]) };
  // wire.rs's ByName: an object of values keyed by name.
  if ((m = /^ByName\s*<\s*'\w+\s*,\s*([\s\S]*)>$/.exec(type))) return { kind: 'map', of: rustKind(m[1]) };
  if ((m = /^(\w+)(?:<[^>]*>)?$/.exec(type))) return { kind: 'struct', struct: m[1] };
  assert.fail(`a Rust type this test does not read: ${type}`);
}

/**
 * The properties serde writes for struct `name`: key → { absent, nullable, kind }, `flatten`ed
 * structs' properties inline.
 */
function wireProperties(structs, name) {
  const struct = structs[name];
  assert.ok(struct, `the struct ${name} is found`);
  assert.ok(struct.serialize, `${name} derives Serialize`);
  const { rename_all: renameAll, ...structRest } = struct.args;
  assert.deepEqual(Object.keys(structRest), [], `${name}: serde container attributes this test does not read`);
  assert.ok(renameAll === undefined || renameAll === 'camelCase', `${name}: rename_all = "${renameAll}" is not read by this test`);
  const properties = {};
  for (const { rust, attrs, cfg, type } of struct.fields) {
    const { rename, skip_serializing_if: skipIf, flatten, skip, skip_serializing: skipSerializing, ...rest } = attrs;
    assert.deepEqual(Object.keys(rest), [], `${name}.${rust}: serde attributes this test does not read`);
    if (skip || skipSerializing) continue;
    const kind = rustKind(type);
    if (flatten) {
      assert.equal(kind.kind, 'struct', `${name}.${rust}: only a struct is flattened`);
      Object.assign(properties, wireProperties(structs, kind.struct));
      continue;
    }
    const key = rename ?? (renameAll ? camelCase(rust) : rust);
    assert.ok(!(key in properties), `${name}: two fields write "${key}"`);
    properties[key] = {
      // Left out when the predicate holds, or by the modules compiled without its feature.
      absent: skipIf !== undefined || cfg,
      // `None` is written as null, unless it is exactly what is skipped.
      nullable: Boolean(kind.nullable) && skipIf !== 'Option::is_none',
      kind: { ...kind, nullable: undefined },
    };
  }
  return properties;
}

// ---------------------------------------------------------------------------------------------
// TypeScript: the properties of `export interface` blocks (and inline object types).

/**
 * The declarations of a .d.ts file: { interfaces: name → { extends, body }, aliases: name → type }.
 */
function dtsDeclarations(source) {
  const text = withoutComments(source);
  const interfaces = {};
  for (const match of text.matchAll(/export\s+(?:declare\s+)?interface\s+(\w+)(?:\s*<[^>]*>)?(?:\s+extends\s+([\w\s,.<>]+?))?\s*\{/g)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    for (; depth > 0; end += 1) {
      if (text[end] === '{') depth += 1;
      else if (text[end] === '}') depth -= 1;
    }
    interfaces[match[1]] = {
      extends: match[2] ? splitTopLevel(match[2], ',') : [],
      body: text.slice(start, end - 1),
    };
  }
  const aliases = {};
  for (const [, name, type] of text.matchAll(/export\s+(?:declare\s+)?type\s+(\w+)\s*=\s*([^;]*);/g)) aliases[name] = type.trim();
  return { interfaces, aliases };
}

/** The members of an object type's body: name → { optional, type } (method signatures left out). */
function members(body, where) {
  const result = {};
  for (const member of splitTopLevel(body.replace(/\n/g, ';'), ';')) {
    const property = /^(?:readonly\s+)?(['"]?)(\w+)\1(\?)?\s*:\s*([\s\S]+)$/.exec(member);
    if (!property) {
      assert.ok(/^(?:readonly\s+)?\w+\??\s*(?:<[^>]*>)?\s*\(/.test(member), `a member of ${where} this test cannot read: ${member}`);
      continue;
    }
    result[property[2]] = { optional: Boolean(property[3]), type: property[4].trim() };
  }
  return result;
}

/** The properties of interface `name`, those of the interfaces it extends first. */
function interfaceProperties(dts, name) {
  const declared = dts.interfaces[name];
  assert.ok(declared, `index.d.ts declares interface ${name}`);
  const inherited = declared.extends.map((base) => interfaceProperties(dts, base.replace(/<.*$/, '')));
  return Object.assign({}, ...inherited, members(declared.body, name));
}

/** The properties of an object type written as `A & { b: T }`, `A`, or `{ … }`. */
function objectTypeProperties(dts, type, where) {
  return Object.assign({}, ...splitTopLevel(type, '&').map((part) => {
    if (part.startsWith('{')) return members(part.slice(1, -1), where);
    assert.match(part, /^\w+$/, `${where}: an object type this test cannot read: ${part}`);
    return interfaceProperties(dts, part);
  }));
}

/** The element type of an array type `T[]`, `Array<T>` or `readonly T[]`, or undefined. */
function elementType(type) {
  type = type.replace(/^readonly\s+/, '').trim();
  const generic = /^(?:Readonly)?Array\s*<([\s\S]*)>$/.exec(type);
  if (generic) return generic[1].trim();
  if (type.endsWith('[]')) {
    const inner = type.slice(0, -2).trim();
    return inner.startsWith('(') && inner.endsWith(')') ? inner.slice(1, -1).trim() : inner;
  }
  return undefined;
}

/** What a d.ts type is, like rustKind: `null` split off as `nullable`. */
function dtsKind(dts, type) {
  const alternatives = splitTopLevel(type, '|');
  const nullable = alternatives.includes('null');
  const rest = alternatives.filter((alternative) => alternative !== 'null' && alternative !== 'undefined');
  const kinds = rest.map((alternative) => {
    if (/^(?:string|'[^']*'|"[^"]*")$/.test(alternative)) return { kind: 'string' };
    if (/^(?:number|\d+)$/.test(alternative)) return { kind: 'number' };
    if (/^(?:boolean|true|false)$/.test(alternative)) return { kind: 'boolean' };
    if (alternative.startsWith('[')) return { kind: 'array', of: tupleElement(dts, alternative) };
    const record = /^Record<\s*string\s*,\s*([\s\S]*)>$/.exec(alternative);
    if (record) return { kind: 'map', of: dtsKind(dts, record[1]) };
    const element = elementType(alternative);
    if (element !== undefined) return { kind: 'array', of: dtsKind(dts, element), element };
    if (alternative in dts.aliases) return dtsKind(dts, dts.aliases[alternative]);
    if (alternative in dts.interfaces) return { kind: 'struct', interface: alternative };
    return { kind: 'object', type: alternative };
  });
  const distinct = [...new Set(kinds.map((kind) => JSON.stringify(kind)))].map((kind) => JSON.parse(kind));
  assert.equal(distinct.length, 1, `a d.ts type of one kind: ${type}`);
  return { ...distinct[0], nullable };
}

/** The one kind of a tuple's elements (`[start: number, end: number]` → number). */
function tupleElement(dts, tuple) {
  const kinds = splitTopLevel(tuple.slice(1, -1), ',').map((element) => dtsKind(dts, element.replace(/^\w+\??\s*:\s*/, '')));
  const distinct = [...new Set(kinds.map((kind) => JSON.stringify({ ...kind, nullable: undefined })))];
  assert.equal(distinct.length, 1, `a tuple of one kind: ${tuple}`);
  return JSON.parse(distinct[0]);
}

/** Where index.d.ts declares struct `name`'s shape, as a label for messages. */
const target = ({ interface: name, element }) => (element ? `${name}.${element}[number]` : name);

/** The properties index.d.ts declares for a map entry. */
function dtsProperties(dts, entry) {
  if (!entry.element) return interfaceProperties(dts, entry.interface);
  const property = interfaceProperties(dts, entry.interface)[entry.element];
  assert.ok(property, `${entry.interface} has the property ${entry.element}`);
  const element = elementType(property.type);
  assert.ok(element, `${entry.interface}.${entry.element} is an array`);
  return objectTypeProperties(dts, element, target(entry));
}

/**
 * Asserts that the Rust kind `rust` and the d.ts kind `ts` of the property `where` agree: the
 * same kind of value, and a nested struct declared where the map says.
 * `parent`/`key` say where the property is, for a struct the d.ts writes inline.
 */
function assertSameKind(dts, rust, ts, where, parent, key) {
  if (rust.kind === 'struct') {
    const entry = WIRE_TO_DTS[rust.struct] ?? OTHER_STRUCTS[rust.struct];
    assert.ok(entry, `${where}: the struct ${rust.struct} is in the map`);
    if (entry.element) {
      // Written inline: it must be the element of exactly this property.
      assert.ok(parent === entry.interface && key === entry.element, `${where}: ${rust.struct} is mapped to ${target(entry)}`);
      assert.ok(ts.kind === 'object' || ts.kind === 'struct', `${where}: an object in index.d.ts, not ${ts.kind}`);
    } else {
      assert.deepEqual({ kind: ts.kind, interface: ts.interface }, { kind: 'struct', interface: entry.interface }, `${where}: ${rust.struct} is ${entry.interface} in index.d.ts`);
    }
    return;
  }
  assert.equal(ts.kind, rust.kind, `${where}: a ${rust.kind} in Rust, a ${ts.kind} in index.d.ts`);
  if (rust.kind === 'array' || rust.kind === 'map') {
    assert.equal(Boolean(ts.of.nullable), Boolean(rust.of.nullable), `${where}[number]: null in Rust (an Option) and in index.d.ts, or in neither`);
    assertSameKind(dts, rust.of, ts.of, `${where}[number]`, parent, key);
  }
}

// ---------------------------------------------------------------------------------------------

const wire = rustStructs(read('src/views/wire.rs'));
const dts = dtsDeclarations(read('npm/index.d.ts'));
const structs = { ...wire };
for (const [name, { file }] of Object.entries(OTHER_STRUCTS)) structs[name] = rustStructs(read(file))[name];

test('every Wire struct of src/views/wire.rs is mapped to its index.d.ts declaration', () => {
  const declared = [...withoutComments(read('src/views/wire.rs')).matchAll(/pub\s+struct\s+(Wire\w+)/g)].map(([, name]) => name);
  assert.ok(declared.length >= 14, `src/views/wire.rs's structs are found: ${declared.join(' ')}`);
  assert.deepEqual(declared.filter((name) => !(name in WIRE_TO_DTS)), [], 'Wire structs with no entry in WIRE_TO_DTS');
  assert.deepEqual(Object.keys(WIRE_TO_DTS).filter((name) => !declared.includes(name)), [], 'WIRE_TO_DTS entries with no struct');
  // Every struct of the file that serde writes is a Wire struct, so none escapes the map.
  assert.deepEqual(Object.entries(wire).filter(([name, s]) => s.serialize && !name.startsWith('Wire')).map(([name]) => name), []);
});

for (const [name, entry] of Object.entries({ ...WIRE_TO_DTS, ...OTHER_STRUCTS })) {
  test(`${name} is written as index.d.ts's ${target(entry)} says`, () => {
    const rust = wireProperties(structs, name);
    const ts = dtsProperties(dts, entry);
    assert.deepEqual(Object.keys(rust).filter((key) => !(key in ts)), [], `properties ${name} writes that index.d.ts's ${target(entry)} does not declare`);
    assert.deepEqual(Object.keys(ts).filter((key) => !(key in rust)), [], `properties index.d.ts's ${target(entry)} declares that ${name} never writes`);
    for (const [key, wrote] of Object.entries(rust)) {
      const where = `${target(entry)}.${key}`;
      const declared = ts[key];
      const kind = dtsKind(dts, declared.type);
      assert.equal(declared.optional, wrote.absent, wrote.absent
        ? `${where}: Rust may leave it out (skip_serializing_if), so index.d.ts must mark it optional (?)`
        : `${where}: Rust always writes it, so index.d.ts must not mark it optional (?)`);
      assert.equal(kind.nullable, wrote.nullable, wrote.nullable
        ? `${where}: Rust may write null (an Option), so index.d.ts must say | null`
        : `${where}: Rust never writes null, so index.d.ts must not say | null`);
      assertSameKind(dts, wrote.kind, kind, where, entry.interface, key);
    }
  });
}

test('the readers of this test see what they should', () => {
  // A struct with every attribute the test reads, written the way src/views/wire.rs writes them.
  const sample = rustStructs(`
    /// Doc.
    #[derive(Clone, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct WireSample<'a> {
        /// Kept as camelCase.
        pub took_ms: f64,
        #[serde(rename = "type")]
        pub kind: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub facets: Option<WireInner<'a>>,
        pub url: Option<&'a str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        pub id: &'a str,
        pub marks: Vec<[usize; 2]>,
        #[serde(flatten)]
        pub inner: WireInner<'a>,
        #[serde(skip)]
        pub hidden: bool,
    }
    #[derive(Serialize)]
    pub struct WireInner<'a> { pub name: &'a str, pub count: u32 }
  `);
  const properties = wireProperties(sample, 'WireSample');
  assert.deepEqual(Object.keys(properties), ['tookMs', 'type', 'facets', 'url', 'id', 'marks', 'name', 'count']);
  assert.deepEqual(properties.facets, { absent: true, nullable: false, kind: { kind: 'struct', struct: 'WireInner', nullable: undefined } });
  assert.deepEqual([properties.url.absent, properties.url.nullable], [false, true]);
  assert.deepEqual([properties.id.absent, properties.id.nullable], [true, false]);
  assert.deepEqual(properties.marks.kind, { kind: 'array', of: { kind: 'array', of: { kind: 'number' } }, nullable: undefined });

  const types = dtsDeclarations(`
    export type Pair = [start: number, end: number];
    export interface Base { /** Doc; with a semicolon. */ id: string; }
    export interface Derived extends Base {
      readonly url?: string | null;
      pairs: Pair[];
      items: Array<Base & { articles: number }>;
      method(x: string): void;
    }
  `);
  assert.deepEqual(Object.keys(interfaceProperties(types, 'Derived')), ['id', 'url', 'pairs', 'items']);
  assert.deepEqual(interfaceProperties(types, 'Derived').url, { optional: true, type: 'string | null' });
  assert.deepEqual(dtsKind(types, 'Pair[]'), { kind: 'array', of: { kind: 'array', of: { kind: 'number' }, nullable: false }, element: 'Pair', nullable: false });
  assert.deepEqual(dtsKind(types, 'Array<string | null> | null'), { kind: 'array', of: { kind: 'string', nullable: true }, element: 'string | null', nullable: true });
  assert.deepEqual(Object.keys(objectTypeProperties(types, 'Base & { articles: number }', 'items')), ['id', 'articles']);
});
