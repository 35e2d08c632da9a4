import { getAddress, type BlockTag } from "ethers";
import {
  IndexFactory__factory,
  IndexVaultDeployer__factory,
  IndexVault__factory,
  type IndexFactory,
  type IndexVault,
} from "../../../types/ethers-contracts/index.js";
import type { IndexEntry } from "../../../manifest/index.js";
import { DeployConfigError } from "../networkConfig.js";
import { toJsonArg } from "../networkManifest.js";
import { unitsPerShare } from "../units.js";
import { formatWad, SOURCES, wad, wadDiff, type FlowContext } from "./context.js";
import type { OracleStep } from "./oracle.js";
import { addRewardToken, type StakingStep } from "./staking.js";

export interface IndexStep {
  factoryAddress: string;
  factory: IndexFactory;
  indexAddress: string;
  vault: IndexVault;
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

/**
 * IndexVaultDeployer, IndexFactory and the flagship index created through it (found in the factory's registry
 * rather than created again after a crash), which becomes a reward token of the distributor.
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
  const indexAddress = await ensureIndex();
  const vault = IndexVault__factory.connect(indexAddress, signer);
  // Fees are set when the index is created; the flow never changes them afterwards, only reports a change.
  const fees = await vault.fees();
  report([
    ...wadDiff("Index.fees().managementFee", fees.managementFee, c.index.fees.managementFee),
    ...wadDiff("Index.fees().mintFee", fees.mintFee, c.index.fees.mintFee),
    ...wadDiff("Index.fees().redeemFee", fees.redeemFee, c.index.fees.redeemFee),
  ]);
  await addRewardToken(ctx, distributor, c.index.symbol, indexAddress);
  return { factoryAddress, factory, indexAddress, vault };

  async function ensureIndex(): Promise<string> {
    const recorded = manifest.indices.find((i) => i.name === "Index");
    if (recorded !== undefined && (await provider.getCode(recorded.address)) !== "0x") {
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
    const receipt = await provider.getTransactionReceipt(txHash);
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
    await ctx.save();
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
    const factoryReceipt = factoryTx === undefined ? null : await provider.getTransactionReceipt(factoryTx);
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
    const tx = await provider.getTransaction(match.event.transactionHash);
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
}
