/**
 * One pass of the keeper: the tasks of `tasks/` in order, nothing else. Every task re-reads the chain, so a pass
 * after a crash or a failed one simply does what is still needed. One failure never fails the pass: a task that
 * throws (for one vault) is logged with its error decoded by name and counted in `failures`, and the pass goes on
 * with the other tasks and vaults; the next pass tries it again.
 */
import { errorFields } from "./errors.js";
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
 * One pass of the keeper over every vault: weekly housekeeping, then per vault the methodology's target (the weekly
 * snapshot, or a drift-triggered one; a market-data or signal failure skips only this step) and either the on-chain regime rule's weekly sample or the methodologist's regime signal, then the
 * upkeep while it is due, then the fills of open auctions that pay.
 */
export async function runTick(ctx: TickContext): Promise<TickReport> {
  const clock = ctx.clock ?? chainClock(ctx.rebalancer.runner?.provider);
  const report: TickReport = {
    targetsPosted: 0,
    regimeSignals: 0,
    samples: 0,
    upkeeps: 0,
    fills: 0,
    housekeeping: 0,
    failures: 0,
    failedTasks: [],
  };
  /** Runs one task (for one vault); a failure is logged and counted, and yields `fallback`. */
  const guarded = async <T>(
    task: string,
    vault: string | undefined,
    fallback: T,
    run: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      report.failures++;
      report.failedTasks.push(task);
      ctx.log.error("task failed; the rest of the pass goes on", { task, vault, ...errorFields(err) });
      return fallback;
    }
  };
  // First: it needs no prices, so a stale feed that stops the tasks below does not stop it.
  const housekeeping = ctx.housekeeping;
  if (housekeeping !== undefined) {
    report.housekeeping = await guarded("housekeeping", undefined, 0, () =>
      runHousekeeping(housekeeping, ctx.submit, ctx.log),
    );
  }
  const caps = await guarded("market data", undefined, undefined, () => ctx.market.marketCaps());
  for (const vault of ctx.vaults) {
    if (caps !== undefined)
      report.targetsPosted += await guarded("target", vault, 0, () => postTarget(ctx, vault, caps, clock));
    const source = await guarded("regime source", vault, null, () => onChainRegimeSource(ctx.rebalancer, vault));
    // The methodologist does not signal a vault whose regime follows an on-chain rule, nor one whose methodology
    // sets its own stablecoin share from signals (a sector index: its target already exits bearish tokens).
    if (source === null) continue;
    if (source === undefined && ctx.methodologies?.[vault.toLowerCase()]?.spec.id === "signal-sector") continue;
    if (source !== undefined)
      report.samples += await guarded("trend sample", vault, 0, () => sampleTrend(ctx, vault, source));
    else report.regimeSignals += await guarded("regime signal", vault, 0, () => signalRegime(ctx, vault));
  }
  report.upkeeps = await guarded("upkeep", undefined, 0, () => performUpkeeps(ctx, clock));
  const filler = ctx.filler;
  if (filler !== undefined) {
    for (const vault of ctx.vaults) {
      report.fills += await guarded("auction fills", vault, 0, () =>
        fillAuctions({ ...ctx, vaults: [vault] }, filler, clock),
      );
    }
  }
  return report;
}

/**
 * One pass of the keeper service: first settle what a previous pass or run left in flight for each account (the
 * journaled bytes, never signed again, even when the chain no longer asks for that intent), then `runTick`.
 */
export async function keeperPass(senders: Pick<TxSender, "resumePending">[], ctx: TickContext): Promise<TickReport> {
  const unsettled: string[] = [];
  for (const sender of senders) {
    try {
      for (const outcome of await sender.resumePending()) {
        ctx.log.info("settled in-flight transaction", { ...outcome, outcome: describeOutcome(outcome) });
      }
    } catch (err) {
      // That account's new intents wait (InFlightError); the other account's tasks go on.
      unsettled.push("settle in-flight");
      ctx.log.error("task failed; the rest of the pass goes on", { task: "settle in-flight", ...errorFields(err) });
    }
  }
  const report = await runTick(ctx);
  return {
    ...report,
    failures: report.failures + unsettled.length,
    failedTasks: [...unsettled, ...report.failedTasks],
  };
}
