import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ContractEntry, DeploymentManifest } from "./manifest.js";

/** A constructor argument as JSON: bigints are written as decimal strings (ethers and verifiers accept them). */
export type JsonArg = string | number | boolean | null | JsonArg[] | { [key: string]: JsonArg };

/** A contract the flow deployed: what verification needs besides the address and ABI. */
export interface RecordedContract extends ContractEntry {
  /** Fully qualified name, `<source>:<contract>`, as hardhat-verify takes it. */
  contract: string;
  constructorArgs: JsonArg[];
  /** Hash of the creating transaction (a factory call for vaults). */
  txHash?: string;
}

/**
 * deployments/<network>.json of a network deployment: the same shape the keeper, subgraph and dApp read for the
 * local stack (network, chainId, roles, contracts with address + ABI, tokens, abis), every contract recorded with
 * its constructor arguments so re-runs skip it and `--verify` can verify it. The flagship index is `Index`.
 */
export interface NetworkManifest extends Omit<DeploymentManifest, "contracts"> {
  /** The network config the manifest was deployed from (deploy/config/networks/<config>.ts). */
  config: string;
  /** True when the external contracts were local stand-ins (a dry run), never on a real chain. */
  dryRun: boolean;
  contracts: Record<string, RecordedContract>;
}

export function toJsonArg(value: unknown): JsonArg {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonArg);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonArg(v)]));
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return value;
  }
  throw new Error(`cannot record constructor argument of type ${typeof value}`);
}

export async function readNetworkManifest(path: string): Promise<NetworkManifest | undefined> {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(await readFile(path, "utf8")) as NetworkManifest;
  if (typeof parsed.contracts !== "object" || parsed.contracts === null) {
    throw new Error(`${path} is not a deployments manifest (no "contracts")`);
  }
  for (const [name, entry] of Object.entries(parsed.contracts)) {
    // A local-stack manifest has no constructor args: the network flow cannot resume from it.
    if (!Array.isArray(entry.constructorArgs) || typeof entry.contract !== "string") {
      throw new Error(`${path}: ${name} has no recorded constructor arguments; was it written by another flow?`);
    }
  }
  return parsed;
}

export async function writeNetworkManifest(path: string, manifest: NetworkManifest): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(manifest, null, 2) + "\n");
}
