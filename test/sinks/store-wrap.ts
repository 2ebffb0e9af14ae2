// Test helpers around a real store: a pass-through to override single methods of, and a wrapper
// that injects random delays so concurrent runs interleave differently on every iteration.
import type { ReportStore } from "../../shared/sinks/store.ts";

/** Every method delegating to `store`, so a test can spread it and replace one. */
export function wrap(store: ReportStore): ReportStore {
  return {
    location: store.location,
    url: (k) => store.url(k),
    get: (k) => store.get(k),
    put: (k, body, type) => store.put(k, body, type),
    list: (p) => store.list(p),
    delete: (k) => store.delete(k),
    getWithVersion: (k) => store.getWithVersion(k),
    putIfVersion: (k, body, type, expected) => store.putIfVersion(k, body, type, expected),
  };
}

/** Mulberry32: a seeded PRNG, so a failing interleaving can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Sleeps a random 0–`maxMs` before and after each pointer read and swap. */
export function jittery(store: ReportStore, random: () => number, maxMs = 4): ReportStore {
  const pause = () => new Promise<void>((r) => setTimeout(r, Math.floor(random() * maxMs)));
  const around = async <T>(fn: () => Promise<T>): Promise<T> => {
    await pause();
    const value = await fn();
    await pause();
    return value;
  };
  return {
    ...wrap(store),
    getWithVersion: (k) => around(() => store.getWithVersion(k)),
    putIfVersion: (k, body, type, expected) =>
      around(() => store.putIfVersion(k, body, type, expected)),
  };
}
