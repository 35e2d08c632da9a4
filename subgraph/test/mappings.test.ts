/**
 * The compiled mappings (subgraph/build, from `npm run subgraph:build`) run by the local indexer over a real
 * scenario on a Hardhat node; every entity is checked against the chain's own answers at the same block.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { formatUnits, Interface, ZeroAddress, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityData } from "../local/types.js";
import { Indexer } from "../runner/indexer.js";
import { JsonRpc } from "../runner/jsonRpc.js";
import { MemoryEntityStore } from "../runner/memoryStore.js";
import { IndexingFailure } from "../runner/runner.js";
import { SUBGRAPH_DIR } from "../scripts/manifest.js";
import {
  IndexVault__factory,
  MockERC20__factory,
  PriceOracle__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAIGovernor__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import { startLocalNode, type LocalNode } from "./utils/localNode.js";
import { runScenario, SCENARIO_SNAPSHOT_HASH, type ScenarioResult } from "./utils/scenario.js";

const BUILD = join(SUBGRAPH_DIR, "build");

/** ethers' formatUnits in graph-node's BigDecimal form (no trailing ".0" or zeros). */
function dec(value: bigint, decimals: number): string {
  const s = formatUnits(value, decimals);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function str(e: EntityData | undefined, field: string): string {
  const v = e?.[field];
  if (typeof v !== "string") throw new Error(`${field} is ${JSON.stringify(v)}, not a string`);
  return v;
}

function big(e: EntityData | undefined, field: string): bigint {
  return BigInt(str(e, field));
}

/** A decimal string equal to `expected` within a relative 1e-25 (graph-node rounds products to 34 digits). */
function expectClose(actual: string, expected: string): void {
  const scale = (s: string): bigint => {
    const [i, f = ""] = s.split(".");
    return BigInt(`${i}${f.padEnd(40, "0").slice(0, 40)}`);
  };
  const a = scale(actual);
  const b = scale(expected);
  const diff = a > b ? a - b : b - a;
  expect(diff * 10n ** 25n <= (b < 0n ? -b : b), `${actual} vs ${expected}`).toBe(true);
}

/** The mappings' id of an event's entity: transaction hash + log index as 4 little-endian bytes (concatI32). */
function eventId(txHash: string, logIndex: number): string {
  const le = Buffer.alloc(4);
  le.writeInt32LE(logIndex);
  return `${txHash.toLowerCase()}${le.toString("hex")}`;
}

async function reverts(p: Promise<unknown>): Promise<boolean> {
  return p.then(
    () => false,
    () => true,
  );
}

/** Tests that index the scenario again (seconds on a quiet machine; more when other work shares the cores). */
const INDEXING_TIMEOUT_MS = 60_000;

describe("subgraph mappings on a local scenario", () => {
  let node: LocalNode;
  let s: ScenarioResult;
  let provider: JsonRpcProvider;
  const store = new MemoryEntityStore();
  const fresh = new MemoryEntityStore();
  let midEntities: Map<string, Map<string, EntityData>>;
  let headBlock: number;

  beforeAll(async () => {
    if (!existsSync(join(BUILD, "IndexFactory", "IndexFactory.wasm"))) {
      throw new Error("subgraph/build is missing: run npm run subgraph:build first");
    }
    node = await startLocalNode();
    s = await runScenario(node.url);
    provider = s.provider;
    headBlock = await provider.getBlockNumber();
    // Index half way, stop, and resume from the store with a new indexer (a restart).
    const first = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store });
    try {
      expect(await first.syncToHead(s.midBlock)).toBe(s.midBlock);
    } finally {
      await first.close();
    }
    midEntities = await store.loadAll();
    const second = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store });
    try {
      expect(await second.syncToHead()).toBe(headBlock);
    } finally {
      await second.close();
    }
    const once = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: fresh });
    try {
      await once.syncToHead();
    } finally {
      await once.close();
    }
  }, 240_000);

  afterAll(async () => {
    provider?.destroy();
    await node?.stop();
  });

  it("a restarted indexer ends with exactly the entities of one uninterrupted run", async () => {
    expect(store.error).toBe(null);
    expect((await store.head())?.number).toBe(headBlock);
    expect(await store.loadAll()).toEqual(await fresh.loadAll());
    const blocks = store.blocks.map((b) => b.number);
    expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
  });

  it("Index: supply, NAV per share, fees, regime, counts as the vault reports them", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    const index = store.get("Index", s.vault.toLowerCase());
    const at = Number(big(index, "lastUpdatedBlock"));
    expect(at).toBe(s.staleMintBlock);
    expect(big(index, "totalSupply")).toBe(await vault.totalSupply({ blockTag: at }));
    expect(str(index, "totalSupplyDecimal")).toBe(dec(await vault.totalSupply({ blockTag: at }), 18));
    expect(big(index, "scale")).toBe(await vault.scale({ blockTag: at }));
    // Every feed is stale at the last mint: the vault's NAV reverts and the index says so.
    expect(await reverts(vault.navPerShare({ blockTag: at }))).toBe(true);
    expect(index?.navPerShare).toBe(null);
    expect(index?.priceSource).toBe("unavailable");
    expect(big(index, "managementFee")).toBe(s.newManagementFee);
    expect(str(index, "managementFeeDecimal")).toBe("0.03");
    expect(big(index, "mintFee")).toBe((await vault.fees()).mintFee);
    expect(index?.regime).toBe("RISK_OFF");
    const rebalancer = Rebalancer__factory.connect(s.manifest.contracts.Rebalancer!.address, provider);
    expect((await rebalancer.regime(s.vault)).current).toBe(1n);
    const minted = await vault.queryFilter(vault.filters.Minted(), 0, headBlock);
    const redeemed = await vault.queryFilter(vault.filters.Redeemed(), 0, headBlock);
    expect(big(index, "mintCount")).toBe(BigInt(minted.length));
    expect(big(index, "redeemCount")).toBe(BigInt(redeemed.length));
    expect(big(index, "cumulativeMintShares")).toBe(minted.reduce((a, e) => a + e.args.shares, 0n));
    expect(big(index, "cumulativeMintFeeShares")).toBe(minted.reduce((a, e) => a + e.args.feeShares, 0n));
    expect(big(index, "cumulativeRedeemShares")).toBe(redeemed.reduce((a, e) => a + e.args.shares, 0n));
    const protocol = store.get("Protocol", "protocol");
    expect(protocol?.indexCount).toBe(1);
    expect(big(protocol, "mintCount")).toBe(BigInt(minted.length));
  });

  it("NAV per share, TVL and holdings with prices while the feeds were fresh", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    const oracle = PriceOracle__factory.connect(s.manifest.contracts.PriceOracle!.address, provider);
    const index = midEntities.get("Index")?.get(s.vault.toLowerCase());
    const at = Number(big(index, "lastUpdatedBlock"));
    const nav = await vault.navPerShare({ blockTag: at });
    const supply = await vault.totalSupply({ blockTag: at });
    expect(big(index, "navPerShare")).toBe(nav);
    expect(str(index, "navPerShareUSD")).toBe(dec(nav, 18));
    expect(index?.priceSource).toBe("call:IndexVault.navPerShare");
    expectClose(str(index, "tvlUSD"), dec(nav * supply, 36));
    const [assets, units] = await vault.getBasket({ blockTag: at });
    const holdings = [...(midEntities.get("Holding")?.values() ?? [])];
    expect(holdings.length).toBe(assets.length);
    let weights = 0;
    for (const [i, asset] of assets.entries()) {
      const h = holdings.find((x) => x.asset === asset.toLowerCase());
      const decimals = Number(await MockERC20__factory.connect(asset, provider).decimals());
      const [amount] = await vault.accountedOf(asset, { blockTag: at });
      const price = await oracle.getPrice(asset, { blockTag: at });
      expect(big(h, "unitsPerShare")).toBe(units[i]);
      expect(str(h, "unitsPerShareDecimal")).toBe(dec(units[i]!, decimals));
      expect(big(h, "amount")).toBe(amount);
      expect(str(h, "amountDecimal")).toBe(dec(amount, decimals));
      expect(str(h, "priceUSD")).toBe(dec(price, 18));
      expectClose(str(h, "valueUSD"), dec(amount * price, decimals + 18));
      expect(h?.priceSource).toBe("call:PriceOracle.getPrice");
      weights += Number(str(h, "weight"));
      const t = store.get("Token", asset.toLowerCase());
      expect(t?.decimals).toBe(decimals);
    }
    expect(weights).toBeCloseTo(1, 12);
  });

  it("hourly and daily snapshots: state at their block, periods add up to the running totals", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    for (const kind of ["IndexHourlySnapshot", "IndexDailySnapshot"]) {
      const snaps = store.all(kind).sort((a, b) => Number(a.periodStart) - Number(b.periodStart));
      expect(snaps.length).toBeGreaterThan(1);
      let mint = 0n;
      let redeem = 0n;
      let fees = 0n;
      let priced = 0;
      let unpricedSnapshots = 0;
      for (const snap of snaps) {
        const at = Number(big(snap, "blockNumber"));
        expect(big(snap, "totalSupply")).toBe(await vault.totalSupply({ blockTag: at }));
        const nav = await vault.navPerShare({ blockTag: at }).catch(() => null);
        if (nav === null) expect(snap.navPerShareUSD).toBe(null);
        else expect(str(snap, "navPerShareUSD")).toBe(dec(nav, 18));
        const [assets, amounts] = await vault.totalBasket({ blockTag: at });
        expect(snap.assets).toEqual(assets.map((a) => a.toLowerCase()));
        expect(snap.amounts).toEqual(amounts.map(String));
        if (snap.weights !== null) {
          const weights = snap.weights as string[];
          expect(weights.length).toBe(assets.length);
          expect(weights.reduce((a, w) => a + Number(w), 0)).toBeCloseTo(1, 12);
          priced++;
        } else expect(nav).toBe(null);
        // Each basket asset's oracle price at the block, or left out where the oracle reverted.
        const oracle = PriceOracle__factory.connect(s.manifest.contracts.PriceOracle!.address, provider);
        const expectedAssets: string[] = [];
        const expectedPrices: string[] = [];
        for (const asset of assets) {
          const price = await oracle.getPrice(asset, { blockTag: at }).catch(() => null);
          if (price === null) continue;
          expectedAssets.push(asset.toLowerCase());
          expectedPrices.push(dec(price, 18));
        }
        expect(snap.pricedAssets).toEqual(expectedAssets);
        expect(snap.prices).toEqual(expectedPrices);
        if (snap.weights !== null) expect(expectedAssets.length).toBe(assets.length);
        else unpricedSnapshots++;
        const period = kind === "IndexHourlySnapshot" ? 3600 : 86_400;
        expect(Number(snap.periodStart) % period).toBe(0);
        expect(Number(big(snap, "timestamp")) - Number(snap.periodStart)).toBeLessThan(period);
        mint += big(snap, "periodMintShares");
        redeem += big(snap, "periodRedeemShares");
        fees += big(snap, "periodFeeShares");
        expect(big(snap, "cumulativeMintShares")).toBe(mint);
        expect(big(snap, "cumulativeRedeemShares")).toBe(redeem);
        expect(big(snap, "cumulativeFeeShares")).toBe(fees);
      }
      expect(priced).toBeGreaterThan(0);
      // The scenario makes a feed stale: some snapshot then has an asset without a price.
      expect(unpricedSnapshots).toBeGreaterThan(0);
    }
  });

  it("Mint, Redeem and FeeAccrual match the vault's events", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    for (const e of await vault.queryFilter(vault.filters.Minted(), 0, headBlock)) {
      const m = store.get("Mint", eventId(e.transactionHash, e.index));
      expect(big(m, "shares")).toBe(e.args.shares);
      expect(str(m, "sharesDecimal")).toBe(dec(e.args.shares, 18));
      expect(big(m, "feeShares")).toBe(e.args.feeShares);
      expect(m?.amountsIn).toEqual(e.args.amountsIn.map(String));
      expect(m?.receiver).toBe(e.args.receiver.toLowerCase());
      expect(Number(big(m, "blockNumber"))).toBe(e.blockNumber);
    }
    const redeems = await vault.queryFilter(vault.filters.Redeemed(), 0, headBlock);
    expect(store.all("Redeem").length).toBe(redeems.length);
    for (const e of redeems) {
      const r = store.get("Redeem", eventId(e.transactionHash, e.index));
      expect(r?.amountsOut).toEqual(e.args.amountsOut.map(String));
      expect(r?.caller).toBe(e.args.caller.toLowerCase());
    }
    const accrued = await vault.queryFilter(vault.filters.ManagementFeeAccrued(), 0, headBlock);
    const management = store.all("FeeAccrual").filter((f) => f.kind === "MANAGEMENT");
    expect(management.map((f) => f.feeShares).sort()).toEqual(
      accrued
        .filter((e) => e.args.feeShares > 0n)
        .map((e) => e.args.feeShares.toString())
        .sort(),
    );
  });

  it("deferred claims: USDC refused on a redeem is owed as the vault says, then withdrawn (6 decimals)", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    const id = `${s.vault}${s.user.slice(2)}${s.usdc.slice(2)}`.toLowerCase();
    const deferrals = await vault.queryFilter(vault.filters.TransferDeferred(), 0, headBlock);
    const withdrawals = await vault.queryFilter(vault.filters.DeferredWithdrawn(), 0, headBlock);
    expect(deferrals.map((e) => e.blockNumber)).toEqual([s.deferredBlock]);
    expect(withdrawals.map((e) => e.blockNumber)).toEqual([s.deferredWithdrawnBlock]);
    const owed = deferrals[0]!.args.amount;
    expect(owed).toBeGreaterThan(0n);

    // Where the first indexer stopped: owed, exactly IndexVault.deferred there.
    const mid = midEntities.get("DeferredClaim")?.get(id);
    expect(big(mid, "amount")).toBe(await vault.deferred(s.user, s.usdc, { blockTag: s.midBlock }));
    expect(big(mid, "amount")).toBe(owed);
    expect(str(mid, "amountDecimal")).toBe(dec(owed, 6));
    expect(mid?.asset).toBe(s.usdc.toLowerCase());
    expect(mid?.account).toBe(s.user.toLowerCase());

    // At the head: withdrawn, nothing owed.
    const claim = store.get("DeferredClaim", id);
    expect(big(claim, "amount")).toBe(await vault.deferred(s.user, s.usdc, { blockTag: headBlock }));
    expect(big(claim, "amount")).toBe(0n);
    expect(big(claim, "totalDeferred")).toBe(owed);
    expect(big(claim, "totalWithdrawn")).toBe(withdrawals[0]!.args.amount);
    expect(Number(big(claim, "lastUpdatedBlock"))).toBe(s.deferredWithdrawnBlock);
    const events = store
      .all("DeferredEvent")
      .filter((e) => e.claim === id)
      .sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber));
    expect(events.map((e) => [e.kind, e.amount, e.amountDecimal, e.to])).toEqual([
      ["DEFERRED", owed.toString(), dec(owed, 6), null],
      ["WITHDRAWN", owed.toString(), dec(owed, 6), withdrawals[0]!.args.to.toLowerCase()],
    ]);
  });

  it("positions: every balance is the vault's balanceOf, and they add up to the supply", async () => {
    const vault = IndexVault__factory.connect(s.vault, provider);
    const positions = store.all("AccountIndexPosition");
    let sum = 0n;
    for (const p of positions) {
      const balance = await vault.balanceOf(String(p.account), { blockTag: headBlock });
      expect(big(p, "balance")).toBe(balance);
      expect(str(p, "balanceDecimal")).toBe(dec(balance, 18));
      sum += balance;
    }
    expect(sum).toBe(await vault.totalSupply({ blockTag: headBlock }));
    const snapshots = store.all("AccountIndexPositionDailySnapshot");
    expect(snapshots.length).toBeGreaterThanOrEqual(positions.length);
    for (const snap of snapshots) {
      const at = Number(big(snap, "blockNumber"));
      expect(big(snap, "balance")).toBe(await vault.balanceOf(String(snap.account), { blockTag: at }));
      expect(Number(snap.periodStart) % 86_400).toBe(0);
    }
    const accounts = positions.map((p) => p.account);
    expect(accounts).toContain(s.user.toLowerCase());
    expect(accounts).toContain(s.manifest.contracts.RevenueDistributor!.address.toLowerCase());
  });

  it("target, auction, bids (decimal per token) and the regime switch", async () => {
    const rebalancer = Rebalancer__factory.connect(s.manifest.contracts.Rebalancer!.address, provider);
    const [target] = store.all("Target");
    expect(target?.weightsDecimal).toEqual(["0.35", "0.3", "0.35"]);
    expect(target?.status).toBe("ACTIVE");
    const started = await rebalancer.queryFilter(rebalancer.filters.RebalanceStarted(), 0, headBlock);
    expect(started.length).toBe(1);
    expect(target?.key).toBe(started[0]!.args.key);
    const [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(), 0, headBlock);
    expect(posted!.args.snapshotHash).toBe(SCENARIO_SNAPSHOT_HASH);
    expect(target?.snapshotHash).toBe(SCENARIO_SNAPSHOT_HASH);
    const [auction] = store.all("Auction");
    expect(big(auction, "auctionId")).toBe(started[0]!.args.auctionId);
    expect(str(auction, "navUSD")).toBe(dec(started[0]!.args.navUsd, 18));
    expect(auction?.bidCount).toBe(s.bids);
    expect(auction?.target).toBe(target?.id);
    const filled = await rebalancer.queryFilter(rebalancer.filters.BidFilled(), 0, headBlock);
    const bids = store.all("Bid");
    expect(bids.length).toBe(filled.length);
    for (const e of filled) {
      const b = bids.find((x) => x.transaction === e.transactionHash.toLowerCase());
      const sellDecimals = Number(await MockERC20__factory.connect(e.args.sell, provider).decimals());
      const buyDecimals = Number(await MockERC20__factory.connect(e.args.buy, provider).decimals());
      expect(big(b, "sellAmount")).toBe(e.args.sellAmount);
      expect(str(b, "sellAmountDecimal")).toBe(dec(e.args.sellAmount, sellDecimals));
      expect(str(b, "buyAmountDecimal")).toBe(dec(e.args.buyAmount, buyDecimals));
      expect(str(b, "priceFactorDecimal")).toBe(dec(e.args.priceFactor, 18));
      expect(b?.bidder).toBe(s.deployer.toLowerCase());
    }
    const switches = store.all("RegimeSwitch").sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber));
    expect(switches.map((r) => [r.kind, r.regime, r.previousRegime])).toEqual([
      ["SIGNALLED", "RISK_OFF", "RISK_ON"],
      ["SWITCHED", "RISK_OFF", "RISK_ON"],
    ]);
  });

  it("locks (bias, slope, score = VeTMAI.balanceOf at the lock's block) and delegation", async () => {
    const ve = VeTMAI__factory.connect(s.manifest.contracts.VeTMAI!.address, provider);
    const events = store.all("LockEvent");
    for (const lock of store.all("Lock")) {
      const account = String(lock.account);
      const last = events
        .filter((e) => e.lock === lock.id)
        .sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber))
        .at(-1);
      const at = Number(big(last, "blockNumber"));
      const [amount, end] = await ve.locked(account, { blockTag: at });
      expect(big(lock, "amount")).toBe(amount);
      expect(big(lock, "end")).toBe(end);
      expect(big(lock, "score")).toBe(await ve.balanceOf(account, { blockTag: at }));
      expect(big(lock, "slope")).toBe(amount);
      expect(big(lock, "bias")).toBe(amount * (end - big(lock, "timestamp")));
    }
    const deployer = store.get("Delegate", s.deployer.toLowerCase());
    const changes = store
      .all("DelegateVotingPowerChange")
      .filter((c) => c.delegate === s.deployer.toLowerCase())
      .sort((a, b) => Number(a.blockNumber) - Number(b.blockNumber));
    const at = Number(big(changes.at(-1), "blockNumber"));
    expect(big(deployer, "votingPower")).toBe(await ve.getVotes(s.deployer, { blockTag: at }));
    expect(deployer?.delegatorCount).toBe(1);
    expect(store.get("Delegate", s.user.toLowerCase())?.delegatorCount ?? 0).toBe(0);
    const [change] = store.all("DelegateChange").filter((c) => c.delegator === s.user.toLowerCase());
    expect([change?.fromDelegate, change?.toDelegate]).toEqual([s.user.toLowerCase(), s.deployer.toLowerCase()]);
  });

  it("the proposal, its call, the vote with its reason, and the timelock operation", async () => {
    const governor = TMAIGovernor__factory.connect(s.manifest.contracts.Governor!.address, provider);
    const p = store.get("Proposal", s.proposalId.toString());
    expect(p?.state).toBe("EXECUTED");
    expect(await governor.state(s.proposalId)).toBe(7n);
    expect(p?.description).toBe(s.description);
    const votes = await governor.proposalVotes(s.proposalId);
    expect([big(p, "againstVotes"), big(p, "forVotes"), big(p, "abstainVotes")]).toEqual([...votes]);
    expect(big(p, "voteStart")).toBe(await governor.proposalSnapshot(s.proposalId));
    // The vote reached quorum in the last seconds: the deadline moved, and the proposal says so.
    const extended = await governor.queryFilter(governor.filters.ProposalExtended(), 0, headBlock);
    expect(extended.length).toBe(1);
    expect(big(p, "voteEnd")).toBe(await governor.proposalDeadline(s.proposalId));
    expect(big(p, "voteEnd")).toBe(extended[0]!.args.extendedDeadline);
    expect(p?.extendedAtTimestamp).not.toBe(null);
    expect(big(p, "eta")).toBe(await governor.proposalEta(s.proposalId));
    const [call] = store.all("ProposalCall");
    const iface = new Interface(["function setManagementFee(uint256)"]);
    expect(call?.target).toBe(s.vault.toLowerCase());
    expect(call?.calldata).toBe(iface.encodeFunctionData("setManagementFee", [s.newManagementFee]));
    const [vote] = store.all("Vote");
    expect(vote?.reason).toBe(s.voteReason);
    expect(vote?.support).toBe(1);
    expect(big(vote, "weight")).toBe(votes[1]);
    const [op] = store.all("TimelockOperation");
    expect(op?.state).toBe("EXECUTED");
    expect(op?.targets).toEqual([s.vault.toLowerCase()]);
  });

  it("revenue: the deposit, finalized weeks and the claim", async () => {
    const distributor = RevenueDistributor__factory.connect(s.manifest.contracts.RevenueDistributor!.address, provider);
    const [deposit] = store.all("RevenueDeposit");
    expect(deposit?.amount).toBe(String(500n * 10n ** 18n));
    expect(deposit?.token).toBe(s.manifest.contracts.TMAI!.address.toLowerCase());
    const finalized = await distributor.queryFilter(distributor.filters.WeekFinalized(), 0, headBlock);
    for (const e of finalized) {
      const w = store
        .all("RevenueWeek")
        .find((x) => x.token === e.args.token.toLowerCase() && x.week === e.args.week.toString());
      expect(big(w, "amount")).toBe(e.args.distributed);
      expect(big(w, "totalScaledPower")).toBe(e.args.scaledSupply);
    }
    const claimed = await distributor.queryFilter(distributor.filters.Claimed(), 0, headBlock);
    expect(claimed.length).toBeGreaterThan(0);
    const claims = store.all("Claim");
    expect(claims.map((c) => [c.account, c.token, c.amount])).toEqual(
      claimed.map((e) => [e.args.account.toLowerCase(), e.args.token.toLowerCase(), e.args.amount.toString()]),
    );
    expect(BigInt(String(claims[0]?.amount))).toBeGreaterThan(0n);
    // claimAndLock: the TMAI claim is marked locked, and the lock grew by it (paid by the distributor).
    const tmai = s.manifest.contracts.TMAI!.address.toLowerCase();
    const locked = claims.filter((c) => c.locked === true);
    expect(locked.map((c) => c.token)).toEqual([tmai]);
    const topUp = store
      .all("LockEvent")
      .find((e) => e.payer === distributor.target.toString().toLowerCase() && e.transaction === locked[0]?.transaction);
    expect(topUp?.added).toBe(locked[0]?.amount);
  });

  it(
    "an unknown vault stops the indexer at its block and log, records the error, and skips nothing",
    async () => {
      // Start after the factory created the vault: the Rebalancer's events name a vault the subgraph never saw.
      const manifest = { ...s.manifest, startBlock: s.midBlock + 1 };
      const broken = new MemoryEntityStore();
      const indexer = await Indexer.create({ rpcUrl: node.url, manifest, store: broken });
      try {
        const err = await indexer.syncToHead().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(IndexingFailure);
        const rebalancer = Rebalancer__factory.connect(s.manifest.contracts.Rebalancer!.address, provider);
        const [posted] = await rebalancer.queryFilter(rebalancer.filters.TargetPosted(), s.midBlock + 1, headBlock);
        const failure = err as IndexingFailure;
        expect([failure.block, failure.logIndex]).toEqual([posted!.blockNumber, posted!.index]);
        expect(failure.message).toMatch(/unknown vault/);
        expect(broken.error).toMatchObject({ block: posted!.blockNumber, logIndex: posted!.index });
        expect((await broken.head())?.number ?? 0).toBeLessThan(posted!.blockNumber);
      } finally {
        await indexer.close();
      }
    },
    INDEXING_TIMEOUT_MS,
  );

  it(
    "a log the ABI cannot decode is reported with its block and log index, and commits nothing",
    async () => {
      const indexer = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: new MemoryEntityStore() });
      try {
        const vault = IndexVault__factory.connect(s.vault, provider);
        const [minted] = await vault.queryFilter(vault.filters.Minted(), 0, headBlock);
        const factoryBlock = await new JsonRpc(node.url).block(minted!.blockNumber);
        const log = {
          address: s.manifest.contracts.IndexFactory!.address,
          topics: [IndexVault__factory.createInterface().getEvent("Minted")!.topicHash, ZeroAddress, ZeroAddress],
          data: "0x1234",
          blockNumber: minted!.blockNumber,
          blockHash: factoryBlock.hash,
          transactionHash: minted!.transactionHash,
          transactionIndex: 0,
          logIndex: 7,
        };
        // The factory's data source has no Minted handler: ignored. The vault template's has: a decoding failure.
        expect((await indexer.runner.processBlock(factoryBlock, [log], async () => [])).changes).toEqual([]);
        const bad = { ...log, address: "0x" + "11".repeat(20) };
        indexer.runner.restore(new Map(), () => [
          { name: "IndexVault", address: bad.address, startBlock: 0, template: true },
        ]);
        const err = await indexer.runner.processBlock(factoryBlock, [bad], async () => []).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IndexingFailure);
        expect((err as IndexingFailure).block).toBe(minted!.blockNumber);
        expect((err as IndexingFailure).logIndex).toBe(7);
        expect((err as IndexingFailure).message).toMatch(/cannot decode the log/);
        expect(indexer.runner.all("Mint")).toEqual([]);
      } finally {
        await indexer.close();
      }
    },
    INDEXING_TIMEOUT_MS,
  );

  it(
    "a store that refuses a block stops the indexer; a new indexer resumes from the store",
    async () => {
      class FlakyStore extends MemoryEntityStore {
        failAt: number | null = s.midBlock;
        override async applyBlock(block: Parameters<MemoryEntityStore["applyBlock"]>[0]): Promise<void> {
          if (this.failAt !== null && block.number >= this.failAt) throw new Error("disk full");
          await super.applyBlock(block);
        }
      }
      const flaky = new FlakyStore();
      const first = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: flaky });
      try {
        await expect(first.syncToHead(headBlock)).rejects.toThrow(/the store refused block \d+: disk full/);
        await expect(first.syncToHead(headBlock)).rejects.toThrow(/create a new one/);
      } finally {
        await first.close();
      }
      expect((await flaky.head())?.number).toBeLessThan(s.midBlock);
      flaky.failAt = null;
      const second = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: flaky });
      try {
        expect(await second.syncToHead(headBlock)).toBe(headBlock);
      } finally {
        await second.close();
      }
      expect(await flaky.loadAll()).toEqual(await fresh.loadAll());
    },
    INDEXING_TIMEOUT_MS,
  );

  it(
    "stops with a recorded error when the indexed head is no longer on the chain (a reverted node)",
    async () => {
      const snapshot: string = await provider.send("evm_snapshot", []);
      const followed = new MemoryEntityStore();
      const indexer = await Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: followed });
      try {
        await provider.send("evm_mine", []);
        const mined = await indexer.syncToHead();
        expect(mined).toBe(headBlock + 1);
        await provider.send("evm_revert", [snapshot]);
        await provider.send("evm_increaseTime", [7]);
        await provider.send("evm_mine", []); // same number, another block
        const err = await indexer.syncToHead().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IndexingFailure);
        expect((err as Error).message).toMatch(/no longer on the chain/);
        expect(followed.error?.block).toBe(headBlock + 1);
      } finally {
        await indexer.close();
      }
      await expect(Indexer.create({ rpcUrl: node.url, manifest: s.manifest, store: followed })).rejects.toThrow(
        /no longer on the chain/,
      );
    },
    INDEXING_TIMEOUT_MS,
  );
});
