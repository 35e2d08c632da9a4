import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AbiCoder, ZeroAddress, ZeroHash, keccak256 } from "ethers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RebalanceUpkeep__factory, Rebalancer__factory } from "../../types/ethers-contracts/index.js";
import type { RebalanceUpkeep, Rebalancer } from "../../types/ethers-contracts/index.js";
import { createLogger } from "../src/log.js";
import { contractBounds } from "../src/methodology/common.js";
import { FileSnapshotStore, WEEK_SECONDS, verifySnapshot, weekOf, type SnapshotStore } from "../src/snapshot.js";
import { DEFAULT_DRIFT_BANDS, decideTarget, driftOutOfBand, postTarget } from "../src/tasks/targets.js";
import { runTick } from "../src/tick.js";
import type { MarketDataSource, SignalSource, Submission, TickContext, VaultMethodology } from "../src/types.js";
import { WAD, type MarketCap } from "../src/weights.js";

const VAULT = "0x00000000000000000000000000000000000000aa";
const REBALANCER = "0x00000000000000000000000000000000000000bb";
const UPKEEP = "0x00000000000000000000000000000000000000cc";
const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const rebalancerIface = Rebalancer__factory.createInterface();
const upkeepIface = RebalanceUpkeep__factory.createInterface();
const pct = (p: number): bigint => (WAD * BigInt(Math.round(p * 100))) / 10_000n;

/** A chain that records what the keeper sends: the latest posted target follows each `postTarget`. */
function fakeChain(upkeepsDue = 0) {
  let postedKey = ZeroHash;
  const posts: { key: string; snapshotHash: string; assets: string[]; weights: bigint[] }[] = [];
  const sent: string[] = [];
  let due = upkeepsDue;
  const rebalancer = {
    interface: rebalancerIface,
    getAddress: async () => REBALANCER,
    latestPostedTargetKey: async () => postedKey,
    regimeSource: async () => ZeroAddress,
    regime: async () => [0n, 0n, false, 0n],
  } as unknown as Rebalancer;
  const upkeep = {
    interface: upkeepIface,
    getAddress: async () => UPKEEP,
    checkUpkeep: { staticCall: async () => [due-- > 0, "0x01"] },
  } as unknown as RebalanceUpkeep;
  const submit = async (s: Submission) => {
    const iface = s.to === UPKEEP ? upkeepIface : rebalancerIface;
    const tx = iface.parseTransaction({ data: s.data })!;
    sent.push(tx.name);
    if (tx.name === "postTarget") {
      const [, assets, weights, snapshotHash] = tx.args as unknown as [string, string[], bigint[], string];
      postedKey = keccak256(AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]"], [assets, weights]));
      posts.push({ key: postedKey, snapshotHash, assets: [...assets], weights: [...weights] });
    }
    return { kind: "mined" as const, hash: ZeroHash, status: 1, blockNumber: 1 };
  };
  return { rebalancer, upkeep, submit, posts, sent };
}

/** Market data a test moves by hand. */
class MovingMarket implements MarketDataSource {
  readonly name = "test:moving";
  fail = false;
  constructor(public caps: MarketCap[]) {}
  async marketCaps(): Promise<MarketCap[]> {
    if (this.fail) throw new Error("market data provider down");
    return this.caps.map((c) => ({ ...c }));
  }
}

const silent = createLogger("error", {}, () => {});
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tmai-targets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(
  chain: ReturnType<typeof fakeChain>,
  market: MarketDataSource,
  snapshots: SnapshotStore,
  now: () => number,
) {
  const ctx: TickContext = {
    rebalancer: chain.rebalancer,
    upkeep: chain.upkeep,
    vaults: [VAULT],
    market,
    weightCapWad: pct(40),
    methodologies: {
      [VAULT]: { spec: { id: "global-top-n", version: "1.0.0", params: { n: 5 } }, bounds: contractBounds(pct(40)) },
    },
    snapshots,
    clock: { now: async () => now() },
    submit: chain.submit,
    log: silent,
  };
  return ctx;
}

