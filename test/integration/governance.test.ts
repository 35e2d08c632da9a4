import { expect } from "chai";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  Contract,
  Interface,
  keccak256,
  parseUnits,
  toUtf8Bytes,
  Wallet,
  ZeroAddress,
  ZeroHash,
  type InterfaceAbi,
  type ParamType,
  type Provider,
} from "ethers";
import { network } from "hardhat";
import { GOVERNANCE, REBALANCING } from "../../deploy/config/localhost.js";
import { LOCAL_ACCOUNTS } from "../../deploy/config/networks/localhost.js";
import { deployLocalStack } from "../../deploy/lib/local/stack.js";
import { contractAddress, indexByName } from "../../manifest/index.js";
import { abiOf } from "../../deploy/governance/lib.js";
import {
  IndexVault__factory,
  MockERC20__factory,
  Rebalancer__factory,
  TMAIGovernor__factory,
  UniswapSolver__factory,
} from "../../types/ethers-contracts/index.js";

const ROOT = resolve(import.meta.dirname, "../..");
const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);

/**
 * Every DEFAULT_ADMIN_ROLE-gated function of each contract (read from `onlyRole(DEFAULT_ADMIN_ROLE)` in the
 * Solidity, plus AccessControl's grantRole / revokeRole, whose admin is DEFAULT_ADMIN_ROLE for the admin role).
 * Functions that are "guardian or admin" (pauseMint, pause, pauseAuctions) revert with GUARDIAN_ROLE and are checked
 * in the roles table instead.
 */
const ROLE_MANAGEMENT = ["grantRole(bytes32,address)", "revokeRole(bytes32,address)"];
const ADMIN_FUNCTIONS: Record<string, string[]> = {
  PriceOracle: ["setFeed", "removeFeed", "setSequencerFeed", ...ROLE_MANAGEMENT],
  IndexFactory: [
    "setVaultAdmin",
    "setVaultGuardian",
    "setFeeRecipient",
    "setMaxAssets",
    "setMaxFees",
    ...ROLE_MANAGEMENT,
  ],
  Index: ["setManagementFee", "setMintFee", "setRedeemFee", "setFeeRecipient", "unpauseMint", ...ROLE_MANAGEMENT],
  VeTMAI: ["unpause", "setMinLockAmount", "setTierThresholds", "setRevenueDistributor", ...ROLE_MANAGEMENT],
  RevenueDistributor: ["addRewardToken", ...ROLE_MANAGEMENT],
  IndexRouter: ["setMaxOracleDeviation", "setPoolFee", ...ROLE_MANAGEMENT],
  Rebalancer: ["setConfig", "setAssetLimits", "setRegimeSource", "unpauseAuctions", ...ROLE_MANAGEMENT],
  RebalanceUpkeep: ["scheduleVault", "unscheduleVault", ...ROLE_MANAGEMENT],
  UniswapSolver: ["setQuoteToken", "setProfitRecipient", "setPoolFee", ...ROLE_MANAGEMENT],
};

/** A well-formed argument of any ABI type (the access check runs before any validation). */
function sampleArg(p: ParamType): unknown {
  if (p.isArray())
    return p.arrayLength >= 0 ? Array.from({ length: p.arrayLength }, () => sampleArg(p.arrayChildren)) : [];
  if (p.isTuple()) return p.components.map(sampleArg);
  if (p.type === "address") return "0x000000000000000000000000000000000000dEaD";
  if (p.type === "bool") return false;
  if (p.type.startsWith("uint") || p.type.startsWith("int")) return 1n;
  if (p.type.startsWith("bytes") && p.type !== "bytes")
    return DEFAULT_ADMIN_ROLE.slice(0, 2 + 2 * Number(p.type.slice(5)));
  return "0x";
}

