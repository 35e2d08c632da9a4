/**
 * The keeper service: `npm run keeper` (started by `npm start` on the local stack).
 * Posts each vault's methodology target once a week (and when it drifts out of its band) with the hash of its
 * published snapshot, as methodologist; signals the regime, runs the Chainlink-compatible upkeep when due,
 * and fills auctions through the Uniswap solver when profitable; retries RPC failures with backoff, never sends an
 * intent twice (journal), logs JSON lines, and stops cleanly on SIGINT/SIGTERM.
 */
import { join } from "node:path";
import { formatUnits, type BaseWallet } from "ethers";
import {
  IndexVault__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
  type Rebalancer,
} from "../../types/ethers-contracts/index.js";
import { ethersChainClient, feeBumpReplacer, keeperProvider, keeperSubmit } from "./chain.js";
import { chainClock } from "./clock.js";
import { ConfigError, loadConfig } from "./config.js";
import { errorFields } from "./errors.js";
import { KeyError, loadWallet } from "./keys.js";
import { KeeperMetrics } from "./metrics.js";
import { startKeeperServer } from "./server.js";
import { createLogger, scrubUrls } from "./log.js";
import { FixtureMarketData, HttpMarketData } from "./marketData.js";
import { SolverFiller } from "./filler.js";
import { FileRegimeSource } from "./regime.js";
import { runEvery } from "./loop.js";
import { loadKeeperManifest } from "./manifest.js";
import { loadMethodologies } from "./methodologyConfig.js";
import { CoinGeckoMarketData, FixtureSignals, TokenMetricsSignals, readTokenMap } from "./providers.js";
import { FileSnapshotStore } from "./snapshot.js";
import { keeperPass } from "./tick.js";
import { contractsHousekeeping } from "./tasks/housekeeping.js";
import { Journal, TxSender } from "./txSender.js";
import type { Clock, MarketDataSource, SignalSource } from "./types.js";

