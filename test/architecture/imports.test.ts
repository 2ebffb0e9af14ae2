// The folder-level import graph of shared/, read from the sources: arrows point one way
// (functions → audit → {baseline, providers, drift, report, sinks} → {match, model, net, log, errors}),
// with no cycle between folders, and nothing in shared/ reaching into tests, the sandbox or functions/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const shared = join(root, "shared");

/** Which folders each folder may import. Top-level files (errors.ts, version.ts) count as folders. */
const ALLOWED: Record<string, readonly string[]> = {
  cli: [
    "audit",
    "baseline",
    "config",
    "http",
    "invoke",
    "providers",
    "report",
    "model",
    "log",
    "errors",
  ],
  http: ["audit", "report", "log", "errors"],
  audit: [
    ...["baseline", "providers", "drift", "report", "sinks", "config", "invoke"],
    ...["match", "model", "log", "errors", "version"],
  ],
  config: ["providers", "report", "invoke", "model", "net", "errors"],
  sinks: ["report", "config", "model", "net", "log", "errors"],
  report: ["drift", "model", "errors"],
  // Pure: no net, log, sinks, config or clock-bearing code.
  drift: ["baseline", "providers", "match", "model", "errors"],
  baseline: ["providers", "match", "model", "net", "errors"],
  // The clouds' modules sit on the leaves only, so any layer above may consult the registry.
  providers: ["match", "model", "net", "log", "errors"],
  // Platform invokers for fan-out workers; FC 3.0 signs with the ACS3 signer the Alibaba module owns.
  invoke: ["providers", "net", "log", "errors"],
  match: ["errors"],
  net: ["log", "errors"],
  model: [],
  log: [],
  errors: [],
  version: [],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const folderOf = (file: string) => {
  const parts = relative(shared, file).split(sep);
  return parts.length === 1 ? (parts[0] as string).replace(/\.ts$/, "") : (parts[0] as string);
};

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sources(shared)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const spec = m[1] as string;
      const target = resolve(dirname(file), spec);
      const rel = relative(shared, target);
      const to = rel.startsWith("..") ? `outside:${relative(root, target)}` : folderOf(target);
      const from = folderOf(file);
      if (from !== to) edges.push({ from, to, file: relative(root, file), spec });
    }
  }
  return edges;
}

function findCycle(edges: readonly Edge[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const n of next.get(node) ?? []) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of next.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("import graph of shared/", () => {
  const edges = importEdges();

  it("reads a real graph (the parser finds the known arrows)", () => {
    const pairs = new Set(edges.map((e) => `${e.from}->${e.to}`));
    expect(pairs).toContain("audit->providers");
    expect(pairs).toContain("drift->match");
    expect(pairs).toContain("providers->net");
  });

  it("knows every folder", () => {
    const unknown = [...new Set(edges.map((e) => e.from))].filter((f) => !(f in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it("only has the allowed arrows", () => {
    const offending = edges
      .filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to))
      .map((e) => `${e.file}: ${e.from} → ${e.to} (${e.spec})`);
    expect(offending).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(findCycle(edges)).toBeNull();
  });

  it("finds a cycle when there is one (the check can fail)", () => {
    const e = (from: string, to: string): Edge => ({ from, to, file: "x", spec: "y" });
    expect(findCycle([e("a", "b"), e("b", "c"), e("c", "a")])).toEqual(["a", "b", "c", "a"]);
  });
});

describe("functions/", () => {
  it("never imports test code or the sandbox statically", () => {
    const offending = sources(join(root, "functions")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:^|\n)import[^;]*?from\s+"([^"]+)"/g)]
        .map((m) => m[1] as string)
        .filter((spec) => /(^|\/)(test|sandbox)\//.test(spec))
        .map((spec) => `${relative(root, file)}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});

describe("errors", () => {
  // One root: every error class shared/ and functions/ define descends from RmqDriftError, so the
  // CLI and HTTP layers can tell our errors from bugs. (A subclass of a subclass is found by name.)
  it("every error class in shared/ and functions/ extends the hierarchy", () => {
    const files = [...sources(shared), ...sources(join(root, "functions"))];
    const classes = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\bclass (\w+) extends (\w+)/g)].map((m) => ({
        file: relative(root, file),
        name: m[1] as string,
        base: m[2] as string,
      })),
    );
    const ours = new Set(["RmqDriftError"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of classes)
        if (ours.has(c.base) && !ours.has(c.name)) {
          ours.add(c.name);
          grew = true;
        }
    }
    const errorish = classes.filter((c) => /Error$/.test(c.name) || /Error$/.test(c.base));
    expect(errorish.length).toBeGreaterThan(10);
    const outside = errorish
      .filter((c) => c.name !== "RmqDriftError" && !ours.has(c.name))
      .map((c) => `${c.file}: ${c.name} extends ${c.base}`);
    expect(outside).toEqual([]);
  });
});
