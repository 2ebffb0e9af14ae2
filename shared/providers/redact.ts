// Blanks credentials out of server-supplied text before it reaches an error, a log or a report.
// Gateways of both clouds echo what they computed when a signature fails (the canonical request,
// signed headers included), so a session token can come back in an error message; a server may
// also quote a value verbatim anywhere. Applied before any truncation: a cut could otherwise leave
// a prefix of a secret that no longer matches the whole value.

export type Redact = (text: string) => string;

export const REDACTED = "<redacted>";

/** Shorter values are not blanked: they would match ordinary text and tell nothing anyway. */
const MIN_SECRET_LENGTH = 4;

/** Secret values, fixed or read when a text is redacted (temporary credentials arrive mid-run). */
export type SecretValues = ReadonlyArray<string | undefined> | (() => Iterable<string | undefined>);

/**
 * `secrets` are values never to show (secret keys, session tokens); `headers` are names whose
 * echoed `name:value` text is blanked whatever the value, up to the end of the line or `|` (the
 * separators both gateways use).
 */
export function createSecretRedactor(secrets: SecretValues, headers: readonly string[]): Redact {
  const fixed = typeof secrets === "function" ? undefined : orderedValues(secrets);
  const names = headers.map((h) => h.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|");
  const headerText = names ? new RegExp(`((?:${names})["']?\\s*[:=]\\s*)[^|\\n]*`, "gi") : null;
  return (text) => {
    let out = headerText ? text.replace(headerText, `$1${REDACTED}`) : text;
    const ordered = fixed ?? orderedValues((secrets as () => Iterable<string | undefined>)());
    for (const value of ordered) out = out.split(value).join(REDACTED);
    return out;
  };
}

function orderedValues(secrets: Iterable<string | undefined>): string[] {
  const values = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < MIN_SECRET_LENGTH) continue;
    values.add(s);
    // Tokens hold `+/=`: a gateway may echo them percent-encoded (in a query or canonical form).
    values.add(encodeURIComponent(s));
  }
  // Longest first, so a value containing another is blanked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * The secrets one run has handled: base keys and every temporary credential issued to it. Every
 * client of the run redacts with all of them, so a secret of one account echoed in another
 * account's error is blanked too.
 */
export interface SecretRegistry {
  add(...values: ReadonlyArray<string | undefined>): void;
  values(): Iterable<string>;
}

export function createSecretRegistry(): SecretRegistry {
  const values = new Set<string>();
  return {
    add: (...more) => {
      for (const v of more) if (v) values.add(v);
    },
    values: () => values,
  };
}
