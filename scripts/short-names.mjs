// Short import and export names for the module and its glue. wasm-bindgen names each import
// `__wbg_<method>_<16 hex digits>` under the module "./consent_gate_bg.js", and the glue names
// them again as the keys of its import object: random digits that no compressor can shrink, twice
// over, for every one of more than a hundred imports. The module's imports and exports are renamed
// to one or two letters here, and the glue's keys and `wasm.<export>` reads with them.
//
// Usage: node scripts/short-names.mjs <glue.js> <module.wasm> <out.js> <out.wasm>
//
// Fails (throws) rather than guess: every import must be a key of the glue's import object exactly
// once, and the glue may read only exports the module has.

import fs from "node:fs";

const IMPORTS = 2;
const EXPORTS = 7;

const [glueIn, wasmIn, glueOut, wasmOut] = process.argv.slice(2);
const named = shortNames(fs.readFileSync(glueIn, "utf8"), fs.readFileSync(wasmIn));
fs.writeFileSync(glueOut, named.glue);
fs.writeFileSync(wasmOut, named.bytes);

/** `{ glue, bytes }` with short names in both. */
function shortNames(glue, bytes) {
  const letters = names();
  const renamed = new Map(); // old import name → new
  const modules = new Set(); // the import modules' names
  const exported = new Map(); // old export name → new
  const sections = readSections(bytes).map((section) => {
    if (section.id === IMPORTS) return { id: IMPORTS, body: rewriteImports(section.body, renamed, modules, letters) };
    if (section.id === EXPORTS) return { id: EXPORTS, body: rewriteExports(section.body, exported) };
    return section;
  });
  if (modules.size !== 1) throw new Error(`short-names: imports from ${modules.size} modules, not one`);
  for (const module of modules) glue = replaceOnce(glue, new RegExp(`${escape(JSON.stringify(module))}(?=\\s*:)`, "g"), "m", module);
  for (const [from, to] of renamed) glue = replaceOnce(glue, new RegExp(`(^|[\\s{,])${escape(from)}(?=\\s*:)`, "gm"), `$1${to}`, from);
  glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (read, name) => {
    if (!exported.has(name)) throw new Error(`short-names: the glue reads wasm.${name}, which the module does not export`);
    return `wasm.${exported.get(name)}`;
  });
  return { glue, bytes: writeSections(bytes.subarray(0, 8), sections) };
}

// Import section: (module, name, descriptor)*. The module (there is one) becomes "m", every name
// a fresh short one.
function rewriteImports(body, renamed, modules, letters) {
  const r = reader(body);
  const count = r.uleb();
  const w = [uleb(count)];
  for (let i = 0; i < count; i++) {
    modules.add(r.name());
    const name = r.name();
    const start = r.at;
    skipDescriptor(r);
    if (renamed.has(name)) throw new Error(`short-names: the import ${name} is listed twice`);
    const short = letters.next().value;
    renamed.set(name, short);
    w.push(encodeName("m"), encodeName(short), body.subarray(start, r.at));
  }
  return concat(w);
}

function rewriteExports(body, exported) {
  const r = reader(body);
  const count = r.uleb();
  const w = [uleb(count)];
  const letters = names();
  for (let i = 0; i < count; i++) {
    const name = r.name();
    const start = r.at;
    r.at++; // kind
    r.uleb(); // index
    const short = letters.next().value;
    exported.set(name, short);
    w.push(encodeName(short), body.subarray(start, r.at));
  }
  return concat(w);
}

function skipDescriptor(r) {
  const kind = r.byte();
  if (kind === 0) r.uleb(); // function: type index
  else if (kind === 1) { r.at++; limits(r); } // table: element type, limits
  else if (kind === 2) limits(r); // memory
  else if (kind === 3) r.at += 2; // global: value type, mutability
  else if (kind === 4) { r.at++; r.uleb(); } // tag: attribute, type index
  else throw new Error(`short-names: unknown import kind ${kind}`);
}

function limits(r) {
  const flags = r.byte();
  r.uleb();
  if (flags & 1) r.uleb();
}

function readSections(bytes) {
  const r = reader(bytes);
  r.at = 8;
  const sections = [];
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.uleb();
    sections.push({ id, body: bytes.subarray(r.at, r.at + size) });
    r.at += size;
  }
  return sections;
}

function writeSections(header, sections) {
  return concat([header, ...sections.flatMap((s) => [Uint8Array.of(s.id), uleb(s.body.length), s.body])]);
}

function reader(bytes) {
  return {
    bytes,
    at: 0,
    byte() {
      return this.bytes[this.at++];
    },
    uleb() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const b = this.bytes[this.at++];
        value += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) return value;
      }
    },
    name() {
      const length = this.uleb();
      const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
      this.at += length;
      return text;
    },
  };
}

function uleb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return Uint8Array.from(out);
}

function encodeName(text) {
  const bytes = new TextEncoder().encode(text);
  return concat([uleb(bytes.length), bytes]);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// a … z, A … Z, then two letters: aa, ab, …
function* names() {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (const a of alphabet) yield a;
  for (const a of alphabet) for (const b of alphabet) yield a + b;
}

function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(pattern);
  if (!matches || matches.length !== 1) {
    throw new Error(`short-names: ${what} is a key of the glue's imports ${matches ? matches.length : 0} times, not once`);
  }
  return text.replace(pattern, replacement);
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
