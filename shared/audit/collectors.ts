// Provider collectors built from the configuration: one per cloud account that the targets need,
// closed together. Used by audits and by `init`. Their request budgets belong to the configuration
// (one per cloud account per process), so overlapping runs share them.
import type { Config } from "../config/config.ts";
import { ConfigError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { createAlibabaCollector } from "../providers/alibaba/collect.ts";
import { createHuaweiCollector } from "../providers/huawei/collect.ts";
import type { SecretRegistry } from "../providers/redact.ts";
import type { Collectors } from "./collect.ts";

export interface OpenCollectorsOptions {
  logger: Logger;
  /** Function Compute hands temporary credentials to each invocation (`context.credentials`). */
  alibabaCredentials?: Config["alibaba"]["credentials"];
  /** The run's secret registry, shared by every client so that each blanks what any has seen. */
  secrets?: SecretRegistry;
}

export function openCollectors(
  config: Readonly<Config>,
  providers: ReadonlySet<"alibaba" | "huawei">,
  options: OpenCollectorsOptions,
): { collectors: Collectors; close(): Promise<void> } {
  const common = {
    budgetScope: config,
    concurrency: config.concurrency,
    listing: config.listing,
    timeoutMs: config.timeoutMs,
    logger: options.logger,
    secrets: options.secrets,
  };
  const alibaba = providers.has("alibaba")
    ? createAlibabaCollector({
        ...common,
        credentials: need(
          options.alibabaCredentials ?? config.alibaba.credentials,
          "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
          "alibaba",
        ),
        endpointOverride: config.alibaba.endpoint,
        qps: config.alibaba.qps,
      })
    : undefined;
  const huawei = providers.has("huawei")
    ? createHuaweiCollector({
        ...common,
        credentials: need(
          config.huawei.credentials,
          "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK",
          "huawei",
        ),
        endpointOverride: config.huawei.endpoint,
        qps: config.huawei.qps,
      })
    : undefined;
  return {
    collectors: { alibaba: alibaba?.collect, huawei: huawei?.collect },
    close: async () => {
      await Promise.all([alibaba?.close(), huawei?.close()]);
    },
  };
}

/** Throws the `ConfigError` an audit of these providers would end with, before any audit runs. */
export function checkCredentials(
  config: Readonly<Config>,
  providers: ReadonlySet<"alibaba" | "huawei">,
): void {
  if (providers.has("alibaba")) {
    need(
      config.alibaba.credentials,
      "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "alibaba",
    );
  }
  if (providers.has("huawei")) {
    need(config.huawei.credentials, "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK", "huawei");
  }
}

function need<T>(credentials: T | undefined, variables: string, provider: string): T {
  if (credentials) return credentials;
  throw new ConfigError(`reading ${provider} targets needs ${variables}, which are not set`);
}
