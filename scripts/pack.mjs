// How scripts/bundle.mjs packs the stub and the module, shared with the bench (which measures
// their parts the same way): the minifier's settings and the compressed copies that ship beside
// each file.
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

/**
 * Minifies JavaScript the way the stub is minified: top-level names are the IIFE's own, and any
 * character outside ASCII is written as an escape.
 */
export function minifyJs(code) {
  return minify(code, { toplevel: true, compress: { passes: 2 }, format: { comments: false, ascii_only: true } }).then((r) => r.code);
}
