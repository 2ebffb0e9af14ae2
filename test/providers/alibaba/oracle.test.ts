// The official SDK (@alicloud/rocketmq20220801, dev-only) as an oracle: it signs with its own code,
// and the stand-in must accept it for every read call and refuse it with a wrong secret. That is
// the proof that the stand-in, and so the signer it shares canonicalisation with, speak ACS3.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlibabaClient } from "../../../shared/providers/alibaba/client.ts";
import {
  acl,
  INSTANCE,
  instanceSeed,
  KEY,
  REGION,
  STS_KEY,
  type Stand,
  seedWith,
  startStandIn,
} from "./helpers.ts";

const require = createRequire(import.meta.url);
const sdk = require("@alicloud/rocketmq20220801") as typeof import("@alicloud/rocketmq20220801");
const core = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
const dara = require("@darabonba/typescript") as typeof import("@darabonba/typescript");
const Client = sdk.default;

const ODD_USER = "team a*(b)~ü";

let stand: Stand;
beforeAll(async () => {
  const base = instanceSeed();
  stand = await startStandIn(
    seedWith([
      {
        ...base,
        accounts: [
          ...base.accounts,
          { username: ODD_USER, password: "pw", accountType: "CUSTOMER", accountStatus: "ENABLE" },
        ],
        acls: [...base.acls, acl(ODD_USER, "Topic", "orders*~ é", ["Sub"])],
      },
    ]),
  );
});
afterAll(() => stand.sandbox.close());

function sdkClient(credentials: {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}) {
  return new Client(
    new core.$OpenApiUtil.Config({
      ...credentials,
      endpoint: `127.0.0.1:${stand.sandbox.port}`,
      protocol: "http",
      regionId: REGION,
    }),
  );
}

describe("official SDK against the stand-in", () => {
  const client = () => sdkClient(KEY);

  it("ListInstances", async () => {
    const res = await client().listInstances(
      new sdk.ListInstancesRequest({ pageNumber: 1, pageSize: 10 }),
    );
    expect(res.body?.success).toBe(true);
    expect(res.body?.data?.list?.map((i) => i.instanceId)).toEqual([INSTANCE]);
  });

  it("GetInstance", async () => {
    const res = await client().getInstance(INSTANCE);
    expect(res.body?.data?.aclInfo?.aclTypes).toEqual(["apache_acl"]);
  });

  it("ListInstanceAccount", async () => {
    const res = await client().listInstanceAccount(
      INSTANCE,
      new sdk.ListInstanceAccountRequest({ pageNumber: 1, pageSize: 10 }),
    );
    expect(res.body?.data?.totalCount).toBe(3);
  });

  it("GetInstanceAccount", async () => {
    const res = await client().getInstanceAccount(
      INSTANCE,
      new sdk.GetInstanceAccountRequest({ username: ODD_USER }),
    );
    expect(res.body?.data?.username).toBe(ODD_USER);
  });

  it("ListInstanceAcl", async () => {
    const res = await client().listInstanceAcl(
      INSTANCE,
      new sdk.ListInstanceAclRequest({ pageNumber: 1, pageSize: 10 }),
    );
    expect(res.body?.data?.list).toHaveLength(4);
  });

  it("GetInstanceAcl with a path and query that need encoding", async () => {
    const res = await client().getInstanceAcl(
      INSTANCE,
      ODD_USER,
      new sdk.GetInstanceAclRequest({ resourceType: "Topic", resourceName: "orders*~ é" }),
    );
    expect(res.body?.data).toMatchObject({
      username: ODD_USER,
      resourceName: "orders*~ é",
      actions: ["Sub"],
    });
  });

  it("ListInstanceIpWhitelist, paged", async () => {
    const first = await client().listInstanceIpWhitelist(
      INSTANCE,
      new sdk.ListInstanceIpWhitelistRequest({ pageNumber: 1, pageSize: 1 }),
    );
    expect(first.body?.data).toMatchObject({ totalCount: 2, list: ["10.0.0.0/8"] });
    const second = await client().listInstanceIpWhitelist(
      INSTANCE,
      new sdk.ListInstanceIpWhitelistRequest({ pageNumber: 2, pageSize: 1 }),
    );
    expect(second.body?.data?.list).toEqual(["192.168.0.0/16"]);
  });

  it("ListInstanceIpWhitelist with the ipWhitelist filter", async () => {
    const res = await client().listInstanceIpWhitelist(
      INSTANCE,
      new sdk.ListInstanceIpWhitelistRequest({ ipWhitelist: "192.168.0.0/16" }),
    );
    expect(res.body?.data?.list).toEqual(["192.168.0.0/16"]);
  });

  it("STS credentials (x-acs-security-token, x-acs-accesskey-id)", async () => {
    const res = await sdkClient(STS_KEY).getInstance(INSTANCE);
    expect(res.body?.success).toBe(true);
  });
});

