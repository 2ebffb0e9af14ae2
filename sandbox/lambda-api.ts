// A local stand-in for Lambda's Invoke API (POST /2015-03-31/functions/{name}/invocations): checks the
// SigV4 signature (service "lambda") as Lambda does, answers Event invocations with 202 and an
// x-amzn-RequestId, then hands the payload to a hook. Error answers use Lambda's restJson1 shape
// (x-amzn-ErrorType header, body {"Type","message"}) so the real SDK surfaces the right error name.
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readRequestBody, serveLocally } from "./server.ts";

export interface LambdaInvocation {
  functionName: string;
  payload: Buffer;
  invocationType: string;
}

export interface LambdaApiOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Function names (plain); ARNs and qualifiers naming them are accepted too. */
  functions: string[];
  onInvoke?: (invocation: LambdaInvocation) => void | Promise<void>;
  /** Fault injection: the next N requests are throttled (429) or fail (500); `hang` never answers. */
  faults?: { throttle?: number; serverError?: number; hang?: boolean };
  maxPayloadBytes?: number;
}

export interface LambdaApi {
  endpoint: string;
  requests: number;
  close(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaApi(options: LambdaApiOptions): Promise<LambdaApi> {
  const faults = { throttle: 0, serverError: 0, hang: false, ...options.faults };
  const limit = options.maxPayloadBytes ?? 1024 * 1024;
  const state = { requests: 0 };
  const server = await serveLocally(async (req, res) => {
    state.requests++;
    const body = await readRequestBody(req);
    if (faults.hang) return;
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = req.method === "POST" ? PATH.exec(url.pathname) : null;
    if (!match) return fail(res, 404, "ResourceNotFoundException", "no such route");
    if (!verifySigV4(req, url, body, options.credentials)) {
      return fail(
        res,
        403,
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided.",
      );
    }
    if (faults.throttle > 0) {
      faults.throttle--;
      return fail(res, 429, "TooManyRequestsException", "Rate Exceeded.");
    }
    if (faults.serverError > 0) {
      faults.serverError--;
      return fail(res, 500, "ServiceException", "internal error");
    }
    const functionName = resolveName(decodeURIComponent(match[1]!));
    if (!options.functions.includes(functionName)) {
      return fail(res, 404, "ResourceNotFoundException", `Function not found: ${functionName}`);
    }
    if (body.length > limit)
      return fail(
        res,
        413,
        "RequestTooLargeException",
        "Request must be smaller than 1048576 bytes for the InvokeAsync operation",
      );
    const invocationType = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
    if (invocationType !== "Event") {
      return fail(
        res,
        400,
        "InvalidParameterValueException",
        "only Event invocations are supported here",
      );
    }
    res.writeHead(202, { "x-amzn-RequestId": randomUUID(), "content-length": "0" }).end();
    setImmediate(() => void options.onInvoke?.({ functionName, payload: body, invocationType }));
  });
  return {
    endpoint: server.url,
    get requests() {
      return state.requests;
    },
    close: server.close,
  };
}

/** `arn:aws:lambda:region:account:function:name[:qualifier]`, `account:function:name` or `name[:qualifier]` → name. */
function resolveName(name: string): string {
  const parts = name.split(":");
  const at = parts.indexOf("function");
  if (at >= 0) return parts[at + 1] ?? "";
  return parts[0]!;
}

function fail(res: ServerResponse, status: number, type: string, message: string) {
  const body = JSON.stringify({ Type: "User", message });
  res
    .writeHead(status, {
      "content-type": "application/json",
      "x-amzn-ErrorType": type,
      "x-amzn-RequestId": randomUUID(),
      "content-length": Buffer.byteLength(body),
    })
    .end(body);
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) =>
  createHmac("sha256", key).update(data).digest();
// SigV4 URI encoding: RFC 3986 unreserved characters stay, everything else is %XX.
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Recomputes the SigV4 signature from the request as received (AWS "Signature Version 4" steps). */
export function verifySigV4(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  creds: { accessKeyId: string; secretAccessKey: string },
): boolean {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) return false;
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== creds.accessKeyId || service !== "lambda") return false;
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(date!)) return false;
  // Lambda's paths are signed double-encoded: each segment encoded again from its wire form.
  const canonicalPath = url.pathname
    .split("/")
    .map((seg) => encode(decodeURIComponent(seg)))
    .map(encode)
    .join("/");
  const query = [...url.searchParams]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join("&");
  const names = signedHeaders!.split(";");
  const headers = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? sha256(body));
  const canonical = [req.method, canonicalPath, query, headers, signedHeaders, payloadHash].join(
    "\n",
  );
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(
    hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date!), region!), service!),
    "aws4_request",
  );
  const expected = createHmac("sha256", key).update(toSign).digest();
  return timingSafeEqual(expected, Buffer.from(signature!, "hex")) && payloadHash === sha256(body);
}
