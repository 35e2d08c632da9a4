import {
  Contract,
  Interface,
  getAddress,
  parseUnits,
  ZeroAddress,
  type BaseContract,
  type BlockTag,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type Signer,
} from "ethers";
import {
  IndexFactory__factory,
  IndexRouter__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  PriceOracle__factory,
  RebalanceUpkeep__factory,
  Rebalancer__factory,
  RevenueDistributor__factory,
  TMAIGovernor__factory,
  TMAITimelock__factory,
  TMAI__factory,
  TrendSignal__factory,
  UniswapSolver__factory,
  VeTMAI__factory,
} from "../../types/ethers-contracts/index.js";
import type { AssetConfig, NetworkConfig } from "../config/networks/index.js";
import { assertValidNetworkConfig, DeployConfigError, type Operators } from "./networkConfig.js";
import { MANIFEST_VERSION, type ContractEntry, type IndexEntry, type Manifest } from "../../manifest/index.js";
import { readNetworkManifest, toJsonArg, writeNetworkManifest } from "./networkManifest.js";
import { unitsPerShare } from "./units.js";

export const DEFAULT_ADMIN_ROLE = "0x" + "00".repeat(32);

export interface NetworkFlowOptions {
  config: NetworkConfig;
  operators: Operators;
  /** deployments/<network>.json: read to resume, written after every deployment. */
  manifestPath: string;
  /** Hardhat network name and RPC URL recorded in the manifest. */
  network: string;
  rpcUrl: string;
  /** External contracts are local stand-ins: skip the chain-id check and allow unconfirmed addresses. */
  dryRun?: boolean;
  /** Deploy even though some config addresses are marked `unconfirmed`. */
  allowUnconfirmed?: boolean;
  log?: (line: string) => void;
  /** Writes the manifest (default `writeManifest`); tests inject a failing one to simulate a crash. */
  writeManifest?: (path: string, manifest: Manifest) => Promise<void>;
}

export interface NetworkFlowResult {
  manifest: Manifest;
  /** Names of the contracts deployed by this run (empty on a complete re-run). */
  deployed: string[];
  /** Names of the contracts found at their recorded address. */
  skipped: string[];
  /** Configuration transactions sent by this run, by label. */
  configured: string[];
  /** Configuration steps already in place. */
  alreadyConfigured: string[];
  /**
   * Settings whose value on chain differs from the config where the deployer may no longer change them (the
   * timelock owns the contract) or the flow never changes them: one `config differs from chain: …` line each.
   */
  differences: string[];
}

/** Source names of the deployed contracts (hardhat-verify's `<source>:<contract>`). */
export const SOURCES = {
  PriceOracle: "contracts/oracle/PriceOracle.sol:PriceOracle",
  TMAI: "contracts/token/TMAI.sol:TMAI",
  VeTMAI: "contracts/staking/VeTMAI.sol:VeTMAI",
  RevenueDistributor: "contracts/staking/RevenueDistributor.sol:RevenueDistributor",
  IndexVaultDeployer: "contracts/index/IndexVaultDeployer.sol:IndexVaultDeployer",
  IndexFactory: "contracts/index/IndexFactory.sol:IndexFactory",
  Index: "contracts/index/IndexVault.sol:IndexVault",
  Rebalancer: "contracts/rebalance/Rebalancer.sol:Rebalancer",
  RebalanceUpkeep: "contracts/rebalance/RebalanceUpkeep.sol:RebalanceUpkeep",
  TrendSignal: "contracts/rebalance/TrendSignal.sol:TrendSignal",
  IndexRouter: "contracts/index/IndexRouter.sol:IndexRouter",
  UniswapSolver: "contracts/keeper/UniswapSolver.sol:UniswapSolver",
  Timelock: "contracts/governance/TMAITimelock.sol:TMAITimelock",
  Governor: "contracts/governance/TMAIGovernor.sol:TMAIGovernor",
} as const;

export type ContractName = keyof typeof SOURCES;

/** ABI of each contract of the flow (the manifest records none). */
export const FLOW_ABIS: Record<ContractName, InterfaceAbi> = {
  PriceOracle: PriceOracle__factory.abi,
  TMAI: TMAI__factory.abi,
  VeTMAI: VeTMAI__factory.abi,
  RevenueDistributor: RevenueDistributor__factory.abi,
  IndexVaultDeployer: IndexVaultDeployer__factory.abi,
  IndexFactory: IndexFactory__factory.abi,
  Index: IndexVault__factory.abi,
  Rebalancer: Rebalancer__factory.abi,
  RebalanceUpkeep: RebalanceUpkeep__factory.abi,
  TrendSignal: TrendSignal__factory.abi,
  IndexRouter: IndexRouter__factory.abi,
  UniswapSolver: UniswapSolver__factory.abi,
  Timelock: TMAITimelock__factory.abi,
  Governor: TMAIGovernor__factory.abi,
};

/** Chainlink answers have 8 decimals for USD feeds; bounds are given to the oracle with 18. */
const wad = (value: string): bigint => parseUnits(value, 18);
/** The oracle accepts answers up to the feed's heartbeat plus 10 %. */
export const oracleHeartbeat = (a: AssetConfig): number => Math.ceil(a.heartbeatSeconds * 1.1);

