import { expect } from "chai";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatUnits, parseEther, Wallet, ZeroAddress } from "ethers";
import { network } from "hardhat";
import { REBALANCING } from "../../deploy/config/localhost.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { deployLocalRebalancing } from "../fixtures/rebalance.js";
import { deployLocalDex } from "../fixtures/dex.js";
import { MIN_REMAINDER_USD, minProfitFor, SolverFiller } from "../../keeper/src/filler.js";
import { ethersChainClient, signerFor } from "../../keeper/src/chain.js";
import { loadConfig } from "../../keeper/src/config.js";
import { createLogger } from "../../keeper/src/log.js";
import { FixtureMarketData } from "../../keeper/src/marketData.js";
import { FileRegimeSource } from "../../keeper/src/regime.js";
import { FileSnapshotStore, verifySnapshot } from "../../keeper/src/snapshot.js";
import { contractsHousekeeping } from "../../keeper/src/tasks/housekeeping.js";
import { runTick } from "../../keeper/src/tick.js";
import type { Submission, TickContext } from "../../keeper/src/types.js";
import { Journal, TxSender } from "../../keeper/src/txSender.js";
import {
  IndexVault__factory,
  MockERC20__factory,
  MockV3Aggregator__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TrendSignal__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";

/** The demo protocol (optionally with Uniswap and the solver), a funded keeper wallet and a keeper context. */
async function keeperWorld(
  dir: string,
  regime: "risk-on" | "risk-off",
  withDex: boolean,
  env: Record<string, string> = {},
) {
  const { ethers, networkHelpers } = await network.create();
  const [deployer] = await ethers.getSigners();
  const d = await deployLocalProtocol(deployer!);
  const dex = withDex ? await deployLocalDex(deployer!, d) : undefined;
  const keeper = Wallet.createRandom().connect(ethers.provider);
  // The keeper's settings as the service reads them (defaults unless `env` sets them).
  const { minProfitBps } = loadConfig({ TMAI_KEEPER_PRIVATE_KEY: keeper.privateKey, ...env });
  await (await deployer!.sendTransaction({ to: keeper.address, value: parseEther("10") })).wait();
  const r = await deployLocalRebalancing(deployer!, d, keeper.address, () => undefined, dex?.swapRouter);

  const log = createLogger("error", {}, () => undefined);
  const journal = new Journal(join(dir, "journal.json"));
  await journal.load();
  const sender = new TxSender(ethersChainClient(ethers.provider), keeper.address, journal, log, {
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    receiptTimeoutMs: 5_000,
    pollMs: 50,
    maxRebroadcasts: 1,
  });
  const regimeFile = join(dir, "regime.json");
  await writeFile(regimeFile, JSON.stringify({ default: regime }));
  const bySymbol = new Map(d.tokens.map((t) => [t.symbol, t.address]));
  const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeper);
  const ctx: TickContext = {
    rebalancer,
    upkeep: RebalanceUpkeep__factory.connect(r.upkeep, keeper),
    vaults: [d.demoIndex],
    market: new FixtureMarketData("keeper/fixtures/market-caps.json", (s) => bySymbol.get(s)),
    weightCapWad: REBALANCING.weightCapWad,
    snapshots: new FileSnapshotStore(join(dir, "snapshots")),
    regime: new FileRegimeSource(regimeFile),
    filler:
      r.solver === undefined
        ? undefined
        : new SolverFiller({
            rebalancer,
            solver: UniswapSolver__factory.connect(r.solver, keeper),
            oracle: PriceOracle__factory.connect(d.oracle, ethers.provider),
            vaultAt: (a) => IndexVault__factory.connect(a, ethers.provider),
            minProfitBps,
            log,
          }),
    submit: (s) => sender.send(s.intent, signerFor(keeper, { to: s.to, data: s.data })),
    log,
  };
  return {
    ethers,
    networkHelpers,
    deployer: deployer!,
    r,
    d,
    rebalancer,
    ctx,
    journal,
    regimeFile,
    bySymbol,
    keeper,
    minProfitBps,
  };
}

