// Stand-in for Alibaba STS AssumeRole (RPC, 2015-04-01, POST /): verifies the caller's ACS3
// signature with the same gateway checks as the RocketMQ stand-in, checks that the role exists and
// trusts the caller's account, and issues temporary keys that belong to the role's account — the
// RocketMQ stand-in then shows them only that account's instances.
import { randomBytes } from "node:crypto";
import { parseAuthorization } from "../shared/providers/alibaba/sign.ts";
import { type AlibabaRoute, readBody, send } from "./alibaba.ts";
import { type AuthState, checkAuth } from "./alibaba-auth.ts";
import { gatewayError, newRequestId } from "./alibaba-envelopes.ts";
import type { SandboxRoute } from "./server.ts";

export interface AlibabaStsRoute extends SandboxRoute {
  /** Every AssumeRole received: role, session name, duration and the calling key. */
  calls: Array<{ roleArn: string; sessionName: string; durationSeconds: number; caller: string }>;
}

const ARN = /^acs:ram::(\d+):role\/(.+)$/;

export function createAlibabaStsRoute(rocketmq: AlibabaRoute): AlibabaStsRoute {
  const auth: AuthState = { seed: rocketmq.seed, nonces: new Set(), now: () => Date.now() };
  const calls: AlibabaStsRoute["calls"] = [];
  return {
    name: "alibaba-sts",
    calls,
    matches: (url) => url.pathname === "/",
    async handle(req, res) {
      const body = await readBody(req);
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const rawQuery = q < 0 ? "" : raw.slice(q + 1);
      const query = new URLSearchParams(rawQuery);
      const requestId = newRequestId();
      const host = req.headers.host ?? "sts.aliyuncs.com";
      const error = (status: number, code: string, message: string) =>
        send(res, gatewayError(requestId, status, code, message, host));
      if (
        req.method !== "POST" ||
        req.headers["x-acs-action"] !== "AssumeRole" ||
        req.headers["x-acs-version"] !== "2015-04-01"
      ) {
        return error(404, "InvalidApi.NotFound", "Specified api is not found.");
      }
      const denied = checkAuth(req, raw.slice(0, q < 0 ? undefined : q), rawQuery, body, auth);
      if (denied) return error(denied.status, denied.code, denied.message);
      const callerId = parseAuthorization(req.headers.authorization)?.accessKeyId ?? "";
      const caller = auth.seed.accessKeys.find((k) => k.id === callerId);
      const roleArn = query.get("RoleArn") ?? "";
      const sessionName = query.get("RoleSessionName") ?? "";
      const durationSeconds = Number(query.get("DurationSeconds") ?? "3600");
      calls.push({ roleArn, sessionName, durationSeconds, caller: callerId });
      if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(sessionName)) {
        return error(
          400,
          "InvalidParameter.RoleSessionName",
          "The parameter RoleSessionName is wrongly formed.",
        );
      }
      if (!(durationSeconds >= 900 && durationSeconds <= 3600)) {
        return error(
          400,
          "InvalidParameter.DurationSeconds",
          "The Min/Max value of DurationSeconds is 15min/1hr.",
        );
      }
      const role = auth.seed.roles?.find((r) => r.arn === roleArn);
      if (!role) return error(404, "EntityNotExist.Role", `The role not exists: ${roleArn}`);
      if (caller?.account === undefined || !role.trusts.includes(caller.account)) {
        return error(
          403,
          "NoPermission",
          "You are not authorized to do this action. You should be authorized by RAM.",
        );
      }
      const issued = {
        id: `STS.${randomBytes(10).toString("hex")}`,
        secret: randomBytes(20).toString("base64url"),
        securityToken: `CAIS${randomBytes(48).toString("base64")}`,
        account: ARN.exec(roleArn)?.[1] as string,
        expiresAt: new Date(Date.now() + durationSeconds * 1000)
          .toISOString()
          .replace(/\.\d+Z$/, "Z"),
      };
      auth.seed.accessKeys.push(issued);
      send(res, {
        status: 200,
        body: {
          RequestId: requestId,
          AssumedRoleUser: {
            Arn: `${roleArn}/${sessionName}`,
            AssumedRoleId: `3${issued.account}:${sessionName}`,
          },
          Credentials: {
            AccessKeyId: issued.id,
            AccessKeySecret: issued.secret,
            SecurityToken: issued.securityToken,
            Expiration: issued.expiresAt,
          },
        },
      });
    },
  };
}
