import { describe, expect, it } from "vitest";
import { createLogger, type Level } from "../src/log.js";

describe("createLogger", () => {
  it("writes one JSON object per line with level, message, base and call fields, bigints as strings", () => {
    const lines: [Level, string][] = [];
    const log = createLogger(
      "info",
      { service: "keeper" },
      (l, line) => lines.push([l, line]),
      () => new Date(0),
    );
    log.debug("hidden");
    log.child({ vault: "0xabc" }).warn("auction stalled", { lot: 5n, attempt: 2 });
    expect(lines).toHaveLength(1);
    const [level, line] = lines[0]!;
    expect(level).toBe("warn");
    expect(JSON.parse(line)).toEqual({
      time: "1970-01-01T00:00:00.000Z",
      level: "warn",
      msg: "auction stalled",
      service: "keeper",
      vault: "0xabc",
      lot: "5",
      attempt: 2,
    });
  });
});
