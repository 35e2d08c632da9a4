import { expect } from "chai";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, Interface, parseUnits, ZeroAddress, type InterfaceAbi } from "ethers";
import { network } from "hardhat";
import { NETWORK_CONFIGS } from "../../deploy/config/networks/index.js";
import { dryRunNetwork } from "../../deploy/lib/dryRun.js";
import {
  assertHandedOver,
  DEFAULT_ADMIN_ROLE,
  FLOW_ABIS,
  oracleHeartbeat,
  type NetworkFlowOptions,
  runNetworkFlow,
  swapRouterOf,
} from "../../deploy/lib/networkFlow.js";
import { indexByName, readManifest, writeManifest, type Manifest } from "../../manifest/index.js";
import { dryRunOperators, plantStandIns } from "../../deploy/lib/standIns.js";
import {
  cloneImplementation,
  planVerification,
  runVerification,
  type VerificationJob,
} from "../../deploy/lib/verify.js";
import {
  IndexFactory__factory,
  IndexLens__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  PriceOracle__factory,
  TMAIGovernor__factory,
  TrendSignal__factory,
  UniswapSolver__factory,
} from "../../types/ethers-contracts/index.js";

/** The flow's ABI of a manifest name (the manifest records none). */
const abi = (contractName: string): InterfaceAbi => FLOW_ABIS[contractName as keyof typeof FLOW_ABIS];

/** A completed dry run of `name`, and a way to run the flow again on it (a resumed deployment). */
async function completedDryRun(name: string) {
  const config = NETWORK_CONFIGS[name]!;
  const { ethers, networkHelpers } = await network.create();
  const [deployer] = await ethers.getSigners();
  const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-dry-")), `${name}.json`);
  const options = { config, operators: dryRunOperators(), manifestPath, rpcUrl: "in-process", log: () => undefined };
  await dryRunNetwork(ethers.provider, deployer!, options);
  const rerun = (over: Partial<NetworkFlowOptions> = {}) =>
    runNetworkFlow(deployer!, { ...options, network: `dry-run:${name}`, dryRun: true, ...over });
  const manifest = await readManifest(manifestPath);
  return { config, ethers, networkHelpers, deployer: deployer!, manifestPath, manifest, rerun };
}

