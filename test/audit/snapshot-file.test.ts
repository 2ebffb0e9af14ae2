// Issue 15 item 9: a snapshot with a target or a principal twice is refused, each repeat named with
// the place of its first copy — before, the first copy silently won (a DISABLE copy hid an ENABLE).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "../../shared/audit/snapshot-file.ts";
import { ValidationError } from "../../shared/errors.ts";

const FIXTURE = "test/audit/fixtures/demo-snapshot.json";
const demo = () => JSON.parse(readFileSync(FIXTURE, "utf8"));

function refusal(snapshot: unknown): ValidationError {
  try {
    parseSnapshot(JSON.stringify(snapshot), "snap.json");
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error("the snapshot was accepted");
}

describe("snapshot duplicates", () => {
  it("the stored demo snapshot is accepted as it is", () => {
    expect(parseSnapshot(JSON.stringify(demo()), FIXTURE).targets).toHaveLength(6);
  });

  it("a target twice is refused, naming it and both places", () => {
    const snapshot = demo();
    const copy = structuredClone(snapshot.targets[0]);
    for (const a of copy.accounts) a.status = "DISABLE";
    snapshot.targets.splice(0, 0, copy);
    const err = refusal(snapshot);
    expect(err.issues).toEqual([
      {
        file: "snap.json",
        path: "targets[1]",
        message: "duplicate target alibaba/cn-hangzhou/rmq-cn-demo-payments (first at targets[0])",
      },
    ]);
  });

  it("a principal twice in a target is refused, for both clouds", () => {
    const snapshot = demo();
    const ali = snapshot.targets[1];
    ali.accounts.push({ ...structuredClone(ali.accounts[0]), status: "DISABLE" });
    const hw = snapshot.targets[3];
    hw.users.splice(0, 0, { ...structuredClone(hw.users[2]), admin: true });
    const messages = refusal(snapshot).issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual([
      `targets[1].accounts[5].username: duplicate principal "${ali.accounts[0].username}" in alibaba/cn-hangzhou/rmq-cn-demo-logistics (first at accounts[0])`,
      `targets[3].users[3].accessKey: duplicate principal "${hw.users[0].accessKey}" in huawei/cn-north-4/11111111-2222-3333-4444-555555555555 (first at users[0])`,
    ]);
  });
});
