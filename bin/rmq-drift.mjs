#!/usr/bin/env node
// rmq-drift: runs the built CLI bundle (dist/cli). npm runs no build step for a fresh clone, a pull
// or an edit, so the bundle is (re)built here, once, when it is missing or older than any source or
// the lockfile it was built from; checking costs one stat per source file.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const manifestUrl = new URL("dist/cli/manifest.json", root);

function currentBuild() {
  try {
    const manifest = JSON.parse(readFileSync(manifestUrl, "utf8"));
    for (const input of manifest.inputs) {
      if (statSync(new URL(input, root)).mtimeMs > manifest.builtAt) return null;
    }
    return manifest;
  } catch {
    return null;
  }
}

let manifest = currentBuild();
if (manifest === null) {
  process.stderr.write("rmq-drift: building the CLI (dist/cli)...\n");
  const { buildCli } = await import("../scripts/build-cli.mjs");
  manifest = await buildCli({ root: fileURLToPath(root) });
}
const { main } = await import(new URL(`dist/cli/${manifest.entry}`, root).href);
process.exitCode = await main(process.argv.slice(2));
