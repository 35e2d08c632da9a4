/** Keeper configuration from the environment, validated with messages a person can act on. */

export interface KeeperConfig {
  rpcUrl: string;
  /** Hex private key of the keeper account (never read from a file in the repository). */
  privateKey: string;
  manifestPath: string;
  marketData: { kind: "fixture"; path: string } | { kind: "http"; url: string };
  /** Per-asset weight cap, 18 decimals. */
  weightCapWad: bigint;
  /** Seconds between two runs of the keeper loop. */
  intervalSeconds: number;
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Keeper configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const DEFAULTS = {
  TMAI_RPC_URL: "http://127.0.0.1:8545",
  TMAI_MANIFEST: "deployments/localhost.json",
  TMAI_KEEPER_WEIGHT_CAP: "0.25",
  TMAI_KEEPER_INTERVAL_SECONDS: "30",
  TMAI_KEEPER_LOG_LEVEL: "info",
};

/** Reads every setting, collecting all problems before failing, so one run shows everything to fix. */
export function loadConfig(env: Record<string, string | undefined>): KeeperConfig {
  const problems: string[] = [];
  const get = (key: keyof typeof DEFAULTS): string => env[key] ?? DEFAULTS[key];

  const rpcUrl = get("TMAI_RPC_URL");
  if (!/^https?:\/\/\S+$/.test(rpcUrl)) problems.push(`TMAI_RPC_URL must be an http(s) URL, got "${rpcUrl}"`);

  const privateKey = env.TMAI_KEEPER_PRIVATE_KEY ?? "";
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    problems.push(
      "TMAI_KEEPER_PRIVATE_KEY must be set to a 0x-prefixed 32-byte hex key (it is never read from a file)",
    );
  }

  const manifestPath = get("TMAI_MANIFEST");

  let marketData: KeeperConfig["marketData"] = { kind: "fixture", path: "keeper/fixtures/market-caps.json" };
  const source = env.TMAI_MARKET_DATA ?? "fixture:keeper/fixtures/market-caps.json";
  if (source.startsWith("fixture:") && source.length > 8) marketData = { kind: "fixture", path: source.slice(8) };
  else if (/^https?:\/\//.test(source)) marketData = { kind: "http", url: source };
  else problems.push(`TMAI_MARKET_DATA must be "fixture:<path>" or an http(s) URL, got "${source}"`);

  const capText = get("TMAI_KEEPER_WEIGHT_CAP");
  const cap = Number(capText);
  let weightCapWad = 0n;
  if (!/^\d*\.?\d+$/.test(capText) || !(cap > 0 && cap <= 1)) {
    problems.push(`TMAI_KEEPER_WEIGHT_CAP must be a fraction in (0, 1], e.g. 0.25, got "${capText}"`);
  } else {
    weightCapWad = BigInt(Math.round(cap * 1e6)) * 10n ** 12n;
  }

  const intervalText = get("TMAI_KEEPER_INTERVAL_SECONDS");
  const intervalSeconds = Number(intervalText);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1 || intervalSeconds > 86_400) {
    problems.push(
      `TMAI_KEEPER_INTERVAL_SECONDS must be a whole number of seconds from 1 to 86400, got "${intervalText}"`,
    );
  }

  const logLevel = get("TMAI_KEEPER_LOG_LEVEL");
  if (!["debug", "info", "warn", "error"].includes(logLevel)) {
    problems.push(`TMAI_KEEPER_LOG_LEVEL must be one of debug, info, warn, error, got "${logLevel}"`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    rpcUrl,
    privateKey,
    manifestPath,
    marketData,
    weightCapWad,
    intervalSeconds,
    logLevel: logLevel as KeeperConfig["logLevel"],
  };
}