/** The custom error a call from `from` reverts with, decoded with the contract's ABI (null: it did not revert). */
async function revertOf(
  provider: Provider,
  iface: Interface,
  to: string,
  from: string,
  data: string,
): Promise<{ name: string; args: unknown[] } | null> {
  try {
    await provider.call({ to, from, data });
    return null;
  } catch (err) {
    const revertData = (err as { data?: string }).data;
    const parsed = revertData === undefined ? null : iface.parseError(revertData);
    if (parsed === null) throw err;
    return { name: parsed.name, args: [...parsed.args] };
  }
}

async function rejects(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return false;
  } catch {
    return true;
  }
}

interface RoleRow {
  contract: string;
  role: string;
  holder: string;
}

/** The rows of the machine-read table of docs/ROLES.md. */
async function rolesTable(): Promise<RoleRow[]> {
  const doc = await readFile(resolve(ROOT, "docs/ROLES.md"), "utf8");
  const begin = doc.indexOf("<!-- roles:begin -->");
  const end = doc.indexOf("<!-- roles:end -->");
  expect(begin, "docs/ROLES.md has the roles:begin marker").to.be.greaterThan(-1);
  expect(end, "docs/ROLES.md has the roles:end marker").to.be.greaterThan(begin);
  const rows = doc
    .slice(begin, end)
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  expect(rows[0]!.slice(0, 3)).to.deep.equal(["contract", "role", "holder"]);
  return rows.slice(2).map(([contract, role, holder]) => ({ contract: contract!, role: role!, holder: holder! }));
}

