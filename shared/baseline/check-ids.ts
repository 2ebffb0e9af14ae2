// Identity checks of one target: what `audit` would refuse or could not address — an unknown region
// without an `endpoint`, an instance or project id not of its documented shape, names that cannot
// be one path segment or that carry control characters. Reported with the other problems, at once.
// The shapes (regions, instance id) are the provider module's; project ids and other
// provider-only fields are checked by the module itself.
import type { PathIssue, PathSegment } from "../model/path.ts";
import { type BaselineTarget, providerOf } from "../providers/index.ts";
import { closestRegion } from "./regions.ts";

// C0 and C1 controls and DEL: invisible in a terminal, and no cloud name holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function checkIdentity(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  const issues = [...checkRegion(target, path), ...checkInstanceId(target, path)];
  const access = providerOf(target).principals;
  const key = access.key;
  for (const name of Object.keys(access.expected(target) ?? {})) {
    const problem = segmentProblem(name);
    if (problem)
      issues.push({ path: [...path, key, name], message: `principal ${problem}`, at: "key" });
  }
  return issues;
}

function checkRegion(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  const known = providerOf(target).identity.regions;
  if (target.endpoint !== undefined || known.includes(target.region)) return [];
  const guess = closestRegion(known, target.region);
  const hint = guess ? ` (did you mean ${guess}?)` : "";
  return [
    {
      path: [...path, "region"],
      message: `unknown ${target.provider} region ${show(target.region)}${hint}; set the target's endpoint to reach a region rmq-drift does not list`,
    },
  ];
}

function checkInstanceId(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  const { shape, expected } = providerOf(target).identity.instanceId;
  if (shape.test(target.instanceId)) return [];
  return [
    {
      path: [...path, "instanceId"],
      message: `expected ${expected}, got ${show(target.instanceId)}`,
    },
  ];
}

/** null when `name` can be one URL path segment of a point read; else why not. */
function segmentProblem(name: string): string | null {
  if (CONTROL.test(name)) return `${show(name)} contains a control character`;
  if (name === "." || name === ".." || name.includes("/")) {
    return `${show(name)} cannot be addressed: it is "." or ".." or contains "/"`;
  }
  return null;
}

/** Values are quoted as JSON (control characters escaped) and cut short. */
function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
