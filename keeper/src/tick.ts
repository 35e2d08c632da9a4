/**
 * One pass of the keeper: the tasks of `tasks/` in order, nothing else. Every task re-reads the chain, so a pass
 * after a crash or a failed one simply does what is still needed. A task that throws ends the pass (the loop logs it
 * and the next pass starts over), except an auction lot that reverts when signed, which `fillAuctions` skips.
 */
import { chainClock } from "./clock.js";
import { fillAuctions } from "./tasks/auctionFills.js";
import { runHousekeeping } from "./tasks/housekeeping.js";
import { signalRegime } from "./tasks/regimeSignal.js";
import { postTarget } from "./tasks/targets.js";
import { onChainRegimeSource, sampleTrend } from "./tasks/trendSampling.js";
import { performUpkeeps } from "./tasks/upkeep.js";
import { describeOutcome, type TxSender } from "./txSender.js";
import type { TickContext, TickReport } from "./types.js";

/**
 * One pass of the keeper over every vault: weekly housekeeping, then per vault the market-cap target (when it
 * changed) and either the on-chain regime rule's weekly sample or the methodologist's regime signal, then the
 * upkeep while it is due, then the fills of open auctions that pay.
 */
export async function runTick(ctx: TickContext): Promise<TickReport> {
  const clock = ctx.clock ?? chainClock(ctx.rebalancer.runner?.provider);
  const report: TickReport = { targetsPosted: 0, regimeSignals: 0, samples: 0, upkeeps: 0, fills: 0, housekeeping: 0 };
  // First: it needs no prices, so a stale feed that stops the tasks below does not stop it.
  if (ctx.housekeeping !== undefined) {
    report.housekeeping = await runHousekeeping(ctx.housekeeping, ctx.submit, ctx.log);
  }
  const caps = await ctx.market.marketCaps();
  for (const vault of ctx.vaults) {
    report.targetsPosted += await postTarget(ctx, vault, caps);
    const source = await onChainRegimeSource(ctx.rebalancer, vault);
    // The methodologist does not signal a vault whose regime follows an on-chain rule.
    if (source !== undefined) report.samples += await sampleTrend(ctx, vault, source);
    else report.regimeSignals += await signalRegime(ctx, vault);
  }
  report.upkeeps = await performUpkeeps(ctx, clock);
  if (ctx.filler !== undefined) report.fills = await fillAuctions(ctx, ctx.filler, clock);
  return report;
}

/**
 * One pass of the keeper service: first settle what a previous pass or run left in flight (the journaled bytes,
 * never signed again, even when the chain no longer asks for that intent), then `runTick`.
 */
export async function keeperPass(sender: Pick<TxSender, "resumePending">, ctx: TickContext): Promise<TickReport> {
  for (const outcome of await sender.resumePending()) {
    ctx.log.info("settled in-flight transaction", { ...outcome, outcome: describeOutcome(outcome) });
  }
  return runTick(ctx);
}
