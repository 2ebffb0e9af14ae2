// Discovery before collection: every discover scope is listed (all pages, with the entry's
// credentials) and each instance no target names becomes a target read with instance-level calls
// only. A scope that cannot be listed is recorded as failed — the run is then incomplete.
import type { Logger } from "../log/logger.ts";
import { type DiscoveredScope, scopeKey, targetKey } from "../model/snapshot.ts";
import { describeFailure } from "../providers/collector.ts";
import { type BaselineTarget, type DiscoverEntry, providerOf } from "../providers/index.ts";
import type { Lister } from "./collectors.ts";

export interface Discovered {
  scopes: DiscoveredScope[];
  /** Instances no baseline target names, as targets to read with instance-level calls. */
  targets: BaselineTarget[];
}

export async function discoverInstances(
  entries: readonly DiscoverEntry[],
  declared: readonly BaselineTarget[],
  lister: Lister,
  logger: Logger,
): Promise<Discovered> {
  const known = new Set(declared.map(targetKey));
  const jobs = entries.flatMap((entry) =>
    providerOf(entry)
      .discovery.scopes(entry)
      .map((scope) => ({ entry, scope, key: scopeKey(entry.provider, scope.region) })),
  );
  const listed = await Promise.all(
    jobs.map(async ({ entry, scope, key }): Promise<DiscoveredScope> => {
      try {
        const instanceIds = await lister(entry, scope);
        logger.info("discover scope listed", { scope: key, instances: instanceIds.length });
        return { scope: key, status: "ok", error: null, instanceIds };
      } catch (err) {
        const error = describeFailure(err);
        logger.error("discover scope could not be listed", { scope: key, ...error });
        return { scope: key, status: "error", error, instanceIds: [] };
      }
    }),
  );
  const targets: BaselineTarget[] = [];
  listed.forEach((result, i) => {
    const { entry, scope } = jobs[i] as (typeof jobs)[number];
    for (const id of result.instanceIds) {
      const target = providerOf(entry).discovery.target(scope, id, entry.credentials);
      const key = targetKey(target);
      if (known.has(key)) continue;
      known.add(key);
      targets.push(target);
    }
  });
  return { scopes: listed, targets };
}
