import { expect } from "chai";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, parseEther, parseUnits, Transaction, Wallet, type JsonRpcProvider } from "ethers";
import { network } from "hardhat";
import { REBALANCING } from "../../deploy/config/localhost.js";
import { deployLocalProtocol } from "../fixtures/protocol.js";
import { deployLocalRebalancing } from "../fixtures/rebalance.js";
import { ethersChainClient, feeBumpReplacer, keeperProvider, keeperSubmit } from "../../keeper/src/chain.js";
import { createLogger } from "../../keeper/src/log.js";
import { FixtureMarketData } from "../../keeper/src/marketData.js";
import { FileRegimeSource } from "../../keeper/src/regime.js";
import { FileSnapshotStore } from "../../keeper/src/snapshot.js";
import { targetFromWeights } from "../../keeper/src/tasks/targets.js";
import { keeperPass } from "../../keeper/src/tick.js";
import { Journal, TxSender, type JournalEntry } from "../../keeper/src/txSender.js";
import { capWeightedWeights } from "../../keeper/src/weights.js";
import { RebalanceUpkeep__factory, Rebalancer__factory } from "../../types/ethers-contracts/index.js";
import { FaultyRpcProxy } from "./utils/faultyRpc.js";

/**
 * The keeper (its real provider, TxSender, journal, fee cap and pass) talks to the chain through a fault-injecting
 * JSON-RPC proxy. Each test counts the keeper account's transactions on chain (its nonce) against the intents it had
 * to execute: a double submission shows up as one transaction too many.
 */

const CAP_WEI = parseUnits("100", "gwei");
const RPC_TIMEOUT_MS = 1_000;

