// A FunctionGraph function URN, which names the worker and carries its region and project:
// `urn:fss:<region>:<project_id>:function:<app>:<name>[:<version|alias>]` (huawei-functiongraph §8.2).
import { ConfigError } from "../errors.ts";
import { clip } from "./invoke-failure.ts";

export interface FunctionUrn {
  region: string;
  projectId: string;
  app: string;
  name: string;
  qualifier?: string;
}

const URN =
  /^urn:fss:([a-z][a-z0-9-]*):([0-9A-Za-z]{32}):function:([A-Za-z0-9][\w-]*):([A-Za-z][\w-]{0,59})(?::([\w.-]+))?$/;

export function isFunctionUrn(urn: string): boolean {
  return URN.test(urn);
}

/** The parts of a function URN; anything else is a configuration error (nothing is sent). */
export function parseFunctionUrn(urn: string): FunctionUrn {
  const m = URN.exec(urn);
  if (!m) {
    throw new ConfigError(
      `FunctionGraph fan-out needs the worker's URN, urn:fss:<region>:<project_id>:function:<app>:<name>[:<version>], got "${clip(urn, 120)}"`,
    );
  }
  const [, region, projectId, app, name, qualifier] = m as unknown as string[];
  return {
    region: region as string,
    projectId: projectId as string,
    app: app as string,
    name: name as string,
    ...(qualifier ? { qualifier } : {}),
  };
}
