import { AbiCoder, keccak256 } from "ethers";
import { TrendSignal__factory } from "../../types/ethers-contracts/index.js";
import { runHousekeeping } from "./housekeeping.js";
import { isRevertError } from "./retry.js";
import type { SendOutcome, TxSender } from "./txSender.js";
import type { DesiredRegime, TickContext, TickReport } from "./types.js";
import { capWeightedWeights, type Weight } from "./weights.js";

/** How a sent transaction ended, for the logs: mined, reverted (mined with status 0) or superseded. */
export function describeOutcome(outcome: SendOutcome): "mined" | "reverted" | "superseded" {
  if (outcome.kind === "superseded") return "superseded";
  return outcome.status === 1 ? "mined" : "reverted";
}

const RISK_ON = 0n;
const RISK_OFF = 1n;

/** A vault's regime in the Rebalancer (`rebalancer.regime(vault)`), regimes as numbers: 0 risk-on, 1 risk-off. */
export interface RegimeState {
  current: bigint;
  pending: bigint;
  hasPending: boolean;
  /** When the pending switch was signalled (its hysteresis clock), 0 when none. */
  since: bigint;
}

/**
 * What the keeper signals for the methodologist's call: `signal` starts a switch to `regime`; `clear` signals the
 * regime in force, which clears the switch pending since `pendingSince`.
 */
export type RegimeAction = { kind: "signal"; regime: bigint } | { kind: "clear"; regime: bigint; pendingSince: bigint };

/**
 * Decides the `signalRegime` call (if any) that makes the Rebalancer follow the methodologist's `desired` regime:
 * - a switch to a regime not in force is signalled once (signalling it again while pending is useless: the clock
 *   keeps running from the first signal);
 * - when the regime in force is desired again while a switch is pending (a change of mind within the hysteresis),
 *   the regime in force is signalled, which clears the pending switch (`RegimeSignalCleared`); otherwise the
 *   upkeep would apply the unwanted switch once the hysteresis ends and start a needless auction.
 */
export function regimeAction(desired: DesiredRegime, state: RegimeState): RegimeAction | undefined {
  const want = desired === "risk-off" ? RISK_OFF : RISK_ON;
  if (state.current === want) {
    return state.hasPending ? { kind: "clear", regime: want, pendingSince: state.since } : undefined;
  }
  const alreadyPending = state.hasPending && state.pending === want;
  return alreadyPending ? undefined : { kind: "signal", regime: want };
}

/** The target the market data implies: assets sorted by address (a canonical order), capped weights. */
export function targetFromWeights(weights: Weight[]): { assets: string[]; weights: bigint[]; key: string } {
  const sorted = [...weights].sort((a, b) => (BigInt(a.asset) < BigInt(b.asset) ? -1 : 1));
  const assets = sorted.map((w) => w.asset);
  const ws = sorted.map((w) => w.weightWad);
  const key = keccak256(AbiCoder.defaultAbiCoder().encode(["address[]", "uint256[]"], [assets, ws]));
  return { assets, weights: ws, key };
}

/**
 * One pass of the keeper over every vault: post the market-cap target when it changed, signal the regime when it
 * changed (or clear a pending switch the methodologist no longer wants: `regimeAction`), run the upkeep when it is
 * due, and fill open auctions when that pays. Every step re-reads the chain, so a pass after a crash or a failed
 * step simply does what is still needed.
 */
