/** Retries of transient failures (RPC hiccups, timeouts) with exponential backoff and jitter. */

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt, in ms; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Whether an error is worth retrying (default: `isTransientError`). */
  retryable?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const TRANSIENT = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /ETIMEDOUT/,
  /EAI_AGAIN/,
  /socket hang up/i,
  /timeout/i,
  /rate limit/i,
  /\b429\b/,
  /\b(502|503|504)\b/,
  /network error/i,
  /missing response/i,
  /SERVER_ERROR/,
  /TIMEOUT/,
  /NETWORK_ERROR/,
];

/** Network-level failures are transient; reverts, bad arguments and nonce conflicts are not. */
export function isTransientError(err: unknown): boolean {
  const text =
    err instanceof Error ? `${err.name} ${err.message} ${(err as { code?: string }).code ?? ""}` : String(err);
  if (/CALL_EXCEPTION|revert|INVALID_ARGUMENT|NONCE_EXPIRED|nonce too low|REPLACEMENT_UNDERPRICED/i.test(text)) {
    return false;
  }
  return TRANSIENT.some((re) => re.test(text));
}

/**
 * The chain refused the call (a revert, seen when simulating or estimating a transaction): the transaction would
 * fail as planned, and retrying it unchanged cannot help.
 */
export function isRevertError(err: unknown): boolean {
  const text =
    err instanceof Error ? `${err.name} ${err.message} ${(err as { code?: string }).code ?? ""}` : String(err);
  return /CALL_EXCEPTION|\brevert/i.test(text);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retryable = options.retryable ?? isTransientError;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  if (!Number.isInteger(options.attempts) || options.attempts < 1) throw new Error("attempts must be at least 1");
  let delay = options.baseDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.attempts || !retryable(err)) throw err;
      const jittered = Math.round(delay / 2 + random() * (delay / 2));
      options.onRetry?.(err, attempt, jittered);
      await sleep(jittered);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}