describe("governance: the timelock holds every admin role (local stack)", function () {
  /** The local stack exactly as `npm start` deploys it (the network flow with the localhost config, then the demo). */
  async function world() {
    const { ethers, networkHelpers } = await network.create();
    const manifestPath = join(await mkdtemp(join(tmpdir(), "tmai-gov-")), "localhost.json");
    const { manifest } = await deployLocalStack(ethers.provider, {
      manifestPath,
      network: "localhost",
      rpcUrl: "in-process",
      log: () => undefined,
    });
    const signers = await ethers.getSigners();
    const deployer = signers[LOCAL_ACCOUNTS.deployer]!;
    const keeper = signers[LOCAL_ACCOUNTS.methodologist]!;
    const operator = signers[LOCAL_ACCOUNTS.operator]!;
    const at = (name: string): string => contractAddress(manifest, name);
    const d = {
      deployer: deployer.address,
      guardian: manifest.roles.guardian,
      factory: at("IndexFactory"),
      distributor: at("RevenueDistributor"),
      demoIndex: indexByName(manifest, "Index")!.address,
      tokens: manifest.tokens,
    };
    const r = { rebalancer: at("Rebalancer"), solver: at("UniswapSolver") };
    const g = { timelock: at("Timelock"), governor: at("Governor") };
    // Every contract and index of the manifest with its ABI (the manifest records none; stand-ins have none here).
    const contracts: Record<string, { address: string; abi: InterfaceAbi } | undefined> = {};
    for (const [name, { address }] of Object.entries(manifest.contracts)) {
      const abi = abiOf(name);
      if (abi !== undefined) contracts[name] = { address, abi };
    }
    for (const index of manifest.indices) contracts[index.name] = { address: index.address, abi: abiOf("IndexVault")! };
    return { ethers, networkHelpers, deployer, keeper, operator, d, r, g, manifest, contracts };
  }

  it("every DEFAULT_ADMIN_ROLE function refuses the deployer, the guardian and a stranger; the timelock is admin", async function () {
    const { ethers, deployer, d, g, contracts, manifest } = await world();
    const stranger = Wallet.createRandom().address;
    expect(d.guardian).to.not.equal(deployer.address); // the deployer ends with no role, not even as guardian
    expect(manifest.roles.admin).to.equal(g.timelock);
    for (const name of Object.keys(ADMIN_FUNCTIONS))
      expect(contracts[name], `${name} deployed`).to.not.equal(undefined);

    let checked = 0;
    for (const [name, functions] of Object.entries(ADMIN_FUNCTIONS)) {
      const entry = contracts[name]!;
      const iface = new Interface(entry.abi);
      const c = new Contract(entry.address, iface, ethers.provider);
      expect(await c.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, g.timelock), `${name}: timelock is admin`).to.equal(
        true,
      );
      for (const who of [deployer.address, d.guardian, stranger]) {
        expect(await c.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, who), `${name}: ${who} is not admin`).to.equal(false);
      }
      for (const fn of functions) {
        const f = iface.getFunction(fn);
        expect(f, `${name}.${fn} in the ABI`).to.not.equal(null);
        const args = f!.inputs.map(sampleArg);
        // grantRole / revokeRole of the admin role itself need the admin role.
        if (f!.name === "grantRole" || f!.name === "revokeRole") args[0] = DEFAULT_ADMIN_ROLE;
        const data = iface.encodeFunctionData(f!, args);
        for (const who of [deployer.address, d.guardian, stranger]) {
          const reverted = await revertOf(ethers.provider, iface, entry.address, who, data);
          expect(reverted, `${name}.${f!.format()} from ${who}`).to.deep.equal({
            name: "AccessControlUnauthorizedAccount",
            args: [who, DEFAULT_ADMIN_ROLE],
          });
          checked++;
        }
      }
    }
    expect(checked).to.be.greaterThan(100);

    // The factory creates future vaults for the timelock, and only the timelock creates them.
    const factory = new Contract(d.factory, contracts.IndexFactory!.abi, ethers.provider);
    expect(await factory.getFunction("vaultAdmin")()).to.equal(g.timelock);
    const creator = await factory.getFunction("VAULT_CREATOR_ROLE")();
    expect(await factory.getFunction("hasRole")(creator, deployer.address)).to.equal(false);
    // The timelock administers itself only; the deployer gave up its bootstrap admin.
    const timelock = new Contract(g.timelock, contracts.Timelock!.abi, ethers.provider);
    expect(await timelock.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
    expect(await timelock.getFunction("getMinDelay")()).to.equal(BigInt(GOVERNANCE.timelockMinDelaySeconds));
  });

  it("docs/ROLES.md matches the deployed roles, and every admin row says timelock", async function () {
    const { ethers, keeper, operator, d, r, g, contracts, manifest } = await world();
    // ROLES.md's "Index" rows hold for every index vault of the manifest (the local stack has four).
    const indexNames = manifest.indices.map((i) => i.name);
    const holders: Record<string, string> = {
      timelock: g.timelock,
      governor: g.governor,
      guardian: d.guardian,
      methodologist: keeper.address,
      operator: operator.address,
      rebalancer: r.rebalancer,
      anyone: ZeroAddress,
    };
    const rows = await rolesTable();
    expect(rows.length).to.be.greaterThan(10);
    const documented = new Set<string>();
    for (const row of rows) {
      const entry = contracts[row.contract];
      expect(entry, `ROLES.md: unknown contract ${row.contract}`).to.not.equal(undefined);
      expect(holders[row.holder], `ROLES.md: unknown holder ${row.holder}`).to.not.equal(undefined);
      if (row.role === "DEFAULT_ADMIN_ROLE") expect(row.holder, `${row.contract} admin`).to.equal("timelock");
      for (const name of row.contract === "Index" ? indexNames : [row.contract]) {
        const c = new Contract(contracts[name]!.address, contracts[name]!.abi, ethers.provider);
        const role: string = row.role === "DEFAULT_ADMIN_ROLE" ? DEFAULT_ADMIN_ROLE : await c.getFunction(row.role)();
        expect(
          await c.getFunction("hasRole")(role, holders[row.holder]!),
          `${name} ${row.role} ${row.holder}`,
        ).to.equal(true);
        documented.add(`${name}.${row.role}`);
      }
    }
    // Every role constant of every access-controlled contract has a row (a new role cannot go undocumented).
    for (const [name, entry] of Object.entries(contracts)) {
      if (entry === undefined) continue;
      const iface = new Interface(entry.abi);
      if (iface.getFunction("hasRole(bytes32,address)") === null) continue;
      const roles = iface.fragments
        .filter((f) => f.type === "function")
        .map((f) => f as unknown as { name: string; inputs: unknown[] })
        .filter((f) => f.name.endsWith("_ROLE") && f.inputs.length === 0)
        .map((f) => f.name);
      for (const role of roles) {
        expect(documented.has(`${name}.${role}`), `ROLES.md lists ${name}.${role}`).to.equal(true);
      }
    }
    // The keeper still works after the hand-over: it is methodologist, not admin.
    const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeper);
    const assets = d.tokens.slice(0, 4).map((t) => t.address);
    await (
      await rebalancer.postTarget(
        d.demoIndex,
        assets,
        assets.map(() => parseUnits("0.25", 18)),
        ZeroHash,
      )
    ).wait();
    // The deployer keeps no admin role anywhere.
    for (const [name, entry] of Object.entries(contracts)) {
      if (entry === undefined) continue;
      const iface = new Interface(entry.abi);
      if (iface.getFunction("hasRole(bytes32,address)") === null) continue;
      const c = new Contract(entry.address, iface, ethers.provider);
      expect(await c.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, d.deployer), `${name}: deployer not admin`).to.equal(
        false,
      );
    }
  });

  it("a full proposal round on the local settings: propose, vote, queue, wait the timelock delay, execute", async function () {
    const { networkHelpers, deployer, d, g } = await world();
    const governor = TMAIGovernor__factory.connect(g.governor, deployer);
    const vault = IndexVault__factory.connect(d.demoIndex, deployer);
    const newFee = parseUnits("0.03", 18);
    expect(await vault.managementFee()).to.not.equal(newFee);
    // The deployer cannot set the fee itself any more.
    expect(await rejects(vault.setManagementFee.staticCall(newFee))).to.equal(true);

    const targets = [d.demoIndex];
    const values = [0n];
    const calldatas = [vault.interface.encodeFunctionData("setManagementFee", [newFee])];
    const description = "Raise the GDEMO management fee to 3 %";
    const descriptionHash = keccak256(toUtf8Bytes(description));
    await networkHelpers.mine(2); // the proposer's power is read at clock() - 1
    await (await governor.propose(targets, values, calldatas, description)).wait();
    const id = await governor.hashProposal(targets, values, calldatas, descriptionHash);
    expect(await governor.state(id)).to.equal(0n); // Pending

    await networkHelpers.time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
    expect(await governor.state(id)).to.equal(1n); // Active
    await (await governor.castVote(id, 1)).wait();
    await networkHelpers.time.increaseTo((await governor.proposalDeadline(id)) + 1n);
    expect(await governor.state(id)).to.equal(4n); // Succeeded

    await (await governor.queue(targets, values, calldatas, descriptionHash)).wait();
    expect(await governor.state(id)).to.equal(5n); // Queued
    expect(await rejects(governor.execute.staticCall(targets, values, calldatas, descriptionHash))).to.equal(true);
    await networkHelpers.time.increase(GOVERNANCE.timelockMinDelaySeconds);
    await (await governor.execute(targets, values, calldatas, descriptionHash)).wait();
    expect(await governor.state(id)).to.equal(7n); // Executed
    expect(await vault.managementFee()).to.equal(newFee);
  });

  it("a solver fill's profit lands in the timelock, and a proposal pays it out", async function () {
    const { networkHelpers, deployer, keeper, operator, d, r, g } = await world();
    const usdcToken = d.tokens.find((t) => t.symbol === "USDC")!;
    const wbtcToken = d.tokens.find((t) => t.symbol === "WBTC")!;
    const usdc = MockERC20__factory.connect(usdcToken.address, deployer);
    const vault = IndexVault__factory.connect(d.demoIndex, deployer);
    const solver = UniswapSolver__factory.connect(r.solver!, operator);
    expect(await solver.profitRecipient()).to.equal(g.timelock);

    // A $50k index goes risk-off: the keeper (methodologist) signals it and an auction sells the basket for USDC.
    const shares = parseUnits("500", 18);
    await (await vault.mint(shares, deployer.address, [...(await vault.previewMint(shares))])).wait();
    const rebalancer = Rebalancer__factory.connect(r.rebalancer, keeper);
    await (await rebalancer.signalRegime(d.demoIndex, 1)).wait();
    await networkHelpers.time.increase(REBALANCING.hysteresisSeconds);
    await (await rebalancer.applyRegime(d.demoIndex)).wait();
    await (await rebalancer.startRebalance(d.demoIndex)).wait();

    // The keeper fills $2,000 of WBTC through Uniswap once the auction price is below the pool's.
    const sellAmount =
      (parseUnits("2000", 18) * 10n ** BigInt(wbtcToken.decimals)) / parseUnits(wbtcToken.priceUsd, 18);
    const [, start] = await rebalancer.auction(d.demoIndex);
    const fillArgs = async () =>
      [
        r.rebalancer,
        d.demoIndex,
        wbtcToken.address,
        usdcToken.address,
        sellAmount,
        2n ** 256n - 1n,
        0n,
        (await networkHelpers.time.latest()) + 600,
      ] as const;
    for (;;) {
      const profitable = await solver.fill
        .staticCall(...(await fillArgs()))
        .then(() => true)
        .catch((err: { data?: string }) => {
          expect(solver.interface.parseError(err.data ?? "")?.name).to.equal("Unprofitable");
          return false;
        });
      if (profitable) break;
      expect(await networkHelpers.time.latest()).to.be.lessThan(Number(start) + REBALANCING.auctionDurationSeconds);
      await networkHelpers.time.increase(60);
    }
    expect(await usdc.balanceOf(g.timelock)).to.equal(0n);
    const receipt = (await (await solver.fill(...(await fillArgs()))).wait())!;
    const filled = receipt.logs.map((l) => solver.interface.parseLog(l)).find((e) => e?.name === "Filled")!;
    const profit = filled.args.getValue("profit") as bigint;
    expect(profit > 0n).to.equal(true);
    expect(await usdc.balanceOf(g.timelock)).to.equal(profit);
    expect(await usdc.balanceOf(d.distributor)).to.equal(0n); // the distributor could not have accounted for it

    // Governance spends it like any treasury token: propose, vote, queue, wait the timelock delay, execute.
    const payee = Wallet.createRandom().address;
    const governor = TMAIGovernor__factory.connect(g.governor, deployer);
    const targets = [usdcToken.address];
    const values = [0n];
    const calldatas = [usdc.interface.encodeFunctionData("transfer", [payee, profit])];
    const description = "Pay the solver profit held by the timelock to the grants wallet";
    const descriptionHash = keccak256(toUtf8Bytes(description));
    await networkHelpers.mine(2);
    await (await governor.propose(targets, values, calldatas, description)).wait();
    const id = await governor.hashProposal(targets, values, calldatas, descriptionHash);
    await networkHelpers.time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
    await (await governor.castVote(id, 1)).wait();
    await networkHelpers.time.increaseTo((await governor.proposalDeadline(id)) + 1n);
    await (await governor.queue(targets, values, calldatas, descriptionHash)).wait();
    await networkHelpers.time.increase(GOVERNANCE.timelockMinDelaySeconds);
    await (await governor.execute(targets, values, calldatas, descriptionHash)).wait();
    expect(await usdc.balanceOf(payee)).to.equal(profit);
    expect(await usdc.balanceOf(g.timelock)).to.equal(0n);
  });
});
