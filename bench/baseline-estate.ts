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
