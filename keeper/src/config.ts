/**
 * Keeper configuration from the environment: ONE zod schema over every variable, every problem reported at once with
 * what to set (`ConfigError.problems`). Nothing here reads a file: keystores are decrypted later (keys.ts).
 */
import { parseUnits } from "ethers";
import { z } from "zod";

/** Where a role's signing key comes from. */
export type KeySource =
  | { kind: "privateKey"; variable: string; privateKey: string }
  | {
      kind: "keystore";
      variable: string;
      /** An encrypted JSON keystore (ethers, geth, `cast wallet`: the Web3 Secret Storage format). */
      path: string;
      password: { kind: "env"; variable: string; value: string } | { kind: "file"; variable: string; path: string };
    };

/** The keeper's two roles, each with its own key (or one key for both). */
export interface KeeperKeys {
  /** Posts targets and signals regimes: the Rebalancer's METHODOLOGIST_ROLE. */
  methodologist: KeySource;
  /** Fills auctions (the UniswapSolver's OPERATOR_ROLE) and sends the open calls: upkeep, samples, housekeeping. */
  operator: KeySource;
}

export interface KeeperConfig {
  rpcUrl: string;
  keys: KeeperKeys;
  manifestPath: string;
  /**
   * Market caps: a fixture file, an HTTP endpoint answering the fixture's shape, or a CoinGecko-style API
   * (`coingecko:<base URL>`, ids mapped to addresses by `tokenMap`).
   */
  marketData: { kind: "fixture"; path: string } | { kind: "http"; url: string } | { kind: "coingecko"; url: string };
  /** CoinGecko API key (TMAI_COINGECKO_API_KEY), sent in the `x-cg-pro-api-key` header; none for the public API. */
  coingeckoApiKey?: string;
  /** The versioned map of provider ids to token addresses, and the network of it to use (default: the manifest's). */
  tokenMap: { path: string; network?: string };
  /** Per-token signals: a fixture file, or a Token-Metrics-style API with its key (TMAI_TOKEN_METRICS_API_KEY). */
  signals?: { kind: "fixture"; path: string } | { kind: "token-metrics"; url: string; apiKey: string };
  /** Which methodology each vault follows (methodologyConfig.ts); none: capped market cap for every vault. */
  methodologyFile?: string;
  /** Time limit of one request to a data provider, in ms. */
  dataTimeoutMs: number;
  /** Where target snapshots are published before the target is posted (`<dir>/<vault>/<week>.json`). */
  snapshotDir: string;
  /**
   * Where each signing account's transaction journal lives (`<dir>/journal-<chainId>-<address>.json`). One per chain
   * history: a journal of another chain with the same id (a restarted local node) names transactions that chain
   * never saw, which the keeper would wait for.
   */
  stateDir: string;
  /** Drift bands of an intra-week repost, basis points of the posted weight (trim above, top up below). */
  driftBands: { trimBps: number; topUpBps: number };
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
  /** `/healthz` and `/metrics` (Prometheus); `port` 0 turns the server off. */
  metrics: { host: string; port: number };
  /** Blocks a transaction may stay pending before it is replaced at a higher fee (same nonce, within the fee cap). */
  stuckAfterBlocks: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Keeper configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Highest accepted TMAI_KEEPER_MIN_PROFIT_BPS (10 %), a sanity bound: auction bands are a few percent, so a keeper
 * asking for more would in practice never fill.
 */
export const MAX_MIN_PROFIT_BPS = 1_000;

const HEX_KEY = /^0x[0-9a-fA-F]{64}$/;

/** A variable with a default, checked by `ok`, turned into its value by `to`; `hint` says what to set. */
function setting<T>(
  fallback: string,
  ok: (text: string) => boolean,
  hint: string,
  to: (text: string) => T,
): z.ZodType<T, string | undefined> {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v ?? fallback;
      if (!ok(text)) {
        ctx.addIssue({ code: "custom", message: `${hint}, got "${text}"` });
        return z.NEVER;
      }
      return to(text);
    });
}

const wholeIn = (min: number, max: number) => (t: string) => /^\d+$/.test(t) && Number(t) >= min && Number(t) <= max;

