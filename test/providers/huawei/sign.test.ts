// The published SDK-HMAC-SHA256 vectors (reference §A3), reproduced byte for byte.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalQueryString,
  canonicalUri,
  encodeRfc3986,
  formatSdkDate,
  signSdkHmac,
} from "../../../shared/providers/huawei/sign.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("SDK-HMAC-SHA256 official vectors", () => {
  it("vector 1: the signing guide (content-type, host, x-sdk-date)", () => {
    const signed = signSdkHmac({
      method: "GET",
      path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
      query: { limit: 2, marker: "13551d6b-755d-4757-b956-536f674975c0" },
      headers: {
        Host: "service.region.example.com",
        "Content-Type": "application/json",
        "X-Sdk-Date": "20191115T033655Z",
      },
      ak: "QTWAOYTTINDUT2QVKYUC",
      sk: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    });
    expect(signed.canonicalRequest).toBe(
      [
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/",
        "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
        "content-type:application/json",
        "host:service.region.example.com",
        "x-sdk-date:20191115T033655Z",
        "",
        "content-type;host;x-sdk-date",
        EMPTY,
      ].join("\n"),
    );
    expect(sha256(signed.canonicalRequest)).toBe(
      "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
    expect(signed.stringToSign).toBe(
      "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
    expect(signed.signature).toBe(
      "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    );
    expect(signed.authorization).toBe(
      "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    );
  });

  const pyHeaders = {
    Host: "service.endpoint.myhuaweicloud.com",
    "X-Sdk-Date": "20200608T023900Z",
  };

  it("vector 2: Python SDK test_signer1 (GET)", () => {
    const signed = signSdkHmac({
      method: "GET",
      path: "/resources",
      query: { size: 1 },
      headers: pyHeaders,
      ak: "AccessKey",
      sk: "SecretKey",
    });
    expect(signed.canonicalRequest).toBe(
      `GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n\nhost;x-sdk-date\n${EMPTY}`,
    );
    expect(sha256(signed.canonicalRequest)).toBe(
      "de94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f",
    );
    expect(signed.authorization).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    );
  });

  it("vector 3: Python SDK test_signer2 (POST with a JSON body)", () => {
    const body = '{"name":"test","id":1}';
    expect(sha256(body)).toBe("8ed555081b9961769014bc1182c629bb0fe68d7b01c1fc1caab4dc791f377e8c");
    const signed = signSdkHmac({
      method: "POST",
      path: "/resources",
      query: { size: 1 },
      headers: pyHeaders,
      body,
      ak: "AccessKey",
      sk: "SecretKey",
    });
    expect(sha256(signed.canonicalRequest)).toBe(
      "2b1b2515e48cb55e043ff2ec5b93d3f13ec287e1da1d7a2e4e14b0611a341969",
    );
    expect(signed.authorization).toBe(
      "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
    );
  });

  const goInput = {
    path: "/path",
    headers: { "X-Sdk-Date": "20060102T150405Z" },
    ak: "AccessKey",
    sk: "SecretKey",
  };

  it("Go supplementary: GET /path?limit=1, only x-sdk-date signed", () => {
    const signed = signSdkHmac({ ...goInput, method: "GET", query: { limit: 1 } });
    expect(signed.canonicalRequest).toBe(
      `GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY}`,
    );
    expect(sha256(signed.canonicalRequest)).toBe(
      "85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4",
    );
    expect(signed.signature).toBe(
      "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    );
  });

  it("Go supplementary: POST with json.Encoder's trailing LF in the hashed body", () => {
    const body = '{"Name":"test","Id":1}\n';
    expect(sha256(body)).toBe("a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289");
    const signed = signSdkHmac({ ...goInput, method: "POST", query: { key: "value" }, body });
    expect(signed.signature).toBe(
      "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
    );
    const withoutLf = signSdkHmac({
      ...goInput,
      method: "POST",
      query: { key: "value" },
      body: body.trim(),
    });
    expect(withoutLf.signature).not.toBe(signed.signature);
  });
});

describe("canonical pieces", () => {
  it("canonical query string: the Go/Python SDK test", () => {
    expect(
      canonicalQueryString({
        limit: 1,
        enable: true,
        test: "一 (&=?!#%.*)",
        path: "/tmp/123",
        multi: [3, 1, 2],
      }),
    ).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
    expect(canonicalQueryString({})).toBe("");
  });

  it("trailing-slash rule: added in the canonical form only when missing", () => {
    expect(canonicalUri("/v2/p/instances")).toBe("/v2/p/instances/");
    expect(canonicalUri("/v2/p/instances/")).toBe("/v2/p/instances/");
    expect(canonicalUri("")).toBe("/");
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("/users/a b~c")).toBe("/users/a%20b~c/");
  });

  it("encodes UTF-8 bytes with upper-case hex and leaves unreserved characters", () => {
    expect(encodeRfc3986("aZ09-_.~")).toBe("aZ09-_.~");
    expect(encodeRfc3986("é+/")).toBe("%C3%A9%2B%2F");
  });

  it("X-Sdk-Date format", () => {
    expect(formatSdkDate(new Date("2019-11-15T03:36:55.123Z"))).toBe("20191115T033655Z");
  });

  it("signs X-Security-Token and X-Project-Id when given (temporary credentials)", () => {
    const signed = signSdkHmac({
      method: "GET",
      path: "/v2/p1/instances",
      headers: {
        host: "dms.cn-north-4.myhuaweicloud.com",
        "X-Sdk-Date": "20260101T000000Z",
        "X-Project-Id": "p1",
        "X-Security-Token": "  tok-123  ",
      },
      ak: "AK",
      sk: "SK",
    });
    expect(signed.signedHeaders).toBe("host;x-project-id;x-sdk-date;x-security-token");
    expect(signed.canonicalRequest).toContain("\nx-security-token:tok-123\n\n");
  });

  it("requires X-Sdk-Date", () => {
    expect(() => signSdkHmac({ method: "GET", path: "/", headers: {}, ak: "a", sk: "b" })).toThrow(
      /X-Sdk-Date/,
    );
  });
});
