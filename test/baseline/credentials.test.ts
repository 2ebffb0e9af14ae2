// Credentials profiles and discover entries in the baseline: names that resolve, providers that
// agree, and never a secret value.
import { describe, expect, it } from "vitest";
import { FILE, problemsOf, yaml } from "../support/baselines.ts";

const PROJECT = "0123456789abcdef0123456789abcdef";
const profiles = [
  "credentials:",
  "  ali-prod: { provider: alibaba, assumeRole: 'acs:ram::1234567890123456:role/rmq-drift-audit' }",
  "  hw-prod: { provider: huawei, agency: { domain: acme-prod, name: rmq-drift-audit } }",
  "  ali-lab: { provider: alibaba, accessKeyIdEnv: ALI_LAB_AK_ID, accessKeySecretEnv: ALI_LAB_AK_SECRET }",
];

describe("credentials profiles", () => {
  it("accepts profiles of every kind, named by targets and discover entries of their provider", () => {
    const text = yaml(
      "version: 1",
      ...profiles,
      "discover:",
      "  - { provider: alibaba, credentials: ali-prod, regions: [cn-hangzhou, cn-shanghai] }",
      `  - { provider: huawei, credentials: hw-prod, projects: { cn-north-4: ${PROJECT} } }`,
      "targets:",
      "  - { provider: alibaba, credentials: ali-lab, region: cn-hangzhou, instanceId: rmq-cn-1 }",
    );
    expect(problemsOf(text)).toEqual([]);
  });

  it("refuses an unknown profile and one of another provider, at the naming entry", () => {
    const text = yaml(
      "version: 1",
      ...profiles,
      "discover:",
      `  - { provider: huawei, credentials: ali-prod, projects: { cn-north-4: ${PROJECT} } }`,
      "targets:",
      "  - { provider: alibaba, credentials: ali-pord, region: cn-hangzhou, instanceId: rmq-cn-1 }",
    );
    expect(problemsOf(text)).toEqual([
      `${FILE}:7:38  discover[0].credentials  credentials profile "ali-prod" is for alibaba, not huawei`,
      `${FILE}:9:39  targets[0].credentials  unknown credentials profile "ali-pord" (profiles: ali-prod, hw-prod, ali-lab)`,
    ]);
  });

  it("refuses a key that holds a secret value and says what to write instead", () => {
    const text = yaml(
      "version: 1",
      "credentials:",
      "  leaky: { provider: alibaba, accessKeyIdEnv: A, accessKeySecret: CANARY-secret-in-baseline }",
      "targets: []",
    );
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("credentials.leaky.accessKeySecret");
    expect(problems[0]).toContain("looks like a secret value");
    expect(problems[0]).toContain("accessKeySecretEnv");
    expect(problems.join("\n")).not.toContain("CANARY-secret-in-baseline");
  });

  it("refuses a role ARN that is not one", () => {
    const text = yaml(
      "version: 1",
      "credentials:",
      "  bad: { provider: alibaba, assumeRole: 'arn:aws:iam::123:role/x' }",
      "targets: []",
    );
    expect(problemsOf(text).join("\n")).toContain("credentials.bad");
  });
});
