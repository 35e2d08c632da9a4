/**
 * The live auction tracker of the index detail screen: where the price is inside its oracle band and how far the
 * auction has run, what it still trades (the lens's lots), and its fills as they happen (the Rebalancer's BidFilled
 * events read from the chain every few seconds), newest first, each new one marked and announced to screen readers.
 */
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { useAuctionFills } from "../hooks/auctionFills.js";
import {
  bandEnds,
  bandPosition,
  fillUsd,
  newFills,
  timeProgress,
  tradedUsd,
  type Fill,
  type PricedAsset,
} from "../lib/auction.js";
import {
  formatDuration,
  formatPercent,
  formatTime,
  formatTimeSeconds,
  formatUsd,
  shortAddress,
} from "../lib/format.js";
import { sentenceContext, symbolOf } from "../lib/tokens.js";
import { Explain } from "./Explain.js";
import { Empty, ErrorState, Loading } from "./States.js";

export interface TrackedAuction {
  id: bigint;
  start: bigint;
  end: bigint;
  active: boolean;
  bidsOpen: boolean;
  priceFactor: bigint;
  lots: readonly {
    asset: string;
    surplus: bigint;
    deficit: bigint;
    surplusUsd: bigint;
    deficitUsd: bigint;
    maxLotUsd: bigint;
  }[];
}

/** How long a fill stays marked "new" on screen (ms). */
const NEW_FOR_MS = 30_000;

function describeFill(f: Fill): string {
  return (
    `the index sold ${sentenceContext.amountOf(f.sell, f.sellAmount)} for ` +
    `${sentenceContext.amountOf(f.buy, f.buyAmount)} at ${formatPercent(f.priceFactor)} of the oracle price`
  );
}

