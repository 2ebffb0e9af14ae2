import { describe, expect, it } from "vitest";
import { parseAlertChannels } from "../../shared/config/alert-channels.ts";
import { ConfigError } from "../../shared/errors.ts";

describe("parseAlertChannels", () => {
  it("reads each kind, with secrets by position first and by kind second", () => {
    const spec = [
      "slack+https://hooks.slack.com/services/T0/B0/abc",
      " dingtalk+https://oapi.dingtalk.com/robot/send?access_token=aa ",
      "feishu+https://open.feishu.cn/open-apis/bot/v2/hook/xyz",
      "wecom+https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=kk",
      "webhook+http://127.0.0.1:8080/drift",
      "",
    ].join(",");
    const channels = parseAlertChannels(spec, {
      RMQ_DRIFT_ALERT_SECRET_2: "ding-secret",
      RMQ_DRIFT_ALERT_SECRET_DINGTALK: "unused",
      RMQ_DRIFT_ALERT_SECRET_FEISHU: "feishu-secret",
      RMQ_DRIFT_ALERT_SECRET_5: "hmac-key",
    });
    expect(channels.map((c) => [c.kind, c.index, c.url.host, c.secret])).toEqual([
      ["slack", 1, "hooks.slack.com", null],
      ["dingtalk", 2, "oapi.dingtalk.com", "ding-secret"],
      ["feishu", 3, "open.feishu.cn", "feishu-secret"],
      ["wecom", 4, "qyapi.weixin.qq.com", null],
      ["webhook", 5, "127.0.0.1:8080", "hmac-key"],
    ]);
  });

  it("returns no channels for an unset or blank variable (console output)", () => {
    expect(parseAlertChannels(undefined, {})).toEqual([]);
    expect(parseAlertChannels("  ", {})).toEqual([]);
  });

  it("allows DingTalk and Feishu without a secret but not a generic webhook", () => {
    expect(
      parseAlertChannels("dingtalk+https://oapi.dingtalk.com/robot/send?access_token=t", {})[0]
        ?.secret,
    ).toBeNull();
    expect(() =>
      parseAlertChannels(
        "slack+https://h/x,webhook+https://hooks.example.com/x?token=T0PSECRET",
        {},
      ),
    ).toThrow(
      new ConfigError(
        "RMQ_DRIFT_ALERTS: entry 2: webhook at hooks.example.com needs an HMAC secret: set RMQ_DRIFT_ALERT_SECRET_2 or RMQ_DRIFT_ALERT_SECRET_WEBHOOK",
      ),
    );
  });

  it("names the variable and the entry without echoing URLs or tokens", () => {
    const cases: Array<[string, RegExp]> = [
      ["teams+https://x.example/hook?token=T0PSECRET", /entry 1: unknown channel kind "teams"/],
      [
        "https://oapi.dingtalk.com/robot/send?access_token=T0PSECRET",
        /entry 1: unknown channel kind;/,
      ],
      ["slack+ftp://T0PSECRET.example/x", /entry 1: slack: not an http\(s\) URL/],
      [
        "slack+https://ok.example/a,dingtalk+not a url T0PSECRET",
        /entry 2: dingtalk: not an http\(s\) URL/,
      ],
    ];
    for (const [spec, pattern] of cases) {
      const error = (() => {
        try {
          parseAlertChannels(spec, {});
        } catch (e) {
          return e as Error;
        }
        throw new Error("expected a ConfigError");
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/^RMQ_DRIFT_ALERTS: /);
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain("T0PSECRET");
    }
  });
});
