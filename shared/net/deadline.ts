// A real deadline for one attempt of an operation that may never answer (a store that accepts the
// connection and goes silent, a hung network file system). The attempt is handed a signal to stop its
// own work; whether or not it listens, the caller gets a `TimeoutError` when the time is up.
import { ExecutionError } from "../errors.ts";

/** Thrown when an attempt outlives its deadline. `code` lets retry classifiers treat it as transient. */
export class DeadlineError extends ExecutionError {
  override name = "TimeoutError";
  readonly code = "ETIMEDOUT";
}

export async function withDeadline<T>(
  ms: number,
  what: string,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeadlineError(`${what} did not finish within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    // `race` also subscribes to the attempt, so its late rejection is never unhandled.
    return await Promise.race([attempt(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