/** One signing account of the keeper: its wallet, journal and sender, and the roles it plays. */
interface Account {
  role: "methodologist" | "operator" | "keeper";
  wallet: BaseWallet;
  journal: Journal;
  sender: TxSender;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel, { service: "keeper" });
  const metrics = new KeeperMetrics();

  // Validated (manifest/index.ts): a missing, old or broken manifest stops the keeper with a message naming the field.
  const targets = await loadKeeperManifest(config.manifestPath);

  const provider = keeperProvider(config.rpcUrl, config.rpcTimeoutMs);
  const chainId = (await provider.getNetwork()).chainId;
  const methodologistWallet = await loadWallet(config.keys.methodologist, provider);
  const operatorWallet = await loadWallet(config.keys.operator, provider);
  const oneKey = methodologistWallet.address === operatorWallet.address;

  /** Each account has its own nonces, so its own journal and sender. */
  const account = async (role: Account["role"], wallet: BaseWallet): Promise<Account> => {
    const journal = new Journal(join(config.stateDir, `journal-${chainId}-${wallet.address.toLowerCase()}.json`));
    await journal.load();
    const sender = new TxSender(ethersChainClient(provider), wallet.address, journal, log, {
      retry: { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000 },
      receiptTimeoutMs: 60_000,
      pollMs: 1_000,
      maxRebroadcasts: 3,
      stuckAfterBlocks: config.stuckAfterBlocks,
      replace: feeBumpReplacer(wallet, config.maxFeePerGasWei, log),
      observe: (event, outcome) => {
        metrics.transaction(role, event);
        if (outcome?.kind === "mined" && outcome.feeWei !== undefined) metrics.gas(role, outcome.feeWei);
      },
    });
    return { role, wallet, journal, sender };
  };
  const operator = await account(oneKey ? "keeper" : "operator", operatorWallet);
  const methodologist = oneKey ? operator : await account("methodologist", methodologistWallet);
  const accounts = oneKey ? [operator] : [methodologist, operator];

  const clock = chainClock(provider); // the one clock of every task: chain time
  const network = config.tokenMap.network ?? targets.manifest.network;
  const tokenMap = async () =>
    (await readTokenMap(config.tokenMap.path, network, (s) => targets.tokenBySymbol.get(s))).tokens;
  const http = { timeoutMs: config.dataTimeoutMs };
  const market: MarketDataSource =
    config.marketData.kind === "fixture"
      ? new FixtureMarketData(config.marketData.path, (s) => targets.tokenBySymbol.get(s), clock)
      : config.marketData.kind === "coingecko"
        ? new CoinGeckoMarketData(config.marketData.url, await tokenMap(), {
            ...http,
            ...(config.coingeckoApiKey === undefined ? {} : { apiKey: config.coingeckoApiKey }),
          })
        : new HttpMarketData(config.marketData.url, config.dataTimeoutMs);
  const signals: SignalSource | undefined =
    config.signals === undefined
      ? undefined
      : config.signals.kind === "fixture"
        ? new FixtureSignals(config.signals.path, clock)
        : new TokenMetricsSignals(config.signals.url, config.signals.apiKey, await tokenMap(), http);
  const methodologies =
    config.methodologyFile === undefined
      ? undefined
      : await loadMethodologies(
          config.methodologyFile,
          (key) =>
            targets.manifest.indices.find((i) => i.name === key || i.address.toLowerCase() === key.toLowerCase())
              ?.address,
          signals,
        );
  const snapshots = new FileSnapshotStore(config.snapshotDir);
  const regime = new FileRegimeSource(config.regimeFile);
  const rebalancer = Rebalancer__factory.connect(targets.rebalancer, operator.wallet);
  const upkeep = RebalanceUpkeep__factory.connect(targets.upkeep, operator.wallet);
  const vaults = targets.vaults;
  const filler =
    targets.solver === undefined
      ? undefined
      : new SolverFiller({
          rebalancer,
          solver: UniswapSolver__factory.connect(targets.solver, operator.wallet),
          oracle: PriceOracle__factory.connect(targets.oracle, provider),
          vaultAt: (a) => IndexVault__factory.connect(a, provider),
          minProfitBps: config.minProfitBps,
          log,
          clock,
        });

  const housekeeping = await contractsHousekeeping(
    VeTMAI__factory.connect(targets.ve, operator.wallet),
    RevenueDistributor__factory.connect(targets.distributor, operator.wallet),
    clock,
  );

  const server =
    config.metrics.port === 0
      ? undefined
      : await startKeeperServer({
          host: config.metrics.host,
          port: config.metrics.port,
          metrics,
          staleAfterSeconds: Math.max(3 * config.intervalSeconds, 60),
          blockNumber: () => provider.getBlockNumber(),
        });

  log.info("keeper started", {
    methodologist: methodologist.wallet.address,
    operator: operator.wallet.address,
    chainId,
    rpc: config.rpcUrl,
    market: market.name,
    signals: signals?.name ?? "none",
    snapshots: config.snapshotDir,
    maxFeeGwei: formatUnits(config.maxFeePerGasWei, "gwei"),
    minProfitBps: config.minProfitBps,
    endpoints:
      server === undefined ? "off (TMAI_KEEPER_METRICS_PORT=0)" : `${server.url}/healthz, ${server.url}/metrics`,
  });
  for (const a of accounts) {
    for (const pending of a.journal.all()) {
      log.info("found in-flight transaction from a previous run", { role: a.role, intent: pending.intent });
    }
  }
  const submitOf = (a: Account) => keeperSubmit(a.wallet, a.sender, config.maxFeePerGasWei, log);
  await runEvery(
    config.intervalSeconds,
    log,
    async () => {
      const report = await keeperPass(
        accounts.map((a) => a.sender),
        {
          rebalancer,
          upkeep,
          vaults,
          market,
          weightCapWad: config.weightCapWad,
          methodologies,
          snapshots,
          driftBands: config.driftBands,
          regime,
          filler,
          housekeeping,
          clock,
          submit: submitOf(operator),
          submitAsMethodologist: oneKey ? undefined : submitOf(methodologist),
          log,
        },
      );
      metrics.passDone(report);
      log.info("pass done", { ...report });
      await observeChain(metrics, accounts, rebalancer, vaults, clock).catch((err: unknown) =>
        log.warn("could not read balances and auctions for the metrics", errorFields(err)),
      );
    },
    () => metrics.passFailed(),
  );
  server?.server.close();
  provider.destroy();
  log.info("keeper stopped");
}

/** The gauges read from the chain after a pass: balances, journals, auctions. */
async function observeChain(
  metrics: KeeperMetrics,
  accounts: Account[],
  rebalancer: Rebalancer,
  vaults: string[],
  clock: Clock,
): Promise<void> {
  for (const a of accounts) {
    metrics.wallet(a.role, a.wallet.address, await a.wallet.provider!.getBalance(a.wallet.address));
    metrics.pendingIntents(a.role, a.journal.all().length);
  }
  const now = BigInt(await clock.now());
  for (const vault of vaults) {
    const [id, start, end] = await rebalancer.auction(vault);
    const running = id !== 0n && now >= start && now <= end;
    metrics.auction(vault, running, Number(end - now));
  }
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof KeyError;
  process.stderr.write(`${known ? err.message : `keeper: ${scrubUrls((err as Error).message)}`}\n`);
  process.exit(known ? 2 : 1);
});
