// Reads a node:http request body while counting bytes, and stops at the limit: an oversized body is
// never held in memory, whatever Content-Length claims (or when it is absent, with chunked encoding).
import type { IncomingMessage } from "node:http";

export const TOO_LARGE = Symbol("too large");

/** The body as UTF-8 text (null when empty), or TOO_LARGE as soon as `limit` bytes are exceeded. */
export function readBodyLimited(
  req: IncomingMessage,
  limit: number,
): Promise<string | null | typeof TOO_LARGE> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        chunks.length = 0;
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(total === 0 ? null : Buffer.concat(chunks, total).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
