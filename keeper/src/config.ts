/** Keeper configuration from the environment, validated with messages a person can act on. */
import { parseUnits } from "ethers";

export interface KeeperConfig {
  rpcUrl: string;
  /** Hex private key of the keeper account (never read from a file in the repository). */
  privateKey: string;
  manifestPath: string;
  marketData: { kind: "fixture"; path: string } | { kind: "http"; url: string };
  /** The methodologist's regime calls, a JSON file re-read every pass (see regime.ts). */
  regimeFile: string;
  /** Per-asset weight cap, 18 decimals. */
  weightCapWad: bigint;
  /** Seconds between two runs of the keeper loop. */
  intervalSeconds: number;
  /**
   * Highest max fee per gas (wei) the keeper signs. Above it nothing is sent and the intent waits for the next pass:
   * during a gas spike the keeper waits instead of paying.
   */
  maxFeePerGasWei: bigint;
  /** Time limit of one JSON-RPC request, in ms: a hanging RPC fails and is retried instead of stalling the keeper. */
  rpcTimeoutMs: number;
  /**
   * Least profit of an auction fill, in basis points of the amount the vault is paid (see `minProfitFor` in
   * filler.ts for why it is not zero).
   */
  minProfitBps: bigint;
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
  TMAI_REGIME_FILE: "keeper/fixtures/regime.json",
  TMAI_KEEPER_WEIGHT_CAP: "0.25",
  TMAI_KEEPER_INTERVAL_SECONDS: "30",
  TMAI_KEEPER_LOG_LEVEL: "info",
  TMAI_KEEPER_MAX_FEE_GWEI: "200",
  TMAI_KEEPER_RPC_TIMEOUT_SECONDS: "30",
  TMAI_KEEPER_MIN_PROFIT_BPS: "10",
};

/**
 * Highest accepted TMAI_KEEPER_MIN_PROFIT_BPS (10 %), a sanity bound: auction bands are a few percent, so a keeper
 * asking for more would in practice never fill.
 */
export const MAX_MIN_PROFIT_BPS = 1_000;

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

  const regimeFile = get("TMAI_REGIME_FILE");
  if (regimeFile.trim() === "") {
    problems.push(
      `TMAI_REGIME_FILE must be the path of the regime JSON file, e.g. keeper/fixtures/regime.json, got "${regimeFile}"`,
    );
  }

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

  const maxFeeText = get("TMAI_KEEPER_MAX_FEE_GWEI");
  let maxFeePerGasWei = 0n;
  if (!/^\d+(\.\d{1,9})?$/.test(maxFeeText) || !(Number(maxFeeText) > 0)) {
    problems.push(
      `TMAI_KEEPER_MAX_FEE_GWEI must be a positive number of gwei (at most 9 decimals), e.g. 200, got "${maxFeeText}"`,
    );
  } else {
    maxFeePerGasWei = parseUnits(maxFeeText, "gwei");
  }

  const timeoutText = get("TMAI_KEEPER_RPC_TIMEOUT_SECONDS");
  const rpcTimeoutSeconds = Number(timeoutText);
  if (!Number.isInteger(rpcTimeoutSeconds) || rpcTimeoutSeconds < 1 || rpcTimeoutSeconds > 600) {
    problems.push(
      `TMAI_KEEPER_RPC_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600, got "${timeoutText}"`,
    );
  }

  const minProfitText = get("TMAI_KEEPER_MIN_PROFIT_BPS");
  const minProfitBps = Number(minProfitText);
  if (!/^\d+$/.test(minProfitText) || minProfitBps < 1 || minProfitBps > MAX_MIN_PROFIT_BPS) {
    problems.push(
      `TMAI_KEEPER_MIN_PROFIT_BPS must be a whole number of basis points from 1 to ${MAX_MIN_PROFIT_BPS} ` +
        `(0.01 % to 10 % of what a fill pays the vault), e.g. 10, got "${minProfitText}"`,
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
    regimeFile,
    weightCapWad,
    intervalSeconds,
    maxFeePerGasWei,
    rpcTimeoutMs: rpcTimeoutSeconds * 1000,
    minProfitBps: BigInt(minProfitBps),
    logLevel: logLevel as KeeperConfig["logLevel"],
  };
}
