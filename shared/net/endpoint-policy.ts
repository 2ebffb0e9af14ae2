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
  if (url.protocol !== "https:" && url.protocol !== "http:") return "expected an http(s):// URL";
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return "plain http is only allowed for loopback addresses (127.0.0.0/8, localhost, ::1); use https";
  }
  // Calls are addressed from the origin: a path, query or user info would be dropped or misread.
  if (
    url.pathname !== "/" ||
    url.search !== "" ||
    url.hash !== "" ||
    url.username !== "" ||
    url.password !== ""
  ) {
    return "expected an origin (scheme://host[:port], e.g. https://rocketmq.cn-hangzhou.aliyuncs.com) without path, query or user info";
  }
  return null;
}