/** The message `p` fails with. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  return expect.fail("expected the flow to fail");
}

describe("network deployment flow, dry run on the in-process chain", function () {
  for (const name of ["ethereum", "base"]) {
    it(`${name}: deploys everything, re-runs as a no-op, and leaves the deployer with no role`, async function () {
      const config = NETWORK_CONFIGS[name]!;
      const { ethers } = await network.create();
      const [deployer] = await ethers.getSigners();
      const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-dry-")), `${name}.json`);
      const lines: string[] = [];
      const operators = dryRunOperators();
      const { first, second } = await dryRunNetwork(ethers.provider, deployer!, {
        config,
        operators,
        manifestPath,
        rpcUrl: "in-process",
        log: (l) => lines.push(l),
      });

      const hasDex = swapRouterOf(config) !== undefined;
      const expected = [
        "PriceOracle",
        "TMAI",
        "VeTMAI",
        "RevenueDistributor",
        "IndexVaultDeployer",
        "IndexFactory",
        "Index",
        "Rebalancer",
        "RebalanceUpkeep",
        "TrendSignal",
        "HousekeepingUpkeep",
        "Timelock",
        "Governor",
        ...(hasDex ? ["IndexRouter", "UniswapSolver"] : []),
        "IndexLens",
      ];
      expect(first.deployed).to.deep.equal(expected);
      expect(second.deployed).to.deep.equal([]);
      expect(second.configured).to.deep.equal([]);
      expect([...first.differences, ...second.differences]).to.deep.equal([]);
      expect(second.skipped).to.deep.equal(expected);
      // The solver is deployed with the timelock as profit recipient: that step is in place from the first run.
      const inPlaceAtOnce = hasDex ? ["UniswapSolver.setProfitRecipient(timelock)"] : [];
      expect(first.alreadyConfigured).to.deep.equal(inPlaceAtOnce);
      expect([...second.alreadyConfigured].sort()).to.deep.equal([...first.configured, ...inPlaceAtOnce].sort());
      expect(lines.some((l) => /^✓ PriceOracle already at 0x[0-9a-fA-F]{40} \(skipped\)$/.test(l))).to.equal(true);
      if (!hasDex) expect(lines.some((l) => l.startsWith("– IndexRouter and UniswapSolver skipped"))).to.equal(true);

      // The manifest on disk is what the run returned, and every contract has code.
      const manifest = await readManifest(manifestPath);
      if (hasDex) {
        // Ethereum swaps through the original SwapRouter, Base through SwapRouter02: each contract recognised its own.
        for (const name of ["IndexRouter", "UniswapSolver"]) {
          const c = new Contract(manifest.contracts[name]!.address, abi(name), ethers.provider);
          const takesDeadline = (await c.getFunction("swapRouterTakesDeadline")()) as boolean;
          expect(takesDeadline).to.equal(config.uniswap?.swapRouter !== undefined, `${name} on ${config.name}`);
        }
      }
      // Index vaults are the manifest's indices; every other contract is under its stable name.
      expect(Object.keys(manifest.contracts)).to.deep.equal(expected.filter((n) => n !== "Index"));
      expect(manifest.indices.map((i) => [i.name, i.symbol])).to.deep.equal([["Index", config.index.symbol]]);
      const index = indexByName(manifest, "Index")!;
      expect(index.creationBlock).to.be.greaterThanOrEqual(manifest.startBlock);
      expect(index.rebalancing?.upkeepPeriodSeconds).to.equal(config.rebalancing.upkeepPeriodSeconds);
      expect(await ethers.provider.getCode(index.address)).to.not.equal("0x");
      expect(manifest.roles.admin).to.equal(manifest.contracts.Timelock!.address);
      for (const entry of Object.values(manifest.contracts)) {
        expect(await ethers.provider.getCode(entry.address)).to.not.equal("0x");
      }

      // Roles: the timelock is admin everywhere, the deployer holds nothing, operators hold theirs.
      const timelock = manifest.contracts.Timelock!.address;
      for (const [contractName, entry] of Object.entries(manifest.contracts)) {
        const iface = new Interface(abi(contractName));
        if (iface.getFunction("hasRole(bytes32,address)") === null) continue;
        const c = new Contract(entry.address, iface, ethers.provider);
        expect(await c.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, timelock), `${contractName} admin`).to.equal(true);
        expect(await c.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, deployer!.address), contractName).to.equal(false);
      }
      const rebalancer = new Contract(manifest.contracts.Rebalancer!.address, abi("Rebalancer"), ethers.provider);
      const methodologist = await rebalancer.getFunction("METHODOLOGIST_ROLE")();
      expect(await rebalancer.getFunction("hasRole")(methodologist, operators.methodologist)).to.equal(true);

      // The configured feeds price the index; the DAO settings are the real network's.
      const oracle = PriceOracle__factory.connect(manifest.contracts.PriceOracle!.address, ethers.provider);
      for (const a of config.assets) {
        const f = await oracle.feedConfig(a.token);
        expect(f.feed).to.equal(a.feed);
        expect(Number(f.heartbeat)).to.equal(oracleHeartbeat(a));
        // A wrapped asset with a ratio feed (WBTC on Ethereum) is priced base x ratio: its de-peg shows.
        const ratio = a.ratioFeed === undefined ? 10n ** 18n : parseUnits(a.ratioFeed.dryRunRatio, 18);
        expect(await oracle.getPrice(a.token)).to.equal((parseUnits(a.dryRunPriceUsd, 18) * ratio) / 10n ** 18n);
        const r = await oracle.ratioFeed(a.token);
        expect(f.hasRatio).to.equal(a.ratioFeed !== undefined);
        expect(r.feed).to.equal(a.ratioFeed?.feed ?? ZeroAddress);
        if (a.ratioFeed !== undefined) {
          expect(Number(r.heartbeat)).to.equal(Math.ceil(a.ratioFeed.heartbeatSeconds * 1.1));
          expect(r.minRatio).to.equal(parseUnits(a.ratioFeed.minRatio, 18));
        }
      }
      if (name === "ethereum") {
        expect(config.assets.find((a) => a.symbol === "WBTC")?.ratioFeed, "WBTC through WBTC/BTC").to.not.equal(
          undefined,
        );
      }
      if (config.sequencer !== undefined) expect(await oracle.sequencerFeed()).to.equal(config.sequencer.feed);
      // The trend rule checks the same sequencer feed as the oracle (L2), or none (L1).
      const trend = TrendSignal__factory.connect(manifest.contracts.TrendSignal!.address, ethers.provider);
      expect(await trend.sequencerFeed()).to.equal(config.sequencer?.feed ?? ZeroAddress);
      expect(await trend.sequencerGracePeriod()).to.equal(BigInt(config.sequencer?.gracePeriodSeconds ?? 0));
      // The dApp's read lens is recorded for verification (no constructor arguments) and reads the index.
      const lensEntry = manifest.contracts.IndexLens!;
      expect(lensEntry.contract).to.equal("contracts/lens/IndexLens.sol:IndexLens");
      expect(lensEntry.constructorArgs).to.deep.equal([]);
      const lens = IndexLens__factory.connect(lensEntry.address, ethers.provider);
      const summary = await lens.indexSummary(index.address, manifest.contracts.Rebalancer!.address);
      expect(summary.symbol).to.equal(config.index.symbol);
      if (hasDex) {
        // Solver profit (in whatever asset the vault bought) goes to the DAO's treasury, the timelock.
        const solver = UniswapSolver__factory.connect(manifest.contracts.UniswapSolver!.address, ethers.provider);
        expect(await solver.profitRecipient()).to.equal(timelock);
      }
      const vault = IndexVault__factory.connect(index.address, ethers.provider);
      const nav = await vault.navPerShare();
      expect(nav <= parseUnits(config.index.navPerShareUsd, 18) && nav > parseUnits("99.99", 18)).to.equal(true);
      const governor = TMAIGovernor__factory.connect(manifest.contracts.Governor!.address, ethers.provider);
      expect(await governor.votingDelay()).to.equal(86_400n);
      expect(await governor.votingPeriod()).to.equal(7n * 86_400n);
      expect(await governor["quorumNumerator()"]()).to.equal(4n);

      // --verify plans one job per contract with the recorded constructor arguments.
      const jobs = planVerification(manifest);
      expect(jobs.map((j) => j.name)).to.deep.equal(expected);
      const byName = new Map(jobs.map((j) => [j.name, j]));
      expect(byName.get("PriceOracle")!.constructorArgs).to.deep.equal([deployer!.address]);
      expect(byName.get("TMAI")!.constructorArgs).to.deep.equal([operators.treasury]);
      expect(byName.get("Timelock")!.constructorArgs).to.deep.equal([
        config.governance.timelockMinDelaySeconds,
        [],
        [ZeroAddress],
        deployer!.address,
      ]);
      expect(byName.get("Index")!.contract).to.equal("contracts/index/IndexVault.sol:IndexVault");
      // The index is a clone of the deployer's implementation: that is what the explorer verifies, with no arguments.
      expect(byName.get("Index")!.clone).to.equal(true);
      expect(byName.get("Index")!.constructorArgs).to.deep.equal([]);
      const vaultDeployer = IndexVaultDeployer__factory.connect(
        manifest.contracts.IndexVaultDeployer!.address,
        ethers.provider,
      );
      expect(cloneImplementation(await ethers.provider.getCode(index.address))).to.equal(
        (await vaultDeployer.implementation()).toLowerCase(),
      );
      expect(cloneImplementation(await ethers.provider.getCode(vaultDeployer))).to.equal(undefined);
      expect(byName.get("TrendSignal")!.constructorArgs.slice(4)).to.deep.equal([
        config.sequencer?.feed ?? ZeroAddress,
        config.sequencer?.gracePeriodSeconds ?? 0,
      ]);
      if (hasDex) expect(byName.get("UniswapSolver")!.constructorArgs[3]).to.equal(timelock);
      // Every recorded argument list encodes against the constructor: what the explorer will be sent.
      for (const job of jobs) {
        const iface = new Interface(abi(job.name));
        expect(() => iface.encodeDeploy(job.constructorArgs), job.name).to.not.throw();
      }
      const seen: VerificationJob[] = [];
      const failed = await runVerification(jobs, async (job) => {
        seen.push(job);
        if (job.name === "TMAI") throw new Error("Contract source code already verified");
        return true;
      });
      expect(failed).to.deep.equal([]);
      expect(seen).to.have.length(expected.length);
    });
  }

  it("base: a crash between createVault and the manifest write does not create a second vault", async function () {
    const config = NETWORK_CONFIGS.base!;
    const { ethers } = await network.create();
    const [deployer] = await ethers.getSigners();
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-dry-")), "base.json");
    await plantStandIns(ethers.provider, deployer!, config);
    const lines: string[] = [];
    const options = {
      config,
      operators: dryRunOperators(),
      manifestPath,
      network: "dry-run:base",
      rpcUrl: "in-process",
      dryRun: true,
      log: (l: string) => lines.push(l),
    };
    // The process dies at the manifest write right after the index was created through the factory.
    let unwritten: Manifest | undefined;
    const crashing = async (path: string, m: Manifest): Promise<void> => {
      if (unwritten === undefined && m.indices.some((i) => i.name === "Index")) {
        unwritten = structuredClone(m);
        throw new Error("simulated crash");
      }
      await writeManifest(path, m);
    };
    expect(await failure(runNetworkFlow(deployer!, { ...options, writeManifest: crashing }))).to.equal(
      "simulated crash",
    );
    const factoryAddress = (await readManifest(manifestPath)).contracts.IndexFactory!.address;
    expect((await readManifest(manifestPath)).indices).to.deep.equal([]);
    const factory = IndexFactory__factory.connect(factoryAddress, ethers.provider);
    expect(await factory.vaultCount()).to.equal(1n);
    const [vault] = await factory.getVaults(0, 1);

    // The re-run finds the vault in the factory's registry and records it as the crashed run would have.
    const resumed = await runNetworkFlow(deployer!, options);
    expect(await factory.vaultCount()).to.equal(1n);
    expect(resumed.deployed).to.not.include("Index");
    expect(lines).to.include(`✓ Index already at ${vault} (found in the factory's registry)`);
    expect(lines.filter((l) => l.startsWith("!"))).to.deep.equal([]);
    const manifest = await readManifest(manifestPath);
    const recorded = indexByName(manifest, "Index")!;
    expect(recorded.address).to.equal(vault);
    const lost = indexByName(unwritten!, "Index")!;
    expect({ ...recorded, rebalancing: undefined }).to.deep.equal({ ...lost, rebalancing: undefined });
    expect(manifest.tokens).to.deep.equal(unwritten!.tokens);

    // Also when the entry is lost after the hand-over (the deployer can no longer create vaults): nothing changes.
    await writeFile(manifestPath, JSON.stringify({ ...manifest, indices: [] }));
    const again = await runNetworkFlow(deployer!, options);
    expect(again.deployed).to.deep.equal([]);
    expect(again.configured).to.deep.equal([]);
    expect(await factory.vaultCount()).to.equal(1n);
    expect(indexByName(await readManifest(manifestPath), "Index")).to.deep.equal(recorded);
  });

  it("base: a re-run reports each config value that differs from the chain, and changes nothing", async function () {
    const { config, ethers, manifest, manifestPath, rerun } = await completedDryRun("base");
    const [weth, ...others] = config.assets;
    const slowWeth = { ...weth!, heartbeatSeconds: 3_600, maxPriceUsd: "500000" };
    const changed = {
      ...config,
      assets: [slowWeth, ...others],
      index: { ...config.index, fees: { ...config.index.fees, mintFee: "0.002" } },
      rebalancing: { ...config.rebalancing, bandLow: "0.005", upkeepPeriodSeconds: 86_400 },
      governance: { ...config.governance, quorumPercent: 5 },
    };
    const lines: string[] = [];
    const result = await rerun({ config: changed, log: (l) => lines.push(l) });
    const governance = "— change it by governance proposal";
    expect(result.differences).to.deep.equal([
      `config differs from chain: PriceOracle.feedConfig(WETH).heartbeat is 1320 s, config says ${oracleHeartbeat(slowWeth)} s (3600 s + 10 %) ${governance}`,
      `config differs from chain: PriceOracle.feedConfig(WETH).maxPrice is 1000000, config says 500000 ${governance}`,
      `config differs from chain: Index.fees().mintFee is 0.001, config says 0.002 ${governance}`,
      `config differs from chain: Rebalancer.config(Index).bandLow is 0.01, config says 0.005 ${governance}`,
      `config differs from chain: RebalanceUpkeep.schedule(Index).period is 604800 s, config says 86400 s ${governance}`,
      `config differs from chain: Governor.quorumNumerator() is 4 %, config says 5 % ${governance}`,
    ]);
    for (const d of result.differences) expect(lines).to.include(`! ${d}`);
    // The timelock owns all of it: nothing was sent, and the manifest records the settings in force.
    expect(result.deployed).to.deep.equal([]);
    expect(result.configured).to.deep.equal([]);
    const index = indexByName(await readManifest(manifestPath), "Index")!;
    expect(index.rebalancing).to.deep.equal(indexByName(manifest, "Index")!.rebalancing);
    const oracle = PriceOracle__factory.connect(manifest.contracts.PriceOracle!.address, ethers.provider);
    expect(Number((await oracle.feedConfig(weth!.token)).heartbeat)).to.equal(oracleHeartbeat(weth!));
    // The unchanged config: nothing differs.
    expect((await rerun()).differences).to.deep.equal([]);
    // A new operator: the role is the timelock's to grant.
    const methodologist = "0x000000000000000000000000000000000000bEEF";
    const newOperator = await rerun({ operators: { ...dryRunOperators(), methodologist } });
    expect(newOperator.differences).to.deep.equal([
      `config differs from chain: Rebalancer METHODOLOGIST_ROLE of ${methodologist} is not granted, config says granted ${governance}`,
    ]);
    expect(newOperator.configured).to.deep.equal([]);
  });

  it("base: a resumed deployment refuses a recorded TrendSignal without the sequencer check", async function () {
    const { config, deployer, manifestPath, manifest, rerun } = await completedDryRun("base");
    // TrendSignal has no admin, so the check cannot be added to a deployed one: the flow stops and says why.
    const l1Trend = await new TrendSignal__factory(deployer).deploy(
      config.assets[0]!.feed,
      86_400,
      20,
      0,
      ZeroAddress,
      0,
    );
    manifest.contracts.TrendSignal!.address = await l1Trend.getAddress();
    await writeFile(manifestPath, JSON.stringify(manifest));
    expect(await failure(rerun())).to.match(
      new RegExp(`TrendSignal at .* checks sequencer feed ${ZeroAddress} .* needs ${config.sequencer!.feed}`),
    );
  });

  it("base: a resumed deployment repairs, or refuses, a solver whose profit does not go to the timelock", async function () {
    const { ethers, networkHelpers, deployer, manifest, rerun } = await completedDryRun("base");
    const timelockAddress = manifest.contracts.Timelock!.address;
    const distributor = manifest.contracts.RevenueDistributor!.address;
    await networkHelpers.impersonateAccount(timelockAddress);
    await networkHelpers.setBalance(timelockAddress, 10n ** 18n);
    const timelock = await ethers.getSigner(timelockAddress);
    const solver = UniswapSolver__factory.connect(manifest.contracts.UniswapSolver!.address, timelock);

    // A solver of an earlier flow, still administered by the deployer, sending profit to the distributor: the
    // re-run points it at the timelock before the deployer renounces its admin role.
    await (await solver.grantRole(DEFAULT_ADMIN_ROLE, deployer.address)).wait();
    await (await solver.setProfitRecipient(distributor)).wait();
    const repaired = await rerun();
    expect(repaired.deployed).to.deep.equal([]);
    expect(repaired.configured).to.deep.equal([
      "UniswapSolver.setProfitRecipient(timelock)",
      "UniswapSolver DEFAULT_ADMIN_ROLE: deployer renounces",
    ]);
    expect(await solver.profitRecipient()).to.equal(timelockAddress);

    // Already handed over: the deployer cannot fix it, the flow says how, and the hand-over check refuses it too.
    await (await solver.setProfitRecipient(distributor)).wait();
    expect(await failure(rerun())).to.match(/sends its profit to .* not the timelock .* through governance/);
    expect(await failure(assertHandedOver(deployer, manifest, deployer.address, timelockAddress))).to.include(
      `UniswapSolver: profit goes to ${distributor}, not the timelock`,
    );
    await (await solver.setProfitRecipient(timelockAddress)).wait();
    expect((await rerun()).configured).to.deep.equal([]);
  });
});
