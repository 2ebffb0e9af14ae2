// Which host a target's calls go to: the target's own `endpoint`, else the override from the
// environment, else the public regional endpoint.
import { InputError } from "../../errors.ts";

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Returns the origin (`scheme://host[:port]`) for a region; throws `InputError` when unusable. */
export function resolveEndpoint(
  region: string,
  targetEndpoint?: string,
  override?: string,
): string {
  const chosen = targetEndpoint ?? override;
  if (chosen !== undefined) return originOf(chosen);
  // The region becomes part of a host name; anything but a plain region id is refused.
  if (!REGION.test(region))
    throw new InputError(`not a valid Alibaba Cloud region id: "${region}"`);
  return `https://rocketmq.${region}.aliyuncs.com`;
}

function originOf(endpoint: string): string {
  let url: URL;
  try {
    // A bare host (`rocketmq-vpc.cn-hangzhou.aliyuncs.com`) means https, as in the SDK.
    url = new URL(/^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  } catch {
    throw new InputError(`not a valid endpoint: "${endpoint}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InputError(`endpoint must be http(s): "${endpoint}"`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.username !== "" || url.password !== "") {
    throw new InputError(
      `endpoint must be an origin without path, query or user info: "${url.origin}"`,
    );
  }
  return url.origin;
}
