// Huawei credentials profiles: keys from named environment variables, or an agency in another
// account assumed through IAM: POST /v3.0/OS-CREDENTIAL/securitytokens with
// `auth.identity.methods: ["assume_role"]` and `assume_role { domain_name, agency_name,
// duration_seconds }` (huaweicloud-sdk-nodejs-v3 iam IdentityAssumerole), SDK-HMAC-SHA256-signed
// with the base AK/SK; the answer's `credential { access, secret, securitytoken, expires_at }`
// signs the DMS calls.
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
import type { HuaweiCredentials } from "../types.ts";
import { createRedactor, errorFromResponse, malformedResponse } from "./response.ts";
import { formatSdkDate, signSdkHmac } from "./sign.ts";

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const variableName = z.string().regex(VARIABLE, "expected an environment variable name");
const PATH = "/v3.0/OS-CREDENTIAL/securitytokens";

export const HuaweiProfileSchema = z.union([
  z.strictObject({
    provider: z.literal("huawei"),
    agency: z
      .strictObject({
        domain: z.string().min(1).describe("Account (domain) name that owns the agency"),
        name: z.string().min(1).describe("Agency name"),
      })
      .describe("IAM agency assumed with the base keys"),
    iamRegion: z
      .string()
      .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, "expected a region id")
      .optional()
      .describe("Use iam.{region}.myhuaweicloud.com instead of iam.myhuaweicloud.com"),
  }),
  z.strictObject({
    provider: z.literal("huawei"),
    accessKeyIdEnv: variableName.describe("Variable holding the AK"),
    accessKeySecretEnv: variableName.describe("Variable holding the SK"),
    securityTokenEnv: variableName.optional().describe("Variable holding a security token"),
  }),
]);
export type HuaweiProfile = z.infer<typeof HuaweiProfileSchema>;

export function openHuaweiProfile(
  profile: HuaweiProfile | undefined,
  ctx: ProfileContext<HuaweiCredentials>,
): CredentialSource<HuaweiCredentials> {
  if (profile && "accessKeyIdEnv" in profile) {
    const keys = keysFromVariables(profile, ctx);
    return fixedSource(`key:${keys.id}`, {
      ak: keys.id,
      sk: keys.secret,
      securityToken: keys.token,
    });
  }
  const base = ctx.base;
  if (!base) {
    throw new ConfigError(
      "reading huawei targets needs HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, which are not set",
    );
  }
  ctx.secrets.add(base.sk);
  ctx.secrets.add(base.securityToken);
  if (!profile) return fixedSource(`key:${base.ak}`, base);
  return temporarySource({
    account: `domain:${profile.agency.domain}`,
    issue: (signal) => assumeAgency(profile, base, ctx, signal),
    secretsOf: (c) => [c.sk, c.securityToken],
    secrets: ctx.secrets,
    now: ctx.now,
  });
}

const SecurityTokenSchema = z.object({
  credential: z.object({
    access: z.string().min(1),
    secret: z.string().min(1),
    securitytoken: z.string().min(1),
    expires_at: z.string().refine((v) => !Number.isNaN(Date.parse(v)), "expected a date"),
  }),
});

async function assumeAgency(
  profile: Extract<HuaweiProfile, { agency: unknown }>,
  base: HuaweiCredentials,
  ctx: ProfileContext<HuaweiCredentials>,
  signal?: AbortSignal,
): Promise<Issued<HuaweiCredentials>> {
  const host = profile.iamRegion
    ? `https://iam.${profile.iamRegion}.myhuaweicloud.com`
    : "https://iam.myhuaweicloud.com";
  const origin = new URL(ctx.section.credentialEndpoint ?? host).origin;
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ["assume_role"],
        assume_role: {
          domain_name: profile.agency.domain,
          agency_name: profile.agency.name,
          duration_seconds: SESSION_SECONDS,
        },
      },
    },
  });
  const redact = createRedactor(ctx.secrets.redact);
  return executeOnce(
    "huawei",
    { timeoutMs: ctx.common.timeoutMs, logger: ctx.common.logger },
    {
      call: "CreateTemporaryAccessKeyByAgency",
      build: () => buildRequest(origin, body, base, ctx.now),
      parse: (res) => readCredential(res, redact),
    },
    signal,
  );
}

function buildRequest(
  origin: string,
  body: string,
  base: HuaweiCredentials,
  now: () => Date,
): HttpRequest {
  const url = new URL(`${origin}${PATH}`);
  const headers: Record<string, string> = {
    host: url.host,
    "Content-Type": "application/json;charset=UTF-8",
    "X-Sdk-Date": formatSdkDate(now()),
  };
  if (base.securityToken) headers["X-Security-Token"] = base.securityToken;
  const { authorization } = signSdkHmac({
    method: "POST",
    path: PATH,
    headers,
    body,
    ak: base.ak,
    sk: base.sk,
  });
  const { host: _host, ...sent } = headers;
  return {
    method: "POST",
    url,
    headers: { ...sent, Authorization: authorization, "User-Agent": "rmq-drift" },
    body,
  };
}

function readCredential(
  res: HttpResponse,
  redact: (text: string) => string,
): Issued<HuaweiCredentials> {
  const call = "CreateTemporaryAccessKeyByAgency";
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(call, res, redact);
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw malformedResponse(call, res, "body is not valid JSON");
  }
  const parsed = SecurityTokenSchema.safeParse(json);
  // Not quoted: the issue could name a field that holds a secret.
  if (!parsed.success) throw malformedResponse(call, res, "no usable credential");
  const c = parsed.data.credential;
  return {
    credentials: { ak: c.access, sk: c.secret, securityToken: c.securitytoken },
    expiresAt: new Date(c.expires_at),
  };
}