describe("drift bands", () => {
  const posted = { assets: [addr(1), addr(2)], weights: [pct(40), pct(60)] };
  it("are asymmetric: trim above +50 % of the posted weight, top up below -30 %", () => {
    const at = (w1: number) => ({ assets: [addr(1), addr(2)], weights: [pct(w1), pct(60)] });
    expect(driftOutOfBand(posted, at(59.9), DEFAULT_DRIFT_BANDS)).toBeUndefined(); // +49.75 %
    expect(driftOutOfBand(posted, at(60.1), DEFAULT_DRIFT_BANDS)).toMatch(/trim band/);
    expect(driftOutOfBand(posted, at(28.1), DEFAULT_DRIFT_BANDS)).toBeUndefined(); // -29.75 %
    expect(driftOutOfBand(posted, at(27.9), DEFAULT_DRIFT_BANDS)).toMatch(/0x0+1 would fall .* \(top-up band\)/);
    // An asset that left the live target has fallen to zero: out of band.
    expect(driftOutOfBand(posted, { assets: [addr(2)], weights: [WAD] }, DEFAULT_DRIFT_BANDS)).toMatch(/top-up/);
  });

  it("decide: weekly when the week has no snapshot, resume when its post did not land, else drift or hold", () => {
    const snapshot = {
      week: 10,
      sequence: 0,
      target: { assets: posted.assets, weights: posted.weights.map(String), key: "0xk" },
    };
    const latest = { snapshot, hash: "0xh", location: "x" } as never;
    const base = { latest, postedKey: "0xk", fresh: posted, bands: DEFAULT_DRIFT_BANDS };
    expect(decideTarget({ ...base, week: 11 })).toEqual({ kind: "weekly" });
    expect(decideTarget({ ...base, week: 10, latest: undefined })).toEqual({ kind: "weekly" });
    expect(decideTarget({ ...base, week: 10, postedKey: "0xother" })).toEqual({ kind: "resume" });
    expect(decideTarget({ ...base, week: 10 })).toEqual({ kind: "hold" });
    expect(decideTarget({ ...base, week: 10, fresh: { assets: [addr(2)], weights: [WAD] } }).kind).toBe("drift");
  });
});

describe("weekly snapshot, posted once", () => {
  it("a simulated day of passes on live-moving market data posts once; a new week and a crash post once more each", async () => {
    const chain = fakeChain();
    const caps = [1000, 800, 600, 400, 200, 100].map((m, i) => ({
      asset: addr(i + 1),
      marketCapUsd: m * 1e9,
      id: `t${i + 1}`,
    }));
    const market = new MovingMarket(caps);
    const store = new FileSnapshotStore(dir);
    const start = 2_900 * WEEK_SECONDS + 86_400; // a Friday
    let now = start;
    const ctx = context(chain, market, store, () => now);
    // Seeded walk: each pass every market cap moves up to ±0.1 %.
    let seed = 42;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const pass = async () => {
      for (const c of market.caps) c.marketCapUsd *= 1 + rand() * 0.001;
      now += 30;
      return postTarget(ctx, VAULT, await market.marketCaps(), ctx.clock!);
    };
    let sent = 0;
    for (let i = 0; i < 2_880; i++) sent += await pass(); // a day of 30-second passes
    expect(sent).toBe(1);
    expect(chain.posts.length).toBe(1);

    // The week turns: one more weekly post, whatever the passes in between.
    now = (weekOf(now) + 1) * WEEK_SECONDS - 3_600;
    for (let i = 0; i < 240; i++) sent += await pass(); // two hours across the boundary
    expect(chain.posts.length).toBe(2);

    // t3 crashes 70 %: its live weight falls below 70 % of the posted one, so one drift-triggered post, then calm.
    market.caps[2]!.marketCapUsd *= 0.3;
    for (let i = 0; i < 600; i++) sent += await pass();
    expect(chain.posts.length).toBe(3);
    expect(sent).toBe(3);

    // Each post carries the hash of the file published for it, and the file recomputes to the posted target.
    const files = (await readdir(join(dir, VAULT))).sort();
    expect(files).toEqual([`${weekOf(start)}.json`, `${weekOf(start) + 1}-1.json`, `${weekOf(start) + 1}.json`]);
    const byHash = new Map<string, ReturnType<typeof verifySnapshot>>();
    for (const f of files) {
      const v = verifySnapshot(await readFile(join(dir, VAULT, f), "utf8"));
      byHash.set(v.hash, v);
    }
    for (const p of chain.posts) {
      const v = byHash.get(p.snapshotHash)!;
      expect(v.target.key).toBe(p.key);
      expect(v.target.weights).toEqual(p.weights);
    }
    expect(byHash.get(chain.posts[2]!.snapshotHash)!.snapshot.reason).toBe("drift");
    expect(byHash.get(chain.posts[1]!.snapshotHash)!.snapshot.reason).toBe("weekly");
  }, 120_000);

  it("a post that did not land is sent again from the stored snapshot, not recomputed", async () => {
    const chain = fakeChain();
    const market = new MovingMarket([1, 2, 3].map((i) => ({ asset: addr(i), marketCapUsd: i * 1e9 })));
    const store = new FileSnapshotStore(dir);
    const now = 2_900 * WEEK_SECONDS + 100;
    let drop = true;
    const ctx = context(chain, market, store, () => now);
    ctx.methodologies = undefined; // the default: capped market cap over everything listed
    ctx.submit = async (s) => {
      if (drop) {
        drop = false;
        throw new Error("dropped");
      }
      return chain.submit(s);
    };
    await expect(postTarget(ctx, VAULT, await market.marketCaps(), ctx.clock!)).rejects.toThrow(/dropped/);
    market.caps[0]!.marketCapUsd = 2.5e9; // the data moved since
    expect(await postTarget(ctx, VAULT, await market.marketCaps(), ctx.clock!)).toBe(1);
    const stored = await store.latest(VAULT);
    expect(chain.posts[0]!.snapshotHash).toBe(stored!.hash);
    expect(stored!.snapshot.methodology.id).toBe("capped-market-cap");
    expect(stored!.snapshot.inputs.universe[0]!.marketCapUsd).toBe(1e9);
  });
});

