/**
 * Signal-weighted sector: a sector's tokens (membership from a versioned file), each with a weekly signal (bullish,
 * neutral, bearish; optionally a grade). The bullish are held, weighted by market cap or by signal strength (grade);
 * the neutral are held at a reduced weight or not at all (a setting); the bearish are excluded. When fewer than
 * `minBullish` tokens are bullish, a stablecoin share rises: (minBullish - bullish) / minBullish, up to 100 % when none
 * is. Pure: the same inputs always give the same target.
 */
import { WAD, formatPct, type Weight } from "../weights.js";
import {
  MethodologyError,
  assertWithinBounds,
  boundedWeights,
  byScoreThenAddress,
  capOf,
  checkBounds,
  checkUniverse,
  isPegged,
  micros,
  type TargetBounds,
  type UniverseToken,
} from "./common.js";

export const SIGNAL_SECTOR = { id: "signal-sector", version: "1.0.0" } as const;

/** A token's weekly trading signal: 1 bullish, 0 neutral, -1 bearish; `grade` an optional strength in (0, 100]. */
export interface TokenSignal {
  id: string;
  signal: 1 | 0 | -1;
  grade?: number;
}

/** Sector membership: `{ version, sectors: { ai: ["id", …], … } }`, a versioned file (keeper/fixtures/sectors.json). */
export interface SectorMembership {
  version: string;
  sectors: Record<string, string[]>;
}

export interface SignalSectorParams {
  sector: string;
  /** Weights among the held tokens: by market cap, or by signal strength (the grade). */
  weighting: "market-cap" | "signal";
  /** Neutral tokens: held at `neutralFactorBps` of the weight they would have if bullish, or excluded. */
  neutral: "hold" | "exclude";
  /** Fraction (basis points, 1 to 10000) of a bullish token's score a neutral one keeps when held. */
  neutralFactorBps: number;
  /** Fewer bullish tokens than this moves a share of the index to the stablecoin. */
  minBullish: number;
  /** Ids of the stablecoins that may take the stable share, by preference; the first one still pegged is used. */
  stablecoins: string[];
  /** How far from 1 USD (basis points) a stablecoin may trade and still count as pegged. */
  depegToleranceBps: number;
}

export interface SignalSectorResult {
  weights: Weight[];
  bullish: string[];
  neutralHeld: string[];
  /** Members not held, and why (bearish, neutral excluded, no signal, no market data, under the minimum weight, …). */
  excluded: { id: string; reason: string }[];
  /** The stablecoin's weight, 18 decimals (0 when fully invested). */
  stableShareWad: bigint;
  stablecoin?: string;
}

function checkParams(p: SignalSectorParams): void {
  if (!Number.isInteger(p.minBullish) || p.minBullish < 1) {
    throw new MethodologyError(`minBullish must be a whole number of at least 1, got ${p.minBullish}`);
  }
  if (!Number.isInteger(p.neutralFactorBps) || p.neutralFactorBps < 1 || p.neutralFactorBps > 10_000) {
    throw new MethodologyError(`neutralFactorBps must be from 1 to 10000, got ${p.neutralFactorBps}`);
  }
  if (!Number.isFinite(p.depegToleranceBps) || p.depegToleranceBps < 0) {
    throw new MethodologyError(`depegToleranceBps must be a non-negative number, got ${p.depegToleranceBps}`);
  }
}

/**
 * The sector's target for the week.
 * @throws MethodologyError when the sector is unknown, a signal is malformed, the caps cannot hold the target, no
 *   pegged stablecoin can take the stable share, or the stable share is above the stablecoin's cap.
 */
