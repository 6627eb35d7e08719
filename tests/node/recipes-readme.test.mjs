// README shows the nginx region recipe that tests/e2e/nginx.test.mjs runs: the files in
// docs/recipes/, each word for word (indented in a list item).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

test("README quotes each tested recipe as it is", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  for (const file of fs.readdirSync(path.join(root, "docs/recipes"))) {
    const text = fs.readFileSync(path.join(root, "docs/recipes", file), "utf8");
    const quoted = text.split("\n").map((line) => (line ? "  " + line : line)).join("\n");
    assert.ok(readme.includes(quoted), `README.md does not quote docs/recipes/${file} as it is`);
  }
});
