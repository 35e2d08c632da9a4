import { errorFields } from "./errors.js";
import type { Logger } from "./log.js";

/**
 * Runs `pass` every `intervalSeconds` until SIGINT or SIGTERM; the pass in progress finishes first, the wait
 * between passes is cut short. A task that fails is logged by the pass itself, which goes on (tick.ts); a pass that
 * fails as a whole (e.g. the RPC is down while it settles what is in flight) is logged (a revert decoded by error
 * name) and retried at the next interval.
 */
export async function runEvery(
  intervalSeconds: number,
  log: Logger,
  pass: () => Promise<void>,
  onPassFailed: () => void = () => undefined,
): Promise<void> {
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info("stopping after the current pass", { signal });
    wake?.();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  while (!stopping) {
    try {
      await pass();
    } catch (err) {
      onPassFailed();
      log.error("pass failed; will retry next interval", errorFields(err));
    }
    if (stopping) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalSeconds * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
