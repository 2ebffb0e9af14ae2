import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../../shared/log/logger.ts";

function capture(level: "debug" | "info" | "warn" | "error" = "debug") {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({
    level,
    write: (l) => lines.push(JSON.parse(l)),
    now: () => new Date("2026-11-25T03:00:00Z"),
  });
  return { logger, lines };
}

describe("JSON logger", () => {
  it("writes one JSON object per line with time, level, message and context", () => {
    const { logger, lines } = capture();
    logger.child({ runId: "r1" }).child({ target: "t1" }).info("collected", { apiCalls: 3 });
    expect(lines).toEqual([
      {
        time: "2026-11-25T03:00:00.000Z",
        level: "info",
        message: "collected",
        runId: "r1",
        target: "t1",
        apiCalls: 3,
      },
    ]);
  });

  it("drops secret-named fields at any depth and shows errors as name and message only", () => {
    const { logger, lines } = capture();
    const err = new Error("boom");
    logger.error("failed", {
      password: "CANARY-1",
      credentials: { accessKeyId: "id", accessKeySecret: "CANARY-2" },
      request: {
        headers: { authorization: "CANARY-3", "x-acs-security-token": "CANARY-4" },
        path: "/x",
      },
      users: [{ accessKey: "u", secretKey: "CANARY-5" }],
      error: err,
    });
    const text = JSON.stringify(lines);
    for (let i = 1; i <= 5; i++) expect(text).not.toContain(`CANARY-${i}`);
    expect(lines[0]).toMatchObject({
      request: { headers: {}, path: "/x" },
      users: [{ accessKey: "u" }],
      error: { name: "Error", message: "boom" },
    });
    expect(text).not.toContain("at ");
  });

  it("filters below its level", () => {
    const { logger, lines } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    expect(lines.map((l) => l.level)).toEqual(["warn", "error"]);
  });
});
