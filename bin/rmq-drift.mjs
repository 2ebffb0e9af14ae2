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

async function build() {
  process.stderr.write("rmq-drift: building the CLI (dist/cli)...\n");
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    return await buildCli({ root: fileURLToPath(root) });
  } catch (error) {
    process.stderr.write(`rmq-drift: cannot build the CLI (run npm ci first): ${error.message}\n`);
    process.exit(1);
  }
}

const manifest = currentBuild() ?? (await build());
const { main } = await import(new URL(`dist/cli/${manifest.entry}`, root).href);
process.exitCode = await main(process.argv.slice(2));
