// Identity checks of one target: what `audit` would refuse or could not address — an unknown region
// without an `endpoint`, an instance or project id not of its documented shape, names that cannot
// be one path segment or that carry control characters. Reported with the other problems, at once.
import type { PathIssue, PathSegment } from "./path.ts";
import { closestRegion, KNOWN_REGIONS } from "./regions.ts";
import type { BaselineTarget } from "./schema.ts";

/** Alibaba 5.x instance ids as documented (`rmq-cn-7e22ody0001`, reference §2-§3). */
const ALIBABA_INSTANCE = /^rmq-cn-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An IAM project id: 32 hex digits. */
const PROJECT_ID = /^[0-9a-f]{32}$/i;
// C0 and C1 controls and DEL: invisible in a terminal, and no cloud name holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function checkIdentity(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  const issues = [...checkRegion(target, path), ...checkInstanceId(target, path)];
  if (target.provider === "huawei" && !PROJECT_ID.test(target.projectId)) {
    issues.push({
      path: [...path, "projectId"],
      message: `expected an IAM project id of 32 hex digits, got ${show(target.projectId)}`,
    });
  }
  const principals = target.provider === "alibaba" ? target.accounts : target.users;
  const key = target.provider === "alibaba" ? "accounts" : "users";
  for (const name of Object.keys(principals ?? {})) {
    const problem = segmentProblem(name);
    if (problem)
      issues.push({ path: [...path, key, name], message: `principal ${problem}`, at: "key" });
  }
  return issues;
}

function checkRegion(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  if (target.endpoint !== undefined || KNOWN_REGIONS[target.provider].has(target.region)) return [];
  const guess = closestRegion(target.provider, target.region);
  const hint = guess ? ` (did you mean ${guess}?)` : "";
  return [
    {
      path: [...path, "region"],
      message: `unknown ${target.provider} region ${show(target.region)}${hint}; set the target's endpoint to reach a region rmq-drift does not list`,
    },
  ];
}

function checkInstanceId(target: BaselineTarget, path: PathSegment[]): PathIssue[] {
  const [shape, expected] =
    target.provider === "alibaba"
      ? [
          ALIBABA_INSTANCE,
          "an instance id such as rmq-cn-7e22ody0001 (the ApsaraMQ for RocketMQ 5.x form)",
        ]
      : [
          UUID,
          "a UUID such as 11111111-2222-3333-4444-555555555555 (DMS rejects other instance ids with DMS.00400030)",
        ];
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
