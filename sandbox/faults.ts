// Fault knobs shared by the cloud API stand-ins: latency, throttling, 5xx, hangs (client timeouts),
// malformed bodies and connection resets, each scoped to an instance and/or a call and a count.
import type { ServerResponse } from "node:http";

export type FaultKind = "throttle" | "server-error" | "timeout" | "malformed" | "reset" | "echo";

/**
 * For `echo`: an error answer (HTTP 403) whose fields carry the given text, as a cloud that quotes
 * a caller's secret back would. Absent fields get ordinary values; `headerRequestId` puts the
 * request id only in the response header (the body then has none).
 */
export interface EchoFields {
  code?: string;
  message?: string;
  requestId?: string;
  headerRequestId?: string;
  /** Alibaba only: the POP gateway's PascalCase body instead of the service envelope. */
  gateway?: boolean;
}

export interface FaultRule {
  kind: FaultKind;
  /** Only requests about this instance; all requests when absent. */
  instanceId?: string;
  /** Only this operation (e.g. `ListInstanceAcl`, `ListUser`); all when absent. */
  call?: string;
  /** Matching requests that get the fault; every one when absent (a dead instance). */
  times?: number;
  /** For a Huawei `throttle`: the wait the server asks for in `Retry-After`, in seconds. */
  retryAfterSeconds?: number;
  /** For an Alibaba `throttle`: the wait the server asks for in `x-acs-retry-after`, in ms. */
  retryAfterMs?: number;
  echo?: EchoFields;
}

export interface SandboxKnobs {
  /** Added to every response. */
  latencyMs?: number;
  faults?: FaultRule[];
}

export interface FaultContext {
  instanceId?: string;
  call: string;
}

/** Hands out faults in rule order; a rule with `times` is used up after that many requests. */
export class FaultPlan {
  private readonly rules: Array<FaultRule & { left: number }>;
  constructor(rules: readonly FaultRule[] = []) {
    this.rules = rules.map((r) => ({ ...r, left: r.times ?? Number.POSITIVE_INFINITY }));
  }

  take(ctx: FaultContext): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.instanceId === undefined || r.instanceId === ctx.instanceId) &&
        (r.call === undefined || r.call === ctx.call),
    );
    if (rule) rule.left--;
    return rule;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules.length = 0;
  }
}

/**
 * Applies the transport-level faults that look the same on every cloud. Returns true when the
 * response was taken care of (the cloud-specific faults — throttle, 5xx — are the caller's).
 */
export function applyTransportFault(rule: FaultRule, res: ServerResponse): boolean {
  switch (rule.kind) {
    case "timeout":
      // Hold the request open; the client's timeout fires first and it closes the socket.
      res.socket?.setTimeout(0);
      return true;
    case "reset":
      res.socket?.destroy();
      return true;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"requestId":"MALFORMED-0001","success":tru');
      return true;
    default:
      return false;
  }
}

/** The body and headers of an `echo` fault; `body` builds the provider's error body. */
export function echoReply(
  echo: EchoFields,
  requestId: string,
  body: (e: Required<Pick<EchoFields, "code" | "message">>, requestId?: string) => object,
): { headers: Record<string, string>; text: string } {
  const inBody = echo.headerRequestId === undefined ? (echo.requestId ?? requestId) : undefined;
  const fields = { code: echo.code ?? "Forbidden", message: echo.message ?? "denied" };
  return {
    headers: { "content-type": "application/json", "x-request-id": echo.headerRequestId ?? "" },
    text: JSON.stringify(body(fields, inBody)),
  };
}

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
