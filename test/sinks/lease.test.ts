// The one-audit-at-a-time lease (`lease.json`, DESIGN.md §7) on a folder and on s3rver: taken by
// compare-and-swap, refused or waited for while live, released by expiring it, taken over once expired
// or dated beyond the skew bound, renewed while held.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseHeldError } from "../../shared/errors.ts";
import { LEASE_KEY, type LeaseOptions, takeLease } from "../../shared/sinks/lease.ts";
import { openReportStore, type ReportStore } from "../../shared/sinks/store.ts";

const FAST: LeaseOptions = { settleMs: 200, pollMs: 20 };
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let dir: string;
let s3rver: S3rver;
let endpoint: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmq-drift-lease-"));
  s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(dir, "s3") });
  endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: "leases" }));
  client.destroy();
});
afterAll(async () => {
  await s3rver.close();
  await rm(dir, { recursive: true, force: true });
});

const stores: Record<string, () => ReportStore> = {
  folder: () => openReportStore(join(dir, `folder-${++n}`)),
  s3rver: () =>
    openReportStore(`s3://leases/p${++n}`, {
      s3: { endpoint, region: "us-east-1", forcePathStyle: true, credentials },
    }),
};

const leaseIn = async (store: ReportStore) => JSON.parse((await store.get(LEASE_KEY)) ?? "null");

describe.each(Object.keys(stores))("lease.json on the %s store", (kind) => {
  it("is taken, refused to a second full audit with the running run id, then released", async () => {
    const store = stores[kind]!();
    const held = await takeLease(store, "20261125T030000Z-aaaaaa", 0, FAST);
    expect(await leaseIn(store)).toMatchObject({
      runId: "20261125T030000Z-aaaaaa",
      holder: expect.stringMatching(/ pid \d+$/),
    });
    const refused = await takeLease(store, "20261125T030001Z-bbbbbb", 0, FAST).catch((e) => e);
    expect(refused).toBeInstanceOf(LeaseHeldError);
    expect(refused).toMatchObject({ runId: "20261125T030000Z-aaaaaa" });
    await held.release();
    expect(Date.parse((await leaseIn(store)).expiresAt)).toBeLessThanOrEqual(Date.now());
    const next = await takeLease(store, "20261125T030001Z-bbbbbb", 0, FAST);
    expect((await leaseIn(store)).runId).toBe("20261125T030001Z-bbbbbb");
    await next.release();
  });

  it("lets exactly one of five simultaneous takers hold it", async () => {
    const store = stores[kind]!();
    const ids = [1, 2, 3, 4, 5].map((i) => `20261125T03000${i}Z-00000${i}`);
    const results = await Promise.allSettled(ids.map((id) => takeLease(store, id, 0, FAST)));
    const held = results.filter((r) => r.status === "fulfilled");
    expect(held).toHaveLength(1);
    const winner = (await leaseIn(store)).runId;
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ runId: winner });
    }
    await (held[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it("a waiting audit gets the lease when the running one releases it", async () => {
    const store = stores[kind]!();
    const first = await takeLease(store, "20261125T030000Z-aaaaaa", 0, FAST);
    const waiting = takeLease(store, "20261125T030009Z-cccccc", 5_000, FAST);
    setTimeout(() => void first.release(), 150);
    const started = Date.now();
    const second = await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await leaseIn(store)).runId).toBe("20261125T030009Z-cccccc");
    await second.release();
  });

  it("takes over an expired lease and one dated beyond the skew bound, but waits out a live one", async () => {
    const store = stores[kind]!();
    const plant = (expiresAt: number) =>
      store.put(
        LEASE_KEY,
        JSON.stringify({
          runId: "20261125T020000Z-dead00",
          holder: "gone",
          expiresAt: new Date(expiresAt).toISOString(),
        }),
        "application/json",
      );
    await plant(Date.now() - 1_000);
    await (await takeLease(store, "20261125T030000Z-aaaaaa", 0, FAST)).release();
    await plant(Date.now() + 86_400_000);
    await (await takeLease(store, "20261125T030000Z-aaaaaa", 0, FAST)).release();
    await plant(Date.now() + 30_000);
    const error = await takeLease(store, "20261125T030000Z-aaaaaa", 100, FAST).catch((e) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect((error as Error).message).toMatch(/run 20261125T020000Z-dead00 \(gone\).*waited 0 s/);
  });

  it("is renewed while held, so a long audit keeps it past its first expiry", async () => {
    const store = stores[kind]!();
    const held = await takeLease(store, "20261125T030000Z-aaaaaa", 0, { ...FAST, ttlMs: 1_000 });
    await new Promise((r) => setTimeout(r, 1_600));
    const lease = await leaseIn(store);
    expect(Date.parse(lease.expiresAt)).toBeGreaterThan(Date.now());
    await expect(
      takeLease(store, "20261125T030001Z-bbbbbb", 0, { ...FAST, ttlMs: 1_000 }),
    ).rejects.toBeInstanceOf(LeaseHeldError);
    await held.release();
  });
});
