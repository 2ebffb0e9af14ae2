// Both cloud stand-ins on one port (routed by path), seeded with the demo estate unless told
// otherwise. Used by `rmq-drift sandbox`, `npm run demo` and end-to-end tests.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { type AlibabaRoute, AlibabaSeedSchema, createAlibabaRoute } from "./alibaba.ts";
import { type AlibabaStsRoute, createAlibabaStsRoute } from "./alibaba-sts.ts";
import { type DemoEstate, demoEstate } from "./demo-estate.ts";
import type { SandboxKnobs } from "./faults.ts";
import { createHuaweiRoute, type HuaweiRoute, HuaweiSeedSchema } from "./huawei.ts";
import { createHuaweiIamRoute, type HuaweiIamRoute } from "./huawei-iam.ts";
import { type RunningSandbox, startSandbox } from "./server.ts";

export interface CloudSandbox extends RunningSandbox {
  alibaba: AlibabaRoute;
  huawei: HuaweiRoute;
  /** STS AssumeRole (`POST /`): point RMQ_DRIFT_ALIBABA_STS_ENDPOINT at the sandbox. */
  sts: AlibabaStsRoute;
  /** IAM agency credentials: point RMQ_DRIFT_HUAWEI_IAM_ENDPOINT at the sandbox. */
  iam: HuaweiIamRoute;
}

export interface CloudSandboxOptions {
  port?: number;
  estate?: DemoEstate;
}

export async function startCloudSandbox(options: CloudSandboxOptions = {}): Promise<CloudSandbox> {
  const estate = options.estate ?? demoEstate();
  const alibaba = createAlibabaRoute(estate.alibaba, estate.alibabaKnobs);
  const huawei = createHuaweiRoute(estate.huawei, estate.huaweiKnobs);
  const sts = createAlibabaStsRoute(alibaba);
  const iam = createHuaweiIamRoute(huawei);
  const running = await startSandbox({ routes: [alibaba, huawei, sts, iam], port: options.port });
  return { ...running, alibaba, huawei, sts, iam };
}

const SeedFileSchema = z.strictObject({
  alibaba: AlibabaSeedSchema,
  huawei: HuaweiSeedSchema,
  alibabaKnobs: z.custom<SandboxKnobs>().optional(),
  huaweiKnobs: z.custom<SandboxKnobs>().optional(),
});

/** A seed file `{ alibaba, huawei, alibabaKnobs?, huaweiKnobs? }` in the stand-ins' seed formats. */
export async function loadEstateFile(path: string): Promise<DemoEstate> {
  const parsed = SeedFileSchema.parse(JSON.parse(await readFile(path, "utf8")));
  return {
    alibaba: parsed.alibaba,
    huawei: parsed.huawei,
    alibabaKnobs: parsed.alibabaKnobs ?? {},
    huaweiKnobs: parsed.huaweiKnobs ?? {},
  };
}
