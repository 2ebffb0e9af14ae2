// Stand-in for Huawei IAM `POST /v3.0/OS-CREDENTIAL/securitytokens` with `assume_role`: verifies
// the caller's SDK-HMAC-SHA256 signature like the DMS stand-in, checks that the agency exists and
// trusts the caller's domain, and issues a temporary AK/SK/security token owned by the agency's
// domain — the DMS stand-in then shows them only that domain's instances.
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { errorReply, type HuaweiRoute, send } from "./huawei.ts";
import { verifyWireRequest } from "./huawei-auth.ts";
import { readRequestBody, type SandboxRoute } from "./server.ts";

export interface HuaweiIamRoute extends SandboxRoute {
  /** Every request for agency credentials: domain, agency, duration and the calling AK. */
  calls: Array<{ domain: string; agency: string; durationSeconds: number; caller: string }>;
}

const PATH = "/v3.0/OS-CREDENTIAL/securitytokens";

const RequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.tuple([z.literal("assume_role")]),
      assume_role: z.object({
        domain_name: z.string().min(1),
        agency_name: z.string().min(1),
        duration_seconds: z.number().int().min(900).max(86_400).optional(),
      }),
    }),
  }),
});

export function createHuaweiIamRoute(dms: HuaweiRoute): HuaweiIamRoute {
  const calls: HuaweiIamRoute["calls"] = [];
  return {
    name: "huawei-iam",
    calls,
    matches: (url) => url.pathname === PATH,
    async handle(req, res) {
      const body = await readRequestBody(req);
      const requestId = randomUUID();
      const fail = (status: number, code: string, message: string) =>
        send(res, requestId, { status, body: { error: { code, message } } });
      if (req.method !== "POST")
        return send(res, requestId, errorReply(405, "IAM.0001", "Method not allowed."));
      const wire = { method: "POST", rawUrl: req.url ?? PATH, headers: req.headers, body };
      const auth = verifyWireRequest(wire, dms.seed.credentials, Date.now());
      if (!auth.ok) return send(res, requestId, errorReply(auth.status, auth.code, auth.message));
      const caller = dms.seed.credentials.find((c) => c.ak === auth.credential.ak);
      const parsed = RequestSchema.safeParse(safeJson(body.toString("utf8")));
      if (!parsed.success) return fail(400, "IAM.0007", "The request body is invalid.");
      const ask = parsed.data.auth.identity.assume_role;
      const durationSeconds = ask.duration_seconds ?? 900;
      calls.push({
        domain: ask.domain_name,
        agency: ask.agency_name,
        durationSeconds,
        caller: auth.credential.ak,
      });
      const agency = dms.seed.agencies?.find(
        (a) => a.domain === ask.domain_name && a.name === ask.agency_name,
      );
      if (!agency) return fail(404, "IAM.0112", "The agency does not exist.");
      if (caller?.domain === undefined || !agency.trusts.includes(caller.domain)) {
        return fail(403, "IAM.0002", "You are not authorized to assume this agency.");
      }
      const issued = {
        ak: randomBytes(10).toString("hex").toUpperCase(),
        sk: randomBytes(20).toString("base64url"),
        securityToken: `gQpjbi1ub3J0aC00${randomBytes(48).toString("base64")}`,
        domain: agency.domain,
        expiresAt: new Date(Date.now() + durationSeconds * 1000).toISOString(),
      };
      dms.seed.credentials.push(issued);
      send(res, requestId, {
        status: 201,
        body: {
          credential: {
            access: issued.ak,
            secret: issued.sk,
            securitytoken: issued.securityToken,
            expires_at: issued.expiresAt,
          },
        },
      });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
