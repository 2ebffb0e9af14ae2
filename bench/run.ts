// `npm run bench`: runs every bench module in turn. Add a module to the list to add a bench.
import type { Bench } from "./types.ts";

const modules: Array<() => Promise<{ bench: Bench }>> = [
  () => import("./engine.ts"),
  () => import("./baseline.ts"),
];

for (const load of modules) {
  const { bench } = await load();
  console.log(`\n== ${bench.name}`);
  await bench.run();
}
