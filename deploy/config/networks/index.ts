import { arbitrum } from "./arbitrum.js";
import { base } from "./base.js";
import { ethereum } from "./ethereum.js";
import { sepolia } from "./sepolia.js";
import type { NetworkConfig } from "./types.js";

export type { AssetConfig, NetworkConfig, UniswapConfig } from "./types.js";

/** Every real network the protocol deploys to, by name (the Hardhat network name in hardhat.config.ts). */
export const NETWORK_CONFIGS: Readonly<Record<string, NetworkConfig>> = { ethereum, base, arbitrum, sepolia };

export function networkConfigByName(name: string): NetworkConfig {
  const config = NETWORK_CONFIGS[name];
  if (config === undefined) {
    throw new Error(`Unknown network config "${name}". Known: ${Object.keys(NETWORK_CONFIGS).join(", ")}.`);
  }
  return config;
}
