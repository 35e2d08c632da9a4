/**
 * The veTMAI lock math, exactly as the contracts compute it (contracts/libraries/LockMath.sol, VeTMAI.sol,
 * RevenueDistributor.sol): integers throughout, seconds for time, 18-decimal TMAI for amounts.
 *
 * - Lock ends are whole weeks: `floorWeek(unlockTime)`, multiples of 7 days since the Unix epoch (Thursday 00:00 UTC).
 * - A lock must end after now and at most 52 weeks (MAXTIME) from now (`_checkEnd`).
 * - Score = amount x (end - t) / MAXTIME, rounded down; zero once expired (`scaledPower`, `toScore`).
 * - Tier: the highest of Bronze..Platinum whose threshold the score reaches (`tierOf`).
 */

/** One week in seconds (LockMath.WEEK). */
export const WEEK = 604_800n;
/** Longest lock: 52 weeks (LockMath.MAXTIME). */
export const MAXTIME = 52n * WEEK;
/** Fixed-point precision of the distributor's weekly rates. */
export const RATE_PRECISION = 10n ** 36n;

export const TIERS = ["None", "Bronze", "Silver", "Gold", "Platinum"] as const;
export type Tier = (typeof TIERS)[number];

/** `t` rounded down to a whole week (LockMath.floorWeek). */
export function floorWeek(t: bigint): bigint {
  return (t / WEEK) * WEEK;
}

/** Scaled power amount x (end - t), 0 once expired (LockMath.scaledPower). */
export function scaledPower(amount: bigint, end: bigint, t: bigint): bigint {
  return end > t ? amount * (end - t) : 0n;
}

/** The score of a lock of `amount` ending at `end`, at time `t` (VeTMAI.balanceOf / balanceOfAt). */
export function scoreAt(amount: bigint, end: bigint, t: bigint): bigint {
  return scaledPower(amount, end, t) / MAXTIME;
}

/** The tier of `score` given the four thresholds (Bronze, Silver, Gold, Platinum), as VeTMAI.tierOf. */
export function tierOf(score: bigint, thresholds: readonly bigint[]): Tier {
  for (let i = 4; i !== 0; --i) {
    if (score >= thresholds[i - 1]!) return TIERS[i]!;
  }
  return "None";
}

/** The latest end a lock made at `now` may have: the last week boundary within 52 weeks. */
export function maxEnd(now: bigint): bigint {
  return floorWeek(now + MAXTIME);
}

/** The earliest end a lock made at `now` may have: the first week boundary after now. */
export function minEnd(now: bigint): bigint {
  return floorWeek(now) + WEEK;
}

/**
 * The end the contract records for `unlockTime` asked at `now`: rounded down to a week, clamped into
 * [minEnd, maxEnd] (what the form sends is always valid; the contract itself reverts outside that range).
 */
export function snapEnd(unlockTime: bigint, now: bigint): bigint {
  const end = floorWeek(unlockTime);
  const lo = minEnd(now);
  const hi = maxEnd(now);
  return end < lo ? lo : end > hi ? hi : end;
}

/** The duration shortcuts of the lock form. */
export const SHORTCUTS = [
  { key: "1w", label: "1 w", title: "1 week" },
  { key: "1m", label: "1 m", title: "1 month" },
  { key: "3m", label: "3 m", title: "3 months" },
  { key: "6m", label: "6 m", title: "6 months" },
  { key: "12m", label: "12 m", title: "12 months" },
  { key: "max", label: "max", title: "52 weeks, the longest lock" },
] as const;
export type Shortcut = (typeof SHORTCUTS)[number]["key"];

/**
 * The unlock time a shortcut asks for at `now`: weeks are 7 days, months are calendar months (UTC, the day clamped
 * to the month's last day), max is now + 52 weeks. The contract then rounds it down to a week (`snapEnd`); 12 months
 * (365 or 366 days) is longer than 52 weeks, so it lands on the max end.
 */
export function shortcutUnlockTime(shortcut: Shortcut, now: bigint): bigint {
  if (shortcut === "1w") return now + WEEK;
  if (shortcut === "max") return now + MAXTIME;
  const months = { "1m": 1, "3m": 3, "6m": 6, "12m": 12 }[shortcut];
  return addMonthsUtc(now, months);
}