/** Every role constant of an AccessControl ABI (`*_ROLE()`), plus DEFAULT_ADMIN_ROLE. */
function roleNames(abi: InterfaceAbi): string[] {
  const iface = new Interface(abi);
  const names: string[] = [];
  iface.forEachFunction((f) => {
    if (f.name.endsWith("_ROLE") && f.inputs.length === 0) names.push(f.name);
  });
  return names;
}

/**
 * The deployment of the protocol to a real network (or a dry run of it): deploys what the manifest does not hold
 * yet, configures what is not configured yet, hands every admin role to the timelock and checks that the deployer
 * holds no role at the end. Safe to re-run: a complete deployment re-runs as a no-op.
 */
export async function runNetworkFlow(signer: Signer, o: NetworkFlowOptions): Promise<NetworkFlowResult> {
  const log = o.log ?? ((line: string) => process.stdout.write(line + "\n"));
  const c = o.config;
  assertValidNetworkConfig(c);
  const provider = signer.provider;
  if (provider === null) throw new DeployConfigError("the deployer signer has no provider");
  const deployer = await signer.getAddress();
  const chainId = Number((await provider.getNetwork()).chainId);
  if (!o.dryRun && chainId !== c.chainId) {
    throw new DeployConfigError(
      `Config "${c.name}" is for chain ${c.chainId} but the RPC answers chain ${chainId}: wrong --network or RPC URL?`,
    );
  }
  const unconfirmed = [
    ...c.assets.filter((a) => a.unconfirmed !== undefined).map((a) => `${a.symbol}: ${a.unconfirmed}`),
    ...(c.uniswap?.unconfirmed !== undefined ? [`uniswap: ${c.uniswap.unconfirmed}`] : []),
  ];
  if (unconfirmed.length > 0 && !o.dryRun && !o.allowUnconfirmed) {
    throw new DeployConfigError(
      `Config "${c.name}" has addresses nobody confirmed yet:\n  - ${unconfirmed.join("\n  - ")}\n` +
        `Check them, remove the "unconfirmed" notes, or pass --allow-unconfirmed.`,
    );
  }

  // Every external contract must exist on this chain (catches a wrong address or a wrong network early).
  const external: [string, string][] = [
    ...c.assets.flatMap((a): [string, string][] => [
      [`${a.symbol} token`, a.token],
      [`${a.symbol}/USD feed`, a.feed],
    ]),
    ...(c.sequencer ? [["sequencer-uptime feed", c.sequencer.feed] as [string, string]] : []),
    ...(c.uniswap?.swapRouter ? [["Uniswap v3 SwapRouter", c.uniswap.swapRouter] as [string, string]] : []),
  ];
  const missing: string[] = [];
  for (const [what, address] of external) {
    if ((await provider.getCode(address)) === "0x") missing.push(`${what} ${address}`);
  }
  if (missing.length > 0) {
    throw new DeployConfigError(
      `No contract on chain ${chainId} at:\n  - ${missing.join("\n  - ")}\nWrong network, or a wrong address in ` +
        `deploy/config/networks/${c.name}.ts?` +
        (o.dryRun ? "" : " (a dry run plants stand-ins at these addresses first)"),
    );
  }

  const previous = await readNetworkManifest(o.manifestPath);
  if (previous !== undefined && previous.chainId !== chainId) {
    throw new DeployConfigError(
      `${o.manifestPath} records chain ${previous.chainId}, but this chain is ${chainId}: refusing to mix them.`,
    );
  }
  const startBlock = previous?.startBlock ?? (await provider.getBlockNumber());
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    network: o.network,
    config: c.name,
    dryRun: o.dryRun ?? false,
    chainId,
    rpcUrl: o.rpcUrl,
    deployedAt: previous?.deployedAt ?? new Date().toISOString(),
    startBlock,
    roles: {
      admin: deployer,
      guardian: o.operators.guardian,
      feeRecipient: ZeroAddress,
      methodologist: o.operators.methodologist,
    },
    contracts: { ...(previous?.contracts ?? {}) },
    indices: previous?.indices ?? [],
    tokens: previous?.tokens ?? [],
  };
  const result: NetworkFlowResult = {
    manifest,
    deployed: [],
    skipped: [],
    configured: [],
    alreadyConfigured: [],
    differences: [],
  };
  const save = (): Promise<void> => (o.writeManifest ?? writeNetworkManifest)(o.manifestPath, manifest);

  const mined = async (label: string, tx: Promise<ContractTransactionResponse>): Promise<string> => {
    const receipt = await (await tx).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
    return receipt.hash;
  };

  /** Deploys `name` unless the manifest records it with code on chain. */
  const ensure = async (
    name: Exclude<ContractName, "Index">,
    args: readonly unknown[],
    deploy: () => Promise<BaseContract>,
  ): Promise<string> => {
    const recorded = manifest.contracts[name];
    if (recorded !== undefined && (await provider.getCode(recorded.address)) !== "0x") {
      log(`✓ ${name} already at ${recorded.address} (skipped)`);
      result.skipped.push(name);
      return recorded.address;
    }
    if (recorded !== undefined) log(`! ${name} recorded at ${recorded.address} but no code there: deploying again`);
    log(`→ deploying ${name}`);
    const contract = await deploy();
    await contract.waitForDeployment();
    const address = await contract.getAddress();
    const entry: ContractEntry = {
      address,
      contract: SOURCES[name],
      constructorArgs: args.map(toJsonArg),
      txHash: contract.deploymentTransaction()?.hash,
    };
    manifest.contracts[name] = entry;
    await save();
    log(`  ${name} at ${address}`);
    result.deployed.push(name);
    return address;
  };

  /** Sends a configuration transaction unless `done()` says it is already in place. */
  const step = async (
    label: string,
    done: () => Promise<boolean>,
    send: () => Promise<ContractTransactionResponse>,
  ): Promise<void> => {
    if (await done()) {
      log(`✓ ${label} (already done)`);
      result.alreadyConfigured.push(label);
      return;
    }
    log(`→ ${label}`);
    await mined(label, send());
    if (!(await done())) throw new Error(`${label}: sent, but the chain does not show it done`);
    result.configured.push(label);
  };

  /** Reports settings on chain that differ from the config, for governance to change; changes nothing. */
  const report = (differences: Difference[]): void => {
    for (const d of differences) {
      const line = `config differs from chain: ${d.setting} is ${d.chain}, config says ${d.config} — change it by governance proposal`;
      log(`! ${line}`);
      result.differences.push(line);
    }
  };

  /**
   * A setting the flow manages: set by `send` while the deployer administers `target` (as `step`), reported
   * (`report`) instead once it no longer does: what the timelock owns is changed by governance only.
   */
  const setting = async (
    label: string,
    target: RoleTarget,
    differences: () => Promise<Difference[]>,
    send: () => Promise<ContractTransactionResponse>,
  ): Promise<void> => {
    const now = await differences();
    if (now.length > 0 && !(await target.hasRole(DEFAULT_ADMIN_ROLE, deployer))) return report(now);
    await step(label, async () => (await differences()).length === 0, send);
  };

  log(`Deploying the TMAI protocol to ${c.name} (chain ${chainId}${o.dryRun ? ", dry run" : ""}) as ${deployer}`);
  const ops = o.operators;
  const bySymbol = new Map(c.assets.map((a) => [a.symbol, a]));

  // ---------------------------------------------------------------- oracle
  const oracleAddress = await ensure("PriceOracle", [deployer], () =>
    new PriceOracle__factory(signer).deploy(deployer),
  );
  const oracle = PriceOracle__factory.connect(oracleAddress, signer);
  for (const a of c.assets) {
    const [hb, min, max] = [oracleHeartbeat(a), wad(a.minPriceUsd), wad(a.maxPriceUsd)];
    await setting(
      `PriceOracle.setFeed(${a.symbol}, ${a.feed})`,
      oracle,
      async () => {
        const f = await oracle.feedConfig(a.token);
        const at = `PriceOracle.feedConfig(${a.symbol})`;
        return [
          ...addressDiff(`${at}.feed`, f.feed, a.feed),
          ...(Number(f.heartbeat) === hb
            ? []
            : [
                {
                  setting: `${at}.heartbeat`,
                  chain: `${f.heartbeat} s`,
                  config: `${hb} s (${a.heartbeatSeconds} s + 10 %)`,
                },
              ]),
          ...wadDiff(`${at}.minPrice`, f.minPrice, a.minPriceUsd),
          ...wadDiff(`${at}.maxPrice`, f.maxPrice, a.maxPriceUsd),
        ];
      },
      () => oracle.setFeed(a.token, a.feed, hb, min, max),
    );
  }
  if (c.sequencer !== undefined) {
    const s = c.sequencer;
    await setting(
      `PriceOracle.setSequencerFeed(${s.feed}, ${s.gracePeriodSeconds} s)`,
      oracle,
      async () => [
        ...addressDiff("PriceOracle.sequencerFeed", await oracle.sequencerFeed(), s.feed),
        ...secondsDiff("PriceOracle.sequencerGracePeriod", await oracle.sequencerGracePeriod(), s.gracePeriodSeconds),
      ],
      () => oracle.setSequencerFeed(s.feed, s.gracePeriodSeconds),
    );
  }

  // ---------------------------------------------------------------- token and staking
  const tmai = await ensure("TMAI", [ops.treasury], () => new TMAI__factory(signer).deploy(ops.treasury));
  const tiers = c.staking.tierThresholdsTmai.map(wad) as [bigint, bigint, bigint, bigint];
  const veArgs = [tmai, deployer, ops.guardian, wad(c.staking.minLockTmai), tiers] as const;
  const veAddress = await ensure("VeTMAI", veArgs, () => new VeTMAI__factory(signer).deploy(...veArgs));
  const ve = VeTMAI__factory.connect(veAddress, signer);
  const distributorAddress = await ensure("RevenueDistributor", [veAddress, deployer], () =>
    new RevenueDistributor__factory(signer).deploy(veAddress, deployer),
  );
  manifest.roles.feeRecipient = distributorAddress;
  const distributor = RevenueDistributor__factory.connect(distributorAddress, signer);
  await step(
    "VeTMAI.setRevenueDistributor",
    async () => (await ve.revenueDistributor()) === distributorAddress,
    () => ve.setRevenueDistributor(distributorAddress),
  );
  const addReward = (symbol: string, token: string): Promise<void> =>
    step(
      `RevenueDistributor.addRewardToken(${symbol})`,
      async () => (await distributor.rewardTokens()).includes(token),
      () => distributor.addRewardToken(token),
    );
  await addReward("TMAI", tmai);

  // ---------------------------------------------------------------- index
  const vaultDeployer = await ensure("IndexVaultDeployer", [], () => new IndexVaultDeployer__factory(signer).deploy());
  const factoryArgs = [oracleAddress, vaultDeployer, deployer, ops.guardian, distributorAddress] as const;
  const factoryAddress = await ensure("IndexFactory", factoryArgs, () =>
    new IndexFactory__factory(signer).deploy(...factoryArgs),
  );
  const factory = IndexFactory__factory.connect(factoryAddress, signer);
  const indexAddress = await ensureIndex();
  const vault = IndexVault__factory.connect(indexAddress, signer);
  // Fees are set when the index is created; the flow never changes them afterwards, only reports a change.
  const fees = await vault.fees();
  report([
    ...wadDiff("Index.fees().managementFee", fees.managementFee, c.index.fees.managementFee),
    ...wadDiff("Index.fees().mintFee", fees.mintFee, c.index.fees.mintFee),
    ...wadDiff("Index.fees().redeemFee", fees.redeemFee, c.index.fees.redeemFee),
  ]);
  await addReward(c.index.symbol, indexAddress);

  async function ensureIndex(): Promise<string> {
    const recorded = manifest.indices.find((i) => i.name === "Index");
    if (recorded !== undefined && (await provider!.getCode(recorded.address)) !== "0x") {
      log(`✓ Index ${c.index.symbol} already at ${recorded.address} (skipped)`);
      result.skipped.push("Index");
      return recorded.address;
    }
    // A run that died between createVault and the manifest write left the vault in the factory's registry.
    const found = await findIndexInRegistry();
    if (found !== undefined) {
      await recordIndex(found);
      log(`✓ Index already at ${found.address} (found in the factory's registry)`);
      result.skipped.push("Index");
      return found.address;
    }
    const assets = c.assets.map((a) => a.token);
    // Units per share from the oracle's prices now: each asset is its weight of a share worth navPerShareUsd.
    const prices = await Promise.all(c.assets.map((a) => oracle.getPrice(a.token)));
    const units = c.assets.map((a, i) =>
      unitsPerShare(c.index.navPerShareUsd, a.weightBps, formatWad(prices[i]!), a.decimals),
    );
    const fees = {
      managementFee: wad(c.index.fees.managementFee),
      mintFee: wad(c.index.fees.mintFee),
      redeemFee: wad(c.index.fees.redeemFee),
    };
    log(`→ creating index ${c.index.symbol} through the factory (${assets.length} assets)`);
    const [admin, guardian, feeRecipient] = await Promise.all([
      factory.vaultAdmin(),
      factory.vaultGuardian(),
      factory.feeRecipient(),
    ]);
    const address = await factory.createVault.staticCall(c.index.name, c.index.symbol, assets, units, fees);
    const txHash = await mined(
      "IndexFactory.createVault",
      factory.createVault(c.index.name, c.index.symbol, assets, units, fees),
    );
    const receipt = await provider!.getTransactionReceipt(txHash);
    if (receipt === null) throw new Error(`IndexFactory.createVault: no receipt for ${txHash}`);
    const created = { address, txHash, creationBlock: receipt.blockNumber, assets, units, fees, prices };
    await recordIndex({ ...created, admin, guardian, feeRecipient });
    log(`  Index ${c.index.symbol} at ${address}`);
    result.deployed.push("Index");
    return address;
  }

  /** Writes the flagship index, its creation parameters and the basket tokens to the manifest. */
  async function recordIndex(v: CreatedIndex): Promise<void> {
    const params = {
      name: c.index.name,
      symbol: c.index.symbol,
      assets: v.assets,
      units: v.units,
      oracle: oracleAddress,
      admin: v.admin,
      guardian: v.guardian,
      feeRecipient: v.feeRecipient,
      fees: v.fees,
    };
    const entry: IndexEntry = {
      name: "Index",
      address: v.address,
      tokenName: c.index.name,
      symbol: c.index.symbol,
      creationBlock: v.creationBlock,
      contract: SOURCES.Index,
      constructorArgs: [toJsonArg(params)],
      txHash: v.txHash,
    };
    manifest.indices = [...manifest.indices.filter((i) => i.name !== "Index"), entry];
    manifest.tokens = c.assets.map((a, i) => ({
      symbol: a.symbol,
      name: a.symbol,
      decimals: a.decimals,
      address: a.token,
      feed: a.feed,
      priceUsd: formatWad(v.prices[i]!),
      unitsPerShare: v.units[i]!.toString(),
    }));
    await save();
  }

  /**
   * The vault this flow created for the configured index, if the factory's registry holds one: the deployer
   * created it (its `VaultCreated` event says so) with the configured name, symbol and basket assets. Its creation
   * parameters come from that event and transaction, and from the chain's state at its creation block.
   */
  async function findIndexInRegistry(): Promise<CreatedIndex | undefined> {
    const count = await factory.vaultCount();
    const candidates: string[] = [];
    for (let offset = 0n; offset < count; offset += REGISTRY_PAGE) {
      for (const address of await factory.getVaults(offset, REGISTRY_PAGE)) {
        const v = IndexVault__factory.connect(address, signer);
        if ((await v.name()) === c.index.name && (await v.symbol()) === c.index.symbol) candidates.push(address);
      }
    }
    if (candidates.length === 0) return undefined;
    const factoryTx = manifest.contracts.IndexFactory?.txHash;
    const factoryReceipt = factoryTx === undefined ? null : await provider!.getTransactionReceipt(factoryTx);
    const fromBlock = factoryReceipt?.blockNumber ?? manifest.startBlock;
    const configAssets = c.assets.map((a) => getAddress(a.token));
    const matches = [];
    for (const address of candidates) {
      const events = await factory
        .queryFilter(factory.filters.VaultCreated(address, deployer), fromBlock)
        .catch((err: unknown) => {
          throw new DeployConfigError(
            `The factory's registry holds ${address} (${c.index.symbol}), but its VaultCreated event could not be ` +
              `read from block ${fromBlock}: ${(err as Error).message}. Retry with an RPC that serves logs.`,
          );
        });
      const event = events[0];
      if (event === undefined) continue; // another creator's vault, or older than this deployment
      const assets = event.args.assets.map((a) => getAddress(a));
      if (assets.length !== configAssets.length || assets.some((a, i) => a !== configAssets[i])) continue;
      matches.push({ address, event, assets });
    }
    const match = matches[0];
    if (match === undefined) return undefined;
    if (matches.length > 1) {
      log(`! the factory's registry holds more ${c.index.symbol} vaults: ${matches.slice(1).map((m) => m.address)}`);
    }
    // Settings as they were when the vault was created (they feed its constructor arguments, for --verify).
    const blockTag = match.event.blockNumber;
    let warned = false;
    const atCreation = <T>(read: (o: { blockTag: BlockTag }) => Promise<T>): Promise<T> =>
      read({ blockTag }).catch(() => {
        if (!warned) log(`! no state at block ${blockTag} on this RPC: recording the index's creation settings as now`);
        warned = true;
        return read({ blockTag: "latest" });
      });
    const tx = await provider!.getTransaction(match.event.transactionHash);
    const call = tx !== null && tx.to !== null ? factory.interface.parseTransaction(tx) : null;
    const fees =
      call !== null && call.name === "createVault" && getAddress(tx!.to!) === getAddress(factoryAddress)
        ? (call.args[4] as { managementFee: bigint; mintFee: bigint; redeemFee: bigint })
        : await atCreation((o) => IndexVault__factory.connect(match.address, signer).fees(o));
    return {
      address: getAddress(match.address),
      txHash: match.event.transactionHash,
      creationBlock: blockTag,
      assets: match.assets,
      units: [...match.event.args.units],
      fees: { managementFee: fees.managementFee, mintFee: fees.mintFee, redeemFee: fees.redeemFee },
      admin: await atCreation((o) => factory.vaultAdmin(o)),
      guardian: await atCreation((o) => factory.vaultGuardian(o)),
      feeRecipient: await atCreation((o) => factory.feeRecipient(o)),
      prices: await Promise.all(c.assets.map((a) => atCreation((o) => oracle.getPrice(a.token, o)))),
    };
  }

  // ---------------------------------------------------------------- rebalancing
  const rebalancerAddress = await ensure("Rebalancer", [oracleAddress, deployer], () =>
    new Rebalancer__factory(signer).deploy(oracleAddress, deployer),
  );
  const rebalancer = Rebalancer__factory.connect(rebalancerAddress, signer);
  const grant = async (label: string, target: RoleTarget, role: string, account: string): Promise<void> => {
    if (!(await target.hasRole(role, account)) && !(await target.hasRole(await target.getRoleAdmin(role), deployer))) {
      return report([{ setting: `${label} of ${account}`, chain: "not granted", config: "granted" }]);
    }
    await step(
      `${label} to ${account}`,
      () => target.hasRole(role, account),
      () => target.grantRole(role, account),
    );
  };
  await grant("Index REBALANCER_ROLE", vault, await vault.REBALANCER_ROLE(), rebalancerAddress);
  await grant("Rebalancer METHODOLOGIST_ROLE", rebalancer, await rebalancer.METHODOLOGIST_ROLE(), ops.methodologist);
  await grant("Rebalancer GUARDIAN_ROLE", rebalancer, await rebalancer.GUARDIAN_ROLE(), ops.guardian);
  const stable = bySymbol.get(c.index.stablecoin)!;
  const r = c.rebalancing;
  const rebalancerConfig = {
    bandHigh: wad(r.bandHigh),
    bandLow: wad(r.bandLow),
    auctionDuration: r.auctionDurationSeconds,
    announcementDelay: r.announcementDelaySeconds,
    hysteresis: r.hysteresisSeconds,
    weightCap: wad(r.weightCap),
    maxLotUsd: wad(r.maxLotUsd),
    stablecoin: stable.token,
  };
  await setting(
    `Rebalancer.setConfig(${c.index.symbol})`,
    rebalancer,
    async () => {
      const now = await rebalancer.config(indexAddress);
      const at = "Rebalancer.config(Index)";
      return [
        ...wadDiff(`${at}.bandHigh`, now.bandHigh, r.bandHigh),
        ...wadDiff(`${at}.bandLow`, now.bandLow, r.bandLow),
        ...secondsDiff(`${at}.auctionDuration`, now.auctionDuration, r.auctionDurationSeconds),
        ...secondsDiff(`${at}.announcementDelay`, now.announcementDelay, r.announcementDelaySeconds),
        ...secondsDiff(`${at}.hysteresis`, now.hysteresis, r.hysteresisSeconds),
        ...wadDiff(`${at}.weightCap`, now.weightCap, r.weightCap),
        ...wadDiff(`${at}.maxLotUsd`, now.maxLotUsd, r.maxLotUsd),
        ...addressDiff(`${at}.stablecoin`, now.stablecoin, stable.token),
      ];
    },
    () => rebalancer.setConfig(indexAddress, rebalancerConfig),
  );
  const upkeepAddress = await ensure("RebalanceUpkeep", [rebalancerAddress, deployer], () =>
    new RebalanceUpkeep__factory(signer).deploy(rebalancerAddress, deployer),
  );
  const upkeep = RebalanceUpkeep__factory.connect(upkeepAddress, signer);
  await setting(
    `RebalanceUpkeep.scheduleVault(${c.index.symbol}, ${r.upkeepPeriodSeconds} s)`,
    upkeep,
    async () =>
      secondsDiff(
        "RebalanceUpkeep.schedule(Index).period",
        (await upkeep.schedule(indexAddress)).period,
        r.upkeepPeriodSeconds,
      ),
    () => upkeep.scheduleVault(indexAddress, r.upkeepPeriodSeconds),
  );
  // The settings in force (the config's, unless a difference was reported above).
  const indexEntry = manifest.indices.find((i) => i.name === "Index")!;
  const inForce = await rebalancer.config(indexAddress);
  indexEntry.rebalancing = {
    bandHigh: formatWad(inForce.bandHigh),
    bandLow: formatWad(inForce.bandLow),
    auctionDurationSeconds: Number(inForce.auctionDuration),
    announcementDelaySeconds: Number(inForce.announcementDelay),
    hysteresisSeconds: Number(inForce.hysteresis),
    weightCap: formatWad(inForce.weightCap),
    maxLotUsd: formatWad(inForce.maxLotUsd),
    stablecoin: inForce.stablecoin,
    upkeepPeriodSeconds: Number((await upkeep.schedule(indexAddress)).period),
  };
  await save();
  if (c.trendSignal !== undefined) {
    const t = c.trendSignal;
    const benchmark = bySymbol.get(t.benchmark)!;
    // On an L2 the rule checks the oracle's sequencer-uptime feed and grace period (fixed at construction).
    const sequencerFeed = c.sequencer?.feed ?? ZeroAddress;
    const sequencerGrace = c.sequencer?.gracePeriodSeconds ?? 0;
    const args = [
      benchmark.feed,
      oracleHeartbeat(benchmark),
      t.windowWeeks,
      wad(t.band),
      sequencerFeed,
      sequencerGrace,
    ] as const;
    const signal = await ensure("TrendSignal", args, () => new TrendSignal__factory(signer).deploy(...args));
    // TrendSignal has no admin: a recorded one checking another sequencer feed (or none) cannot be fixed in place.
    const trend = TrendSignal__factory.connect(signal, signer);
    const [onChainFeed, onChainGrace] = await Promise.all([
      trend.sequencerFeed().catch(() => undefined),
      trend.sequencerGracePeriod().catch(() => undefined),
    ]);
    if (onChainFeed !== sequencerFeed || onChainGrace !== BigInt(sequencerGrace)) {
      throw new DeployConfigError(
        `TrendSignal at ${signal} checks sequencer feed ${onChainFeed ?? "(none: an older TrendSignal)"} with a ` +
          `${onChainGrace ?? 0n} s grace period, but ${c.name} needs ${sequencerFeed} with ${sequencerGrace} s. ` +
          `It has no admin to change that: remove "TrendSignal" from ${o.manifestPath} to deploy a new one ` +
          `(if it is the vault's regime source, the Rebalancer must then be pointed at the new one: by this flow ` +
          `while the deployer is its admin, by governance after the hand-over).`,
      );
    }
    if (t.useAsRegimeSource) {
      await setting(
        "Rebalancer.setRegimeSource(TrendSignal)",
        rebalancer,
        async () => addressDiff("Rebalancer.regimeSource(Index)", await rebalancer.regimeSource(indexAddress), signal),
        () => rebalancer.setRegimeSource(indexAddress, signal),
      );
    }
  }

  // ---------------------------------------------------------------- DAO
  // Before the DEX: the timelock is the DAO's treasury, where solver profit goes.
  const g = c.governance;
  const timelockArgs = [g.timelockMinDelaySeconds, [], [ZeroAddress], deployer] as const;
  const timelockAddress = await ensure("Timelock", timelockArgs, () =>
    new TMAITimelock__factory(signer).deploy(g.timelockMinDelaySeconds, [], [ZeroAddress], deployer),
  );
  const timelock = TMAITimelock__factory.connect(timelockAddress, signer);
  const now = (await provider.getBlock("latest"))!.timestamp;
  const governorSettings = {
    votingDelay: g.votingDelaySeconds,
    votingPeriod: g.votingPeriodSeconds,
    proposalThreshold: wad(g.proposalThresholdVeTmai),
    quorumNumerator: g.quorumPercent,
    lateQuorumExtension: g.lateQuorumExtensionSeconds,
    guardian: ops.guardian,
    bootstrapEnd: now + g.guardianBootstrapDays * 86_400,
  };
  const governorAddress = await ensure("Governor", [veAddress, timelockAddress, governorSettings], () =>
    new TMAIGovernor__factory(signer).deploy(veAddress, timelockAddress, governorSettings),
  );
  // Set at construction; governance changes them (the flow only reports a change).
  const governor = TMAIGovernor__factory.connect(governorAddress, signer);
  report([
    ...secondsDiff("Timelock.getMinDelay()", await timelock.getMinDelay(), g.timelockMinDelaySeconds),
    ...secondsDiff("Governor.votingDelay()", await governor.votingDelay(), g.votingDelaySeconds),
    ...secondsDiff("Governor.votingPeriod()", await governor.votingPeriod(), g.votingPeriodSeconds),
    ...wadDiff("Governor.proposalThreshold()", await governor.proposalThreshold(), g.proposalThresholdVeTmai),
    ...(Number(await governor["quorumNumerator()"]()) === g.quorumPercent
      ? []
      : [
          {
            setting: "Governor.quorumNumerator()",
            chain: `${await governor["quorumNumerator()"]()} %`,
            config: `${g.quorumPercent} %`,
          },
        ]),
    ...secondsDiff(
      "Governor.lateQuorumVoteExtension()",
      await governor.lateQuorumVoteExtension(),
      g.lateQuorumExtensionSeconds,
    ),
  ]);
  await grant("Timelock PROPOSER_ROLE", timelock, await timelock.PROPOSER_ROLE(), governorAddress);
  await grant("Timelock CANCELLER_ROLE", timelock, await timelock.CANCELLER_ROLE(), governorAddress);

  // ---------------------------------------------------------------- DEX
  // The original SwapRouter where the config has one, else SwapRouter02 (Base, Sepolia): the contracts tell them
  // apart by SwapRouter02's factoryV2().
  const swapRouter = swapRouterOf(c);
  if (swapRouter !== undefined) {
    const routerArgs = [swapRouter, oracleAddress, deployer, wad(r.maxOracleDeviation)] as const;
    await ensure("IndexRouter", routerArgs, () => new IndexRouter__factory(signer).deploy(...routerArgs));
    // Fill profit arrives in the asset the vault bought (USDC, WETH…): it goes to the timelock, which governance
    // can spend any token from (the revenue distributor only accounts for its registered reward tokens).
    const solverArgs = [swapRouter, stable.token, deployer, timelockAddress] as const;
    const solverAddress = await ensure("UniswapSolver", solverArgs, () =>
      new UniswapSolver__factory(signer).deploy(...solverArgs),
    );
    const solver = UniswapSolver__factory.connect(solverAddress, signer);
    await step(
      "UniswapSolver.setProfitRecipient(timelock)",
      async () => (await solver.profitRecipient()) === timelockAddress,
      async () => {
        // A solver recorded by an earlier flow, already handed over: only governance can redirect its profit.
        if (!(await solver.hasRole(DEFAULT_ADMIN_ROLE, deployer))) {
          throw new DeployConfigError(
            `UniswapSolver at ${solverAddress} sends its profit to ${await solver.profitRecipient()}, not the ` +
              `timelock ${timelockAddress}, and the deployer is no longer its admin: propose ` +
              `UniswapSolver.setProfitRecipient(${timelockAddress}) through governance (npm run gov -- propose).`,
          );
        }
        return solver.setProfitRecipient(timelockAddress);
      },
    );
    await grant("UniswapSolver OPERATOR_ROLE", solver, await solver.OPERATOR_ROLE(), ops.keeper);
  } else {
    log(`– IndexRouter and UniswapSolver skipped: ${c.name} has no Uniswap v3 router configured`);
  }

  // ---------------------------------------------------------------- hand-over
  await step(
    "IndexFactory.setVaultAdmin(timelock)",
    async () => (await factory.vaultAdmin()) === timelockAddress,
    () => factory.setVaultAdmin(timelockAddress),
  );
  const creator = await factory.VAULT_CREATOR_ROLE();
  await grant("IndexFactory VAULT_CREATOR_ROLE", factory, creator, timelockAddress);
  await renounce("IndexFactory VAULT_CREATOR_ROLE", factory, creator);

  const accessControlled: [string, RoleTarget][] = [
    ["PriceOracle", oracle],
    ["Index", vault],
    ["VeTMAI", ve],
    ["RevenueDistributor", distributor],
    ["Rebalancer", rebalancer],
    ["RebalanceUpkeep", upkeep],
  ];
  if (manifest.contracts.IndexRouter !== undefined) {
    accessControlled.push([
      "IndexRouter",
      IndexRouter__factory.connect(manifest.contracts.IndexRouter.address, signer),
    ]);
  }
  if (manifest.contracts.UniswapSolver !== undefined) {
    const address = manifest.contracts.UniswapSolver.address;
    accessControlled.push(["UniswapSolver", UniswapSolver__factory.connect(address, signer)]);
  }
  accessControlled.push(["IndexFactory", factory]); // after setVaultAdmin, which needed the factory's admin
  for (const [name, target] of accessControlled) {
    await grant(`${name} DEFAULT_ADMIN_ROLE`, target, DEFAULT_ADMIN_ROLE, timelockAddress);
    await renounce(`${name} DEFAULT_ADMIN_ROLE`, target, DEFAULT_ADMIN_ROLE);
  }
  // Last: the timelock's bootstrap admin (the timelock then administers itself only).
  await renounce("Timelock DEFAULT_ADMIN_ROLE", timelock, DEFAULT_ADMIN_ROLE);

  async function renounce(label: string, target: RoleTarget, role: string): Promise<void> {
    await step(
      `${label}: deployer renounces`,
      async () => !(await target.hasRole(role, deployer)),
      () => target.renounceRole(role, deployer),
    );
  }

  manifest.roles.admin = timelockAddress;
  await save();
  await assertHandedOver(signer, manifest, deployer, timelockAddress);
  log(
    `✓ every admin role is with the timelock ${timelockAddress}; the deployer holds no role. ` +
      `${result.deployed.length} deployed, ${result.skipped.length} skipped, ${result.configured.length} ` +
      `configuration transaction(s), ${result.alreadyConfigured.length} already in place. Manifest: ${o.manifestPath}`,
  );
  if (result.differences.length > 0) {
    log(
      `! ${result.differences.length} setting(s) on chain differ from the config (listed above); the flow changed ` +
        `none of them: propose the changes through governance (npm run gov -- propose), or update the config.`,
    );
  }
  return result;
}

