// How scripts/bundle.mjs packs code into dist/consent-gate.js, shared with the bench (which
// measures the parts of that file the same way): the minifier's settings, the module's bytes as a
// string literal, and the compressed copies that ship beside each file.
import fs from "node:fs";
import zlib from "node:zlib";
import { minify } from "terser";

/** Compressed as the shipped `.gz` files are: gzip, level 9. */
export const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 });

/** Compressed as the shipped `.br` files are: brotli, quality 11. */
export const brotli = (bytes) => zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });

/**
 * Writes `file` and, beside it, `file.gz` and `file.br`: servers that send precompressed files
 * (nginx's gzip_static and brotli_static, Caddy's precompressed, …) then send each format at its
 * highest level, which on-the-fly compression, at the lower levels servers use for speed, does
 * not reach.
 */
export function writeWithCompressed(file, content) {
  const bytes = Buffer.from(content);
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(`${file}.gz`, gzip(bytes));
  fs.writeFileSync(`${file}.br`, brotli(bytes));
}

/** Minifies JavaScript the way the bundle is minified: top-level names are the IIFE's own. */
export function minifyJs(code) {
  return minify(code, { toplevel: true, compress: { passes: 2 }, format: { comments: false } }).then((r) => r.code);
}

/**
 * The module as a JavaScript string literal with one character per byte (U+0000–U+00FF): about
 * a fifth smaller compressed than base64. Single-quoted (the module has fewer of those bytes).
 * Escaped: the quote, backslash, line breaks, NUL (an HTML parser would replace it: `\0`, the
 * commonest byte, or `\x00` before a digit, where `\0` would read as an octal escape) and `<`
 * (so the text can be inlined in a <script> element).
 */
export function byteString(bytes) {
  const escapes = { 0x0a: "\\n", 0x0d: "\\r", 0x27: "\\'", 0x3c: "\\x3c", 0x5c: "\\\\" };
  let literal = "'";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) literal += bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 ? "\\x00" : "\\0";
    else literal += escapes[b] || String.fromCharCode(b);
  }
  return literal + "'";
}
