// The regions `validate` and `audit` accept for a target without its own `endpoint`, so a typo such
// as `cn-hangzou` is refused at validation instead of failing every audit with a DNS error.
// A region missing here is still reachable: give the target an `endpoint`.

/**
 * Alibaba Cloud's public regions. The RocketMQ 5.x endpoint table is only partly confirmed
 * (reference §1.1 lists cn-qingdao … ap-northeast-2 and cn-nanjing); the rest follow Alibaba Cloud's
 * region list, where `rocketmq.{region}.aliyuncs.com` follows the same pattern.
 */
const ALIBABA = [
  "cn-qingdao",
  "cn-beijing",
  "cn-zhangjiakou",
  "cn-huhehaote",
  "cn-wulanchabu",
  "cn-hangzhou",
  "cn-shanghai",
  "cn-nanjing",
  "cn-fuzhou",
  "cn-shenzhen",
  "cn-heyuan",
  "cn-guangzhou",
  "cn-chengdu",
  "cn-wuhan-lr",
  "cn-hongkong",
  "cn-beijing-finance-1",
  "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ap-south-1",
  "us-east-1",
  "us-west-1",
  "na-south-1",
  "eu-central-1",
  "eu-west-1",
  "me-east-1",
  "me-central-1",
];

/** The 34 regions of the Huawei Cloud SDK's RocketMQ region table (reference A2, `RocketMQRegion.ts`). */
const HUAWEI = [
  "cn-north-1",
  "cn-north-2",
  "cn-north-4",
  "cn-north-9",
  "cn-north-11",
  "cn-north-12",
  "cn-east-2",
  "cn-east-3",
  "cn-east-4",
  "cn-east-5",
  "cn-south-1",
  "cn-south-2",
  "cn-south-4",
  "cn-southwest-2",
  "cn-southwest-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "af-south-1",
  "af-north-1",
  "ru-northwest-2",
  "ru-moscow-1",
  "la-south-2",
  "la-north-2",
  "tr-west-1",
  "ae-ad-1",
  "eu-west-0",
  "eu-west-101",
  "me-east-1",
  "na-mexico-1",
  "my-kualalumpur-1",
  "sa-brazil-1",
];

export const KNOWN_REGIONS: Readonly<Record<"alibaba" | "huawei", ReadonlySet<string>>> = {
  alibaba: new Set(ALIBABA),
  huawei: new Set(HUAWEI),
};

/** The known region closest to a typo (at most two edits away), if any. */
export function closestRegion(provider: "alibaba" | "huawei", region: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of KNOWN_REGIONS[provider]) {
    const distance = editDistance(region, name);
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
