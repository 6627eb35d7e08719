// The size ceilings of size-limits.json, on the files the build wrote in dist/.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { brotli, gzip } from "../../scripts/pack.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const limits = JSON.parse(fs.readFileSync(path.join(root, "size-limits.json"), "utf8"));

/** The file in dist/ that `pattern` names (`<hash>` standing for the module's hash). */
function shipped(pattern) {
  const re = new RegExp(`^${pattern.replace(/\./g, "\\.").replace("<hash>", "[0-9a-f]+")}$`);
  const found = fs.readdirSync(path.join(root, "dist")).filter((f) => re.test(f));
  assert.equal(found.length, 1, `dist/ holds ${found.length} files named ${pattern}: build again`);
  return fs.readFileSync(path.join(root, "dist", found[0]));
}

for (const [part, { file, ...ceilings }] of Object.entries(limits).filter(([key]) => key !== "about")) {
  test(`the ${part} (${file}) stays under its ceilings`, () => {
    const bytes = shipped(file);
    const sizes = { gzip: gzip(bytes).length, brotli: brotli(bytes).length };
    for (const [format, ceiling] of Object.entries(ceilings)) {
      assert.ok(sizes[format] <= ceiling, `${file}: ${sizes[format]} bytes ${format}, over its ceiling of ${ceiling} (size-limits.json)`);
    }
  });
}
