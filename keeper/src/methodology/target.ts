/** A target as the Rebalancer stores it: assets by ascending address (a canonical order), weights, and its key. */
import { AbiCoder, keccak256 } from "ethers";
import type { Weight } from "../weights.js";

/** The target `weights` make: sorted by address, with the Rebalancer's key `keccak256(abi.encode(assets, weights))`. */
export function targetFromWeights(weights: Weight[]): { assets: string[]; weights: bigint[]; key: string } {
  const sorted = [...weights].sort((a, b) => (BigInt(a.asset) < BigInt(b.asset) ? -1 : 1));
  const assets = sorted.map((w) => w.asset);
  const ws = sorted.map((w) => w.weightWad);
  const key = keccak256(AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]"], [assets, ws]));
  return { assets, weights: ws, key };
}