/** Vaults read per `IndexFactory.getVaults` call when searching the registry. */
const REGISTRY_PAGE = 100n;

/** The flagship index as created through the factory: what the manifest records of it. */
interface CreatedIndex {
  address: string;
  txHash: string;
  creationBlock: number;
  assets: string[];
  units: bigint[];
  fees: { managementFee: bigint; mintFee: bigint; redeemFee: bigint };
  admin: string;
  guardian: string;
  feeRecipient: string;
  /** USD prices (WAD) of the basket assets when the index was created. */
  prices: bigint[];
}

/** What the flow needs of an OpenZeppelin AccessControl contract. */
interface RoleTarget {
  hasRole(role: string, account: string): Promise<boolean>;
  getRoleAdmin(role: string): Promise<string>;
  grantRole(role: string, account: string): Promise<ContractTransactionResponse>;
  renounceRole(role: string, callerConfirmation: string): Promise<ContractTransactionResponse>;
}

/**
 * Fails loudly unless the timelock is admin of every access-controlled contract of the manifest, the deployer
 * holds no role (any `*_ROLE` or DEFAULT_ADMIN_ROLE) on any of them, and the UniswapSolver (if any) sends its profit
 * to the timelock.
 */
export async function assertHandedOver(
  signer: Signer,
  manifest: Manifest,
  deployer: string,
  timelock: string,
): Promise<void> {
  const problems: string[] = [];
  const entries: [string, InterfaceAbi | undefined, string][] = [
    ...Object.entries(manifest.contracts).map(([name, e]): [string, InterfaceAbi | undefined, string] => [
      name,
      name in FLOW_ABIS ? FLOW_ABIS[name as ContractName] : undefined,
      e.address,
    ]),
    ...manifest.indices.map((i): [string, InterfaceAbi, string] => [i.name, FLOW_ABIS.Index, i.address]),
  ];
  for (const [name, abi, address] of entries) {
    if (abi === undefined) {
      problems.push(`${name}: not a contract of the network flow (no ABI to check its roles)`);
      continue;
    }
    const iface = new Interface(abi);
    if (iface.getFunction("hasRole(bytes32,address)") === null) continue;
    const contract = new Contract(address, iface, signer);
    const hasRole = contract.getFunction("hasRole");
    for (const roleName of roleNames(abi)) {
      const role = (await contract.getFunction(roleName)()) as string;
      if ((await hasRole(role, deployer)) as boolean) problems.push(`${name}: deployer still holds ${roleName}`);
    }
    if (getAddress(address) !== getAddress(timelock) && !((await hasRole(DEFAULT_ADMIN_ROLE, timelock)) as boolean)) {
      problems.push(`${name}: the timelock is not DEFAULT_ADMIN_ROLE`);
    }
  }
  const solver = manifest.contracts.UniswapSolver;
  if (solver !== undefined) {
    const recipient = await UniswapSolver__factory.connect(solver.address, signer).profitRecipient();
    if (getAddress(recipient) !== getAddress(timelock)) {
      problems.push(`UniswapSolver: profit goes to ${recipient}, not the timelock`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Role hand-over incomplete:\n  - ${problems.join("\n  - ")}`);
  }
}

/** A setting whose value on chain is not the config's (values as shown to the operator). */
interface Difference {
  setting: string;
  chain: string;
  config: string;
}

/** An 18-decimal fraction or amount on chain against the config's decimal string. */
function wadDiff(setting: string, chain: bigint, config: string): Difference[] {
  return chain === wad(config) ? [] : [{ setting, chain: formatWad(chain), config }];
}

function secondsDiff(setting: string, chain: bigint | number, config: number): Difference[] {
  return BigInt(chain) === BigInt(config) ? [] : [{ setting, chain: `${chain} s`, config: `${config} s` }];
}

function addressDiff(setting: string, chain: string, config: string): Difference[] {
  return getAddress(chain) === getAddress(config) ? [] : [{ setting, chain, config }];
}

function formatWad(value: bigint): string {
  const whole = value / 10n ** 18n;
  const frac = (value % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}

/** The Uniswap v3 router the protocol swaps through on `c`: the original SwapRouter if configured, else SwapRouter02. */
export function swapRouterOf(c: NetworkConfig): string | undefined {
  return c.uniswap?.swapRouter ?? c.uniswap?.swapRouter02;
}
