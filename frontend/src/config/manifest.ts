/** The deployment the dApp talks to, from the deployments manifest (see vite.config.ts), and lookups in it. */
import manifestJson from "virtual:tmai-manifest";
import type { Address } from "viem";
import type { IndexEntry, Manifest, TokenEntry } from "../../../manifest/schema.js";

export const manifest: Manifest = manifestJson;

/** Whether the deployment is the local stack (`npm start`): the local test accounts are offered there only. */
export const isLocalChain = manifest.chainId === 31337;

/** The subgraph's GraphQL endpoint: VITE_SUBGRAPH_URL, else the local stack's. */
export const SUBGRAPH_URL: string =
  import.meta.env.VITE_SUBGRAPH_URL ?? "http://127.0.0.1:8000/subgraphs/name/tmai/index-protocol";

/** The address of contract `name`; throws with the names the manifest has when it lacks it. */
export function contract(name: string): Address {
  const entry = manifest.contracts[name];
  if (entry === undefined) {
    throw new Error(
      `The ${manifest.network} deployment has no ${name} (it lists ${Object.keys(manifest.contracts).join(", ")})`,
    );
  }
  return entry.address as Address;
}

export function indexAt(address: string): IndexEntry | undefined {
  return manifest.indices.find((i) => i.address.toLowerCase() === address.toLowerCase());
}

export function tokenAt(address: string): TokenEntry | undefined {
  return manifest.tokens.find((t) => t.address.toLowerCase() === address.toLowerCase());
}

/** The token a one-asset mint pays with and a one-asset redeem pays out: the DEX quote token (USDC). */
export function quoteToken(): TokenEntry | undefined {
  const quote = manifest.pools?.quoteToken;
  return quote === undefined ? undefined : tokenAt(quote);
}
