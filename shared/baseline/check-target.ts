// Semantic checks inside one schema-valid target: what zod's shapes cannot say about the values.
// The provider's own checks come from its module; the endpoint policy holds for every provider.
import type { LineOf, PathIssue, PathSegment } from "../model/path.ts";
import { checkApiEndpoint } from "../net/endpoint-policy.ts";
import { type BaselineTarget, providerOf } from "../providers/index.ts";
import { checkIdentity } from "./check-ids.ts";

export type { LineOf } from "../model/path.ts";

export function checkTarget(
  target: BaselineTarget,
  path: PathSegment[],
  lineOf: LineOf,
): PathIssue[] {
  const issues = [
    ...checkIdentity(target, path),
    ...providerOf(target).checkTarget(target, path, lineOf),
  ];
  const endpointProblem = target.endpoint === undefined ? null : checkApiEndpoint(target.endpoint);
  if (endpointProblem) issues.push({ path: [...path, "endpoint"], message: endpointProblem });
  return issues;
}
