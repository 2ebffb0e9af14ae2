// Both clouds' `signRequest` is the same RequestSigner and signs exactly what their own signer signs.
import { describe, expect, it } from "vitest";
import * as alibaba from "../../shared/providers/alibaba/sign.ts";
import * as huawei from "../../shared/providers/huawei/sign.ts";
import type { RequestSigner, RequestToSign } from "../../shared/providers/types.ts";

const request: RequestToSign = {
  method: "GET",
  path: "/v2/p%20roj/instances/a%2Ab",
  query: { limit: "50", offset: "0", engine: "rocketmq" },
  headers: { host: "example.test", "X-Sdk-Date": "20261203T000000Z", "x-acs-action": "List" },
  accessKeyId: "AK",
  accessKeySecret: "SK",
};

describe("signRequest", () => {
  it("Alibaba: the ACS3 authorization over the canonical wire path", () => {
    const signer: RequestSigner = alibaba.signRequest;
    const { authorization } = alibaba.signAcs3({
      method: "GET",
      canonicalUri: alibaba.canonicalUri(request.path),
      query: request.query,
      headers: request.headers,
      payloadHash: alibaba.sha256Hex(""),
      accessKeyId: "AK",
      accessKeySecret: "SK",
    });
    expect(signer(request)).toEqual({ authorization });
  });

  it("Huawei: the SDK-HMAC authorization over the decoded path", () => {
    const signer: RequestSigner = huawei.signRequest;
    const { authorization } = huawei.signSdkHmac({
      method: "GET",
      path: "/v2/p roj/instances/a*b",
      query: request.query,
      headers: request.headers,
      ak: "AK",
      sk: "SK",
    });
    expect(signer(request)).toEqual({ Authorization: authorization });
  });
});