/** One role's key: `<ROLE>_PRIVATE_KEY`, or `<ROLE>_KEYSTORE` with `<ROLE>_KEYSTORE_PASSWORD(_FILE)`. */
function roleKey(
  env: Record<string, string | undefined>,
  role: "METHODOLOGIST" | "OPERATOR",
  shared: KeySource | undefined,
  problems: string[],
): KeySource | undefined {
  const keyVar = `TMAI_${role}_PRIVATE_KEY`;
  const storeVar = `TMAI_${role}_KEYSTORE`;
  const passVar = `${storeVar}_PASSWORD`;
  const passFileVar = `${storeVar}_PASSWORD_FILE`;
  const [key, store, pass, passFile] = [env[keyVar], env[storeVar], env[passVar], env[passFileVar]].map((v) =>
    v === "" ? undefined : v,
  );
  if (key !== undefined && store !== undefined) {
    problems.push(`${keyVar} and ${storeVar} are both set: give the ${role.toLowerCase()} one key`);
    return undefined;
  }
  if (key !== undefined) {
    if (HEX_KEY.test(key)) return { kind: "privateKey", variable: keyVar, privateKey: key };
    problems.push(`${keyVar} must be a 0x-prefixed 32-byte hex key`);
    return undefined;
  }
  if (store !== undefined) {
    if (pass !== undefined && passFile !== undefined) {
      problems.push(`${passVar} and ${passFileVar} are both set: keep one`);
      return undefined;
    }
    if (pass === undefined && passFile === undefined) {
      problems.push(`${storeVar} is set but its password is not: set ${passFileVar} (a file) or ${passVar}`);
      return undefined;
    }
    const password =
      passFile !== undefined
        ? { kind: "file" as const, variable: passFileVar, path: passFile }
        : { kind: "env" as const, variable: passVar, value: pass! };
    return { kind: "keystore", variable: storeVar, path: store, password };
  }
  return shared;
}

/** Both roles' keys: each its own, or TMAI_KEEPER_PRIVATE_KEY for a role that has none. */
function keeperKeys(env: Record<string, string | undefined>, problems: string[]): KeeperKeys | undefined {
  const sharedText = env.TMAI_KEEPER_PRIVATE_KEY;
  let shared: KeySource | undefined;
  if (sharedText !== undefined && sharedText !== "") {
    if (HEX_KEY.test(sharedText)) {
      shared = { kind: "privateKey", variable: "TMAI_KEEPER_PRIVATE_KEY", privateKey: sharedText };
    } else problems.push("TMAI_KEEPER_PRIVATE_KEY must be a 0x-prefixed 32-byte hex key");
  }
  const before = problems.length;
  const methodologist = roleKey(env, "METHODOLOGIST", shared, problems);
  const operator = roleKey(env, "OPERATOR", shared, problems);
  if (problems.length > before) return undefined;
  if (methodologist === undefined && operator === undefined) {
    if (sharedText === undefined || sharedText === "") {
      problems.push(
        "TMAI_KEEPER_PRIVATE_KEY must be set to a 0x-prefixed 32-byte hex key (one key for both roles), or each role " +
          "its own: TMAI_METHODOLOGIST_PRIVATE_KEY or TMAI_METHODOLOGIST_KEYSTORE, and TMAI_OPERATOR_PRIVATE_KEY or " +
          "TMAI_OPERATOR_KEYSTORE (keys are never read from a file in the repository)",
      );
    }
    return undefined;
  }
  for (const [role, source] of [
    ["methodologist", methodologist],
    ["operator", operator],
  ] as const) {
    if (source === undefined) {
      const upper = role.toUpperCase();
      problems.push(
        `the ${role} has no key: set TMAI_${upper}_PRIVATE_KEY or TMAI_${upper}_KEYSTORE ` +
          "(or TMAI_KEEPER_PRIVATE_KEY for both roles)",
      );
    }
  }
  return methodologist === undefined || operator === undefined ? undefined : { methodologist, operator };
}

