// The official SDK (@alicloud/rocketmq20220801, dev-only) as an oracle: it signs with its own code,
// and the stand-in must accept it for every read call and refuse it with a wrong secret. That is
// the proof that the stand-in, and so the signer it shares canonicalisation with, speak ACS3.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acl,
  INSTANCE,
  instanceSeed,
  KEY,
  REGION,
  STS_KEY,
  type Stand,
  seedWith,
  startStand,
} from "./helpers.ts";

const require = createRequire(import.meta.url);
const sdk = require("@alicloud/rocketmq20220801") as typeof import("@alicloud/rocketmq20220801");
const core = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
const Client = sdk.default;

const ODD_USER = "team a*(b)~ü";

let stand: Stand;
beforeAll(async () => {
  const base = instanceSeed();
  stand = await startStand(
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

  it("ListInstanceIpWhitelist", async () => {
    const res = await client().listInstanceIpWhitelist(
      INSTANCE,
      new sdk.ListInstanceIpWhitelistRequest({}),
    );
    expect(res.body?.data?.list).toEqual(["203.0.113.0/24"]);
  });

  it("STS credentials (x-acs-security-token, x-acs-accesskey-id)", async () => {
    const res = await sdkClient(STS_KEY).getInstance(INSTANCE);
    expect(res.body?.success).toBe(true);
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
