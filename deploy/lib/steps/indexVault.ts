import { getAddress, type BlockTag } from "ethers";
import {
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  type IndexFactory,
  type IndexVault,
} from "../../../types/ethers-contracts/index.js";
import type { IndexEntry } from "../../../manifest/index.js";
import type { AssetConfig } from "../../config/networks/index.js";
import { DeployConfigError } from "../networkConfig.js";
import { toJsonArg } from "../networkManifest.js";
import { unitsPerShare } from "../units.js";
import { formatWad, SOURCES, wad, wadDiff, type FlowContext } from "./context.js";
import type { OracleStep } from "./oracle.js";
import { addRewardToken, type StakingStep } from "./staking.js";

export interface IndexStep {
  factoryAddress: string;
  factory: IndexFactory;
  /** The flagship index (the manifest's "Index"). */
  indexAddress: string;
  vault: IndexVault;
  /** The network's other indices (`NetworkConfig.moreIndices`), in config order. */
  moreIndices: CreatedMore[];
}

/** One of `NetworkConfig.moreIndices` as deployed. */
export interface CreatedMore {
  key: string;
  symbol: string;
  address: string;
  vault: IndexVault;
  /** Its stablecoin's config. */
  stable: AssetConfig;
}

/** What an index is created from: the flagship's config or one of `moreIndices`, with its launch basket. */
interface IndexSpec {
  /** Entry name in the manifest's `indices`. */
  key: string;
  name: string;
  symbol: string;
  navPerShareUsd: string;
  fees: { managementFee: string; mintFee: string; redeemFee: string };
  basket: { asset: AssetConfig; weightBps: number }[];
}

/** Vaults read per `IndexFactory.getVaults` call when searching the registry. */
const REGISTRY_PAGE = 100n;

/** An index as created through the factory: what the manifest records of it. */
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
  /** USD prices (WAD) of every asset of the network when the index was created (the flagship's record). */
  allPrices: bigint[];
}

/**
 * IndexVaultDeployer, IndexFactory, the flagship index and the network's other indices created through it (each
 * found in the factory's registry rather than created again after a crash), each a reward token of the distributor.
 */
