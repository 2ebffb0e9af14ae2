// Shared by the deployment-file tests: builds the function artifacts into a temporary folder (so test
// files never race over dist/) and answers "does this handler exist in that artifact?".

import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";
// @ts-expect-error: plain ES module without type declarations.
import { buildFunctions } from "../../scripts/build.mjs";

export interface Built {
  dir: string;
  /** dist-relative zip path → the folder it was made from, e.g. "dist/http.zip" → <tmp>/http. */
  artifacts: Map<string, { zip: string; folder: string }>;
  close(): Promise<void>;
}

export async function buildArtifacts(): Promise<Built> {
  const dir = await mkdtemp(join(tmpdir(), "rmq-drift-dist-"));
  const results: { name: string; zip: string }[] = await buildFunctions({
    outDir: dir,
    log: () => {},
  });
  const artifacts = new Map(
    results.map((r) => [`dist/${r.name}.zip`, { zip: r.zip, folder: join(dir, r.name) }]),
  );
  return { dir, artifacts, close: () => rm(dir, { recursive: true, force: true }) };
}

/** Entry names from a ZIP's central directory (our writer never adds an archive comment). */
export function zipEntries(path: string): string[] {
  const zip = readFileSync(path);
  const eocd = zip.length - 22;
  expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(at + 28);
    const skip = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    names.push(zip.toString("utf8", at + 46, at + 46 + nameLen));
    at += 46 + nameLen + skip;
  }
  return names;
}

/**
 * A handler string `<file>.<export>` resolves in the artifact the way the platform loads it: the file
 * is in the zip (`.mjs` for Lambda/FC, `.js` through require() for FunctionGraph) and exports a
 * function of that name.
 */
export async function expectHandler(
  built: Built,
  artifact: string,
  handler: string,
  loader: "esm" | "require",
) {
  const found = built.artifacts.get(artifact);
  expect(found, `${artifact} is not a built artifact`).toBeDefined();
  const [file, exportName, ...rest] = handler.split(".");
  expect(rest).toEqual([]);
  const name = `${file}.${loader === "esm" ? "mjs" : "js"}`;
  expect(zipEntries(found!.zip)).toContain(name);
  const path = join(found!.folder, name);
  const mod =
    loader === "esm"
      ? await import(pathToFileURL(path).href)
      : createRequire(import.meta.url)(path);
  expect(typeof mod[exportName!], `${artifact}: ${handler}`).toBe("function");
}

/**
 * A deployed shard wait fits its functions: it leaves the coordinator two minutes of its timeout to
 * merge, compare, alert and store, and a worker cannot run past it (a later shard is not merged).
 */
export function expectShardWaitFits(
  timeouts: { coordinatorS: number; workerS: number },
  waitS: number,
) {
  expect(timeouts.coordinatorS - waitS).toBeGreaterThanOrEqual(120);
  expect(timeouts.workerS).toBeLessThanOrEqual(waitS);
}