const schema = z.object({
  TMAI_RPC_URL: setting(
    "http://127.0.0.1:8545",
    (t) => /^https?:\/\/\S+$/.test(t),
    "TMAI_RPC_URL must be an http(s) URL",
    (t) => t,
  ),
  TMAI_MANIFEST: setting(
    "deployments/localhost.json",
    (t) => t.trim() !== "",
    "TMAI_MANIFEST must be the path of a deployments manifest",
    (t) => t,
  ),
  TMAI_MARKET_DATA: setting(
    "fixture:keeper/fixtures/market-caps.json",
    (t) => (t.startsWith("fixture:") && t.length > 8) || /^(coingecko:)?https?:\/\/\S+$/.test(t),
    'TMAI_MARKET_DATA must be "fixture:<path>", an http(s) URL, or "coingecko:<base URL>"',
    (t): KeeperConfig["marketData"] =>
      t.startsWith("fixture:")
        ? { kind: "fixture", path: t.slice(8) }
        : t.startsWith("coingecko:")
          ? { kind: "coingecko", url: t.slice(10) }
          : { kind: "http", url: t },
  ),
  TMAI_TOKEN_MAP: setting(
    "keeper/fixtures/token-map.json",
    (t) => t.trim() !== "",
    "TMAI_TOKEN_MAP must be the path of the token map (provider ids to addresses per network)",
    (t) => t,
  ),
  TMAI_SIGNALS: z
    .string()
    .optional()
    .refine(
      (t) => t === undefined || t === "" || (t.startsWith("fixture:") && t.length > 8) || /^https?:\/\/\S+$/.test(t),
      'TMAI_SIGNALS must be "fixture:<path>" or the http(s) URL of a Token-Metrics-style trading-signals endpoint',
    ),
  TMAI_DATA_TIMEOUT_SECONDS: setting(
    "10",
    wholeIn(1, 120),
    "TMAI_DATA_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 120",
    (t) => Number(t) * 1000,
  ),
  TMAI_SNAPSHOT_DIR: setting(
    "deployments/snapshots",
    (t) => t.trim() !== "",
    "TMAI_SNAPSHOT_DIR must be the directory where target snapshots are published",
    (t) => t,
  ),
  TMAI_KEEPER_STATE_DIR: setting(
    "keeper/.state",
    (t) => t.trim() !== "",
    "TMAI_KEEPER_STATE_DIR must be the directory of the keeper's transaction journals",
    (t) => t,
  ),
  TMAI_KEEPER_TRIM_BAND: setting(
    "0.5",
    (t) => /^\d*\.?\d+$/.test(t) && Number(t) > 0 && Number(t) <= 10,
    "TMAI_KEEPER_TRIM_BAND must be a fraction of the posted weight in (0, 10], e.g. 0.5 (repost above +50 %)",
    (t) => Math.round(Number(t) * 10_000),
  ),
  TMAI_KEEPER_TOPUP_BAND: setting(
    "0.3",
    (t) => /^\d*\.?\d+$/.test(t) && Number(t) > 0 && Number(t) < 1,
    "TMAI_KEEPER_TOPUP_BAND must be a fraction of the posted weight in (0, 1), e.g. 0.3 (repost below -30 %)",
    (t) => Math.round(Number(t) * 10_000),
  ),
  TMAI_REGIME_FILE: setting(
    "keeper/fixtures/regime.json",
    (t) => t.trim() !== "",
    "TMAI_REGIME_FILE must be the path of the regime JSON file, e.g. keeper/fixtures/regime.json",
    (t) => t,
  ),
  TMAI_KEEPER_WEIGHT_CAP: setting(
    "0.25",
    (t) => /^\d*\.?\d+$/.test(t) && Number(t) > 0 && Number(t) <= 1,
    "TMAI_KEEPER_WEIGHT_CAP must be a fraction in (0, 1], e.g. 0.25",
    (t) => BigInt(Math.round(Number(t) * 1e6)) * 10n ** 12n,
  ),
  TMAI_KEEPER_INTERVAL_SECONDS: setting(
    "30",
    wholeIn(1, 86_400),
    "TMAI_KEEPER_INTERVAL_SECONDS must be a whole number of seconds from 1 to 86400",
    Number,
  ),
  TMAI_KEEPER_MAX_FEE_GWEI: setting(
    "200",
    (t) => /^\d+(\.\d{1,9})?$/.test(t) && Number(t) > 0,
    "TMAI_KEEPER_MAX_FEE_GWEI must be a positive number of gwei (at most 9 decimals), e.g. 200",
    (t) => parseUnits(t, "gwei"),
  ),
  TMAI_KEEPER_RPC_TIMEOUT_SECONDS: setting(
    "30",
    wholeIn(1, 600),
    "TMAI_KEEPER_RPC_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600",
    (t) => Number(t) * 1000,
  ),
  TMAI_KEEPER_MIN_PROFIT_BPS: setting(
    "10",
    wholeIn(1, MAX_MIN_PROFIT_BPS),
    `TMAI_KEEPER_MIN_PROFIT_BPS must be a whole number of basis points from 1 to ${MAX_MIN_PROFIT_BPS} ` +
      "(0.01 % to 10 % of what a fill pays the vault), e.g. 10",
    (t) => BigInt(t),
  ),
  TMAI_KEEPER_LOG_LEVEL: setting(
    "info",
    (t) => ["debug", "info", "warn", "error"].includes(t),
    "TMAI_KEEPER_LOG_LEVEL must be one of debug, info, warn, error",
    (t) => t as KeeperConfig["logLevel"],
  ),
  TMAI_KEEPER_METRICS_HOST: setting(
    "127.0.0.1",
    (t) => /^[0-9A-Za-z.:-]+$/.test(t),
    "TMAI_KEEPER_METRICS_HOST must be a host name or IP address to listen on, e.g. 127.0.0.1",
    (t) => t,
  ),
  TMAI_KEEPER_STUCK_BLOCKS: setting(
    "20",
    wholeIn(1, 10_000),
    "TMAI_KEEPER_STUCK_BLOCKS must be a whole number of blocks from 1 to 10000 (how long a transaction may stay " +
      "pending before it is replaced at a higher fee)",
    Number,
  ),
  TMAI_KEEPER_METRICS_PORT: setting(
    "9464",
    wholeIn(0, 65_535),
    "TMAI_KEEPER_METRICS_PORT must be a port from 1 to 65535, or 0 to serve no /healthz and /metrics",
    Number,
  ),
});

