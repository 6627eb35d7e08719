// README's table of catalogued services is generated from catalog/services.toml, never written
// by hand: this fails when the two differ (regenerate with
// `cargo run -p consent-gate-tools -- readme README.md`).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

test("README's catalog table is the catalog's", () => {
  const run = spawnSync("cargo", ["run", "--quiet", "--release", "-p", "consent-gate-tools", "--", "readme", "--check", "README.md"],
    { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
});
