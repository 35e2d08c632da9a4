/** The price simulator's configuration from the environment, validated like the keeper's (keeper/src/config.ts). */

export interface SimulatorConfig {
  rpcUrl: string;
  manifestPath: string;
  /** Hex private key of the simulator account (a local test account; `npm start` passes account #4's). */
  privateKey: string;
  /** Seconds between two steps. */
  intervalSeconds: number;
  /** Standard deviation of a step's log-return (0.005: about 0.5 % per step). */
  volatility: number;
  /** Seed of the price walk: the same seed gives the same path. */
  seed: number;
}

export class SimulatorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Simulator configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Reads every setting, collecting all problems before failing: TMAI_RPC_URL, TMAI_MANIFEST,
 * TMAI_SIMULATOR_PRIVATE_KEY, TMAI_SIMULATOR_INTERVAL_SECONDS (15), TMAI_SIMULATOR_VOLATILITY (0.005 per step),
 * TMAI_SIMULATOR_SEED (random: from `now`).
 */
export function loadSimulatorConfig(
  env: Record<string, string | undefined>,
  now: () => number = Date.now,
): SimulatorConfig {
  const problems: string[] = [];
  const number = (name: string, fallback: string, valid: (v: number) => boolean, what: string): number => {
    const raw = env[name] ?? fallback;
    const value = Number(raw);
    if (!valid(value)) problems.push(`${name} must be ${what}, got "${raw}"`);
    return value;
  };

  const rpcUrl = env.TMAI_RPC_URL ?? "http://127.0.0.1:8545";
  if (!/^https?:\/\/\S+$/.test(rpcUrl)) problems.push(`TMAI_RPC_URL must be an http(s) URL, got "${rpcUrl}"`);
  const manifestPath = env.TMAI_MANIFEST ?? "deployments/localhost.json";
  const privateKey = env.TMAI_SIMULATOR_PRIVATE_KEY ?? "";
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) {
    problems.push("TMAI_SIMULATOR_PRIVATE_KEY must be a 0x-prefixed 32-byte hex key");
  }
  const intervalSeconds = number(
    "TMAI_SIMULATOR_INTERVAL_SECONDS",
    "15",
    (v) => Number.isInteger(v) && v >= 1,
    "a whole number of seconds >= 1",
  );
  const volatility = number("TMAI_SIMULATOR_VOLATILITY", "0.005", (v) => v >= 0 && v < 0.5, "a fraction in [0, 0.5)");
  const seed = number("TMAI_SIMULATOR_SEED", String(now() % 2 ** 31), Number.isInteger, "an integer");

  if (problems.length > 0) throw new SimulatorConfigError(problems);
  return { rpcUrl, manifestPath, privateKey, intervalSeconds, volatility, seed };
}
