// The yardstick of the collection bench: a plain script over the official SDKs (dev-only) doing the
// reads a full audit does — GetInstance and every page of ListInstanceIpWhitelist,
// ListInstanceAccount and ListInstanceAcl (@alicloud/rocketmq20220801), ShowInstance and every page of ListUser (signed with
// @huaweicloud/huaweicloud-sdk-core's AKSKSigner, as DMS has no RocketMQ SDK here). One instance
// at a time, Promise.all within an instance, no budget, no checks. Run as a child process:
//   tsx bench/sdk-script.ts <job.json> <result.json>
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { request } from "undici";

interface Job {
  endpoint: string;
  projectId: string;
  alibaba: { accessKeyId: string; accessKeySecret: string; instances: string[] };
  huawei: { ak: string; sk: string; instances: string[] };
}

const require = createRequire(import.meta.url);
const sdk = require("@alicloud/rocketmq20220801") as typeof import("@alicloud/rocketmq20220801");
const core = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js") as {
  AKSKSigner: {
    sign(req: object, cred: object): Record<string, string>;
  };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new (data: { ak: string; sk: string; projectId?: string }) => object;
};

const PAGE = 100;
const LIMIT = 50;

async function pages(read: (page: number) => Promise<{ total: number; size: number }>) {
  const first = await read(1);
  const count = Math.ceil(first.total / first.size);
  await Promise.all(Array.from({ length: Math.max(0, count - 1) }, (_, i) => read(i + 2)));
}

async function alibabaInstance(client: InstanceType<typeof sdk.default>, id: string) {
  const accounts = (pageNumber: number) =>
    client
      .listInstanceAccount(id, new sdk.ListInstanceAccountRequest({ pageNumber, pageSize: PAGE }))
      .then((r) => ({ total: r.body?.data?.totalCount ?? 0, size: PAGE }));
  const acls = (pageNumber: number) =>
    client
      .listInstanceAcl(id, new sdk.ListInstanceAclRequest({ pageNumber, pageSize: PAGE }))
      .then((r) => ({ total: r.body?.data?.totalCount ?? 0, size: PAGE }));
  const whitelist = (pageNumber: number) =>
    client
      .listInstanceIpWhitelist(
        id,
        new sdk.ListInstanceIpWhitelistRequest({ pageNumber, pageSize: PAGE }),
      )
      .then((r) => ({ total: r.body?.data?.totalCount ?? 0, size: PAGE }));
  await Promise.all([client.getInstance(id), pages(whitelist), pages(accounts), pages(acls)]);
}

async function huaweiGet(job: Job, path: string, query: Record<string, number>) {
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
  );
  const headers = AKSKSigner.sign(
    {
      method: "GET",
      endpoint: `${job.endpoint}${path}`,
      queryParams: query,
      headers: { "Content-Type": "application/json", "X-Project-Id": job.projectId },
    },
    new BasicCredentials({ ak: job.huawei.ak, sk: job.huawei.sk, projectId: job.projectId }),
  );
  const suffix = qs.size > 0 ? `?${qs}` : "";
  const res = await request(`${job.endpoint}${path}${suffix}`, { headers });
  if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}`);
  return (await res.body.json()) as { total?: number };
}

async function huaweiInstance(job: Job, id: string) {
  const base = `/v2/${job.projectId}/instances/${id}`;
  const users = (page: number) =>
    huaweiGet(job, `${base}/users`, { limit: LIMIT, offset: (page - 1) * LIMIT }).then((b) => ({
      total: b.total ?? 0,
      size: LIMIT,
    }));
  await Promise.all([huaweiGet(job, base, {}), pages(users)]);
}

const [jobFile, resultFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile as string, "utf8")) as Job;
const client = new sdk.default(
  new core.$OpenApiUtil.Config({
    accessKeyId: job.alibaba.accessKeyId,
    accessKeySecret: job.alibaba.accessKeySecret,
    endpoint: new URL(job.endpoint).host,
    protocol: "http",
    regionId: "cn-hangzhou",
  }),
);
const started = performance.now();
for (const id of job.alibaba.instances) await alibabaInstance(client, id);
for (const id of job.huawei.instances) await huaweiInstance(job, id);
const wallMs = performance.now() - started;
writeFileSync(
  resultFile as string,
  JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS }),
);
