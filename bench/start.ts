/**
 * `npm run bench:start`: how long `npm start` takes to be ready, and how a regime switch looks to a local user.
 *
 * 1. `npm start` (deploy/start.ts, through the browser tests' `startStack`) on bench ports in a temporary deployments
 *    directory, keeper and price simulator on, as a newcomer runs it: seconds from launch to the "TMAI protocol
 *    ready" line.
 * 2. Then what a user does to watch a regime switch: writes `{"default": "risk-off"}` to the stack's regime.json.
 *    Every 2 s the flagship index is read through the lens: when the switch is applied (`RegimeSwitched`), when the
 *    auction starts, when the first bid fills, and when 50 % and 95 % of the NAV is in the stablecoin.
 *
 * Results: bench/results/start.{json,md}. Wall-clock figures depend on the machine and its load: reported, never
 * asserted. `--watch <seconds>` bounds the regime-switch observation (default 600).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { JsonRpcProvider } from "ethers";
import { contractAddress, readManifest } from "../manifest/index.js";
import { IndexLens__factory, Rebalancer__factory } from "../types/ethers-contracts/index.js";
import { startStack } from "../frontend/e2e/stack.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
/** Node, dApp and subgraph ports of the bench's stack (the keeper's metrics port follows the node's). */
const PORT = 18_745;

interface Timeline {
  /** Seconds from writing risk-off to each milestone; undefined when it did not happen within the watch. */
  switchApplied?: number;
  auctionStarted?: number;
  firstFill?: number;
  stable50?: number;
  stable95?: number;
}

function parseWatch(argv: string[]): number {
  const i = argv.indexOf("--watch");
  if (i === -1) return 600;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--watch must be a positive number of seconds, got "${argv[i + 1]}"`);
  return n;
}

async function main(): Promise<void> {
  const watchSeconds = parseWatch(process.argv.slice(2));
  const launched = performance.now();
  const stack = await startStack(PORT, { keeper: true, simulator: true });
  const dir = stack.dir;
  try {
    const readySeconds = (performance.now() - launched) / 1000;
    console.log(`npm start ready after ${readySeconds.toFixed(1)} s`);

    const manifest = await readManifest(join(dir, "localhost.json"));
    const provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true });
    const lens = IndexLens__factory.connect(contractAddress(manifest, "IndexLens"), provider);
    const rebalancerAddress = contractAddress(manifest, "Rebalancer");
    const rebalancer = Rebalancer__factory.connect(rebalancerAddress, provider);
    const flagship = manifest.indices.find((i) => i.name === "Index") ?? manifest.indices[0]!;
    const stablecoin = (await rebalancer.config(flagship.address)).stablecoin.toLowerCase();
    const fromBlock = await provider.getBlockNumber();

    await writeFile(join(dir, "regime.json"), JSON.stringify({ default: "risk-off" }) + "\n");
    const switched = performance.now();
    console.log(
      `wrote risk-off to ${join(dir, "regime.json")}; watching ${flagship.symbol} for up to ${watchSeconds} s`,
    );
    const t: Timeline = {};
    let switchBlock: number | undefined;
    const since = (): number => Math.round((performance.now() - switched) / 100) / 10;
    while (since() < watchSeconds && t.stable95 === undefined) {
      const s = await lens.indexSummary(flagship.address, rebalancerAddress);
      if (t.switchApplied === undefined && s.rebalance.regime === 1n) t.switchApplied = since();
      if (switchBlock === undefined && t.switchApplied !== undefined) {
        const [switched] = await rebalancer.queryFilter(rebalancer.filters.RegimeSwitched(flagship.address), fromBlock);
        switchBlock = switched?.blockNumber;
      }
      // The risk-off auction and its fills: from the switch's block on (an auction of an earlier target may run).
      if (t.auctionStarted === undefined && switchBlock !== undefined) {
        const starts = await rebalancer.queryFilter(rebalancer.filters.RebalanceStarted(flagship.address), switchBlock);
        if (starts.length > 0) t.auctionStarted = since();
      }
      if (t.firstFill === undefined && switchBlock !== undefined) {
        const fills = await rebalancer.queryFilter(rebalancer.filters.BidFilled(flagship.address), switchBlock);
        if (fills.length > 0) t.firstFill = since();
      }
      const total = s.basket.reduce((sum, a) => sum + a.totalValue, 0n);
      const stable = s.basket.find((a) => a.asset.toLowerCase() === stablecoin)?.totalValue ?? 0n;
      const share = total === 0n ? 0 : Number((stable * 10_000n) / total) / 100;
      if (t.stable50 === undefined && share >= 50) t.stable50 = since();
      if (t.stable95 === undefined && share >= 95) t.stable95 = since();
      process.stdout.write(
        `\r${since().toFixed(0)} s: regime ${s.rebalance.regime}, stablecoin ${share.toFixed(1)} % `,
      );
      await new Promise((ok) => setTimeout(ok, 2_000));
    }
    process.stdout.write("\n");
    provider.destroy();

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverage1m: loadavg()[0] ?? 0 },
      readySeconds: Math.round(readySeconds * 10) / 10,
      indices: manifest.indices.map((i) => i.symbol),
      regimeSwitch: { index: flagship.symbol, watchSeconds, secondsAfterWritingRiskOff: t },
    };
    await mkdir(RESULTS, { recursive: true });
    await writeFile(join(RESULTS, "start.json"), JSON.stringify(result, null, 2) + "\n");
    const cell = (v: number | undefined): string => (v === undefined ? `not within ${watchSeconds} s` : `${v} s`);
    const md = [
      "# `npm start` and a local regime switch",
      "",
      `Measured ${result.date} on ${result.machine.cpus} CPUs (load average ${result.machine.loadAverage1m.toFixed(1)}) by \`npm run bench:start\`.`,
      "",
      `- \`npm start\` ready (compile check, subgraph build unless up to date, node, deployment, services, dApp build): **${result.readySeconds} s**`,
      `- indices on the local stack: ${result.indices.join(", ")}`,
      "",
      `A user writes \`{"default": "risk-off"}\` to the stack's regime.json; ${flagship.symbol}, read every 2 s:`,
      "",
      "| milestone | seconds after writing risk-off |",
      "| --- | --- |",
      `| regime switch applied | ${cell(t.switchApplied)} |`,
      `| its auction started | ${cell(t.auctionStarted)} |`,
      `| first bid filled | ${cell(t.firstFill)} |`,
      `| 50 % of NAV in the stablecoin | ${cell(t.stable50)} |`,
      `| 95 % of NAV in the stablecoin | ${cell(t.stable95)} |`,
      "",
    ].join("\n");
    await writeFile(join(RESULTS, "start.md"), md);
    console.log(md);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