export async function indexStep(ctx: FlowContext, deps: OracleStep & StakingStep): Promise<IndexStep> {
  const { signer, provider, deployer, config: c, operators: ops, manifest, result, log, ensure, mined, report } = ctx;
  const { oracleAddress, oracle, distributorAddress, distributor } = deps;
  const vaultDeployer = await ensure("IndexVaultDeployer", [], () => new IndexVaultDeployer__factory(signer).deploy());
  const factoryArgs = [oracleAddress, vaultDeployer, deployer, ops.guardian, distributorAddress] as const;
  const factoryAddress = await ensure("IndexFactory", factoryArgs, () =>
    new IndexFactory__factory(signer).deploy(...factoryArgs),
  );
  const factory = IndexFactory__factory.connect(factoryAddress, signer);
  const bySymbol = new Map(c.assets.map((a) => [a.symbol, a]));
  const flagship: IndexSpec = {
    key: "Index",
    ...c.index,
    basket: c.assets.filter((a) => a.weightBps > 0).map((a) => ({ asset: a, weightBps: a.weightBps })),
  };
  const indexAddress = await ensureIndex(flagship);
  const moreIndices: CreatedMore[] = [];
  for (const m of c.moreIndices ?? []) {
    const spec: IndexSpec = {
      ...m,
      basket: m.basket.map((b) => ({ asset: bySymbol.get(b.symbol)!, weightBps: b.weightBps })),
    };
    const address = await ensureIndex(spec);
    const vault = IndexVault__factory.connect(address, signer);
    moreIndices.push({ key: m.key, symbol: m.symbol, address, vault, stable: bySymbol.get(m.stablecoin)! });
  }
  return {
    factoryAddress,
    factory,
    indexAddress,
    vault: IndexVault__factory.connect(indexAddress, signer),
    moreIndices,
  };

  /** The index of `spec`: found or created, its fees checked against the config, a reward token of the distributor. */
  async function ensureIndex(spec: IndexSpec): Promise<string> {
    const address = await findOrCreate(spec);
    // Fees are set when an index is created; the flow never changes them afterwards, only reports a change.
    const fees = await IndexVault__factory.connect(address, signer).fees();
    const at = spec.key === "Index" ? "Index" : `Index ${spec.symbol}`;
    report([
      ...wadDiff(`${at}.fees().managementFee`, fees.managementFee, spec.fees.managementFee),
      ...wadDiff(`${at}.fees().mintFee`, fees.mintFee, spec.fees.mintFee),
      ...wadDiff(`${at}.fees().redeemFee`, fees.redeemFee, spec.fees.redeemFee),
    ]);
    await addRewardToken(ctx, distributor, spec.symbol, address);
    return address;
  }

  async function findOrCreate(spec: IndexSpec): Promise<string> {
    const recorded = manifest.indices.find((i) => i.name === spec.key);
    if (recorded !== undefined && (await provider.getCode(recorded.address)) !== "0x") {
      log(`✓ ${spec.key} ${spec.symbol} already at ${recorded.address} (skipped)`);
      result.skipped.push(spec.key);
      return recorded.address;
    }
    // A run that died between createVault and the manifest write left the vault in the factory's registry.
    const found = await findIndexInRegistry(spec);
    if (found !== undefined) {
      await recordIndex(spec, found);
      log(`✓ ${spec.key} already at ${found.address} (found in the factory's registry)`);
      result.skipped.push(spec.key);
      return found.address;
    }
    const assets = spec.basket.map((b) => b.asset.token);
    // Units per share from the oracle's prices now: each asset is its weight of a share worth navPerShareUsd.
    const allPrices = await Promise.all(c.assets.map((a) => oracle.getPrice(a.token)));
    const priceOf = new Map(c.assets.map((a, i) => [a.token, allPrices[i]!]));
    const prices = assets.map((a) => priceOf.get(a)!);
    const units = spec.basket.map((b, i) =>
      unitsPerShare(spec.navPerShareUsd, b.weightBps, formatWad(prices[i]!), b.asset.decimals),
    );
    const fees = {
      managementFee: wad(spec.fees.managementFee),
      mintFee: wad(spec.fees.mintFee),
      redeemFee: wad(spec.fees.redeemFee),
    };
    log(`→ creating index ${spec.symbol} through the factory (${assets.length} assets)`);
    const [admin, guardian, feeRecipient] = await Promise.all([
      factory.vaultAdmin(),
      factory.vaultGuardian(),
      factory.feeRecipient(),
    ]);
    const address = await factory.createVault.staticCall(spec.name, spec.symbol, assets, units, fees);
    const txHash = await mined(
      `IndexFactory.createVault(${spec.symbol})`,
      factory.createVault(spec.name, spec.symbol, assets, units, fees),
    );
    const receipt = await provider.getTransactionReceipt(txHash);
    if (receipt === null) throw new Error(`IndexFactory.createVault: no receipt for ${txHash}`);
    const created = { address, txHash, creationBlock: receipt.blockNumber, assets, units, fees, allPrices };
    await recordIndex(spec, { ...created, admin, guardian, feeRecipient });
    log(`  ${spec.key} ${spec.symbol} at ${address}`);
    result.deployed.push(spec.key);
    return address;
  }

  /** Writes an index and its creation parameters to the manifest; the flagship's also writes the network's tokens. */
  async function recordIndex(spec: IndexSpec, v: CreatedIndex): Promise<void> {
    const params = {
      name: spec.name,
      symbol: spec.symbol,
      assets: v.assets,
      units: v.units,
      oracle: oracleAddress,
      admin: v.admin,
      guardian: v.guardian,
      feeRecipient: v.feeRecipient,
      fees: v.fees,
    };
    const entry: IndexEntry = {
      name: spec.key,
      address: v.address,
      tokenName: spec.name,
      symbol: spec.symbol,
      creationBlock: v.creationBlock,
      contract: SOURCES.Index,
      constructorArgs: [toJsonArg(params)],
      txHash: v.txHash,
    };
    manifest.indices = [...manifest.indices.filter((i) => i.name !== spec.key), entry];
    if (spec.key === "Index") {
      // Units per flagship share ("0": not in the flagship's launch basket).
      const unitsOf = new Map(v.assets.map((a, i) => [getAddress(a), v.units[i]!]));
      manifest.tokens = c.assets.map((a, i) => ({
        symbol: a.symbol,
        name: a.symbol,
        decimals: a.decimals,
        address: a.token,
        feed: a.feed,
        priceUsd: formatWad(v.allPrices[i]!),
        unitsPerShare: (unitsOf.get(getAddress(a.token)) ?? 0n).toString(),
      }));
    }
    await ctx.save();
  }

  /**
   * The vault this flow created for `spec`, if the factory's registry holds one: the deployer created it (its
   * `VaultCreated` event says so) with the configured name, symbol and basket assets. Its creation parameters come
   * from that event and transaction, and from the chain's state at its creation block.
   */
  async function findIndexInRegistry(spec: IndexSpec): Promise<CreatedIndex | undefined> {
    const count = await factory.vaultCount();
    const candidates: string[] = [];
    for (let offset = 0n; offset < count; offset += REGISTRY_PAGE) {
      for (const address of await factory.getVaults(offset, REGISTRY_PAGE)) {
        const v = IndexVault__factory.connect(address, signer);
        if ((await v.name()) === spec.name && (await v.symbol()) === spec.symbol) candidates.push(address);
      }
    }
    if (candidates.length === 0) return undefined;
    const factoryTx = manifest.contracts.IndexFactory?.txHash;
    const factoryReceipt = factoryTx === undefined ? null : await provider.getTransactionReceipt(factoryTx);
    const fromBlock = factoryReceipt?.blockNumber ?? manifest.startBlock;
    const configAssets = spec.basket.map((b) => getAddress(b.asset.token));
    const matches = [];
    for (const address of candidates) {
      const events = await factory
        .queryFilter(factory.filters.VaultCreated(address, deployer), fromBlock)
        .catch((err: unknown) => {
          throw new DeployConfigError(
            `The factory's registry holds ${address} (${spec.symbol}), but its VaultCreated event could not be ` +
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
      log(`! the factory's registry holds more ${spec.symbol} vaults: ${matches.slice(1).map((m) => m.address)}`);
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
    const tx = await provider.getTransaction(match.event.transactionHash);
    const call = tx !== null && tx.to !== null ? factory.interface.parseTransaction(tx) : null;
    const fees =
      call !== null && call.name === "createVault" && getAddress(tx!.to!) === getAddress(factoryAddress)
        ? (call.args[4] as { managementFee: bigint; mintFee: bigint; redeemFee: bigint })
        : await atCreation((o) => IndexVault__factory.connect(match.address, signer).fees(o));
    const allPrices = await Promise.all(c.assets.map((a) => atCreation((o) => oracle.getPrice(a.token, o))));
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
      allPrices,
    };
  }
}