describe("official SDK throttled by the stand-in", () => {
  // The SDK core turns a Throttling* answer into a ThrottlingError whose retryAfter is the
  // x-acs-retry-after value, and its retry policy sleeps that many milliseconds (capped at 120 s).
  it("waits the x-acs-retry-after milliseconds, as our client does", async () => {
    const hint = 300;
    stand.route.faults.add({ kind: "throttle", call: "GetInstance", times: 1, retryAfterMs: hint });
    const retryOptions = new dara.RetryOptions({
      retryable: true,
      // `maxAttempts` counts the first attempt too: 2 allows one retry.
      retryCondition: [{ maxAttempts: 2, exception: ["ThrottlingError"], errorCode: [] }],
      noRetryCondition: [],
    });
    const throttled = new Client(
      new core.$OpenApiUtil.Config({
        ...KEY,
        endpoint: `127.0.0.1:${stand.sandbox.port}`,
        protocol: "http",
        regionId: REGION,
        retryOptions,
      }),
    );
    const before = stand.route.requests.length;
    const started = performance.now();
    const res = await throttled.getInstance(INSTANCE);
    const sdkElapsed = performance.now() - started;
    expect(res.body?.success).toBe(true);
    expect(stand.route.requests.length - before).toBe(2);

    stand.route.faults.add({ kind: "throttle", call: "GetInstance", times: 1, retryAfterMs: hint });
    const ours = createAlibabaClient({ credentials: KEY, qps: 1000, concurrency: 2 });
    const oursStarted = performance.now();
    await ours.getInstance({ origin: stand.url, instanceId: INSTANCE });
    const oursElapsed = performance.now() - oursStarted;
    await ours.close();
    for (const elapsed of [sdkElapsed, oursElapsed]) {
      expect(elapsed).toBeGreaterThanOrEqual(hint - 10);
      expect(elapsed).toBeLessThan(hint + 4_000);
    }
  });
});

describe("official SDK refused", () => {
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => "accepted",
      (e: { code?: string }) => e.code,
    );

  it("with a wrong secret: SignatureDoesNotMatch", async () => {
    expect(
      await codeOf(sdkClient({ ...KEY, accessKeySecret: "wrong" }).getInstance(INSTANCE)),
    ).toBe("SignatureDoesNotMatch");
  });

  it("with an unknown key: InvalidAccessKeyId.NotFound", async () => {
    expect(
      await codeOf(
        sdkClient({ accessKeyId: "LTAI-nobody", accessKeySecret: "x" }).getInstance(INSTANCE),
      ),
    ).toBe("InvalidAccessKeyId.NotFound");
  });

  it("for an unknown instance: Instance.NotFound", async () => {
    expect(await codeOf(sdkClient(KEY).getInstance("rmq-cn-none"))).toBe("Instance.NotFound");
  });

  it("without the required paging parameters: MissingPageNumber", async () => {
    expect(await codeOf(sdkClient(KEY).listInstances(new sdk.ListInstancesRequest({})))).toBe(
      "MissingPageNumber",
    );
  });
});
