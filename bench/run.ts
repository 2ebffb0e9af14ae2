// `npm run bench [-- NAME…] [flags]`: runs every bench module in turn, or only the ones named
// (`engine`, `baseline`, `collection`, `cli`, `estate`, `fanout`). Flags go to the modules (see each module's header).
import type { Bench } from "./types.ts";

const modules: Record<string, () => Promise<{ bench: Bench }>> = {
  engine: () => import("./engine.ts"),
  baseline: () => import("./baseline.ts"),
  collection: () => import("./collection.ts"),
  cli: () => import("./cli-start.ts"),
  estate: () => import("./estate.ts"),
  fanout: () => import("./fanout.ts"),
};

const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const unknown = named.filter((n) => !(n in modules));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(", ")}; known: ${Object.keys(modules).join(", ")}`);
  process.exit(1);
}
for (const [name, load] of Object.entries(modules)) {
  if (named.length > 0 && !named.includes(name)) continue;
  const { bench } = await load();
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
