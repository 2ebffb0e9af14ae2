// Starts a fan-out worker through Function Compute 3.0's own InvokeFunction (API 2023-03-30): one
// ACS3-signed ROA POST with `x-fc-invocation-type: Async`, accepted with 202. Signed the way the
// Alibaba SDK core signs it: only `host`, `content-type` and the `x-acs-*` headers.
import { randomBytes } from "node:crypto";
import type { HttpRequest, HttpResponse } from "../net/transport.ts";
import { acsDate } from "../providers/alibaba/request.ts";
import {
  canonicalQueryString,
  canonicalUri,
  encodeRoaPath,
  sha256Hex,
  signAcs3,
} from "../providers/alibaba/sign.ts";
import {
  answerFields,
  createHttpInvoker,
  endpointOrigin,
  type HttpInvokerSeams,
} from "./http-invoker.ts";
import { clip, type InvokeFail, secretsOf } from "./invoke-failure.ts";
import type { FcInvokerOptions, InvokeResult, WorkerInvoker } from "./types.ts";

export const FC3_API_VERSION = "2023-03-30";

/** Seams for tests; production uses the defaults. */
export interface Fc3InvokerSeams extends HttpInvokerSeams {
  clock?: () => Date;
  nonce?: () => string;
}

export function createFc3Invoker(
  options: FcInvokerOptions,
  seams: Fc3InvokerSeams = {},
): WorkerInvoker {
  return createHttpInvoker(
    {
      platform: "fc3",
      functionName: options.functionName,
      secrets: secretsOf(options.credentials),
      timeoutMs: options.timeoutMs,
      build: (body) => buildInvokeRequest(options, body, seams),
      read: readAnswer,
    },
    seams,
  );
}

/** One signed request; built again for every attempt, so each has its own date and nonce. */
export function buildInvokeRequest(
  options: FcInvokerOptions,
  body: string,
  seams: Pick<Fc3InvokerSeams, "clock" | "nonce"> = {},
): HttpRequest {
  const path = encodeRoaPath([FC3_API_VERSION, "functions", options.functionName, "invocations"]);
  const query: Record<string, string> = options.qualifier ? { qualifier: options.qualifier } : {};
  const search = canonicalQueryString(query);
  const url = new URL(`${origin(options)}${path}${search ? `?${search}` : ""}`);
  const { accessKeyId, accessKeySecret, securityToken } = options.credentials;
  const payloadHash = sha256Hex(body);
  const signed: Record<string, string> = {
    "content-type": "application/octet-stream",
    "x-acs-action": "InvokeFunction",
    "x-acs-version": FC3_API_VERSION,
    "x-acs-date": acsDate((seams.clock ?? (() => new Date()))()),
    "x-acs-signature-nonce": (seams.nonce ?? randomNonce)(),
    "x-acs-content-sha256": payloadHash,
  };
  if (securityToken) {
    // As the SDK core does for STS credentials: the key id header is signed along with the token.
    signed["x-acs-accesskey-id"] = accessKeyId;
    signed["x-acs-security-token"] = securityToken;
  }
  const { authorization } = signAcs3({
    method: "POST",
    canonicalUri: canonicalUri(path),
    query,
    headers: { ...signed, host: url.host },
    payloadHash,
    accessKeyId,
    accessKeySecret,
  });
  return {
    method: "POST",
    url,
    headers: {
      ...signed,
      authorization,
      "x-fc-invocation-type": "Async",
      accept: "application/json",
      "user-agent": "rmq-drift",
    },
    body,
  };
}

function origin(options: FcInvokerOptions): string {
  return endpointOrigin(
    options.endpoint ?? `${options.accountId}.${options.region}.fc.aliyuncs.com`,
  );
}

function readAnswer(res: HttpResponse, fail: InvokeFail): InvokeResult {
  const headerId = res.headers["x-fc-request-id"] ?? null;
  if (res.status === 202 || res.status === 200) return { requestId: headerId };
  const error = parseFcError(res.body);
  const code = error.code ?? `HTTP${res.status}`;
  const reason = error.message ? `: ${clip(error.message)}` : "";
  throw fail(`InvokeFunction was refused${reason}`, {
    httpStatus: res.status,
    code,
    requestId: error.requestId ?? headerId,
  });
}

interface FcErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * FC 3.0 documents `{Code, Message, RequestId}` (API 2023-03-30, struct Error); the FC error-code
 * pages show `{errorCode, errorMessage}` and the FC 2.0 SDK reads `ErrorCode`/`ErrorMessage`. All
 * three spellings are read, so a gateway answering in either dialect still yields its code.
 */
export function parseFcError(text: string): FcErrorBody {
  const pick = answerFields(text);
  return {
    code: pick("Code", "ErrorCode", "errorCode", "code"),
    message: pick("Message", "ErrorMessage", "errorMessage", "message"),
    requestId: pick("RequestId", "requestId"),
  };
}

function randomNonce(): string {
  return randomBytes(16).toString("hex");
}
