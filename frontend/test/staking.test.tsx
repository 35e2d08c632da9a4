/**
 * The staking math against the contracts' formulas (LockMath, VeTMAI._checkEnd, tierOf, RevenueDistributor), with
 * concrete dates and amounts: week snapping and unlock dates across a year end, clamping to the 52-week maximum,
 * score and tier previews, the claim-and-lock preview, the cost basis of a position; and the delegation warning on
 * screen.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import type { ReactNode } from "react";
import { createConfig, http, WagmiProvider } from "wagmi";
import { mock } from "wagmi/connectors";
import { chain } from "../src/config/chain.js";
import { Delegate } from "../src/components/Delegate.js";
import {
  addMonthsUtc,
  dateInputToTime,
  decaySeries,
  floorWeek,
  formatUnlock,
  MAXTIME,
  maxEnd,
  minEnd,
  previewClaimAndLock,
  previewCreate,
  previewExtend,
  previewIncrease,
  projectedShare,
  scoreAt,
  shortcutUnlockTime,
  snapEnd,
  tierOf,
  timeToDateInput,
  WEEK,
  weekShare,
} from "../src/lib/staking.js";
import { costBasis, decimalToWad, profitAndLoss } from "../src/lib/portfolio.js";

afterEach(cleanup);

const E18 = 10n ** 18n;
const utc = (iso: string) => BigInt(Date.parse(iso) / 1000);
/** The local stack's thresholds (deploy/config/localhost.ts STAKING): 100, 1,000, 10,000, 100,000 veTMAI. */
const THRESHOLDS = [100n * E18, 1_000n * E18, 10_000n * E18, 100_000n * E18];
/** Monday 2026-12-28 12:00 UTC: the week started on Thursday 2026-12-24, the next boundary is 2026-12-31. */
const NOW = utc("2026-12-28T12:00:00Z");

describe("week snapping", () => {
  it("uses the contract's constants: a week of 604,800 s, 52 weeks at most", () => {
    expect(WEEK).toBe(604_800n);
    expect(MAXTIME).toBe(31_449_600n);
    expect(NOW).toBe(1_798_459_200n);
  });

  it("rounds down to Thursday 00:00 UTC, as LockMath.floorWeek: (t / WEEK) * WEEK", () => {
    expect(floorWeek(NOW)).toBe(utc("2026-12-24T00:00:00Z"));
    expect(floorWeek(utc("2026-12-31T00:00:00Z"))).toBe(utc("2026-12-31T00:00:00Z"));
    expect(floorWeek(utc("2026-12-30T23:59:59Z"))).toBe(utc("2026-12-24T00:00:00Z"));
    expect(new Date(Number(floorWeek(NOW)) * 1000).getUTCDay()).toBe(4); // Thursday
  });

  it("a lock made on 2026-12-28 for 1 week unlocks on Thursday 2026-12-31, across the year end", () => {
    const end = snapEnd(shortcutUnlockTime("1w", NOW), NOW);
    expect(end).toBe(utc("2026-12-31T00:00:00Z"));
    expect(formatUnlock(end)).toBe("Thu 2026-12-31 00:00 UTC");
  });

  it("a lock made on 2026-12-28 for 1 month unlocks on Thursday 2027-01-28", () => {
    expect(shortcutUnlockTime("1m", NOW)).toBe(utc("2027-01-28T12:00:00Z"));
    const end = snapEnd(shortcutUnlockTime("1m", NOW), NOW);
    expect(formatUnlock(end)).toBe("Thu 2027-01-28 00:00 UTC");
  });

  it("3 and 6 months from 2026-12-28 end on the Thursday on or before the same day", () => {
    expect(formatUnlock(snapEnd(shortcutUnlockTime("3m", NOW), NOW))).toBe("Thu 2027-03-25 00:00 UTC");
    expect(formatUnlock(snapEnd(shortcutUnlockTime("6m", NOW), NOW))).toBe("Thu 2027-06-24 00:00 UTC");
  });

  it("months are calendar months, the day clamped to the month's length", () => {
    expect(addMonthsUtc(utc("2027-01-31T10:00:00Z"), 1)).toBe(utc("2027-02-28T10:00:00Z"));
    expect(addMonthsUtc(utc("2027-12-15T00:00:00Z"), 3)).toBe(utc("2028-03-15T00:00:00Z"));
  });

  it("a lock made late on a Wednesday for 1 week ends an hour later: the contract rounds the unlock down", () => {
    const late = utc("2026-12-30T23:00:00Z");
    // now + 1 week = Wednesday 2027-01-06 23:00, rounded down to Thursday 2026-12-31 00:00 (end > now holds)
    expect(snapEnd(shortcutUnlockTime("1w", late), late)).toBe(utc("2026-12-31T00:00:00Z"));
    expect(minEnd(late)).toBe(utc("2026-12-31T00:00:00Z"));
  });

  it("the date picker's day is read as 00:00 UTC and snapped down to its Thursday", () => {
    const asked = dateInputToTime("2027-02-02")!; // a Tuesday
    expect(formatUnlock(snapEnd(asked, NOW))).toBe("Thu 2027-01-28 00:00 UTC");
    expect(timeToDateInput(utc("2027-01-28T00:00:00Z"))).toBe("2027-01-28");
    expect(dateInputToTime("not a date")).toBeUndefined();
  });
});

