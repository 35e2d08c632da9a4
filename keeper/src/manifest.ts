import { ManifestError, contractAddress, readManifest, type Manifest } from "../../manifest/index.js";

/** What the keeper needs of a deployments manifest (manifest/index.ts), checked when it starts. */
export interface KeeperManifest {
  manifest: Manifest;
  rebalancer: string;
  upkeep: string;
  oracle: string;
  ve: string;
  distributor: string;
  /** UniswapSolver, when deployed: the keeper fills auctions through it. */
  solver?: string;
  /** Every index of the manifest (the flow names the flagship `Index`). */
  vaults: string[];
  /** Basket token address by symbol. */
  tokenBySymbol: Map<string, string>;
}

/** The keeper's addresses from a validated manifest; a ManifestError names what is missing. */
export function keeperTargets(manifest: Manifest, path: string): KeeperManifest {
  for (const name of ["Rebalancer", "RebalanceUpkeep"]) {
    if (manifest.contracts[name] === undefined) {
      throw new ManifestError(`${path} has no contracts.${name}: nothing for the keeper to do`);
    }
  }
  if (manifest.indices.length === 0) {
    throw new ManifestError(`${path} lists no index (indices is empty): nothing for the keeper to do`);
  }
  const address = (name: string): string => contractAddress(manifest, name, path);
  return {
    manifest,
    rebalancer: address("Rebalancer"),
    upkeep: address("RebalanceUpkeep"),
    oracle: address("PriceOracle"),
    ve: address("VeTMAI"),
    distributor: address("RevenueDistributor"),
    solver: manifest.contracts.UniswapSolver?.address,
    vaults: manifest.indices.map((i) => i.address),
    tokenBySymbol: new Map(manifest.tokens.map((t) => [t.symbol, t.address])),
  };
}

/** Reads, validates and checks the keeper's manifest at `path`. */
export async function loadKeeperManifest(path: string): Promise<KeeperManifest> {
  return keeperTargets(await readManifest(path), path);
}
