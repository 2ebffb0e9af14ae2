// The link an alert gives to a stored HTML report (DESIGN.md §8): `RMQ_DRIFT_REPORT_URL_BASE` (an https
// base that serves the store's root), or a presigned GET URL (`RMQ_DRIFT_PRESIGN_SECONDS`, S3 only,
// at most 7 days — S3's own limit for SigV4 query signatures), or else the store's own address
// (`s3://…` or a file path, shown as text: chat apps cannot open it).
import { ConfigError } from "../errors.ts";
import { type Logger, silentLogger } from "../log/logger.ts";
import type { ReportStore } from "./store.ts";

export interface LinkSettings {
  urlBase?: string;
  presignSeconds?: number;
}

export type ReportLinker = (key: string) => Promise<string>;

/** Checks the settings against the store once, at wiring time, so a bad combination fails at start. */
export function reportLinker(
  store: ReportStore,
  settings: LinkSettings,
  logger: Logger = silentLogger,
): ReportLinker {
  const { urlBase, presignSeconds } = settings;
  if (urlBase !== undefined && presignSeconds !== undefined) {
    throw new ConfigError(
      "RMQ_DRIFT_REPORT_URL_BASE and RMQ_DRIFT_PRESIGN_SECONDS are both set; choose one way to link reports",
    );
  }
  if (urlBase !== undefined) {
    const base = urlBase.replace(/\/+$/, "");
    return async (key) => `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }
  if (presignSeconds !== undefined) {
    const presign = store.presign?.bind(store);
    if (!presign) {
      throw new ConfigError(
        `RMQ_DRIFT_PRESIGN_SECONDS needs an s3:// report store; ${store.location} is a folder (set RMQ_DRIFT_REPORT_URL_BASE instead)`,
      );
    }
    // Signing needs the store's credentials; without them the alert still goes out, with the
    // store's address instead of a link.
    return async (key) => {
      try {
        return await presign(key, presignSeconds);
      } catch (error) {
        logger.error("could not presign the report link; the alert shows the store address", {
          key,
          error,
        });
        return store.url(key);
      }
    };
  }
  return async (key) => store.url(key);
}
