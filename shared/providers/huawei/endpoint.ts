// Which DMS endpoint a target is read from: the target's own `endpoint`, else the account-wide
// override (RMQ_DRIFT_HUAWEI_ENDPOINT), else the region's public endpoint.
import { ProviderError } from "../../errors.ts";

/** Regions whose endpoint is not under myhuaweicloud.com (SDK region table). */
const REGION_DOMAINS: Readonly<Record<string, string>> = { "eu-west-101": "myhuaweicloud.eu" };

/** A region id is spliced into a host name; anything else could point signed requests elsewhere. */
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

export function defaultEndpoint(region: string): string {
  if (!REGION_ID.test(region)) {
    throw new ProviderError(`invalid Huawei region id ${JSON.stringify(region.slice(0, 64))}`, {
      provider: "huawei",
      call: "ResolveEndpoint",
      httpStatus: null,
      code: "InvalidRegion",
      requestId: null,
      retryable: false,
    });
  }
  return `https://dms.${region}.${REGION_DOMAINS[region] ?? "myhuaweicloud.com"}`;
}

export function resolveEndpoint(
  region: string,
  targetEndpoint: string | undefined,
  override: string | undefined,
): string {
  return targetEndpoint ?? override ?? defaultEndpoint(region);
}
