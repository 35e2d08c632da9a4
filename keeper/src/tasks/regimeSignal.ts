/** Regime signalling: the methodologist's regime call for a vault without an on-chain regime rule. */
import { describeOutcome } from "../txSender.js";
import type { DesiredRegime, TickContext } from "../types.js";

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

/**
 * Signals the regime the methodologist wants for `vault` (`ctx.regime`), or clears a pending switch they no longer
 * want (`regimeAction`); nothing without a regime source or a call for this vault.
 * @returns The number of transactions sent (0 or 1).
 */
export async function signalRegime(
  ctx: Pick<TickContext, "rebalancer" | "regime" | "submit" | "submitAsMethodologist" | "log">,
  vault: string,
): Promise<number> {
  const desired = await ctx.regime?.desired(vault);
  if (desired === undefined) return 0;
  const [current, pending, hasPending, since] = await ctx.rebalancer.regime(vault);
  const action = regimeAction(desired, { current, pending, hasPending, since });
  if (action === undefined) return 0;
  const data = ctx.rebalancer.interface.encodeFunctionData("signalRegime", [vault, action.regime]);
  // A clear is keyed by the switch it clears, so each pending switch is cleared once.
  const intent =
    action.kind === "clear"
      ? `regime-clear:${vault}:${current}:${action.pendingSince}`
      : `regime:${vault}:${desired}:${current}`;
  const submit = ctx.submitAsMethodologist ?? ctx.submit;
  const outcome = await submit({ intent, to: await ctx.rebalancer.getAddress(), data });
  const log = ctx.log.child({ vault });
  if (action.kind === "clear") {
    log.info("cleared the pending regime switch: the regime in force is desired again", {
      desired,
      pending: pending === RISK_OFF ? "risk-off" : "risk-on",
      outcome: describeOutcome(outcome),
    });
  } else {
    log.info("signalled regime", { desired, outcome: describeOutcome(outcome) });
  }
  return 1;
}
