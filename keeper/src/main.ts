/**
 * The keeper service: `npm run keeper` (started by `npm start` on the local stack).
 * Posts market-cap targets as methodologist, signals the regime, runs the Chainlink-compatible upkeep when due,
 * and fills auctions through the Uniswap solver when profitable; retries RPC failures with backoff, never sends an
 * intent twice (journal), logs JSON lines, and stops cleanly on SIGINT/SIGTERM.
 */
import { formatUnits, Wallet } from "ethers";
import {
  IndexVault__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import { ethersChainClient, keeperProvider, keeperSubmit } from "./chain.js";
import { chainClock } from "./clock.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./log.js";
import { FixtureMarketData, HttpMarketData } from "./marketData.js";
import { SolverFiller } from "./filler.js";
import { FileRegimeSource } from "./regime.js";
import { runEvery } from "./loop.js";
import { loadKeeperManifest } from "./manifest.js";
import { keeperPass } from "./tick.js";
import { contractsHousekeeping } from "./tasks/housekeeping.js";
import { Journal, TxSender } from "./txSender.js";
import type { MarketDataSource } from "./types.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel, { service: "keeper" });

  // Validated (manifest/index.ts): a missing, old or broken manifest stops the keeper with a message naming the field.
  const targets = await loadKeeperManifest(config.manifestPath);

  const provider = keeperProvider(config.rpcUrl, config.rpcTimeoutMs);
  const wallet = new Wallet(config.privateKey, provider);
  const chainId = (await provider.getNetwork()).chainId;
  const journal = new Journal(`keeper/.state/journal-${chainId}-${wallet.address.toLowerCase()}.json`);
  await journal.load();
  const sender = new TxSender(ethersChainClient(provider), wallet.address, journal, log, {
    retry: { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 },
    receiptTimeoutMs: 60_000,
    pollMs: 1_000,
    maxRebroadcasts: 3,
  });

  const clock = chainClock(provider); // the one clock of every task: chain time
  const market: MarketDataSource =
    config.marketData.kind === "fixture"
      ? new FixtureMarketData(config.marketData.path, (s) => targets.tokenBySymbol.get(s))
      : new HttpMarketData(config.marketData.url);
  const regime = new FileRegimeSource(config.regimeFile);
  const rebalancer = Rebalancer__factory.connect(targets.rebalancer, wallet);
  const upkeep = RebalanceUpkeep__factory.connect(targets.upkeep, wallet);
  const vaults = targets.vaults;
  const filler =
    targets.solver === undefined
      ? undefined
      : new SolverFiller({
          rebalancer,
          solver: UniswapSolver__factory.connect(targets.solver, wallet),
          oracle: PriceOracle__factory.connect(targets.oracle, provider),
          vaultAt: (a) => IndexVault__factory.connect(a, provider),
          minProfitBps: config.minProfitBps,
          log,
          clock,
        });

  const housekeeping = await contractsHousekeeping(
    VeTMAI__factory.connect(targets.ve, wallet),
    RevenueDistributor__factory.connect(targets.distributor, wallet),
    clock,
  );

  log.info("keeper started", {
    account: wallet.address,
    chainId,
    rpc: config.rpcUrl,
    market: market.name,
    maxFeeGwei: formatUnits(config.maxFeePerGasWei, "gwei"),
    minProfitBps: config.minProfitBps,
  });
  for (const pending of journal.all()) {
    log.info("found in-flight transaction from a previous run", { intent: pending.intent });
  }
  await runEvery(config.intervalSeconds, log, async () => {
    const report = await keeperPass(sender, {
      rebalancer,
      upkeep,
      vaults,
      market,
      weightCapWad: config.weightCapWad,
      regime,
      filler,
      housekeeping,
      clock,
      submit: keeperSubmit(wallet, sender, config.maxFeePerGasWei, log),
      log,
    });
    log.info("pass done", { ...report });
  });
  provider.destroy();
  log.info("keeper stopped");
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `keeper: ${(err as Error).message}`}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