/** Reads every setting, collecting all problems before failing, so one run shows everything to fix. */
export function loadConfig(env: Record<string, string | undefined>): KeeperConfig {
  const problems: string[] = [];
  const parsed = schema.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => issue.message));
  const keys = keeperKeys(env, problems);
  const signalsText = env.TMAI_SIGNALS ?? "";
  const tmKey = env.TMAI_TOKEN_METRICS_API_KEY ?? "";
  if (/^https?:\/\//.test(signalsText) && tmKey === "") {
    problems.push("TMAI_SIGNALS is a Token Metrics URL: set TMAI_TOKEN_METRICS_API_KEY to its API key");
  }
  if (!parsed.success || keys === undefined || problems.length > 0) throw new ConfigError(problems);
  const s = parsed.data;
  return {
    rpcUrl: s.TMAI_RPC_URL,
    keys,
    manifestPath: s.TMAI_MANIFEST,
    marketData: s.TMAI_MARKET_DATA,
    ...(env.TMAI_COINGECKO_API_KEY ? { coingeckoApiKey: env.TMAI_COINGECKO_API_KEY } : {}),
    tokenMap: {
      path: s.TMAI_TOKEN_MAP,
      ...(env.TMAI_TOKEN_MAP_NETWORK ? { network: env.TMAI_TOKEN_MAP_NETWORK } : {}),
    },
    ...(signalsText === ""
      ? {}
      : {
          signals: signalsText.startsWith("fixture:")
            ? { kind: "fixture" as const, path: signalsText.slice(8) }
            : { kind: "token-metrics" as const, url: signalsText, apiKey: tmKey },
        }),
    ...(env.TMAI_METHODOLOGY_FILE ? { methodologyFile: env.TMAI_METHODOLOGY_FILE } : {}),
    dataTimeoutMs: s.TMAI_DATA_TIMEOUT_SECONDS,
    snapshotDir: s.TMAI_SNAPSHOT_DIR,
    stateDir: s.TMAI_KEEPER_STATE_DIR,
    driftBands: { trimBps: s.TMAI_KEEPER_TRIM_BAND, topUpBps: s.TMAI_KEEPER_TOPUP_BAND },
    regimeFile: s.TMAI_REGIME_FILE,
    weightCapWad: s.TMAI_KEEPER_WEIGHT_CAP,
    intervalSeconds: s.TMAI_KEEPER_INTERVAL_SECONDS,
    maxFeePerGasWei: s.TMAI_KEEPER_MAX_FEE_GWEI,
    rpcTimeoutMs: s.TMAI_KEEPER_RPC_TIMEOUT_SECONDS,
    minProfitBps: s.TMAI_KEEPER_MIN_PROFIT_BPS,
    logLevel: s.TMAI_KEEPER_LOG_LEVEL,
    metrics: { host: s.TMAI_KEEPER_METRICS_HOST, port: s.TMAI_KEEPER_METRICS_PORT },
    stuckAfterBlocks: s.TMAI_KEEPER_STUCK_BLOCKS,
  };
}
