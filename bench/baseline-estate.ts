// A synthetic baseline YAML of a given number of Alibaba accounts (each with a status and two ACL
// entries) and Huawei users, spread over targets of `perTarget` principals, for the baseline benches.

function alibabaTarget(t: number, accounts: number): string {
  const lines = [
    "  - provider: alibaba",
    "    region: cn-hangzhou",
    `    instanceId: rmq-cn-bench${String(t).padStart(5, "0")}`,
    "    accounts:",
  ];
  for (let a = 0; a < accounts; a++) {
    lines.push(
      `      app-${t}-${a}:`,
      "        status: ENABLE",
      "        acls:",
      `          - { resource: "Topic:orders-${a}", decision: Allow, actions: [Pub], ipWhitelists: [10.0.0.0/8] }`,
      `          - { resource: "Group:GID_orders_${a}", decision: Allow, actions: [Sub] }`,
    );
  }
  return lines.join("\n");
}

function huaweiTarget(t: number, users: number): string {
  const hex = t.toString(16).padStart(12, "0");
  const lines = [
    "  - provider: huawei",
    "    region: cn-north-4",
    "    projectId: 0123456789abcdef0123456789abcdef",
    `    instanceId: 11111111-2222-3333-4444-${hex}`,
    "    users:",
  ];
  for (let u = 0; u < users; u++) {
    lines.push(
      `      user_${t}_${u}:`,
      "        admin: false",
      '        whitelist: "10.0.0.*"',
      "        defaultTopicPerm: SUB",
      "        defaultGroupPerm: DENY",
      `        topicPerms: { orders-${u}: PUB|SUB }`,
      `        groupPerms: { GID_orders_${u}: SUB }`,
    );
  }
  return lines.join("\n");
}

/**
 * `principals` over targets of `perTarget`, alternating between the clouds; with `broken`, the
 * first account's status is invalid, so validation takes the positioned path to report it.
 */
export function baselineYaml(principals: number, perTarget = 1000, broken = false): string {
  const parts = ["version: 1", "targets:"];
  let left = principals;
  for (let t = 0; left > 0; t++) {
    const n = Math.min(perTarget, left);
    parts.push(t % 2 === 0 ? alibabaTarget(t, n) : huaweiTarget(t, n));
    left -= n;
  }
  const text = `${parts.join("\n")}\n`;
  return broken ? text.replace("status: ENABLE", "status: ENABLED") : text;
}

/**
 * About 1,000,000 grants in the drift-engine bench's shape: 10 Alibaba targets × 50 accounts × 1,000
 * ACL entries and 10 Huawei targets × 50 users × 1,000 topic/group permissions.
 */
export function millionGrantsYaml(): string {
  const parts = ["version: 1", "targets:"];
  for (let t = 0; t < 10; t++) {
    parts.push(
      "  - provider: alibaba",
      "    region: cn-hangzhou",
      `    instanceId: rmq-cn-grants${t}`,
      "    accounts:",
    );
    for (let p = 0; p < 50; p++) {
      parts.push(`      app-${p}:`, "        status: ENABLE", "        acls:");
      for (let e = 0; e < 1000; e++) {
        const resource = e % 5 === 0 ? `Group:GID_${p}_${e}` : `Topic:topic-${p}-${e}`;
        const actions = e % 5 === 0 ? "[Sub]" : "[Pub]";
        parts.push(
          `          - { resource: "${resource}", decision: Allow, actions: ${actions}, ipWhitelists: [10.0.0.0/8] }`,
        );
      }
    }
    parts.push(
      "  - provider: huawei",
      "    region: cn-north-4",
      "    projectId: 0123456789abcdef0123456789abcdef",
    );
    parts.push(
      `    instanceId: 22222222-3333-4444-5555-${t.toString(16).padStart(12, "0")}`,
      "    users:",
    );
    for (let u = 0; u < 50; u++) {
      parts.push(
        `      user_${u}:`,
        "        admin: false",
        '        whitelist: ""',
        "        topicPerms:",
      );
      for (let i = 0; i < 800; i++) parts.push(`          topic-${u}-${i}: PUB|SUB`);
      parts.push("        groupPerms:");
      for (let i = 0; i < 200; i++) parts.push(`          GID-${u}-${i}: SUB`);
    }
  }
  return `${parts.join("\n")}\n`;
}
