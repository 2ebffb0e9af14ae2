// Bundles each cloud function into one small ESM artifact: dist/<fn>/index.mjs (+ lazily loaded
// chunks) and dist/<fn>.zip, the file serverless.yml, s.yaml (Function Compute) and
// deploy/functiongraph (Terraform) deploy. Then builds the CLI (scripts/build-cli.mjs).
//
// @aws-sdk/client-s3 is bundled, not left to the runtime: Lambda's built-in SDK version is AWS's to
// change, and Function Compute has no AWS SDK at all, so one artifact serving both must carry its own.
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildCli } from "./build-cli.mjs";
import { writeZip } from "./zip.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const FUNCTIONS = {
  scheduled: "functions/scheduled.ts",
  http: "functions/http.ts",
  worker: "functions/worker.ts",
};
/** Fail the build well before Lambda's 50 MB zipped limit; cold starts grow with the artifact. */
export const MAX_ZIP_BYTES = 3 * 1024 * 1024;

// FunctionGraph loads a handler `<file>.<export>` with require("./<file>.js") (no ES-module handlers
// documented), so each zip also carries this CommonJS entry, `functiongraph.handler`, which reaches
// the ES-module bundle through import() once per instance. Lambda and FC keep using index.mjs. The
// package.json beside it says "commonjs" so that the shim is CommonJS wherever the folder sits.
export const FUNCTIONGRAPH_ENTRY = "functiongraph.js";
const FUNCTIONGRAPH_SHIM = `"use strict";
let bundle;
exports.handler = async (event, context) => {
  bundle ??= import("./index.mjs");
  return (await bundle).fgHandler(event, context);
};
`;

// ESM output still meets CommonJS inside some dependencies; give those chunks a real `require`.
const REQUIRE_SHIM =
  'import { createRequire as __rmqCreateRequire } from "node:module"; const require = __rmqCreateRequire(import.meta.url);';

/**
 * Builds every function into `outDir` (default: <root>/dist); returns `{ name, zip, zipBytes,
 * bundleBytes }` per function.
 */
export async function buildFunctions({
  root = ROOT,
  outDir = join(root, "dist"),
  log = console.log,
} = {}) {
  const devDeps = Object.keys(
    JSON.parse(await readFile(join(root, "package.json"), "utf8")).devDependencies ?? {},
  );
  const results = [];
  for (const [name, entry] of Object.entries(FUNCTIONS)) {
    results.push(await buildFunction(root, outDir, name, entry, devDeps));
  }
  for (const r of results) {
    log(`${r.name}: bundle ${kib(r.bundleBytes)}, ${relative(root, r.zip)} ${kib(r.zipBytes)}`);
  }
  return results;
}

async function buildFunction(root, outDir, name, entry, devDeps) {
  const outdir = join(outDir, name);
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: { index: entry },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // Dynamic imports (the application behind the handler) become chunks loaded on first use.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    minify: true,
    keepNames: true,
    sourcemap: "external",
    legalComments: "none",
    banner: { js: REQUIRE_SHIM },
    // @alicloud/fc2 (the FC 2.0 fan-out invoker, a lazily loaded chunk) pulls in ali-oss → urllib,
    // which require()s proxy-agent only when an HTTP proxy is configured for OSS uploads — a path the
    // invoker never takes. Left out, it fails loudly at that require instead of at bundle time.
    external: ["proxy-agent"],
    metafile: true,
    logLevel: "warning",
  });
  assertProductionInputs(name, Object.keys(metafile.inputs), devDeps);
  await writeFile(join(outdir, FUNCTIONGRAPH_ENTRY), FUNCTIONGRAPH_SHIM);
  await writeFile(join(outdir, "package.json"), '{ "type": "commonjs" }\n');
  const files = (await readdir(outdir)).filter((f) => /\.m?js$|^package\.json$/.test(f)).sort();
  const contents = await Promise.all(files.map((f) => readFile(join(outdir, f))));
  const bundleBytes = contents.reduce((sum, c) => sum + c.length, 0);
  const zip = join(outDir, `${name}.zip`);
  const zipBytes = await writeZip(
    zip,
    files.map((f, i) => ({ name: f, data: contents[i] })),
  );
  if (zipBytes > MAX_ZIP_BYTES) {
    throw new Error(`${name}: artifact ${kib(zipBytes)} exceeds the ${kib(MAX_ZIP_BYTES)} budget`);
  }
  return { name, zip, zipBytes: (await stat(zip)).size, bundleBytes };
}

/** Test code, the sandbox and dev-only packages (SDK oracles, s3rver…) must never ship. */
function assertProductionInputs(name, inputs, devDeps) {
  const offending = inputs.filter(
    (input) =>
      input.startsWith("test/") ||
      input.startsWith("sandbox/") ||
      devDeps.some((dep) => input.includes(`node_modules/${dep}/`)),
  );
  if (offending.length > 0) {
    throw new Error(`${name}: bundle includes test or dev-only code:\n  ${offending.join("\n  ")}`);
  }
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildFunctions()
    .then(() => buildCli())
    .then(() => console.log("cli: dist/cli (bin/rmq-drift.mjs)"))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
