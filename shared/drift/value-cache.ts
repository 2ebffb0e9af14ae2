// Per-comparison caches: address lists, whitelist patterns and action lists repeat across
// thousands of entries, so each distinct text is parsed once. Parse failures are cached as values.

import { IpSyntaxError } from "../errors.ts";
import { parseAddressList } from "../match/address-list.ts";
import type { IpSet } from "../match/ip-set-ops.ts";
import { parseWhitelistPattern } from "../match/whitelist-pattern.ts";
import { type ActionSet, parseActions } from "./perms.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function attempt<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof IpSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

export class ValueCache {
  readonly #lists = new Map<string, Parsed<IpSet>>();
  readonly #patterns = new Map<string, Parsed<IpSet>>();
  readonly #actions = new Map<string, ActionSet>();

  /** An Alibaba address list; an empty list means any address. */
  addressList(entries: readonly string[]): Parsed<IpSet> {
    const key = JSON.stringify(entries);
    let hit = this.#lists.get(key);
    if (hit === undefined) {
      hit = attempt(() => parseAddressList(entries, { emptyMeans: "any" }));
      this.#lists.set(key, hit);
    }
    return hit;
  }

  /** A RocketMQ 4.x whitelist pattern; blank means no address. */
  pattern(pattern: string): Parsed<IpSet> {
    let hit = this.#patterns.get(pattern);
    if (hit === undefined) {
      hit = attempt(() => parseWhitelistPattern(pattern));
      this.#patterns.set(pattern, hit);
    }
    return hit;
  }

  actions(actions: readonly string[]): ActionSet {
    const key = JSON.stringify(actions);
    let hit = this.#actions.get(key);
    if (hit === undefined) {
      hit = parseActions(actions);
      this.#actions.set(key, hit);
    }
    return hit;
  }
}
