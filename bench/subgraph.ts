/**
 * `npm run bench` (second part): the subgraph on a scenario of at least 10,000 indexed events.
 *
 * 1. A Hardhat node on 127.0.0.1 and the local stack deployed on it exactly as `npm start` does it
 *    (deploy/lib/local/stack.ts).
 * 2. Load: rounds of mints, transfers and redeems of the demo index by three accounts, one transaction per block,
 *    ten minutes of chain time between rounds (hourly and daily snapshots roll over), until the subgraph's data
 *    sources have emitted `--events` logs (default 10,000). The feeds stay fresh (the load spans less than their heartbeat), so every handler makes its
 *    calls at the block as it would on a live chain.
 * 3. Indexing: the compiled mappings (subgraph/build) run by the local indexer into the local GraphQL server's
 *    PGlite store, as `npm start` runs them; events per second = data-source logs / wall time of `syncToHead`.
 * 4. Queries: the dApp's main queries (docs/SUBGRAPH.md, "Example queries") over HTTP, 10 warm-ups then
 *    `--iterations` (default 200) timed requests each, one at a time: p50 and p95 in milliseconds.
 *
 * Results: bench/results/subgraph.{json,md}. Wall-clock figures depend on the machine and its load: reported,
 * never asserted. Needs `npm run subgraph:build` first (`npm run bench` runs it).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir, loadavg, cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Interface, JsonRpcProvider, MaxUint256, parseUnits, Wallet } from "ethers";
import { indexByName, type Manifest } from "../manifest/index.js";
import { deployLocalStack } from "../deploy/lib/local/stack.js";
import { LOCAL_ACCOUNTS } from "../deploy/config/networks/localhost.js";
import { Indexer } from "../subgraph/runner/indexer.js";
import { subgraphManifest } from "../subgraph/scripts/manifest.js";
import { startSubgraphServer } from "../subgraph/server/index.js";
import { measureQueries, type QueryLatency } from "../subgraph/server/bench.js";
import { startLocalNode } from "../subgraph/test/utils/localNode.js";
import { IndexVault__factory, MockERC20__factory } from "../types/ethers-contracts/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const BUILD = join(ROOT, "subgraph", "build");

/** Chain time between load rounds: ~95 rounds span ~17 h, under the local feeds' 24 h heartbeat. */
const ROUND_SPACING_SECONDS = 600;
/** Per load round, one transaction per block: mints, transfers and redeems (about 107 data-source events). */
const MINTS_PER_ROUND = 18;
const TRANSFERS_PER_ROUND = 24;
const REDEEMS_PER_ROUND = 9;

interface Options {
  events: number;
  iterations: number;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    if (i === -1) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${argv[i + 1]}"`);
    return n;
  };
  return { events: value("--events", 10_000), iterations: value("--iterations", 200) };
}

