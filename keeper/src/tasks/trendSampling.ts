/** Trend sampling: the weekly sample of a vault's on-chain regime rule (TrendSignal); the upkeep then pokes the rule. */
import { ZeroAddress } from "ethers";
import { TrendSignal__factory, type Rebalancer } from "../../../types/ethers-contracts/index.js";
import { describeOutcome } from "../txSender.js";
import type { TickContext } from "../types.js";

/** The vault's on-chain regime source (`rebalancer.regimeSource`), undefined when the methodologist signals it. */
export async function onChainRegimeSource(rebalancer: Rebalancer, vault: string): Promise<string | undefined> {
  const source = await rebalancer.regimeSource(vault);
  return source === ZeroAddress ? undefined : source;
}

/**
 * Takes the rule's sample when it can sample (once a week), keyed by the week it samples.
 * @returns The number of transactions sent (0 or 1).
 */
export async function sampleTrend(
  ctx: Pick<TickContext, "rebalancer" | "submit" | "log">,
  vault: string,
  source: string,
): Promise<number> {
  const signal = TrendSignal__factory.connect(source, ctx.rebalancer.runner);
  const [lastWeek, canSample] = await signal.lastSampledWeek();
  if (!canSample) return 0;
  const data = signal.interface.encodeFunctionData("sample");
  const outcome = await ctx.submit({ intent: `sample:${source}:${lastWeek + 1n}`, to: source, data });
  ctx.log.child({ vault }).info("sampled the regime rule's feed", { source, outcome: describeOutcome(outcome) });
  return 1;
}
