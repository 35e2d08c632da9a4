/**
 * `npm run simulate`: the local stack's price simulator (started by `npm start`). Local chains only.
 * Settings: TMAI_RPC_URL, TMAI_MANIFEST, TMAI_SIMULATOR_PRIVATE_KEY, TMAI_SIMULATOR_INTERVAL_SECONDS (15),
 * TMAI_SIMULATOR_VOLATILITY (0.005 per step), TMAI_SIMULATOR_SEED (random).
 */
import { JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { createLogger } from "./log.js";
import { seededRandom } from "./priceWalk.js";
import { runEvery } from "./loop.js";
import { withRetry } from "./retry.js";
import { loadSimulatorManifest, PriceSimulator } from "./simulator.js";

function setting(name: string, fallback: string, valid: (v: number) => boolean, what: string): number {
  const raw = process.env[name] ?? fallback;
  const value = Number(raw);
  if (!valid(value)) throw new Error(`${name} must be ${what}, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const log = createLogger("info", { service: "simulator" });
  const rpcUrl = process.env.TMAI_RPC_URL ?? "http://127.0.0.1:8545";
  const manifestPath = process.env.TMAI_MANIFEST ?? "deployments/localhost.json";
  const key = process.env.TMAI_SIMULATOR_PRIVATE_KEY ?? "";
  if (!/^0x[0-9a-fA-F]{64}$/.test(key))
    throw new Error("TMAI_SIMULATOR_PRIVATE_KEY must be a 0x-prefixed 32-byte hex key");
  const interval = setting(
    "TMAI_SIMULATOR_INTERVAL_SECONDS",
    "15",
    (v) => Number.isInteger(v) && v >= 1,
    "a whole number of seconds >= 1",
  );
  const sigma = setting("TMAI_SIMULATOR_VOLATILITY", "0.005", (v) => v >= 0 && v < 0.5, "a fraction in [0, 0.5)");
  const seed = setting("TMAI_SIMULATOR_SEED", String(Date.now() % 2 ** 31), Number.isInteger, "an integer");
  const market = await loadSimulatorManifest(manifestPath);

  // One block a second: poll as often (ethers polls every 4 s by default, which made each transaction wait ~4 s).
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, pollingInterval: 1000 });
  const signer = new NonceManager(new Wallet(key, provider));
  const sim = new PriceSimulator(market, signer, sigma, seededRandom(seed), log);
  await withRetry(() => sim.prepare(), { attempts: 5, baseDelayMs: 500, maxDelayMs: 4000 });
  log.info("simulator started", { interval, sigma, seed });

  await runEvery(interval, log, async () => {
    try {
      log.info("prices", await sim.step());
    } catch (err) {
      signer.reset(); // re-read the nonce after a failed send
      throw err;
    }
  });
  provider.destroy();
  log.info("simulator stopped");
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${(err as Error).message}\n`);
  process.exit(1);
});
