// ACS3-HMAC-SHA256: every official vector in reference §5.3–§5.5, byte for byte, plus ROA path and
// query encoding, STS headers, and verification from the wire.
import { describe, expect, it } from "vitest";
import { buildSignedRequest } from "../../../shared/providers/alibaba/request.ts";
import {
  canonicalQueryString,
  canonicalUri,
  canonicalUriFromWire,
  EMPTY_PAYLOAD_SHA256,
  encodePathSegment,
  encodeQueryComponent,
  encodeRoaPath,
  parseAuthorization,
  parseRawQuery,
  sha256Hex,
  signAcs3,
  verifyAcs3,
} from "../../../shared/providers/alibaba/sign.ts";
import { KEY, STS_KEY } from "./helpers.ts";

describe("official V3 documentation vector (reference §5.3)", () => {
  const signed = signAcs3({
    method: "POST",
    canonicalUri: "/",
    query: {
      ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
      RegionId: "cn-shanghai",
    },
    headers: {
      host: "ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action": "RunInstances",
      "x-acs-version": "2014-05-26",
      "x-acs-date": "2023-10-26T10:22:32Z",
      "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
      "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
    },
    payloadHash: EMPTY_PAYLOAD_SHA256,
    accessKeyId: "YourAccessKeyId",
    accessKeySecret: "YourAccessKeySecret",
  });

  it("builds the canonical request exactly", () => {
    expect(signed.canonicalRequest).toBe(
      [
        "POST",
        "/",
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        "host:ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action:RunInstances",
        `x-acs-content-sha256:${EMPTY_PAYLOAD_SHA256}`,
        "x-acs-date:2023-10-26T10:22:32Z",
        "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
        "x-acs-version:2014-05-26",
        "",
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        EMPTY_PAYLOAD_SHA256,
      ].join("\n"),
    );
  });

  it("produces the string to sign, signature and Authorization", () => {
    expect(signed.stringToSign).toBe(
      "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    );
    expect(signed.signature).toBe(
      "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
    expect(signed.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
  });
});

// The util test vectors: same inputs, different method/URI defaults per language (§5.4, §5.5).
const UTIL_PAYLOAD = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";
const utilInput = (method: string, uri: string, headers: Record<string, string>) => ({
  method,
  canonicalUri: uri,
  query: { test: "ok", empty: "" },
  headers,
  payloadHash: UTIL_PAYLOAD,
  accessKeyId: "acesskey",
  accessKeySecret: "secret",
});
const CASE_HEADERS = { "x-acs-test": "http", "x-acs-TEST": "https" };

describe("official OpenAPI util vectors (reference §5.4, §5.5)", () => {
  it("Python: merges header names case-insensitively, sorts values, keeps empty query values", () => {
    const signed = signAcs3(utilInput("GET", "/", CASE_HEADERS));
    expect(signed.canonicalRequest).toBe(
      `GET\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n${UTIL_PAYLOAD}`,
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      "6c416f315497f25326e3f67e06370dbfce4d082b99aecdfc2411eeecd152f68f",
    );
    expect(signed.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1",
    );
  });

  it("TypeScript openapi-core: literal method `undefined` and an empty URI", () => {
    const signed = signAcs3(utilInput("undefined", "", CASE_HEADERS));
    expect(signed.canonicalRequest).toBe(
      `undefined\n\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n${UTIL_PAYLOAD}`,
    );
    expect(signed.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=0f2d549523cf082c83bb8135b5863614f7fe16ca7c2c7fc537e74d67374eeeac",
    );
  });

  it("TypeScript openapi-core, second case: no query, no headers", () => {
    const signed = signAcs3({ ...utilInput("undefined", "", {}), query: {} });
    expect(signed.canonicalRequest).toBe(`undefined\n\n\n\n\n${UTIL_PAYLOAD}`);
    expect(signed.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=,Signature=608b887e491f3e88e85276b188a4d24e29230a559464685ccbf2dcc458e1fde8",
    );
  });

  it("Go: empty method, URI /", () => {
    expect(signAcs3(utilInput("", "/", CASE_HEADERS)).signature).toBe(
      "4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3",
    );
  });

  it("Java: GET, URI /, one header value", () => {
    expect(signAcs3(utilInput("GET", "/", { "x-acs-test": "http" })).signature).toBe(
      "02e81f9f3cc8839151b0c7278024cbc4bfc9fa786085a0b8305f825f17b5dae7",
    );
  });
});

describe("ROA encoding", () => {
  it("encodes query names and values per RFC 3986", () => {
    expect(encodeQueryComponent("a b*~é/+!'()&=")).toBe("a%20b%2A~%C3%A9%2F%2B%21%27%28%29%26%3D");
  });

  it("encodes path segments like the SDK: `/` inside a segment, spaces, `*`, unicode; `~` literal", () => {
    expect(encodeRoaPath(["instances", "rmq cn", "acl", "account", "team/a*b~ü"])).toBe(
      "/instances/rmq%20cn/acl/account/team%2Fa%2Ab~%C3%BC",
    );
    expect(encodePathSegment("a(b)!'")).toBe("a(b)!'");
  });

  it("sorts the canonical query by code point and keeps empty values", () => {
    expect(canonicalQueryString({ b: "2", a: "1", A: "0", empty: "", "x y": "é" })).toBe(
      "A=0&a=1&b=2&empty=&x%20y=%C3%A9",
    );
  });

  it("canonicalises a wire path the same whichever form the client sent", () => {
    // The SDK replaces only the first `*` on the wire but signs them all as %2A.
    expect(canonicalUriFromWire("/x/a%2A*b%7E~(c)%28")).toBe("/x/a%2A%2Ab~~(c)(");
    expect(canonicalUri("/x/a%2A*+%7E")).toBe("/x/a%2A%2A%20~");
  });

  it("parses a raw query, decoding names and values", () => {
    expect(parseRawQuery("b=%C3%A9&a=&c&d=x%20y")).toEqual({ a: "", b: "é", c: "", d: "x y" });
  });
});

describe("signed requests", () => {
  const fixedNow = () => new Date("2026-11-25T03:00:00.123Z");

  const build = (credentials = KEY) =>
    buildSignedRequest(
      {
        action: "GetInstanceAcl",
        origin: "http://127.0.0.1:8080",
        segments: ["instances", "rmq-1", "acl", "account", "team/a b*~ü"],
        query: { resourceType: "Topic", resourceName: "orders dlq*~é", unused: undefined },
      },
      { credentials, signingClock: fixedNow, nonce: () => "nonce-1" },
    );

  it("sends the encoded path and query it signed, and verifies from the wire", () => {
    const req = build();
    expect(req.url.pathname).toBe("/instances/rmq-1/acl/account/team%2Fa%20b%2A~%C3%BC");
    expect(req.url.search).toBe("?resourceName=orders%20dlq%2A~%C3%A9&resourceType=Topic");
    expect(req.headers["x-acs-date"]).toBe("2026-11-25T03:00:00Z");
    const auth = parseAuthorization(req.headers.authorization);
    expect(auth?.signedHeaders).toEqual([
      "host",
      "x-acs-action",
      "x-acs-content-sha256",
      "x-acs-date",
      "x-acs-signature-nonce",
      "x-acs-version",
    ]);
    const wire = {
      method: "GET",
      rawPath: req.url.pathname,
      rawQuery: req.url.search.slice(1),
      headers: { ...req.headers, host: req.url.host },
      body: "",
    };
    expect(auth && verifyAcs3(wire, auth, KEY.accessKeySecret).ok).toBe(true);
    expect(auth && verifyAcs3(wire, auth, "wrong").ok).toBe(false);
    expect(
      auth && verifyAcs3({ ...wire, rawQuery: "resourceType=Group" }, auth, KEY.accessKeySecret).ok,
    ).toBe(false);
  });

  it("signs the STS token and the access key id header", () => {
    const req = build(STS_KEY);
    expect(req.headers["x-acs-security-token"]).toBe(STS_KEY.securityToken);
    expect(req.headers["x-acs-accesskey-id"]).toBe(STS_KEY.accessKeyId);
    const auth = parseAuthorization(req.headers.authorization);
    expect(auth?.accessKeyId).toBe(STS_KEY.accessKeyId);
    expect(auth?.signedHeaders).toContain("x-acs-security-token");
    expect(auth?.signedHeaders).toContain("x-acs-accesskey-id");
    expect(auth?.signedHeaders).not.toContain("accept");
  });

  it("refuses `.` and `..` segments instead of addressing another resource", () => {
    const spec = {
      action: "GetInstanceAcl",
      origin: "http://h",
      segments: ["instances", "i", "acl", "account", ".."],
    };
    expect(() => buildSignedRequest(spec, { credentials: KEY })).toThrow(/"\." or "\.\."/);
  });

  it("rejects malformed Authorization values", () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(
      parseAuthorization("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=zz"),
    ).toBeUndefined();
  });
});
