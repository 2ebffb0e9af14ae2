// Blanks credentials out of server-supplied text before it reaches an error, a log or a report.
// Gateways of both clouds echo what they computed when a signature fails (the canonical request,
// signed headers included), so a session token can come back in an error message; a server may
// also quote a value verbatim anywhere. Applied before any truncation: a cut could otherwise leave
// a prefix of a secret that no longer matches the whole value.

export type Redact = (text: string) => string;

export const REDACTED = "<redacted>";

/** Shorter values are not blanked: they would match ordinary text and tell nothing anyway. */
const MIN_SECRET_LENGTH = 4;

/**
 * `secrets` are values never to show (secret keys, session tokens); `headers` are names whose
 * echoed `name:value` text is blanked whatever the value, up to the end of the line or `|` (the
 * separators both gateways use).
 */
export function createSecretRedactor(
  secrets: ReadonlyArray<string | undefined>,
  headers: readonly string[],
): Redact {
  const values = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < MIN_SECRET_LENGTH) continue;
    values.add(s);
    // Tokens hold `+/=`: a gateway may echo them percent-encoded (in a query or canonical form).
    values.add(encodeURIComponent(s));
  }
  // Longest first, so a value containing another is blanked whole.
  const ordered = [...values].sort((a, b) => b.length - a.length);
  const names = headers.map((h) => h.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|");
  const headerText = names ? new RegExp(`((?:${names})["']?\\s*[:=]\\s*)[^|\\n]*`, "gi") : null;
  return (text) => {
    let out = headerText ? text.replace(headerText, `$1${REDACTED}`) : text;
    for (const value of ordered) out = out.split(value).join(REDACTED);
    return out;
  };
}

/**
 * Every secret value of one run: the configured keys and temporary credentials, and each secret a
 * client dropped at the boundary (Alibaba `password`, Huawei `secret_key`), registered *before* it
 * is dropped. A cloud may echo any of them later, in any field of any answer; every string that
 * leaves a provider — error code, message, request id — is blanked against the whole set.
 */
export interface SecretRegistry {
  add(value: string | undefined): void;
  readonly redact: Redact;
}

export function createSecretRegistry(
  initial: ReadonlyArray<string | undefined> = [],
): SecretRegistry {
  const values = new Set<string>();
  let blank: Redact | undefined;
  const registry: SecretRegistry = {
    add(value) {
      if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH || values.has(value))
        return;
      values.add(value);
      blank = undefined;
    },
    redact: (text) => {
      blank ??= createSecretRedactor([...values], []);
      return blank(text);
    },
  };
  for (const value of initial) registry.add(value);
  return registry;
}

/**
 * The secret boundary for response data: registers the string value of every key matching
 * `field`, at any depth, then deletes it in place, before validation can echo it anywhere.
 */
export function takeSecretFields(data: unknown, field: RegExp, secrets: SecretRegistry): void {
  if (Array.isArray(data)) {
    for (const item of data) takeSecretFields(item, field, secrets);
  } else if (data !== null && typeof data === "object") {
    const record = data as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!field.test(key)) takeSecretFields(record[key], field, secrets);
      else {
        const value = record[key];
        if (typeof value === "string") secrets.add(value);
        delete record[key];
      }
    }
  }
}