/** `t` plus `months` calendar months in UTC, the day of month clamped to the target month's length. */
export function addMonthsUtc(t: bigint, months: number): bigint {
  const d = new Date(Number(t) * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const ms = Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  return BigInt(ms / 1000);
}

/** A date picker's value (`YYYY-MM-DD`, read as 00:00 UTC) as an unlock time; undefined when not a date. */
export function dateInputToTime(value: string): bigint | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) ? BigInt(ms / 1000) : undefined;
}

/** A time as a date picker's value (`YYYY-MM-DD`, UTC). */
export function timeToDateInput(t: bigint): string {
  return new Date(Number(t) * 1000).toISOString().slice(0, 10);
}

/** A week-boundary time as `Thu 2027-01-28 00:00 UTC`. */
export function formatUnlock(t: bigint): string {
  const d = new Date(Number(t) * 1000);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  return `${day} ${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export interface LockState {
  amount: bigint;
  end: bigint;
}

/** A lock after a change, and its score and tier at `now` (what the contract would record in that block). */
export interface LockPreview extends LockState {
  score: bigint;
  tier: Tier;
}

export function preview(lock: LockState, now: bigint, thresholds: readonly bigint[]): LockPreview {
  const score = scoreAt(lock.amount, lock.end, now);
  return { ...lock, score, tier: tierOf(score, thresholds) };
}

/** createLock(amount, unlockTime) at `now`. */
export function previewCreate(amount: bigint, unlockTime: bigint, now: bigint, thresholds: readonly bigint[]) {
  return preview({ amount, end: snapEnd(unlockTime, now) }, now, thresholds);
}

/** increaseAmount(added): same end, more TMAI. */
export function previewIncrease(lock: LockState, added: bigint, now: bigint, thresholds: readonly bigint[]) {
  return preview({ amount: lock.amount + added, end: lock.end }, now, thresholds);
}

/** increaseUnlockTime(unlockTime): same amount, a later end. */
export function previewExtend(lock: LockState, unlockTime: bigint, now: bigint, thresholds: readonly bigint[]) {
  return preview({ amount: lock.amount, end: snapEnd(unlockTime, now) }, now, thresholds);
}

/**
 * claimAndLock(): the claimable TMAI goes into the existing (unexpired) lock through depositFor, keeping its end:
 * the new amount, the same unlock, the new score. Undefined when there is no unexpired lock or nothing to lock
 * (the contract reverts with NoLock / LockExpired / NothingToLock).
 */
export function previewClaimAndLock(
  lock: LockState,
  claimableTmai: bigint,
  now: bigint,
  thresholds: readonly bigint[],
): LockPreview | undefined {
  if (lock.amount === 0n || lock.end <= now || claimableTmai === 0n) return undefined;
  return previewIncrease(lock, claimableTmai, now, thresholds);
}

/** The score from `now` to the lock's end, one point per week boundary (and now and the end): for the chart. */
export function decaySeries(lock: LockState, now: bigint): { t: number; score: bigint }[] {
  if (lock.end <= now) return [];
  const points = [{ t: Number(now), score: scoreAt(lock.amount, lock.end, now) }];
  for (let w = floorWeek(now) + WEEK; w < lock.end; w += WEEK) {
    points.push({ t: Number(w), score: scoreAt(lock.amount, lock.end, w) });
  }
  points.push({ t: Number(lock.end), score: 0n });
  return points;
}

/** An account's share of a closed week's revenue: scaled balance x rate / 1e36 (rounded down per week). */
export function weekShare(scaledBalance: bigint, rate: bigint): bigint {
  return (scaledBalance * rate) / RATE_PRECISION;
}

/**
 * An account's share of revenue not split yet (an open week): revenue x its scaled power / the total scaled power
 * at the week's opening, rounded down. The week's rate, once closed, gives the same up to rounding.
 */
export function projectedShare(revenue: bigint, scaledBalance: bigint, scaledTotal: bigint): bigint {
  return scaledTotal === 0n ? 0n : (revenue * scaledBalance) / scaledTotal;
}
