// The official Node SDK's signer is the oracle: requests it signs must pass the stand-in, a wrong
// secret must not, and its Authorization must equal ours for the same inputs.
import { createRequire } from "node:module";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSdkHmac } from "../../../shared/providers/huawei/sign.ts";
import {
  AK,
  type HuaweiStandIn,
  INSTANCE,
  PROJECT,
  SK,
  seedWith,
  startStandIn,
  users,
} from "./helpers.ts";

interface SdkRequest {
  method: string;
  endpoint: string;
  queryParams?: Record<string, string | number | boolean | Array<string | number>>;
  headers: Record<string, string>;
  data?: unknown;
}
interface SdkCredential {
  getAk(): string;
  getSk(): string;
}

// The SDK is CommonJS, and AKSKSigner is not re-exported from its entry point.
const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js") as {
  AKSKSigner: { sign(req: SdkRequest, cred: SdkCredential): Record<string, string> };
};
const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core") as {
  BasicCredentials: new (data: { ak: string; sk: string; projectId?: string }) => SdkCredential;
};

const TOKEN = "oracle-sts-token-0123456789";
let standIn: HuaweiStandIn;
beforeAll(async () => {
  standIn = await startStandIn(
    seedWith(users(3), {
      credentials: [
        { ak: AK, sk: SK },
        { ak: "TEMPAK00000000000001", sk: "temp-secret", securityToken: TOKEN },
      ],
    }),
  );
});
afterAll(() => standIn.close());

async function sendSdkSigned(
  ak: string,
  sk: string,
  path: string,
  extra: Record<string, string> = {},
) {
  const query = { limit: 50, offset: 0 };
  const headers = AKSKSigner.sign(
    {
      method: "GET",
      endpoint: `${standIn.url}${path}`,
      queryParams: query,
      headers: { "Content-Type": "application/json", "X-Project-Id": PROJECT, ...extra },
    },
    new BasicCredentials({ ak, sk, projectId: PROJECT }),
  );
  const res = await request(`${standIn.url}${path}?limit=50&offset=0`, { method: "GET", headers });
  return {
    status: res.statusCode,
    body: (await res.body.json()) as Record<string, unknown>,
    headers,
  };
}

describe("oracle: @huaweicloud/huaweicloud-sdk-core AKSKSigner", () => {
  const usersPath = `/v2/${PROJECT}/instances/${INSTANCE}/users`;

  it("a request the SDK signs is accepted and answered in the documented shape", async () => {
    const res = await sendSdkSigned(AK, SK, usersPath);
    expect(res.headers.Authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=HWTESTAK000000000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect((res.body.users as unknown[]).length).toBe(3);
  });

  it("temporary credentials signed by the SDK (X-Security-Token) are accepted", async () => {
    const res = await sendSdkSigned("TEMPAK00000000000001", "temp-secret", usersPath, {
      "X-Security-Token": TOKEN,
    });
    expect(res.status).toBe(200);
  });

  it("a wrong secret is refused with 401 APIGW.0301", async () => {
    const res = await sendSdkSigned(AK, "not-the-secret", usersPath);
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe("APIGW.0301");
    expect(String(res.body.error_msg)).toContain("verify aksk signature fail");
  });

  it("the SDK's Authorization equals ours for the same inputs", () => {
    const query = {
      limit: 1,
      enable: true,
      test: "一 (&=?!#%.*)",
      path: "/tmp/123",
      multi: [3, 1, 2],
    };
    const headers = {
      "X-Sdk-Date": "20260102T030405Z",
      host: "dms.cn-north-4.myhuaweicloud.com",
      "X-Project-Id": PROJECT,
      "X-Security-Token": TOKEN,
    };
    const path = `/v2/${PROJECT}/instances/${INSTANCE}/users/app_01`;
    const sdk = AKSKSigner.sign(
      {
        method: "GET",
        endpoint: `https://dms.cn-north-4.myhuaweicloud.com${path}`,
        queryParams: query,
        headers,
      },
      new BasicCredentials({ ak: AK, sk: SK }),
    );
    const ours = signSdkHmac({ method: "GET", path, query, headers, ak: AK, sk: SK });
    expect(ours.authorization).toBe(sdk.Authorization);
  });
});