describe("max lock clamping", () => {
  it("max is the last week boundary within 52 weeks: floorWeek(now + MAXTIME), as _checkEnd allows", () => {
    const hi = maxEnd(NOW);
    expect(hi).toBe(utc("2027-12-23T00:00:00Z"));
    expect(hi).toBeLessThanOrEqual(NOW + MAXTIME);
    expect(hi + WEEK).toBeGreaterThan(NOW + MAXTIME); // the next boundary would revert with LockTooLong
    expect(snapEnd(shortcutUnlockTime("max", NOW), NOW)).toBe(hi);
  });

  it("12 months (365 days) is longer than 52 weeks: clamped to the max", () => {
    expect(shortcutUnlockTime("12m", NOW)).toBe(utc("2027-12-28T12:00:00Z"));
    expect(snapEnd(shortcutUnlockTime("12m", NOW), NOW)).toBe(maxEnd(NOW));
  });

  it("a picked date beyond the max or before the first boundary is clamped", () => {
    expect(snapEnd(dateInputToTime("2029-01-01")!, NOW)).toBe(maxEnd(NOW));
    expect(snapEnd(dateInputToTime("2026-12-01")!, NOW)).toBe(minEnd(NOW));
  });
});

describe("score and tier previews, as VeTMAI computes them", () => {
  it("score = amount × (end − now) / MAXTIME, rounded down: 1,000 TMAI until 2027-03-25 from 2026-12-28 12:00", () => {
    const p = previewCreate(1_000n * E18, shortcutUnlockTime("3m", NOW), NOW, THRESHOLDS);
    // end − now = 86.5 days = 7,473,600 s; 1,000e18 × 7,473,600 / 31,449,600 = 237.637362637362637362…e18
    expect(p.end).toBe(1_805_932_800n);
    expect(p.end - NOW).toBe(7_473_600n);
    expect(p.score).toBe(237_637_362_637_362_637_362n);
    expect(p.tier).toBe("Bronze");
  });

  it("a 52-week lock scores at most its amount; the score is zero once expired", () => {
    expect(scoreAt(1_000n * E18, NOW + MAXTIME, NOW)).toBe(1_000n * E18);
    expect(scoreAt(1_000n * E18, NOW, NOW)).toBe(0n);
    expect(scoreAt(1_000n * E18, NOW - 1n, NOW)).toBe(0n);
  });

  it("tiers start exactly at their thresholds (tierOf: score >= threshold)", () => {
    // 5,200 TMAI with exactly one week left: 5,200e18 × 604,800 / 31,449,600 = 100e18, Bronze's threshold.
    expect(scoreAt(5_200n * E18, NOW + WEEK, NOW)).toBe(100n * E18);
    expect(tierOf(100n * E18, THRESHOLDS)).toBe("Bronze");
    expect(tierOf(100n * E18 - 1n, THRESHOLDS)).toBe("None");
    expect(tierOf(1_000n * E18, THRESHOLDS)).toBe("Silver");
    expect(tierOf(10_000n * E18, THRESHOLDS)).toBe("Gold");
    expect(tierOf(100_000n * E18, THRESHOLDS)).toBe("Platinum");
  });

  it("increase keeps the end; extend keeps the amount", () => {
    const lock = { amount: 1_000n * E18, end: utc("2027-03-25T00:00:00Z") };
    const inc = previewIncrease(lock, 500n * E18, NOW, THRESHOLDS);
    expect(inc.end).toBe(lock.end);
    expect(inc.amount).toBe(1_500n * E18);
    expect(inc.score).toBe((1_500n * E18 * 7_473_600n) / 31_449_600n);
    const ext = previewExtend(lock, shortcutUnlockTime("6m", NOW), NOW, THRESHOLDS);
    expect(ext.amount).toBe(lock.amount);
    expect(formatUnlock(ext.end)).toBe("Thu 2027-06-24 00:00 UTC");
    expect(ext.score).toBe(487_637_362_637_362_637_362n); // 1,000e18 × 15,336,000 / 31,449,600
  });

  it("the decay series falls linearly, week by week, to zero at the end", () => {
    const lock = { amount: 520n * E18, end: utc("2027-01-14T00:00:00Z") };
    const s = decaySeries(lock, NOW);
    expect(s.map((p) => p.t)).toEqual([
      Number(NOW),
      Number(utc("2026-12-31T00:00:00Z")),
      Number(utc("2027-01-07T00:00:00Z")),
      Number(utc("2027-01-14T00:00:00Z")),
    ]);
    expect(s[2]!.score).toBe(10n * E18); // 520 TMAI with one week left: 10 veTMAI
    expect(s[3]!.score).toBe(0n);
    expect(decaySeries(lock, lock.end)).toEqual([]);
  });
});

