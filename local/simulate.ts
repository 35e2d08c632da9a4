/**
 * `npm run simulate`: the local stack's price simulator (started by `npm start`). Local chains only.
 * Settings: local/config.ts.
 */
import { JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { createLogger } from "../keeper/src/log.js";
import { runEvery } from "../keeper/src/loop.js";
import { withRetry } from "../keeper/src/retry.js";
import { loadSimulatorConfig, SimulatorConfigError } from "./config.js";
import { seededRandom } from "./priceWalk.js";
import { loadSimulatorManifest, PriceSimulator } from "./simulator.js";

async function main(): Promise<void> {
  const log = createLogger("info", { service: "simulator" });
  const config = loadSimulatorConfig(process.env);
  const { intervalSeconds: interval, volatility: sigma, seed } = config;
  const market = await loadSimulatorManifest(config.manifestPath);

  // One block a second: poll as often (ethers polls every 4 s by default, which made each transaction wait ~4 s).
  const provider = new JsonRpcProvider(config.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 1000 });
  const signer = new NonceManager(new Wallet(config.privateKey, provider));
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
  process.stderr.write(
    `${err instanceof SimulatorConfigError ? err.message : `simulator: ${(err as Error).message}`}\n`,
  );
  process.exit(1);
});