export interface SubgraphBenchResult {
  scenario: { rounds: number; transactions: number; events: number; loadSeconds: number };
  indexing: { seconds: number; eventsPerSecond: number; blocksPerSecond: number; entityTypes: number };
  queries: QueryLatency[];
  machine: { cpus: number; loadAverageAtStart: number };
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Sends a transaction from an unlocked development account without an estimate (the block is not mined yet). */
async function send(provider: JsonRpcProvider, from: string, to: string, data: string, gas: number): Promise<void> {
  await provider.send("eth_sendTransaction", [{ from, to, data, gas: `0x${gas.toString(16)}` }]);
}

/** Logs the subgraph's data sources emitted in [from, to]: what the indexer has to process. */
async function countEvents(provider: JsonRpcProvider, addresses: string[], from: number, to: number): Promise<number> {
  let total = 0;
  for (let start = from; start <= to; start += 2_000) {
    const end = Math.min(to, start + 1_999);
    const logs = (await provider.send("eth_getLogs", [
      { address: addresses, fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` },
    ])) as unknown[];
    total += logs.length;
  }
  return total;
}

/** The data sources' addresses: those of the subgraph manifest generated from `manifest`, and every index (template). */
function dataSourceAddresses(manifest: Manifest): string[] {
  const sources = subgraphManifest(manifest).dataSources.map((d) => d.source.address);
  return [...sources.filter((a): a is string => a !== undefined), ...manifest.indices.map((i) => i.address)];
}

async function generateLoad(
  provider: JsonRpcProvider,
  manifest: Manifest,
  targetEvents: number,
): Promise<SubgraphBenchResult["scenario"]> {
  const started = performance.now();
  const index = indexByName(manifest, "Index");
  if (index === undefined) throw new Error("the local manifest has no index named Index");
  const vaultInterface = IndexVault__factory.createInterface();
  const erc20 = MockERC20__factory.createInterface();
  const vault = IndexVault__factory.connect(index.address, provider);
  const [assets] = await vault.getBasket();
  const accounts = await Promise.all(
    [LOCAL_ACCOUNTS.deployer, ...LOCAL_ACCOUNTS.demoUsers].map(async (i) => (await provider.getSigner(i)).getAddress()),
  );
  // The demo users hold every basket token (the demo step funds them); they approve the index once.
  for (const who of accounts.slice(1)) {
    for (const asset of assets) {
      await send(provider, who, asset, erc20.encodeFunctionData("approve", [index.address, MaxUint256]), 100_000);
    }
  }
  await provider.send("evm_mine", []);

  const shares = parseUnits("0.02", 18);
  // Twice the preview: fees only lower the units, so this bounds every mint of the run.
  const maxIn = (await vault.previewMint(shares)).map((a) => a * 2n);
  const mintOf = (to: string, amount: bigint): string =>
    vaultInterface.encodeFunctionData("mint", [amount, to, maxIn.map((a) => (a * amount) / shares + 1n)]);
  const minOut = assets.map(() => 0n);
  const redeem = (to: string): string =>
    vaultInterface.encodeFunctionData("redeem", [shares / 2n, to, minOut]) satisfies string;
  const transfer = (to: string): string =>
    vaultInterface.encodeFunctionData("transfer", [to, shares / 4n]) satisfies string;
  // Receivers of transfers: the three accounts and a pool of fresh addresses (new positions in the subgraph).
  const fresh = Array.from({ length: 200 }, () => Wallet.createRandom().address);

  const sources = dataSourceAddresses(manifest);
  // Sent concurrently, automined one per block (a pending pool of basket mints makes the node re-run it on every
  // new transaction). Each must succeed: a revert stops the bench.
  const sendAll = async (calls: { from: string; data: string; gas: number }[]): Promise<void> => {
    const hashes = (await Promise.all(
      calls.map((c) =>
        provider.send("eth_sendTransaction", [
          { from: c.from, to: index.address, data: c.data, gas: `0x${c.gas.toString(16)}` },
        ]),
      ),
    )) as string[];
    const receipts = (await Promise.all(hashes.map((hash) => provider.send("eth_getTransactionReceipt", [hash])))) as {
      status: string;
      transactionHash: string;
      blockNumber: string;
    }[];
    const failed = receipts.find((r) => r.status !== "0x1");
    if (failed !== undefined) throw new Error(`load transaction ${failed.transactionHash} reverted`);
  };
  // A float of shares for every account, so that transfers and redeems never outrun its mints.
  await sendAll(accounts.map((who) => ({ from: who, data: mintOf(who, parseUnits("1", 18)), gas: 1_500_000 })));

  let rounds = 0;
  let transactions = 0;
  let events = 0;
  let from = (await provider.getBlockNumber()) + 1;
  while (events < targetEvents) {
    const calls: { from: string; data: string; gas: number }[] = [];
    for (let i = 0; i < MINTS_PER_ROUND; i++) {
      const who = accounts[i % accounts.length]!;
      calls.push({ from: who, data: mintOf(who, shares), gas: 1_500_000 });
    }
    for (let i = 0; i < TRANSFERS_PER_ROUND; i++) {
      const who = accounts[i % accounts.length]!;
      const to = i % 2 === 0 ? accounts[(i + 1) % accounts.length]! : fresh[(rounds * 7 + i) % fresh.length]!;
      calls.push({ from: who, data: transfer(to), gas: 200_000 });
    }
    for (let i = 0; i < REDEEMS_PER_ROUND; i++) {
      const who = accounts[i % accounts.length]!;
      calls.push({ from: who, data: redeem(who), gas: 1_500_000 });
    }
    await sendAll(calls);
    transactions += calls.length;
    rounds++;
    const head = await provider.getBlockNumber();
    events += await countEvents(provider, sources, from, head);
    from = head + 1;
    await provider.send("evm_increaseTime", [ROUND_SPACING_SECONDS]);
    process.stdout.write(`\r  load: ${rounds} rounds, ${transactions} transactions, ${events} events`);
  }
  process.stdout.write("\n");
  // Every event since deployment counts: the indexer processes the deployment's own events too.
  const all = await countEvents(provider, sources, 0, await provider.getBlockNumber());
  return { rounds, transactions, events: all, loadSeconds: round((performance.now() - started) / 1000, 1) };
}

/** The dApp's main queries (docs/SUBGRAPH.md), for the demo index and the most active account. */
function dappQueries(vault: string, account: string): [string, string][] {
  const v = vault.toLowerCase();
  const a = account.toLowerCase();
  return [
    [
      "indices list with the sparklines' daily snapshots",
      `{ indexes(first: 50, orderBy: tvlUSD, orderDirection: desc) { id name symbol totalSupplyDecimal navPerShareUSD tvlUSD regime managementFeeDecimal mintFeeDecimal redeemFeeDecimal } indexDailySnapshots(orderBy: periodStart, orderDirection: desc, first: 350) { index { id } periodStart navPerShareUSD } }`,
    ],
    [
      "index page: state, holdings, 30 daily snapshots",
      `{ index(id: "${v}") { name symbol totalSupplyDecimal navPerShareUSD tvlUSD priceSource regime pendingRegime managementFeeDecimal mintFeeDecimal redeemFeeDecimal holdings(where: { inBasket: true }, orderBy: valueUSD, orderDirection: desc) { asset { symbol decimals } unitsPerShareDecimal amountDecimal priceUSD valueUSD weight } } indexDailySnapshots(where: { index: "${v}" }, orderBy: periodStart, orderDirection: desc, first: 30) { periodStart navPerShareUSD tvlUSD totalSupplyDecimal periodMintShares periodRedeemShares periodFeeShares } }`,
    ],
    [
      "NAV chart: 7 days of hourly snapshots",
      `{ indexHourlySnapshots(where: { index: "${v}" }, orderBy: periodStart, orderDirection: desc, first: 168) { periodStart navPerShareUSD tvlUSD totalSupplyDecimal } }`,
    ],
    [
      "activity: the index's 100 latest mints and redeems",
      `{ mints(where: { index: "${v}" }, orderBy: timestamp, orderDirection: desc, first: 100) { receiver { id } sharesDecimal feeShares navPerShareUSD timestamp transaction } redeems(where: { index: "${v}" }, orderBy: timestamp, orderDirection: desc, first: 100) { caller { id } sharesDecimal feeShares navPerShareUSD timestamp transaction } }`,
    ],
    [
      "portfolio: positions, lock, claims, own history",
      `{ accountIndexPositions(where: { account: "${a}" }) { index { symbol navPerShareUSD } balanceDecimal mintedShares redeemedShares } lock(id: "${a}") { amountDecimal end bias slope score timestamp events(orderBy: timestamp) { kind added amount end } } claims(where: { account: "${a}" }, orderBy: timestamp, orderDirection: desc) { token amount fromWeek toWeek locked } mints(where: { receiver: "${a}" }, orderBy: timestamp, orderDirection: desc, first: 50) { index { symbol } sharesDecimal timestamp transaction } }`,
    ],
    [
      "trade log: bids and regime switches",
      `{ bids(where: { index: "${v}" }, orderBy: timestamp, orderDirection: desc, first: 100) { auction { auctionId } bidder sell sellAmountDecimal buy buyAmountDecimal priceFactorDecimal timestamp transaction } regimeSwitches(where: { index: "${v}" }, orderBy: timestamp, orderDirection: desc) { kind regime dueAt timestamp } }`,
    ],
    [
      "governance: proposals with calls and votes, delegates",
      `{ proposals(orderBy: createdAtTimestamp, orderDirection: desc, first: 20) { proposalId proposer description state voteStart voteEnd eta forVotes againstVotes abstainVotes calls(orderBy: position) { target value signature calldata } votes(orderBy: weight, orderDirection: desc) { voter support weight reason } } delegates(orderBy: votingPower, orderDirection: desc, first: 20) { id votingPower delegatorCount } }`,
    ],
    ["_meta (the dApp's freshness check)", `{ _meta { block { number timestamp } hasIndexingErrors } }`],
  ];
}

export function renderSubgraphMarkdown(r: SubgraphBenchResult): string {
  const lines = [
    "# Subgraph benchmark",
    "",
    "Generated by `npm run bench` (bench/subgraph.ts). Wall-clock figures: they depend on the machine and its load",
    `(${r.machine.cpus} cores, load average ${r.machine.loadAverageAtStart} at start), and are reported, not asserted.`,
    "",
    "## Scenario",
    "",
    `The local stack deployed as by \`npm start\`, then ${r.scenario.rounds} rounds of mints, transfers and redeems ` +
      `(${r.scenario.transactions.toLocaleString("en-US")} transactions, one per block, ten minutes of chain time ` +
      `between rounds; generated in ${r.scenario.loadSeconds} s): **${r.scenario.events.toLocaleString("en-US")} ` +
      "events** from the subgraph's data sources since deployment.",
    "",
    "## Indexing (compiled mappings, calls at each block, PGlite store)",
    "",
    "| measure | value |",
    "| --- | --- |",
    `| wall time | ${r.indexing.seconds} s |`,
    `| throughput | **${r.indexing.eventsPerSecond} events/s** |`,
    `| blocks per second | ${r.indexing.blocksPerSecond} |`,
    "",
    `## Query latency (HTTP, 10 warm-ups, then timed one at a time)`,
    "",
    "| dApp query | p50 (ms) | p95 (ms) |",
    "| --- | ---: | ---: |",
    ...r.queries.map((q) => `| ${q.name} | ${q.p50Ms} | ${q.p95Ms} |`),
    "",
  ];
  return lines.join("\n");
}

export async function benchSubgraph(options: Options): Promise<SubgraphBenchResult> {
  if (!existsSync(join(BUILD, "subgraph.yaml"))) {
    throw new Error("subgraph/build is missing: run `npm run subgraph:build` first (npm run bench does)");
  }
  const machine = { cpus: cpus().length, loadAverageAtStart: round(loadavg()[0] ?? 0, 1) };
  const node = await startLocalNode();
  const work = await mkdtemp(join(tmpdir(), "tmai-bench-subgraph-"));
  try {
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    provider.pollingInterval = 50;
    process.stdout.write(`subgraph bench: deploying the local stack on ${node.url}\n`);
    const { manifest } = await deployLocalStack(provider, {
      manifestPath: join(work, "localhost.json"),
      network: "localhost",
      rpcUrl: node.url,
      log: () => undefined,
    });
    const scenario = await generateLoad(provider, manifest, options.events);

    const server = await startSubgraphServer({
      schemaSdl: await readFile(join(ROOT, "subgraph", "schema.graphql"), "utf8"),
      name: "tmai/index-protocol",
      port: 0,
      dataDir: join(work, "subgraph-db"),
    });
    try {
      const indexer = await Indexer.create({ rpcUrl: node.url, manifest, store: server.store });
      let seconds: number;
      let head: number;
      try {
        process.stdout.write(`  indexing ${scenario.events} events ...\n`);
        const started = performance.now();
        head = await indexer.syncToHead();
        seconds = (performance.now() - started) / 1000;
      } finally {
        await indexer.close();
      }
      const indexing = {
        seconds: round(seconds, 1),
        eventsPerSecond: Math.round(scenario.events / seconds),
        blocksPerSecond: round((head + 1) / seconds, 1),
        entityTypes: (await server.store.loadAll()).size,
      };
      process.stdout.write(
        `  indexed to block ${head} in ${indexing.seconds} s: ${indexing.eventsPerSecond} events/s\n`,
      );
      const index = indexByName(manifest, "Index")!;
      const deployer = await (await provider.getSigner(LOCAL_ACCOUNTS.deployer)).getAddress();
      const queries = await measureQueries(server.url, dappQueries(index.address, deployer), options.iterations);
      for (const q of queries) process.stdout.write(`  ${q.name.padEnd(56)} p50 ${q.p50Ms} ms  p95 ${q.p95Ms} ms\n`);
      return { scenario, indexing, queries, machine };
    } finally {
      await server.close();
    }
  } finally {
    await node.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await benchSubgraph(parseArgs(process.argv.slice(2)));
    await mkdir(RESULTS, { recursive: true });
    await writeFile(join(RESULTS, "subgraph.json"), JSON.stringify(result, null, 2) + "\n");
    await writeFile(join(RESULTS, "subgraph.md"), renderSubgraphMarkdown(result));
    process.stdout.write(`wrote bench/results/subgraph.json and bench/results/subgraph.md\n`);
  } catch (err) {
    process.stderr.write(`subgraph bench: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
