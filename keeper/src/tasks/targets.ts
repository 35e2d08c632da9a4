/**
 * Target posting: once a week, the vault's methodology runs on that week's inputs, which are frozen into a snapshot,
 * published (snapshot.ts), then posted with the snapshot's hash. Within the week a new snapshot and target are
 * posted only when the target the live data implies leaves the drift band around the posted one: a price moving a
 * hair never reposts (each post restarts the announcement delay).
 */
import { CAPPED_MARKET_CAP, computeWeights } from "../methodology/index.js";
import { contractBounds, type UniverseToken } from "../methodology/common.js";
import { targetFromWeights } from "../methodology/target.js";
import { takeSnapshot, weekOf, type StoredSnapshot } from "../snapshot.js";
import { describeOutcome } from "../txSender.js";
import type { Clock, DriftBands, TickContext, VaultMethodology } from "../types.js";
import type { MarketCap } from "../weights.js";

export { targetFromWeights };

/** Trim when an asset's weight would rise 50 % above its posted weight, top up when it would fall 30 % below. */
export const DEFAULT_DRIFT_BANDS: DriftBands = { trimBps: 5_000, topUpBps: 3_000 };

/** The universe a methodology reads, from a market-data source's list (id: the provider's, else the address). */
export function universeOf(caps: readonly MarketCap[]): UniverseToken[] {
  return caps.map((c) => ({
    id: c.id ?? c.asset.toLowerCase(),
    asset: c.asset,
    symbol: c.symbol,
    marketCapUsd: c.marketCapUsd,
    priceUsd: c.priceUsd,
    stablecoin: c.stablecoin,
  }));
}

/**
 * Why `fresh` is out of the drift band of `posted` (an asset of the posted target whose fresh weight, 0 when it left,
 * is above posted x (1 + trim) or below posted x (1 - topUp)), or undefined when every asset is within its band.
 * Assets that would join are not compared: they join at the next weekly snapshot, unless another asset drifts.
 */
export function driftOutOfBand(
  posted: { assets: readonly string[]; weights: readonly bigint[] },
  fresh: { assets: readonly string[]; weights: readonly bigint[] },
  bands: DriftBands,
): string | undefined {
  const freshOf = new Map(fresh.assets.map((a, i) => [a.toLowerCase(), fresh.weights[i]!]));
  for (let i = 0; i < posted.assets.length; i++) {
    const asset = posted.assets[i]!;
    const p = posted.weights[i]!;
    const f = freshOf.get(asset.toLowerCase()) ?? 0n;
    if (f * 10_000n > p * BigInt(10_000 + bands.trimBps)) return `${asset} would rise from ${p} to ${f} (trim band)`;
    if (f * 10_000n < p * BigInt(10_000 - bands.topUpBps)) return `${asset} would fall from ${p} to ${f} (top-up band)`;
  }
  return undefined;
}

export type TargetDecision =
  { kind: "weekly" } | { kind: "drift"; why: string } | { kind: "resume" } | { kind: "hold" };

/**
 * Whether to post, given the week, the vault's latest snapshot and the chain's latest posted key:
 * - no snapshot yet this week: the weekly snapshot (`weekly`);
 * - this week's snapshot is not the latest posted target (its post did not land): post it again (`resume`);
 * - else a new one only when the live target is out of the drift band of the posted one (`drift`), or nothing.
 */
export function decideTarget(args: {
  week: number;
  latest: StoredSnapshot | undefined;
  postedKey: string;
  fresh: { assets: readonly string[]; weights: readonly bigint[] };
  bands: DriftBands;
}): TargetDecision {
  const latest = args.latest?.snapshot;
  if (latest === undefined || latest.week < args.week) return { kind: "weekly" };
  if (args.postedKey !== latest.target.key) return { kind: "resume" };
  const posted = { assets: latest.target.assets, weights: latest.target.weights.map((w) => BigInt(w)) };
  const why = driftOutOfBand(posted, args.fresh, args.bands);
  return why === undefined ? { kind: "hold" } : { kind: "drift", why };
}

function methodologyOf(ctx: Pick<TickContext, "methodologies" | "weightCapWad">, vault: string): VaultMethodology {
  return (
    ctx.methodologies?.[vault.toLowerCase()] ?? {
      spec: { ...CAPPED_MARKET_CAP, params: {} },
    }
  );
}

/**
 * Posts `vault`'s target when the week or the drift asks for it (see `decideTarget`): the snapshot is stored first,
 * then the target goes on chain with its hash.
 * @returns The number of transactions sent (0 or 1).
 */
export async function postTarget(
  ctx: Pick<
    TickContext,
    | "rebalancer"
    | "weightCapWad"
    | "methodologies"
    | "snapshots"
    | "driftBands"
    | "market"
    | "submit"
    | "submitAsMethodologist"
    | "log"
  >,
  vault: string,
  caps: MarketCap[],
  clock: Clock,
): Promise<number> {
  const log = ctx.log.child({ vault });
  const now = await clock.now();
  const week = weekOf(now);
  const latest = await ctx.snapshots.latest(vault);
  const postedKey = await ctx.rebalancer.latestPostedTargetKey(vault);
  if (latest !== undefined && latest.snapshot.week >= week && postedKey !== latest.snapshot.target.key) {
    return submitTarget(ctx, vault, latest, "resume");
  }
  const m = methodologyOf(ctx, vault);
  const bounds = m.bounds ?? contractBounds(ctx.weightCapWad);
  const signals = m.signals === undefined ? undefined : await m.signals.signals();
  const inputs = { universe: universeOf(caps), signals, membership: m.membership };
  const fresh = targetFromWeights(computeWeights(m.spec, JSON.parse(JSON.stringify(inputs)), bounds));
  const decision = decideTarget({ week, latest, postedKey, fresh, bands: ctx.driftBands ?? DEFAULT_DRIFT_BANDS });
  if (decision.kind === "hold" || decision.kind === "resume") return 0;
  const sources: Record<string, string> = { marketData: ctx.market.name };
  if (m.signals !== undefined) sources.signals = m.signals.name;
  if (m.membership !== undefined) sources.membership = `version ${m.membership.version}`;
  const snapshot = takeSnapshot({
    vault,
    takenAt: now,
    sequence: latest !== undefined && latest.snapshot.week >= week ? latest.snapshot.sequence + 1 : 0,
    reason: decision.kind,
    methodology: m.spec,
    bounds,
    sources,
    inputs,
  });
  const stored = await ctx.snapshots.save(snapshot);
  if (decision.kind === "drift") log.info("target drifted out of its band", { why: decision.why });
  return submitTarget(ctx, vault, stored, decision.kind);
}

async function submitTarget(
  ctx: Pick<TickContext, "rebalancer" | "submit" | "submitAsMethodologist" | "log">,
  vault: string,
  stored: StoredSnapshot,
  reason: string,
): Promise<number> {
  const t = stored.snapshot.target;
  const data = ctx.rebalancer.interface.encodeFunctionData("postTarget", [
    vault,
    t.assets,
    t.weights.map((w) => BigInt(w)),
    stored.hash,
  ]);
  const to = await ctx.rebalancer.getAddress();
  const submit = ctx.submitAsMethodologist ?? ctx.submit;
  const outcome = await submit({ intent: `target:${vault}:${stored.hash}`, to, data });
  ctx.log.child({ vault }).info("posted target", {
    reason,
    key: t.key,
    snapshotHash: stored.hash,
    snapshot: stored.location,
    assets: t.assets.length,
    outcome: describeOutcome(outcome),
  });
  return 1;
}