export function AuctionTracker({
  vault,
  auction,
  bandHigh,
  bandLow,
  prices,
  onFill,
}: {
  vault: Address;
  auction: TrackedAuction;
  bandHigh: bigint;
  bandLow: bigint;
  /** Today's oracle prices of the basket, by lower-case address. */
  prices: ReadonlyMap<string, PricedAsset>;
  /** Called when new fills arrive (the screen reads the lens again, so the lots shrink at once). */
  onFill: () => void;
}) {
  const fills = useAuctionFills(vault, auction);
  const seen = useRef<Set<string> | undefined>(undefined);
  const [fresh, setFresh] = useState<Map<string, number>>(new Map());
  const [announcement, setAnnouncement] = useState("");
  // Chain time (the auction's clock), this computer's clock until the first read.
  const now = fills.chainTime ?? Date.now() / 1000;

  useEffect(() => {
    if (fills.fills === undefined) return;
    if (seen.current === undefined) {
      // The first read: what was filled before the page opened is not "new".
      seen.current = new Set(fills.fills.map((f) => f.id));
      return;
    }
    const arrived = newFills(seen.current, fills.fills);
    if (arrived.length === 0) return;
    for (const f of arrived) seen.current.add(f.id);
    const at = Date.now();
    setFresh((old) => new Map([...old, ...arrived.map((f) => [f.id, at] as const)]));
    setAnnouncement(arrived.length === 1 ? `New fill: ${describeFill(arrived[0]!)}.` : `${arrived.length} new fills.`);
    onFill();
  }, [fills.fills, onFill]);

  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setTimeout(() => {
      const cutoff = Date.now() - NEW_FOR_MS;
      setFresh((old) => new Map([...old].filter(([, at]) => at > cutoff)));
    }, NEW_FOR_MS);
    return () => clearTimeout(timer);
  }, [fresh]);

  const { high, low } = bandEnds(bandHigh, bandLow);
  const position = bandPosition(auction.priceFactor, bandHigh, bandLow);
  const elapsed = timeProgress(auction.start, auction.end, now);
  const lots = auction.lots.filter((l) => l.surplus > 0n || l.deficit > 0n);
  const leftUsd = lots.reduce((sum, l) => sum + l.surplusUsd, 0n);
  const traded = fills.fills === undefined ? undefined : tradedUsd(fills.fills, prices);

  return (
    <div className="tracker" data-testid="auction-tracker">
      <h3>
        Auction #{auction.id.toString()} {auction.active ? "running" : "ended"}
      </h3>
      {auction.active && (
        <div className="tracker-gauges">
          <div>
            <p>
              <Explain
                tip={`The price a bidder pays, as a share of the oracle price: it falls in a straight line from ${formatPercent(high)} at the start to ${formatPercent(low)} at the end, and never leaves that band. At ${formatPercent(auction.priceFactor)}, a bidder pays ${formatPercent(auction.priceFactor)} of the oracle value of what it takes from the index, in the asset the index buys.`}
              >
                Price now <strong data-testid="auction-price">{formatPercent(auction.priceFactor)}</strong> of the
                oracle price
              </Explain>
              {auction.bidsOpen ? "" : " (bids wait for a regime switch)"}
            </p>
            <div
              className="band"
              role="meter"
              aria-label="Auction price inside its oracle band"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(position * 100)}
              aria-valuetext={`${formatPercent(auction.priceFactor)} of the oracle price, between ${formatPercent(high)} and ${formatPercent(low)}`}
            >
              <span className="band-marker" style={{ left: `${(position * 100).toFixed(1)}%` }} />
            </div>
            <p className="band-ends muted">
              <span>start {formatPercent(high)}</span>
              <span>end {formatPercent(low)}</span>
            </p>
          </div>
          <div>
            <p>
              <Explain tip="The auction takes bids until its end; what is not traded by then waits for the next one.">
                {formatDuration(Math.max(0, now - Number(auction.start)))} of{" "}
                {formatDuration(Number(auction.end - auction.start))} gone, ends {formatTime(auction.end)}
                {Number(auction.end) > now ? ` (in ${formatDuration(Number(auction.end) - now)})` : ""}
              </Explain>
            </p>
            <span
              className="bar"
              role="progressbar"
              aria-label="Auction time gone"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(elapsed * 100)}
            >
              <span className="fill pending" style={{ width: `${(elapsed * 100).toFixed(1)}%` }} />
            </span>
          </div>
        </div>
      )}

      {auction.active && lots.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              What the auction still trades:{" "}
              <Explain tip="Oracle value of everything the index still sells to reach its target.">
                {formatUsd(leftUsd)} to sell
              </Explain>
            </caption>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">To sell (USD)</th>
                <th scope="col">To buy (USD)</th>
                <th scope="col">Largest lot (USD)</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={l.asset}>
                  <th scope="row">{symbolOf(l.asset)}</th>
                  <td>{formatUsd(l.surplusUsd)}</td>
                  <td>{formatUsd(l.deficitUsd)}</td>
                  <td>
                    <Explain tip="The most one bid may trade of this asset, in oracle USD (limits what one bidder can take at a stale price).">
                      {formatUsd(l.maxLotUsd, 0)}
                    </Explain>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <p className="sr-only" aria-live="polite" data-testid="fill-announcement">
        {announcement}
      </p>
      {fills.isPending ? (
        <Loading what="the auction's fills" />
      ) : fills.error !== null ? (
        <ErrorState what="the auction's fills from the chain" error={fills.error} retry={fills.refetch} />
      ) : fills.fills === undefined || fills.fills.length === 0 ? (
        <Empty>
          {auction.active
            ? `No fill yet. A bidder fills when the price suits it; the price keeps falling until ${formatTime(auction.end)}.`
            : "This auction had no fill."}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="auction-fills">
            <caption>
              {fills.fills.length} {fills.fills.length === 1 ? "fill" : "fills"}
              {traded !== undefined && (
                <>
                  ,{" "}
                  <Explain
                    tip={`What the index sold in these fills, at today's oracle prices.${traded.unpriced > 0 ? ` ${traded.unpriced} fill(s) of an asset without a sound price now are left out.` : ""}`}
                  >
                    {formatUsd(traded.usd)} traded
                  </Explain>
                </>
              )}
              {auction.active ? " (read from the chain every few seconds)" : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Index sold</th>
                <th scope="col">Index bought</th>
                <th scope="col">Value (USD)</th>
                <th scope="col">Price (of oracle)</th>
                <th scope="col">Bidder</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {[...fills.fills].reverse().map((f) => {
                const value = fillUsd(f, prices);
                const isNew = fresh.has(f.id);
                return (
                  <tr key={f.id} className={isNew ? "new" : undefined} data-testid="fill">
                    <td>
                      {formatTimeSeconds(f.timestamp)}
                      {isNew && <span className="tag">new</span>}
                    </td>
                    <td>{sentenceContext.amountOf(f.sell, f.sellAmount)}</td>
                    <td>{sentenceContext.amountOf(f.buy, f.buyAmount)}</td>
                    <td>
                      <Explain tip="Oracle value of what the index sold, at today's price.">
                        {value === undefined ? "—" : formatUsd(value)}
                      </Explain>
                    </td>
                    <td>
                      <Explain tip="The bidder paid this share of the oracle value of what it took, in the bought asset.">
                        {formatPercent(f.priceFactor)}
                      </Explain>
                    </td>
                    <td>
                      <code title={f.bidder}>{shortAddress(f.bidder)}</code>
                    </td>
                    <td>
                      <code title={f.transaction}>{f.transaction.slice(0, 10)}…</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
