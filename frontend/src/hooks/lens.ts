/** Live state through the on-chain read lens (IndexLens): one eth_call for an index, one for an account. */
import { useReadContract } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { IndexLensAbi } from "../../../bindings/abis.js";
import { contract, manifest } from "../config/manifest.js";

/** How often live state is read again (ms): about every block of the local chain. */
export const LIVE_INTERVAL_MS = 4_000;

/** The manifest's Rebalancer (zero when the deployment has none: the lens then reports no rebalancing). */
export function rebalancer(): Address {
  return (manifest.contracts.Rebalancer?.address as Address | undefined) ?? zeroAddress;
}

/** `IndexLens.indexSummary(vault, rebalancer)`: basket with prices and oracle status, NAV, fees, regime, auction. */
export function useIndexSummary(vault: Address | undefined) {
  return useReadContract({
    address: contract("IndexLens"),
    abi: IndexLensAbi,
    functionName: "indexSummary",
    args: vault === undefined ? undefined : [vault, rebalancer()],
    query: { enabled: vault !== undefined, refetchInterval: LIVE_INTERVAL_MS },
  });
}

/** `IndexLens.accountSummary(vault, account, 0)`: index balance, per-asset balance, allowance to the vault, deferred. */
export function useAccountSummary(vault: Address | undefined, account: Address | undefined) {
  return useReadContract({
    address: contract("IndexLens"),
    abi: IndexLensAbi,
    functionName: "accountSummary",
    args: vault === undefined || account === undefined ? undefined : [vault, account, zeroAddress],
    query: { enabled: vault !== undefined && account !== undefined, refetchInterval: LIVE_INTERVAL_MS },
  });
}

/** The lens's PriceStatus enum (IIndexLens.PriceStatus) in words. */
export const PRICE_STATUS = [
  "ok",
  "no price feed",
  "stale price",
  "non-positive price",
  "price out of its bounds",
  "L2 sequencer down",
  "L2 sequencer grace period",
  "price feed failed",
] as const;

export const REGIMES = ["Risk-on", "Risk-off"] as const;
