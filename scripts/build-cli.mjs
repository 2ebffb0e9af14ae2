// Builds the rmq-drift CLI into one ES-module bundle with lazily loaded chunks (one per command and
// one for the S3 client), and records what it was built from so that bin/rmq-drift.mjs can tell when
// a source changed and the bundle must be rebuilt.
//
// Each build goes to its own folder, dist/cli/<id>/, and dist/cli/manifest.json is replaced
// atomically to point at it: a CLI process already running (say `serve`) keeps loading its chunks
// from the folder it started with while another process rebuilds.
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_ENTRY = "functions/cli.ts";
export const MANIFEST = "dist/cli/manifest.json";

const REQUIRE_SHIM =
  'import { createRequire as __rmqCreateRequire } from "node:module"; const require = __rmqCreateRequire(import.meta.url);';

/** Builds the CLI; returns the manifest `{ builtAt, entry, inputs }` (paths relative to root). */
export async function buildCli({ root = ROOT } = {}) {
  const id = `${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(root, "dist", "cli", id);
  const builtAt = Date.now();
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { index: CLI_ENTRY },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    minify: true,
    keepNames: true,
    legalComments: "none",
    banner: { js: REQUIRE_SHIM },
    // See scripts/build.mjs: required by ali-oss (under @alicloud/fc2) only behind an HTTP proxy.
    external: ["proxy-agent"],
    metafile: true,
    logLevel: "warning",
  });
  // The lockfile stands for everything under node_modules: an upgrade rebuilds.
  const inputs = Object.keys(metafile.inputs).filter((p) => !p.includes("node_modules/"));
  const manifest = { builtAt, entry: `${id}/index.mjs`, inputs: [...inputs, "package-lock.json"] };
  const path = join(root, MANIFEST);
  const previous = await readManifest(path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.${id}`, JSON.stringify(manifest));
  await rename(`${path}.${id}`, path);
  await removeOldBuilds(dirname(path), [id, previous?.entry.split("/")[0]]);
  return manifest;
}

async function readManifest(path) {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch {
    return null;
  }
}

/** Keeps the new build and the one before it (a process may still be running from it). */
async function removeOldBuilds(dir, keep) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !keep.includes(entry.name)) {
      await rm(join(dir, entry.name), { recursive: true, force: true });
    }
  }
}
