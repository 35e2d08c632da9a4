import { describe, expect, it } from "vitest";
import { createLogger, scrubUrls, type Level } from "../src/log.js";

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

  it("never logs a secret: key-like fields are redacted, URLs keep only scheme and host, in messages and errors too", () => {
    const lines: string[] = [];
    const log = createLogger("debug", { rpc: "https://eth-mainnet.g.alchemy.com/v2/SECRETKEY123" }, (_l, line) =>
      lines.push(line),
    );
    const key = `0x${"ab".repeat(32)}`;
    log.child({ account: "0x1234" }).error("RPC call failed, retrying https://user:pw@rpc.example/abc?apikey=XYZ", {
      privateKey: key,
      password: "hunter2",
      headers: "Authorization: Bearer TOKEN",
      error: 'request to https://arb-mainnet.infura.io/v3/INFURAKEY failed, reason: "ECONNRESET"',
      attempt: 2,
    });
    const text = lines.join("\n");
    for (const secret of ["SECRETKEY123", key, "hunter2", "TOKEN", "INFURAKEY", "apikey", "XYZ", "user:pw"]) {
      expect(text).not.toContain(secret);
    }
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      rpc: "https://eth-mainnet.g.alchemy.com/[redacted]",
      account: "0x1234",
      privateKey: "[redacted]",
      password: "[redacted]",
      headers: "[redacted]",
      error: 'request to https://arb-mainnet.infura.io/[redacted] failed, reason: "ECONNRESET"',
      attempt: 2,
      msg: "RPC call failed, retrying https://rpc.example/[redacted]",
    });
  });

  it("keeps a URL without a path as it is (a local node's)", () => {
    expect(scrubUrls("http://127.0.0.1:8545")).toBe("http://127.0.0.1:8545");
    expect(scrubUrls("see http://127.0.0.1:8545/ now")).toBe("see http://127.0.0.1:8545/ now");
  });
});