export async function runTick(ctx: TickContext): Promise<TickReport> {
  const report: TickReport = { targetsPosted: 0, regimeSignals: 0, samples: 0, upkeeps: 0, fills: 0, housekeeping: 0 };
  // First: it needs no prices, so a stale feed that stops the steps below does not stop it.
  if (ctx.housekeeping !== undefined) {
    report.housekeeping = await runHousekeeping(ctx.housekeeping, ctx.submit, ctx.log);
  }
  const rebalancerAddress = await ctx.rebalancer.getAddress();
  const caps = await ctx.market.marketCaps();

  for (const vault of ctx.vaults) {
    const log = ctx.log.child({ vault });
    const target = targetFromWeights(capWeightedWeights(caps, ctx.weightCapWad));
    if ((await ctx.rebalancer.latestPostedTargetKey(vault)) !== target.key) {
      const data = ctx.rebalancer.interface.encodeFunctionData("postTarget", [vault, target.assets, target.weights]);
      const outcome = await ctx.submit({ intent: `target:${vault}:${target.key}`, to: rebalancerAddress, data });
      log.info("posted target", { key: target.key, assets: target.assets.length, outcome: describeOutcome(outcome) });
      report.targetsPosted++;
    }

    // A vault whose regime follows an on-chain rule: take the rule's weekly sample (the upkeep pokes the rule).
    const source = await ctx.rebalancer.regimeSource(vault);
    if (source !== "0x0000000000000000000000000000000000000000") {
      const signal = TrendSignal__factory.connect(source, ctx.rebalancer.runner);
      const [lastWeek, canSample] = await signal.lastSampledWeek();
      if (canSample) {
        const data = signal.interface.encodeFunctionData("sample");
        const outcome = await ctx.submit({ intent: `sample:${source}:${lastWeek + 1n}`, to: source, data });
        log.info("sampled the regime rule's feed", { source, outcome: describeOutcome(outcome) });
        report.samples++;
      }
      continue; // the methodologist does not signal a vault with an on-chain source
    }

    const desired = await ctx.regime?.desired(vault);
    if (desired !== undefined) {
      const [current, pending, hasPending, since] = await ctx.rebalancer.regime(vault);
      const action = regimeAction(desired, { current, pending, hasPending, since });
      if (action !== undefined) {
        const data = ctx.rebalancer.interface.encodeFunctionData("signalRegime", [vault, action.regime]);
        // A clear is keyed by the switch it clears, so each pending switch is cleared once.
        const intent =
          action.kind === "clear"
            ? `regime-clear:${vault}:${current}:${action.pendingSince}`
            : `regime:${vault}:${desired}:${current}`;
        const outcome = await ctx.submit({ intent, to: rebalancerAddress, data });
        if (action.kind === "clear") {
          log.info("cleared the pending regime switch: the regime in force is desired again", {
            desired,
            pending: pending === RISK_OFF ? "risk-off" : "risk-on",
            outcome: describeOutcome(outcome),
          });
        } else {
          log.info("signalled regime", { desired, outcome: describeOutcome(outcome) });
        }
        report.regimeSignals++;
      }
    }
  }

  // Upkeep: repeat while something is due (a regime switch, then the auction start it implies), bounded.
  for (let i = 0; i < 4; i++) {
    const [needed, performData] = await ctx.upkeep.checkUpkeep.staticCall("0x");
    if (!needed) break;
    const data = ctx.upkeep.interface.encodeFunctionData("performUpkeep", [performData]);
    const block = await ctx.upkeep.runner?.provider?.getBlock("latest");
    const intent = `upkeep:${keccak256(performData)}:${block?.timestamp ?? 0}`;
    const outcome = await ctx.submit({ intent, to: await ctx.upkeep.getAddress(), data });
    ctx.log.info("performed upkeep", { outcome: describeOutcome(outcome) });
    report.upkeeps++;
  }

  if (ctx.filler !== undefined) {
    for (const vault of ctx.vaults) {
      const [id, , end] = await ctx.rebalancer.auction(vault);
      const now = (await ctx.rebalancer.runner?.provider?.getBlock("latest"))?.timestamp ?? 0;
      if (id === 0n || BigInt(now) > end) continue;
      for await (const s of ctx.filler.fills(vault, id)) {
        let outcome: SendOutcome;
        try {
          outcome = await ctx.submit(s);
        } catch (err) {
          // The lot simulated fine when planned but reverts now that it is signed (nothing was sent): the auction
          // moved in between, e.g. the surplus shrank by a few wei with the fee accrual. Skip it, not the other lots;
          // the next pass plans it again. Anything else (RPC failure, fee cap) ends the pass as usual.
          if (!isRevertError(err)) throw err;
          ctx.log.warn("auction lot reverts when sent: skipped until the next pass", {
            vault,
            intent: s.intent,
            error: (err as Error).message,
          });
          continue;
        }
        ctx.log.info("filled auction lot", { vault, intent: s.intent, outcome: describeOutcome(outcome) });
        report.fills++;
      }
    }
  }
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
