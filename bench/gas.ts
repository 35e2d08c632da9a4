/**
 * `npm run bench`: gas of every measured operation on the in-process EVM, written to
 * bench/results/gas.json ({ "<operation>": { "<parameter>": gasUsed } }) and bench/results/gas.md.
 *
 * Gas is receipt `gasUsed` (21,000 base included) of real transactions, so storage is cold as for a real user;
 * views are `eth_estimateGas` of the call. `stack.startSeconds` is wall time (reported, never asserted).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import { buildBasketWorld, gasOf, withTolerance } from "./lib/world.js";
import { renderMarkdown, type BenchResults } from "./lib/report.js";
import { benchStaking } from "./lib/staking.js";
import { benchRouter } from "./lib/router.js";
import { benchRebalance } from "./lib/rebalance.js";
import { benchRegimeSwitch } from "./lib/regimeSwitch.js";
import { benchGovernor } from "./lib/governor.js";
import { benchLens } from "./lib/lens.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const SIZES = [1, 10, 50, 100] as const;

const results: BenchResults = {};
function record(operation: string, parameter: string | number, value: bigint | number): void {
  (results[operation] ??= {})[String(parameter)] = typeof value === "bigint" ? Number(value) : value;
  process.stdout.write(
    `  ${operation.padEnd(34)} ${String(parameter).padStart(5)}  ${value.toLocaleString("en-US")}\n`,
  );
}

async function benchIndex(n: number): Promise<void> {
  const { ethers } = await network.create();
  const [admin, alice, bob, carol] = await ethers.getSigners();
  const world = await buildBasketWorld(admin!, [alice!, bob!, carol!], n);
  const { vault, baseline } = world;
  const one = parseUnits("1", 18);
  const slippageBps = 10n; // what a careful user allows: 0.1 %

  // Every mint asks the preview afresh and allows the careful user's tolerance; the caller already approved.
  const mintOne = async (who: NonNullable<typeof alice>): Promise<bigint> => {
    const maxIn = withTolerance(await vault.previewMint(one), slippageBps, "up");
    return gasOf(vault.connect(who).mint(one, who.address, maxIn));
  };

  record("index.createVault", n, world.createVaultGas);
  record("index.mint.firstMint", n, await mintOne(carol!));
  record("index.mint.freshReceiver", n, await mintOne(bob!));
  await mintOne(alice!); // alice becomes an existing holder
  record("index.mint.existingHolder", n, await mintOne(alice!));
  record(
    "index.redeem.existingHolder",
    n,
    await gasOf(
      vault
        .connect(alice)
        .redeem(one, alice!.address, withTolerance(await vault.previewRedeem(one), slippageBps, "down")),
    ),
  );
  // Paid to an address that holds none of the basket tokens: every transfer creates a balance.
  const freshReceiver = ethers.Wallet.createRandom().address;
  record(
    "index.redeem.freshReceiver",
    n,
    await gasOf(
      vault
        .connect(alice)
        .redeem(one, freshReceiver, withTolerance(await vault.previewRedeem(one), slippageBps, "down")),
    ),
  );
  const bobShares = await vault.balanceOf(bob!.address);
  record(
    "index.redeem.fullExit",
    n,
    await gasOf(
      vault
        .connect(bob)
        .redeem(bobShares, bob!.address, withTolerance(await vault.previewRedeem(bobShares), slippageBps, "down")),
    ),
  );
  if (n === 10 || n === 100) record("index.navPerShare", n, await vault.navPerShare.estimateGas());

  // The floor: the same tokens and amounts, moved with SafeERC20, one balance updated. Measured in the same
  // state as the vault's "existing holder" rows (both hold every token, the caller already holds shares).
  const amounts = [...(await vault.previewMint(one))];
  await gasOf(baseline.connect(alice).mint(one, amounts));
  record("baseline.mint", n, await gasOf(baseline.connect(alice).mint(one, amounts)));
  record("baseline.redeem", n, await gasOf(baseline.connect(alice).redeem(one, amounts)));
}

async function benchStackStart(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "tmai-bench-"));
  const started = performance.now();
  const child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["deploy/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, TMAI_PORT: "18745", TMAI_DEPLOYMENTS_DIR: dir },
  });
  try {
    await new Promise<void>((ok, fail) => {
      let out = "";
      const timer = setTimeout(() => fail(new Error(`npm start not ready within 300 s:\n${out}`)), 300_000);
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.includes("TMAI protocol ready")) {
          clearTimeout(timer);
          ok();
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.once("exit", (code) => fail(new Error(`npm start exited with ${code}:\n${out}`)));
    });
    record("stack.startSeconds", "localhost", Math.round((performance.now() - started) / 100) / 10);
  } finally {
    child.kill("SIGINT");
    await new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once("exit", ok)));
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Sections of the benchmark. `TMAI_BENCH_ONLY=regime,staking npm run bench` runs some of them and merges their rows
 * into the committed results (handy while optimising one contract); a plain `npm run bench` runs them all.
 */
const SECTIONS: { name: string; title: string; run: () => Promise<void> }[] = [
  {
    name: "index",
    title: "Index vault with 1, 10, 50 and 100 assets",
    run: async () => {
      for (const n of SIZES) await benchIndex(n);
    },
  },
  { name: "router", title: "IndexRouter through Uniswap v3", run: () => benchRouter(record) },
  { name: "rebalance", title: "Rebalance on the demo index", run: () => benchRebalance(record) },
  { name: "regime", title: "Regime switch of a 100-asset vault", run: () => benchRegimeSwitch(record, 100) },
  { name: "staking", title: "veTMAI and revenue distributor", run: () => benchStaking(record) },
  { name: "governor", title: "Governor on veTMAI", run: () => benchGovernor(record) },
  { name: "stack", title: "Local stack", run: benchStackStart },
  {
    name: "lens",
    title: "IndexLens reads (eth_call) at 10 and 100 assets",
    run: async () => {
      for (const n of [10, 100]) await benchLens(record, n);
    },
  },
];

async function main(): Promise<void> {
  const only = process.env.TMAI_BENCH_ONLY?.split(",").map((s) => s.trim());
  const skipStack = process.argv.includes("--no-stack") || process.env.TMAI_BENCH_NO_STACK === "1";
  for (const section of SECTIONS) {
    if (only !== undefined && !only.includes(section.name)) continue;
    if (section.name === "stack" && skipStack) continue;
    process.stdout.write(`${section.title}\n`);
    await section.run();
  }
  if (only !== undefined) {
    // Keep the rows of the sections not run, in the committed order.
    const previous = JSON.parse(await readFile(join(RESULTS, "gas.json"), "utf8")) as BenchResults;
    const merged: BenchResults = {};
    for (const [op, params] of Object.entries(previous)) merged[op] = { ...params, ...results[op] };
    for (const [op, params] of Object.entries(results)) merged[op] = { ...merged[op], ...params };
    for (const key of Object.keys(results)) delete results[key];
    Object.assign(results, merged);
  }
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, "gas.json"), JSON.stringify(results, null, 2) + "\n");
  await writeFile(join(RESULTS, "gas.md"), renderMarkdown(results));
  process.stdout.write(`Wrote ${join("bench", "results", "gas.json")} and gas.md\n`);
}

await main();