export function signalSector(
  universe: readonly UniverseToken[],
  membership: SectorMembership,
  signals: readonly TokenSignal[],
  params: SignalSectorParams,
  bounds: TargetBounds,
): SignalSectorResult {
  checkBounds(bounds);
  checkUniverse(universe);
  checkParams(params);
  const members = membership.sectors[params.sector];
  if (members === undefined) {
    throw new MethodologyError(
      `sector "${params.sector}" is not in membership version ${membership.version} ` +
        `(sectors: ${Object.keys(membership.sectors).join(", ") || "none"})`,
    );
  }
  const byId = new Map(universe.map((t) => [t.id, t]));
  const signalOf = new Map<string, TokenSignal>();
  for (const s of signals) {
    if (s.signal !== 1 && s.signal !== 0 && s.signal !== -1) {
      throw new MethodologyError(`${s.id}: a signal must be 1, 0 or -1, got ${String(s.signal)}`);
    }
    if (s.grade !== undefined && (!Number.isFinite(s.grade) || s.grade <= 0 || s.grade > 100)) {
      throw new MethodologyError(`${s.id}: a grade must be in (0, 100], got ${s.grade}`);
    }
    if (signalOf.has(s.id)) throw new MethodologyError(`${s.id} has two signals`);
    signalOf.set(s.id, s);
  }

  const excluded: SignalSectorResult["excluded"] = [];
  const held: { id: string; asset: string; score: bigint; bullish: boolean }[] = [];
  for (const id of [...new Set(members)]) {
    const token = byId.get(id);
    const s = signalOf.get(id);
    if (token === undefined) excluded.push({ id, reason: "no market data" });
    else if (token.stablecoin === true) excluded.push({ id, reason: "stablecoin" });
    else if (s === undefined) excluded.push({ id, reason: "no signal" });
    else if (s.signal === -1) excluded.push({ id, reason: "bearish" });
    else if (s.signal === 0 && params.neutral === "exclude") excluded.push({ id, reason: "neutral (excluded)" });
    else {
      let score: bigint;
      if (params.weighting === "market-cap") score = micros(token.marketCapUsd);
      else if (s.grade === undefined) {
        throw new MethodologyError(`${id}: weighting by signal strength needs a grade for every held token`);
      } else score = BigInt(Math.round(s.grade * 1e6));
      if (s.signal === 0) score = (score * BigInt(params.neutralFactorBps)) / 10_000n || 1n;
      held.push({ id, asset: token.asset, score, bullish: s.signal === 1 });
    }
  }
  const bullishCount = held.filter((h) => h.bullish).length;
  let stable =
    bullishCount >= params.minBullish
      ? 0n
      : (WAD * BigInt(params.minBullish - bullishCount)) / BigInt(params.minBullish);
  // Best first; beyond the contract's asset limit (one slot kept for the stablecoin) the lowest scores are dropped.
  held.sort(byScoreThenAddress((h) => h.score));
  const slots = bounds.maxAssets - (stable > 0n || held.length === 0 ? 1 : 0);
  for (const h of held.splice(Math.max(slots, 0))) excluded.push({ id: h.id, reason: "beyond the asset limit" });
  // What the tokens cannot hold under their caps goes to the stablecoin too.
  const room = held.reduce((sum, h) => sum + capOf(bounds, h.asset), 0n);
  if (WAD - stable > room) stable = WAD - room;
  let weights: Weight[] = [];
  if (stable < WAD) {
    weights = boundedWeights(held, WAD - stable, bounds);
    for (const h of held) {
      if (!weights.some((w) => w.asset === h.asset)) excluded.push({ id: h.id, reason: "under the minimum weight" });
    }
  }
  const keptIds = new Set(weights.map((w) => w.asset));
  const result: SignalSectorResult = {
    weights,
    bullish: held.filter((h) => h.bullish && keptIds.has(h.asset)).map((h) => h.id),
    neutralHeld: held.filter((h) => !h.bullish && keptIds.has(h.asset)).map((h) => h.id),
    excluded,
    stableShareWad: stable,
  };
  if (stable > 0n) {
    const candidates = params.stablecoins.map((id) => byId.get(id)).filter((t) => t !== undefined);
    const coin = candidates.find((t) => isPegged(t, params.depegToleranceBps));
    if (coin === undefined) {
      const seen = candidates.map((t) => `${t.id} at ${t.priceUsd} USD`).join(", ");
      throw new MethodologyError(
        `a stable share of ${formatPct(stable)} needs a pegged stablecoin, and none of ` +
          `${params.stablecoins.join(", ") || "(no stablecoin set)"} is within ${params.depegToleranceBps} bps of 1 USD` +
          (seen ? ` (${seen})` : " (none is in the market data)"),
      );
    }
    if (stable > capOf(bounds, coin.asset)) {
      throw new MethodologyError(
        `the stable share of ${formatPct(stable)} is above the cap of ${coin.id} (${formatPct(capOf(bounds, coin.asset))}): ` +
          "raise the stablecoin's cap (Rebalancer.setAssetLimits) or lower minBullish",
      );
    }
    if (stable < bounds.minWeightWad) {
      throw new MethodologyError(`the stable share of ${stable} wei is under the minimum weight`);
    }
    result.stablecoin = coin.id;
    result.weights = [...weights, { asset: coin.asset, weightWad: stable }];
  }
  assertWithinBounds(result.weights, bounds);
  return result;
}