describe("keeper pass against the local protocol", function () {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "tmai-keeper-it-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("posts the market-cap target, starts the auction when due, switches to risk-off after the hysteresis", async function () {
    const { networkHelpers, d, rebalancer, ctx, journal, regimeFile, bySymbol } = await keeperWorld(
      dir,
      "risk-on",
      false,
    );

    // Pass 1: the target is posted (effective after the announcement delay); nothing is due yet.
    const first = await runTick(ctx);
    expect(first.targetsPosted).to.equal(1);
    expect(first.upkeeps).to.equal(0);
    const [assets, weights, effectiveAt] = await rebalancer.pendingTarget(d.demoIndex);
    expect(assets).to.have.length(11); // the fixture's 11 non-stablecoin tokens
    expect(weights.reduce((a, b) => a + b, 0n)).to.equal(10n ** 18n);
    expect(effectiveAt > 0n).to.equal(true);
    // The target carries the hash of the snapshot published for it; recomputed from the file, it is the same target.
    const [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(d.demoIndex));
    const files = await readdir(join(dir, "snapshots", d.demoIndex.toLowerCase()));
    expect(files).to.have.length(1);
    const verified = verifySnapshot(
      await readFile(join(dir, "snapshots", d.demoIndex.toLowerCase(), files[0]!), "utf8"),
    );
    expect(verified.hash).to.equal(posted!.args.snapshotHash);
    expect(verified.target.key).to.equal(posted!.args.key);
    expect(verified.target.weights).to.deep.equal([...posted!.args.weights]);
    expect(verified.snapshot.methodology.id).to.equal("capped-market-cap");

    // Same market data, same chain: a second pass sends nothing.
    expect(await runTick(ctx)).to.deep.equal({
      targetsPosted: 0,
      regimeSignals: 0,
      samples: 0,
      upkeeps: 0,
      fills: 0,
      housekeeping: 0,
      failures: 0,
      failedTasks: [],
    });

    // After the delay the upkeep is due: the auction starts.
    await networkHelpers.time.increase(REBALANCING.announcementDelaySeconds + 1);
    const third = await runTick(ctx);
    expect(third.upkeeps).to.equal(1);
    const [auctionId] = await rebalancer.auction(d.demoIndex);
    expect(auctionId).to.equal(1n);

    // The methodologist turns risk-off: signalled now, applied only after the hysteresis, then a new auction.
    await writeFile(regimeFile, JSON.stringify({ default: "risk-off" }));
    const fourth = await runTick(ctx);
    expect(fourth.regimeSignals).to.equal(1);
    expect((await rebalancer.regime(d.demoIndex))[0]).to.equal(0n); // still risk-on
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    const fifth = await runTick(ctx);
    expect(fifth.upkeeps).to.be.greaterThanOrEqual(1);
    expect((await rebalancer.regime(d.demoIndex))[0]).to.equal(1n); // risk-off
    const [target] = await rebalancer.currentTarget(d.demoIndex);
    expect(target).to.deep.equal([bySymbol.get("USDC")]);
    const [auctionAfter] = await rebalancer.auction(d.demoIndex);
    expect(auctionAfter).to.equal(2n);
    expect(journal.all()).to.have.length(0);
  });

  it("clears a pending risk-off when the methodologist is back to risk-on within the hysteresis: no switch, no risk-off auction", async function () {
    const { networkHelpers, d, rebalancer, ctx, regimeFile } = await keeperWorld(dir, "risk-on", false);
    const vault = d.demoIndex;
    await runTick(ctx); // target posted
    await networkHelpers.time.increase(REBALANCING.announcementDelaySeconds + 1);
    await runTick(ctx); // risk-on auction started
    const [riskOnAuction] = await rebalancer.auction(vault);
    const [riskOnTarget] = await rebalancer.currentTarget(vault);
    expect(riskOnTarget).to.have.length(11);

    // Risk-off: signalled once; a later pass does not signal it again (the clock keeps running from the first).
    await writeFile(regimeFile, JSON.stringify({ default: "risk-off" }));
    expect((await runTick(ctx)).regimeSignals).to.equal(1);
    const [, pending, hasPending, since] = await rebalancer.regime(vault);
    expect([pending, hasPending]).to.deep.equal([1n, true]);
    await networkHelpers.time.increase(10);
    expect((await runTick(ctx)).regimeSignals).to.equal(0, "an already pending risk-off is not signalled again");
    expect((await rebalancer.regime(vault))[3]).to.equal(since);

    // Within the hysteresis the methodologist changes its mind: the keeper signals risk-on, the regime in force,
    // which clears the pending switch.
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds / 2);
    await writeFile(regimeFile, JSON.stringify({ default: "risk-on" }));
    expect((await runTick(ctx)).regimeSignals).to.equal(1, "the change of mind is signalled");
    expect(await rebalancer.regime(vault)).to.deep.equal([0n, 1n, false, since]);
    expect(await rebalancer.queryFilter(rebalancer.filters.RegimeSignalCleared(vault))).to.have.length(1);
    expect((await runTick(ctx)).regimeSignals).to.equal(0, "nothing left to clear");

    // After the hysteresis nothing switches and no risk-off auction starts.
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    const after = await runTick(ctx);
    expect(after.regimeSignals).to.equal(0);
    expect(after.upkeeps).to.equal(0, "no regime switch and no auction start is due");
    expect(await rebalancer.regimeDue(vault)).to.equal(false);
    expect((await rebalancer.regime(vault))[0]).to.equal(0n, "still risk-on");
    expect(await rebalancer.queryFilter(rebalancer.filters.RegimeSwitched(vault))).to.have.length(0);
    expect((await rebalancer.auction(vault))[0]).to.equal(riskOnAuction, "no new (risk-off) auction");
    expect((await rebalancer.currentTarget(vault))[0]).to.deep.equal(riskOnTarget);
  });

  it("fills the risk-off auction through Uniswap once the auction price pays, moving the basket to USDC", async function () {
    const { ethers, networkHelpers, d, rebalancer, ctx, journal, bySymbol } = await keeperWorld(dir, "risk-off", true);
    const vault = IndexVault__factory.connect(d.demoIndex, ethers.provider);

    await runTick(ctx); // target posted, risk-off signalled
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    const started = await runTick(ctx); // regime applied, auction to 100 % USDC started
    expect(started.upkeeps).to.be.greaterThanOrEqual(1);
    expect(started.fills).to.equal(0, "at the start the auction price is above the market: nothing pays");

    const usdc = bySymbol.get("USDC")!;
    const wbtc = bySymbol.get("WBTC")!;
    const [surplusBefore] = await rebalancer.gap(d.demoIndex, wbtc);
    const navBefore = await vault.navPerShare();
    // Late in the auction the price has fallen below the pool price plus fees: fills pay.
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    const late = await runTick(ctx);
    expect(late.fills).to.be.greaterThan(0);
    const [surplusAfter] = await rebalancer.gap(d.demoIndex, wbtc);
    expect(surplusAfter < surplusBefore).to.equal(true, "WBTC surplus shrank");
    const [assets, units] = await vault.getBasket();
    expect(units[assets.indexOf(usdc)]! > 0n).to.equal(true);
    // NAV per share lost at most the band's 1 % on what was traded.
    const navAfter = await vault.navPerShare();
    expect(navAfter * 1000n >= navBefore * 990n).to.equal(true, `NAV ${navBefore} -> ${navAfter}`);
    expect(journal.all()).to.have.length(0);
  });

  it("sells each asset's whole surplus when it fits in a lot: the risk-off leaves no 0.1 % dust behind", async function () {
    const { ethers, networkHelpers, deployer, d, r, rebalancer, ctx, bySymbol } = await keeperWorld(
      dir,
      "risk-off",
      true,
    );
    const vault = IndexVault__factory.connect(d.demoIndex, ethers.provider);
    const oracle = PriceOracle__factory.connect(d.oracle, ethers.provider);
    const usdc = bySymbol.get("USDC")!;
    await runTick(ctx);
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    await runTick(ctx); // risk-off applied, auction to 100 % USDC started
    const sold = (await vault.getBasket())[0].filter((a) => a !== usdc);
    expect(sold).to.have.length(11);
    const surplusBefore = new Map<string, bigint>();
    for (const a of sold) surplusBefore.set(a, (await rebalancer.gap(d.demoIndex, a))[0]);

    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    await runTick(ctx);
    const solver = UniswapSolver__factory.connect(r.solver!, ethers.provider);
    const filled = await solver.queryFilter(solver.filters.Filled());
    // WBTC (8 decimals) and SOL (9) have amounts too coarse for the fee accrual to move them by a unit: their
    // whole surplus, as read before the bid, is still the surplus when the bid runs.
    for (const symbol of ["WBTC", "SOL"]) {
      const asset = bySymbol.get(symbol)!;
      const fill = filled.find((e) => e.args.sell === asset);
      expect(fill?.args.sellAmount).to.equal(surplusBefore.get(asset), `${symbol}: the exact surplus, not 99.9 %`);
      expect((await rebalancer.gap(d.demoIndex, asset))[0]).to.equal(0n, `${symbol}: no surplus left`);
    }
    // Every asset is sold: whole (at most a few wei that the accrual added meanwhile are left), or, when the whole
    // lot no longer matched the surplus, all but the $2 a later lot takes whole. Never 0.1 % of it.
    expect(new Set(filled.map((e) => e.args.sell))).to.have.length(11);
    const microUsd = 10n ** 12n;
    for (const asset of sold) {
      const [left] = await rebalancer.gap(d.demoIndex, asset);
      const leftUsd = (left * (await oracle.getPrice(asset))) / 10n ** (await oracle.feedConfig(asset)).assetDecimals;
      const offTwo = leftUsd > MIN_REMAINDER_USD ? leftUsd - MIN_REMAINDER_USD : MIN_REMAINDER_USD - leftUsd;
      const twoDollars = offTwo < 10n ** 16n; // $2 give or take the accrual's wei and a rounded-up unit
      expect(leftUsd < microUsd || twoDollars).to.equal(true, `${asset}: $${formatUnits(leftUsd, 18)} left`);
    }

    // Once the auction is over, compaction drops the assets sold whole.
    await networkHelpers.time.increase(REBALANCING.auctionDurationSeconds);
    await (await Rebalancer__factory.connect(r.rebalancer, deployer).compact(d.demoIndex)).wait();
    const [after] = await vault.getBasket();
    expect(after).to.include(usdc);
    expect(after).not.to.include(bySymbol.get("WBTC"));
    expect(after).not.to.include(bySymbol.get("SOL"));
  });

  it("skips a lot that reverts when it is sent and still fills the next ones", async function () {
    const { ethers, networkHelpers, d, r, rebalancer, ctx, bySymbol } = await keeperWorld(dir, "risk-off", true);
    await runTick(ctx);
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    await runTick(ctx);
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    // A lot planned from a surplus that is gone by the time it is signed: more WBTC than the vault has.
    const solver = UniswapSolver__factory.connect(r.solver!, ethers.provider);
    const wbtc = bySymbol.get("WBTC")!;
    const [surplus] = await rebalancer.gap(d.demoIndex, wbtc);
    const stale: Submission = {
      intent: "fill:stale",
      to: r.solver!,
      data: solver.interface.encodeFunctionData("fill", [
        r.rebalancer,
        d.demoIndex,
        wbtc,
        bySymbol.get("USDC")!,
        surplus + 1n,
        2n ** 255n,
        0n,
        2n ** 40n,
      ]),
    };
    const filler = ctx.filler!;
    const lines: string[] = [];
    const report = await runTick({
      ...ctx,
      log: createLogger("warn", {}, (_level, line) => lines.push(line)),
      filler: {
        async *fills(vault, auctionId) {
          yield stale;
          yield* filler.fills(vault, auctionId);
        },
      },
    });
    expect(report.fills).to.equal(11, "every real lot after the stale one");
    const warning = JSON.parse(lines.find((l) => l.includes("fill:stale"))!) as Record<string, string>;
    expect(warning.msg).to.equal("auction lot reverts when sent: skipped until the next pass");
    expect(warning.error).to.match(/ExceedsSurplus/);
  });

  it("a bearish signal moves a signal-driven index out of the token through a real auction; the hash checks out", async function () {
    const { ethers, networkHelpers, d, rebalancer, ctx, bySymbol } = await keeperWorld(dir, "risk-on", true);
    const wbtc = bySymbol.get("WBTC")!;
    const tokens = d.tokens.filter((t) => t.symbol !== "USDC").map((t) => t.address.toLowerCase());
    // This week's signals: every token bullish but WBTC, which turned bearish.
    const signals = tokens.map((id) => ({ id, signal: (id === wbtc.toLowerCase() ? -1 : 1) as 1 | -1 }));
    ctx.methodologies = {
      [d.demoIndex.toLowerCase()]: {
        spec: {
          id: "signal-sector",
          version: "1.0.0",
          params: {
            sector: "demo",
            weighting: "market-cap",
            neutral: "exclude",
            neutralFactorBps: 5_000,
            minBullish: 1,
            stablecoins: [],
            depegToleranceBps: 100,
          },
        },
        membership: { version: "test-1", sectors: { demo: tokens } },
        signals: { name: "test:signals", signals: async () => signals },
      },
    };
    const heldBefore = await MockERC20__factory.connect(wbtc, ethers.provider).balanceOf(d.demoIndex);

    expect((await runTick(ctx)).targetsPosted).to.equal(1);
    const [pendingAssets] = await rebalancer.pendingTarget(d.demoIndex);
    expect(pendingAssets).to.have.length(10);
    expect(pendingAssets).not.to.include(wbtc);
    // The posted hash is the published snapshot's, and the snapshot recomputes to the posted target.
    const [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(d.demoIndex));
    const folder = join(dir, "snapshots", d.demoIndex.toLowerCase());
    const [file] = await readdir(folder);
    const verified = verifySnapshot(await readFile(join(folder, file!), "utf8"));
    expect(verified.hash).to.equal(posted!.args.snapshotHash);
    expect(verified.target.key).to.equal(posted!.args.key);
    expect(verified.snapshot.inputs.signals).to.deep.include({ id: wbtc.toLowerCase(), signal: -1 });

    await networkHelpers.time.increase(REBALANCING.announcementDelaySeconds + 1);
    expect((await runTick(ctx)).upkeeps).to.be.greaterThanOrEqual(1); // the auction to the new target starts
    const [surplusBefore] = await rebalancer.gap(d.demoIndex, wbtc);
    expect(surplusBefore > 0n).to.equal(true, "all the WBTC is surplus");
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    let fills = 0;
    for (let pass = 0; pass < 3 && (await rebalancer.gap(d.demoIndex, wbtc))[0] > 0n; pass++) {
      fills += (await runTick(ctx)).fills;
    }
    expect(fills).to.be.greaterThan(0);
    const [surplusAfter] = await rebalancer.gap(d.demoIndex, wbtc);
    expect(surplusAfter * 100n < surplusBefore).to.equal(true, `WBTC surplus ${surplusBefore} -> ${surplusAfter}`);
    const held = await MockERC20__factory.connect(wbtc, ethers.provider).balanceOf(d.demoIndex);
    expect(held * 100n < heldBefore).to.equal(true, `the vault sold (nearly) all its WBTC: ${heldBefore} -> ${held}`);
    // No second post in the meantime: the week's snapshot stands.
    expect(await readdir(folder)).to.deep.equal([file]);
  });

  it("one failing task never fails the pass: market data down, the regime signal and the upkeep still run", async function () {
    const { d, rebalancer, ctx } = await keeperWorld(dir, "risk-off", false);
    const lines: string[] = [];
    const report = await runTick({
      ...ctx,
      log: createLogger("warn", {}, (_level, line) => lines.push(line)),
      market: {
        name: "down",
        marketCaps: () => Promise.reject(new Error("GET https://market.example/caps: 503 Service Unavailable")),
      },
    });
    expect(report.failures).to.equal(1);
    expect(report.targetsPosted).to.equal(0);
    expect(report.regimeSignals).to.equal(1, "the risk-off signal is sent all the same");
    const [, , hasPending] = await rebalancer.regime(d.demoIndex);
    expect(hasPending).to.equal(true);
    const failure = JSON.parse(lines.find((l) => l.includes("task failed"))!) as Record<string, string>;
    expect(failure.task).to.equal("market data");
    expect(failure.error).to.match(/503 Service Unavailable/);
  });

  it("a fill that stops paying between plan and send is logged by its decoded error; the other vaults' fills go on", async function () {
    const { ethers, networkHelpers, d, r, ctx } = await keeperWorld(dir, "risk-off", true);
    await runTick(ctx);
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    await runTick(ctx);
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    // The same vault listed twice: the first time its filler fails as a real fill does when the pool moved between
    // the simulation and the send (UniswapSolver.Unprofitable); the second time it fills.
    const solver = UniswapSolver__factory.connect(r.solver!, ethers.provider);
    const unprofitable = Object.assign(new Error("execution reverted (unknown custom error)"), {
      code: "CALL_EXCEPTION",
      data: solver.interface.encodeErrorResult("Unprofitable", [100n, 101n]),
    });
    const filler = ctx.filler!;
    let calls = 0;
    const lines: string[] = [];
    const report = await runTick({
      ...ctx,
      vaults: [d.demoIndex, d.demoIndex],
      log: createLogger("warn", {}, (_level, line) => lines.push(line)),
      filler: {
        async *fills(vault, auctionId) {
          if (calls++ === 0) throw unprofitable;
          yield* filler.fills(vault, auctionId);
        },
      },
    });
    expect(report.failures).to.equal(1);
    expect(report.fills).to.be.greaterThan(0);
    const failure = JSON.parse(lines.find((l) => l.includes("task failed"))!) as Record<string, string>;
    expect(failure.task).to.equal("auction fills");
    expect(failure.vault).to.equal(d.demoIndex);
    expect(failure.error).to.match(/^reverted: UniswapSolver\.Unprofitable\(/);
  });

  it("asks the solver for a minimum profit of TMAI_KEEPER_MIN_PROFIT_BPS (default 10) of each fill's price", async function () {
    const { ethers, networkHelpers, r, ctx, minProfitBps } = await keeperWorld(dir, "risk-off", true);
    expect(minProfitBps).to.equal(10n, "the default");
    const sent: Submission[] = [];
    const recording: TickContext = {
      ...ctx,
      submit: async (s) => {
        const outcome = await ctx.submit(s); // a lot skipped because it reverts when signed throws here
        sent.push(s);
        return outcome;
      },
    };
    await runTick(recording);
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    await runTick(recording);
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    expect((await runTick(recording)).fills).to.be.greaterThan(0);

    const solver = UniswapSolver__factory.connect(r.solver!, ethers.provider);
    const fills = sent.filter((s) => s.intent.startsWith("fill:"));
    const filled = await solver.queryFilter(solver.filters.Filled());
    expect(filled).to.have.length(fills.length);
    for (const [i, s] of fills.entries()) {
      const [, , sell, , , maxBuyAmount, minProfit] = solver.interface.decodeFunctionData("fill", s.data);
      // 10 bps of the quoted price: at least 10 bps of what was paid (the price only falls after the quote), at most
      // 10 bps of the price guard (a whole-surplus lot's guard has 0.1 % of room for a surplus a few wei larger).
      const { buyAmount, profit } = filled[i]!.args;
      expect((minProfit as bigint) >= minProfitFor(buyAmount, 10n)).to.equal(true, `${sell}: under 10 bps`);
      expect((minProfit as bigint) <= minProfitFor(maxBuyAmount as bigint, 10n)).to.equal(true, `${sell}: over 10 bps`);
      expect((minProfit as bigint) > 0n).to.equal(true);
      // What the solver's profit recipient got covers that floor.
      expect(profit >= (minProfit as bigint)).to.equal(true, `${sell}: profit ${profit} < floor ${minProfit}`);
      expect(buyAmount <= (maxBuyAmount as bigint)).to.equal(true);
    }
  });

  it("does not fill while the margin is under the minimum profit (TMAI_KEEPER_MIN_PROFIT_BPS=200)", async function () {
    const { networkHelpers, d, rebalancer, ctx, bySymbol } = await keeperWorld(dir, "risk-off", true, {
      TMAI_KEEPER_MIN_PROFIT_BPS: "200",
    });
    await runTick(ctx);
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds + 1);
    await runTick(ctx);
    const wbtc = bySymbol.get("WBTC")!;
    const [surplusBefore] = await rebalancer.gap(d.demoIndex, wbtc);
    // At 90 % of the auction (factor 0.993) a fill would earn ~0.4 % after the 0.3 % pool fee: under 2 %.
    await networkHelpers.time.increase(Math.floor(REBALANCING.auctionDurationSeconds * 0.9));
    expect((await runTick(ctx)).fills).to.equal(0);
    expect((await rebalancer.gap(d.demoIndex, wbtc))[0]).to.equal(surplusBefore);
  });

  it("takes the weekly sample of a vault's on-chain regime rule, once per week", async function () {
    const { networkHelpers, deployer, r, d, ctx } = await keeperWorld(dir, "risk-on", false);
    const wbtc = d.tokens.find((t) => t.symbol === "WBTC")!;
    const trend = await new TrendSignal__factory(deployer).deploy(wbtc.feed, 86_400, 4, 0, ZeroAddress, 0); // L1: no sequencer feed
    await (
      await Rebalancer__factory.connect(r.rebalancer, deployer).setRegimeSource(d.demoIndex, await trend.getAddress())
    ).wait();

    expect((await runTick(ctx)).samples).to.equal(1);
    expect((await runTick(ctx)).samples).to.equal(0, "once per week");
    await networkHelpers.time.increase(7 * 86_400);
    await (await MockV3Aggregator__factory.connect(wbtc.feed, deployer).updateAnswer(6_000_000_000_000n)).wait();
    const next = await runTick(ctx);
    expect(next.samples).to.equal(1);
    expect(next.regimeSignals).to.equal(0, "the methodologist does not signal a vault with an on-chain rule");
    const [, count] = await trend.movingAverage();
    expect(count).to.equal(2n);
  });

  it("once a week, checkpoints veTMAI and closes the ended revenue weeks of every reward token", async function () {
    const { networkHelpers, deployer, d, ctx, keeper } = await keeperWorld(dir, "risk-on", false);
    const ve = VeTMAI__factory.connect(d.ve, keeper);
    const distributor = RevenueDistributor__factory.connect(d.distributor, keeper);
    const withHousekeeping: TickContext = {
      ...ctx,
      housekeeping: await contractsHousekeeping(ve, distributor),
    };
    const tokens = await distributor.rewardTokens();
    expect(tokens.length).to.be.greaterThan(0);

    const week = 7 * 86_400;
    const now = await networkHelpers.time.latest();
    await networkHelpers.time.increase(Math.floor(now / week + 1) * week + 60 - now); // just into the next week
    for (const t of d.tokens) {
      const feed = MockV3Aggregator__factory.connect(t.feed, deployer);
      await (await feed.updateAnswer(await feed.latestAnswer())).wait(); // fresh prices for the rest of the pass
    }
    const startOfWeek = BigInt(Math.floor((await networkHelpers.time.latest()) / week) * week);
    const first = await runTick(withHousekeeping);
    expect(first.housekeeping).to.equal(1 + tokens.length, "one veTMAI checkpoint, one close per reward token");
    expect((await ve.lastGlobalCheckpoint()) >= startOfWeek).to.equal(true);
    for (const token of tokens) {
      const [, , finalizedUntil] = await distributor.tokenInfo(token);
      expect(finalizedUntil).to.equal(startOfWeek, `${token}: every ended week closed`);
    }
    expect((await runTick(withHousekeeping)).housekeeping).to.equal(0, "nothing left to do this week");
  });
});
