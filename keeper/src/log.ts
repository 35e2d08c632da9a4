/**
 * Structured logs through pino: one JSON object per line on stdout (errors on stderr) with `time` (ISO), `level`
 * (its name), `msg` and fields. Secrets never appear: fields named like secrets (keys, passwords, headers)
 * are replaced by "[redacted]" (pino's redaction), and any URL inside any value keeps only its scheme and host
 * (provider API keys live in the path, the query or the user info: `https://eth-mainnet.example/v2/KEY` is logged as
 * `https://eth-mainnet.example/[redacted]`), error messages included.
 */
import { pino, type Logger as PinoLogger } from "pino";

export type Level = "debug" | "info" | "warn" | "error";

export type Fields = Record<string, string | number | boolean | bigint | null | undefined | string[]>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** Field names whose value is never logged, whatever it holds. */
export const REDACTED_FIELDS = [
  "privateKey",
  "key",
  "password",
  "secret",
  "mnemonic",
  "authorization",
  "headers",
] as const;

const URL_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@"']*@)?([^\s/?#"']+)([^\s"']*)/gi;

/** `text` with every URL cut to its scheme and host (user info, path and query are where API keys live). */
export function scrubUrls(text: string): string {
  return text.replace(URL_PATTERN, (_all, scheme: string, host: string, rest: string) =>
    rest === "" || rest === "/" ? `${scheme}${host}${rest}` : `${scheme}${host}/[redacted]`,
  );
}

function scrub(value: unknown): unknown {
  if (typeof value === "string") return scrubUrls(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(scrub);
  return value;
}

function scrubFields(fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = scrub(v);
  return out;
}

export function createLogger(
  minLevel: Level = "info",
  base: Fields = {},
  write: (level: Level, line: string) => void = (level, line) =>
    (level === "error" ? process.stderr : process.stdout).write(line + "\n"),
  now: () => Date = () => new Date(),
): Logger {
  let current: Level = "info";
  const root = pino(
    {
      level: minLevel,
      base: null,
      messageKey: "msg",
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_FIELDS], censor: "[redacted]" },
    },
    { write: (line: string) => write(current, line.replace(/\n$/, "")) },
  );
  const wrap = (p: PinoLogger): Logger => {
    const emit =
      (level: Level) =>
      (msg: string, fields: Fields = {}): void => {
        current = level;
        p[level](scrubFields(fields), scrubUrls(msg));
      };
    return {
      debug: emit("debug"),
      info: emit("info"),
      warn: emit("warn"),
      error: emit("error"),
      child: (fields) => wrap(p.child(scrubFields(fields))),
    };
  };
  return wrap(Object.keys(base).length === 0 ? root : root.child(scrubFields(base)));
}
