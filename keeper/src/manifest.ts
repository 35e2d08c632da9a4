import type { DeploymentManifest } from "../../deploy/lib/manifest.js";

/** Manifest names of index vaults the keeper serves: the local stack's demo index and a network's flagship index. */
export const VAULT_ENTRY_NAMES = ["DemoIndex", "Index"] as const;

/**
 * Addresses of the index vaults in a deployments manifest (the local stack names its vault `DemoIndex`, the network
 * deployment flow `Index`). Throws a readable error when there is none.
 */
export function vaultsOf(manifest: Pick<DeploymentManifest, "contracts">, path: string): string[] {
  const contracts = manifest.contracts as unknown as Record<string, { address?: unknown } | undefined>;
  const vaults = VAULT_ENTRY_NAMES.map((name) => contracts[name]?.address).filter(
    (a): a is string => typeof a === "string",
  );
  if (vaults.length === 0) {
    throw new Error(`${path} lists no index vault (${VAULT_ENTRY_NAMES.join(" or ")}): nothing for the keeper to do`);
  }
  return vaults;
}
