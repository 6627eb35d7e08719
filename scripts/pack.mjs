// How scripts/bundle.mjs packs code into dist/consent-gate.js, shared with the bench (which
// measures the parts of that file the same way): the minifier's settings and the module's bytes
// as a string literal.
import { minify } from "terser";

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
