// Response → data or typed error, for shapes the stand-in does not produce on its own: success
// examples that carry a `code`, 2xx bodies without `success`, proxies' HTML, 429s.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { HttpResponse } from "../../../shared/net/transport.ts";
import { AlibabaApiError, readResponse } from "../../../shared/providers/alibaba/response.ts";

const Data = z.object({ n: z.number() });
const res = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse => ({
  status,
  headers,
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const errorOf = (r: HttpResponse) => {
  try {
    readResponse("GetInstance", r, Data);
  } catch (err) {
    expect(err).toBeInstanceOf(AlibabaApiError);
    return err as AlibabaApiError;
  }
  throw new Error("expected an error");
};

describe("readResponse", () => {
  it("success is 2xx and success === true, even when code and message are filled in", () => {
    const body = { requestId: "R1", success: true, code: "Success", message: "ok", data: { n: 1 } };
    expect(readResponse("GetInstance", res(200, body), Data)).toEqual({ n: 1 });
  });

  it("a 2xx with success false is the service error it names", () => {
    const err = errorOf(
      res(200, { requestId: "R2", success: false, code: "Instance.Busy", message: "busy" }),
    );
    expect(err.envelope).toBe("service");
    expect(err.details).toMatchObject({
      code: "Instance.Busy",
      httpStatus: 200,
      requestId: "R2",
      retryable: false,
    });
  });

  it("a 2xx without a success flag is malformed", () => {
    expect(errorOf(res(200, { requestId: "R3", data: { n: 1 } })).details).toMatchObject({
      code: "MalformedResponse",
      requestId: "R3",
      retryable: false,
    });
  });

  it("gateway errors keep their PascalCase code and request id", () => {
    const err = errorOf(
      res(403, { RequestId: "R4", Code: "Forbidden.RAM", Message: "denied", HostId: "h" }),
    );
    expect(err.envelope).toBe("gateway");
    expect(err.details).toMatchObject({
      code: "Forbidden.RAM",
      httpStatus: 403,
      requestId: "R4",
      retryable: false,
    });
  });

  it("any Throttling* code and HTTP 429 are throttling, retryable, with the server's wait", () => {
    const api = errorOf(
      res(400, { RequestId: "R5", Code: "Throttling.Api" }, { "x-acs-retry-after": "250" }),
    );
    // Milliseconds (reference §9): 250 means a quarter of a second, not four minutes.
    expect(api.details).toMatchObject({ throttled: true, retryable: true, retryAfterMs: 250 });
    const plain = errorOf(res(429, "Too Many Requests", { "x-acs-request-id": "R6" }));
    expect(plain.details).toMatchObject({
      code: "HTTP429",
      throttled: true,
      retryable: true,
      requestId: "R6",
    });
  });

  it("a proxy's HTML 502 is retryable; an HTML 200 is malformed", () => {
    expect(errorOf(res(502, "<html>bad gateway</html>")).details).toMatchObject({
      code: "HTTP502",
      retryable: true,
    });
    expect(errorOf(res(200, "<html>login</html>")).details).toMatchObject({
      code: "MalformedResponse",
    });
  });

  it("names the field that failed validation, never its value", () => {
    const err = errorOf(res(200, { requestId: "R7", success: true, data: { n: "secret-value" } }));
    expect(err.message).toContain("data.n");
    expect(err.message).not.toContain("secret-value");
  });

  it("bounds long gateway messages", () => {
    const err = errorOf(
      res(400, { RequestId: "R8", Code: "SignatureDoesNotMatch", Message: "x".repeat(5000) }),
    );
    expect(err.message.length).toBeLessThan(500);
  });
});
