// Alibaba credentials profiles: keys from named environment variables, or a RAM role in another
// account assumed with STS AssumeRole (RPC, 2015-04-01: POST / with RoleArn, RoleSessionName and
// DurationSeconds in the query, ACS3-signed with the base keys; response `Credentials` with
// AccessKeyId, AccessKeySecret, SecurityToken and Expiration — SDK alibabacloud-go/sts-20150401
// client.go AssumeRoleWithOptions / AssumeRoleResponseBodyCredentials).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConfigError } from "../../errors.ts";
import { executeOnce } from "../../net/api-call.ts";
import type { HttpRequest, HttpResponse } from "../../net/transport.ts";
import {
  fixedSource,
  type Issued,
  keysFromVariables,
  SESSION_SECONDS,
  temporarySource,
} from "../credentials.ts";
import type { CredentialSource, ProfileContext } from "../module.ts";
import type { AlibabaCredentials } from "../types.ts";
import { resolveEndpoint } from "./endpoint.ts";
import { acsDate } from "./request.ts";
import { createAlibabaRedactor, malformed, readResponse } from "./response.ts";
import { canonicalQueryString, EMPTY_PAYLOAD_SHA256, signAcs3 } from "./sign.ts";

const ROLE_ARN = /^acs:ram::(\d+):role\/[A-Za-z0-9.@_-]{1,64}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const variableName = z.string().regex(VARIABLE, "expected an environment variable name");

export const AlibabaProfileSchema = z.union([
  z.strictObject({
    provider: z.literal("alibaba"),
    assumeRole: z
      .string()
      .regex(ROLE_ARN, "expected a RAM role ARN acs:ram::<account id>:role/<name>")
      .describe("RAM role assumed with STS AssumeRole, signed with the base keys"),
    stsRegion: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "expected a region id")
      .optional()
      .describe("Use sts.{region}.aliyuncs.com instead of sts.aliyuncs.com"),
  }),
  z.strictObject({
    provider: z.literal("alibaba"),
    accessKeyIdEnv: variableName.describe("Variable holding the AccessKey ID"),
    accessKeySecretEnv: variableName.describe("Variable holding the AccessKey secret"),
    securityTokenEnv: variableName.optional().describe("Variable holding an STS token"),
  }),
]);
export type AlibabaProfile = z.infer<typeof AlibabaProfileSchema>;

export function openAlibabaProfile(
  profile: AlibabaProfile | undefined,
  ctx: ProfileContext<AlibabaCredentials>,
): CredentialSource<AlibabaCredentials> {
  if (profile && "accessKeyIdEnv" in profile) {
    const keys = keysFromVariables(profile, ctx);
    const credentials = {
      accessKeyId: keys.id,
      accessKeySecret: keys.secret,
      securityToken: keys.token,
    };
    return fixedSource(`key:${keys.id}`, credentials);
  }
  const base = ctx.base;
  if (!base) {
    throw new ConfigError(
      "reading alibaba targets needs ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, which are not set",
    );
  }
  ctx.secrets.add(base.accessKeySecret);
  ctx.secrets.add(base.securityToken);
  if (!profile) return fixedSource(`key:${base.accessKeyId}`, base);
  const account = ROLE_ARN.exec(profile.assumeRole)?.[1] as string;
  return temporarySource({
    account: `account:${account}`,
    issue: (signal) => assumeRole(profile, base, ctx, signal),
    secretsOf: (c) => [c.accessKeySecret, c.securityToken],
    secrets: ctx.secrets,
    now: ctx.now,
  });
}

const AssumeRoleSchema = z.object({
  RequestId: z.string().optional(),
  Credentials: z.object({
    AccessKeyId: z.string().min(1),
    AccessKeySecret: z.string().min(1),
    SecurityToken: z.string().min(1),
    Expiration: z.string().refine((v) => !Number.isNaN(Date.parse(v)), "expected a date"),
  }),
});

async function assumeRole(
  profile: Extract<AlibabaProfile, { assumeRole: string }>,
  base: AlibabaCredentials,
  ctx: ProfileContext<AlibabaCredentials>,
  signal?: AbortSignal,
): Promise<Issued<AlibabaCredentials>> {
  const host = profile.stsRegion ? `sts.${profile.stsRegion}.aliyuncs.com` : "sts.aliyuncs.com";
  // A named endpoint wins over the region, as for the RocketMQ endpoint.
  const origin = resolveEndpoint("", ctx.section.credentialEndpoint ?? host);
  const query = {
    RoleArn: profile.assumeRole,
    // 2–64 characters of letters, digits and `.@-_`: run ids fit.
    RoleSessionName: `rmq-drift-${ctx.runId}`.slice(0, 64),
    DurationSeconds: String(SESSION_SECONDS),
  };
  const headers = createAlibabaRedactor([]);
  const redact = (text: string) => ctx.secrets.redact(headers(text));
  return executeOnce(
    "alibaba",
    { timeoutMs: ctx.common.timeoutMs, logger: ctx.common.logger },
    {
      call: "AssumeRole",
      build: () => buildAssumeRole(origin, query, base, ctx.now),
      parse: (res) => readAssumeRole(res, redact),
    },
    signal,
  );
}

function buildAssumeRole(
  origin: string,
  query: Record<string, string>,
  base: AlibabaCredentials,
  now: () => Date,
): HttpRequest {
  const search = canonicalQueryString(query);
  const url = new URL(`${origin}/?${search}`);
  const headers: Record<string, string> = {
    "x-acs-action": "AssumeRole",
    "x-acs-version": "2015-04-01",
    "x-acs-date": acsDate(now()),
    "x-acs-signature-nonce": randomBytes(16).toString("hex"),
    "x-acs-content-sha256": EMPTY_PAYLOAD_SHA256,
  };
  // The base identity may itself be temporary (Function Compute's role).
  if (base.securityToken) headers["x-acs-security-token"] = base.securityToken;
  const { authorization } = signAcs3({
    method: "POST",
    canonicalUri: "/",
    query,
    headers: { ...headers, host: url.host },
    payloadHash: EMPTY_PAYLOAD_SHA256,
    accessKeyId: base.accessKeyId,
    accessKeySecret: base.accessKeySecret,
  });
  return {
    method: "POST",
    url,
    headers: { ...headers, authorization, accept: "application/json", "user-agent": "rmq-drift" },
  };
}

/** RPC answers carry no `success` flag: a 2xx is the credentials, anything else an error envelope. */
function readAssumeRole(
  res: HttpResponse,
  redact: (text: string) => string,
): Issued<AlibabaCredentials> {
  const requestId = res.headers["x-acs-request-id"] ?? null;
  if (res.status < 200 || res.status >= 300) {
    readResponse("AssumeRole", res, z.never(), { redact });
    throw malformed("AssumeRole", res.status, requestId, "error without an error envelope");
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw malformed("AssumeRole", res.status, requestId, "body is not JSON");
  }
  const parsed = AssumeRoleSchema.safeParse(json);
  // The issue is not quoted: it could name a field holding a secret.
  if (!parsed.success)
    throw malformed("AssumeRole", res.status, requestId, "no usable Credentials");
  const c = parsed.data.Credentials;
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      accessKeySecret: c.AccessKeySecret,
      securityToken: c.SecurityToken,
    },
    expiresAt: new Date(c.Expiration),
  };
}
