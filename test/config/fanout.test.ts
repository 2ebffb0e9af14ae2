// The fan-out variables (DESIGN.md §8): off by default, validated with the variable's name.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config/config.ts";
import { ConfigError } from "../../shared/errors.ts";

describe("fan-out configuration", () => {
  it("is off by default with a shard size of 50 and a ten-minute wait", () => {
    const { fanout } = loadConfig({});
    expect(fanout).toMatchObject({
      platform: undefined,
      shardSize: 50,
      waitMs: 600_000,
      workers: 4,
    });
  });

  it("reads the platform, the worker function and the shard settings", () => {
    const { fanout } = loadConfig({
      RMQ_DRIFT_FANOUT: "lambda",
      RMQ_DRIFT_WORKER_FUNCTION: "rmq-drift-prod-worker",
      RMQ_DRIFT_SHARD_SIZE: "20",
      RMQ_DRIFT_SHARD_WAIT_SECONDS: "840",
      AWS_REGION: "eu-west-1",
    });
    expect(fanout).toMatchObject({
      platform: "lambda",
      workerFunction: "rmq-drift-prod-worker",
      shardSize: 20,
      waitMs: 840_000,
      awsRegion: "eu-west-1",
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ RMQ_DRIFT_FANOUT: "fc3" })).toThrow(
      /RMQ_DRIFT_WORKER_FUNCTION: RMQ_DRIFT_FANOUT=fc3 needs the worker function/,
    );
    expect(() => loadConfig({ RMQ_DRIFT_FANOUT: "k8s" })).toThrow(ConfigError);
    expect(() => loadConfig({ RMQ_DRIFT_FANOUT: "k8s" })).toThrow(/RMQ_DRIFT_FANOUT/);
    expect(() => loadConfig({ RMQ_DRIFT_SHARD_SIZE: "0" })).toThrow(/RMQ_DRIFT_SHARD_SIZE/);
    expect(() =>
      loadConfig({ RMQ_DRIFT_FANOUT: "local", RMQ_DRIFT_FANOUT_ENDPOINT: "http://example.com" }),
    ).toThrow(/RMQ_DRIFT_FANOUT_ENDPOINT/);
  });
});
