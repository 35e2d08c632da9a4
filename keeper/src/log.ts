/** Structured logs: one JSON object per line on stdout (errors on stderr), with a level, a message and fields. */
export type Level = "debug" | "info" | "warn" | "error";

export type Fields = Record<string, string | number | boolean | bigint | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  minLevel: Level = "info",
  base: Fields = {},
  write: (level: Level, line: string) => void = (level, line) =>
    (level === "error" ? process.stderr : process.stdout).write(line + "\n"),
  now: () => Date = () => new Date(),
): Logger {
  const emit = (level: Level, msg: string, fields: Fields = {}): void => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const record = { time: now().toISOString(), level, msg, ...base, ...fields };
    write(
      level,
      JSON.stringify(record, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    );
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(minLevel, { ...base, ...fields }, write, now),
  };
}