describe("claim and lock preview", () => {
  const lock = { amount: 1_500n * E18, end: utc("2027-06-24T00:00:00Z") };

  it("adds the claimable TMAI to the lock: new amount, same unlock, new score", () => {
    const p = previewClaimAndLock(lock, 12_500_000_000_000_000_000n, NOW, THRESHOLDS)!;
    expect(p.amount).toBe(1_512_500_000_000_000_000_000n);
    expect(p.end).toBe(lock.end);
    // (1,500 + 12.5)e18 × (2027-06-24 − 2026-12-28 12:00 = 15,336,000 s) / 31,449,600
    expect(p.score).toBe(737_551_510_989_010_989_010n);
    expect(p.tier).toBe("Bronze");
  });

  it("is unavailable without an unexpired lock or with nothing claimable (NoLock, LockExpired, NothingToLock)", () => {
    expect(previewClaimAndLock({ amount: 0n, end: 0n }, E18, NOW, THRESHOLDS)).toBeUndefined();
    expect(previewClaimAndLock({ ...lock, end: NOW }, E18, NOW, THRESHOLDS)).toBeUndefined();
    expect(previewClaimAndLock(lock, 0n, NOW, THRESHOLDS)).toBeUndefined();
  });

  it("a week's share is scaled balance × rate / 1e36; an open week's is revenue × balance / total", () => {
    const rate = (700n * E18 * 10n ** 36n) / (10_000n * E18 * MAXTIME);
    expect(weekShare(1_000n * E18 * MAXTIME, rate)).toBe(70n * E18 - 1n); // rate rounded down, then the share
    expect(projectedShare(700n * E18, 1_000n * E18, 10_000n * E18)).toBe(70n * E18);
    expect(projectedShare(700n * E18, 1n, 0n)).toBe(0n);
  });
});

describe("cost basis of a position (average cost of the account's mints and redeems)", () => {
  it("counts a mint's fee shares as cost and removes the average cost of redeemed shares", () => {
    const basis = costBasis([
      { kind: "Mint", shares: 2n * E18, feeShares: E18 / 500n, navPerShare: 100n * E18 },
      { kind: "Mint", shares: 2n * E18, feeShares: 0n, navPerShare: 110n * E18 },
      { kind: "Redeem", shares: E18, feeShares: 0n, navPerShare: 120n * E18 },
    ]);
    // cost 200.2 + 220 = 420.2 for 4 shares; redeem 1: 420.2 − 105.05 = 315.15 for 3 shares
    expect(basis.trackedShares).toBe(3n * E18);
    expect(basis.cost).toBe(31_515n * 10n ** 16n);
    const pl = profitAndLoss(basis, 120n * E18);
    expect(pl.value).toBe(360n * E18);
    expect(pl.pnl).toBe(4_485n * 10n ** 16n);
  });

  it("reads the subgraph's BigDecimal NAV", () => {
    expect(decimalToWad("100.5")).toBe(1005n * 10n ** 17n);
    expect(decimalToWad("1.1234567890123456789")).toBe(1_123_456_789_012_345_678n);
    expect(decimalToWad(null)).toBeUndefined();
  });
});

function withProviders(children: ReactNode) {
  const config = createConfig({
    chains: [chain],
    connectors: [mock({ accounts: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] })],
    transports: { [chain.id]: http() },
  });
  return (
    <WagmiProvider config={config as never}>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter initialEntries={["/stake#delegate"]}>{children}</MemoryRouter>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

describe("Delegate", () => {
  const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;

  it("warns that votes count from a proposal's snapshot, anchored at #delegate", () => {
    const { container } = render(
      withProviders(
        <Delegate account={account} delegatee={account} votes={5n * E18} score={5n * E18} onDone={() => {}} />,
      ),
    );
    expect(screen.getByTestId("delegation-warning").textContent).toMatch(
      /Votes count from each proposal's snapshot: delegating now .* not on those whose snapshot has passed/,
    );
    expect(container.querySelector("#delegate")).not.toBeNull();
    expect(screen.getByTestId("delegatee").textContent).toContain("yourself");
    expect(screen.getByTestId("votes").textContent).toContain("5 veTMAI");
  });

  it("shows the warning without a wallet too, and another delegatee shortened", () => {
    render(
      withProviders(
        <Delegate account={undefined} delegatee={undefined} votes={undefined} score={undefined} onDone={() => {}} />,
      ),
    );
    expect(screen.getByTestId("delegation-warning")).toBeTruthy();
    expect(screen.getByText("Connect a wallet to delegate.")).toBeTruthy();
    cleanup();
    render(
      withProviders(
        <Delegate
          account={account}
          delegatee="0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
          votes={0n}
          score={E18}
          onDone={() => {}}
        />,
      ),
    );
    expect(screen.getByTestId("delegatee").textContent).toContain("0x3C44…93BC");
    expect(screen.getByTestId("votes").textContent).toContain("0 veTMAI");
  });
});