/** A signal-sector methodology over the sector "ai" of tokens t1, t2, t3, reading `signals`. */
function aiSector(signals: SignalSource): VaultMethodology {
  return {
    spec: {
      id: "signal-sector",
      version: "1.0.0",
      params: {
        sector: "ai",
        weighting: "market-cap",
        neutral: "exclude",
        neutralFactorBps: 5_000,
        minBullish: 1,
        stablecoins: [],
        depegToleranceBps: 100,
      },
    },
    signals,
    membership: { version: "1", sectors: { ai: ["t1", "t2", "t3"] } },
  };
}

describe("a data failure skips only the target step of the pass", () => {
  it("market data down: upkeep and the regime signal still run", async () => {
    const chain = fakeChain(1);
    const market = new MovingMarket([]);
    market.fail = true;
    const ctx = context(chain, market, new FileSnapshotStore(dir), () => 1_000_000);
    ctx.regime = { desired: async () => "risk-off" };
    const report = await runTick(ctx);
    expect(report.failedTasks).toEqual(["market data"]);
    expect(report.upkeeps).toBe(1);
    expect(report.regimeSignals).toBe(1);
    expect(chain.sent).toEqual(["signalRegime", "performUpkeep"]);
  });

  it("signals down: the signal-driven vault's target fails, the rest of the pass goes on", async () => {
    const chain = fakeChain(1);
    const market = new MovingMarket([1, 2, 3].map((i) => ({ asset: addr(i), marketCapUsd: i * 1e9, id: `t${i}` })));
    const ctx = context(chain, market, new FileSnapshotStore(dir), () => 1_000_000);
    const down: SignalSource = {
      name: "test:down",
      signals: async () => {
        throw new Error("Token Metrics rate limited (HTTP 429)");
      },
    };
    ctx.methodologies = { [VAULT]: aiSector(down) };
    const report = await runTick(ctx);
    expect(report.failedTasks).toEqual(["target"]);
    expect(report.upkeeps).toBe(1);
    expect(chain.posts.length).toBe(0);
  });

  it("a signal-driven vault gets no regime signal: its own target sets its stablecoin share", async () => {
    const chain = fakeChain(0);
    const market = new MovingMarket([1, 2, 3].map((i) => ({ asset: addr(i), marketCapUsd: i * 1e9, id: `t${i}` })));
    const ctx = context(chain, market, new FileSnapshotStore(dir), () => 1_000_000);
    ctx.regime = { desired: async () => "risk-off" }; // the regime file's "default", meant for the top-N indices
    const bullish: SignalSource = {
      name: "test:bullish",
      signals: async () => ["t1", "t2", "t3"].map((id) => ({ id, signal: 1 as const })),
    };
    ctx.methodologies = { [VAULT]: aiSector(bullish) };
    const report = await runTick(ctx);
    expect(report.failedTasks).toEqual([]);
    expect(report.regimeSignals).toBe(0);
    expect(chain.sent).not.toContain("signalRegime");
    expect(chain.posts.length).toBe(1);
  });
});
