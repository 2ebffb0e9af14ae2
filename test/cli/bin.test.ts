// bin/rmq-drift.mjs: runs the built CLI bundle, and rebuilds it first exactly when it is missing or
// older than one of the sources it was built from. Exercised on a copy of the launcher in a temporary
// tree whose "bundle" and "build" are stand-ins that record what happened; plus the real bin once.
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

let root: string;

const BUNDLE = `export async function main(argv) { process.stdout.write("bundle " + argv.join(" ")); return 3; }\n`;
// The stand-in build writes a fresh bundle and manifest, as scripts/build-cli.mjs does.
const BUILD = `import { mkdirSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
export async function buildCli({ root }) {
  appendFileSync(join(root, "builds.log"), "built\\n");
  mkdirSync(join(root, "dist/cli/b2"), { recursive: true });
  writeFileSync(join(root, "dist/cli/b2/index.mjs"), ${JSON.stringify(BUNDLE)});
  const manifest = { builtAt: Date.now(), entry: "b2/index.mjs", inputs: ["src.ts"] };
  writeFileSync(join(root, "dist/cli/manifest.json"), JSON.stringify(manifest));
  return manifest;
}
`;

function launch(...argv: string[]) {
  return spawnSync(process.execPath, [join(root, "bin/rmq-drift.mjs"), ...argv], {
    encoding: "utf8",
  });
}
const builds = async () =>
  (await readFile(join(root, "builds.log"), "utf8").catch(() => "")).split("\n").filter(Boolean)
    .length;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "rmq-drift-bin-"));
  await mkdir(join(root, "bin"));
  await mkdir(join(root, "scripts"));
  await mkdir(join(root, "dist/cli/b1"), { recursive: true });
  await copyFile("bin/rmq-drift.mjs", join(root, "bin/rmq-drift.mjs"));
  await writeFile(join(root, "scripts/build-cli.mjs"), BUILD);
  await writeFile(join(root, "src.ts"), "export {};\n");
  await writeFile(join(root, "dist/cli/b1/index.mjs"), BUNDLE);
  const manifest = { builtAt: Date.now() + 60_000, entry: "b1/index.mjs", inputs: ["src.ts"] };
  await writeFile(join(root, "dist/cli/manifest.json"), JSON.stringify(manifest));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("bin/rmq-drift.mjs", () => {
  it("runs a current bundle without building, passing argv and the exit code through", async () => {
    const res = launch("audit", "--json");
    expect(res.stdout).toBe("bundle audit --json");
    expect(res.status).toBe(3);
    expect(res.stderr).toBe("");
    expect(await builds()).toBe(0);
  });

  it("rebuilds once when a source is newer than the bundle", async () => {
    const future = new Date(Date.now() + 120_000);
    await utimes(join(root, "src.ts"), future, future);
    const first = launch("--help");
    expect(first.stderr).toContain("building the CLI");
    expect(first.stdout).toBe("bundle --help");
    // Nothing is newer than the rebuilt bundle now: the next run builds nothing.
    await utimes(join(root, "src.ts"), new Date(0), new Date(0));
    expect(launch("--help").stderr).toBe("");
    expect(await builds()).toBe(1);
  });

  it("builds when there is no bundle, or a source it lists has gone", async () => {
    await rm(join(root, "dist"), { recursive: true });
    expect(launch("x").stdout).toBe("bundle x");
    await rm(join(root, "src.ts"));
    expect(launch("y").stdout).toBe("bundle y");
    expect(await builds()).toBe(2);
  });

  it("says what to do when the bundle cannot be built", async () => {
    await rm(join(root, "dist"), { recursive: true });
    await writeFile(join(root, "scripts/build-cli.mjs"), 'import "esbuild-not-installed";\n');
    const res = launch("--help");
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("rmq-drift: cannot build the CLI (run npm ci first)");
  });
});

describe("the real bin", () => {
  it("answers --help from the built bundle with exit 0", () => {
    const res = spawnSync(process.execPath, ["bin/rmq-drift.mjs", "--help"], { encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain("Usage: rmq-drift <command> [options]");
  }, 60_000);
});