describe("keeper under RPC faults (fault-injecting proxy)", function () {
  let world: Awaited<ReturnType<typeof deployWorld>>;
  let proxy: FaultyRpcProxy;
  let dir = "";
  let restore: () => Promise<void>;
  const providers: JsonRpcProvider[] = [];

  async function deployWorld() {
    const connection = await network.create();
    const { ethers, networkHelpers } = connection;
    const [deployer] = await ethers.getSigners();
    const d = await deployLocalProtocol(deployer!);
    const keeperKey = Wallet.createRandom().privateKey;
    const keeperAddress = new Wallet(keeperKey).address;
    await (await deployer!.sendTransaction({ to: keeperAddress, value: parseEther("10") })).wait();
    const r = await deployLocalRebalancing(deployer!, d, keeperAddress);
    const bySymbol = new Map(d.tokens.map((t) => [t.symbol, t.address]));
    const market = new FixtureMarketData("keeper/fixtures/market-caps.json", (s) => bySymbol.get(s));
    const targetKey = targetFromWeights(capWeightedWeights(await market.marketCaps(), REBALANCING.weightCapWad)).key;
    const rebalancer = Rebalancer__factory.connect(r.rebalancer, ethers.provider);
    return { connection, ethers, networkHelpers, d, r, keeperKey, keeperAddress, market, targetKey, rebalancer };
  }

  /** One keeper instance (as `npm run keeper` wires it), reaching the chain only through the proxy. */
  async function startKeeper(
    regime: "risk-on" | "risk-off",
    sender: { maxRebroadcasts?: number; stuckAfterBlocks?: number } = {},
  ) {
    const lines: string[] = [];
    const log = createLogger("debug", {}, (_level, line) => lines.push(line));
    const provider = keeperProvider(proxy.url, RPC_TIMEOUT_MS);
    providers.push(provider);
    const wallet = new Wallet(world.keeperKey, provider);
    const journal = new Journal(join(dir, "journal.json"));
    await journal.load();
    const txSender = new TxSender(ethersChainClient(provider), wallet.address, journal, log, {
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      receiptTimeoutMs: 1_500,
      pollMs: 100,
      maxRebroadcasts: sender.maxRebroadcasts ?? 2,
      stuckAfterBlocks: sender.stuckAfterBlocks,
      replace: feeBumpReplacer(wallet, CAP_WEI, log),
    });
    const regimeFile = join(dir, "regime.json");
    await writeFile(regimeFile, JSON.stringify({ default: regime }));
    const ctx = {
      rebalancer: Rebalancer__factory.connect(world.r.rebalancer, wallet),
      upkeep: RebalanceUpkeep__factory.connect(world.r.upkeep, wallet),
      vaults: [world.d.demoIndex],
      market: world.market,
      weightCapWad: REBALANCING.weightCapWad,
      snapshots: new FileSnapshotStore(join(dir, "snapshots")),
      regime: new FileRegimeSource(regimeFile),
      submit: keeperSubmit(wallet, txSender, CAP_WEI, log),
      log,
    };
    /** Passes every 100 ms, like the service's loop (a failed task is logged and the pass goes on), until `done`. */
    const runUntil = async (done: () => Promise<boolean>, maxPasses: number): Promise<{ failed: string[] }> => {
      const failed: string[] = [];
      for (let pass = 0; pass < maxPasses; pass++) {
        // A pass failed when it threw, or when one of its tasks failed (logged; the rest of the pass went on).
        const logged = lines.length;
        try {
          const report = await keeperPass([txSender], ctx);
          if (report.failures > 0) failed.push(...lines.slice(logged).filter((l) => l.includes("task failed")));
        } catch (err) {
          failed.push((err as Error).message);
        }
        if (await done()) return { failed };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `not done after ${maxPasses} passes; failures:\n${failed.join("\n")}\nlogs:\n${lines.join("\n")}`,
      );
    };
    return { provider, journal, lines, runUntil };
  }

  /** Transactions the keeper account got mined (its nonce on the node, read around the proxy). */
  const keeperTxCount = () => world.ethers.provider.getTransactionCount(world.keeperAddress, "latest");
  const targetPosted = async () =>
    (await world.rebalancer.latestPostedTargetKey(world.d.demoIndex)) === world.targetKey;
  const riskOffPending = async () => {
    const [, pending, hasPending] = await world.rebalancer.regime(world.d.demoIndex);
    return hasPending && pending === 1n;
  };
  const targetAndRegimeDone = async () => (await targetPosted()) && (await riskOffPending());

  before(async function () {
    world = await deployWorld();
  });

  beforeEach(async () => {
    const snapshot = await world.networkHelpers.takeSnapshot();
    restore = () => snapshot.restore();
    dir = await mkdtemp(join(tmpdir(), "tmai-keeper-faults-"));
    proxy = await FaultyRpcProxy.start(world.connection.provider);
  });

  afterEach(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await proxy.close();
    await restore();
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps running through an RPC outage (HTTP 500s, resets, timeouts) and completes its intents later", async function () {
    const keeper = await startKeeper("risk-off");
    proxy.failNext(4, "http500");
    proxy.failNext(4, "reset");
    proxy.failNext(2, "timeout");

    const { failed } = await keeper.runUntil(targetAndRegimeDone, 30);

    expect(proxy.failedRequests).to.equal(10, "every programmed failure happened");
    expect(
      failed.length + keeper.lines.filter((l) => l.includes("RPC call failed, retrying")).length,
    ).to.be.greaterThan(0, "the outage was felt (a failed pass or a retried call)");
    expect(await keeperTxCount()).to.equal(2, "two intents (target, regime), two transactions");
    expect(new Set(proxy.rawTransactions()).size).to.equal(2, "two signed transactions in all");
    expect(keeper.journal.all()).to.deep.equal([]);
  });

  it("survives failures of the broadcast and receipt calls themselves without a second transaction", async function () {
    const keeper = await startKeeper("risk-off");
    proxy.failNext(2, "reset", ["eth_sendRawTransaction"]);
    proxy.failNext(3, "http500", ["eth_getTransactionReceipt"]);
    proxy.failNext(1, "timeout", ["eth_sendRawTransaction"]);

    await keeper.runUntil(targetAndRegimeDone, 30);

    expect(proxy.failedRequests).to.equal(6, "every programmed failure happened");
    expect(await keeperTxCount()).to.equal(2);
    expect(new Set(proxy.rawTransactions()).size).to.equal(2);
    expect(keeper.journal.all()).to.deep.equal([]);
  });

  it("rebroadcasts a dropped transaction with the same bytes (same nonce, same intent), once on chain", async function () {
    const keeper = await startKeeper("risk-on");
    proxy.dropNextRawTx(1);

    await keeper.runUntil(targetPosted, 10);

    const raws = proxy.rawTransactions();
    expect(raws).to.have.length(2);
    expect(raws[1]).to.equal(raws[0], "the rebroadcast is the journaled bytes");
    expect(proxy.calls.filter((c) => c.method === "eth_sendRawTransaction").map((c) => c.outcome)).to.deep.equal([
      "dropped",
      "forwarded",
    ]);
    expect(Transaction.from(raws[0]!).nonce).to.equal(0);
    const receipt = await world.ethers.provider.getTransactionReceipt(keccak256(raws[0]!));
    expect(receipt?.status).to.equal(1);
    expect(await keeperTxCount()).to.equal(1);
    expect(keeper.lines.some((l) => l.includes("rebroadcasting the same bytes"))).to.equal(true);
  });

  for (const kind of ["http500", "reset", "rpcError"] as const) {
    it(`does not send an intent twice when the broadcast reaches the node but the keeper sees an error (${kind})`, async function () {
      const keeper = await startKeeper("risk-off");
      proxy.errorAfterForward(2, kind); // both intents: forwarded, then reported failed

      const { failed } = await keeper.runUntil(
        async () => (await targetAndRegimeDone()) && keeper.journal.all().length === 0,
        15,
      );

      if (kind === "rpcError") {
        // Not a transient error: the task fails, the intent stays journaled, the other intent waits (it would take
        // the same nonce), and the next pass settles the one in flight first.
        expect(failed.filter((f) => f.includes("still in flight"))).to.have.length.greaterThan(0);
        expect(keeper.lines.filter((l) => l.includes("resuming in-flight transaction"))).to.have.length(2);
      } else {
        // Transient: the same bytes are broadcast again at once; the node already has them.
        expect(keeper.lines.filter((l) => l.includes("RPC call failed, retrying")).length).to.be.greaterThanOrEqual(2);
      }
      expect(proxy.calls.filter((c) => c.outcome === "forwarded-then-failed")).to.have.length(2);
      expect(await keeperTxCount()).to.equal(2, "transactions from the keeper == intents");
      expect(new Set(proxy.rawTransactions()).size).to.equal(2, "no intent was signed twice");
    });
  }

  it("waits instead of paying during a gas spike above its max fee cap, and sends once fees are back", async function () {
    const keeper = await startKeeper("risk-on");
    proxy.spikeFees(parseUnits("500", "gwei"));

    for (let pass = 0; pass < 3; pass++) {
      await keeper.runUntil(async () => true, 1).catch(() => undefined);
    }
    expect(proxy.rawTransactions()).to.deep.equal([], "nothing broadcast during the spike");
    expect(await keeperTxCount()).to.equal(0);
    expect(keeper.journal.all()).to.deep.equal([], "nothing signed or journaled during the spike");
    const warnings = keeper.lines.filter((l) => l.includes("gas price above the keeper's cap"));
    expect(warnings).to.have.length(3);
    const warning = JSON.parse(warnings[0]!) as { level: string; capGwei: string; maxFeeGwei: string };
    expect(warning.level).to.equal("warn");
    expect(warning.capGwei).to.equal("100.0");
    expect(Number(warning.maxFeeGwei)).to.be.greaterThanOrEqual(500);

    proxy.spikeFees(undefined);
    await keeper.runUntil(targetPosted, 3);
    expect(await keeperTxCount()).to.equal(1);
    const sent = Transaction.from(proxy.rawTransactions()[0]!);
    expect(sent.maxFeePerGas! <= CAP_WEI).to.equal(true, `max fee ${sent.maxFeePerGas} within the cap`);
  });

  it("replaces a transaction stuck for TMAI_KEEPER_STUCK_BLOCKS blocks at a higher fee, and later passes proceed", async function () {
    const keeper = await startKeeper("risk-off", { stuckAfterBlocks: 3 });
    proxy.holdNextRawTx(1); // the first transaction signed (the target) never reaches a block
    // Blocks keep coming (other people's transactions) while it waits.
    const miner = setInterval(() => void world.ethers.provider.send("evm_mine", []).catch(() => undefined), 50);
    try {
      await keeper.runUntil(targetAndRegimeDone, 10);
    } finally {
      clearInterval(miner);
    }
    const calls = proxy.calls.filter((c) => c.method === "eth_sendRawTransaction");
    const stuck = Transaction.from(String(calls.find((c) => c.outcome === "held")!.params[0]));
    const raws = [...new Set(proxy.rawTransactions())].map((raw) => Transaction.from(raw));
    const replacement = raws.find((t) => t.nonce === stuck.nonce && t.hash !== stuck.hash)!;
    expect(replacement, "a replacement at the stuck nonce").to.not.equal(undefined);
    expect(replacement.data).to.equal(stuck.data, "the same call");
    expect(replacement.maxFeePerGas! >= stuck.maxFeePerGas! + stuck.maxFeePerGas! / 10n).to.equal(true);
    expect(replacement.maxFeePerGas! <= CAP_WEI).to.equal(true, "within the fee cap");
    expect((await world.ethers.provider.getTransactionReceipt(replacement.hash!))?.status).to.equal(1);
    expect(await world.ethers.provider.getTransactionReceipt(stuck.hash!)).to.equal(null);
    // The later intent (the regime signal) went through after it, at the next nonce; nothing is left in flight.
    expect(await keeperTxCount()).to.equal(2);
    expect(keeper.journal.all()).to.deep.equal([]);
    expect(keeper.lines.some((l) => l.includes("transaction stuck: replacing it at a higher fee"))).to.equal(true);
  });

  it("after a restart, a new keeper instance with the same journal finishes the in-flight intent without re-signing", async function () {
    // Run 1: every broadcast is lost, the sender gives up; the intent stays journaled. The instance then stops.
    const first = await startKeeper("risk-on", { maxRebroadcasts: 0 });
    proxy.dropNextRawTx(100);
    await first.runUntil(async () => true, 1).catch(() => undefined);
    const journaled = JSON.parse(await readFile(join(dir, "journal.json"), "utf8")) as JournalEntry[];
    expect(journaled).to.have.length(1);
    // The intent is keyed by the hash of the snapshot published before the post (the file's bytes).
    const snapshots = join(dir, "snapshots", world.d.demoIndex.toLowerCase());
    const [snapshot] = await readdir(snapshots);
    const snapshotHash = keccak256(await readFile(join(snapshots, snapshot!)));
    expect(journaled[0]!.intent).to.equal(`target:${world.d.demoIndex}:${snapshotHash}`);
    expect(await keeperTxCount()).to.equal(0);
    first.provider.destroy();

    // Run 2: a new instance (new provider, journal reloaded from disk) on a healthy RPC.
    proxy.heal();
    const second = await startKeeper("risk-on");
    expect(second.journal.all()).to.have.length(1);
    await second.runUntil(targetPosted, 5);

    expect(new Set(proxy.rawTransactions())).to.deep.equal(new Set([journaled[0]!.rawTx]), "only the journaled bytes");
    expect((await world.ethers.provider.getTransactionReceipt(journaled[0]!.hash))?.status).to.equal(1);
    expect(await keeperTxCount()).to.equal(1);
    expect(second.journal.all()).to.deep.equal([]);
    expect(second.lines.some((l) => l.includes("resuming in-flight transaction"))).to.equal(true);
    // A third pass has nothing left to do.
    await second.runUntil(async () => true, 1);
    expect(await keeperTxCount()).to.equal(1);
  });
});
