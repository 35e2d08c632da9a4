/** Target posting: the methodologist's market-cap target for a vault, posted when it changed. */
import { AbiCoder, keccak256 } from "ethers";
import { describeOutcome } from "../txSender.js";
import type { TickContext } from "../types.js";
import { capWeightedWeights, type MarketCap, type Weight } from "../weights.js";

/** The target the market data implies: assets sorted by address (a canonical order), capped weights. */
export function targetFromWeights(weights: Weight[]): { assets: string[]; weights: bigint[]; key: string } {
  const sorted = [...weights].sort((a, b) => (BigInt(a.asset) < BigInt(b.asset) ? -1 : 1));
  const assets = sorted.map((w) => w.asset);
  const ws = sorted.map((w) => w.weightWad);
  const key = keccak256(AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]"], [assets, ws]));
  return { assets, weights: ws, key };
}

/**
 * Posts the target `caps` imply for `vault` (capped at `weightCapWad`) unless it is the latest posted one.
 * @returns The number of transactions sent (0 or 1).
 */
export async function postTarget(
  ctx: Pick<TickContext, "rebalancer" | "weightCapWad" | "submit" | "submitAsMethodologist" | "log">,
  vault: string,
  caps: MarketCap[],
): Promise<number> {
  const target = targetFromWeights(capWeightedWeights(caps, ctx.weightCapWad));
  if ((await ctx.rebalancer.latestPostedTargetKey(vault)) === target.key) return 0;
  const data = ctx.rebalancer.interface.encodeFunctionData("postTarget", [vault, target.assets, target.weights]);
  const to = await ctx.rebalancer.getAddress();
  const submit = ctx.submitAsMethodologist ?? ctx.submit;
  const outcome = await submit({ intent: `target:${vault}:${target.key}`, to, data });
  ctx.log
    .child({ vault })
    .info("posted target", { key: target.key, assets: target.assets.length, outcome: describeOutcome(outcome) });
  return 1;
}
