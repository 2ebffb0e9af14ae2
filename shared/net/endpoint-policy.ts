// Cloud API endpoints carry credentials out and secrets back (ListUser returns `secret_key`), so
// plain http is accepted only for loopback stand-ins (the sandbox, local proxies).

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** null when acceptable, else why not. */
export function checkApiEndpoint(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected an http(s):// URL";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  return url.protocol === "http:"
    ? "plain http is only allowed for loopback addresses (127.0.0.0/8, localhost, ::1); use https"
    : "expected an http(s):// URL";
}
